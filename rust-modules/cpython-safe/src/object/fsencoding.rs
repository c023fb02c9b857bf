//! Names that cross into the operating system in the filesystem encoding
//! (`surrogateescape` on POSIX), as C modules pass user and group names.

use core::ffi::CStr;

use crate::boundary::{PyErr, PyResult, Python};
use crate::ffi;
use crate::object::{Owned, PyBytes, PyStr};

impl PyStr {
    /// `PyUnicode_EncodeFSDefault(self)`.
    pub fn encode_fs_default(&self) -> PyResult<Owned<PyBytes>> {
        // SAFETY: a live str.
        let result = unsafe { ffi::PyUnicode_EncodeFSDefault(self.as_ptr()) };
        // SAFETY: a new bytes object or null with an exception set.
        unsafe { Owned::from_result(result) }
    }

    /// `PyUnicode_DecodeFSDefault(text)`.
    pub fn decode_fs_default(_py: Python<'_>, text: &CStr) -> PyResult<Owned<PyStr>> {
        let bytes = text.to_bytes();
        // SAFETY: `bytes.len()` readable bytes.
        let result = unsafe { ffi::PyUnicode_DecodeFSDefaultAndSize(bytes.as_ptr().cast(), bytes.len() as ffi::Py_ssize_t) };
        // SAFETY: a new str or null with an exception set.
        unsafe { Owned::from_result(result) }
    }
}

impl PyBytes {
    /// The bytes as a C string, as `PyBytes_AsStringAndSize(self, &s,
    /// NULL)` gives it: `ValueError: embedded null byte` if one is inside.
    pub fn as_c_str(&self) -> PyResult<&CStr> {
        let mut data = core::ptr::null_mut();
        // SAFETY: a live bytes object; the data pointer is written, and -1
        // returned with an exception set when a NUL is inside.
        if unsafe { ffi::PyBytes_AsStringAndSize(self.as_ptr(), &mut data, core::ptr::null_mut()) } < 0 {
            return Err(PyErr::fetched());
        }
        // SAFETY: the object's NUL-terminated bytes, without a NUL inside,
        // immutable and alive while `self` is borrowed.
        Ok(unsafe { CStr::from_ptr(data) })
    }
}
