//! Dictionaries: the concrete operations C modules use on a `dict` (or
//! subclass instance).
//!
//! Iteration hands out strong references: Python code that runs while an
//! item is in use (a hook, a `__repr__`) may change the dict, and
//! `PyDict_Next` on a changed dict stays in bounds.

use core::ops::Deref;

use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::object::PyList;
use crate::object::{native_type, Owned, PyAny, PyNative};
use crate::boundary::Python;

native_type!(
    /// A `dict` object (or subclass instance).
    PyDict, |obj| {
        // SAFETY: only reads the flags of a live object's type.
        unsafe { ffi::PyType_HasFeature(obj.type_ptr(), ffi::Py_TPFLAGS_DICT_SUBCLASS as u64) }
    }
);

impl PyDict {
    /// A new empty dict.
    #[inline]
    pub fn new(_py: Python<'_>) -> PyResult<Owned<PyDict>> {
        // SAFETY: GIL held (the `Python` token).
        let result = unsafe { ffi::PyDict_New() };
        // SAFETY: `PyDict_New` returns a new reference or null with an
        // exception set.
        unsafe { Owned::from_result(result) }
    }

    /// Whether this is exactly a `dict` (whose methods are dict's own).
    #[inline(always)]
    pub fn is_exact(&self) -> bool {
        self.type_ptr() == &raw mut ffi::PyDict_Type
    }

    /// The number of items.
    #[inline(always)]
    pub fn len(&self) -> usize {
        // SAFETY: a live dict (PyDict_GET_SIZE).
        unsafe { (*(self.as_ptr() as *mut ffi::PyDictObject)).ma_used as usize }
    }

    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `self[key] = value`.
    #[inline]
    pub fn set_item(&self, key: &PyAny, value: &PyAny) -> PyResult<()> {
        // SAFETY: live objects; the dict takes its own references.
        match unsafe { ffi::PyDict_SetItem(self.as_ptr(), key.as_ptr(), value.as_ptr()) } {
            0 => Ok(()),
            _ => Err(PyErr::fetched()),
        }
    }

    /// `self.setdefault(key, default)`: the value now under `key`.
    ///
    /// A lookup, then `PyDict_SetItem` when the key is missing, not
    /// `PyDict_SetDefaultRef`: 3.13.5's goes on when its insertion runs out
    /// of memory (it counts the entry it did not store and reports success
    /// with `MemoryError` set; debug builds abort on the count).
    #[inline]
    pub fn set_default(&self, key: &PyAny, default: &PyAny) -> PyResult<Owned> {
        let mut found = core::ptr::null_mut();
        // SAFETY: live objects and a result slot; when the key is present
        // the slot holds a new reference.
        match unsafe { ffi::PyDict_GetItemRef(self.as_ptr(), key.as_ptr(), &mut found) } {
            // SAFETY: a new reference, never null when found.
            1 => Ok(unsafe { Owned::from_result(found) }.expect("PyDict_GetItemRef gave a value")),
            0 => {
                self.set_item(key, default)?;
                Ok(default.to_owned())
            }
            _ => Err(PyErr::fetched()),
        }
    }

    /// The (key, value) pairs, in order, as strong references.
    #[inline]
    pub fn iter(&self) -> DictItems<'_> {
        DictItems { dict: self, pos: 0 }
    }

    /// `list(self.items())` for any mapping (`PyMapping_Items`).
    pub fn mapping_items(mapping: &PyAny) -> PyResult<Owned<PyList>> {
        // SAFETY: a live object.
        let result = unsafe { ffi::PyMapping_Items(mapping.as_ptr()) };
        // SAFETY: `PyMapping_Items` returns a new reference to a list or null.
        unsafe { Owned::from_result(result) }
    }
}

/// Iterator of [`PyDict::iter`] (`PyDict_Next`).
pub struct DictItems<'a> {
    dict: &'a PyDict,
    pos: ffi::Py_ssize_t,
}

impl Iterator for DictItems<'_> {
    type Item = (Owned, Owned);

    #[inline]
    fn next(&mut self) -> Option<(Owned, Owned)> {
        let (mut key, mut value) = (core::ptr::null_mut(), core::ptr::null_mut());
        // SAFETY: a live dict; PyDict_Next checks `pos` against the current
        // table.
        if unsafe { ffi::PyDict_Next(self.dict.as_ptr(), &mut self.pos, &mut key, &mut value) } == 0 {
            return None;
        }
        // SAFETY: a borrowed reference from the dict, made strong at once
        // (before any Python code can run).
        let key = unsafe { PyAny::from_ptr(key) }.to_owned();
        // SAFETY: as `key`.
        let value = unsafe { PyAny::from_ptr(value) }.to_owned();
        Some((key, value))
    }
}
