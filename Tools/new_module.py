"""Scaffolds the Rust replacement of one CPython C module (Tools/new-module).

    Tools/new-module NAME [--c-file Modules/xxx.c] [--tests test_a,test_b]

Reads the configured CPython tree (build/src, made by Tools/build or
Tools/patch-cpython) for the module's C file, its Argument Clinic output and
its module definition, and writes:

* rust-modules/NAME/ (Cargo.toml, build.rs, src/lib.rs): the module with
  its state, its multi-phase init as the C module declares it (subinterpreter
  and GIL slots, the docstring) and one function per clinic function of the
  module's method table, each raising NotImplementedError until written;
* its registration: a feature and an optional dependency in the root
  Cargo.toml, a line in rust-modules/lib.rs;
* Tools/difftest/cases_SHORT.py and Tools/bench-suites/bench_SHORT.py
  (SHORT is NAME without leading underscores), to be filled in.

The scaffold builds, and configure --with-rust picks it up at once: until its
functions are written, CPython's tests of the module fail, and so does
Tools/test (the difftest's self-test needs at least one case).  Methods of
classes and functions without clinic signatures are listed in src/lib.rs
for the developer: see docs/adding-a-module.md.
"""

import argparse
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "build", "src")


def fail(message):
    sys.exit(f"new-module: {message}")


def find_c_file(name, given):
    if given:
        path = os.path.join(SRC, given)
        if not os.path.exists(path):
            fail(f"{path} does not exist")
        return path
    stem = name.lstrip("_")
    for candidate in (f"{name}module.c", f"_{stem}module.c", f"{stem}module.c", f"{name}.c", f"{stem}.c"):
        path = os.path.join(SRC, "Modules", candidate)
        if os.path.exists(path):
            return path
    fail(f"no C file for {name} under {SRC}/Modules: pass --c-file")


def method_table(c_source):
    """The METHODDEF macros and the plain entries of the module's m_methods."""
    table = re.search(r"\.m_methods\s*=\s*(\w+)", c_source)
    if not table:
        return [], []
    body = re.search(r"\b%s\s*\[\]\s*=\s*\{(.*?)\n\};" % table.group(1), c_source, re.S)
    if not body:
        return [], []
    text = re.sub(r"/\*.*?\*/", "", body.group(1), flags=re.S)
    macros = re.findall(r"\b(\w+_METHODDEF)\b", text)
    plain = re.findall(r'\{\s*"(\w+)"', text)
    return macros, plain


def clinic_functions(clinic_source):
    """(python name, C function) of each METHODDEF macro clinic defines."""
    return {macro: (py_name, c_name) for macro, py_name, c_name in re.findall(
        r'#define (\w+_METHODDEF)\s*\\\s*\{"(\w+)",\s*(?:_PyCFunction_CAST\(|\(PyCFunction\))?(\w+)', clinic_source)}


def module_slots(c_source):
    interpreters = {"Py_MOD_PER_INTERPRETER_GIL_SUPPORTED": "PerInterpreterGil",
                    "Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED": "Supported",
                    "Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED": "NotSupported"}
    value = re.search(r"Py_mod_multiple_interpreters,\s*(\w+)", c_source)
    gil = re.search(r"Py_mod_gil,\s*(\w+)", c_source)
    return (interpreters.get(value.group(1), "NotSupported") if value else "NotSupported",
            "NotUsed" if gil and gil.group(1) == "Py_MOD_GIL_NOT_USED" else "Used")


def write(path, text):
    if os.path.exists(path):
        fail(f"{os.path.relpath(path, ROOT)} exists already")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    print(f"new-module: wrote {os.path.relpath(path, ROOT)}")


def insert_after_last(path, pattern, line):
    with open(path) as f:
        lines = f.read().split("\n")
    last = max(i for i, text in enumerate(lines) if re.match(pattern, text))
    lines.insert(last + 1, line)
    with open(path, "w") as f:
        f.write("\n".join(lines))
    print(f"new-module: registered in {os.path.relpath(path, ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name", help="the module's import name, e.g. _foo")
    parser.add_argument("--c-file", help="its C file, relative to the CPython tree")
    parser.add_argument("--tests", help="CPython's test files of the module (default test_NAME)")
    args = parser.parse_args()
    name = args.name
    if not re.fullmatch(r"_?[a-z][a-z0-9]*", name):
        fail(f"{name!r} is not a module name this project's configure accepts (_?[a-z][a-z0-9]*)")
    if not os.path.isdir(SRC):
        fail("build/src is missing: run Tools/build (or Tools/patch-cpython) first")
    short = name.lstrip("_")
    package = f"{short}-rs"
    crate_dir = os.path.join(ROOT, "rust-modules", name)
    if os.path.exists(crate_dir):
        fail(f"rust-modules/{name} exists already")

    c_path = find_c_file(name, args.c_file)
    # Relative to Modules (a module in a directory of its own, _blake2's,
    # has its clinic directory beside it).
    c_file = os.path.relpath(c_path, os.path.join(SRC, "Modules"))
    with open(c_path) as f:
        c_source = f.read()
    clinic_path = os.path.join(os.path.dirname(c_path), "clinic", os.path.basename(c_path) + ".h")
    clinic_source = open(clinic_path).read() if os.path.exists(clinic_path) else ""
    macros, plain = method_table(c_source)
    defined = clinic_functions(clinic_source)
    functions = [defined[m] for m in macros if m in defined]
    # Entries without a clinic signature (plain PyMethodDef rows, or macros
    # of another file): the developer writes their Signature by hand.
    unlisted = plain + [m for m in macros if m not in defined]
    prefixes = {c_name[:-len(py_name)] for py_name, c_name in functions if c_name.endswith(py_name)}
    if len(prefixes) > 1:
        fail(f"the clinic functions of {c_file} have several prefixes ({', '.join(sorted(prefixes))})")
    prefix = prefixes.pop() if prefixes else f"{name}_"
    rust_names = [c_name[len(prefix):] for _, c_name in functions]
    interpreters, gil = module_slots(c_source)
    tests = (args.tests or f"test_{short}").split(",")

    write(os.path.join(crate_dir, "Cargo.toml"), f'''[package]
name = "{package}"
description = "Rust replacement for CPython's {name} module"
version.workspace = true
edition.workspace = true
rust-version.workspace = true
license.workspace = true
publish.workspace = true

[lib]
path = "src/lib.rs"

[dependencies]
cpython-safe.workspace = true

[dev-dependencies]
cpython-safe = {{ workspace = true, features = ["embed"] }}

[build-dependencies]
cpython-clinic.workspace = true

# CPython's tests of this module: Tools/test runs them with -R 3:3 on the
# debug build (the full regrtest covers the rest).
[package.metadata.cpython]
tests = [{", ".join(f'"{t}"' for t in tests)}]

[lints]
workspace = true
''')
    write(os.path.join(crate_dir, "build.rs"), f'''fn main() {{
    cpython_clinic::generate("{c_file}", "{prefix}");
}}
''')
    stubs = "\n".join(f'''
fn {rust}(module: &Module<State>, _args: &Args) -> PyResult<Owned> {{
    Err(exc::not_implemented_error(module.py(), "{name}.{py} is not written in Rust yet"))
}}''' for (py, _), rust in zip(functions, rust_names))
    todo = "".join(f"\n// Not from clinic, to write with a hand-made Signature: {n}" for n in unlisted)
    write(os.path.join(crate_dir, "src", "lib.rs"), f'''//! `{name}`: a drop-in replacement for CPython's `Modules/{c_file}`.

#![forbid(unsafe_code)]

use cpython_safe::prelude::*;

cpython_safe::clinic_module!();

/// Per-module state (name the fields that hold objects in `traverse!`).
struct State;
cpython_safe::traverse!(State);

impl ModuleState for State {{
    fn init(_module: &Module<Self>) -> PyResult<Self> {{
        Ok(State)
    }}
}}

cpython_safe::module! {{
    static MODULE: State = module c"{name}" from clinic {{
        doc: clinic::m_doc,
        interpreters: {interpreters},
        gil: {gil},
        functions: [{", ".join(rust_names)}],
    }}
}}
{stubs}
{todo}
''')
    write(os.path.join(ROOT, "Tools", "difftest", f"cases_{short}.py"), f'''"""Differential cases for {name}: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py)."""

import {name}


def cases(rng):
    """Every public function of {name}, each with generated arguments."""
    return []
''')
    write(os.path.join(ROOT, "Tools", "bench-suites", f"bench_{short}.py"), f'''"""{name}: its hot functions and their per-call overhead, Rust/stock."""

import bench_common

SETUP = """
import {name}
"""

# (label, statement, setup) of each hot path.
benchmarks = []

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
''')
    insert_after_last(os.path.join(ROOT, "Cargo.toml"), r'^\w[\w-]* = \["dep:', f'{name} = ["dep:{package}"]')
    insert_after_last(os.path.join(ROOT, "Cargo.toml"), r'^[\w-]+-rs = \{ path = "rust-modules/',
                      f'{package} = {{ path = "rust-modules/{name}", optional = true }}')
    insert_after_last(os.path.join(ROOT, "rust-modules", "lib.rs"), r'^    "\w+" => PyInit_',
                      f'    "{name}" => PyInit_{name} = {package.replace("-", "_")};')
    print(f"new-module: next, write the functions in rust-modules/{name}/src/lib.rs, then the "
          f"difftest cases and benchmarks (docs/adding-a-module.md)")


if __name__ == "__main__":
    main()
