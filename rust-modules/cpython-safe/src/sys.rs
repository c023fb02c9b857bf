//! What C modules ask of the `sys` module: audit events (`PySys_Audit`) and
//! `sys` attributes.  (Which interpreter runs: `Python::in_main_interpreter`.)

use core::ffi::{c_char, c_int, c_long, c_uint, CStr};

use crate::boundary::{PyErr, PyResult, Python};
use crate::ffi;
use crate::object::{Owned, PyAny};

mod sealed {
    pub trait Sealed {}
}

/// One argument of an audit event, passed to `PySys_Audit` as its C type
/// with the matching format character (C's `"iIlnCOs"`).
pub trait AuditArg: sealed::Sealed {
    /// `PySys_Audit`'s format character for this type.
    const FORMAT: u8;
    /// The C type `PySys_Audit` reads for [`Self::FORMAT`].
    type C;
    fn to_c(&self) -> Self::C;
}

macro_rules! audit_arg {
    ($($rust:ty => $format:literal as $c:ty, |$this:ident| $convert:expr;)*) => {$(
        impl sealed::Sealed for $rust {}
        impl AuditArg for $rust {
            const FORMAT: u8 = $format;
            type C = $c;
            #[inline(always)]
            fn to_c(&self) -> $c {
                let $this = self;
                $convert
            }
        }
    )*};
}

audit_arg! {
    c_int => b'i' as c_int, |value| *value;
    char => b'C' as c_int, |code| *code as c_int;
    c_uint => b'I' as c_uint, |value| *value;
    c_long => b'l' as c_long, |value| *value;
    isize => b'n' as ffi::Py_ssize_t, |value| *value as ffi::Py_ssize_t;
    &PyAny => b'O' as *mut ffi::PyObject, |object| object.as_ptr();
    &CStr => b's' as *const c_char, |text| text.as_ptr();
}

/// The arguments of an audit event: `()` or a tuple of [`AuditArg`]s.
pub trait AuditArgs: sealed::Sealed {
    #[doc(hidden)]
    fn audit(&self, event: &CStr) -> c_int;
}

impl sealed::Sealed for () {}
impl AuditArgs for () {
    #[inline]
    fn audit(&self, event: &CStr) -> c_int {
        // SAFETY: a NUL-terminated event name and no format (no arguments).
        unsafe { ffi::PySys_Audit(event.as_ptr(), core::ptr::null()) }
    }
}

macro_rules! audit_tuple {
    ($($name:ident: $index:tt),+) => {
        impl<$($name: AuditArg),+> sealed::Sealed for ($($name,)+) {}
        impl<$($name: AuditArg),+> AuditArgs for ($($name,)+) {
            #[inline]
            fn audit(&self, event: &CStr) -> c_int {
                let format = [$($name::FORMAT,)+ 0];
                // SAFETY: a NUL-terminated event name; the format has one
                // character per argument, each the one its C type is read
                // with (`AuditArg` is sealed: only the types above), and
                // objects and strings outlive the call.
                unsafe { ffi::PySys_Audit(event.as_ptr(), format.as_ptr().cast() $(, self.$index.to_c())+) }
            }
        }
    };
}

audit_tuple!(A: 0);
audit_tuple!(A: 0, B: 1);
audit_tuple!(A: 0, B: 1, C: 2);
audit_tuple!(A: 0, B: 1, C: 2, D: 3);
audit_tuple!(A: 0, B: 1, C: 2, D: 3, E: 4);

/// `sys.audit(event, *args)` as C's `PySys_Audit(event, format, ...)`: the
/// hooks' exception, if one raises.  Costs one check when no hook is set
/// (CPython builds the argument tuple only for hooks).
#[inline]
pub fn audit(_py: Python<'_>, event: &CStr, args: impl AuditArgs) -> PyResult<()> {
    if args.audit(event) < 0 {
        return Err(PyErr::fetched());
    }
    Ok(())
}

/// `sys.<name>` or `None` when `sys` has no such attribute
/// (`PySys_GetObject`: never raises).
pub fn get_object(_py: Python<'_>, name: &CStr) -> Option<Owned> {
    // SAFETY: a NUL-terminated name, GIL held; a borrowed reference or null
    // (no exception set).
    let object = unsafe { ffi::PySys_GetObject(name.as_ptr()) };
    if object.is_null() {
        return None;
    }
    // SAFETY: a live borrowed reference (sys's dict holds it), made strong
    // at once.
    Some(unsafe { PyAny::from_ptr(object) }.to_owned())
}
