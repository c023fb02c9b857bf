//! Entropy and clocks, from the same sources CPython's C modules use.

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
