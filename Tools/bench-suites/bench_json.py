"""_json's hot paths through the json package: loads and dumps of generated
documents from 1 KiB to 10 MiB (object-heavy, string-heavy with non-ASCII
text, number-heavy), pretty printing, deep nesting, and the bare call
overheads."""

import bench_common

SETUP = """
import json, random
from _json import encode_basestring_ascii, encode_basestring, scanstring
rng = random.Random(1)
WORDS = ["alpha", "beta", "gamma", "delta", "café", "naïve", "Ünïcödé", "日本語", "emoji 😀", "quote \\"", "tab\\t"]

def record(i):
    return {"id": i, "name": rng.choice(WORDS[:4]) + str(i), "active": i % 3 == 0, "score": rng.random() * 100,
            "tags": [rng.choice(WORDS[:4]) for _ in range(3)], "parent": None, "meta": {"x": i, "y": -i}}

def objects(size):
    # Object-heavy: many small dicts.
    out = []
    while len(json.dumps(out)) < size:
        out.extend(record(len(out) + j) for j in range(max(1, size // 2000)))
    return out

def strings(size):
    # String-heavy, with non-ASCII text.
    out = []
    while len(json.dumps(out, ensure_ascii=False)) < size:
        out.extend(" ".join(rng.choice(WORDS) for _ in range(rng.randrange(1, 30))) for _ in range(max(1, size // 2000)))
    return out

def nested_lists(depth):
    # Deep nesting: one list in another.
    out = []
    for _ in range(depth):
        out = [out]
    return out

def numbers(size):
    # Number-heavy: ints and floats.
    out = []
    while len(json.dumps(out)) < size:
        out.extend(rng.choice([rng.randrange(-10**9, 10**9), rng.random() * 10 ** rng.randrange(-5, 10)])
                   for _ in range(max(1, size // 20)))
    return out
"""

SIZES = [("1KiB", 1 << 10), ("64KiB", 1 << 16), ("1MiB", 1 << 20), ("10MiB", 10 << 20)]
KINDS = ["objects", "strings", "numbers"]

benchmarks = [
    # Call overhead.
    ("dumps(1)", "dumps(1)", "from json import dumps"),
    ("loads('1')", "loads('1')", "from json import loads"),
    ("encode_basestring_ascii('')", "encode_basestring_ascii('')", ""),
    ("encode_basestring('abc')", "encode_basestring('abc')", ""),
    ("scanstring('\"abc\"', 1)", "scanstring('\"abc\"', 1)", ""),
]
for kind in KINDS:
    for label, size in SIZES:
        if size > 1 << 20 and kind != "objects":
            continue
        data = f"{kind}({size})"
        benchmarks += [
            (f"dumps {kind} {label}", "json.dumps(value)", f"value = {data}"),
            (f"dumps ensure_ascii=False {kind} {label}", "json.dumps(value, ensure_ascii=False)", f"value = {data}"),
            (f"loads {kind} {label}", "json.loads(text)", f"text = json.dumps({data})"),
            (f"loads non-ASCII text {kind} {label}", "json.loads(text)",
             f"text = json.dumps({data}, ensure_ascii=False)"),
        ]
benchmarks += [
    ("dumps indent=2 objects 64KiB", "json.dumps(value, indent=2)", "value = objects(1 << 16)"),
    ("dumps sort_keys objects 64KiB", "json.dumps(value, sort_keys=True)", "value = objects(1 << 16)"),
    ("encode_basestring_ascii 64KiB text", "encode_basestring_ascii(text)", "text = ' '.join(strings(1 << 16))"),
    ("encode_basestring 64KiB text", "encode_basestring(text)", "text = ' '.join(strings(1 << 16))"),
    # Deep nesting: every level indented further; scanned and encoded recursively.
    ("dumps indent=1 2000 nested lists", "json.dumps(value, indent=1)", "value = nested_lists(2000)"),
    ("dumps 2000 nested lists", "json.dumps(value)", "value = nested_lists(2000)"),
    ("loads 2000 nested arrays", "json.loads(text)", "text = '[' * 2000 + ']' * 2000"),
    ("loads 2000 nested objects", "json.loads(text)", "text = '{\"a\": ' * 2000 + '1' + '}' * 2000"),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
