//! More field types for read-only members ([`crate::class!`]'s `members`).

use core::cell::Cell;
use core::ffi::c_ulong;

use crate::class::MemberType;
use crate::ffi;

// SAFETY: Cell<c_ulong> is repr(transparent) over a C `unsigned long`,
// which `Py_T_ULONG` reads; a Cell is only changed through shared
// references by code holding the GIL, as the member's reader does.
unsafe impl MemberType for Cell<c_ulong> {
    const CODE: u32 = ffi::Py_T_ULONG;
}
