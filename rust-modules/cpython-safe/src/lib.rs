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

pub mod alloc;
mod args;
mod buffer;
pub mod class;
pub mod class_slots;
pub mod clinic;
mod err;
pub mod exc;
mod gil;
mod python;
mod guard;
mod int;
pub mod os;
pub mod gc;
pub mod module;
#[cfg(feature = "embed")]
pub mod testing;
mod object;
// Lists, sequences, comparisons, calls and doubles (_bisect, _heapq, _statistics).
mod call;
mod compare;
mod double;
mod index;
mod list;
mod sequence;
// Numbers, iteration and the C math library (math).
mod iter;
pub mod libm;
pub mod number;
// Machine representations of values (_struct).
pub mod binary;
// Complex numbers (cmath).
mod complex;

// Strings by storage kind, dicts, the object protocol, slot arguments (_json).
mod callargs;
mod dict;
mod protocol;
mod stack;
mod unicode;
// str(), float(), stored iterators, keyword-dict calls (_csv).
mod object_ops;
pub mod class_new;
mod class_members;
// Exported buffers, sequence/mapping/comparison slots, warnings (array).
pub mod buffer_export;
pub mod seq_slots;
pub mod warn;
pub mod class_getitem;
mod list_build;

pub use args::{ArgRef, Args, BitwiseU32, FromArg};
pub use callargs::{arg_buffer, ArgBuffer};
pub use dict::{DictItems, PyDict};
pub use protocol::{import_attr, push_double_repr, RecursionGuard, StopIteration};
pub use unicode::{StrData, Ucs1Writer};
pub use gil::allow_threads;
pub use alloc::{recycle_bytes, spare_bytes, try_with_capacity, try_zeroed, TryGrow, TryPush, TryPushStr};
pub use int::LongLong;
pub use buffer::{with_bytes, with_writable, Buffer, BytesLike, HeldBytes, WritableBytes};
pub use err::{PyErr, PyResult};
pub use python::Python;
pub use module::{Module, ModuleState};
pub use class::{Instance, PyClass, Slot, TypeFlags};
pub use object::{Owned, PyAny, PyBytes, PyFloat, PyInt, PyModuleObject, PyNative, PyStr, PyTuple, PyType};
pub use compare::{FastLt, ItemLt, LessThan, Release, RichLt};
pub use list::PyList;
pub use sequence::SequenceItems;
pub use iter::PyIterator;
pub use number::Overflow;
pub use complex::{Complex, PyComplex};

#[doc(hidden)]
pub use cpython_sys as ffi;

/// What a module crate needs, in one `use`.
pub mod prelude {
    pub use crate::{LessThan, PyList, SequenceItems};
    pub use crate::{
        exc, Args, BytesLike, FromArg, Instance, Module, ModuleState, Owned, PyAny, PyBytes, PyClass,
        PyErr, PyFloat, PyInt, PyResult, Python, PyStr, PyTuple, PyType, Slot, TypeFlags,
    };
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
