"""The test driver behind Tools/test (run by the stock interpreter it built).

Every check adds to one tally, printed last as "N passed, N failed":

* cargo test: each Rust unit test;
* clippy with the workspace's lints, as errors: each finding;
* stock vs Rust: each test case that passes on the stock build counts as
  passed when it also passes on the Rust build, as failed when it fails,
  errors, is skipped or is missing there (cases that fail on stock are
  machine problems both builds share, and are not counted);
* -R 3:3 on the debug build: each test file of each replaced module;
* Lib-tests (test_rust_modules) on the Rust and the debug build: each case;
* the differential test (Tools/difftest): each generated case of each module
  that has one, plus its self-test (a deliberately wrong result is caught);
* the Rust build's exports: only the replaced PyInit_* of the Rust object,
  and `make smelly` passes;
* the benchmark's smoke run (Tools/bench --quick) completes;
* Debian's own recipe with --with-rust (Tools/test_packaging.py): each check
  and each test case of the replaced modules' test files.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tools", "difftest"))
import difftest  # noqa: E402
import test_packaging  # noqa: E402
BUILD = os.path.join(ROOT, "build")
PYTHONS = {name: os.path.join(BUILD, name, "python") for name in ("stock", "rust", "rust-debug")}
RESULTS = os.path.join(BUILD, "test-results")
JOBS = str(os.cpu_count() or 2)
REGRTEST_TIMEOUT = "1200"  # seconds per test file


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = []

    def add(self, name, ok):
        if ok:
            self.passed += 1
        else:
            self.failed.append(name)

    def report(self):
        """Prints the failures and the closing line; the exit status."""
        for name in self.failed:
            print(f"FAILED: {name}")
        print(f"{self.passed} passed, {len(self.failed)} failed")
        return 1 if self.failed else 0


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(cmd, logfile, env=None, cwd=None):
    log(" ".join(cmd) + f"  (log: {os.path.relpath(logfile, ROOT)})")
    with open(logfile, "w") as out:
        return subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd).returncode


def rust_modules(long=False):
    """{module: [its CPython test files]} from rust-modules/*/Cargo.toml:
    `tests` (-R 3:3 in every run), plus `long-tests` with --long (test
    files that take minutes under -R 3:3 on a debug build)."""
    out = subprocess.run([PYTHONS["rust"], "-c",
                          "import sysconfig; print(sysconfig.get_config_var('PY_RUST_MODULES'))"],
                         capture_output=True, text=True, check=True).stdout.split()
    modules = {}
    for name in out:
        with open(os.path.join(ROOT, "rust-modules", name, "Cargo.toml"), "rb") as f:
            meta = tomllib.load(f)["package"].get("metadata", {}).get("cpython", {})
        modules[name] = meta.get("tests", []) + (meta.get("long-tests", []) if long else [])
    return modules


def cargo_tests(tally):
    env = dict(os.environ,
               PY_SRCDIR=os.path.join(BUILD, "src"),
               PY_BUILDDIR=os.path.join(BUILD, "stock"),
               PY_TEST_LIBPYTHON_DIR=os.path.join(BUILD, "stock"),
               CARGO_TARGET_DIR=os.path.join(BUILD, "cargo-test"))
    logfile = os.path.join(RESULTS, "cargo-test.log")
    rc = run(["cargo", "test", "--locked", "--workspace", "--exclude", "cpython-rust", "--features", "cpython-safe/embed"], logfile, env=env, cwd=ROOT)
    text = open(logfile).read()
    counts = re.findall(r"test result: \w+\. (\d+) passed; (\d+) failed", text)
    for name, status in re.findall(r"^test (\S+) \.\.\. (ok|FAILED)", text, re.M):
        tally.add(f"cargo: {name}", status == "ok")
    if rc != 0 and not any(int(f) for _, f in counts):
        tally.add("cargo test (build failed, see build/test-results/cargo-test.log)", False)
    log(f"cargo test: {sum(int(p) for p, _ in counts)} passed, {sum(int(f) for _, f in counts)} failed")


def lints(tally):
    """clippy over the workspace with the workspace's lints (Cargo.toml:
    unsafe operations one per documented block) and clippy's defaults, all as
    errors: each finding is a failure."""
    env = dict(os.environ,
               PY_SRCDIR=os.path.join(BUILD, "src"),
               PY_BUILDDIR=os.path.join(BUILD, "stock"),
               CARGO_TARGET_DIR=os.path.join(BUILD, "cargo-test"))
    logfile = os.path.join(RESULTS, "clippy.log")
    if subprocess.run(["cargo", "clippy", "--version"], capture_output=True).returncode != 0:
        tally.add("clippy is missing (rustup component add clippy)", False)
        return
    rc = run(["cargo", "clippy", "--locked", "--workspace", "--all-features", "--", "-D", "warnings"],
             logfile, env=env, cwd=ROOT)
    text = open(logfile).read()
    findings = re.findall(r"^error: (.*)\n\s*--> (\S+)", text, re.M)
    for message, where in findings:
        tally.add(f"clippy: {where}: {message}", False)
    if rc != 0 and not findings:
        tally.add("clippy failed (see build/test-results/clippy.log)", False)
    tally.add("clippy: workspace lints", rc == 0)
    log(f"clippy: {len(findings)} findings")
    # Every module crate keeps all unsafe code in the safe layer.
    for crate in sorted(os.listdir(os.path.join(ROOT, "rust-modules"))):
        lib = os.path.join(ROOT, "rust-modules", crate, "src", "lib.rs")
        if re.fullmatch(r"_?[a-z0-9]+", crate) and os.path.exists(lib):
            tally.add(f"{crate}: #![forbid(unsafe_code)]", "#![forbid(unsafe_code)]" in open(lib).read())


def case_id(case):
    """A junit <testcase>'s id: regrtest's own junit writer puts the full id
    in `name` ("test.test_os.FileTests.test_closerange"), without classname."""
    classname = case.get("classname")
    return f"{classname}.{case.get('name')}" if classname else case.get("name")


def junit_cases(path):
    """{test id: 'passed' | 'failed' | 'skipped'} from a regrtest junit file."""
    cases = {}
    if not os.path.exists(path):
        return cases
    for number, case in enumerate(ET.parse(path).iter("testcase")):
        if case.get("name") is None:
            # regrtest writes a test whose subtests failed as a bare
            # <testcase/>: a failure whose name is lost.
            cases[f"unnamed test case #{number} (failed subtests?)"] = "failed"
            continue
        key = case_id(case)
        if case.find("failure") is not None or case.find("error") is not None:
            cases[key] = "failed"
        elif case.find("skipped") is not None:
            cases[key] = "skipped"
        else:
            cases.setdefault(key, "passed")
    return cases


def builtin_module_skips(path, modules):
    """The cases of a junit file that CPython skips because one of
    `modules` is built into the interpreter ("zlib is a builtin module":
    test_zipimport's testAFakeZlib).  Every Rust module is built in (the
    project links one static library), so these cannot run on the Rust
    build; Debian's stock build, which builds zlib in, skips them too."""
    if not os.path.exists(path):
        return set()
    reasons = {f"{module} is a builtin module" for module in modules}
    return {case_id(case) for case in ET.parse(path).iter("testcase")
            if (skip := case.find("skipped")) is not None
            and (skip.get("message") or skip.text or "").strip() in reasons}


def regrtest(build, name, tests, env, extra=()):
    junit = os.path.join(RESULTS, f"{name}.xml")
    if os.path.exists(junit):
        os.remove(junit)
    cmd = [PYTHONS[build], "-m", "test", "-j", JOBS, "--timeout", REGRTEST_TIMEOUT,
           "--junit-xml", junit, *extra, *tests]
    rc = run(cmd, os.path.join(RESULTS, f"{name}.log"), env=env)
    return rc, junit_cases(junit)


def test_files_of(case_ids):
    """The regrtest test files (top-level test modules or packages) of test cases."""
    return sorted({case.split(".")[1] for case in case_ids if case.startswith("test.")})


def compare_stock_and_rust(tally, modules, env):
    _, stock = regrtest("stock", "regrtest-stock", [], env)
    _, rust = regrtest("rust", "regrtest-rust", [], env)
    if not stock:
        tally.add("regrtest on stock produced no results (see build/test-results/regrtest-stock.log)", False)
        return
    built_in = builtin_module_skips(os.path.join(RESULTS, "regrtest-rust.xml"), modules)
    for case in sorted(built_in):
        log(f"  not comparable: {case} (skipped by CPython because the module is built in)")
    regressed = [case for case, result in stock.items()
                 if result == "passed" and rust.get(case) != "passed" and case not in built_in]
    if regressed:
        # A second chance for timing-dependent cases: rerun their files on both builds.
        files = test_files_of(regressed)
        log(f"{len(regressed)} cases pass on stock but not on Rust; rerunning {', '.join(files)}")
        _, stock_again = regrtest("stock", "rerun-stock", files, env)
        _, rust_again = regrtest("rust", "rerun-rust", files, env)
        regressed = [case for case in regressed
                     if stock_again.get(case) == "passed" and rust_again.get(case) != "passed"]
    regressed_set = set(regressed)
    for case, result in stock.items():
        if result == "passed" and case not in built_in:
            tally.add(f"regrtest: {case} ({rust.get(case, 'missing')} on Rust)", case not in regressed_set)
    log(f"regrtest: {len(stock)} cases on stock ({sum(r == 'passed' for r in stock.values())} passed), "
        f"{len(rust)} on Rust; {len(regressed)} pass on stock only")
    for case in regressed:
        log(f"  REGRESSION {case}: {rust.get(case, 'missing')} on Rust")


def refleak_checks(tally, modules, env):
    files = sorted({test for tests in modules.values() for test in tests})
    for test in files:
        logfile = os.path.join(RESULTS, f"refleak-{test}.log")
        rc = run([PYTHONS["rust-debug"], "-m", "test", "-R", "3:3", "--timeout", REGRTEST_TIMEOUT, test],
                 logfile, env=env)
        text = open(logfile).read()
        # regrtest fails the run on leaked references or file descriptors;
        # memory blocks that even out ("sum=0 (this is fine)") are noise.
        leaks = [line for line in text.splitlines() if " leaked " in line and "(this is fine)" not in line]
        ok = rc == 0 and not leaks and "Result: SUCCESS" in text
        tally.add(f"-R 3:3 {test}", ok)
        log(f"-R 3:3 {test}: {'ok' if ok else 'FAILED (see ' + os.path.relpath(logfile, ROOT) + ')'}")


# C modules with no Rust crate yet, for the scaffold check: the first two
# that are still C (as modules get replaced, later ones take their place).
SCAFFOLD_CANDIDATES = ("_queue", "_uuid", "_zoneinfo", "_datetime", "_pickle")


def new_module_scaffold(tally):
    """Tools/new-module's output builds and passes the lints: two modules
    that have no crate yet scaffolded in a copy of the tree."""
    names = [name for name in SCAFFOLD_CANDIDATES if not os.path.isdir(os.path.join(ROOT, "rust-modules", name))][:2]
    copy = os.path.join(BUILD, "new-module-check")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", "build", "target"))
    os.makedirs(os.path.join(copy, "build"))
    for tree in ("src", "stock"):
        os.symlink(os.path.join(BUILD, tree), os.path.join(copy, "build", tree))
    ok = len(names) == 2 and all(run([PYTHONS["stock"], os.path.join(copy, "Tools", "new_module.py"), name],
                                     os.path.join(RESULTS, f"new-module-{name}.log")) == 0 for name in names)
    env = dict(os.environ, PY_SRCDIR=os.path.join(BUILD, "src"), PY_BUILDDIR=os.path.join(BUILD, "stock"),
               CARGO_TARGET_DIR=os.path.join(BUILD, "new-module-target"))
    packages = [arg for name in names for arg in ("-p", f"{name.lstrip('_')}-rs")]
    # Not --locked: the scaffolds add their crates to the copy's lock file.
    ok = ok and run(["cargo", "clippy", "--offline", *packages, "--", "-D", "warnings"],
                    os.path.join(RESULTS, "new-module-clippy.log"), env=env, cwd=copy) == 0
    tally.add(f"Tools/new-module: scaffolds of {' and '.join(names)} build and pass clippy "
              "(see build/test-results/new-module-*.log)", ok)
    log(f"new-module scaffold ({', '.join(names)}): {'ok' if ok else 'FAILED'}")


def lib_test_files():
    """This project's regrtest files (Lib-tests/test_*.py)."""
    return sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, "Lib-tests"))
                  if name.startswith("test_") and name.endswith(".py"))


def lib_tests(tally, env):
    for build in ("rust", "rust-debug"):
        _, cases = regrtest(build, f"lib-tests-{build}", lib_test_files(), env, extra=["-v"])
        if not cases:
            tally.add(f"Lib-tests on {build}: no results", False)
        for case, result in cases.items():
            if result == "skipped":
                continue  # e.g. the debug-only panic test on the release build
            tally.add(f"Lib-tests on {build}: {case}", result == "passed")
        log(f"Lib-tests on {build}: " + ", ".join(f"{c.rsplit('.', 1)[-1]} {r}" for c, r in sorted(cases.items())))


def differential_tests(tally, modules, env):
    for module in modules:
        if not os.path.exists(os.path.join(ROOT, "Tools", "difftest", f"cases_{module.lstrip('_')}.py")):
            continue
        seed = difftest.DEFAULT_SEED
        _, caught = difftest.compare(PYTHONS["stock"], PYTHONS["stock"], module, seed, corrupt=True)
        tally.add(f"difftest self-test {module}", len(caught) == 1)
        cases, differ = difftest.compare(PYTHONS["stock"], PYTHONS["rust"], module, seed, env=env)
        differing = {stock["case"] for stock, _ in differ}
        for case in cases:
            tally.add(f"difftest {module}: {case['case']}", case["case"] not in differing)
        log(f"difftest {module}: {len(cases)} cases, {len(differ)} differ; self-test "
            f"{'caught' if len(caught) == 1 else 'MISSED'} a deliberately wrong result")
        for stock, rust in differ[:20]:
            log(f"  {stock['case']}: stock {stock} / rust {rust}")


def static_build_exports(tally, modules):
    """build/rust (static libpython, python exporting its symbols): only the
    replaced PyInit_* come out of the Rust object, and make smelly passes."""
    rc = test_packaging.check_exports(tally, "Rust build", os.path.join(BUILD, "rust"), "python", modules)
    tally.add("Rust build: make smelly passes (see build/test-results/smelly-rust.log)", rc == 0)


def benchmark_smoke_run(tally):
    """Tools/bench --quick, so that the benchmark cannot rot (its timings are
    not checked: benchmarks are not timed tests)."""
    logfile = os.path.join(RESULTS, "bench-quick.log")
    rc = run([os.path.join(ROOT, "Tools", "bench"), "--quick"], logfile)
    tally.add("Tools/bench --quick", rc == 0)
    log(f"Tools/bench --quick: {'ok' if rc == 0 else 'FAILED'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the full regrtests and the Debian build")
    parser.add_argument("--long", action="store_true",
                        help="also -R 3:3 over each module's long-tests (about 25 more minutes on 2 cores; not in CI)")
    args = parser.parse_args()
    test_packaging.restore_sigint()
    os.makedirs(RESULTS, exist_ok=True)
    started = time.time()
    tally = Tally()
    modules = rust_modules(long=args.long)
    log(f"Rust modules: {', '.join(modules)}")

    api = os.path.join(RESULTS, "stock-api.json")
    with open(api, "w") as out:
        subprocess.run([PYTHONS["stock"], "-m", "test.test_rust_modules", "dump-api", *modules],
                       stdout=out, check=True)
    # test_rust_zlib exchanges streams with the stock interpreter's zlib.
    env = dict(os.environ, PY_RUST_STOCK_API=api, ZLIB_INTEROP_PYTHON=PYTHONS["stock"])

    # Every Rust panic of the differential test and the regrtests is logged
    # (the Lib-tests panic on purpose to test the guard: not logged).
    panic_log = os.path.join(RESULTS, "rust-panics.log")
    open(panic_log, "w").close()
    logging_panics = dict(env, PY_RUST_PANIC_LOG=panic_log)

    cargo_tests(tally)
    lints(tally)
    static_build_exports(tally, modules)
    new_module_scaffold(tally)
    differential_tests(tally, modules, logging_panics)
    lib_tests(tally, env)
    refleak_checks(tally, modules, logging_panics)
    benchmark_smoke_run(tally)
    if not args.quick:
        test_packaging.debian_shared_build(tally)
        compare_stock_and_rust(tally, modules, logging_panics)
    with open(panic_log) as f:
        panics = f.read().splitlines()
    for panic in sorted(set(panics)):
        tally.add(f"Rust panic during the tests: {panic}", False)
    tally.add("no Rust panic in the differential test, the -R runs or the regrtests", not panics)

    log(f"done in {time.time() - started:.0f} s")
    return tally.report()


if __name__ == "__main__":
    sys.exit(main())
