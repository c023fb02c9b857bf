"""Helpers for the hostile-use tests of the Rust modules (Lib-tests/test_*.py).

Each runs the code under test in a child interpreter (this one, the
interpreter under test), so that an abort or a native stack overflow is a
test failure with the child's output, not the death of regrtest.
"""

import subprocess
import sys
import textwrap
import unittest

try:
    import resource
except ImportError:  # not POSIX
    resource = None

# The address-space limit of the out-of-memory tests: far above what the
# interpreter needs to start and import, far below what the inputs ask for.
ADDRESS_SPACE_LIMIT = 1 << 30

# The stack of the deep-nesting tests' thread, as the issue asks (1 MiB).
SMALL_STACK = 1 << 20


def run_child(code, *, address_space=None, timeout=300):
    """Runs `code` in a child of this interpreter; returns (returncode, output)."""
    preexec = None
    if address_space is not None:
        if resource is None:
            raise unittest.SkipTest("needs the resource module")

        def preexec():
            resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    proc = subprocess.run([sys.executable, "-X", "faulthandler", "-c", textwrap.dedent(code)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          preexec_fn=preexec, timeout=timeout)
    return proc.returncode, proc.stdout


class HostileTestCase(unittest.TestCase):
    """Assertions that run the code in a child interpreter."""

    def assertRaisesMemoryError(self, setup, statement):
        """`statement` raises MemoryError under ADDRESS_SPACE_LIMIT (after
        `setup`, run with the limit already in force), and the interpreter
        goes on afterwards: no abort, no other exception."""
        code = f"""
{textwrap.dedent(setup)}
try:
    {statement}
except MemoryError:
    print("MemoryError raised")
else:
    print("no MemoryError")
print("still alive", sum(range(10)))
"""
        returncode, output = run_child(code, address_space=ADDRESS_SPACE_LIMIT)
        self.assertEqual((returncode, output.splitlines()[-2:]),
                         (0, ["MemoryError raised", "still alive 45"]),
                         f"{statement!r} under RLIMIT_AS:\n{output}")

    def assertSurvivesSmallStack(self, setup, statement, expected_exceptions=(RecursionError,)):
        """`statement` in a thread with a 1 MiB stack either completes or
        raises one of `expected_exceptions`; the child prints which, and must
        not crash."""
        names = ", ".join(exc.__name__ for exc in expected_exceptions)
        code = f"""
import threading
{textwrap.dedent(setup)}
outcome = []
def work():
    try:
        {statement}
    except ({names}) as exc:
        outcome.append(type(exc).__name__)
    else:
        outcome.append("completed")
threading.stack_size({SMALL_STACK})
thread = threading.Thread(target=work)
thread.start()
thread.join()
print("outcome:", outcome[0] if outcome else "thread died")
"""
        returncode, output = run_child(code)
        self.assertEqual(returncode, 0, f"{statement!r} in a 1 MiB-stack thread crashed:\n{output}")
        last = output.splitlines()[-1] if output else ""
        self.assertTrue(last.startswith("outcome: ") and last != "outcome: thread died",
                        f"{statement!r} in a 1 MiB-stack thread:\n{output}")
        return last.removeprefix("outcome: ")
