//! A `tp_new` that may return any object, not only a new instance: for
//! classes whose constructor hands back an existing instance (C's
//! `_csv.Dialect(d)` returns `d` itself).  Listed in
//! [`PyClass::EXTRA_SLOTS`], it replaces the class's default `tp_new` (a
//! later slot of a spec overrides an earlier one); new instances are made
//! with [`crate::class::ClassDef::instantiate`].
//!
//! A class lists `class::new::new_object::<Self>()` in its
//! [`PyClass::EXTRA_SLOTS`](crate::class::PyClass::EXTRA_SLOTS) (`_csv`'s `Dialect` does).

use core::ffi::c_void;

use crate::class::{new_args, PyClass};
use crate::boundary::PyResult;
use crate::ffi;
use crate::boundary::guard::ffi_guard;
use crate::object::{Owned, PyAny, PyTuple, PyType};

/// `cls(*args, **kwargs)` as the class's `__new__` computes it.
pub trait NewObject: PyClass {
    fn new_object(cls: &PyType, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<Owned>;
}

unsafe extern "C" fn tp_new<T: NewObject>(
    cls: *mut ffi::PyTypeObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    ffi_guard(|_| {
        // SAFETY: CPython passes the live class (T's or a subclass), the
        // argument tuple and an optional keyword dict, alive for the call.
        let (class, args, kwargs) = unsafe { new_args(cls, args, kwargs) };
        T::new_object(class, args, kwargs).map(Owned::into_ptr)
    })
}

/// `[tp_new]`.
pub const fn new_object<T: NewObject>() -> [crate::class::Slot<T>; 1] {
    type NewFunc =
        unsafe extern "C" fn(*mut ffi::PyTypeObject, *mut ffi::PyObject, *mut ffi::PyObject) -> *mut ffi::PyObject;
    [crate::class::Slot::new(ffi::Py_tp_new, tp_new::<T> as NewFunc as *mut c_void)]
}
