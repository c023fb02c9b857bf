//! Iteration: `iter(obj)` and its items, and `tuple(obj)`.

use core::ptr::NonNull;

use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::object::{Owned, PyAny, PyTuple};

/// A Python iterator (`iter(obj)`): a Rust iterator over its items, ending
/// with the error that ends the Python iteration, if any.
///
/// Each step calls the iterator type's `tp_iternext`, looked up once (as
/// `math.sumprod` does in C): `PyIter_Next` without a call and a lookup.
pub struct PyIterator {
    iterator: Owned,
    next: unsafe extern "C" fn(*mut ffi::PyObject) -> *mut ffi::PyObject,
}

impl PyAny {
    /// `iter(self)` (`PyObject_GetIter`): "'int' object is not iterable".
    #[inline]
    pub fn try_iter(&self) -> PyResult<PyIterator> {
        // SAFETY: a live object.
        let result = unsafe { ffi::PyObject_GetIter(self.as_ptr()) };
        // SAFETY: `PyObject_GetIter` returns a new reference or null with an
        // exception set.
        let iterator: Owned = unsafe { Owned::from_result(result) }?;
        // SAFETY: the type of a live object.  PyObject_GetIter returns only
        // objects whose type has tp_iternext (PyIter_Check).
        let next = unsafe { (*iterator.type_ptr()).tp_iternext }.expect("an iterator has tp_iternext");
        Ok(PyIterator { iterator, next })
    }
}

impl PyIterator {
    /// The token its iterator object carries.
    #[inline(always)]
    pub fn py(&self) -> crate::boundary::Python<'_> {
        self.iterator.py()
    }
}

impl Iterator for PyIterator {
    type Item = PyResult<Owned>;

    #[inline]
    fn next(&mut self) -> Option<PyResult<Owned>> {
        // SAFETY: the slot of the iterator's type (which the iterator keeps
        // alive), called on the iterator; a new reference, or null at the
        // end or on error.
        let item = unsafe { (self.next)(self.iterator.as_ptr()) };
        if let Some(item) = NonNull::new(item) {
            // SAFETY: a new reference from tp_iternext.
            return Some(Ok(unsafe { Owned::from_raw(item) }));
        }
        // The end: without an exception, or with StopIteration (cleared).
        // SAFETY: GIL held (the iterator's token).
        if unsafe { ffi::PyErr_Occurred() }.is_null() {
            return None;
        }
        // SAFETY: CPython sets the exception classes at start-up and never
        // changes them.
        let stop_iteration = unsafe { ffi::PyExc_StopIteration };
        // SAFETY: GIL held, an exception is set (checked above).
        if unsafe { ffi::PyErr_ExceptionMatches(stop_iteration) } != 0 {
            // SAFETY: GIL held.
            unsafe { ffi::PyErr_Clear() };
            return None;
        }
        Some(Err(PyErr::fetched()))
    }
}

impl PyTuple {
    /// `obj` itself if it is a tuple (or subclass instance), else
    /// `tuple(obj)` (`PySequence_Tuple`): "'int' object is not iterable".
    pub fn from_object(obj: &PyAny) -> PyResult<Owned<PyTuple>> {
        if let Some(tuple) = obj.downcast::<PyTuple>() {
            return Ok(tuple.to_owned_tuple());
        }
        // SAFETY: a live object.
        let result = unsafe { ffi::PySequence_Tuple(obj.as_ptr()) };
        // SAFETY: `PySequence_Tuple` returns a new reference to a tuple or null
        // with an exception set.
        unsafe { Owned::from_result(result) }
    }

    /// `PySequence_Tuple(obj)` itself: an exact tuple as it is, anything
    /// else (tuple subclasses too, through their `__iter__`) iterated into
    /// a new tuple.
    pub fn from_sequence(obj: &PyAny) -> PyResult<Owned<PyTuple>> {
        // SAFETY: a live object.
        let result = unsafe { ffi::PySequence_Tuple(obj.as_ptr()) };
        // SAFETY: a new reference to a tuple or null with an exception set.
        unsafe { Owned::from_result(result) }
    }

    fn to_owned_tuple(&self) -> Owned<PyTuple> {
        Owned::from_ref(self)
    }
}
