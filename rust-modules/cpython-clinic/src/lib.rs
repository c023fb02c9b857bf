//! Reads, at build time, what the CPython tree being built says about a C
//! module's functions, so that the Rust module presents exactly the same
//! functions without copying CPython's text into this repository:
//!
//! * every `PyDoc_STRVAR` (docstrings, with the `__text_signature__` line
//!   clinic puts first),
//! * every `*_METHODDEF` (Python name, calling convention, docstring),
//! * for each clinic wrapper, its argument rules: the `_keywords` array and
//!   the `minpos, maxpos, minkw` of `_PyArg_UnpackKeywords`, or the `min,
//!   max` of `_PyArg_CheckPositional`.
//!
//! The result is a Rust file of `cpython_safe::clinic::Signature` constants,
//! one per function, and `&CStr` constants for the other docstrings.
//! Use from a module crate's `build.rs`:
//!
//! ```ignore
//! cpython_clinic::generate("binascii.c", "binascii_");
//! ```

use std::collections::BTreeMap;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// A function's calling convention and argument rules.
#[derive(Debug, PartialEq, Eq)]
pub enum Call {
    NoArgs,
    Object,
    Positional { min: usize, max: usize },
    Keywords { names: Vec<String>, minpos: usize, maxpos: usize, minkw: usize },
}

/// One `*_METHODDEF` with everything needed to rebuild it.
#[derive(Debug, PartialEq, Eq)]
pub struct Function {
    pub python_name: String,
    pub c_function: String,
    pub doc: String,
    pub call: Call,
}

/// What one C source (with its clinic header) defines.
#[derive(Debug, Default)]
pub struct Clinic {
    pub docs: BTreeMap<String, String>,
    pub functions: Vec<Function>,
}

/// Writes `$OUT_DIR/clinic.rs` for `Modules/<c_file>` of the tree in
/// `PY_SRCDIR`, naming each signature after its C function with
/// `strip_prefix` removed (`binascii_a2b_uu` → `a2b_uu`).
pub fn generate(c_file: &str, strip_prefix: &str) {
    println!("cargo:rerun-if-env-changed=PY_SRCDIR");
    let srcdir = env::var_os("PY_SRCDIR").map(PathBuf::from).expect(
        "PY_SRCDIR is not set: build through CPython's make (configure --with-rust), \
         or point PY_SRCDIR at a CPython source tree",
    );
    let modules = srcdir.join("Modules");
    let stem = c_file.strip_suffix(".c").expect("a .c file name");
    let sources = [modules.join(c_file), modules.join("clinic").join(format!("{stem}.c.h"))];
    let mut text = String::new();
    for path in &sources {
        println!("cargo:rerun-if-changed={}", path.display());
        text += &read(path);
        text.push('\n');
    }
    let clinic = Clinic::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", sources[1].display()));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR")).join("clinic.rs");
    fs::write(&out, clinic.to_rust(strip_prefix)).expect("cannot write clinic.rs");
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

impl Clinic {
    /// Parses C source text (the module's .c and its clinic .c.h).
    pub fn parse(text: &str) -> Result<Clinic, String> {
        let mut clinic = Clinic::default();
        let mut rest = text;
        while let Some(at) = rest.find("PyDoc_STRVAR(") {
            rest = &rest[at + "PyDoc_STRVAR(".len()..];
            let comma = rest.find(',').ok_or("PyDoc_STRVAR without a comma")?;
            let name = rest[..comma].trim().to_owned();
            let (value, after) = c_string_literals(&rest[comma + 1..])?;
            clinic.docs.insert(name, value);
            rest = after;
        }
        let mut rest = text;
        while let Some(at) = rest.find("_METHODDEF") {
            rest = &rest[at + "_METHODDEF".len()..];
            // Only definitions: `#define X_METHODDEF    \ {"name", ...},`
            let line_start = text.len() - rest.len() - "_METHODDEF".len();
            let line = text[..line_start].rsplit('\n').next().unwrap_or("");
            if !line.trim_start().starts_with("#define") {
                continue;
            }
            let body = rest.trim_start_matches(|c: char| c == ' ' || c == '\\' || c == '\n' || c == '\t');
            if !body.starts_with('{') {
                continue; // an empty fallback definition (#ifndef ... #define X_METHODDEF)
            }
            let end = body.find('}').ok_or("unterminated METHODDEF")?;
            let fields: Vec<&str> = body[1..end].split(',').map(str::trim).collect();
            let [name, func, flags, doc] = fields[..] else {
                return Err(format!("unexpected METHODDEF: {}", &body[..end]));
            };
            let python_name = name.trim_matches('"').to_owned();
            let c_function = func
                .trim_start_matches("_PyCFunction_CAST(")
                .trim_start_matches("(PyCFunction)")
                .trim_end_matches(')')
                .to_owned();
            let doc = clinic.docs.get(doc).cloned().ok_or_else(|| format!("no docstring {doc}"))?;
            let call = parse_call(text, &c_function, flags)?;
            clinic.functions.push(Function { python_name, c_function, doc, call });
        }
        Ok(clinic)
    }

    /// The Rust constants.
    pub fn to_rust(&self, strip_prefix: &str) -> String {
        let mut out = String::from(
            "// Generated by cpython-clinic from the CPython tree being built.\n\
             use ::cpython_safe::clinic::{CallKind, KeywordArray, Signature};\n\n",
        );
        for (name, doc) in &self.docs {
            writeln!(out, "pub const {name}: &::core::ffi::CStr = c{doc:?};").unwrap();
        }
        for f in &self.functions {
            let ident = f.c_function.strip_prefix(strip_prefix).unwrap_or(&f.c_function);
            let kind = match &f.call {
                Call::NoArgs => "CallKind::NoArgs".to_owned(),
                Call::Object => "CallKind::Object".to_owned(),
                Call::Positional { min, max } => format!("CallKind::Positional {{ min: {min}, max: {max} }}"),
                Call::Keywords { names, minpos, maxpos, minkw } => {
                    let cnames: Vec<String> = names.iter().map(|n| format!("c{n:?}")).collect();
                    writeln!(
                        out,
                        "static {ident}__keywords: KeywordArray = KeywordArray::new(&[{}]);",
                        cnames.join(", ")
                    )
                    .unwrap();
                    format!(
                        "CallKind::Keywords {{ names: &{names:?}, keywords: &{ident}__keywords, \
                         minpos: {minpos}, maxpos: {maxpos}, minkw: {minkw} }}"
                    )
                }
            };
            writeln!(
                out,
                "pub const {ident}: Signature = Signature {{ name: c{:?}, doc: c{:?}, kind: {kind} }};",
                f.python_name, f.doc
            )
            .unwrap();
        }
        out
    }
}

/// The calling convention from the METH_ flags, and the argument rules from
/// the body of the clinic wrapper `c_function`.
fn parse_call(text: &str, c_function: &str, flags: &str) -> Result<Call, String> {
    let flags: Vec<&str> = flags.split('|').map(str::trim).collect();
    let has = |f: &str| flags.contains(&f);
    if has("METH_NOARGS") {
        return Ok(Call::NoArgs);
    }
    if has("METH_O") {
        return Ok(Call::Object);
    }
    if !has("METH_FASTCALL") {
        return Err(format!("{c_function}: unsupported flags {flags:?}"));
    }
    let body = function_body(text, c_function)?;
    if has("METH_KEYWORDS") {
        let kw = between(body, "_keywords[] = {", "}").ok_or_else(|| format!("{c_function}: no _keywords"))?;
        let names: Vec<String> = kw
            .split(',')
            .map(str::trim)
            .filter(|s| *s != "NULL" && !s.is_empty())
            .map(|s| s.trim_matches('"').to_owned())
            .collect();
        let call = between(body, "_PyArg_UnpackKeywords(", ")")
            .ok_or_else(|| format!("{c_function}: no _PyArg_UnpackKeywords"))?;
        let args: Vec<&str> = call.split(',').map(str::trim).collect();
        let number = |i: usize| -> Result<usize, String> {
            args.get(i).and_then(|s| s.parse().ok()).ok_or_else(|| format!("{c_function}: odd call {call}"))
        };
        return Ok(Call::Keywords { names, minpos: number(5)?, maxpos: number(6)?, minkw: number(7)? });
    }
    let call = between(body, "_PyArg_CheckPositional(", ")")
        .ok_or_else(|| format!("{c_function}: no _PyArg_CheckPositional"))?;
    let args: Vec<&str> = call.split(',').map(str::trim).collect();
    let number = |i: usize| -> Result<usize, String> {
        args.get(i).and_then(|s| s.parse().ok()).ok_or_else(|| format!("{c_function}: odd call {call}"))
    };
    Ok(Call::Positional { min: number(2)?, max: number(3)? })
}

/// The `{ ... }` body of the C function definition `name(`.
fn function_body<'t>(text: &'t str, name: &str) -> Result<&'t str, String> {
    let head = format!("\n{name}(");
    let start = text.find(&head).ok_or_else(|| format!("no definition of {name}"))?;
    let rest = &text[start..];
    let open = rest.find("\n{").ok_or_else(|| format!("{name}: no body"))?;
    let close = rest[open..].find("\n}").ok_or_else(|| format!("{name}: unterminated body"))?;
    Ok(&rest[open..open + close])
}

fn between<'t>(text: &'t str, start: &str, end: &str) -> Option<&'t str> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(&text[from..to])
}

/// Concatenated C string literals up to the closing `)`, unescaped; returns
/// the value and the text after it.
fn c_string_literals(mut text: &str) -> Result<(String, &str), String> {
    let mut bytes = Vec::new();
    loop {
        text = text.trim_start();
        if let Some(after) = text.strip_prefix(')') {
            let value = String::from_utf8(bytes).map_err(|e| e.to_string())?;
            return Ok((value, after));
        }
        text = text.strip_prefix('"').ok_or_else(|| format!("expected a string literal at {:.40}", text))?;
        let mut chars = text.char_indices();
        loop {
            let (i, c) = chars.next().ok_or("unterminated string literal")?;
            match c {
                '"' => {
                    text = &text[i + 1..];
                    break;
                }
                '\\' => {
                    let (_, e) = chars.next().ok_or("dangling backslash")?;
                    match e {
                        'n' => bytes.push(b'\n'),
                        't' => bytes.push(b'\t'),
                        'r' => bytes.push(b'\r'),
                        '0'..='7' => {
                            let mut value = e.to_digit(8).unwrap();
                            for _ in 0..2 {
                                let next = chars.clone().next().and_then(|(_, d)| d.to_digit(8));
                                let Some(d) = next else { break };
                                chars.next();
                                value = value * 8 + d;
                            }
                            bytes.push(value as u8);
                        }
                        'x' => {
                            let mut value = 0u32;
                            while let Some(d) = chars.clone().next().and_then(|(_, d)| d.to_digit(16)) {
                                chars.next();
                                value = value * 16 + d;
                            }
                            bytes.push(value as u8);
                        }
                        other => {
                            let mut buf = [0; 4];
                            bytes.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
                        }
                    }
                }
                other => {
                    let mut buf = [0; 4];
                    bytes.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
PyDoc_STRVAR(mod_f__doc__,
"f($module, data, /, *, flag=False)\n"
"--\n"
"\n"
"Do \"it\"\tnow\101.");

#define MOD_F_METHODDEF    \
    {"f", _PyCFunction_CAST(mod_f), METH_FASTCALL|METH_KEYWORDS, mod_f__doc__},

static PyObject *
mod_f(PyObject *module, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    static const char * const _keywords[] = {"", "flag", NULL};
    args = _PyArg_UnpackKeywords(args, nargs, NULL, kwnames, &_parser, 1, 1, 0, argsbuf);
}

PyDoc_STRVAR(mod_g__doc__, "g($module, a, b=0, /)\n--\n\n");

#define MOD_G_METHODDEF    \
    {"g", _PyCFunction_CAST(mod_g), METH_FASTCALL, mod_g__doc__},

static PyObject *
mod_g(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (!_PyArg_CheckPositional("g", nargs, 1, 2)) {
        goto exit;
    }
}

PyDoc_STRVAR(mod_h__doc__, "h($module, x, /)\n--\n\n");
#define MOD_H_METHODDEF    \
    {"h", (PyCFunction)mod_h, METH_O, mod_h__doc__},

#ifndef MOD_H_METHODDEF
    #define MOD_H_METHODDEF
#endif
"#;

    #[test]
    fn parses_docs_and_calls() {
        let clinic = Clinic::parse(SAMPLE).unwrap();
        assert_eq!(clinic.docs["mod_f__doc__"], "f($module, data, /, *, flag=False)\n--\n\nDo \"it\"\tnowA.");
        assert_eq!(clinic.functions.len(), 3);
        assert_eq!(
            clinic.functions[0].call,
            Call::Keywords { names: vec!["".into(), "flag".into()], minpos: 1, maxpos: 1, minkw: 0 }
        );
        assert_eq!(clinic.functions[1].call, Call::Positional { min: 1, max: 2 });
        assert_eq!(clinic.functions[2].call, Call::Object);
        assert_eq!(clinic.functions[2].python_name, "h");
    }

    #[test]
    fn emits_rust() {
        let rust = Clinic::parse(SAMPLE).unwrap().to_rust("mod_");
        assert!(rust.contains("pub const f: Signature"));
        assert!(rust.contains("static f__keywords: KeywordArray = KeywordArray::new(&[c\"\", c\"flag\"]);"));
        assert!(rust.contains("CallKind::Positional { min: 1, max: 2 }"));
    }
}
