"""Differential cases for math: (label, function, args, kwargs).

Float results are compared by repr, which is exact: equal outcomes mean
bit-identical results (and the sign of a NaN is checked separately, as
repr does not show it).
"""

import math as M
import re
import sys
from decimal import Decimal
from fractions import Fraction

from hostile import Index, BadIndex, with_warnings

INF = float("inf")
NAN = float("nan")
MAX = sys.float_info.max
MIN = sys.float_info.min  # smallest normal
TINY = 5e-324  # smallest subnormal

SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.5, 0.1, 1e-300, -1e-300, 1e300, -1e300,
           MAX, -MAX, MIN, -MIN, TINY, -TINY, 2.2250738585072014e-308 / 3, INF, -INF, NAN, -NAN]
BIG_INTS = [2**53 + 1, -(2**53 + 1), 2**63, 2**64, 2**1023, 2**1024, -(2**1024), 10**400, 3**5000]


class BadFloat:
    def __float__(self):
        raise ZeroDivisionError("hostile __float__")

    def __repr__(self):
        return "BadFloat()"


class FloatReturnsInt:
    def __float__(self):
        return 7

    def __repr__(self):
        return "FloatReturnsInt()"


class FloatReturnsSubclass:
    def __float__(self):
        return FloatSub(2.5)

    def __repr__(self):
        return "FloatReturnsSubclass()"


class FloatSub(float):
    def __float__(self):
        return 99.0  # ignored: the value of a float subclass is used


class IntSub(int):
    def __float__(self):
        return 99.0  # ignored where C reads the int's value

    def __index__(self):
        return 99


class Rounding:
    """__ceil__, __floor__ and __trunc__ that return labels."""

    def __ceil__(self):
        return "ceil!"

    def __floor__(self):
        return "floor!"

    def __trunc__(self):
        return "trunc!"

    def __float__(self):
        return 1.5

    def __repr__(self):
        return "Rounding()"


class BadRounding:
    def __ceil__(self):
        raise KeyError("hostile __ceil__")

    __floor__ = __trunc__ = __ceil__

    def __repr__(self):
        return "BadRounding()"


class InstanceRounding:
    """Special methods are looked up on the type: these are ignored."""

    def __init__(self):
        self.__ceil__ = self.__floor__ = self.__trunc__ = lambda: "instance!"

    def __float__(self):
        return 2.5

    def __repr__(self):
        return "InstanceRounding()"


class DescriptorRounding:
    """A special method that is a property: bound through the descriptor."""

    @property
    def __floor__(self):
        return lambda: "descriptor!"

    __ceil__ = __trunc__ = __floor__

    def __repr__(self):
        return "DescriptorRounding()"


LongTypeName = type("T" * 150, (), {"__repr__": lambda self: "T*150()"})
UnicodeTypeName = type("\u00e9" * 60, (), {"__repr__": lambda self: "e*60()"})
# 101 bytes of UTF-8: C's %.100s cuts the last character in two.
OddUnicodeTypeName = type("a" + "\u00e9" * 50, (), {"__repr__": lambda self: "a+e*50()"})


class BadIter:
    def __iter__(self):
        return self

    def __next__(self):
        raise KeyError("hostile __next__")

    def __repr__(self):
        return "BadIter()"


class Plain:
    def __repr__(self):
        return "Plain()"


class Mul:
    """An object that multiplies and adds by tagging."""

    def __init__(self, tag):
        self.tag = tag

    def __mul__(self, other):
        return Mul(f"({self.tag}*{other!r})")

    __rmul__ = __mul__

    def __add__(self, other):
        return Mul(f"({self.tag}+{other!r})")

    __radd__ = __add__

    def __repr__(self):
        return f"Mul({self.tag})"


HOSTILE = [None, "1.5", b"1", [1.0], (1,), 1j, BadFloat(), FloatReturnsInt(), FloatReturnsSubclass(),
           FloatSub(1.25), IntSub(5), True, False, BadIndex(), Index(3), Decimal("2.5"), Decimal("-0"),
           Decimal("NaN"), Fraction(7, 3), Fraction(-1, 3), Rounding(), InstanceRounding(), Plain()]


def nan_sign(func):
    """The sign of a NaN result, which repr does not show."""
    def sign(*args):
        r = func(*args)
        return (r, M.copysign(1.0, r)) if isinstance(r, float) else r
    sign.__name__ = func.__name__
    return sign


def floats(rng, n):
    for _ in range(n):
        kind = rng.randrange(5)
        if kind == 0:
            yield rng.uniform(-1, 1)
        elif kind == 1:
            yield rng.uniform(-750, 750)
        elif kind == 2:
            yield rng.choice((-1, 1)) * rng.random() * 10.0 ** rng.randint(-320, 308)
        elif kind == 3:
            yield float(rng.randint(-300, 300)) + rng.choice((0.0, 0.5, 1e-9))
        else:
            yield rng.choice((-1, 1)) * 2.0 ** rng.randint(-1074, 1023)


ONE_FLOAT = [M.acos, M.acosh, M.asin, M.asinh, M.atan, M.atanh, M.cbrt, M.cos, M.cosh, M.erf, M.erfc, M.exp,
             M.exp2, M.expm1, M.fabs, M.gamma, M.lgamma, M.log1p, M.sin, M.sinh, M.sqrt, M.tan, M.tanh,
             M.degrees, M.radians, M.isfinite, M.isinf, M.isnan, M.frexp, M.modf, M.ulp, M.log, M.log2, M.log10,
             M.ceil, M.floor, M.trunc]


def one_float_cases(rng):
    values = SPECIAL + list(floats(rng, 60)) + [0, 1, -1, 7, 2**52, 2**53, 2**1000] + BIG_INTS
    for func in ONE_FLOAT:
        for x in values:
            yield f"{func.__name__}({x!r})", func, (x,), {}
        for x in (NAN, -NAN, INF, -INF):
            yield f"{func.__name__}({x!r}) nan sign", nan_sign(func), (x,), {}
        for x in HOSTILE:
            yield f"{func.__name__}({x!r})", func, (x,), {}
    # Near the edges of the domains and ranges.
    for x in (1.0, M.nextafter(1.0, 2), M.nextafter(1.0, 0), -1.0, M.nextafter(-1.0, -2)):
        for func in (M.acos, M.asin, M.atanh, M.acosh, M.log1p):
            yield f"{func.__name__}({x!r}) edge", func, (x,), {}
    for x in (709.78, 709.79, -745.1, -745.2, 710.0, 1023.9, 1024.0, -1074.0, -1075.0, 171.6, 171.7, 200.0,
              200.1, -200.5, -171.5, 1e-20, -1e-20, 1e-21, 2.5e305, -0.5, -1.5, -2.5, -170.5, -180.5, 140.0,
              139.9, 141.5, 5.5, 5.524680040776729583740234375, 4.9, 23.0, 24.0, 0.9999999999999999):
        for func in (M.exp, M.exp2, M.expm1, M.sinh, M.cosh, M.gamma, M.lgamma):
            yield f"{func.__name__}({x!r}) edge", func, (x,), {}
    for func in (M.ceil, M.floor, M.trunc):
        for x in (BadRounding(), DescriptorRounding(), LongTypeName(), UnicodeTypeName(), OddUnicodeTypeName()):
            yield f"{func.__name__}({x!r})", func, (x,), {}
    for x in (10**400, 2**10000 + 1, 10**30, 2**1023 * 3, IntSub(10**400), True, -10**400, 0, 10**308):
        for func in (M.log, M.log2, M.log10):
            yield f"{func.__name__}(int {x.bit_length()} bits)", func, (x,), {}
    for x, base in ((10**400, 10), (2**2000, 2), (100, 10.0), (8, 2), (1, 1), (2, 1), (2, 1.0), (0, 10), (10, 0),
                    (10, -1), (2.5, 10**400), (INF, 2), (2, INF), (NAN, 10), (10, 0.5), (1e-300, 1e300),
                    (Decimal(10), 10), ("10", 10), (10, "10"), (10, BadFloat())):
        yield f"log({x!r:.40}, {base!r:.40})", M.log, (x, base), {}


def two_float_cases(rng):
    grid = SPECIAL[::2] + [NAN, -0.0, INF, -INF, 7.0, -7.0, 0.5]
    funcs = [M.atan2, M.copysign, M.remainder, M.fmod, M.pow, M.nextafter, M.isclose, M.hypot, M.ldexp]
    for func in funcs:
        for x in grid:
            for y in grid:
                if func is M.ldexp:
                    y = int(y) if M.isfinite(y) else 5
                yield f"{func.__name__}({x!r}, {y!r})", func, (x, y), {}
        for _ in range(60):
            x, y = next(floats(rng, 1)), next(floats(rng, 1))
            if func is M.ldexp:
                y = rng.randint(-1200, 1200)
            yield f"{func.__name__}({x!r}, {y!r}) random", func, (x, y), {}
        for bad in HOSTILE[:10]:
            yield f"{func.__name__}(1.5, {bad!r})", func, (1.5, bad), {}
            yield f"{func.__name__}({bad!r}, 1.5)", func, (bad, 1.5), {}
    for func in (M.atan2, M.copysign, M.remainder, M.fmod, M.pow):
        for x in (NAN, -NAN, INF):
            for y in (NAN, -NAN, 1.0, -1.0, 0.0):
                yield f"{func.__name__}({x!r}, {y!r}) nan sign", nan_sign(func), (x, y), {}
    # remainder: halfway cases choose the even multiple.
    for x in (0.5, 1.5, 2.5, 3.5, -2.5, 7.0, 6.5, 1e300, TINY * 3):
        for y in (1.0, -1.0, 2.0, 3.0, TINY, TINY * 2, 0.1):
            yield f"remainder({x!r}, {y!r}) halfway", M.remainder, (x, y), {}
    # pow: the special values of C99 Annex F.
    for x in (0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, INF, -INF, NAN):
        for y in (0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 0.5, -0.5, 1e300, -1e300, INF, -INF, NAN, 1024, -1075):
            yield f"pow({x!r}, {y!r}) special", M.pow, (x, y), {}
    # ldexp: exponents beyond int and long, and non-int exponents.
    for x in (1.0, -1.0, 0.0, -0.0, TINY, MAX, INF, NAN, 0.75):
        for e in (1023, 1024, -1074, -1075, -1076, 2**31, -2**31, 2**63, -2**63, 2**100, -2**100, True, IntSub(3),
                  1.0, "1", None, Index(3)):
            yield f"ldexp({x!r}, {e!r})", M.ldexp, (x, e), {}
    # nextafter with steps.
    for x, y in ((0.0, 1.0), (1.0, 0.0), (-0.0, 0.0), (0.0, -0.0), (1.0, -1.0), (-1.0, 1.0), (MAX, INF), (INF, 0.0),
                 (TINY, -TINY), (-TINY, TINY), (NAN, 1.0), (1.0, NAN), (1.0, 1.0), (2.0, 2.0 + 2**-51)):
        for steps in (None, 0, 1, 2, 3, 10, 2**52, 2**62, 2**64 - 1, 2**64, 2**100, -1, True, 1.0, "1", BadIndex(),
                      Index(5), IntSub(2)):
            yield f"nextafter({x!r}, {y!r}, steps={steps!r})", M.nextafter, (x, y), {"steps": steps}
    # fma.
    for x in (0.0, 1.0, -1.0, 1e308, INF, -INF, NAN, 0.1, 3.0):
        for y in (0.0, 10.0, INF, NAN, 0.1, -3.0):
            for z in (0.0, -0.0, 1.0, -INF, INF, NAN, -0.01, 1e308):
                yield f"fma({x!r}, {y!r}, {z!r})", M.fma, (x, y, z), {}
    # isclose's keyword-only tolerances.
    for a, b in ((1.0, 1.0 + 1e-10), (1.0, 1.1), (INF, INF), (INF, -INF), (NAN, NAN), (0.0, 1e-300), (1e308, -1e308)):
        for kwargs in ({}, {"rel_tol": 0.2}, {"abs_tol": 1e-299}, {"rel_tol": 0.0, "abs_tol": 0.0},
                       {"rel_tol": -1.0}, {"abs_tol": -0.0}, {"abs_tol": -1e-300}, {"rel_tol": "x"},
                       {"rel_tol": INF}, {"abs_tol": NAN}, {"rel_tol": Decimal("0.5")}):
            yield f"isclose({a!r}, {b!r}, {kwargs!r})", M.isclose, (a, b), kwargs


def norm_cases(rng):
    for n in (0, 1, 2, 3, 15, 16, 17, 40):
        for scale in (1.0, 1e-310, 1e300, 1e-320):
            coords = [rng.uniform(-1, 1) * scale for _ in range(n)]
            yield f"hypot {n} coords scale {scale!r}", M.hypot, tuple(coords), {}
            other = [rng.uniform(-1, 1) * scale for _ in range(n)]
            yield f"dist {n} dims scale {scale!r}", M.dist, (coords, tuple(other)), {}
    for coords in ((3, 4), (3.0, 4.0, 12.0), (INF, NAN), (NAN, 1.0), (-INF, 1.0), (MAX, MAX), (TINY, TINY), (0.0, -0.0),
                   (2**1000, 2**1000), (10**400, 1), (True, True), (Decimal(3), Fraction(4)), ("3", 4), (BadFloat(), 1),
                   (1, BadFloat()), (5,), (-5.0,), (NAN,), (IntSub(3), FloatSub(4.0))):
        yield f"hypot{coords!r:.60}", M.hypot, coords, {}
    for p, q in (([1, 2], [3, 4]), ((1.0,), (2.0, 3.0)), ([], []), (iter([1, 2]), (0, 0)), ("ab", "cd"), (1, 2),
                 ([1, 2], 5), ([INF], [INF]), ([NAN], [1.0]), ([1.0, "x"], [1.0, 2.0]), ([BadFloat()], [1.0]),
                 ([1.0], [BadFloat()]), (BadIter(), [1]), (range(5), range(5, 10)), (type("TupleSub", (tuple,),
                 {"__iter__": lambda self: iter([9, 9])})((1, 2)), [0, 0]), (type("ListSub", (list,),
                 {"__iter__": lambda self: iter([9, 9])})([1, 2]), [0, 0])):
        yield f"dist({p!r:.50}, {q!r:.50})", M.dist, (p, q), {}


def sum_cases(rng):
    for n in (0, 1, 2, 5, 31, 32, 33, 100, 1000):
        values = list(floats(rng, n))
        yield f"fsum {n} random floats", M.fsum, (values,), {}
        big = [rng.choice((-1, 1)) * 10.0 ** rng.randint(-20, 300) for _ in range(n)]
        yield f"fsum {n} cancelling floats", M.fsum, (big + [-x for x in big[: n // 2]],), {}
        yield f"prod {n} random floats", M.prod, (values,), {}
        ints = [rng.randint(-10**rng.randint(0, 30), 10**rng.randint(0, 30)) for _ in range(n)]
        yield f"prod {n} random ints", M.prod, (ints,), {}
        yield f"sumprod {n} floats", M.sumprod, (values, list(floats(rng, n))), {}
        yield f"sumprod {n} ints", M.sumprod, (ints, ints[::-1]), {}
        yield f"sumprod {n} mixed", M.sumprod, (values, ints), {}
    for seq in ([1e308, 1e308, -1e308], [1e308, -1e308, 1e308], [1e-16, 1, 1e16], [INF, -INF], [INF, INF],
                [NAN, 1.0], [INF, NAN], [1.0, INF, 1.0], [-0.0], [-0.0, -0.0], [0.0, -0.0], [1, 2, 3],
                [2**1000, 1.0], [10**400], [0.1] * 10, [1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50],
                [Decimal(1), Fraction(1, 3)], ["1"], [BadFloat()], BadIter(), 5, None, iter([1.5, 2.5]),
                [2.0**53, 1.0, 2.0**-52], [1.0, 2.0**-53, 2.0**-106], [MAX, MAX * 2**-53, -MAX]):
        yield f"fsum({seq!r:.60})", M.fsum, (seq,), {}
    for seq, start in (([], None), ([], 5), ([2, 3], None), ([2, 3], 2.5), ([2**40, 2**40], None), ([2**62, 2], None),
                       ([2**62, 2, 3.0], None), ([3.0, 2**70, 2.0], None), ([2, 3.5, 4], None), ([1.5, 2**64], None),
                       ([1.5, 2], 10**30), (["ab", 2], None), ([2, "ab"], None), ([3], "ab"), ([Decimal(2)], 3),
                       ([Fraction(1, 2), 4], None), ([True, 3], None), ([IntSub(3), 4], None), ([FloatSub(2.0), 3.0], 1.0),
                       ([INF, 0.0], None), ([NAN], 1.0), ([-1] * 63, 2), ([2] * 70, 1), ([0.5] * 2000, 1.0),
                       (BadIter(), None), (5, None), ([2, BadIter()], None), ([Mul("a"), 2], None), ([2, Mul("a")], 1.0),
                       (range(1, 30), None), (iter([2, 3]), -1), ([-2**63, 1], None), ([-1, -2**63], None),
                       ([2**63 - 1, 1], None), ([2, 3], -2**63), ([2, 3], 2**63)):
        kwargs = {} if start is None else {"start": start}
        yield f"prod({seq!r:.50}, start={start!r:.30})", M.prod, (seq,), kwargs
    yield "prod start positional", M.prod, ([1], 2), {}
    yield "prod iterable keyword", M.prod, (), {"iterable": [1]}
    yield "prod unknown keyword", M.prod, ([1],), {"begin": 2}
    for p, q in (([1, 2], [3, 4]), ([1.5, 2.5], [2, 3]), ([2, 3], [1.5, True]), ([True, False], [2.5, 3.5]),
                 ([1, 2], [3]), ([1], [2, 3]), ([], []), ([2**62, 2**62], [2, 2]), ([2**63], [1]), ([1e308, 1e308], [10, -10]),
                 ([INF, 1.0], [1.0, 1.0]), ([NAN], [0.0]), ([1.0, 2**1100], [1.0, 1.0]), ([1.5, 10**400], [2.0, 1]),
                 (["a", "b"], [2, 3]), ([2], ["ab"]), ([Decimal(1)], [2]), ([Fraction(1, 3)] * 3, [3, 1.5, 2]),
                 ([1.1, 2.2, 3.3], [1, 2, 3]), ([0.1] * 20, [0.1] * 20), ([1, 2.5, 3], [2**62, 1.5, 2**62]),
                 (BadIter(), [1]), ([1], BadIter()), (iter([1, 2]), iter([3])), (5, [1]), ([1], 5),
                 ([Mul("a"), 2], [3, Mul("b")]), ([1e300, 1e300], [1e300, -1e300]), ([2.0**-1074], [0.5]),
                 ([IntSub(2), 3], [4, IntSub(5)]), ([FloatSub(2.0)], [3.0]), ([-2**63, -1], [1, 1]),
                 ([2**62, 2**62, -5], [1, 1, 1]), ([1.0, 2**62, 2**62], [1.0, 2, 2])):
        yield f"sumprod({p!r:.40}, {q!r:.40})", M.sumprod, (p, q), {}


def integer_cases(rng):
    values = [0, 1, -1, 2, 12, 18, -18, 2**31, 2**63 - 1, 2**63, -2**63, 2**64 + 1, 10**40, -(10**40), 3**200,
              True, False, IntSub(6), Index(15), Index(-4)]
    for func in (M.gcd, M.lcm):
        yield f"{func.__name__}()", func, (), {}
        for a in values:
            yield f"{func.__name__}({a!r})", func, (a,), {}
            for b in values[::3]:
                yield f"{func.__name__}({a!r}, {b!r})", func, (a, b), {}
        for args in ((12, 18, 30), (2**100, 2**60 * 3, 2**80 * 9), (1, 10**50, 7), (0, 0, 5), (5, 0, 3),
                     (4, 6, "x"), (4, 1.0), (BadIndex(), 4), (4, BadIndex()), (1, BadIndex()), (0, BadIndex()),
                     tuple(range(1, 40)), (6, 10, 15, Index(7)), (Index(1.5), 2), (Decimal(4), 2)):
            yield f"{func.__name__}{args!r:.60}", func, args, {}
    for n in list(range(0, 300)) + [2**k + d for k in range(30, 400, 7) for d in (-1, 0, 1)] + \
            [rng.randrange(10**rng.randint(1, 200)) for _ in range(100)] + \
            [-1, -(10**30), 1.0, "4", True, IntSub(17), Index(99), BadIndex(), Index(1.5), Decimal(4)]:
        yield f"isqrt({n!r:.80})", M.isqrt, (n,), {}
    for n in list(range(0, 130)) + [150, 1000, 1001, 5000, -1, -(2**70), 2**63, 2**63 - 1 + 1, 2**64, 10**30, 1.0, 5.5,
                                    "5", True, IntSub(7), Index(25), BadIndex(), Decimal(5)]:
        yield f"factorial({n!r:.40})", M.factorial, (n,), {}
    # perm and comb around their machine-integer paths.
    ks = list(range(0, 40)) + [60, 64, 100, 127, 128, 200, 1000]
    for n in list(range(0, 70, 3)) + [67, 68, 97, 105, 116, 117, 127, 128, 129, 147, 148, 178, 179, 453, 454, 746, 747,
                                      1449, 1450, 3612, 3613, 13467, 13468, 102570, 102571, 3329022, 3329023,
                                      4294967296, 4294967297, 2**62, 2**63 - 1, 2**63, 2**64, 10**20, 2**100]:
        for k in ks[::2] if n > 200 else ks:
            yield f"comb({n}, {k})", M.comb, (n, k), {}
            yield f"perm({n}, {k})", M.perm, (n, k), {}
    for n, k in ((2**100, 2**100 - 3), (2**100, 2**100), (2**100, 2**100 + 1), (2**100, 2**63), (2**100, 2**100 - 2**63),
                 (2**100, 2**64), (10**20, 10**20 - 2), (5, 2**63), (5, 2**70), (2**70, 2**70 - 1), (2**64, 3),
                 (-1, 1), (1, -1), (-1, -1), (5, None), (None, 2), (5.0, 2), (5, 2.0), ("5", 2), (True, True),
                 (IntSub(8), Index(3)), (BadIndex(), 2), (5, BadIndex()), (Decimal(5), 2)):
        yield f"comb({n!r:.40}, {k!r:.40})", M.comb, (n, k), {}
        yield f"perm({n!r:.40}, {k!r:.40})", M.perm, (n, k), {}
    for n in (0, 5, 20, 25, -1, 2**63, 5.0, BadIndex()):
        yield f"perm({n!r}) alone", M.perm, (n,), {}


def argument_cases():
    yield "atan2 no args", M.atan2, (), {}
    yield "atan2 one arg", M.atan2, (1.0,), {}
    yield "atan2 three args", M.atan2, (1.0, 2.0, 3.0), {}
    yield "copysign keyword", M.copysign, (1.0,), {"y": 2.0}
    yield "remainder keyword", M.remainder, (), {"x": 1.0, "y": 2.0}
    yield "log no args", M.log, (), {}
    yield "log three args", M.log, (1, 2, 3), {}
    yield "log keyword", M.log, (8,), {"base": 2}
    yield "hypot no args", M.hypot, (), {}
    yield "hypot keyword", M.hypot, (3,), {"y": 4}
    yield "gcd keyword", M.gcd, (4,), {"b": 6}
    yield "lcm keyword", M.lcm, (), {"a": 6}
    yield "sqrt keyword", M.sqrt, (), {"x": 4.0}
    yield "sqrt two args", M.sqrt, (4.0, 9.0), {}
    yield "sqrt no args", M.sqrt, (), {}
    yield "ceil keyword", M.ceil, (), {"x": 1.5}
    yield "fsum two args", M.fsum, ([1], [2]), {}
    yield "ldexp one arg", M.ldexp, (1.0,), {}
    yield "fma two args", M.fma, (1.0, 2.0), {}
    yield "fmod keyword", M.fmod, (1.0,), {"y": 2.0}
    yield "pow three args", M.pow, (1.0, 2.0, 3.0), {}
    yield "isclose one arg", M.isclose, (1.0,), {}
    yield "isclose three positional", M.isclose, (1.0, 1.0, 0.1), {}
    yield "isclose all keywords", M.isclose, (), {"a": 1.0, "b": 1.05, "rel_tol": 0.1, "abs_tol": 0.0}
    yield "isclose unknown keyword", M.isclose, (1.0, 1.0), {"tol": 0.1}
    yield "isclose duplicate", M.isclose, (1.0, 1.0), {"a": 1.0}
    yield "nextafter steps positional", M.nextafter, (1.0, 2.0, 3), {}
    yield "nextafter x keyword", M.nextafter, (), {"x": 1.0, "y": 2.0}
    yield "nextafter one arg", M.nextafter, (1.0,), {}
    yield "perm three args", M.perm, (5, 2, 1), {}
    yield "perm keyword", M.perm, (5,), {"k": 2}
    yield "comb one arg", M.comb, (5,), {}
    yield "dist one arg", M.dist, ([1],), {}
    yield "sumprod one arg", M.sumprod, ([1],), {}
    yield "factorial no args", M.factorial, (), {}
    yield "trunc two args", M.trunc, (1, 2), {}
    yield "ulp keyword", M.ulp, (), {"x": 1.0}
    yield "frexp no args", M.frexp, (), {}


def api_cases():
    for name in sorted(n for n in dir(M) if not n.startswith("_")):
        obj = getattr(M, name)
        if callable(obj):
            yield f"{name}.__doc__", getattr, (obj, "__doc__"), {}
            yield f"{name}.__text_signature__", getattr, (obj, "__text_signature__", None), {}
        else:
            yield f"math.{name}", nan_sign(lambda value: value), (obj,), {}
    yield "math.__doc__", getattr, (M, "__doc__"), {}


class MutatingFloat:
    """A __float__ that mutates `target` (a list) with `mutate` first."""

    def __init__(self, target, value, mutate):
        self.target, self.value, self.mutate = target, value, mutate

    def __float__(self):
        self.mutate(self.target)
        return self.value

    def __repr__(self):
        return f"MutatingFloat({self.value!r})"


class MutatingMul:
    """A number whose * and + mutate `target` first."""

    def __init__(self, target, value, mutate):
        self.target, self.value, self.mutate = target, value, mutate

    def _apply(self, op, other):
        self.mutate(self.target)
        other = other.value if isinstance(other, MutatingMul) else other
        return op(self.value, other)

    def __mul__(self, other):
        return self._apply(lambda a, b: a * b, other)

    __rmul__ = __mul__

    def __add__(self, other):
        return self._apply(lambda a, b: a + b, other)

    __radd__ = __add__

    def __repr__(self):
        return f"MutatingMul({self.value!r})"


def raising_after(n, values, exc=ValueError):
    """An iterator over values that raises exc after n items."""
    for i, value in enumerate(values):
        if i == n:
            raise exc(f"hostile iterator at {n}")
        yield value


class IntSubIndex:
    """__index__ returning an int subclass (deprecated)."""

    def __init__(self, value):
        self.value = value

    def __index__(self):
        return IntSub(self.value)

    def __repr__(self):
        return f"IntSubIndex({self.value!r})"


class Odd:
    """__floor__, __ceil__ and __trunc__ returning `value`."""

    def __init__(self, value):
        self.value = value

    def __floor__(self):
        return self.value

    __ceil__ = __trunc__ = __floor__

    def __repr__(self):
        return f"Odd({self.value!r})"


class NotCallableRounding:
    __floor__ = __ceil__ = __trunc__ = 5

    def __float__(self):
        return 2.5

    def __repr__(self):
        return "NotCallableRounding()"


class NoneRounding:
    __floor__ = __ceil__ = __trunc__ = None

    def __float__(self):
        return 2.5

    def __repr__(self):
        return "NoneRounding()"


class SubRounding:
    """Rounding methods of a float or int subclass that return a str."""

    def __floor__(self):
        return "sub floor"

    def __ceil__(self):
        return "sub ceil"

    def __trunc__(self):
        return "sub trunc"


class FloatSubRounding(SubRounding, float):
    def __repr__(self):
        return f"FloatSubRounding({float(self)!r})"


class IntSubRounding(SubRounding, int):
    def __repr__(self):
        return f"IntSubRounding({int(self)!r})"


MUTATIONS = {
    "clear": list.clear,
    "append": lambda lst: lst.append(1.0) if len(lst) < 50 else None,
    "pop": lambda lst: lst.pop() if lst else None,
    "grow 100": lambda lst: lst.extend([2.0] * 100) if len(lst) < 1000 else None,
    "replace": lambda lst: lst.__setitem__(slice(None), [3.0] * len(lst)),
}


def reentrant_cases(rng):
    """Callbacks into Python from inside the functions: iterators that
    raise midway, __float__/__mul__/__index__ that mutate the list being
    read, raise, or return odd types."""
    # fsum, prod, sumprod over iterators that raise midway.
    for n in (0, 1, 2, 5, 40):
        values = [float(i) + 0.5 for i in range(50)]
        yield f"fsum raising after {n}", M.fsum, (raising_after(n, values),), {}
        yield f"prod raising after {n}", M.prod, (raising_after(n, values),), {}
        yield f"prod ints raising after {n}", M.prod, (raising_after(n, range(1, 50)),), {}
        yield f"sumprod p raising after {n}", M.sumprod, (raising_after(n, values), values), {}
        yield f"sumprod q raising after {n}", M.sumprod, (values, raising_after(n, range(50))), {}
        yield f"sumprod both raising after {n}", M.sumprod, (raising_after(n, values), raising_after(n, values, KeyError)), {}
        yield f"fsum StopIteration after {n}", M.fsum, (raising_after(n, values, StopIteration),), {}
    # The list being iterated, mutated by an item's callback.
    for mutation_name, mutate in MUTATIONS.items():
        for at in (0, 1, 3):
            lst = [1.5, 2.25, 3.0, 4.5, 5.0]
            lst[at] = MutatingFloat(lst, 10.0, mutate)
            yield f"fsum {mutation_name} in __float__ at {at}", M.fsum, (lst,), {}
            lst = [1.5, 2, 3.0, 4, 5.0]
            lst[at] = MutatingMul(lst, 10, mutate)
            yield f"prod {mutation_name} in __mul__ at {at}", M.prod, (lst,), {}
            p, q = [1.5, 2.0, 3.0, 4.5, 5.0], [1, 2, 3, 4, 5]
            p[at] = MutatingMul(q, 10, mutate)
            yield f"sumprod {mutation_name} of q in __mul__ at {at}", M.sumprod, (p, q), {}
            p, q = [1.5, 2.0, 3.0, 4.5, 5.0], [1, 2, 3, 4, 5]
            p[at] = MutatingMul(p, 10, mutate)
            yield f"sumprod {mutation_name} of p in __mul__ at {at}", M.sumprod, (p, q), {}
            p, q = [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]
            q[at] = MutatingFloat(p, 10.0, mutate)
            yield f"sumprod {mutation_name} in __float__ of q at {at}", M.sumprod, (p, q), {}
            # dist and hypot: __float__ that mutates the points' lists.
            p, q = [1.0, 2.0, 3.0, 4.0], [0.5, 0.25, 0.125, 1.0]
            p[at] = MutatingFloat(p, 7.0, mutate)
            yield f"dist {mutation_name} of p in __float__ at {at}", M.dist, (p, q), {}
            p, q = [1.0, 2.0, 3.0, 4.0], [0.5, 0.25, 0.125, 1.0]
            q[at] = MutatingFloat(p, 7.0, mutate)
            yield f"dist {mutation_name} of p in q's __float__ at {at}", M.dist, (p, q), {}
            p, q = [1.0, 2.0, 3.0, 4.0], [0.5, 0.25, 0.125, 1.0]
            p[at] = MutatingFloat(q, 7.0, mutate)
            yield f"dist {mutation_name} of q in p's __float__ at {at}", M.dist, (p, q), {}
            p = [1.0, 2.0, 3.0, 4.0]
            p[at] = MutatingFloat(p, 7.0, mutate)
            yield f"hypot {mutation_name} in __float__ at {at}", M.hypot, tuple(p), {}
    # dist over sequences that change while converted to tuples.
    class GrowingIter:
        def __init__(self, values):
            self.values = list(values)

        def __iter__(self):
            return iter(self.values)

        def __len__(self):
            return 1

        def __repr__(self):
            return "GrowingIter()"
    yield "dist with lying __len__", M.dist, (GrowingIter([1, 2, 3]), (0, 0, 0)), {}
    yield "dist raising iterator", M.dist, (raising_after(2, [1.0, 2.0, 3.0]), (0, 0, 0)), {}
    yield "dist raising iterator q", M.dist, ((0, 0, 0), raising_after(1, [1.0, 2.0, 3.0])), {}
    for arg in (BadFloat(), FloatReturnsInt(), FloatReturnsSubclass(), "x", None, Index(3), BadIndex(), 10**400):
        yield f"dist p with {arg!r}", with_warnings(M.dist), ((1.0, arg), (0.0, 0.0)), {}
        yield f"dist q with {arg!r}", with_warnings(M.dist), ((1.0, 2.0), (0.0, arg)), {}
        yield f"hypot with {arg!r}", with_warnings(M.hypot), (1.0, arg, 2.0), {}
        yield f"fsum with {arg!r}", with_warnings(M.fsum), ([1.0, arg, 2.0],), {}
    # Integer functions: __index__ that raises or returns an int subclass.
    odd_indexes = [BadIndex(), BadIndex(OverflowError), BadIndex(TypeError), IntSubIndex(12), IntSubIndex(-12),
                   IntSubIndex(2**70), Index(IntSub(6)), Index(True), Index(2.0), Index(None), Index(2**64)]
    for value in odd_indexes:
        for func, args in ((M.gcd, (value,)), (M.gcd, (12, value)), (M.gcd, (value, 18, 30)), (M.gcd, (0, 0, value)),
                           (M.lcm, (value,)), (M.lcm, (4, value)), (M.lcm, (0, value)), (M.lcm, (value, 4, 6)),
                           (M.isqrt, (value,)), (M.factorial, (value,)), (M.comb, (value, 3)), (M.comb, (20, value)),
                           (M.perm, (value, 3)), (M.perm, (20, value)), (M.perm, (value,)),
                           (M.nextafter, (1.0, 2.0), ), (M.ldexp, (1.5, value))):
            kwargs = {"steps": value} if func is M.nextafter else {}
            yield f"{func.__name__}{args!r} {kwargs!r}", with_warnings(func), args, kwargs
    for steps in (0, 1, 5, -1, 2**63, 2**64, -(2**63), Index(3), Index(-3), Index(2**70), True, 1.0, "1", None,
                  IntSub(4), IntSubIndex(2)):
        for x, y in ((1.0, 2.0), (1.0, 0.0), (0.0, -1.0), (1.0, 1.0), (NAN, 1.0), (INF, 0.0), (MAX, INF)):
            yield f"nextafter({x}, {y}, steps={steps!r})", with_warnings(M.nextafter), (x, y), {"steps": steps}
    for exp in (0, 5, -5, 2**31, -(2**31), 2**63, -(2**63) - 1, 10**400, -(10**400), True, IntSub(3), Index(2),
                BadIndex(), 2.0, "2", None, IntSubIndex(1)):
        for x in (1.5, 0.0, -0.0, INF, NAN, MAX, TINY, 3, BadFloat(), Index(2)):
            yield f"ldexp({x!r}, {exp!r:.30})", with_warnings(M.ldexp), (x, exp), {}
    # floor, ceil and trunc: the special methods' results as they are.
    for value in (Odd(None), Odd(2.5), Odd("s"), Odd(2**100), Odd(IntSub(3)), Odd(NAN), Odd(Odd(1)),
                  NotCallableRounding(), NoneRounding(), FloatSubRounding(2.5), FloatSubRounding(-0.5),
                  FloatSubRounding(INF), FloatSubRounding(NAN), IntSubRounding(7), IntSub(5), FloatSub(3.5),
                  BadRounding(), DescriptorRounding(), InstanceRounding(), BadFloat(), Index(4)):
        for func in (M.floor, M.ceil, M.trunc):
            yield f"{func.__name__}({value!r})", func, (value,), {}


def cases(rng):
    for generate in (one_float_cases, two_float_cases, norm_cases, sum_cases, integer_cases, reentrant_cases):
        for label, func, args, kwargs in generate(rng):
            # Labels show iterators and the like: without their addresses.
            yield re.sub(r" at 0x[0-9a-f]+", "", label), func, args, kwargs
    yield from argument_cases()
    yield from api_cases()
