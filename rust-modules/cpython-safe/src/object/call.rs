//! Calling Python objects and methods.

use core::ffi::CStr;

use crate::boundary::PyResult;
use crate::ffi;
use crate::object::{Owned, PyAny, PyStr};
use crate::boundary::Python;

/// At most this many arguments to [`PyAny::call_method`].
const MAX_METHOD_ARGS: usize = 4;

impl PyAny {
    /// `self(arg)` (`PyObject_CallOneArg`).
    #[inline]
    pub fn call1(&self, arg: &PyAny) -> PyResult<Owned> {
        // SAFETY: live objects.
        let result = unsafe { ffi::PyObject_CallOneArg(self.as_ptr(), arg.as_ptr()) };
        // SAFETY: `PyObject_CallOneArg` returns a new reference or null with an
        // exception set.
        unsafe { Owned::from_result(result) }
    }

    /// `self.name(*args)` (`PyObject_VectorcallMethod`).
    pub fn call_method(&self, name: &PyStr, args: &[&PyAny]) -> PyResult<Owned> {
        assert!(args.len() <= MAX_METHOD_ARGS, "PyAny::call_method: too many arguments");
        let mut stack = [core::ptr::null_mut(); MAX_METHOD_ARGS + 1];
        stack[0] = self.as_ptr();
        for (slot, arg) in stack[1..].iter_mut().zip(args) {
            *slot = arg.as_ptr();
        }
        // SAFETY: `self` then the arguments, all live (borrowed for the
        // call); a str name.
        let result = unsafe { ffi::PyObject_VectorcallMethod(name.as_ptr(), stack.as_ptr(), args.len() + 1, core::ptr::null_mut()) };
        // SAFETY: `PyObject_VectorcallMethod` returns a new reference or null
        // with an exception set.
        unsafe { Owned::from_result(result) }
    }
}

impl PyStr {
    /// An interned `str` (`PyUnicode_InternFromString`), e.g. a method name
    /// kept in a module's state.
    pub fn intern(_py: Python<'_>, text: &CStr) -> PyResult<Owned<PyStr>> {
        // SAFETY: a NUL-terminated UTF-8 string.
        let result = unsafe { ffi::PyUnicode_InternFromString(text.as_ptr()) };
        // SAFETY: `PyUnicode_InternFromString` returns a new reference to a str
        // or null with an exception set.
        unsafe { Owned::from_result(result) }
    }
}
