//! Optional slots of a class ([`PyClass::EXTRA_SLOTS`]): `repr()`, the
//! iterator protocol (each a trait the instance value implements) and
//! weak references.
//!
//! A class lists them in [`PyClass::EXTRA_SLOTS`]:
//! `&[&slots::iterator::<Self>(), &[slots::repr::<Self>()]]`.

use core::cell::UnsafeCell;
use core::ffi::{c_int, c_void};
use core::marker::PhantomData;

use crate::class::{layout_size, value_offset, Instance, PyClass, Slot};
use crate::boundary::PyResult;
use crate::ffi;
use crate::boundary::guard::ffi_guard;
use crate::module::Receiver;
use crate::object::Owned;

/// `repr(instance)`.
pub trait Repr: PyClass {
    fn repr(this: &Instance<Self>) -> PyResult<Owned>;
}

/// `next(instance)`: `None` when exhausted (StopIteration without a value,
/// as a C `tp_iternext` returning NULL with no exception set).
pub trait Iterate: PyClass {
    fn next(this: &Instance<Self>) -> PyResult<Option<Owned>>;
}

type UnaryFunc = unsafe extern "C" fn(*mut ffi::PyObject) -> *mut ffi::PyObject;

const fn slot<T>(slot: u32, func: UnaryFunc) -> Slot<T> {
    Slot::new(slot, func as *mut c_void)
}

unsafe extern "C" fn tp_repr<T: Repr>(obj: *mut ffi::PyObject) -> *mut ffi::PyObject {
    ffi_guard(|_| {
        // SAFETY: CPython calls tp_repr with an instance of the class (or a subclass).
        T::repr(unsafe { Instance::<T>::from_ptr(obj) }).map(Owned::into_ptr)
    })
}

unsafe extern "C" fn tp_iternext<T: Iterate>(obj: *mut ffi::PyObject) -> *mut ffi::PyObject {
    ffi_guard(|_| {
        // SAFETY: CPython calls tp_iternext with an instance of the class
        // (or a subclass).
        T::next(unsafe { Instance::<T>::from_ptr(obj) }).map(|item| item.map_or(core::ptr::null_mut(), Owned::into_ptr))
    })
}

/// `tp_repr`.
pub const fn repr<T: Repr>() -> Slot<T> {
    slot(ffi::Py_tp_repr, tp_repr::<T>)
}

/// `[tp_iter, tp_iternext]`: an iterator, its own `iter()`.
pub const fn iterator<T: Iterate>() -> [Slot<T>; 2] {
    [slot(ffi::Py_tp_iter, ffi::PyObject_SelfIter), slot(ffi::Py_tp_iternext, tp_iternext::<T>)]
}

/// A field of an instance value that makes the instances weakly
/// referenceable (C's `weakreflist`): CPython keeps the list in it, and the
/// class's dealloc clears it.  Declare it with [`crate::weakref_members!`].
#[repr(transparent)]
pub struct WeakrefList(UnsafeCell<*mut ffi::PyObject>);

impl Default for WeakrefList {
    fn default() -> Self {
        WeakrefList(UnsafeCell::new(core::ptr::null_mut()))
    }
}

/// The `tp_members` of class `T` with a weak reference list
/// (`__weaklistoffset__`).
pub struct Members<T>([ffi::PyMemberDef; 2], PhantomData<fn(&T)>);

// SAFETY: immutable, pointing to 'static strings only.
unsafe impl<T> Sync for Members<T> {}

/// The members declaring a weak reference list at `offset` in the value of
/// `T`: use [`crate::weakref_members!`] or [`trailing_weakref_members`].
///
/// # Safety
/// `offset` must be that of a [`WeakrefList`] field of `T`, or of a word
/// past `T`'s layout within the instance that nothing else uses: CPython
/// reads and writes the list there.
#[doc(hidden)]
pub const unsafe fn weakref_members_at<T: PyClass>(offset: usize) -> Members<T> {
    // SAFETY: PyMemberDef is plain data; all-zero is the sentinel.
    let end: ffi::PyMemberDef = unsafe { core::mem::zeroed() };
    Members(
        [
            ffi::PyMemberDef {
                name: c"__weaklistoffset__".as_ptr(),
                type_: ffi::Py_T_PYSSIZET as c_int,
                offset: (value_offset::<T>() + offset) as ffi::Py_ssize_t,
                flags: ffi::Py_READONLY as c_int,
                doc: core::ptr::null(),
            },
            end,
        ],
        PhantomData,
    )
}

/// The members declaring the [`WeakrefList`] field `$field` of class
/// `$class`: `weakref_members!(Array, weakrefs)`.
#[macro_export]
macro_rules! weakref_members {
    ($class:ty, $field:ident) => {{
        type Class = $class;
        const OFFSET: usize = ::core::mem::offset_of!(Class, $field);
        // The field is a WeakrefList.
        const _: fn(&Class) -> &$crate::class::slots::WeakrefList = |value| &value.$field;
        // SAFETY: OFFSET is that of the WeakrefList field just checked.
        unsafe { $crate::class::slots::weakref_members_at::<Class>(OFFSET) }
    }};
}

/// The members declaring a weak reference list in the last word of the
/// instances, past the Rust layout, of a class whose `BASIC_SIZE` is that of
/// a C struct ending with its `weakreflist`: `__weakrefoffset__` is then
/// C's.  The word is zero-filled by `tp_alloc` and only CPython uses it
/// (the class's dealloc clears the list, as for a [`WeakrefList`] field).
pub const fn trailing_weakref_members<T: PyClass>() -> Members<T> {
    let Some(size) = T::BASIC_SIZE else {
        panic!("a trailing weak reference list needs PyClass::BASIC_SIZE");
    };
    let offset = size - core::mem::size_of::<*mut ffi::PyObject>();
    assert!(offset >= layout_size::<T>(), "the weak reference list would overlap the Rust layout");
    assert!(offset % core::mem::align_of::<*mut ffi::PyObject>() == 0, "a misaligned weak reference list");
    // SAFETY: an aligned word past the Rust layout, within the instance
    // (BASIC_SIZE is its size), used by nothing else.
    unsafe { weakref_members_at::<T>(offset - value_offset::<T>()) }
}

/// `tp_members`.
pub const fn members<T>(members: &'static Members<T>) -> Slot<T> {
    Slot::new(ffi::Py_tp_members, members.0.as_ptr().cast_mut().cast::<c_void>())
}
