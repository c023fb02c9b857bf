//! A list made at its final size and filled in place (C's `PyList_New(n)`
//! then `PyList_SET_ITEM`), without the appends' reallocations.

use crate::boundary::PyResult;
use crate::ffi;
use crate::object::PyList;
use crate::object::Owned;
use crate::boundary::Python;

impl PyList {
    /// A new list of `len` items, item `i` being `item(i)`.  On error the
    /// partly filled list is released (its empty slots are null, which
    /// deallocation allows); the list is never seen half filled.
    pub fn build(_py: Python<'_>, len: usize, mut item: impl FnMut(usize) -> PyResult<Owned>) -> PyResult<Owned<PyList>> {
        // SAFETY: GIL held (the `Python` token).
        let result = unsafe { ffi::PyList_New(len as ffi::Py_ssize_t) };
        // SAFETY: `PyList_New` returns a new list of `len` null slots, or null
        // with an exception set.
        let list: Owned<PyList> = unsafe { Owned::from_result(result) }?;
        for i in 0..len {
            let value = item(i)?;
            // SAFETY: an unshared new list whose slot `i` is in range and
            // still null; the slot takes over the reference.
            unsafe { ffi::PyList_SET_ITEM(list.as_ptr(), i as ffi::Py_ssize_t, value.into_ptr()) };
        }
        Ok(list)
    }
}
