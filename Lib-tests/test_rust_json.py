"""Hostile-use tests of the _json accelerator: nesting deep enough to
exhaust a small native stack, and inputs too big for the memory there is.
They test stock CPython's behaviour (RecursionError or success, never a
crash; MemoryError, never an abort), which the Rust build must keep."""

import json
import sys
import sysconfig
import time
import unittest

from test.rust_hostile import HostileTestCase

# Stock CPython 3.13 counts nesting levels only: deeper than about 8,000
# levels, a 1 MiB stack overflows before the count runs out.  The Rust
# build also checks the stack left.
RUST_JSON = "_json" in (sysconfig.get_config_var("PY_RUST_MODULES") or "").split()

# Documents and objects nested `n` levels deep, built in the child.
NESTING = """
import json

def nested_list(n):
    value = []
    for _ in range(n):
        value = [value]
    return value

def nested_dict(n):
    value = {}
    for _ in range(n):
        value = {"a": value}
    return value

def nested_mixed(n):
    value = 1
    for _ in range(n // 2):
        value = [{"a": value}]
    return value

class Wrapped:
    def __init__(self, inner):
        self.inner = inner

def nested_default(n):
    value = 1
    for _ in range(n):
        value = Wrapped(value)
    return value

def unwrap(obj):
    return [obj.inner]

def arrays(n):
    return "[" * n + "]" * n

def objects(n):
    return '{"a": ' * n + "1" + "}" * n

def mixed(n):
    return '[{"a": ' * (n // 2) + "1" + "}]" * (n // 2)
"""

# Depths that stock CPython 3.13.5 completes in a thread with a 1 MiB stack
# (it overflows that stack at about 8,100 levels for loads, 6,500 for
# dumps of lists, 4,300 of dicts, 3,200 through a Python default hook),
# and depths far beyond.  The values are made (and freed) in the main
# thread: freeing a deep chain of objects needs stack of its own.
SURVIVED = [
    ("text = arrays(6000)", "json.loads(text)"),
    ("text = objects(6000)", "json.loads(text)"),
    ("text = mixed(6000)", "json.loads(text)"),
    ("value = nested_list(6000)", "json.dumps(value)"),
    ("value = nested_dict(4000)", "json.dumps(value)"),
    ("value = nested_mixed(4000)", "json.dumps(value)"),
    ("value = nested_list(4000)", "json.dumps(value, indent=1)"),
    ("value = nested_dict(3000)", "json.dumps(value, indent='\\t')"),
    ("value = nested_default(2000)", "json.dumps(value, default=unwrap)"),
]
TOO_DEEP = [
    ("text = arrays(depth)", "json.loads(text)"),
    ("text = objects(depth)", "json.loads(text)"),
    ("text = mixed(depth)", "json.loads(text)"),
    ("value = nested_list(depth)", "json.dumps(value)"),
    ("value = nested_dict(depth)", "json.dumps(value)"),
    ("value = nested_mixed(depth)", "json.dumps(value)"),
    ("value = nested_list(depth)", "json.dumps(value, indent=1)"),
    ("value = nested_dict(depth)", "json.dumps(value, indent=2)"),
    ("value = nested_dict(depth)", "json.dumps(value, sort_keys=True)"),
    ("value = nested_default(depth)", "json.dumps(value, default=unwrap)"),
]


# Debug builds count C recursion to a far lower limit (3.13's
# Py_C_RECURSION_LIMIT is 500 with Py_DEBUG, 10000 otherwise): there stock
# raises RecursionError at these depths too, and only "no crash" is tested.
DEBUG_BUILD = hasattr(sys, "gettotalrefcount")
SURVIVED_OUTCOMES = ("completed", "RecursionError") if DEBUG_BUILD else ("completed",)
# A depth well below the C recursion limit.
UNDER_LIMIT = 400 if DEBUG_BUILD else 8000


class DeepNestingTest(HostileTestCase):
    """Through the C scanner (json.loads) and the C encoder (json.dumps
    with default settings, or indent, or a default hook)."""

    def test_small_stack_depths_stock_survives(self):
        for prepare, statement in SURVIVED:
            with self.subTest(prepare, statement=statement):
                outcome = self.assertSurvivesSmallStack(f"{NESTING}\n{prepare}", statement)
                self.assertIn(outcome, SURVIVED_OUTCOMES)

    @unittest.skipUnless(RUST_JSON, "stock CPython overflows a small stack there")
    def test_small_stack_deeper(self):
        for depth in (9000, 12000, 100000):
            for prepare, statement in TOO_DEEP:
                with self.subTest(prepare, statement=statement, depth=depth):
                    self.assertSurvivesSmallStack(f"{NESTING}\ndepth = {depth}\n{prepare}", statement)

    def test_main_thread_too_deep(self):
        for text in ("[" * 100000 + "]" * 100000, '{"a": ' * 100000 + "1" + "}" * 100000):
            with self.assertRaises(RecursionError):
                json.loads(text)
        value = []
        for _ in range(100000):
            value = {"a": [value]}
        for indent in (None, 1):
            with self.assertRaises(RecursionError):
                json.dumps(value, indent=indent)

    def test_deep_nesting_costs_linear_time(self):
        def seconds(depth):
            text = "[" * depth + "]" * depth
            value = json.loads(text)
            start = time.perf_counter()
            for _ in range(3):
                json.loads(text)
                json.dumps(value)
            return time.perf_counter() - start
        # Below the recursion limit: eight times the depth, far less than
        # the 64 times a quadratic cost would take.
        small, large = seconds(UNDER_LIMIT // 8), seconds(UNDER_LIMIT)
        self.assertLess(large, 24 * small + 0.05)


# Takes nearly all the address space the child has (untouched mappings,
# so it costs no time), leaving `FREE` bytes:
# a statement that needs far more fails whatever the interpreter's size.
BALLAST = """
import json, mmap
FREE = 32 << 20
{prepare}
ballast = []
try:
    while True:
        ballast.append(mmap.mmap(-1, 16 << 20))
except OSError:
    pass
del ballast[-(FREE >> 24):]
"""


class OutOfMemoryTest(HostileTestCase):

    def check(self, prepare, statement):
        self.assertRaisesMemoryError(BALLAST.format(prepare=prepare), statement)

    def test_dumps_output_buffer(self):
        self.check("data = ['x' * (1 << 20)] * 100", "json.dumps(data)")
        self.check("data = {str(i): 'x' * (1 << 20) for i in range(100)}", "json.dumps(data, indent=2)")

    def test_dumps_escaping(self):
        self.check("data = ['\\n' * (1 << 25)]", "json.dumps(data)")
        self.check("data = ['\\u20ac' * (1 << 24)]", "json.dumps(data)")
        self.check("data = ['\\u20ac' * (1 << 25)]", "json.dumps(data, ensure_ascii=False)")
        self.check("data = ['\\U0001f600' * (1 << 22)]", "json.encoder.encode_basestring_ascii(data[0])")

    def test_dumps_indent(self):
        self.check("data = [[[[[[[[1]]]]]]]]", "json.dumps(data, indent=' ' * (8 << 20))")

    def test_loads_string_buffer(self):
        self.check("doc = '\"' + '\\\\n' * (1 << 26) + '\"'", "json.loads(doc)")
        self.check("doc = '\"\\u20ac' + '\\\\n' * (1 << 25) + '\"'", "json.loads(doc)")

    def test_loads_number(self):
        self.check("doc = '9' * (100 << 20)", "json.loads(doc)")

    def test_loads_keys(self):
        self.check("doc = '{' + ','.join(f'\"k{i}\": {i}' for i in range(1 << 20)) + '}'", "json.loads(doc)")


if __name__ == "__main__":
    unittest.main()
