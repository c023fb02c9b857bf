//! The native stack the running thread has left.
//!
//! CPython 3.13 bounds recursion in C code by counting levels
//! (`Py_EnterRecursiveCall`), not by measuring the stack: a thread with a
//! small stack (`threading.stack_size`) can overflow it before the count
//! runs out.  Code that recurses over nested data also checks the stack
//! itself ([`check_stack`]), so that it raises RecursionError where it
//! would otherwise crash.

use core::cell::Cell;
use core::ffi::CStr;

use crate::boundary::{PyErr, PyResult};
use crate::exc;
use crate::boundary::Python;

/// Stack kept free below the deepest checked level: room for the work done
/// there (a Python hook, raising an error).  A small stack keeps a
/// sixteenth: callers whose levels take less stack than C's then still
/// reach every depth C reaches.
const STACK_MARGIN: usize = 64 * 1024;

/// The part of a thread's stack a check refuses: from its lowest address
/// up to the margin above it.
#[derive(Clone, Copy)]
struct Reserved {
    bottom: usize,
    floor: usize,
}

/// Not read yet.
const UNREAD: Reserved = Reserved { bottom: 0, floor: 0 };
/// The thread's stack bounds are unknown: no check.
const UNKNOWN: Reserved = Reserved { bottom: 1, floor: 1 };

thread_local! {
    /// This thread's reserved part, read once per thread.
    static RESERVED: Cell<Reserved> = const { Cell::new(UNREAD) };
}

/// RecursionError ("maximum recursion depth exceeded" + `location`, as
/// CPython words it) when less than the margin of native stack is left.
/// Code running on a stack of its own (a coroutine library's) is below or
/// above the thread's and is not checked.
#[inline(always)]
pub fn check_stack(py: Python<'_>, location: &CStr) -> PyResult<()> {
    let probe = 0u8;
    let here = core::ptr::addr_of!(probe) as usize;
    let reserved = RESERVED.with(|reserved| {
        if reserved.get().floor == UNREAD.floor {
            reserved.set(read_reserved());
        }
        reserved.get()
    });
    if (reserved.bottom..reserved.floor).contains(&here) {
        return Err(stack_exhausted(py, location));
    }
    Ok(())
}

#[cold]
#[inline(never)]
fn stack_exhausted(py: Python<'_>, location: &CStr) -> PyErr {
    exc::recursion_error(py, &format!("maximum recursion depth exceeded{}", location.to_string_lossy()))
}

/// This thread's reserved part of its stack.
#[cold]
#[inline(never)]
fn read_reserved() -> Reserved {
    match thread_stack() {
        Some((bottom, size)) => Reserved { bottom, floor: bottom.saturating_add(STACK_MARGIN.min(size / 16)) },
        None => UNKNOWN,
    }
}

/// The lowest address and the size of this thread's stack.
#[cfg(target_os = "linux")]
fn thread_stack() -> Option<(usize, usize)> {
    use core::ffi::{c_int, c_ulong, c_void};

    /// Room for a `pthread_attr_t` (56 bytes on 64-bit glibc, 36 on 32-bit).
    #[repr(C, align(16))]
    struct PthreadAttr([u8; 128]);

    extern "C" {
        fn pthread_self() -> c_ulong;
        fn pthread_getattr_np(thread: c_ulong, attr: *mut PthreadAttr) -> c_int;
        fn pthread_attr_getstack(attr: *const PthreadAttr, addr: *mut *mut c_void, size: *mut usize) -> c_int;
        fn pthread_attr_destroy(attr: *mut PthreadAttr) -> c_int;
    }

    let mut attr = PthreadAttr([0; 128]);
    let mut addr: *mut c_void = core::ptr::null_mut();
    let mut size = 0usize;
    // SAFETY: no preconditions.
    let thread = unsafe { pthread_self() };
    // SAFETY: `attr` is a buffer larger and as aligned as pthread_attr_t;
    // pthread_getattr_np initializes it for the calling thread.
    if unsafe { pthread_getattr_np(thread, &mut attr) } != 0 {
        return None;
    }
    // SAFETY: `attr` was initialized just above; the outputs are valid.
    let read = unsafe { pthread_attr_getstack(&attr, &mut addr, &mut size) };
    // SAFETY: initialized and destroyed once, after the stack bounds are
    // read from it.
    unsafe { pthread_attr_destroy(&mut attr) };
    if read != 0 || addr.is_null() || size == 0 {
        return None;
    }
    Some((addr as usize, size))
}

#[cfg(not(target_os = "linux"))]
fn thread_stack() -> Option<(usize, usize)> {
    None
}
