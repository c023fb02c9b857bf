//! The buffer protocol, consumer side.

use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::object::{PyAny, PyBytes};

/// The bytes of a bytes-like object, for as long as this value lives.
///
/// `bytes` itself is borrowed directly (it is immutable and the caller keeps
/// it alive); any other exporter is asked for a simple contiguous buffer,
/// released on drop.  While the buffer is held the exporter cannot resize
/// (a `bytearray` raises `BufferError`).
pub struct BytesLike<'a> {
    data: &'a [u8],
    // Boxed so the Py_buffer never moves between getbuffer and release.
    view: Option<Box<ffi::Py_buffer>>,
}

impl<'a> BytesLike<'a> {
    /// `PyObject_GetBuffer(obj, PyBUF_SIMPLE)`: "a bytes-like object is
    /// required, not 'str'" for anything else.
    #[inline]
    pub fn new(obj: &'a PyAny) -> PyResult<Self> {
        // SAFETY: a live object.
        if unsafe { ffi::PyBytes_CheckExact(obj.as_ptr()) } {
            let bytes = obj.downcast::<PyBytes>().expect("exact bytes");
            return Ok(BytesLike { data: bytes.as_bytes(), view: None });
        }
        Self::from_exporter(obj)
    }

    /// Borrowed bytes (e.g. the characters of an ASCII `str`) that stay
    /// valid for `'a`.
    #[inline(always)]
    pub fn borrowed(data: &'a [u8]) -> Self {
        BytesLike { data, view: None }
    }

    fn from_exporter(obj: &'a PyAny) -> PyResult<Self> {
        // SAFETY: Py_buffer is plain data, filled in by the exporter.
        let mut view: Box<ffi::Py_buffer> = Box::new(unsafe { core::mem::zeroed() });
        // SAFETY: a live object and a writable view; PyBUF_SIMPLE asks for
        // `len` contiguous bytes at `buf`.
        if unsafe { ffi::PyObject_GetBuffer(obj.as_ptr(), &mut *view, ffi::PyBUF_SIMPLE as i32) } != 0 {
            return Err(PyErr::fetched());
        }
        let data = if view.len == 0 {
            &[][..]
        } else {
            // SAFETY: the exporter guarantees `len` readable bytes at `buf`
            // until the view is released, which happens only in Drop, after
            // the last use of `data` (it never escapes a borrow of self).
            unsafe { core::slice::from_raw_parts(view.buf as *const u8, view.len as usize) }
        };
        Ok(BytesLike { data, view: Some(view) })
    }

    /// The bytes.
    #[inline(always)]
    pub fn as_bytes(&self) -> &[u8] {
        self.data
    }
}

impl Drop for BytesLike<'_> {
    fn drop(&mut self) {
        if let Some(view) = self.view.as_mut() {
            // SAFETY: the view was filled by a successful PyObject_GetBuffer
            // and is released exactly once.
            unsafe { ffi::PyBuffer_Release(&mut **view as *mut ffi::Py_buffer) };
        }
    }
}
