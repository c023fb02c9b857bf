"""_posixsubprocess: starting a child (`subprocess.run(['true'])`, whose
time is mostly fork/vfork and exec) and fork_exec's argument conversion
and fd closing, Rust/stock."""

import bench_common

SETUP = """
import os, subprocess, _posixsubprocess
TRUE = ['true']  # no directory: subprocess uses fork_exec, not posix_spawn
kept = [os.pipe() for _ in range(3)]
pass_fds = tuple(sorted(fd for pair in kept for fd in pair))
"""

# (label, statement, setup) of each hot path.
benchmarks = [
    ("run(['true'])", "subprocess.run(TRUE)", ""),
    ("run(['true'], close_fds=False)", "subprocess.run(TRUE, close_fds=False)", ""),
    ("run(['true'], pass_fds=6 fds)", "subprocess.run(TRUE, pass_fds=pass_fds)", ""),
    ("run(['true'], env, cwd)", "subprocess.run(TRUE, env={'A': '1', 'PATH': '/bin'}, cwd='/')", ""),
    ("run(['true']) fork (uid)", "subprocess.run(TRUE, user=os.getuid())", ""),
    ("run(['true'], preexec_fn)", "subprocess.run(TRUE, preexec_fn=int)", ""),
    # Argument errors: the conversions without a child.
    ("fork_exec bad fds", """
try:
    _posixsubprocess.fork_exec(TRUE, [b'/bin/true'], True, (5, 4), None, None,
        -1, -1, -1, -1, -1, -1, 3, 4, True, False, -1, None, None, None, -1, None, True)
except ValueError:
    pass
""", ""),
    ("fork_exec 100 args then bad env", """
try:
    _posixsubprocess.fork_exec(args100, [b'/bin/true'], True, (), None, ['x'],
        -1, -1, -1, -1, -1, -1, 3, 4, True, False, -1, None, None, None, -1, None, True)
except TypeError:
    pass
""", "args100 = ['arg%d' % i for i in range(100)]"),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
