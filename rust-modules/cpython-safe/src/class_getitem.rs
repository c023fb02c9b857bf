//! `cls[item]` as `types.GenericAlias(cls, item)` (PEP 585), for classes
//! that C gives `{"__class_getitem__", Py_GenericAlias, METH_O|METH_CLASS}`.

use core::ffi::CStr;

use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::object::{Owned, PyAny, PyType};

/// Adds `__class_getitem__` to a class just created (before any use):
/// the same method definition as `list`'s (CPython's own, docstring
/// included), as a class method of `class`.
pub fn add_generic_alias(class: &PyType) -> PyResult<()> {
    let cls = class.as_ptr() as *mut ffi::PyTypeObject;
    // SAFETY: list's method table is static, NULL-terminated, and has
    // `__class_getitem__` (Py_GenericAlias, METH_O|METH_CLASS).
    let def = unsafe {
        let mut def = ffi::PyList_Type.tp_methods;
        while !(*def).ml_name.is_null() && CStr::from_ptr((*def).ml_name) != c"__class_getitem__" {
            def = def.add(1);
        }
        assert!(!(*def).ml_name.is_null(), "list has __class_getitem__");
        def
    };
    // SAFETY: a live type and a static method definition; new references
    // or null with an exception set.  The type's dict is written before
    // the type is used, then its caches are invalidated.
    unsafe {
        let descr = Owned::<PyAny>::from_result(ffi::PyDescr_NewClassMethod(cls, def))?;
        let dict = Owned::<PyAny>::from_result(ffi::PyType_GetDict(cls))?;
        if ffi::PyDict_SetItemString(dict.as_ptr(), c"__class_getitem__".as_ptr(), descr.as_ptr()) < 0 {
            return Err(PyErr::fetched());
        }
        ffi::PyType_Modified(cls);
    }
    Ok(())
}
