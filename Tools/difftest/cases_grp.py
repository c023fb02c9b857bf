"""Differential cases for grp: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py)."""

import grp

from cases_pwd import StrSub, describe_type
from hostile import BadIndex, Index


def entry_views(entry):
    """An entry as a tuple, by attribute, and through its reduction."""
    return (tuple(entry), repr(entry), entry.gr_name, entry.gr_gid, entry.gr_mem,
            entry.__reduce__(), len(entry), type(entry).__name__)


def gids():
    """Real groups' ids, and ids at and past every boundary."""
    yield from sorted({entry.gr_gid for entry in grp.getgrall()})
    yield from (-1, -2, 2**31 - 1, 2**31, 2**32 - 2, 2**32 - 1, 2**32, 2**63, -2**31, -2**31 - 1, -2**63, 10**30, -10**30)
    yield from (True, False, Index(0), Index(-1), Index(2**32), BadIndex(), BadIndex(OverflowError))
    yield from (0.0, "0", b"0", None, [], 1.5)


def names():
    yield from sorted(entry.gr_name for entry in grp.getgrall())
    yield from ("", "no such group", "root\0", "\0", "r\0oot", "\udcff", "root\udcff", "\ud800", "é", "\u20ac",
                "x" * 10_000, StrSub("root"), StrSub("nogroup-here"), " root", "ROOT")
    yield from (b"root", None, 0, bytearray(b"root"), ["root"], Index(0), StrSub)


def cases(rng):
    """Every public function of grp, each with generated arguments."""
    out = [("struct_group type", describe_type, (grp.struct_group,), {})]
    out.append(("getgrall", lambda: sorted(map(entry_views, grp.getgrall())), (), {}))
    out.append(("getgrall args", grp.getgrall, (1,), {}))
    for gid in gids():
        out.append((f"getgrgid({gid!r})", lambda gid: entry_views(grp.getgrgid(gid)), (gid,), {}))
    out.append(("getgrgid()", grp.getgrgid, (), {}))
    out.append(("getgrgid(0, 1)", grp.getgrgid, (0, 1), {}))
    out.append(("getgrgid(id=0)", lambda: entry_views(grp.getgrgid(id=0)), (), {}))
    out.append(("getgrgid(0, id=0)", grp.getgrgid, (0,), {"id": 0}))
    out.append(("getgrgid(gid=0)", grp.getgrgid, (), {"gid": 0}))
    out.append(("getgrgid(id=0, x=1)", grp.getgrgid, (), {"id": 0, "x": 1}))
    out.append(("getgrgid(0, x=1)", grp.getgrgid, (0,), {"x": 1}))
    out.append(("getgrgid(x=1)", grp.getgrgid, (), {"x": 1}))
    out.append(("getgrgid(**{})", lambda: entry_views(grp.getgrgid(0, **{})), (), {}))
    for name in names():
        out.append((f"getgrnam({name!r:.40})", lambda name: entry_views(grp.getgrnam(name)), (name,), {}))
    out.append(("getgrnam()", grp.getgrnam, (), {}))
    out.append(("getgrnam(name=)", lambda: entry_views(grp.getgrnam(name="root")), (), {}))
    out.append(("getgrnam(nam=)", grp.getgrnam, (), {"nam": "root"}))
    out.append(("getgrnam(1, 2)", grp.getgrnam, (1, 2), {}))
    out.append(("new struct_group", lambda *a: entry_views(grp.struct_group(*a)), (("a", "b", 1, []),), {}))
    out.append(("new struct_group long", grp.struct_group, (tuple("abcde"),), {}))
    out.append(("struct_group compare", lambda: grp.getgrgid(0) == grp.getgrnam("root"), (), {}))
    return out
