"""Differential cases for _statistics: (label, function, args, kwargs).

Results compare through repr, which round-trips floats exactly: the
Rust and C results must be bit-identical.
"""

import math
import sys

from _statistics import _normal_dist_inv_cdf as inv_cdf

from hostile import Index

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


def cases(rng):
    yield from ordinary(rng)
    yield from boundary(rng)
    yield from invalid(rng)
