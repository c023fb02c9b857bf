//! Lists: the concrete operations C modules use on a `list` (or subclass
//! instance, whose storage is the same), without going through its methods.
//!
//! Items are handed out as strong references only: any Python code that
//! runs while an item is in use (a comparison, a `__del__`) may remove it
//! from the list.  Operations by index check it against the current size,
//! so a list changed behind the caller's back is never read out of bounds.

use core::ops::Deref;
use core::ptr::NonNull;

use crate::call::{ArgRef, FromArg};
use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::object::{native_type, Owned, PyAny, PyNative};

native_type!(
    /// A `list` object (or subclass instance).
    PyList, |obj| {
        // SAFETY: only reads the type's flags of a live object.
        unsafe { ffi::PyList_Check(obj.as_ptr()) }
    }
);

impl PyList {
    /// `obj` as a list if it is exactly a `list`, whose methods are list's own.
    #[inline(always)]
    pub fn exact(obj: &PyAny) -> Option<&PyList> {
        // SAFETY: a live object.
        let is_exact = unsafe { ffi::PyList_CheckExact(obj.as_ptr()) };
        // SAFETY: PyList is repr(transparent) over PyAny and an exact list is
        // a list.
        is_exact.then(|| unsafe { &*(obj as *const PyAny as *const PyList) })
    }

    /// The number of items.
    #[inline(always)]
    pub fn len(&self) -> usize {
        // SAFETY: a live list's size, never negative.
        unsafe { ffi::Py_SIZE(self.as_ptr()) as usize }
    }

    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The item slot `index`, if in range.
    #[inline(always)]
    fn slot(&self, index: usize) -> Option<*mut *mut ffi::PyObject> {
        if index >= self.len() {
            return None;
        }
        // SAFETY: a live list.
        let items = unsafe { ffi::_PyList_ITEMS(self.as_ptr()) };
        // SAFETY: the item array of a live list has `len()` slots.
        Some(unsafe { items.add(index) })
    }

    /// Item `index` (`Py_NewRef(PyList_GET_ITEM(list, index))`), or `None`
    /// out of range.
    #[inline(always)]
    pub fn get(&self, index: usize) -> Option<Owned> {
        let slot = self.slot(index)?;
        // SAFETY: a slot in range of the live list.
        let item = unsafe { *slot };
        // SAFETY: a slot in range holds a live object the list owns (never
        // null once Python code can see the list: PyList_New's contract);
        // it is made strong at once.
        Some(unsafe { PyAny::from_ptr(item) }.to_owned())
    }

    /// Items `a` and `b`, if both are in range: one size check, and both
    /// slots read before any reference count changes (the hot path of heap
    /// algorithms).
    #[inline(always)]
    pub fn get_pair(&self, a: usize, b: usize) -> Option<(Owned, Owned)> {
        let len = self.len();
        // No short-circuit (`|`): this runs once per heap level.
        if (a >= len) | (b >= len) {
            return None;
        }
        // SAFETY: a live list.
        let items = unsafe { ffi::_PyList_ITEMS(self.as_ptr()) };
        // SAFETY: `a` is in range of the item array (checked above).
        let slot_a = unsafe { items.add(a) };
        // SAFETY: `b` is in range of the item array (checked above).
        let slot_b = unsafe { items.add(b) };
        // Both slots are read before any reference count changes.
        // SAFETY: a slot in range of the live list.
        let a = unsafe { *slot_a };
        // SAFETY: as `a`.
        let b = unsafe { *slot_b };
        // SAFETY: a slot in range holds a live object (see `get`), made
        // strong at once.
        let a = unsafe { PyAny::from_ptr(a) }.to_owned();
        // SAFETY: as `a`.
        let b = unsafe { PyAny::from_ptr(b) }.to_owned();
        Some((a, b))
    }

    /// Swaps items `a` and `b` (the list keeps its references).  Both must be
    /// in range.
    #[inline(always)]
    pub fn swap(&self, a: usize, b: usize) {
        let len = self.len();
        if a >= len || b >= len {
            panic!("PyList::swap: index out of range");
        }
        // SAFETY: a live list.
        let items = unsafe { ffi::_PyList_ITEMS(self.as_ptr()) };
        // SAFETY: `a` is in range of the item array (checked above).
        let slot_a = unsafe { items.add(a) };
        // SAFETY: `b` is in range of the item array (checked above).
        let slot_b = unsafe { items.add(b) };
        // SAFETY: two slots of the live item array (they may be the same).
        unsafe { core::ptr::swap(slot_a, slot_b) }
    }

    /// Puts `item` at `index` (which must be in range) and returns the item
    /// it replaces (`PyList_SET_ITEM` on the old item's reference).
    #[inline(always)]
    pub fn replace(&self, index: usize, item: Owned) -> Owned {
        let slot = self.slot(index).expect("PyList::replace: index out of range");
        // SAFETY: a slot in range of the live list.
        let old = unsafe { *slot };
        // SAFETY: as above; `item`'s reference moves to the list.
        unsafe { *slot = item.into_ptr() };
        // SAFETY: a slot in range holds a live object (see `get`), so not
        // null.
        let old = unsafe { NonNull::new_unchecked(old) };
        // SAFETY: the list's reference to `old` moves to the result (its slot
        // was overwritten just above).
        unsafe { Owned::from_raw(old) }
    }

    /// `list.append(item)` (`PyList_Append`).
    #[inline]
    pub fn append(&self, item: &PyAny) -> PyResult<()> {
        // SAFETY: a live list and object; the list takes its own reference.
        match unsafe { ffi::PyList_Append(self.as_ptr(), item.as_ptr()) } {
            0 => Ok(()),
            _ => Err(PyErr::fetched()),
        }
    }

    /// `list.insert(index, item)` (`PyList_Insert`).
    #[inline]
    pub fn insert(&self, index: isize, item: &PyAny) -> PyResult<()> {
        // SAFETY: a live list and object; the list takes its own reference.
        match unsafe { ffi::PyList_Insert(self.as_ptr(), index, item.as_ptr()) } {
            0 => Ok(()),
            _ => Err(PyErr::fetched()),
        }
    }

    /// Removes the last item and returns it (`del list[-1]` by
    /// `PyList_SetSlice`), `None` if the list is empty.
    pub fn pop(&self) -> PyResult<Option<Owned>> {
        let len = self.len();
        let Some(last) = len.checked_sub(1).and_then(|index| self.get(index)) else {
            return Ok(None);
        };
        let (low, high) = ((len - 1) as ffi::Py_ssize_t, len as ffi::Py_ssize_t);
        // SAFETY: a live list; a null value deletes the slice.  We hold our
        // own reference to the item, so deleting it runs no Python code.
        if unsafe { ffi::PyList_SetSlice(self.as_ptr(), low, high, core::ptr::null_mut()) } < 0 {
            return Err(PyErr::fetched());
        }
        Ok(Some(last))
    }
}

/// `object(subclass_of='&PyList_Type')`: "... must be list, not int".
impl<'a> FromArg<'a> for &'a PyList {
    #[inline(always)]
    fn from_arg(obj: &'a PyAny, arg: ArgRef) -> PyResult<Self> {
        obj.downcast::<PyList>().ok_or_else(|| not_a_list(obj, arg))
    }
}

// Out of line, taking `arg` by value: the hot path then never stores it.
#[cold]
#[inline(never)]
fn not_a_list(obj: &PyAny, arg: ArgRef) -> PyErr {
    arg.bad_argument("list", obj)
}
