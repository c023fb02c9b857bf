"""Hostile-use tests of the numeric modules (math, cmath, _random, _heapq,
_bisect, _statistics): out-of-memory behaviour and callbacks that mutate
what the module is working on.  Every test checks stock CPython's
behaviour, so it passes on both builds; the differential test
(Tools/difftest/cases_*.py) compares many more such cases directly.
"""

import _bisect
import _heapq
import _random
import math
import unittest

from test.rust_hostile import ADDRESS_SPACE_LIMIT, HostileTestCase, run_child


class MemoryTests(HostileTestCase):

    def test_dist_and_hypot_of_more_coordinates_than_memory(self):
        # 560 MB of coordinates: their float copies do not fit as well.
        setup = "import math; p = (1.0,) * 70_000_000"
        self.assertRaisesMemoryError(setup, "math.dist(p, p)")
        self.assertRaisesMemoryError(setup, "math.hypot(*p)")

    def test_seed_as_large_as_memory_allows(self):
        # A 300 MB seed: it and one copy of its words fit, as in C.
        code = """
            import _random
            seed = 1 << (8 * 300_000_000 - 1)
            gen = _random.Random(seed)
            print("seeded", 0 <= gen.random() < 1)
        """
        returncode, output = run_child(code, address_space=ADDRESS_SPACE_LIMIT)
        self.assertEqual((returncode, output.splitlines()[-1:]), (0, ["seeded True"]), output)


class Item:
    """An item whose `<` may run `hook(heap)` first."""

    def __init__(self, value, heap=None, hook=None):
        self.value, self.heap, self.hook = value, heap, hook

    def __lt__(self, other):
        if self.hook is not None:
            hook, self.hook = self.hook, None
            hook(self.heap)
        return self.value < other.value


class MutationTests(unittest.TestCase):

    def test_heap_emptied_by_a_comparison(self):
        for func, takes_item in ((_heapq.heappush, True), (_heapq.heappop, False), (_heapq.heapreplace, True),
                                 (_heapq.heappushpop, True), (_heapq.heapify, False),
                                 (_heapq._heappop_max, False), (_heapq._heapreplace_max, True),
                                 (_heapq._heapify_max, False)):
            with self.subTest(func=func.__name__):
                heap = []
                heap.extend(Item(v, heap, list.clear) for v in range(6, 0, -1))
                for item in heap:
                    item.heap = heap
                extra = (Item(0, heap, list.clear),) if takes_item else ()
                try:
                    func(heap, *extra)
                except (RuntimeError, IndexError) as exc:
                    self.assertIn(str(exc), ("list changed size during iteration", "index out of range"))

    def test_bisect_lo_whose_index_clears_the_list(self):
        a = list(range(10))

        class Lo:
            def __index__(self):
                a.clear()
                return 3

        # The explicit hi is past the emptied list's end: an item lookup fails.
        with self.assertRaisesRegex(IndexError, "list index out of range"):
            _bisect.bisect_left(a, 5, Lo(), 8)
        # The default hi is the length read after lo's conversion: 0.
        a.extend(range(10))
        self.assertEqual(_bisect.bisect_right(a, 5, Lo()), 3)

    def test_fsum_over_a_list_cleared_by_float(self):
        values = [1.0, 2.0, 3.0]

        class Clearing:
            def __float__(self):
                values.clear()
                return 10.0

        values.insert(1, Clearing())
        self.assertEqual(math.fsum(values), 11.0)

    def test_dist_points_mutated_by_float(self):
        p = [1.0, 2.0, 3.0]

        class Growing:
            def __float__(self):
                p.extend([100.0] * 10)
                return 0.0

        p[0] = Growing()
        # The points were copied to tuples before any conversion.
        self.assertEqual(math.dist(p, [0.0, 0.0, 0.0]), math.hypot(0.0, 2.0, 3.0))

    def test_random_reseeded_by_index(self):
        gen = _random.Random(1)

        class Reseeding:
            def __index__(self):
                gen.seed(99)
                return 32

        value = gen.getrandbits(Reseeding())
        self.assertEqual(value, _random.Random(99).getrandbits(32))


if __name__ == "__main__":
    unittest.main()
