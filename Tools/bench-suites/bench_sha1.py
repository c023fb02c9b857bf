"""_sha1: hashing at several sizes and the per-call overhead, Rust/stock."""

import bench_common
from hashbench import hash_benchmarks, setup

SETUP = setup("_sha1")
benchmarks = hash_benchmarks("_sha1", ["sha1"])

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
