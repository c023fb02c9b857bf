//! Typed parameters from the `[clinic input]` blocks of the C file: for
//! each clinic function whose converters all have a Rust counterpart, a
//! struct of its parameters (named, typed, with clinic's defaults) and a
//! `from_args` that converts them in clinic's order, so that a Rust
//! function reads like C's `_impl`:
//!
//! ```ignore
//! fn crc32(module: &Module<State>, args: &Args) -> PyResult<Owned> {
//!     let clinic::params::crc32 { data, crc } = clinic::params::crc32::from_args(args)?;
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One parameter of a `[clinic input]` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    /// The converter's name (`object`, `Py_ssize_t`, …).
    pub converter: String,
    /// The converter's arguments, as written between its parentheses.
    pub converter_args: String,
    /// The Python default, as written after `=`.
    pub default: Option<String>,
}

/// The parameters of each clinic function, by C function name.
pub fn parse_inputs(text: &str) -> BTreeMap<String, Vec<Param>> {
    let mut functions: BTreeMap<String, Vec<Param>> = BTreeMap::new();
    let mut by_python_name: BTreeMap<String, Vec<Param>> = BTreeMap::new();
    let mut rest = text;
    while let Some(at) = rest.find("[clinic input]") {
        rest = &rest[at + "[clinic input]".len()..];
        let Some(end) = rest.find("[clinic start generated code]") else { break };
        let block = &rest[..end];
        rest = &rest[end..];
        let mut lines = block.lines().skip_while(|line| line.trim().is_empty() || line.trim_start().starts_with('@'));
        let Some(header) = lines.next() else { continue };
        let header = header.split("->").next().unwrap_or("").trim();
        if header.starts_with("module ") || header.starts_with("class ") || header.is_empty() {
            continue;
        }
        // `name [as c_name] [= cloned.name]`
        let (declared, cloned) = match header.split_once('=') {
            Some((name, from)) => (name.trim(), Some(from.trim())),
            None => (header, None),
        };
        let (python_name, c_name) = match declared.split_once(" as ") {
            Some((name, c_name)) => (name.trim().to_owned(), c_name.trim().to_owned()),
            None => (declared.to_owned(), declared.replace('.', "_")),
        };
        let params = match cloned {
            Some(from) => match by_python_name.get(from) {
                Some(params) => params.clone(),
                None => continue,
            },
            None => parameters(lines),
        };
        by_python_name.insert(python_name, params.clone());
        functions.insert(c_name, params);
    }
    functions
}

/// The parameter lines: indented once, before the docstring (a line at
/// column 0); deeper lines are parameter docstrings; `/` and `*` markers are
/// skipped (the call's rules come from the wrapper).
fn parameters<'t>(lines: impl Iterator<Item = &'t str>) -> Vec<Param> {
    let mut params = Vec::new();
    for line in lines {
        if line.trim().is_empty() {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if indent == 0 {
            break;
        }
        let line = line.trim();
        if indent > 4 || line == "/" || line == "*" || line.starts_with('[') || line.starts_with(']') {
            continue;
        }
        let Some((name, spec)) = line.split_once(':') else { continue };
        let name = name.split(" as ").next().unwrap_or(name).trim().to_owned();
        let (spec, default) = match split_default(spec) {
            (spec, Some(default)) => (spec, Some(default.trim().to_owned())),
            (spec, None) => (spec, None),
        };
        let spec = spec.trim();
        let (converter, converter_args) = match spec.split_once('(') {
            Some((converter, args)) => (converter.trim().to_owned(), args.trim_end_matches(')').to_owned()),
            None => (spec.to_owned(), String::new()),
        };
        params.push(Param { name, converter, converter_args, default });
    }
    params
}

/// `spec = default`, the `=` outside the converter's parentheses and quotes.
fn split_default(spec: &str) -> (&str, Option<&str>) {
    let (mut depth, mut quote) = (0, None);
    for (i, c) in spec.char_indices() {
        match (c, quote) {
            ('\'' | '"', None) => quote = Some(c),
            (q, Some(open)) if q == open => quote = None,
            ('(' | '{' | '[', None) => depth += 1,
            (')' | '}' | ']', None) => depth -= 1,
            ('=', None) if depth == 0 => return (&spec[..i], Some(&spec[i + 1..])),
            _ => {}
        }
    }
    (spec, None)
}

/// A field's Rust type and the expression converting argument `index`, or
/// None when the converter has no Rust counterpart here.
fn field(param: &Param, index: usize) -> Option<(String, String)> {
    let default = param.default.as_deref();
    let args = param.converter_args.as_str();
    let int_default = |d: &str| d.trim_start_matches('-').chars().all(|c| c.is_ascii_digit()).then(|| d.to_owned());
    Some(match (param.converter.as_str(), args, default) {
        ("object", "", None) => ("&'a ::cpython_safe::object::PyAny".into(), format!("args.convert({index})?")),
        // NULL (absent) is None; an explicit None stays an argument.
        ("object", "", Some("NULL")) => ("Option<&'a ::cpython_safe::object::PyAny>".into(), format!("args.get({index})")),
        ("object", "", Some("None")) => {
            ("Option<&'a ::cpython_safe::object::PyAny>".into(), format!("args.get({index}).filter(|value| !value.is_none())"))
        }
        ("object", "subclass_of='&PyList_Type'", None) => ("&'a ::cpython_safe::object::PyList".into(), format!("args.convert({index})?")),
        ("object", a, Some(_)) if a.starts_with("c_default=") => {
            ("Option<&'a ::cpython_safe::object::PyAny>".into(), format!("args.get({index})"))
        }
        ("Py_ssize_t", a, Some("None")) if a.contains("NoneType") => {
            ("Option<isize>".into(), format!("args.convert_or({index}, None)?"))
        }
        ("Py_ssize_t", "", None) => ("isize".into(), format!("args.convert({index})?")),
        ("Py_ssize_t", "", Some(d)) => ("isize".into(), format!("args.convert_or({index}, {})?", int_default(d)?)),
        ("unicode", "", None) => ("&'a ::cpython_safe::object::PyStr".into(), format!("args.convert({index})?")),
        ("int", "", None) => ("i32".into(), format!("args.convert({index})?")),
        ("int", "", Some(d)) => ("i32".into(), format!("args.convert_or({index}, {})?", int_default(d)?)),
        ("bool", "", None) => ("bool".into(), format!("args.convert({index})?")),
        ("bool", "", Some(d @ ("True" | "False"))) => {
            ("bool".into(), format!("args.convert_or({index}, {})?", d.to_lowercase()))
        }
        ("double", "", None) => ("f64".into(), format!("args.convert({index})?")),
        ("double", "", Some(d)) if d.parse::<f64>().is_ok() && d.contains(['.', 'e']) => {
            ("f64".into(), format!("args.convert_or({index}, {d})?"))
        }
        ("Py_buffer", "", None) => ("::cpython_safe::buffer::BytesLike<'a>".into(), format!("args.convert({index})?")),
        ("unsigned_int", "bitwise=True", None) => ("u32".into(), format!("args.convert::<::cpython_safe::call::BitwiseU32>({index})?.0")),
        ("unsigned_int", "bitwise=True", Some(d)) => (
            "u32".into(),
            format!("args.convert_or({index}, ::cpython_safe::call::BitwiseU32({}))?.0", int_default(d)?),
        ),
        ("unsigned_short", "", None) => ("u16".into(), format!("args.convert::<::cpython_safe::call::UnsignedShort>({index})?.0")),
        ("unsigned_long", "", None) => {
            ("::core::ffi::c_ulong".into(), format!("args.convert::<::cpython_safe::call::UnsignedLong>({index})?.0"))
        }
        ("fildes", "", None) => {
            ("::core::ffi::c_int".into(), format!("args.convert::<::cpython_safe::call::FileDescriptor>({index})?.0"))
        }
        ("Py_complex", "", None) => ("::cpython_safe::object::Complex".into(), format!("args.convert({index})?")),
        // binascii's own converter, the crate's function of that name.
        ("ascii_buffer", "", None) => {
            ("::cpython_safe::buffer::BytesLike<'a>".into(), format!("crate::ascii_buffer(args, {index})?"))
        }
        _ => return None,
    })
}

/// Rust's keywords that a C parameter name can be.
fn ident(name: &str) -> String {
    match name {
        "type" | "match" | "mod" | "ref" | "move" | "loop" | "impl" | "fn" | "use" | "where" | "box" | "async" => {
            format!("r#{name}")
        }
        _ => name.to_owned(),
    }
}

/// The `params` struct of one function, or None if a converter has no Rust
/// counterpart (the function then converts its arguments itself).
pub fn rust_struct(name: &str, params: &[Param]) -> Option<String> {
    let params: Vec<&Param> = params.iter().filter(|p| p.converter != "self" && p.converter != "defining_class").collect();
    let fields: Vec<(String, String, String)> = params
        .iter()
        .enumerate()
        .map(|(index, param)| field(param, index).map(|(ty, expr)| (ident(&param.name), ty, expr)))
        .collect::<Option<_>>()?;
    if fields.is_empty() {
        return None;
    }
    let lifetime = fields.iter().any(|(_, ty, _)| ty.contains("'a"));
    let generics = if lifetime { "<'a>" } else { "" };
    let mut out = String::new();
    writeln!(out, "    /// `{name}`'s parameters, converted in clinic's order with clinic's defaults.").unwrap();
    writeln!(out, "    pub struct {name}{generics} {{").unwrap();
    for (field, ty, _) in &fields {
        writeln!(out, "        pub {field}: {ty},").unwrap();
    }
    writeln!(out, "    }}").unwrap();
    let args_lifetime = if lifetime { "'a" } else { "'_" };
    writeln!(out, "    impl{generics} {name}{generics} {{").unwrap();
    writeln!(out, "        #[inline(always)]").unwrap();
    writeln!(
        out,
        "        pub fn from_args(args: &::cpython_safe::call::Args<{args_lifetime}>) -> ::cpython_safe::boundary::PyResult<Self> {{"
    )
    .unwrap();
    writeln!(out, "            Ok({name} {{").unwrap();
    for (field, _, expr) in &fields {
        writeln!(out, "                {field}: {expr},").unwrap();
    }
    writeln!(out, "            }})\n        }}\n    }}").unwrap();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
/*[clinic input]
module mod
[clinic start generated code]*/
/*[clinic input]
mod.search -> Py_ssize_t

    a: object
    x: object
    lo: Py_ssize_t = 0
    hi: Py_ssize_t(c_default='-1', accept={int, NoneType}) = None
        The end (default len(a)).
    *
    key: object = None

Search.
[clinic start generated code]*/
/*[clinic input]
mod.other = mod.search
[clinic start generated code]*/
/*[clinic input]
@classmethod
mod.Thing.crc as mod_crc_impl
    data: Py_buffer
    crc: unsigned_int(bitwise=True) = 0
    flag: bool = True
    /
[clinic start generated code]*/
/*[clinic input]
mod.custom
    data: unknown_converter
[clinic start generated code]*/
/*[clinic input]
mod.decode
    data: ascii_buffer
    sep: object = NULL
[clinic start generated code]*/
"#;

    #[test]
    fn parses_parameters_clones_and_names() {
        let inputs = parse_inputs(SAMPLE);
        let search = &inputs["mod_search"];
        assert_eq!(search.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["a", "x", "lo", "hi", "key"]);
        assert_eq!(search[3].converter, "Py_ssize_t");
        assert_eq!(search[3].converter_args, "c_default='-1', accept={int, NoneType}");
        assert_eq!(search[3].default.as_deref(), Some("None"));
        assert_eq!(inputs["mod_other"], *search);
        assert_eq!(inputs["mod_crc_impl"].len(), 3);
    }

    #[test]
    fn structs_convert_in_order_with_defaults() {
        let inputs = parse_inputs(SAMPLE);
        let search = rust_struct("search", &inputs["mod_search"]).unwrap();
        let order: Vec<usize> = ["a: args", "x: args", "lo: args", "hi: args", "key: args"]
            .iter()
            .map(|field| search.find(field).unwrap())
            .collect();
        assert!(order.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(search.contains("lo: args.convert_or(2, 0)?"));
        assert!(search.contains("hi: Option<isize>"));
        assert!(search.contains("key: args.get(4).filter(|value| !value.is_none())"));
        let crc = rust_struct("crc", &inputs["mod_crc_impl"]).unwrap();
        assert!(crc.contains("crc: args.convert_or(1, ::cpython_safe::call::BitwiseU32(0))?.0"));
        assert!(crc.contains("flag: args.convert_or(2, true)?"));
        let decode = rust_struct("decode", &inputs["mod_decode"]).unwrap();
        assert!(decode.contains("data: crate::ascii_buffer(args, 0)?"));
        assert!(decode.contains("sep: args.get(1),"));
        // A converter without a Rust counterpart: no struct.
        assert!(rust_struct("custom", &inputs["mod_custom"]).is_none());
    }
}
