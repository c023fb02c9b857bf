//! The thread-state token: proof that this thread holds the GIL.
//!
//! Every safe API that calls into CPython needs such a proof.  Objects carry
//! one ([`PyAny::py`]): a `&PyAny` or an [`Owned`] can only be had on a
//! thread that holds the GIL, and neither can leave that thread.  Functions
//! without an object at hand (constructors, raising an exception, imports)
//! take a [`Python`] instead.  The trampolines that CPython calls are the only
//! place where a token is made.
//!
//! [`crate::boundary::allow_threads`] runs a `Send` closure: the token, objects and
//! [`crate::boundary::PyErr`] are all `!Send`, so no C API call compiles inside.  A
//! `thread_local!` would be a way around that (a value reached without
//! capturing it), so module crates may not use one (the workspace's clippy
//! configuration refuses the macro; see `clippy.toml`).

use core::marker::PhantomData;

use crate::ffi;
use crate::object::{Owned, PyAny};

/// Zero-sized proof that the current thread holds the GIL for `'py`.
///
/// `Copy`, so it costs nothing to pass along; neither `Send` nor `Sync`, so
/// it cannot reach a thread (or a closure run without the GIL) that does
/// not hold the GIL.
#[derive(Clone, Copy)]
pub struct Python<'py> {
    _attached: PhantomData<(&'py (), *mut ())>,
}

impl<'py> Python<'py> {
    /// # Safety
    /// The calling thread has an attached thread state (holds the GIL), and
    /// keeps it for `'py`.
    #[inline(always)]
    pub(crate) unsafe fn assume_attached() -> Python<'py> {
        Python { _attached: PhantomData }
    }

    /// A new reference to `None` (a function's "no result").
    #[inline(always)]
    pub fn none(self) -> Owned {
        // SAFETY: None is immortal and always alive.
        unsafe { PyAny::from_ptr(ffi::Py_None()) }.to_owned()
    }

    /// A new reference to `True` or `False`.
    #[inline(always)]
    pub fn bool(self, value: bool) -> Owned {
        let ptr = if value { ffi::Py_True() } else { ffi::Py_False() };
        // SAFETY: True and False are immortal and always alive.
        unsafe { PyAny::from_ptr(ptr) }.to_owned()
    }

    /// A new reference to `NotImplemented` (a binary slot's "not mine").
    #[inline(always)]
    pub fn not_implemented(self) -> Owned {
        // SAFETY: NotImplemented is immortal and always alive.
        unsafe { PyAny::from_ptr(ffi::Py_NotImplemented()) }.to_owned()
    }

    /// Whether this thread runs the main interpreter
    /// (`PyInterpreterState_Get() == PyInterpreterState_Main()`).
    pub fn in_main_interpreter(self) -> bool {
        // SAFETY: GIL held (the token).
        let current = unsafe { ffi::PyInterpreterState_Get() };
        // SAFETY: no preconditions.
        current == unsafe { ffi::PyInterpreterState_Main() }
    }

    /// Whether this interpreter (or the runtime) is finalizing
    /// (`_Py_IsInterpreterFinalizing`).
    pub fn interpreter_is_finalizing(self) -> bool {
        // SAFETY: GIL held (the token); the current interpreter.
        let interp = unsafe { ffi::PyInterpreterState_Get() };
        // SAFETY: a live interpreter.
        unsafe { ffi::_Py_IsInterpreterFinalizing(interp) != 0 }
    }
}

impl PyAny {
    /// The proof that comes with every object: it is only seen on a thread
    /// that holds the GIL.
    #[inline(always)]
    pub fn py(&self) -> Python<'_> {
        // SAFETY: a `PyAny` is only reachable through a borrow that a
        // trampoline (or an `Owned`, or module state) handed out on a thread
        // holding the GIL, and no borrow of one can leave that thread
        // (`PyAny` is not `Sync`, `Owned` not `Send`).
        unsafe { Python::assume_attached() }
    }
}
