"""select: its hot functions and their per-call overhead, Rust/stock.

Waits that return at once (timeout 0) on pipes: the cost is the call, the
conversion of the descriptors and the results, and the system call."""

import bench_common

SETUP = """
import os, select
# 1,000 pipes (2,000 descriptors): the limit is raised where it is lower.
try:
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 4096 <= hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (4096, hard))
except (ImportError, ValueError, OSError):
    pass
# timeit runs the setup again for every timing: the pipes of each kind are
# made once per process.
import sys
_made = sys.__dict__.setdefault("_bench_select_pipes", {})
def pipes(n, kind):
    if kind not in _made:
        _made[kind] = [os.pipe() for _ in range(n)]
    return _made[kind]
"""

# 1,000 read ends with nothing to read: the whole array goes through the
# kernel, no result.  With every other pipe written: 500 results.
MANY = """
ends = pipes(1000, "idle")
p = select.poll()
ep = select.epoll()
for r, w in ends:
    p.register(r, select.POLLIN)
    ep.register(r, select.EPOLLIN)
"""
HALF_READY = MANY.replace('"idle"', '"half ready"') + """
for r, w in ends[::2]:
    os.write(w, b"x")
"""
FEW = """
ends = pipes(4, "few")
reads = [r for r, w in ends]
writes = [w for r, w in ends]
for r, w in ends[:2]:
    os.write(w, b"x")
class File:
    def __init__(self, fd):
        self.fd = fd
    def fileno(self):
        return self.fd
files = [File(r) for r in reads]
"""

benchmarks = [
    ("poll.poll(0) 1000 fds idle", "p.poll(0)", MANY),
    ("poll.poll(0) 1000 fds 500 ready", "p.poll(0)", HALF_READY),
    ("epoll.poll(0) 1000 fds idle", "ep.poll(0)", MANY),
    ("epoll.poll(0) 1000 fds 500 ready", "ep.poll(0)", HALF_READY),
    ("epoll.poll(0, 1) 1000 fds 500 ready", "ep.poll(0, 1)", HALF_READY),
    ("select 4+4 fds timeout 0", "select.select(reads, writes, [], 0)", FEW),
    ("select 4 fileno() objects timeout 0.0", "select.select(files, [], [], 0.0)", FEW),
    ("select empty timeout 0", "select.select([], [], [], 0)", ""),
    ("poll register+unregister", "p.register(r0, select.POLLIN); p.unregister(r0)", FEW + "p = select.poll(); r0 = reads[0]"),
    ("poll modify", "p.modify(r0, select.POLLOUT)", FEW + "p = select.poll(); r0 = reads[0]; p.register(r0)"),
    ("poll.poll(0) after register", "p.register(r0); p.poll(0)", FEW + "p = select.poll(); r0 = reads[0]"),
    ("epoll register+unregister", "ep.register(r0, select.EPOLLIN); ep.unregister(r0)",
     FEW + "ep = select.epoll(); r0 = reads[0]"),
    ("select.poll()", "select.poll()", ""),
    ("select.epoll() + close", "select.epoll().close()", ""),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
