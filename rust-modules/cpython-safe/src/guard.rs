//! The boundary between C and Rust: every function CPython calls goes
//! through [`ffi_guard`], so that a panic becomes a Python exception and
//! never unwinds into C (which would abort, or worse).

use core::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::err::PyResult;
use crate::exc;
use crate::ffi;

/// A C return type with an error value.
pub(crate) trait CReturn {
    const ERROR: Self;
}

impl CReturn for *mut ffi::PyObject {
    const ERROR: Self = core::ptr::null_mut();
}

impl CReturn for core::ffi::c_int {
    const ERROR: Self = -1;
}

/// Runs `body` for C: `Err` and panics both become `T::ERROR` with an
/// exception set.  A panic raises `SystemError` naming it: it is a bug in
/// this project's code, as `SystemError` is for CPython's own C.
#[inline(always)]
pub(crate) fn ffi_guard<T: CReturn>(body: impl FnOnce() -> PyResult<T>) -> T {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(value)) => value,
        Ok(Err(_)) => T::ERROR,
        Err(payload) => {
            raise_panic(payload);
            T::ERROR
        }
    }
}

/// For callbacks that cannot report failure (deallocation): a panic is
/// reported as unraisable, like an exception in `__del__`.
pub(crate) fn ffi_guard_unraisable(body: impl FnOnce()) {
    if let Err(payload) = catch_unwind(AssertUnwindSafe(body)) {
        raise_panic(payload);
        // SAFETY: an exception is set; CPython prints and clears it.
        unsafe { ffi::PyErr_WriteUnraisable(core::ptr::null_mut()) }
    }
}

#[cold]
fn raise_panic(payload: Box<dyn Any + Send>) {
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)");
    let _ = exc::system_error(&format!("Rust panic: {message}"));
    // Dropping the payload could itself panic; never let that unwind out.
    let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
}
