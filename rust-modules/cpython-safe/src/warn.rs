//! Warnings, and the few more built-in exceptions and conversions that
//! `array` needs.

use core::ffi::{c_longlong, CStr};

use crate::boundary::PyResult;
use crate::ffi;
use crate::object::int::checked;
use crate::object::PyAny;
use crate::boundary::Python;

/// `PyErr_WarnEx(DeprecationWarning, message, stacklevel)`: an error if
/// the warning filters turn it into one.
pub fn deprecation(_py: Python<'_>, message: &CStr, stacklevel: isize) -> PyResult<()> {
    // SAFETY: CPython sets the exception classes at start-up and never
    // changes them.
    let category = unsafe { ffi::PyExc_DeprecationWarning };
    // SAFETY: a live class and a NUL-terminated message, GIL held.
    checked(unsafe { ffi::PyErr_WarnEx(category, message.as_ptr(), stacklevel) }, -1).map(|_| ())
}

impl PyAny {
    /// `PyLong_AsLongLong`: an int, or an object with `__index__`.
    pub fn to_c_longlong(&self) -> PyResult<c_longlong> {
        // SAFETY: a live object, GIL held.
        checked(unsafe { ffi::PyLong_AsLongLong(self.as_ptr()) }, -1)
    }
}

impl PyAny {
    /// Whether this is a `bytearray` (or subclass instance).
    pub fn is_bytearray(&self) -> bool {
        let bytearray_type = &raw mut ffi::PyByteArray_Type;
        // SAFETY: both are live types.
        unsafe { ffi::PyType_IsSubtype(self.type_ptr(), bytearray_type) != 0 }
    }

    /// `_PyEval_SliceIndexNotNone`: an index clamped to the `Py_ssize_t`
    /// range ("slice indices must be integers or have an __index__ method").
    pub fn slice_index(&self) -> PyResult<isize> {
        if !self.has_index() {
            return Err(crate::exc::type_error(self.py(), "slice indices must be integers or have an __index__ method"));
        }
        // SAFETY: a live object; a null class asks for clamping.
        checked(unsafe { ffi::PyNumber_AsSsize_t(self.as_ptr(), core::ptr::null_mut()) }, -1)
    }
}

impl crate::object::PyType {
    /// `PyType_IsSubtype(self, other)`.
    pub fn is_subtype(&self, other: &crate::object::PyType) -> bool {
        // SAFETY: two live types.
        unsafe { ffi::PyType_IsSubtype(self.as_ptr() as *mut ffi::PyTypeObject, other.as_ptr() as *mut ffi::PyTypeObject) != 0 }
    }
}

impl crate::object::PyStr {
    /// `bytes.decode('utf-32')` in native byte order, strict
    /// (`PyUnicode_DecodeUTF32`).
    pub fn decode_utf32_native(_py: Python<'_>, data: &[u8]) -> PyResult<crate::object::Owned<crate::object::PyStr>> {
        let mut byteorder: core::ffi::c_int = 0;
        // SAFETY: `data.len()` readable bytes, no error handler name, and a
        // valid byte-order flag.
        let result = unsafe { ffi::PyUnicode_DecodeUTF32(data.as_ptr().cast(), data.len() as ffi::Py_ssize_t, core::ptr::null(), &mut byteorder) };
        // SAFETY: `PyUnicode_DecodeUTF32` returns a new reference or null
        // with an exception set.
        unsafe { crate::object::Owned::from_result(result) }
    }
}
