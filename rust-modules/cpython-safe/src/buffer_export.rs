//! The exporter side of the buffer protocol: a class whose instances hold
//! a growable byte vector ([`ExportableBytes`]) that `memoryview`,
//! `bytes()`, `struct.pack_into`... can read and write in place.
//!
//! While a buffer is exported the vector cannot be reallocated (the
//! consumer holds a pointer into it): [`ExportableBytes::resizable`] then
//! refuses, and the class reports its own error (C's `array` raises
//! `BufferError`).  Writes in place stay allowed, as in C.  A class must
//! never hold a borrow of the bytes while it runs Python code (which could
//! write through an exported view).
//!
//! ```ignore
//! impl BufferExport for Array {
//!     type Tag = u8;
//!     fn bytes(this: &Instance<Self>) -> &ExportableBytes<u8> { &this.value().data }
//!     fn format(this: &Instance<Self>) -> &'static CStr { ... }
//!     fn itemsize(this: &Instance<Self>) -> usize { ... }
//! }
//! impl PyClass for Array {
//!     const EXTRA_SLOTS: &'static [ffi::PyType_Slot] = &buffer_export::slots::<Self>();
//! }
//! ```

use core::cell::{Cell, UnsafeCell};
use core::ffi::{c_int, c_void, CStr};
use core::ops::{Deref, DerefMut};

use crate::class::{Instance, PyClass};
use crate::err::PyErr;
use crate::exc;
use crate::ffi;
use crate::guard::ffi_guard;
use crate::module::Receiver;

/// Bytes owned by an instance, exportable through the buffer protocol as
/// a one-dimensional array of items, plus a small `Tag` the owner keeps
/// with them (`array` keeps its typecode's index).
///
/// The layout is as small as C's fields for the same job (items pointer,
/// length, capacity, an `int` export count): `sys.getsizeof` of a C
/// object is part of its tested behaviour.  That is why this is not a
/// `RefCell` (whose borrow flag is a whole word) and why the tag lives in
/// the same padding.
pub struct ExportableBytes<Tag: Copy> {
    data: UnsafeCell<Vec<u8>>,
    exports: Cell<u32>,
    /// Borrows of `data` by the owner's code: `n > 0` readers, `-1` a writer.
    borrows: Cell<i16>,
    tag: Tag,
}

const WRITING: i16 = -1;

impl<Tag: Copy> ExportableBytes<Tag> {
    pub fn new(data: Vec<u8>, tag: Tag) -> Self {
        ExportableBytes { data: UnsafeCell::new(data), exports: Cell::new(0), borrows: Cell::new(0), tag }
    }

    #[inline(always)]
    pub fn tag(&self) -> Tag {
        self.tag
    }

    /// The bytes, for reading.
    #[inline(always)]
    pub fn borrow(&self) -> BytesRef<'_> {
        let readers = self.borrows.get();
        assert!((0..i16::MAX).contains(&readers), "bytes already borrowed for writing");
        self.borrows.set(readers + 1);
        // SAFETY: no writer exists (checked above) and none can be made
        // while this reader lives (it holds a count in `borrows`).
        BytesRef { borrows: &self.borrows, data: unsafe { &*self.data.get() } }
    }

    /// Item `index` of `N` bytes, copied out (`None` past the end): a
    /// read that needs no borrow count, as no borrow outlives it.
    #[inline(always)]
    pub fn item<const N: usize>(&self, index: usize) -> Option<[u8; N]> {
        assert!(self.borrows.get() != WRITING, "bytes already borrowed for writing");
        // SAFETY: no writer exists (checked above) and none can be made
        // during this copy, which runs no other code.
        let data = unsafe { &*self.data.get() };
        let start = index.checked_mul(N)?;
        data.get(start..start.checked_add(N)?).map(|item| item.try_into().expect("N bytes"))
    }

    /// The vector (or a part of it, as `project` picks), exclusively:
    /// `None` if the owner's code already borrows it.
    #[inline(always)]
    fn try_write<T: ?Sized>(&self, project: impl FnOnce(&mut Vec<u8>) -> &mut T) -> Option<BytesMut<'_, T>> {
        if self.borrows.get() != 0 {
            return None;
        }
        self.borrows.set(WRITING);
        // SAFETY: no other borrow exists (checked above), and none can be
        // made while this one lives (`borrows` says WRITING).
        Some(BytesMut { borrows: &self.borrows, data: project(unsafe { &mut *self.data.get() }) })
    }

    /// The bytes, for writing in place (their length cannot change).
    #[inline(always)]
    pub fn borrow_mut(&self) -> BytesMut<'_, [u8]> {
        self.try_write(|data| data.as_mut_slice()).expect("bytes already borrowed")
    }

    /// The vector, to resize: `None` while a buffer is exported.
    #[inline]
    pub fn resizable(&self) -> Option<BytesMut<'_, Vec<u8>>> {
        (self.exports.get() == 0).then(|| self.try_write(|data| data).expect("bytes already borrowed"))
    }

    /// How many exported buffers are alive.
    #[inline(always)]
    pub fn exports(&self) -> usize {
        self.exports.get() as usize
    }
}

/// A shared borrow of [`ExportableBytes`].
pub struct BytesRef<'a> {
    borrows: &'a Cell<i16>,
    data: &'a Vec<u8>,
}

impl Deref for BytesRef<'_> {
    type Target = Vec<u8>;
    #[inline(always)]
    fn deref(&self) -> &Vec<u8> {
        self.data
    }
}

impl Drop for BytesRef<'_> {
    #[inline(always)]
    fn drop(&mut self) {
        self.borrows.set(self.borrows.get() - 1);
    }
}

/// The exclusive borrow of [`ExportableBytes`]: the vector or its slice.
pub struct BytesMut<'a, T: ?Sized> {
    borrows: &'a Cell<i16>,
    data: &'a mut T,
}

impl<T: ?Sized> Deref for BytesMut<'_, T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        self.data
    }
}

impl<T: ?Sized> DerefMut for BytesMut<'_, T> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut T {
        self.data
    }
}

impl<T: ?Sized> Drop for BytesMut<'_, T> {
    #[inline(always)]
    fn drop(&mut self) {
        self.borrows.set(0);
    }
}

/// A class whose instances export their [`ExportableBytes`].
pub trait BufferExport: PyClass {
    type Tag: Copy;
    fn bytes(this: &Instance<Self>) -> &ExportableBytes<Self::Tag>;
    /// The `struct` format of one item (`PyBUF_FORMAT`).
    fn format(this: &Instance<Self>) -> &'static CStr;
    /// The size in bytes of one item.
    fn itemsize(this: &Instance<Self>) -> usize;
    /// Whether consumers may only read.
    const READONLY: bool = false;
}

unsafe extern "C" fn bf_getbuffer<T: BufferExport>(obj: *mut ffi::PyObject, view: *mut ffi::Py_buffer, flags: c_int) -> c_int {
    ffi_guard(|| {
        if view.is_null() {
            return Err(exc::buffer_error("getbuffer: view==NULL argument is obsolete"));
        }
        // SAFETY: CPython calls bf_getbuffer with an instance of the class.
        let this = unsafe { Instance::<T>::from_ptr(obj) };
        if T::READONLY && flags & ffi::PyBUF_WRITABLE as c_int != 0 {
            return Err(exc::buffer_error("Object is not writable."));
        }
        let bytes = T::bytes(this);
        let format = T::format(this);
        let itemsize = T::itemsize(this).max(1);
        let exports = bytes.exports.get().checked_add(1).ok_or_else(|| exc::buffer_error("too many exported buffers"))?;
        // Fails (SystemError) only if the class's own code holds a borrow.
        let mut data = bytes.try_write(|data| data).ok_or_else(|| exc::system_error("buffer requested while in use"))?;
        // SAFETY: `view` is the consumer's to fill.  `buf` stays valid until
        // bf_releasebuffer: the vector is not reallocated while `exports`
        // is positive.  The item count that `shape` points to is kept in
        // the view's own `internal` field (C's array points at its
        // `ob_size`, which this layout does not have), and `strides` at the
        // view's `itemsize`, as C's array does: both live exactly as long
        // as the view.
        unsafe {
            (*view).buf = data.as_mut_ptr() as *mut c_void;
            (*view).obj = ffi::Py_NewRef(obj);
            (*view).len = data.len() as ffi::Py_ssize_t;
            (*view).readonly = T::READONLY as c_int;
            (*view).ndim = 1;
            (*view).itemsize = itemsize as ffi::Py_ssize_t;
            (*view).suboffsets = core::ptr::null_mut();
            (*view).internal = core::ptr::null_mut();
            let shape = core::ptr::addr_of_mut!((*view).internal) as *mut ffi::Py_ssize_t;
            // Item sizes are usually powers of two: no division then.
            let count = if itemsize.is_power_of_two() { data.len() >> itemsize.trailing_zeros() } else { data.len() / itemsize };
            *shape = count as ffi::Py_ssize_t;
            (*view).shape = if flags & ffi::PyBUF_ND as c_int != 0 { shape } else { core::ptr::null_mut() };
            (*view).strides = if flags & ffi::PyBUF_STRIDES as c_int == ffi::PyBUF_STRIDES as c_int {
                core::ptr::addr_of_mut!((*view).itemsize)
            } else {
                core::ptr::null_mut()
            };
            (*view).format = if flags & ffi::PyBUF_FORMAT as c_int == ffi::PyBUF_FORMAT as c_int {
                format.as_ptr() as *mut _
            } else {
                core::ptr::null_mut()
            };
        }
        bytes.exports.set(exports);
        Ok::<c_int, PyErr>(0)
    })
}

// `internal` holds the item count (see bf_getbuffer).
const _: () = assert!(core::mem::size_of::<*mut c_void>() == core::mem::size_of::<ffi::Py_ssize_t>());

unsafe extern "C" fn bf_releasebuffer<T: BufferExport>(obj: *mut ffi::PyObject, _view: *mut ffi::Py_buffer) {
    // SAFETY: CPython calls bf_releasebuffer with the instance that filled the view.
    let this = unsafe { Instance::<T>::from_ptr(obj) };
    let bytes = T::bytes(this);
    bytes.exports.set(bytes.exports.get() - 1);
}

/// `[bf_getbuffer, bf_releasebuffer]`.
pub const fn slots<T: BufferExport>() -> [ffi::PyType_Slot; 2] {
    type GetBuffer = unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::Py_buffer, c_int) -> c_int;
    type ReleaseBuffer = unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::Py_buffer);
    [
        ffi::PyType_Slot { slot: ffi::Py_bf_getbuffer as c_int, pfunc: bf_getbuffer::<T> as GetBuffer as *mut c_void },
        ffi::PyType_Slot {
            slot: ffi::Py_bf_releasebuffer as c_int,
            pfunc: bf_releasebuffer::<T> as ReleaseBuffer as *mut c_void,
        },
    ]
}
