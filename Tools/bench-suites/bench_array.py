"""array's hot paths: bytes in and out (1 MiB), item access and
assignment, list conversion, appends in a loop, iteration, comparison,
slicing, repetition, and the bare call overhead."""

import bench_common

SETUP = """
from array import array
mib = bytes(range(256)) * 4096
ai = array('i', range(100_000))
ad = array('d', map(float, range(100_000)))
ai2 = array('i', ai)
ab = array('B', mib)
small = array('i', [1, 2, 3])
one = array('b', [1])
empty = array('b')
maxsize = __import__('sys').maxsize
ints = list(range(100_000))
floats = [float(i) for i in range(100_000)]
"""

benchmarks = [
    # Call overhead.
    ("a.buffer_info()", "small.buffer_info()", ""),
    ("len(a)", "len(small)", ""),
    ("a.itemsize", "small.itemsize", ""),
    ("array('i')", "array('i')", ""),
    # Bytes in and out.
    ("frombytes 1 MiB", "a = array('B'); a.frombytes(mib)", ""),
    ("tobytes 1 MiB", "ab.tobytes()", ""),
    ("array('B', bytes) 1 MiB", "array('B', mib)", ""),
    ("memoryview(a) 1 MiB", "memoryview(ab)", ""),
    # Items.
    ("a[i]", "ai[12345]", ""),
    ("a[i] = x", "ai[12345] = 7", ""),
    ("a[-1] float", "ad[-1]", ""),
    ("a[i] loop 1000", "for i in r: ai[i]", "r = range(1000)"),
    ("a[i] = x loop 1000", "for i in r: ai[i] = i", "r = range(1000)"),
    # Lists.
    ("tolist 100k ints", "ai.tolist()", ""),
    ("tolist 100k doubles", "ad.tolist()", ""),
    ("fromlist 100k ints", "a = array('i'); a.fromlist(ints)", ""),
    ("array('d', list) 100k", "array('d', floats)", ""),
    # Appends and iteration.
    ("append loop 1000", "a = array('i')\nfor i in r: a.append(i)", "r = range(1000)"),
    ("iterate 100k ints", "for x in ai: pass", ""),
    ("sum(a) 100k doubles", "sum(ad)", ""),
    ("list(a) 100k doubles", "list(ad)", ""),
    # Comparison, slicing, search.
    ("a == b 100k ints", "ai == ai2", ""),
    ("a < b 100k ints", "ai < ai2", ""),
    ("a[::2] 100k", "ai[::2]", ""),
    ("a[1:-1] 100k", "ai[1:-1]", ""),
    ("a[10:20]", "ai[10:20]", ""),
    ("a[10:1000]", "ai[10:1000]", ""),
    ("a[:] = b 100k", "ai2[:] = ai", ""),
    ("a + b 100k", "ai + ai2", ""),
    ("x in a (miss) 100k", "-1 in ai", ""),
    # Repetition: doubling copies, and an empty result at once.
    ("a * 10**7 (1 item)", "one * 10_000_000", ""),
    ("a *= 1000 (3 items)", "b = array('i', small); b *= 1000", ""),
    ("empty * sys.maxsize", "empty * maxsize", ""),
    ("a.count(x) 100k", "ai.count(5)", ""),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
