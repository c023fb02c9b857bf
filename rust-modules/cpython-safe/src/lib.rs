//! Safe abstractions over CPython's C API, for modules that replace CPython's
//! own C extension modules.
//!
//! All `unsafe` code of the project's modules lives here (and in
//! `cpython-sys`); a module crate is `#![forbid(unsafe_code)]` and reads like
//! the C module's logic.  The main pieces:
//!
//! * [`PyAny`] and its typed views ([`PyBytes`], [`PyStr`], …) are borrowed
//!   objects (`&PyAny`); [`Owned`] is a strong reference, released on drop.
//! * [`PyResult`] / [`PyErr`]: a `PyErr` is a zero-sized proof that the
//!   thread's exception indicator is set, as in C's `return NULL`.
//! * [`clinic`]: function signatures read at build time from the tree's
//!   Argument Clinic output, and [`Args`] with CPython's own argument errors.
//! * [`BytesLike`]: the buffer protocol, released on drop.
//! * [`module!`]: multi-phase init, typed per-module state, method tables.
//!   Every entry point from C is guarded: a panic becomes a `SystemError`,
//!   never an abort and never an unwind into C.
//!
//! * [`Python`]: the thread-state token.  Every function here that calls
//!   into CPython needs the GIL, and asks for a proof of it: an object
//!   (`obj.py()`) or a token.  The trampolines that CPython calls make the
//!   only tokens; [`allow_threads`] runs a closure that can hold neither.
//!
//! A whole module, as a module crate writes one (`no_run`: compiled, not
//! imported; a module crate's `build.rs` generates `clinic` from the tree
//! being built, here it is written by hand):
//!
//! ```no_run
//! # #![forbid(unsafe_code)]
//! use core::cell::Cell;
//! use cpython_safe::prelude::*;
//!
//! #[allow(non_upper_case_globals)]
//! mod clinic {
//!     cpython_safe::signatures! {
//!         double: Object = c"double($module, x, /)\n--\n\nTwice x.";
//!         Counter_add as add: Object = c"add($self, n, /)\n--\n\nAdd n to the total.";
//!     }
//!     pub const module_doc: &core::ffi::CStr = c"An example.";
//!     pub const counter_doc: &core::ffi::CStr = c"A running total.";
//! }
//!
//! struct State {
//!     counter_type: Owned<PyType>,
//! }
//! cpython_safe::traverse!(State: counter_type);
//!
//! impl ModuleState for State {
//!     fn init(module: &Module<Self>) -> PyResult<Self> {
//!         let counter_type = COUNTER.create(module)?;
//!         module.add(c"Counter", &counter_type)?;
//!         Ok(State { counter_type })
//!     }
//! }
//!
//! cpython_safe::module! {
//!     static MODULE: State = module c"example" from clinic {
//!         doc: clinic::module_doc,
//!         interpreters: PerInterpreterGil,
//!         gil: NotUsed,
//!         functions: [double],
//!     }
//! }
//!
//! fn double(module: &Module<State>, args: &Args) -> PyResult<Owned> {
//!     let x: f64 = args.convert(0)?;
//!     Ok(PyFloat::new(module.py(), 2.0 * x)?.into_any())
//! }
//!
//! struct Counter {
//!     total: Cell<i64>,
//! }
//! cpython_safe::traverse!(Counter);
//!
//! impl PyClass for Counter {
//!     type State = State;
//!     fn module_def() -> &'static cpython_safe::module::ModuleDef<State> {
//!         &MODULE
//!     }
//!     fn new(_cls: &PyType, _args: &PyTuple, _kwargs: Option<&PyAny>) -> PyResult<Self> {
//!         Ok(Counter { total: Cell::new(0) })
//!     }
//! }
//!
//! cpython_safe::class! {
//!     static COUNTER: Counter = class c"example.Counter" from clinic {
//!         doc: clinic::counter_doc,
//!         subclassable: false,
//!         methods: [add = Counter_add],
//!     }
//! }
//!
//! fn add(this: &Instance<Counter>, args: &Args) -> PyResult<Owned> {
//!     let py = this.py();
//!     let n: isize = args.convert(0)?;
//!     let total = this.value().total.get().checked_add(n as i64);
//!     let total = total.ok_or_else(|| exc::overflow_error(py, "the total is too large"))?;
//!     this.value().total.set(total);
//!     Ok(PyInt::from_i64(py, total)?.into_any())
//! }
//! #
//! # fn main() {
//! #     let _ = py_init;
//! # }
//! ```

// The layer's thread-locals (panic locations, stack bounds) hold plain
// data, never a Python object; module crates may not declare any (see
// rust-modules/clippy.toml).  Allowed crate-wide: clippy reports the lint
// at the crate, not at the item.
#![allow(clippy::disallowed_macros)]

// Every entry point turns a panic into a Python exception; with
// panic = "abort" (a packager's cargo profile or RUSTFLAGS) each such bug
// would kill the interpreter instead.

// The layer relies on the GIL: the buffer rules (HeldBytes), RefCell state
// in classes.  configure refuses free-threaded builds; so does this crate.
const _: () = assert!(!ffi::GIL_DISABLED, "free-threaded builds (Py_GIL_DISABLED) are not supported yet");

#[cfg(panic = "abort")]
compile_error!("the Rust modules must be built with panic = \"unwind\": check the cargo profile and RUSTFLAGS");

// By concept, one public path per item; the prelude re-exports what most
// module crates use.
pub mod alloc;
pub mod boundary;
pub mod buffer;
pub mod call;
pub mod class;
pub mod codec_buffer;
pub mod clinic;
pub mod exc;
pub mod gc;
pub mod libm;
pub mod module;
pub mod object;
pub mod opcode;
pub mod os;
pub mod sys;
#[cfg(feature = "embed")]
pub mod testing;
pub mod warn;

#[doc(hidden)]
pub use cpython_sys as ffi;

/// What a module crate needs, in one `use`.
pub mod prelude {
    pub use crate::boundary::{Except, PyErr, PyResult, Python};
    pub use crate::buffer::BytesLike;
    pub use crate::call::{Args, FromArg, IntoObject};
    pub use crate::class::{Instance, PyClass, Slot, TypeFlags};
    pub use crate::exc;
    pub use crate::module::{Module, ModuleState};
    pub use crate::object::{LessThan, Owned, PyAny, PyBytes, PyFloat, PyInt, PyList, PyStr, PyTuple, PyType, SequenceItems};
}

/// `mod clinic`: what the crate's build script generated from the CPython
/// tree with `cpython_clinic::generate` (signatures and docstrings).
#[macro_export]
macro_rules! clinic_module {
    () => {
        #[allow(non_upper_case_globals, dead_code, unused_imports)]
        mod clinic {
            include!(concat!(env!("OUT_DIR"), "/clinic.rs"));
        }
    };
}
