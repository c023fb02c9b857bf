"""Differential cases for _heapq: (label, function, args, kwargs)."""

import _heapq as H

from ordering import ACTIONS, LOG, BadBool, Item, clear_on, hostile, item_type, observed

# name: (function, takes an item)
FUNCTIONS = {
    "heappush": (H.heappush, True),
    "heappop": (H.heappop, False),
    "heapreplace": (H.heapreplace, True),
    "heappushpop": (H.heappushpop, True),
    "heapify": (H.heapify, False),
    "_heappop_max": (H._heappop_max, False),
    "_heapreplace_max": (H._heapreplace_max, True),
    "_heapify_max": (H._heapify_max, False),
}
# Each as a case: the result, the list afterwards, the comparisons made.
OBSERVED = {name: observed(func) for name, (func, _) in FUNCTIONS.items()}


class ListSubclass(list):
    def __repr__(self):
        return f"ListSubclass({list(self)!r})"


def drain(pop, heap):
    """Every item popped, in order (a heap sort)."""
    return [pop(heap) for _ in range(len(heap))]


def push_all(push, items):
    heap = []
    for item in items:
        push(heap, item)
    return heap


def sort_by_replace(replace, heap, items):
    return [replace(heap, item) for item in items], heap


def pushpop_all(heap, items):
    return [H.heappushpop(heap, item) for item in items], heap


def heapified(heapify, items):
    heap = list(items)
    heapify(heap)
    return heap


def ordinary(rng):
    for n in (0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 100, 1000, 2500, 2501, 2502, 4095, 4096, 5000, 20000):
        values = [rng.randrange(n * 2 + 1) for _ in range(n)]
        for name in ("heapify", "_heapify_max"):
            yield f"{name} n={n}", heapified, (FUNCTIONS[name][0], values), {}
        yield f"heappush all n={n}", push_all, (H.heappush, values), {}
        heap = heapified(H.heapify, values)
        yield f"heappop all n={n}", drain, (H.heappop, heap), {}
        heap = heapified(H._heapify_max, values)
        yield f"_heappop_max all n={n}", drain, (H._heappop_max, heap), {}
        if n:
            more = [rng.randrange(n * 2 + 1) for _ in range(n)]
            yield f"heapreplace n={n}", sort_by_replace, (H.heapreplace, heapified(H.heapify, values), more), {}
            yield f"_heapreplace_max n={n}", sort_by_replace, (H._heapreplace_max, heapified(H._heapify_max, values), more), {}
        yield f"heappushpop n={n}", pushpop_all, (heapified(H.heapify, values), values[::-1]), {}
    for kind, values in (("floats", [rng.uniform(-1, 1) for _ in range(300)]),
                         ("strings", [str(rng.randrange(1000)) for _ in range(300)]),
                         ("tuples", [(rng.randrange(5), rng.randrange(5)) for _ in range(300)]),
                         ("Items", [Item(rng.randrange(50)) for _ in range(60)]),
                         ("nan", [1.0, float("nan"), 0.5, float("nan"), -2.0, 3.0])):
        for name in ("heapify", "_heapify_max"):
            yield f"{name} {kind}", OBSERVED[name], (list(values),), {}
        yield f"heappop all {kind}", drain, (H.heappop, heapified(H.heapify, values)), {}
        yield f"_heappop_max all {kind}", drain, (H._heappop_max, heapified(H._heapify_max, values)), {}
        yield f"heappush all {kind}", push_all, (H.heappush, values), {}
    sub = ListSubclass([5, 3, 8, 1])
    yield "heapify list subclass", OBSERVED["heapify"], (sub,), {}
    yield "heappush list subclass", OBSERVED["heappush"], (ListSubclass([1, 2]), 0), {}
    yield "heappushpop smaller", OBSERVED["heappushpop"], ([1, 2, 3], 0), {}
    yield "heappushpop equal", OBSERVED["heappushpop"], ([1, 2, 3], 1), {}
    yield "heappushpop empty", OBSERVED["heappushpop"], ([], 1), {}


def invalid(rng):
    for name, (func, takes_item) in FUNCTIONS.items():
        args = ([1, 2],) + ((0,) if takes_item else ())
        yield f"{name} no args", func, (), {}
        yield f"{name} too many", func, args + (1,), {}
        yield f"{name} keyword", func, args, {"heap": [1]}
        for bad in ((1, 2), None, 5, "ab", {1: 2}, range(3), bytearray(b"ab")):
            yield f"{name} {type(bad).__name__}", func, (bad,) + args[1:], {}
        if not takes_item:
            yield f"{name} empty", OBSERVED[name], ([],), {}
    yield "heapreplace empty", OBSERVED["heapreplace"], ([], 1), {}
    yield "_heapreplace_max empty", OBSERVED["_heapreplace_max"], ([], 1), {}
    for name in ("heappush", "heappushpop", "heapreplace", "_heapreplace_max"):
        yield f"{name} uncomparable", OBSERVED[name], ([1, 2, 3], "x"), {}
    for name in ("heapify", "_heapify_max", "heappop", "_heappop_max"):
        yield f"{name} uncomparable", OBSERVED[name], ([3, "x", 1, None],), {}
        yield f"{name} BadBool", OBSERVED[name], ([Item(BadBool()), Item(1), Item(2)],), {}


def hostile_cases(rng):
    for action_name, action in ACTIONS.items():
        for n in (2, 3, 10, 40, 3000):
            values = [rng.randrange(100) for _ in range(n)]
            for name, (_, takes_item) in FUNCTIONS.items():
                if n == 3000 and name not in ("heapify", "_heapify_max"):
                    continue
                heap, cls = hostile(values, action)
                args = (heap, cls(50)) if takes_item else (heap,)
                yield f"{name} {action_name} n={n}", OBSERVED[name], args, {}
    # The list emptied by a comparison: the order in which the module
    # releases the items it compared shows in their __del__.
    for n in (2, 3, 5, 10, 40):
        for call in (1, 2, 4):
            for name, (_, takes_item) in FUNCTIONS.items():
                heap, cls = hostile(range(n, 0, -1), clear_on(call), "Mortal", log_del=True)
                args = (heap, cls(0)) if takes_item else (heap,)
                yield f"{name} clear, __del__ order n={n} call={call}", OBSERVED[name], args, {}
    # Items of two classes: reflected operations.
    a, b = item_type("A"), item_type("B")
    mixed = [a(3), b(1), a(4), b(1), a(5), b(9), a(2), b(6)]
    for name, (_, takes_item) in FUNCTIONS.items():
        args = (list(mixed), b(0)) if takes_item else (list(mixed),)
        yield f"{name} two classes", OBSERVED[name], args, {}


class OverridingList(list):
    """A list subclass whose Python-level protocol lies: C works on the
    list's own storage, never through these."""

    def __len__(self):
        return 1000

    def __getitem__(self, i):
        raise KeyError("hostile __getitem__")

    def append(self, item):
        raise KeyError("hostile append")

    def pop(self, *args):
        raise KeyError("hostile pop")

    def __repr__(self):
        return f"OverridingList({list.__repr__(self)})"


def refill_on(n, make):
    """Replaces the whole list by make(the list, an item) on comparison n."""
    def action(lst, call, a, b):
        if call == n:
            lst[:] = make(lst, a)
    return action


def recursive_on(n, func, takes_item):
    """Calls func on the same heap from within comparison n."""
    def action(lst, call, a, b):
        if call == n:
            args = (lst, type(a)(7)) if takes_item else (lst,)
            try:
                func(*args)
            except (IndexError, RuntimeError) as exc:
                LOG.append(f"inner {type(exc).__name__}: {exc}")
    return action


def reentrant_cases(rng):
    """__lt__ that mutates the heap in ways beyond ordering.ACTIONS."""
    mutations = {
        "clear then append": lambda lst, a: [type(a)(5)],
        "same size, plain ints": lambda lst, a: list(range(len(lst))),
        "one more": lambda lst, a: lst + [type(a)(0)],
        "one fewer": lambda lst, a: lst[:-1],
        "emptied": lambda lst, a: [],
    }
    for mutation_name, make in mutations.items():
        for call in (1, 2, 3):
            for n in (1, 2, 3, 6, 17):
                for name, (_, takes_item) in FUNCTIONS.items():
                    heap, cls = hostile(range(n, 0, -1), refill_on(call, make))
                    args = (heap, cls(0)) if takes_item else (heap,)
                    yield f"{name} {mutation_name} on {call} n={n}", OBSERVED[name], args, {}
    for name, (func, takes_item) in FUNCTIONS.items():
        for inner_name, (inner, inner_takes_item) in FUNCTIONS.items():
            heap, cls = hostile(range(9, 0, -1), recursive_on(2, inner, inner_takes_item))
            args = (heap, cls(0)) if takes_item else (heap,)
            yield f"{name} calling {inner_name} from __lt__", OBSERVED[name], args, {}
    # List subclasses: the list's own storage, whatever the subclass says.
    for name, (_, takes_item) in FUNCTIONS.items():
        for action_name in ("clear on 1", "append on 2", "pop on 1", "raise on 3", "reverse on 1"):
            for container in (ListSubclass, OverridingList):
                heap, cls = hostile(range(8, 0, -1), ACTIONS[action_name], container=container)
                args = (heap, cls(0)) if takes_item else (heap,)
                yield f"{name} {container.__name__} {action_name}", OBSERVED[name], args, {}
        heap = OverridingList([5, 3, 8, 1, 9, 2])
        args = (heap, 4) if takes_item else (heap,)
        yield f"{name} list subclass overriding its protocol", OBSERVED[name], args, {}
        yield f"{name} empty list subclass overriding its protocol", OBSERVED[name], \
            (OverridingList(), 4) if takes_item else (OverridingList(),), {}


def cases(rng):
    yield from ordinary(rng)
    yield from invalid(rng)
    yield from hostile_cases(rng)
    yield from reentrant_cases(rng)
