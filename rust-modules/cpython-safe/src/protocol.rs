//! The generic object protocol pieces that C modules use everywhere:
//! attributes, `repr`, imports, raising an exception instance, the
//! recursion limit, and a few concrete operations (`list.sort()`, tuples of
//! two, `int` from text and back).

use core::ffi::CStr;

use crate::dict::PyDict;
use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::list::PyList;
use crate::object::{Owned, PyAny, PyInt, PyStr, PyTuple};
use crate::stack::check_stack;
use crate::python::Python;

impl PyAny {
    /// `getattr(self, name)` (`PyObject_GetAttrString`).
    #[inline]
    pub fn getattr(&self, name: &CStr) -> PyResult<Owned> {
        // SAFETY: a live object and a NUL-terminated name; a new reference
        // or null with an exception set.
        unsafe { Owned::from_result(ffi::PyObject_GetAttrString(self.as_ptr(), name.as_ptr())) }
    }

    /// `repr(self)` (`PyObject_Repr`).
    #[inline]
    pub fn repr(&self) -> PyResult<Owned<PyStr>> {
        // SAFETY: a live object; a new reference to a str or null.
        unsafe { Owned::from_result(ffi::PyObject_Repr(self.as_ptr())) }
    }

    /// Whether `self` and `other` are the same object (`is`).
    #[inline(always)]
    pub fn is(&self, other: &PyAny) -> bool {
        self.as_ptr() == other.as_ptr()
    }

    /// `self * count` for a sequence (`PySequence_Repeat`).
    pub fn repeat(&self, count: isize) -> PyResult<Owned> {
        // SAFETY: a live object; a new reference or null.
        unsafe { Owned::from_result(ffi::PySequence_Repeat(self.as_ptr(), count)) }
    }
}

/// `getattr(importlib.import_module(module), name)`, as C modules look up
/// a class defined in Python (`_PyImport_GetModuleAttr`).
pub fn import_attr(_py: Python<'_>, module: &CStr, name: &CStr) -> PyResult<Owned> {
    // SAFETY: a NUL-terminated module name; a new reference or null.
    let module: Owned = unsafe { Owned::from_result(ffi::PyImport_ImportModule(module.as_ptr()))? };
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
    // SAFETY: a static, immortal built-in exception class.
    unsafe { PyAny::from_ptr(ffi::PyExc_StopIteration) }
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
        // SAFETY: a new reference or null.
        unsafe { Owned::from_result(ffi::PyList_New(0)) }
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
        // SAFETY: live objects; PyTuple_Pack takes its own references and
        // returns a new tuple or null.
        unsafe { Owned::from_result(ffi::PyTuple_Pack(2, a.as_ptr(), b.as_ptr())) }
    }
}

impl PyInt {
    /// The int of a decimal text (`PyLong_FromString(text, NULL, 10)`):
    /// ValueError for invalid text, or beyond `sys.get_int_max_str_digits()`.
    pub fn from_decimal(py: Python<'_>, text: &[u8]) -> PyResult<Owned<PyInt>> {
        let mut text0 = crate::alloc::try_with_capacity(py, text.len() + 1)?;
        text0.extend_from_slice(text);
        text0.push(0);
        // SAFETY: a NUL-terminated buffer; a new reference or null.
        unsafe { Owned::from_result(ffi::PyLong_FromString(text0.as_ptr().cast(), core::ptr::null_mut(), 10)) }
    }

    /// `int.__repr__(self)`, whatever a subclass overrides (ValueError
    /// beyond `sys.get_int_max_str_digits()`).
    pub fn int_repr(&self) -> PyResult<Owned<PyStr>> {
        // SAFETY: int's own repr slot (always set) on a live int; a new
        // reference to a str or null.
        unsafe {
            let repr = ffi::PyLong_Type.tp_repr.expect("int has tp_repr");
            Owned::from_result(repr(self.as_ptr()))
        }
    }
}

impl crate::object::PyFloat {
    /// The `float` class itself.
    #[inline(always)]
    pub fn type_object(_py: Python<'_>) -> &PyAny {
        // SAFETY: a static, immortal built-in type; only its address is taken.
        unsafe { PyAny::from_ptr(&raw mut ffi::PyFloat_Type as *mut ffi::PyObject) }
    }
}

impl PyInt {
    /// The `int` class itself.
    #[inline(always)]
    pub fn type_object(_py: Python<'_>) -> &PyAny {
        // SAFETY: a static, immortal built-in type; only its address is taken.
        unsafe { PyAny::from_ptr(&raw mut ffi::PyLong_Type as *mut ffi::PyObject) }
    }
}

impl PyAny {
    /// `id(self)` as an int (`PyLong_FromVoidPtr`): the key C modules
    /// file an object under in a dict of objects being worked on.
    #[inline]
    pub fn identity(&self) -> PyResult<Owned<PyInt>> {
        // SAFETY: only the object's address is used; a new reference or null.
        unsafe { Owned::from_result(ffi::PyLong_FromVoidPtr(self.as_ptr().cast())) }
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
        // for the call; a new reference or null with an exception set.
        unsafe {
            Owned::from_result(ffi::PyObject_Vectorcall(self.as_ptr(), stack.as_ptr(), args.len(), core::ptr::null_mut()))
        }
    }
}

impl<T: crate::object::PyNative> Owned<T> {
    /// A new strong reference to a borrowed `T`, keeping its type.
    #[inline(always)]
    pub fn from_ref(obj: &T) -> Owned<T> {
        // SAFETY: T is repr(transparent) over a live object (PyNative);
        // the new reference goes to the Owned.
        unsafe {
            let ptr = obj as *const T as *mut ffi::PyObject;
            ffi::Py_INCREF(ptr);
            Owned::from_raw(core::ptr::NonNull::new_unchecked(ptr))
        }
    }
}

/// The text of `float.__repr__(value)` (`PyOS_double_to_string(value,
/// 'r', 0, Py_DTSF_ADD_DOT_0, NULL)`), appended to `out`.
pub fn push_double_repr(_py: Python<'_>, value: f64, out: &mut Vec<u8>) -> PyResult<()> {
    // SAFETY: a new PyMem buffer holding a NUL-terminated string, or null
    // with MemoryError set; copied, then freed once.
    unsafe {
        let text = ffi::PyOS_double_to_string(
            value,
            b'r' as core::ffi::c_char,
            0,
            ffi::Py_DTSF_ADD_DOT_0 as core::ffi::c_int,
            core::ptr::null_mut(),
        );
        if text.is_null() {
            return Err(PyErr::fetched());
        }
        out.extend_from_slice(CStr::from_ptr(text).to_bytes());
        ffi::PyMem_Free(text.cast());
    }
    Ok(())
}

impl PyAny {
    /// The object itself if it is exactly a list or a tuple, else a list
    /// of its items (`PySequence_Fast(self, message)`: TypeError with
    /// `message` if it is not iterable).
    pub fn sequence_fast(&self, message: &CStr) -> PyResult<Owned> {
        // SAFETY: a live object and a NUL-terminated message; a new
        // reference to a list or tuple, or null with an exception set.
        unsafe { Owned::from_result(ffi::PySequence_Fast(self.as_ptr(), message.as_ptr())) }
    }
}
