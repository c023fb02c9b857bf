"""zlib's hot paths: one-shot compress (levels 1, 6, 9) and decompress of
text-like and binary data, the streaming objects fed 64 KiB chunks, gzip's
_ZlibDecompressor, the checksums, and the bare call overhead.  Sizes from
1 KiB to 64 MiB (the largest only in full runs: they take seconds)."""

import bench_common

SETUP = """
import random, zlib
rng = random.Random(1)
words = [bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randrange(2, 10)))
         for _ in range(2000)]
def text(n):
    out = bytearray()
    while len(out) < n:
        out += rng.choice(words) + (b"\\n" if rng.random() < 0.08 else b" ")
    return bytes(out[:n])
def binary(n):
    # Compressible binary: records of small integers with runs of zeros.
    out = bytearray()
    while len(out) < n:
        out += rng.randrange(1 << 16).to_bytes(4, "little") + bytes(rng.randrange(8)) + rng.randbytes(2)
    return bytes(out[:n])
def chunks(data, size=1 << 16):
    return [data[i:i + size] for i in range(0, len(data), size)]
def stream_compress(pieces, level=6):
    c = zlib.compressobj(level)
    return b"".join(map(c.compress, pieces)) + c.flush()
def stream_decompress(pieces):
    d = zlib.decompressobj()
    return b"".join(map(d.decompress, pieces)) + d.flush()
def gzip_like(pieces):
    z = zlib._ZlibDecompressor(31)
    return b"".join(z.decompress(p, 1 << 16) for p in pieces)
"""

SIZES = {"1KiB": 1 << 10, "1MiB": 1 << 20}

benchmarks = [
    # Call overhead: argument parsing and the result object, little work.
    ("crc32(b'')", "zlib.crc32(b'')", ""),
    ("adler32(b'')", "zlib.adler32(b'')", ""),
    ("compress(b'')", "zlib.compress(b'')", ""),
    ("decompress tiny", "zlib.decompress(packed)", "packed = zlib.compress(b'')"),
    ("compressobj()", "zlib.compressobj()", ""),
    ("decompressobj()", "zlib.decompressobj()", ""),
]
for label, n in SIZES.items():
    for kind in ("text", "binary"):
        for level in (1, 6, 9):
            benchmarks.append((f"compress {kind} {label} level {level}", f"zlib.compress(raw, {level})",
                               f"raw = {kind}({n})"))
        benchmarks.append((f"decompress {kind} {label}", "zlib.decompress(packed)",
                           f"packed = zlib.compress({kind}({n}))"))
    benchmarks += [
        (f"crc32 {label}", "zlib.crc32(raw)", f"raw = binary({n})"),
        (f"adler32 {label}", "zlib.adler32(raw)", f"raw = binary({n})"),
    ]
benchmarks += [
    ("compressobj 64KiB chunks text 1MiB", "stream_compress(pieces)", "pieces = chunks(text(1 << 20))"),
    ("compressobj 64KiB chunks binary 1MiB level 1", "stream_compress(pieces, 1)", "pieces = chunks(binary(1 << 20))"),
    ("decompressobj 64KiB chunks text 1MiB", "stream_decompress(pieces)",
     "pieces = chunks(zlib.compress(text(1 << 20)))"),
    ("_ZlibDecompressor 64KiB gzip text 1MiB", "gzip_like(pieces)",
     "pieces = chunks(zlib.compress(text(1 << 20), 6, 31))"),
    ("decompress max_length 16KiB", "d = zlib.decompressobj(); d.decompress(packed, 16384)",
     "packed = zlib.compress(text(1 << 20))"),
    ("compress text 64MiB level 6", "zlib.compress(raw)", "raw = text(1 << 26)"),
    ("decompress text 64MiB", "zlib.decompress(packed)", "packed = zlib.compress(text(1 << 26))"),
    ("crc32 64MiB", "zlib.crc32(raw)", "raw = binary(1 << 26)"),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
