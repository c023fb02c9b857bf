//! Numbers: `float` and `int` values with the C API's conversions and exact
//! errors, the number protocol (`a * b` is [`number::multiply`]`(a, b)`, as
//! `PyNumber_Multiply` is in C), and special methods looked up the way the
//! interpreter looks them up (`__ceil__`, `__floor__`, `__trunc__`).
//!
//! [`number::multiply`]: multiply

use core::ffi::{c_int, c_long, c_longlong, c_ulong};
use core::ptr::NonNull;

use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::object::int::checked;
use crate::object::{Owned, PyAny, PyFloat, PyInt, PyStr};
use crate::boundary::Python;

/// Which way an int does not fit a machine integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overflow {
    Negative,
    Positive,
}

/// A value, or the overflow that the C API's `overflow` flag reports.
#[inline(always)]
fn with_overflow<T>(value: T, overflow: c_int) -> Result<T, Overflow> {
    match overflow {
        0 => Ok(value),
        o if o < 0 => Err(Overflow::Negative),
        _ => Err(Overflow::Positive),
    }
}

impl PyAny {
    /// `PyFloat_AsDouble(self)`: a float, or an object with `__float__` or
    /// `__index__` ("must be real number, not str").  Exact floats and ints
    /// take the inline paths of math's `ASSIGN_DOUBLE`.
    #[inline(always)]
    pub fn to_f64(&self) -> PyResult<f64> {
        match PyFloat::exact(self) {
            Some(float) => Ok(float.value()),
            None => self.to_f64_slow(),
        }
    }

    #[inline(never)]
    fn to_f64_slow(&self) -> PyResult<f64> {
        if let Some(int) = PyInt::exact(self) {
            return int.to_double();
        }
        // SAFETY: a live object, GIL held.
        checked(unsafe { ffi::PyFloat_AsDouble(self.as_ptr()) }, -1.0)
    }

    /// `PyLong_AsLongAndOverflow(self)`: an int, or an object with
    /// `__index__` ("'float' object cannot be interpreted as an integer");
    /// an int out of range is an [`Overflow`], not an error.
    #[inline]
    pub fn to_c_long_or_overflow(&self) -> PyResult<Result<c_long, Overflow>> {
        let mut overflow: c_int = 0;
        // SAFETY: a live object and a valid flag, GIL held.
        let value = checked(unsafe { ffi::PyLong_AsLongAndOverflow(self.as_ptr(), &mut overflow) }, -1)?;
        Ok(with_overflow(value, overflow))
    }

    /// `PyLong_AsLongLongAndOverflow(self)`, as
    /// [`to_c_long_or_overflow`](Self::to_c_long_or_overflow).
    #[inline]
    pub fn to_c_longlong_or_overflow(&self) -> PyResult<Result<c_longlong, Overflow>> {
        let mut overflow: c_int = 0;
        // SAFETY: a live object and a valid flag, GIL held.
        let value = checked(unsafe { ffi::PyLong_AsLongLongAndOverflow(self.as_ptr(), &mut overflow) }, -1)?;
        Ok(with_overflow(value, overflow))
    }

    /// Whether this is a `bool`.
    #[inline(always)]
    pub fn is_bool(&self) -> bool {
        // SAFETY: a live object.
        unsafe { ffi::PyBool_Check(self.as_ptr()) }
    }

    /// The special method `name` of the object's type, bound to it, as the
    /// interpreter looks up `__ceil__` for `math.ceil` (on the type, never
    /// the instance): `None` when the type has none
    /// (`_PyObject_LookupSpecial`).
    pub fn lookup_special(&self, name: &PyStr) -> PyResult<Option<Owned>> {
        // SAFETY: a live object and str; a new reference, or null with an
        // exception set (an error) or without (no such method).
        let method = unsafe { ffi::_PyObject_LookupSpecial(self.as_ptr(), name.as_ptr()) };
        match NonNull::new(method) {
            // SAFETY: a new reference from the lookup.
            Some(method) => Ok(Some(unsafe { Owned::from_raw(method) })),
            // SAFETY: GIL held.
            None if unsafe { ffi::PyErr_Occurred() }.is_null() => Ok(None),
            None => Err(PyErr::fetched()),
        }
    }

    /// `self()` (`PyObject_CallNoArgs`).
    #[inline]
    pub fn call0(&self) -> PyResult<Owned> {
        // SAFETY: a live object.
        let result = unsafe { ffi::PyObject_CallNoArgs(self.as_ptr()) };
        // SAFETY: `PyObject_CallNoArgs` returns a new reference or null with an
        // exception set.
        unsafe { Owned::from_result(result) }
    }
}

impl PyFloat {
    /// `obj` as a float if it is exactly a `float` (not a subclass instance,
    /// which may override its methods).
    #[inline(always)]
    pub fn exact(obj: &PyAny) -> Option<&PyFloat> {
        // SAFETY: a live object.
        let is_exact = unsafe { ffi::PyFloat_CheckExact(obj.as_ptr()) };
        // SAFETY: an exact float is a float, and PyFloat is repr(transparent)
        // over PyAny.
        is_exact.then(|| unsafe { &*(obj as *const PyAny as *const PyFloat) })
    }
}

impl PyInt {
    /// `obj` as an int if it is exactly an `int` (not a bool or another
    /// subclass instance).
    #[inline(always)]
    pub fn exact(obj: &PyAny) -> Option<&PyInt> {
        // SAFETY: a live object.
        let is_exact = unsafe { ffi::PyLong_CheckExact(obj.as_ptr()) };
        // SAFETY: an exact int is an int, and PyInt is repr(transparent) over
        // PyAny.
        is_exact.then(|| unsafe { &*(obj as *const PyAny as *const PyInt) })
    }

    /// `operator.index(obj)`, as an exact int (`PyNumber_Index`): "'float'
    /// object cannot be interpreted as an integer".
    #[inline]
    pub fn from_index(obj: &PyAny) -> PyResult<Owned<PyInt>> {
        // SAFETY: a live object.
        let result = unsafe { ffi::PyNumber_Index(obj.as_ptr()) };
        // SAFETY: `PyNumber_Index` returns a new reference to an exact int or
        // null with an exception set.
        unsafe { Owned::from_result(result) }
    }

    /// A new `int` from a C long (`PyLong_FromLong`).
    #[inline]
    pub fn from_c_long(_py: Python<'_>, value: c_long) -> PyResult<Owned<PyInt>> {
        // SAFETY: GIL held (the `Python` token).
        let result = unsafe { ffi::PyLong_FromLong(value) };
        // SAFETY: `PyLong_FromLong` returns a new reference or null with an
        // exception set.
        unsafe { Owned::from_result(result) }
    }

    /// `int(value)`, truncated (`PyLong_FromDouble`): OverflowError for an
    /// infinity, ValueError for a NaN.
    #[inline]
    pub fn from_f64(_py: Python<'_>, value: f64) -> PyResult<Owned<PyInt>> {
        // SAFETY: GIL held (the `Python` token).
        let result = unsafe { ffi::PyLong_FromDouble(value) };
        // SAFETY: `PyLong_FromDouble` returns a new reference or null with an
        // exception set.
        unsafe { Owned::from_result(result) }
    }

    /// -1, 0 or 1 as the int is negative, zero or positive.
    #[inline]
    pub fn sign(&self) -> i32 {
        // SAFETY: a live int.
        unsafe { ffi::_PyLong_Sign(self.as_ptr()) }
    }

    /// The int's own value as a float, correctly rounded, whatever
    /// `__float__` a subclass defines (`PyLong_AsDouble`): OverflowError
    /// "int too large to convert to float".
    #[inline]
    pub fn to_double(&self) -> PyResult<f64> {
        // SAFETY: a live int, GIL held.
        checked(unsafe { ffi::PyLong_AsDouble(self.as_ptr()) }, -1.0)
    }

    /// `PyLong_AsUnsignedLongLong`: OverflowError when negative or too large.
    #[inline]
    pub fn to_u64(&self) -> PyResult<u64> {
        // SAFETY: a live int, GIL held.
        checked(unsafe { ffi::PyLong_AsUnsignedLongLong(self.as_ptr()) }, u64::MAX)
    }

    /// `(x, e)` with `self == x * 2**e` and `0.5 <= abs(x) < 1`, `x`
    /// correctly rounded: `math.frexp` of ints too large for a float
    /// (`_PyLong_Frexp`).
    pub fn frexp(&self) -> PyResult<(f64, isize)> {
        let mut exponent: ffi::Py_ssize_t = 0;
        // SAFETY: a live int and a valid exponent slot, GIL held.
        let x = unsafe { ffi::_PyLong_Frexp(self.as_ptr() as *mut ffi::PyLongObject, &mut exponent) };
        Ok((checked(x, -1.0)?, exponent))
    }

    /// `self << shift` (`_PyLong_Lshift`: no int object for the count).
    #[inline]
    pub fn shift_left(&self, shift: u64) -> PyResult<Owned<PyInt>> {
        // SAFETY: a live int.
        let result = unsafe { ffi::_PyLong_Lshift(self.as_ptr(), shift as usize) };
        // SAFETY: `_PyLong_Lshift` returns a new reference to an int or null
        // with an exception set (MemoryError).
        unsafe { Owned::from_result(result) }
    }

    /// `self >> shift` (`_PyLong_Rshift`).
    #[inline]
    pub fn shift_right(&self, shift: u64) -> PyResult<Owned<PyInt>> {
        // SAFETY: a live int.
        let result = unsafe { ffi::_PyLong_Rshift(self.as_ptr(), shift as usize) };
        // SAFETY: `_PyLong_Rshift` returns a new reference to an int or null
        // with an exception set.
        unsafe { Owned::from_result(result) }
    }

    /// A new `int` from a C `unsigned long` (`PyLong_FromUnsignedLong`:
    /// in 3.13 shorter than the `unsigned long long` conversion, which
    /// shows in `_random`'s `getstate`, 625 of them).
    #[inline]
    pub fn from_c_ulong(_py: Python<'_>, value: c_ulong) -> PyResult<Owned<PyInt>> {
        // SAFETY: GIL held (the `Python` token).
        let result = unsafe { ffi::PyLong_FromUnsignedLong(value) };
        // SAFETY: `PyLong_FromUnsignedLong` returns a new reference or null
        // with an exception set.
        unsafe { Owned::from_result(result) }
    }

    /// The greatest common divisor, non-negative (`_PyLong_GCD`).
    #[inline]
    pub fn gcd(&self, other: &PyInt) -> PyResult<Owned<PyInt>> {
        // SAFETY: live ints.
        let result = unsafe { ffi::_PyLong_GCD(self.as_ptr(), other.as_ptr()) };
        // SAFETY: `_PyLong_GCD` returns a new reference to an int or null with
        // an exception set.
        unsafe { Owned::from_result(result) }
    }
}

macro_rules! number_protocol {
    ($($(#[$doc:meta])* fn $name:ident($($arg:ident),*) = $c_function:ident;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name($($arg: &PyAny),*) -> PyResult<Owned> {
            // SAFETY: live objects; a new reference or null with an
            // exception set.
            unsafe { Owned::from_result(ffi::$c_function($($arg.as_ptr()),*)) }
        }
    )*};
}

number_protocol! {
    /// `a + b`.
    fn add(a, b) = PyNumber_Add;
    /// `a - b`.
    fn subtract(a, b) = PyNumber_Subtract;
    /// `a * b`.
    fn multiply(a, b) = PyNumber_Multiply;
    /// `a // b`.
    fn floor_divide(a, b) = PyNumber_FloorDivide;
    /// `a / b`.
    fn true_divide(a, b) = PyNumber_TrueDivide;
    /// `abs(a)`.
    fn absolute(a) = PyNumber_Absolute;
}
