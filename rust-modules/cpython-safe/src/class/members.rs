//! More field types for read-only members ([`crate::class!`]'s `members`).

use core::cell::Cell;
use core::ffi::{c_int, c_ulong};

use crate::class::MemberType;
use crate::ffi;
use crate::object::{Owned, PyNative};

// SAFETY: Cell<c_ulong> is repr(transparent) over a C `unsigned long`,
// which `Py_T_ULONG` reads; a Cell is only changed through shared
// references by code holding the GIL, as the member's reader does.
unsafe impl MemberType for Cell<c_ulong> {
    const CODE: u32 = ffi::Py_T_ULONG;
}

// SAFETY: Cell<c_int> is repr(transparent) over a C `int`, which
// `Py_T_INT` reads; changed only under the GIL, as above.
unsafe impl MemberType for Cell<c_int> {
    const CODE: u32 = ffi::Py_T_INT;
}

// SAFETY: Cell<bool> is repr(transparent) over a Rust bool, one byte that
// is 0 or 1, which `Py_T_BOOL` reads as a char; changed only under the GIL.
unsafe impl MemberType for Cell<bool> {
    const CODE: u32 = ffi::Py_T_BOOL;
}

// SAFETY: Cell<Owned<T>> is repr(transparent) over a non-null `PyObject *`,
// which `Py_T_OBJECT_EX` reads (AttributeError if null, never the case
// here); the Cell is replaced (`Cell::replace`) only under the GIL, and
// the reader takes its own reference under the GIL too.  For a member that
// changes over the object's life (a decompressor's `unused_data`).
unsafe impl<T: PyNative> MemberType for Cell<Owned<T>> {
    const CODE: u32 = ffi::Py_T_OBJECT_EX;
}

// SAFETY: Cell<Option<Owned<T>>> is repr(transparent) over an
// Option<Owned<T>>, which is a nullable `PyObject *` (Owned is a
// repr(transparent) NonNull): `Py_T_OBJECT_EX` reads it, raising
// AttributeError when null.  The Cell is only changed by code holding the
// GIL, whose new value is in place before the old one is released.
unsafe impl<T: PyNative> MemberType for Cell<Option<Owned<T>>> {
    const CODE: u32 = ffi::Py_T_OBJECT_EX;
}
