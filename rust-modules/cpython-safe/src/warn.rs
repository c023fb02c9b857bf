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

/// `PySys_Audit(event, "CO", code, obj)`: an audit event naming a
/// character and an object.
pub fn audit_char_object(event: &CStr, code: u8, obj: &PyAny) -> PyResult<()> {
    // SAFETY: a NUL-terminated event name and format, a C int for "C" and
    // a live object for "O", as the format says.
    checked(unsafe { ffi::PySys_Audit(event.as_ptr(), c"CO".as_ptr(), code as core::ffi::c_int, obj.as_ptr()) }, -1).map(|_| ())
}

/// `PySys_Audit(event, "O...", args...)`: an audit event with these
/// arguments, as the hooks see them (C's `"iO"`-style formats build the
/// same tuple).  As in C, the tuple is only built when a hook is installed.
pub fn audit(event: &CStr, args: &[&PyAny]) -> PyResult<()> {
    let event = event.as_ptr();
    let status = match *args {
        // SAFETY: a NUL-terminated event name, no arguments.
        [] => unsafe { ffi::PySys_Audit(event, core::ptr::null()) },
        // SAFETY: a NUL-terminated event name and format, a live object per "O".
        [a] => unsafe { ffi::PySys_Audit(event, c"O".as_ptr(), a.as_ptr()) },
        // SAFETY: as above.
        [a, b] => unsafe { ffi::PySys_Audit(event, c"OO".as_ptr(), a.as_ptr(), b.as_ptr()) },
        // SAFETY: as above.
        [a, b, c] => unsafe { ffi::PySys_Audit(event, c"OOO".as_ptr(), a.as_ptr(), b.as_ptr(), c.as_ptr()) },
        [first, ..] => {
            let args = crate::object::PyTuple::new(first.py(), args)?;
            // SAFETY: a NUL-terminated event name and a live tuple.
            unsafe { ffi::PySys_AuditTuple(event, args.as_ptr()) }
        }
    };
    checked(status, -1).map(|_| ())
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
