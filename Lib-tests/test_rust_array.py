"""Hostile-use tests of the array module: behaviour stock CPython has and
the Rust module must keep (they pass on both builds).

* out of memory is MemoryError, never the end of the process;
* the items live in CPython's object memory domain (PyMem_Malloc), so
  tracemalloc, sys.getallocatedblocks() and PYTHONMALLOC=debug see them;
* sizes and flags that memory tools read are C's.
"""

import array
import gc
import subprocess
import sys
import tracemalloc
import unittest

from test.rust_hostile import HostileTestCase

MiB = 1 << 20


class OutOfMemoryTest(HostileTestCase):
    # Each input fits under the 1 GiB address-space limit; the array's own
    # copy or growth does not.

    def test_frombytes(self):
        self.assertRaisesMemoryError(
            f"from array import array; data = bytes({600 * MiB}); a = array('b')",
            "a.frombytes(data)")

    def test_constructor_from_bytes(self):
        self.assertRaisesMemoryError(
            f"from array import array; data = bytes({600 * MiB})",
            "array('b', data)")

    def test_extend(self):
        self.assertRaisesMemoryError(
            f"from array import array; a = array('b', [0]) * {400 * MiB}; b = array('b', [0]) * {400 * MiB}",
            "a.extend(b)")

    def test_inplace_concat(self):
        self.assertRaisesMemoryError(
            f"from array import array; a = array('b', [0]) * {400 * MiB}; b = array('b', [0]) * {400 * MiB}",
            "a += b")

    def test_append_growth(self):
        # An array allocated to its size grows by 1/16th on the next append.
        self.assertRaisesMemoryError(
            f"from array import array; a = array('b', [1]) * {960 * MiB}",
            "a.append(1)")

    def test_repeat(self):
        self.assertRaisesMemoryError("from array import array", f"array('b', [1]) * {2048 * MiB}")

    def test_inplace_repeat(self):
        self.assertRaisesMemoryError("from array import array; a = array('b', [1, 2])", f"a.__imul__({1024 * MiB})")

    def test_slice_copy(self):
        self.assertRaisesMemoryError(
            f"from array import array; a = array('b', [1]) * {600 * MiB}", "a[:]")

    def test_fromlist(self):
        self.assertRaisesMemoryError(
            f"from array import array; a = array('b', [1]) * {900 * MiB}; items = [1] * 10_000_000",
            "a.fromlist(items)")

    def test_insert_growth(self):
        self.assertRaisesMemoryError(
            f"from array import array; a = array('b', [1]) * {960 * MiB}",
            "a.insert(0, 1)")


class MemoryDomainTest(unittest.TestCase):

    def test_tracemalloc_sees_items(self):
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            a = array.array('d', bytes(8 * MiB))
            grown = tracemalloc.get_traced_memory()[0] - before
            del a
        finally:
            tracemalloc.stop()
        self.assertGreaterEqual(grown, 8 * MiB)
        self.assertLess(grown, 9 * MiB)

    def test_small_arrays_are_object_domain_blocks(self):
        # Small item buffers come from pymalloc, which counts its blocks:
        # one for the object, one for its items.
        gc.collect()
        before = sys.getallocatedblocks()
        arrays = [array.array('b', [1, 2, 3]) for _ in range(1000)]
        self.assertGreaterEqual(sys.getallocatedblocks() - before, 2000)
        del arrays

    def test_debug_allocator(self):
        code = """if 1:
            from array import array
            a = array('i', range(1000))
            a.extend(a); a *= 3; del a[10:]; a.insert(0, 5); a.frombytes(bytes(400))
            b = a[::2] + a * 2; b.clear(); b.append(1); a.pop()
            w = array('w', 'abc'); w.fromunicode('xyz' * 100); del w[1:]
            print(len(a), len(b), len(w))
        """
        proc = subprocess.run([sys.executable, "-c", code], env={"PYTHONMALLOC": "debug"},
                              capture_output=True, text=True)
        self.assertEqual((proc.returncode, proc.stderr), (0, ""))


class LayoutTest(unittest.TestCase):

    def test_gc_tracked(self):
        self.assertTrue(gc.is_tracked(array.array('b')))
        self.assertTrue(gc.is_tracked(iter(array.array('b'))))

    def test_cycle_through_subclass_dict(self):
        class Sub(array.array):
            pass
        a = Sub('b', [1, 2, 3])
        a.view = memoryview(a)
        a.me = a
        del a
        gc.collect()

    def test_shrinks_after_deleting(self):
        a = array.array('d', bytes(80 * MiB))
        del a[10:]
        self.assertLess(sys.getsizeof(a), 1000)
        a = array.array('d', bytes(80 * MiB))
        a.clear()
        self.assertEqual(sys.getsizeof(a), sys.getsizeof(array.array('d')))

    def test_growth_policy(self):
        # C's array_resize: n + n/16 + (3 if the old size < 8 else 7) items.
        a = array.array('b')
        empty = sys.getsizeof(a)
        a.append(1)
        self.assertEqual(sys.getsizeof(a) - empty, 4)
        a.frombytes(bytes(99))
        self.assertEqual(sys.getsizeof(a) - empty, 100 + 100 // 16 + 3)
        a.frombytes(bytes(100))
        self.assertEqual(sys.getsizeof(a) - empty, 200 + 200 // 16 + 7)
        del a[100:]
        self.assertEqual(sys.getsizeof(a) - empty, 100 + 100 // 16 + 7)


class ReentrancyTest(unittest.TestCase):

    def hook(self, a, value):
        class Hook:
            def __index__(self):
                del a[:]
                return value
        return Hook()

    def test_slice_bounds_that_clear(self):
        a = array.array('i', range(32))
        self.assertEqual(a[self.hook(a, 2):8], array.array('i'))
        a = array.array('i', range(32))
        a[self.hook(a, 2):self.hook(a, 30)] = array.array('i', [1, 2])
        self.assertEqual(a, array.array('i', [1, 2]))
        a = array.array('i', range(32))
        del a[2:self.hook(a, 30)]
        self.assertEqual(a, array.array('i'))
        a = array.array('i', range(32))
        del a[0:20:self.hook(a, 2)]
        self.assertEqual(a, array.array('i'))

    def test_remove_with_eq_that_clears(self):
        a = array.array('i', range(32))

        class Equal:
            def __eq__(self, other):
                del a[:]
                return True
        a.remove(Equal())
        self.assertEqual(a, array.array('i'))

    def test_iterator_lets_go_when_exhausted(self):
        # As C: the last next() releases the array; its finalizer, which
        # runs inside that call, finds the iterator exhausted.
        seen = []

        class Array(array.array):
            def __del__(self):
                seen.append(list(it))

        for code, items in (('d', [1.5, 2.5]), ('b', [1, -2]), ('w', 'ab'), ('Q', [2**64 - 1])):
            with self.subTest(code=code):
                seen.clear()
                it = iter(Array(code, items))
                self.assertEqual(list(it), list(items))
                self.assertEqual(seen, [[]])
                self.assertEqual(list(it), [])

    def test_iterator_sees_changes(self):
        a = array.array('i', range(4))
        it = iter(a)
        self.assertEqual([next(it), next(it)], [0, 1])
        del a[1:]
        self.assertEqual(list(it), [])
        a.extend([5, 6])
        self.assertEqual(list(it), [])
        it = iter(a)
        next(it)
        a.append(7)
        self.assertEqual(list(it), [5, 6, 7])


class StockErrorsTest(unittest.TestCase):

    def test_exported_inplace_repeat(self):
        a = array.array('b', [1])
        with memoryview(a):
            with self.assertRaises(BufferError):
                a *= 2 ** 40

    def test_index_overflow_messages(self):
        a = array.array('i', [1])
        for call in (lambda: a.pop(2 ** 70), lambda: a.insert(2 ** 70, 1),
                     lambda: iter(a).__setstate__(2 ** 70)):
            with self.assertRaisesRegex(OverflowError, "Python int too large to convert to C ssize_t"):
                call()

    def test_reconstructor_validates_unicode(self):
        recon = array._array_reconstructor
        with self.assertRaisesRegex(UnicodeDecodeError, "utf-32-be"):
            recon(array.array, 'w', 21, b"\x41\x00\x00\x00" * 2)
        with self.assertRaisesRegex(UnicodeDecodeError, "utf-16-le"):
            recon(array.array, 'w', 18, b"\x00\xd8\x00\xd8")
        with self.assertRaisesRegex(ValueError, "not a multiple of item size"):
            recon(array.array, 'w', 21, b"abc")
        with self.assertRaisesRegex(TypeError, "cannot use a str"):
            recon(array.array, 'b', 18, b"a\x00b\x00")

    def test_reimported_module_types_stay_apart(self):
        saved = sys.modules.pop('array')
        try:
            other = __import__('array')
        finally:
            sys.modules['array'] = saved
        a, b = array.array('i', [1]), other.array('i', [1])
        self.assertIsNot(type(a), type(b))
        self.assertFalse(a == b)
        with self.assertRaises(TypeError):
            a + b


if __name__ == "__main__":
    unittest.main()
