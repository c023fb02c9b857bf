"""Hostile-use tests of _csv that CPython's test_csv does not make: inputs
too big for memory, what the garbage collector and __basicsize__ show, and
callbacks that re-enter the reader or writer.  They test stock CPython's
behaviour: each passes on stock CPython as on the Rust build (except where
stock crashes, which only the Rust build is asked not to do).
"""

import gc
import io
import sys
import sysconfig
import unittest

import _csv

from test.rust_hostile import HostileTestCase
from test.support import import_helper

RUST_CSV = "_csv" in (sysconfig.get_config_var("PY_RUST_MODULES") or "").split()


class MemoryErrorTests(HostileTestCase):
    """Under RLIMIT_AS = 1 GiB: MemoryError, never an abort."""

    def test_writerow_huge_field(self):
        self.assertRaisesMemoryError(
            "import _csv, io; w = _csv.writer(io.StringIO()); field = 'x' * 300_000_000",
            "w.writerow([field, '€'])")

    def test_writerow_huge_field_quoted(self):
        self.assertRaisesMemoryError(
            "import _csv, io; w = _csv.writer(io.StringIO()); field = '\"' * 150_000_000",
            "w.writerow([field, '€'])")

    def test_writerow_many_fields(self):
        self.assertRaisesMemoryError(
            "import _csv, io, itertools; w = _csv.writer(io.StringIO())",
            "w.writerow(itertools.repeat('x' * 1000, 3_000_000))")

    def test_writerows_keeps_going_after_memory_error(self):
        self.assertRaisesMemoryError(
            "import _csv, io, itertools\n"
            "out = io.StringIO(); w = _csv.writer(out)\n"
            "try:\n"
            "    w.writerow(itertools.repeat('x' * 1000, 3_000_000))\n"
            "except MemoryError:\n"
            "    pass\n"
            "w.writerow(['a', 'b'])\n"
            "assert out.getvalue() == 'a,b\\r\\n', out.getvalue()",
            "w.writerow(itertools.repeat('€' * 1000, 3_000_000))")

    def assertReaderRunsOutOfMemory(self, lines_body, reader_arguments=""):
        """next() on a reader, without a field size limit, of the lines that
        `lines_body` (a generator's body) yields raises MemoryError."""
        self.assertRaisesMemoryError(
            "import _csv, sys\n"
            "_csv.field_size_limit(sys.maxsize)\n"
            "def lines():\n" + lines_body,
            f"next(_csv.reader(lines(){reader_arguments}))")

    def test_reader_huge_field(self):
        self.assertReaderRunsOutOfMemory(
            "    yield '\"'\n"
            "    line = 'x' * (64 << 20)\n"
            "    while True:\n"
            "        yield line\n")

    def test_reader_huge_field_widened(self):
        self.assertReaderRunsOutOfMemory(
            "    yield '\"'\n"
            "    line = 'x' * (64 << 20)\n"
            "    for _ in range(5):\n"
            "        yield line\n"
            "    yield '€'\n")

    def test_reader_huge_unquoted_field(self):
        self.assertReaderRunsOutOfMemory(
            "    line = 'x' * (64 << 20) + '\\\\\\n'\n"
            "    while True:\n"
            "        yield line\n",
            ", escapechar='\\\\'")


class LayoutTests(unittest.TestCase):
    """What Python sees of the objects' C layout."""

    def test_basicsize(self):
        ctypes = import_helper.import_module("ctypes")
        pointer, ssize = ctypes.c_void_p, ctypes.c_ssize_t
        head = ("head", ctypes.c_byte * object.__basicsize__)

        class ReaderObj(ctypes.Structure):
            _fields_ = [head, ("input_iter", pointer), ("dialect", pointer), ("fields", pointer),
                        ("state", ctypes.c_int), ("field", pointer), ("field_size", ssize),
                        ("field_len", ssize), ("unquoted_field", ctypes.c_bool), ("line_num", ctypes.c_ulong)]

        class WriterObj(ctypes.Structure):
            _fields_ = [head, ("write", pointer), ("dialect", pointer), ("rec", pointer), ("rec_size", ssize),
                        ("rec_len", ssize), ("num_fields", ctypes.c_int), ("error_obj", pointer)]

        class DialectObj(ctypes.Structure):
            _fields_ = [head, ("doublequote", ctypes.c_char), ("skipinitialspace", ctypes.c_char),
                        ("strict", ctypes.c_char), ("quoting", ctypes.c_int), ("delimiter", ctypes.c_uint32),
                        ("quotechar", ctypes.c_uint32), ("escapechar", ctypes.c_uint32),
                        ("lineterminator", pointer)]

        gc_header = sys.getsizeof([]) - [].__sizeof__()
        for obj, struct in ((_csv.reader([]), ReaderObj), (_csv.writer(io.StringIO()), WriterObj),
                            (_csv.Dialect(), DialectObj)):
            with self.subTest(struct.__name__):
                self.assertEqual(type(obj).__basicsize__, ctypes.sizeof(struct))
                self.assertEqual(sys.getsizeof(obj), ctypes.sizeof(struct) + gc_header)

    def test_referents(self):
        def describe(objects):
            return [list(o) if isinstance(o, list) else o if isinstance(o, (str, type)) else type(o)
                    for o in objects]

        dialect = _csv.Dialect(delimiter="€", lineterminator="¶\n")
        self.assertEqual(describe(gc.get_referents(dialect)), ["¶\n", _csv.Dialect])
        self.assertIsNot(dialect.delimiter, dialect.delimiter)  # made when read, as in C

        reader = _csv.reader(["a,b\n", 'c,"d\n', 'e"\n'], dialect=_csv.Dialect())
        reader_type = type(reader)
        self.assertEqual(describe(gc.get_referents(reader)), [_csv.Dialect, type(iter([])), [], reader_type])
        next(reader)
        self.assertEqual(describe(gc.get_referents(reader)), [_csv.Dialect, type(iter([])), reader_type])

        seen = []

        def lines():
            yield 'a,"b\n'
            seen.append(describe(gc.get_referents(r)))
            yield 'c"\n'

        r = _csv.reader(lines())
        self.assertEqual(next(r), ["a", "b\nc"])
        self.assertEqual(seen, [[_csv.Dialect, type(lines()), ["a"], reader_type]])

        out = io.StringIO()
        writer = _csv.writer(out)
        self.assertEqual(gc.get_referents(writer), [writer.dialect, out.write, _csv.Error, type(writer)])


class ReentrancyTests(unittest.TestCase):
    """Callbacks that work on the same reader or writer (the difftest
    compares many more with stock)."""

    def test_str_writes_row_on_same_writer(self):
        out = io.StringIO()
        w = _csv.writer(out)

        class Field:
            def __str__(self):
                w.writerow(["x", "y"])
                return "F"

        # As in C, the inner row restarts the line buffer: the outer line
        # goes on from the inner one's end.
        self.assertEqual(w.writerow(["a", Field(), "b"]), 11)
        self.assertEqual(out.getvalue(), "x,y\r\nx,y\r\n,F,b\r\n")

    def test_writerows_generator_writes(self):
        out = io.StringIO()
        w = _csv.writer(out)

        def rows():
            for i in range(3):
                w.writerow([f"inner{i}"])
                yield [i]

        self.assertIsNone(w.writerows(rows()))
        self.assertEqual(out.getvalue(), "inner0\r\n0\r\ninner1\r\n1\r\ninner2\r\n2\r\n")

    def test_input_iterator_reads_same_reader(self):
        source = Source(["NEXT", "x,y\n", "\n", "c,d\n"])
        r = source.reader = _csv.reader(source)
        # The inner next() took the record the outer one had started: the
        # outer one then ends (C's NULL without an exception).
        self.assertEqual(list(r), [])
        self.assertEqual(source.inner, [["x", "y"]])
        self.assertEqual(list(r), [["c", "d"]])

    @unittest.skipUnless(RUST_CSV, "stock _csv appends to a NULL record here and crashes")
    def test_input_iterator_takes_record_then_fields_follow(self):
        source = Source(["a,b\n", "NEXT", "x,y\n", "c,d\n"])
        r = source.reader = _csv.reader(source)
        self.assertEqual(next(r), ["a", "b"])
        # The fields that follow the inner record start a new one.
        self.assertEqual(next(r), ["c", "d"])
        self.assertEqual(source.inner, [["x", "y"]])
        self.assertEqual(list(r), [])


class Source:
    """Input lines; "NEXT" calls next() on the reader first."""

    def __init__(self, lines):
        self.lines = iter(lines)
        self.reader = None
        self.inner = []

    def __iter__(self):
        return self

    def __next__(self):
        line = next(self.lines)
        if line == "NEXT":
            self.inner.append(next(self.reader))
            line = next(self.lines)
        return line


if __name__ == "__main__":
    unittest.main()
