//! Releasing the GIL around pure-Rust work.

use crate::ffi;
use crate::boundary::Python;

/// Runs `work` with the GIL released (`Py_BEGIN_ALLOW_THREADS`), so that
/// other Python threads run meanwhile.  `Send` keeps Python objects out of
/// the closure: it can only see plain Rust data, such as the bytes of a
/// buffer the caller holds (which the exporter keeps alive and unresized).
pub fn allow_threads<R: Send>(_py: Python<'_>, work: impl FnOnce() -> R + Send) -> R {
    struct Reacquire(*mut ffi::PyThreadState);
    impl Drop for Reacquire {
        fn drop(&mut self) {
            // SAFETY: the thread state saved below, restored exactly once,
            // also when `work` panics.
            unsafe { ffi::PyEval_RestoreThread(self.0) }
        }
    }
    // SAFETY: called with the GIL held (crate invariant).
    let _reacquire = Reacquire(unsafe { ffi::PyEval_SaveThread() });
    work()
}
