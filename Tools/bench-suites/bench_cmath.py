"""cmath's hot paths: the call overhead of one-complex functions, and a
few representative functions over 10**4 complex numbers."""

import bench_common

SETUP = """
import cmath, random
from cmath import exp, isclose, log, phase, polar, rect, sqrt
rng = random.Random(1)
zs = [complex(rng.uniform(-10, 10), rng.uniform(-10, 10)) for _ in range(10**4)]
near = [z * (1 + 1e-10) for z in zs]
"""

benchmarks = [
    # Call overhead: argument conversion and the result object.
    ("sqrt(2+0j)", "sqrt(z)", "z = 2+0j"),
    ("phase(1j)", "phase(z)", "z = 1j"),
    ("sqrt(2.0) float arg", "sqrt(x)", "x = 2.0"),
    ("log(z, 10)", "log(z, 10)", "z = 3+4j"),
    ("isclose(a, b)", "isclose(a, b)", "a, b = 1+1j, 1+1.000000001j"),
    # Representative functions over 10**4 complex numbers.
    ("exp 1e4", "for z in zs: exp(z)", ""),
    ("log 1e4", "for z in zs: log(z)", ""),
    ("sqrt 1e4", "for z in zs: sqrt(z)", ""),
    ("polar/rect 1e4", "for z in zs: rect(*polar(z))", ""),
    ("isclose 1e4", "for a, b in zip(zs, near): isclose(a, b)", ""),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
