//! The decoder: `scanstring` and the `make_scanner` class (`scan_once`),
//! reading the document's code units directly in its own storage kind.

use cpython_safe::class::{Instance, PyClass};
use cpython_safe::module::ModuleDef;
use cpython_safe::prelude::*;
use cpython_safe::alloc::TryGrow;
use cpython_safe::boundary::RecursionGuard;
use cpython_safe::call::arg_buffer;
use cpython_safe::object::{PyDict, StopIteration, import_attr};
use cpython_safe::str_units;

use crate::clinic as crate_clinic;
use crate::text::{TextBuf, Unit, SHORT_ESCAPED, SHORT_ESCAPES};
use crate::{not_a_string, State, MODULE};

/// Raises `json.decoder.JSONDecodeError(message, doc, pos)`, looked up
/// when raised (so a replaced class is honoured, as in C).
#[cold]
#[inline(never)]
pub fn decode_error(message: &str, doc: &PyStr, pos: isize) -> PyErr {
    let py = doc.py();
    let raise = || -> PyResult<PyErr> {
        let class = import_attr(py, c"json.decoder", c"JSONDecodeError")?;
        let error = class.call(&[&*PyStr::new(py, message)?, doc, &*PyInt::from_i64(py, pos as i64)?])?;
        Ok(PyErr::set_object(&class, &error))
    };
    raise().unwrap_or_else(|err| err)
}

/// Raises `StopIteration(idx)`: no JSON value starts at `idx`.
#[cold]
fn stop_iteration(py: Python<'_>, idx: usize) -> PyErr {
    match PyInt::from_i64(py, idx as i64) {
        Ok(value) => PyErr::set_object(StopIteration(py), &value),
        Err(err) => err,
    }
}

#[inline(always)]
fn is_whitespace(c: u32) -> bool {
    matches!(c, 0x20 | 0x09 | 0x0a | 0x0d)
}

#[inline(always)]
fn is_digit(c: u32) -> bool {
    (b'0' as u32..=b'9' as u32).contains(&c)
}

/// The value of four hex digits, if they are.
#[inline(always)]
fn hex4<S: Unit>(digits: &[S]) -> Option<u32> {
    digits.iter().try_fold(0u32, |acc, &d| Some(acc << 4 | char::from_u32(d.into())?.to_digit(16)?))
}

/// `scanstring`: the JSON string whose contents start at `end` (after the
/// opening quote), unescaped, and the index after its closing quote.
pub fn scanstring(doc: &PyStr, end: isize, strict: bool) -> PyResult<(Owned<PyStr>, usize)> {
    str_units!(doc.data(), data => scan_string(doc, data, end, strict))
}

#[inline(never)]
fn scan_string<S: Unit>(doc: &PyStr, data: &[S], end: isize, strict: bool) -> PyResult<(Owned<PyStr>, usize)> {
    let py = doc.py();
    let len = data.len();
    if end < 0 || end as usize > len {
        return Err(exc::value_error(py, "end is out of bounds"));
    }
    let begin = end - 1;
    let mut end = end as usize;
    // Only made when the string has an escape.
    let mut unescaped: Option<TextBuf> = None;
    loop {
        // The end of the string or the next escape: whole blocks of plain
        // characters first (a branch-free test the compiler vectorizes).
        const BLOCK: usize = 16;
        let control = if strict { 0x20 } else { 0 };
        let special = |c: u32| (c == b'"' as u32) as u8 | (c == b'\\' as u32) as u8 | (c < control) as u8;
        let mut next = end;
        while next + BLOCK <= len && data[next..next + BLOCK].iter().fold(0, |any, &c| any | special(c.into())) == 0 {
            next += BLOCK;
        }
        while next < len {
            let c: u32 = data[next].into();
            if c == b'"' as u32 || c == b'\\' as u32 {
                break;
            }
            if c <= 0x1f && strict {
                return Err(decode_error("Invalid control character at", doc, next as isize));
            }
            next += 1;
        }
        if next == len {
            return Err(decode_error("Unterminated string starting at", doc, begin));
        }
        let quote = data[next].into() == b'"' as u32;
        if quote && unescaped.is_none() {
            return Ok((doc.substring(end, next)?, next + 1));
        }
        let buf = match &mut unescaped {
            Some(buf) => buf,
            None => unescaped.insert(TextBuf::for_units::<S>(py, 2 * (next - end) + 16)?),
        };
        buf.push_units(py, &data[end..next])?;
        next += 1;
        if quote {
            end = next;
            break;
        }
        if next == len {
            return Err(decode_error("Unterminated string starting at", doc, begin));
        }
        let mut c: u32 = data[next].into();
        if c != b'u' as u32 {
            end = next + 1;
            let Some(at) = SHORT_ESCAPES.iter().position(|&short| u32::from(short) == c) else {
                return Err(decode_error("Invalid \\escape", doc, end as isize - 2));
            };
            c = SHORT_ESCAPED[at].into();
        } else {
            next += 1;
            end = next + 4;
            if end >= len {
                return Err(decode_error("Invalid \\uXXXX escape", doc, next as isize - 1));
            }
            c = hex4(&data[next..end]).ok_or_else(|| decode_error("Invalid \\uXXXX escape", doc, end as isize - 5))?;
            next = end;
            // A high surrogate joins a following \u low surrogate.
            if (0xd800..=0xdbff).contains(&c)
                && end + 6 < len
                && data[next].into() == b'\\' as u32
                && data[next + 1].into() == b'u' as u32
            {
                end += 6;
                let c2 =
                    hex4(&data[next + 2..end]).ok_or_else(|| decode_error("Invalid \\uXXXX escape", doc, end as isize - 5))?;
                if (0xdc00..=0xdfff).contains(&c2) {
                    c = 0x10000 + (((c - 0xd800) << 10) | (c2 - 0xdc00));
                } else {
                    end -= 6;
                }
            }
        }
        buf.push_char(py, c)?;
    }
    let buf = unescaped.expect("made before the loop ends");
    Ok((buf.finish_and_recycle(py)?, end))
}

/// An instance of `_json.Scanner` (`make_scanner`): the decoder's
/// settings, read from the context object when made.
pub(crate) struct Scanner {
    strict: bool,
    object_hook: Owned,
    object_pairs_hook: Owned,
    parse_float: Owned,
    parse_int: Owned,
    parse_constant: Owned,
}

impl PyClass for Scanner {
    type State = State;

    fn module_def() -> &'static ModuleDef<State> {
        &MODULE
    }

    fn new(_cls: &PyType, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<Self> {
        let mut buf = arg_buffer();
        let args = Args::from_tuple(&crate::signatures::MAKE_SCANNER, args, kwargs, &mut buf)?;
        let context: &PyAny = args.convert(0)?;
        Ok(Scanner {
            strict: context.getattr(c"strict")?.is_true()?,
            object_hook: context.getattr(c"object_hook")?,
            object_pairs_hook: context.getattr(c"object_pairs_hook")?,
            parse_float: context.getattr(c"parse_float")?,
            parse_int: context.getattr(c"parse_int")?,
            parse_constant: context.getattr(c"parse_constant")?,
        })
    }

    const HAS_CALL: bool = true;

    /// `scan_once(string, idx)`: `(value, end)`, or StopIteration(idx)
    /// when no value starts at `idx`.
    fn call(this: &Instance<Self>, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<Owned> {
        let py = this.py();
        let mut buf = arg_buffer();
        let args = Args::from_tuple(&crate::signatures::SCAN_ONCE, args, kwargs, &mut buf)?;
        let (doc, idx): (&PyAny, isize) = (args.convert(0)?, args.convert(1)?);
        let doc = doc.downcast::<PyStr>().ok_or_else(|| not_a_string(doc))?;
        let memo = PyDict::new(py)?;
        if idx < 0 {
            return Err(exc::value_error(py, "idx cannot be negative"));
        }
        let (scanner, mut end) = (this.value(), 0);
        let value = str_units!(doc.data(), data => {
            Decoder { scanner, memo: &memo, doc, data }.scan_value(idx as usize, &mut end)
        })?;
        Ok(PyTuple::pair(&value, &*PyInt::from_i64(py, end as i64)?)?.into_any())
    }

    const HAS_GC: bool = true;
}

cpython_safe::traverse!(Scanner: object_hook, object_pairs_hook, parse_float, parse_int, parse_constant);

/// One `scan_once` call over a document of code units `S`.
struct Decoder<'a, S> {
    scanner: &'a Scanner,
    /// Keys seen so far: equal keys share one str object.
    memo: &'a PyDict,
    doc: &'a PyStr,
    data: &'a [S],
}

impl<S: Unit> Decoder<'_, S> {
    #[inline(always)]
    fn at(&self, idx: usize) -> u32 {
        self.data[idx].into()
    }

    /// Whether the character at `idx` exists and is `c`.
    #[inline(always)]
    fn is(&self, idx: usize, c: u8) -> bool {
        idx < self.data.len() && self.at(idx) == c as u32
    }

    #[inline(always)]
    fn skip_whitespace(&self, mut idx: usize) -> usize {
        while idx < self.data.len() && is_whitespace(self.at(idx)) {
            idx += 1;
        }
        idx
    }

    /// Whether `word` follows at `idx` (the first character is known).
    #[inline(always)]
    fn follows(&self, idx: usize, word: &[u8]) -> bool {
        idx + word.len() <= self.data.len() && word.iter().enumerate().all(|(i, &c)| self.at(idx + i) == c as u32)
    }

    /// The value starting at `idx`, with `end` set to the index after it
    /// (as C's `next_idx_ptr`).  The recursive step: its result fits a
    /// register and every other case is out of line, so that each level
    /// of nesting costs little native stack.
    fn scan_value(&self, idx: usize, end: &mut usize) -> PyResult<Owned> {
        let py = self.doc.py();
        if idx >= self.data.len() {
            return Err(stop_iteration(py, idx));
        }
        match self.at(idx) {
            0x22 => self.parse_string(idx, end),
            0x7b => {
                let _depth = RecursionGuard::enter(py, c" while decoding a JSON object from a unicode string")?;
                self.parse_object(idx + 1, end)
            }
            0x5b => {
                let _depth = RecursionGuard::enter(py, c" while decoding a JSON array from a unicode string")?;
                self.parse_array(idx + 1, end)
            }
            0x6e if self.follows(idx, b"null") => {
                *end = idx + 4;
                Ok(py.none())
            }
            0x74 if self.follows(idx, b"true") => {
                *end = idx + 4;
                Ok(py.bool(true))
            }
            0x66 if self.follows(idx, b"false") => {
                *end = idx + 5;
                Ok(py.bool(false))
            }
            0x4e if self.follows(idx, b"NaN") => self.parse_constant(c"NaN", idx, end),
            0x49 if self.follows(idx, b"Infinity") => self.parse_constant(c"Infinity", idx, end),
            0x2d if self.follows(idx, b"-Infinity") => self.parse_constant(c"-Infinity", idx, end),
            _ => self.match_number(idx, end),
        }
    }

    /// A string value whose opening quote is at `idx`.
    #[inline(never)]
    fn parse_string(&self, idx: usize, end: &mut usize) -> PyResult<Owned> {
        let (string, next) = scan_string(self.doc, self.data, idx as isize + 1, self.scanner.strict)?;
        *end = next;
        Ok(string.into_any())
    }

    /// An object key whose opening quote is at `idx`: equal keys of one
    /// document share one str (the memo).
    #[inline(never)]
    fn parse_key(&self, idx: usize, end: &mut usize) -> PyResult<Owned> {
        let key = self.parse_string(idx, end)?;
        self.memo.set_default(&key, &key)
    }

    #[inline(never)]
    fn parse_constant(&self, name: &core::ffi::CStr, idx: usize, end: &mut usize) -> PyResult<Owned> {
        let constant = PyStr::intern(self.doc.py(), name)?;
        let value = self.scanner.parse_constant.call1(&constant)?;
        *end = idx + constant.len();
        Ok(value)
    }

    /// An object whose contents start at `idx` (after the `{`).
    fn parse_object(&self, idx: usize, end: &mut usize) -> PyResult<Owned> {
        let py = self.doc.py();
        let scanner = self.scanner;
        let pairs_hook = !scanner.object_pairs_hook.is_none();
        let (pairs, dict) = if pairs_hook { (Some(PyList::empty(py)?), None) } else { (None, Some(PyDict::new(py)?)) };
        let mut idx = self.skip_whitespace(idx);
        if !self.is(idx, b'}') {
            loop {
                if !self.is(idx, b'"') {
                    return Err(decode_error("Expecting property name enclosed in double quotes", self.doc, idx as isize));
                }
                let mut next = 0;
                let key = self.parse_key(idx, &mut next)?;
                idx = self.skip_whitespace(next);
                if !self.is(idx, b':') {
                    return Err(decode_error("Expecting ':' delimiter", self.doc, idx as isize));
                }
                idx = self.skip_whitespace(idx + 1);
                let value = self.scan_value(idx, &mut next)?;
                match (&pairs, &dict) {
                    (Some(pairs), _) => pairs.append(&*PyTuple::pair(&key, &value)?)?,
                    (_, Some(dict)) => dict.set_item(&key, &value)?,
                    _ => unreachable!(),
                }
                let more;
                (idx, more) = self.after_item(next, b'}')?;
                if !more {
                    break;
                }
            }
        }
        *end = idx + 1;
        match (pairs, dict) {
            (Some(pairs), _) => scanner.object_pairs_hook.call1(&pairs),
            (_, Some(dict)) if !scanner.object_hook.is_none() => scanner.object_hook.call1(&dict),
            (_, Some(dict)) => Ok(dict.into_any()),
            _ => unreachable!(),
        }
    }

    /// An array whose contents start at `idx` (after the `[`).
    fn parse_array(&self, idx: usize, end: &mut usize) -> PyResult<Owned> {
        let list = PyList::empty(self.doc.py())?;
        let mut idx = self.skip_whitespace(idx);
        let mut more = !self.is(idx, b']');
        let mut next = 0;
        while more {
            list.append(&*self.scan_value(idx, &mut next)?)?;
            (idx, more) = self.after_item(next, b']')?;
        }
        *end = idx + 1;
        Ok(list.into_any())
    }

    /// After an item of an array or object closed by `close`: the index of
    /// the next item and true, or of the closing character and false.
    #[inline(always)]
    fn after_item(&self, idx: usize, close: u8) -> PyResult<(usize, bool)> {
        let idx = self.skip_whitespace(idx);
        if self.is(idx, close) {
            return Ok((idx, false));
        }
        if !self.is(idx, b',') {
            return Err(decode_error("Expecting ',' delimiter", self.doc, idx as isize));
        }
        let next = self.skip_whitespace(idx + 1);
        if self.is(next, close) {
            let message = match close {
                b']' => "Illegal trailing comma before end of array",
                _ => "Illegal trailing comma before end of object",
            };
            return Err(decode_error(message, self.doc, idx as isize));
        }
        Ok((next, true))
    }

    /// A number starting at `start`: int, or float with a fraction or an
    /// exponent (through `parse_int` / `parse_float` when they are not the
    /// built-in types).
    #[inline(never)]
    fn match_number(&self, start: usize, end: &mut usize) -> PyResult<Owned> {
        let py = self.doc.py();
        let len = self.data.len();
        let mut idx = start;
        if self.at(idx) == b'-' as u32 {
            idx += 1;
            if idx >= len {
                return Err(stop_iteration(py, start));
            }
        }
        match self.at(idx) {
            c if (b'1' as u32..=b'9' as u32).contains(&c) => {
                idx += 1;
                while idx < len && is_digit(self.at(idx)) {
                    idx += 1;
                }
            }
            0x30 => idx += 1,
            _ => return Err(stop_iteration(py, start)),
        }
        let mut is_float = false;
        if idx + 1 < len && self.at(idx) == b'.' as u32 && is_digit(self.at(idx + 1)) {
            is_float = true;
            idx += 2;
            while idx < len && is_digit(self.at(idx)) {
                idx += 1;
            }
        }
        if idx + 1 < len && (self.at(idx) == b'e' as u32 || self.at(idx) == b'E' as u32) {
            let e_start = idx;
            idx += 1;
            if idx + 1 < len && (self.at(idx) == b'-' as u32 || self.at(idx) == b'+' as u32) {
                idx += 1;
            }
            while idx < len && is_digit(self.at(idx)) {
                idx += 1;
            }
            if is_digit(self.at(idx - 1)) {
                is_float = true;
            } else {
                idx = e_start;
            }
        }
        let scanner = self.scanner;
        let custom = if is_float { &scanner.parse_float } else { &scanner.parse_int };
        let builtin = if is_float { PyFloat::type_object(py) } else { PyInt::type_object(py) };
        if !custom.is(builtin) {
            let text = self.doc.substring(start, idx)?;
            *end = idx;
            return custom.call1(&text);
        }
        // The number is ASCII by construction.
        let mut ascii = [0u8; 32];
        let mut long: Vec<u8> = Vec::new();
        let text: &[u8] = if idx - start <= ascii.len() {
            for (dst, &src) in ascii.iter_mut().zip(&self.data[start..idx]) {
                *dst = src.into() as u8;
            }
            &ascii[..idx - start]
        } else {
            long.try_grow(py, idx - start)?;
            long.extend(self.data[start..idx].iter().map(|&c| c.into() as u8));
            &long
        };
        let value = if is_float {
            let text = std::str::from_utf8(text).expect("ASCII");
            PyFloat::new(py, text.parse().expect("JSON numbers are Rust floats"))?.into_any()
        } else if text.len() <= 18 {
            let value = text.iter().skip(usize::from(text[0] == b'-')).fold(0i64, |n, &d| n * 10 + (d - b'0') as i64);
            PyInt::from_i64(py, if text[0] == b'-' { -value } else { value })?.into_any()
        } else {
            PyInt::from_decimal(py, text)?.into_any()
        };
        *end = idx;
        Ok(value)
    }
}

cpython_safe::class! {
    pub(crate) static SCANNER: Scanner = class c"_json.Scanner" from crate_clinic {
        doc: crate_clinic::scanner_doc,
        subclassable: false,
        methods: [],
        members: [
            strict: Some(c"strict"),
            object_hook: Some(c"object_hook"),
            object_pairs_hook: None,
            parse_float: Some(c"parse_float"),
            parse_int: Some(c"parse_int"),
            parse_constant: Some(c"parse_constant"),
        ],
    }
}
