//! Complex numbers: clinic's `Py_complex` converter (`PyComplex_AsCComplex`),
//! `complex` objects, and the C API's complex division.

use crate::call::{ArgRef, FromArg};
use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::object::{native_type, Owned, PyAny, PyFloat, PyNative};

use core::ops::Deref;
use crate::boundary::Python;

/// A complex value (C's `Py_complex`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Complex {
    pub real: f64,
    pub imag: f64,
}

impl Complex {
    #[inline(always)]
    pub const fn new(real: f64, imag: f64) -> Complex {
        Complex { real, imag }
    }

    /// `_Py_c_quot(self, divisor)`: the division `complex.__truediv__`
    /// does.  A zero divisor gives `0` here, where C also sets `errno` to
    /// EDOM: callers test `divisor` for zero themselves.
    #[inline]
    pub fn quot(self, divisor: Complex) -> Complex {
        // SAFETY: a pure function of plain values (at most it sets errno).
        unsafe { ffi::_Py_c_quot(self.into(), divisor.into()) }.into()
    }
}

impl From<Complex> for ffi::Py_complex {
    #[inline(always)]
    fn from(z: Complex) -> ffi::Py_complex {
        ffi::Py_complex { real: z.real, imag: z.imag }
    }
}

impl From<ffi::Py_complex> for Complex {
    #[inline(always)]
    fn from(z: ffi::Py_complex) -> Complex {
        Complex { real: z.real, imag: z.imag }
    }
}

native_type!(
    /// A `complex` object (or subclass instance).
    PyComplex, |obj| {
        let tp = obj.type_ptr();
        let complex_type = &raw mut ffi::PyComplex_Type;
        // SAFETY: both are live types.
        tp == complex_type || unsafe { ffi::PyType_IsSubtype(tp, complex_type) } != 0
    }
);

impl PyComplex {
    /// A new `complex` (`PyComplex_FromCComplex`).
    #[inline]
    pub fn new(_py: Python<'_>, value: Complex) -> PyResult<Owned<PyComplex>> {
        // SAFETY: GIL held (the `Python` token).
        let result = unsafe { ffi::PyComplex_FromCComplex(value.into()) };
        // SAFETY: `PyComplex_FromCComplex` returns a new reference or null with
        // an exception set.
        unsafe { Owned::from_result(result) }
    }

    /// The value (`((PyComplexObject *)op)->cval`).
    #[inline(always)]
    pub fn value(&self) -> Complex {
        // SAFETY: a live complex (or subclass) has the PyComplexObject layout.
        unsafe { (*(self.as_ptr() as *mut ffi::PyComplexObject)).cval }.into()
    }
}

impl PyAny {
    /// `PyComplex_AsCComplex(self)`: a complex (or subclass instance), an
    /// object with `__complex__`, or else a real number (`PyFloat_AsDouble`:
    /// `__float__`, `__index__`) with imaginary part `0.0`.  Exact complex
    /// numbers and floats take inline paths that give the same values.
    #[inline(always)]
    pub fn to_complex(&self) -> PyResult<Complex> {
        if self.type_ptr() == &raw mut ffi::PyComplex_Type {
            // SAFETY: an exact complex has the PyComplexObject layout.
            return Ok(unsafe { (*(self.as_ptr() as *mut ffi::PyComplexObject)).cval }.into());
        }
        // `float` has no `__complex__`, so C takes its `PyFloat_AsDouble` path.
        if let Some(float) = PyFloat::exact(self) {
            return Ok(Complex::new(float.value(), 0.0));
        }
        self.to_complex_slow()
    }

    #[inline(never)]
    fn to_complex_slow(&self) -> PyResult<Complex> {
        // SAFETY: a live object, GIL held.
        let value: Complex = unsafe { ffi::PyComplex_AsCComplex(self.as_ptr()) }.into();
        // SAFETY: GIL held.
        if value.real == -1.0 && !unsafe { ffi::PyErr_Occurred() }.is_null() {
            return Err(PyErr::fetched());
        }
        Ok(value)
    }
}

/// `Py_complex`: [`PyAny::to_complex`].
impl<'a> FromArg<'a> for Complex {
    #[inline(always)]
    fn from_arg(obj: &'a PyAny, _: ArgRef) -> PyResult<Self> {
        obj.to_complex()
    }
}
