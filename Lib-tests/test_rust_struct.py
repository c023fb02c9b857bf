"""Hostile uses of _struct that CPython's test_struct does not make: inputs
that ask for more memory than there is (MemoryError, never an abort) and
Python code run in the middle of a call (an argument's __index__ writing
to the buffer being packed or unpacked).  Every test holds for the C
module as well as for the Rust one."""

import gc
import struct
import unittest

from test.rust_hostile import HostileTestCase


class OutOfMemoryTest(HostileTestCase):
    def test_format_with_too_many_codes(self):
        # 200 million codes: C's code list alone would take 6.4 GB.
        self.assertRaisesMemoryError("import struct", "struct.calcsize('i' * 200_000_000)")
        self.assertRaisesMemoryError("import struct", "struct.Struct(b'i' * 200_000_000)")

    def test_reinitialization_with_too_many_codes(self):
        self.assertRaisesMemoryError("import struct; s = struct.Struct('<i')", "s.__init__('i' * 200_000_000)")

    def test_pack_output(self):
        self.assertRaisesMemoryError("import struct", "struct.pack('2000000000x')")
        self.assertRaisesMemoryError("import struct; s = struct.Struct('2000000000s')", "s.pack(b'')")

    def test_unpack_result(self):
        self.assertRaisesMemoryError("import struct", "struct.unpack('300000000?', bytes(300_000_000))")

    def test_repr_of_huge_format(self):
        self.assertRaisesMemoryError("import struct; s = struct.Struct('x' * 300_000_000)", "repr(s)")


class Scribble:
    """An int whose __index__ first writes `marks` into `target`."""

    def __init__(self, value, target, marks):
        self.value, self.target, self.marks = value, target, marks

    def __index__(self):
        for at, byte in self.marks:
            self.target[at] = byte
        return self.value


class ReentrancyTest(unittest.TestCase):
    def test_pack_into_packs_in_place(self):
        # What an item's __index__ writes stays where no item is packed
        # later, as the earlier items stay when a later one fails.
        for pack_into in (struct.pack_into, struct.Struct("<hh").pack_into):
            with self.subTest(pack_into=pack_into):
                buf = bytearray(b"\xaa" * 8)
                fmt_args = ("<hh",) if pack_into is struct.pack_into else ()
                pack_into(*fmt_args, buf, 2, Scribble(1, buf, ((0, 7), (4, 7), (7, 7))), 2)
                self.assertEqual(buf, b"\x07\xaa\x01\x00\x02\x00\xaa\x07")
        buf = bytearray(b"\xaa" * 8)
        with self.assertRaises(struct.error):
            struct.pack_into("<hhh", buf, 0, 1, Scribble(2, buf, ((5, 9),)), "x")
        self.assertEqual(buf, b"\x01\x00\x02\x00\x00\x09\xaa\xaa")

    def test_pack_into_float_and_bool_write_target(self):
        buf = bytearray(8)

        class Float:
            def __float__(self):
                buf[7] = 1
                return 1.0

        class Bool:
            def __bool__(self):
                buf[0] = 5
                return True

        struct.pack_into("<?e", buf, 1, Bool(), Float())
        self.assertEqual(buf, b"\x05\x01\x00\x3c\x00\x00\x00\x01")

    def test_unpack_from_offset_writes_buffer(self):
        for unpack_from in (struct.unpack_from, struct.Struct("<i").unpack_from):
            with self.subTest(unpack_from=unpack_from):
                buf = bytearray(8)
                fmt_args = ("<i",) if unpack_from is struct.unpack_from else ()
                # The buffer is read after the offset's conversion.
                result = unpack_from(*fmt_args, buf, Scribble(4, buf, ((4, 1), (7, 2))))
                self.assertEqual(result, (0x02000001,))

    def test_unpack_from_offset_cannot_resize_buffer(self):
        buf = bytearray(8)

        class Offset:
            def __index__(self):
                buf.extend(b"x")
                return 0

        with self.assertRaises(BufferError):
            struct.unpack_from("<i", buf, Offset())
        self.assertEqual(len(buf), 8)

    def test_iter_unpack_holds_buffer(self):
        buf = bytearray(b"\x01\x00\x02\x00\x03\x00")
        it = struct.iter_unpack("<h", buf)
        self.assertEqual(next(it), (1,))
        with self.assertRaises(BufferError):
            buf.append(0)
        buf[2] = 9
        self.assertEqual(list(it), [(9,), (3,)])
        buf.append(0)  # released once exhausted

    def test_gc_sees_the_format(self):
        fmt = b"<hh"
        s = struct.Struct(fmt)
        self.assertIn(fmt, gc.get_referents(s))
        self.assertIn(type(s), gc.get_referents(s))


if __name__ == "__main__":
    unittest.main()
