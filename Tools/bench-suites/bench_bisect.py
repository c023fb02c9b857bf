"""_bisect's hot paths: searches and insertions in lists of 10**6 items, with
and without key=, and the bare call overhead."""

import bench_common

SETUP = """
import random
from _bisect import bisect_left, bisect_right, insort_left, insort_right
rng = random.Random(1)
N = 10 ** 6
probes = [rng.randrange(2 * N) for _ in range(1000)]
def first(p):
    return p[0]
"""

benchmarks = [
    # Call overhead: argument parsing and the result, no real search.
    ("bisect_right([], 0)", "bisect_right(a, 0)", "a = []"),
    ("bisect_left(a, x, 0, 1)", "bisect_left(a, 1, 0, 1)", "a = [0]"),
    ("bisect_right(a, x, hi=1)", "bisect_right(a, 1, hi=1)", "a = [0]"),
    ("bisect_right(a, x, key=first) 1 item", "bisect_right(a, 1, key=first)", "a = [(0,)]"),
    # Searches in 10**6 items (1000 probes per loop).
    ("bisect_right 10**6 ints x1000", "for x in probes: bisect_right(a, x)", "a = list(range(0, 2 * N, 2))"),
    ("bisect_left 10**6 ints x1000", "for x in probes: bisect_left(a, x)", "a = list(range(0, 2 * N, 2))"),
    ("bisect_right 10**6 floats x1000", "for x in probes: bisect_right(a, x / 6)", "a = [i / 3 for i in range(N)]"),
    ("bisect_left 10**6 strs x1000", "for s in strs: bisect_left(a, s)",
     "a = [f'{i:07d}' for i in range(N)]; strs = [f'{x // 2:07d}' for x in probes]"),
    ("bisect_right 10**6 key= x1000", "for x in probes: bisect_right(a, x // 2, key=first)",
     "a = [(i, -i) for i in range(N)]"),
    ("bisect_left tuple 10**6 x1000", "for x in probes: bisect_left(a, x)", "a = tuple(range(0, 2 * N, 2))"),
    # Insertions: a list growing by 1000 items (the memmove is the list's).
    ("insort_right 1000 into 10**4", "a = base[:]\nfor x in probes: insort_right(a, x)",
     "base = list(range(0, 2 * N, 200))"),
    ("insort_left 1000 into 10**4 key=", "a = base[:]\nfor x in probes: insort_left(a, (x, 0), key=first)",
     "base = [(i, 0) for i in range(0, 2 * N, 200)]"),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
