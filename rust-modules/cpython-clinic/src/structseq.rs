//! Struct sequence types (`PyStructSequence_NewType`): each
//! `PyStructSequence_Desc` of the C file with the `PyStructSequence_Field`
//! array it names, so the Rust module creates a type with the tree's own
//! name, docstrings, fields and `n_in_sequence`.
//!
//! A description written in a form this reader does not know (an unnamed
//! field, a count that is not a number) is left out: a module crate that
//! wants it fails to compile, naming it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::{c_string_literals, is_ident, split_arguments};

/// One `PyStructSequence_Field`: its name and docstring (`None` for NULL).
#[derive(Debug, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub doc: Option<String>,
}

/// One `PyStructSequence_Desc`, with its fields resolved.
#[derive(Debug, PartialEq, Eq)]
pub struct StructSeq {
    /// The C variable of the description.
    pub ident: String,
    pub name: String,
    pub doc: Option<String>,
    pub fields: Vec<Field>,
    pub n_in_sequence: usize,
}

/// Every description in `text` whose parts this reader understands;
/// `docs` resolves a docstring named by its `PyDoc_STRVAR`.
pub fn parse(text: &str, docs: &BTreeMap<String, String>) -> Vec<StructSeq> {
    let field_arrays = field_arrays(text);
    definitions(text, "PyStructSequence_Desc", "= {")
        .filter_map(|(ident, body)| {
            let items = initializer_items(&body)?;
            let value = |position: usize, designator: &str| -> Option<&str> {
                let designated = items.iter().find_map(|item| {
                    let (key, value) = item.split_once('=')?;
                    (key.trim() == designator).then(|| value.trim())
                });
                designated.or_else(|| items.get(position).copied().filter(|item| !item.starts_with('.')))
            };
            let (name, rest) = c_string_literals(value(0, ".name")?).ok()?;
            if !rest.trim().is_empty() {
                return None;
            }
            let doc = match value(1, ".doc") {
                None | Some("NULL" | "0") => None,
                Some(doc) if doc.starts_with('"') => Some(c_string_literals(doc).ok()?.0),
                Some(doc) => Some(docs.get(doc)?.clone()),
            };
            let fields = field_arrays.get(value(2, ".fields")?)?.as_ref().ok()?;
            let n_in_sequence = value(3, ".n_in_sequence")?.parse().ok()?;
            let fields = fields.iter().map(|(name, doc)| Field { name: name.clone(), doc: doc.clone() }).collect();
            Some(StructSeq { ident, name, doc, fields, n_in_sequence })
        })
        .collect()
}

/// The `PyStructSequence_Field name[] = { ... };` arrays by name: the
/// fields before the `{0}` / `{NULL}` sentinel, or `Err` for an array
/// this reader does not understand.
type FieldArray = Result<Vec<(String, Option<String>)>, ()>;

fn field_arrays(text: &str) -> BTreeMap<String, FieldArray> {
    definitions(text, "PyStructSequence_Field", "[] = {")
        .map(|(ident, body)| {
            let mut fields = Vec::new();
            let mut rest = body.as_str();
            let array = loop {
                let Some(open) = rest.find('{') else { break Err(()) };
                let Ok((parts, after)) = split_arguments(&rest[open + 1..], '}') else { break Err(()) };
                rest = after;
                match parts[..] {
                    ["0" | "NULL"] | ["NULL", "NULL"] | ["0", "0"] => break Ok(fields),
                    [name, doc] => {
                        let Ok((name, _)) = c_string_literals(name) else { break Err(()) };
                        let doc = match doc {
                            "NULL" | "0" => None,
                            doc => match c_string_literals(doc) {
                                Ok((doc, _)) => Some(doc),
                                Err(_) => break Err(()),
                            },
                        };
                        fields.push((name, doc));
                    }
                    _ => break Err(()),
                }
            };
            (ident, array)
        })
        .collect()
}

/// The definitions `<type> ident<opening> ... };` in `text`, as the
/// identifier and the initializer's text after `opening` up to its `}`,
/// comments removed.
fn definitions<'t>(text: &'t str, type_name: &'t str, opening: &'t str) -> impl Iterator<Item = (String, String)> + 't {
    let head = format!("{type_name} ");
    let mut rest = text;
    core::iter::from_fn(move || loop {
        let at = rest.find(&head)?;
        rest = &rest[at + head.len()..];
        let Some(open) = rest.find(opening) else { continue };
        let ident = rest[..open].trim();
        if !is_ident(ident) {
            continue; // a declaration, a parameter or a pointer
        }
        let body = &rest[open + opening.len()..];
        let Some(end) = body.find("};") else { continue };
        return Some((ident.to_owned(), without_comments(&body[..=end])));
    })
}

/// The comma-separated items of an initializer's text (up to its `}`).
fn initializer_items(body: &str) -> Option<Vec<&str>> {
    let (items, _) = split_arguments(body, '}').ok()?;
    Some(items.into_iter().filter(|item| !item.is_empty()).collect())
}

/// `text` without its C comments (strings kept as they are).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let (mut in_string, mut escaped) = (false, false);
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('*')) => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                out.push(' ');
            }
            ('/', Some('/')) => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
                out.push('\n');
            }
            _ => out.push(c),
        }
    }
    out
}

/// The Rust `static` of each description (`cpython_safe::class::structseq::Desc`).
pub fn to_rust(struct_seqs: &[StructSeq]) -> String {
    let mut out = String::new();
    let c_option = |text: &Option<String>| text.as_ref().map_or("None".to_owned(), |text| format!("Some(c{text:?})"));
    for seq in struct_seqs {
        let fields: Vec<String> = seq
            .fields
            .iter()
            .map(|field| format!("::cpython_safe::class::structseq::Field {{ name: c{:?}, doc: {} }}", field.name, c_option(&field.doc)))
            .collect();
        writeln!(
            out,
            "pub static {}: ::cpython_safe::class::structseq::Desc = ::cpython_safe::class::structseq::Desc {{ \
             name: c{:?}, doc: {}, fields: &[{}], n_in_sequence: {} }};",
            seq.ident,
            seq.name,
            c_option(&seq.doc),
            fields.join(", "),
            seq.n_in_sequence
        )
        .unwrap();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
static PyStructSequence_Field struct_x_fields[] = {
    {"x_a",        "first, of all"},   /* a comment */
    {"x_b",        NULL},
    {0}
};

PyDoc_STRVAR(struct_x__doc__, "m.struct_x: the {x}.\n\n\
Second line.");

static PyStructSequence_Desc struct_x_desc = {
    "m.struct_x",           /* name */
    struct_x__doc__,        /* doc */
    struct_x_fields,        // fields
    1
};

static PyStructSequence_Desc designated_desc = {
    .name = "m.designated",
    .doc = "Literal.",
    .fields = struct_x_fields,
    .n_in_sequence = 2,
};

static PyStructSequence_Field unnamed_fields[] = {
    {PyStructSequence_UnnamedField, "hidden"},
    {NULL, NULL}
};
static PyStructSequence_Desc unnamed_desc = {"m.unnamed", NULL, unnamed_fields, 1};
PyTypeObject *f(PyStructSequence_Desc *desc);
"#;

    #[test]
    fn parses_descriptions_and_fields() {
        let clinic = crate::Clinic::parse(SAMPLE).unwrap();
        let x_fields = vec![
            Field { name: "x_a".into(), doc: Some("first, of all".into()) },
            Field { name: "x_b".into(), doc: None },
        ];
        assert_eq!(
            clinic.struct_seqs,
            [
                StructSeq {
                    ident: "struct_x_desc".into(),
                    name: "m.struct_x".into(),
                    doc: Some("m.struct_x: the {x}.\n\nSecond line.".into()),
                    fields: x_fields,
                    n_in_sequence: 1,
                },
                StructSeq {
                    ident: "designated_desc".into(),
                    name: "m.designated".into(),
                    doc: Some("Literal.".into()),
                    fields: vec![
                        Field { name: "x_a".into(), doc: Some("first, of all".into()) },
                        Field { name: "x_b".into(), doc: None },
                    ],
                    n_in_sequence: 2,
                },
            ],
            "the unnamed field is left out"
        );
        let rust = clinic.to_rust("m_");
        assert!(rust.contains(
            "pub static struct_x_desc: ::cpython_safe::class::structseq::Desc = ::cpython_safe::class::structseq::Desc { \
             name: c\"m.struct_x\", doc: Some(c\"m.struct_x: the {x}.\\n\\nSecond line.\"), fields: &[\
             ::cpython_safe::class::structseq::Field { name: c\"x_a\", doc: Some(c\"first, of all\") }, \
             ::cpython_safe::class::structseq::Field { name: c\"x_b\", doc: None }], n_in_sequence: 1 };"
        ));
    }
}
