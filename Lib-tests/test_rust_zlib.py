"""What CPython's test_zlib and the differential test do not check of zlib:
out of memory (MemoryError, never an abort), objects shared between
threads, max_length against a zip bomb, and streams exchanged with another
zlib in both directions.  Every test holds for the C module as well as for
the Rust one.

The exchange needs a second interpreter whose zlib is the system zlib (a
stock CPython): its path in the environment variable
ZLIB_INTEROP_PYTHON.  Without it that test is skipped; Tools/test runs it
with build/stock/python."""

import base64
import json
import os
import subprocess
import threading
import unittest
import zlib

from test.rust_hostile import HostileTestCase

# A stream of 1.5 GB of zeros, made in pieces under the child's address
# space limit (1 GiB).
BOMB_SETUP = """
import zlib
c = zlib.compressobj(1)
zeros = bytes(100_000_000)
bomb = b"".join(c.compress(zeros) for _ in range(15)) + c.flush()
del zeros
"""


class OutOfMemoryTest(HostileTestCase):
    def test_zip_bomb_without_max_length(self):
        for statement in ("zlib.decompress(bomb)",
                          "zlib.decompressobj().decompress(bomb)",
                          "zlib._ZlibDecompressor().decompress(bomb)",
                          "zlib.decompress(bomb, bufsize=1)"):
            with self.subTest(statement=statement):
                self.assertRaisesMemoryError(BOMB_SETUP, statement)

    def test_huge_first_buffer(self):
        setup = "import zlib; data = zlib.compress(b'abc')"
        for statement in ("zlib.decompress(data, bufsize=1 << 40)",
                          "zlib.decompressobj().flush(1 << 40)"):
            with self.subTest(statement=statement):
                self.assertRaisesMemoryError(setup, statement)


class MaxLengthTest(unittest.TestCase):
    def test_bomb_is_bounded(self):
        c = zlib.compressobj(9)
        bomb = b"".join(c.compress(bytes(1 << 24)) for _ in range(16)) + c.flush()
        d = zlib.decompressobj()
        self.assertEqual(d.decompress(bomb, 1000), bytes(1000))
        self.assertTrue(d.unconsumed_tail)
        z = zlib._ZlibDecompressor()
        self.assertEqual(z.decompress(bomb, 1000), bytes(1000))
        self.assertFalse(z.needs_input)
        self.assertEqual(len(z.decompress(b"", 12345)), 12345)


class ThreadTest(unittest.TestCase):
    """One object used by several threads at once: each call runs whole
    (C's per-object lock).  (The order of concurrent compress() calls
    cannot be known from outside, so they are checked through copies.)"""

    def run_threads(self, work, count=4):
        errors = []

        def guarded(index):
            try:
                work(index)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=guarded, args=(i,)) for i in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])

    def test_shared_decompressor(self):
        data = os.urandom(50_000) * 40
        stream = zlib.compress(data)
        d = zlib.decompressobj()
        pieces = [stream[i:i + 3000] for i in range(0, len(stream), 3000)]
        lock = threading.Lock()
        out = []
        position = [0]

        def work(index):
            while True:
                with lock:
                    if position[0] == len(pieces):
                        return
                    piece = pieces[position[0]]
                    position[0] += 1
                    out.append(d.decompress(piece))
        self.run_threads(work)
        self.assertEqual(b"".join(out) + d.flush(), data)

    def test_one_shot_decompress_from_threads(self):
        # The Rust module reuses one inflater between zlib.decompress calls:
        # calls at once, with other wbits and corrupt streams between them,
        # each decompress as if alone.
        data = os.urandom(20_000) * 20
        streams = [
            (zlib.compress(data), zlib.MAX_WBITS, data),
            (zlib.compress(data, wbits=31), 31, data),
            (zlib.compress(data, wbits=-9), -9, data),
            (zlib.compress(data[:100]), 47, data[:100]),
            (zlib.compress(data)[:-30] + bytes(30), zlib.MAX_WBITS, zlib.error),
            (b"not zlib", zlib.MAX_WBITS, zlib.error),
        ]

        def work(index):
            for round in range(60):
                stream, wbits, expected = streams[(index + round) % len(streams)]
                if expected is zlib.error:
                    with self.assertRaises(zlib.error):
                        zlib.decompress(stream, wbits)
                else:
                    self.assertEqual(zlib.decompress(stream, wbits), expected)
        self.run_threads(work)

    def test_copies_while_compressing(self):
        data = os.urandom(200_000) * 5
        c = zlib.compressobj()
        head = c.compress(data[:100_000])
        copies, middle = [], []

        def work(index):
            if index == 0:
                middle.append(c.compress(data[100_000:]))
            else:
                copies.append(c.copy())
        self.run_threads(work, 6)
        # Each copy was taken before or after the other thread's compress(),
        # never in the middle of it.
        def inflate(stream):
            try:
                return zlib.decompress(stream)
            except zlib.error:
                return None
        for twin in copies:
            rest = twin.flush()
            self.assertTrue(inflate(head + rest) == data[:100_000] or inflate(head + middle[0] + rest) == data)


# Made by each interpreter and decompressed by the other.
TEXT = b"".join(b"line %d of a text-like sample, with words that come back: zlib %d\n" % (i, i % 7)
                for i in range(300))
SAMPLE = TEXT + bytes(range(256)) * 20 + bytes(5000) + TEXT[:3000]
ZDICT = TEXT[:200]


def interop_specs():
    specs = []
    for level in range(-1, 10):
        for strategy in range(5):
            specs.append({"level": level, "strategy": strategy})
    for wbits in (*range(9, 16), *range(-15, -8), *range(25, 32)):
        specs.append({"wbits": wbits})
        if wbits < 16:
            specs.append({"wbits": wbits, "zdict": True})
    for mem_level in range(1, 10):
        specs.append({"memLevel": mem_level, "level": 9})
    for flushes in ([2], [3], [1], [5], [2, 3, 1, 5], [0]):
        for level in (0, 1, 6, 9):
            specs.append({"level": level, "flushes": flushes})
            specs.append({"level": level, "flushes": flushes, "wbits": -12, "zdict": True})
    return specs


# Run by both interpreters: "make" compresses each spec's sample, "check"
# decompresses streams back (whole, and in pieces with a max_length).
EXCHANGE = r'''
import base64, json, sys, zlib
sample, zdict = base64.b64decode(sys.argv[2]), base64.b64decode(sys.argv[3])
specs, streams = json.loads(sys.stdin.read())
out = []
for number, spec in enumerate(specs):
    wbits = spec.get("wbits", 15)
    given = (zdict,) if spec.get("zdict") else ()
    if sys.argv[1] == "make":
        c = zlib.compressobj(spec.get("level", -1), zlib.DEFLATED, wbits, spec.get("memLevel", 8),
                             spec.get("strategy", 0), *given)
        parts, flushes = [], spec.get("flushes", [])
        step = len(sample) // (len(flushes) + 1)
        for i, mode in enumerate(flushes):
            parts += [c.compress(sample[i * step:(i + 1) * step]), c.flush(mode)]
        parts += [c.compress(sample[len(flushes) * step:]), c.flush()]
        out.append(base64.b64encode(b"".join(parts)).decode())
    else:
        stream = base64.b64decode(streams[number])
        whole = zlib.decompressobj(wbits, *given).decompress(stream)
        d, pieces = zlib.decompressobj(wbits, *given), []
        for i in range(0, len(stream), 777):
            pieces.append(d.decompress(d.unconsumed_tail + stream[i:i + 777], 5000))
        while d.unconsumed_tail:
            pieces.append(d.decompress(d.unconsumed_tail, 5000))
        pieces.append(d.flush())
        if not spec.get("zdict") and not spec.get("flushes"):
            whole = zlib.decompress(stream, wbits)
        out.append([whole == sample, b"".join(pieces) == sample, d.eof])
print(json.dumps(out))
'''


class ReuseTest(unittest.TestCase):
    """The Rust module resets and reuses streams between one-shot calls and
    objects: what a call or an object makes never depends on what came
    before it."""

    data = os.urandom(3000) * 5 + bytes(5000) + b"text " * 2000

    def stream(self, *args, **kwargs):
        c = zlib.compressobj(*args, **kwargs)
        return c.compress(self.data) + c.flush()

    def test_compress_after_other_calls(self):
        variants = [(), (1,), (9,), (6, -15), (6, 31), (0,)]
        expected = [zlib.compress(self.data, *args) for args in variants]
        for _ in range(3):
            for args, stream in zip(variants, expected):
                level, wbits = (args + (-1, 15)[len(args):])[:2]
                abandoned = zlib.compressobj(level, zlib.DEFLATED, wbits)
                abandoned.compress(self.data[:7000])
                del abandoned
                self.assertEqual(zlib.compress(self.data, *args), stream)
                self.assertEqual(zlib.decompress(stream, args[1] if len(args) > 1 else 15), self.data)

    def test_compressobj_after_abandoned_streams(self):
        zdict = b"text " * 100
        expected = [self.stream(), self.stream(9, zlib.DEFLATED, -12, 9, zlib.Z_FILTERED), self.stream(zdict=zdict)]
        for _ in range(3):
            abandoned = zlib.compressobj()
            abandoned.compress(self.data[:20000])
            del abandoned
            abandoned = zlib.decompressobj()
            abandoned.decompress(expected[0][:500])
            del abandoned
            self.assertEqual(self.stream(), expected[0])
            self.assertEqual(self.stream(9, zlib.DEFLATED, -12, 9, zlib.Z_FILTERED), expected[1])
            self.assertEqual(self.stream(zdict=zdict), expected[2])
            d = zlib.decompressobj(zdict=zdict)
            self.assertEqual(d.decompress(expected[2]) + d.flush(), self.data)


@unittest.skipUnless(os.environ.get("ZLIB_INTEROP_PYTHON"), "needs ZLIB_INTEROP_PYTHON: another interpreter's zlib")
class InteropTest(unittest.TestCase):
    def exchange(self, python, action, specs, streams=None):
        args = [python, "-c", EXCHANGE, action, base64.b64encode(SAMPLE).decode(), base64.b64encode(ZDICT).decode()]
        proc = subprocess.run(args, input=json.dumps([specs, streams]), capture_output=True, text=True, check=True)
        return json.loads(proc.stdout)

    def check_direction(self, maker, checker):
        specs = interop_specs()
        streams = self.exchange(maker, "make", specs)
        results = self.exchange(checker, "check", specs, streams)
        failed = [(spec, result) for spec, result in zip(specs, results) if result != [True, True, True]]
        self.assertEqual(failed, [])
        self.assertEqual(len(results), len(specs))

    def test_this_zlib_to_the_other(self):
        import sys
        self.check_direction(sys.executable, os.environ["ZLIB_INTEROP_PYTHON"])

    def test_the_other_zlib_to_this(self):
        import sys
        self.check_direction(os.environ["ZLIB_INTEROP_PYTHON"], sys.executable)


if __name__ == "__main__":
    unittest.main()
