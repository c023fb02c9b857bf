//! Rich comparison with `<`, as C modules make it.

use core::ffi::{c_int, CStr};

use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::object::PyList;
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

/// `<` between items, as an algorithm over a list of objects makes it
/// ([`FastLt`], [`RichLt`]): generic, so that a loop is compiled once for
/// each.
pub trait ItemLt: Copy {
    /// `a < b` if computed without Python code, `None` for any other pair.
    fn inline(self, a: &PyAny, b: &PyAny) -> Option<bool>;

    /// `a < b`.
    #[inline(always)]
    fn lt(self, a: &PyAny, b: &PyAny) -> PyResult<bool> {
        match self.inline(a, b) {
            Some(lt) => Ok(lt),
            None => a.lt(b),
        }
    }

    /// `list[a] < list[b]`, or `None` if either index is out of range: the
    /// comparison of two items as heap algorithms make it.  Pairs compared
    /// inline take no reference; otherwise both items are held (strong
    /// references) while `PyObject_RichCompareBool` runs, since its Python
    /// code may remove them from the list, and released in the `release`
    /// order.
    #[inline(always)]
    fn items(self, list: &PyList, a: usize, b: usize, release: Release) -> Option<PyResult<bool>> {
        let len = list.len();
        // No short-circuit (`|`): this runs once per heap level.
        if (a >= len) | (b >= len) {
            return None;
        }
        // SAFETY: a live list.
        let items = unsafe { ffi::_PyList_ITEMS(list.as_ptr()) };
        // SAFETY: `a` is in range of the item array (checked above).
        let slot_x = unsafe { items.add(a) };
        // SAFETY: `b` is in range of the item array (checked above).
        let slot_y = unsafe { items.add(b) };
        // SAFETY: a slot in range of the live list.
        let x = unsafe { *slot_x };
        // SAFETY: as `x`.
        let y = unsafe { *slot_y };
        // SAFETY: a slot in range holds a live object, borrowed only until a
        // strong reference is taken, before any Python code can run.
        let x = unsafe { PyAny::from_ptr(x) };
        // SAFETY: as `x`.
        let y = unsafe { PyAny::from_ptr(y) };
        if let Some(lt) = self.inline(x, y) {
            return Some(Ok(lt));
        }
        let (x, y) = (x.to_owned(), y.to_owned());
        // SAFETY: live objects, GIL held.
        let lt = unsafe { ffi::PyObject_RichCompareBool(x.as_ptr(), y.as_ptr(), ffi::Py_LT as c_int) };
        match release {
            Release::First => {
                drop(x);
                drop(y);
            }
            Release::Second => {
                drop(y);
                drop(x);
            }
        }
        // -1, 0 or 1: testing the low bit after the sign keeps the result
        // as C's code does, in the register that held it.
        Some(if lt < 0 { Err(PyErr::fetched()) } else { Ok(lt & 1 != 0) })
    }
}

/// `PyObject_RichCompareBool(a, b, Py_LT)` for every pair.
#[derive(Clone, Copy)]
pub struct RichLt;

impl ItemLt for RichLt {
    #[inline(always)]
    fn inline(self, _: &PyAny, _: &PyAny) -> Option<bool> {
        None
    }
}

/// `<` as [`RichLt`], with the pairs whose comparison runs no Python code
/// and cannot fail compared inline, as `list.sort` does: two exact
/// `float`s, or two exact one-digit ("compact") `int`s.
///
/// Made once per operation from a sample item of one of these types, it
/// compares inline the pairs of the sample's type (any other pair as
/// `RichLt`).  `PyObject_RichCompare` checks the C recursion limit before
/// comparing (RecursionError); at the limit there is no `FastLt`, so that
/// `RichLt` raises.  The depth is the same at every comparison of one
/// operation (a call returns to the depth it started at).
#[derive(Clone, Copy)]
pub struct FastLt {
    /// `float` or `int`, whose exact instances are compared inline.
    inline_type: *mut ffi::PyTypeObject,
}

impl FastLt {
    /// For `sample`'s type, if it is `float` or `int`.
    #[inline(always)]
    pub fn new(sample: &PyAny) -> Option<FastLt> {
        FastLt::for_type(sample.type_ptr())
    }

    /// With `list[index]` as the sample (none if out of range).
    #[inline(always)]
    pub fn for_item(list: &PyList, index: usize) -> Option<FastLt> {
        if index >= list.len() {
            return None;
        }
        // SAFETY: a live list.
        let items = unsafe { ffi::_PyList_ITEMS(list.as_ptr()) };
        // SAFETY: `index` is in range of the item array (checked above).
        let slot = unsafe { items.add(index) };
        // SAFETY: a slot in range of the live list.
        let item = unsafe { *slot };
        // SAFETY: an item in range of a live list is a live object.
        FastLt::for_type(unsafe { ffi::Py_TYPE(item) })
    }

    #[inline(always)]
    fn for_type(tp: *mut ffi::PyTypeObject) -> Option<FastLt> {
        let numeric = tp == &raw mut ffi::PyFloat_Type || tp == &raw mut ffi::PyLong_Type;
        // SAFETY: no preconditions.
        let thread_state = unsafe { ffi::PyThreadState_GetUnchecked() };
        // SAFETY: the thread holds the GIL, so its thread state is live.
        let inline = numeric && unsafe { (*thread_state).c_recursion_remaining } > 0;
        // Only float's and int's static type objects are kept.
        inline.then_some(FastLt { inline_type: tp })
    }
}

impl ItemLt for FastLt {
    #[inline(always)]
    fn inline(self, a: &PyAny, b: &PyAny) -> Option<bool> {
        let (v, w) = (a.as_ptr(), b.as_ptr());
        let tp = self.inline_type;
        if a.type_ptr() != tp || b.type_ptr() != tp {
            return None;
        }
        // Live objects, each read with the layout of its exact type.
        if tp == &raw mut ffi::PyFloat_Type {
            // SAFETY: an exact float has the PyFloatObject layout.
            let v = unsafe { (*(v as *const ffi::PyFloatObject)).ob_fval };
            // SAFETY: as `v`.
            let w = unsafe { (*(w as *const ffi::PyFloatObject)).ob_fval };
            Some(v < w)
        } else {
            // SAFETY: an exact int.
            let v = unsafe { compact_value(v) }?;
            // SAFETY: as `v`.
            let w = unsafe { compact_value(w) }?;
            Some(v < w)
        }
    }
}

/// The value of an int in CPython's one-digit "compact" form
/// (`PyUnstable_Long_CompactValue`), `None` for a larger one.
///
/// # Safety
/// `op` must be a live int (or subclass instance).
#[inline(always)]
unsafe fn compact_value(op: *mut ffi::PyObject) -> Option<isize> {
    // SAFETY: an int has PyLongObject's layout with at least one digit.
    let value = unsafe { &(*(op as *const ffi::PyLongObject)).long_value };
    if value.lv_tag >= 2 << ffi::_PyLong_NON_SIZE_BITS {
        return None;
    }
    // The sign bits: 0 positive, 1 zero, 2 negative.
    let sign = 1 - (value.lv_tag & ffi::_PyLong_SIGN_MASK as usize) as isize;
    Some(sign * value.ob_digit[0] as isize)
}

/// Which item [`ItemLt::items`] releases first after a comparison that
/// ran Python code.  It is the order of their `__del__` when the comparison
/// removed both from the list, so algorithms keep the order of C's.
#[derive(Clone, Copy)]
pub enum Release {
    First,
    Second,
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
        // SAFETY: the live type of a live object.
        let slot = unsafe { (*x.type_ptr()).tp_richcompare };
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
        let same_type = y.type_ptr() == self.x.type_ptr();
        if let (Some(slot), true) = (self.slot, same_type) {
            // SAFETY: the slot of both operands' type, with live operands.
            let result = unsafe { slot(a.as_ptr(), b.as_ptr(), ffi::Py_LT as c_int) };
            // SAFETY: a rich comparison slot returns a new reference or null
            // with an exception set.
            let result = unsafe { Owned::<PyAny>::from_result(result) }?;
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
