//! Building strings in Rust: a growable buffer of code units that starts
//! one byte wide and widens only when a wider character arrives, made into
//! one `str` at the end (what `_PyUnicodeWriter` does for the C module);
//! JSON string escaping into it; and the decimal text of numbers.
//!
//! Every growth is fallible (MemoryError, never an abort): the sizes come
//! from the documents.

use cpython_safe::prelude::*;
use cpython_safe::str_units;
use cpython_safe::alloc::{TryGrow, TryPush, recycle_bytes, spare_bytes, try_with_capacity};
use cpython_safe::object::{StrData, Ucs1Writer};

/// A code unit of a `str`'s storage: Latin-1, UCS-2 or UCS-4.
pub trait Unit: Copy + Into<u32> + 'static {
    /// The unit holding `c` (which must fit).
    fn from_u32(c: u32) -> Self;
}

macro_rules! impl_unit {
    ($($unit:ty),*) => {$(
        impl Unit for $unit {
            #[inline(always)]
            fn from_u32(c: u32) -> Self {
                c as $unit
            }
        }
    )*};
}

impl_unit!(u8, u16, u32);

/// `$body` with `$units` bound to the buffer's vector, whatever its width.
macro_rules! with_units {
    ($buf:expr, $units:ident => $body:expr) => {
        match $buf {
            TextBuf::Ucs1($units) => $body,
            TextBuf::Ucs2($units) => $body,
            TextBuf::Ucs4($units) => $body,
        }
    };
}

/// Text being built, in the narrowest storage its characters allow so far.
pub enum TextBuf {
    Ucs1(Vec<u8>),
    Ucs2(Vec<u16>),
    Ucs4(Vec<u32>),
}

impl TextBuf {
    pub fn new() -> Self {
        TextBuf::Ucs1(Vec::new())
    }

    /// An empty buffer in this thread's spare allocation.
    pub fn reuse() -> Self {
        TextBuf::Ucs1(spare_bytes())
    }

    /// Keeps the allocation of a one-byte-wide buffer for [`TextBuf::reuse`].
    fn recycle(self) {
        if let TextBuf::Ucs1(spare) = self {
            recycle_bytes(spare);
        }
    }

    /// An empty buffer as wide as code units `S` (text copied from a
    /// document of that kind then needs no widening).
    pub fn for_units<S: Unit>(py: Python<'_>, capacity: usize) -> PyResult<Self> {
        Ok(match core::mem::size_of::<S>() {
            1 => TextBuf::reuse(),
            2 => TextBuf::Ucs2(try_with_capacity(py, capacity)?),
            _ => TextBuf::Ucs4(try_with_capacity(py, capacity)?),
        })
    }

    /// The number of code units written.
    #[inline(always)]
    pub fn len(&self) -> usize {
        with_units!(self, v => v.len())
    }

    /// Appends the first `units` code units of `other`.
    #[inline]
    pub fn push_prefix(&mut self, py: Python<'_>, other: &TextBuf, units: usize) -> PyResult<()> {
        with_units!(other, v => self.push_units(py, &v[..units]))
    }

    /// Makes room for characters up to `max_char`, widening the content.
    #[inline]
    fn widen_for(&mut self, py: Python<'_>, max_char: u32) -> PyResult<()> {
        match self {
            TextBuf::Ucs1(v) if max_char > 0xff => {
                // Twice the room: more wide text tends to follow.
                let capacity = 2 * v.len().max(8);
                let wide = if max_char > 0xffff {
                    TextBuf::Ucs4(widened(py, v, capacity)?)
                } else {
                    TextBuf::Ucs2(widened(py, v, capacity)?)
                };
                core::mem::replace(self, wide).recycle();
            }
            TextBuf::Ucs2(v) if max_char > 0xffff => *self = TextBuf::Ucs4(widened(py, v, v.len())?),
            _ => {}
        }
        Ok(())
    }

    /// Appends ASCII text.
    #[inline(always)]
    pub fn push_ascii(&mut self, py: Python<'_>, text: &[u8]) -> PyResult<()> {
        match self {
            TextBuf::Ucs1(v) => v.try_extend_from_slice(py, text),
            wide => with_units!(wide, v => extend_mapped(py, v, text)),
        }
    }

    /// Appends one character.
    #[inline]
    pub fn push_char(&mut self, py: Python<'_>, c: u32) -> PyResult<()> {
        self.widen_for(py, c)?;
        with_units!(self, v => v.try_push(py, Unit::from_u32(c)))
    }

    /// Appends code units of some storage.
    #[inline]
    pub fn push_units<S: Unit>(&mut self, py: Python<'_>, units: &[S]) -> PyResult<()> {
        let width = core::mem::size_of::<S>();
        if width > 1 {
            self.widen_for(py, if width == 2 { 0xffff } else { 0x10ffff })?;
        }
        with_units!(self, v => extend_mapped(py, v, units))
    }

    /// Appends a whole `str`.
    #[inline]
    pub fn push_str(&mut self, text: &PyStr) -> PyResult<()> {
        let py = text.py();
        match (self, text.data()) {
            (TextBuf::Ucs1(v), StrData::Ucs1(data)) => v.try_extend_from_slice(py, data),
            (this, data) => str_units!(data, data => this.push_units(py, data)),
        }
    }

    /// Appends `text` as a JSON string literal: quoted, with `"`, `\` and
    /// control characters escaped and, if `ascii_only`, every non-ASCII
    /// character as `\uXXXX` (a surrogate pair above U+FFFF).
    #[inline]
    pub fn push_json_string(&mut self, py: Python<'_>, text: StrData, ascii_only: bool) -> PyResult<()> {
        if !ascii_only {
            // The output needs the input's width (only escapes are added).
            match text {
                StrData::Ucs1(_) => {}
                StrData::Ucs2(_) => self.widen_for(py, 0xffff)?,
                StrData::Ucs4(_) => self.widen_for(py, 0x10ffff)?,
            }
        }
        with_units!(self, out => str_units!(text, units => escape(py, units, out, ascii_only)))
    }

    /// The text as a new `str`, in the narrowest storage that holds it.
    pub fn finish(&self, py: Python<'_>) -> PyResult<Owned<PyStr>> {
        match self {
            TextBuf::Ucs1(v) => PyStr::from_ucs1(py, v),
            TextBuf::Ucs2(v) => PyStr::from_ucs2(py, v),
            TextBuf::Ucs4(v) => PyStr::from_ucs4(py, v),
        }
    }

    /// The text as a new `str`, keeping the allocation for the next
    /// [`TextBuf::reuse`].
    pub fn finish_and_recycle(self, py: Python<'_>) -> PyResult<Owned<PyStr>> {
        let text = self.finish(py);
        self.recycle();
        text
    }
}

/// `units`, each fitting `D`, appended to `out`.
#[inline(always)]
fn extend_mapped<S: Unit, D: Unit>(py: Python<'_>, out: &mut Vec<D>, units: &[S]) -> PyResult<()> {
    out.try_grow(py, units.len())?;
    out.extend(units.iter().map(|&c| D::from_u32(c.into())));
    Ok(())
}

/// A copy of `units` in wider units, with room for `capacity`.
fn widened<S: Unit, D: Unit>(py: Python<'_>, units: &[S], capacity: usize) -> PyResult<Vec<D>> {
    let mut wide = try_with_capacity(py, capacity.max(units.len()))?;
    extend_mapped(py, &mut wide, units)?;
    Ok(wide)
}

/// `text` as a JSON string literal (see [`TextBuf::push_json_string`]),
/// a new `str` written in place when it is one byte wide: the escapes are
/// counted first, as C does.
/// A type parameter, so that each caller gets its own short path.
#[inline(always)]
pub fn json_string<const ASCII_ONLY: bool>(text: &PyStr) -> PyResult<Owned<PyStr>> {
    let py = text.py();
    match text.data() {
        // Escapes are ASCII: the result is as ASCII as the text.
        StrData::Ucs1(src) => json_string_ucs1::<ASCII_ONLY>(py, src, ASCII_ONLY || text.as_ascii().is_some()),
        data => json_string_wide(py, data, ASCII_ONLY),
    }
}

#[inline(never)]
fn json_string_wide(py: Python<'_>, text: StrData, ascii_only: bool) -> PyResult<Owned<PyStr>> {
    let mut out = TextBuf::reuse();
    out.push_json_string(py, text, ascii_only)?;
    out.finish_and_recycle(py)
}

/// `ascii`: whether the result is ASCII, as the text is or its non-ASCII
/// characters are escaped.
#[inline(always)]
fn json_string_ucs1<const ASCII_ONLY: bool>(py: Python<'_>, src: &[u8], ascii: bool) -> PyResult<Owned<PyStr>> {
    let table = if ASCII_ONLY { &ESCAPED_LEN_ASCII } else { &ESCAPED_LEN };
    let escaped_len = src.iter().map(|&c| table[c as usize] as usize).sum::<usize>();
    if escaped_len != src.len() {
        return escaped_ucs1(py, src, 2 + escaped_len, ascii, ASCII_ONLY);
    }
    // Nothing to escape: the quoted text.
    PyStr::new_ucs1_with(py, src.len() + 2, ascii, |out| {
        out.push(b'"');
        out.put_slice(src);
        out.push(b'"');
    })
}

// Out of line: the call with nothing to escape stays small.
#[inline(never)]
fn escaped_ucs1(py: Python<'_>, src: &[u8], len: usize, ascii: bool, ascii_only: bool) -> PyResult<Owned<PyStr>> {
    let mut escaped = Ok(());
    let text = PyStr::new_ucs1_with(py, len, ascii, |out| escaped = escape(py, src, out, ascii_only))?;
    escaped.map(|()| text)
}

/// How many code units each one-byte character takes escaped, by
/// `ascii_only` (a table: the count is the first pass over every string).
static ESCAPED_LEN: [u8; 256] = escaped_lens(false);
static ESCAPED_LEN_ASCII: [u8; 256] = escaped_lens(true);

const fn escaped_lens(ascii_only: bool) -> [u8; 256] {
    let mut table = [0; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = escaped_len(c as u8, ascii_only);
        c += 1;
    }
    table
}

const fn escaped_len(c: u8, ascii_only: bool) -> u8 {
    match c {
        _ if is_plain(c as u32, ascii_only) => 1,
        b'"' | b'\\' | 0x08 | 0x0c | 0x0a | 0x0d | 0x09 => 2,
        _ => 6,
    }
}

/// Where escaped text goes: a growing vector, or a new str sized for it.
trait Sink {
    type Unit: Unit;
    /// Room for `additional` more units (MemoryError if it cannot be had).
    fn reserve(&mut self, py: Python<'_>, additional: usize) -> PyResult<()>;
    fn push(&mut self, unit: Self::Unit);
    /// Code units of a source that fit (the plain runs, escapes).
    fn put_slice<S: Unit>(&mut self, units: &[S]);
}

impl<D: Unit> Sink for Vec<D> {
    type Unit = D;
    #[inline(always)]
    fn reserve(&mut self, py: Python<'_>, additional: usize) -> PyResult<()> {
        self.try_grow(py, additional)
    }
    #[inline(always)]
    fn push(&mut self, unit: D) {
        Vec::push(self, unit)
    }
    #[inline(always)]
    fn put_slice<S: Unit>(&mut self, units: &[S]) {
        self.extend(units.iter().map(|&c| D::from_u32(c.into())))
    }
}

impl Sink for Ucs1Writer<'_> {
    type Unit = u8;
    #[inline(always)]
    fn reserve(&mut self, _: Python<'_>, _: usize) -> PyResult<()> {
        // Sized for the whole text when made.
        Ok(())
    }
    #[inline(always)]
    fn push(&mut self, unit: u8) {
        Ucs1Writer::push(self, unit)
    }
    #[inline(always)]
    fn put_slice<S: Unit>(&mut self, units: &[S]) {
        self.push_mapped(units, |unit| unit.into() as u8);
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// JSON's two-character escapes: a backslash and one of `SHORT_ESCAPES`
/// stand for the character at the same place in `SHORT_ESCAPED`.
pub const SHORT_ESCAPES: &[u8; 8] = b"\"\\/bfnrt";
pub const SHORT_ESCAPED: &[u8; 8] = b"\"\\/\x08\x0c\n\r\t";

/// Whether `c` is copied as is: not `"`, `\\` or a control character, and
/// ASCII if `ascii_only`.
#[inline(always)]
const fn is_plain(c: u32, ascii_only: bool) -> bool {
    c >= 0x20 && c != b'"' as u32 && c != b'\\' as u32 && (!ascii_only || c < 0x7f)
}

/// 1 if `c` is not plain (see [`is_plain`]; `wide` is where escaped
/// non-ASCII starts), as an integer: a block's test then vectorizes.
#[inline(always)]
fn special(c: u32, wide: u32) -> u8 {
    (c < 0x20) as u8 | (c == b'"' as u32) as u8 | (c == b'\\' as u32) as u8 | (c >= wide) as u8
}

/// The escaping loop: runs of plain characters are found a block at a
/// time (a branch-free test the compiler vectorizes) and copied at once;
/// runs of characters to escape are escaped in a tight loop.
#[inline(always)]
fn escape<S: Unit, O: Sink>(py: Python<'_>, src: &[S], out: &mut O, ascii_only: bool) -> PyResult<()> {
    const BLOCK: usize = 16;
    /// The most units one character escapes to (a surrogate pair).
    const MAX_ESCAPE: usize = 12;
    // The first character escaped as non-ASCII (none if not ascii_only).
    let wide = if ascii_only { 0x7f } else { u32::MAX };
    out.reserve(py, src.len() + 2)?;
    out.push(O::Unit::from_u32(b'"' as u32));
    let mut i = 0;
    while i < src.len() {
        let start = i;
        while i + BLOCK <= src.len() && src[i..i + BLOCK].iter().fold(0, |any, &c| any | special(c.into(), wide)) == 0 {
            i += BLOCK;
        }
        while i < src.len() && is_plain(src[i].into(), ascii_only) {
            i += 1;
        }
        if start < i {
            out.reserve(py, i - start + 1)?;
            out.put_slice(&src[start..i]);
        }
        while i < src.len() && !is_plain(src[i].into(), ascii_only) {
            out.reserve(py, MAX_ESCAPE + 1)?;
            escape_char(src[i].into(), out, ascii_only);
            i += 1;
        }
    }
    out.reserve(py, 1)?;
    out.push(O::Unit::from_u32(b'"' as u32));
    Ok(())
}

/// One character that is not plain.
#[inline(always)]
fn escape_char<O: Sink>(c: u32, out: &mut O, ascii_only: bool) {
    if let Some(at) = SHORT_ESCAPED.iter().position(|&short| u32::from(short) == c) {
        out.put_slice(&[b'\\', SHORT_ESCAPES[at]]);
    } else if c < 0x20 || (ascii_only && c >= 0x7f) {
        let unit = |u: u32| {
            [b'\\', b'u', HEX[(u >> 12) as usize & 0xf], HEX[(u >> 8) as usize & 0xf], HEX[(u >> 4) as usize & 0xf], HEX[u as usize & 0xf]]
        };
        if c >= 0x10000 {
            let v = c - 0x10000;
            out.put_slice(&unit(0xd800 | (v >> 10)));
            out.put_slice(&unit(0xdc00 | (v & 0x3ff)));
        } else {
            out.put_slice(&unit(c));
        }
    } else {
        out.push(O::Unit::from_u32(c));
    }
}

/// Appends the decimal digits of `value` (`int.__repr__` of a machine int).
#[inline]
pub fn push_i64(py: Python<'_>, out: &mut TextBuf, value: i64) -> PyResult<()> {
    let mut digits = [0u8; 20];
    let mut pos = digits.len();
    let mut n = value.unsigned_abs();
    loop {
        pos -= 1;
        digits[pos] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if value < 0 {
        out.push_ascii(py, b"-")?;
    }
    out.push_ascii(py, &digits[pos..])
}

/// Whether the exact value of a finite float has at most 18 significant
/// digits: only then can two shortest candidates of 16 or 17 digits be
/// equally close to it (a tie that CPython and Rust break differently).
fn has_few_exact_digits(value: f64) -> bool {
    const LIMIT: u128 = 1_000_000_000_000_000_000;
    let bits = value.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mut mantissa, mut exponent) =
        if biased == 0 { (fraction, -1074) } else { (fraction | 1 << 52, biased - 1075) };
    if mantissa == 0 {
        return true;
    }
    let zeros = mantissa.trailing_zeros();
    mantissa >>= zeros;
    exponent += zeros as i32;
    if exponent < 0 {
        // mantissa / 2**k has the digits of mantissa * 5**k (odd: no zeros).
        let k = exponent.unsigned_abs();
        k <= 27 && (mantissa as u128) * 5u128.pow(k) < LIMIT
    } else if exponent < 64 {
        let mut digits = (mantissa as u128) << exponent;
        while digits % 10 == 0 {
            digits /= 10;
        }
        digits < LIMIT
    } else {
        true // not worth deciding: take the exact path
    }
}

/// Appends `float.__repr__(value)` of a finite float: the shortest digits
/// that round-trip, in fixed notation with at least one decimal when the
/// decimal point falls within 16 digits of them (from 1e-4 up to 1e16),
/// else in exponent notation with a signed exponent of two digits or more.
pub fn push_float_repr(py: Python<'_>, out: &mut TextBuf, value: f64) -> PyResult<()> {
    use std::io::Write as _;
    // Rust's `{:e}` gives the same shortest round-trip digits as CPython's
    // `repr` (the closest to the exact value), but for ties.
    let mut sci = [0u8; 40];
    let len = {
        let mut cursor = std::io::Cursor::new(&mut sci[..]);
        write!(cursor, "{value:e}").expect("a float's digits fit 40 bytes");
        cursor.position() as usize
    };
    let e_at = sci.iter().position(|&c| c == b'e').expect("exponent notation");
    let mantissa = &sci[..e_at];
    let exponent: i32 = std::str::from_utf8(&sci[e_at + 1..len]).expect("ASCII").parse().expect("an exponent");
    let mut digits = [0u8; 24];
    let mut count = 0;
    for &c in mantissa.iter().filter(|c| c.is_ascii_digit()) {
        digits[count] = c;
        count += 1;
    }
    let digits = &digits[..count];
    if count >= 16 && has_few_exact_digits(value) {
        // A possible tie: CPython's own digits.
        let mut text = Vec::new();
        cpython_safe::object::push_double_repr(py, value, &mut text)?;
        return out.push_ascii(py, &text);
    }
    // Written here first: one push to the output.
    let mut repr = [0u8; 48];
    let mut len = 0;
    let mut put = |bytes: &[u8]| {
        repr[len..len + bytes.len()].copy_from_slice(bytes);
        len += bytes.len();
    };
    const ZEROS: &[u8; 16] = b"0000000000000000";
    if !(-4..16).contains(&exponent) {
        // Rust's mantissa ("-1.5"), then the exponent signed, of two digits or more.
        put(mantissa);
        put(if exponent < 0 { b"e-" } else { b"e+" });
        let magnitude = exponent.unsigned_abs();
        if magnitude >= 100 {
            put(&[b'0' + (magnitude / 100) as u8]);
        }
        put(&[b'0' + (magnitude / 10 % 10) as u8, b'0' + (magnitude % 10) as u8]);
    } else {
        if mantissa[0] == b'-' {
            put(b"-");
        }
        if exponent < 0 {
            put(b"0.");
            put(&ZEROS[..(-exponent - 1) as usize]);
            put(digits);
        } else {
            // The digits with the point inserted, padded with zeros to it.
            let point = exponent as usize + 1;
            let whole = &digits[..point.min(count)];
            put(whole);
            put(&ZEROS[..point - whole.len()]);
            put(b".");
            put(if point < count { &digits[point..] } else { b"0" });
        }
    }
    out.push_ascii(py, &repr[..len])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cpython_safe::testing::with_python;

    fn repr(py: Python<'_>, value: f64) -> String {
        let mut out = TextBuf::new();
        push_float_repr(py, &mut out, value).unwrap();
        match out {
            TextBuf::Ucs1(v) => String::from_utf8(v).unwrap(),
            _ => unreachable!(),
        }
    }

    #[test]
    fn float_repr_matches_python() {
        with_python(|py| {
            for (value, text) in [
                (0.0, "0.0"),
                (-0.0, "-0.0"),
                (1.0, "1.0"),
                (1.5, "1.5"),
                (0.1, "0.1"),
                (1e-4, "0.0001"),
                (1e-5, "1e-05"),
                (1e15, "1000000000000000.0"),
                (1e16, "1e+16"),
                (1.2345678901234566e-7, "1.2345678901234566e-07"),
                (5e-324, "5e-324"),
                (-2.5e-7, "-2.5e-07"),
                (12345.678, "12345.678"),
                (100.0, "100.0"),
                (-0.00123, "-0.00123"),
                (1.5e15, "1500000000000000.0"),
                (1e22, "1e+22"),
                (-1.5e-300, "-1.5e-300"),
            ] {
                assert_eq!(repr(py, value), text);
            }
        })
    }

    #[test]
    fn escapes() {
        with_python(|py| {
            let mut out: Vec<u8> = Vec::new();
            escape(py, "a\"\\\n\u{1}\u{7f}é".as_bytes(), &mut out, true).unwrap();
            assert_eq!(std::str::from_utf8(&out).unwrap(), "\"a\\\"\\\\\\n\\u0001\\u007f\\u00c3\\u00a9\"");
            let mut out: Vec<u16> = Vec::new();
            escape(py, &[0x1f600u32], &mut out, true).unwrap();
            assert_eq!(String::from_utf16(&out).unwrap(), "\"\\ud83d\\ude00\"");
        })
    }
}
