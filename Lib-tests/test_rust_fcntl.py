"""What CPython's test_fcntl and test_ioctl and the differential test cannot
check of fcntl: the audit events and their arguments, ioctl writing into a
bytearray or an array in place (small buffers through a copy, large ones
directly), locks held by another process (flock, and lockf with its
start, length and whence), and PEP 475: a blocking lock interrupted by a
signal is retried, and a handler's exception ends it.  Every test holds for
the C module as well as for the Rust one."""

import array
import errno
import fcntl
import os
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import threading
import time
import unittest

from test.support import script_helper

WINSIZE = struct.pack("HHHH", 33, 111, 640, 480)


def child(code, *args):
    """A Python child running `code` with `args` (as sys.argv[1:])."""
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *map(str, args)],
                            stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True)


# Takes the lock named by argv[2] on argv[1], says so, and holds it until
# its input closes.
HOLDER = """
import fcntl, sys
with open(sys.argv[1], "r+b") as file:
    if sys.argv[2] == "flock":
        fcntl.flock(file, fcntl.LOCK_EX)
    else:
        fcntl.lockf(file, fcntl.LOCK_EX, 10, 100, 0)
    print("locked", flush=True)
    sys.stdin.read()
"""


class AuditTest(unittest.TestCase):
    def test_events(self):
        code = """
            import fcntl, os, sys, tempfile
            events = []
            def hook(event, args):
                if event.startswith("fcntl."):
                    events.append((event, args))
            sys.addaudithook(hook)
            r, w = os.pipe()
            with tempfile.TemporaryFile() as file:
                fd = file.fileno()
                fcntl.fcntl(r, fcntl.F_GETFD)
                fcntl.fcntl(r, fcntl.F_GETFD, 0)
                fcntl.fcntl(r, fcntl.F_GETFD, "ab")
                fcntl.ioctl(r, 0x5451)
                fcntl.ioctl(r, 0x541B + 2**32, bytearray(4))
                fcntl.flock(fd, fcntl.LOCK_SH)
                fcntl.lockf(fd, fcntl.LOCK_UN)
                fcntl.lockf(fd, fcntl.LOCK_UN, 5, 6, 1)
                for event, args in events:
                    print(event, (("R" if args[0] == r else "FD"),) + args[1:])
        """
        _, out, _ = script_helper.assert_python_ok("-c", textwrap.dedent(code))
        self.assertEqual(out.decode().splitlines(), [
            "fcntl.fcntl ('R', 1, None)",
            "fcntl.fcntl ('R', 1, 0)",
            "fcntl.fcntl ('R', 1, 'ab')",
            "fcntl.ioctl ('R', 21585, None)",
            "fcntl.ioctl ('R', 21531, bytearray(b'\\x00\\x00\\x00\\x00'))",
            f"fcntl.flock ('FD', {fcntl.LOCK_SH})",
            f"fcntl.lockf ('FD', {fcntl.LOCK_UN}, None, None, 0)",
            f"fcntl.lockf ('FD', {fcntl.LOCK_UN}, 5, 6, 1)",
        ])

    def test_hook_refuses(self):
        code = """
            import fcntl, os, sys
            def hook(event, args):
                if event.startswith("fcntl."):
                    raise PermissionError(event)
            sys.addaudithook(hook)
            r, w = os.pipe()
            for call in (lambda: fcntl.fcntl(r, fcntl.F_GETFD), lambda: fcntl.ioctl(r, 0x541B),
                         lambda: fcntl.flock(r, fcntl.LOCK_UN), lambda: fcntl.lockf(r, 0)):
                try:
                    call()
                except PermissionError as exc:
                    print(exc)
        """
        _, out, _ = script_helper.assert_python_ok("-c", textwrap.dedent(code))
        self.assertEqual(out.decode().split(), ["fcntl.fcntl", "fcntl.ioctl", "fcntl.flock", "fcntl.lockf"])


class IoctlInPlaceTest(unittest.TestCase):
    def setUp(self):
        self.primary, self.secondary = os.openpty()
        self.addCleanup(os.close, self.primary)
        self.addCleanup(os.close, self.secondary)
        fcntl.ioctl(self.primary, termios.TIOCSWINSZ, WINSIZE)

    def test_bytearray(self):
        buffer = bytearray(8)
        self.assertEqual(fcntl.ioctl(self.secondary, termios.TIOCGWINSZ, buffer), 0)
        self.assertEqual(bytes(buffer), WINSIZE)

    def test_array(self):
        buffer = array.array("H", [0] * 4)
        self.assertEqual(fcntl.ioctl(self.secondary, termios.TIOCGWINSZ, buffer, True), 0)
        self.assertEqual(buffer.tolist(), [33, 111, 640, 480])

    def test_memoryview_slice(self):
        data = bytearray(b"x" * 12)
        fcntl.ioctl(self.secondary, termios.TIOCGWINSZ, memoryview(data)[2:10])
        self.assertEqual(bytes(data), b"xx" + WINSIZE + b"xx")

    def test_large_buffer_in_place(self):
        for size in (1024, 1025, 4096):
            with self.subTest(size=size):
                buffer = bytearray(b"\xff" * size)
                self.assertEqual(fcntl.ioctl(self.secondary, termios.TIOCGWINSZ, buffer), 0)
                self.assertEqual(bytes(buffer[:8]), WINSIZE)
                self.assertEqual(bytes(buffer[8:]), b"\xff" * (size - 8))

    def test_no_mutate(self):
        buffer = bytearray(8)
        self.assertEqual(fcntl.ioctl(self.secondary, termios.TIOCGWINSZ, buffer, False), WINSIZE)
        self.assertEqual(buffer, bytearray(8))
        with self.assertRaisesRegex(ValueError, "ioctl string arg too long"):
            fcntl.ioctl(self.secondary, termios.TIOCGWINSZ, bytearray(1025), False)

    def test_buffer_cannot_resize(self):
        buffer = bytearray(8)
        fcntl.ioctl(self.secondary, termios.TIOCGWINSZ, buffer)
        buffer.extend(b"ok")  # the export was released
        self.assertEqual(len(buffer), 10)

    def test_error_still_copies_back(self):
        # C copies the buffer back before it looks at the result.
        buffer = bytearray(b"abcd")
        with self.assertRaises(OSError) as caught:
            fcntl.ioctl(self.primary, 0xFFFF, buffer)
        self.assertIn(caught.exception.errno, (errno.ENOTTY, errno.EINVAL))
        self.assertEqual(buffer, bytearray(b"abcd"))


class LockTest(unittest.TestCase):
    def setUp(self):
        file = tempfile.NamedTemporaryFile(delete=False)
        file.write(b"x" * 200)
        file.close()
        self.path = file.name
        self.addCleanup(os.unlink, self.path)
        self.file = open(self.path, "r+b")
        self.addCleanup(self.file.close)

    def hold(self, kind):
        holder = child(HOLDER, self.path, kind)
        self.addCleanup(holder.wait)
        self.addCleanup(holder.stdout.close)
        self.addCleanup(holder.stdin.close)
        self.assertEqual(holder.stdout.readline(), "locked\n")
        return holder

    def test_flock_between_processes(self):
        holder = self.hold("flock")
        with self.assertRaises(BlockingIOError):
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with self.assertRaises(BlockingIOError):
            fcntl.flock(self.file.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        holder.stdin.close()
        holder.wait()
        fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(self.file, fcntl.LOCK_UN)

    def test_lockf_regions(self):
        self.hold("lockf")  # bytes 100..109
        busy = (errno.EACCES, errno.EAGAIN)
        for length, start, whence in [(10, 100, 0), (1, 109, 0), (6, 95, 0), (0, 105, 0),
                                      (1, -100, os.SEEK_END), (10, 100, os.SEEK_CUR)]:
            with self.subTest(length=length, start=start, whence=whence):
                self.file.seek(0)
                with self.assertRaises(OSError) as caught:
                    fcntl.lockf(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB, length, start, whence)
                self.assertIn(caught.exception.errno, busy)
        for length, start, whence in [(10, 110, 0), (100, 0, 0), (1, -1, os.SEEK_END), (10, 0, os.SEEK_CUR)]:
            with self.subTest(length=length, start=start, whence=whence):
                self.file.seek(0)
                fcntl.lockf(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB, length, start, whence)
                fcntl.lockf(self.file, fcntl.LOCK_UN, length, start, whence)
        self.file.seek(150)
        with self.assertRaises(OSError):
            fcntl.lockf(self.file, fcntl.LOCK_SH | fcntl.LOCK_NB, 1, -45, os.SEEK_CUR)

    @unittest.skipUnless(hasattr(signal, "setitimer"), "needs setitimer")
    def test_blocking_lock_retried_after_signal(self):
        for kind in ("flock", "lockf"):
            with self.subTest(kind=kind):
                holder = self.hold(kind)
                signals = []
                old = signal.signal(signal.SIGALRM, lambda *args: signals.append(1))
                self.addCleanup(signal.signal, signal.SIGALRM, old)
                signal.setitimer(signal.ITIMER_REAL, 0.05, 0.05)
                try:
                    releaser = time.monotonic()
                    timer = threading.Timer(0.5, holder.stdin.close)
                    timer.start()
                    if kind == "flock":
                        fcntl.flock(self.file, fcntl.LOCK_EX)
                        fcntl.flock(self.file, fcntl.LOCK_UN)
                    else:
                        fcntl.lockf(self.file, fcntl.LOCK_EX, 10, 100)
                        fcntl.lockf(self.file, fcntl.LOCK_UN, 10, 100)
                    timer.join()
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0, 0)
                self.assertGreaterEqual(time.monotonic() - releaser, 0.4)
                self.assertGreater(len(signals), 1)
                holder.wait()

    @unittest.skipUnless(hasattr(signal, "setitimer"), "needs setitimer")
    def test_handler_exception_ends_blocking_lock(self):
        holder = self.hold("flock")

        def handler(*args):
            raise ZeroDivisionError("from the handler")
        old = signal.signal(signal.SIGALRM, handler)
        self.addCleanup(signal.signal, signal.SIGALRM, old)
        signal.setitimer(signal.ITIMER_REAL, 0.1)
        try:
            with self.assertRaisesRegex(ZeroDivisionError, "from the handler"):
                fcntl.flock(self.file, fcntl.LOCK_EX)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0, 0)
        holder.stdin.close()


if __name__ == "__main__":
    unittest.main()
