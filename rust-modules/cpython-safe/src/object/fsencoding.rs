//! Names that cross into the operating system in the filesystem encoding
//! (`surrogateescape` on POSIX), as C modules pass user and group names.

use core::ffi::CStr;

use crate::boundary::{PyErr, PyResult, Python};
use crate::ffi;
use crate::object::{Owned, PyAny, PyBytes, PyStr};

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

impl PyAny {
    /// The object as a file system path in bytes (`PyUnicode_FSConverter`):
    /// a str encoded with the file system encoding, bytes as they are, or
    /// the result of `__fspath__`; TypeError for anything else, ValueError
    /// "embedded null byte".
    pub fn fs_encode(&self) -> PyResult<Owned> {
        let mut result = core::ptr::null_mut::<ffi::PyObject>();
        // SAFETY: a live object; on success `result` holds a new reference to
        // a bytes object.
        if unsafe { ffi::PyUnicode_FSConverter(self.as_ptr(), (&raw mut result).cast()) } == 0 {
            return Err(PyErr::fetched());
        }
        // SAFETY: a new reference (set on success).
        unsafe { Owned::from_result(result) }
    }
}
