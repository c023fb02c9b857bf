//! Packing and unpacking of the items of a compiled format, with the
//! exceptions and messages of C's per-code routines.

use cpython_safe::binary::{pack_half, unpack_half};
use cpython_safe::number::Overflow;
use cpython_safe::prelude::*;

use crate::format::{Code, Kind, Layout, Mode};

/// Raises `struct.error(message)`.
fn struct_error(error: &PyType, message: &str) -> PyErr {
    PyErr::new(error, message)
}

/// An unsigned integer of 1, 2, 4 or 8 bytes.
#[inline(always)]
fn read_word(data: &[u8], little: bool) -> u64 {
    macro_rules! read {
        ($t:ty) => {{
            let bytes = data.try_into().expect("item size");
            (if little { <$t>::from_le_bytes(bytes) } else { <$t>::from_be_bytes(bytes) }) as u64
        }};
    }
    match data.len() {
        1 => data[0] as u64,
        2 => read!(u16),
        4 => read!(u32),
        8 => read!(u64),
        n => unreachable!("no {n}-byte integers"),
    }
}

/// The low `out.len()` (1, 2, 4 or 8) bytes of `word`.
#[inline(always)]
fn write_word(out: &mut [u8], word: u64, little: bool) {
    macro_rules! write {
        ($t:ty) => {
            out.copy_from_slice(&if little { (word as $t).to_le_bytes() } else { (word as $t).to_be_bytes() })
        };
    }
    match out.len() {
        1 => out[0] = word as u8,
        2 => write!(u16),
        4 => write!(u32),
        8 => write!(u64),
        n => unreachable!("no {n}-byte integers"),
    }
}

/// The value of one unpacked item (`data` is its `code.size` bytes).
#[inline]
fn unpack_item(code: &Code, data: &[u8]) -> PyResult<Owned> {
    let little = code.little_endian;
    Ok(match code.kind {
        Kind::Signed => {
            let shift = 64 - 8 * data.len() as u32;
            PyInt::from_i64(((read_word(data, little) << shift) as i64) >> shift)?.into_any()
        }
        Kind::Unsigned | Kind::Pointer => PyInt::from_u64(read_word(data, little))?.into_any(),
        Kind::Double => {
            let bytes = data.try_into().expect("8 bytes");
            PyFloat::new(if little { f64::from_le_bytes(bytes) } else { f64::from_be_bytes(bytes) })?.into_any()
        }
        Kind::Float => {
            let bytes = data.try_into().expect("4 bytes");
            PyFloat::new(if little { f32::from_le_bytes(bytes) } else { f32::from_be_bytes(bytes) } as f64)?.into_any()
        }
        Kind::Half => PyFloat::new(unpack_half([data[0], data[1]], little)?)?.into_any(),
        Kind::Bool => Owned::from(data[0] != 0),
        Kind::Char | Kind::Str => PyBytes::new(data)?.into_any(),
        Kind::Pascal => {
            let n = match data.split_first() {
                Some((&len, rest)) => &rest[..(len as usize).min(rest.len())],
                None => &[][..],
            };
            PyBytes::new(n)?.into_any()
        }
    })
}

/// The items of `layout` unpacked from `data` (exactly `layout.size` bytes).
pub fn unpack(layout: &Layout, data: &[u8]) -> PyResult<Owned<PyTuple>> {
    let data = &data[..layout.size];
    PyTuple::build(layout.len, |tuple| {
        for code in layout.codes.iter() {
            let mut at = code.offset;
            for _ in 0..code.repeat {
                tuple.push(unpack_item(code, &data[at..at + code.size])?);
                at += code.size;
            }
        }
        Ok(())
    })
}

/// The int of an integer item: the object itself or its `__index__`
/// (C's `get_pylong`).
fn integer_of(value: &PyAny, error: &PyType) -> PyResult<Owned> {
    if value.is_int() {
        return Ok(value.to_owned());
    }
    if !value.has_index() {
        return Err(struct_error(error, "required argument is not an integer"));
    }
    Ok(PyInt::from_index(value)?.into_any())
}

fn as_int(int: &PyAny) -> &PyInt {
    int.downcast::<PyInt>().expect("an int")
}

/// `"'h' format requires -32768 <= number <= 32767"`.
#[cold]
fn range_error(code: &Code, error: &PyType) -> PyErr {
    let bits = 8 * code.size as u32;
    let message = if code.kind == Kind::Unsigned {
        format!("'{}' format requires 0 <= number <= {}", code.format as char, u64::MAX >> (64 - bits))
    } else {
        let largest = i64::MAX >> (64 - bits);
        format!("'{}' format requires {} <= number <= {}", code.format as char, !largest, largest)
    };
    struct_error(error, &message)
}

/// The bytes of an integer item, or `None` when it is out of range.
#[inline]
fn integer_word(code: &Code, int: &PyInt) -> PyResult<Option<u64>> {
    let bits = 8 * code.size as u32;
    Ok(match (code.kind, int.to_c_longlong_or_overflow()?) {
        (Kind::Signed, Ok(value)) => {
            let largest = i64::MAX >> (64 - bits);
            (!largest..=largest).contains(&value).then_some(value as u64)
        }
        (_, Ok(value)) => (value >= 0 && value as u64 <= u64::MAX >> (64 - bits)).then_some(value as u64),
        (Kind::Unsigned, Err(Overflow::Positive)) if bits == 64 => match int.to_u64() {
            Ok(value) => Some(value),
            Err(err) => {
                err.clear();
                None
            }
        },
        (_, Err(_)) => None,
    })
}

/// The value of a float item (`PyFloat_AsDouble`, any failure being
/// "required argument is not a float").
#[inline]
fn float_of(value: &PyAny, error: &PyType) -> PyResult<f64> {
    value.to_f64().map_err(|_| struct_error(error, "required argument is not a float"))
}

/// Writes the item `value` into `out` (the item's `code.size` bytes).
#[inline]
fn pack_item(code: &Code, value: &PyAny, out: &mut [u8], error: &PyType) -> PyResult<()> {
    let little = code.little_endian;
    match code.kind {
        Kind::Signed | Kind::Unsigned => {
            // An int, the usual case, needs neither __index__ nor a new reference.
            if let Some(int) = value.downcast::<PyInt>() {
                return match integer_word(code, int)? {
                    Some(word) => Ok(write_word(out, word, little)),
                    None => Err(range_error(code, error)),
                };
            }
            let int = match integer_of(value, error) {
                Ok(int) => int,
                // An OverflowError of __index__ is a range error, except for
                // the standard big-endian long longs (C's _PyLong_AsByteArray path).
                Err(err) if err.matches(exc::OverflowError()) && !(code.mode == Mode::Big && code.size == 8) => {
                    return Err(range_error(code, error));
                }
                Err(err) => return Err(err),
            };
            match integer_word(code, as_int(&int))? {
                Some(word) => write_word(out, word, little),
                None => return Err(range_error(code, error)),
            }
        }
        Kind::Double => {
            let x = float_of(value, error)?;
            out.copy_from_slice(&if little { x.to_le_bytes() } else { x.to_be_bytes() });
        }
        Kind::Float => {
            let x = float_of(value, error)?;
            let y = x as f32;
            // Native floats are a plain C cast; the standard ones refuse to
            // overflow to infinity (PyFloat_Pack4).
            if code.mode != Mode::Native && y.is_infinite() && !x.is_infinite() {
                return Err(exc::overflow_error("float too large to pack with f format"));
            }
            out.copy_from_slice(&if little { y.to_le_bytes() } else { y.to_be_bytes() });
        }
        Kind::Half => out.copy_from_slice(&pack_half(float_of(value, error)?, little)?),
        Kind::Bool => out[0] = value.is_true()? as u8,
        Kind::Char => match value.downcast::<PyBytes>().map(PyBytes::as_bytes) {
            Some(&[byte]) => out[0] = byte,
            _ => return Err(struct_error(error, "char format requires a bytes object of length 1")),
        },
        Kind::Pointer => {
            let int = integer_of(value, error)?;
            write_word(out, as_int(&int).to_void_ptr()? as u64, little);
        }
        Kind::Str => {
            if value.copy_byte_string(out).is_none() {
                return Err(struct_error(error, "argument for 's' must be a bytes object"));
            }
        }
        Kind::Pascal => {
            let Some(len) = value.copy_byte_string(out.get_mut(1..).unwrap_or_default()) else {
                return Err(struct_error(error, "argument for 'p' must be a bytes object"));
            };
            if let Some(first) = out.first_mut() {
                *first = len.min(code.size - 1).min(255) as u8;
            }
        }
    }
    Ok(())
}

/// Packs `values` (exactly `layout.len` of them) into `out`, which holds
/// `layout.size` zero bytes.  On failure, the items before the failing one
/// are already written (as in C, which packs in place).
pub fn pack<'v>(
    layout: &Layout,
    mut values: impl Iterator<Item = &'v PyAny>,
    out: &mut [u8],
    error: &PyType,
) -> PyResult<()> {
    let out = &mut out[..layout.size];
    for code in layout.codes.iter() {
        let mut at = code.offset;
        for _ in 0..code.repeat {
            let value = values.next().expect("as many values as items");
            if let Err(err) = pack_item(code, value, &mut out[at..at + code.size], error) {
                return Err(int_overflow(value, err, error));
            }
            at += code.size;
        }
    }
    Ok(())
}

/// An int that overflows a C conversion ('P', or a float too large for
/// 'e' or 'f') is "int too large to convert".
#[cold]
fn int_overflow(value: &PyAny, err: PyErr, error: &PyType) -> PyErr {
    if value.is_int() && err.matches(exc::OverflowError()) {
        struct_error(error, "int too large to convert")
    } else {
        err
    }
}
