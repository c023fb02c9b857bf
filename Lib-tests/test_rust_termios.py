"""What CPython's test_termios and the differential test cannot check of
termios: round trips on a pty (attributes set are the attributes read, the
terminal then behaves as set), the control characters as C builds them
(bytes, with VMIN and VTIME as ints only in non-canonical mode), termios.error
as (errno, message), tcsetwinsize keeping the pixel sizes, and an attribute
list that an item's __index__ empties (an error, never a crash).  Every test
holds for the C module as well as for the Rust one."""

import errno
import fcntl
import os
import struct
import termios
import unittest


class PtyTest(unittest.TestCase):
    def setUp(self):
        self.primary, self.secondary = os.openpty()
        self.addCleanup(os.close, self.primary)
        self.addCleanup(os.close, self.secondary)

    def test_round_trip(self):
        attributes = termios.tcgetattr(self.secondary)
        self.assertEqual(len(attributes), 7)
        self.assertEqual(len(attributes[6]), len(termios.tcgetattr(self.primary)[6]))
        for value in attributes[:6]:
            self.assertIsInstance(value, int)
        changed = list(attributes)
        changed[6] = list(attributes[6])
        changed[1] &= ~termios.OPOST
        changed[3] &= ~termios.ECHO
        changed[6][termios.VINTR] = b"\x07"
        changed[6][termios.VEOF] = 2
        termios.tcsetattr(self.secondary, termios.TCSADRAIN, changed)
        read = termios.tcgetattr(self.secondary)
        changed[6][termios.VEOF] = b"\x02"  # read back as bytes
        self.assertEqual(read, changed)
        termios.tcsetattr(self.secondary, termios.TCSAFLUSH, attributes)
        self.assertEqual(termios.tcgetattr(self.secondary), attributes)

    def test_speeds(self):
        attributes = termios.tcgetattr(self.secondary)
        attributes[4], attributes[5] = termios.B9600, termios.B2400
        termios.tcsetattr(self.secondary, termios.TCSANOW, attributes)
        read = termios.tcgetattr(self.secondary)
        self.assertEqual(read[5], termios.B2400)
        self.assertIn(read[4], (termios.B9600, termios.B2400))  # Linux: one speed for both
        attributes[4] = 12345  # no such speed
        with self.assertRaises(termios.error) as caught:
            termios.tcsetattr(self.secondary, termios.TCSANOW, attributes)
        self.assertEqual(caught.exception.args[0], errno.EINVAL)

    def test_control_characters(self):
        attributes = termios.tcgetattr(self.secondary)
        self.assertTrue(attributes[3] & termios.ICANON)
        self.assertTrue(all(isinstance(c, bytes) and len(c) == 1 for c in attributes[6]))
        attributes[3] &= ~termios.ICANON
        attributes[6][termios.VMIN] = 3
        attributes[6][termios.VTIME] = 0
        termios.tcsetattr(self.secondary, termios.TCSANOW, attributes)
        cc = termios.tcgetattr(self.secondary)[6]
        self.assertEqual((cc[termios.VMIN], cc[termios.VTIME]), (3, 0))
        others = [c for i, c in enumerate(cc) if i not in (termios.VMIN, termios.VTIME)]
        self.assertTrue(all(isinstance(c, bytes) and len(c) == 1 for c in others))

    def test_raw_mode_behaves(self):
        attributes = termios.tcgetattr(self.secondary)
        attributes[3] &= ~(termios.ICANON | termios.ECHO)
        attributes[6][termios.VMIN] = 1
        attributes[6][termios.VTIME] = 0
        termios.tcsetattr(self.secondary, termios.TCSANOW, attributes)
        os.write(self.primary, b"ab")  # no newline: canonical mode would wait
        self.assertEqual(os.read(self.secondary, 10), b"ab")
        termios.tcflush(self.secondary, termios.TCIOFLUSH)
        termios.tcdrain(self.primary)

    def test_errors(self):
        read_end, write_end = os.pipe()
        self.addCleanup(os.close, read_end)
        self.addCleanup(os.close, write_end)
        self.assertTrue(issubclass(termios.error, Exception))
        for call in (lambda: termios.tcgetattr(read_end), lambda: termios.tcgetwinsize(read_end),
                     lambda: termios.tcflow(read_end, termios.TCOON), lambda: termios.tcdrain(read_end)):
            with self.assertRaises(termios.error) as caught:
                call()
            self.assertEqual(caught.exception.args, (errno.ENOTTY, os.strerror(errno.ENOTTY)))
        os.close(os.dup2(read_end, 1000))
        with self.assertRaises(termios.error) as caught:
            termios.tcgetattr(1000)
        self.assertEqual(caught.exception.args, (errno.EBADF, os.strerror(errno.EBADF)))

    def test_setwinsize_keeps_pixels(self):
        fcntl.ioctl(self.primary, termios.TIOCSWINSZ, struct.pack("HHHH", 1, 2, 640, 480))
        termios.tcsetwinsize(self.secondary, (40, 100))
        self.assertEqual(termios.tcgetwinsize(self.primary), (40, 100))
        size = fcntl.ioctl(self.primary, termios.TIOCGWINSZ, bytes(8))
        self.assertEqual(struct.unpack("HHHH", size), (40, 100, 640, 480))

    def test_list_emptied_by_index(self):
        attributes = termios.tcgetattr(self.secondary)

        class Emptying:
            def __index__(self):
                attributes.clear()
                return 0
        attributes[0] = Emptying()
        with self.assertRaises((SystemError, IndexError)):
            termios.tcsetattr(self.secondary, termios.TCSANOW, attributes)

    def test_cc_list_replaced_by_index(self):
        attributes = termios.tcgetattr(self.secondary)
        cc = attributes[6]

        class Replacing:
            def __index__(self):
                attributes[6] = None
                cc.clear()
                return attributes_before[0]
        attributes_before = list(attributes)
        attributes[0] = Replacing()
        with self.assertRaisesRegex(TypeError, "attributes\\[6\\] must be"):
            termios.tcsetattr(self.secondary, termios.TCSANOW, attributes)


if __name__ == "__main__":
    unittest.main()
