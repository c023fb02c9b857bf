"""Differential cases for cmath: (label, function, args, kwargs).

Every result is compared by repr and by its exact bits (struct.pack), so
equal outcomes mean bit-identical real and imaginary parts, signs of zeros
and NaNs included.  Covered: every pair of the classes {-inf, -large, -1,
-0., +0., 1, +large, inf, nan} (with several "large" magnitudes, up to
the overflow thresholds) for every function, ordinary and random values,
tiny and subnormal values, the branch cuts with signed zeros, and
arguments of every kind PyComplex_AsCComplex accepts or rejects.
"""

import cmath as C
import struct
import sys
import warnings

from hostile import BadIndex, Index, with_warnings

INF = float("inf")
NAN = float("nan")
MAX = sys.float_info.max
MIN = sys.float_info.min  # smallest normal
TINY = 5e-324  # smallest subnormal

# "Large": ordinary, past CM_SQRT_LARGE_DOUBLE (atanh), past
# CM_LOG_LARGE_DOUBLE (exp, cosh, sinh, tanh), past CM_LARGE_DOUBLE (sqrt,
# log, inverse functions), and the largest double.
LARGES = [1e10, 7e153, 708.5, 710.0, 1e300, MAX / 4 * 1.0000001, MAX]
CLASSES = [-INF, None, -1.0, -0.0, 0.0, 1.0, None, INF, NAN]

COMPLEX_FUNCS = [C.acos, C.acosh, C.asin, C.asinh, C.atan, C.atanh, C.cos, C.cosh, C.exp,
                 C.log, C.log10, C.sin, C.sinh, C.sqrt, C.tan, C.tanh]
OTHER_FUNCS = [C.phase, C.polar, C.isfinite, C.isinf, C.isnan]
ALL_ONE_ARG = COMPLEX_FUNCS + OTHER_FUNCS


def class_values():
    """The classes, with each "large" class given every large magnitude."""
    for value in CLASSES:
        if value is None:
            continue
        yield value
    for large in LARGES:
        yield large
        yield -large


def bits(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, complex):
        return struct.pack("<dd", value.real, value.imag).hex()
    if isinstance(value, float):
        return struct.pack("<d", value).hex()
    if isinstance(value, tuple):
        return tuple(bits(item) for item in value)
    return value


def exact(func):
    """func's result with the bits of its floats, which repr does not all show."""
    def call(*args, **kwargs):
        r = func(*args, **kwargs)
        return r, bits(r)
    call.__name__ = func.__name__
    return call


def hostile_call(func):
    """func's exact outcome with the warnings it issued."""
    return with_warnings(exact(func), describe=lambda outcome: outcome)


def warnings_as_errors(func):
    """func with warnings raised (a __complex__ returning a subclass warns)."""
    def call(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return func(*args, **kwargs)
    call.__name__ = func.__name__
    return call


def name(func):
    return func.__name__


class HasComplex:
    def __init__(self, value):
        self.value = value

    def __complex__(self):
        return self.value

    def __repr__(self):
        return f"HasComplex({self.value!r})"


class HasFloat:
    def __init__(self, value):
        self.value = value

    def __float__(self):
        return self.value

    def __repr__(self):
        return f"HasFloat({self.value!r})"


class HasComplexAndFloat:
    def __complex__(self):
        return 1 + 2j

    def __float__(self):
        return 3.0

    def __repr__(self):
        return "HasComplexAndFloat()"


class RaisesInComplex:
    def __complex__(self):
        raise ZeroDivisionError("hostile __complex__")

    def __repr__(self):
        return "RaisesInComplex()"


class RaisesInFloat:
    def __float__(self):
        raise ZeroDivisionError("hostile __float__")

    def __repr__(self):
        return "RaisesInFloat()"


class ComplexSub(complex):
    def __complex__(self):
        return 99j  # ignored: the value of a complex subclass is used

    def __repr__(self):
        return f"ComplexSub({complex(self)!r})"


class FloatSub(float):
    def __float__(self):
        return 99.0

    def __repr__(self):
        return f"FloatSub({float(self)!r})"


class ReturnsMinusOne:
    """A real value equal to the C API's error marker."""
    def __float__(self):
        return -1.0

    def __repr__(self):
        return "ReturnsMinusOne()"


ODD_ARGS = [
    1, -1, 0, True, False, 2**53 + 1, 10**400, -(10**400), 2.5, FloatSub(-0.0), ComplexSub(3 - 4j),
    HasComplex(1 + 1j), HasComplex(-0.0 - 0.0j), HasComplex(ComplexSub(2j)), HasComplex(2.0),
    HasComplex(2), HasComplex("x"), HasFloat(0.5), HasFloat(-0.0), HasFloat(1), HasFloat("x"),
    Index(7), HasComplexAndFloat(), RaisesInComplex(), RaisesInFloat(), ReturnsMinusOne(),
    "1+2j", b"1", None, [1], 1j, complex(-1.0, -0.0),
]


def special_cases():
    """Every function at every pair of classes."""
    values = list(class_values())
    for func in ALL_ONE_ARG:
        for x in values:
            for y in values:
                z = complex(x, y)
                yield f"{name(func)}(complex({x!r}, {y!r}))", exact(func), (z,), {}
    for x in values:
        for y in values:
            yield f"rect({x!r}, {y!r})", exact(C.rect), (x, y), {}


def branch_cut_cases():
    """Points on and next to the branch cuts, with both zeros."""
    cut_parts = [1.0, 1.5, 2.0, 1e-300, 0.5, 3.0, 1e20, 1e300, MAX, 1.0000000000000002, 0.9999999999999999]
    for part in cut_parts:
        for sign in (1.0, -1.0):
            for zero in (0.0, -0.0, TINY, -TINY, 1e-20, -1e-20):
                for z in (complex(sign * part, zero), complex(zero, sign * part)):
                    for func in COMPLEX_FUNCS + [C.phase, C.polar]:
                        yield f"{name(func)}({z!r}) cut", exact(func), (z,), {}


def random_parts(rng, n):
    for _ in range(n):
        kind = rng.randrange(7)
        if kind == 0:
            yield rng.uniform(-2, 2)
        elif kind == 1:
            yield rng.uniform(-800, 800)
        elif kind == 2:
            yield rng.choice((-1, 1)) * rng.random() * 10.0 ** rng.randint(-325, 308)
        elif kind == 3:
            yield rng.choice((-1, 1)) * 2.0 ** rng.randint(-1074, 1023)
        elif kind == 4:
            yield rng.choice((-1, 1)) * rng.uniform(0.7, 1.75)
        elif kind == 5:
            yield rng.choice((-1, 1)) * rng.randint(1, 2**52) * TINY  # subnormal
        else:
            yield rng.choice((-1, 1)) * rng.uniform(1e153, 1e154)


def random_cases(rng):
    parts = list(random_parts(rng, 1200))
    for i in range(0, len(parts) - 1, 2):
        z = complex(parts[i], parts[i + 1])
        for func in ALL_ONE_ARG:
            yield f"{name(func)}({z!r}) random", exact(func), (z,), {}
        yield f"rect({parts[i]!r}, {parts[i + 1]!r}) random", exact(C.rect), (parts[i], parts[i + 1]), {}
    edges = [0.0, -0.0, MIN, -MIN, TINY, -TINY, MIN / 3, 1e-310, 1e-160, 1.4916681462400413e-154,
             1.0, -1.0, 0.71, 1.73, 0.7, 1.74, 708.3964185322641, 708.3964185322642, 709.78, 710.0,
             -745.2, 6.703903964971298e+153, 6.703903964971299e+153, MAX / 4, MAX / 2, MAX]
    for x in edges:
        for y in edges:
            for z in (complex(x, y), complex(-x, y), complex(x, -y)):
                for func in ALL_ONE_ARG:
                    yield f"{name(func)}({z!r}) edge", exact(func), (z,), {}


def log_base_cases(rng):
    values = [0, 0j, -0.0, 1, 1.0, -1, 2, 10, 1j, -1j, INF, -INF, NAN, complex(NAN, 1), complex(INF, INF),
              TINY, MAX, complex(1, -0.0), complex(-1, -0.0), 0.5 + 0.5j, 1e-320j, HasComplex(2j), ODD_ARGS[9]]
    for x in values:
        for base in values:
            yield f"log({x!r}, {base!r})", exact(C.log), (x, base), {}
    for _ in range(200):
        x = complex(rng.uniform(-10, 10), rng.uniform(-10, 10))
        base = complex(rng.uniform(-10, 10), rng.uniform(-10, 10))
        yield f"log({x!r}, {base!r}) random", exact(C.log), (x, base), {}
    for bad in ODD_ARGS:
        yield f"log(2, {bad!r})", exact(C.log), (2, bad), {}


def isclose_cases(rng):
    values = [0j, 1 + 1j, 1 + 1.000000001j, 1 + 1.00000001j, complex(INF, 0), complex(-INF, 0),
              complex(0, INF), complex(NAN, 0), complex(0, NAN), complex(MAX, MAX), complex(-MAX, -MAX),
              1e-10j, TINY, 1e308 + 1e308j, -1e308 - 1e308j, 2, 2.0000000001]
    tolerances = [{}, {"rel_tol": 0.0}, {"abs_tol": 1e-9}, {"rel_tol": 0.5, "abs_tol": 0.5},
                  {"rel_tol": INF}, {"abs_tol": INF}, {"rel_tol": NAN}, {"abs_tol": NAN},
                  {"rel_tol": -1e-9}, {"abs_tol": -0.0}, {"abs_tol": -1.0}, {"rel_tol": "x"},
                  {"rel_tol": HasFloat(0.1)}, {"abs_tol": 1}, {"tol": 1.0}]
    for a in values:
        for b in values:
            for kwargs in tolerances:
                yield f"isclose({a!r}, {b!r}, **{kwargs!r})", C.isclose, (a, b), kwargs
    for _ in range(300):
        a = complex(rng.uniform(-1, 1), rng.uniform(-1, 1))
        b = a * (1 + rng.choice((1e-8, 1e-9, 1e-10, -1e-9)))
        yield f"isclose({a!r}, {b!r}) random", C.isclose, (a, b), {}
    yield "isclose(a=1, b=1)", C.isclose, (), {"a": 1, "b": 1}
    yield "isclose(1, b=1j)", C.isclose, (1,), {"b": 1j}
    yield "isclose(1)", C.isclose, (1,), {}
    yield "isclose(1, 2, 3)", C.isclose, (1, 2, 3), {}
    yield "isclose(1, 1, 1e-9, rel_tol=...)", C.isclose, (1, 1), {"rel_tol": 1e-9, "abs_tol": 0.0}
    for bad in ODD_ARGS:
        yield f"isclose({bad!r}, 1)", C.isclose, (bad, 1), {}
        yield f"isclose(1, {bad!r})", C.isclose, (1, bad), {}


def argument_cases():
    for func in ALL_ONE_ARG:
        for arg in ODD_ARGS:
            yield f"{name(func)}({arg!r})", exact(func), (arg,), {}
        yield f"{name(func)}()", func, (), {}
        yield f"{name(func)}(1, 2)", func, (1, 2), {}
        yield f"{name(func)}(z=1)", func, (), {"z": 1}
        yield f"{name(func)}(x=1)", func, (), {"x": 1}
    for func in ALL_ONE_ARG:
        arg = HasComplex(ComplexSub(2j))
        yield f"{name(func)}({arg!r}) warnings as errors", warnings_as_errors(exact(func)), (arg,), {}
    yield "log(1j, HasComplex(ComplexSub(2j))) warnings as errors", warnings_as_errors(C.log), \
        (1j, HasComplex(ComplexSub(2j))), {}
    yield "isclose(1, HasComplex(ComplexSub(2j))) warnings as errors", warnings_as_errors(C.isclose), \
        (1, HasComplex(ComplexSub(2j))), {}
    for arg in ODD_ARGS:
        yield f"rect({arg!r}, 1)", exact(C.rect), (arg, 1), {}
        yield f"rect(1, {arg!r})", exact(C.rect), (1, arg), {}
    yield "rect(1)", C.rect, (1,), {}
    yield "rect(r=1, phi=2)", C.rect, (), {"r": 1, "phi": 2}
    yield "log()", C.log, (), {}
    yield "log(1, 2, 3)", C.log, (1, 2, 3), {}
    yield "log(1, base=2)", C.log, (1,), {"base": 2}
    yield "log(1, None)", C.log, (1, None), {}


class ComplexRaisingFloat:
    """__complex__ raises although __float__ would work: no fallback."""

    def __complex__(self):
        raise ValueError("hostile __complex__")

    def __float__(self):
        return 1.0

    def __repr__(self):
        return "ComplexRaisingFloat()"


class ComplexNotImplemented:
    __complex__ = None

    def __float__(self):
        return 1.0

    def __repr__(self):
        return "ComplexNotImplemented()"


class FloatAndIndex:
    """__float__ raises although __index__ would work."""

    def __float__(self):
        raise KeyError("hostile __float__")

    def __index__(self):
        return 3

    def __repr__(self):
        return "FloatAndIndex()"


class ComplexArgs:
    """Arguments that run code: each logs its call."""

    def __init__(self, log, tag, value):
        self.log, self.tag, self.value = log, tag, value

    def __complex__(self):
        self.log.append(self.tag)
        return self.value

    def __float__(self):
        self.log.append(self.tag)
        return self.value

    def __repr__(self):
        return f"ComplexArgs({self.tag!r})"


HOSTILE_ARGS = [
    HasComplex(None), HasComplex(1.5), HasComplex(True), HasComplex(HasComplex(1j)), HasComplex(ComplexSub(NAN)),
    HasFloat(FloatSub(2.0)), HasFloat(None), HasFloat(1j), HasFloat(True), HasFloat(2**2000),
    Index(2**2000), Index(-(2**2000)), Index(True), Index(1.5), Index(None), BadIndex(), BadIndex(OverflowError),
    ComplexRaisingFloat(), ComplexNotImplemented(), FloatAndIndex(),
]


def hostile_cases():
    """__complex__, __float__ and __index__ that raise or return the wrong
    types, with their warnings recorded."""
    for arg in HOSTILE_ARGS:
        for func in ALL_ONE_ARG:
            yield f"{name(func)}({arg!r}) hostile", hostile_call(func), (arg,), {}
        yield f"rect({arg!r}, 1) hostile", hostile_call(C.rect), (arg, 1), {}
        yield f"rect(1, {arg!r}) hostile", hostile_call(C.rect), (1, arg), {}
        yield f"log(2, {arg!r}) hostile", hostile_call(C.log), (2, arg), {}
        yield f"log({arg!r}, 2) hostile", hostile_call(C.log), (arg, 2), {}
        yield f"isclose({arg!r}, 1) hostile", hostile_call(C.isclose), (arg, 1), {}
        yield f"isclose(1, 1, rel_tol={arg!r}) hostile", hostile_call(C.isclose), (1, 1), {"rel_tol": arg}
        yield f"isclose(1, 1, abs_tol={arg!r}) hostile", hostile_call(C.isclose), (1, 1), {"abs_tol": arg}
    # Which arguments are converted, in which order, up to the first error.
    for bad_at in (None, 0, 1, 2, 3):
        def ordered(bad_at=bad_at):
            log = []
            values = [ComplexArgs(log, tag, 0.5) for tag in "abcd"]
            if bad_at is not None:
                values[bad_at] = ComplexArgs(log, "bad", "not a number")
            try:
                C.isclose(values[0], values[1], rel_tol=values[2], abs_tol=values[3])
            except TypeError as exc:
                log.append(str(exc))
            try:
                C.log(values[0], values[1])
            except TypeError as exc:
                log.append(str(exc))
            try:
                C.rect(values[2], values[3])
            except TypeError as exc:
                log.append(str(exc))
            return log
        yield f"conversion order, bad at {bad_at}", ordered, (), {}


def api_cases():
    for attr in ("pi", "e", "tau", "inf", "infj", "nan", "nanj"):
        yield f"cmath.{attr}", lambda attr=attr: bits(getattr(C, attr)), (), {}
    yield "cmath.__doc__", lambda: C.__doc__, (), {}
    yield "dir(cmath)", lambda: sorted(n for n in dir(C) if not n.startswith("_")), (), {}
    for func in ALL_ONE_ARG + [C.rect, C.isclose]:
        yield f"{name(func)}.__doc__", lambda func=func: (func.__doc__, func.__text_signature__), (), {}


def cases(rng):
    yield from hostile_cases()
    yield from api_cases()
    yield from special_cases()
    yield from branch_cut_cases()
    yield from random_cases(rng)
    yield from log_base_cases(rng)
    yield from isclose_cases(rng)
    yield from argument_cases()
