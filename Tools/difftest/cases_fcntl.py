"""Differential cases for fcntl: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py)."""

import array
import fcntl
import os
import re
import struct
import tempfile
import termios

from hostile import BadIndex, Index

# A descriptor number no case opens (both interpreters see it closed).
CLOSED_FD = 1000


def constants():
    return sorted((name, value) for name, value in vars(fcntl).items() if name.isupper())


def in_place(function, buffer, *args):
    """function(fd, request, buffer, ...) with what it did to the buffer."""
    def run(fd, request):
        result = function(fd, request, buffer, *args)
        return result, bytes(buffer)
    return run


def describe(value):
    """A label for an argument (without an object's address)."""
    text = repr(value)
    return re.sub(r" at 0x[0-9a-f]+", "", text)[:40]


def cases(rng):
    """Every public function of fcntl, each with generated arguments."""
    yield "constants", constants, (), {}
    read_end, write_end = os.pipe()
    file = tempfile.TemporaryFile()
    file.write(b"x" * 100)
    file.flush()
    fd = file.fileno()
    primary, secondary = os.openpty()
    winsize = struct.pack("HHHH", 24, 80, 0, 0)

    # Argument counts and types.
    for args in [(), (read_end,), (read_end, 1, 0, 0), ("x", 1), (None, 1), (1.5, 1), (-1, 1), (2**40, 1),
                 (read_end, "x"), (read_end, 2**40), (read_end, 1.5), (read_end, BadIndex()), (file, fcntl.F_GETFD)]:
        yield f"fcntl{args!r}", fcntl.fcntl, args, {}
    yield "fcntl keyword", fcntl.fcntl, (read_end,), {"cmd": 1}
    yield "fcntl closed fd", fcntl.fcntl, (CLOSED_FD, fcntl.F_GETFD), {}
    yield "fcntl closed fd, bytes", fcntl.fcntl, (CLOSED_FD, fcntl.F_GETFD, b"abc"), {}
    for cmd in (fcntl.F_GETFD, fcntl.F_GETFL, fcntl.F_GETPIPE_SZ, -1, 12345):
        yield f"fcntl pipe {cmd}", fcntl.fcntl, (read_end, cmd), {}
    yield "fcntl F_SETFL", lambda: (fcntl.fcntl(write_end, fcntl.F_SETFL, os.O_NONBLOCK),
                                    fcntl.fcntl(write_end, fcntl.F_GETFL) & os.O_NONBLOCK), (), {}
    yield "fcntl F_SETFD Index", lambda: (fcntl.fcntl(write_end, fcntl.F_SETFD, Index(1)),
                                          fcntl.fcntl(write_end, fcntl.F_GETFD)), (), {}
    # The third argument: an int (masked to 32 bits), a str or bytes, or else.
    for arg in (0, 1, -1, 2**32 + 1, 2**70, True, Index(1), BadIndex(), 1.5, None, [], bytearray(8),
                memoryview(b"abc"), array.array("b", [1]), "", "abc", "\udc80", "a\0b", b"", b"abc",
                b"x" * 1024, b"x" * 1025, "x" * 1024, "x" * 1025, "\u20ac" * 342, "\u20ac" * 341):
        yield f"fcntl F_GETFD arg {describe(arg)}", fcntl.fcntl, (read_end, fcntl.F_GETFD, arg), {}
    lock = struct.pack("hhqqi", fcntl.F_WRLCK, 0, 0, 0, 0) + bytes(8)
    yield "fcntl F_GETLK bytes", fcntl.fcntl, (fd, fcntl.F_GETLK, lock), {}
    yield "fcntl F_GETLK str", fcntl.fcntl, (fd, fcntl.F_GETLK, "\0" * 32), {}

    # ioctl
    for args in [(), (read_end,), (read_end, 1, 0, True, 0), (None, 1), (read_end, "x"), (read_end, 1.5),
                 (read_end, BadIndex()), (-1, termios.FIONREAD), (CLOSED_FD, termios.FIONREAD)]:
        yield f"ioctl{args!r}", fcntl.ioctl, args, {}
    yield "ioctl keyword", fcntl.ioctl, (read_end,), {"request": 1}
    os.write(write_end, b"hello")
    for arg in (0, 1, 2**31, -2**31 - 1, Index(0), BadIndex(), 1.5, None, [], "abcd", "\udc80", b"abcd",
                bytes(1024), bytes(1025), "x" * 1025, memoryview(b"abcd")):
        yield f"ioctl FIONREAD {describe(arg)}", fcntl.ioctl, (read_end, termios.FIONREAD, arg), {}
    for mutate in (True, False, 0, 1, None, BadIndex()):
        for buffer in (bytearray(4), array.array("i", [7]), bytearray(1024), bytearray(2000), bytearray(0)):
            yield (f"ioctl FIONREAD mutate={mutate!r} {type(buffer).__name__}[{len(buffer)}]",
                   in_place(fcntl.ioctl, buffer, mutate), (read_end, termios.FIONREAD), {})
    yield "ioctl memoryview of bytearray", in_place(fcntl.ioctl, memoryview(bytearray(8))[2:6]), (read_end, termios.FIONREAD), {}
    yield "ioctl closed fd bytearray", in_place(fcntl.ioctl, bytearray(b"abcd")), (CLOSED_FD, termios.FIONREAD), {}
    yield "ioctl closed fd bytes", fcntl.ioctl, (CLOSED_FD, termios.FIONREAD, b"abcd"), {}
    yield "ioctl request masked", fcntl.ioctl, (read_end, termios.FIONREAD + 2**32, b"abcd"), {}
    yield "ioctl request negative", fcntl.ioctl, (read_end, -1, b"abcd"), {}
    # A terminal's window size: set, then read back three ways.
    yield "ioctl TIOCSWINSZ", fcntl.ioctl, (primary, termios.TIOCSWINSZ, winsize), {}
    yield "ioctl TIOCGWINSZ bytes", fcntl.ioctl, (primary, termios.TIOCGWINSZ, bytes(8)), {}
    yield "ioctl TIOCGWINSZ bytearray", in_place(fcntl.ioctl, bytearray(8)), (secondary, termios.TIOCGWINSZ), {}
    yield "ioctl TIOCGWINSZ array", in_place(fcntl.ioctl, array.array("H", [0] * 4)), (secondary, termios.TIOCGWINSZ), {}
    yield "ioctl TIOCGWINSZ bytearray no mutate", in_place(fcntl.ioctl, bytearray(8), False), (primary, termios.TIOCGWINSZ), {}
    yield "ioctl TIOCGWINSZ big", in_place(fcntl.ioctl, bytearray(3000)), (primary, termios.TIOCGWINSZ), {}
    yield "ioctl TIOCGWINSZ on a pipe", fcntl.ioctl, (read_end, termios.TIOCGWINSZ, bytes(8)), {}

    # flock
    for args in [(), (fd,), (fd, 1, 2), (None, fcntl.LOCK_SH), (fd, "x"), (fd, 2**40), (-1, fcntl.LOCK_SH),
                 (CLOSED_FD, fcntl.LOCK_SH), (fd, 0), (fd, 12345)]:
        yield f"flock{args!r}", fcntl.flock, args, {}
    for operation in (fcntl.LOCK_SH, fcntl.LOCK_EX | fcntl.LOCK_NB, fcntl.LOCK_UN, Index(fcntl.LOCK_UN)):
        yield f"flock {operation!r}", fcntl.flock, (file, operation), {}

    # lockf
    for args in [(), (fd,), (fd, 0), (fd, 3), (fd, 16), (fd, fcntl.LOCK_SH, 0, 0, 0, 0), (None, fcntl.LOCK_UN),
                 (CLOSED_FD, fcntl.LOCK_UN), (-1, fcntl.LOCK_UN), (fd, "x"),
                 (fd, fcntl.LOCK_UN, "x"), (fd, fcntl.LOCK_UN, 1.5), (fd, fcntl.LOCK_UN, 2**63), (fd, fcntl.LOCK_UN, -2**64),
                 (fd, fcntl.LOCK_UN, Index(2**63)), (fd, fcntl.LOCK_UN, BadIndex()), (fd, fcntl.LOCK_UN, 0, "x"),
                 (fd, fcntl.LOCK_UN, 0, 2**64), (fd, fcntl.LOCK_UN, 0, Index(5)), (fd, fcntl.LOCK_UN, 0, 0, "x"),
                 (fd, fcntl.LOCK_UN, 0, 0, 2**40), (fd, fcntl.LOCK_UN, 0, 0, 7), (fd, fcntl.LOCK_UN, -1, 0, 0),
                 (fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 5, 0), (fd, fcntl.LOCK_SH | fcntl.LOCK_NB, 10, 0, os.SEEK_END),
                 (fd, fcntl.LOCK_EX, 1, -200, os.SEEK_CUR), (fd, fcntl.LOCK_UN), (fd, fcntl.LOCK_EX | fcntl.LOCK_SH),
                 (read_end, fcntl.LOCK_EX | fcntl.LOCK_NB), (read_end, fcntl.LOCK_SH | fcntl.LOCK_NB)]:
        yield f"lockf{args!r:.80}", fcntl.lockf, args, {}
    yield "lockf keyword", fcntl.lockf, (fd, fcntl.LOCK_UN), {"len": 0}
