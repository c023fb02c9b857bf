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

pub mod getitem;
mod members;
pub mod new;
pub mod seq;
pub mod slots;
pub mod structseq;

use core::cell::UnsafeCell;
use core::ffi::{c_int, c_void, CStr};
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::ops::Deref;

use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::boundary::guard::{ffi_guard, ffi_guard_gc, ffi_guard_unraisable};
use crate::gc::{Traverse, Visitor};
use crate::module::{MethodTable, Module, ModuleDef, ModuleState, Receiver};
use crate::object::{Owned, PyAny, PyTuple, PyType};

/// The Rust value of instances of a class.
pub trait PyClass: Traverse + Sized + 'static {
    /// The state of the module that defines the class.
    type State: ModuleState;

    /// The defining module's definition (to find its state from a
    /// subclass instance, as `PyType_GetModuleByDef` does).
    fn module_def() -> &'static ModuleDef<Self::State>;

    /// `tp_new`: the value of a new instance of `cls` (the class or a
    /// subclass), from the call's arguments.  Classes that Python code
    /// cannot instantiate (`TypeFlags::DISALLOW_INSTANTIATION`, or a
    /// [`new::NewObject`] slot instead) keep the default, CPython's error.
    fn new(cls: &PyType, _args: &PyTuple, _kwargs: Option<&PyAny>) -> PyResult<Self> {
        Err(cannot_create(cls))
    }

    /// Whether the class has its own `__init__` ([`PyClass::init`]).
    const HAS_INIT: bool = false;

    /// `tp_init`.
    fn init(_this: &Instance<Self>, _args: &PyTuple, _kwargs: Option<&PyAny>) -> PyResult<()> {
        Ok(())
    }

    /// Whether instances are callable ([`PyClass::call`]).
    const HAS_CALL: bool = false;

    /// `tp_call`: `instance(*args, **kwargs)`.
    fn call(_this: &Instance<Self>, _args: &PyTuple, _kwargs: Option<&PyAny>) -> PyResult<Owned> {
        unreachable!("tp_call is only installed when HAS_CALL is set")
    }

    /// Whether the value holds Python objects that may be part of a
    /// reference cycle: the class then has `Py_TPFLAGS_HAVE_GC`, the
    /// garbage collector sees them through its [`Traverse`], and its
    /// `tp_clear` breaks a cycle by dropping the value (the instance is
    /// unusable afterwards, as a cleared C object with NULL fields is).
    const HAS_GC: bool = false;

    /// With `HAS_GC`: whether `tp_clear` drops the value.  A class whose
    /// value holds no Python object (tracked only because its subclasses'
    /// instances can be part of cycles, as C's `array`) says no: it then has
    /// no `tp_clear`, as its C counterpart, and stays usable until freed.
    const CLEARED_BY_GC: bool = true;

    /// Whether `tp_traverse` visits the instance's heap type after the
    /// value's objects instead of before: C modules differ, and
    /// `gc.get_referents` shows the order.
    const TYPE_VISITED_LAST: bool = false;

    /// Further slots of the class, in groups as the layer makes them
    /// (`&[&slots::iterator::<Self>(), &[slots::repr::<Self>()]]`:
    /// see [`slots`], [`seq`]), and type flags.
    const EXTRA_SLOTS: &'static [&'static [Slot<Self>]] = &[];
    const EXTRA_FLAGS: TypeFlags = TypeFlags::NONE;

    /// The instance size Python code sees (`__basicsize__`,
    /// `sys.getsizeof`) when it must be C's: at least the Rust layout's
    /// size (checked at compile time); `None` for the Rust layout's own.
    const BASIC_SIZE: Option<usize> = None;
}

/// A type slot of class `T`, made by the layer from a typed declaration (a
/// trait `T` implements): module crates cannot write a slot's raw function
/// pointer, so every slot CPython calls is a guarded trampoline of the
/// right signature, and it treats the instances as `T`s (a slot made for
/// one class does not go into another's [`PyClass::EXTRA_SLOTS`]).
pub struct Slot<T>(ffi::PyType_Slot, PhantomData<fn(&T)>);

impl<T> Clone for Slot<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Slot<T> {}

impl<T> Slot<T> {
    /// A slot of the layer's own making.
    pub(crate) const fn new(slot: u32, pfunc: *mut c_void) -> Slot<T> {
        Slot(ffi::PyType_Slot { slot: slot as c_int, pfunc }, PhantomData)
    }
}

/// The `Py_TPFLAGS_*` flags a class may add to the ones the layer sets: only
/// those whose needs the layer meets (`Py_TPFLAGS_HAVE_GC` comes from
/// [`PyClass::HAS_GC`], with its traverse slot; `BASETYPE` from `class!`).
#[derive(Clone, Copy)]
pub struct TypeFlags(u64);

impl TypeFlags {
    pub const NONE: TypeFlags = TypeFlags(0);
    /// The class's attributes cannot be set (C's static types, `Py_TPFLAGS_IMMUTABLETYPE`).
    pub const IMMUTABLE: TypeFlags = TypeFlags(ffi::Py_TPFLAGS_IMMUTABLETYPE as u64);
    /// Python code cannot call the class (`Py_TPFLAGS_DISALLOW_INSTANTIATION`).
    pub const DISALLOW_INSTANTIATION: TypeFlags = TypeFlags(ffi::Py_TPFLAGS_DISALLOW_INSTANTIATION as u64);
    /// Instances match sequence patterns in `match` (`Py_TPFLAGS_SEQUENCE`).
    pub const SEQUENCE: TypeFlags = TypeFlags(ffi::Py_TPFLAGS_SEQUENCE as u64);

    /// Both sets of flags.
    pub const fn union(self, other: TypeFlags) -> TypeFlags {
        TypeFlags(self.0 | other.0)
    }
}

/// The C layout of an instance: the object header, then the Rust value,
/// marked initialized by `tp_new` (memory from `tp_alloc` is zero-filled,
/// so an instance allocated some other way reads as uninitialized).  The
/// value comes right after the header, as a C object's fields do: C code
/// that reads a known prefix of the C module's struct (a `#[repr(C)]`
/// value can mirror it) finds it at the same offsets.
#[repr(C)]
struct Layout<T> {
    head: ffi::PyObject,
    value: MaybeUninit<T>,
    initialized: bool,
}

/// The size of an instance's Rust layout: the header, the value and its flag.
pub(crate) const fn layout_size<T>() -> usize {
    core::mem::size_of::<Layout<T>>()
}

/// `tp_basicsize` of the class of `T`.
const fn basic_size<T: PyClass>() -> usize {
    let natural = layout_size::<T>();
    match T::BASIC_SIZE {
        Some(size) => {
            assert!(size >= natural, "PyClass::BASIC_SIZE is smaller than the instance's Rust layout");
            assert!(size <= i32::MAX as usize, "PyClass::BASIC_SIZE does not fit tp_basicsize");
            size
        }
        None => natural,
    }
}

/// Where the value of `T` starts in an instance.
pub(crate) const fn value_offset<T>() -> usize {
    core::mem::offset_of!(Layout<T>, value)
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
        // SAFETY: an instance of the class has this layout.
        let initialized = unsafe { (*layout).initialized };
        assert!(initialized, "instance was not created by the class's __new__ (or was cleared by the garbage collector)");
        // SAFETY: as above; a reference to the value's field only.
        let value = unsafe { &(*layout).value };
        // SAFETY: `initialized` says that tp_new wrote the value.  It is only
        // dropped by tp_dealloc, when no borrow of the instance remains.
        unsafe { value.assume_init_ref() }
    }

    /// The state of the module that defined the class.
    pub fn module_state(&self) -> PyResult<&T::State> {
        // SAFETY: a live object's type and the static definition; the
        // result is borrowed from the type, which outlives this borrow of
        // its instance.
        let module = unsafe { ffi::PyType_GetModuleByDef(self.object.type_ptr(), T::module_def().as_ptr()) };
        if module.is_null() {
            return Err(PyErr::fetched());
        }
        // SAFETY: a module created from that definition, alive (see above).
        unsafe { Module::<T::State>::from_ptr(module) }.state()
    }

    /// The state of the module that defined `class` (the class of `T` or a
    /// subclass), as `tp_new` finds it before there is an instance.
    pub fn class_state(class: &PyType) -> PyResult<&T::State> {
        // SAFETY: a live type and the static definition; the module is
        // kept alive by the type, which outlives this borrow.
        let module = unsafe { ffi::PyType_GetModuleByDef(class.as_type_ptr(), T::module_def().as_ptr()) };
        if module.is_null() {
            return Err(PyErr::fetched());
        }
        // SAFETY: a module created from that definition, alive (see above).
        unsafe { Module::<T::State>::from_ptr(module) }.state()
    }

    /// Whether the instance's type has the `__init__` of `class` (it is
    /// that class, or a subclass that does not override `__init__`).
    pub fn inherits_init_of(&self, class: &PyType) -> bool {
        // SAFETY: reading a slot of a live type.
        let own = unsafe { (*self.object.type_ptr()).tp_init };
        // SAFETY: as above.
        let theirs = unsafe { (*class.as_type_ptr()).tp_init };
        // The stored slot values are compared, not fresh function addresses.
        match (own, theirs) {
            (Some(own), Some(theirs)) => core::ptr::fn_addr_eq(own, theirs),
            (own, theirs) => own.is_none() && theirs.is_none(),
        }
    }
}

/// The class of `T`, or a subclass, as a class method receives it
/// (`METH_CLASS`, listed under `class_methods` in [`crate::class!`]).
#[repr(transparent)]
pub struct ClassOf<T> {
    class: PyType,
    _value: PhantomData<T>,
}

impl<T> Deref for ClassOf<T> {
    type Target = PyType;
    #[inline(always)]
    fn deref(&self) -> &PyType {
        &self.class
    }
}

impl<T: PyClass> Receiver for ClassOf<T> {
    #[inline(always)]
    unsafe fn from_ptr<'a>(ptr: *mut ffi::PyObject) -> &'a Self {
        // SAFETY: repr(transparent) over PyType, itself over the object;
        // CPython's class method descriptors pass the class they were
        // found on, which is T's class or a subclass (they check).
        unsafe { &*(ptr as *const Self) }
    }
}

impl<T: PyClass> ClassOf<T> {
    /// The state of the module that defined the class.
    pub fn module_state(&self) -> PyResult<&T::State> {
        Instance::<T>::class_state(&self.class)
    }
}

/// A strong reference to an instance of the class of `T`: keeps the
/// downcast done once (an iterator holding its container, say).
pub struct OwnedInstance<T> {
    object: Owned,
    _value: PhantomData<T>,
}

impl<T: PyClass> Instance<T> {
    /// A new strong reference to this instance.
    #[inline]
    pub fn to_owned_instance(&self) -> OwnedInstance<T> {
        OwnedInstance { object: self.object.to_owned(), _value: PhantomData }
    }
}

impl<T: PyClass> Deref for OwnedInstance<T> {
    type Target = Instance<T>;
    #[inline(always)]
    fn deref(&self) -> &Instance<T> {
        // SAFETY: made from an `Instance<T>` (see to_owned_instance); the
        // reference keeps the object alive while `self` is borrowed.
        unsafe { Instance::<T>::from_ptr(self.object.as_ptr()) }
    }
}

impl<T> OwnedInstance<T> {
    /// The reference, untyped.
    pub fn into_any(self) -> Owned {
        self.object
    }
}

type InitProc = unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::PyObject, *mut ffi::PyObject) -> c_int;
type NewFunc = unsafe extern "C" fn(*mut ffi::PyTypeObject, *mut ffi::PyObject, *mut ffi::PyObject) -> *mut ffi::PyObject;
type Destructor = unsafe extern "C" fn(*mut ffi::PyObject);
type TernaryFunc = unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::PyObject, *mut ffi::PyObject) -> *mut ffi::PyObject;
type TraverseProc = unsafe extern "C" fn(*mut ffi::PyObject, ffi::visitproc, *mut c_void) -> c_int;
type Inquiry = unsafe extern "C" fn(*mut ffi::PyObject) -> c_int;

/// CPython's error for calling a class that has no `tp_new` of its own.
#[cold]
pub fn cannot_create(cls: &PyType) -> PyErr {
    let name = String::from_utf8_lossy(cls.name().to_bytes()).into_owned();
    crate::exc::type_error(cls.py(), &format!("cannot create '{name}' instances"))
}

/// Views the optional keyword dictionary of a tp_new/tp_init call.
///
/// # Safety
/// `kwargs` must be null or a live object for `'a`.
unsafe fn kwargs_ref<'a>(kwargs: *mut ffi::PyObject) -> Option<&'a PyAny> {
    // SAFETY: forwarded from the caller.
    (!kwargs.is_null()).then(|| unsafe { PyAny::from_ptr(kwargs) })
}

/// Views the arguments of a `tp_new` call: the class, the argument tuple
/// and the optional keyword dict.
///
/// # Safety
/// They must be what CPython passes to `tp_new`, alive for `'a`.
pub(crate) unsafe fn new_args<'a>(
    cls: *mut ffi::PyTypeObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> (&'a PyType, &'a PyTuple, Option<&'a PyAny>) {
    // SAFETY: forwarded from the caller.
    let class = unsafe { PyAny::from_ptr(cls as *mut ffi::PyObject) };
    // SAFETY: PyType is a repr(transparent) view of a type object.
    let class = unsafe { &*(class as *const PyAny as *const PyType) };
    // SAFETY: forwarded from the caller.
    let args = unsafe { PyTuple::from_ptr(args) };
    // SAFETY: forwarded from the caller.
    (class, args, unsafe { kwargs_ref(kwargs) })
}

unsafe extern "C" fn tp_new<T: PyClass>(
    cls: *mut ffi::PyTypeObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    ffi_guard(|_| {
        // SAFETY: CPython passes the live class, an argument tuple and an
        // optional keyword dict, alive for the call.
        let (class, args, kwargs) = unsafe { new_args(cls, args, kwargs) };
        let value = T::new(class, args, kwargs)?;
        // SAFETY: CPython calls tp_new with T's class or a subclass.
        unsafe { alloc_instance(cls, value) }
    })
}

/// A new instance of `cls` holding `value`.
///
/// # Safety
/// `cls` must be the class of `T` or a subclass.
unsafe fn alloc_instance<T: PyClass>(cls: *mut ffi::PyTypeObject, value: T) -> PyResult<*mut ffi::PyObject> {
    const { assert!(core::mem::align_of::<Layout<T>>() <= crate::alloc::MALLOC_ALIGN, "instance value over-aligned") };
    // SAFETY: a live class (the caller's).
    let alloc = unsafe { (*cls).tp_alloc }.unwrap_or(ffi::PyType_GenericAlloc);
    // SAFETY: the class (at least as large as Layout<T>) allocates a
    // zero-filled instance.
    let obj = unsafe { alloc(cls, 0) };
    if obj.is_null() {
        return Err(PyErr::fetched());
    }
    // SAFETY: the new instance has the class's layout and is ours alone to
    // fill.
    let layout = unsafe { &mut *(obj as *mut Layout<T>) };
    layout.value.write(value);
    layout.initialized = true;
    Ok(obj)
}

unsafe extern "C" fn tp_init<T: PyClass>(
    obj: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> c_int {
    ffi_guard(|_| {
        // SAFETY: CPython passes an instance of the class (tp_init is only
        // reached through its type)...
        let this = unsafe { Instance::<T>::from_ptr(obj) };
        // SAFETY: ...the argument tuple...
        let args = unsafe { PyTuple::from_ptr(args) };
        // SAFETY: ...and an optional keyword dict, alive for the call.
        let kwargs = unsafe { kwargs_ref(kwargs) };
        T::init(this, args, kwargs).map(|()| 0)
    })
}

/// Drops the value of an instance once, if tp_new wrote it.
///
/// # Safety
/// `obj` must be a live instance of the class of `T` (or a subclass) that
/// no Rust borrow refers to.
unsafe fn drop_value<T: PyClass>(obj: *mut ffi::PyObject) {
    let layout = obj as *mut Layout<T>;
    // The flag is cleared before the value is dropped, so code run by the
    // drop sees an empty instance.  The weak reference list (a field of the
    // value, if the class has one) belongs to CPython, not to the value: it
    // survives tp_clear, as a C object's `weakreflist` does, so that dealloc
    // still clears the weak references (zeroing it would leave them pointing
    // at freed memory).
    // SAFETY: a live instance of the class (the caller's), so of this layout.
    if !unsafe { (*layout).initialized } {
        return;
    }
    // SAFETY: as above.
    unsafe { (*layout).initialized = false };
    // SAFETY: a live object (the caller's).
    let class = unsafe { ffi::Py_TYPE(obj) };
    // SAFETY: a live object's live type.
    let weaklist_offset = unsafe { (*class).tp_weaklistoffset } as usize;
    // SAFETY: the type's weak list offset lies inside its instances.
    let weaklist = (weaklist_offset != 0).then(|| unsafe { obj.cast::<u8>().add(weaklist_offset) }.cast::<*mut ffi::PyObject>());
    // SAFETY: the instance's weak list field, initialized (to null or a list).
    let weakrefs = weaklist.map(|field| unsafe { field.read() });
    // SAFETY: as above; a reference to the value's field only, which no Rust
    // borrow refers to (the caller's).
    let value = unsafe { &mut (*layout).value };
    // SAFETY: `initialized` said that tp_new wrote the value; dropped once.
    unsafe { value.assume_init_drop() };
    // Members read the cleared fields as NULL (None) and false.
    // SAFETY: as above; the instance outlives its value's drop.
    unsafe { (*layout).value = MaybeUninit::zeroed() };
    if let (Some(field), Some(weakrefs)) = (weaklist, weakrefs) {
        // SAFETY: the instance's weak list field, as read above.
        unsafe { field.write(weakrefs) };
    }
}

unsafe extern "C" fn tp_dealloc<T: PyClass>(obj: *mut ffi::PyObject) {
    // SAFETY: CPython passes an unreachable instance of the class (or of a
    // subclass, whose own dealloc has already cleared its additions).
    let class = unsafe { ffi::Py_TYPE(obj) };
    if T::HAS_GC {
        // SAFETY: a tracked GC object; untracked before the value's drop
        // can run Python code (bpo-31095).
        unsafe { ffi::PyObject_GC_UnTrack(obj as *mut c_void) };
    }
    // SAFETY: the instance's live class.
    let weaklist_offset = unsafe { (*class).tp_weaklistoffset };
    if weaklist_offset > 0 {
        // SAFETY: a class with a weak reference list (slots::WeakrefList)
        // keeps the list's head, a pointer, at that offset in the instance...
        let head = unsafe { (obj as *const u8).add(weaklist_offset as usize) };
        // SAFETY: ...initialized (null) when the instance was allocated.
        let weaklist = unsafe { *head.cast::<*mut ffi::PyObject>() };
        if !weaklist.is_null() {
            // SAFETY: as C's dealloc does, the weak references go first
            // (only when there are any: the call is not free).
            unsafe { ffi::PyObject_ClearWeakRefs(obj) };
        }
    }
    // SAFETY: the instance is being destroyed: nothing borrows it.
    ffi_guard_unraisable(|_| unsafe { drop_value::<T>(obj) });
    // SAFETY: the instance's live class (its instance holds a reference).
    let free = unsafe { (*class).tp_free }.unwrap_or(ffi::PyObject_Free);
    // SAFETY: free the memory as the class allocated it.
    unsafe { free(obj as *mut c_void) };
    // SAFETY: drop the instance's reference to its heap type (as every heap
    // type's dealloc must).
    unsafe { ffi::Py_DECREF(class as *mut ffi::PyObject) };
}

unsafe extern "C" fn tp_call<T: PyClass>(
    obj: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    ffi_guard(|_| {
        // SAFETY: CPython passes an instance of the class (tp_call is only
        // reached through its type)...
        let this = unsafe { Instance::<T>::from_ptr(obj) };
        // SAFETY: ...the argument tuple...
        let args = unsafe { PyTuple::from_ptr(args) };
        // SAFETY: ...and an optional keyword dict, alive for the call.
        let kwargs = unsafe { kwargs_ref(kwargs) };
        T::call(this, args, kwargs).map(Owned::into_ptr)
    })
}

unsafe extern "C" fn tp_traverse<T: PyClass>(obj: *mut ffi::PyObject, visit: ffi::visitproc, arg: *mut c_void) -> c_int {
    ffi_guard_gc(|| {
        let Some(visit) = visit else { return 0 };
        let mut visitor = Visitor::new(visit, arg);
        // SAFETY: CPython passes a live instance of the class (or of a
        // subclass).
        let class = unsafe { ffi::Py_TYPE(obj) };
        // SAFETY: instances of heap types refer to their type.
        let class = unsafe { PyAny::from_ptr(class as *mut ffi::PyObject) };
        let layout = obj as *mut Layout<T>;
        let visit_value = |visitor: &mut Visitor<'_>| {
            // SAFETY: the value, if tp_new wrote it; the GC runs no Rust
            // code of the instance while it traverses.
            match unsafe { (*layout).initialized } {
                true => {
                    // SAFETY: as above; a reference to the value's field only.
                    let value = unsafe { &(*layout).value };
                    // SAFETY: initialized, as just read.
                    Traverse::traverse(unsafe { value.assume_init_ref() }, visitor)
                }
                false => Ok(()),
            }
        };
        let visited = if T::TYPE_VISITED_LAST {
            visit_value(&mut visitor).and_then(|()| visitor.visit(class))
        } else {
            visitor.visit(class).and_then(|()| visit_value(&mut visitor))
        };
        visited.err().map_or(0, |stop| stop.code())
    })
}

unsafe extern "C" fn tp_clear<T: PyClass>(obj: *mut ffi::PyObject) -> c_int {
    // SAFETY: the GC clears an unreachable instance, which no running
    // method borrows (a method's caller holds a reference to it).
    ffi_guard_unraisable(|_| unsafe { drop_value::<T>(obj) });
    0
}

/// A class's `PyType_Spec` and slots, a static made by [`crate::class!`].
pub struct ClassDef<T> {
    spec: UnsafeCell<ffi::PyType_Spec>,
    slots: [ffi::PyType_Slot; 32],
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
        methods: &'static MethodTable<Instance<T>, N>,
        members: Option<&'static MemberTable<T>>,
        getset: Option<&'static GetSetTable<T>>,
        subclassable: bool,
    ) -> Self {
        const fn slot(slot: u32, pfunc: *mut c_void) -> ffi::PyType_Slot {
            ffi::PyType_Slot { slot: slot as c_int, pfunc }
        }
        let end = slot(0, core::ptr::null_mut());
        let init = if T::HAS_INIT { slot(ffi::Py_tp_init, tp_init::<T> as InitProc as *mut c_void) } else { end };
        let call = if T::HAS_CALL { slot(ffi::Py_tp_call, tp_call::<T> as TernaryFunc as *mut c_void) } else { end };
        let (traverse, clear) = if T::HAS_GC {
            (
                slot(ffi::Py_tp_traverse, tp_traverse::<T> as TraverseProc as *mut c_void),
                if T::CLEARED_BY_GC { slot(ffi::Py_tp_clear, tp_clear::<T> as Inquiry as *mut c_void) } else { end },
            )
        } else {
            (end, end)
        };
        let members = match members {
            Some(members) => slot(ffi::Py_tp_members, members.as_ptr().cast_mut().cast::<c_void>()),
            None => end,
        };
        let getset = match getset {
            Some(getset) => slot(ffi::Py_tp_getset, getset.as_ptr().cast_mut().cast::<c_void>()),
            None => end,
        };
        // An empty docstring is none: `__doc__` is None, as for a C type
        // without tp_doc.
        let doc = if doc.is_empty() { end } else { slot(ffi::Py_tp_doc, doc.as_ptr().cast_mut().cast::<c_void>()) };
        // The optional slots, packed before the end marker.
        let mut slots = [end; 32];
        let all = [
            // First: `made` finds the method table here.
            slot(ffi::Py_tp_methods, methods.as_ptr() as *mut c_void),
            doc,
            slot(ffi::Py_tp_new, tp_new::<T> as NewFunc as *mut c_void),
            slot(ffi::Py_tp_dealloc, tp_dealloc::<T> as Destructor as *mut c_void),
            init,
            call,
            traverse,
            clear,
            members,
            getset,
        ];
        let (mut from, mut to) = (0, 0);
        while from < all.len() {
            if all[from].slot != 0 {
                slots[to] = slot(all[from].slot as u32, all[from].pfunc);
                to += 1;
            }
            from += 1;
        }
        let mut group = 0;
        while group < T::EXTRA_SLOTS.len() {
            let mut extra = 0;
            while extra < T::EXTRA_SLOTS[group].len() {
                assert!(to + 1 < slots.len(), "too many slots: the last one must stay the end marker");
                slots[to] = T::EXTRA_SLOTS[group][extra].0;
                to += 1;
                extra += 1;
            }
            group += 1;
        }
        let flags = T::EXTRA_FLAGS.0
            | ffi::Py_TPFLAGS_DEFAULT as u64
            | if subclassable { ffi::Py_TPFLAGS_BASETYPE as u64 } else { 0 }
            | if T::HAS_GC { ffi::Py_TPFLAGS_HAVE_GC as u64 } else { 0 };
        let spec = ffi::PyType_Spec {
            name: name.as_ptr(),
            basicsize: basic_size::<T>() as c_int,
            itemsize: 0,
            flags: flags as core::ffi::c_uint,
            slots: this.slots.as_ptr().cast_mut().cast::<ffi::PyType_Slot>(),
        };
        ClassDef { spec: UnsafeCell::new(spec), slots, _value: PhantomData }
    }

    /// Creates the class for `module` (`PyType_FromModuleAndSpec`).
    pub fn create(&'static self, module: &Module<T::State>) -> PyResult<Owned<PyType>> {
        // SAFETY: a live module and a static, complete spec.
        let result = unsafe { ffi::PyType_FromModuleAndSpec(module.as_ptr(), self.spec.get(), core::ptr::null_mut()) };
        // SAFETY: `PyType_FromModuleAndSpec` returns a new reference to a type
        // or null with an exception set.
        unsafe { Owned::from_result(result) }
    }

    /// Whether `class` is the class this definition created (or a
    /// subclass): its method table, or a base's, is this definition's.
    fn made(&'static self, class: *mut ffi::PyTypeObject) -> bool {
        let methods = self.slots[0].pfunc as *mut ffi::PyMethodDef;
        let mut class = class;
        while !class.is_null() {
            // SAFETY: a live type, or one of its bases.
            if unsafe { (*class).tp_methods } == methods {
                return true;
            }
            // SAFETY: as above.
            class = unsafe { (*class).tp_base };
        }
        false
    }

    /// A new instance of `class` (one this definition created, or a
    /// subclass) holding `value`, made directly, without calling the class
    /// (as C code does for types that disallow instantiation from Python).
    pub fn instantiate(&'static self, class: &PyType, value: T) -> PyResult<Owned> {
        let cls = class.as_type_ptr();
        assert!(self.made(cls), "ClassDef::instantiate: not this definition's class");
        // SAFETY: checked just above.
        let obj = unsafe { alloc_instance(cls, value) }?;
        // SAFETY: a new instance, so not null.
        let obj = unsafe { core::ptr::NonNull::new_unchecked(obj) };
        // SAFETY: the new reference goes to the Owned.
        Ok(unsafe { Owned::from_raw(obj) })
    }

    /// `obj` as an instance of this definition's class (or a subclass).
    #[inline]
    pub fn downcast<'a>(&'static self, obj: &'a PyAny) -> Option<&'a Instance<T>> {
        // SAFETY: an instance of the class has its layout.
        self.made(obj.type_ptr()).then(|| unsafe { Instance::<T>::from_ptr(obj.as_ptr()) })
    }
}

/// A read-only attribute of a class's instances computed by a function (a
/// `tp_getset` entry without setter), made by [`crate::class!`].
pub trait Getter {
    type Value: PyClass;
    const NAME: &'static CStr;
    /// The attribute's docstring (C's own, from the tree being built).
    const DOC: Option<&'static CStr>;
    fn get(this: &Instance<Self::Value>) -> PyResult<Owned>;
}

unsafe extern "C" fn getter<G: Getter>(obj: *mut ffi::PyObject, _closure: *mut c_void) -> *mut ffi::PyObject {
    ffi_guard(|_| {
        // SAFETY: CPython's getset descriptor only calls the getter with an
        // instance of the class (or of a subclass).
        G::get(unsafe { Instance::<G::Value>::from_ptr(obj) }).map(Owned::into_ptr)
    })
}

/// The `PyGetSetDef` of a read-only attribute of class `T`, made only by
/// [`getset_def`] from a typed [`Getter`].
pub struct GetSetDef<T>(ffi::PyGetSetDef, PhantomData<fn(&T)>);

impl<T> GetSetDef<T> {
    /// The sentinel.
    pub const END: Self = GetSetDef(
        ffi::PyGetSetDef {
            name: core::ptr::null(),
            get: None,
            set: None,
            doc: core::ptr::null(),
            closure: core::ptr::null_mut(),
        },
        PhantomData,
    );
}

/// The `PyGetSetDef` of `G`: read-only, with its C docstring (or none).
pub const fn getset_def<G: Getter>() -> GetSetDef<G::Value> {
    type Get = unsafe extern "C" fn(*mut ffi::PyObject, *mut c_void) -> *mut ffi::PyObject;
    GetSetDef(
        ffi::PyGetSetDef {
            name: G::NAME.as_ptr(),
            get: Some(getter::<G> as Get),
            set: None,
            doc: match G::DOC {
                Some(doc) => doc.as_ptr(),
                None => core::ptr::null(),
            },
            closure: core::ptr::null_mut(),
        },
        PhantomData,
    )
}

/// A NULL-terminated `PyGetSetDef` array of class `T`.
pub struct GetSetTable<T: 'static>(&'static [GetSetDef<T>]);

// SAFETY: the table is immutable and holds pointers to 'static strings and
// functions only.
unsafe impl<T> Sync for GetSetTable<T> {}

impl<T> GetSetTable<T> {
    /// The table of `defs`, the last of which must be [`GetSetDef::END`].
    pub const fn new(defs: &'static [GetSetDef<T>]) -> Self {
        assert!(!defs.is_empty() && defs[defs.len() - 1].0.name.is_null(), "a getset table ends with GetSetDef::END");
        GetSetTable(defs)
    }

    const fn as_ptr(&self) -> *const ffi::PyGetSetDef {
        self.0.as_ptr() as *const ffi::PyGetSetDef
    }
}

/// A field type that CPython can read as a member (`tp_members`).
///
/// # Safety
/// `CODE` must be the `Py_T_*` code of a C type with the field's layout.
pub unsafe trait MemberType {
    const CODE: u32;
}

// SAFETY: an Owned is a non-null `PyObject *` (repr(transparent)), which
// `_Py_T_OBJECT` reads (None when null, after the GC cleared the value).
unsafe impl<T: crate::object::PyNative> MemberType for Owned<T> {
    const CODE: u32 = ffi::_Py_T_OBJECT;
}

// SAFETY: a Rust bool is one byte, 0 or 1, as `Py_T_BOOL` reads a char.
unsafe impl MemberType for bool {
    const CODE: u32 = ffi::Py_T_BOOL;
}

/// The read-only `PyMemberDef` of a field of class `T`.
pub struct MemberDef<T>(ffi::PyMemberDef, PhantomData<fn(&T)>);

impl<T> MemberDef<T> {
    /// The sentinel.
    pub const END: Self =
        MemberDef(ffi::PyMemberDef { name: core::ptr::null(), type_: 0, offset: 0, flags: 0, doc: core::ptr::null() }, PhantomData);
}

/// The read-only `PyMemberDef` of the field of `T` at `offset` (within
/// `T`), whose type `field` proves; made by [`crate::class!`].
///
/// # Safety
/// `offset` must be the offset of the very field that `field` returns.
#[doc(hidden)]
pub const unsafe fn member_def<T: PyClass, F: MemberType>(
    name: &'static CStr,
    doc: Option<&'static CStr>,
    offset: usize,
    _field: fn(&T) -> &F,
) -> MemberDef<T> {
    MemberDef(
        ffi::PyMemberDef {
            name: name.as_ptr(),
            type_: F::CODE as c_int,
            offset: (core::mem::offset_of!(Layout<T>, value) + offset) as ffi::Py_ssize_t,
            flags: ffi::Py_READONLY as c_int,
            doc: match doc {
                Some(doc) => doc.as_ptr(),
                None => core::ptr::null(),
            },
        },
        PhantomData,
    )
}

/// A NULL-terminated `PyMemberDef` array of class `T`.
pub struct MemberTable<T: 'static>(&'static [MemberDef<T>]);

// SAFETY: the table is immutable and holds pointers to 'static strings only.
unsafe impl<T> Sync for MemberTable<T> {}

impl<T> MemberTable<T> {
    /// The table of `defs`, the last of which must be [`MemberDef::END`].
    pub const fn new(defs: &'static [MemberDef<T>]) -> Self {
        assert!(!defs.is_empty() && defs[defs.len() - 1].0.name.is_null(), "a member table ends with MemberDef::END");
        MemberTable(defs)
    }

    const fn as_ptr(&self) -> *const ffi::PyMemberDef {
        self.0.as_ptr() as *const ffi::PyMemberDef
    }
}

/// Defines a class: its [`ClassDef`] static and its method table.
///
/// As in the crate-level example:
/// `class! { static RANDOM: Random = class c"_random.Random" from clinic { doc: clinic::random_doc,
/// subclassable: true, methods: [random = Random_random, seed = Random_seed] } }`.
/// Each method pairs the Rust function
/// `fn random(this: &Instance<Random>, args: &Args) -> PyResult<Owned>` (or
/// a plain value, [`IntoObject`](crate::call::IntoObject)) with its clinic
/// [`Signature`](crate::clinic::Signature).  Class methods (clinic's
/// `@classmethod`, `METH_CLASS`) follow as `class_methods: [fromfd =
/// epoll_fromfd]`, each `fn fromfd(class: &ClassOf<T>, args: &Args)`.  Optional
/// read-only attributes, after the methods: `members: [strict: Some(c"doc"),
/// object_hook: None, ...]` exposes fields of the value (`Owned` or `bool`)
/// under their names, with a docstring or none (C's `tp_members`);
/// `getters: [size = get_size: Some(clinic::table__size), ...]` computes
/// them (the docstring from the C file's `PyGetSetDef` table, or `None`),
/// `fn get_size(this: &Instance<T>) -> PyResult<Owned>` (or a plain value)
/// (C's `tp_getset`).
#[macro_export]
macro_rules! class {
    (
        $vis:vis static $def:ident: $value:ty = class $name:literal from $clinic:ident {
            doc: $doc:expr,
            subclassable: $subclassable:expr,
            methods: [$($method:ident = $signature:ident $(=> $function:path)?),* $(,)?]
            $(, class_methods: [$($class_method:ident = $class_signature:ident $(=> $class_function:path)?),* $(,)?])?
            $(, members: [$($member:ident : $member_doc:expr),* $(,)?])?
            $(, getters: [$($attr:ident = $get:path : $attr_doc:expr),* $(,)?])? $(,)?
        }
    ) => {
        $crate::class! {
            @full $vis static $def: $value = class $name from $clinic {
                doc: $doc,
                subclassable: $subclassable,
                methods: [$($method = $signature $(=> $function)?),*],
                class_methods: [$($($class_method = $class_signature $(=> $class_function)?),*)?],
                members: [$($($member : $member_doc),*)?],
                getters: [$($($attr = $get : $attr_doc),*)?],
            }
        }
    };
    (
        @full $vis:vis static $def:ident: $value:ty = class $name:literal from $clinic:ident {
            doc: $doc:expr,
            subclassable: $subclassable:expr,
            methods: [$($method:ident = $signature:ident $(=> $function:path)?),*],
            class_methods: [$($class_method:ident = $class_signature:ident $(=> $class_function:path)?),*],
            members: [$($member:ident : $member_doc:expr),*],
            getters: [$($attr:ident = $get:path : $attr_doc:expr),*],
        }
    ) => {
        $vis static $def: $crate::class::ClassDef<$value> = {
            $($crate::__method!($signature: $crate::class::Instance<$value> = $clinic::$signature => $($function,)? $method);)*
            $($crate::__method!($class_signature: $crate::class::ClassOf<$value> = $clinic::$class_signature => $($class_function,)? $class_method);)*
            static METHODS: $crate::module::MethodTable<
                $crate::class::Instance<$value>,
                { 1 $(+ $crate::module::one(stringify!($method)))* $(+ $crate::module::one(stringify!($class_method)))* },
            > = $crate::module::MethodTable::new([
                $($crate::module::method_def::<$signature>(),)*
                $($crate::module::class_method_def::<$value, $class_signature>(),)*
                $crate::module::MethodDef::END,
            ]);
            static MEMBERS: $crate::class::MemberTable<$value> = $crate::class::MemberTable::new(&[
                $({
                    type Class = $value;
                    const NAME: &::core::ffi::CStr =
                        match ::core::ffi::CStr::from_bytes_with_nul(concat!(stringify!($member), "\0").as_bytes()) {
                            Ok(name) => name,
                            Err(_) => panic!("member names have no NUL"),
                        };
                    const DOC: Option<&::core::ffi::CStr> = $member_doc;
                    const OFFSET: usize = ::core::mem::offset_of!(Class, $member);
                    // SAFETY: OFFSET is that of the field the projection reads.
                    unsafe { $crate::class::member_def::<Class, _>(NAME, DOC, OFFSET, |value: &Class| &value.$member) }
                },)*
                $crate::class::MemberDef::END,
            ]);
            const HAS_MEMBERS: bool = 0 $(+ $crate::module::one(stringify!($member)))* > 0;
            $(
                #[allow(non_camel_case_types)]
                struct $attr {}
                impl $crate::class::Getter for $attr {
                    type Value = $value;
                    const NAME: &'static ::core::ffi::CStr = match ::core::ffi::CStr::from_bytes_with_nul(
                        concat!(stringify!($attr), "\0").as_bytes(),
                    ) {
                        Ok(name) => name,
                        Err(_) => panic!("attribute names have no NUL"),
                    };
                    const DOC: Option<&'static ::core::ffi::CStr> = $attr_doc;
                    fn get(this: &$crate::class::Instance<$value>) -> $crate::boundary::PyResult<$crate::object::Owned> {
                        $crate::call::IntoObject::into_object($get(this)?, this.py())
                    }
                }
            )*
            static GETSET: $crate::class::GetSetTable<$value> = $crate::class::GetSetTable::new(&[
                $($crate::class::getset_def::<$attr>(),)*
                $crate::class::GetSetDef::END,
            ]);
            const HAS_GETTERS: bool = 0 $(+ $crate::module::one(stringify!($attr)))* > 0;
            $crate::class::ClassDef::new(
                &$def,
                $name,
                $doc,
                &METHODS,
                if HAS_MEMBERS { Some(&MEMBERS) } else { None },
                if HAS_GETTERS { Some(&GETSET) } else { None },
                $subclassable,
            )
        };
    };
}

/// Sets attribute `name` of a class just created, as C modules write into
/// the `tp_dict` of their types before use (`PyDict_SetItemString`: even
/// an immutable class, which refuses `setattr`), then invalidates the
/// class's attribute caches (`PyType_Modified`).
pub fn add_class_attribute(class: &PyType, name: &CStr, value: &PyAny) -> PyResult<()> {
    let cls = class.as_type_ptr();
    // SAFETY: a live type.
    let dict = unsafe { ffi::PyType_GetDict(cls) };
    // SAFETY: `PyType_GetDict` returns a new reference or null with an
    // exception set.
    let dict = unsafe { Owned::<PyAny>::from_result(dict) }?;
    // SAFETY: a live dict and value, a NUL-terminated key.
    if unsafe { ffi::PyDict_SetItemString(dict.as_ptr(), name.as_ptr(), value.as_ptr()) } < 0 {
        return Err(PyErr::fetched());
    }
    // SAFETY: a live type.
    unsafe { ffi::PyType_Modified(cls) };
    Ok(())
}

/// `_PyArg_NoPositional`: "`name`() takes no positional arguments" unless
/// `args` (of a tp_new/tp_init call) is empty.
pub fn no_positional(name: &CStr, args: &PyTuple) -> PyResult<()> {
    if args.is_empty() {
        return Ok(());
    }
    // SAFETY: a NUL-terminated name and a live tuple; returns 0 with a
    // TypeError set when the tuple is not empty.
    if unsafe { ffi::_PyArg_NoPositional(name.as_ptr(), args.as_ptr()) } == 0 {
        return Err(PyErr::fetched());
    }
    Ok(())
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
