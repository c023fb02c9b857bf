//! Reads, at build time, what the CPython tree being built says about a C
//! module's functions, so that the Rust module presents exactly the same
//! functions without copying CPython's text into this repository:
//!
//! * every `PyDoc_STRVAR` (docstrings, with the `__text_signature__` line
//!   clinic puts first),
//! * docstrings given as an argument of a function-defining macro (`#define
//!   FUNC1(funcname, func, can_overflow, docstring) ... PyDoc_STRVAR(
//!   math_##funcname##_doc, docstring);` and each `FUNC1(...)` use),
//! * the docstrings of attributes in `PyGetSetDef` tables,
//! * every `*_METHODDEF` (Python name, calling convention, docstring), and
//!   every entry written out in a `PyMethodDef` table (functions that
//!   clinic does not generate),
//! * every class's `__new__` that clinic generates with keywords (the
//!   function a `{Py_tp_new, ...}` slot names: its parser's `fname`, its
//!   docstring, its keyword rules),
//! * every `PyStructSequence_Desc` with its `PyStructSequence_Field`s
//!   (name, docstrings, fields, `n_in_sequence`: [`structseq`]),
//! * for each clinic wrapper, its argument rules: the `_keywords` array and
//!   the `minpos, maxpos, minkw` of `_PyArg_UnpackKeywords`, or the `min,
//!   max` of `_PyArg_CheckPositional`.  A hand-written `METH_FASTCALL`
//!   function that does not start by calling `_PyArg_CheckPositional` checks
//!   its own arguments (`gcd(*integers)`, or a count checked in a helper).
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

mod constants;
mod params;
pub mod structseq;
pub use constants::int_constants;
pub use params::Param;

/// A function's calling convention and argument rules.
#[derive(Debug, PartialEq, Eq)]
pub enum Call {
    NoArgs,
    /// `METH_METHOD` without parameters: refuses every argument itself.
    NoArgsMethod,
    Object,
    Positional { min: usize, max: usize },
    Keywords { names: Vec<String>, minpos: usize, maxpos: usize, minkw: usize },
    /// `METH_FASTCALL` checked by the function itself.
    Varargs,
    /// `METH_VARARGS`: clinic's optional groups (`[priority,] message`),
    /// which parse the argument tuple by its size.
    Tuple,
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
    /// The `[clinic input]` parameters of each function, by C function.
    pub params: BTreeMap<String, Vec<Param>>,
    /// The struct sequence types it describes.
    pub struct_seqs: Vec<structseq::StructSeq>,
}

/// Writes `$OUT_DIR/clinic.rs` for `Modules/<c_file>` of the tree in
/// `PY_SRCDIR`, naming each signature after its C function with
/// `strip_prefix` removed (`binascii_a2b_uu` → `a2b_uu`).
pub fn generate(c_file: &str, strip_prefix: &str) {
    generate_files(&[c_file], strip_prefix);
}

/// [`generate`] for a module written in several C files (`_blake2`'s
/// `blake2module.c`, `blake2b_impl.c` and `blake2s_impl.c`), each with its
/// own clinic header in the `clinic` directory beside it: paths are
/// relative to `Modules` (`_blake2/blake2b_impl.c`), and the files are
/// read as one text.
pub fn generate_files(c_files: &[&str], strip_prefix: &str) {
    println!("cargo:rerun-if-env-changed=PY_SRCDIR");
    let srcdir = env::var_os("PY_SRCDIR").map(PathBuf::from).expect(
        "PY_SRCDIR is not set: build through CPython's make (configure --with-rust), \
         or point PY_SRCDIR at a CPython source tree",
    );
    let modules = srcdir.join("Modules");
    let mut text = String::new();
    for c_file in c_files {
        let c_path = modules.join(c_file);
        let name = c_path.file_name().and_then(|name| name.to_str()).expect("a C file name");
        let clinic_dir = c_path.parent().expect("a file in Modules").join("clinic");
        let clinic_path = clinic_dir.join(format!("{name}.h"));
        println!("cargo:rerun-if-changed={}", c_path.display());
        text += &read(&c_path);
        text.push('\n');
        // A module without Argument Clinic (3.13's _json) has no header:
        // watch the directory it would appear in (cargo reruns a build
        // script that names a missing file on every build, and with it
        // the fat-LTO link of the whole library).
        if clinic_path.exists() {
            println!("cargo:rerun-if-changed={}", clinic_path.display());
            text += &read(&clinic_path);
            text.push('\n');
        } else {
            println!("cargo:rerun-if-changed={}", clinic_dir.display());
        }
    }
    let clinic = Clinic::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", c_files.join(", ")));
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
            if !rest[comma + 1..].trim_start().starts_with('"') {
                continue; // in a macro definition (see macro_docs)
            }
            let (value, after) = c_string_literals(&rest[comma + 1..])?;
            let after = after
                .trim_start()
                .strip_prefix(')')
                .ok_or_else(|| format!("PyDoc_STRVAR({name}, ...) is not only string literals"))?;
            clinic.docs.insert(name, value);
            rest = after;
        }
        for (name, value) in macro_docs(text)? {
            clinic.docs.insert(name, value);
        }
        for (name, value) in getset_docs(text)? {
            clinic.docs.insert(name, value);
        }
        clinic.params = params::parse_inputs(text);
        clinic.struct_seqs = structseq::parse(text, &clinic.docs);
        if let Some(doc) = module_doc(text, &clinic.docs)? {
            clinic.docs.insert("m_doc".to_owned(), doc);
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
            let body = rest.trim_start_matches([' ', '\\', '\n', '\t']);
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
                .trim_start_matches("(void(*)(void))") // limited-API output
                .trim_end_matches(')')
                .to_owned();
            let doc = clinic.docs.get(doc).cloned().ok_or_else(|| format!("no docstring {doc}"))?;
            let call = parse_call(text, &c_function, flags)?;
            clinic.functions.push(Function { python_name, c_function, doc, call });
        }
        // Entries that cannot become a Signature (methods of classes with
        // METH_VARARGS, a NULL or inline docstring...) are left out: a module
        // crate that wants one fails to compile, naming it.
        for entry in method_table_entries(text)? {
            let [name, func, flags, doc] = entry[..] else { continue };
            // The function after any cast: `_PyCFunction_CAST(f)`, `(PyCFunction)f`.
            let mut c_function = func.trim_end_matches(')').rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
            let Some(c_function) = c_function.next().filter(|f| !f.is_empty()).map(str::to_owned) else { continue };
            let Some(doc) = clinic.docs.get(doc).cloned() else { continue };
            let call = match parse_call(text, &c_function, flags) {
                Ok(call) => call,
                Err(_) if flags.split('|').map(str::trim).eq(["METH_FASTCALL"]) => Call::Varargs,
                Err(_) => continue,
            };
            if clinic.functions.iter().any(|f| f.c_function == c_function) {
                continue;
            }
            let python_name = name.trim_matches('"').to_owned();
            clinic.functions.push(Function { python_name, c_function, doc, call });
        }
        // Classes' `__new__` wrappers that clinic writes with keywords (a
        // `Py_tp_new` slot naming a function that unpacks them): a
        // signature named after the function, with the parser's name.
        for c_function in tp_new_functions(text) {
            let Ok(body) = function_body(text, c_function) else { continue };
            let Some(python_name) = between(body, ".fname = \"", "\"") else { continue };
            let Some(doc) = clinic.docs.get(&format!("{c_function}__doc__")).cloned() else { continue };
            let Ok(call) = keywords_call(body, c_function) else { continue };
            if clinic.functions.iter().any(|f| f.c_function == c_function) {
                continue;
            }
            clinic.functions.push(Function { python_name: python_name.to_owned(), c_function: c_function.to_owned(), doc, call });
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
                Call::NoArgsMethod => "CallKind::NoArgsMethod".to_owned(),
                Call::Object => "CallKind::Object".to_owned(),
                Call::Positional { min, max } => format!("CallKind::Positional {{ min: {min}, max: {max} }}"),
                Call::Varargs => "CallKind::Varargs".to_owned(),
                Call::Tuple => "CallKind::Tuple".to_owned(),
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
        out += &structseq::to_rust(&self.struct_seqs);
        let structs: Vec<String> = self
            .functions
            .iter()
            .filter_map(|f| {
                let ident = f.c_function.strip_prefix(strip_prefix).unwrap_or(&f.c_function);
                params::rust_struct(ident, self.params.get(&f.c_function)?)
            })
            .collect();
        if !structs.is_empty() {
            out += "\n/// Typed parameters of the clinic functions (see cpython_clinic's params).\n";
            out += "#[allow(non_camel_case_types)]\npub mod params {\n";
            out += &structs.join("\n");
            out += "}\n";
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
    if has("METH_VARARGS") && !has("METH_KEYWORDS") {
        return Ok(Call::Tuple);
    }
    if !has("METH_FASTCALL") {
        return Err(format!("{c_function}: unsupported flags {flags:?}"));
    }
    let body = function_body(text, c_function)?;
    if has("METH_KEYWORDS") {
        // A METH_METHOD function without parameters (it only wants the
        // defining class, which Rust methods find from their instance).
        if has("METH_METHOD") && body.contains("takes no arguments\")") {
            return Ok(Call::NoArgsMethod);
        }
        return keywords_call(body, c_function);
    }
    let Some(call) = between(body, "_PyArg_CheckPositional(", ")") else {
        // Limited-API output checks the count itself, with the messages
        // _PyArg_CheckPositional gives: an exact count, or bounds.
        let bound = |test: &str, words: &str| {
            between(body, test, ")").and_then(|n| n.parse().ok()).filter(|n| body.contains(&format!(" {words}{n} argument")))
        };
        if let Some(count) = bound("if (nargs != ", "expected ") {
            return Ok(Call::Positional { min: count, max: count });
        }
        let (Some(min), Some(max)) = (bound("if (nargs < ", "expected at least "), bound("if (nargs > ", "expected at most "))
        else {
            return Err(format!("{c_function}: no _PyArg_CheckPositional"));
        };
        return Ok(Call::Positional { min, max });
    };
    let args: Vec<&str> = call.split(',').map(str::trim).collect();
    let number = |i: usize| -> Result<usize, String> {
        args.get(i).and_then(|s| s.parse().ok()).ok_or_else(|| format!("{c_function}: odd call {call}"))
    };
    Ok(Call::Positional { min: number(2)?, max: number(3)? })
}

/// The rules of a wrapper that unpacks keywords: its `_keywords` and the
/// `minpos, maxpos, minkw` it passes to `_PyArg_UnpackKeywords`.
fn keywords_call(body: &str, c_function: &str) -> Result<Call, String> {
    let kw = between(body, "_keywords[] = {", "}").ok_or_else(|| format!("{c_function}: no _keywords"))?;
    let names: Vec<String> = kw
        .split(',')
        .map(str::trim)
        .filter(|s| *s != "NULL" && !s.is_empty())
        .map(|s| s.trim_matches('"').to_owned())
        .collect();
    let at = body.find("_PyArg_UnpackKeywords(").ok_or_else(|| format!("{c_function}: no _PyArg_UnpackKeywords"))?;
    // The first argument of a `__new__` wrapper has parentheses of its own
    // (`_PyTuple_CAST(args)->ob_item`).
    let (args, _) = split_arguments(&body[at + "_PyArg_UnpackKeywords(".len()..], ')')?;
    let number = |i: usize| -> Result<usize, String> {
        args.get(i).and_then(|s| s.parse().ok()).ok_or_else(|| format!("{c_function}: odd call {args:?}"))
    };
    Ok(Call::Keywords { names, minpos: number(5)?, maxpos: number(6)?, minkw: number(7)? })
}

/// The functions that `{Py_tp_new, function}` slot entries name.
fn tp_new_functions(text: &str) -> Vec<&str> {
    let mut functions = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("{Py_tp_new,") {
        rest = &rest[at + "{Py_tp_new,".len()..];
        let name = rest.trim_start();
        let name = &name[..name.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(name.len())];
        if !name.is_empty() && !functions.contains(&name) {
            functions.push(name);
        }
    }
    functions
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

/// The docstrings of the attributes in each `PyGetSetDef` table, named
/// `<table>__<attribute>` (`{"format", getter, setter, PyDoc_STR("..."),
/// closure}` in `static PyGetSetDef s_getsetlist[]` is
/// `s_getsetlist__format`).  Entries without a `PyDoc_STR` have no doc.
fn getset_docs(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut docs = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("PyGetSetDef ") {
        rest = &rest[at + "PyGetSetDef ".len()..];
        let Some(open) = rest.find("[] = {") else { continue };
        let table = rest[..open].trim();
        if !table.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue; // a declaration or a use, not a table definition
        }
        let body = &rest[open + "[] = {".len()..];
        let body = &body[..body.find("};").ok_or_else(|| format!("{table}: no end of table"))?];
        for entry in body.split('{').skip(1) {
            let Some(name) = entry.trim_start().strip_prefix('"').and_then(|n| n.split_once('"')).map(|(n, _)| n)
            else {
                continue;
            };
            if let Some(doc_at) = entry.find("PyDoc_STR(") {
                let (doc, _) = c_string_literals(&entry[doc_at + "PyDoc_STR(".len()..])?;
                docs.push((format!("{table}__{name}"), doc));
            } else if let Some(doc) = entry.splitn(4, ',').nth(3).map(str::trim_start).filter(|d| d.starts_with('"')) {
                // A plain string literal as the docstring (arraymodule.c).
                let (doc, _) = c_string_literals(doc)?;
                docs.push((format!("{table}__{name}"), doc));
            }
        }
    }
    Ok(docs)
}

/// Docstrings that function-defining macros declare with `PyDoc_STRVAR`
/// from one of their arguments, by the name each use of the macro gives.
fn macro_docs(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut docs = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("#define ") {
        rest = &rest[at + "#define ".len()..];
        // The definition: `NAME(params) body`, continued over `\` lines.
        let definition = logical_line(rest);
        let Some(open) = definition.find('(').filter(|&i| is_ident(&definition[..i])) else { continue };
        let name = &definition[..open];
        let Some(strvar) = definition.find("PyDoc_STRVAR(") else { continue };
        let (params, _) = macro_arguments(&definition[open + 1..])?;
        let (strvar_args, _) = macro_arguments(&definition[strvar + "PyDoc_STRVAR(".len()..])?;
        let [doc_name, doc_param] = strvar_args[..] else {
            return Err(format!("{name}: odd PyDoc_STRVAR"));
        };
        let doc_index = params.iter().position(|p| *p == doc_param).ok_or_else(|| format!("{name}: odd docstring"))?;
        let mut uses = text;
        let head = format!("\n{name}(");
        while let Some(at) = uses.find(&head) {
            uses = &uses[at + head.len()..];
            let (args, _) = macro_arguments(uses)?;
            if args.len() != params.len() {
                return Err(format!("{name}: {} arguments, expected {}", args.len(), params.len()));
            }
            // Token pasting: `math_##funcname##_doc` with funcname = acos.
            let expanded: String = doc_name
                .split("##")
                .map(|token| params.iter().position(|p| *p == token.trim()).map_or(token.trim(), |i| args[i]))
                .collect();
            let (value, after) = c_string_literals(args[doc_index])?;
            if !after.trim().is_empty() {
                return Err(format!("{name}: the docstring of {expanded} is not only string literals"));
            }
            docs.push((expanded, value));
        }
    }
    Ok(docs)
}

/// The entries written out in `PyMethodDef name[] = { ... };` tables, as
/// their fields (the `*_METHODDEF` macros and the sentinel are not entries).
fn method_table_entries(text: &str) -> Result<Vec<Vec<&str>>, String> {
    let mut entries = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("PyMethodDef ") {
        rest = &rest[at + "PyMethodDef ".len()..];
        let Some(open) = rest.find("[] = {") else { continue };
        if !is_ident(rest[..open].trim()) {
            continue;
        }
        let table = &rest[open + "[] = {".len()..];
        let mut items = &table[..table.find("\n};").ok_or("unterminated PyMethodDef table")?];
        while let Some(at) = items.find("{\"") {
            let (fields, after) = split_arguments(&items[at + 1..], '}')?;
            entries.push(fields);
            items = after;
        }
    }
    Ok(entries)
}

/// The text of a `#define` up to its end, continuation lines joined.
fn logical_line(text: &str) -> String {
    let mut line = String::new();
    for physical in text.lines() {
        match physical.strip_suffix('\\') {
            Some(continued) => line.push_str(continued),
            None => {
                line.push_str(physical);
                break;
            }
        }
    }
    line
}

fn is_ident(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The comma-separated arguments of a call whose `(` was just read, up to
/// its `)`; returns them trimmed and the text after the `)`.
fn macro_arguments(text: &str) -> Result<(Vec<&str>, &str), String> {
    split_arguments(text, ')')
}

/// Comma-separated items up to `close` (commas inside strings and
/// parentheses do not count); returns them trimmed and the text after
/// `close`.
fn split_arguments(text: &str, close: char) -> Result<(Vec<&str>, &str), String> {
    let mut args = Vec::new();
    let (mut depth, mut start, mut in_string, mut escaped) = (0, 0, false, false);
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            ',' if depth == 0 => {
                args.push(text[start..i].trim());
                start = i + 1;
            }
            _ if c == close && depth == 0 => {
                args.push(text[start..i].trim());
                return Ok((args, &text[i + 1..]));
            }
            _ => {}
        }
    }
    Err(format!("unterminated argument list at {:.40}", text))
}

/// The docstring of a module defined with a designated `PyModuleDef`
/// initializer (at least from `.m_doc` on: `_blake2` names itself
/// positionally): its `.m_doc` (a `PyDoc_STRVAR` name or string literals),
/// or empty (no docstring, `__doc__` None) when it has none.
fn module_doc(text: &str, docs: &BTreeMap<String, String>) -> Result<Option<String>, String> {
    if !text.contains(".m_name") && !text.contains(".m_doc") {
        return Ok(None);
    }
    let Some(at) = text.find(".m_doc") else { return Ok(Some(String::new())) };
    let value = text[at + ".m_doc".len()..].trim_start().strip_prefix('=').ok_or(".m_doc without a value")?.trim_start();
    if value.starts_with('"') {
        return Ok(Some(c_string_literals(value)?.0));
    }
    let name: String = value.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    docs.get(&name).cloned().map(Some).ok_or_else(|| format!(".m_doc = {name}: no such PyDoc_STRVAR"))
}

/// Concatenated C string literals, unescaped; returns the value and the
/// text after the last one.
fn c_string_literals(mut text: &str) -> Result<(String, &str), String> {
    let (mut bytes, mut literals) = (Vec::new(), 0);
    loop {
        text = text.trim_start();
        if !text.starts_with('"') {
            if literals == 0 {
                return Err(format!("expected a string literal at {:.40}", text));
            }
            let value = String::from_utf8(bytes).map_err(|e| e.to_string())?;
            return Ok((value, text));
        }
        text = &text[1..];
        literals += 1;
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
                        '\n' => {} // a line continuation inside the literal
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
    fn module_docstring_of_a_designated_definition() {
        let named = "PyDoc_STRVAR(doc_m, \"About m.\");\nstatic struct PyModuleDef d = {.m_name = \"m\", .m_doc = doc_m};";
        assert_eq!(Clinic::parse(named).unwrap().docs["m_doc"], "About m.");
        let literal = "static struct PyModuleDef d = {.m_name = \"m\", .m_doc = \"Lit\" \"eral.\"};";
        assert_eq!(Clinic::parse(literal).unwrap().docs["m_doc"], "Literal.");
        let absent = "static struct PyModuleDef d = {.m_name = \"m\", .m_size = 0};";
        assert_eq!(Clinic::parse(absent).unwrap().docs["m_doc"], "");
        let positional_name = "PyDoc_STRVAR(doc_m, \"About m.\");\nstatic struct PyModuleDef d = {PyModuleDef_HEAD_INIT, \"m\", .m_doc = doc_m};";
        assert_eq!(Clinic::parse(positional_name).unwrap().docs["m_doc"], "About m.");
        assert!(!Clinic::parse("PyDoc_STRVAR(x, \"y\");").unwrap().docs.contains_key("m_doc"));
    }

    const TABLE_SAMPLE: &str = r#"
#define FUNC1(funcname, func, can_overflow, docstring)                  \
    static PyObject * math_##funcname(PyObject *self, PyObject *args) { \
        return math_1(args, func, can_overflow);                            \
    }\
    PyDoc_STRVAR(math_##funcname##_doc, docstring);

FUNC1(acos, acos, 0,
      "acos($module, x, /)\n--\n\n"
      "Return (x, y), or \"z\".")

static PyObject *
math_gcd(PyObject *module, PyObject * const *args, Py_ssize_t nargs)
{
    return NULL;
}

static PyObject *
math_log(PyObject *module, PyObject * const *args, Py_ssize_t nargs)
{
    if (!_PyArg_CheckPositional("log", nargs, 1, 2))
        return NULL;
}

PyDoc_STRVAR(math_gcd_doc, "gcd($module, *integers)\n--\n\nGCD.");
PyDoc_STRVAR(math_log_doc,
"log(x, [base=math.e])\n\
Return the logarithm.");

static PyMethodDef math_methods[] = {
    {"acos",            math_acos,      METH_O,         math_acos_doc},
    MATH_CEIL_METHODDEF
    {"gcd",             _PyCFunction_CAST(math_gcd),       METH_FASTCALL,  math_gcd_doc},
    {"log",             _PyCFunction_CAST(math_log),       METH_FASTCALL,  math_log_doc},
    {NULL,              NULL}           /* sentinel */
};
"#;

    #[test]
    fn parses_macro_docs_and_method_tables() {
        let clinic = Clinic::parse(TABLE_SAMPLE).unwrap();
        assert_eq!(clinic.docs["math_acos_doc"], "acos($module, x, /)\n--\n\nReturn (x, y), or \"z\".");
        assert_eq!(clinic.docs["math_log_doc"], "log(x, [base=math.e])\nReturn the logarithm.");
        let calls: Vec<(&str, &str, &Call)> =
            clinic.functions.iter().map(|f| (&*f.python_name, &*f.c_function, &f.call)).collect();
        assert_eq!(
            calls,
            [
                ("acos", "math_acos", &Call::Object),
                ("gcd", "math_gcd", &Call::Varargs),
                ("log", "math_log", &Call::Positional { min: 1, max: 2 }),
            ]
        );
        assert!(clinic.to_rust("math_").contains("pub const gcd: Signature = Signature { name: c\"gcd\", \
             doc: c\"gcd($module, *integers)\\n--\\n\\nGCD.\", kind: CallKind::Varargs };"));
    }

    #[test]
    fn emits_rust() {
        let rust = Clinic::parse(SAMPLE).unwrap().to_rust("mod_");
        assert!(rust.contains("pub const f: Signature"));
        assert!(rust.contains("static f__keywords: KeywordArray = KeywordArray::new(&[c\"\", c\"flag\"]);"));
        assert!(rust.contains("CallKind::Positional { min: 1, max: 2 }"));
    }

    const LIMITED_SAMPLE: &str = r#"
PyDoc_STRVAR(mod_f__doc__,
"f($module, p, mu, /)\n"
"--\n"
"\n");

#define MOD_F_METHODDEF    \
    {"f", (PyCFunction)(void(*)(void))mod_f, METH_FASTCALL, mod_f__doc__},

static PyObject *
mod_f(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_Format(PyExc_TypeError, "f expected 2 arguments, got %zd", nargs);
        goto exit;
    }
}
"#;

    #[test]
    fn parses_limited_api_output() {
        let clinic = Clinic::parse(LIMITED_SAMPLE).unwrap();
        assert_eq!(clinic.functions[0].c_function, "mod_f");
        assert_eq!(clinic.functions[0].call, Call::Positional { min: 2, max: 2 });
    }

    const NEW_SAMPLE: &str = r#"
PyDoc_STRVAR(py_thing_new__doc__,
"thing(data=b\'\', *, size=8)\n"
"--\n"
"\n"
"Return a new thing.");

static PyObject *
py_thing_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static const char * const _keywords[] = {"data", "size", NULL};
    static _PyArg_Parser _parser = {
        .keywords = _keywords,
        .fname = "thing",
        .kwtuple = KWTUPLE,
    };
    fastargs = _PyArg_UnpackKeywords(_PyTuple_CAST(args)->ob_item, nargs, kwargs, NULL, &_parser, 0, 1, 0, argsbuf);
}

static PyObject *
plain_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    return NULL;
}

static PyType_Slot thing_slots[] = {
    {Py_tp_new, py_thing_new},
    {0, 0}
};
static PyType_Slot other_slots[] = {
    {Py_tp_new, plain_new},
    {Py_tp_new, PyType_GenericNew},
    {0, 0}
};
"#;

    #[test]
    fn parses_keyword_tp_new() {
        let clinic = Clinic::parse(NEW_SAMPLE).unwrap();
        assert_eq!(clinic.functions.len(), 1, "only the clinic wrapper with keywords");
        let new = &clinic.functions[0];
        assert_eq!((&*new.python_name, &*new.c_function), ("thing", "py_thing_new"));
        assert_eq!(new.call, Call::Keywords { names: vec!["data".into(), "size".into()], minpos: 0, maxpos: 1, minkw: 0 });
        assert!(clinic.to_rust("").contains("pub const py_thing_new: Signature = Signature { name: c\"thing\""));
    }
}
