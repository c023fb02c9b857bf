//! getargs.c's integer units (`PyArg_Parse*`'s `"i"`, `"b"`, `"I"`) for one
//! object, with their errors: for C functions that parse outside clinic
//! (fcntl's `"I"` and `"i"` after `"s#"`, `_lzma`'s filter specs); the
//! argument converters [`GetargsInt`](super::GetargsInt),
//! [`UnsignedByte`](super::UnsignedByte) and
//! [`BitwiseU32`](super::BitwiseU32) are these.

use core::ffi::{c_int, c_uint};

use crate::boundary::{PyErr, PyResult};
use crate::exc;
use crate::ffi;
use crate::object::PyAny;

/// Format `"I"`: the value modulo 2**32 (`PyLong_AsUnsignedLongMask`,
/// `__index__` for a non-int).
pub fn unsigned_int_bitfield(obj: &PyAny) -> PyResult<c_uint> {
    // SAFETY: a live object, GIL held.
    let value = unsafe { ffi::PyLong_AsUnsignedLongMask(obj.as_ptr()) };
    // SAFETY: GIL held.
    if value == core::ffi::c_ulong::MAX && !unsafe { ffi::PyErr_Occurred() }.is_null() {
        return Err(PyErr::fetched());
    }
    Ok(value as c_uint)
}

/// Format `"i"`: `PyLong_AsLong`, then "signed integer is greater than
/// maximum" / "less than minimum" (OverflowError) outside a C int.
pub fn int(obj: &PyAny) -> PyResult<c_int> {
    let value = obj.to_c_long()?;
    c_int::try_from(value).map_err(|_| out_of_range(obj, "signed integer", value))
}

/// Format `"b"`: `PyLong_AsLong`, then "unsigned byte integer is less than
/// minimum" / "greater than maximum" (OverflowError) outside 0..=255.
pub fn unsigned_byte(obj: &PyAny) -> PyResult<u8> {
    let value = obj.to_c_long()?;
    u8::try_from(value).map_err(|_| out_of_range(obj, "unsigned byte integer", value))
}

#[cold]
fn out_of_range(obj: &PyAny, what: &str, value: core::ffi::c_long) -> PyErr {
    let bound = if value > 0 { "greater than maximum" } else { "less than minimum" };
    exc::overflow_error(obj.py(), &format!("{what} is {bound}"))
}
