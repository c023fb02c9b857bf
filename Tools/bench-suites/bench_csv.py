"""_csv's hot paths through the csv package: reading and writing 100k rows
of mixed fields, rows with quoted fields (embedded delimiters, quotes and
newlines), a wide row case, non-ASCII text, and the bare call overheads."""

import bench_common

SETUP = """
import csv, io, random
rng = random.Random(1)
WORDS = ["alpha", "beta", "gamma", "delta", "x", "", "42", "3.25"]

def mixed_row(i):
    return [i, rng.choice(WORDS), rng.random() * 1000, "name%d" % i, rng.choice(WORDS) + " " + rng.choice(WORDS), None, -i]

def quoted_row(i):
    return ['say "hi"', "a,b", "line1\\nline2", "plain%d" % i, rng.choice(WORDS)]

def text_of(rows, **kwargs):
    out = io.StringIO()
    csv.writer(out, **kwargs).writerows(rows)
    return out.getvalue()

MIXED = [mixed_row(i) for i in range(100_000)]
MIXED_STR = [[str(f) if f is not None else "" for f in row] for row in MIXED]
QUOTED = [quoted_row(i) for i in range(100_000)]
WIDE = [[rng.choice(WORDS) for _ in range(1000)] for _ in range(200)]
UNICODE = [["café", "naïve", "日本語", "emoji 😀", str(i)] for i in range(50_000)]
MIXED_LINES = text_of(MIXED).splitlines(keepends=True)
QUOTED_TEXT = text_of(QUOTED)
WIDE_LINES = text_of(WIDE).splitlines(keepends=True)
UNICODE_LINES = text_of(UNICODE).splitlines(keepends=True)
NONNUMERIC_LINES = text_of(MIXED_STR[:20_000], quoting=csv.QUOTE_NONNUMERIC).splitlines(keepends=True)

class Sink:
    def write(self, line):
        pass

sink = Sink()
writer = csv.writer(sink)
one_line = ["a,b\\r\\n"]
"""

benchmarks = [
    # Call overhead.
    ("writer.writerow(['a'])", "writer.writerow(['a'])", ""),
    ("next(reader(['a']))", "next(csv.reader(one_line))", ""),
    ("_csv.Dialect()", "_csv.Dialect()", "import _csv"),
    ("_csv.Dialect(delimiter=';')", "_csv.Dialect(delimiter=';')", "import _csv"),
    # Reading.
    ("read 100k mixed rows", "for row in csv.reader(MIXED_LINES): pass", ""),
    ("read 100k quoted rows", "for row in csv.reader(io.StringIO(QUOTED_TEXT, newline='')): pass", ""),
    ("read 200 rows x 1000 fields", "for row in csv.reader(WIDE_LINES): pass", ""),
    ("read 50k non-ASCII rows", "for row in csv.reader(UNICODE_LINES): pass", ""),
    ("read 20k QUOTE_NONNUMERIC rows",
     "for row in csv.reader(NONNUMERIC_LINES, quoting=csv.QUOTE_NONNUMERIC): pass", ""),
    # Writing.
    ("write 100k mixed rows", "csv.writer(sink).writerows(MIXED)", ""),
    ("write 100k str rows", "csv.writer(sink).writerows(MIXED_STR)", ""),
    ("write 100k quoted rows", "csv.writer(sink).writerows(QUOTED)", ""),
    ("write 200 rows x 1000 fields", "csv.writer(sink).writerows(WIDE)", ""),
    ("write 50k non-ASCII rows", "csv.writer(sink).writerows(UNICODE)", ""),
    ("write 100k rows QUOTE_ALL", "csv.writer(sink, quoting=csv.QUOTE_ALL).writerows(MIXED_STR)", ""),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
