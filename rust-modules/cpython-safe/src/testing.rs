//! An embedded interpreter for unit tests (feature `embed`).
//!
//! Layer and module code needs a [`Python`] token, which only the
//! interpreter's calls hand out; a unit test gets one from [`with_python`],
//! which starts an interpreter in the test process once (its standard
//! library from `$PY_SRCDIR/Lib`, isolated from the environment) and holds
//! the GIL for the closure.
//!
//! ```
//! use cpython_safe::testing::with_python;
//! use cpython_safe::buffer::with_bytes;
//! use cpython_safe::object::{PyBytes, PyStr};
//!
//! let total = with_python(|py| {
//!     assert_eq!(PyStr::new(py, "token").unwrap().len(), 5);
//!     let data = PyBytes::new(py, b"\x01\x02\x03").unwrap();
//!     with_bytes(&data, |held| Ok(held.read(|bytes| bytes.iter().map(|&b| u32::from(b)).sum::<u32>())))
//!         .unwrap()
//! });
//! assert_eq!(total, 6);
//! ```

use core::mem::MaybeUninit;
use std::sync::Once;

use crate::ffi;
use crate::boundary::Python;

/// Runs `body` with the GIL held in the test process's interpreter,
/// started on first use.  What `body` returns must be `Send`, so that no
/// object (nor the token) outlives the GIL.
pub fn with_python<R: Send>(body: impl for<'py> FnOnce(Python<'py>) -> R) -> R {
    static START: Once = Once::new();
    START.call_once(start);
    struct Release(ffi::PyGILState_STATE);
    impl Drop for Release {
        fn drop(&mut self) {
            // SAFETY: the state of the matching PyGILState_Ensure below.
            unsafe { ffi::PyGILState_Release(self.0) }
        }
    }
    // SAFETY: the interpreter is initialized; attaches this thread and
    // takes the GIL until the matching release.
    let _release = Release(unsafe { ffi::PyGILState_Ensure() });
    // SAFETY: the GIL is held until `_release` drops, after `body`.
    body(unsafe { Python::assume_attached() })
}

fn start() {
    let srcdir = std::env::var("PY_SRCDIR").expect("PY_SRCDIR names the CPython source tree (its Lib is the standard library)");
    let lib: Vec<ffi::wchar_t> =
        format!("{srcdir}/Lib").chars().map(|c| c as ffi::wchar_t).chain(core::iter::once(0)).collect();
    let mut config = MaybeUninit::<ffi::PyConfig>::uninit();
    // SAFETY: PyConfig_InitIsolatedConfig initializes every field.
    unsafe { ffi::PyConfig_InitIsolatedConfig(config.as_mut_ptr()) };
    // SAFETY: initialized just above.
    let config = unsafe { config.assume_init_mut() };
    config.module_search_paths_set = 1;
    // SAFETY: a NUL-terminated wide string, copied by the list.
    let status = unsafe { ffi::PyWideStringList_Append(&mut config.module_search_paths, lib.as_ptr()) };
    // SAFETY: a status just returned.
    assert!(unsafe { ffi::PyStatus_Exception(status) } == 0, "cannot set the module search path");
    // SAFETY: a complete configuration; initializes the runtime once per
    // process (`START`).
    let status = unsafe { ffi::Py_InitializeFromConfig(config) };
    // SAFETY: the configuration is no longer needed.
    unsafe { ffi::PyConfig_Clear(config) };
    // SAFETY: a status just returned.
    assert!(unsafe { ffi::PyStatus_Exception(status) } == 0, "the embedded interpreter did not start");
    // Initialization leaves this thread holding the GIL: release it, so
    // that every test thread takes it with PyGILState_Ensure.
    // SAFETY: this thread holds the GIL; the saved state stays attached to
    // no thread (it is never restored).
    unsafe { ffi::PyEval_SaveThread() };
}
