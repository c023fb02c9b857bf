//! The exporter side of the buffer protocol: a class whose instances hold
//! a growable byte buffer ([`ExportableBytes`], over [`PyMemBytes`]) that
//! `memoryview`, `bytes()`, `struct.pack_into`... can read and write in
//! place.
//!
//! While a buffer is exported the bytes cannot be reallocated (the
//! consumer holds a pointer into them): [`ExportableBytes::resizable`]
//! then refuses, and the class reports its own error (C's `array` raises
//! `BufferError`).  Writes in place stay allowed, as in C.  A class must
//! never hold a borrow of the bytes while it runs Python code (which could
//! write through an exported view).
//!
//! A class exports its bytes by implementing [`BufferExport`] and listing
//! `buffer::export::slots::<Self>()` in [`PyClass::EXTRA_SLOTS`] (`array` does).

use core::cell::{Cell, UnsafeCell};
use core::ffi::{c_int, c_void, CStr};
use core::ops::{Deref, DerefMut};

use crate::buffer::HeldBytes;
use crate::class::{Instance, PyClass};
use crate::boundary::{PyErr, PyResult};
use crate::exc;
use crate::ffi;
use crate::boundary::guard::{ffi_guard, ffi_guard_unraisable};
use crate::module::Receiver;
use crate::boundary::Python;

/// Bytes in CPython's object memory domain (`PyMem_Malloc`,
/// `PyMem_Realloc`, `PyMem_Free`), where C's `array` keeps its items:
/// `tracemalloc`, `sys.getallocatedblocks()` and `PYTHONMALLOC=debug` see
/// them as they see C's.  Every allocation is fallible (`MemoryError`).
/// The domain needs the GIL, which the owning Python object implies (the
/// raw pointer keeps this type on its thread).
///
/// Sizes change by C `array`'s `array_resize` policy ([`PyMemBytes::resize`]:
/// mild over-allocation when growing, a real shrink when 16 or more items
/// go), so `sys.getsizeof` of the owner can equal C's after every operation;
/// new objects get exactly their size, as C's `newarrayobject`.
pub struct PyMemBytes {
    /// A block of `capacity` bytes, or dangling (never null, so reading
    /// the bytes needs no test) when `capacity` is 0; bytes `..len` are
    /// initialized.
    ptr: *mut u8,
    len: usize,
    capacity: usize,
}

impl PyMemBytes {
    /// No bytes, no allocation.
    pub const fn new() -> Self {
        PyMemBytes { ptr: core::ptr::NonNull::dangling().as_ptr(), len: 0, capacity: 0 }
    }

    /// Storage for exactly `len` bytes, the first `len` still to be written
    /// by the caller (who must before anything reads them).
    #[inline]
    fn allocate(py: Python<'_>, len: usize) -> PyResult<Self> {
        if len == 0 {
            return Ok(PyMemBytes::new());
        }
        if len > isize::MAX as usize {
            return Err(exc::no_memory(py));
        }
        // SAFETY: a non-zero size; null on failure.  The GIL is held.
        let ptr = unsafe { ffi::PyMem_Malloc(len) } as *mut u8;
        if ptr.is_null() {
            return Err(exc::no_memory(py));
        }
        Ok(PyMemBytes { ptr, len, capacity: len })
    }

    /// A copy of `bytes`, allocated to their size.
    #[inline]
    pub fn try_copy(py: Python<'_>, bytes: &[u8]) -> PyResult<Self> {
        PyMemBytes::try_concat(py, bytes, &[])
    }

    /// `len` zero bytes, allocated to their size.
    #[inline]
    pub fn try_zeroed(py: Python<'_>, len: usize) -> PyResult<Self> {
        let new = PyMemBytes::allocate(py, len)?;
        if len > 0 {
            // SAFETY: `new` has room for `len` bytes.
            unsafe { core::ptr::write_bytes(new.ptr, 0, len) };
        }
        Ok(new)
    }

    /// `head` then `tail`, allocated to their size.
    #[inline]
    pub fn try_concat(py: Python<'_>, head: &[u8], tail: &[u8]) -> PyResult<Self> {
        let total = head.len().checked_add(tail.len()).ok_or_else(|| exc::no_memory(py))?;
        let new = PyMemBytes::allocate(py, total)?;
        if !head.is_empty() {
            // SAFETY: `new` has room for both, and is a separate block.
            unsafe { core::ptr::copy_nonoverlapping(head.as_ptr(), new.ptr, head.len()) };
        }
        if !tail.is_empty() {
            // SAFETY: `head.len() < total`, inside the block.
            let dest = unsafe { new.ptr.add(head.len()) };
            // SAFETY: `new` has room for both, and is a separate block.
            unsafe { core::ptr::copy_nonoverlapping(tail.as_ptr(), dest, tail.len()) };
        }
        Ok(new)
    }

    /// `pattern` `count` times, allocated to its size (C's
    /// `newarrayobject` then `_PyBytes_Repeat`).
    #[inline]
    pub fn try_repeat(py: Python<'_>, pattern: &[u8], count: usize) -> PyResult<Self> {
        let total = pattern.len().checked_mul(count).ok_or_else(|| exc::no_memory(py))?;
        let new = PyMemBytes::allocate(py, total)?;
        if total > 0 {
            // SAFETY: `new` has room for `total >= pattern.len()` bytes and is
            // a separate block.
            unsafe { core::ptr::copy_nonoverlapping(pattern.as_ptr(), new.ptr, pattern.len()) };
            // SAFETY: the copy left its first `pattern.len() > 0` bytes (a
            // non-zero total) initialized.
            unsafe { repeat_prefix(new.ptr, pattern.len(), total) };
        }
        Ok(new)
    }

    /// How many bytes are allocated.
    #[inline(always)]
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The address of the storage (0 when nothing is allocated, as C's
    /// NULL `ob_item`).
    pub fn address(&self) -> usize {
        if self.capacity == 0 { 0 } else { self.ptr as usize }
    }

    /// Changes the length to `new_len` bytes (a multiple of `itemsize`)
    /// by C's `array_resize`, leaving the bytes past the old length
    /// uninitialized.
    ///
    /// # Safety
    /// When it grows, the caller must write bytes `old len..new_len` before
    /// anything reads them (this borrow is exclusive until then).
    #[inline]
    unsafe fn resize_uninit(&mut self, py: Python<'_>, new_len: usize, itemsize: usize) -> PyResult<()> {
        debug_assert!(itemsize > 0 && new_len % itemsize == 0 && self.len % itemsize == 0);
        let (new_size, size, allocated) = (new_len / itemsize, self.len / itemsize, self.capacity / itemsize);
        // What is allocated serves unless 16 items or more would be unused
        // (then the block shrinks).
        if allocated >= new_size && size < new_size + 16 && self.capacity != 0 {
            self.len = new_len;
            return Ok(());
        }
        if new_size == 0 {
            // Dropping the old value frees its block.
            *self = PyMemBytes::new();
            return Ok(());
        }
        // Mild over-allocation, proportional to the size: about 1/16th.
        let target = (new_size >> 4) + if size < 8 { 3 } else { 7 } + new_size;
        let bytes = target.checked_mul(itemsize).filter(|&n| n <= isize::MAX as usize).ok_or_else(|| exc::no_memory(py))?;
        let block = if self.capacity == 0 { core::ptr::null_mut() } else { self.ptr as *mut c_void };
        // SAFETY: `block` is null or a block of this domain; null on
        // failure leaves the block as it was.  The GIL is held.
        let ptr = unsafe { ffi::PyMem_Realloc(block, bytes) } as *mut u8;
        if ptr.is_null() {
            return Err(exc::no_memory(py));
        }
        // Fields, not `*self = ...`: the old block is already released.
        self.ptr = ptr;
        self.len = new_len;
        self.capacity = bytes;
        Ok(())
    }

    /// Changes the length to `new_len` bytes, a multiple of `itemsize`, as
    /// C's `array_resize` does (the new bytes are zero).
    #[inline]
    pub fn resize(&mut self, py: Python<'_>, new_len: usize, itemsize: usize) -> PyResult<()> {
        let old_len = self.len;
        // SAFETY: the new bytes are written right away.
        unsafe { self.resize_uninit(py, new_len, itemsize) }?;
        if new_len > old_len {
            // SAFETY: `old_len < new_len`, inside the block.
            let new_bytes = unsafe { self.ptr.add(old_len) };
            // SAFETY: the `new_len - old_len` bytes past the old length.
            unsafe { core::ptr::write_bytes(new_bytes, 0, new_len - old_len) };
        }
        Ok(())
    }

    /// Appends `bytes` (whole items of `itemsize`), growing as
    /// [`PyMemBytes::resize`].
    #[inline]
    pub fn extend_from_slice(&mut self, py: Python<'_>, bytes: &[u8], itemsize: usize) -> PyResult<()> {
        let old_len = self.len;
        let new_len = old_len.checked_add(bytes.len()).ok_or_else(|| exc::no_memory(py))?;
        // SAFETY: the new bytes are written right away.
        unsafe { self.resize_uninit(py, new_len, itemsize) }?;
        if !bytes.is_empty() {
            // SAFETY: `old_len < new_len`, inside the block.
            let new_bytes = unsafe { self.ptr.add(old_len) };
            // SAFETY: the bytes past the old length, from a slice that cannot
            // be this buffer (which is borrowed exclusively).
            unsafe { core::ptr::copy_nonoverlapping(bytes.as_ptr(), new_bytes, bytes.len()) };
        }
        Ok(())
    }

    /// Appends the bytes a buffer lends (whole items of `itemsize`), as
    /// [`PyMemBytes::extend_from_slice`]: growing runs no Python code, so
    /// nothing writes them while they are copied (see [`HeldBytes`]).
    #[inline]
    pub fn extend_from_held(&mut self, py: Python<'_>, bytes: &HeldBytes<'_>, itemsize: usize) -> PyResult<()> {
        self.extend_from_slice(py, bytes.slice(), itemsize)
    }

    /// The bytes `count` times over, in place (C's `array_inplace_repeat`:
    /// resized as [`PyMemBytes::resize`], filled by doubling copies).
    pub fn repeat_in_place(&mut self, py: Python<'_>, count: usize, itemsize: usize) -> PyResult<()> {
        let old_len = self.len;
        let new_len = old_len.checked_mul(count).ok_or_else(|| exc::no_memory(py))?;
        // SAFETY: the new bytes are written right away.
        unsafe { self.resize_uninit(py, new_len, itemsize) }?;
        if new_len > old_len {
            // SAFETY: the first `old_len > 0` bytes stay initialized through
            // the resize, and the block holds `new_len`.
            unsafe { repeat_prefix(self.ptr, old_len, new_len) };
        }
        Ok(())
    }
}

/// Fills `ptr[len..total]` with copies of `ptr[..len]`: a fill for one
/// byte, else doubling the copied part each time (C's `_PyBytes_Repeat`).
///
/// # Safety
/// `ptr` must be valid for writes of `total` bytes, its first `len > 0`
/// initialized.
unsafe fn repeat_prefix(ptr: *mut u8, len: usize, total: usize) {
    if len == 1 {
        // One byte: a fill, which only writes.
        // SAFETY: `ptr` is valid for `total` bytes, the first initialized.
        let byte = unsafe { *ptr };
        // SAFETY: as above, `1 <= total`.
        let rest = unsafe { ptr.add(1) };
        // SAFETY: the `total - 1` bytes after the first.
        unsafe { core::ptr::write_bytes(rest, byte, total - 1) };
        return;
    }
    let mut filled = len;
    while filled < total {
        let chunk = filled.min(total - filled);
        // SAFETY: `filled < total`, within the block.
        let dest = unsafe { ptr.add(filled) };
        // SAFETY: `..filled` is initialized and `filled..filled + chunk`
        // is within the block; the two ranges do not overlap.
        unsafe { core::ptr::copy_nonoverlapping(ptr, dest, chunk) };
        filled += chunk;
    }
}

impl Default for PyMemBytes {
    fn default() -> Self {
        PyMemBytes::new()
    }
}

impl Deref for PyMemBytes {
    type Target = [u8];
    #[inline(always)]
    fn deref(&self) -> &[u8] {
        // SAFETY: `len` initialized bytes of a live block (or none at a
        // dangling, aligned, non-null pointer).
        unsafe { core::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl DerefMut for PyMemBytes {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [u8] {
        // SAFETY: `len` initialized bytes of a live block (or none at a
        // dangling pointer), borrowed exclusively with `self`.
        unsafe { core::slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}

impl Drop for PyMemBytes {
    fn drop(&mut self) {
        if self.capacity != 0 {
            // SAFETY: a block of this domain, freed once; the owning object
            // is deallocated with the GIL held.
            unsafe { ffi::PyMem_Free(self.ptr as *mut c_void) };
        }
    }
}

/// Bytes owned by an instance, exportable through the buffer protocol as
/// a one-dimensional array of items, plus a small `Tag` the owner keeps
/// with them (`array` keeps its typecode's index).
///
/// The layout is as small as C's fields for the same job (items pointer,
/// length, capacity, an export count): `sys.getsizeof` of a C
/// object is part of its tested behaviour.  That is why this is not a
/// `RefCell` (whose borrow flag is a whole word) and why the tag lives in
/// the same padding.
pub struct ExportableBytes<Tag: Copy> {
    data: UnsafeCell<PyMemBytes>,
    exports: Cell<u32>,
    /// Borrows of `data` by the owner's code: `n > 0` readers, `-1` a writer.
    borrows: Cell<i16>,
    tag: Tag,
}

const WRITING: i16 = -1;

impl<Tag: Copy> ExportableBytes<Tag> {
    pub fn new(data: PyMemBytes, tag: Tag) -> Self {
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
        let data: &[u8] = unsafe { &*self.data.get() };
        if index >= data.len() / N {
            return None;
        }
        // `index < len / N`, so bytes `index * N..index * N + N` are within
        // the initialized bytes (and the arithmetic cannot overflow).
        let item = data.as_ptr().wrapping_add(index * N) as *const [u8; N];
        // SAFETY: in bounds, as just said; an unaligned read of a byte array.
        Some(unsafe { core::ptr::read_unaligned(item) })
    }

    /// The buffer (or a part of it, as `project` picks), exclusively:
    /// `None` if the owner's code already borrows it.
    #[inline(always)]
    fn try_write<T: ?Sized>(&self, project: impl FnOnce(&mut PyMemBytes) -> &mut T) -> Option<BytesMut<'_, T>> {
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
        self.try_write(|data| &mut **data).expect("bytes already borrowed")
    }

    /// The bytes, to resize: `None` while a buffer is exported.
    #[inline]
    pub fn resizable(&self) -> Option<BytesMut<'_, PyMemBytes>> {
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
    data: &'a PyMemBytes,
}

impl Deref for BytesRef<'_> {
    type Target = PyMemBytes;
    #[inline(always)]
    fn deref(&self) -> &PyMemBytes {
        self.data
    }
}

impl Drop for BytesRef<'_> {
    #[inline(always)]
    fn drop(&mut self) {
        self.borrows.set(self.borrows.get() - 1);
    }
}

/// The exclusive borrow of [`ExportableBytes`]: the buffer or its slice.
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
    ffi_guard(|py| {
        if view.is_null() {
            return Err(exc::buffer_error(py, "getbuffer: view==NULL argument is obsolete"));
        }
        // SAFETY: CPython calls bf_getbuffer with an instance of the class.
        let this = unsafe { Instance::<T>::from_ptr(obj) };
        if T::READONLY && flags & ffi::PyBUF_WRITABLE as c_int != 0 {
            return Err(exc::buffer_error(py, "Object is not writable."));
        }
        let bytes = T::bytes(this);
        let format = T::format(this);
        let itemsize = T::itemsize(this).max(1);
        let exports = bytes.exports.get().checked_add(1).ok_or_else(|| exc::buffer_error(py, "too many exported buffers"))?;
        // Fails (SystemError) only if the class's own code holds a borrow.
        let mut data = bytes.try_write(|data| data).ok_or_else(|| exc::system_error(py, "buffer requested while in use"))?;
        // An empty buffer has no block; consumers get a valid pointer all
        // the same (C's `emptybuf`), which no one writes through: its
        // length is 0.
        static EMPTY: u8 = 0;
        let buf = if data.capacity() == 0 { &EMPTY as *const u8 as *mut c_void } else { data.as_mut_ptr() as *mut c_void };
        // SAFETY: a live object (CPython's caller); the view's new reference.
        let owner = unsafe { ffi::Py_NewRef(obj) };
        // The item count that `shape` points to is kept in the view's own
        // `internal` field (C's array points at its `ob_size`, which this
        // layout does not have), and `strides` at the view's `itemsize`, as
        // C's array does: both live exactly as long as the view.
        // SAFETY: `view` is not null (checked above); only the addresses of
        // its fields are taken.
        let internal = unsafe { &raw mut (*view).internal };
        // SAFETY: as above.
        let itemsize_field = unsafe { &raw mut (*view).itemsize };
        // Item sizes are usually powers of two: no division then.
        let count = if itemsize.is_power_of_two() { data.len() >> itemsize.trailing_zeros() } else { data.len() / itemsize };
        let wants = |request: u32| flags & request as c_int == request as c_int;
        let filled = ffi::Py_buffer {
            buf,
            obj: owner,
            len: data.len() as ffi::Py_ssize_t,
            itemsize: itemsize as ffi::Py_ssize_t,
            readonly: T::READONLY as c_int,
            ndim: 1,
            format: if wants(ffi::PyBUF_FORMAT) { format.as_ptr().cast_mut() } else { core::ptr::null_mut() },
            shape: if flags & ffi::PyBUF_ND as c_int != 0 { internal.cast::<ffi::Py_ssize_t>() } else { core::ptr::null_mut() },
            strides: if wants(ffi::PyBUF_STRIDES) { itemsize_field } else { core::ptr::null_mut() },
            suboffsets: core::ptr::null_mut(),
            // The item count, as a word (see the assertion below).
            internal: core::ptr::without_provenance_mut(count),
        };
        // SAFETY: `view` is the consumer's to fill.  `buf` stays valid until
        // bf_releasebuffer: the bytes are not reallocated while `exports` is
        // positive.
        unsafe { view.write(filled) };
        bytes.exports.set(exports);
        Ok::<c_int, PyErr>(0)
    })
}

// `internal` holds the item count (see bf_getbuffer).
const _: () = assert!(core::mem::size_of::<*mut c_void>() == core::mem::size_of::<ffi::Py_ssize_t>());

unsafe extern "C" fn bf_releasebuffer<T: BufferExport>(obj: *mut ffi::PyObject, _view: *mut ffi::Py_buffer) {
    ffi_guard_unraisable(|_| {
        // SAFETY: CPython calls bf_releasebuffer with the instance that filled the view.
        let this = unsafe { Instance::<T>::from_ptr(obj) };
        let bytes = T::bytes(this);
        bytes.exports.set(bytes.exports.get() - 1);
    });
}

/// `[bf_getbuffer, bf_releasebuffer]`.
pub const fn slots<T: BufferExport>() -> [crate::class::Slot<T>; 2] {
    type GetBuffer = unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::Py_buffer, c_int) -> c_int;
    type ReleaseBuffer = unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::Py_buffer);
    [
        crate::class::Slot::new(ffi::Py_bf_getbuffer, bf_getbuffer::<T> as GetBuffer as *mut c_void),
        crate::class::Slot::new(ffi::Py_bf_releasebuffer, bf_releasebuffer::<T> as ReleaseBuffer as *mut c_void),
    ]
}

/// Bytes that are not the Rust heap's (a memory map) and that their owner
/// keeps at one address while pinned: implemented only in this crate, by
/// types whose every way to free or move the bytes refuses while pins are
/// counted ([`crate::os::mmap::SharedRegion`]).
///
/// # Safety
/// After `pin` returns `Some((start, len))`, `len` bytes at `start` must stay
/// readable (and writable, unless the exporter says read-only) at that
/// address until the matching `unpin`.
pub unsafe trait PinnedBytes {
    /// The address and length of the bytes, counting one more pin; `None`
    /// when there are none to export.
    fn pin(&self) -> Option<(*mut u8, usize)>;
    /// Ends one pin.
    fn unpin(&self);
}

/// A class whose instances export [`PinnedBytes`] as a one-dimensional
/// buffer of unsigned bytes (`PyBuffer_FillInfo`, as C's `mmap` does).
pub trait PinnedExport: PyClass {
    type Bytes: PinnedBytes;
    fn pinned(this: &Instance<Self>) -> &Self::Bytes;
    /// Whether consumers may only read ("Object is not writable." to a
    /// request for a writable buffer).
    fn readonly(this: &Instance<Self>) -> bool;
    /// The error when there are no bytes to export (a closed map).
    fn unavailable(this: &Instance<Self>) -> PyErr;
}

unsafe extern "C" fn pinned_getbuffer<T: PinnedExport>(obj: *mut ffi::PyObject, view: *mut ffi::Py_buffer, flags: c_int) -> c_int {
    ffi_guard(|_| {
        // SAFETY: CPython calls bf_getbuffer with an instance of the class.
        let this = unsafe { Instance::<T>::from_ptr(obj) };
        let bytes = T::pinned(this);
        let (start, len) = bytes.pin().ok_or_else(|| T::unavailable(this))?;
        // SAFETY: `view` is the consumer's to fill (FillInfo refuses null);
        // `len` bytes at `start` stay valid until bf_releasebuffer unpins
        // them; FillInfo takes its own reference to `obj`.
        let filled = unsafe {
            ffi::PyBuffer_FillInfo(view, obj, start.cast(), len as ffi::Py_ssize_t, T::readonly(this) as c_int, flags)
        };
        if filled < 0 {
            bytes.unpin();
            return Err(PyErr::fetched());
        }
        Ok::<c_int, PyErr>(0)
    })
}

unsafe extern "C" fn pinned_releasebuffer<T: PinnedExport>(obj: *mut ffi::PyObject, _view: *mut ffi::Py_buffer) {
    ffi_guard_unraisable(|_| {
        // SAFETY: CPython calls bf_releasebuffer with the instance that filled the view.
        let this = unsafe { Instance::<T>::from_ptr(obj) };
        T::pinned(this).unpin();
    });
}

/// `[bf_getbuffer, bf_releasebuffer]` of a [`PinnedExport`] class.
pub const fn pinned_slots<T: PinnedExport>() -> [crate::class::Slot<T>; 2] {
    type GetBuffer = unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::Py_buffer, c_int) -> c_int;
    type ReleaseBuffer = unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::Py_buffer);
    [
        crate::class::Slot::new(ffi::Py_bf_getbuffer, pinned_getbuffer::<T> as GetBuffer as *mut c_void),
        crate::class::Slot::new(ffi::Py_bf_releasebuffer, pinned_releasebuffer::<T> as ReleaseBuffer as *mut c_void),
    ]
}

/// A `bytes` copy of `range` of pinned bytes (`None` when there are none,
/// a closed map), copied by `PyBytes_FromStringAndSize` in one pass; the
/// bytes stay pinned during the copy, so nothing can free them meanwhile.
/// Panics if `range` goes past their end.
#[inline]
pub fn copy_pinned(_py: Python<'_>, bytes: &impl PinnedBytes, range: core::ops::Range<usize>) -> Option<PyResult<crate::object::Owned<crate::object::PyBytes>>> {
    let (start, len) = bytes.pin()?;
    struct Unpin<'a, B: PinnedBytes>(&'a B);
    impl<B: PinnedBytes> Drop for Unpin<'_, B> {
        fn drop(&mut self) {
            self.0.unpin();
        }
    }
    let _pinned = Unpin(bytes);
    assert!(range.start <= range.end && range.end <= len, "pinned range out of bounds");
    // SAFETY: `range` lies within the `len` pinned bytes (checked above),
    // which stay valid while pinned; CPython copies them with memcpy (no
    // Rust reference to them exists) into a new object, or fails with
    // MemoryError.
    let copy = unsafe { ffi::PyBytes_FromStringAndSize(start.wrapping_add(range.start).cast(), range.len() as ffi::Py_ssize_t) };
    // SAFETY: a new reference, or null with an exception set.
    Some(unsafe { crate::object::Owned::from_result(copy) })
}
