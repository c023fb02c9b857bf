"""Hostile uses of binascii that CPython's test_binascii does not make:
outputs larger than memory allows must raise MemoryError, never abort the
interpreter, and an argument's conversion that writes to the data buffer
is seen by the codec (it reads the data last).  Every test holds for the C
module as well as for the Rust one."""

import binascii
import sysconfig
import threading
import unittest

from test.rust_hostile import HostileTestCase

RUST_BINASCII = "binascii" in (sysconfig.get_config_var("PY_RUST_MODULES") or "").split()


class OutOfMemoryTest(HostileTestCase):
    def check(self, setup, *statements):
        for statement in statements:
            with self.subTest(statement=statement):
                self.assertRaisesMemoryError(f"import binascii; {setup}", statement)

    def test_quoted_printable(self):
        # Every byte escaped: three times the input.
        self.check("data = b'=' * 300_000_000", "binascii.b2a_qp(data)")
        self.check("data = b'a' * 600_000_000", "binascii.a2b_qp(data)", "binascii.a2b_qp(data, header=True)")

    def test_base64(self):
        self.check("data = b'A' * 700_000_000", "binascii.a2b_base64(data)",
                   "binascii.a2b_base64(data, strict_mode=True)")
        # Not canonical: the lenient decoder's path.
        self.check("data = b'A\\n' * 350_000_000", "binascii.a2b_base64(data)")
        self.check("data = bytes(500_000_000)", "binascii.b2a_base64(data)")

    def test_hex(self):
        self.check("data = bytes(400_000_000)", "binascii.hexlify(data)", "binascii.b2a_hex(data, ':')")
        self.check("data = b'0' * 720_000_000", "binascii.unhexlify(data)")
        self.check("data = '0' * 720_000_000", "binascii.a2b_hex(data)")


class ConversionWritesDataTest(unittest.TestCase):
    def test_data_read_after_other_arguments(self):
        data = bytearray(b"abc\n")

        class Flag:
            def __bool__(self):
                data[0:3] = b"xyz"
                return False

        self.assertEqual(binascii.b2a_base64(data, newline=Flag()), b"eHl6Cg==")
        data[0:3] = b"abc"
        self.assertEqual(binascii.b2a_qp(data, quotetabs=Flag()), b"xyz\n")

    def test_bytes_per_sep_writes_data(self):
        data = bytearray(b"\x01\x02")

        class Count:
            def __index__(self):
                data[0] = 0xff
                return 1

        self.assertEqual(binascii.hexlify(data, ":", Count()), b"ff:02")


@unittest.skipUnless(RUST_BINASCII, "C's binascii reads a bytearray while other threads write it")
class ConcurrentWriterTest(unittest.TestCase):
    """The Rust module keeps the GIL while it reads a mutable buffer (see
    cpython-safe's HeldBytes): another thread's writes land between two
    calls, never inside one, so each result is that of a whole state.  C
    releases the GIL over large inputs and can see a torn mix."""

    def test_crc32_sees_whole_states(self):
        size = 1 << 20
        states = [bytes([1]) * size, bytes([2]) * size]
        expected = {binascii.crc32(state) for state in states}
        data = bytearray(states[0])
        stop = threading.Event()

        def writer():
            while not stop.is_set():
                for state in states:
                    data[:] = state

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            for _ in range(200):
                self.assertIn(binascii.crc32(data), expected)
        finally:
            stop.set()
            thread.join()


if __name__ == "__main__":
    unittest.main()
