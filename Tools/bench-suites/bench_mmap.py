"""mmap: its hot functions and their per-call overhead, Rust/stock.

Slicing and searching a 64 MiB anonymous map (a needle found near the end,
so the whole map is scanned), the per-call paths (read_byte, write_byte,
m[i]), and readline over a mapped text file."""

import bench_common

SETUP = """
import mmap, os, tempfile
big = mmap.mmap(-1, 64 << 20)
big[-64:] = b"the needle: xyzzy and a newline\\n" * 2
small = mmap.mmap(-1, 4096)
lines = tempfile.TemporaryFile()
lines.write(b"".join(b"line %d of a mapped text file, in the usual length\\n" % i for i in range(20000)))
lines.flush()
text = mmap.mmap(lines.fileno(), 0, access=mmap.ACCESS_READ)
def read_all_lines(m):
    m.seek(0)
    readline = m.readline
    while readline():
        pass
"""

benchmarks = [
    # Per-call overhead.
    ("read_byte", "small.seek(0); small.read_byte()", ""),
    ("write_byte", "small.seek(0); small.write_byte(65)", ""),
    ("m[i]", "small[100]", ""),
    ("m[i] = v", "small[100] = 7", ""),
    ("m[i:j] 16 B", "small[100:116]", ""),
    ("len(m)", "len(small)", ""),
    ("tell()", "small.tell()", ""),
    ("find 1 byte, 4 KiB", "small.find(b'Q')", ""),
    # 64 MiB.
    ("m[:] 64 MiB", "big[:]", ""),
    ("m[::2] 64 MiB", "big[::2]", ""),
    ("find 5 bytes, 64 MiB", "big.find(b'xyzzy')", ""),
    ("find 1 byte, 64 MiB", "big.find(b'x')", ""),
    ("rfind 5 bytes, 64 MiB", "big.rfind(b'xyzzy', 0, len(big) - 100)", ""),
    ("read 64 MiB", "big.seek(0); big.read()", ""),
    ("write 1 MiB", "big.seek(0); big.write(chunk)", "chunk = bytes(1 << 20)"),
    # A text file, line by line.
    ("readline over a 1 MiB file", "read_all_lines(text)", ""),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
