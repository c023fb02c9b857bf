//! Errors: the C convention ("an exception is set and NULL is returned")
//! as a Rust type.

use crate::ffi;
use crate::object::PyAny;

/// Proof that the current thread's exception indicator is set.
///
/// It is zero-sized: raising costs what it costs in C, and `?` forwards the
/// exception to the caller unchanged.  Only this crate creates one, either
/// by setting an exception ([`PyErr::new`], [`crate::exc`]) or after a C API
/// call reported failure.
///
/// It is neither `Send` nor `Sync`: the exception belongs to this thread's
/// state, so the proof cannot leave the thread, nor the GIL (a closure run
/// by [`crate::allow_threads`] cannot return one).
#[must_use = "an exception is set; return it"]
#[derive(Debug)]
pub struct PyErr {
    _set: core::marker::PhantomData<*mut ()>,
}

/// The result of anything that can raise.
pub type PyResult<T> = Result<T, PyErr>;

impl PyErr {
    /// After a C API call reported failure: the exception it set.
    #[inline(always)]
    pub(crate) fn fetched() -> PyErr {
        // SAFETY: GIL held (crate invariant).
        debug_assert!(!unsafe { ffi::PyErr_Occurred() }.is_null(), "C API failed without an exception");
        PyErr { _set: core::marker::PhantomData }
    }

    /// Raises `exc_type(message)`.
    pub fn new(exc_type: &PyAny, message: &str) -> PyErr {
        // SAFETY: `message` is valid UTF-8 of its length.  If the str
        // cannot be made, that error (MemoryError) is the one set.
        let value = unsafe { ffi::PyUnicode_FromStringAndSize(message.as_ptr().cast(), message.len() as ffi::Py_ssize_t) };
        if !value.is_null() {
            // SAFETY: a live class and a live value; PyErr_SetObject takes
            // its own reference to the value.
            unsafe { ffi::PyErr_SetObject(exc_type.as_ptr(), value) };
            // SAFETY: our new reference, released once.
            unsafe { ffi::Py_DECREF(value) };
        }
        PyErr::fetched()
    }

    /// Whether the exception set is an instance of `exc_type`.
    pub fn matches(&self, exc_type: &PyAny) -> bool {
        // SAFETY: an exception is set (self proves it).
        unsafe { ffi::PyErr_ExceptionMatches(exc_type.as_ptr()) != 0 }
    }

    /// Discards the exception (the caller handles the failure itself).
    pub fn clear(self) {
        // SAFETY: GIL held.
        unsafe { ffi::PyErr_Clear() }
    }

    /// Runs `cleanup` with the exception set aside, then sets it again:
    /// cleanup that calls the C API on the way out of a failure.  A
    /// failure of the cleanup itself is discarded.
    pub fn after_cleanup(self, cleanup: impl FnOnce() -> PyResult<()>) -> PyErr {
        // SAFETY: an exception is set (self proves it); we take it (a new
        // reference), leaving the indicator clear.
        let exception = unsafe { ffi::PyErr_GetRaisedException() };
        if let Err(err) = cleanup() {
            err.clear();
        }
        // SAFETY: the indicator is clear; it takes our reference back.
        unsafe { ffi::PyErr_SetRaisedException(exception) };
        self
    }
}

/// C's `if (PyErr_ExceptionMatches(exc_type)) PyErr_Clear();` after a call.
pub trait Except<T> {
    /// `None` when the call raised `exc_type` (the exception is cleared);
    /// any other exception is passed on.
    fn except(self, exc_type: &PyAny) -> PyResult<Option<T>>;
}

impl<T> Except<T> for PyResult<T> {
    #[inline]
    fn except(self, exc_type: &PyAny) -> PyResult<Option<T>> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(err) if err.matches(exc_type) => {
                err.clear();
                Ok(None)
            }
            Err(err) => Err(err),
        }
    }
}
