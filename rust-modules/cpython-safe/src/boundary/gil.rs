//! Releasing the GIL around pure-Rust work.

use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError};

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

/// Locks a per-object lock as C's `PyMutex_Lock` does: at once when it is
/// free, else waiting with the GIL released, so that the holder (which may
/// be working without the GIL, see [`lock_released`]) is never stuck behind
/// a thread that waits while keeping every other thread out.
///
/// The value behind the lock is plain data that no panic leaves half
/// written in a way Python code could observe differently from C (a panic
/// is already a `SystemError`), so a poisoned lock is simply taken.
pub fn lock_detached<'m, T: Send>(py: Python<'_>, mutex: &'m Mutex<T>) -> MutexGuard<'m, T> {
    loop {
        match mutex.try_lock() {
            Ok(guard) => return guard,
            Err(TryLockError::Poisoned(poisoned)) => return poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => allow_threads(py, || drop(lock_released(mutex))),
        }
    }
}

/// Locks a per-object lock from code that runs with the GIL released (the
/// closure of [`allow_threads`]): the holder, if any, never waits for the
/// GIL while it holds the lock (see [`lock_detached`]), so this cannot
/// deadlock.
pub fn lock_released<T: Send>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
