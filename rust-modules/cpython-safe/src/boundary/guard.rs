//! The boundary between C and Rust: every function CPython calls goes
//! through one of the guards here, so that a panic becomes a Python
//! exception (or, inside the garbage collector, a message on stderr) and
//! never unwinds into C, and so that the C convention "an error return has
//! an exception set, a value return has none" holds whatever a module does.
//!
//! Panics are bugs of this project, reported as `SystemError` as CPython
//! reports its own internal errors.  Our copy of Rust's std is private to
//! the library, so its panic hook is ours to set: a caught panic prints
//! nothing (the `SystemError` says what and where), unless `RUST_BACKTRACE`
//! is set, when std's default report goes to stderr as well.
//!
//! `panic = "abort"` (a packager's cargo profile) would turn each of these
//! panics into the death of the interpreter; the crate refuses to compile
//! with it.

use core::any::Any;
use core::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use crate::boundary::PyResult;
use crate::exc;
use crate::ffi;
use crate::boundary::Python;

/// A C return type with an error value.
pub(crate) trait CReturn {
    const ERROR: Self;
}

impl CReturn for *mut ffi::PyObject {
    const ERROR: Self = core::ptr::null_mut();
}

impl CReturn for core::ffi::c_int {
    const ERROR: Self = -1;
}

std::thread_local! {
    /// Where the last panic of this thread happened, for its SystemError.
    static PANIC_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the quiet panic hook, once per process (from each module's
/// `PyInit_*`, before any module code can panic).
pub(crate) fn install_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let report = std::env::var_os("RUST_BACKTRACE").is_some_and(|value| value != "0");
        // Tools/test collects every panic of a test run here: a panic is a
        // bug even when the SystemError it becomes is caught.
        let log = std::env::var_os("PY_RUST_PANIC_LOG");
        let default_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let location = info.location().map(|at| format!("{}:{}", at.file(), at.line()));
            if let Some(log) = &log {
                log_panic(log, location.as_deref().unwrap_or("?"), info.payload());
            }
            // A panic while the slot is borrowed (never: nothing panics
            // there) must not panic again inside the hook.
            let _ = PANIC_LOCATION.try_with(|slot| slot.try_borrow_mut().map(|mut slot| *slot = location));
            if report {
                default_hook(info);
            }
        }));
    });
}

/// Appends "location: message" to the panic log (errors ignored: the
/// panic is reported as an exception anyway).
fn log_panic(log: &std::ffi::OsStr, location: &str, payload: &(dyn Any + Send)) {
    use std::io::Write as _;
    let message = payload_text(payload);
    if let Ok(mut file) = std::fs::OpenOptions::new().create(true).append(true).open(log) {
        let _ = writeln!(file, "{location}: {message}");
    }
}

/// Runs `body` for C: `Err` and panics both become `T::ERROR` with an
/// exception set, a panic as `SystemError` naming it.
#[inline(always)]
pub(crate) fn ffi_guard<T: CReturn>(body: impl FnOnce(Python<'_>) -> PyResult<T>) -> T {
    // SAFETY: CPython calls every slot, method and init function with the
    // GIL held, for the duration of the call.
    let py = unsafe { Python::assume_attached() };
    match catch_unwind(AssertUnwindSafe(|| body(py))) {
        Ok(Ok(value)) => {
            // Checked in builds with debug assertions (the pydebug profile);
            // CPython checks calls of functions itself (_Py_CheckFunctionResult).
            #[cfg(debug_assertions)]
            check_no_exception();
            value
        }
        Ok(Err(_)) => {
            check_exception_set(py);
            T::ERROR
        }
        Err(payload) => {
            raise_panic(py, payload);
            T::ERROR
        }
    }
}

/// An error return with no exception set would make CPython fail later and
/// elsewhere; like CPython, report it as SystemError here.
#[inline]
fn check_exception_set(py: Python<'_>) {
    // SAFETY: GIL held (we were called from C through a slot or method).
    if unsafe { ffi::PyErr_Occurred() }.is_null() {
        contract_broken(py, "returned an error without setting an exception");
    }
}

#[cfg(debug_assertions)]
fn check_no_exception() {
    // SAFETY: GIL held.
    if !unsafe { ffi::PyErr_Occurred() }.is_null() {
        panic!("a Rust function returned a value with an exception set");
    }
}

#[cold]
fn contract_broken(py: Python<'_>, what: &str) {
    let _ = exc::system_error(py, &format!("Rust module {what}"));
}

/// For callbacks that cannot report failure (deallocation, `m_free`): a
/// panic is reported as unraisable, like an exception in `__del__`.
pub(crate) fn ffi_guard_unraisable(body: impl FnOnce(Python<'_>)) {
    // SAFETY: CPython deallocates objects and frees modules with the GIL held.
    let py = unsafe { Python::assume_attached() };
    if let Err(payload) = catch_unwind(AssertUnwindSafe(|| body(py))) {
        raise_panic(py, payload);
        // SAFETY: an exception is set; CPython prints and clears it.
        unsafe { ffi::PyErr_WriteUnraisable(core::ptr::null_mut()) }
    }
}

/// For the garbage collector's callbacks (`tp_traverse`, `m_traverse`):
/// no Python code may run inside the collector, so a panic is reported on
/// stderr only, and the traversal ends as if complete.  Visiting fewer
/// references than exist is safe: the collector then keeps the objects
/// alive (a leak at worst, never a premature free).
pub(crate) fn ffi_guard_gc(body: impl FnOnce() -> core::ffi::c_int) -> core::ffi::c_int {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        let message = panic_message(&payload);
        eprintln!("Rust panic inside the garbage collector (traversal ended early): {message}");
        let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
        0
    })
}

/// The text a panic was raised with.
fn payload_text(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

fn panic_message(payload: &Box<dyn Any + Send>) -> String {
    let message = payload_text(&**payload);
    let location = PANIC_LOCATION.try_with(|slot| slot.try_borrow_mut().ok().and_then(|mut slot| slot.take()));
    match location.ok().flatten() {
        Some(location) => format!("{message} (at {location})"),
        None => message.to_owned(),
    }
}

#[cold]
fn raise_panic(py: Python<'_>, payload: Box<dyn Any + Send>) {
    let message = panic_message(&payload);
    let _ = exc::system_error(py, &format!("Rust panic: {message}"));
    // Dropping the payload could itself panic; never let that unwind out.
    let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
}
