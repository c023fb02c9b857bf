//! CPython's built-in exception classes, and raising them.

use crate::boundary::PyErr;
use crate::ffi;
use crate::object::PyAny;
use crate::boundary::Python;

macro_rules! builtin_exceptions {
    ($($class:ident = $c_global:ident, raised by $raise:ident;)*) => {$(
        #[doc = concat!("The built-in `", stringify!($class), "` class.")]
        #[inline(always)]
        #[allow(non_snake_case)]
        pub fn $class(_py: Python<'_>) -> &PyAny {
            // SAFETY: built-in exception classes are static, immortal types
            // that CPython sets up before any module code runs and never
            // changes afterwards.
            unsafe { PyAny::from_ptr(ffi::$c_global) }
        }

        #[doc = concat!("Raises `", stringify!($class), "(message)`.")]
        pub fn $raise(py: Python<'_>, message: &str) -> PyErr {
            PyErr::new($class(py), message)
        }
    )*};
}

builtin_exceptions! {
    BufferError = PyExc_BufferError, raised by buffer_error;
    EOFError = PyExc_EOFError, raised by eof_error;
    Exception = PyExc_Exception, raised by exception;
    IndexError = PyExc_IndexError, raised by index_error;
    KeyError = PyExc_KeyError, raised by key_error;
    NotImplementedError = PyExc_NotImplementedError, raised by not_implemented_error;
    MemoryError = PyExc_MemoryError, raised by memory_error;
    OSError = PyExc_OSError, raised by os_error;
    OverflowError = PyExc_OverflowError, raised by overflow_error;
    PythonFinalizationError = PyExc_PythonFinalizationError, raised by python_finalization_error;
    RecursionError = PyExc_RecursionError, raised by recursion_error;
    RuntimeError = PyExc_RuntimeError, raised by runtime_error;
    SystemError = PyExc_SystemError, raised by system_error;
    TypeError = PyExc_TypeError, raised by type_error;
    ValueError = PyExc_ValueError, raised by value_error;
}

/// Raises `MemoryError()` (`PyErr_NoMemory`).
#[cold]
pub fn no_memory(_py: Python<'_>) -> PyErr {
    // SAFETY: GIL held; sets MemoryError.
    unsafe { ffi::PyErr_NoMemory() };
    PyErr::fetched()
}
