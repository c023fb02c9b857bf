//! Memory: where Rust's heap comes from, and growth that fails with
//! `MemoryError` instead of aborting.
//!
//! * Every Rust allocation of the library goes through CPython's raw
//!   allocator (`PyMem_RawMalloc` and friends): `tracemalloc` traces it,
//!   `PYTHONMALLOC=debug` checks it, and a packager's allocator hooks see it,
//!   as they see C modules' memory.  The raw domain is the one that needs no
//!   GIL, so it also serves Rust code running with the GIL released.  Our
//!   copy of std is private to the library (configure-hooks/cargo-build.sh
//!   localizes its symbols), so this allocator serves our code only.
//! * Rust's infallible collections abort the process when an allocation
//!   fails; CPython raises `MemoryError`.  Every allocation whose size an
//!   input decides therefore goes through [`TryGrow`] (or [`try_zeroed`],
//!   [`try_with_capacity`]), which raise `MemoryError` on failure.

use core::alloc::{GlobalAlloc, Layout};
use core::ffi::c_void;

use crate::err::PyResult;
use crate::exc;
use crate::ffi;

/// CPython's raw allocator as Rust's global allocator.
struct RawDomain;

/// The alignment CPython's allocators guarantee for every block: malloc's
/// (two words) for the raw domain, and pymalloc's `ALIGNMENT` (16 bytes on
/// 64-bit targets, 8 on 32-bit ones) for objects and module state.
pub(crate) const MALLOC_ALIGN: usize = 2 * core::mem::size_of::<usize>();
const RAW_ALIGN: usize = MALLOC_ALIGN;

// SAFETY: the raw domain is thread-safe and needs no GIL (documented by
// CPython); it returns blocks aligned for any type up to RAW_ALIGN, or null.
// Larger alignments, which no code here asks for, go to the system allocator,
// and `dealloc`/`realloc` route by the same test on the same layout.
unsafe impl GlobalAlloc for RawDomain {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() > RAW_ALIGN {
            // SAFETY: forwarded from the caller (a non-zero-sized layout).
            return unsafe { std::alloc::System.alloc(layout) };
        }
        // SAFETY: any size; null on failure.
        unsafe { ffi::PyMem_RawMalloc(layout.size()) }.cast()
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() > RAW_ALIGN {
            // SAFETY: forwarded from the caller.
            return unsafe { std::alloc::System.alloc_zeroed(layout) };
        }
        // SAFETY: one element of the layout's size, zero-filled; null on failure.
        unsafe { ffi::PyMem_RawCalloc(1, layout.size()) }.cast()
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if layout.align() > RAW_ALIGN {
            // SAFETY: allocated by System with this layout (see alloc).
            return unsafe { std::alloc::System.dealloc(ptr, layout) };
        }
        // SAFETY: allocated by PyMem_RawMalloc/Calloc/Realloc (see alloc).
        unsafe { ffi::PyMem_RawFree(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() > RAW_ALIGN {
            // SAFETY: forwarded from the caller; System made the block.
            return unsafe { std::alloc::System.realloc(ptr, layout, new_size) };
        }
        // SAFETY: a block of the raw domain; null on failure leaves it intact.
        unsafe { ffi::PyMem_RawRealloc(ptr.cast::<c_void>(), new_size) }.cast()
    }
}

#[global_allocator]
static ALLOCATOR: RawDomain = RawDomain;

/// Fallible growth of Rust collections: `MemoryError` when the memory cannot
/// be had, never an abort.
pub trait TryGrow {
    /// Room for `additional` more elements (bytes, for a `String`).
    fn try_grow(&mut self, additional: usize) -> PyResult<()>;
}

impl<T> TryGrow for Vec<T> {
    #[inline]
    fn try_grow(&mut self, additional: usize) -> PyResult<()> {
        if self.capacity() - self.len() >= additional {
            return Ok(());
        }
        self.try_reserve(additional).map_err(|_| exc::no_memory())
    }
}

impl TryGrow for String {
    #[inline]
    fn try_grow(&mut self, additional: usize) -> PyResult<()> {
        if self.capacity() - self.len() >= additional {
            return Ok(());
        }
        self.try_reserve(additional).map_err(|_| exc::no_memory())
    }
}

/// Appending to a vector, fallibly.
pub trait TryPush<T> {
    /// Appends one element.
    fn try_push(&mut self, value: T) -> PyResult<()>;
    /// Appends the elements of a slice.
    fn try_extend_from_slice(&mut self, items: &[T]) -> PyResult<()>
    where
        T: Clone;
}

impl<T> TryPush<T> for Vec<T> {
    #[inline]
    fn try_push(&mut self, value: T) -> PyResult<()> {
        self.try_grow(1)?;
        self.push(value);
        Ok(())
    }

    #[inline]
    fn try_extend_from_slice(&mut self, items: &[T]) -> PyResult<()>
    where
        T: Clone,
    {
        self.try_grow(items.len())?;
        self.extend_from_slice(items);
        Ok(())
    }
}

/// Appending text to a `String`, fallibly.
pub trait TryPushStr {
    fn try_push_str(&mut self, text: &str) -> PyResult<()>;
}

impl TryPushStr for String {
    #[inline]
    fn try_push_str(&mut self, text: &str) -> PyResult<()> {
        self.try_grow(text.len())?;
        self.push_str(text);
        Ok(())
    }
}

/// An empty vector with room for `capacity` elements, or `MemoryError`.
#[inline]
pub fn try_with_capacity<T>(capacity: usize) -> PyResult<Vec<T>> {
    let mut vec = Vec::new();
    vec.try_reserve_exact(capacity).map_err(|_| exc::no_memory())?;
    Ok(vec)
}

/// `size` zero bytes, or `MemoryError`.
pub fn try_zeroed(size: usize) -> PyResult<Vec<u8>> {
    let mut bytes = try_with_capacity(size)?;
    bytes.resize(size, 0);
    Ok(bytes)
}
