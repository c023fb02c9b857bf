"""Hostile-use tests of the mmap module: behaviour stock CPython has and
the Rust module must keep (they pass on both builds, except where noted).

* exported buffers pin the map: close() and resize() refuse while a
  memoryview lives, writes through the view reach the map;
* threads reading and writing one map never crash it;
* a huge anonymous map under RLIMIT_AS is OSError (ENOMEM), a huge copy
  out of a map is MemoryError;
* a mapped file truncated by another process kills the reader with SIGBUS,
  as C's does (no handler);
* __index__ callbacks that close or resize the map mid-operation give C's
  errors, never a crash.
"""

import errno
import gc
import mmap
import os
import signal
import sys
import sysconfig
import tempfile
import threading
import unittest
import weakref

from test.rust_hostile import HostileTestCase, run_child

PAGE = mmap.PAGESIZE
MiB = 1 << 20
RUST_MMAP = "mmap" in (sysconfig.get_config_var("PY_RUST_MODULES") or "").split()


class ExportTest(unittest.TestCase):

    def test_close_and_resize_refused_while_exported(self):
        m = mmap.mmap(-1, PAGE, flags=mmap.MAP_PRIVATE)
        view = memoryview(m)
        with self.assertRaisesRegex(BufferError, r"^cannot close exported pointers exist$"):
            m.close()
        with self.assertRaisesRegex(BufferError, r"^mmap can't resize with extant buffers exported\.$"):
            m.resize(2 * PAGE)
        with self.assertRaisesRegex(BufferError, "cannot close exported pointers exist"):
            m.__exit__(None, None, None)
        self.assertFalse(m.closed)
        view[:3] = b"abc"
        self.assertEqual(m[:3], b"abc")
        view.release()
        m.resize(2 * PAGE)
        self.assertEqual(len(m), 2 * PAGE)
        m.close()
        self.assertTrue(m.closed)
        with self.assertRaisesRegex(ValueError, "mmap closed or invalid"):
            memoryview(m)

    def test_nested_exports(self):
        m = mmap.mmap(-1, PAGE)
        views = [memoryview(m) for _ in range(5)]
        sliced = views[0][10:20]
        for view in views:
            view.release()
        with self.assertRaises(BufferError):
            m.close()
        sliced.release()
        m.close()

    def test_read_only_buffer(self):
        with tempfile.TemporaryFile() as f:
            f.write(b"x" * PAGE)
            f.flush()
            m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            view = memoryview(m)
            self.assertTrue(view.readonly)
            with self.assertRaises(TypeError):
                view[0] = 1
            with self.assertRaises(TypeError):
                f.readinto(m)  # readinto asks for a writable buffer
            view.release()
            m.close()

    def test_readinto_writes_the_map(self):
        with tempfile.TemporaryFile() as f:
            f.write(bytes(range(256)) * 16)
            f.seek(0)
            m = mmap.mmap(-1, 4096)
            self.assertEqual(f.readinto(m), 4096)
            self.assertEqual(m[:256], bytes(range(256)))
            m.close()

    def test_buffer_consumers(self):
        m = mmap.mmap(-1, 16)
        m[:] = bytes(range(16))
        self.assertEqual(bytes(m), bytes(range(16)))
        self.assertEqual(bytearray(m), bytearray(range(16)))
        import struct
        struct.pack_into("I", m, 4, 0xdeadbeef)
        self.assertEqual(struct.unpack_from("I", m, 4), (0xdeadbeef,))
        m.close()


class ThreadsTest(unittest.TestCase):

    def test_concurrent_readers_and_writers(self):
        size = 64 * 1024
        m = mmap.mmap(-1, size)
        errors = []

        def writer(k):
            try:
                block = bytes([k]) * 1024
                for i in range(200):
                    at = (k * 8 + i % 8) * 1024
                    m[at:at + 1024] = block
                    m.write_byte  # attribute lookups interleave too
                    m.find(block[:16], at)
                    m.rfind(b"\x00")
                    m[at] = k
            except Exception as exc:
                errors.append(exc)

        def reader():
            try:
                for _ in range(200):
                    m.seek(0)
                    while m.readline():
                        pass
                    m[::7]
                    bytes(memoryview(m)[100:200])
            except Exception as exc:
                errors.append(exc)

        threads = [threading.Thread(target=writer, args=(k,)) for k in range(1, 7)]
        threads += [threading.Thread(target=reader) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        for k in range(1, 7):
            self.assertEqual(m[k * 8 * 1024:(k * 8 + 8) * 1024], bytes([k]) * 8 * 1024)
        m.close()

    def test_close_racing_readers(self):
        # One thread closes while others read: each read either works or
        # raises "mmap closed or invalid".
        for _ in range(20):
            m = mmap.mmap(-1, 1 << 20)
            errors = []

            def reader():
                try:
                    for _ in range(50):
                        m.find(b"x")
                        m[:4096]
                        m.read_byte() if m.tell() < len(m) else None
                except ValueError as exc:
                    if str(exc) != "mmap closed or invalid":
                        errors.append(exc)
                except Exception as exc:
                    errors.append(exc)

            threads = [threading.Thread(target=reader) for _ in range(3)]
            for thread in threads:
                thread.start()
            m.close()
            for thread in threads:
                thread.join()
            self.assertEqual(errors, [])


class OutOfMemoryTest(HostileTestCase):

    def test_huge_anonymous_map_is_oserror(self):
        code = f"""
import errno, mmap, resource
resource.setrlimit(resource.RLIMIT_AS, ({1 << 30}, {1 << 30}))
try:
    mmap.mmap(-1, {4 << 30})
except OSError as exc:
    print("OSError", exc.errno == errno.ENOMEM)
print("still alive")
"""
        returncode, output = run_child(code)
        self.assertEqual((returncode, output.split()), (0, ["OSError", "True", "still", "alive"]), output)

    def test_slice_copy(self):
        self.assertRaisesMemoryError(
            f"import mmap; m = mmap.mmap(-1, {700 * MiB})",
            "m[:]")

    def test_read(self):
        self.assertRaisesMemoryError(
            f"import mmap; m = mmap.mmap(-1, {700 * MiB})",
            "m.read()")

    def test_extended_slice(self):
        self.assertRaisesMemoryError(
            f"import mmap; m = mmap.mmap(-1, {700 * MiB})",
            "m[::-1]")


class TruncatedFileTest(unittest.TestCase):

    def test_sigbus_as_c(self):
        # Another process truncates the mapped file: touching the lost
        # pages raises SIGBUS, which kills the process (C has no handler;
        # neither has the Rust module).
        code = f"""
import mmap, os, sys, tempfile
with tempfile.TemporaryFile() as f:
    f.write(b"x" * {4 * PAGE})
    f.flush()
    m = mmap.mmap(f.fileno(), 0)
    os.truncate(f.fileno(), 0)  # as another process would
    print("mapped", len(m), flush=True)
    m[{3 * PAGE}]
    print("survived")
"""
        returncode, output = run_child(code)
        self.assertEqual(returncode, -signal.SIGBUS, output)
        self.assertIn("mapped", output)
        self.assertNotIn("survived", output)

    def test_truncated_file_size_and_resize(self):
        # What needs no access to the lost pages works.
        with tempfile.TemporaryFile() as f:
            f.write(b"x" * (2 * PAGE))
            f.flush()
            m = mmap.mmap(f.fileno(), 0)
            os.truncate(f.fileno(), PAGE)
            self.assertEqual(m.size(), PAGE)
            self.assertEqual(len(m), 2 * PAGE)
            self.assertEqual(m[:4], b"xxxx")
            m.resize(PAGE)
            self.assertEqual(m[-4:], b"xxxx")
            m.close()


class CallbackTest(unittest.TestCase):
    """__index__ callbacks that close or resize the map."""

    def hostile(self, m, value, action):
        class Index:
            def __index__(self):
                action(m)
                return value
        return Index()

    def test_close_during_slice(self):
        m = mmap.mmap(-1, PAGE)
        with self.assertRaisesRegex(ValueError, "mmap closed or invalid"):
            m[self.hostile(m, 1, mmap.mmap.close):10]
        m = mmap.mmap(-1, PAGE)
        with self.assertRaisesRegex(ValueError, "mmap closed or invalid"):
            m[self.hostile(m, 1, mmap.mmap.close):3] = b"ab"

    def test_close_during_write_byte(self):
        m = mmap.mmap(-1, PAGE)
        with self.assertRaisesRegex(ValueError, "mmap closed or invalid"):
            m.write_byte(self.hostile(m, 1, mmap.mmap.close))

    def test_shrink_during_slice(self):
        m = mmap.mmap(-1, 4 * PAGE, flags=mmap.MAP_PRIVATE)
        data = m[self.hostile(m, 3 * PAGE, lambda m: m.resize(PAGE)):]
        self.assertEqual(data, b"")
        self.assertEqual(len(m), PAGE)
        m[self.hostile(m, PAGE - 2, lambda m: m.resize(2 * PAGE)):] = b"y" * (PAGE + 2)
        self.assertEqual(m[-3:], b"yyy")
        m.close()

    def test_shrink_during_find(self):
        m = mmap.mmap(-1, 4 * PAGE, flags=mmap.MAP_PRIVATE)
        m[-1] = 1
        self.assertEqual(m.find(b"\x01", self.hostile(m, 0, lambda m: m.resize(PAGE))), -1)
        m.close()

    @unittest.skipUnless(RUST_MMAP, "C writes past the end of the shrunk map")
    def test_shrink_during_item_value(self):
        m = mmap.mmap(-1, 4 * PAGE, flags=mmap.MAP_PRIVATE)
        with self.assertRaisesRegex(IndexError, "mmap index out of range"):
            m[3 * PAGE] = self.hostile(m, 1, lambda m: m.resize(PAGE))
        with self.assertRaisesRegex(ValueError, "mmap closed or invalid"):
            m[0] = self.hostile(m, 1, mmap.mmap.close)


class ObjectTest(unittest.TestCase):

    @unittest.skipUnless(sys.maxsize > 2**32, "C's struct size on 64-bit platforms")
    def test_size_as_c(self):
        self.assertEqual(mmap.mmap.__basicsize__, 80)
        m = mmap.mmap(-1, 10)
        gc_header = sys.getsizeof([]) - list.__basicsize__
        self.assertEqual(sys.getsizeof(m), 80 + gc_header)
        m.close()

    def test_weakref_and_gc(self):
        m = mmap.mmap(-1, 10)
        ref = weakref.ref(m)
        self.assertIs(ref(), m)
        self.assertTrue(gc.is_tracked(m))
        del m
        gc.collect()
        self.assertIsNone(ref())

    def test_subclass_cycle(self):
        class Sub(mmap.mmap):
            pass
        m = Sub(-1, 10)
        m.self = m
        ref = weakref.ref(m)
        self.assertEqual(repr(m), "<Sub closed=False, access=ACCESS_DEFAULT, length=10, pos=0, offset=0>")
        del m
        gc.collect()
        self.assertIsNone(ref())

    def test_audit_event(self):
        code = """
import mmap, sys
events = []
sys.addaudithook(lambda event, args: events.append(args) if event == "mmap.__new__" else None)
mmap.mmap(-1, 100, access=mmap.ACCESS_WRITE)
mmap.mmap(-1, 10, prot=mmap.PROT_READ)
try:
    mmap.mmap(-1, 0)
except OSError:
    pass
print(events)
"""
        returncode, output = run_child(code)
        self.assertEqual((returncode, output.strip()), (0, "[(-1, 100, 2, 0), (-1, 10, 1, 0), (-1, 0, 0, 0)]"), output)

    def test_fd_is_duplicated_and_closed(self):
        with tempfile.TemporaryFile() as f:
            f.write(b"abc")
            f.flush()
            before = len(os.listdir(f"/proc/{os.getpid()}/fd")) if sys.platform == "linux" else None
            m = mmap.mmap(f.fileno(), 0)
            if before is not None:
                self.assertEqual(len(os.listdir(f"/proc/{os.getpid()}/fd")), before + 1)
            f.close()
            self.assertEqual(m.size(), 3)
            m.close()
            if before is not None:
                self.assertEqual(len(os.listdir(f"/proc/{os.getpid()}/fd")), before - 1)
            with self.assertRaises(ValueError):
                m.size()


if __name__ == "__main__":
    unittest.main()
