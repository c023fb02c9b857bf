"""Differential cases for resource: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py).

Calls that change this process's limits run in a child interpreter (the
one under test), so the cases after them see the limits both sides start
with."""

import os
import resource
import subprocess
import sys

from cases_pwd import describe_type
from hostile import BadIndex, Index

NOBODY = 65534


def shape(usage):
    """A struct_rusage without its values (they change from call to call)."""
    return (type(usage).__name__, len(usage), [type(value).__name__ for value in usage],
            [name for name in type(usage).__match_args__], repr(usage).split("(")[0])


def in_child(code, as_nobody=False):
    """What `code` prints (or the last line of its traceback) in a child
    interpreter, optionally run as an unprivileged user."""
    prologue = "import os, resource, sys\n"
    if as_nobody:
        prologue += f"os.setgid({NOBODY}); os.setuid({NOBODY})\n"
    run = subprocess.run([sys.executable, "-c", prologue + code], capture_output=True, text=True)
    return run.returncode, run.stdout, run.stderr.strip().splitlines()[-1:] if run.returncode else ""


def outcome_of(expression):
    """Child code printing the value of expression or its exception."""
    return (f"try:\n    print(repr({expression}))\n"
            f"except Exception as e:\n    print(type(e).__name__, e)\n")


RESOURCES = [getattr(resource, name) for name in sorted(dir(resource)) if name.startswith("RLIMIT_")]
BAD_INTS = [-1, -2**31, -2**31 - 1, 2**31 - 1, 2**31, 2**63, 10**30, 16, 17, 1000,
            True, Index(resource.RLIMIT_NOFILE), Index(2**40), BadIndex(), 0.0, 7.5, "7", None, b"\x07"]
# Limits as child code (converting some of them succeeds and sets them).
LIMITS = ["(1, 2, 3)", "(1,)", "()", "[1, 2]", "'ab'", "b'ab'", "5", "None", "iter((1, 2))", "('1', 2)", "(1, '2')",
          "(1.0, 2)", "(2**64, 1)", "(1, 2**64)", "(2**63, 0)", "(-2**63 - 1, 0)", "(BadIndex(), 1)", "(1, BadIndex())",
          "(Index(1), Index(2))", "{1: 0, 2: 0}", "range(2)", "(-1, -1)", "(-2, -1)", "(2**63 - 1, -1)",
          "type('T', (tuple,), {'__iter__': lambda self: iter((3, 4))})((1, 2))"]
HOSTILE = f"sys.path.insert(0, {os.path.dirname(os.path.abspath(__file__))!r})\nfrom hostile import BadIndex, Index\n"


def cases(rng):
    """Every public function of resource, each with generated arguments."""
    out = [("constants", lambda: sorted((name, getattr(resource, name)) for name in dir(resource) if name.isupper()), (), {})]
    out.append(("error", lambda: resource.error is OSError, (), {}))
    # Without dunders: a built-in module has no __file__.
    out.append(("names", lambda: sorted(name for name in dir(resource) if not name.startswith("__")), (), {}))
    out.append(("struct_rusage type", describe_type, (resource.struct_rusage,), {}))
    out.append(("getpagesize", resource.getpagesize, (), {}))
    out.append(("getpagesize(1)", resource.getpagesize, (1,), {}))

    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN, resource.RUSAGE_THREAD, -2, 2, 3, *BAD_INTS):
        out.append((f"getrusage({who!r})", lambda who: shape(resource.getrusage(who)), (who,), {}))
    out.append(("getrusage()", resource.getrusage, (), {}))
    out.append(("getrusage(0, 1)", resource.getrusage, (0, 1), {}))
    out.append(("getrusage(who=0)", resource.getrusage, (), {"who": 0}))
    out.append(("new struct_rusage", lambda: repr(resource.struct_rusage(range(16))), (), {}))
    out.append(("new struct_rusage short", resource.struct_rusage, (range(15),), {}))

    for res in RESOURCES + BAD_INTS:
        out.append((f"getrlimit({res!r})", resource.getrlimit, (res,), {}))
    out.append(("getrlimit()", resource.getrlimit, (), {}))
    out.append(("getrlimit(0, 1)", resource.getrlimit, (0, 1), {}))

    # Failing before the system call, or setting the limits they already have.
    for res in RESOURCES:
        out.append((f"setrlimit({res}, same)", lambda res: resource.setrlimit(res, resource.getrlimit(res)), (res,), {}))
    for res in BAD_INTS:
        # (2, 1) fails after the conversions: nothing is set.
        out.append((f"setrlimit({res!r}, ...)", resource.setrlimit, (res, (2, 1)), {}))
    for limits in LIMITS:
        code = HOSTILE + outcome_of(f"resource.setrlimit(resource.RLIMIT_NOFILE, {limits})") + outcome_of("resource.getrlimit(resource.RLIMIT_NOFILE)")
        out.append((f"child: setrlimit(NOFILE, {limits})", in_child, (code,), {}))
    out.append(("setrlimit()", resource.setrlimit, (), {}))
    out.append(("setrlimit(1)", resource.setrlimit, (1,), {}))
    out.append(("setrlimit(1, 2, 3)", resource.setrlimit, (1, (2, 3), 4), {}))
    out.append(("setrlimit kw", resource.setrlimit, (), {"resource": 1, "limits": (1, 1)}))
    out.append(("setrlimit cur > max", resource.setrlimit, (resource.RLIMIT_CORE, (2, 1)), {}))

    # Changing limits: in a child.
    for code in (
        "resource.setrlimit(resource.RLIMIT_CORE, (0, 0)); print(resource.getrlimit(resource.RLIMIT_CORE))",
        "resource.setrlimit(resource.RLIMIT_NOFILE, (64, 128)); print(resource.getrlimit(resource.RLIMIT_NOFILE))",
        "resource.setrlimit(resource.RLIMIT_CORE, (-1, -1)); print(resource.getrlimit(resource.RLIMIT_CORE))",
        "resource.setrlimit(resource.RLIMIT_FSIZE, (-2, -1)); print(resource.getrlimit(resource.RLIMIT_FSIZE))",
        outcome_of("resource.setrlimit(resource.RLIMIT_NOFILE, (-1, -1))"),
        outcome_of("resource.setrlimit(resource.RLIMIT_NOFILE, (2**40, 2**40))"),
        outcome_of("resource.setrlimit(resource.RLIMIT_STACK, (2**62, 2**62))"),
    ):
        out.append((f"child: {code:.60}", in_child, (code,), {}))
    for code in (
        # Lowering the hard limit is allowed, raising it back is not.
        "resource.setrlimit(resource.RLIMIT_NOFILE, (64, 128)); print(resource.getrlimit(resource.RLIMIT_NOFILE))\n"
        + outcome_of("resource.setrlimit(resource.RLIMIT_NOFILE, (64, 256))")
        + outcome_of("resource.setrlimit(resource.RLIMIT_NOFILE, (256, 128))")
        + outcome_of("resource.setrlimit(resource.RLIMIT_NOFILE, (-1, -1))")
        + outcome_of("resource.setrlimit(resource.RLIMIT_NOFILE, (32, 64))")
        + outcome_of("resource.getrlimit(resource.RLIMIT_NOFILE)"),
        outcome_of("resource.setrlimit(resource.RLIMIT_CORE, (-1, -1))"),
        outcome_of("resource.prlimit(1, resource.RLIMIT_CORE)"),
        outcome_of("resource.prlimit(1, resource.RLIMIT_CORE, (0, 0))"),
        outcome_of("resource.prlimit(0, resource.RLIMIT_NOFILE, (16, 32))")
        + outcome_of("resource.prlimit(0, resource.RLIMIT_NOFILE, (16, 64))")
        + outcome_of("resource.prlimit(os.getpid(), resource.RLIMIT_NOFILE)"),
    ):
        out.append((f"child as nobody: {code:.60}", in_child, (code, True), {}))

    # prlimit: reading, failing, and setting in a child.
    for res in RESOURCES:
        out.append((f"prlimit(0, {res})", resource.prlimit, (0, res), {}))
        out.append((f"prlimit(0, {res}, None)", resource.prlimit, (0, res, None), {}))
    out.append(("prlimit(getpid)", lambda: resource.prlimit(os.getpid(), resource.RLIMIT_NOFILE), (), {}))
    for pid in (-1, -2, 2**22 + 1, 2**31 - 1, 2**31, -2**31 - 1, 10**30, Index(0), BadIndex(), 0.0, "0", None):
        out.append((f"prlimit({pid!r}, NOFILE)", resource.prlimit, (pid, resource.RLIMIT_NOFILE), {}))
    for res in BAD_INTS:
        out.append((f"prlimit(0, {res!r})", resource.prlimit, (0, res), {}))
    for limits in LIMITS:
        code = HOSTILE + outcome_of(f"resource.prlimit(0, resource.RLIMIT_NOFILE, {limits})") + outcome_of("resource.getrlimit(resource.RLIMIT_NOFILE)")
        out.append((f"child: prlimit(0, NOFILE, {limits})", in_child, (code,), {}))
    out.append(("prlimit(0, CORE, cur > max)", resource.prlimit, (0, resource.RLIMIT_CORE, (2, 1)), {}))
    out.append(("prlimit(missing pid, CORE, limits)", resource.prlimit, (2**22 + 1, resource.RLIMIT_CORE, (0, 0)), {}))
    out.append(("prlimit()", resource.prlimit, (), {}))
    out.append(("prlimit(0)", resource.prlimit, (0,), {}))
    out.append(("prlimit(0, 1, None, 4)", resource.prlimit, (0, 1, None, 4), {}))
    out.append(("prlimit kw", resource.prlimit, (0, 1), {"limits": None}))
    out.append(("child: prlimit set", in_child, (
        "print(resource.prlimit(0, resource.RLIMIT_NOFILE, (100, 200)), resource.getrlimit(resource.RLIMIT_NOFILE))",), {}))

    # Audit events, with the arguments the hooks see.
    audit = ("def hook(event, args):\n"
             "    if event.startswith('resource.'): print(event, repr(args))\n"
             "sys.addaudithook(hook)\n")
    for call in ("resource.setrlimit(resource.RLIMIT_CORE, (0, 0))",
                 "resource.setrlimit(resource.RLIMIT_CORE, [0])",
                 "resource.setrlimit(99, (0, 0))",
                 "resource.prlimit(0, resource.RLIMIT_CORE)",
                 "resource.prlimit(0, resource.RLIMIT_CORE, (0, 0))",
                 "resource.prlimit(-5, resource.RLIMIT_CORE, 'xy')",
                 "resource.prlimit(0, 99)",
                 "resource.getrlimit(resource.RLIMIT_CORE)"):
        out.append((f"audit {call}", in_child, (audit + outcome_of(call),), {}))
    refuse = ("def hook(event, args):\n"
              "    if event.startswith('resource.'): raise RuntimeError(event)\n"
              "sys.addaudithook(hook)\n")
    for call in ("resource.setrlimit(resource.RLIMIT_CORE, (0, 0))", "resource.prlimit(0, resource.RLIMIT_CORE)"):
        out.append((f"audit refuses {call}", in_child, (refuse + outcome_of(call) + outcome_of("resource.getrlimit(resource.RLIMIT_CORE)"),), {}))
    return out
