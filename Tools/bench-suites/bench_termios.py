"""termios: its hot functions and their per-call overhead, Rust/stock."""

import bench_common

SETUP = """
import os, termios
primary, secondary = os.openpty()
attributes = termios.tcgetattr(secondary)
"""

# (label, statement, setup) of each hot path.
benchmarks = [
    ("tcgetattr(pty)", "termios.tcgetattr(secondary)", ""),
    ("tcsetattr(pty, TCSANOW, attributes)", "termios.tcsetattr(secondary, termios.TCSANOW, attributes)", ""),
    ("tcgetwinsize(pty)", "termios.tcgetwinsize(secondary)", ""),
    ("tcsetwinsize(pty, (24, 80))", "termios.tcsetwinsize(secondary, (24, 80))", ""),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
