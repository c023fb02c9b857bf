"""Differential cases for _struct: (label, function, args, kwargs)."""

import array
import math
import sys

import _struct as S

from hostile import Index, BadIndex

ORDERS = "@=<>!"
INT_CODES = "bBhHiIlLqQ"
NATIVE_ONLY = "nNP"
ALL_CODES = "xcbB?hHiIlLqQnNefdspP"


class IntSub(int):
    pass


class FloatLike:
    def __repr__(self):
        return 'FloatLike()'

    def __float__(self):
        return 2.5


class BadFloat:
    def __repr__(self):
        return 'BadFloat()'

    def __float__(self):
        raise ZeroDivisionError("hostile __float__")


class Truthy:
    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return f"Truthy({self.value})"

    def __bool__(self):
        return self.value


class BadBool:
    def __repr__(self):
        return 'BadBool()'

    def __bool__(self):
        raise RuntimeError("hostile __bool__")


class Sized:
    def __repr__(self):
        return 'Sized()'

    def __len__(self):
        return 3


class StrFormat(str):
    pass


def show(value):
    """A label for a value (no object addresses: labels must match)."""
    if isinstance(value, memoryview):
        return f"memoryview({value.tobytes()!r})"
    return repr(value)


def size_of(order, code):
    """The size of one item, derived without the module under test."""
    if order == "@" and code in "hHe":
        return 2
    if order == "@" and code in "lLnNqQdP":
        return 8
    std = {"x": 1, "c": 1, "b": 1, "B": 1, "?": 1, "s": 1, "p": 1, "h": 2, "H": 2, "e": 2,
           "i": 4, "I": 4, "l": 4, "L": 4, "f": 4, "q": 8, "Q": 8, "d": 8,
           "n": 8, "N": 8, "P": 8}
    return std[code]


def int_bounds(order, code):
    bits = 8 * size_of(order, code)
    if code.isupper():
        return 0, 2 ** bits - 1
    return -2 ** (bits - 1), 2 ** (bits - 1) - 1


def pack_into_outcome(fmt, size, offset, *values):
    """pack_into's effect on a fresh buffer, also when it raises (C packs
    in place, so a failure can leave part of the record written)."""
    buf = bytearray(b"\xaa" * size)
    try:
        result = S.pack_into(fmt, buf, offset, *values)
    except Exception as exc:  # compared as data
        return ("raised", type(exc).__name__, str(exc), bytes(buf))
    return (result, bytes(buf))


def struct_pack_into_outcome(fmt, size, offset, *values):
    buf = bytearray(b"\xaa" * size)
    S.Struct(fmt).pack_into(buf, offset, *values)
    return bytes(buf)


def iter_all(fmt, data):
    it = S.iter_unpack(fmt, data)
    hint = it.__length_hint__()
    items = list(it)
    return hint, items, it.__length_hint__(), list(it)


def struct_attrs(fmt):
    s = S.Struct(fmt)
    return s.format, s.size, repr(s), s.__sizeof__()


def reinit(first, second):
    s = S.Struct(first)
    try:
        s.__init__(second)
    except Exception as exc:
        return ("raised", type(exc).__name__, str(exc), s.format, s.size)
    return s.format, s.size


def subclass_struct(fmt, *values):
    class MyStruct(S.Struct):
        def __init__(self):
            super().__init__(fmt)

    s = MyStruct()
    return repr(s), s.pack(*values)


def weak_and_gc(fmt):
    import gc
    import weakref
    s = S.Struct(fmt)
    ref = weakref.ref(s)
    alive = ref() is s
    it = s.iter_unpack(bytes(s.size * 2))
    tracked = gc.is_tracked(s), gc.is_tracked(it)
    del s
    return alive, ref() is None, tracked, sys.getsizeof(S.Struct(fmt)) - S.Struct(fmt).__sizeof__()


def uninitialized(*values):
    class Lazy(S.Struct):
        def __init__(self):
            pass

    s = Lazy()
    out = [s.size]
    for call in (lambda: s.pack(*values), lambda: s.unpack(b""), lambda: s.pack_into(bytearray(4), 0, *values)):
        try:
            out.append(call())
        except Exception as exc:
            out.append((type(exc).__name__, str(exc)))
    return out


def uninitialized_iter(data, consume):
    class Lazy(S.Struct):
        def __init__(self):
            pass

    it = Lazy().iter_unpack(data)
    out = [it.__length_hint__()]
    if consume:
        out.append(list(it))
    return out


def struct_kw(**kwargs):
    return S.Struct(**kwargs).format


def cache_behaviour(formats):
    S._clearcache()
    sizes = [S.calcsize(f) for f in formats]
    S._clearcache()
    return sizes


def int_values(order, code):
    lo, hi = int_bounds(order, code)
    yield from (lo - 1, lo, lo + 1, 0, 1, -1, hi - 1, hi, hi + 1, 2 ** 64, -2 ** 64, 2 ** 200, -2 ** 200)
    yield from (True, False, IntSub(7), Index(5), Index(hi + 1), Index(lo - 1))
    yield from (BadIndex(ZeroDivisionError), BadIndex(OverflowError), BadIndex(TypeError))
    yield from (1.5, "1", b"1", None, Index(1.5))


FLOATS = (0.0, -0.0, 1.5, -2.25, 1e-10, 1e-40, 1e-310, 65504.0, 65520.0, 1e5, 3.4e38, 3.5e38, 1e300,
          math.inf, -math.inf, math.nan, -math.nan, 2, -3, True, 10 ** 30, 10 ** 39, 10 ** 400,
          IntSub(3), Index(4), FloatLike(), BadFloat(), "1.0", None)


class Scribble:
    """An int through __index__ that first writes `marks` into the buffer
    being packed (C packs in place: what it writes stays unless a later
    item overwrites it)."""

    def __init__(self, value, marks):
        self.value = value
        self.marks = marks
        self.target = None

    def __index__(self):
        for at, byte in self.marks:
            self.target[at] = byte
        return self.value

    def __repr__(self):
        return f"Scribble({self.value!r}, {self.marks!r})"


def scribble_outcome(fmt, size, offset, *values, via_struct=False):
    """pack_into's effect when an item's __index__ writes to the target."""
    buf = bytearray(b"\xaa" * size)
    for value in values:
        if isinstance(value, Scribble):
            value.target = buf
    try:
        if via_struct:
            S.Struct(fmt).pack_into(buf, offset, *values)
        else:
            S.pack_into(fmt, buf, offset, *values)
    except Exception as exc:  # compared as data
        return ("raised", type(exc).__name__, str(exc), bytes(buf))
    return bytes(buf)


def pack_into_self(fmt, offset, *positions):
    """pack_into with strings taken from the target itself (overlapping)."""
    buf = bytearray(b"abcdefghijkl")
    S.pack_into(fmt, buf, offset, *[buf if at is None else buf[at:] for at in positions])
    return bytes(buf)


def named_target(name):
    return S.pack_into("b", type(name, (), {})(), 0, 1)


class BadBuffer:
    def __buffer__(self, flags):
        raise ValueError("hostile __buffer__")

    def __repr__(self):
        return "BadBuffer()"



# ---- Object layout and the garbage collector's view (C's PyStructObject).

def referents(obj):
    """gc.get_referents, types by name (no addresses)."""
    import gc
    return [f"type {x.__qualname__}" if isinstance(x, type) else show(x) for x in gc.get_referents(obj)]


class BytesFormat(bytes):
    pass


def struct_referents(fmt):
    return referents(S.Struct(fmt))


def uninitialized_referents():
    class Lazy(S.Struct):
        def __init__(self):
            pass

    return referents(Lazy())


def iterator_referents(fmt, data):
    it = S.iter_unpack(fmt, data)
    before = referents(it)
    list(it)
    return before, referents(it)


def type_layout(kind):
    if kind == "Struct":
        cls = S.Struct
    elif kind == "subclass":
        cls = type("Sub", (S.Struct,), {})
    else:
        cls = type(S.iter_unpack("b", b""))
    return (cls.__basicsize__, cls.__itemsize__, cls.__weakrefoffset__, cls.__dictoffset__,
            bool(cls.__flags__ & (1 << 14)))  # Py_TPFLAGS_HAVE_GC


def sizeof_struct(fmt):
    return S.Struct(fmt).__sizeof__() - S.Struct.__basicsize__


# ---- Python code run in the middle of a call.

class Hook:
    """An int (__index__), float (__float__) or truth value (__bool__)
    whose conversion first runs `action` (which may raise)."""

    def __init__(self, value, action, label):
        self.value, self.action, self.label = value, action, label

    def __index__(self):
        self.action()
        return self.value

    def __float__(self):
        self.action()
        return float(self.value)

    def __bool__(self):
        self.action()
        return bool(self.value)

    def __repr__(self):
        return f"Hook({self.value!r}, {self.label})"


def hook_outcome(fmt, make_values, via_struct=False, offset=1):
    """pack_into into a bytearray that the values' hooks may change."""
    buf = bytearray(b"\xaa" * 20)
    s = S.Struct(fmt)
    values = make_values(buf, s)
    try:
        if via_struct:
            s.pack_into(buf, offset, *values)
        else:
            S.pack_into(fmt, buf, offset, *values)
    except Exception as exc:  # compared as data
        return ("raised", type(exc).__name__, str(exc), bytes(buf), s.format, s.size)
    return bytes(buf), s.format, s.size


def offset_hook_outcome(fmt, action_of, via_struct=False):
    """pack_into whose offset's __index__ runs `action`."""
    buf = bytearray(b"\xaa" * 20)
    s = S.Struct(fmt)
    offset = Hook(1, action_of(buf, s), "offset")
    try:
        if via_struct:
            s.pack_into(buf, offset, 7, -3, 2.5)
        else:
            S.pack_into(fmt, buf, offset, 7, -3, 2.5)
    except Exception as exc:  # compared as data
        return ("raised", type(exc).__name__, str(exc), bytes(buf), s.format, s.size)
    return bytes(buf), s.format, s.size


def set_bytes(buf, at, data):
    def action():
        buf[at:at + len(data)] = data
    return action


def grow(buf):
    def action():
        buf.extend(b"!")
    return action


def fail():
    raise ZeroDivisionError("hostile hook")


class WritesWhenFreed:
    """An object whose finalizer writes `data` into `buf` at 0."""

    def __init__(self, buf, data):
        self.buf, self.data = buf, data

    def __del__(self):
        set_bytes(self.buf, 0, self.data)()


def finalizer_writes(buf, s):
    """An action that frees the only reference to a WritesWhenFreed."""
    holder = [WritesWhenFreed(buf, b"\x5a\xa5\x5a\xa5")]
    return holder.clear


def reinit_to(s, fmt):
    def action():
        s.__init__(fmt)
    return action


def unpack_from_hooked(fmt, action_of, via_struct=False, data=bytes(range(12))):
    buf = bytearray(data)
    s = S.Struct(fmt)
    offset = Hook(2, action_of(buf, s), "offset")
    try:
        result = s.unpack_from(buf, offset) if via_struct else S.unpack_from(fmt, buf, offset)
    except Exception as exc:  # compared as data
        return ("raised", type(exc).__name__, str(exc), bytes(buf))
    return result, bytes(buf)


class HookedBuffer:
    """A buffer exporter (a bytearray's) whose __buffer__ first runs `action`."""

    def __init__(self, data, action):
        self.data, self.action = data, action

    def __buffer__(self, flags):
        self.action()
        return memoryview(self.data)

    def __repr__(self):
        return "HookedBuffer()"


def buffer_hooked(method, fmt, new_fmt, *values):
    s = S.Struct(fmt)
    target = HookedBuffer(bytearray(b"\xaa" * 12), reinit_to(s, new_fmt))
    try:
        if method == "unpack":
            result = s.unpack(target)
        elif method == "unpack_from":
            result = s.unpack_from(target, 1)
        elif method == "iter_unpack":
            result = list(s.iter_unpack(target))
        else:
            result = s.pack_into(target, 1, *values)
    except Exception as exc:  # compared as data
        return ("raised", type(exc).__name__, str(exc), bytes(target.data), s.format)
    return result, bytes(target.data), s.format


def iter_mutated(fmt, data, mutate_at, how):
    """iter_unpack over a bytearray changed after `mutate_at` items."""
    buf = bytearray(data)
    s = S.Struct(fmt)
    it = s.iter_unpack(buf)
    out = []
    for n, item in enumerate(it):
        out.append(item)
        if n == mutate_at:
            try:
                if how == "write":
                    buf[-1] = 0x7f
                elif how == "append":
                    buf.append(1)
                elif how == "delete":
                    del buf[0]
                elif how == "clear":
                    buf.clear()
                elif how == "reinit same size":
                    s.__init__(fmt.swapcase())
                elif how == "reinit other size":
                    s.__init__("<q")
                elif how == "reinit empty":
                    s.__init__("")
                elif how == "reinit bad":
                    s.__init__("z")
            except Exception as exc:  # compared as data
                out.append((type(exc).__name__, str(exc)))
    try:
        out.append(("hint", it.__length_hint__()))
        out.append(list(it))
    except Exception as exc:  # compared as data
        out.append((type(exc).__name__, str(exc)))
    buf.append(0)  # released once exhausted
    return out


class ReleaseHook:
    """An exporter whose __release_buffer__ uses the iterator over it."""

    def __init__(self, data):
        self.data, self.it, self.seen = data, None, []

    def __buffer__(self, flags):
        return memoryview(self.data)

    def __release_buffer__(self, view):
        view.release()
        if self.it is not None:
            try:
                self.seen.append(("hint", self.it.__length_hint__()))
                self.seen.append(("next", next(self.it, "exhausted")))
            except Exception as exc:  # compared as data
                self.seen.append((type(exc).__name__, str(exc)))


def iter_release_reentrant(fmt, data):
    exporter = ReleaseHook(data)
    exporter.it = S.iter_unpack(fmt, exporter)
    items = list(exporter.it)
    return items, exporter.seen, exporter.it.__length_hint__()


def iter_reinit_each(formats, data):
    """iter_unpack whose Struct is re-initialized to the next format after
    each item; each record still fits in what is left."""
    s = S.Struct(formats[0])
    it = s.iter_unpack(data)
    out = []
    for fmt in formats[1:]:
        out.append(next(it))
        s.__init__(fmt)
    try:
        out.append(list(it))
    except Exception as exc:  # compared as data
        out.append((type(exc).__name__, str(exc)))
    return out


def reinit_sequence(*formats):
    """Struct.__init__ again and again on one live Struct."""
    s = S.Struct(formats[0])
    out = []
    for fmt in formats[1:]:
        try:
            s.__init__(fmt)
            out.append(("ok", s.format, s.size))
        except Exception as exc:  # compared as data
            out.append((type(exc).__name__, str(exc), s.format, s.size))
        for call in (lambda: s.pack(*range(1, 3)), lambda: s.unpack(bytes(s.size if s.size > 0 else 0)),
                     lambda: repr(s), lambda: s.__sizeof__() - S.Struct.__basicsize__, lambda: referents(s)):
            try:
                out.append(call())
            except Exception as exc:  # compared as data
                out.append((type(exc).__name__, str(exc)))
    return out


class HashFormat(str):
    """A str format whose __hash__ and __eq__ misbehave as `mode` says."""

    def __new__(cls, text, mode):
        self = super().__new__(cls, text)
        self.mode = mode
        return self

    def __hash__(self):
        if self.mode == "hash raises":
            raise ValueError("hostile __hash__")
        if self.mode == "hash clears cache":
            S._clearcache()
        return hash("<h")

    def __eq__(self, other):
        if self.mode == "eq raises":
            raise KeyError("hostile __eq__")
        if self.mode == "eq clears cache":
            S._clearcache()
            return False
        if self.mode == "eq true":
            return True
        return str.__eq__(self, other)

    def __repr__(self):
        return f"HashFormat({str(self)!r}, {self.mode!r})"


def cache_hostile(text, mode, func):
    S._clearcache()
    S.calcsize("<h")  # the entry a lying key collides with
    fmt = HashFormat(text, mode)
    try:
        if func == "calcsize":
            result = S.calcsize(fmt)
        elif func == "pack":
            result = S.pack(fmt, 1, 2)
        elif func == "unpack":
            result = S.unpack(fmt, b"\x01\x00\x02\x00")
        else:
            result = list(S.iter_unpack(fmt, b"\x01\x00\x02\x00"))
    except Exception as exc:  # compared as data
        result = (type(exc).__name__, str(exc))
    again = S.calcsize(fmt) if mode not in ("hash raises", "eq raises") else None
    S._clearcache()
    return result, again

def cases(rng):
    # Every code in every byte order: sizes, round trips, errors.
    for order in ORDERS:
        for code in ALL_CODES:
            fmt = order + code
            yield f"calcsize {fmt}", S.calcsize, (fmt,), {}
            yield f"calcsize {fmt}*3", S.calcsize, (order + "3" + code,), {}
            yield f"calcsize b{fmt}", S.calcsize, (order + "b" + code,), {}
            yield f"Struct attrs {fmt}", struct_attrs, (fmt,), {}
            for n in (0, 1, 2, 3):
                data = bytes(rng.randrange(256) for _ in range(n * 8 + 1))
                yield f"unpack {order}{n}{code} random", S.unpack, (f"{order}{n}{code}", data[:n * size_of(order, code)]), {}
        for code in INT_CODES + (NATIVE_ONLY if order == "@" else ""):
            fmt = order + code
            for value in int_values(order, code):
                yield f"pack {fmt} {show(value)}", S.pack, (fmt, value), {}
            lo, hi = int_bounds(order, code)
            for value in (lo, hi, 0):
                yield f"roundtrip {fmt} {value}", lambda f, v: S.unpack(f, S.pack(f, v)), (fmt, value), {}
        for code in "efd":
            fmt = order + code
            for value in FLOATS:
                yield f"pack {fmt} {show(value)}", S.pack, (fmt, value), {}
            for raw in (b"\x00\x7c", b"\x00\xfc", b"\x01\x7c", b"\xff\x7f", b"\x00\x00\x80\x7f", b"\x01\x00\xc0\x7f",
                        b"\x00\x00\x00\x00\x00\x00\xf0\x7f", b"\x01\x00\x00\x00\x00\x00\xf8\xff"):
                if len(raw) == size_of(order, code):
                    yield f"unpack {fmt} {raw!r}", lambda f, r: repr(S.unpack(f, r)), (fmt, raw), {}
        for value in (True, False, 0, 2, -1, "", "x", [], [0], None, Sized(), Truthy(True), Truthy(False), BadBool(), 0.0):
            yield f"pack {order}? {show(value)}", S.pack, (order + "?", value), {}
        for raw in (b"\x00", b"\x01", b"\x02", b"\xff"):
            yield f"unpack {order}? {raw!r}", S.unpack, (order + "?", raw), {}
        for value in (b"a", b"", b"ab", bytearray(b"x"), "a", 97, None):
            yield f"pack {order}c {show(value)}", S.pack, (order + "c", value), {}
        for n in (0, 1, 3, 10, 255, 256, 300):
            for value in (b"", b"abc", b"x" * 300, bytearray(b"hello"), "str", 5, memoryview(b"mv")):
                yield f"pack {order}{n}s {show(value):.20}", S.pack, (f"{order}{n}s", value), {}
                yield f"pack {order}{n}p {show(value):.20}", S.pack, (f"{order}{n}p", value), {}
            data = bytes([min(n, 255)]) + bytes(range(1, 256)) * 2
            yield f"unpack {order}{n}s", S.unpack, (f"{order}{n}s", data[:n]), {}
            for first in (0, 1, 2, 200, 255):
                yield f"unpack {order}{n}p first={first}", S.unpack, (f"{order}{n}p", (bytes([first]) + data[1:])[:n]), {}

    # Native alignment of mixed records.
    for fmt in ("bi", "bq", "hd", "b?", "cP", "iif", "bhilqnNP", "b0i", "0q", "xxi", "3sq", "e?d", "@bxi", "=bi", "<bi"):
        yield f"calcsize {fmt}", S.calcsize, (fmt,), {}

    # Common records.
    for fmt, size, values in (("<IhQ", 14, (1, -2, 3)), (">d", 8, (1.5,)), ("!HHI", 8, (80, 443, 2 ** 31)),
                              ("@iif", 12, (1, 2, 3.5)), ("<4sIH", 10, (b"RIFF", 36, 1)),
                              ("=?c3x2e", 9, (True, b"z", 1.0, -2.0))):
        yield f"pack {fmt}", S.pack, (fmt, *values), {}
        yield f"unpack {fmt}", S.unpack, (fmt, bytes(range(size))), {}
        yield f"Struct.pack {fmt}", lambda f, *v: S.Struct(f).pack(*v), (fmt, *values), {}
        yield f"pack {fmt} too few", S.pack, (fmt, *values[:-1]), {}
        yield f"pack {fmt} too many", S.pack, (fmt, *values, 0), {}

    # Format strings: whitespace, counts, bad characters, overflow.
    for fmt in ("", " ", " i ", "i i", "2 i", "\ti\n", "3", "<", "<3", "i\0", "\0", "2\0i", "z", "<n", ">P", "=N", "!e",
                "9" * 19 + "x", "9" * 20 + "x", str(sys.maxsize) + "x", str(sys.maxsize) + "xx", str(sys.maxsize // 8) + "q",
                str(sys.maxsize // 8 + 1) + "q", str(sys.maxsize) + "s", "b" + str(sys.maxsize) + "s", str(sys.maxsize // 2) + "hh",
                "1000000000x", "@" + str(sys.maxsize - 1) + "xq", "é", "i\xff", "ii@", "<>i", "0s0p0c"):
        yield f"calcsize {show(fmt):.40}", S.calcsize, (fmt,), {}
        yield f"Struct {show(fmt):.40}", struct_attrs, (fmt,), {}
    for fmt in (b"<i", bytearray(b"i"), memoryview(b"i"), 5, None, StrFormat("<h"), b"\xff", "\udc80"):
        yield f"calcsize {show(fmt)}", S.calcsize, (fmt,), {}
        yield f"Struct {show(fmt)}", lambda f: S.Struct(f).size, (fmt,), {}
    yield "Struct() no args", S.Struct, (), {}
    yield "Struct two args", S.Struct, ("i", "h"), {}
    yield "Struct keyword", struct_kw, (), {"format": "<h"}
    yield "Struct bad keyword", struct_kw, (), {"fmt": "<h"}
    yield "pack no format", S.pack, (), {}
    yield "pack_into no format", S.pack_into, (), {}
    yield "reinit good", reinit, ("i", "<hh"), {}
    yield "reinit bad char", reinit, ("i", "z"), {}
    yield "reinit bad type", reinit, ("i", 3), {}
    yield "subclass", subclass_struct, (">h", 12345), {}
    yield "weakref and gc", weak_and_gc, ("<IhQ",), {}
    yield "uninitialized subclass", uninitialized, (), {}
    yield "uninitialized subclass 1 value", uninitialized, (1,), {}
    # (C reads the missing codes of a non-empty buffer.)
    yield "uninitialized subclass iter_unpack empty", uninitialized_iter, (b"", True), {}
    yield "uninitialized subclass iter_unpack hint", uninitialized_iter, (b"abcd", False), {}
    yield "cache", cache_behaviour, ([f"{n}b" for n in range(250)],), {}

    # Buffers: sizes, offsets, kinds.
    record = bytes(range(14))
    for kind, data in (("bytes", record), ("bytearray", bytearray(record)), ("memoryview", memoryview(record)),
                       ("array", array.array("B", record)), ("str", "x" * 14), ("int", 14), ("list", list(record))):
        yield f"unpack <IhQ {kind}", S.unpack, ("<IhQ", data), {}
        yield f"iter_unpack <h {kind}", lambda d: iter_all("<h", d), (data,), {}
        yield f"Struct.unpack <IhQ {kind}", lambda d: S.Struct("<IhQ").unpack(d), (data,), {}
    for n in (0, 13, 15, 28):
        yield f"unpack <IhQ len {n}", S.unpack, ("<IhQ", bytes(n)), {}
        yield f"iter_unpack <IhQ len {n}", iter_all, ("<IhQ", bytes(n)), {}
    yield "iter_unpack zero size", iter_all, ("", b""), {}
    yield "iter_unpack 0x", iter_all, ("0x", b""), {}
    yield "iter_unpack noncontiguous", iter_all, ("b", memoryview(bytes(10))[::2]), {}
    yield "unpack noncontiguous", S.unpack, ("2b", memoryview(bytes(4))[::2]), {}
    for offset in (-100, -15, -14, -13, -1, 0, 1, 2, 3, 14, 15, 100, sys.maxsize, -sys.maxsize - 1, Index(2), 2.0, "1", True):
        for size in (0, 14, 16, 28):
            data = bytes(range(size))
            yield f"unpack_from size={size} offset={show(offset)}", S.unpack_from, ("<IhQ", data, offset), {}
            yield f"pack_into size={size} offset={show(offset)}", pack_into_outcome, ("<IhQ", size, offset, 1, 2, 3), {}
    yield "unpack_from keywords", S.unpack_from, ("<h", ), {"buffer": b"\x01\x02\x03", "offset": 1}
    yield "unpack_from default offset", S.unpack_from, ("<h", b"\x01\x02\x03"), {}
    yield "Struct.unpack_from keywords", lambda: S.Struct("<h").unpack_from(buffer=b"abc", offset=1), (), {}
    yield "unpack_from huge offset", S.unpack_from, ("<h", b"abc", 2 ** 70), {}
    for target in (b"abc", "abc", memoryview(b"abc"), bytearray(3), memoryview(bytearray(6))[::2], array.array("B", [0, 0, 0])):
        yield f"pack_into {type(target).__name__}", lambda t: (S.pack_into("<h", t, 1, 258), bytes(t)), (target,), {}
    for args in ((), ("buf",), (bytearray(8),), (bytearray(8), 0), (bytearray(8), 0, 1, 2), (bytearray(8), BadIndex(ValueError), 1),
                 (bytearray(8), 2 ** 70, 1), (bytearray(8), -2 ** 70, 1), (bytearray(8), 1.0, 1)):
        yield f"pack_into args {show(args):.40}", S.pack_into, ("<i", *args), {}
        yield f"Struct.pack_into args {show(args):.40}", lambda *a: S.Struct("<i").pack_into(*a), args, {}
    for values in ((1, 2, 3), (1, "x", 3), (1, 2, 2 ** 64), (BadIndex(ZeroDivisionError), 2, 3), (1, 2, BadIndex(OverflowError))):
        yield f"pack_into partial {show(values)}", pack_into_outcome, ("<IhQ", 20, 2, *values), {}
    yield "pack_into big record", struct_pack_into_outcome, ("100s", 120, 10, b"x" * 50), {}
    # In place: an item's __index__ writing to the target, with and without
    # padding, strings or a failure after it.
    for fmt, values in (("<hh", (1, Scribble(2, ((0, 7), (3, 7), (5, 7))))),
                        ("<hh", (Scribble(2, ((2, 9), (3, 9), (6, 9))), 1)),
                        ("<hhi", (1, Scribble(2, ((5, 9), (6, 9))), 2 ** 40)),
                        ("<hhi", (1, Scribble(2, ((5, 9), (6, 9))), "x")),
                        ("<h?h", (1, Truthy(True), Scribble(3, ((0, 5), (3, 5))))),
                        ("<h?h", (1, BadBool(), 3)),
                        ("@bi", (Scribble(1, ((2, 4), (3, 4))), 5)),
                        ("@bi", (1, Scribble(5, ((1, 4), (2, 4))))),
                        ("<h3sh", (1, b"x", Scribble(3, ((3, 6), (4, 6), (5, 6))))),
                        ("<h3ph", (1, b"x", Scribble(3, ((3, 6), (4, 6), (5, 6))))),
                        ("<hd", (Scribble(1, ((3, 8),)), 2.5)),
                        ("<hf", (Scribble(1, ((3, 8),)), 1e300)),
                        ("<Qq", (Scribble(2 ** 63, ((9, 1),)), -1)),
                        ("<iI", (Scribble(-1, ((5, 1),)), -1))):
        for via_struct in (False, True):
            label = f"pack_into scribble {fmt} {show(values)}{' Struct' if via_struct else ''}"
            yield label, scribble_outcome, (fmt, 24, 2, *values), {"via_struct": via_struct}
    for fmt, offset, positions in (("4s", 2, (None,)), ("2s2s", 2, (None, None)), ("3p", 0, (None,)),
                                   ("4s", 0, (2,)), ("2s3p", 1, (None, 1))):
        yield f"pack_into self {fmt} {offset} {positions}", pack_into_self, (fmt, offset, *positions), {}
    for name in ("K", "Ä" * 30, "x" + "Ä" * 30, "y" * 60):
        yield f"pack_into target named {name}", named_target, (name,), {}
    yield "pack_into target __buffer__ raises", S.pack_into, ("b", BadBuffer(), 0, 1), {}
    yield "pack_into target None", S.pack_into, ("b", None, 0, 1), {}
    # Ints at the edge of CPython's one-digit form, and int subclasses.
    for value in (2 ** 30 - 1, 2 ** 30, -2 ** 30 + 1, -2 ** 30, 2 ** 31, -2 ** 31 - 1, IntSub(-5), IntSub(2 ** 40), True):
        for fmt in ("<b", "<B", "<h", "<H", "<i", "<I", ">q", ">Q", "@l", "@N", "@n", "@P", "<d", "<f", "<e"):
            yield f"pack {fmt} {show(value)}", S.pack, (fmt, value), {}

    # The object as the collector and Python see it.
    for fmt in ("<h", b"<h", BytesFormat(b">q"), "", "3s2p"):
        yield f"referents {show(fmt)}", struct_referents, (fmt,), {}
    yield "referents uninitialized", uninitialized_referents, (), {}
    yield "referents iterator", iterator_referents, ("<h", b"\x01\x00\x02\x00"), {}
    yield "referents iterator bytearray", iterator_referents, ("<h", bytearray(4)), {}
    for kind in ("Struct", "subclass", "iterator"):
        yield f"type layout {kind}", type_layout, (kind,), {}
    for fmt in ("", "i", "<IhQ", "3s2p0c", "x" * 5, "i" * 40):
        yield f"sizeof {fmt}", sizeof_struct, (fmt,), {}

    # Hooks (__index__, __float__, __bool__) that write the target, try to
    # resize it, raise, or re-initialize the Struct, in every position.
    hooks = {
        "writes": lambda buf, s: set_bytes(buf, 0, b"\x11\x22\x33\x44\x55\x66\x77\x88\x99"),
        "writes end": lambda buf, s: set_bytes(buf, 10, b"\x01\x02\x03"),
        "finalizer writes": finalizer_writes,
        "grows": lambda buf, s: grow(buf),
        "raises": lambda buf, s: fail,
        "reinit same": lambda buf, s: reinit_to(s, "<HHd"),
        "reinit other": lambda buf, s: reinit_to(s, "<q"),
        "reinit bad": lambda buf, s: reinit_to(s, "z"),
    }
    # (C frees the codes it is packing with when an item's hook
    # re-initializes the Struct successfully: only a failed one is defined.)
    item_hooks = {name: hook for name, hook in hooks.items() if name not in ("reinit same", "reinit other")}
    for hook_name, hook in item_hooks.items():
        for position in range(3):
            def make_values(buf, s, hook=hook, position=position, hook_name=hook_name):
                values = [7, -3, 2.5]
                values[position] = Hook(values[position], hook(buf, s), hook_name)
                return values
            for via_struct in (False, True):
                yield (f"pack_into hook {hook_name} at {position}{' Struct' if via_struct else ''}", hook_outcome,
                       ("<hhd", make_values), {"via_struct": via_struct})
        for code, value in (("?", True), ("e", 1.5), ("f", -2.0), ("Q", 5), ("P", 6)):
            fmt = ("@" if code == "P" else "<") + "b" + code + "b"

            def make_values(buf, s, hook=hook, value=value, hook_name=hook_name):
                return [1, Hook(value, hook(buf, s), hook_name), 2]
            yield f"pack_into hook {hook_name} {fmt}", hook_outcome, (fmt, make_values), {}
    for hook_name, hook in hooks.items():
        for via_struct in (False, True):
            yield (f"unpack_from offset hook {hook_name}{' Struct' if via_struct else ''}", unpack_from_hooked,
                   ("<hh", hook), {"via_struct": via_struct})
    # The offset's hook runs before C reads the codes (but after it counted
    # the values: only a Struct of as many items is defined).
    for hook_name, hook in hooks.items():
        if hook_name != "reinit other":
            for via_struct in (False, True):
                yield (f"pack_into offset hook {hook_name}{' Struct' if via_struct else ''}", offset_hook_outcome,
                       ("<hhd", hook), {"via_struct": via_struct})
    for method in ("unpack", "unpack_from", "iter_unpack", "pack_into"):
        for new_fmt in ("<bbbbbbbbbbbb", "<3i", "<12s", "<h", "", "z"):
            # C divides by the new size, or reads past its values.
            if (method, new_fmt) == ("iter_unpack", "") or method == "pack_into" and new_fmt not in ("<3i", "z"):
                continue
            yield f"buffer hook reinit {method} {new_fmt}", buffer_hooked, (method, "<3I", new_fmt, 1, 2, 3), {}
    # (A Struct re-initialized to another size makes C read past the
    # buffer or loop forever, unless the records still fit exactly.)
    for how in ("write", "append", "delete", "clear", "reinit same size", "reinit bad"):
        for at in (0, 2):
            yield f"iter_unpack mutated {how} after {at}", iter_mutated, ("<i", bytes(range(16)), at, how), {}
    for at in (0, 2):
        data = bytes(range(4 * (at + 1) + 16))
        yield f"iter_unpack mutated reinit other size after {at}, fits", iter_mutated, ("<i", data, at, "reinit other size"), {}
    for formats in (("<h", "<i", "<h"), ("b", "2b", "b", "4b")):
        yield f"iter_unpack reinit to {formats}, records fit", iter_reinit_each, (formats, bytes(range(24))), {}
    yield "iter_unpack release re-enters", iter_release_reentrant, ("<h", b"\x01\x00\x02\x00"), {}
    for formats in (("<h", "<i", "z", "", "<hh", b"<2h", BytesFormat(b"3s"), 5, "\xe9", "i\0", "<hh"),
                    ("<hh", "<H2x", "9" * 30 + "x", "<hh")):
        yield f"reinit sequence {show(formats):.60}", reinit_sequence, formats, {}
    for mode in ("hash raises", "hash clears cache", "eq raises", "eq clears cache", "eq true", "plain"):
        for text in ("<h", "<hh", "<i"):
            for func in ("calcsize", "pack", "unpack", "iter_unpack"):
                yield f"cache hostile {mode} {text} {func}", cache_hostile, (text, mode, func), {}

    # Random records.
    for n in range(60):
        order = rng.choice(ORDERS)
        codes = "".join(rng.choice("bBhHiIlLqQ?efd") for _ in range(rng.randrange(1, 8)))
        fmt = order + codes
        data = bytes(rng.randrange(256) for _ in range(S_calcsize(fmt)))
        yield f"random unpack {fmt}", lambda f, d: repr(S.unpack(f, d)), (fmt, data), {}
        yield f"random roundtrip {fmt}", lambda f, d: repr(S.unpack(f, S.pack(f, *S.unpack(f, d)))), (fmt, data), {}


def S_calcsize(fmt):
    """The size of a record of integer, bool and float codes, computed here."""
    order, codes = fmt[0], fmt[1:]
    size = 0
    for code in codes:
        item = size_of(order, code)
        if order == "@":
            size += -size % item
        size += item
    return size
