//! The system logger: `openlog`, `syslog`, `closelog`, `setlogmask` (the
//! syslog module).
//!
//! `openlog(ident, ...)` keeps the `ident` pointer (it does not copy the
//! string) and every later `syslog` reads it.  The ident is therefore owned
//! here, in one process-wide place as the C library's own state is, and
//! freed only when `openlog` or `closelog` has replaced the C library's
//! pointer.  A lock makes this sound whatever the C library's own locking:
//! `log` holds it shared for its call, `open` and `close` exclusively while
//! they change the pointer and free the old string.

use core::ffi::{c_int, CStr};
use std::ffi::CString;
use std::sync::{PoisonError, RwLock};

struct Logger {
    /// The string the C library's ident points to, if the module gave one.
    ident: Option<CString>,
    /// Whether `open` was called since the last `close`.
    open: bool,
}

static LOGGER: RwLock<Logger> = RwLock::new(Logger { ident: None, open: false });

/// `openlog(ident, option, facility)`; the string (`None`: the C library's
/// default, the program name) is kept until the next `open` or `close`.
pub fn open(ident: Option<CString>, option: c_int, facility: c_int) {
    let mut logger = LOGGER.write().unwrap_or_else(PoisonError::into_inner);
    let pointer = ident.as_deref().map_or(core::ptr::null(), CStr::as_ptr);
    // SAFETY: a NUL-terminated string that lives in LOGGER until the C
    // library's pointer to it is replaced by another `openlog` or cleared
    // by `closelog` (both under the write lock), or a null pointer.
    unsafe { libc::openlog(pointer, option, facility) };
    logger.ident = ident;
    logger.open = true;
}

/// Whether `open` was called since the last `close` (in any interpreter).
pub fn is_open() -> bool {
    LOGGER.read().unwrap_or_else(PoisonError::into_inner).open
}

/// `syslog(priority, "%s", message)`.  May block (the log socket): call it
/// with the GIL released.
pub fn log(priority: c_int, message: &CStr) {
    let _logger = LOGGER.read().unwrap_or_else(PoisonError::into_inner);
    // SAFETY: a "%s" format with one NUL-terminated string; the ident the C
    // library reads stays alive while the read lock is held.
    unsafe { libc::syslog(priority, c"%s".as_ptr(), message.as_ptr()) };
}

/// `closelog()` if `open` was called, then frees the ident.
pub fn close() {
    let mut logger = LOGGER.write().unwrap_or_else(PoisonError::into_inner);
    if logger.open {
        // SAFETY: no arguments; clears the C library's ident pointer.
        unsafe { libc::closelog() };
        logger.ident = None;
        logger.open = false;
    }
}

/// `setlogmask(mask)`: the previous mask.
pub fn set_mask(mask: c_int) -> c_int {
    // SAFETY: a plain integer.
    unsafe { libc::setlogmask(mask) }
}
