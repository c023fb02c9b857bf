"""What CPython's test_pwd, test_grp, test_resource and the differential
test cannot check of pwd, grp and resource: names too big for memory and
huge limits sequences raise MemoryError (never an abort); entries and
struct_rusage pickle as stock CPython pickles them and round-trip;
enumerations from several threads at once each see the whole database
(the C library's one cursor is taken in turn); a subinterpreter has types
of its own; limits set in a child process take effect there (open files,
file size, address space).  Every test holds for the C modules as well as
for the Rust ones."""

import pickle
import threading
import unittest

from test.rust_hostile import HostileTestCase, run_child
from test.support import import_helper

pwd = import_helper.import_module("pwd")
grp = import_helper.import_module("grp")
resource = import_helper.import_module("resource")


def struct_seq_pickle_checks(test, entry, module_name, type_name):
    """`entry` pickles by its type and a tuple of its fields, with every
    protocol, and loads back equal, of the same type."""
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        with test.subTest(protocol=protocol):
            data = pickle.dumps(entry, protocol)
            copy = pickle.loads(data)
            test.assertEqual(copy, entry)
            test.assertIs(type(copy), type(entry))
            test.assertEqual(repr(copy), repr(entry))
            # The reduction a C struct sequence gives: (type, (tuple, {})).
            test.assertEqual(entry.__reduce__(), (type(entry), (tuple(entry), {})))
            test.assertEqual(data, pickle.dumps(type(entry)(tuple(entry)), protocol))
            if protocol == 0:
                test.assertIn(f"c{module_name}\n{type_name}\n".encode(), data)


def enumerate_from_threads(test, enumerate_all):
    """4 threads each enumerate the database 50 times (C's lock around the
    enumeration): every result is the whole database."""
    expected = sorted(enumerate_all())
    results = []

    def enumerate_many():
        for _ in range(50):
            results.append(sorted(enumerate_all()))

    threads = [threading.Thread(target=enumerate_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    test.assertEqual(len(results), 200)
    test.assertTrue(all(result == expected for result in results))


class PwdTests(HostileTestCase):
    def test_pickle_round_trip(self):
        for entry in pwd.getpwall():
            struct_seq_pickle_checks(self, entry, "pwd", "struct_passwd")

    def test_pickle_of_a_made_entry(self):
        entry = pwd.struct_passwd(("n", "p", 1, 2, "g", "d", "s"))
        struct_seq_pickle_checks(self, entry, "pwd", "struct_passwd")

    def test_name_too_big_for_memory(self):
        self.assertRaisesMemoryError("import pwd; name = 'x' * (700 * 1024 * 1024)", "pwd.getpwnam(name)")

    def test_threads_enumerate_together(self):
        enumerate_from_threads(self, pwd.getpwall)

    def test_subinterpreter_has_its_own_type(self):
        code = """
            import _interpreters, pwd
            interp = _interpreters.create()
            _interpreters.run_string(interp, "import pwd; assert pwd.getpwuid(0).pw_uid == 0; "
                                     "assert type(pwd.getpwuid(0)) is pwd.struct_passwd")
            _interpreters.destroy(interp)
            print(pwd.getpwuid(0).pw_name)
        """
        returncode, output = run_child(code)
        self.assertEqual((returncode, output.splitlines()[-1:]), (0, [pwd.getpwuid(0).pw_name]), output)



class GrpTests(HostileTestCase):
    def test_pickle_round_trip(self):
        for entry in grp.getgrall():
            struct_seq_pickle_checks(self, entry, "grp", "struct_group")

    def test_name_too_big_for_memory(self):
        self.assertRaisesMemoryError("import grp; name = 'x' * (700 * 1024 * 1024)", "grp.getgrnam(name)")

    def test_threads_enumerate_together(self):
        enumerate_from_threads(self, grp.getgrall)

    def test_lookups_agree_with_enumeration(self):
        for entry in grp.getgrall():
            self.assertEqual(grp.getgrgid(entry.gr_gid).gr_gid, entry.gr_gid)
            self.assertEqual(grp.getgrnam(entry.gr_name), entry)



class ResourceTests(HostileTestCase):
    def test_pickle_round_trip(self):
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
            struct_seq_pickle_checks(self, resource.getrusage(who), "resource", "struct_rusage")

    def test_open_files_limit_in_a_child(self):
        code = """
            import os, resource
            resource.setrlimit(resource.RLIMIT_NOFILE, (10, 10))
            print(resource.getrlimit(resource.RLIMIT_NOFILE))
            fds = []
            try:
                for _ in range(20):
                    fds.append(os.open(os.devnull, os.O_RDONLY))
            except OSError as e:
                print(type(e).__name__, e.errno, len(fds) < 10)
        """
        returncode, output = run_child(code)
        self.assertEqual((returncode, output.splitlines()), (0, ["(10, 10)", "OSError 24 True"]), output)

    def test_file_size_limit_in_a_child(self):
        code = """
            import os, resource, signal, tempfile
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1024, resource.RLIM_INFINITY))
            with tempfile.TemporaryFile(buffering=0) as f:
                print(f.write(b"x" * 1024))
                try:
                    f.write(b"x")
                except OSError as e:
                    print(type(e).__name__, e.errno)
        """
        returncode, output = run_child(code)
        self.assertEqual((returncode, output.splitlines()), (0, ["1024", "OSError 27"]), output)

    def test_address_space_limit_in_a_child(self):
        code = """
            import resource
            limit = 512 * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            print(resource.getrlimit(resource.RLIMIT_AS) == (limit, limit))
            try:
                b"x" * (1024 * 1024 * 1024)
            except MemoryError:
                print("MemoryError")
            print(resource.prlimit(0, resource.RLIMIT_AS, (limit // 2, limit)))
            print(resource.getrlimit(resource.RLIMIT_AS) == (limit // 2, limit))
        """
        returncode, output = run_child(code)
        self.assertEqual((returncode, output.splitlines()),
                         (0, ["True", "MemoryError", "(536870912, 536870912)", "True"]), output)

    def test_limits_sequence_too_big_for_memory(self):
        self.assertRaisesMemoryError("import resource", "resource.setrlimit(resource.RLIMIT_CORE, range(10**9))")



if __name__ == "__main__":
    unittest.main()
