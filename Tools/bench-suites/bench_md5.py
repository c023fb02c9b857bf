"""_md5: hashing at several sizes and the per-call overhead, Rust/stock."""

import bench_common
from hashbench import hash_benchmarks, setup

SETUP = setup("_md5")
benchmarks = hash_benchmarks("_md5", ["md5"])

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
