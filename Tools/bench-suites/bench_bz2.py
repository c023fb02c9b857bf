"""_bz2's hot paths: bz2.compress/decompress (Lib/bz2.py over the module's
classes) on text-like and random MiBs, incremental use through the
classes, and the per-call overhead of small inputs (a stream's set-up and
tables dominate them)."""

import bench_common

SETUP = """
import bz2, random
from _bz2 import BZ2Compressor, BZ2Decompressor
rng = random.Random(1)
words = [b"the", b"quick", b"brown", b"fox", b"jumps", b"over", b"lazy", b"dog", b"\\n", b"1234"]
def text(n):
    out = bytearray()
    while len(out) < n:
        out += rng.choice(words) + b" "
    return bytes(out[:n])
"""

MIB = 1 << 20

benchmarks = [
    # One-shot, 1 MiB (bz2.compress: a BZ2Compressor, compress, flush).
    ("compress text 1MiB", "bz2.compress(raw)", f"raw = text({MIB})"),
    ("compress random 1MiB", "bz2.compress(raw)", f"raw = rng.randbytes({MIB})"),
    ("compress text 1MiB level 1", "bz2.compress(raw, 1)", f"raw = text({MIB})"),
    ("decompress text 1MiB", "bz2.decompress(enc)", f"enc = bz2.compress(text({MIB}))"),
    ("decompress random 1MiB", "bz2.decompress(enc)", f"enc = bz2.compress(rng.randbytes({MIB}))"),
    # Per-call overhead: small inputs, where setting up a stream dominates.
    ("compress 100B", "bz2.compress(raw)", "raw = text(100)"),
    ("compress 100B level 1", "bz2.compress(raw, 1)", "raw = text(100)"),
    ("decompress 100B", "bz2.decompress(enc)", "enc = bz2.compress(text(100))"),
    ("BZ2Compressor()", "BZ2Compressor()", ""),
    ("BZ2Decompressor()", "BZ2Decompressor()", ""),
    ("compress(b'') on a compressor", "c.compress(b'')", "c = BZ2Compressor()"),
    ("compress 1KiB into an open stream", "c.compress(raw)", "c = BZ2Compressor(); raw = text(1024)"),
    # Incremental decompression in small steps (BZ2File's reads).
    ("decompress 1MiB in 8KiB steps, max_length 8KiB",
     "d = BZ2Decompressor()\nfor i in range(0, len(enc), 8192):\n    d.decompress(enc[i:i + 8192], 8192)\n"
     "while not d.eof and not d.needs_input:\n    d.decompress(b'', 8192)",
     f"enc = bz2.compress(text({MIB}))"),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
