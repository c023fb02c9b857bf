//! The boundary between C and Rust: the proof that this thread holds the
//! GIL ([`Python`]), errors as C reports them ([`PyErr`]), releasing the
//! GIL ([`allow_threads`]), the native stack ([`RecursionGuard`]), and the
//! guards every entry point from C runs under.

mod err;
mod gil;
pub(crate) mod guard;
mod python;
pub(crate) mod stack;

pub use err::{Except, PyErr, PyResult};
pub use gil::{allow_threads, lock_detached, lock_released};
pub use python::Python;
pub use crate::object::protocol::RecursionGuard;
