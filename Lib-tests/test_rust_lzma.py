"""Uses of _lzma that CPython's test_lzma does not make: a decompression
bomb without max_length must raise MemoryError, never abort; objects shared
by threads give the same bytes as one thread would; liblzma's own memory is
seen by tracemalloc (it allocates through PyMem_RawMalloc).  Every test
holds for the C module as well as for the Rust one."""

import lzma
import os
import tempfile
import threading
import tracemalloc
import unittest

import _lzma

from test.rust_hostile import HostileTestCase


def zeros_xz(total, chunk=1 << 24, **kwargs):
    """An .xz stream of `total` zero bytes, made chunk by chunk."""
    compressor = lzma.LZMACompressor(preset=0, **kwargs)
    zeros = bytes(chunk)
    parts = [compressor.compress(zeros) for _ in range(total // chunk)]
    parts.append(compressor.flush())
    return b"".join(parts)


class OutOfMemoryTest(HostileTestCase):
    @classmethod
    def setUpClass(cls):
        # 768 MiB of zeros: with the copy into the result, more than the
        # child's address space.
        fd, cls.bomb_path = tempfile.mkstemp(suffix=".xz")
        with os.fdopen(fd, "wb") as f:
            f.write(zeros_xz(3 << 28))

    @classmethod
    def tearDownClass(cls):
        os.unlink(cls.bomb_path)

    def setup(self):
        return f"import _lzma, lzma\nbomb = open({self.bomb_path!r}, 'rb').read()"

    def test_decompressor_without_max_length(self):
        self.assertRaisesMemoryError(self.setup(), "_lzma.LZMADecompressor().decompress(bomb)")

    def test_one_shot_decompress(self):
        self.assertRaisesMemoryError(self.setup(), "lzma.decompress(bomb)")

    def test_max_length_bounds_the_output(self):
        # With max_length the same bomb decompresses piece by piece.
        decompressor = _lzma.LZMADecompressor()
        with open(self.bomb_path, "rb") as f:
            bomb = f.read()
        first = decompressor.decompress(bomb, max_length=1 << 20)
        self.assertEqual(first, bytes(1 << 20))
        self.assertFalse(decompressor.needs_input)
        self.assertFalse(decompressor.eof)

    def test_encoder_tables_beyond_memory(self):
        # liblzma's LZMA_MEM_ERROR: a 1 GiB dictionary needs some 10 GiB.
        self.assertRaisesMemoryError(
            "import _lzma",
            "_lzma.LZMACompressor(filters=[{'id': _lzma.FILTER_LZMA2, 'dict_size': 1 << 30}])")


class ThreadsTest(unittest.TestCase):
    THREADS = 4

    def run_threads(self, work):
        errors = []

        def guarded():
            try:
                work()
            except Exception as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=guarded) for _ in range(self.THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])

    def test_shared_compressor(self):
        # Every thread feeds the same chunk: any interleaving is the same input.
        compressor = _lzma.LZMACompressor(preset=1)
        chunk = b"shared compressor " * 5000
        outputs = []

        def work():
            for _ in range(20):
                outputs.append(compressor.compress(chunk))

        self.run_threads(work)
        outputs.append(compressor.flush())
        self.assertEqual(lzma.decompress(b"".join(outputs)), chunk * 20 * self.THREADS)

    def test_shared_decompressor(self):
        total = 8 << 20
        decompressor = _lzma.LZMADecompressor()
        self.assertEqual(decompressor.decompress(zeros_xz(total, chunk=1 << 20), max_length=0), b"")
        pieces = []

        def work():
            while True:
                try:
                    piece = decompressor.decompress(b"", max_length=1 << 16)
                except EOFError:
                    return
                pieces.append(piece)
                if decompressor.eof:
                    return

        self.run_threads(work)
        self.assertTrue(decompressor.eof)
        self.assertEqual(sum(map(len, pieces)), total)
        self.assertEqual(set(b"".join(pieces)), {0})
        self.assertEqual(decompressor.unused_data, b"")

    def test_flush_races(self):
        # One flush succeeds, the others see a flushed compressor.
        for _ in range(10):
            compressor = _lzma.LZMACompressor()
            compressor.compress(b"data" * 1000)
            results = []

            def work():
                try:
                    results.append(compressor.flush())
                except ValueError as exc:
                    results.append(str(exc))

            self.run_threads(work)
            flushed = [r for r in results if isinstance(r, bytes)]
            self.assertEqual(len(flushed), 1)
            self.assertEqual(results.count("Repeated call to flush()"), self.THREADS - 1)


class TracemallocTest(unittest.TestCase):
    def traced_growth(self, make):
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            obj = make()
            grown = tracemalloc.get_traced_memory()[0] - before
            del obj
            after = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
        return grown, after

    def test_encoder_memory_is_traced(self):
        # Preset 6 needs about 94 MiB of match finder tables.
        grown, after = self.traced_growth(lambda: _lzma.LZMACompressor(preset=6))
        self.assertGreater(grown, 50 << 20)
        self.assertLess(after, 1 << 20)

    def test_decoder_memory_is_traced(self):
        data = lzma.compress(b"x" * 1000, preset=6)

        def make():
            decompressor = _lzma.LZMADecompressor()
            decompressor.decompress(data, max_length=10)
            return decompressor

        grown, after = self.traced_growth(make)
        # The 8 MiB dictionary of preset 6.
        self.assertGreater(grown, 4 << 20)
        self.assertLess(after, 1 << 20)


if __name__ == "__main__":
    unittest.main()
