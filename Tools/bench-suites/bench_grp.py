"""grp: its hot functions and their per-call overhead, Rust/stock."""

import bench_common

SETUP = """
import grp
root = grp.getgrgid(0).gr_name
"""

# (label, statement, setup) of each hot path.
benchmarks = [
    ('getgrgid(0)', 'grp.getgrgid(0)', ''),
    ('getgrgid(id=0)', 'grp.getgrgid(id=0)', ''),
    ('getgrnam(root)', 'grp.getgrnam(root)', ''),
    ('getgrall()', 'grp.getgrall()', ''),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
