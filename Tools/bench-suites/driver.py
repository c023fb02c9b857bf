"""Runs the benchmark suites on the stock and the Rust build and reports
Rust/stock time ratios (run through Tools/bench, which prepares the
interpreters' virtual environments)."""

import argparse
import datetime
import importlib
import json
import math
import os
import re
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time

import pyperf

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(ROOT, "build")
BUILDS = ("stock", "rust")
VENV_PYTHON = {b: os.path.join(BUILD, "bench", f"venv-{b}", "bin", "python") for b in BUILDS}
# Full runs: rounds of (stock, rust) pairs, alternating which goes first,
# each round with this many pyperf worker processes per interpreter.
ROUNDS = 2
PROCESSES = 2
# One hash seed for every process of both interpreters: string hashes decide
# dict probe lengths (global and attribute lookups), which otherwise vary by
# a few percent from process to process.
HASH_SEED = "0"
# |t| of Welch's test above which a difference counts as significant (~95%).
T_SIGNIFICANT = 1.96


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def replaced_modules():
    out = subprocess.run([os.path.join(BUILD, "rust", "python"), "-c",
                          "import sysconfig; print(sysconfig.get_config_var('PY_RUST_MODULES') or '')"],
                         capture_output=True, text=True, check=True).stdout
    return out.split()


def suite_benchmarks(module):
    sys.path.insert(0, HERE)
    suite = importlib.import_module(f"bench_{module.lstrip('_')}")
    return [name for name, _, _ in suite.benchmarks]


def run_suite(module, build, name, out_json, quick, loops=None):
    """One pyperf run of one benchmark, appended to out_json.  Given loops,
    pyperf skips its calibration process, and both interpreters time the
    same number of iterations per value."""
    script = os.path.join(HERE, f"bench_{module.lstrip('_')}.py")
    cmd = [VENV_PYTHON[build], script, "--only", name, "--quiet", "--append", out_json,
           "--inherit-environ", "PYTHONHASHSEED,BENCH_STOCK_PYTHON,BENCH_CACHE"]
    if quick:
        cmd.append("--debug-single-value")
    else:
        cmd += ["--processes", str(PROCESSES)]
        if loops:
            cmd += ["--loops", str(loops)]
    # Suites that need the stock build's output (bench_zlib's streams of the
    # system zlib) run it and cache what it made.
    env = dict(os.environ, PYTHONHASHSEED=HASH_SEED, BENCH_STOCK_PYTHON=os.path.join(BUILD, "stock", "python"),
               BENCH_CACHE=os.path.join(BUILD, "bench", "cache"))
    subprocess.run(cmd, check=True, cwd=HERE, env=env)


def load(path):
    return {b.get_name(): b for b in pyperf.BenchmarkSuite.load(path).get_benchmarks()}


def compare(stock, rust):
    """Ratio rust/stock, its spread, and whether the difference is significant."""
    s, r = stock.get_values(), rust.get_values()
    ms, mr = statistics.fmean(s), statistics.fmean(r)
    ratio = mr / ms
    if len(s) < 2 or len(r) < 2:
        return ratio, None, None
    vs, vr = statistics.variance(s), statistics.variance(r)
    spread = ratio * math.sqrt(vs / ms**2 + vr / mr**2)  # the relative stdevs combined
    se = math.sqrt(vs / len(s) + vr / len(r))
    significant = se > 0 and abs(mr - ms) / se > T_SIGNIFICANT
    return ratio, spread, significant


def fmt_time(seconds):
    for unit, scale in (("s", 1), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def fmt_bench(bench):
    values = bench.get_values()
    mean = statistics.fmean(values)
    if len(values) < 2:
        return fmt_time(mean)
    return f"{fmt_time(mean)} ± {100 * statistics.stdev(values) / mean:.1f}%"


def geomean(values):
    return math.exp(statistics.fmean(math.log(v) for v in values)) if values else float("nan")


def table(results):
    lines = ["| benchmark | stock | Rust | Rust/stock | significant |", "|---|---|---|---|---|"]
    summary = []
    all_ratios = []
    for module, rows in results.items():
        ratios = []
        for name, stock, rust in rows:
            ratio, spread, significant = compare(stock, rust)
            ratios.append(ratio)
            spread_text = "" if spread is None else f" ± {spread:.2f}"
            sig = "n/a" if significant is None else ("yes" if significant else "no")
            lines.append(f"| {module}: {name} | {fmt_bench(stock)} | {fmt_bench(rust)} | "
                         f"**{ratio:.2f}**{spread_text} | {sig} |")
        all_ratios += ratios
        summary.append(f"| {module} | {len(ratios)} | {geomean(ratios):.2f} | "
                       f"{min(ratios):.2f} | {max(ratios):.2f} |")
    head = ["| module | benchmarks | geometric mean Rust/stock | best | worst |", "|---|---|---|---|---|"]
    summary.append(f"| **all** | {len(all_ratios)} | **{geomean(all_ratios):.2f}** | "
                   f"{min(all_ratios):.2f} | {max(all_ratios):.2f} |")
    return "\n".join(head + summary), "\n".join(lines)


def measure_build(outdir):
    """Time and peak memory of a from-scratch build of the Rust library, as
    make runs it for build/rust, and the size it adds to python."""
    rust_build = os.path.join(BUILD, "rust")
    target = os.path.join(outdir, "cargo-target")
    shutil.rmtree(target, ignore_errors=True)
    hook = os.path.join(rust_build, "Rust", "configure-hooks", "cargo-build.sh")
    if not os.path.exists(hook):
        hook = os.path.join(BUILD, "src", "Rust", "configure-hooks", "cargo-build.sh")
    obj = os.path.join(outdir, "_rust.o")
    env = dict(os.environ, PY_RUST_TARGET_DIR=target)
    start = time.monotonic()
    subprocess.run([hook, "Modules/rust-config.sh", obj], cwd=rust_build, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.monotonic() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    shutil.rmtree(target, ignore_errors=True)

    def size(path):
        out = subprocess.run(["size", path], capture_output=True, text=True, check=True).stdout
        text, data, bss = map(int, out.splitlines()[1].split()[:3])
        return text + data + bss

    stock, rust = (size(os.path.join(BUILD, b, "python")) for b in BUILDS)
    return [
        f"- Rust library build from scratch (cargo, release profile, {os.cpu_count()} cores): "
        f"{elapsed:.0f} s, peak memory {peak_kib / 1024:.0f} MiB (largest process)",
        f"- `python` size (text+data+bss): stock {stock / 1024:.0f} KiB, Rust {rust / 1024:.0f} KiB "
        f"(+{(rust - stock) / 1024:.0f} KiB; the Rust object alone is {size(obj) / 1024:.0f} KiB, "
        "replacing the C modules' code)",
    ]


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{cpu}, {os.cpu_count()} cores, Linux {platform.release()}; "
            f"CPython 3.13 built by Tools/build (stock and Rust, same flags), {rustc}; commit {commit}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one value per benchmark (smoke run)")
    parser.add_argument("--modules", help="comma-separated modules (default: every replaced module)")
    parser.add_argument("--only", metavar="REGEX",
                        help="only the benchmarks whose 'module: name' matches (a partial run: RESULTS.md is kept)")
    args = parser.parse_args()

    modules = replaced_modules()
    if args.modules:
        wanted = args.modules.split(",")
        unknown = [m for m in wanted if m not in modules]
        if unknown:
            sys.exit(f"bench: not replaced by build/rust: {', '.join(unknown)} (replaced: {' '.join(modules)})")
        modules = wanted
    missing = [m for m in modules if not os.path.exists(os.path.join(HERE, f"bench_{m.lstrip('_')}.py"))]
    if missing:
        sys.exit(f"bench: no suite for {', '.join(missing)}: add Tools/bench-suites/bench_<module>.py")

    stamp = datetime.datetime.now().strftime("%Y-%m-%d-%H%M%S") + ("-quick" if args.quick else "")
    outdir = os.path.join(ROOT, "bench", "results", stamp)
    os.makedirs(outdir)
    rounds = 1 if args.quick else ROUNDS
    results = {}
    for module in modules:
        names = [name for name in suite_benchmarks(module)
                 if not args.only or re.search(args.only, f"{module}: {name}")]
        if not names:
            continue
        files = {b: os.path.join(outdir, f"{module}-{b}.json") for b in BUILDS}
        for i, name in enumerate(names, 1):
            log(f"{module} [{i}/{len(names)}] {name}")
            loops = None  # calibrated by the first run (stock's)
            for round_ in range(rounds):
                order = BUILDS if round_ % 2 == 0 else BUILDS[::-1]
                for build in order:
                    run_suite(module, build, name, files[build], args.quick, loops)
                    if loops is None and not args.quick:
                        loops = load(files[build])[name].get_loops()
        stock, rust = load(files["stock"]), load(files["rust"])
        results[module] = [(name, stock[name], rust[name]) for name in names]

    summary, details = table(results)
    report = [f"# Benchmark: Rust modules vs CPython's C modules", "",
              f"{'Quick smoke run' if args.quick else 'Partial run' if args.only else 'Full run'} of `Tools/bench` on "
              f"{datetime.date.today().isoformat()}: {machine()}.", "",
              "Times are per call (pyperf timeit, mean ± relative stdev); Rust/stock below 1 "
              "means Rust is faster. Ratio spread combines both relative stdevs; "
              f"significant means Welch's |t| > {T_SIGNIFICANT}.", "",
              summary, "", details, ""]
    if not args.quick and not args.only:
        log("measuring the Rust part of the build")
        report += ["## Build", ""] + measure_build(outdir) + [""]
    text = "\n".join(report)
    with open(os.path.join(outdir, "RESULTS.md"), "w") as f:
        f.write(text)
    if not args.quick and not args.modules and not args.only:
        with open(os.path.join(ROOT, "bench", "RESULTS.md"), "w") as f:
            f.write(text)
    print(text)
    log(f"raw pyperf JSON and the table are in {os.path.relpath(outdir, ROOT)}")


if __name__ == "__main__":
    main()
