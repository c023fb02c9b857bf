"""_blake2: hashing at several sizes and the per-call overhead, Rust/stock,
plain and with a key (a key block is hashed first)."""

import bench_common
from hashbench import hash_benchmarks, setup

SETUP = setup("_blake2")
benchmarks = hash_benchmarks("_blake2", ["blake2b", "blake2s"])
benchmarks += [
    ("blake2b(key=..., digest_size=32) 64B", "_blake2.blake2b(raw, key=key, digest_size=32).digest()",
     "raw = data(64); key = data(32)"),
    ("blake2s(key=..., salt=..., person=...) 64B", "_blake2.blake2s(raw, key=key, salt=b'salt', person=b'me').digest()",
     "raw = data(64); key = data(16)"),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
