//! Python values to and from machine representations, with the C API's
//! own conversions and errors: ints through `__index__` and pointers,
//! IEEE half floats, byte strings copied out of `bytes`/`bytearray`,
//! index-sized offsets, ASCII/UTF-8 text (for `_struct` and the like).

use core::cell::Cell;

use crate::object::PyDict;
use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::object::int::checked;
use crate::object::{Owned, PyAny, PyBytes, PyInt, PyStr, PyTuple, PyType};
use crate::boundary::Python;

impl PyAny {
    /// Whether this is an `int` (or subclass instance): `PyLong_Check`.
    #[inline(always)]
    pub fn is_int(&self) -> bool {
        // SAFETY: a live object's type flags.
        unsafe { ffi::PyLong_Check(self.as_ptr()) }
    }

    /// Whether the object's type has `__index__`: `PyIndex_Check`.
    #[inline]
    pub fn has_index(&self) -> bool {
        // SAFETY: a live object.
        unsafe { ffi::PyIndex_Check(self.as_ptr()) != 0 }
    }

    /// `PyNumber_AsSsize_t(self, overflow)`: through `__index__`, raising
    /// `overflow` ("cannot fit 'int' into an index-sized integer") when the
    /// value does not fit.
    #[inline]
    pub fn to_ssize_raising(&self, overflow: &PyAny) -> PyResult<isize> {
        // SAFETY: live objects, GIL held.
        checked(unsafe { ffi::PyNumber_AsSsize_t(self.as_ptr(), overflow.as_ptr()) }, -1)
    }

    /// For a `bytes` or `bytearray` (or subclass instance): copies its
    /// first bytes into `dst` (as many as fit) and returns its whole
    /// length; `None` for any other object.
    pub fn copy_byte_string(&self, dst: &mut [u8]) -> Option<usize> {
        self.copy_byte_string_to_cells(Cell::from_mut(dst).as_slice_of_cells())
    }

    /// As [`copy_byte_string`](Self::copy_byte_string), into cells that
    /// may be the string's own bytes (a `bytearray` packed into itself):
    /// the copy is a `memmove`.
    pub fn copy_byte_string_to_cells(&self, dst: &[Cell<u8>]) -> Option<usize> {
        let obj = self.as_ptr();
        // The data is copied before any Python code can run (and change a
        // bytearray).
        // SAFETY: a live object.
        let (data, len) = if unsafe { ffi::PyBytes_Check(obj) } {
            // SAFETY: a live bytes object.
            let data = unsafe { ffi::PyBytes_AS_STRING(obj) } as *const u8;
            // SAFETY: as above (a variable-size object).
            (data, unsafe { ffi::Py_SIZE(obj) } as usize)
        } else if self.is_bytearray() {
            // SAFETY: a live bytearray.
            let data = unsafe { ffi::PyByteArray_AsString(obj) } as *const u8;
            // SAFETY: as above.
            (data, unsafe { ffi::PyByteArray_Size(obj) } as usize)
        } else {
            return None;
        };
        let n = len.min(dst.len());
        if n > 0 {
            // SAFETY: `n` bytes of the object's data; the cells are writable
            // through the slice's pointer and may overlap the source, which
            // ptr::copy allows.
            unsafe { core::ptr::copy(data, dst.as_ptr().cast_mut().cast::<u8>(), n) };
        }
        Some(len)
    }
}

impl PyInt {
    /// `PyLong_AsVoidPtr`: the int as a pointer-sized word (OverflowError
    /// when it fits neither signed nor unsigned).
    pub fn to_void_ptr(&self) -> PyResult<usize> {
        // SAFETY: a live int, GIL held; only the address value is used.
        let ptr = unsafe { ffi::PyLong_AsVoidPtr(self.as_ptr()) };
        checked(ptr as usize, 0)
    }
}

/// `PyFloat_Pack2`: `x` as an IEEE 754 half float (OverflowError "float too
/// large to pack with e format").
pub fn pack_half(_py: Python<'_>, x: f64, little_endian: bool) -> PyResult<[u8; 2]> {
    let mut out = [0u8; 2];
    // SAFETY: a 2-byte output buffer.
    if unsafe { ffi::PyFloat_Pack2(x, out.as_mut_ptr().cast(), little_endian as i32) } < 0 {
        return Err(PyErr::fetched());
    }
    Ok(out)
}

/// `PyFloat_Unpack2`: the value of an IEEE 754 half float.
pub fn unpack_half(_py: Python<'_>, bytes: [u8; 2], little_endian: bool) -> PyResult<f64> {
    // SAFETY: a 2-byte input buffer, GIL held.
    checked(unsafe { ffi::PyFloat_Unpack2(bytes.as_ptr().cast(), little_endian as i32) }, -1.0)
}

impl PyStr {
    /// `PyUnicode_AsASCIIString`: the characters as bytes
    /// (UnicodeEncodeError for a non-ASCII character).
    pub fn encode_ascii(&self) -> PyResult<Owned<PyBytes>> {
        // SAFETY: a live str.
        let result = unsafe { ffi::PyUnicode_AsASCIIString(self.as_ptr()) };
        // SAFETY: `PyUnicode_AsASCIIString` returns a new bytes object or null
        // with an exception set.
        unsafe { Owned::from_result(result) }
    }

    /// `PyUnicode_FromStringAndSize`: a str decoded from UTF-8
    /// (UnicodeDecodeError for invalid data).
    pub fn decode_utf8(_py: Python<'_>, data: &[u8]) -> PyResult<Owned<PyStr>> {
        // SAFETY: `data` is valid for its length; GIL held (the token).
        let result = unsafe { ffi::PyUnicode_FromStringAndSize(data.as_ptr().cast(), data.len() as ffi::Py_ssize_t) };
        // SAFETY: `PyUnicode_FromStringAndSize` returns a new str or null with
        // an exception set.
        unsafe { Owned::from_result(result) }
    }

    /// The text as UTF-8 (`PyUnicode_AsUTF8AndSize`; UnicodeEncodeError
    /// for a lone surrogate), cached in the str and valid while it lives.
    pub fn to_utf8(&self) -> PyResult<&str> {
        let mut len: ffi::Py_ssize_t = 0;
        // SAFETY: a live str; the UTF-8 copy is owned by the str object.
        let data = unsafe { ffi::PyUnicode_AsUTF8AndSize(self.as_ptr(), &mut len) };
        if data.is_null() {
            return Err(PyErr::fetched());
        }
        // SAFETY: `len` bytes owned by the str, alive as long as `self`.
        let bytes = unsafe { core::slice::from_raw_parts(data as *const u8, len as usize) };
        // SAFETY: PyUnicode_AsUTF8AndSize gives valid UTF-8.
        Ok(unsafe { core::str::from_utf8_unchecked(bytes) })
    }
}

impl PyType {
    /// The size of an instance without its variable part (`tp_basicsize`).
    pub fn basic_size(&self) -> usize {
        // SAFETY: a live type object.
        unsafe { (*(self.as_ptr() as *mut ffi::PyTypeObject)).tp_basicsize as usize }
    }
}

impl PyDict {
    /// `PyDict_GetItemRef`: the value for `key`, if any (TypeError for an
    /// unhashable key; errors of the key's `__hash__`/`__eq__`).
    #[inline]
    pub fn get_item(&self, key: &PyAny) -> PyResult<Option<Owned>> {
        let mut value = core::ptr::null_mut();
        // SAFETY: a live dict and key; on 1 `value` is a new reference.
        match unsafe { ffi::PyDict_GetItemRef(self.as_ptr(), key.as_ptr(), &mut value) } {
            r if r < 0 => Err(PyErr::fetched()),
            0 => Ok(None),
            _ => {
                // SAFETY: on 1 `value` is set, so not null.
                let value = unsafe { core::ptr::NonNull::new_unchecked(value) };
                // SAFETY: on 1 `value` is a new reference.
                Ok(Some(unsafe { Owned::from_raw(value) }))
            }
        }
    }

    /// Removes every item (`PyDict_Clear`).
    pub fn clear(&self) {
        // SAFETY: a live dict.
        unsafe { ffi::PyDict_Clear(self.as_ptr()) }
    }
}

/// A tuple being filled in order by [`PyTuple::build`].
pub struct TupleBuilder {
    tuple: Owned<PyTuple>,
    len: usize,
    filled: usize,
}

impl TupleBuilder {
    /// Sets the next item (`PyTuple_SET_ITEM`; panics past the length).
    #[inline(always)]
    pub fn push(&mut self, item: Owned) {
        assert!(self.filled < self.len, "TupleBuilder::push past the tuple's length");
        // SAFETY: an unshared new tuple whose slot `filled` is in range and
        // still null; the slot takes over the reference.
        unsafe { ffi::PyTuple_SET_ITEM(self.tuple.as_ptr(), self.filled as ffi::Py_ssize_t, item.into_ptr()) };
        self.filled += 1;
    }
}

impl PyTuple {
    /// A new tuple of `len` items, which `fill` pushes in order (all of
    /// them: a tuple left short is a bug, reported as a panic).  On error
    /// the partly filled tuple is released (its empty slots are null, which
    /// deallocation allows).
    #[inline]
    pub fn build(_py: Python<'_>, len: usize, fill: impl FnOnce(&mut TupleBuilder) -> PyResult<()>) -> PyResult<Owned<PyTuple>> {
        // SAFETY: GIL held (the `Python` token).
        let result = unsafe { ffi::PyTuple_New(len as ffi::Py_ssize_t) };
        // SAFETY: `PyTuple_New` returns a new tuple of `len` null slots, or
        // null with an exception set.
        let tuple: Owned<PyTuple> = unsafe { Owned::from_result(result) }?;
        let mut builder = TupleBuilder { tuple, len, filled: 0 };
        fill(&mut builder)?;
        assert_eq!(builder.filled, len, "PyTuple::build: tuple left short");
        Ok(builder.tuple)
    }
}
