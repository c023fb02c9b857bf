//! A `str` as a C string, for C library calls that take one (`syslog`,
//! `openlog`).

use core::ffi::CStr;
use std::ffi::CString;

use crate::alloc::try_with_capacity;
use crate::boundary::{PyErr, PyResult, Python};
use crate::ffi;
use crate::object::PyStr;

impl PyStr {
    /// `PyUnicode_AsUTF8`: the text as UTF-8, cached in the str and valid
    /// while it lives, as the C string a C function sees (up to the first
    /// NUL character); UnicodeEncodeError for a lone surrogate.
    pub fn to_c_str(&self) -> PyResult<&CStr> {
        let (text, _) = self.utf8_with_len()?;
        Ok(text)
    }

    /// `PyArg_Parse`'s `"s"` (`_PyUnicode_AsUTF8NoNUL`): as [`to_c_str`],
    /// and ValueError "embedded null character" for a NUL in the text.
    ///
    /// [`to_c_str`]: PyStr::to_c_str
    pub fn to_c_str_no_nul(&self) -> PyResult<&CStr> {
        let (text, len) = self.utf8_with_len()?;
        if text.count_bytes() != len {
            return Err(crate::exc::value_error(self.py(), "embedded null character"));
        }
        Ok(text)
    }

    fn utf8_with_len(&self) -> PyResult<(&CStr, usize)> {
        let mut len: ffi::Py_ssize_t = 0;
        // SAFETY: a live str; the UTF-8 copy is owned by the str object.
        let data = unsafe { ffi::PyUnicode_AsUTF8AndSize(self.as_ptr(), &mut len) };
        if data.is_null() {
            return Err(PyErr::fetched());
        }
        // SAFETY: a NUL-terminated string owned by the str, alive as long
        // as `self`.
        Ok((unsafe { CStr::from_ptr(data) }, len as usize))
    }
}

/// An owned copy of `text` (MemoryError when there is no memory for it),
/// for a C library that keeps the pointer.
pub fn try_c_string(py: Python<'_>, text: &CStr) -> PyResult<CString> {
    let bytes = text.to_bytes_with_nul();
    let mut copy = try_with_capacity(py, bytes.len())?;
    copy.extend_from_slice(bytes);
    Ok(CString::from_vec_with_nul(copy).expect("a C string's bytes end with their only NUL"))
}
