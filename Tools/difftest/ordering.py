"""Items with logged and hostile orderings, for the bisect and heapq cases.

Every comparison an item takes part in is logged, so a case compares not
only results but the exact sequence of comparisons (and key calls) that the
module made; a hostile action may mutate the list under search, raise, or
return odd results.  Reprs are deterministic (no addresses).
"""

LOG = []


class BadBool:
    """A comparison result whose truth value raises."""

    def __bool__(self):
        raise RuntimeError("hostile __bool__")

    def __repr__(self):
        return "BadBool()"


def item_type(name="Item", on_lt=None, log_del=False):
    """A class of items ordered by their value v; `on_lt(a, b)` runs on each
    `a < b` and, unless it returns None, gives the result.  With log_del,
    deallocations are logged too (their order is the order in which the
    module releases its references)."""

    class Item:
        __slots__ = ("v",)

        def __init__(self, v):
            self.v = v

        def __repr__(self):
            return f"{name}({self.v!r})"

        def __lt__(self, other):
            LOG.append(f"{self!r} < {other!r}")
            if on_lt is not None:
                result = on_lt(self, other)
                if result is not None:
                    return result
            return self.v < getattr(other, "v", other)

        def __gt__(self, other):
            LOG.append(f"{self!r} > {other!r}")
            return self.v > getattr(other, "v", other)

    if log_del:
        def __del__(self):
            LOG.append(f"del {self!r}")
        Item = type(name, (Item,), {"__slots__": (), "__del__": __del__})
    Item.__name__ = Item.__qualname__ = name
    return Item


Item = item_type()


def hostile(values, action, name="Hostile", log_del=False, container=list):
    """A list (or an instance of the list subclass `container`) of items
    whose `a < b` calls action(the list, calls so far, a, b) first; returns
    the list and the item class."""
    lst = container()
    calls = [0]

    def on_lt(a, b):
        calls[0] += 1
        return action(lst, calls[0], a, b)

    cls = item_type(name, on_lt, log_del)
    lst.extend(cls(v) for v in values)
    return lst, cls


def raise_on(n):
    def action(lst, call, a, b):
        if call == n:
            raise ValueError(f"hostile __lt__ call {call}")
    return action


def clear_on(n):
    def action(lst, call, a, b):
        if call == n:
            lst.clear()
    return action


def append_on(n):
    def action(lst, call, a, b):
        if call == n:
            lst.append(type(a)(-1))
    return action


def pop_on(n):
    def action(lst, call, a, b):
        if call == n and lst:
            lst.pop()
    return action


def reverse_on(n):
    """The same size, other items (a slice assignment swaps the array)."""
    def action(lst, call, a, b):
        if call == n:
            lst[:] = [type(a)(v) for v in range(len(lst), 0, -1)]
    return action


def not_implemented(lst, call, a, b):
    return NotImplemented


def not_implemented_once(lst, call, a, b):
    return NotImplemented if call == 1 else None


def bad_bool(lst, call, a, b):
    return BadBool()


def truthy_results(lst, call, a, b):
    return ("", 0, 1, "yes", [], [0], 0.0)[call % 7]


ACTIONS = {
    "raise on 1": raise_on(1),
    "raise on 3": raise_on(3),
    "clear on 1": clear_on(1),
    "clear on 2": clear_on(2),
    "append on 1": append_on(1),
    "append on 2": append_on(2),
    "pop on 1": pop_on(1),
    "pop on 3": pop_on(3),
    "reverse on 1": reverse_on(1),
    "reverse on 2": reverse_on(2),
    "NotImplemented": not_implemented,
    "NotImplemented once": not_implemented_once,
    "BadBool": bad_bool,
    "non-bool results": truthy_results,
}


def logged_key(func, name):
    def key(value):
        LOG.append(f"{name}({value!r})")
        return func(value)
    return key


def observed(func):
    """func as a case function whose result is (its result or exception,
    its first argument afterwards, the comparisons and key calls made)."""

    def call(*args, **kwargs):
        LOG.clear()
        try:
            result = repr(func(*args, **kwargs))
        except Exception as exc:  # the outcome being compared
            result = f"raised {type(exc).__name__}: {exc}"
        state = list(args[0]) if args and isinstance(args[0], list) else None
        return result, state, list(LOG)

    call.__name__ = func.__name__
    return call
