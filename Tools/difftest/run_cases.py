"""Runs one module's differential cases in this interpreter (see difftest.py).

Prints one JSON line per case: the repr of the result, or the exception's
type and message.  The case generators are deterministic (seeded), so the
stock and the Rust interpreter see the same inputs.
"""

import importlib
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def outcome(func, args, kwargs):
    try:
        return {"result": repr(func(*args, **kwargs))}
    except Exception as exc:  # the exception is the outcome being compared
        return {"raises": f"{type(exc).__module__}.{type(exc).__qualname__}", "message": str(exc)}


def main(module_name, seed):
    cases = importlib.import_module(f"cases_{module_name.lstrip('_')}")
    corrupt = os.environ.get("PY_DIFFTEST_CORRUPT") == module_name
    for number, (label, func, args, kwargs) in enumerate(cases.cases(random.Random(seed))):
        result = outcome(func, args, kwargs)
        if corrupt and number == 0:
            result = {"result": "deliberately wrong"}
        print(json.dumps({"case": label, **result}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
