//! `cls[item]` as `types.GenericAlias(cls, item)` (PEP 585), for classes
//! that C gives `{"__class_getitem__", Py_GenericAlias, METH_O|METH_CLASS}`.

use core::ffi::CStr;

use crate::boundary::PyResult;
use crate::ffi;
use crate::object::{Owned, PyAny, PyType};

/// Adds `__class_getitem__` to a class just created (before any use):
/// the same method definition as `list`'s (CPython's own, docstring
/// included), as a class method of `class`.
pub fn add_generic_alias(class: &PyType) -> PyResult<()> {
    let cls = class.as_ptr() as *mut ffi::PyTypeObject;
    // List's method table is static, NULL-terminated, and has
    // `__class_getitem__` (Py_GenericAlias, METH_O|METH_CLASS).
    // SAFETY: CPython only writes list's static type object while
    // initialising it.
    let mut def = unsafe { ffi::PyList_Type.tp_methods };
    loop {
        // SAFETY: an entry of list's method table (the loop stops at the
        // terminator).
        let name = unsafe { (*def).ml_name };
        assert!(!name.is_null(), "list has __class_getitem__");
        // SAFETY: a method's name is a static NUL-terminated string.
        if unsafe { CStr::from_ptr(name) } == c"__class_getitem__" {
            break;
        }
        // SAFETY: not the terminator, so the next entry is in the table.
        def = unsafe { def.add(1) };
    }
    // SAFETY: a live type and a static method definition.
    let descr = unsafe { ffi::PyDescr_NewClassMethod(cls, def) };
    // SAFETY: `PyDescr_NewClassMethod` returns a new reference or null with
    // an exception set.
    let descr = unsafe { Owned::<PyAny>::from_result(descr) }?;
    // The type's dict is written before the type is used.
    super::add_class_attribute(class, c"__class_getitem__", &descr)
}
