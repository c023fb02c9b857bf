"""_sha2: hashing at several sizes and the per-call overhead, Rust/stock."""

import bench_common
from hashbench import hash_benchmarks, setup

SETUP = setup("_sha2")
benchmarks = hash_benchmarks("_sha2", ["sha224", "sha256", "sha384", "sha512"])

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
