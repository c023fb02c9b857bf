"""Differential cases for pwd: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py)."""

import pwd

from hostile import BadIndex, Index


class StrSub(str):
    """A str subclass whose repr is its own (KeyError messages use %R)."""

    def __repr__(self):
        return f"StrSub({str.__repr__(self)})"


def describe_type(obj):
    """What a struct sequence type shows of itself."""
    return (obj.__name__, obj.__qualname__, obj.__module__, obj.__doc__, obj.n_fields,
            obj.n_sequence_fields, obj.n_unnamed_fields, obj.__match_args__,
            [(name, getattr(obj, name).__doc__) for name in obj.__match_args__],
            obj.__flags__, obj.__basicsize__, obj.__itemsize__, obj.__bases__)


def entry_views(entry):
    """An entry as a tuple, by attribute, and through its reductions."""
    return (tuple(entry), repr(entry), entry.pw_name, entry.pw_uid, entry.pw_gid, entry.pw_dir,
            entry.__reduce__(), len(entry), entry[2:4], type(entry).__name__)


def uids():
    """Real users' ids, and ids at and past every boundary."""
    real = sorted({entry.pw_uid for entry in pwd.getpwall()})
    yield from real
    yield from (-1, -2, 2**31 - 1, 2**31, 2**32 - 2, 2**32 - 1, 2**32, 2**63, -2**31, -2**31 - 1, -2**63, 10**30, -10**30)
    yield from (True, False, Index(0), Index(-1), Index(2**32), BadIndex(), BadIndex(OverflowError))
    yield from (0.0, "0", b"0", None, [], 1.5)


def names():
    real = sorted(entry.pw_name for entry in pwd.getpwall())
    yield from real
    yield from ("", "no such user", "root\0", "\0", "r\0oot", "\udcff", "root\udcff", "\ud800", "é", "\u20ac",
                "x" * 10_000, StrSub("root"), StrSub("nobody-here"), " root", "ROOT")
    yield from (b"root", None, 0, bytearray(b"root"), ["root"], Index(0), StrSub)


def cases(rng):
    """Every public function of pwd, each with generated arguments."""
    out = [("struct_passwd type", describe_type, (pwd.struct_passwd,), {})]
    out.append(("getpwall", lambda: sorted(map(entry_views, pwd.getpwall())), (), {}))
    out.append(("getpwall args", pwd.getpwall, (1,), {}))
    for uid in uids():
        out.append((f"getpwuid({uid!r})", lambda uid: entry_views(pwd.getpwuid(uid)), (uid,), {}))
    out.append(("getpwuid()", pwd.getpwuid, (), {}))
    out.append(("getpwuid(0, 1)", pwd.getpwuid, (0, 1), {}))
    out.append(("getpwuid(uid=0)", pwd.getpwuid, (), {"uidobj": 0}))
    for name in names():
        out.append((f"getpwnam({name!r:.40})", lambda name: entry_views(pwd.getpwnam(name)), (name,), {}))
    out.append(("getpwnam()", pwd.getpwnam, (), {}))
    out.append(("getpwnam(name=)", pwd.getpwnam, (), {"name": "root"}))
    out.append(("new struct_passwd", lambda *a: entry_views(pwd.struct_passwd(*a)), (tuple("abcdefg"),), {}))
    out.append(("new struct_passwd short", pwd.struct_passwd, (tuple("abc"),), {}))
    out.append(("new struct_passwd dict", lambda: entry_views(pwd.struct_passwd(tuple("abcdefg"), {})), (), {}))
    out.append(("struct_passwd compare", lambda: pwd.getpwuid(0) == pwd.getpwnam("root"), (), {}))
    out.append(("struct_passwd hash", lambda: hash(pwd.getpwuid(0)) == hash(tuple(pwd.getpwuid(0))), (), {}))
    out.append(("struct_passwd replace", lambda: entry_views(pwd.getpwuid(0).__replace__(pw_name="x")), (), {}))
    out.append(("struct_passwd setattr", setattr, (pwd.getpwuid(0), "pw_name", "x"), {}))
    return out
