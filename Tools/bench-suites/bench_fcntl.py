"""fcntl: its hot functions and their per-call overhead, Rust/stock."""

import bench_common

SETUP = """
import array, fcntl, os, termios
read_end, write_end = os.pipe()
primary, secondary = os.openpty()
small = bytearray(8)
"""

# (label, statement, setup) of each hot path.
benchmarks = [
    ("fcntl(fd, F_GETFL)", "fcntl.fcntl(read_end, fcntl.F_GETFL)", ""),
    ("fcntl(fd, F_SETFD, 1)", "fcntl.fcntl(read_end, fcntl.F_SETFD, 1)", ""),
    ("fcntl(fd, F_GETFD, b'abcd')", "fcntl.fcntl(read_end, fcntl.F_GETFD, b'abcd')", ""),
    ("ioctl(fd, FIONREAD, bytearray(4))", "fcntl.ioctl(read_end, termios.FIONREAD, small)", ""),
    ("ioctl(pty, TIOCGWINSZ, bytes(8))", "fcntl.ioctl(secondary, termios.TIOCGWINSZ, b'\\0' * 8)", ""),
    ("ioctl(pty, TIOCGWINSZ, array)", "fcntl.ioctl(secondary, termios.TIOCGWINSZ, buf)", "buf = array.array('H', [0] * 4)"),
    ("flock(fd, LOCK_UN)", "fcntl.flock(read_end, fcntl.LOCK_UN)", ""),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
