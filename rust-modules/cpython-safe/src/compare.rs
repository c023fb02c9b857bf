//! Rich comparison with `<`, as C modules make it.

use core::ffi::{c_int, CStr};

use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::object::{Owned, PyAny};

impl PyAny {
    /// `self < other` (`PyObject_RichCompareBool(self, other, Py_LT)`).
    #[inline(always)]
    pub fn lt(&self, other: &PyAny) -> PyResult<bool> {
        // SAFETY: live objects, GIL held.
        match unsafe { ffi::PyObject_RichCompareBool(self.as_ptr(), other.as_ptr(), ffi::Py_LT as c_int) } {
            -1 => Err(PyErr::fetched()),
            r => Ok(r != 0),
        }
    }
}

/// Many comparisons of one object `x` with others, the way `_bisect` makes
/// them: when the other operand has exactly `x`'s type, that type's
/// `tp_richcompare` slot is called directly, until it returns
/// `NotImplemented` once; otherwise, and from then on, it is
/// `PyObject_RichCompareBool`.
///
/// A direct slot call skips the recursion check that `PyObject_RichCompare`
/// makes, so a `LessThan` counts as one recursive call while it lives
/// (`Py_EnterRecursiveCall`): a comparison that recurses still stops at the
/// limit instead of overflowing the C stack.
pub struct LessThan<'a> {
    x: &'a PyAny,
    slot: ffi::richcmpfunc,
}

impl<'a> LessThan<'a> {
    /// `location` completes "maximum recursion depth exceeded".
    pub fn new(x: &'a PyAny, location: &CStr) -> PyResult<Self> {
        // SAFETY: a NUL-terminated string; raises RecursionError at the limit.
        if unsafe { ffi::Py_EnterRecursiveCall(location.as_ptr()) } != 0 {
            return Err(PyErr::fetched());
        }
        // SAFETY: the type of a live object.
        let slot = unsafe { (*ffi::Py_TYPE(x.as_ptr())).tp_richcompare };
        Ok(LessThan { x, slot })
    }

    /// `x < y`.
    #[inline(always)]
    pub fn x_lt(&mut self, y: &PyAny) -> PyResult<bool> {
        self.compare(self.x, y, y)
    }

    /// `y < x`.
    #[inline(always)]
    pub fn lt_x(&mut self, y: &PyAny) -> PyResult<bool> {
        self.compare(y, self.x, y)
    }

    /// `a < b`, where `y` is the one of them that is not `x`.
    #[inline(always)]
    fn compare(&mut self, a: &PyAny, b: &PyAny, y: &PyAny) -> PyResult<bool> {
        // SAFETY: the types of live objects.
        let same_type = unsafe { ffi::Py_TYPE(y.as_ptr()) == ffi::Py_TYPE(self.x.as_ptr()) };
        if let (Some(slot), true) = (self.slot, same_type) {
            // SAFETY: the slot of both operands' type, with live operands;
            // it returns a new reference or null with an exception set.
            let result = unsafe { Owned::<PyAny>::from_result(slot(a.as_ptr(), b.as_ptr(), ffi::Py_LT as c_int))? };
            match result.as_ptr() {
                r if r == ffi::Py_True() => return Ok(true),
                r if r == ffi::Py_False() => return Ok(false),
                r if r != ffi::Py_NotImplemented() => return result.is_true(),
                _ => self.slot = None,
            }
        }
        a.lt(b)
    }
}

impl Drop for LessThan<'_> {
    fn drop(&mut self) {
        // SAFETY: pairs the successful Py_EnterRecursiveCall of `new`.
        unsafe { ffi::Py_LeaveRecursiveCall() }
    }
}
