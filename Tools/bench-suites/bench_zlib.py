"""zlib's hot paths: one-shot compress (levels 1, 6, 9) and decompress of
text-like and binary data, the streaming objects fed 64 KiB chunks, gzip's
_ZlibDecompressor, the checksums, and the bare call overhead.  Sizes from
1 KiB to 64 MiB (the largest only in full runs: they take seconds)."""

import bench_common

DATA = """
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
"""

# The decompression benchmarks decompress the same bytes on both builds: the
# streams of the system zlib (stock CPython's), made once by build/stock/python
# and cached.  zlib-rs compresses differently, and some of its streams take
# longer to decompress whatever the library (1 KiB of the binary data below:
# twice as long with either zlib).
SETUP = DATA + f"""
import hashlib, os, subprocess
DATA = {DATA!r}
def system_zlib(data, *args):
    stock, cache = os.environ.get("BENCH_STOCK_PYTHON"), os.environ.get("BENCH_CACHE")
    if not stock:  # run alone: this interpreter's zlib
        return zlib.compress(eval(data), *args)
    path = os.path.join(cache, hashlib.sha256(repr((DATA, data, args)).encode()).hexdigest())
    if not os.path.exists(path):
        os.makedirs(cache, exist_ok=True)
        code = DATA + f"\\nimport sys\\nsys.stdout.buffer.write(zlib.compress({{data}}, *{{args!r}}))"
        stream = subprocess.run([stock, "-c", code], capture_output=True, check=True).stdout
        with open(f"{{path}}.{{os.getpid()}}", "wb") as f:
            f.write(stream)
        os.replace(f"{{path}}.{{os.getpid()}}", path)
    with open(path, "rb") as f:
        return f.read()
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
    ("decompress tiny", "zlib.decompress(packed)", "packed = system_zlib(\"b''\")"),
    ("compressobj()", "zlib.compressobj()", ""),
    ("decompressobj()", "zlib.decompressobj()", ""),
]
for label, n in SIZES.items():
    for kind in ("text", "binary"):
        for level in (1, 6, 9):
            benchmarks.append((f"compress {kind} {label} level {level}", f"zlib.compress(raw, {level})",
                               f"raw = {kind}({n})"))
        benchmarks.append((f"decompress {kind} {label}", "zlib.decompress(packed)",
                           f"packed = system_zlib('{kind}({n})')"))
    benchmarks += [
        (f"crc32 {label}", "zlib.crc32(raw)", f"raw = binary({n})"),
        (f"adler32 {label}", "zlib.adler32(raw)", f"raw = binary({n})"),
    ]
benchmarks += [
    ("compressobj 64KiB chunks text 1MiB", "stream_compress(pieces)", "pieces = chunks(text(1 << 20))"),
    ("compressobj 64KiB chunks binary 1MiB level 1", "stream_compress(pieces, 1)", "pieces = chunks(binary(1 << 20))"),
    ("decompressobj 64KiB chunks text 1MiB", "stream_decompress(pieces)",
     "pieces = chunks(system_zlib('text(1 << 20)'))"),
    ("_ZlibDecompressor 64KiB gzip text 1MiB", "gzip_like(pieces)",
     "pieces = chunks(system_zlib('text(1 << 20)', 6, 31))"),
    ("decompress max_length 16KiB", "d = zlib.decompressobj(); d.decompress(packed, 16384)",
     "packed = system_zlib('text(1 << 20)')"),
    ("compress text 64MiB level 6", "zlib.compress(raw)", "raw = text(1 << 26)"),
    ("decompress text 64MiB", "zlib.decompress(packed)", "packed = system_zlib('text(1 << 26)')"),
    ("crc32 64MiB", "zlib.crc32(raw)", "raw = binary(1 << 26)"),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
