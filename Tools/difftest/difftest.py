"""Differential test: the same generated inputs through the stock and the
Rust interpreter, comparing results or exception types and messages.

    difftest.py STOCK_PYTHON RUST_PYTHON MODULE... [--seed N] [--self-test]

Cases live in cases_<module>.py (ordinary, boundary, invalid and hostile
inputs).  --self-test runs the stock interpreter on both sides, one of
them reporting one deliberately wrong result per module, and passes only if
every such corruption is caught (and nothing else differs).
Prints "module: N cases, M differ" per module; exits 1 on any difference.
"""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SEED = 20261124


def outcomes(python, module, seed, corrupt=False, env=None):
    env = dict(os.environ if env is None else env)
    env.pop("PY_DIFFTEST_CORRUPT", None)
    if corrupt:
        env["PY_DIFFTEST_CORRUPT"] = module
    out = subprocess.run([python, os.path.join(HERE, "run_cases.py"), module, str(seed)],
                         capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise SystemExit(f"{python} crashed on the {module} cases:\n{out.stderr[-2000:]}")
    return [json.loads(line) for line in out.stdout.splitlines()]


def compare(stock_python, rust_python, module, seed, corrupt=False, env=None):
    stock = outcomes(stock_python, module, seed, env=env)
    rust = outcomes(rust_python, module, seed, corrupt, env)
    differ = [(s, r) for s, r in zip(stock, rust) if s != r]
    if len(stock) != len(rust):
        differ.append(({"case": "count", "result": len(stock)}, {"case": "count", "result": len(rust)}))
    return stock, differ


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("stock")
    parser.add_argument("rust")
    parser.add_argument("modules", nargs="+")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    failed = False
    for module in args.modules:
        rust = args.stock if args.self_test else args.rust
        cases, differ = compare(args.stock, rust, module, args.seed, corrupt=args.self_test)
        if args.self_test:
            caught = len(differ) == 1
            print(f"{module}: self-test {'caught' if caught else 'MISSED'} the deliberately wrong result")
            failed |= not caught
            continue
        print(f"{module}: {len(cases)} cases, {len(differ)} differ")
        for stock, rust in differ[:20]:
            print(f"  {stock['case']}:\n    stock: {stock}\n    rust:  {rust}")
        failed |= bool(differ)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
