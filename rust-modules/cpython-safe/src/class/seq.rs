//! Sequence, mapping, comparison and iteration slots of a class
//! ([`PyClass::EXTRA_SLOTS`]), each a trait the instance value implements,
//! plus what their implementations need: slice indices, rich comparison
//! of objects, `NotImplemented`.
//!
//! A class lists the groups it implements in
//! [`PyClass::EXTRA_SLOTS`](crate::class::PyClass::EXTRA_SLOTS) (`array` lists them all).

use core::ffi::{c_int, c_void};

use crate::class::{Instance, PyClass, Slot};
use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::boundary::guard::{ffi_guard, CReturn};
use crate::object::int::checked;
use crate::module::Receiver;
use crate::object::{Owned, PyAny};

impl CReturn for ffi::Py_ssize_t {
    const ERROR: Self = -1;
}

/// The items part of the sequence protocol: `len()`, `x[i]` for C callers
/// (and iteration without `__iter__`), `x[i] = v`.  A class with only these
/// (`mmap`) installs [`sequence_items`]; [`Sequence`] adds the rest.
pub trait ItemAccess: PyClass {
    /// `len()`, which may fail (a closed `mmap`).
    fn len(this: &Instance<Self>) -> PyResult<usize>;
    fn item(this: &Instance<Self>, index: isize) -> PyResult<Owned>;
    /// `x[i] = value`, or `del x[i]` when `value` is `None`.
    fn ass_item(this: &Instance<Self>, index: isize, value: Option<&PyAny>) -> PyResult<()>;
}

/// The sequence protocol (`sq_*`): `len()`, `x[i]` for C callers,
/// `+`, `*`, `+=`, `*=`, `in`.  Indices come as given (C's sq_item gets
/// them after adding the length to a negative one).
pub trait Sequence: ItemAccess {
    fn concat(this: &Instance<Self>, other: &PyAny) -> PyResult<Owned>;
    fn repeat(this: &Instance<Self>, count: isize) -> PyResult<Owned>;
    /// `x += other`, in place (the result is `x`).
    fn inplace_concat(this: &Instance<Self>, other: &PyAny) -> PyResult<()>;
    fn inplace_repeat(this: &Instance<Self>, count: isize) -> PyResult<()>;
    fn contains(this: &Instance<Self>, value: &PyAny) -> PyResult<bool>;
}

/// The mapping protocol (`mp_*`): `x[key]`, `x[key] = v`, `del x[key]`
/// (indices and slices); `len()` is the sequence's.
pub trait Mapping: ItemAccess {
    fn subscript(this: &Instance<Self>, key: &PyAny) -> PyResult<Owned>;
    fn ass_subscript(this: &Instance<Self>, key: &PyAny, value: Option<&PyAny>) -> PyResult<()>;
}

/// A comparison operator (`Py_LT` ... `Py_GE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
}

impl CompareOp {
    fn from_c(op: c_int) -> CompareOp {
        match op as u32 {
            ffi::Py_LT => CompareOp::Lt,
            ffi::Py_LE => CompareOp::Le,
            ffi::Py_EQ => CompareOp::Eq,
            ffi::Py_NE => CompareOp::Ne,
            ffi::Py_GT => CompareOp::Gt,
            _ => CompareOp::Ge,
        }
    }

    fn to_c(self) -> c_int {
        (match self {
            CompareOp::Lt => ffi::Py_LT,
            CompareOp::Le => ffi::Py_LE,
            CompareOp::Eq => ffi::Py_EQ,
            CompareOp::Ne => ffi::Py_NE,
            CompareOp::Gt => ffi::Py_GT,
            CompareOp::Ge => ffi::Py_GE,
        }) as c_int
    }

    /// Whether `ordering` (of left to right) satisfies the operator.
    pub fn holds(self, ordering: core::cmp::Ordering) -> bool {
        use core::cmp::Ordering::*;
        match self {
            CompareOp::Lt => ordering == Less,
            CompareOp::Le => ordering != Greater,
            CompareOp::Eq => ordering == Equal,
            CompareOp::Ne => ordering != Equal,
            CompareOp::Gt => ordering == Greater,
            CompareOp::Ge => ordering != Less,
        }
    }
}

/// `tp_richcompare`.
pub trait RichCompare: PyClass {
    fn richcompare(this: &Instance<Self>, other: &PyAny, op: CompareOp) -> PyResult<Owned>;
}

/// `iter(instance)` (`tp_iter`).
pub trait Iterable: PyClass {
    fn iter(this: &Instance<Self>) -> PyResult<Owned>;
}

impl PyAny {
    /// `PyObject_RichCompare(self, other, op)`.
    pub fn rich_compare(&self, other: &PyAny, op: CompareOp) -> PyResult<Owned> {
        // SAFETY: live objects.
        let result = unsafe { ffi::PyObject_RichCompare(self.as_ptr(), other.as_ptr(), op.to_c()) };
        // SAFETY: `PyObject_RichCompare` returns a new reference or null with
        // an exception.
        unsafe { Owned::from_result(result) }
    }

    /// `PyObject_RichCompareBool(self, other, op)` (identity implies equality).
    pub fn rich_compare_bool(&self, other: &PyAny, op: CompareOp) -> PyResult<bool> {
        // SAFETY: live objects, GIL held.
        match unsafe { ffi::PyObject_RichCompareBool(self.as_ptr(), other.as_ptr(), op.to_c()) } {
            r if r < 0 => Err(PyErr::fetched()),
            r => Ok(r != 0),
        }
    }

    /// Whether this is a `slice` object.
    pub fn is_slice(&self) -> bool {
        self.type_ptr() == &raw mut ffi::PySlice_Type
    }

    /// For a slice, its `(start, stop, step, length)` over a sequence of
    /// `len()` items (`PySlice_Unpack` then `PySlice_AdjustIndices`).  The
    /// bounds' `__index__` may change the sequence: `len` is asked after
    /// them, as C reads the size.
    #[inline]
    pub fn slice_indices(&self, len: impl FnOnce() -> usize) -> PyResult<(isize, isize, isize, usize)> {
        let (mut start, mut stop, mut step) = (0, 0, 0);
        // SAFETY: a live slice (callers check `is_slice`; CPython checks
        // the type again) and valid out-pointers.
        checked(unsafe { ffi::PySlice_Unpack(self.as_ptr(), &mut start, &mut stop, &mut step) }, -1)?;
        let len = len();
        // SAFETY: plain arithmetic on the three values.
        let length = unsafe { ffi::PySlice_AdjustIndices(len as ffi::Py_ssize_t, &mut start, &mut stop, step) };
        Ok((start, stop, step, length as usize))
    }
}

type LenFunc = unsafe extern "C" fn(*mut ffi::PyObject) -> ffi::Py_ssize_t;
type SizeArgFunc = unsafe extern "C" fn(*mut ffi::PyObject, ffi::Py_ssize_t) -> *mut ffi::PyObject;
type SizeObjArgProc = unsafe extern "C" fn(*mut ffi::PyObject, ffi::Py_ssize_t, *mut ffi::PyObject) -> c_int;
type BinaryFunc = unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::PyObject) -> *mut ffi::PyObject;
type ObjObjProc = unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::PyObject) -> c_int;
type ObjObjArgProc = unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::PyObject, *mut ffi::PyObject) -> c_int;
type RichCmpFunc = unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::PyObject, c_int) -> *mut ffi::PyObject;
type UnaryFunc = unsafe extern "C" fn(*mut ffi::PyObject) -> *mut ffi::PyObject;

/// # Safety
/// `obj` must be an instance of the class of `T` (or a subclass), alive
/// for `'a`: CPython calls a type's slots with its instances.
#[inline(always)]
unsafe fn this<'a, T: PyClass>(obj: *mut ffi::PyObject) -> &'a Instance<T> {
    // SAFETY: forwarded from the caller.
    unsafe { Instance::<T>::from_ptr(obj) }
}

/// # Safety
/// `obj` must be null or a live object for `'a`.
#[inline(always)]
unsafe fn optional<'a>(obj: *mut ffi::PyObject) -> Option<&'a PyAny> {
    // SAFETY: forwarded from the caller.
    (!obj.is_null()).then(|| unsafe { PyAny::from_ptr(obj) })
}

unsafe extern "C" fn sq_length<T: ItemAccess>(obj: *mut ffi::PyObject) -> ffi::Py_ssize_t {
    // SAFETY: see `this`.
    ffi_guard(|_| T::len(unsafe { this::<T>(obj) }).map(|len| len as ffi::Py_ssize_t))
}

unsafe extern "C" fn sq_item<T: ItemAccess>(obj: *mut ffi::PyObject, index: ffi::Py_ssize_t) -> *mut ffi::PyObject {
    // SAFETY: see `this`.
    ffi_guard(|_| T::item(unsafe { this::<T>(obj) }, index).map(Owned::into_ptr))
}

unsafe extern "C" fn sq_ass_item<T: ItemAccess>(obj: *mut ffi::PyObject, index: ffi::Py_ssize_t, value: *mut ffi::PyObject) -> c_int {
    // SAFETY: see `this` and `optional`: CPython passes a live value or null.
    ffi_guard(|_| T::ass_item(unsafe { this::<T>(obj) }, index, unsafe { optional(value) }).map(|()| 0))
}

unsafe extern "C" fn sq_concat<T: Sequence>(obj: *mut ffi::PyObject, other: *mut ffi::PyObject) -> *mut ffi::PyObject {
    ffi_guard(|_| {
        // SAFETY: see `this`.
        let this = unsafe { this::<T>(obj) };
        // SAFETY: CPython passes a live operand.
        T::concat(this, unsafe { PyAny::from_ptr(other) }).map(Owned::into_ptr)
    })
}

unsafe extern "C" fn sq_repeat<T: Sequence>(obj: *mut ffi::PyObject, count: ffi::Py_ssize_t) -> *mut ffi::PyObject {
    // SAFETY: see `this`.
    ffi_guard(|_| T::repeat(unsafe { this::<T>(obj) }, count).map(Owned::into_ptr))
}

unsafe extern "C" fn sq_inplace_concat<T: Sequence>(obj: *mut ffi::PyObject, other: *mut ffi::PyObject) -> *mut ffi::PyObject {
    ffi_guard(|_| {
        // SAFETY: see `this`.
        let this = unsafe { this::<T>(obj) };
        // SAFETY: CPython passes a live operand.
        T::inplace_concat(this, unsafe { PyAny::from_ptr(other) }).map(|()| PyAny::to_owned(this).into_ptr())
    })
}

unsafe extern "C" fn sq_inplace_repeat<T: Sequence>(obj: *mut ffi::PyObject, count: ffi::Py_ssize_t) -> *mut ffi::PyObject {
    ffi_guard(|_| {
        // SAFETY: see `this`.
        let this = unsafe { this::<T>(obj) };
        T::inplace_repeat(this, count).map(|()| PyAny::to_owned(this).into_ptr())
    })
}

unsafe extern "C" fn sq_contains<T: Sequence>(obj: *mut ffi::PyObject, value: *mut ffi::PyObject) -> c_int {
    // SAFETY: see `this`; the value is a live object.
    ffi_guard(|_| T::contains(unsafe { this::<T>(obj) }, unsafe { PyAny::from_ptr(value) }).map(c_int::from))
}

unsafe extern "C" fn mp_subscript<T: Mapping>(obj: *mut ffi::PyObject, key: *mut ffi::PyObject) -> *mut ffi::PyObject {
    // SAFETY: see `this`; the key is a live object.
    ffi_guard(|_| T::subscript(unsafe { this::<T>(obj) }, unsafe { PyAny::from_ptr(key) }).map(Owned::into_ptr))
}

unsafe extern "C" fn mp_ass_subscript<T: Mapping>(obj: *mut ffi::PyObject, key: *mut ffi::PyObject, value: *mut ffi::PyObject) -> c_int {
    ffi_guard(|_| {
        // SAFETY: see `this`.
        let this = unsafe { this::<T>(obj) };
        // SAFETY: CPython passes a live key.
        let key = unsafe { PyAny::from_ptr(key) };
        // SAFETY: a live value or null (deletion).
        let value = unsafe { optional(value) };
        T::ass_subscript(this, key, value).map(|()| 0)
    })
}

unsafe extern "C" fn tp_richcompare<T: RichCompare>(obj: *mut ffi::PyObject, other: *mut ffi::PyObject, op: c_int) -> *mut ffi::PyObject {
    // SAFETY: see `this`; the other operand is a live object.
    ffi_guard(|_| T::richcompare(unsafe { this::<T>(obj) }, unsafe { PyAny::from_ptr(other) }, CompareOp::from_c(op)).map(Owned::into_ptr))
}

unsafe extern "C" fn tp_iter<T: Iterable>(obj: *mut ffi::PyObject) -> *mut ffi::PyObject {
    // SAFETY: see `this`.
    ffi_guard(|_| T::iter(unsafe { this::<T>(obj) }).map(Owned::into_ptr))
}

const fn slot<T>(slot: u32, pfunc: *mut c_void) -> Slot<T> {
    Slot::new(slot, pfunc)
}

/// The eight `sq_*` slots.
pub const fn sequence<T: Sequence>() -> [Slot<T>; 8] {
    [
        slot(ffi::Py_sq_length, sq_length::<T> as LenFunc as *mut c_void),
        slot(ffi::Py_sq_item, sq_item::<T> as SizeArgFunc as *mut c_void),
        slot(ffi::Py_sq_ass_item, sq_ass_item::<T> as SizeObjArgProc as *mut c_void),
        slot(ffi::Py_sq_concat, sq_concat::<T> as BinaryFunc as *mut c_void),
        slot(ffi::Py_sq_repeat, sq_repeat::<T> as SizeArgFunc as *mut c_void),
        slot(ffi::Py_sq_inplace_concat, sq_inplace_concat::<T> as BinaryFunc as *mut c_void),
        slot(ffi::Py_sq_inplace_repeat, sq_inplace_repeat::<T> as SizeArgFunc as *mut c_void),
        slot(ffi::Py_sq_contains, sq_contains::<T> as ObjObjProc as *mut c_void),
    ]
}

/// `[sq_length, sq_item, sq_ass_item]`, without the other `sq_*` slots.
pub const fn sequence_items<T: ItemAccess>() -> [Slot<T>; 3] {
    [
        slot(ffi::Py_sq_length, sq_length::<T> as LenFunc as *mut c_void),
        slot(ffi::Py_sq_item, sq_item::<T> as SizeArgFunc as *mut c_void),
        slot(ffi::Py_sq_ass_item, sq_ass_item::<T> as SizeObjArgProc as *mut c_void),
    ]
}

/// `[mp_length, mp_subscript, mp_ass_subscript]`.
pub const fn mapping<T: Mapping>() -> [Slot<T>; 3] {
    [
        slot(ffi::Py_mp_length, sq_length::<T> as LenFunc as *mut c_void),
        slot(ffi::Py_mp_subscript, mp_subscript::<T> as BinaryFunc as *mut c_void),
        slot(ffi::Py_mp_ass_subscript, mp_ass_subscript::<T> as ObjObjArgProc as *mut c_void),
    ]
}

/// `tp_richcompare`.
pub const fn richcompare<T: RichCompare>() -> Slot<T> {
    slot(ffi::Py_tp_richcompare, tp_richcompare::<T> as RichCmpFunc as *mut c_void)
}

/// `tp_iter`.
pub const fn iter<T: Iterable>() -> Slot<T> {
    slot(ffi::Py_tp_iter, tp_iter::<T> as UnaryFunc as *mut c_void)
}
