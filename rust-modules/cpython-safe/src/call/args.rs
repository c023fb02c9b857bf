//! Parsed arguments and their conversion to Rust values, with the errors
//! clinic-generated C code raises.

use std::ffi::{CStr, CString};

use crate::buffer::BytesLike;
use crate::clinic::Signature;
use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::object::{PyAny, PyStr};
use crate::boundary::Python;

/// The arguments of one call, in parameter order; a parameter the caller
/// did not pass is `None`.
pub struct Args<'a> {
    pub(crate) slots: &'a [Option<&'a PyAny>],
    sig: &'static Signature,
    pub(crate) kwargs: Option<&'a PyAny>,
}

impl<'a> Args<'a> {
    /// The token of the call: arguments are only ever made by the layer
    /// for a call from CPython.
    #[inline(always)]
    pub fn py(&self) -> Python<'a> {
        // SAFETY: `Args` are made only by the trampolines (and `from_tuple`,
        // from a live tuple), on the thread CPython called with the GIL held
        // for the call, which outlives 'a; they cannot leave that thread.
        unsafe { Python::assume_attached() }
    }

    #[inline(always)]
    pub(crate) fn new(slots: &'a [Option<&'a PyAny>], sig: &'static Signature) -> Self {
        Args { slots, sig, kwargs: None }
    }

    /// The arguments of a `METH_VARARGS | METH_KEYWORDS` call.
    #[inline(always)]
    pub(crate) fn with_kwargs(slots: &'a [Option<&'a PyAny>], sig: &'static Signature, kwargs: Option<&'a PyAny>) -> Self {
        Args { slots, sig, kwargs }
    }

    /// The keyword dict of a [`crate::clinic::CallKind::TupleKeywords`]
    /// call, if keywords were given.
    #[inline(always)]
    pub fn kwargs(&self) -> Option<&'a PyAny> {
        self.kwargs
    }

    /// Argument `index`, if given.
    #[inline(always)]
    pub fn get(&self, index: usize) -> Option<&'a PyAny> {
        self.slots.get(index).copied().flatten()
    }

    /// Argument `index` converted to `T`; the parameter is required (the
    /// signature guarantees it was given).
    #[inline(always)]
    pub fn convert<T: FromArg<'a>>(&self, index: usize) -> PyResult<T> {
        let obj = self
            .get(index)
            .unwrap_or_else(|| panic!("required argument {index} of {:?} missing", self.sig.name));
        T::from_arg(obj, self.arg_ref(index))
    }

    /// Argument `index` converted to `T`, or `default` when not given.
    #[inline(always)]
    pub fn convert_or<T: FromArg<'a>>(&self, index: usize, default: T) -> PyResult<T> {
        match self.get(index) {
            Some(obj) => T::from_arg(obj, self.arg_ref(index)),
            None => Ok(default),
        }
    }

    /// How many argument slots there are: for a function that checks its
    /// own arguments ([`crate::clinic::CallKind::Varargs`]), how many were passed.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether there are no argument slots.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The arguments given, in order (`*args`).
    #[inline(always)]
    pub fn iter(&self) -> impl Iterator<Item = &'a PyAny> + 'a {
        let slots: &'a [Option<&'a PyAny>] = self.slots;
        slots.iter().flatten().copied()
    }

    /// The arguments given from `start` on (`*args[start:]`).
    #[inline(always)]
    pub fn iter_from(&self, start: usize) -> impl Iterator<Item = &'a PyAny> + 'a {
        let slots: &'a [Option<&'a PyAny>] = self.slots.get(start..).unwrap_or_default();
        slots.iter().filter_map(|slot| *slot)
    }

    /// For a function that checks its own argument count: clinic's
    /// `_PyArg_CheckPositional(name, len, min, max)` (TypeError when out of range).
    #[inline(always)]
    pub fn check_positional(&self, min: usize, max: usize) -> PyResult<()> {
        check_positional(self.py(), self.sig.name, self.slots.len(), min, max)
    }

    #[inline(always)]
    fn arg_ref(&self, index: usize) -> ArgRef {
        ArgRef { sig: self.sig, index }
    }
}

/// Clinic's `_PyArg_CheckPositional(name, given, min, max)`, for a slot
/// that parses its argument tuple itself (a `tp_new` of positional-only
/// parameters): TypeError "name expected at most 1 argument, got 2" when
/// `given` is not in `min..=max`.
#[inline(always)]
pub fn check_positional(_py: Python<'_>, name: &CStr, given: usize, min: usize, max: usize) -> PyResult<()> {
    if !(min..=max).contains(&given)
        // SAFETY: the name is NUL-terminated; the function raises
        // TypeError with clinic's message when the count is out of range.
        && unsafe { ffi::_PyArg_CheckPositional(name.as_ptr(), given as ffi::Py_ssize_t, min as ffi::Py_ssize_t, max as ffi::Py_ssize_t) }
            == 0
    {
        return Err(PyErr::fetched());
    }
    Ok(())
}

/// `PyArg_ParseTuple`'s count check, for a function that parses its own
/// arguments: TypeError "f() takes at least 2 arguments (1 given)" when
/// `given` is not in `min..=max`.
pub fn check_tuple_count(py: Python<'_>, name: &str, given: usize, min: usize, max: usize) -> PyResult<()> {
    if (min..=max).contains(&given) {
        return Ok(());
    }
    let (bound, count) = match given < min {
        _ if min == max => ("exactly", min),
        true => ("at least", min),
        false => ("at most", max),
    };
    let plural = if count == 1 { "" } else { "s" };
    Err(crate::exc::type_error(py, &format!("{name}() takes {bound} {count} argument{plural} ({given} given)")))
}

/// Which argument of which function is being converted, for messages.
#[derive(Clone, Copy)]
pub struct ArgRef {
    sig: &'static Signature,
    index: usize,
}

impl ArgRef {
    /// Raises clinic's conversion error, e.g. "b2a_hex() argument 'sep' must
    /// be str or bytes, not int" (`_PyArg_BadArgument`).
    #[cold]
    pub fn bad_argument(&self, expected: &str, obj: &PyAny) -> PyErr {
        let display = CString::new(self.sig.display_name(self.index)).expect("no NUL in names");
        let expected = CString::new(expected).expect("no NUL in type names");
        // SAFETY: NUL-terminated strings and a live object; the function
        // sets a TypeError.
        unsafe {
            ffi::_PyArg_BadArgument(self.sig.name.as_ptr(), display.as_ptr(), expected.as_ptr(), obj.as_ptr())
        };
        PyErr::fetched()
    }
}

/// Conversion of an argument, as one of clinic's converters does it.
pub trait FromArg<'a>: Sized {
    fn from_arg(obj: &'a PyAny, arg: ArgRef) -> PyResult<Self>;
}

/// `object`: the argument itself.
impl<'a> FromArg<'a> for &'a PyAny {
    #[inline(always)]
    fn from_arg(obj: &'a PyAny, _: ArgRef) -> PyResult<Self> {
        Ok(obj)
    }
}

/// `unicode`: a `str` (or subclass instance), else clinic's "must be str".
impl<'a> FromArg<'a> for &'a PyStr {
    #[inline(always)]
    fn from_arg(obj: &'a PyAny, arg: ArgRef) -> PyResult<Self> {
        obj.downcast::<PyStr>().ok_or_else(|| arg.bad_argument("str", obj))
    }
}

/// `bool`: truth value (`PyObject_IsTrue`).
impl<'a> FromArg<'a> for bool {
    #[inline(always)]
    fn from_arg(obj: &'a PyAny, _: ArgRef) -> PyResult<Self> {
        obj.is_true()
    }
}

/// `int`: `PyLong_AsInt` (uses `__index__`; OverflowError out of range).
impl<'a> FromArg<'a> for i32 {
    #[inline(always)]
    fn from_arg(obj: &'a PyAny, _: ArgRef) -> PyResult<Self> {
        // SAFETY: a live object, GIL held.
        let value = unsafe { ffi::PyLong_AsInt(obj.as_ptr()) };
        // SAFETY: GIL held.
        if value == -1 && !unsafe { ffi::PyErr_Occurred() }.is_null() {
            return Err(PyErr::fetched());
        }
        Ok(value)
    }
}

/// `unsigned_int(bitwise=True)`: the value modulo 2**32
/// (`PyLong_AsUnsignedLongMask`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BitwiseU32(pub u32);

impl<'a> FromArg<'a> for BitwiseU32 {
    #[inline(always)]
    fn from_arg(obj: &'a PyAny, _: ArgRef) -> PyResult<Self> {
        super::parse::unsigned_int_bitfield(obj).map(BitwiseU32)
    }
}

/// `unsigned_short` (`_PyLong_UnsignedShort_Converter`): "value must be
/// positive" (ValueError) for a negative int, else `PyLong_AsUnsignedLong`
/// (an int only), OverflowError above 65535.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnsignedShort(pub u16);

impl<'a> FromArg<'a> for UnsignedShort {
    #[inline]
    fn from_arg(obj: &'a PyAny, _: ArgRef) -> PyResult<Self> {
        let mut value: core::ffi::c_ushort = 0;
        // SAFETY: a live object and an `unsigned short` to write; 0 with an
        // exception set on failure.
        if unsafe { ffi::_PyLong_UnsignedShort_Converter(obj.as_ptr(), (&raw mut value).cast()) } == 0 {
            return Err(PyErr::fetched());
        }
        Ok(UnsignedShort(value))
    }
}

/// `unsigned_long` (`_PyLong_UnsignedLong_Converter`): "value must be
/// positive" (ValueError) for a negative int, else `PyLong_AsUnsignedLong`
/// (an int only; OverflowError when too large).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnsignedLong(pub core::ffi::c_ulong);

impl<'a> FromArg<'a> for UnsignedLong {
    #[inline]
    fn from_arg(obj: &'a PyAny, _: ArgRef) -> PyResult<Self> {
        // SAFETY: `_PyLong_Sign` reads a live int, GIL held.
        if obj.is_int() && unsafe { ffi::_PyLong_Sign(obj.as_ptr()) } < 0 {
            return Err(crate::exc::value_error(obj.py(), "value must be positive"));
        }
        obj.to_c_ulong().map(UnsignedLong)
    }
}

/// `unsigned_long_long` (`_PyLong_UnsignedLongLong_Converter`): "value
/// must be positive" (ValueError) for a negative int, else
/// `PyLong_AsUnsignedLongLong` (an int only; OverflowError when too large).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnsignedLongLong(pub u64);

impl<'a> FromArg<'a> for UnsignedLongLong {
    #[inline]
    fn from_arg(obj: &'a PyAny, _: ArgRef) -> PyResult<Self> {
        // SAFETY: `_PyLong_Sign` reads a live int, GIL held.
        if obj.is_int() && unsafe { ffi::_PyLong_Sign(obj.as_ptr()) } < 0 {
            return Err(crate::exc::value_error(obj.py(), "value must be positive"));
        }
        obj.to_c_ulonglong().map(UnsignedLongLong)
    }
}

/// `fildes` (`_PyLong_FileDescriptor_Converter`, `PyObject_AsFileDescriptor`):
/// an int, or an object whose `fileno()` returns one; ValueError for a
/// negative descriptor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileDescriptor(pub core::ffi::c_int);

impl FileDescriptor {
    /// `PyObject_AsFileDescriptor(obj)`, for descriptors that are not
    /// arguments themselves (the items of `select()`'s lists).
    #[inline]
    pub fn of(obj: &PyAny) -> PyResult<FileDescriptor> {
        // SAFETY: a live object, GIL held; -1 with an exception set on failure.
        let fd = unsafe { ffi::PyObject_AsFileDescriptor(obj.as_ptr()) };
        if fd < 0 {
            return Err(PyErr::fetched());
        }
        Ok(FileDescriptor(fd))
    }
}

impl<'a> FromArg<'a> for FileDescriptor {
    #[inline]
    fn from_arg(obj: &'a PyAny, _: ArgRef) -> PyResult<Self> {
        FileDescriptor::of(obj)
    }
}

/// `Py_buffer`: any bytes-like object (`PyObject_GetBuffer`, `PyBUF_SIMPLE`).
impl<'a> FromArg<'a> for BytesLike<'a> {
    #[inline(always)]
    fn from_arg(obj: &'a PyAny, _: ArgRef) -> PyResult<Self> {
        BytesLike::new(obj)
    }
}

/// `PyArg_Parse`'s `i` unit (outside clinic): `PyLong_AsLong`, then C int's
/// range ("signed integer is greater than maximum" / "less than minimum").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GetargsInt(pub core::ffi::c_int);

impl<'a> FromArg<'a> for GetargsInt {
    #[inline]
    fn from_arg(obj: &'a PyAny, _: ArgRef) -> PyResult<Self> {
        super::parse::int(obj).map(GetargsInt)
    }
}

/// `PyArg_Parse`'s `b` unit: `PyLong_AsLong`, then 0..=255 ("unsigned byte
/// integer is less than minimum" / "greater than maximum").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnsignedByte(pub u8);

impl<'a> FromArg<'a> for UnsignedByte {
    #[inline]
    fn from_arg(obj: &'a PyAny, _: ArgRef) -> PyResult<Self> {
        super::parse::unsigned_byte(obj).map(UnsignedByte)
    }
}
