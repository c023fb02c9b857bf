//! `_json`: the accelerator behind Python's `json` package.
//!
//! A drop-in replacement for CPython's `Modules/_json.c`: `scanstring`,
//! `encode_basestring(_ascii)`, and the classes `make_scanner` (the
//! decoder's `scan_once`) and `make_encoder` (the encoder's
//! `_iterencode`), with the same results, errors and hooks.  Documents are
//! read in their own storage kind ([`scanner`]); output is built in a Rust
//! buffer and made into one `str` ([`text`], [`encoder`]).

#![forbid(unsafe_code)]

mod encoder;
mod scanner;
mod text;

use cpython_safe::call::check_tuple_count;
use cpython_safe::prelude::*;

cpython_safe::clinic_module!();

/// The signatures: clinic's (from the C file's method table and
/// docstrings) and those of the functions and slots that parse their own
/// arguments in C (`PyArg_ParseTuple*`).
#[allow(non_upper_case_globals)]
mod signatures {
    pub use super::clinic::*;

    cpython_safe::signatures! {
        // `scanstring(string, end, strict=True)`, positional only.
        scanstring: Tuple = super::clinic::pydoc_scanstring;
        make_scanner(context) in 1..=1, parser MAKE_SCANNER;
        scan_once(string, idx) in 2..=2, parser SCAN_ONCE;
        make_encoder(
            markers, default, encoder, indent, key_separator, item_separator, sort_keys, skipkeys, allow_nan
        ) in 9..=9, parser MAKE_ENCODER;
        iterencode as _iterencode(obj, _current_indent_level) in 2..=2, parser ITERENCODE;
    }
}

/// Per-module state: the module's two classes, and its own string
/// encoders, which an encoder made with them applies without calling them.
pub(crate) struct State {
    scanner_type: Owned<PyType>,
    encoder_type: Owned<PyType>,
    encode_basestring_ascii: Owned,
    encode_basestring: Owned,
}

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let scanner_type = scanner::SCANNER.create(module)?;
        module.add(c"make_scanner", &scanner_type)?;
        let encoder_type = encoder::ENCODER.create(module)?;
        module.add(c"make_encoder", &encoder_type)?;
        Ok(State {
            scanner_type,
            encoder_type,
            encode_basestring_ascii: module.getattr(c"encode_basestring_ascii")?,
            encode_basestring: module.getattr(c"encode_basestring")?,
        })
    }
}

cpython_safe::traverse!(State: scanner_type, encoder_type, encode_basestring_ascii, encode_basestring);

cpython_safe::module! {
    static MODULE: State = module c"_json" from signatures {
        doc: clinic::module_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [encode_basestring_ascii, encode_basestring, scanstring],
    }
}

/// TypeError "`what`, not int": the type name of `obj` cut at `limit`
/// bytes, as C's `%.<limit>s` does.
#[cold]
fn wrong_type(obj: &PyAny, what: &str, limit: usize) -> PyErr {
    let name = obj.get_type().name().to_bytes();
    let name = String::from_utf8_lossy(&name[..name.len().min(limit)]);
    exc::type_error(obj.py(), &format!("{what}, not {name}"))
}

#[cold]
fn not_a_string(obj: &PyAny) -> PyErr {
    wrong_type(obj, "first argument must be a string", 80)
}

/// `scanstring(string, end, strict=True)`, with `PyArg_ParseTuple`'s
/// argument errors.
fn scanstring(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    check_tuple_count(py, "scanstring", args.len(), 2, 3)?;
    let doc: &PyAny = args.convert(0)?;
    let end: isize = args.convert(1)?;
    let strict: bool = args.convert_or(2, true)?;
    let doc = doc.downcast::<PyStr>().ok_or_else(|| not_a_string(doc))?;
    let (text, end) = scanner::scanstring(doc, end, strict)?;
    Ok(PyTuple::pair(&text, &*PyInt::from_i64(py, end as i64)?)?.into_any())
}

/// `encode_basestring_ascii(string)`: the JSON literal, ASCII only.
fn encode_basestring_ascii(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    encode_basestring_with::<true>(args)
}

/// `encode_basestring(string)`: the JSON literal.
fn encode_basestring(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    encode_basestring_with::<false>(args)
}

#[inline(always)]
fn encode_basestring_with<const ASCII_ONLY: bool>(args: &Args) -> PyResult<Owned> {
    let obj: &PyAny = args.convert(0)?;
    let text = obj.downcast::<PyStr>().ok_or_else(|| not_a_string(obj))?;
    Ok(text::json_string::<ASCII_ONLY>(text)?.into_any())
}
