//! More field types for read-only members ([`crate::class!`]'s `members`).

use core::cell::Cell;
use core::ffi::c_ulong;

use crate::class::MemberType;
use crate::ffi;
use crate::object::{Owned, PyNative};

// SAFETY: Cell<c_ulong> is repr(transparent) over a C `unsigned long`,
// which `Py_T_ULONG` reads; a Cell is only changed through shared
// references by code holding the GIL, as the member's reader does.
unsafe impl MemberType for Cell<c_ulong> {
    const CODE: u32 = ffi::Py_T_ULONG;
}

// SAFETY: Cell<bool> is repr(transparent) over a Rust bool, one byte that
// is 0 or 1, as `Py_T_BOOL` reads a char; a Cell is only changed through
// shared references by code holding the GIL, as the member's reader does.
unsafe impl MemberType for Cell<bool> {
    const CODE: u32 = ffi::Py_T_BOOL;
}

// SAFETY: Cell<Option<Owned<T>>> is repr(transparent) over an
// Option<Owned<T>>, which is a nullable `PyObject *` (Owned is a
// repr(transparent) NonNull): `Py_T_OBJECT_EX` reads it, raising
// AttributeError when null.  The Cell is only changed by code holding the
// GIL, whose new value is in place before the old one is released.
unsafe impl<T: PyNative> MemberType for Cell<Option<Owned<T>>> {
    const CODE: u32 = ffi::Py_T_OBJECT_EX;
}
