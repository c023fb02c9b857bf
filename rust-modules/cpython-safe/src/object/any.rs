//! Borrowed (`&PyAny`) and owned ([`Owned`]) object references.
//!
//! A Python object is never owned by a Rust value: `PyAny` is an opaque,
//! `#[repr(transparent)]` view of the C `PyObject`, only ever seen behind a
//! reference whose lifetime is bounded by a strong reference somebody holds
//! (the caller's argument array, an [`Owned`], a module's state).  Typed views
//! (`PyBytes`, `PyStr`, …) have the same layout and deref to `PyAny`.

use core::cell::UnsafeCell;
use core::ffi::CStr;
use core::marker::PhantomData;
use core::ops::Deref;
use core::ptr::NonNull;

use crate::boundary::{PyErr, PyResult};
use crate::call::{ArgRef, FromArg};
use crate::ffi;
use crate::boundary::Python;

/// Any Python object, borrowed.
#[repr(transparent)]
pub struct PyAny(UnsafeCell<ffi::PyObject>);

/// Types with the layout of `PyAny` whose objects pass a type check.
///
/// # Safety
/// Implementors must be `#[repr(transparent)]` over `PyAny` and
/// `is_type_of` must only accept objects of that C layout.
pub unsafe trait PyNative {
    /// Whether `obj` may be viewed as `Self`.
    fn is_type_of(obj: &PyAny) -> bool;
}

// SAFETY: every object is a `PyAny`.
unsafe impl PyNative for PyAny {
    fn is_type_of(_: &PyAny) -> bool {
        true
    }
}

impl PyAny {
    /// Views a borrowed C pointer.
    ///
    /// # Safety
    /// `ptr` must be non-null and point to an object that stays alive for `'a`.
    #[inline(always)]
    pub(crate) unsafe fn from_ptr<'a>(ptr: *mut ffi::PyObject) -> &'a PyAny {
        debug_assert!(!ptr.is_null());
        // SAFETY: repr(transparent) over PyObject; liveness from the caller.
        unsafe { &*(ptr as *const PyAny) }
    }

    /// The C pointer, borrowed.
    #[inline(always)]
    pub fn as_ptr(&self) -> *mut ffi::PyObject {
        self.0.get()
    }

    /// A new strong reference to this object.
    #[inline]
    pub fn to_owned(&self) -> Owned {
        Owned::from_ref(self)
    }

    /// `bool(self)`.
    #[inline]
    pub fn is_true(&self) -> PyResult<bool> {
        // SAFETY: live object, GIL held.
        match unsafe { ffi::PyObject_IsTrue(self.as_ptr()) } {
            -1 => Err(PyErr::fetched()),
            r => Ok(r != 0),
        }
    }

    /// `len(self)` (which may raise: there is no infallible `is_empty`).
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> PyResult<usize> {
        // SAFETY: a live object, GIL held.
        match unsafe { ffi::PyObject_Length(self.as_ptr()) } {
            -1 => Err(PyErr::fetched()),
            n => Ok(n as usize),
        }
    }

    /// Whether this is `None`.
    #[inline(always)]
    pub fn is_none(&self) -> bool {
        self.as_ptr() == ffi::Py_None()
    }

    /// Views the object as a `T` if it is one.
    #[inline(always)]
    pub fn downcast<T: PyNative>(&self) -> Option<&T> {
        if T::is_type_of(self) {
            // SAFETY: T is repr(transparent) over PyAny and accepted self.
            Some(unsafe { &*(self as *const PyAny as *const T) })
        } else {
            None
        }
    }

    /// The object's type.
    #[inline(always)]
    pub fn get_type(&self) -> &PyType {
        // SAFETY: every live object has a live type, which outlives it;
        // PyType is repr(transparent) over a type object.
        unsafe { &*(self.type_ptr() as *const PyType) }
    }

    /// The name of the object's type as C's `"%.<max>s"` of its `tp_name`
    /// prints it in messages: at most `max` bytes, a character cut at the
    /// end replaced by U+FFFD.
    pub fn type_name(&self, max: usize) -> String {
        let name = self.get_type().name().to_bytes();
        String::from_utf8_lossy(&name[..name.len().min(max)]).into_owned()
    }

    /// The object's type as a C pointer (`Py_TYPE`).
    #[inline(always)]
    pub(crate) fn type_ptr(&self) -> *mut ffi::PyTypeObject {
        // SAFETY: `self` is a live object (the invariant of PyAny).
        unsafe { ffi::Py_TYPE(self.as_ptr()) }
    }
}

/// A strong reference to a Python object, released on drop.
#[repr(transparent)]
pub struct Owned<T: PyNative = PyAny> {
    ptr: NonNull<ffi::PyObject>,
    _type: PhantomData<T>,
}

impl<T: PyNative> Owned<T> {
    /// # Safety
    /// `ptr` must be a strong reference to a `T`, given to the new value.
    #[inline(always)]
    pub(crate) unsafe fn from_raw(ptr: NonNull<ffi::PyObject>) -> Self {
        Owned { ptr, _type: PhantomData }
    }

    /// Takes the result of a C API call returning a new reference: null means
    /// the call raised.
    ///
    /// # Safety
    /// A non-null `ptr` must be a strong reference to a `T`.
    #[inline(always)]
    pub(crate) unsafe fn from_result(ptr: *mut ffi::PyObject) -> PyResult<Self> {
        match NonNull::new(ptr) {
            // SAFETY: forwarded from the caller.
            Some(ptr) => Ok(unsafe { Self::from_raw(ptr) }),
            None => Err(PyErr::fetched()),
        }
    }

    /// Gives the reference to C (a function's return value).
    #[inline(always)]
    pub fn into_ptr(self) -> *mut ffi::PyObject {
        let ptr = self.ptr.as_ptr();
        core::mem::forget(self);
        ptr
    }

    /// The object, as any object.
    #[inline(always)]
    pub fn as_any(&self) -> &PyAny {
        // SAFETY: a strong reference to a live object, alive while `self` is.
        unsafe { PyAny::from_ptr(self.ptr.as_ptr()) }
    }

    /// Forgets the static type.
    #[inline(always)]
    pub fn into_any(self) -> Owned {
        let ptr = self.ptr;
        core::mem::forget(self);
        // SAFETY: the same strong reference (given up by `self` just above),
        // re-typed as the base type.
        unsafe { Owned::from_raw(ptr) }
    }
}

impl<T: PyNative> Deref for Owned<T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        // SAFETY: we hold a strong reference to a T, alive while `self` is.
        unsafe { &*(self.ptr.as_ptr() as *const T) }
    }
}

impl<T: PyNative> Clone for Owned<T> {
    fn clone(&self) -> Self {
        Owned::from_ref(&**self)
    }
}

impl<T: PyNative> Drop for Owned<T> {
    #[inline(always)]
    fn drop(&mut self) {
        // SAFETY: we own one strong reference and give it up.
        unsafe { ffi::Py_DECREF(self.ptr.as_ptr()) }
    }
}

macro_rules! native_type {
    ($(#[$doc:meta])* $name:ident, |$obj:ident| $check:expr) => {
        $(#[$doc])*
        #[repr(transparent)]
        pub struct $name(PyAny);

        impl Deref for $name {
            type Target = PyAny;
            #[inline(always)]
            fn deref(&self) -> &PyAny {
                &self.0
            }
        }

        // SAFETY: repr(transparent) over PyAny; the check accepts only
        // objects with this C layout (instances of the type or subclasses).
        unsafe impl PyNative for $name {
            #[inline(always)]
            fn is_type_of($obj: &PyAny) -> bool {
                $check
            }
        }
    };
}
pub(crate) use native_type;

native_type!(
    /// A `bytes` object (or subclass instance).
    PyBytes, |obj| unsafe_check(obj, ffi::PyBytes_Check)
);
native_type!(
    /// A `str` object (or subclass instance).
    PyStr, |obj| unsafe_check(obj, ffi::PyUnicode_Check)
);
native_type!(
    /// An `int` object (or subclass instance).
    PyInt, |obj| unsafe_check(obj, ffi::PyLong_Check)
);
native_type!(
    /// A `float` object (or subclass instance).
    PyFloat, |obj| {
        let tp = obj.type_ptr();
        let float_type = &raw mut ffi::PyFloat_Type;
        // SAFETY: both are live types.
        tp == float_type || unsafe { ffi::PyType_IsSubtype(tp, float_type) } != 0
    }
);
native_type!(
    /// A `tuple` object (or subclass instance).
    PyTuple, |obj| unsafe_check(obj, ffi::PyTuple_Check)
);
native_type!(
    /// A type object.
    PyType, |obj| unsafe_check(obj, ffi::PyType_Check)
);
native_type!(
    /// A module object.
    PyModuleObject, |obj| {
        let tp = obj.type_ptr();
        let module_type = &raw mut ffi::PyModule_Type;
        // SAFETY: both are live types.
        tp == module_type || unsafe { ffi::PyType_IsSubtype(tp, module_type) } != 0
    }
);

#[inline(always)]
fn unsafe_check(obj: &PyAny, check: unsafe fn(*mut ffi::PyObject) -> bool) -> bool {
    // SAFETY: the checks only read the type's flags of a live object.
    unsafe { check(obj.as_ptr()) }
}

impl PyBytes {
    /// A new `bytes` object holding a copy of `data`.
    pub fn new(_py: Python<'_>, data: &[u8]) -> PyResult<Owned<PyBytes>> {
        // SAFETY: `data` is valid for its length.
        let result = unsafe { ffi::PyBytes_FromStringAndSize(data.as_ptr().cast(), data.len() as ffi::Py_ssize_t) };
        // SAFETY: `PyBytes_FromStringAndSize` returns a new reference to a
        // bytes object or null with an exception set.
        unsafe { Owned::from_result(result) }
    }

    /// A new `bytes` object of at most `capacity` bytes, filled by `fill`,
    /// which returns how many it wrote: the result is written in place,
    /// never copied.
    pub fn new_with(
        _py: Python<'_>,
        capacity: usize,
        fill: impl FnOnce(&mut [u8]) -> PyResult<usize>,
    ) -> PyResult<Owned<PyBytes>> {
        let Ok(size) = ffi::Py_ssize_t::try_from(capacity) else {
            // SAFETY: GIL held.
            unsafe { ffi::PyErr_NoMemory() };
            return Err(PyErr::fetched());
        };
        // SAFETY: a null source asks for an uninitialized bytes object of
        // `size` bytes (plus the trailing NUL that CPython maintains).
        let mut raw = unsafe { ffi::PyBytes_FromStringAndSize(core::ptr::null(), size) };
        if raw.is_null() {
            return Err(PyErr::fetched());
        }
        // SAFETY: a live bytes object.
        let data = unsafe { ffi::PyBytes_AS_STRING(raw) } as *mut u8;
        // SAFETY: the new object is exclusively ours and has `capacity` bytes.
        unsafe { core::ptr::write_bytes(data, 0, capacity) };
        // SAFETY: as above; zeroed just now, so initialized memory.
        let buf = unsafe { core::slice::from_raw_parts_mut(data, capacity) };
        let written = match fill(buf) {
            Ok(n) => n,
            Err(e) => {
                // SAFETY: we own the only reference.
                unsafe { ffi::Py_DECREF(raw) };
                return Err(e);
            }
        };
        assert!(written <= capacity, "PyBytes::new_with: wrote past the capacity");
        if written != capacity {
            // SAFETY: `raw` is our only reference to an unshared bytes object;
            // on failure CPython releases it and sets `raw` to null.
            if unsafe { ffi::_PyBytes_Resize(&mut raw, written as ffi::Py_ssize_t) } < 0 {
                return Err(PyErr::fetched());
            }
        }
        // SAFETY: a strong reference to a bytes object.
        unsafe { Owned::from_result(raw) }
    }

    /// A new `bytes` object holding `parts` one after another: one copy,
    /// and no zero-filling first (every byte is written), for output that
    /// was produced in blocks (a codec's, with the GIL released).
    pub fn concat(_py: Python<'_>, parts: &[&[u8]]) -> PyResult<Owned<PyBytes>> {
        let total = parts.iter().try_fold(0usize, |total, part| total.checked_add(part.len()));
        let Some(size) = total.and_then(|total| ffi::Py_ssize_t::try_from(total).ok()) else {
            // SAFETY: GIL held.
            unsafe { ffi::PyErr_NoMemory() };
            return Err(PyErr::fetched());
        };
        // SAFETY: a null source asks for an uninitialized bytes object of
        // `size` bytes (plus the trailing NUL that CPython maintains).
        let raw = unsafe { ffi::PyBytes_FromStringAndSize(core::ptr::null(), size) };
        // SAFETY: a new reference to a bytes object, or null with an
        // exception set.
        let bytes: Owned<PyBytes> = unsafe { Owned::from_result(raw) }?;
        // SAFETY: a live bytes object.
        let mut data = unsafe { ffi::PyBytes_AS_STRING(bytes.as_ptr()) } as *mut u8;
        for part in parts {
            // SAFETY: the new object is exclusively ours; the parts fill its
            // `size` bytes exactly, in order, so each copy stays inside it
            // and every byte is initialized before the object is shared.
            unsafe { core::ptr::copy_nonoverlapping(part.as_ptr(), data, part.len()) };
            // SAFETY: at most one past the end of the object's bytes.
            data = unsafe { data.add(part.len()) };
        }
        Ok(bytes)
    }

    /// The bytes' content, valid while the object is borrowed (bytes are
    /// immutable).
    #[inline(always)]
    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: a live bytes object.
        let data = unsafe { ffi::PyBytes_AS_STRING(self.as_ptr()) } as *const u8;
        // SAFETY: a live bytes object (a variable-size object).
        let len = unsafe { ffi::Py_SIZE(self.as_ptr()) } as usize;
        // SAFETY: a live bytes object holds `Py_SIZE` bytes at AS_STRING,
        // immutable while it is borrowed.
        unsafe { core::slice::from_raw_parts(data, len) }
    }
}

impl PyAny {
    /// The content of a bytes object (or subclass) as a C string, refused
    /// as `PyBytes_AsStringAndSize(self, &data, NULL)` refuses it: "expected
    /// bytes, str found" (TypeError), "embedded null byte" (ValueError).
    pub fn bytes_as_c_str(&self) -> PyResult<&CStr> {
        let mut data = core::ptr::null_mut();
        // SAFETY: a live object; on success `data` points at the bytes'
        // NUL-terminated buffer.
        if unsafe { ffi::PyBytes_AsStringAndSize(self.as_ptr(), &mut data, core::ptr::null_mut()) } < 0 {
            return Err(PyErr::fetched());
        }
        // SAFETY: the buffer of a live bytes object without an embedded NUL
        // (just checked), immutable while it is borrowed.
        Ok(unsafe { CStr::from_ptr(data) })
    }
}

impl PyStr {
    /// The characters if the string is pure ASCII (one byte each), without
    /// converting or caching anything.
    #[inline(always)]
    pub fn as_ascii(&self) -> Option<&[u8]> {
        let op = self.as_ptr();
        // SAFETY: a live str.
        if !unsafe { ffi::PyUnicode_IS_ASCII(op) } {
            return None;
        }
        // SAFETY: a live str, ASCII (checked above).
        let data = unsafe { ffi::PyUnicode_ASCII_DATA(op) };
        // SAFETY: a live str.
        let len = unsafe { ffi::PyUnicode_GET_LENGTH(op) } as usize;
        // SAFETY: for ASCII strings the compact data holds GET_LENGTH bytes,
        // immutable while the object is borrowed.
        Some(unsafe { core::slice::from_raw_parts(data, len) })
    }

    /// The number of code points.
    #[inline(always)]
    pub fn len(&self) -> usize {
        // SAFETY: a live str.
        unsafe { ffi::PyUnicode_GET_LENGTH(self.as_ptr()) as usize }
    }

    /// Whether the string is empty.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The code point at `index` (IndexError when out of range).
    pub fn char_at(&self, index: usize) -> PyResult<u32> {
        // SAFETY: a live str; out-of-range indexes raise.
        match unsafe { ffi::PyUnicode_ReadChar(self.as_ptr(), index as ffi::Py_ssize_t) } {
            u32::MAX => Err(PyErr::fetched()),
            c => Ok(c),
        }
    }

    /// A new `str` from UTF-8 text.
    pub fn new(_py: Python<'_>, text: &str) -> PyResult<Owned<PyStr>> {
        // SAFETY: `text` is valid UTF-8 of the given length.
        let result = unsafe { ffi::PyUnicode_FromStringAndSize(text.as_ptr().cast(), text.len() as ffi::Py_ssize_t) };
        // SAFETY: `PyUnicode_FromStringAndSize` returns a new str or null with
        // an exception set.
        unsafe { Owned::from_result(result) }
    }
}

impl PyInt {
    /// A new `int` from an unsigned value.
    pub fn from_u64(_py: Python<'_>, value: u64) -> PyResult<Owned<PyInt>> {
        // SAFETY: GIL held (the `Python` token).
        let result = unsafe { ffi::PyLong_FromUnsignedLongLong(value) };
        // SAFETY: `PyLong_FromUnsignedLongLong` returns a new reference or null
        // with an exception set.
        unsafe { Owned::from_result(result) }
    }

    /// A new `int` from a signed value.
    pub fn from_i64(_py: Python<'_>, value: i64) -> PyResult<Owned<PyInt>> {
        // SAFETY: GIL held (the `Python` token).
        let result = unsafe { ffi::PyLong_FromLongLong(value) };
        // SAFETY: `PyLong_FromLongLong` returns a new reference or null with an
        // exception set.
        unsafe { Owned::from_result(result) }
    }
}

impl PyType {
    /// `PyErr_NewException(name, base, NULL)`: a new exception class whose
    /// qualified `name` is "module.Class".
    pub fn new_exception(_py: Python<'_>, name: &CStr, base: Option<&PyAny>) -> PyResult<Owned<PyType>> {
        let base = base.map_or(core::ptr::null_mut(), PyAny::as_ptr);
        // SAFETY: `name` is NUL-terminated, `base` null or a live class.
        let result = unsafe { ffi::PyErr_NewException(name.as_ptr(), base, core::ptr::null_mut()) };
        // SAFETY: the result is a new reference to a type or null.
        unsafe { Owned::from_result(result) }
    }

    /// `PyErr_NewExceptionWithDoc(name, doc, base, NULL)`: a new exception
    /// class "module.Name" with a docstring.
    pub fn new_exception_with_doc(_py: Python<'_>, name: &CStr, doc: &CStr, base: Option<&PyAny>) -> PyResult<Owned<PyType>> {
        let base = base.map_or(core::ptr::null_mut(), PyAny::as_ptr);
        // SAFETY: `name` and `doc` are NUL-terminated, `base` null or a live
        // class.
        let result =
            unsafe { ffi::PyErr_NewExceptionWithDoc(name.as_ptr(), doc.as_ptr(), base, core::ptr::null_mut()) };
        // SAFETY: the result is a new reference to a type or null.
        unsafe { Owned::from_result(result) }
    }

    /// The type object as a C pointer.
    #[inline(always)]
    pub(crate) fn as_type_ptr(&self) -> *mut ffi::PyTypeObject {
        self.as_ptr().cast()
    }

    /// The type's name as shown in error messages (`tp_name`).
    pub fn name(&self) -> &CStr {
        // SAFETY: a live type object.
        let name = unsafe { (*self.as_type_ptr()).tp_name };
        // SAFETY: tp_name is a NUL-terminated string owned by the live type.
        unsafe { CStr::from_ptr(name) }
    }
}

impl PyTuple {
    /// Views the argument tuple of a call.
    ///
    /// # Safety
    /// `ptr` must be a live tuple, alive for `'a`.
    #[inline(always)]
    pub(crate) unsafe fn from_ptr<'a>(ptr: *mut ffi::PyObject) -> &'a PyTuple {
        debug_assert!(!ptr.is_null());
        // SAFETY: PyTuple is repr(transparent) over PyAny, itself over
        // PyObject; a live tuple for `'a` per the caller.
        unsafe { &*(ptr as *const PyTuple) }
    }

    #[inline(always)]
    pub fn len(&self) -> usize {
        // SAFETY: a live tuple's size.
        unsafe { ffi::Py_SIZE(self.as_ptr()) as usize }
    }

    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The items, borrowed from the tuple (which never changes them).
    #[inline(always)]
    pub fn as_slice(&self) -> &[&PyAny] {
        let tuple = self.as_ptr() as *mut ffi::PyTupleObject;
        // SAFETY: a live tuple; only the address of its item array is taken.
        let items = unsafe { &raw const (*tuple).ob_item }.cast::<&PyAny>();
        // SAFETY: a live tuple's item array holds `len()` non-null pointers
        // to live objects it owns, for as long as the tuple lives; `&PyAny`
        // has the layout of such a pointer.
        unsafe { core::slice::from_raw_parts(items, self.len()) }
    }

    /// Item `index`, borrowed from the tuple.
    #[inline(always)]
    pub fn get(&self, index: usize) -> Option<&PyAny> {
        if index >= self.len() {
            return None;
        }
        // SAFETY: in range of a live tuple.
        let item = unsafe { ffi::PyTuple_GET_ITEM(self.as_ptr(), index as ffi::Py_ssize_t) };
        // SAFETY: a tuple's items are never null and live as long as the
        // tuple.
        Some(unsafe { PyAny::from_ptr(item) })
    }

    /// `(items[0], items[1], ...)`: a new tuple holding new references.
    pub fn new(py: Python<'_>, items: &[&PyAny]) -> PyResult<Owned<PyTuple>> {
        PyTuple::from_items(py, items.iter().map(|item| Ok(PyAny::to_owned(item))))
    }

    /// A new tuple of the given items.  An iterator that yields another
    /// number of items than its `len()` panics.
    pub fn from_items(_py: Python<'_>, items: impl ExactSizeIterator<Item = PyResult<Owned>>) -> PyResult<Owned<PyTuple>> {
        let len = items.len();
        // SAFETY: GIL held (the `Python` token).
        let result = unsafe { ffi::PyTuple_New(len as ffi::Py_ssize_t) };
        // SAFETY: `PyTuple_New` returns a new tuple of `len` null slots, ours
        // until returned.
        let tuple: Owned<PyTuple> = unsafe { Owned::from_result(result) }?;
        let mut filled = 0;
        for item in items {
            assert!(filled < len, "PyTuple::from_items: more items than the iterator's length");
            let item = item?;
            // SAFETY: slot `filled` of an unshared new tuple, in range and
            // still null: the tuple takes the item's reference.  A tuple
            // released with null slots left (an error) skips them.
            unsafe { ffi::PyTuple_SET_ITEM(tuple.as_ptr(), filled as ffi::Py_ssize_t, item.into_ptr()) };
            filled += 1;
        }
        assert!(filled == len, "PyTuple::from_items: fewer items than the iterator's length");
        Ok(tuple)
    }
}

/// `object(subclass_of='&PyTuple_Type')`: "... must be tuple, not int".
impl<'a> FromArg<'a> for &'a PyTuple {
    #[inline(always)]
    fn from_arg(obj: &'a PyAny, arg: ArgRef) -> PyResult<Self> {
        obj.downcast::<PyTuple>().ok_or_else(|| not_a_tuple(obj, arg))
    }
}

#[cold]
#[inline(never)]
fn not_a_tuple(obj: &PyAny, arg: ArgRef) -> PyErr {
    arg.bad_argument("tuple", obj)
}

impl PyFloat {
    /// A new `float`.
    #[inline]
    pub fn new(_py: Python<'_>, value: f64) -> PyResult<Owned<PyFloat>> {
        // SAFETY: GIL held (the `Python` token).
        let result = unsafe { ffi::PyFloat_FromDouble(value) };
        // SAFETY: `PyFloat_FromDouble` returns a new reference or null with an
        // exception set.
        unsafe { Owned::from_result(result) }
    }

    /// The value (`PyFloat_AS_DOUBLE`).
    #[inline(always)]
    pub fn value(&self) -> f64 {
        // SAFETY: a live float (or subclass) has the PyFloatObject layout.
        unsafe { (*(self.as_ptr() as *mut ffi::PyFloatObject)).ob_fval }
    }
}
