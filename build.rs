//! Checks that the cargo features match the modules configure selected
//! (`PY_RUST_MODULES`, set by CPython's make), so that the inittab CPython
//! generates and the PyInit_* functions this library exports never disagree.

use std::env;

fn main() {
    println!("cargo:rerun-if-env-changed=PY_RUST_MODULES");
    let Ok(wanted) = env::var("PY_RUST_MODULES") else {
        return; // a plain `cargo build`/`cargo test` outside CPython's make
    };
    let mut enabled: Vec<String> = env::vars()
        .filter_map(|(key, _)| key.strip_prefix("CARGO_FEATURE_").map(str::to_ascii_lowercase))
        .collect();
    enabled.sort();
    let mut wanted: Vec<String> = wanted.split_whitespace().map(str::to_owned).collect();
    wanted.sort();
    assert_eq!(
        enabled, wanted,
        "cargo features {enabled:?} differ from configure's PY_RUST_MODULES {wanted:?}"
    );
}
