"""resource: its hot functions and their per-call overhead, Rust/stock."""

import bench_common

SETUP = """
import resource
RUSAGE_SELF = resource.RUSAGE_SELF
NOFILE = resource.RLIMIT_NOFILE
limits = resource.getrlimit(NOFILE)
"""

# (label, statement, setup) of each hot path.
benchmarks = [
    ('getrusage(RUSAGE_SELF)', 'resource.getrusage(RUSAGE_SELF)', ''),
    ('getrlimit(NOFILE)', 'resource.getrlimit(NOFILE)', ''),
    ('setrlimit(NOFILE, same)', 'resource.setrlimit(NOFILE, limits)', ''),
    ('prlimit(0, NOFILE)', 'resource.prlimit(0, NOFILE)', ''),
    ('getpagesize()', 'resource.getpagesize()', ''),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
