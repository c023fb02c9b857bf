//! The encoder: the `make_encoder` class, whose call encodes a whole value
//! into one Rust buffer and makes one `str` of it.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use cpython_safe::class::{Instance, PyClass};
use cpython_safe::module::ModuleDef;
use cpython_safe::prelude::*;
use cpython_safe::{arg_buffer, PyDict, RecursionGuard};

use crate::clinic as crate_clinic;
use crate::text::{push_float_repr, push_i64, TextBuf};
use crate::{type_name, State, MODULE};

/// How strings are encoded: by the module's own `encode_basestring(_ascii)`
/// without calling it, or by calling the `encoder` given.
#[derive(Clone, Copy, PartialEq, Eq)]
enum StringEncoding {
    Ascii,
    Unicode,
    Call,
}

/// An instance of `_json.Encoder` (`make_encoder`).
pub(crate) struct Encoder {
    markers: Owned,
    default: Owned,
    encoder: Owned,
    indent: Owned,
    key_separator: Owned<PyStr>,
    item_separator: Owned<PyStr>,
    sort_keys: bool,
    skipkeys: bool,
    allow_nan: bool,
    strings: StringEncoding,
}

impl PyClass for Encoder {
    type State = State;

    fn module_def() -> &'static ModuleDef<State> {
        &MODULE
    }

    fn new(cls: &PyType, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<Self> {
        let mut buf = arg_buffer();
        let args =
            Args::from_tuple(&crate::signatures::make_encoder, &crate::signatures::MAKE_ENCODER, args, kwargs, &mut buf)?;
        let str_arg = |index: usize| -> PyResult<Owned<PyStr>> {
            let obj: &PyAny = args.convert(index)?;
            match obj.downcast::<PyStr>() {
                Some(text) => Ok(Owned::from_ref(text)),
                None => Err(exc::type_error(&format!(
                    "make_encoder() argument {} must be str, not {}",
                    index + 1,
                    type_name(obj, 50)
                ))),
            }
        };
        let (markers, default, encoder, indent): (&PyAny, &PyAny, &PyAny, &PyAny) =
            (args.convert(0)?, args.convert(1)?, args.convert(2)?, args.convert(3)?);
        let (key_separator, item_separator) = (str_arg(4)?, str_arg(5)?);
        let (sort_keys, skipkeys, allow_nan): (bool, bool, bool) = (args.convert(6)?, args.convert(7)?, args.convert(8)?);
        if !markers.is_none() && markers.downcast::<PyDict>().is_none() {
            return Err(exc::type_error(&format!(
                "make_encoder() argument 1 must be dict or None, not {}",
                type_name(markers, 200)
            )));
        }
        let state = Instance::<Encoder>::class_state(cls)?;
        let strings = if encoder.is(&state.encode_basestring_ascii) {
            StringEncoding::Ascii
        } else if encoder.is(&state.encode_basestring) {
            StringEncoding::Unicode
        } else {
            StringEncoding::Call
        };
        Ok(Encoder {
            markers: markers.to_owned(),
            default: default.to_owned(),
            encoder: encoder.to_owned(),
            indent: indent.to_owned(),
            key_separator,
            item_separator,
            sort_keys,
            skipkeys,
            allow_nan,
            strings,
        })
    }

    const HAS_CALL: bool = true;

    /// `_iterencode(obj, _current_indent_level)`: a 1-tuple of the JSON text.
    fn call(this: &Instance<Self>, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<Owned> {
        let mut buf = arg_buffer();
        let args = Args::from_tuple(&crate::signatures::iterencode, &crate::signatures::ITERENCODE, args, kwargs, &mut buf)?;
        let (obj, indent_level): (&PyAny, isize) = (args.convert(0)?, args.convert(1)?);
        let encoder = this.value();
        let mut call = Call {
            encoder,
            out: TextBuf::reuse(),
            markers: (!encoder.markers.is_none()).then(HashSet::default),
            indent: None,
        };
        if !encoder.indent.is_none() {
            call.indent = Some(Indent::new(&encoder.indent, indent_level)?);
        }
        call.encode(obj, 0)?;
        let text = call.out.finish_and_recycle()?;
        Ok(PyTuple::from_items(std::iter::once(Ok(text.into_any())))?.into_any())
    }

    const HAS_GC: bool = true;

    fn traverse(&self, visitor: &mut Visitor<'_>) -> Visit {
        visitor.visit(&self.markers)?;
        visitor.visit(&self.default)?;
        visitor.visit(&self.encoder)?;
        visitor.visit(&self.indent)?;
        visitor.visit(&self.key_separator)?;
        visitor.visit(&self.item_separator)
    }
}

/// The indentation of pretty-printed output: a newline, then the indent
/// string once per level (from the call's `_current_indent_level`).
struct Indent {
    /// The indent as given; C concatenates it to the newline, so an indent
    /// that is not a str fails when the first container is opened.
    indent: Owned,
    base_level: usize,
}

impl Indent {
    fn new(indent: &PyAny, level: isize) -> PyResult<Indent> {
        if level > 0 && indent.downcast::<PyStr>().is_none() {
            // C builds "\n" + indent * level here, with that error.
            PyStr::concat(&*PyStr::new("\n")?, &*indent.repeat(level)?)?;
        }
        Ok(Indent { indent: indent.to_owned(), base_level: level.max(0) as usize })
    }

    /// Checks the indent is a str, as C's concatenation does.
    fn text(&self) -> PyResult<&PyStr> {
        match self.indent.downcast::<PyStr>() {
            Some(text) => Ok(text),
            None => Err(PyStr::concat(&*PyStr::new("\n")?, &self.indent).err().expect("str + non-str raises")),
        }
    }
}

/// A hasher for object addresses (already well spread but for their low
/// alignment bits).
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only addresses are hashed")
    }
    fn write_usize(&mut self, address: usize) {
        self.0 = (address as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(26);
    }
}

/// One call of the encoder: the output and the containers being encoded.
struct Call<'a> {
    encoder: &'a Encoder,
    out: TextBuf,
    /// Addresses of the containers (and objects given to `default`) being
    /// encoded, when `markers` is not None: meeting one again is a cycle.
    markers: Option<HashSet<usize, BuildHasherDefault<AddressHasher>>>,
    indent: Option<Indent>,
}

/// Leaves a marked object when dropped... by the caller, explicitly (an
/// error leaves it marked, as C leaves it in its dict).
impl Call<'_> {
    fn enter(&mut self, obj: &PyAny) -> PyResult<usize> {
        let address = obj.as_ptr() as usize;
        if let Some(markers) = &mut self.markers {
            if !markers.insert(address) {
                return Err(exc::value_error("Circular reference detected"));
            }
        }
        Ok(address)
    }

    fn leave(&mut self, address: usize) {
        if let Some(markers) = &mut self.markers {
            markers.remove(&address);
        }
    }

    /// A newline and the indent for nesting `level` (pretty printing only).
    fn newline_indent(&mut self, level: usize) -> PyResult<()> {
        if let Some(indent) = &self.indent {
            let text = indent.text()?;
            self.out.push_ascii(b"\n");
            for _ in 0..indent.base_level + level {
                self.out.push_str(text);
            }
        }
        Ok(())
    }

    fn encode(&mut self, obj: &PyAny, level: usize) -> PyResult<()> {
        if obj.is_none() {
            self.out.push_ascii(b"null");
        } else if obj.is_bool() {
            self.out.push_ascii(if obj.is_true()? { b"true" } else { b"false" });
        } else if let Some(text) = obj.downcast::<PyStr>() {
            self.encode_string(text)?;
        } else if let Some(int) = obj.downcast::<PyInt>() {
            self.encode_int(int)?;
        } else if let Some(float) = obj.downcast::<PyFloat>() {
            self.encode_float(float)?;
        } else if obj.downcast::<PyList>().is_some() || obj.downcast::<PyTuple>().is_some() {
            let _depth = RecursionGuard::enter(c" while encoding a JSON object")?;
            // Exact lists and tuples in place, subclasses through their
            // iterator (C's PySequence_Fast).
            let fast = obj.sequence_fast(c"_iterencode_list needs a sequence")?;
            let items = match fast.downcast::<PyList>() {
                Some(list) => ListItems::List(list),
                None => ListItems::Tuple(fast.downcast::<PyTuple>().expect("a list or a tuple")),
            };
            self.encode_list(obj, items, level)?;
        } else if let Some(dict) = obj.downcast::<PyDict>() {
            let _depth = RecursionGuard::enter(c" while encoding a JSON object")?;
            self.encode_dict(dict, level)?;
        } else {
            let marker = self.enter(obj)?;
            let replacement = self.encoder.default.call1(obj)?;
            {
                let _depth = RecursionGuard::enter(c" while encoding a JSON object")?;
                self.encode(&replacement, level)?;
            }
            self.leave(marker);
        }
        Ok(())
    }

    fn encode_string(&mut self, text: &PyStr) -> PyResult<()> {
        match self.encoder.strings {
            StringEncoding::Ascii => self.out.push_json_string(text.data(), true),
            StringEncoding::Unicode => self.out.push_json_string(text.data(), false),
            StringEncoding::Call => {
                let encoded = self.encoder.encoder.call1(text)?;
                let Some(encoded) = encoded.downcast::<PyStr>() else {
                    return Err(exc::type_error(&format!(
                        "encoder() must return a string, not {}",
                        type_name(&encoded, 80)
                    )));
                };
                self.out.push_str(encoded);
            }
        }
        Ok(())
    }

    /// `int.__repr__`, whatever a subclass overrides.
    fn encode_int(&mut self, int: &PyInt) -> PyResult<()> {
        match int.to_c_longlong_or_overflow()? {
            Ok(value) => push_i64(&mut self.out, value),
            Err(_) => self.out.push_str(&*int.int_repr()?),
        }
        Ok(())
    }

    /// `float.__repr__`, whatever a subclass overrides; non-finite values
    /// as JavaScript names if `allow_nan`.
    fn encode_float(&mut self, float: &PyFloat) -> PyResult<()> {
        let value = float.value();
        if value.is_finite() {
            return push_float_repr(&mut self.out, value);
        }
        if !self.encoder.allow_nan {
            let prefix = PyStr::new("Out of range float values are not JSON compliant: ")?;
            let message = PyStr::concat(&prefix, &*float.repr()?)?;
            return Err(PyErr::set_object(exc::ValueError(), &message));
        }
        self.out.push_ascii(match value {
            v if v > 0.0 => b"Infinity",
            v if v < 0.0 => b"-Infinity",
            _ => b"NaN",
        });
        Ok(())
    }

    fn encode_list(&mut self, obj: &PyAny, items: ListItems, level: usize) -> PyResult<()> {
        if items.len() == 0 {
            self.out.push_ascii(b"[]");
            return Ok(());
        }
        let marker = self.enter(obj)?;
        self.out.push_ascii(b"[");
        self.newline_indent(level + 1)?;
        let mut index = 0;
        // A list may shrink while its items are encoded (by `default`).
        while let Some(item) = items.get(index) {
            if index > 0 {
                self.out.push_str(&self.encoder.item_separator);
                self.newline_indent(level + 1)?;
            }
            self.encode(&item, level + 1)?;
            index += 1;
        }
        self.leave(marker);
        self.newline_indent(level)?;
        self.out.push_ascii(b"]");
        Ok(())
    }

    fn encode_dict(&mut self, dict: &PyDict, level: usize) -> PyResult<()> {
        if dict.is_empty() {
            self.out.push_ascii(b"{}");
            return Ok(());
        }
        let marker = self.enter(dict)?;
        self.out.push_ascii(b"{");
        if let Some(indent) = &self.indent {
            // C joins the newline and the indent here.
            indent.text()?;
        }
        let mut first = true;
        if self.encoder.sort_keys || !dict.is_exact() {
            let items = PyDict::mapping_items(dict)?;
            if self.encoder.sort_keys {
                items.sort()?;
            }
            let mut index = 0;
            while let Some(item) = items.get(index) {
                let pair = item.downcast::<PyTuple>().filter(|pair| pair.len() == 2);
                let Some(pair) = pair else {
                    return Err(exc::value_error("items must return 2-tuples"));
                };
                let (key, value) = (pair.get(0).expect("a pair"), pair.get(1).expect("a pair"));
                self.encode_key_value(key, value, &mut first, level)?;
                index += 1;
            }
        } else {
            for (key, value) in dict.iter() {
                self.encode_key_value(&key, &value, &mut first, level)?;
            }
        }
        self.leave(marker);
        if !first {
            self.newline_indent(level)?;
        }
        self.out.push_ascii(b"}");
        Ok(())
    }

    fn encode_key_value(&mut self, key: &PyAny, value: &PyAny, first: &mut bool, level: usize) -> PyResult<()> {
        // The key as text: a str as is, other scalars as in values.
        let key_text: Key = if let Some(text) = key.downcast::<PyStr>() {
            Key::Str(text)
        } else if let Some(float) = key.downcast::<PyFloat>() {
            Key::Text(self.scalar_text(|call| call.encode_float(float))?)
        } else if key.is_none() || key.is_bool() {
            Key::Ascii(match key.is_none() {
                true => b"null",
                false if key.is_true()? => b"true",
                false => b"false",
            })
        } else if let Some(int) = key.downcast::<PyInt>() {
            Key::Text(self.scalar_text(|call| call.encode_int(int))?)
        } else if self.encoder.skipkeys {
            return Ok(());
        } else {
            return Err(exc::type_error(&format!(
                "keys must be str, int, float, bool or None, not {}",
                type_name(key, 100)
            )));
        };
        if *first {
            *first = false;
        } else {
            self.out.push_str(&self.encoder.item_separator);
        }
        self.newline_indent(level + 1)?;
        match key_text {
            Key::Str(text) => self.encode_string(text)?,
            Key::Ascii(text) if self.encoder.strings != StringEncoding::Call => {
                self.out.push_ascii(b"\"");
                self.out.push_ascii(text);
                self.out.push_ascii(b"\"");
            }
            Key::Text(TextBuf::Ucs1(text)) if self.encoder.strings != StringEncoding::Call => {
                self.out.push_ascii(b"\"");
                self.out.push_ascii(&text);
                self.out.push_ascii(b"\"");
            }
            Key::Ascii(text) => self.encode_string(&*PyStr::from_ucs1(text)?)?,
            Key::Text(text) => self.encode_string(&*text.finish()?)?,
        }
        self.out.push_str(&self.encoder.key_separator);
        self.encode(value, level + 1)
    }

    /// The text a scalar encodes to, written apart from the output.
    fn scalar_text(&mut self, write: impl FnOnce(&mut Self) -> PyResult<()>) -> PyResult<TextBuf> {
        let output = std::mem::replace(&mut self.out, TextBuf::new());
        let written = write(self);
        let text = std::mem::replace(&mut self.out, output);
        written.map(|()| text)
    }
}

/// A dict key, as text to encode as a JSON string.
enum Key<'a> {
    Str(&'a PyStr),
    Ascii(&'static [u8]),
    Text(TextBuf),
}

/// The items of a list or tuple (the list read by index each time).
enum ListItems<'a> {
    List(&'a PyList),
    Tuple(&'a PyTuple),
}

impl ListItems<'_> {
    fn len(&self) -> usize {
        match self {
            ListItems::List(list) => list.len(),
            ListItems::Tuple(tuple) => tuple.len(),
        }
    }

    fn get(&self, index: usize) -> Option<Owned> {
        match self {
            ListItems::List(list) => list.get(index),
            ListItems::Tuple(tuple) => tuple.get(index).map(PyAny::to_owned),
        }
    }
}

cpython_safe::class! {
    pub(crate) static ENCODER: Encoder = class c"_json.Encoder" from crate_clinic {
        doc: crate_clinic::encoder_doc,
        subclassable: false,
        methods: [],
        members: [
            markers: Some(c"markers"),
            default: Some(c"default"),
            encoder: Some(c"encoder"),
            indent: Some(c"indent"),
            key_separator: Some(c"key_separator"),
            item_separator: Some(c"item_separator"),
            sort_keys: Some(c"sort_keys"),
            skipkeys: Some(c"skipkeys"),
        ],
    }
}
