"""_heapq's hot paths: heapify, push and pop of 10**6 items, the
replace/pushpop steady state, and the bare call overhead."""

import bench_common

SETUP = """
import random
from _heapq import (heapify, heappop, heappush, heappushpop, heapreplace,
                    _heapify_max, _heappop_max, _heapreplace_max)
rng = random.Random(1)
N = 10 ** 6
def floats(n):
    return [rng.random() for _ in range(n)]
"""

benchmarks = [
    # Call overhead: no comparison at all.
    ("heappush(h, x); heappop(h) on []", "heappush(h, 0); heappop(h)", "h = []"),
    ("heappushpop(h, x) no-op", "heappushpop(h, 0)", "h = [1]"),
    ("heapify([])", "heapify(h)", "h = []"),
    # 10**6 items.
    ("heapify 10**6 floats", "h = values[:]; heapify(h)", "values = floats(N)"),
    ("heapify 10**6 ints", "h = values[:]; heapify(h)", "values = [rng.randrange(N) for _ in range(N)]"),
    ("_heapify_max 10**6 floats", "h = values[:]; _heapify_max(h)", "values = floats(N)"),
    ("heappush 10**6 floats", "h = []\nfor x in values: heappush(h, x)", "values = floats(N)"),
    ("heappop 10**6 floats", "h = heap[:]\nfor _ in range(N): heappop(h)", "heap = sorted(floats(N))"),
    ("_heappop_max 10**6 floats", "h = heap[:]\nfor _ in range(N): _heappop_max(h)",
     "heap = sorted(floats(N), reverse=True)"),
    # Steady state on a heap of 10**4: replace and pushpop.
    ("heapreplace x10**4 on 10**4", "h = small[:]\nfor x in more: heapreplace(h, x)",
     "small = sorted(floats(10 ** 4)); more = floats(10 ** 4)"),
    ("_heapreplace_max x10**4 on 10**4", "h = small[:]\nfor x in more: _heapreplace_max(h, x)",
     "small = sorted(floats(10 ** 4), reverse=True); more = floats(10 ** 4)"),
    ("heappushpop x10**4 on 10**4", "h = small[:]\nfor x in more: heappushpop(h, x)",
     "small = sorted(floats(10 ** 4)); more = floats(10 ** 4)"),
    ("heap sort 10**4 tuples", "h = pairs[:]; heapify(h)\nwhile h: heappop(h)",
     "pairs = [(x, str(x)) for x in floats(10 ** 4)]"),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
