//! Failed system calls: the errno they leave, the `OSError` CPython makes of
//! it, and PEP 475's retry when a signal interrupts a call.

use crate::boundary::{PyErr, PyResult, Python};
use crate::ffi;
use crate::object::PyAny;

/// The errno of a failed system call, read right after it failed (before
/// anything else can overwrite it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Errno(pub i32);

impl Errno {
    /// The calling thread's errno now.
    #[inline]
    pub fn last() -> Errno {
        Errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(0))
    }

    /// Whether a signal interrupted the call (`EINTR`).
    #[inline]
    pub fn is_interrupted(self) -> bool {
        self.0 == libc::EINTR
    }

    /// Raises `OSError` for this errno as `PyErr_SetFromErrno(PyExc_OSError)`
    /// does: the subclass the errno maps to (`FileNotFoundError`, …), the
    /// message of `strerror`, and for `EINTR` the signal handlers' own
    /// exception first, if they raise one.
    #[cold]
    pub fn raise(self, py: Python<'_>) -> PyErr {
        self.raise_as(crate::exc::OSError(py))
    }

    /// `PyErr_SetFromErrno(exc_type)` for this errno.
    #[cold]
    pub fn raise_as(self, exc_type: &PyAny) -> PyErr {
        set_errno(self.0);
        // SAFETY: a live exception class, GIL held; always sets an exception.
        unsafe { ffi::PyErr_SetFromErrno(exc_type.as_ptr()) };
        PyErr::fetched()
    }

    /// `PyErr_SetFromErrnoWithFilenameObject(exc_type, filename)`.
    #[cold]
    pub fn raise_with_filename(self, exc_type: &PyAny, filename: &PyAny) -> PyErr {
        set_errno(self.0);
        // SAFETY: live objects, GIL held; always sets an exception.
        unsafe { ffi::PyErr_SetFromErrnoWithFilenameObject(exc_type.as_ptr(), filename.as_ptr()) };
        PyErr::fetched()
    }
}

/// Sets the calling thread's errno, for the CPython functions that read it.
fn set_errno(value: i32) {
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "emscripten"))]
    // SAFETY: no preconditions; returns the thread's own errno location.
    let location = unsafe { libc::__errno_location() };
    #[cfg(any(target_os = "macos", target_os = "ios", target_os = "freebsd"))]
    // SAFETY: no preconditions; returns the thread's own errno location.
    let location = unsafe { libc::__error() };
    // SAFETY: the thread's errno, a valid int for the thread's lifetime.
    unsafe { *location = value };
}

/// Runs the signal handlers of signals that arrived (`PyErr_CheckSignals`):
/// the error is the exception a handler raised (`KeyboardInterrupt`, …).
#[inline]
pub fn check_signals(_py: Python<'_>) -> PyResult<()> {
    // SAFETY: GIL held; returns -1 with an exception set when a handler raised.
    if unsafe { ffi::PyErr_CheckSignals() } < 0 {
        return Err(PyErr::fetched());
    }
    Ok(())
}

/// PEP 475 for a call that does not block (the GIL stays held): calls again
/// after `EINTR` once the signal handlers ran without raising; another errno
/// is raised as `OSError`.  A blocking call releases the GIL itself and
/// recomputes its timeout between tries (the select module).
pub fn retry_on_eintr<T>(py: Python<'_>, mut call: impl FnMut() -> Result<T, Errno>) -> PyResult<T> {
    loop {
        match call() {
            Ok(value) => return Ok(value),
            Err(errno) if errno.is_interrupted() => check_signals(py)?,
            Err(errno) => return Err(errno.raise(py)),
        }
    }
}
