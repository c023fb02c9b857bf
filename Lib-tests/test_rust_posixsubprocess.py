"""Tests of the Rust _posixsubprocess beyond the differential test: many
children with close_fds, pass_fds and failing execs (no fd leaked, no
zombie left), preexec_fn raising, children started under a small
RLIMIT_AS, and fork_exec with other threads running.  Each passes on stock
CPython too."""

import os
import stat
import subprocess
import sys
import tempfile
import threading
import unittest
import unittest.mock

from test.support import import_helper, os_helper
from test.rust_hostile import HostileTestCase, run_child

if not sys.platform.startswith("linux"):
    raise unittest.SkipTest("Linux: reads /proc/self/fd")

TRUE = "/bin/true"


def setUpModule():
    # subprocess uses os.posix_spawn instead of fork_exec when it can
    # (a path with a directory, no pass_fds, no cwd...): not here.
    patcher = unittest.mock.patch.object(subprocess, "_USE_POSIX_SPAWN", False)
    patcher.start()
    unittest.addModuleCleanup(patcher.stop)


def open_fds():
    return set(os.listdir("/proc/self/fd"))


def zombies():
    """Children of this process that exited and were not waited for."""
    me = str(os.getpid())
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as stat_file:
                fields = stat_file.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] == "Z" and fields[1] == me:
            found.append(int(pid))
    return found


class StressTest(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.mkdtemp()
        self.addCleanup(os_helper.rmtree, self.directory)
        self.not_executable = os.path.join(self.directory, "data")
        with open(self.not_executable, "w") as file:
            file.write("#!/bin/sh\nexit 0\n")
        os.chmod(self.not_executable, stat.S_IRUSR | stat.S_IWUSR)

    def check_one(self, round_number, kept_read, kept_write):
        kind = round_number % 5
        if kind == 0:
            # The child sees the passed fd and only that one (beyond 0-2).
            proc = subprocess.run(
                ["/bin/sh", "-c", f"ls /proc/self/fd >/dev/null; test -e /proc/self/fd/{kept_write} && echo ok"],
                close_fds=True, pass_fds=(kept_write,), stdout=subprocess.PIPE)
            self.assertEqual((proc.returncode, proc.stdout), (0, b"ok\n"))
        elif kind == 1:
            with self.assertRaises(FileNotFoundError) as caught:
                subprocess.run(["/nonexistent/program"], close_fds=True)
            self.assertEqual(caught.exception.filename, "/nonexistent/program")
        elif kind == 2:
            with self.assertRaises(PermissionError):
                subprocess.run([self.not_executable], close_fds=True, pass_fds=(kept_read,))
        elif kind == 3:
            with self.assertRaises(FileNotFoundError) as caught:
                subprocess.run([TRUE], cwd=os.path.join(self.directory, "missing"))
            self.assertEqual(caught.exception.filename, os.path.join(self.directory, "missing"))
        else:
            proc = subprocess.run([TRUE], close_fds=True, pass_fds=(kept_read, kept_write))
            self.assertEqual(proc.returncode, 0)

    def test_thousand_children(self):
        kept_read, kept_write = os.pipe()
        self.addCleanup(os.close, kept_read)
        self.addCleanup(os.close, kept_write)
        before = open_fds()
        for round_number in range(1000):
            self.check_one(round_number, kept_read, kept_write)
        self.assertEqual(open_fds(), before)
        self.assertEqual(zombies(), [])

    def test_children_from_threads(self):
        # vfork releases the GIL while the child runs until its exec.
        before = open_fds()
        errors = []

        def spawn_many():
            try:
                for _ in range(50):
                    subprocess.run([TRUE], close_fds=True)
                    with self.assertRaises(FileNotFoundError):
                        subprocess.run(["/nonexistent/program"])
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=spawn_many) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(open_fds(), before)
        self.assertEqual(zombies(), [])

    def test_children_under_signals(self):
        # Signals arrive while the parent blocks them around the vfork-style
        # clone; its handler must run in the parent only.
        import signal
        received = []
        old_handler = signal.signal(signal.SIGUSR1, lambda signum, frame: received.append(signum))
        self.addCleanup(signal.signal, signal.SIGUSR1, old_handler)
        stop = threading.Event()

        def send():
            while not stop.is_set():
                os.kill(os.getpid(), signal.SIGUSR1)
                stop.wait(0.0005)

        sender = threading.Thread(target=send)
        sender.start()
        try:
            for _ in range(200):
                self.assertEqual(subprocess.run(["true"], close_fds=True).returncode, 0)
        finally:
            stop.set()
            sender.join()
        self.assertTrue(received)
        self.assertEqual(zombies(), [])


class PreexecTest(unittest.TestCase):
    def test_preexec_fn_raising(self):
        before = open_fds()
        for exception in (ValueError("x"), KeyboardInterrupt(), SystemExit(3)):
            def preexec(exception=exception):
                raise exception
            with self.assertRaises(subprocess.SubprocessError) as caught:
                subprocess.run([TRUE], preexec_fn=preexec)
            self.assertEqual(str(caught.exception), "Exception occurred in preexec_fn.")
        self.assertEqual(open_fds(), before)
        self.assertEqual(zombies(), [])

    def test_preexec_fn_runs_in_child(self):
        read_end, write_end = os.pipe()
        try:
            def preexec():
                os.write(write_end, str(os.getpid()).encode())
            proc = subprocess.Popen([TRUE], preexec_fn=preexec, pass_fds=(write_end,))
            proc.wait()
            self.assertEqual(os.read(read_end, 100), str(proc.pid).encode())
        finally:
            os.close(read_end)
            os.close(write_end)

    def test_gc_enabled_again(self):
        import gc
        self.assertTrue(gc.isenabled())
        subprocess.run([TRUE], preexec_fn=lambda: None)
        self.assertTrue(gc.isenabled())
        gc.disable()
        try:
            subprocess.run([TRUE], preexec_fn=lambda: None)
            self.assertFalse(gc.isenabled())
        finally:
            gc.enable()

    def test_fork_hooks_only_with_preexec_fn(self):
        code = """if 1:
            import os, subprocess
            calls = []
            os.register_at_fork(before=lambda: calls.append("before"),
                                after_in_parent=lambda: calls.append("parent"),
                                after_in_child=lambda: calls.append("child"))
            subprocess.run(["/bin/true"])
            print(calls)
            subprocess.run(["/bin/true"], preexec_fn=lambda: None)
            print(calls)
        """
        returncode, output = run_child(code)
        self.assertEqual((returncode, output.splitlines()), (0, ["[]", "['before', 'parent']"]))


class SubinterpreterTest(unittest.TestCase):
    def run_in_subinterpreter(self, call):
        _testcapi = import_helper.import_module("_testcapi")
        read_end, write_end = os.pipe()
        self.addCleanup(os.close, read_end)
        code = f"""if 1:
            import os, _posixsubprocess
            errpipe_read, errpipe_write = os.pipe()
            try:
                result = {call}
                os.waitpid(result, 0)
                result = "started"
            except Exception as exc:
                result = f"{{type(exc).__name__}}: {{exc}}"
            os.close(errpipe_write)
            result += os.read(errpipe_read, 100).decode()
            os.close(errpipe_read)
            os.write({write_end}, result.encode())
        """
        try:
            self.assertEqual(_testcapi.run_in_subinterp(code), 0)
        finally:
            os.close(write_end)
        return os.read(read_end, 1000).decode()

    def test_preexec_fn_refused(self):
        call = ("_posixsubprocess.fork_exec([b'/bin/true'], [b'/bin/true'], True, (), None, None, "
                "-1, -1, -1, -1, -1, -1, errpipe_read, errpipe_write, True, False, -1, None, None, None, -1, "
                "lambda: None, True)")
        self.assertEqual(self.run_in_subinterpreter(call),
                         "RuntimeError: preexec_fn not supported within subinterpreters")

    def test_spawn_without_preexec_fn(self):
        call = ("_posixsubprocess.fork_exec([b'/bin/true'], [b'/bin/true'], False, (), None, None, "
                "-1, -1, -1, -1, -1, -1, errpipe_read, errpipe_write, True, False, -1, None, None, None, -1, "
                "None, True)")
        self.assertEqual(self.run_in_subinterpreter(call), "started")
        call = call.replace("[b'/bin/true'], False", "[b'/nonexistent'], False")
        self.assertEqual(self.run_in_subinterpreter(call), "startedOSError:2:")


class SmallAddressSpaceTest(HostileTestCase):
    def test_spawn_under_rlimit_as(self):
        # The child of a vfork shares the parent's limits; the clone's stack
        # is mapped in the parent: both must work in a small address space.
        code = """if 1:
            import resource, subprocess
            limit = 1 << 30
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            for _ in range(20):
                assert subprocess.run(["/bin/true"], close_fds=True).returncode == 0
                try:
                    subprocess.run(["/nonexistent/program"])
                except FileNotFoundError:
                    pass
            out = subprocess.run(["/bin/sh", "-c", "echo child"], stdout=subprocess.PIPE).stdout
            print(out.decode().strip(), "still alive")
        """
        returncode, output = run_child(code)
        self.assertEqual((returncode, output.splitlines()[-1:]), (0, ["child still alive"]), output)

    def test_huge_argv_memory_error(self):
        self.assertRaisesMemoryError(
            "import _posixsubprocess\nclass Huge:\n    def __len__(self): return 2**60\n"
            "    def __getitem__(self, i): return b'x'\n",
            "_posixsubprocess.fork_exec([b'/bin/true'], Huge(), True, (), None, None, "
            "-1, -1, -1, -1, -1, -1, 3, 4, True, False, -1, None, None, None, -1, None, True)")

    def test_child_under_small_rlimit_as(self):
        # A child started with a small limit of its own (set in preexec_fn).
        import resource

        def limit():
            resource.setrlimit(resource.RLIMIT_AS, (64 << 20, 64 << 20))
        proc = subprocess.run(["/bin/sh", "-c", "echo ok"], preexec_fn=limit, stdout=subprocess.PIPE)
        self.assertEqual((proc.returncode, proc.stdout), (0, b"ok\n"))


if __name__ == "__main__":
    unittest.main()
