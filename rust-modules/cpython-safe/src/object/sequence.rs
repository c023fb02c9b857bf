//! The sequence protocol (`PySequence_*`), with exact lists read directly.

use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::object::PyList;
use crate::object::{Owned, PyAny};

impl PyAny {
    /// `PySequence_Size(self)`: "object of type 'int' has no len()", "dict
    /// is not a sequence".
    #[inline]
    pub fn sequence_len(&self) -> PyResult<usize> {
        if let Some(list) = PyList::exact(self) {
            return Ok(list.len());
        }
        // SAFETY: a live object, GIL held.
        match unsafe { ffi::PySequence_Size(self.as_ptr()) } {
            -1 => Err(PyErr::fetched()),
            n => Ok(n as usize),
        }
    }
}

type SqItem = unsafe extern "C" fn(*mut ffi::PyObject, ffi::Py_ssize_t) -> *mut ffi::PyObject;

/// Indexing a sequence repeatedly: `PySequence_GetItem` with non-negative
/// indexes, its type check made once up front.
pub struct SequenceItems<'a> {
    seq: &'a PyAny,
    list: Option<&'a PyList>,
    sq_item: SqItem,
}

impl<'a> SequenceItems<'a> {
    /// Fails as `PySequence_GetItem` does for an object without `sq_item`:
    /// "'int' object does not support indexing", "dict is not a sequence".
    pub fn new(seq: &'a PyAny) -> PyResult<Self> {
        let tp = seq.type_ptr();
        // SAFETY: the live type of a live object.
        let sequence_methods = unsafe { (*tp).tp_as_sequence };
        // SAFETY: as above.
        let mapping_methods = unsafe { (*tp).tp_as_mapping };
        // SAFETY: a slot table of a live type (static or owned by the type),
        // read only.
        let sq_item = unsafe { sequence_methods.as_ref() }.and_then(|m| m.sq_item);
        // SAFETY: as `sq_item`.
        let is_mapping = unsafe { mapping_methods.as_ref() }.is_some_and(|m| m.mp_subscript.is_some());
        if let Some(sq_item) = sq_item {
            return Ok(SequenceItems { seq, list: PyList::exact(seq), sq_item });
        }
        let message = if is_mapping { c"%.200s is not a sequence" } else { c"'%.200s' object does not support indexing" };
        // SAFETY: CPython sets the exception classes at start-up and never
        // changes them.
        let type_error = unsafe { ffi::PyExc_TypeError };
        // SAFETY: the live type of a live object.
        let type_name = unsafe { (*tp).tp_name };
        // SAFETY: a format with one %s, given the type's NUL-terminated name.
        unsafe { ffi::PyErr_Format(type_error, message.as_ptr(), type_name) };
        Err(PyErr::fetched())
    }

    /// `seq[index]`; `index` must not be negative.
    #[inline(always)]
    pub fn get(&self, index: isize) -> PyResult<Owned> {
        assert!(index >= 0, "SequenceItems::get: negative index");
        // An exact list's sq_item reads the slot; out of range it raises.
        if let Some(item) = self.list.and_then(|list| list.get(index as usize)) {
            return Ok(item);
        }
        // SAFETY: the object's own sq_item with a live object and an index
        // that is not negative, as PySequence_GetItem calls it.
        let result = unsafe { (self.sq_item)(self.seq.as_ptr(), index) };
        // SAFETY: sq_item returns a new reference or null with an exception
        // set.
        unsafe { Owned::from_result(result) }
    }
}
