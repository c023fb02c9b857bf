//! More of the object protocol (_csv): `str()`, `float()`, `callable()`,
//! optional attributes, stepping a stored iterator, `isinstance` against a
//! type, calls with a keyword dict, characters by ordinal, dict removal and
//! keys, and C integers from exact ints.

use core::ffi::CStr;
use core::ptr::NonNull;

use crate::object::PyDict;
use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::object::PyList;
use crate::object::{Owned, PyAny, PyStr, PyType};
use crate::boundary::Python;

impl PyAny {
    /// `str(self)` (`PyObject_Str`).
    #[inline]
    pub fn str(&self) -> PyResult<Owned<PyStr>> {
        // SAFETY: a live object.
        let result = unsafe { ffi::PyObject_Str(self.as_ptr()) };
        // SAFETY: `PyObject_Str` returns a new reference to a str or null.
        unsafe { Owned::from_result(result) }
    }

    /// `float(self)` (`PyNumber_Float`).
    #[inline]
    pub fn to_float_object(&self) -> PyResult<Owned> {
        // SAFETY: a live object.
        let result = unsafe { ffi::PyNumber_Float(self.as_ptr()) };
        // SAFETY: `PyNumber_Float` returns a new reference or null.
        unsafe { Owned::from_result(result) }
    }

    /// `PyNumber_Check(self)`: has `__index__`, `__int__`, `__float__` or is complex.
    #[inline]
    pub fn is_number(&self) -> bool {
        // SAFETY: a live object; only reads its type's slots.
        unsafe { ffi::PyNumber_Check(self.as_ptr()) != 0 }
    }

    /// `callable(self)`.
    #[inline]
    pub fn is_callable(&self) -> bool {
        // SAFETY: a live object; only reads its type's slots.
        unsafe { ffi::PyCallable_Check(self.as_ptr()) != 0 }
    }

    /// `getattr(self, name, <missing>)` (`PyObject_GetOptionalAttr`):
    /// `None` when the attribute does not exist (AttributeError swallowed).
    pub fn getattr_optional(&self, name: &PyStr) -> PyResult<Option<Owned>> {
        let mut value = core::ptr::null_mut();
        // SAFETY: live objects; on 1 `value` is a new reference.
        match unsafe { ffi::PyObject_GetOptionalAttr(self.as_ptr(), name.as_ptr(), &mut value) } {
            r if r < 0 => Err(PyErr::fetched()),
            0 => Ok(None),
            _ => {
                // SAFETY: on 1 `value` is set, so not null.
                let value = unsafe { NonNull::new_unchecked(value) };
                // SAFETY: on 1 `value` is a new reference.
                Ok(Some(unsafe { Owned::from_raw(value) }))
            }
        }
    }

    /// `iter(self)` as an object (`PyObject_GetIter`), to keep and step
    /// with [`PyAny::iter_next`].
    #[inline]
    pub fn get_iter(&self) -> PyResult<Owned> {
        // SAFETY: a live object.
        let result = unsafe { ffi::PyObject_GetIter(self.as_ptr()) };
        // SAFETY: `PyObject_GetIter` returns a new reference or null.
        unsafe { Owned::from_result(result) }
    }

    /// `next(self)` for an iterator (`PyIter_Next`): `None` at the end.
    #[inline]
    pub fn iter_next(&self) -> PyResult<Option<Owned>> {
        // SAFETY: a live iterator (PyObject_GetIter's result); a new
        // reference, or null at the end or with an exception set.
        match NonNull::new(unsafe { ffi::PyIter_Next(self.as_ptr()) }) {
            // SAFETY: a new reference.
            Some(item) => Ok(Some(unsafe { Owned::from_raw(item) })),
            // SAFETY: GIL held.
            None if unsafe { ffi::PyErr_Occurred() }.is_null() => Ok(None),
            None => Err(PyErr::fetched()),
        }
    }

    /// `isinstance(self, class)` for a type, without `__instancecheck__`
    /// (`PyObject_TypeCheck`).
    #[inline]
    pub fn is_instance_of_type(&self, class: &PyType) -> bool {
        let tp = self.type_ptr();
        let class = class.as_type_ptr();
        // SAFETY: both are live types.
        tp == class || unsafe { ffi::PyType_IsSubtype(tp, class) } != 0
    }

    /// `self(*args, **kwargs)` with an optional keyword dict
    /// (`PyObject_VectorcallDict`).
    pub fn call_with_dict(&self, args: &[&PyAny], kwargs: Option<&PyAny>) -> PyResult<Owned> {
        const MAX: usize = 4;
        assert!(args.len() <= MAX, "PyAny::call_with_dict: too many arguments");
        let mut stack = [core::ptr::null_mut(); MAX];
        for (slot, arg) in stack.iter_mut().zip(args) {
            *slot = arg.as_ptr();
        }
        let kwargs = kwargs.map_or(core::ptr::null_mut(), PyAny::as_ptr);
        // SAFETY: a live callable, `args.len()` live arguments and a dict or
        // null, borrowed for the call.
        let result = unsafe { ffi::PyObject_VectorcallDict(self.as_ptr(), stack.as_ptr(), args.len(), kwargs) };
        // SAFETY: `PyObject_VectorcallDict` returns a new reference or null.
        unsafe { Owned::from_result(result) }
    }

    /// `PyLong_AsInt(self)` (OverflowError out of range).
    pub fn to_c_int(&self) -> PyResult<i32> {
        // SAFETY: a live object, GIL held.
        let value = unsafe { ffi::PyLong_AsInt(self.as_ptr()) };
        // SAFETY: GIL held.
        if value == -1 && !unsafe { ffi::PyErr_Occurred() }.is_null() {
            return Err(PyErr::fetched());
        }
        Ok(value)
    }

    /// `PyLong_AsSsize_t(self)` (OverflowError out of range).
    pub fn to_ssize(&self) -> PyResult<isize> {
        // SAFETY: a live object, GIL held.
        let value = unsafe { ffi::PyLong_AsSsize_t(self.as_ptr()) };
        // SAFETY: GIL held.
        if value == -1 && !unsafe { ffi::PyErr_Occurred() }.is_null() {
            return Err(PyErr::fetched());
        }
        Ok(value)
    }
}

impl PyType {
    /// The type's name without its module (`_PyType_Name`).
    pub fn short_name(&self) -> &CStr {
        // SAFETY: a live type.
        let name = unsafe { ffi::_PyType_Name(self.as_type_ptr()) };
        // SAFETY: `name` points into the type's NUL-terminated tp_name, which
        // lives as long as the type.
        unsafe { CStr::from_ptr(name) }
    }

    /// `"module.QualName"` (the module left out for builtins), as `%T`
    /// prints a type in C messages (`PyType_GetFullyQualifiedName`).
    pub fn fully_qualified_name(&self) -> PyResult<Owned<PyStr>> {
        // SAFETY: a live type.
        let result = unsafe { ffi::PyType_GetFullyQualifiedName(self.as_type_ptr()) };
        // SAFETY: a new str or null with an exception set.
        unsafe { Owned::from_result(result) }
    }
}

impl PyStr {
    /// `chr(code)` (`PyUnicode_FromOrdinal`; ValueError beyond U+10FFFF).
    pub fn from_ordinal(_py: Python<'_>, code: u32) -> PyResult<Owned<PyStr>> {
        // SAFETY: CPython checks the range.
        let result = unsafe { ffi::PyUnicode_FromOrdinal(code as core::ffi::c_int) };
        // SAFETY: `PyUnicode_FromOrdinal` returns a new reference or null.
        unsafe { Owned::from_result(result) }
    }
}

impl PyDict {
    /// `del self[key]` if present (`PyDict_Pop` without result): whether it was.
    pub fn remove(&self, key: &PyAny) -> PyResult<bool> {
        // SAFETY: a live dict and key; a null result pointer asks for no value.
        match unsafe { ffi::PyDict_Pop(self.as_ptr(), key.as_ptr(), core::ptr::null_mut()) } {
            r if r < 0 => Err(PyErr::fetched()),
            r => Ok(r == 1),
        }
    }

    /// `list(self.keys())` (`PyDict_Keys`).
    pub fn keys(&self) -> PyResult<Owned<PyList>> {
        // SAFETY: a live dict.
        let result = unsafe { ffi::PyDict_Keys(self.as_ptr()) };
        // SAFETY: `PyDict_Keys` returns a new reference to a list or null.
        unsafe { Owned::from_result(result) }
    }
}
