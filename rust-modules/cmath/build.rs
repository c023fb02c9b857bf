//! Signatures and docstrings (cpython-clinic), and the special-value tables.
//!
//! The C99 Annex G results for infinite and NaN arguments are data: eleven
//! 7x7 tables, indexed by the class of the real and of the imaginary part,
//! that `cmath_exec` fills in `Modules/cmathmodule.c`.  Rather than
//! re-derive (and risk differing from) them, this script reads them from
//! the CPython tree being built, as cpython-clinic reads the docstrings, and
//! writes them as Rust constants: `$OUT_DIR/special_values.rs` defines
//! `ACOS`, `ACOSH`, ... of type `[[Complex; 7]; 7]`.  Nothing of CPython's
//! text is kept in this repository.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

fn main() {
    cpython_clinic::generate("cmathmodule.c", "cmath_");

    let source = PathBuf::from(env::var_os("PY_SRCDIR").expect("PY_SRCDIR")).join("Modules/cmathmodule.c");
    println!("cargo:rerun-if-changed={}", source.display());
    let text = fs::read_to_string(&source).unwrap_or_else(|e| panic!("cannot read {}: {e}", source.display()));
    let tables = special_value_tables(&text).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR")).join("special_values.rs");
    fs::write(&out, tables).expect("cannot write special_values.rs");
}

/// Every `INIT_SPECIAL_VALUES(name_special_values, { C(re, im) ... })` of
/// the C source, as Rust constants.
fn special_value_tables(text: &str) -> Result<String, String> {
    const START: &str = "INIT_SPECIAL_VALUES(";
    let mut rust = String::new();
    let mut count = 0;
    let mut rest = text;
    while let Some(at) = rest.find(START) {
        rest = &rest[at + START.len()..];
        let (name, body) = rest.split_once(',').ok_or("INIT_SPECIAL_VALUES without a comma")?;
        let Some(function) = name.trim().strip_suffix("_special_values") else {
            continue; // the macro's definition
        };
        let body = body.trim_start().strip_prefix('{').ok_or("table without '{'")?;
        let end = body.find('}').ok_or("table without '}'")?;
        let cells = cells(&body[..end])?;
        if cells.len() != 49 {
            return Err(format!("{function}: {} cells, not 7x7", cells.len()));
        }
        writeln!(rust, "pub const {}: [[Complex; 7]; 7] = [", function.to_uppercase()).unwrap();
        for row in cells.chunks(7) {
            rust += "    [";
            for (real, imag) in row {
                write!(rust, "Complex::new({real}, {imag}), ").unwrap();
            }
            rust += "],\n";
        }
        rust += "];\n";
        count += 1;
    }
    if count == 0 {
        return Err("no INIT_SPECIAL_VALUES tables".into());
    }
    Ok(rust)
}

/// The `C(re, im)` entries of a table, as Rust expressions.
fn cells(body: &str) -> Result<Vec<(String, String)>, String> {
    body.split("C(")
        .skip(1)
        .map(|cell| {
            let cell = cell.split_once(')').ok_or("C( without ')'")?.0;
            let (real, imag) = cell.split_once(',').ok_or("C( without ','")?;
            Ok((value(real)?, value(imag)?))
        })
        .collect()
}

/// One table entry: a name the C file defines for the tables, possibly
/// negated, or a plain number.
fn value(token: &str) -> Result<String, String> {
    let token = token.trim();
    if let Some(negated) = token.strip_prefix('-') {
        return Ok(format!("-({})", value(negated)?));
    }
    Ok(match token {
        "P" => "PI".into(),
        "P14" => "0.25 * PI".into(),
        "P12" => "0.5 * PI".into(),
        "P34" => "0.75 * PI".into(),
        "INF" => "f64::INFINITY".into(),
        "N" => "f64::NAN".into(),
        // The placeholder of the cells for finite arguments, which the
        // functions never look up.
        "U" => "f64::NAN".into(),
        number => {
            let number: f64 = number.parse().map_err(|_| format!("unknown table entry {number:?}"))?;
            format!("{number:?}_f64")
        }
    })
}
