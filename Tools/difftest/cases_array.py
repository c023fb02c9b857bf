"""Differential cases for array: (label, function, args, kwargs)."""

import array as A
import io
import pickle
import sys
import warnings

from hostile import Index, BadIndex

CODES = "bBuwhHiIlLqQfd"
INT_CODES = "bBhHiIlLqQ"


class FloatLike:
    def __float__(self):
        return 2.5

    def __repr__(self):
        return "FloatLike()"


class Mutator:
    """An item whose conversion or comparison empties the target array."""

    def __init__(self, target):
        self.target = target

    def __index__(self):
        del self.target[:]
        return 1

    def __eq__(self, other):
        del self.target[:]
        return False

    def __repr__(self):
        return "Mutator()"


class Hook:
    """A value whose __index__, __float__ or __eq__ first runs `action` (which
    changes an array), then behaves as `value`; `calls` counts the calls."""

    def __init__(self, value, action):
        self.value = value
        self.action = action
        self.calls = 0

    def _run(self):
        self.calls += 1
        self.action()

    def __index__(self):
        self._run()
        return self.value

    def __float__(self):
        self._run()
        return float(self.value)

    def __eq__(self, other):
        self._run()
        return self.value

    __hash__ = None

    def __repr__(self):
        return f"Hook({self.value!r})"


class IntSubclass(int):
    pass


class Sub(A.array):
    pass


def make(code, items):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return A.array(code, items)


def sample(code):
    if code in "uw":
        return "abc\u20ac\U0001f600"
    if code in "fd":
        return [0.0, -1.5, 2.25, float("inf"), 1e30]
    if code in "bh":
        return [0, 1, -1, 100, -100]
    return [0, 1, 2, 100, 127]


def outcome(func, *args):
    """The result and the array's state after `func` (errors included)."""
    try:
        result = func(*args)
    except Exception as exc:
        result = ("raised", type(exc).__name__, str(exc))
    return result, [repr(a) for a in args if isinstance(a, A.array)]


def seq_ops(code):
    a = make(code, sample(code))
    yield f"{code} len/getitem", lambda: (len(a), a[0], a[-1], a[1:3], a[::-2], a[::2]), (), {}
    yield f"{code} repr/typecode", lambda: (repr(a), a.typecode, a.itemsize, str(a)), (), {}
    yield f"{code} tolist/tobytes", lambda: (a.tolist(), a.tobytes(), list(a), list(reversed(a))), (), {}
    yield f"{code} index errors", outcome, (lambda x: x[100], a), {}
    yield f"{code} neg index error", outcome, (lambda x: x[-100], a), {}
    yield f"{code} bad key", outcome, (lambda x: x["1"], a), {}
    yield f"{code} float key", outcome, (lambda x: x[1.0], a), {}
    yield f"{code} Index key", outcome, (lambda x: x[Index(1)], a), {}
    yield f"{code} huge key", outcome, (lambda x: x[2 ** 70], a), {}

    def mutate(op):
        b = make(code, sample(code))
        return outcome(op, b)

    first, second = sample(code)[0], sample(code)[1]
    yield f"{code} append", mutate, (lambda b: b.append(first),), {}
    yield f"{code} insert", mutate, (lambda b: [b.insert(i, second) for i in (-100, -1, 0, 2, 100)],), {}
    yield f"{code} pop", mutate, (lambda b: (b.pop(), b.pop(0), b.pop(-1)),), {}
    yield f"{code} pop bad", mutate, (lambda b: b.pop(10),), {}
    yield f"{code} pop empty", outcome, (lambda b: b.pop(), make(code, [])), {}
    yield f"{code} remove", mutate, (lambda b: b.remove(second),), {}
    yield f"{code} remove missing", mutate, (lambda b: b.remove(sample(code)[0] if False else (9 if code not in "uw" else "z")),), {}
    yield f"{code} count/index", mutate, (lambda b: (b.count(first), b.index(second), b.index(second, 1), b.index(second, -4, -1)),), {}
    yield f"{code} index missing", mutate, (lambda b: b.index(first, 1, 3),), {}
    yield f"{code} index bad start", mutate, (lambda b: b.index(first, 1.5),), {}
    yield f"{code} reverse", mutate, (lambda b: b.reverse(),), {}
    yield f"{code} byteswap", mutate, (lambda b: b.byteswap(),), {}
    yield f"{code} clear", mutate, (lambda b: b.clear(),), {}
    yield f"{code} extend self", mutate, (lambda b: b.extend(b),), {}
    yield f"{code} extend iter", mutate, (lambda b: b.extend(iter(sample(code))),), {}
    yield f"{code} extend list", mutate, (lambda b: b.extend(sample(code)),), {}
    yield f"{code} extend other kind", mutate, (lambda b: b.extend(make("d" if code != "d" else "f", [])),), {}
    yield f"{code} fromlist", mutate, (lambda b: b.fromlist(sample(code)),), {}
    yield f"{code} fromlist bad", mutate, (lambda b: b.fromlist(sample(code) + [None]),), {}
    yield f"{code} fromlist tuple", mutate, (lambda b: b.fromlist(tuple(sample(code))),), {}
    yield f"{code} frombytes", mutate, (lambda b: b.frombytes(bytes(range(b.itemsize * 2))),), {}
    yield f"{code} frombytes odd", mutate, (lambda b: b.frombytes(bytes(b.itemsize * 2 + 1)),), {}
    yield f"{code} frombytes str", mutate, (lambda b: b.frombytes("ab"),), {}
    yield f"{code} fromunicode", mutate, (lambda b: b.fromunicode("xy"),), {}
    yield f"{code} tounicode", mutate, (lambda b: b.tounicode(),), {}
    yield f"{code} slice assign", mutate, (lambda b: b.__setitem__(slice(1, 3), make(code, sample(code))),), {}
    yield f"{code} slice assign list", mutate, (lambda b: b.__setitem__(slice(1, 3), sample(code)),), {}
    yield f"{code} slice assign self", mutate, (lambda b: b.__setitem__(slice(1, 3), b),), {}
    yield f"{code} ext slice assign", mutate, (lambda b: b.__setitem__(slice(None, None, 2), make(code, sample(code)[:3])),), {}
    yield f"{code} ext slice assign bad size", mutate, (lambda b: b.__setitem__(slice(None, None, 2), make(code, sample(code))),), {}
    yield f"{code} neg ext slice assign", mutate, (lambda b: b.__setitem__(slice(None, None, -2), make(code, sample(code)[:3])),), {}
    for s in (slice(1, 3), slice(None, None, 2), slice(None, None, -2), slice(4, 1, -1), slice(3, 1), slice(-100, 100, 3)):
        yield f"{code} del {s}", mutate, (lambda b, s=s: b.__delitem__(s),), {}
    yield f"{code} del item", mutate, (lambda b: b.__delitem__(-1),), {}
    yield f"{code} del out of range", mutate, (lambda b: b.__delitem__(10),), {}
    yield f"{code} setitem", mutate, (lambda b: b.__setitem__(-1, second),), {}
    yield f"{code} setitem out of range", mutate, (lambda b: b.__setitem__(5, second),), {}
    yield f"{code} concat/repeat", mutate, (lambda b: (b + b, b * 2, 2 * b, b * -1, b * 0),), {}
    yield f"{code} concat list", mutate, (lambda b: b + [1],), {}
    yield f"{code} concat other kind", mutate, (lambda b: b + make("d" if code != "d" else "f", []),), {}
    yield f"{code} iadd", mutate, (lambda b: b.__iadd__(b),), {}
    yield f"{code} iadd list", mutate, (lambda b: b.__iadd__([1]),), {}
    yield f"{code} imul", mutate, (lambda b: (b.__imul__(3), len(b), b.__imul__(0)),), {}
    yield f"{code} contains", mutate, (lambda b: (first in b, None in b, 12345 in b),), {}
    yield f"{code} copy", mutate, (lambda b: (b.__copy__(), b.__deepcopy__({}), type(b[:])),), {}
    yield f"{code} sizeof grows", mutate, (lambda b: b.__sizeof__() >= sys.getsizeof(make(code, [])) - 64,), {}
    for proto in range(pickle.HIGHEST_PROTOCOL + 1):
        yield f"{code} pickle {proto}", mutate, (lambda b, p=proto: pickle.loads(pickle.dumps(b, p)),), {}
    yield f"{code} reduce_ex 2", mutate, (lambda b: b.__reduce_ex__(2)[1:],), {}
    yield f"{code} reduce_ex 3", mutate, (lambda b: b.__reduce_ex__(3)[1:],), {}
    yield f"{code} reduce_ex bad", mutate, (lambda b: b.__reduce_ex__(3.0),), {}
    yield f"{code} iterator", mutate, (lambda b: (next(iter(b)), list(iter(b)), iter(b).__reduce__()[1:]),), {}
    yield f"{code} memoryview", mutate, (lambda b: (memoryview(b).format, memoryview(b).itemsize, memoryview(b).tolist()),), {}

    def exported(b, op):
        m = memoryview(b)
        try:
            return op(b)
        finally:
            m.release()

    for name, op in [("append", lambda b: b.append(first)), ("pop", lambda b: b.pop()),
                     ("extend", lambda b: b.extend(b)), ("slice same size", lambda b: b.__setitem__(slice(0, 2), b[2:4])),
                     ("slice resize", lambda b: b.__setitem__(slice(0, 2), b[:1])), ("del", lambda b: b.__delitem__(0)),
                     ("imul", lambda b: b.__imul__(2)), ("clear", lambda b: b.clear()), ("frombytes", lambda b: b.frombytes(bytes(b.itemsize))),
                     ("fromlist", lambda b: b.fromlist([first])), ("setitem", lambda b: b.__setitem__(0, second))]:
        yield f"{code} exported {name}", mutate, (lambda b, op=op: exported(b, op),), {}


def values(code):
    base = [0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769, 65535, 65536,
            2 ** 31 - 1, 2 ** 31, -2 ** 31, -2 ** 31 - 1, 2 ** 32 - 1, 2 ** 32, 2 ** 63 - 1, 2 ** 63, -2 ** 63,
            -2 ** 63 - 1, 2 ** 64 - 1, 2 ** 64, 2 ** 70, True, 1.5, "x", "xy", None, b"a", Index(5), Index(-5),
            Index(2 ** 64), BadIndex(), FloatLike(), float("nan"), float("inf"), 1e300, 10 ** 400, "\U0001f600", "",
            # Around the digits an int's value is read from inline (30-bit digits).
            2 ** 30 - 1, 2 ** 30, 2 ** 60 - 1, 2 ** 60, -2 ** 60, IntSubclass(2 ** 40), IntSubclass(-5)]
    return base


def cases(rng):
    for code in CODES:
        for v in values(code):
            yield f"new {code} {v!r:.30}", outcome, (lambda c=code, v=v: make(c, [v]),), {}
            yield f"setitem {code} {v!r:.30}", outcome, (lambda a, v=v: a.__setitem__(0, v), make(code, sample(code))), {}
        yield from seq_ops(code)
    # Constructors.
    for args in [(), ("",), ("ab",), ("x",), (1,), ("i", [1], 2), ("i", "abc"), ("i", b"abcd"), ("i", b"abc"),
                 ("i", bytearray(8)), ("i", (1, 2)), ("i", range(3)), ("i", iter([1, 2])), ("i", 5), ("i", None),
                 ("i", A.array("w", "ab")), ("i", A.array("i", [1])), ("i", A.array("d", [1.0])), ("w", "abc"),
                 ("w", ["a", "b"]), ("w", b"abcd"), ("w", A.array("w", "x")), ("d", A.array("i", [1, 2])),
                 ("\u20ac",), ("w", {1: 2}), ("i", {1: 2})]:
        label = args if not args or not isinstance(args[-1], type(iter([]))) else args[:-1] + ("iterator",)
        yield f"new {label!r:.50}", outcome, (lambda args=args: make(*args),), {}
    yield "new keywords", outcome, (lambda: A.array("i", initializer=[1]),), {}
    yield "subclass", outcome, (lambda: (repr(Sub("i", [1, 2])), type(Sub("i") + Sub("i")), type(Sub("i")[:]), Sub("i", [1]) == A.array("i", [1])),), {}
    yield "typecodes", lambda: (A.typecodes, A.ArrayType is A.array), (), {}
    yield "class_getitem", lambda: A.array[int], (), {}
    # Comparisons, fast and slow paths.
    for c1 in "bBiIqQdfw":
        for c2 in "bBiIqQdfw":
            for x, y in [([1, 2, 3], [1, 2, 3]), ([1, 2, 3], [1, 2]), ([1, 2], [1, 3]), ([3], [1, 2]), ([], [])]:
                if c1 == "w" or c2 == "w":
                    x, y = "".join(chr(97 + i) for i in x), "".join(chr(97 + i) for i in y)
                    if (c1 == "w") != (c2 == "w"):
                        continue
                elif c1 in "fd" or c2 in "fd":
                    pass
                a, b = make(c1, x), make(c2, y)
                yield f"compare {c1}{x} {c2}{y}", lambda a=a, b=b: (a == b, a != b, a < b, a <= b, a > b, a >= b), (), {}
    nan = float("nan")
    for c in "fd":
        a, b = make(c, [1.0, nan]), make(c, [1.0, nan])
        yield f"compare nan {c}", lambda a=a, b=b: (a == b, a != b, a < b, a <= b, a == a, a < make("d", [1.0, 2.0])), (), {}
        yield f"compare -0 {c}", lambda c=c: (make(c, [0.0]) == make(c, [-0.0]), make(c, [-0.0]) < make(c, [0.0])), (), {}
    yield "compare other", lambda: (make("i", [1]) == [1], make("i", []) == (), make("i", []).__lt__(1)), (), {}
    # Hostile items.
    target = make("i", [1, 2, 3])
    yield "mutating index on setitem", outcome, (lambda a: a.__setitem__(2, Mutator(a)), make("i", [1, 2, 3])), {}
    yield "mutating index on append", outcome, (lambda a: a.append(Mutator(a)), make("i", [1, 2, 3])), {}
    yield "mutating eq on count", outcome, (lambda a: a.count(Mutator(a)), make("i", [1, 2, 3])), {}
    yield "mutating eq on index", outcome, (lambda a: a.index(Mutator(a)), make("i", [1, 2, 3])), {}
    yield "mutating eq on contains", outcome, (lambda a: Mutator(a) in a, make("i", [1, 2, 3])), {}
    yield "mutating eq on remove", outcome, (lambda a: a.remove(Mutator(a)), make("i", [1, 2, 3])), {}
    yield "mutating extend", outcome, (lambda a: a.extend([1, Mutator(a), 3]), make("i", [1, 2, 3])), {}
    yield "mutating fromlist", outcome, (lambda a: a.fromlist([1, Mutator(a), 3]), make("i", [1, 2, 3])), {}
    yield from hostile_cases()
    yield from sizeof_cases()
    yield from reconstructor_cases()
    yield from overflow_cases()
    yield from type_name_cases()
    # Files.
    def fromfile(code, data, n):
        a = make(code, [])
        try:
            a.fromfile(io.BytesIO(data), n)
        except Exception as exc:
            return repr(a), type(exc).__name__, str(exc)
        return repr(a)
    for data, n in [(bytes(16), 2), (bytes(16), 4), (bytes(6), 2), (bytes(16), 0), (bytes(16), -1), (bytes(16), 2 ** 62)]:
        yield f"fromfile {len(data)} {n}", fromfile, ("i", data, n), {}
    yield "fromfile str io", outcome, (lambda: make("i", []).fromfile(io.StringIO("abcd"), 1),), {}
    yield "tofile", lambda: (lambda f: (make("d", range(20000)).tofile(f), len(f.getvalue())))(io.BytesIO()), (), {}
    yield "tofile bad", outcome, (lambda: make("i", [1]).tofile(io.StringIO()),), {}
    # Reconstructor.
    for args in [(A.array, "i", 8, b"\x01\x00\x00\x00"), (A.array, "i", 9, b"\x00\x00\x00\x01"), (A.array, "q", 10, bytes(8)),
                 (A.array, "b", 13, bytes(16)), (A.array, "d", 15, b"\x3f\x80\x00\x00"), (A.array, "f", 17, bytes(8)),
                 (A.array, "w", 18, "ab".encode("utf-16-le")), (A.array, "w", 21, "ab".encode("utf-32-be")),
                 (A.array, "x", 8, b""), (A.array, "i", 22, b""), (A.array, "i", -1, b"\x01\x00\x00\x00"), (int, "i", 8, b""),
                 (1, "i", 8, b""), (A.array, "i", 8, "abcd"), (A.array, "i", 8, b"abc"), (A.array, "i", 9, b"abc"), (Sub, "i", 8, b"abcd"),
                 (A.array, 1, 8, b""), (A.array, "ii", 8, b"")]:
        yield f"reconstructor {args!r:.60}", outcome, (lambda args=args: A._array_reconstructor(*args),), {}
    # Random round trips.
    for n in range(40):
        code = rng.choice(INT_CODES + "fd")
        size = make(code, []).itemsize
        data = bytes(rng.randrange(256) for _ in range(size * rng.randrange(0, 9)))
        yield f"random frombytes {code}", lambda c, d: (lambda a: (a.frombytes(d), repr(a) if c not in "fd" else a.tobytes(), a.tobytes() == d))(make(c, [])), (code, data), {}
        yield f"random compare {code}", lambda c, d: (lambda a, b: (a < b, a == b, a > b))(make(c, []), make(c, [])), (code, data), {}


# Re-entrant callbacks: C reads lengths after every call into Python.
ACTIONS = {
    "clear": lambda a: a.__delitem__(slice(None)),
    "shrink": lambda a: a.__delitem__(slice(3, None)),
    "grow": lambda a: len(a) < 100 and a.extend(range(40)),  # bounded: a search must end
}


def hostile(make_array, op, action):
    """`op(a, hook)` where `hook(value)` makes a Hook whose callback does
    `action` to `a`: the outcome, the array, and how often the hook ran."""
    a = make_array()
    hooks = []

    def hook(value):
        h = Hook(value, lambda: ACTIONS[action](a))
        hooks.append(h)
        return h

    result, _ = outcome(op, a, hook)
    return result, repr(a), [h.calls for h in hooks]


def hostile_cases():
    big = lambda: make("i", range(32))  # noqa: E731  (C frees its block when cleared)
    small = lambda: make("i", range(10))  # noqa: E731  (C keeps its block: stores stay in it)
    small_d = lambda: make("d", range(10))  # noqa: E731
    ops_any_size = {
        "a[I():8]": lambda a, h: a[h(2):8],
        "a[2:I()]": lambda a, h: a[2:h(30)],
        "a[::I()]": lambda a, h: a[::h(3)],
        "a[I():J()] = b": lambda a, h: a.__setitem__(slice(h(2), h(30)), make("i", range(5))),
        "a[I():J()] = a": lambda a, h: a.__setitem__(slice(h(2), h(30)), a),
        "a[I():J():2] = b": lambda a, h: a.__setitem__(slice(h(0), h(6), 2), make("i", range(3))),
        "del a[2:I()]": lambda a, h: a.__delitem__(slice(2, h(8))),
        "del a[0:20:I()]": lambda a, h: a.__delitem__(slice(0, 20, h(2))),
        "del a[I():0:-3]": lambda a, h: a.__delitem__(slice(h(30), 0, -3)),
        "a[I()]": lambda a, h: a[h(5)],
        "a[I()] neg": lambda a, h: a[h(-1)],
        "a[I()] = x": lambda a, h: a.__setitem__(h(5), 7),
        "del a[I()]": lambda a, h: a.__delitem__(h(5)),
        "a.pop(I())": lambda a, h: a.pop(h(5)),
        "a.pop(I()) neg": lambda a, h: a.pop(h(-2)),
        "a.insert(I(), x)": lambda a, h: a.insert(h(5), 7),
        "a.remove(E) true": lambda a, h: a.remove(h(True)),
        "a.remove(E) false": lambda a, h: a.remove(h(False)),
        "a.index(E) true": lambda a, h: a.index(h(True)),
        "a.index(E) false": lambda a, h: a.index(h(False)),
        "a.index(x, I(), J())": lambda a, h: a.index(31, h(-5), h(40)),
        "a.count(E)": lambda a, h: a.count(h(True)),
        "E in a": lambda a, h: h(False) in a,
        "a.extend(iterator)": lambda a, h: a.extend(x if x != 2 else (ACTIONS["clear"](a) or 2) for x in range(5)),
    }
    for name, op in ops_any_size.items():
        for action in ACTIONS:
            for size, factory in (("big", big), ("small", small)):
                yield f"hostile {name} {action} {size}", hostile, (factory, op, action), {}
    # Values whose conversion changes the array they are stored into: C
    # stores where the item was, so these run on small arrays only (a big
    # one, cleared, has no storage left in C, and stock would crash).
    stores = {
        "a.fromlist(hooks)": lambda a, h: a.fromlist([1, h(2), 3]),
        "a.extend(hooks)": lambda a, h: a.extend([1, h(2), 3]),
        "a == b after insert(V)": lambda a, h: (a.insert(0, h(1)), a == make(a.typecode, range(10))),
        "a[i] = V": lambda a, h: a.__setitem__(5, h(9)),
        "a[i:j] = array": lambda a, h: a.__setitem__(slice(1, 3), make(a.typecode, [h(1), h(2)])),
        "a.append(V)": lambda a, h: a.append(h(9)),
        "a.insert(i, V)": lambda a, h: a.insert(2, h(9)),
        "a.extend([V])": lambda a, h: a.extend([1, h(9)]),
        "a.fromlist([V])": lambda a, h: a.fromlist([1, h(9), 2]),
        "a += array([V])": lambda a, h: a.__iadd__(make(a.typecode, [h(9)])),
    }
    for name, op in stores.items():
        for action in ("shrink", "grow", "clear"):
            if action == "grow" and "fromlist" in name:
                continue  # C leaves unwritten items in the grown array
            for label, factory in (("i", small), ("d", small_d)):
                yield f"hostile store {name} {action} {label}", hostile, (factory, op, action), {}


def sizes(code, steps):
    """sys.getsizeof after each step of `steps(a)` (a generator of ops)."""
    a = make(code, [])
    out = [sys.getsizeof(a)]
    for step in steps:
        try:
            step(a)
        except Exception as exc:
            out.append(type(exc).__name__)
        out.append((len(a), sys.getsizeof(a)))
    return out


def sizeof_cases():
    for code in "bihqd":
        yield f"sizeof appends {code}", sizes, (code, [lambda a: a.append(1)] * 100), {}
        yield f"sizeof inserts {code}", sizes, (code, [lambda a: a.insert(0, 1)] * 40), {}
        yield f"sizeof extend {code}", sizes, (code, [lambda a, k=k: a.extend(range(k)) for k in (1, 3, 7, 15, 100, 1000, 0)]), {}
        yield f"sizeof extend array {code}", sizes, (code, [lambda a, k=k: a.extend(make(code, range(k))) for k in (1, 3, 7, 15, 100, 1000, 0)]), {}
        yield f"sizeof iadd self {code}", sizes, (code, [lambda a: a.append(1)] + [lambda a: a.__iadd__(a)] * 8), {}
        yield f"sizeof frombytes {code}", sizes, (code, [lambda a, k=k: a.frombytes(bytes(k * a.itemsize)) for k in (1, 2, 5, 30, 500, 0)]), {}
        yield f"sizeof fromlist {code}", sizes, (code, [lambda a, k=k: a.fromlist(list(range(k))) for k in (1, 2, 5, 30, 500, 0)]), {}
        yield f"sizeof imul {code}", sizes, (code, [lambda a: a.extend(range(3))] + [lambda a, k=k: a.__imul__(k) for k in (2, 3, 1, 5, 0, 4)]), {}
        yield f"sizeof del slices {code}", sizes, (code, [lambda a: a.extend(range(1000)), lambda a: a.__delitem__(slice(10, None)),
                                                         lambda a: a.__delitem__(slice(2, 5)), lambda a: a.__delitem__(slice(None, None, 2)),
                                                         lambda a: a.extend(range(100)), lambda a: a.__delitem__(slice(None, None, -3)),
                                                         lambda a: a.__delitem__(slice(0, 1)), lambda a: a.clear(), lambda a: a.append(1)]), {}
        yield f"sizeof pops {code}", sizes, (code, [lambda a: a.extend(range(100))] + [lambda a: a.pop()] * 100), {}
        yield f"sizeof removes {code}", sizes, (code, [lambda a: a.extend(range(50))] + [lambda a, k=k: a.remove(k) for k in range(50)]), {}
        yield f"sizeof slice assign {code}", sizes, (code, [lambda a: a.extend(range(100)), lambda a: a.__setitem__(slice(10, 90), make(code, [1])),
                                                           lambda a: a.__setitem__(slice(0, 1), make(code, range(500))),
                                                           lambda a: a.__setitem__(slice(0, 400), a)]), {}
        yield f"sizeof new {code}", lambda code=code: [sys.getsizeof(x) for x in (
            make(code, []), make(code, [1, 2, 3]), make(code, range(5)), make(code, iter(range(100))), make(code, bytes(8 * 3)),
            make(code, bytearray(8 * 40)), make(code, make(code, [1, 2])), make(code, range(20))[1:15], make(code, range(20))[::3],
            make(code, [1]) * 7, make(code, [1, 2]) + make(code, [3]), make(code, [1]).__copy__(), make(code, [])[:])], (), {}
    for code in "uw":
        yield f"sizeof unicode {code}", lambda code=code: [sys.getsizeof(x) for x in (make(code, ""), make(code, "abc"), make(code, "x" * 100))], (), {}
        yield f"sizeof fromunicode {code}", sizes, (code, [lambda a, k=k: a.fromunicode("y" * k) for k in (1, 5, 0, 100, 3)]), {}
    big = lambda: make("d", range(10 ** 6))  # noqa: E731
    yield "sizeof del big tail", lambda: (lambda a: (a.__delitem__(slice(10, None)), sys.getsizeof(a)))(big()), (), {}
    yield "sizeof clear big", lambda: (lambda a: (a.clear(), sys.getsizeof(a)))(big()), (), {}
    yield "sizeof pop big", lambda: (lambda a: (a.pop(), sys.getsizeof(a)))(big()), (), {}
    yield "gc tracked", lambda: (__import__("gc").is_tracked(make("b", [])), __import__("gc").is_tracked(iter(make("b", [])))), (), {}
    yield "basicsize", lambda: (A.array.__basicsize__, type(iter(make("b", []))).__basicsize__, A.array.__itemsize__), (), {}


def reconstructor_cases():
    contents = [b"", b"A", b"A\x00", b"A\x00\x00", b"A\x00\x00\x00", b"\x00\x00\x00A" * 2, b"A\x00\x00\x00B\x00\x00\x00",
                b"\x00\xd8", b"\xd8\x00", b"\x00\xd8\x00\x00", b"\x00\x00\xd8\x00", b"\x3d\xd8\x00\xde", b"\xd8\x3d\xde\x00",
                b"\xff\xff\x10\x00", b"\x00\x10\xff\xff", b"\x00\x00\x11\x00", bytes(range(16))]
    for code in CODES:
        for mformat in range(-1, 23):
            for items in contents:
                def reconstruct(code=code, mformat=mformat, items=items):
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", DeprecationWarning)
                        a = A._array_reconstructor(A.array, code, mformat, items)
                        return a.typecode, a.tobytes() if a.typecode in "uw" else a.tolist()
                yield f"reconstruct {code} {mformat} {items!r}", outcome, (reconstruct,), {}


def overflow_cases():
    huge = [2 ** 63, 2 ** 70, -2 ** 70, Index(2 ** 70), 1.5, "x"]
    for n in huge:
        yield f"pop({n!r})", outcome, (lambda a, n=n: a.pop(n), make("i", [1, 2])), {}
        yield f"insert({n!r})", outcome, (lambda a, n=n: a.insert(n, 5), make("i", [1, 2])), {}
        yield f"fromfile({n!r})", outcome, (lambda a, n=n: a.fromfile(io.BytesIO(bytes(8)), n), make("i", [1, 2])), {}
        yield f"iterator setstate({n!r})", outcome, (lambda n=n: iter(make("i", [1, 2])).__setstate__(n),), {}
        yield f"a[{n!r}]", outcome, (lambda a, n=n: a[n], make("i", [1, 2])), {}
        yield f"index(x, {n!r})", outcome, (lambda a, n=n: a.index(1, n), make("i", [1, 2])), {}
    yield "iterator setstate exhausted", outcome, (lambda: (lambda it: (list(it), it.__setstate__(0), list(it)))(iter(make("i", [1, 2]))),), {}
    yield "iterator setstate past end", outcome, (lambda: (lambda it: (it.__setstate__(5), list(it)))(iter(make("i", [1, 2]))),), {}

    def exported_imul(n):
        a = make("b", [1])
        m = memoryview(a)
        try:
            a *= n
        finally:
            m.release()
        return a
    for n in (2 ** 40, 2 ** 62, 0, 2, sys.maxsize):
        yield f"exported imul {n}", outcome, (exported_imul, n), {}
    for code in "bd":
        for n in (sys.maxsize, 2 ** 62, 2 ** 40):
            yield f"repeat {code} empty * {n}", outcome, (lambda c=code, n=n: len(make(c, []) * n),), {}
            yield f"repeat {code} * {n}", outcome, (lambda c=code, n=n: len(make(c, [1, 2]) * n),), {}
            yield f"irepeat {code} * {n}", outcome, (lambda c=code, n=n: len(make(c, [1, 2]).__imul__(n)),), {}
    yield "repeat doubling", lambda: [make("h", range(k)) * n for k in (1, 3) for n in (0, 1, 2, 5, 17)], (), {}

    def reimported():
        saved = sys.modules.pop("array")
        try:
            other = __import__("array")
        finally:
            sys.modules["array"] = saved
        a, b = A.array("i", [1]), other.array("i", [1])
        ops = {
            "==": lambda: a == b, "!=": lambda: a != b, "<": lambda: a < b, "+": lambda: a + b,
            "+=": lambda: a.__iadd__(b), "extend": lambda: a.extend(b), "slice assign": lambda: a.__setitem__(slice(0, 1), b),
            "new from": lambda: A.array("i", b), "new from w": lambda: A.array("i", other.array("w", "ab")),
            "reconstructor": lambda: A._array_reconstructor(other.array, "i", 8, bytes(4)),
            "types": lambda: (type(a) is type(b), isinstance(b, A.array)),
        }
        return {name: outcome(op)[0] for name, op in ops.items()}, repr(a)
    yield "arrays of a re-imported module", reimported, (), {}


def type_name_cases():
    # C cuts a type's name in messages: "%.200s", and "%.50s" (None for
    # None) in the typecode converter's.
    Long = type("L" * 300, (), {})
    ops = {
        "new": lambda: A.array(Long()), "new None": lambda: A.array(None),
        "reconstructor typecode": lambda: A._array_reconstructor(A.array, Long(), 8, b""),
        "reconstructor typecode None": lambda: A._array_reconstructor(A.array, None, 8, b""),
        "reconstructor type": lambda: A._array_reconstructor(Long(), "i", 8, b""),
        "reconstructor items": lambda: A._array_reconstructor(A.array, "i", 8, Long()),
        "+": lambda: make("i", [1]) + Long(), "+=": lambda: make("i", [1]).__iadd__(Long()),
        "slice assign": lambda: make("i", [1]).__setitem__(slice(0, 1), Long()),
    }
    for label, op in ops.items():
        yield f"long type name: {label}", outcome, (op,), {}
