"""math's hot paths: the call overhead of one-float functions, sums and
products of 10**5 floats, and big-int combinatorics."""

import bench_common

SETUP = """
import math, random
from math import comb, dist, factorial, floor, fsum, gcd, hypot, isqrt, log, prod, sqrt, sumprod
rng = random.Random(1)
floats = [rng.uniform(-1000, 1000) for _ in range(10**5)]
near_one = [1.0 + rng.uniform(-1e-3, 1e-3) for _ in range(10**5)]
"""

benchmarks = [
    # Call overhead: argument conversion and the result object.
    ("sqrt(2.0)", "sqrt(2.0)", ""),
    ("floor(1.5)", "floor(1.5)", ""),
    ("gcd(12, 18)", "gcd(12, 18)", ""),
    ("gcd in a loop", "for i in r: gcd(i, 360)", "r = range(1000)"),
    ("hypot(3.0, 4.0, 12.0)", "hypot(3.0, 4.0, 12.0)", ""),
    ("hypot(*10 floats)", "hypot(*p)", "p = floats[:10]"),
    ("dist 10 coordinates", "dist(p, q)", "p = floats[:10]; q = floats[10:20]"),
    ("log(x, 10)", "log(x, 10)", "x = 12345.678"),
    # Sums and products of 10**5 floats.
    ("fsum 1e5 floats", "fsum(floats)", ""),
    ("prod 1e5 floats", "prod(near_one)", ""),
    ("sumprod 1e5 floats", "sumprod(floats, near_one)", ""),
    # Big ints.
    ("comb(1000, 500)", "comb(1000, 500)", ""),
    ("factorial(5000)", "factorial(5000)", ""),
    ("isqrt 1000-digit int", "isqrt(n)", "n = 7 ** 1183"),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
