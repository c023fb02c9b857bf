//! The generic object protocol pieces that C modules use everywhere:
//! attributes, `repr`, imports, raising an exception instance, the
//! recursion limit, and a few concrete operations (`list.sort()`, tuples of
//! two, `int` from text and back).

use core::ffi::CStr;

use crate::object::PyDict;
use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::object::PyList;
use crate::object::{Owned, PyAny, PyInt, PyStr, PyTuple};
use crate::boundary::stack::check_stack;
use crate::boundary::Python;

impl PyAny {
    /// `getattr(self, name)` (`PyObject_GetAttrString`).
    #[inline]
    pub fn getattr(&self, name: &CStr) -> PyResult<Owned> {
        // SAFETY: a live object and a NUL-terminated name.
        let result = unsafe { ffi::PyObject_GetAttrString(self.as_ptr(), name.as_ptr()) };
        // SAFETY: `PyObject_GetAttrString` returns a new reference or null with
        // an exception set.
        unsafe { Owned::from_result(result) }
    }

    /// `repr(self)` (`PyObject_Repr`).
    #[inline]
    pub fn repr(&self) -> PyResult<Owned<PyStr>> {
        // SAFETY: a live object.
        let result = unsafe { ffi::PyObject_Repr(self.as_ptr()) };
        // SAFETY: `PyObject_Repr` returns a new reference to a str or null.
        unsafe { Owned::from_result(result) }
    }

    /// Whether `self` and `other` are the same object (`is`).
    #[inline(always)]
    pub fn is(&self, other: &PyAny) -> bool {
        self.as_ptr() == other.as_ptr()
    }

    /// `self * count` for a sequence (`PySequence_Repeat`).
    pub fn repeat(&self, count: isize) -> PyResult<Owned> {
        // SAFETY: a live object.
        let result = unsafe { ffi::PySequence_Repeat(self.as_ptr(), count) };
        // SAFETY: `PySequence_Repeat` returns a new reference or null.
        unsafe { Owned::from_result(result) }
    }
}

/// `getattr(importlib.import_module(module), name)`, as C modules look up
/// a class defined in Python (`_PyImport_GetModuleAttr`).
pub fn import_attr(_py: Python<'_>, module: &CStr, name: &CStr) -> PyResult<Owned> {
    // SAFETY: a NUL-terminated module name.
    let result = unsafe { ffi::PyImport_ImportModule(module.as_ptr()) };
    // SAFETY: `PyImport_ImportModule` returns a new reference or null.
    let module: Owned = unsafe { Owned::from_result(result) }?;
    module.getattr(name)
}

impl PyErr {
    /// Raises `value`, an instance of `exc_type` (or the argument of a new
    /// one: `PyErr_SetObject`).
    pub fn set_object(exc_type: &PyAny, value: &PyAny) -> PyErr {
        // SAFETY: live objects; CPython takes its own references.
        unsafe { ffi::PyErr_SetObject(exc_type.as_ptr(), value.as_ptr()) };
        PyErr::fetched()
    }
}

/// The built-in `StopIteration` class.
#[allow(non_snake_case)]
pub fn StopIteration(_py: Python<'_>) -> &PyAny {
    // SAFETY: CPython sets the exception classes at start-up and never
    // changes them.
    let stop_iteration = unsafe { ffi::PyExc_StopIteration };
    // SAFETY: a static, immortal built-in exception class.
    unsafe { PyAny::from_ptr(stop_iteration) }
}

/// One level of recursion counted against the interpreter's limit while
/// it lives (`Py_EnterRecursiveCall` / `Py_LeaveRecursiveCall`), for code
/// that recurses over nested data: RecursionError instead of a C stack
/// overflow.  The native stack left is checked too ([`check_stack`]): the
/// count alone lets a thread with a small stack overflow it.  Not `Send`:
/// the count belongs to this thread's state.
pub struct RecursionGuard(core::marker::PhantomData<*mut ()>);

impl RecursionGuard {
    /// `location` completes "maximum recursion depth exceeded".
    #[inline(always)]
    pub fn enter(py: Python<'_>, location: &CStr) -> PyResult<RecursionGuard> {
        check_stack(py, location)?;
        // SAFETY: a NUL-terminated string; raises RecursionError at the limit.
        if unsafe { ffi::Py_EnterRecursiveCall(location.as_ptr()) } != 0 {
            return Err(PyErr::fetched());
        }
        Ok(RecursionGuard(core::marker::PhantomData))
    }
}

impl Drop for RecursionGuard {
    #[inline(always)]
    fn drop(&mut self) {
        // SAFETY: pairs the successful Py_EnterRecursiveCall of `enter`.
        unsafe { ffi::Py_LeaveRecursiveCall() }
    }
}

impl PyList {
    /// A new empty list.
    #[inline]
    pub fn empty(_py: Python<'_>) -> PyResult<Owned<PyList>> {
        // SAFETY: GIL held (the `Python` token).
        let result = unsafe { ffi::PyList_New(0) };
        // SAFETY: `PyList_New` returns a new reference or null.
        unsafe { Owned::from_result(result) }
    }

    /// `self.sort()` (`PyList_Sort`).
    pub fn sort(&self) -> PyResult<()> {
        // SAFETY: a live list.
        match unsafe { ffi::PyList_Sort(self.as_ptr()) } {
            0 => Ok(()),
            _ => Err(PyErr::fetched()),
        }
    }
}

impl PyTuple {
    /// `(a, b)`.
    #[inline]
    pub fn pair(a: &PyAny, b: &PyAny) -> PyResult<Owned<PyTuple>> {
        // SAFETY: live objects.
        let result = unsafe { ffi::PyTuple_Pack(2, a.as_ptr(), b.as_ptr()) };
        // SAFETY: `PyTuple_Pack` returns pyTuple_Pack takes its own references
        // and returns a new tuple or null.
        unsafe { Owned::from_result(result) }
    }
}

impl PyInt {
    /// The int of a decimal text (`PyLong_FromString(text, NULL, 10)`):
    /// ValueError for invalid text, or beyond `sys.get_int_max_str_digits()`.
    pub fn from_decimal(py: Python<'_>, text: &[u8]) -> PyResult<Owned<PyInt>> {
        let mut text0 = crate::alloc::try_with_capacity(py, text.len() + 1)?;
        text0.extend_from_slice(text);
        text0.push(0);
        // SAFETY: a NUL-terminated buffer.
        let result = unsafe { ffi::PyLong_FromString(text0.as_ptr().cast(), core::ptr::null_mut(), 10) };
        // SAFETY: `PyLong_FromString` returns a new reference or null.
        unsafe { Owned::from_result(result) }
    }

    /// `int.__repr__(self)`, whatever a subclass overrides (ValueError
    /// beyond `sys.get_int_max_str_digits()`).
    pub fn int_repr(&self) -> PyResult<Owned<PyStr>> {
        // SAFETY: CPython only writes int's static type object while
        // initialising it.
        let repr = unsafe { ffi::PyLong_Type.tp_repr }.expect("int has tp_repr");
        // SAFETY: int's own repr slot on a live int.
        let result = unsafe { repr(self.as_ptr()) };
        // SAFETY: tp_repr returns a new reference to a str or null with an
        // exception set.
        unsafe { Owned::from_result(result) }
    }
}

impl crate::object::PyFloat {
    /// The `float` class itself.
    #[inline(always)]
    pub fn type_object(_py: Python<'_>) -> &PyAny {
        let class = &raw mut ffi::PyFloat_Type as *mut ffi::PyObject;
        // SAFETY: a static, immortal built-in type.
        unsafe { PyAny::from_ptr(class) }
    }
}

impl PyInt {
    /// The `int` class itself.
    #[inline(always)]
    pub fn type_object(_py: Python<'_>) -> &PyAny {
        let class = &raw mut ffi::PyLong_Type as *mut ffi::PyObject;
        // SAFETY: a static, immortal built-in type.
        unsafe { PyAny::from_ptr(class) }
    }
}

impl PyAny {
    /// `id(self)` as an int (`PyLong_FromVoidPtr`): the key C modules
    /// file an object under in a dict of objects being worked on.
    #[inline]
    pub fn identity(&self) -> PyResult<Owned<PyInt>> {
        // SAFETY: only the object's address is used.
        let result = unsafe { ffi::PyLong_FromVoidPtr(self.as_ptr().cast()) };
        // SAFETY: `PyLong_FromVoidPtr` returns a new reference or null.
        unsafe { Owned::from_result(result) }
    }
}

impl PyDict {
    /// `key in self` (`PyDict_Contains`).
    #[inline]
    pub fn contains(&self, key: &PyAny) -> PyResult<bool> {
        // SAFETY: a live dict and key; -1 with an exception set on error.
        match unsafe { ffi::PyDict_Contains(self.as_ptr(), key.as_ptr()) } {
            -1 => Err(PyErr::fetched()),
            found => Ok(found == 1),
        }
    }

    /// `del self[key]` (`PyDict_DelItem`: KeyError if missing).
    #[inline]
    pub fn del_item(&self, key: &PyAny) -> PyResult<()> {
        // SAFETY: a live dict and key; -1 with an exception set on error.
        match unsafe { ffi::PyDict_DelItem(self.as_ptr(), key.as_ptr()) } {
            0 => Ok(()),
            _ => Err(PyErr::fetched()),
        }
    }
}

/// At most this many arguments to [`PyAny::call`].
const MAX_CALL_ARGS: usize = 8;

impl PyAny {
    /// `self(*args)` (`PyObject_Vectorcall`).
    pub fn call(&self, args: &[&PyAny]) -> PyResult<Owned> {
        assert!(args.len() <= MAX_CALL_ARGS, "PyAny::call: too many arguments");
        let mut stack = [core::ptr::null_mut(); MAX_CALL_ARGS];
        for (slot, arg) in stack.iter_mut().zip(args) {
            *slot = arg.as_ptr();
        }
        // SAFETY: a live callable and `args.len()` live arguments borrowed
        // for the call.
        let result = unsafe { ffi::PyObject_Vectorcall(self.as_ptr(), stack.as_ptr(), args.len(), core::ptr::null_mut()) };
        // SAFETY: `PyObject_Vectorcall` returns a new reference or null with
        // an exception set.
        unsafe { Owned::from_result(result) }
    }
}

impl<T: crate::object::PyNative> Owned<T> {
    /// A new strong reference to a borrowed `T`, keeping its type.
    #[inline(always)]
    pub fn from_ref(obj: &T) -> Owned<T> {
        let ptr = core::ptr::NonNull::from(obj).cast::<ffi::PyObject>();
        // SAFETY: T is repr(transparent) over a live object (PyNative).
        unsafe { ffi::Py_INCREF(ptr.as_ptr()) };
        // SAFETY: the new reference just taken goes to the Owned.
        unsafe { Owned::from_raw(ptr) }
    }
}

/// The text of `float.__repr__(value)` (`PyOS_double_to_string(value,
/// 'r', 0, Py_DTSF_ADD_DOT_0, NULL)`), appended to `out`.
pub fn push_double_repr(_py: Python<'_>, value: f64, out: &mut Vec<u8>) -> PyResult<()> {
    // SAFETY: GIL held (the token); no type slot is asked for.
    let text = unsafe {
        ffi::PyOS_double_to_string(value, b'r' as core::ffi::c_char, 0, ffi::Py_DTSF_ADD_DOT_0 as core::ffi::c_int, core::ptr::null_mut())
    };
    if text.is_null() {
        return Err(PyErr::fetched());
    }
    // SAFETY: a new PyMem buffer holding a NUL-terminated string.
    out.extend_from_slice(unsafe { CStr::from_ptr(text) }.to_bytes());
    // SAFETY: the buffer is ours, copied above and freed once.
    unsafe { ffi::PyMem_Free(text.cast()) };
    Ok(())
}

impl PyAny {
    /// The object itself if it is exactly a list or a tuple, else a list
    /// of its items (`PySequence_Fast(self, message)`: TypeError with
    /// `message` if it is not iterable).
    pub fn sequence_fast(&self, message: &CStr) -> PyResult<Owned> {
        // SAFETY: a live object and a NUL-terminated message.
        let result = unsafe { ffi::PySequence_Fast(self.as_ptr(), message.as_ptr()) };
        // SAFETY: `PySequence_Fast` returns a new reference to a list or tuple,
        // or null with an exception set.
        unsafe { Owned::from_result(result) }
    }
}

impl PyAny {
    /// `PyMapping_Check(self)`: whether the type has `__getitem__` as a
    /// mapping (true for sequences too, as in C).
    #[inline]
    pub fn is_mapping(&self) -> bool {
        // SAFETY: a live object; the check cannot fail.
        unsafe { ffi::PyMapping_Check(self.as_ptr()) != 0 }
    }

    /// `PyMapping_GetOptionalItemString(self, key)`: `self[key]` with a
    /// str key, `None` when that raises KeyError (an exact dict is read
    /// directly, anything else through `__getitem__`).
    pub fn mapping_get_optional(&self, key: &CStr) -> PyResult<Option<Owned>> {
        let mut value = core::ptr::null_mut();
        // SAFETY: a live object and a NUL-terminated key; on 1 `value` is a
        // new reference, on 0 null, on -1 an exception is set.
        match unsafe { ffi::PyMapping_GetOptionalItemString(self.as_ptr(), key.as_ptr(), &mut value) } {
            r if r < 0 => Err(PyErr::fetched()),
            0 => Ok(None),
            _ => {
                // SAFETY: on 1 `value` is set, so not null.
                let value = unsafe { core::ptr::NonNull::new_unchecked(value) };
                // SAFETY: on 1 `value` is a new reference.
                Ok(Some(unsafe { Owned::from_raw(value) }))
            }
        }
    }
}
