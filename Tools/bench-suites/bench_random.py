"""_random's hot paths: the draws behind random.random(), randrange and
friends, seeding and the state round trip."""

import bench_common

SETUP = """
import random, _random
gen = _random.Random(12345)
state = gen.getstate()
"""

benchmarks = [
    ("random()", "gen.random()", ""),
    ("getrandbits(8)", "gen.getrandbits(8)", ""),
    ("getrandbits(64)", "gen.getrandbits(64)", ""),
    ("getrandbits(1024)", "gen.getrandbits(1024)", ""),
    ("seed(int)", "gen.seed(123456789)", ""),
    ("seed(2**1000)", "gen.seed(big)", "big = 2**1000 + 1"),
    ("getstate()", "gen.getstate()", ""),
    ("setstate()", "gen.setstate(state)", ""),
    ("random.Random().randrange(10**6)", "r.randrange(1000000)", "r = random.Random(1)"),
    ("random.Random().shuffle(1000)", "r.shuffle(items)", "r = random.Random(1); items = list(range(1000))"),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
