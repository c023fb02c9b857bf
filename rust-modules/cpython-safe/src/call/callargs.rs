//! Arguments of `tp_new` and `tp_call` (a tuple and an optional keyword
//! dict), unpacked by the same CPython helper and with the same errors as
//! Argument Clinic's code for such slots.

use crate::call::Args;
use crate::clinic::{ArgParser, CallKind, MAX_PARAMS};
use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::object::{PyAny, PyTuple};

/// Room for the unpacked arguments of one call.
pub type ArgBuffer = [*mut ffi::PyObject; MAX_PARAMS];

/// An empty [`ArgBuffer`].
pub const fn arg_buffer() -> ArgBuffer {
    [core::ptr::null_mut(); MAX_PARAMS]
}

/// The items of a tuple as argument slots (never null).
#[inline(always)]
pub(crate) fn tuple_slots(tuple: &PyTuple) -> &[Option<&PyAny>] {
    let items: &[&PyAny] = tuple.as_slice();
    // SAFETY: Option<&PyAny> has the layout of a nullable pointer, so of
    // `&PyAny`; the tuple keeps its items alive while borrowed.
    unsafe { &*(items as *const [&PyAny] as *const [Option<&PyAny>]) }
}

impl<'a> Args<'a> {
    /// The arguments `(args, kwargs)` of a slot call, unpacked for a
    /// keyword signature (`_PyArg_UnpackKeywords` with a keyword dict);
    /// `buf` holds them when keywords are given.
    pub fn from_tuple(
        parser: &'static ArgParser,
        args: &'a PyTuple,
        kwargs: Option<&'a PyAny>,
        buf: &'a mut ArgBuffer,
    ) -> PyResult<Args<'a>> {
        unpack_slots(parser, tuple_slots(args), kwargs, buf)
    }

    /// The arguments of a [`CallKind::TupleKeywords`] function (C's
    /// `METH_VARARGS | METH_KEYWORDS` function that parses its tuple and
    /// dict with `PyArg_ParseTupleAndKeywords`), unpacked for `parser`'s
    /// keyword signature as [`Args::from_tuple`] unpacks a slot's.
    pub fn unpack(&self, parser: &'static ArgParser, buf: &'a mut ArgBuffer) -> PyResult<Args<'a>> {
        unpack_slots(parser, self.slots, self.kwargs, buf)
    }
}

/// Positional arguments (a tuple's items) and a keyword dict, unpacked for
/// the keyword signature of `parser`.
fn unpack_slots<'a>(
    parser: &'static ArgParser,
    slots: &'a [Option<&'a PyAny>],
    kwargs: Option<&'a PyAny>,
    buf: &'a mut ArgBuffer,
) -> PyResult<Args<'a>> {
    let sig = parser.signature();
    let CallKind::Keywords { minpos, maxpos, minkw, .. } = sig.kind else {
        panic!("unpacking keywords needs a keyword signature")
    };
    let nargs = slots.len();
    if kwargs.is_none() && minkw == 0 && (minpos as usize..=maxpos as usize).contains(&nargs) {
        return Ok(Args::new(slots, sig));
    }
    // SAFETY: live arguments (never null: a tuple's items) and a dict or
    // null, alive for 'a (the caller's references).
    let slots = unsafe { unpack_keywords(parser, slots.as_ptr() as *const *mut ffi::PyObject, nargs, kwargs, None, buf)? };
    Ok(Args::new(slots, sig))
}

/// `_PyArg_UnpackKeywords` for a keyword signature (clinic's slow path):
/// the arguments in parameter order, `None` for those not given, with
/// clinic's errors.  Keywords come as a dict (`tp_new`, `tp_call`) or as
/// vectorcall's `kwnames`.
///
/// # Safety
/// `args` points to `nargs` live arguments and the keywords are a dict or
/// a tuple of str, as CPython passes them, all alive for `'a`.
pub(crate) unsafe fn unpack_keywords<'a>(
    parser: &'static ArgParser,
    args: *const *mut ffi::PyObject,
    nargs: usize,
    kwargs: Option<&'a PyAny>,
    kwnames: Option<&'a PyAny>,
    buf: &'a mut ArgBuffer,
) -> PyResult<&'a [Option<&'a PyAny>]> {
    let CallKind::Keywords { names, minpos, maxpos, minkw, .. } = parser.signature().kind else {
        panic!("unpack_keywords needs a keyword signature")
    };
    // SAFETY: forwarded from the caller, with the function's static parser
    // and a buffer of MAX_PARAMS slots.
    let unpacked = unsafe {
        ffi::_PyArg_UnpackKeywords(
            args,
            nargs as ffi::Py_ssize_t,
            kwargs.map_or(core::ptr::null_mut(), PyAny::as_ptr),
            kwnames.map_or(core::ptr::null_mut(), PyAny::as_ptr),
            parser.as_ptr(),
            minpos,
            maxpos,
            minkw,
            buf.as_mut_ptr(),
        )
    };
    if unpacked.is_null() {
        return Err(PyErr::fetched());
    }
    // With empty keywords CPython takes its fast path and returns the
    // positional arguments themselves: only `nargs` long.
    let len = if core::ptr::eq(unpacked, args) { nargs } else { names.len() };
    if len == 0 {
        return Ok(&[]);
    }
    // SAFETY: not null, so a pointer to `len` arguments in parameter order:
    // borrowed (or null) references that the caller's arguments keep alive;
    // Option<&PyAny> has the layout of a nullable pointer.
    Ok(unsafe { core::slice::from_raw_parts(unpacked as *const Option<&'a PyAny>, len) })
}
