"""_posixsubprocess: its hot functions and their per-call overhead, Rust/stock."""

import bench_common

SETUP = """
import _posixsubprocess
"""

# (label, statement, setup) of each hot path.
benchmarks = []

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
