"""What CPython's test_bz2 and the differential test cannot check of _bz2:
out of memory (a decompression bomb, streams whose tables do not fit) must
raise MemoryError and never abort; one compressor or decompressor shared by
threads gives the same output as in one thread; long work lets other
threads run (the GIL is released); libbzip2's own tables are memory that
tracemalloc sees (C's compressor allocates them through PyMem_RawMalloc,
its decompressor through libbzip2's malloc; the Rust module's streams both
allocate through Rust's global allocator, which is PyMem_RawMalloc).  Every
test holds for the C module as well as for the Rust one, but the last."""

import base64
import bz2
import collections
import sysconfig
import threading
import time
import tracemalloc
import unittest

from _bz2 import BZ2Compressor, BZ2Decompressor
from test.rust_hostile import ADDRESS_SPACE_LIMIT, HostileTestCase, run_child

RUST_BZ2 = "_bz2" in (sysconfig.get_config_var("PY_RUST_MODULES") or "").split()

# bzip2 -9 of 1.5 GiB of zeros (1,169 bytes): more output than the
# out-of-memory tests' address space.
BOMB = base64.b64decode(
    "QlpoOTFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAA"
    "CCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J"
    "4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakK"
    "gJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAgg"
    "ADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLf"
    "AV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCX"
    "MUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAw"
    "gE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFf"
    "jkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFB"
    "WSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBN"
    "RkKgJakKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45A"
    "AMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkm"
    "U1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZC"
    "oCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADA"
    "AAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZ"
    "Dgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAl"
    "qQqAlzFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAA"
    "CCAAMIBNRkKgJakKgJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J"
    "4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakK"
    "gJcxQVkmU1kOCeLfAV+OQADAAAAIIAAwgE1GQqAlqQqAlzFBWSZTWQ4J4t8BX45AAMAAAAgg"
    "ADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1m9af1t"
    "AB+0wgDAAAAEAAggADDMCapplIgbVJEDxdyRThQkOkSpVcA="
)
BOMB_SIZE = 3 << 29


def text(size):
    words = b"the quick brown fox jumps over the lazy dog 0123456789\n".split(b" ")
    line = b" ".join(words[i % len(words)] for i in range(1000))
    return (line * (size // len(line) + 1))[:size]


class OutOfMemoryTest(HostileTestCase):
    SETUP = f"from _bz2 import BZ2Compressor, BZ2Decompressor; import base64; bomb = base64.b64decode({base64.b64encode(BOMB)!r})"

    def test_decompression_bomb(self):
        self.assertRaisesMemoryError(self.SETUP, "BZ2Decompressor().decompress(bomb)")

    def test_decompression_bomb_through_bz2(self):
        self.assertRaisesMemoryError(f"import bz2; {self.SETUP}", "bz2.decompress(bomb)")

    def test_bounded_bomb_is_fine(self):
        # max_length bounds the output: no MemoryError, and the stream goes on.
        code = f"""{self.SETUP}
d = BZ2Decompressor()
for i in range(20):
    assert d.decompress(b'' if i else bomb, 10 << 20) == bytes(10 << 20)
print(d.eof, d.needs_input)
"""
        returncode, output = run_child(code, address_space=ADDRESS_SPACE_LIMIT)
        self.assertEqual((returncode, output), (0, "False False\n"))

    def test_compressor_tables(self):
        # About 7.6 MB of tables each at level 9.
        self.assertRaisesMemoryError(self.SETUP, "keep = [BZ2Compressor(9) for _ in range(1000)]")

    def test_decompressor_tables(self):
        # A block's tables (3.6 MB at level 9) are allocated at its header.
        self.assertRaisesMemoryError(
            self.SETUP, "keep = [BZ2Decompressor() for _ in range(1000)]; [d.decompress(bomb[:100], 0) for d in keep]")


class SharedBetweenThreadsTest(unittest.TestCase):
    THREADS = 4

    def run_threads(self, work):
        barrier = threading.Barrier(self.THREADS)
        results = [[] for _ in range(self.THREADS)]
        errors = []

        def target(out):
            try:
                barrier.wait()
                work(out)
            except Exception as exc:
                errors.append(exc)

        threads = [threading.Thread(target=target, args=(out,)) for out in results]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        return [piece for out in results for piece in out]

    def test_one_compressor(self):
        # Identical chunks: the k-th compress() returns the same bytes
        # whichever thread makes it, so the outputs of threaded calls are
        # those of sequential calls, in some order.
        chunk, calls = text(30_000), 10
        sequential = BZ2Compressor(1)
        expected = [sequential.compress(chunk) for _ in range(self.THREADS * calls)]
        compressor = BZ2Compressor(1)
        pieces = self.run_threads(lambda out: out.extend(compressor.compress(chunk) for _ in range(calls)))
        self.assertEqual(collections.Counter(pieces), collections.Counter(expected))
        tail = compressor.flush()
        self.assertEqual(tail, sequential.flush())
        self.assertEqual(bz2.decompress(b"".join(expected) + tail), chunk * (self.THREADS * calls))

    def test_one_decompressor(self):
        data = text(2_000_000)
        blob = bz2.compress(data, 1)
        decompressor = BZ2Decompressor()
        first = decompressor.decompress(blob, 10_000)

        def drain(out):
            while True:
                try:
                    out.append(decompressor.decompress(b"", 10_000))
                except EOFError:
                    return

        pieces = self.run_threads(drain)
        self.assertTrue(decompressor.eof)
        self.assertEqual(len(first) + sum(map(len, pieces)), len(data))
        sequential = BZ2Decompressor()
        expected = [sequential.decompress(blob, 10_000)]
        while not sequential.eof:
            expected.append(sequential.decompress(b"", 10_000))
        self.assertEqual(collections.Counter([first] + pieces), collections.Counter(expected))

    def test_flush_while_compressing(self):
        compressor = BZ2Compressor(1)
        chunk = text(50_000)
        outcomes = []

        def compress_some(out):
            for _ in range(5):
                try:
                    out.append(compressor.compress(chunk))
                except ValueError as exc:
                    outcomes.append(str(exc))
                    return

        def flush(out):
            time.sleep(0.001)
            out.append(compressor.flush())

        barrier_threads = [threading.Thread(target=compress_some, args=([],)) for _ in range(3)]
        flusher = threading.Thread(target=flush, args=([],))
        for thread in barrier_threads + [flusher]:
            thread.start()
        for thread in barrier_threads + [flusher]:
            thread.join()
        self.assertTrue(set(outcomes) <= {"Compressor has been flushed"})
        with self.assertRaisesRegex(ValueError, "Repeated call to flush"):
            compressor.flush()


class ReleasesTheGilTest(unittest.TestCase):
    def count_during(self, work):
        """How often another Python thread ran during work()."""
        counter = [0]
        stop = threading.Event()
        started = threading.Event()

        def count():
            started.set()
            while not stop.is_set():
                counter[0] += 1

        thread = threading.Thread(target=count)
        thread.start()
        started.wait()
        try:
            before = counter[0]
            work()
            return counter[0] - before
        finally:
            stop.set()
            thread.join()

    def test_compress_and_flush(self):
        data = text(3_000_000)
        compressor = BZ2Compressor(9)
        self.assertGreater(self.count_during(lambda: compressor.compress(data)), 100)
        self.assertGreater(self.count_during(compressor.flush), 100)

    def test_decompress(self):
        blob = bz2.compress(text(5_000_000))
        self.assertGreater(self.count_during(lambda: BZ2Decompressor().decompress(blob)), 100)


class TracemallocTest(unittest.TestCase):
    def traced_growth(self, make):
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            kept = make()
            growth = tracemalloc.get_traced_memory()[0] - before
            del kept
            return growth
        finally:
            tracemalloc.stop()

    def test_compressor_tables_are_traced(self):
        # blockSize100k * 100000 * 8 bytes of arrays and a 256 KiB table.
        self.assertGreater(self.traced_growth(lambda: BZ2Compressor(9)), 7_000_000)
        self.assertGreater(self.traced_growth(lambda: BZ2Compressor(1)), 700_000)

    @unittest.skipUnless(RUST_BZ2, "C's decompressor sets no bzalloc: libbzip2 mallocs its tables untraced")
    def test_decompressor_tables_are_traced(self):
        header = bz2.compress(b"x" * 1000, 9)

        def decompressor():
            decompressor = BZ2Decompressor()
            decompressor.decompress(header[:100], 0)
            return decompressor

        self.assertGreater(self.traced_growth(decompressor), 3_500_000)


@unittest.skipUnless(RUST_BZ2, "CPython 3.13.5's C module calls libbzip2 again after an error")
class AfterErrorTest(unittest.TestCase):
    """After libbzip2 reports corrupt data, the decompressor refuses more
    input (gh-150599, later 3.13.x) instead of running the stream on."""

    def test_unusable_after_data_error(self):
        data = bytearray(bz2.compress(text(100_000)))
        data[len(data) // 2] ^= 0xff
        decompressor = BZ2Decompressor()
        with self.assertRaisesRegex(OSError, "Invalid data stream"):
            decompressor.decompress(bytes(data))
        self.assertFalse(decompressor.needs_input)
        self.assertFalse(decompressor.eof)
        with self.assertRaisesRegex(ValueError, "^Decompressor is unusable after a previous error$"):
            decompressor.decompress(b"\0" * 18)


if __name__ == "__main__":
    unittest.main()
