//! Integers: conversions between Python ints and machine words, with the
//! C API's exact errors, and arbitrary-size ints as little-endian words.

use core::ffi::{c_long, c_ulong, c_ulonglong};

use crate::call::{ArgRef, FromArg};
use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::object::{Owned, PyAny, PyInt};
use crate::boundary::Python;

/// Returns `value` unless it is the C API's error marker and an exception
/// is set.
#[inline(always)]
pub(crate) fn checked<T: PartialEq>(value: T, error_marker: T) -> PyResult<T> {
    // SAFETY: GIL held.
    if value == error_marker && !unsafe { ffi::PyErr_Occurred() }.is_null() {
        return Err(PyErr::fetched());
    }
    Ok(value)
}

/// Clinic's `long_long` converter: `PyLong_AsLongLong` (uses `__index__`;
/// OverflowError out of range).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LongLong(pub i64);

impl<'a> FromArg<'a> for LongLong {
    #[inline(always)]
    fn from_arg(obj: &'a PyAny, _: ArgRef) -> PyResult<Self> {
        // SAFETY: a live object, GIL held.
        checked(unsafe { ffi::PyLong_AsLongLong(obj.as_ptr()) }, -1).map(LongLong)
    }
}

impl PyAny {
    /// `PyLong_AsLong`: an int, or an object with `__index__`.
    pub fn to_c_long(&self) -> PyResult<c_long> {
        // SAFETY: a live object, GIL held.
        checked(unsafe { ffi::PyLong_AsLong(self.as_ptr()) }, -1)
    }

    /// `PyLong_AsUnsignedLong`: an int only (TypeError otherwise),
    /// OverflowError when negative or too large.
    #[inline]
    pub fn to_c_ulong(&self) -> PyResult<c_ulong> {
        if let Some(value) = self.two_digit_unsigned().and_then(|value| c_ulong::try_from(value).ok()) {
            return Ok(value);
        }
        // SAFETY: a live object, GIL held.
        checked(unsafe { ffi::PyLong_AsUnsignedLong(self.as_ptr()) }, c_ulong::MAX)
    }

    /// `PyLong_AsUnsignedLongLong`: an int only ("an integer is
    /// required"; no `__index__`), OverflowError when negative or too large
    /// ("can't convert negative int to unsigned", "int too big to convert").
    #[inline]
    pub fn to_c_ulonglong(&self) -> PyResult<c_ulonglong> {
        if let Some(value) = self.two_digit_unsigned() {
            return Ok(value as c_ulonglong);
        }
        // SAFETY: a live object, GIL held.
        checked(unsafe { ffi::PyLong_AsUnsignedLongLong(self.as_ptr()) }, c_ulonglong::MAX)
    }

    /// The value of a non-negative int (or subclass instance) of at most
    /// two digits (below 2**60 with 30-bit digits), read inline as
    /// `PyLong_AsUnsignedLong` reads it, without the call; `None` for any
    /// other object.
    #[inline(always)]
    fn two_digit_unsigned(&self) -> Option<u64> {
        if !self.is_int() {
            return None;
        }
        // SAFETY: an int (or subclass instance) has PyLongObject's layout.
        let value = unsafe { &(*(self.as_ptr() as *const ffi::PyLongObject)).long_value };
        // The sign bits: 0 positive, 1 zero, 2 negative.
        match value.lv_tag & ffi::_PyLong_SIGN_MASK as usize {
            1 => return Some(0),
            2 => return None,
            _ => {}
        }
        let count = value.lv_tag >> ffi::_PyLong_NON_SIZE_BITS;
        if count > 2 {
            return None;
        }
        // SAFETY: the tag's count of digits is how many follow the header.
        let digits = unsafe { core::slice::from_raw_parts(value.ob_digit.as_ptr(), count) };
        match *digits {
            [low] => Some(u64::from(low)),
            [low, high] => Some(u64::from(low) | u64::from(high) << ffi::PyLong_SHIFT),
            _ => None,
        }
    }

    /// The value of an int (or subclass instance) small enough for
    /// CPython's one-digit "compact" form, read inline as
    /// `PyUnstable_Long_CompactValue` does (no call, no `__index__`);
    /// `None` for a larger int or a non-int.
    #[inline(always)]
    pub fn compact_int(&self) -> Option<isize> {
        if !self.is_int() {
            return None;
        }
        // SAFETY: an int (or subclass instance) has PyLongObject's layout,
        // with at least one digit; only its tag and first digit are read.
        unsafe {
            let value = &(*(self.as_ptr() as *const ffi::PyLongObject)).long_value;
            if value.lv_tag >= 2 << ffi::_PyLong_NON_SIZE_BITS {
                return None;
            }
            // The sign bits: 0 positive, 1 zero, 2 negative.
            let sign = 1 - (value.lv_tag & ffi::_PyLong_SIGN_MASK as usize) as isize;
            Some(sign * value.ob_digit[0] as isize)
        }
    }

    /// `hash(self)`.
    pub fn hash(&self) -> PyResult<ffi::Py_hash_t> {
        // SAFETY: a live object, GIL held.
        checked(unsafe { ffi::PyObject_Hash(self.as_ptr()) }, -1)
    }
}

impl PyInt {
    /// `int.__abs__(self)`: the absolute value as an exact int, whatever
    /// `__abs__` a subclass defines.
    pub fn int_abs(&self) -> PyResult<Owned<PyInt>> {
        // SAFETY: int's number table is static; CPython only writes it while
        // initialising the type.
        let number_methods = unsafe { ffi::PyLong_Type.tp_as_number };
        // SAFETY: as above; int always has one.
        let absolute = unsafe { (*number_methods).nb_absolute }.expect("int has nb_absolute");
        // SAFETY: int's own nb_absolute on an int (or subclass instance).
        let result = unsafe { absolute(self.as_ptr()) };
        // SAFETY: nb_absolute returns a new exact int or null with an
        // exception set.
        unsafe { Owned::from_result(result) }
    }

    /// The number of bits of the absolute value (`int.bit_length()`).
    pub fn bit_length(&self) -> PyResult<u64> {
        // SAFETY: a live int, GIL held.
        let bits = unsafe { ffi::_PyLong_NumBits(self.as_ptr()) };
        checked(bits, usize::MAX).map(|bits| bits as u64)
    }

    /// A non-negative int as `size` little-endian bytes (OverflowError if
    /// it does not fit, or is negative).
    pub fn to_le_bytes_unsigned(&self, size: usize) -> PyResult<Vec<u8>> {
        let mut bytes = crate::alloc::try_zeroed(self.py(), size)?;
        // SAFETY: a live int and a buffer of `size` bytes; the call raises
        // on overflow or a negative value (unsigned, with exceptions).
        let failed = unsafe {
            ffi::_PyLong_AsByteArray(self.as_ptr() as *mut ffi::PyLongObject, bytes.as_mut_ptr(), size, 1, 0, 1)
        };
        if failed < 0 {
            return Err(PyErr::fetched());
        }
        Ok(bytes)
    }

    /// The non-negative int whose little-endian bytes are `bytes`.
    pub fn from_le_bytes_unsigned(_py: Python<'_>, bytes: &[u8]) -> PyResult<Owned<PyInt>> {
        // SAFETY: a valid buffer of its length; unsigned little-endian.
        let result = unsafe { ffi::_PyLong_FromByteArray(bytes.as_ptr(), bytes.len(), 1, 0) };
        // SAFETY: `_PyLong_FromByteArray` returns a new int or null with an
        // exception set.
        unsafe { Owned::from_result(result) }
    }
}

#[cfg(unix)]
impl PyAny {
    /// A user id as `os` takes one (`_Py_Uid_Converter`): an int (or an
    /// object with `__index__`), -1 meaning "unchanged"; "uid should be
    /// integer, not str" (TypeError), "uid is greater than maximum"
    /// (OverflowError).
    pub fn to_uid(&self) -> PyResult<libc::uid_t> {
        let mut uid: libc::uid_t = 0;
        // SAFETY: a live object and a uid_t to write; returns 0 with an
        // exception set on failure.
        match unsafe { ffi::_Py_Uid_Converter(self.as_ptr(), (&raw mut uid).cast()) } {
            0 => Err(PyErr::fetched()),
            _ => Ok(uid),
        }
    }

    /// A group id as `os` takes one (`_Py_Gid_Converter`), with the
    /// messages of [`PyAny::to_uid`] for a gid.
    pub fn to_gid(&self) -> PyResult<libc::gid_t> {
        let mut gid: libc::gid_t = 0;
        // SAFETY: a live object and a gid_t to write; returns 0 with an
        // exception set on failure.
        match unsafe { ffi::_Py_Gid_Converter(self.as_ptr(), (&raw mut gid).cast()) } {
            0 => Err(PyErr::fetched()),
            _ => Ok(gid),
        }
    }
}
