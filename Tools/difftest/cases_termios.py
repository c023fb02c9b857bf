"""Differential cases for termios: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py)."""

import os
import termios

from hostile import BadIndex, Index

# A descriptor number no case opens (both interpreters see it closed).
CLOSED_FD = 1000


def constants():
    return sorted((name, value) for name, value in vars(termios).items() if isinstance(value, int))


class BadLen:
    def __repr__(self):
        return "BadLen()"

    def __len__(self):
        raise ZeroDivisionError("hostile __len__")

    def __getitem__(self, index):
        return 1


def set_then_get(fd, change):
    """tcsetattr with attributes changed by `change`, then tcgetattr."""
    def run():
        attributes = termios.tcgetattr(fd)
        change(attributes)
        termios.tcsetattr(fd, termios.TCSANOW, attributes)
        return termios.tcgetattr(fd)
    return run


def cases(rng):
    """Every public function of termios, each with generated arguments."""
    yield "constants", constants, (), {}
    yield "error", lambda: (termios.error.__module__, termios.error.__name__, termios.error.__mro__[1].__name__), (), {}
    primary, secondary = os.openpty()
    read_end, write_end = os.pipe()
    nccs = len(termios.tcgetattr(secondary)[6])

    functions = [termios.tcgetattr, termios.tcdrain, termios.tcgetwinsize]
    for function in functions:
        name = function.__name__
        for args in [(), (secondary, 1), ("x",), (None,), (-1,), (CLOSED_FD,), (read_end,), (2**40,)]:
            yield f"{name}{args!r}", function, args, {}
    for function, good in [(termios.tcsendbreak, 0), (termios.tcflush, termios.TCIFLUSH), (termios.tcflow, termios.TCOON)]:
        name = function.__name__
        for args in [(), (secondary,), (secondary, good, 1), ("x", good), (secondary, "x"), (secondary, 2**40),
                     (secondary, BadIndex()), (CLOSED_FD, good), (read_end, good), (secondary, good),
                     (primary, Index(good)), (secondary, 12345)]:
            yield f"{name}{args!r}", function, args, {}

    # tcgetattr on a fresh pty, canonical and not (VMIN and VTIME as ints).
    yield "tcgetattr secondary", termios.tcgetattr, (secondary,), {}
    yield "tcgetattr primary", termios.tcgetattr, (primary,), {}

    def raw(attributes):
        attributes[3] &= ~(termios.ICANON | termios.ECHO)
        attributes[6][termios.VMIN] = 1
        attributes[6][termios.VTIME] = 5
    yield "tcsetattr raw", set_then_get(secondary, raw), (), {}

    def canonical(attributes):
        attributes[3] |= termios.ICANON
        attributes[6][termios.VMIN] = b"\x04"
        attributes[6][termios.VTIME] = b"\x00"
    yield "tcsetattr canonical", set_then_get(secondary, canonical), (), {}

    def speeds(attributes):
        attributes[4] = termios.B9600
        attributes[5] = termios.B38400
    yield "tcsetattr speeds", set_then_get(secondary, speeds), (), {}

    def flags(attributes):
        attributes[0] = 2**40 | termios.ICRNL
        attributes[1] = Index(termios.OPOST)
        attributes[6][termios.VINTR] = 3 + 256
        attributes[6][termios.VQUIT] = True
    yield "tcsetattr cut values", set_then_get(secondary, flags), (), {}

    def bad(attributes, index, value):
        def change():
            attributes[index] = value
            return termios.tcsetattr(secondary, termios.TCSANOW, attributes)
        return change

    good = termios.tcgetattr(secondary)
    for index, value in [(0, "x"), (0, 1.5), (0, 2**64), (0, -2**64), (3, BadIndex()), (4, 12345), (5, -1),
                         (4, None), (6, None), (6, []), (6, [b"a"] * (nccs - 1)), (6, [b"a"] * (nccs + 1)),
                         (6, ("a",) * nccs), (6, [b"a"] * nccs), (6, ["a"] * nccs), (6, [b"ab"] * nccs),
                         (6, [b""] * nccs), (6, [1.5] * nccs), (6, [2**64] * nccs), (6, [bytearray(b"a")] * nccs),
                         (6, [Index(1)] * nccs)]:
        yield f"tcsetattr [{index}]={value!r:.40}", bad(list(good), index, value), (), {}
    for attributes in [None, (), tuple(good), good[:6], good + [0], "abcdefg", {}]:
        yield f"tcsetattr {attributes!r:.40}", termios.tcsetattr, (secondary, termios.TCSANOW, attributes), {}
    for args in [(), (secondary, termios.TCSANOW), ("x", termios.TCSANOW, good), (secondary, "x", good),
                 (CLOSED_FD, termios.TCSANOW, good), (read_end, termios.TCSANOW, good),
                 (CLOSED_FD, termios.TCSANOW, None), (secondary, 12345, good)]:
        yield f"tcsetattr{args!r:.60}", termios.tcsetattr, args, {}

    # Window sizes.
    for size in [(24, 80), [50, 132], (0, 0), (65535, 65535), (65536, 1), (1, -1), (-1, 1), (2**64, 1),
                 (Index(3), Index(4)), ("a", 1), (1, "b"), (1,), (1, 2, 3), None, 5, "ab", {0: 1, 1: 2},
                 range(10, 12), BadLen(), (BadIndex(), 1)]:
        yield f"tcsetwinsize {size!r:.40}", lambda size=size: (termios.tcsetwinsize(secondary, size),
                                                               termios.tcgetwinsize(primary)), (), {}
    for args in [(), (secondary,), (CLOSED_FD, (1, 2)), (read_end, (1, 2)), (CLOSED_FD, None), (CLOSED_FD, (70000, 1))]:
        yield f"tcsetwinsize{args!r}", termios.tcsetwinsize, args, {}
