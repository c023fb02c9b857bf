"""syslog: its hot functions and their per-call overhead, Rust/stock."""

import bench_common

SETUP = """
import syslog
syslog.setlogmask(syslog.LOG_MASK(syslog.LOG_EMERG))
syslog.openlog("bench")
"""

# (label, statement, setup) of each hot path.
benchmarks = [
    ("LOG_MASK(5)", "syslog.LOG_MASK(5)", ""),
    ("LOG_UPTO(5)", "syslog.LOG_UPTO(5)", ""),
    ("setlogmask(0)", "syslog.setlogmask(0)", ""),
    # Masked out: the call, the audit check and the C library's mask test.
    ("syslog(LOG_DEBUG, 'm')", "syslog.syslog(syslog.LOG_DEBUG, 'm')", ""),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
