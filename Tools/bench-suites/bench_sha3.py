"""_sha3: hashing at several sizes and the per-call overhead, Rust/stock."""

import bench_common
from hashbench import hash_benchmarks, setup

SETUP = setup("_sha3")
benchmarks = hash_benchmarks("_sha3", ["sha3_224", "sha3_256", "sha3_384", "sha3_512"])
benchmarks += hash_benchmarks("_sha3", ["shake_128", "shake_256"], digest="digest(32)")

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
