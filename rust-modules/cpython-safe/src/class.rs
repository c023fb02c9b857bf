//! Classes implemented in Rust: heap types created per module (so one per
//! interpreter, as `PyType_FromModuleAndSpec` makes them in C), whose
//! instances carry a Rust value.
//!
//! A module crate implements [`PyClass`] for the instance value and lists
//! the methods with [`crate::class!`]; its module state creates the type
//! with [`ClassDef::create`] and keeps it.  Methods receive the instance as
//! `&Instance<T>`: shared access to the value, so mutable parts use `Cell`
//! or `RefCell` (a method called back re-entrantly then fails cleanly
//! instead of aliasing).  Classes rely on the GIL: configure refuses
//! free-threaded builds with Rust modules.

use core::cell::UnsafeCell;
use core::ffi::{c_int, c_void, CStr};
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::ops::Deref;

use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::guard::{ffi_guard, ffi_guard_unraisable};
use crate::module::{MethodTable, Module, ModuleDef, ModuleState, Receiver};
use crate::object::{Owned, PyAny, PyTuple, PyType};

/// The Rust value of instances of a class.
pub trait PyClass: Sized + 'static {
    /// The state of the module that defines the class.
    type State: ModuleState;

    /// The defining module's definition (to find its state from a
    /// subclass instance, as `PyType_GetModuleByDef` does).
    fn module_def() -> &'static ModuleDef<Self::State>;

    /// `tp_new`: the value of a new instance of `cls` (the class or a
    /// subclass), from the call's arguments.
    fn new(cls: &PyType, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<Self>;

    /// Whether the class has its own `__init__` ([`PyClass::init`]).
    const HAS_INIT: bool = false;

    /// `tp_init`.
    fn init(_this: &Instance<Self>, _args: &PyTuple, _kwargs: Option<&PyAny>) -> PyResult<()> {
        Ok(())
    }
}

/// The C layout of an instance: the object header, then the Rust value,
/// marked initialized by `tp_new` (memory from `tp_alloc` is zero-filled,
/// so an instance allocated some other way reads as uninitialized).
#[repr(C)]
struct Layout<T> {
    head: ffi::PyObject,
    initialized: bool,
    value: MaybeUninit<T>,
}

/// An instance of the class of `T` (or of a subclass), borrowed.
#[repr(transparent)]
pub struct Instance<T> {
    object: PyAny,
    _value: PhantomData<T>,
}

impl<T> Deref for Instance<T> {
    type Target = PyAny;
    #[inline(always)]
    fn deref(&self) -> &PyAny {
        &self.object
    }
}

impl<T: PyClass> Receiver for Instance<T> {
    #[inline(always)]
    unsafe fn from_ptr<'a>(ptr: *mut ffi::PyObject) -> &'a Self {
        // SAFETY: repr(transparent) over PyAny; CPython's method
        // descriptors only call a method of the class with an instance of
        // it (or of a subclass, which has this layout as its prefix).
        unsafe { &*(ptr as *const Self) }
    }
}

impl<T: PyClass> Instance<T> {
    #[inline(always)]
    fn layout(&self) -> *mut Layout<T> {
        self.as_ptr() as *mut Layout<T>
    }

    /// The instance's value.
    #[inline(always)]
    pub fn value(&self) -> &T {
        let layout = self.layout();
        // SAFETY: an instance of the class has this layout; `initialized`
        // says whether `value` was written by tp_new.  The value is only
        // dropped by tp_dealloc, when no borrow of the instance remains.
        unsafe {
            assert!((*layout).initialized, "instance was not created by the class's __new__");
            (*layout).value.assume_init_ref()
        }
    }

    /// The state of the module that defined the class.
    pub fn module_state(&self) -> PyResult<&T::State> {
        // SAFETY: a live object's type and the static definition; the
        // result is borrowed from the type, which outlives this borrow of
        // its instance.
        let module = unsafe { ffi::PyType_GetModuleByDef(ffi::Py_TYPE(self.as_ptr()), T::module_def().as_ptr()) };
        if module.is_null() {
            return Err(PyErr::fetched());
        }
        // SAFETY: a module created from that definition, alive (see above).
        unsafe { Module::<T::State>::from_ptr(module) }.state()
    }

    /// Whether the instance's type has the `__init__` of `class` (it is
    /// that class, or a subclass that does not override `__init__`).
    pub fn inherits_init_of(&self, class: &PyType) -> bool {
        // SAFETY: reading a slot of two live types.
        let (own, theirs) =
            unsafe { ((*ffi::Py_TYPE(self.as_ptr())).tp_init, (*(class.as_ptr() as *mut ffi::PyTypeObject)).tp_init) };
        // The stored slot values are compared, not fresh function addresses.
        match (own, theirs) {
            (Some(own), Some(theirs)) => core::ptr::fn_addr_eq(own, theirs),
            (own, theirs) => own.is_none() && theirs.is_none(),
        }
    }
}

type InitProc = unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::PyObject, *mut ffi::PyObject) -> c_int;
type NewFunc = unsafe extern "C" fn(*mut ffi::PyTypeObject, *mut ffi::PyObject, *mut ffi::PyObject) -> *mut ffi::PyObject;
type Destructor = unsafe extern "C" fn(*mut ffi::PyObject);

/// Views the optional keyword dictionary of a tp_new/tp_init call.
///
/// # Safety
/// `kwargs` must be null or a live object for `'a`.
unsafe fn kwargs_ref<'a>(kwargs: *mut ffi::PyObject) -> Option<&'a PyAny> {
    // SAFETY: forwarded from the caller.
    (!kwargs.is_null()).then(|| unsafe { PyAny::from_ptr(kwargs) })
}

unsafe extern "C" fn tp_new<T: PyClass>(
    cls: *mut ffi::PyTypeObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    ffi_guard(|| {
        // SAFETY: CPython passes the live class, an argument tuple and an
        // optional keyword dict, alive for the call.
        let (class, args, kwargs) = unsafe {
            let class = PyAny::from_ptr(cls as *mut ffi::PyObject);
            (&*(class as *const PyAny as *const PyType), PyTuple::from_ptr(args), kwargs_ref(kwargs))
        };
        let value = T::new(class, args, kwargs)?;
        // SAFETY: the class (a subclass of T's class, so at least as large
        // as Layout<T>) allocates a zero-filled instance, ours to fill.
        unsafe {
            let alloc = (*cls).tp_alloc.unwrap_or(ffi::PyType_GenericAlloc);
            let obj = alloc(cls, 0);
            if obj.is_null() {
                return Err(PyErr::fetched());
            }
            let layout = obj as *mut Layout<T>;
            (*layout).value.write(value);
            (*layout).initialized = true;
            Ok(obj)
        }
    })
}

unsafe extern "C" fn tp_init<T: PyClass>(
    obj: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> c_int {
    ffi_guard(|| {
        // SAFETY: CPython passes an instance of the class (tp_init is only
        // reached through its type), the argument tuple and optional dict.
        let (this, args, kwargs) = unsafe { (Instance::<T>::from_ptr(obj), PyTuple::from_ptr(args), kwargs_ref(kwargs)) };
        T::init(this, args, kwargs).map(|()| 0)
    })
}

unsafe extern "C" fn tp_dealloc<T: PyClass>(obj: *mut ffi::PyObject) {
    // SAFETY: CPython passes an unreachable instance of the class (or of a
    // subclass, whose own dealloc has already cleared its additions).
    let class = unsafe { ffi::Py_TYPE(obj) };
    ffi_guard_unraisable(|| {
        let layout = obj as *mut Layout<T>;
        // SAFETY: drop the value once, if tp_new wrote it.
        unsafe {
            if (*layout).initialized {
                (*layout).initialized = false;
                (*layout).value.assume_init_drop();
            }
        }
    });
    // SAFETY: free the memory as the class allocated it, then drop the
    // instance's reference to its heap type (as every heap type must).
    unsafe {
        let free = (*class).tp_free.unwrap_or(ffi::PyObject_Free);
        free(obj as *mut c_void);
        ffi::Py_DECREF(class as *mut ffi::PyObject);
    }
}

/// A class's `PyType_Spec` and slots, a static made by [`crate::class!`].
pub struct ClassDef<T> {
    spec: UnsafeCell<ffi::PyType_Spec>,
    slots: [ffi::PyType_Slot; 6],
    _value: PhantomData<T>,
}

// SAFETY: CPython only reads the spec (PyType_FromModuleAndSpec copies what
// it keeps); Rust never touches it after construction.
unsafe impl<T> Sync for ClassDef<T> {}

impl<T: PyClass> ClassDef<T> {
    /// A definition; `this` must be the static being initialized (the
    /// slots live inside it).  `name` is the qualified "module.Class".
    pub const fn new<const N: usize>(
        this: &'static ClassDef<T>,
        name: &'static CStr,
        doc: &'static CStr,
        methods: &'static MethodTable<N>,
        subclassable: bool,
    ) -> Self {
        const fn slot(slot: u32, pfunc: *mut c_void) -> ffi::PyType_Slot {
            ffi::PyType_Slot { slot: slot as c_int, pfunc }
        }
        let end = slot(0, core::ptr::null_mut());
        let init = if T::HAS_INIT { slot(ffi::Py_tp_init, tp_init::<T> as InitProc as *mut c_void) } else { end };
        let slots = [
            slot(ffi::Py_tp_doc, doc.as_ptr() as *mut c_void),
            slot(ffi::Py_tp_methods, methods.0.as_ptr() as *mut c_void),
            slot(ffi::Py_tp_new, tp_new::<T> as NewFunc as *mut c_void),
            slot(ffi::Py_tp_dealloc, tp_dealloc::<T> as Destructor as *mut c_void),
            init,
            end,
        ];
        let flags = ffi::Py_TPFLAGS_DEFAULT | if subclassable { ffi::Py_TPFLAGS_BASETYPE } else { 0 };
        let spec = ffi::PyType_Spec {
            name: name.as_ptr(),
            basicsize: core::mem::size_of::<Layout<T>>() as c_int,
            itemsize: 0,
            flags: flags as _,
            slots: this.slots.as_ptr() as *mut ffi::PyType_Slot,
        };
        ClassDef { spec: UnsafeCell::new(spec), slots, _value: PhantomData }
    }

    /// Creates the class for `module` (`PyType_FromModuleAndSpec`).
    pub fn create(&'static self, module: &Module<T::State>) -> PyResult<Owned<PyType>> {
        // SAFETY: a live module and a static, complete spec; the result is
        // a new reference to a type or null with an exception set.
        unsafe {
            Owned::from_result(ffi::PyType_FromModuleAndSpec(module.as_ptr(), self.spec.get(), core::ptr::null_mut()))
        }
    }
}

/// Defines a class: its [`ClassDef`] static and its method table.
///
/// ```ignore
/// cpython_safe::class! {
///     static RANDOM: Random = class c"_random.Random" from clinic {
///         doc: clinic::random_doc,
///         subclassable: true,
///         methods: [random = Random_random, seed = Random_seed],
///     }
/// }
/// ```
/// Each method pairs the Rust function
/// `fn random(this: &Instance<Random>, args: &Args) -> PyResult<Owned>`
/// with its clinic [`Signature`](crate::clinic::Signature).
#[macro_export]
macro_rules! class {
    (
        static $def:ident: $value:ty = class $name:literal from $clinic:ident {
            doc: $doc:expr,
            subclassable: $subclassable:expr,
            methods: [$($method:ident = $signature:ident),* $(,)?] $(,)?
        }
    ) => {
        static $def: $crate::class::ClassDef<$value> = {
            $(
                #[allow(non_camel_case_types)]
                struct $signature {}
                impl $crate::module::Method for $signature {
                    type Receiver = $crate::class::Instance<$value>;
                    const SIGNATURE: &'static $crate::clinic::Signature = &$clinic::$signature;
                    fn parser() -> &'static $crate::clinic::ArgParser {
                        static PARSER: $crate::clinic::ArgParser =
                            $crate::clinic::ArgParser::new(&$clinic::$signature);
                        &PARSER
                    }
                    #[inline(always)]
                    fn call<'a>(
                        this: &'a $crate::class::Instance<$value>,
                        args: &$crate::Args<'a>,
                    ) -> $crate::PyResult<$crate::Owned> {
                        $method(this, args)
                    }
                }
            )*
            static METHODS: $crate::module::MethodTable<{ 1 $(+ $crate::module::one(stringify!($method)))* }> =
                $crate::module::MethodTable([
                    $($crate::module::method_def::<$signature>(),)*
                    $crate::module::MethodTable::<0>::END,
                ]);
            $crate::class::ClassDef::new(&$def, $name, $doc, &METHODS, $subclassable)
        };
    };
}

/// `_PyArg_NoKeywords`: "`name`() takes no keyword arguments" unless
/// `kwargs` (of a tp_new/tp_init call) is absent or empty.
pub fn no_keywords(name: &CStr, kwargs: Option<&PyAny>) -> PyResult<()> {
    let Some(kwargs) = kwargs else { return Ok(()) };
    // SAFETY: a NUL-terminated name and a live dict; returns 0 with a
    // TypeError set when the dict is not empty.
    if unsafe { ffi::_PyArg_NoKeywords(name.as_ptr(), kwargs.as_ptr()) } == 0 {
        return Err(PyErr::fetched());
    }
    Ok(())
}
