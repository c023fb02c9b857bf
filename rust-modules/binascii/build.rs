use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    cpython_clinic::generate("binascii.c", "binascii_");
    // gh-145264 (3.13.13, and distributions' patched 3.13.x such as Debian's
    // CVE-2026-3446 fix) changed how a2b_base64 treats data after padding.
    // Decode as the tree being built does: its C file still tracks
    // `padding_started` before that change.
    let srcdir = PathBuf::from(env::var_os("PY_SRCDIR").expect("PY_SRCDIR names the CPython tree"));
    let c_file = srcdir.join("Modules/binascii.c");
    println!("cargo:rerun-if-changed={}", c_file.display());
    println!("cargo::rustc-check-cfg=cfg(base64_excess_data_decoded)");
    let source = fs::read_to_string(&c_file).unwrap_or_else(|e| panic!("cannot read {}: {e}", c_file.display()));
    if !source.contains("padding_started") {
        println!("cargo:rustc-cfg=base64_excess_data_decoded");
    }
}
