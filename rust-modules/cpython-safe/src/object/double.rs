//! Clinic's `double` converter.

use crate::call::{ArgRef, FromArg};
use crate::boundary::PyResult;
use crate::object::PyAny;

/// `double`: `PyFloat_AsDouble` ([`PyAny::to_f64`]), "must be real number,
/// not str".
impl<'a> FromArg<'a> for f64 {
    #[inline(always)]
    fn from_arg(obj: &'a PyAny, _: ArgRef) -> PyResult<Self> {
        obj.to_f64()
    }
}
