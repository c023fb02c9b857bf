//! Generates bindings from the configured CPython tree that is being built.
//!
//! `PY_SRCDIR` is the CPython source tree and `PY_BUILDDIR` the directory
//! configure ran in (it holds `pyconfig.h`).  Binding that tree's own headers
//! is what gives the right struct layouts for `--with-pydebug`,
//! `--disable-gil` and any other configuration.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

/// pyconfig.h macros that change the ABI and so become `cfg`s for the
/// hand-written inline functions in `src/lib.rs`.
const ABI_CFGS: &[(&str, &str)] = &[
    ("Py_DEBUG", "py_debug"),
    ("Py_GIL_DISABLED", "py_gil_disabled"),
    ("Py_TRACE_REFS", "py_trace_refs"),
    ("Py_STATS", "py_stats"),
];

/// Whether the tree builds the tier-2 optimizer (`--enable-experimental-jit`
/// puts `-D_Py_TIER2=N` into the Makefile's CFLAGS_NODIST, not pyconfig.h):
/// only then does the interpreter define `_Py_GetExecutor`.
fn has_tier2(builddir: &Path) -> bool {
    let makefile = builddir.join("Makefile");
    println!("cargo:rerun-if-changed={}", makefile.display());
    fs::read_to_string(&makefile).is_ok_and(|text| text.contains("-D_Py_TIER2"))
}

fn required_dir(var: &str) -> PathBuf {
    println!("cargo:rerun-if-env-changed={var}");
    let Some(dir) = env::var_os(var) else {
        panic!(
            "{var} is not set: cpython-sys binds the headers of a configured CPython tree; \
             build through CPython's `make` (configure --with-rust) or set PY_SRCDIR and \
             PY_BUILDDIR to a configured tree"
        );
    };
    let dir = PathBuf::from(dir);
    assert!(dir.is_dir(), "{var}={} is not a directory", dir.display());
    dir
}

fn abi_cfgs(pyconfig: &Path) -> Vec<&'static str> {
    let text = fs::read_to_string(pyconfig)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", pyconfig.display()));
    ABI_CFGS
        .iter()
        .filter(|(macro_name, _)| {
            text.lines().any(|line| {
                let mut words = line.split_whitespace();
                words.next() == Some("#define") && words.next() == Some(macro_name)
            })
        })
        .map(|&(_, cfg)| cfg)
        .collect()
}

fn main() {
    let srcdir = required_dir("PY_SRCDIR");
    let builddir = required_dir("PY_BUILDDIR");
    let pyconfig = builddir.join("pyconfig.h");
    println!("cargo:rerun-if-changed={}", pyconfig.display());
    println!("cargo:rerun-if-changed={}", srcdir.join("Include").display());
    println!("cargo:rerun-if-changed=wrapper.h");

    for (_, cfg) in ABI_CFGS {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
    }
    for cfg in abi_cfgs(&pyconfig) {
        println!("cargo:rustc-cfg={cfg}");
    }
    println!("cargo::rustc-check-cfg=cfg(py_tier2)");
    if has_tier2(&builddir) {
        println!("cargo:rustc-cfg=py_tier2");
    }

    let bindings = bindgen::Builder::default()
        .header("wrapper.h")
        .clang_arg(format!("-I{}", builddir.display()))
        .clang_arg(format!("-I{}", srcdir.join("Include").display()))
        .allowlist_function("_?Py.*")
        .allowlist_type("_?Py.*")
        .allowlist_var("_?Py.*|PY_.*|METH_.*|PyBUF_.*|Py_TP.*|Py_mod_.*|SIZEOF_VOID_P")
        .use_core()
        .derive_default(true)
        .layout_tests(false)
        .generate_comments(false)
        .merge_extern_blocks(true)
        .generate()
        .expect("bindgen failed on Python.h");
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap()).join("bindings.rs");
    bindings.write_to_file(&out).expect("cannot write bindings");

    // `cargo test` links the test binaries against a stock libpython (never
    // the Rust-enabled one, which carries these modules' PyInit symbols).
    println!("cargo:rerun-if-env-changed=PY_TEST_LIBPYTHON_DIR");
    if let Some(dir) = env::var_os("PY_TEST_LIBPYTHON_DIR") {
        println!("cargo:rustc-link-search=native={}", PathBuf::from(dir).display());
        println!("cargo:rustc-link-lib=static=python3.13{}", if abi_cfgs(&pyconfig).contains(&"py_debug") { "d" } else { "" });
        for lib in ["m", "pthread", "dl", "util"] {
            println!("cargo:rustc-link-lib={lib}");
        }
    }
}
