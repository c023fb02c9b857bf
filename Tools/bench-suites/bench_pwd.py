"""pwd: its hot functions and their per-call overhead, Rust/stock."""

import bench_common

SETUP = """
import pwd
root = pwd.getpwuid(0).pw_name
"""

# (label, statement, setup) of each hot path.
benchmarks = [
    ('getpwuid(0)', 'pwd.getpwuid(0)', ''),
    ('getpwnam(root)', 'pwd.getpwnam(root)', ''),
    ('getpwuid(missing)', 'try:\n    pwd.getpwuid(123457)\nexcept KeyError:\n    pass', ''),
    ('getpwall()', 'pwd.getpwall()', ''),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
