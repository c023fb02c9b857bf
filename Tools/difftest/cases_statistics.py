"""Differential cases for _statistics: (label, function, args, kwargs).

Results compare through repr, which round-trips floats exactly: the
Rust and C results must be bit-identical.
"""

import math
import sys

from _statistics import _normal_dist_inv_cdf as inv_cdf

import warnings

from hostile import BadIndex, Index, with_warnings

INF, NAN = math.inf, math.nan
TINY = sys.float_info.min * sys.float_info.epsilon  # the smallest subnormal


class Float:
    def __init__(self, value):
        self.value = value

    def __float__(self):
        return self.value

    def __repr__(self):
        return f"Float({self.value!r})"


class BadFloat:
    def __float__(self):
        raise ZeroDivisionError("hostile __float__")

    def __repr__(self):
        return "BadFloat()"


class FloatSubclass(float):
    def __float__(self):
        return 0.25  # not used: a float subclass is a float

    def __repr__(self):
        return f"FloatSubclass({float(self)!r})"


class WrongFloat:
    def __float__(self):
        return 1  # not a float

    def __repr__(self):
        return "WrongFloat()"


def ordinary(rng):
    for _ in range(3000):
        p = rng.random()
        yield f"standard p={p!r}", inv_cdf, (p, 0.0, 1.0), {}
    for _ in range(1000):
        p, mu, sigma = rng.random(), rng.uniform(-1e6, 1e6), rng.uniform(0, 1e3)
        yield f"p={p!r} mu={mu!r} sigma={sigma!r}", inv_cdf, (p, mu, sigma), {}
    # Each branch near its edges: |q| <= 0.425, r <= 5, the far tails.
    for p in (0.075, 0.0749999, 0.0750001, 0.925, 0.9250001, 0.9249999, 0.5, 0.5 + 1e-17, 0.5 - 1e-17,
              math.exp(-25), math.exp(-25) * 1.0000001, math.exp(-25) / 1.0000001, 1 - math.exp(-25)):
        yield f"edge p={p!r}", inv_cdf, (p, 0.0, 1.0), {}
    for e in range(1, 1075, 7):
        p = 2.0 ** -e
        yield f"tail p=2**-{e}", inv_cdf, (p, 0.0, 1.0), {}
        yield f"tail p=1-2**-{e}", inv_cdf, (1 - p, 0.0, 1.0), {}
    for _ in range(300):
        p = 10 ** rng.uniform(-300, -1)
        yield f"log-uniform p={p!r}", inv_cdf, (p, 0.0, 1.0), {}


def boundary(rng):
    for p in (0.0, -0.0, 1.0, -1.0, 2.0, TINY, -TINY, 1 - 2 ** -53, 2 ** -53, 1 + 2 ** -52, INF, -INF, NAN):
        yield f"p={p!r}", inv_cdf, (p, 0.0, 1.0), {}
    for mu, sigma in ((INF, 1.0), (-INF, 1.0), (NAN, 1.0), (0.0, INF), (0.0, -INF), (0.0, NAN), (0.0, 0.0),
                      (0.0, -1.0), (1e308, 1e308), (-1e308, 1e308), (5e-324, 5e-324), (0.0, -0.0), (-0.0, 0.0)):
        for p in (0.3, 0.5, 0.7, 1e-200):
            yield f"p={p!r} mu={mu!r} sigma={sigma!r}", inv_cdf, (p, mu, sigma), {}


def invalid(rng):
    yield "no args", inv_cdf, (), {}
    yield "two args", inv_cdf, (0.5, 0.0), {}
    yield "four args", inv_cdf, (0.5, 0.0, 1.0, 2.0), {}
    yield "keywords", inv_cdf, (), {"p": 0.5, "mu": 0.0, "sigma": 1.0}
    yield "one keyword", inv_cdf, (0.5, 0.0), {"sigma": 1.0}
    for position in range(3):
        for value in ("0.5", None, [0.5], 1j, b"1", BadFloat(), WrongFloat(), 10 ** 400, -(10 ** 400)):
            args = [0.5, 0.0, 1.0]
            args[position] = value
            yield f"argument {position} = {value!r}", inv_cdf, tuple(args), {}
        for value in (Float(0.25), Float(FloatSubclass(0.25)), Index(7), True, False, 1, 0, FloatSubclass(0.125), 2 ** 60 + 1):
            args = [0.5, 0.0, 1.0]
            args[position] = value
            yield f"argument {position} = {value!r}", inv_cdf, tuple(args), {}
    yield "first bad argument wins", inv_cdf, ("p", BadFloat(), None), {}


class CountingFloat:
    """A __float__ that logs its calls, returning values in turn."""

    def __init__(self, log, *values):
        self.log, self.values = log, list(values)

    def __float__(self):
        self.log.append(len(self.values))
        return self.values.pop(0)

    def __repr__(self):
        return "CountingFloat()"


class RaisingFloat:
    def __init__(self, exc):
        self.exc = exc

    def __float__(self):
        raise self.exc

    def __repr__(self):
        return f"RaisingFloat({self.exc!r})"


inv_cdf_with_warnings = with_warnings(inv_cdf)


def with_errors(*args):
    """inv_cdf with warnings raised as errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return inv_cdf(*args)


def hostile_float_cases(rng):
    odd = [Float(NAN), Float(-NAN), Float(INF), Float(-INF), Float(-1.0), Float(-0.0), Float(TINY), Float("0.5"),
           Float(None), Float(1j), Float(True), Float(2 ** 70), Float(FloatSubclass(0.75)), Float(Float(0.5)),
           RaisingFloat(ValueError("odd")), RaisingFloat(OverflowError("odd")), RaisingFloat(TypeError("odd")),
           RaisingFloat(SystemExit), RaisingFloat(KeyboardInterrupt), RaisingFloat(StopIteration("odd")),
           Index(-1), Index(2 ** 2000), Index(1.5), Index(FloatSubclass(1.0)), BadIndex(), BadIndex(OverflowError)]
    for position in range(3):
        for value in odd:
            args = [0.5, 0.0, 1.0]
            args[position] = value
            if isinstance(value, RaisingFloat) and not isinstance(value.exc, Exception):
                def catching(*args):
                    try:
                        return inv_cdf(*args)
                    except BaseException as exc:
                        return f"raised {type(exc).__name__}"
                yield f"argument {position} = {value!r} (BaseException)", catching, tuple(args), {}
                continue
            yield f"argument {position} = {value!r} with warnings", inv_cdf_with_warnings, tuple(args), {}
            yield f"argument {position} = {value!r} warnings as errors", with_errors, tuple(args), {}
    # The order of the conversions: each argument's __float__ is called once.
    log = []
    yield "conversion order", lambda: (inv_cdf(CountingFloat(log, 0.25), CountingFloat(log, 1.0, 2.0),
                                               CountingFloat(log, 3.0)), list(log)), (), {}
    log2 = []
    yield "conversion stops at the first error", lambda: (
        inv_cdf_with_warnings(CountingFloat(log2, 0.25), RaisingFloat(ValueError("second")), CountingFloat(log2, 3.0)),
        list(log2)), (), {}


def cases(rng):
    yield from hostile_float_cases(rng)
    yield from ordinary(rng)
    yield from boundary(rng)
    yield from invalid(rng)
