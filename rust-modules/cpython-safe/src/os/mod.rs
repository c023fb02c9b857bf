//! The operating system under the modules: entropy and clocks from the same
//! sources CPython's C modules use, errno and `OSError`, and the system calls
//! of the modules that wrap them (`select`, `mmap`, `pwd`, …), each a thin
//! safe function over `libc` in the file of its area.
//!
//! A system call wrapper returns `Result<T, Errno>` with the errno read right
//! after the call, and never touches Python: the module decides whether to
//! release the GIL around it (`allow_threads`), to retry it (PEP 475) and
//! which exception to raise.

mod errno;
pub use errno::{check_signals, retry_on_eintr, Errno};

#[cfg(unix)]
pub mod fcntl;
#[cfg(unix)]
pub mod mmap;
#[cfg(unix)]
pub mod poll;
#[cfg(unix)]
pub mod resource;
#[cfg(unix)]
pub mod spawn;
#[cfg(unix)]
pub mod syslog;
#[cfg(unix)]
pub mod termios;
#[cfg(unix)]
pub mod timeout;
#[cfg(unix)]
pub mod users;

use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::boundary::Python;

/// Fills `buffer` from the OS's random source without blocking
/// (`_PyOS_URandomNonblock`, as `os.urandom` and `_random` use it).
pub fn urandom_nonblock(_py: Python<'_>, buffer: &mut [u8]) -> PyResult<()> {
    // SAFETY: a writable buffer of its length; raises on failure.
    if unsafe { ffi::_PyOS_URandomNonblock(buffer.as_mut_ptr().cast(), buffer.len() as ffi::Py_ssize_t) } < 0 {
        return Err(PyErr::fetched());
    }
    Ok(())
}

/// `time.time_ns()` (`PyTime_Time`).
pub fn time_ns(_py: Python<'_>) -> PyResult<i64> {
    let mut now = 0;
    // SAFETY: writes the time to `now`; raises on failure.
    if unsafe { ffi::PyTime_Time(&mut now) } < 0 {
        return Err(PyErr::fetched());
    }
    Ok(now)
}

/// `time.monotonic_ns()` (`PyTime_Monotonic`).
pub fn monotonic_ns(_py: Python<'_>) -> PyResult<i64> {
    let mut now = 0;
    // SAFETY: writes the time to `now`; raises on failure.
    if unsafe { ffi::PyTime_Monotonic(&mut now) } < 0 {
        return Err(PyErr::fetched());
    }
    Ok(now)
}
