//! Modules: multi-phase initialization, typed per-module state, method
//! tables and the trampolines CPython calls.
//!
//! A module crate describes its module with [`crate::module!`]; this file
//! provides what that expands to.  Nothing here is a static mutable Python
//! object: the `PyModuleDef`, method table and argument parsers are static
//! C structures that CPython itself requires to be static, and all Python
//! objects live in the per-module state, one per module object (and so one
//! per interpreter).

use core::cell::UnsafeCell;
use core::ffi::{c_int, c_void, CStr};
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::ops::Deref;

use crate::call::Args;
use crate::clinic::{ArgParser, CallKind, Signature};
use crate::boundary::{PyErr, PyResult};
use crate::exc;
use crate::ffi;
use crate::boundary::guard::{ffi_guard, ffi_guard_gc, ffi_guard_unraisable, install_panic_hook};
use crate::gc::{Traverse, Visitor};
use crate::object::{Owned, PyAny};

/// The per-module state of a module: created by the module's exec slot,
/// visited by the garbage collector (its [`Traverse`], from
/// [`crate::traverse!`]), dropped when the module is cleared.
pub trait ModuleState: Traverse + Sized + 'static {
    /// Creates the state and fills the module (the exec slot).
    fn init(module: &Module<Self>) -> PyResult<Self>;
}

/// A module object whose state is an `S`.
#[repr(transparent)]
pub struct Module<S> {
    object: PyAny,
    _state: PhantomData<S>,
}

impl<S> Deref for Module<S> {
    type Target = PyAny;
    fn deref(&self) -> &PyAny {
        &self.object
    }
}

/// The state memory CPython allocates (zero-filled) for each module object.
struct StateSlot<S> {
    initialized: bool,
    value: MaybeUninit<S>,
}

/// What `self` of a C function is viewed as: the module for module-level
/// functions, the instance for methods of a class (see [`crate::class`]).
pub trait Receiver {
    /// # Safety
    /// `ptr` must be the live `self` CPython passes to a function of a
    /// method table where this is the receiver type, alive for `'a`.
    unsafe fn from_ptr<'a>(ptr: *mut ffi::PyObject) -> &'a Self;
}

impl<S: ModuleState> Receiver for Module<S> {
    #[inline(always)]
    unsafe fn from_ptr<'a>(ptr: *mut ffi::PyObject) -> &'a Module<S> {
        // SAFETY: repr(transparent) over PyAny; a module created from a
        // ModuleDef<S> (its method table's `self`), per the caller.
        unsafe { &*(ptr as *const Module<S>) }
    }
}

impl<S: ModuleState> Module<S> {

    #[inline(always)]
    fn slot(&self) -> *mut StateSlot<S> {
        // SAFETY: a live module object; its state is a StateSlot<S> because
        // it was created from ModuleDef<S> (m_size is its size).
        unsafe { ffi::PyModule_GetState(self.as_ptr()) as *mut StateSlot<S> }
    }

    /// The module's state; `SystemError` before the module is executed or
    /// after it is cleared.
    #[inline]
    pub fn state(&self) -> PyResult<&S> {
        self.initialized_state().ok_or_else(|| exc::system_error(self.py(), "module state is not initialized"))
    }

    /// The module's state, if it was executed and not cleared (raises nothing).
    #[inline]
    fn initialized_state(&self) -> Option<&S> {
        // SAFETY: the slot, when non-null, lives as long as the module
        // object.  The state is only replaced by exec/clear/free, which never
        // run while a method of the module runs on the same module with a
        // borrow of it.
        let slot = unsafe { self.slot().as_ref() }?;
        if !slot.initialized {
            return None;
        }
        // SAFETY: `initialized` says that `value` holds an S.
        Some(unsafe { slot.value.assume_init_ref() })
    }

    /// `PyModule_AddObjectRef(module, name, value)`.
    pub fn add(&self, name: &CStr, value: &PyAny) -> PyResult<()> {
        // SAFETY: live module and value, NUL-terminated name.
        if unsafe { ffi::PyModule_AddObjectRef(self.as_ptr(), name.as_ptr(), value.as_ptr()) } < 0 {
            return Err(PyErr::fetched());
        }
        Ok(())
    }

    /// `PyModule_AddIntConstant(module, name, value)`, for any C integer
    /// constant (a C long on every target, as Python ints are unbounded).
    pub fn add_int(&self, name: &CStr, value: impl Into<i64>) -> PyResult<()> {
        self.add(name, crate::object::PyInt::from_i64(self.py(), value.into())?.as_any())
    }

    /// `PyModule_AddType(module, class)`: under its name without the module's.
    pub fn add_type(&self, class: &crate::object::PyType) -> PyResult<()> {
        // SAFETY: live module and type.
        if unsafe { ffi::PyModule_AddType(self.as_ptr(), class.as_type_ptr()) } < 0 {
            return Err(PyErr::fetched());
        }
        Ok(())
    }

    /// Takes the state out of the module (m_clear / m_free).
    fn take_state(&self) -> Option<S> {
        let slot = self.slot();
        if slot.is_null() {
            return None;
        }
        // SAFETY: see `initialized_state`: a non-null slot lives as long as
        // the module object.
        if !unsafe { (*slot).initialized } {
            return None;
        }
        // SAFETY: as above; the flag is cleared before the value is moved
        // out, so a re-entrant access sees an empty slot.
        unsafe { (*slot).initialized = false };
        // SAFETY: as above; only the address of the value is taken.
        let value = unsafe { &raw const (*slot).value };
        // SAFETY: `initialized` said that `value` holds an S, moved out here
        // once (MaybeUninit<S> has the layout of S).
        Some(unsafe { value.cast::<S>().read() })
    }
}

/// A function of a module or a method of a class: its clinic signature and
/// its Rust body.  Implemented by [`crate::module!`] and [`crate::class!`]
/// for each function listed there.
pub trait Method {
    /// The module (for functions) or the instance (for methods).
    type Receiver: Receiver + ?Sized;
    const SIGNATURE: &'static Signature;
    /// The function's `_PyArg_Parser` (used only for keyword calls).
    fn parser() -> &'static ArgParser;
    fn call<'a>(receiver: &'a Self::Receiver, args: &Args<'a>) -> PyResult<Owned>;
}

/// Views a C argument array as Rust references (the same bits: a
/// non-null `PyObject *` is a `&PyAny`, a null one `None`).
///
/// # Safety
/// `args` must point to `len` object pointers (null allowed) that stay
/// alive and unchanged for `'a`.
#[inline(always)]
unsafe fn arg_slice<'a>(args: *const *mut ffi::PyObject, len: usize) -> &'a [Option<&'a PyAny>] {
    if len == 0 {
        return &[];
    }
    // SAFETY: Option<&PyAny> has the layout of a nullable pointer.
    unsafe { core::slice::from_raw_parts(args as *const Option<&'a PyAny>, len) }
}

unsafe extern "C" fn call_noargs<M: Method>(
    module: *mut ffi::PyObject,
    _unused: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    ffi_guard(|_| {
        // SAFETY: CPython passes the live `self` of this method table.
        let module = unsafe { M::Receiver::from_ptr(module) };
        M::call(module, &Args::new(&[], M::SIGNATURE)).map(Owned::into_ptr)
    })
}

unsafe extern "C" fn call_o<M: Method>(
    module: *mut ffi::PyObject,
    arg: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    ffi_guard(|_| {
        // SAFETY: CPython passes the live `self`.
        let module = unsafe { M::Receiver::from_ptr(module) };
        // SAFETY: a live argument that the caller keeps alive for the call.
        let arg = unsafe { PyAny::from_ptr(arg) };
        M::call(module, &Args::new(&[Some(arg)], M::SIGNATURE)).map(Owned::into_ptr)
    })
}

unsafe extern "C" fn call_fastcall<M: Method>(
    module: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
) -> *mut ffi::PyObject {
    ffi_guard(|_| {
        let CallKind::Positional { min, max } = M::SIGNATURE.kind else {
            unreachable!("call_fastcall is only installed for positional functions")
        };
        // SAFETY: CPython passes the live `self`.
        let module = unsafe { M::Receiver::from_ptr(module) };
        // SAFETY: CPython passes `nargs` live arguments, alive for the call.
        let slots = unsafe { arg_slice(args, nargs as usize) };
        let args = Args::new(slots, M::SIGNATURE);
        args.check_positional(min, max)?;
        M::call(module, &args).map(Owned::into_ptr)
    })
}

unsafe extern "C" fn call_varargs<M: Method>(
    module: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
) -> *mut ffi::PyObject {
    ffi_guard(|_| {
        // SAFETY: CPython passes the live `self`.
        let module = unsafe { M::Receiver::from_ptr(module) };
        // SAFETY: CPython passes `nargs` live arguments, alive for the call.
        let slots = unsafe { arg_slice(args, nargs as usize) };
        M::call(module, &Args::new(slots, M::SIGNATURE)).map(Owned::into_ptr)
    })
}

unsafe extern "C" fn call_tuple<M: Method>(module: *mut ffi::PyObject, args: *mut ffi::PyObject) -> *mut ffi::PyObject {
    ffi_guard(|_| {
        // SAFETY: CPython passes the live `self`.
        let module = unsafe { M::Receiver::from_ptr(module) };
        // SAFETY: CPython passes the argument tuple, alive for the call.
        let args = unsafe { crate::object::PyTuple::from_ptr(args) };
        M::call(module, &Args::new(crate::call::callargs::tuple_slots(args), M::SIGNATURE)).map(Owned::into_ptr)
    })
}

unsafe extern "C" fn call_tuple_keywords<M: Method>(
    module: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    ffi_guard(|_| {
        // SAFETY: CPython passes the live `self`.
        let module = unsafe { M::Receiver::from_ptr(module) };
        // SAFETY: CPython passes the argument tuple, alive for the call.
        let args = unsafe { crate::object::PyTuple::from_ptr(args) };
        // SAFETY: CPython passes a keyword dict or null, alive for the call.
        let kwargs = (!kwargs.is_null()).then(|| unsafe { PyAny::from_ptr(kwargs) });
        M::call(module, &Args::with_kwargs(crate::call::callargs::tuple_slots(args), M::SIGNATURE, kwargs)).map(Owned::into_ptr)
    })
}

unsafe extern "C" fn call_no_args_method<M: Method>(
    module: *mut ffi::PyObject,
    _args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    ffi_guard(|py| {
        // SAFETY: CPython passes the live `self`.
        let module = unsafe { M::Receiver::from_ptr(module) };
        // SAFETY: CPython passes a keyword-name tuple or null.
        let kwnames = (!kwnames.is_null()).then(|| unsafe { crate::object::PyTuple::from_ptr(kwnames) });
        if nargs != 0 || kwnames.is_some_and(|names| !names.is_empty()) {
            return Err(crate::exc::type_error(py, &format!("{}() takes no arguments", M::SIGNATURE.name.to_string_lossy())));
        }
        M::call(module, &Args::new(&[], M::SIGNATURE)).map(Owned::into_ptr)
    })
}

unsafe extern "C" fn call_fastcall_keywords<M: Method>(
    module: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    ffi_guard(|_| {
        let CallKind::Keywords { minpos, maxpos, minkw, .. } = M::SIGNATURE.kind else {
            unreachable!("call_fastcall_keywords is only installed for keyword functions")
        };
        // SAFETY: CPython passes the live `self`.
        let module = unsafe { M::Receiver::from_ptr(module) };
        // The fast path of clinic's _PyArg_UnpackKeywords macro: positional
        // arguments only, in range, used in place.
        if kwnames.is_null() && minkw == 0 && (minpos as isize..=maxpos as isize).contains(&nargs) {
            // SAFETY: `nargs` live arguments.
            let slots = unsafe { arg_slice(args, nargs as usize) };
            return M::call(module, &Args::new(slots, M::SIGNATURE)).map(Owned::into_ptr);
        }
        let mut buf = crate::call::callargs::arg_buffer();
        // SAFETY: CPython passes a keyword-name tuple or null.
        let kwnames = (!kwnames.is_null()).then(|| unsafe { PyAny::from_ptr(kwnames) });
        // SAFETY: args/nargs/kwnames as CPython passed them, alive for the
        // call.
        let slots = unsafe { crate::call::callargs::unpack_keywords(M::parser(), args, nargs as usize, None, kwnames, &mut buf) }?;
        M::call(module, &Args::new(slots, M::parser().signature())).map(Owned::into_ptr)
    })
}

/// The `PyMethodDef` of `M`, with the calling convention of its signature.
pub const fn method_def<M: Method>() -> MethodDef<M::Receiver> {
    type Fastcall = unsafe extern "C" fn(*mut ffi::PyObject, *const *mut ffi::PyObject, ffi::Py_ssize_t) -> *mut ffi::PyObject;
    type FastcallKeywords = unsafe extern "C" fn(
        *mut ffi::PyObject,
        *const *mut ffi::PyObject,
        ffi::Py_ssize_t,
        *mut ffi::PyObject,
    ) -> *mut ffi::PyObject;
    type TupleKeywords =
        unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::PyObject, *mut ffi::PyObject) -> *mut ffi::PyObject;
    let sig = M::SIGNATURE;
    type CFunction = unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::PyObject) -> *mut ffi::PyObject;
    // The transmutes below are C's `_PyCFunction_CAST`: CPython calls
    // `ml_meth` with the signature that `ml_flags` announces.
    let (meth, flags): (ffi::PyCFunction, u32) = match sig.kind {
        CallKind::NoArgs => (Some(call_noargs::<M>), ffi::METH_NOARGS),
        CallKind::Object => (Some(call_o::<M>), ffi::METH_O),
        CallKind::Positional { .. } => (
            Some(
                // SAFETY: called as `ml_flags` announces (see above).
                unsafe { core::mem::transmute::<Fastcall, CFunction>(call_fastcall::<M> as Fastcall) }),
            ffi::METH_FASTCALL,
        ),
        CallKind::Varargs => (
            Some(
                // SAFETY: called as `ml_flags` announces (see above).
                unsafe { core::mem::transmute::<Fastcall, CFunction>(call_varargs::<M> as Fastcall) }),
            ffi::METH_FASTCALL,
        ),
        CallKind::Tuple => (Some(call_tuple::<M>), ffi::METH_VARARGS),
        CallKind::TupleKeywords => (
            Some(
                // SAFETY: called as `ml_flags` announces (see above).
                unsafe { core::mem::transmute::<TupleKeywords, CFunction>(call_tuple_keywords::<M> as TupleKeywords) }),
            ffi::METH_VARARGS | ffi::METH_KEYWORDS,
        ),
        CallKind::Keywords { .. } => (
            Some(
                // SAFETY: called as `ml_flags` announces (see above).
                unsafe { core::mem::transmute::<FastcallKeywords, CFunction>(call_fastcall_keywords::<M> as FastcallKeywords) }),
            ffi::METH_FASTCALL | ffi::METH_KEYWORDS,
        ),
        CallKind::NoArgsMethod => (
            Some(
                // SAFETY: called as `ml_flags` announces (see above).
                unsafe { core::mem::transmute::<FastcallKeywords, CFunction>(call_no_args_method::<M> as FastcallKeywords) }),
            ffi::METH_FASTCALL | ffi::METH_KEYWORDS,
        ),
    };
    // An empty docstring is none (`__doc__` is None), as a C method's NULL.
    let doc = if sig.doc.is_empty() { core::ptr::null() } else { sig.doc.as_ptr() };
    MethodDef(ffi::PyMethodDef { ml_name: sig.name.as_ptr(), ml_meth: meth, ml_flags: flags as c_int, ml_doc: doc }, PhantomData)
}

/// The `PyMethodDef` of a class method of class `T` (`METH_CLASS`: CPython
/// passes the class as `self`), for the class's method table.
pub const fn class_method_def<T: crate::class::PyClass, M: Method<Receiver = crate::class::ClassOf<T>>>(
) -> MethodDef<crate::class::Instance<T>> {
    let MethodDef(mut def, _) = method_def::<M>();
    def.ml_flags |= ffi::METH_CLASS as c_int;
    MethodDef(def, PhantomData)
}

/// The `PyMethodDef` of a function or method whose `self` is an `R`: made
/// only by [`method_def`] from a typed [`Method`], so its C function
/// matches its flags, and it can only go into a table for `R` (a module's
/// function cannot be installed on another module or a class).
pub struct MethodDef<R: ?Sized>(ffi::PyMethodDef, PhantomData<fn(&R)>);

impl<R: ?Sized> MethodDef<R> {
    /// The sentinel.
    pub const END: Self = MethodDef(
        ffi::PyMethodDef { ml_name: core::ptr::null(), ml_meth: None, ml_flags: 0, ml_doc: core::ptr::null() },
        PhantomData,
    );
}

/// A NULL-terminated `PyMethodDef` array for receivers `R`.
pub struct MethodTable<R: ?Sized, const N: usize>([MethodDef<R>; N]);

// SAFETY: the table is immutable and holds pointers to 'static strings and
// functions only.
unsafe impl<R: ?Sized, const N: usize> Sync for MethodTable<R, N> {}

impl<R: ?Sized, const N: usize> MethodTable<R, N> {
    /// The table of `defs`, the last of which must be [`MethodDef::END`].
    pub const fn new(defs: [MethodDef<R>; N]) -> Self {
        assert!(N > 0 && defs[N - 1].0.ml_name.is_null(), "a method table ends with MethodDef::END");
        MethodTable(defs)
    }

    pub(crate) const fn as_ptr(&self) -> *mut ffi::PyMethodDef {
        self.0.as_ptr().cast_mut().cast::<ffi::PyMethodDef>()
    }
}

/// Debug builds give every Rust module a `_rust_panic()` function that
/// panics, so the tests can check that a panic becomes an exception; in
/// release builds this is one more sentinel.
pub const fn debug_panic_def<S: ModuleState>() -> MethodDef<Module<S>> {
    if cfg!(debug_assertions) {
        method_def::<DebugPanic<S>>()
    } else {
        MethodDef::END
    }
}

struct DebugPanic<S>(PhantomData<S>);

static DEBUG_PANIC: Signature = Signature {
    name: c"_rust_panic",
    doc: c"_rust_panic($module, /)\n--\n\nPanic in Rust (debug builds only: tests the panic guard).",
    kind: CallKind::NoArgs,
};

impl<S: ModuleState> Method for DebugPanic<S> {
    type Receiver = Module<S>;
    const SIGNATURE: &'static Signature = &DEBUG_PANIC;
    fn parser() -> &'static ArgParser {
        unreachable!("no arguments to parse")
    }
    fn call<'a>(_: &'a Module<S>, _: &Args<'a>) -> PyResult<Owned> {
        panic!("forced by _rust_panic()")
    }
}

/// How a module supports subinterpreters (`Py_mod_multiple_interpreters`).
pub enum Interpreters {
    NotSupported,
    Supported,
    PerInterpreterGil,
}

/// Whether a module needs the GIL in free-threaded builds (`Py_mod_gil`).
pub enum Gil {
    Used,
    NotUsed,
}

/// A module's `PyModuleDef` and its slots.
pub struct ModuleDef<S> {
    def: UnsafeCell<ffi::PyModuleDef>,
    slots: [ffi::PyModuleDef_Slot; 4],
    _state: PhantomData<S>,
}

// SAFETY: CPython writes the definition only in PyModuleDef_Init (setting
// its type and index, once per process, under the import lock) and reads it
// otherwise; Rust never touches it after construction.
unsafe impl<S> Sync for ModuleDef<S> {}

impl<S: ModuleState> ModuleDef<S> {
    /// A definition; `this` must be the static being initialized (the slots
    /// live inside it).
    pub const fn new<const N: usize>(
        this: &'static ModuleDef<S>,
        name: &'static CStr,
        doc: &'static CStr,
        methods: &'static MethodTable<Module<S>, N>,
        interpreters: Interpreters,
        gil: Gil,
    ) -> Self {
        let interpreters = match interpreters {
            Interpreters::NotSupported => ffi::Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED,
            Interpreters::Supported => ffi::Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED,
            Interpreters::PerInterpreterGil => ffi::Py_MOD_PER_INTERPRETER_GIL_SUPPORTED,
        };
        let gil = match gil {
            Gil::Used => ffi::Py_MOD_GIL_USED,
            Gil::NotUsed => ffi::Py_MOD_GIL_NOT_USED,
        };
        type Exec = unsafe extern "C" fn(*mut ffi::PyObject) -> c_int;
        let slots = [
            ffi::PyModuleDef_Slot { slot: ffi::Py_mod_exec as c_int, value: exec::<S> as Exec as *mut c_void },
            ffi::PyModuleDef_Slot { slot: ffi::Py_mod_multiple_interpreters as c_int, value: interpreters },
            ffi::PyModuleDef_Slot { slot: ffi::Py_mod_gil as c_int, value: gil },
            ffi::PyModuleDef_Slot { slot: 0, value: core::ptr::null_mut() },
        ];
        let def = ffi::PyModuleDef {
            m_base: ffi::PyModuleDef_Base {
                ob_base: ffi::PyObject_HEAD_INIT(),
                m_init: None,
                m_index: 0,
                m_copy: core::ptr::null_mut(),
            },
            m_name: name.as_ptr(),
            // An empty docstring is none (`__doc__` is None), as a NULL m_doc.
            m_doc: if doc.is_empty() { core::ptr::null() } else { doc.as_ptr() },
            m_size: core::mem::size_of::<StateSlot<S>>() as ffi::Py_ssize_t,
            m_methods: methods.as_ptr(),
            m_slots: this.slots.as_ptr().cast_mut().cast::<ffi::PyModuleDef_Slot>(),
            m_traverse: Some(traverse::<S>),
            m_clear: Some(clear::<S>),
            m_free: Some(free::<S>),
        };
        ModuleDef { def: UnsafeCell::new(def), slots, _state: PhantomData }
    }

    /// The C definition, for lookups such as `PyType_GetModuleByDef`.
    pub(crate) fn as_ptr(&self) -> *mut ffi::PyModuleDef {
        self.def.get()
    }

    /// The module's `PyInit_*` result: `PyModuleDef_Init(&def)`.
    pub fn init(&'static self) -> *mut ffi::PyObject {
        install_panic_hook();
        // SAFETY: a static, completely initialized definition.
        unsafe { ffi::PyModuleDef_Init(self.def.get()) }
    }
}

unsafe extern "C" fn exec<S: ModuleState>(module: *mut ffi::PyObject) -> c_int {
    ffi_guard(|_| {
        // SAFETY: CPython passes the live module being executed.
        let module = unsafe { Module::<S>::from_ptr(module) };
        let state = S::init(module)?;
        let slot = module.slot();
        const { assert!(core::mem::align_of::<StateSlot<S>>() <= crate::alloc::MALLOC_ALIGN, "module state over-aligned") };
        // SAFETY: exec runs once per module object, on the zero-filled slot
        // of m_size bytes, which PyMem_Malloc aligns for StateSlot<S>
        // (asserted just above); nothing else refers to it yet.
        let slot = unsafe { &mut *slot };
        debug_assert!(!slot.initialized);
        slot.value.write(state);
        slot.initialized = true;
        Ok(0)
    })
}

unsafe extern "C" fn traverse<S: ModuleState>(
    module: *mut ffi::PyObject,
    visit: ffi::visitproc,
    arg: *mut c_void,
) -> c_int {
    ffi_guard_gc(|| {
        // SAFETY: CPython passes a live module of this definition.
        let module = unsafe { Module::<S>::from_ptr(module) };
        // Not executed yet (or cleared): nothing to visit.
        let (Some(visit), Some(state)) = (visit, module.initialized_state()) else { return 0 };
        let mut visitor = Visitor::new(visit, arg);
        Traverse::traverse(state, &mut visitor).err().map_or(0, |stop| stop.code())
    })
}

unsafe extern "C" fn clear<S: ModuleState>(module: *mut ffi::PyObject) -> c_int {
    ffi_guard_unraisable(|_| {
        // SAFETY: CPython passes a live module of this definition.
        drop(unsafe { Module::<S>::from_ptr(module) }.take_state());
    });
    0
}

unsafe extern "C" fn free<S: ModuleState>(module: *mut c_void) {
    ffi_guard_unraisable(|_| {
        // SAFETY: CPython passes the module being deallocated, still valid.
        drop(unsafe { Module::<S>::from_ptr(module as *mut ffi::PyObject) }.take_state());
    });
}

/// Defines a module: its `PyModuleDef` static, named `$def`, and
/// `pub fn py_init()`, the body of the module's `PyInit_*` function (which
/// the static library defines, see `rust-modules/lib.rs`).
///
/// As in the crate-level example:
/// `module! { static MODULE: State = module c"binascii" from clinic {
/// doc: clinic::m_doc, interpreters: PerInterpreterGil, gil: NotUsed, functions: [a2b_uu, b2a_uu] } }`.
/// Each function name refers to both `clinic::<name>` (its [`Signature`])
/// and `fn <name>(module: &Module<State>, args: &Args) -> PyResult<T>`, where
/// `T` is `Owned` or a plain value ([`IntoObject`](crate::call::IntoObject)).
#[macro_export]
macro_rules! module {
    (
        static $def:ident: $state:ty = module $name:literal from $clinic:ident {
            doc: $doc:expr,
            interpreters: $interpreters:ident,
            gil: $gil:ident,
            functions: [$($function:ident),* $(,)?] $(,)?
        }
    ) => {
        /// `PyInit_*`: the module's definition, for multi-phase init.
        pub fn py_init() -> *mut $crate::ffi::PyObject {
            $def.init()
        }

        static $def: $crate::module::ModuleDef<$state> = {
            $($crate::__method!($function: $crate::module::Module<$state> = $clinic::$function => $function);)*
            static METHODS: $crate::module::MethodTable<
                $crate::module::Module<$state>,
                { 2 $(+ $crate::module::one(stringify!($function)))* },
            > = $crate::module::MethodTable::new([
                $($crate::module::method_def::<$function>(),)*
                $crate::module::debug_panic_def::<$state>(),
                $crate::module::MethodDef::END,
            ]);
            $crate::module::ModuleDef::new(
                &$def,
                $name,
                $doc,
                &METHODS,
                $crate::module::Interpreters::$interpreters,
                $crate::module::Gil::$gil,
            )
        };
    };
}

/// The [`Method`] `$name` of `module!` and `class!`: receiver type, clinic
/// signature and Rust function, with the function's static parser.
#[doc(hidden)]
#[macro_export]
macro_rules! __method {
    // The function, or else the method's own name.
    ($name:ident: $receiver:ty = $signature:path => $function:path $(, $method:ident)?) => {
        #[allow(non_camel_case_types)]
        struct $name {}
        impl $crate::module::Method for $name {
            type Receiver = $receiver;
            const SIGNATURE: &'static $crate::clinic::Signature = &$signature;
            fn parser() -> &'static $crate::clinic::ArgParser {
                static PARSER: $crate::clinic::ArgParser = $crate::clinic::ArgParser::new(&$signature);
                &PARSER
            }
            #[inline(always)]
            fn call<'a>(
                receiver: &'a $receiver,
                args: &$crate::call::Args<'a>,
            ) -> $crate::boundary::PyResult<$crate::object::Owned> {
                let result = $function(receiver, args)?;
                $crate::call::IntoObject::into_object(result, args.py())
            }
        }
    };
}

/// Counts macro repetitions.
#[doc(hidden)]
pub const fn one(_: &str) -> usize {
    1
}
