//! Signatures and docstrings (cpython-clinic), and two facts of the tree
//! being built that the C module takes from its headers, written to
//! `$OUT_DIR/tables.rs`:
//!
//! * `BINARY_OPS`: for each `BINARY_OP` oparg (`NB_*` in
//!   `Include/opcode.h`), its name and the operator it stands for (`NB_ADD`
//!   is `+`, `NB_INPLACE_ADD` its augmented `+=`), `None` for an oparg
//!   without a known operator (the C module's "Missing initialization");
//! * `MAX_INTRINSIC_1`/`MAX_INTRINSIC_2` (`pycore_intrinsics.h`), the
//!   sizes of the intrinsic-name lists.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    cpython_clinic::generate("_opcode.c", "_opcode_");

    let include = PathBuf::from(env::var_os("PY_SRCDIR").expect("PY_SRCDIR")).join("Include");
    let opcode_h = defines(&include.join("opcode.h"));
    let intrinsics_h = defines(&include.join("internal/pycore_intrinsics.h"));
    let value = |defines: &[(String, usize)], name: &str| {
        defines.iter().find(|(n, _)| n == name).map(|&(_, v)| v).unwrap_or_else(|| panic!("no {name} in the tree's headers"))
    };

    let last = value(&opcode_h, "NB_OPARG_LAST");
    let mut out = format!("pub const BINARY_OPS: [Option<(&str, &str)>; {}] = [\n", last + 1);
    for oparg in 0..=last {
        let op = opcode_h.iter().find(|(name, v)| *v == oparg && name.starts_with("NB_") && name != "NB_OPARG_LAST");
        match op.and_then(|(name, _)| Some((name, operator_symbol(&name["NB_".len()..])?))) {
            Some((name, symbol)) => writeln!(out, "    Some(({name:?}, {symbol:?})),").unwrap(),
            None => out.push_str("    None,\n"),
        }
    }
    out.push_str("];\n");
    for name in ["MAX_INTRINSIC_1", "MAX_INTRINSIC_2"] {
        writeln!(out, "pub const {name}: i32 = {};", value(&intrinsics_h, name)).unwrap();
    }
    let path = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR")).join("tables.rs");
    fs::write(&path, out).expect("cannot write tables.rs");
}

/// The `#define NAME <integer>` lines of a header.
fn defines(header: &Path) -> Vec<(String, usize)> {
    println!("cargo:rerun-if-changed={}", header.display());
    let text = fs::read_to_string(header).unwrap_or_else(|e| panic!("cannot read {}: {e}", header.display()));
    text.lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let (Some("#define"), Some(name), Some(value)) = (words.next(), words.next(), words.next()) else { return None };
            Some((name.to_owned(), value.parse().ok()?))
        })
        .collect()
}

/// The operator of an `NB_*` oparg, from its name: `ADD` is `+`,
/// `INPLACE_ADD` its augmented form `+=`.
fn operator_symbol(name: &str) -> Option<String> {
    let (base, suffix) = match name.strip_prefix("INPLACE_") {
        Some(base) => (base, "="),
        None => (name, ""),
    };
    let symbol = match base {
        "ADD" => "+",
        "AND" => "&",
        "FLOOR_DIVIDE" => "//",
        "LSHIFT" => "<<",
        "MATRIX_MULTIPLY" => "@",
        "MULTIPLY" => "*",
        "REMAINDER" => "%",
        "OR" => "|",
        "POWER" => "**",
        "RSHIFT" => ">>",
        "SUBTRACT" => "-",
        "TRUE_DIVIDE" => "/",
        "XOR" => "^",
        _ => return None,
    };
    Some(format!("{symbol}{suffix}"))
}
