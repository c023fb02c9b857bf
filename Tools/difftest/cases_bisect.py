"""Differential cases for _bisect: (label, function, args, kwargs)."""

import sys
from collections import deque

import _bisect as B

from ordering import ACTIONS, LOG, BadBool, Item, hostile, item_type, logged_key, observed

from hostile import Index, BadIndex

SEARCHES = {"bisect_right": B.bisect_right, "bisect_left": B.bisect_left}
INSORTS = {"insort_right": B.insort_right, "insort_left": B.insort_left}
FUNCTIONS = {**SEARCHES, **INSORTS}
# insort as a case: the result, the list afterwards, the comparisons made.
OBSERVED = {name: observed(func) for name, func in FUNCTIONS.items()}


class IntSubclass(int):
    pass


class SubclassIndex:
    def __index__(self):
        return IntSubclass(2)

    def __repr__(self):
        return "SubclassIndex()"


class Seq:
    """A sequence by __len__/__getitem__, logging item access and insert."""

    def __init__(self, values):
        self.values = list(values)

    def __len__(self):
        LOG.append("len")
        return len(self.values)

    def __getitem__(self, i):
        LOG.append(f"[{i}]")
        return self.values[i]

    def insert(self, i, x):
        LOG.append(f"insert({i!r}, {x!r})")
        self.values.insert(i, x)

    def __repr__(self):
        return f"Seq({self.values!r})"


class BadLen(Seq):
    def __len__(self):
        raise KeyError("hostile __len__")


class BadGetitem(Seq):
    def __getitem__(self, i):
        if i == 1:
            raise LookupError("hostile __getitem__")
        return super().__getitem__(i)


class NoInsert:
    def __init__(self, values):
        self.values = list(values)

    def __len__(self):
        return len(self.values)

    def __getitem__(self, i):
        return self.values[i]

    def __repr__(self):
        return "NoInsert()"


class LoggingList(list):
    """A list subclass with its own insert: insort must call it."""

    def insert(self, i, x):
        LOG.append(f"LoggingList.insert({i!r}, {x!r})")
        super().insert(i, x)


class RaisingInsert(list):
    def insert(self, i, x):
        raise OSError("hostile insert")


class Mapping:
    def __getitem__(self, key):
        return 0

    def keys(self):
        return []

    def __repr__(self):
        return "Mapping()"


class LongNamedSequenceClassWhoseNameGoesOnAndOnSoThatErrorMessagesMustTruncateItAtTwoHundredCharactersExactlyLikeTheCFormatDoesWithPercentPointTwoHundredSAndNotOneCharacterMoreThanThatOtherwiseTheMessagesWouldDifferBetweenTheBuilds:
    def __len__(self):
        return 3


def ordinary(rng):
    ints = sorted(rng.randrange(-50, 50) for _ in range(40))
    for name, func in SEARCHES.items():
        for n in (0, 1, 2, 3, 7, 8, 100):
            a = sorted(rng.randrange(-20, 20) for _ in range(n))
            for x in (-21, -20, 0, 5, 19, 20, 0.5, True):
                yield f"{name} n={n} x={x!r}", func, (a, x), {}
        for lo, hi in ((0, None), (3, 10), (10, 3), (0, 0), (39, 40), (40, 40), (50, 60), (5, -1), (5, -2),
                       (0, -(2 ** 63)), (Index(2), Index(30)), (True, False), (IntSubclass(1), None)):
            for x in (ints[0], ints[17], 100, -100):
                yield f"{name} ints x={x} lo={lo!r} hi={hi!r}", func, (ints, x, lo, hi), {}
                yield f"{name} ints x={x} lo={lo!r} hi={hi!r} by keyword", func, (), {"a": ints, "x": x, "lo": lo, "hi": hi}
        dup = [1, 2, 2, 2, 2, 3, 3, 5]
        for x in (0, 1, 2, 3, 4, 5, 6, 2.0, 2.5):
            yield f"{name} duplicates x={x!r}", func, (dup, x), {}
        for seq_name, seq in (("tuple", tuple(ints)), ("range", range(0, 100, 3)), ("str", "abcdeffghz"),
                              ("bytes", b"abcdeffghz"), ("deque", deque(ints))):
            x = seq[len(seq) // 3]
            yield f"{name} {seq_name}", func, (seq, x), {}
            yield f"{name} {seq_name} lo=1 hi=5", func, (seq, x, 1, 5), {}
        words = sorted(["apple", "Banana", "cherry", "date", "Elder", "fig"], key=str.lower)
        yield f"{name} key=str.lower", func, (words, "Cherry"), {"key": str.lower}
        yield f"{name} key=None", func, (words, "cherry"), {"key": None}
        pairs = sorted((rng.randrange(10), rng.randrange(10)) for _ in range(20))
        yield f"{name} tuples", func, (pairs, (5, 5)), {}
        yield f"{name} key=itemgetter", func, (pairs, 5), {"key": lambda p: p[0]}
        floats = sorted(rng.uniform(-1e9, 1e9) for _ in range(30))
        yield f"{name} floats", func, (floats, floats[11]), {}
        yield f"{name} nan", func, ([1.0, 2.0, float("nan"), 4.0], float("nan")), {}
    for name, func in OBSERVED.items():
        for x, lo, hi in ((5, 0, None), (-1, 0, None), (99, 0, None), (5, 2, 4), (5, 20, None), (5, 3, 1)):
            a = list(range(0, 20, 2))
            yield f"{name} list x={x} lo={lo} hi={hi}", func, (a, x, lo, hi), {}
        yield f"{name} key logged", func, ([Item(i) for i in range(6)], Item(3)), {"key": logged_key(lambda it: it.v, "key")}
        yield f"{name} Item list", func, ([Item(i) for i in range(0, 12, 3)], Item(6)), {}


def boundary(rng):
    big = list(range(1000))
    for name, func in SEARCHES.items():
        for lo, hi in ((0, 2 ** 31), (2 ** 62, 2 ** 62 + 2), (sys.maxsize - 2, sys.maxsize), (sys.maxsize, sys.maxsize),
                       (0, sys.maxsize), (999, 1000), (1000, 1000), (0, 1001), (998, 1001), (sys.maxsize - 1, -1)):
            yield f"{name} lo={lo} hi={hi}", func, (big, 500, lo, hi), {}
        for lo in (2 ** 63, -(2 ** 63) - 1, 2 ** 100, -1, -(2 ** 63), Index(-1), Index(2 ** 64)):
            yield f"{name} lo={lo!r}", func, (big, 500, lo), {}
        for hi in (2 ** 63, -(2 ** 63) - 1, 2 ** 100, Index(2 ** 64)):
            yield f"{name} hi={hi!r}", func, (big, 500, 0, hi), {}
        yield f"{name} empty", func, ([], 1), {}
        yield f"{name} empty lo=5", func, ([], 1, 5), {}
    for name, func in OBSERVED.items():
        yield f"{name} lo past the end", func, ([1, 2, 3], 4, 10), {}
        yield f"{name} hi past the end", func, ([1, 2, 3], 4, 0, 10), {}
        yield f"{name} empty", func, ([], 1), {}
        yield f"{name} hi=-1 means len", func, ([1, 2, 3], 0, 0, -1), {}
        yield f"{name} hi=-5", func, ([1, 2, 3], 0, 2, -5), {}
        yield f"{name} hi=0", func, ([1, 2, 3], 9, 0, 0), {}


def invalid(rng):
    for name, func in FUNCTIONS.items():
        yield f"{name} no args", func, (), {}
        yield f"{name} one arg", func, ([1],), {}
        yield f"{name} five positional", func, ([1], 1, 0, 1, None), {}
        yield f"{name} unknown keyword", func, ([1], 1), {"k": 1}
        yield f"{name} duplicate a", func, ([1], 1), {"a": [1]}
        yield f"{name} key positional", func, ([1], 1, 0, None, len), {}
        for lo in ("1", 1.0, None, BadIndex(), [], 1j, SubclassIndex()):
            yield f"{name} lo={lo!r}", func, ([1, 2, 3], 2, lo), {}
        for hi in ("1", 1.5, BadIndex(), [], SubclassIndex(), Index(2)):
            yield f"{name} hi={hi!r}", func, ([1, 2, 3], 2, 0, hi), {}
        yield f"{name} lo and hi bad", func, ([1, 2, 3], 2, "lo", "hi"), {}
        yield f"{name} negative lo with bad sequence", func, (5, 2, -1), {}
        for seq_name, seq in (("int", 5), ("None", None), ("dict", {1: 1}), ("set", {1, 2}), ("mapping", Mapping()),
                              ("long name", LongNamedSequenceClassWhoseNameGoesOnAndOnSoThatErrorMessagesMustTruncateItAtTwoHundredCharactersExactlyLikeTheCFormatDoesWithPercentPointTwoHundredSAndNotOneCharacterMoreThanThatOtherwiseTheMessagesWouldDifferBetweenTheBuilds()),
                              ("iterator", iter([1, 2]))):
            yield f"{name} {seq_name}", func, (seq, 1), {}
            yield f"{name} {seq_name} with hi", func, (seq, 1, 0, 2), {}
        yield f"{name} uncomparable", func, ([1, 2, 3], "2"), {}
        yield f"{name} mixed list", func, ([1, "a", 3], 2), {}
        yield f"{name} key not callable", func, ([1, 2, 3], 2), {"key": 5}
        yield f"{name} key raises", func, ([1, 2, 3], 2), {"key": lambda v: 1 / 0}
        yield f"{name} key on empty", func, ([], 2), {"key": lambda v: 1 / 0}
        yield f"{name} key wrong arity", func, ([1, 2, 3], 2), {"key": lambda: 0}


def hostile_cases(rng):
    for name, func in OBSERVED.items():
        for action_name, action in ACTIONS.items():
            for n in (1, 2, 9):
                a, cls = hostile(range(0, 2 * n, 2), action)
                yield f"{name} {action_name} n={n}", func, (a, cls(n)), {}
            a, cls = hostile(range(10), action)
            yield f"{name} {action_name} key", func, (a, cls(3)), {"key": logged_key(lambda it: it, "key")}
            a, cls = hostile(range(10), action)
            yield f"{name} {action_name} x of another type", func, (a, 4), {}
            a, cls = hostile(range(10), action)
            yield f"{name} {action_name} Item x", func, (a, Item(4)), {}
        # Items of two classes: no fast path, reflected operations.
        a = [item_type("A")(i) for i in range(8)]
        yield f"{name} two classes", func, (a, item_type("B")(3)), {}
        yield f"{name} BadBool from a key result", func, ([1, 2, 3], 2), {"key": lambda v: Item(BadBool())}
        for seq_name, make in (("Seq", Seq), ("BadLen", BadLen), ("BadGetitem", BadGetitem), ("NoInsert", NoInsert),
                               ("LoggingList", LoggingList), ("RaisingInsert", RaisingInsert), ("deque", deque),
                               ("tuple", tuple)):
            yield f"{name} {seq_name}", func, (make(range(10)), 4), {}
            yield f"{name} {seq_name} hi=5", func, (make(range(10)), 4, 0, 5), {}
            yield f"{name} {seq_name} hi past the end", func, (make(range(10)), 4, 0, 12), {}
        # A key that mutates the list being searched.
        a = list(range(10))
        yield f"{name} key clears", func, (a, 4), {"key": lambda v: (a.clear(), v)[1]}
        b = list(range(10))
        yield f"{name} key appends", func, (b, 4), {"key": lambda v: (b.append(v), v)[1]}
        yield f"{name} recursion", func, recursive_search(FUNCTIONS[name]), {}


def recursive_search(func):
    """Arguments whose `<` calls func again, until RecursionError."""
    def action(lst, call, a, b):
        try:
            func(lst, type(a)(5))
        except RecursionError as exc:
            LOG.clear()
            LOG.append(f"RecursionError: {exc}")
            raise
    lst, cls = hostile(range(10), action, "Recursive")
    return lst, cls(5)


class MutatingIndex:
    """An index whose __index__ first mutates the list under search."""

    def __init__(self, lst, value, mutate):
        self.lst, self.value, self.mutate = lst, value, mutate

    def __index__(self):
        LOG.append(f"__index__ -> {self.value}")
        self.mutate(self.lst)
        return self.value

    def __repr__(self):
        return f"MutatingIndex({self.value})"


class LenSeq(Seq):
    """A sequence whose __len__ returns `length` (anything)."""

    def __init__(self, values, length):
        super().__init__(values)
        self.length = length

    def __len__(self):
        LOG.append("len")
        return self.length


class ShrinkingSeq(Seq):
    """Each item access removes the last item."""

    def __getitem__(self, i):
        item = super().__getitem__(i)
        self.values.pop()
        return item


class IndexErrorAt(Seq):
    """__getitem__ raises IndexError past `stop` (a lying __len__)."""

    def __init__(self, values, stop):
        super().__init__(values)
        self.stop = stop

    def __getitem__(self, i):
        if i >= self.stop:
            raise IndexError(f"hostile index {i}")
        return super().__getitem__(i)


def mutating_cases(rng):
    """Callbacks beyond __lt__ that mutate the list: lo/hi's __index__, key
    functions; sequences whose __len__ and __getitem__ misbehave."""
    mutations = {
        "clear": list.clear,
        "append": lambda lst: lst.append(100),
        "extend": lambda lst: lst.extend(range(100, 120)),
        "pop": lambda lst: lst.pop() if lst else None,
        "shrink to 2": lambda lst: lst.__delitem__(slice(2, None)),
    }
    for name, func in OBSERVED.items():
        for mutation_name, mutate in mutations.items():
            for lo, hi in ((None, 8), (2, None), (None, -1), (None, 3), (9, None)):
                a = list(range(10))
                args = [a, 4, 0 if lo is None else MutatingIndex(a, lo, mutate)]
                if hi is not None:
                    args.append(MutatingIndex(a, hi, mutate))
                yield f"{name} {mutation_name} in __index__ lo={lo} hi={hi}", func, tuple(args), {}
                a = list(range(10))
                kwargs = {"hi": MutatingIndex(a, hi, mutate)} if hi is not None else {"lo": MutatingIndex(a, lo, mutate)}
                yield f"{name} {mutation_name} in __index__ lo={lo} hi={hi} key", func, (a, 4), \
                    {**kwargs, "key": logged_key(lambda v: v, "key")}
            for call in (1, 2, 3):
                a = list(range(10))
                calls = [0]

                def key(v, a=a, calls=calls, call=call, mutate=mutate):
                    calls[0] += 1
                    LOG.append(f"key({v!r})")
                    if calls[0] == call:
                        mutate(a)
                    return v
                yield f"{name} key {mutation_name} on call {call}", func, (a, 4), {"key": key}
            for n in (1, 2, 9):
                a, cls = hostile(range(0, 2 * n, 2), lambda lst, c, x, y, m=mutate: m(lst) if c == 1 else None)
                yield f"{name} __lt__ {mutation_name} n={n}", func, (a, cls(n)), {}
                a, cls = hostile(range(0, 2 * n, 2), lambda lst, c, x, y, m=mutate: m(lst) if c == 2 else None)
                yield f"{name} __lt__ {mutation_name} on 2 key n={n}", func, (a, cls(n)), \
                    {"key": logged_key(lambda it: it, "key")}
        for length in (-1, 2**63, 2**100, 1.5, "3", None, 0, 20, True):
            yield f"{name} __len__ -> {length!r}", func, (LenSeq(range(10), length), 4), {}
        for stop in (0, 3, 5):
            yield f"{name} IndexError at {stop}", func, (IndexErrorAt(range(10), stop), 4), {}
            yield f"{name} IndexError at {stop} key", func, (IndexErrorAt(range(10), stop), 4), \
                {"key": logged_key(lambda v: v, "key")}
        yield f"{name} shrinking sequence", func, (ShrinkingSeq(range(10)), 4), {}
        yield f"{name} shrinking sequence hi", func, (ShrinkingSeq(range(10)), 4, 0, 10), {}


def cases(rng):
    yield from ordinary(rng)
    yield from boundary(rng)
    yield from invalid(rng)
    yield from hostile_cases(rng)
    yield from mutating_cases(rng)
