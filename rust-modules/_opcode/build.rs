//! Signatures and docstrings (cpython-clinic), and the binary operators of
//! the tree being built: the `NB_*` opargs of `BINARY_OP`, read from its
//! `Include/opcode.h` into `$OUT_DIR/binary_ops.rs` (`BINARY_OPS`, pairs of
//! oparg and name, and `NB_OPARG_LAST`).

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

fn main() {
    cpython_clinic::generate("_opcode.c", "_opcode_");

    let header = PathBuf::from(env::var_os("PY_SRCDIR").expect("PY_SRCDIR")).join("Include/opcode.h");
    println!("cargo:rerun-if-changed={}", header.display());
    let text = fs::read_to_string(&header).unwrap_or_else(|e| panic!("cannot read {}: {e}", header.display()));
    let mut ops = String::from("pub const BINARY_OPS: &[(usize, &str)] = &[\n");
    let mut last = None;
    for line in text.lines() {
        let mut words = line.split_whitespace();
        let (Some("#define"), Some(name), Some(value)) = (words.next(), words.next(), words.next()) else { continue };
        let (Some(op), Ok(value)) = (name.strip_prefix("NB_"), value.parse::<usize>()) else { continue };
        if op == "OPARG_LAST" {
            last = Some(value);
        } else {
            writeln!(ops, "    ({value}, {op:?}),").unwrap();
        }
    }
    let last = last.unwrap_or_else(|| panic!("{}: no NB_OPARG_LAST", header.display()));
    writeln!(ops, "];\npub const NB_OPARG_LAST: usize = {last};").unwrap();
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR")).join("binary_ops.rs");
    fs::write(&out, ops).expect("cannot write binary_ops.rs");
}
