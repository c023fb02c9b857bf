//! The encoder: the `make_encoder` class, whose call encodes a whole value
//! into one Rust buffer and makes one `str` of it.

use cpython_safe::class::{Instance, PyClass};
use cpython_safe::module::ModuleDef;
use cpython_safe::prelude::*;
use cpython_safe::alloc::TryGrow;
use cpython_safe::boundary::RecursionGuard;
use cpython_safe::call::arg_buffer;
use cpython_safe::object::{PyDict, StrData};
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use crate::clinic as crate_clinic;
use crate::text::{push_float_repr, push_i64, TextBuf};
use crate::{wrong_type, State, MODULE};

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
        let args = Args::from_tuple(&crate::signatures::MAKE_ENCODER, args, kwargs, &mut buf)?;
        // C's messages cut the type name at 50 bytes (`U`) or 200 (its own check).
        let str_arg = |index: usize| -> PyResult<Owned<PyStr>> {
            let obj: &PyAny = args.convert(index)?;
            let must_be = || wrong_type(obj, &format!("make_encoder() argument {} must be str", index + 1), 50);
            obj.downcast::<PyStr>().map(Owned::from_ref).ok_or_else(must_be)
        };
        let (markers, default, encoder, indent): (&PyAny, &PyAny, &PyAny, &PyAny) =
            (args.convert(0)?, args.convert(1)?, args.convert(2)?, args.convert(3)?);
        let (key_separator, item_separator) = (str_arg(4)?, str_arg(5)?);
        let (sort_keys, skipkeys, allow_nan): (bool, bool, bool) = (args.convert(6)?, args.convert(7)?, args.convert(8)?);
        if !markers.is_none() && markers.downcast::<PyDict>().is_none() {
            return Err(wrong_type(markers, "make_encoder() argument 1 must be dict or None", 200));
        }
        let state = Instance::<Encoder>::class_state(cls)?;
        let strings = match encoder {
            _ if encoder.is(&state.encode_basestring_ascii) => StringEncoding::Ascii,
            _ if encoder.is(&state.encode_basestring) => StringEncoding::Unicode,
            _ => StringEncoding::Call,
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
        let py = this.py();
        let mut buf = arg_buffer();
        let args = Args::from_tuple(&crate::signatures::ITERENCODE, args, kwargs, &mut buf)?;
        let (obj, indent_level): (&PyAny, isize) = (args.convert(0)?, args.convert(1)?);
        let encoder = this.value();
        let markers = encoder.markers.downcast::<PyDict>();
        let mut call = Call {
            encoder,
            out: TextBuf::new(),
            markers,
            unseen: markers.is_some_and(PyDict::is_empty),
            pending: Vec::new(),
            pending_addresses: HashSet::default(),
            indent: (!encoder.indent.is_none()).then(|| Indent::new(&encoder.indent, indent_level)).transpose()?,
        };
        if let Err(err) = call.encode(obj, 0) {
            // C leaves the containers being encoded filed.
            return Err(err.after_cleanup(|| call.before_python()));
        }
        let text = call.out.finish(py)?;
        Ok(PyTuple::from_items(py, std::iter::once(Ok(text.into_any())))?.into_any())
    }

    const HAS_GC: bool = true;
}

cpython_safe::traverse!(Encoder: markers, default, encoder, indent, key_separator, item_separator);

/// The indentation of pretty-printed output: a newline, then the indent
/// string once per level (from the call's `_current_indent_level`).
struct Indent {
    /// The indent as given; C concatenates it to the newline, so an indent
    /// that is not a str fails when the first container is opened.
    indent: Owned,
    base_level: usize,
    /// A newline and the indent repeated for the deepest level so far:
    /// every level's line start is a prefix of it (C keeps one string per
    /// level; rebuilding it per container would cost the depth each time).
    lines: TextBuf,
}

impl Indent {
    fn new(indent: &PyAny, level: isize) -> PyResult<Indent> {
        let py = indent.py();
        let mut lines = TextBuf::new();
        if level == 0 {
            lines.push_ascii(py, b"\n")?;
        } else {
            // C builds "\n" + indent * level here, with its errors.
            lines.push_str(&*PyStr::concat(&*PyStr::new(py, "\n")?, &*indent.repeat(level)?)?)?;
        }
        Ok(Indent { indent: indent.to_owned(), base_level: level.max(0) as usize, lines })
    }

    /// Checks the indent is a str, as C's concatenation does.
    fn text(indent: &PyAny) -> PyResult<&PyStr> {
        match indent.downcast::<PyStr>() {
            Some(text) => Ok(text),
            None => Err(PyStr::concat(&*PyStr::new(indent.py(), "\n")?, indent).err().expect("str + non-str raises")),
        }
    }

    /// Writes a newline and the indent for nesting `level` to `out`.
    fn write(&mut self, out: &mut TextBuf, level: usize) -> PyResult<()> {
        let text = Indent::text(&self.indent)?;
        let units = 1 + text.len() * (self.base_level + level);
        while self.lines.len() < units {
            self.lines.push_str(text)?;
        }
        out.push_prefix(text.py(), &self.lines, units)
    }
}

/// One call of the encoder: the output, and C's circular-reference check.
struct Call<'a> {
    encoder: &'a Encoder,
    out: TextBuf,
    /// The caller's `markers` dict (None: no check): `id()` of each
    /// container (and object given to `default`) being encoded, mapped to
    /// the object, as in C; meeting one again is a cycle.
    markers: Option<&'a PyDict>,
    /// Whether no Python code can have seen `markers` since the call began
    /// with it empty.  Its content is then known without looking: the
    /// containers in `pending`, which are filed in it (in order, as C
    /// files them) only before Python code could see it ([`before_python`]),
    /// sparing the dict operations (an int made and three lookups per
    /// container) for the common case of no hook.
    ///
    /// [`before_python`]: Call::before_python
    unseen: bool,
    pending: Vec<Owned>,
    /// The addresses of the `pending` containers, for the cycle check.
    pending_addresses: HashSet<usize, BuildHasherDefault<AddressHasher>>,
    indent: Option<Indent>,
}

/// Hashes an object's address with one multiplication (Fibonacci hashing),
/// taking the well-mixed high bits; SipHash would cost more than the rest
/// of a nesting level.
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn write(&mut self, _: &[u8]) {
        unreachable!("only addresses are hashed")
    }

    fn write_usize(&mut self, address: usize) {
        self.0 = (address as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(32);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

const ENCODING: &core::ffi::CStr = c" while encoding a JSON object";

impl Call<'_> {
    /// Files `obj` in `markers` while it is encoded (Circular reference
    /// if it is there already).
    fn enter(&mut self, obj: &PyAny) -> PyResult<()> {
        let Some(markers) = self.markers else {
            return Ok(());
        };
        let py = obj.py();
        if self.unseen {
            self.pending.try_grow(py, 1)?;
            self.pending_addresses.try_reserve(1).map_err(|_| exc::no_memory(py))?;
            if !self.pending_addresses.insert(obj.as_ptr() as usize) {
                return Err(exc::value_error(py, "Circular reference detected"));
            }
            self.pending.push(obj.to_owned());
            return Ok(());
        }
        let ident = obj.identity()?;
        if markers.contains(&ident)? {
            return Err(exc::value_error(py, "Circular reference detected"));
        }
        markers.set_item(&ident, obj)
    }

    /// Removes an object filed by `enter` (KeyError if a hook removed it,
    /// as in C; an error on the way leaves it filed, as C does).
    fn leave(&mut self, obj: &PyAny) -> PyResult<()> {
        let Some(markers) = self.markers else {
            return Ok(());
        };
        if self.unseen {
            self.pending.pop();
            self.pending_addresses.remove(&(obj.as_ptr() as usize));
            return Ok(());
        }
        markers.del_item(&*obj.identity()?)
    }

    /// Files the pending containers in `markers`, before Python code (a
    /// hook, a subclass's method) can see it or an error returns.
    fn before_python(&mut self) -> PyResult<()> {
        if !self.unseen {
            return Ok(());
        }
        self.unseen = false;
        let markers = self.markers.expect("pending markers have a dict");
        self.pending_addresses = HashSet::default();
        for obj in core::mem::take(&mut self.pending) {
            markers.set_item(&*obj.identity()?, &obj)?;
        }
        Ok(())
    }

    /// A newline and the indent for nesting `level` (pretty printing only).
    #[inline(always)]
    fn newline_indent(&mut self, level: usize) -> PyResult<()> {
        match &mut self.indent {
            Some(indent) => indent.write(&mut self.out, level),
            None => Ok(()),
        }
    }

    /// The recursive step, kept small: every level of nesting costs a
    /// frame of this and one of `encode_list` or `encode_dict`.
    fn encode(&mut self, obj: &PyAny, level: usize) -> PyResult<()> {
        let py = obj.py();
        if obj.downcast::<PyList>().is_some() || obj.downcast::<PyTuple>().is_some() {
            let _depth = RecursionGuard::enter(py, ENCODING)?;
            self.encode_list(obj, level)
        } else if let Some(dict) = obj.downcast::<PyDict>() {
            let _depth = RecursionGuard::enter(py, ENCODING)?;
            self.encode_dict(dict, level)
        } else if self.encode_scalar(obj)? {
            Ok(())
        } else {
            self.encode_default(obj, level)
        }
    }

    /// None, a bool, str, int or float; false for anything else.
    #[inline(never)]
    fn encode_scalar(&mut self, obj: &PyAny) -> PyResult<bool> {
        let py = obj.py();
        if obj.is_none() {
            self.out.push_ascii(py, b"null")?;
        } else if obj.is_bool() {
            self.out.push_ascii(py, if obj.is_true()? { b"true" } else { b"false" })?;
        } else if let Some(text) = obj.downcast::<PyStr>() {
            self.encode_string(text)?;
        } else if let Some(int) = obj.downcast::<PyInt>() {
            self.encode_int(int)?;
        } else if let Some(float) = obj.downcast::<PyFloat>() {
            self.encode_float(float)?;
        } else {
            return Ok(false);
        }
        Ok(true)
    }

    /// Anything else: what `default` makes of it.
    #[inline(never)]
    fn encode_default(&mut self, obj: &PyAny, level: usize) -> PyResult<()> {
        self.enter(obj)?;
        self.before_python()?;
        let replacement = self.encoder.default.call1(obj)?;
        {
            let _depth = RecursionGuard::enter(obj.py(), ENCODING)?;
            self.encode(&replacement, level)?;
        }
        self.leave(obj)
    }

    fn encode_string(&mut self, text: &PyStr) -> PyResult<()> {
        let py = text.py();
        match self.encoder.strings {
            StringEncoding::Ascii => self.out.push_json_string(py, text.data(), true),
            StringEncoding::Unicode => self.out.push_json_string(py, text.data(), false),
            StringEncoding::Call => {
                self.before_python()?;
                let encoded = self.encoder.encoder.call1(text)?;
                let Some(encoded) = encoded.downcast::<PyStr>() else {
                    return Err(wrong_type(&encoded, "encoder() must return a string", 80));
                };
                self.out.push_str(encoded)
            }
        }
    }

    /// `int.__repr__`, whatever a subclass overrides.
    fn encode_int(&mut self, int: &PyInt) -> PyResult<()> {
        match int.to_c_longlong_or_overflow()? {
            Ok(value) => push_i64(int.py(), &mut self.out, value),
            Err(_) => self.out.push_str(&*int.int_repr()?),
        }
    }

    /// `float.__repr__`, whatever a subclass overrides; non-finite values
    /// as JavaScript names if `allow_nan`.
    fn encode_float(&mut self, float: &PyFloat) -> PyResult<()> {
        let py = float.py();
        let value = float.value();
        if value.is_finite() {
            return push_float_repr(py, &mut self.out, value);
        }
        if !self.encoder.allow_nan {
            // A subclass's __repr__ is Python code.
            self.before_python()?;
            let prefix = PyStr::new(py, "Out of range float values are not JSON compliant: ")?;
            let message = PyStr::concat(&prefix, &*float.repr()?)?;
            return Err(PyErr::set_object(exc::ValueError(py), &message));
        }
        self.out.push_ascii(py, match value {
            v if v > 0.0 => b"Infinity",
            v if v < 0.0 => b"-Infinity",
            _ => b"NaN",
        })
    }

    /// A list or tuple: exact ones in place, subclasses through their
    /// iterator (C's PySequence_Fast).
    fn encode_list(&mut self, seq: &PyAny, level: usize) -> PyResult<()> {
        let py = seq.py();
        if PyList::exact(seq).is_none() {
            // Anything but a list may be iterated by Python code.
            self.before_python()?;
        }
        let fast = seq.sequence_fast(c"_iterencode_list needs a sequence")?;
        let list = fast.downcast::<PyList>();
        let tuple = || fast.downcast::<PyTuple>().expect("a list or a tuple");
        let item_at = |index: usize| match list {
            Some(list) => list.get(index),
            None => tuple().get(index).map(PyAny::to_owned),
        };
        if list.map_or_else(|| tuple().len(), PyList::len) == 0 {
            return self.out.push_ascii(py, b"[]");
        }
        self.enter(seq)?;
        self.out.push_ascii(py, b"[")?;
        self.newline_indent(level + 1)?;
        let mut index = 0;
        // A list may shrink or grow while its items are encoded (by
        // `default`): its length is read again for each item.
        while let Some(item) = item_at(index) {
            if index > 0 {
                self.out.push_str(&self.encoder.item_separator)?;
                self.newline_indent(level + 1)?;
            }
            self.encode(&item, level + 1)?;
            index += 1;
        }
        self.leave(seq)?;
        self.newline_indent(level)?;
        self.out.push_ascii(py, b"]")
    }

    fn encode_dict(&mut self, dict: &PyDict, level: usize) -> PyResult<()> {
        let py = dict.py();
        if dict.is_empty() {
            return self.out.push_ascii(py, b"{}");
        }
        self.enter(dict)?;
        self.out.push_ascii(py, b"{")?;
        if let Some(indent) = &self.indent {
            // C joins the newline and the indent here.
            Indent::text(&indent.indent)?;
        }
        let mut first = true;
        if self.encoder.sort_keys || !dict.is_exact() {
            // items() of a subclass, and sorting, may run Python code.
            self.before_python()?;
            let items = self.dict_items(dict)?;
            let mut index = 0;
            while let Some(item) = items.get(index) {
                let (key, value) = pair_of(&item)?;
                if self.write_key(key, &mut first, level)? {
                    self.encode(value, level + 1)?;
                }
                index += 1;
            }
        } else {
            for (key, value) in dict.iter() {
                if self.write_key(&key, &mut first, level)? {
                    self.encode(&value, level + 1)?;
                }
            }
        }
        self.leave(dict)?;
        if !first {
            self.newline_indent(level)?;
        }
        self.out.push_ascii(py, b"}")
    }

    /// `list(dict.items())`, sorted if asked.
    #[inline(never)]
    fn dict_items(&self, dict: &PyDict) -> PyResult<Owned<PyList>> {
        let items = PyDict::mapping_items(dict)?;
        if self.encoder.sort_keys {
            items.sort()?;
        }
        Ok(items)
    }

    /// Writes the separator, the key and the key separator of an item;
    /// false if the key is skipped (`skipkeys`).
    #[inline(never)]
    fn write_key(&mut self, key: &PyAny, first: &mut bool, level: usize) -> PyResult<bool> {
        let py = key.py();
        // The key as text: a str as is, other scalars as in values.
        let key_text = match key.downcast::<PyStr>() {
            Some(_) => None,
            None => match self.scalar_text(key)? {
                Some(text) => Some(text),
                None if self.encoder.skipkeys => return Ok(false),
                None => return Err(wrong_type(key, "keys must be str, int, float, bool or None", 100)),
            },
        };
        if *first {
            *first = false;
        } else {
            self.out.push_str(&self.encoder.item_separator)?;
        }
        self.newline_indent(level + 1)?;
        match key_text {
            None => self.encode_string(key.downcast::<PyStr>().expect("a str key"))?,
            // Scalars are ASCII: nothing to escape.
            Some(TextBuf::Ucs1(text)) if self.encoder.strings != StringEncoding::Call => {
                self.out.push_json_string(py, StrData::Ucs1(&text), true)?
            }
            Some(text) => self.encode_string(&*text.finish(py)?)?,
        }
        self.out.push_str(&self.encoder.key_separator)?;
        Ok(true)
    }

    /// The text a None, bool, int or float encodes to, written apart from
    /// the output; None for other objects.
    fn scalar_text(&mut self, obj: &PyAny) -> PyResult<Option<TextBuf>> {
        let output = std::mem::replace(&mut self.out, TextBuf::new());
        let written = self.encode_scalar(obj);
        let text = std::mem::replace(&mut self.out, output);
        Ok(written?.then_some(text))
    }
}

/// The key and value of an item of `items()`.
fn pair_of(item: &PyAny) -> PyResult<(&PyAny, &PyAny)> {
    let py = item.py();
    match item.downcast::<PyTuple>() {
        Some(pair) if pair.len() == 2 => Ok((pair.get(0).expect("a pair"), pair.get(1).expect("a pair"))),
        _ => Err(exc::value_error(py, "items must return 2-tuples")),
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
