//! Calls from Python into Rust: the arguments of a call ([`Args`]) and
//! their conversions, as Argument Clinic's converters make them.

mod args;
pub(crate) mod callargs;
pub mod parse;

pub use args::{
    check_positional, check_tuple_count, ArgRef, Args, BitwiseU32, FileDescriptor, FromArg, GetargsInt, UnsignedByte, UnsignedLong,
    UnsignedLongLong, UnsignedShort,
};
pub use callargs::{arg_buffer, ArgBuffer};

use crate::boundary::{PyResult, Python};
use crate::object::{Owned, PyFloat, PyInt, PyNative, PyTuple};

/// What a function or method returns: an object, or a plain value made
/// into one as C's functions build theirs (`f64` a float, `i64` an int,
/// `bool` True or False, `()` None, a pair a tuple).  An object of any
/// static type is returned as it is.
pub trait IntoObject {
    fn into_object(self, py: Python<'_>) -> PyResult<Owned>;
}

impl<T: PyNative> IntoObject for Owned<T> {
    #[inline(always)]
    fn into_object(self, _py: Python<'_>) -> PyResult<Owned> {
        Ok(self.into_any())
    }
}

impl IntoObject for f64 {
    #[inline(always)]
    fn into_object(self, py: Python<'_>) -> PyResult<Owned> {
        Ok(PyFloat::new(py, self)?.into_any())
    }
}

impl IntoObject for i64 {
    #[inline(always)]
    fn into_object(self, py: Python<'_>) -> PyResult<Owned> {
        Ok(PyInt::from_i64(py, self)?.into_any())
    }
}

impl<A: IntoObject, B: IntoObject> IntoObject for (A, B) {
    #[inline(always)]
    fn into_object(self, py: Python<'_>) -> PyResult<Owned> {
        let (a, b) = (self.0.into_object(py)?, self.1.into_object(py)?);
        Ok(PyTuple::pair(&a, &b)?.into_any())
    }
}

impl IntoObject for bool {
    #[inline(always)]
    fn into_object(self, py: Python<'_>) -> PyResult<Owned> {
        Ok(py.bool(self))
    }
}

impl IntoObject for () {
    #[inline(always)]
    fn into_object(self, py: Python<'_>) -> PyResult<Owned> {
        Ok(py.none())
    }
}
