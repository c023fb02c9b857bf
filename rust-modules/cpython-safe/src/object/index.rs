//! Clinic's `Py_ssize_t` converters, with their exact errors.

use crate::call::{ArgRef, FromArg};
use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::object::{Owned, PyAny};

/// A C API result that is -1 with an exception set on failure.
#[inline(always)]
fn checked(value: ffi::Py_ssize_t) -> PyResult<isize> {
    // SAFETY: GIL held.
    if value == -1 && !unsafe { ffi::PyErr_Occurred() }.is_null() {
        return Err(PyErr::fetched());
    }
    Ok(value)
}

/// `PyLong_AsSsize_t` of an int: "Python int too large to convert to C
/// ssize_t".  A compact int (the usual index) is read inline.
#[inline(always)]
fn int_as_ssize_t(int: &PyAny) -> PyResult<isize> {
    if let Some(value) = int.compact_int() {
        return Ok(value);
    }
    // SAFETY: a live int, GIL held.
    checked(unsafe { ffi::PyLong_AsSsize_t(int.as_ptr()) })
}

/// `Py_ssize_t`: an int, or an object with `__index__` ("'str' object cannot
/// be interpreted as an integer"); OverflowError out of range.
impl<'a> FromArg<'a> for isize {
    #[inline(always)]
    fn from_arg(obj: &'a PyAny, _: ArgRef) -> PyResult<Self> {
        // SAFETY: a live object.
        if unsafe { ffi::PyLong_Check(obj.as_ptr()) } {
            return int_as_ssize_t(obj);
        }
        // SAFETY: a live object.
        let result = unsafe { ffi::PyNumber_Index(obj.as_ptr()) };
        // SAFETY: `PyNumber_Index` returns a new reference to an int or null
        // with an exception set.
        let index = unsafe { Owned::<PyAny>::from_result(result) }?;
        int_as_ssize_t(&index)
    }
}

/// `Py_ssize_t(accept={int, NoneType})`: `None` for None, else an object
/// with `__index__` ("argument should be integer or None, not 'str'"),
/// OverflowError "cannot fit 'int' into an index-sized integer" out of range
/// (`_Py_convert_optional_to_ssize_t`).
impl<'a> FromArg<'a> for Option<isize> {
    #[inline(always)]
    fn from_arg(obj: &'a PyAny, _: ArgRef) -> PyResult<Self> {
        if obj.is_none() {
            return Ok(None);
        }
        // SAFETY: a live object.
        if unsafe { ffi::PyIndex_Check(obj.as_ptr()) } == 0 {
            // SAFETY: CPython sets the exception classes at start-up and never
            // changes them.
            let type_error = unsafe { ffi::PyExc_TypeError };
            // SAFETY: the live type of a live object.
            let type_name = unsafe { (*obj.type_ptr()).tp_name };
            // SAFETY: a format with one %s, given the type's NUL-terminated name.
            unsafe { ffi::PyErr_Format(type_error, c"argument should be integer or None, not '%.200s'".as_ptr(), type_name) };
            return Err(PyErr::fetched());
        }
        // SAFETY: CPython sets the exception classes at start-up and never
        // changes them.
        let overflow_error = unsafe { ffi::PyExc_OverflowError };
        // SAFETY: a live object with __index__; OverflowError out of range.
        checked(unsafe { ffi::PyNumber_AsSsize_t(obj.as_ptr(), overflow_error) }).map(Some)
    }
}
