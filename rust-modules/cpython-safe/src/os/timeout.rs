//! Timeouts as CPython's C modules read them (pycore_time.h): a Python
//! number of seconds or milliseconds made into nanoseconds (`PyTime_t`)
//! with a chosen rounding, the conversions a system call wants, and the
//! deadline of PEP 475's retries.  The conversions are CPython's own
//! functions, so the rounding and every error message are C's.

use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::object::PyAny;

/// How a conversion rounds (`_PyTime_round_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Round {
    /// Towards minus infinity.
    Floor,
    /// Towards plus infinity.
    Ceiling,
    /// To the nearest, ties to even.
    HalfEven,
    /// Away from zero.
    Up,
}

impl Round {
    /// `_PyTime_ROUND_TIMEOUT`: a timeout never waits less than asked.
    pub const TIMEOUT: Round = Round::Up;

    fn raw(self) -> core::ffi::c_int {
        match self {
            Round::Floor => ffi::_PyTime_ROUND_FLOOR,
            Round::Ceiling => ffi::_PyTime_ROUND_CEILING,
            Round::HalfEven => ffi::_PyTime_ROUND_HALF_EVEN,
            Round::Up => ffi::_PyTime_ROUND_UP,
        }
    }
}

/// `_PyTime_FromSecondsObject`: an int or float number of seconds in
/// nanoseconds.  ValueError for NaN, OverflowError out of range, TypeError
/// for anything that is neither a float nor has `__index__`.
pub fn from_seconds_object(obj: &PyAny, round: Round) -> PyResult<i64> {
    let mut ns = 0;
    // SAFETY: a live object and a result slot; -1 with an exception set.
    if unsafe { ffi::_PyTime_FromSecondsObject(&mut ns, obj.as_ptr(), round.raw()) } < 0 {
        return Err(PyErr::fetched());
    }
    Ok(ns)
}

/// `_PyTime_FromMillisecondsObject`: as [`from_seconds_object`] for a
/// number of milliseconds.
pub fn from_milliseconds_object(obj: &PyAny, round: Round) -> PyResult<i64> {
    let mut ns = 0;
    // SAFETY: a live object and a result slot; -1 with an exception set.
    if unsafe { ffi::_PyTime_FromMillisecondsObject(&mut ns, obj.as_ptr(), round.raw()) } < 0 {
        return Err(PyErr::fetched());
    }
    Ok(ns)
}

/// `_PyTime_AsMilliseconds`: nanoseconds in whole milliseconds.
pub fn as_milliseconds(ns: i64, round: Round) -> i64 {
    // SAFETY: arithmetic only (saturating at PyTime_t's bounds).
    unsafe { ffi::_PyTime_AsMilliseconds(ns, round.raw()) }
}

/// `_PyTime_AsTimeval` / `_PyTime_AsTimeval_clamp`: nanoseconds as
/// seconds and microseconds, the microseconds in `0..1_000_000` (-1.2 s is
/// (-2, 800000)).  A 64-bit `time_t` holds every `PyTime_t` in seconds, so
/// the conversion never fails.
pub fn as_timeval(ns: i64, round: Round) -> libc::timeval {
    const { assert!(core::mem::size_of::<libc::time_t>() == 8, "a 32-bit time_t may not hold the seconds") };
    // SAFETY: arithmetic only (saturating at PyTime_t's bounds).
    let us = unsafe { ffi::_PyTime_AsMicroseconds(ns, round.raw()) };
    libc::timeval { tv_sec: us.div_euclid(1_000_000), tv_usec: us.rem_euclid(1_000_000) as libc::suseconds_t }
}

/// The monotonic time by which a wait must end (`_PyDeadline_Init`), for
/// the retries of a call that a signal interrupted (PEP 475).
#[derive(Clone, Copy, Debug)]
pub struct Deadline(i64);

impl Deadline {
    /// `timeout` nanoseconds from now (saturating).
    pub fn after(timeout: i64) -> Deadline {
        // SAFETY: reads the monotonic clock (errors ignored, as C does);
        // needs no thread state.
        Deadline(unsafe { ffi::_PyDeadline_Init(timeout) })
    }

    /// The nanoseconds left, negative once the deadline passed
    /// (`_PyDeadline_Get`).
    pub fn remaining(self) -> i64 {
        // SAFETY: as in `after`.
        unsafe { ffi::_PyDeadline_Get(self.0) }
    }
}
