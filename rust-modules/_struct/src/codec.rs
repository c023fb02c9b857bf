//! Packing and unpacking of the items of a compiled format, with the
//! exceptions and messages of C's per-code routines.
//!
//! Packing writes into cells: `pack_into` packs in place, into a buffer
//! that an item's `__index__` may read or write meanwhile, as in C.

use core::cell::Cell;
use core::ops::Range;

use cpython_safe::buffer::HeldBytes;

use cpython_safe::object::binary::{pack_half, unpack_half};
use cpython_safe::object::number::Overflow;
use cpython_safe::prelude::*;

use crate::format::{Code, Kind, Layout, Mode};

/// Writes an item's bytes into `out`, its place of exactly `N` bytes.
#[inline(always)]
fn store<const N: usize>(out: &[Cell<u8>], bytes: [u8; N]) {
    let out: &[Cell<u8>; N] = out.try_into().expect("item size");
    for (cell, byte) in out.iter().zip(bytes) {
        cell.set(byte);
    }
}

/// The low `out.len()` (1, 2, 4 or 8) bytes of `word`.
#[inline(always)]
fn write_word(out: &[Cell<u8>], word: u64, little: bool) {
    macro_rules! write {
        ($t:ty) => {
            store(out, if little { (word as $t).to_le_bytes() } else { (word as $t).to_be_bytes() })
        };
    }
    match out.len() {
        1 => write!(u8),
        2 => write!(u16),
        4 => write!(u32),
        8 => write!(u64),
        n => unreachable!("no {n}-byte integers"),
    }
}

/// The `N` bytes of a field at `at`, copied out of the held buffer one
/// field at a time as C reads them in place: no Python code runs while
/// `read` lends the slice, and a write between two fields' reads (which C
/// would see) is seen too.
#[inline(always)]
fn field<const N: usize>(data: &HeldBytes, at: usize) -> [u8; N] {
    data.read(|bytes| bytes[at..at + N].try_into().expect("a field in bounds"))
}

/// A bytes object of the held bytes `range` (an empty or one-byte one is
/// CPython's shared object, as C's).
fn bytes_of(py: Python<'_>, data: &HeldBytes, range: Range<usize>) -> PyResult<Owned> {
    let len = range.len();
    match len {
        0 => return Ok(PyBytes::new(py, b"")?.into_any()),
        1 => return Ok(PyBytes::new(py, &field::<1>(data, range.start))?.into_any()),
        _ => {}
    }
    let bytes = PyBytes::new_with(py, len, |out| {
        data.read(|bytes| out.copy_from_slice(&bytes[range]));
        Ok(len)
    })?;
    Ok(bytes.into_any())
}

/// The value of one unpacked item, at `at` in `data`.
#[inline(always)]
fn unpack_item(py: Python<'_>, code: &Code, data: &HeldBytes, at: usize) -> PyResult<Owned> {
    let little = code.little_endian;
    macro_rules! number {
        ($t:ty) => {{
            let bytes = field::<{ size_of::<$t>() }>(data, at);
            if little {
                <$t>::from_le_bytes(bytes)
            } else {
                <$t>::from_be_bytes(bytes)
            }
        }};
    }
    Ok(match code.kind {
        Kind::I8 => PyInt::from_i64(py, number!(i8).into())?.into_any(),
        Kind::U8 => PyInt::from_i64(py, number!(u8).into())?.into_any(),
        Kind::I16 => PyInt::from_i64(py, number!(i16).into())?.into_any(),
        Kind::U16 => PyInt::from_i64(py, number!(u16).into())?.into_any(),
        Kind::I32 => PyInt::from_i64(py, number!(i32).into())?.into_any(),
        Kind::U32 => PyInt::from_i64(py, number!(u32).into())?.into_any(),
        Kind::I64 => PyInt::from_i64(py, number!(i64))?.into_any(),
        Kind::U64 => PyInt::from_u64(py, number!(u64))?.into_any(),
        Kind::Pointer => PyInt::from_u64(py, number!(usize) as u64)?.into_any(),
        Kind::Double => PyFloat::new(py, number!(f64))?.into_any(),
        Kind::Float => PyFloat::new(py, number!(f32).into())?.into_any(),
        Kind::Half => PyFloat::new(py, unpack_half(py, field(data, at), little)?)?.into_any(),
        Kind::Bool => py.bool(field::<1>(data, at)[0] != 0),
        Kind::Char | Kind::Str => bytes_of(py, data, at..at + code.size)?,
        Kind::Pascal => {
            let len = match code.size {
                0 => 0,
                size => usize::from(field::<1>(data, at)[0]).min(size - 1),
            };
            bytes_of(py, data, at + 1..at + 1 + len)?
        }
    })
}

/// The items of `layout` unpacked from the held bytes at `start` (at least
/// `layout.size` of them).
pub fn unpack(py: Python<'_>, layout: &Layout, data: &HeldBytes, start: usize) -> PyResult<Owned<PyTuple>> {
    PyTuple::build(py, layout.len, |tuple| {
        for code in layout.codes.iter() {
            let mut at = start + code.offset;
            for _ in 0..code.repeat {
                tuple.push(unpack_item(py, code, data, at)?);
                at += code.size;
            }
        }
        Ok(())
    })
}

/// The int of an integer item: the object itself or its `__index__`
/// (C's `get_pylong`).
fn integer_of(value: &PyAny, error: &PyType) -> PyResult<Owned<PyInt>> {
    if !value.is_int() && !value.has_index() {
        return Err(PyErr::new(error, "required argument is not an integer"));
    }
    PyInt::from_index(value)
}

/// `"'h' format requires -32768 <= number <= 32767"`.
#[cold]
fn range_error(code: &Code, error: &PyType) -> PyErr {
    let bits = 8 * code.size as u32;
    let message = if code.kind.is_signed() {
        let largest = i64::MAX >> (64 - bits);
        format!("'{}' format requires {} <= number <= {}", code.format as char, !largest, largest)
    } else {
        format!("'{}' format requires 0 <= number <= {}", code.format as char, u64::MAX >> (64 - bits))
    };
    PyErr::new(error, &message)
}

/// The bytes of an integer item, or `None` when it is out of range.
#[inline]
fn integer_word(code: &Code, int: &PyInt) -> PyResult<Option<u64>> {
    let bits = 8 * code.size as u32;
    let signed = code.kind.is_signed();
    Ok(match int.to_c_longlong_or_overflow()? {
        Ok(value) if signed => {
            let largest = i64::MAX >> (64 - bits);
            (!largest..=largest).contains(&value).then_some(value as u64)
        }
        Ok(value) => (value >= 0 && value as u64 <= u64::MAX >> (64 - bits)).then_some(value as u64),
        Err(Overflow::Positive) if !signed && bits == 64 => match int.to_u64() {
            Ok(value) => Some(value),
            Err(err) => {
                err.clear();
                None
            }
        },
        Err(_) => None,
    })
}

/// The value of a float item (`PyFloat_AsDouble`, any failure being
/// "required argument is not a float").
#[inline]
fn float_of(value: &PyAny, error: &PyType) -> PyResult<f64> {
    value.to_f64().map_err(|_| PyErr::new(error, "required argument is not a float"))
}

/// Packs the usual items, which need no Python code and cannot fail: an
/// int small enough for CPython's compact form, in the code's range, or an
/// exact float for `d` and `f`.  Returns `None`, having written nothing,
/// for any other.
#[inline(always)]
fn pack_plain(code: &Code, value: &PyAny, out: &[Cell<u8>]) -> Option<()> {
    let little = code.little_endian;
    macro_rules! int {
        ($t:ty) => {{
            let x = <$t>::try_from(value.compact_int()?).ok()?;
            store(out, if little { x.to_le_bytes() } else { x.to_be_bytes() })
        }};
    }
    match code.kind {
        Kind::I8 => int!(i8),
        Kind::U8 => int!(u8),
        Kind::I16 => int!(i16),
        Kind::U16 => int!(u16),
        Kind::I32 => int!(i32),
        Kind::U32 => int!(u32),
        Kind::I64 => int!(i64),
        Kind::U64 => int!(u64),
        Kind::Double => {
            let x = PyFloat::exact(value)?.value();
            store(out, if little { x.to_le_bytes() } else { x.to_be_bytes() })
        }
        Kind::Float => {
            let y = float_to_f32(code, PyFloat::exact(value)?.value())?;
            store(out, if little { y.to_le_bytes() } else { y.to_be_bytes() })
        }
        _ => return None,
    }
    Some(())
}

/// A float item's value as an `f`: native floats are a plain C cast; the
/// standard ones refuse to overflow to infinity (`None`, PyFloat_Pack4).
#[inline(always)]
fn float_to_f32(code: &Code, x: f64) -> Option<f32> {
    let y = x as f32;
    (code.mode == Mode::Native || !y.is_infinite() || x.is_infinite()).then_some(y)
}

/// Writes the item `value` into `out` (the item's `code.size` bytes): any
/// item, with C's conversions and errors.
#[inline(never)]
fn pack_item(code: &Code, value: &PyAny, out: &[Cell<u8>], error: &PyType) -> PyResult<()> {
    let py = value.py();
    let little = code.little_endian;
    match code.kind {
        Kind::I8 | Kind::U8 | Kind::I16 | Kind::U16 | Kind::I32 | Kind::U32 | Kind::I64 | Kind::U64 => {
            let mut index = None;
            // An int needs neither __index__ nor a new reference.
            let int = match value.downcast::<PyInt>() {
                Some(int) => int,
                None => match integer_of(value, error) {
                    Ok(int) => index.insert(int),
                    // An OverflowError of __index__ is a range error, except for
                    // the standard big-endian long longs (C's _PyLong_AsByteArray path).
                    Err(err) if err.matches(exc::OverflowError(py)) && !(code.mode == Mode::Big && code.size == 8) => {
                        return Err(range_error(code, error));
                    }
                    Err(err) => return Err(err),
                },
            };
            write_word(out, integer_word(code, int)?.ok_or_else(|| range_error(code, error))?, little);
        }
        Kind::Double => {
            let x = float_of(value, error)?;
            store(out, if little { x.to_le_bytes() } else { x.to_be_bytes() });
        }
        Kind::Float => {
            let y = float_to_f32(code, float_of(value, error)?)
                .ok_or_else(|| exc::overflow_error(py, "float too large to pack with f format"))?;
            store(out, if little { y.to_le_bytes() } else { y.to_be_bytes() });
        }
        Kind::Half => store(out, pack_half(py, float_of(value, error)?, little)?),
        Kind::Bool => out[0].set(value.is_true()? as u8),
        Kind::Char => match value.downcast::<PyBytes>().map(PyBytes::as_bytes) {
            Some(&[byte]) => out[0].set(byte),
            _ => return Err(PyErr::new(error, "char format requires a bytes object of length 1")),
        },
        Kind::Pointer => {
            write_word(out, integer_of(value, error)?.to_void_ptr()? as u64, little);
        }
        Kind::Str => {
            let not_bytes = || PyErr::new(error, "argument for 's' must be a bytes object");
            value.copy_byte_string_to_cells(out).ok_or_else(not_bytes)?;
        }
        Kind::Pascal => {
            let not_bytes = || PyErr::new(error, "argument for 'p' must be a bytes object");
            let len = value.copy_byte_string_to_cells(out.get(1..).unwrap_or_default()).ok_or_else(not_bytes)?;
            if let Some(first) = out.first() {
                first.set(len.min(code.size - 1).min(255) as u8);
            }
        }
    }
    Ok(())
}

/// Packs `values` (exactly `layout.len` of them) into `out`, as C does:
/// zeroes `layout.size` bytes and packs the items in place, so that on
/// failure the items before the failing one are written.
#[inline(always)]
pub fn pack<'v>(
    layout: &Layout,
    mut values: impl Iterator<Item = &'v PyAny>,
    out: &[Cell<u8>],
    error: &PyType,
) -> PyResult<()> {
    let out = &out[..layout.size];
    // Plain items run no Python code and write all their bytes, so no one
    // can tell when the other bytes are zeroed, as long as it is before
    // the first other item: when items cover every byte, only those from
    // that item on, if any.
    let mut zeroed = !layout.no_gaps;
    if zeroed {
        zero(out);
    }
    for code in layout.codes.iter() {
        let mut at = code.offset;
        for _ in 0..code.repeat {
            let value = values.next().expect("as many values as items");
            let item = &out[at..at + code.size];
            if pack_plain(code, value, item).is_none() {
                if !zeroed {
                    // Without gaps, the bytes before this item are the items before.
                    zero(&out[at..]);
                    zeroed = true;
                }
                pack_item(code, value, item, error).map_err(|err| int_overflow(value, err, error))?;
            }
            at += code.size;
        }
    }
    Ok(())
}

fn zero(bytes: &[Cell<u8>]) {
    bytes.iter().for_each(|byte| byte.set(0));
}

/// An int that overflows a C conversion ('P', or a float too large for
/// 'e' or 'f') is "int too large to convert".
#[cold]
fn int_overflow(value: &PyAny, err: PyErr, error: &PyType) -> PyErr {
    let py = value.py();
    if value.is_int() && err.matches(exc::OverflowError(py)) {
        PyErr::new(error, "int too large to convert")
    } else {
        err
    }
}
