//! Lists: the concrete operations C modules use on a `list` (or subclass
//! instance, whose storage is the same), without going through its methods.
//!
//! Items are handed out as strong references only: any Python code that
//! runs while an item is in use (a comparison, a `__del__`) may remove it
//! from the list.  Operations by index check it against the current size,
//! so a list changed behind the caller's back is never read out of bounds.

use core::ops::Deref;
use core::ptr::NonNull;

use crate::args::{ArgRef, FromArg};
use crate::err::{PyErr, PyResult};
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
        // SAFETY: a live object; PyList is repr(transparent) over PyAny and
        // an exact list is a list.
        unsafe { ffi::PyList_CheckExact(obj.as_ptr()).then(|| &*(obj as *const PyAny as *const PyList)) }
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
        // SAFETY: the item array of a live list has `len()` slots.
        (index < self.len()).then(|| unsafe { ffi::_PyList_ITEMS(self.as_ptr()).add(index) })
    }

    /// Item `index` (`Py_NewRef(PyList_GET_ITEM(list, index))`), or `None`
    /// out of range.
    #[inline(always)]
    pub fn get(&self, index: usize) -> Option<Owned> {
        // SAFETY: a slot in range holds a live object the list owns (never
        // null once Python code can see the list: PyList_New's contract);
        // the new strong reference goes to the Owned.
        Some(unsafe { PyAny::from_ptr(*self.slot(index)?) }.to_owned())
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
        // SAFETY: both in range of the item array of a live list, holding
        // live objects (see `get`); each new strong reference goes to an
        // Owned.
        unsafe {
            let items = ffi::_PyList_ITEMS(self.as_ptr());
            let (a, b) = (*items.add(a), *items.add(b));
            Some((PyAny::from_ptr(a).to_owned(), PyAny::from_ptr(b).to_owned()))
        }
    }

    /// Swaps items `a` and `b` (the list keeps its references).  Both must be
    /// in range.
    #[inline(always)]
    pub fn swap(&self, a: usize, b: usize) {
        let len = self.len();
        if a >= len || b >= len {
            panic!("PyList::swap: index out of range");
        }
        // SAFETY: two slots of the live item array.
        unsafe {
            let items = ffi::_PyList_ITEMS(self.as_ptr());
            core::ptr::swap(items.add(a), items.add(b))
        }
    }

    /// Puts `item` at `index` (which must be in range) and returns the item
    /// it replaces (`PyList_SET_ITEM` on the old item's reference).
    #[inline(always)]
    pub fn replace(&self, index: usize, item: Owned) -> Owned {
        let slot = self.slot(index).expect("PyList::replace: index out of range");
        // SAFETY: a slot in range holds a live object (see `get`); the
        // list's reference to it moves to the result and `item`'s
        // reference to the list.
        unsafe {
            let old = NonNull::new_unchecked(*slot);
            *slot = item.into_ptr();
            Owned::from_raw(old)
        }
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
