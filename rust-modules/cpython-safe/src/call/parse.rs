//! `PyArg_Parse(obj, format)` for one object and the integer formats C
//! modules still parse that way after trying another (fcntl's `"I"` and
//! `"i"` after `"s#"`), with getargs.c's errors.

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
    c_int::try_from(value).map_err(|_| {
        let message = if value > 0 { "signed integer is greater than maximum" } else { "signed integer is less than minimum" };
        exc::overflow_error(obj.py(), message)
    })
}
