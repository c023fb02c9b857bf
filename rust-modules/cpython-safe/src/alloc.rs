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

use crate::boundary::PyResult;
use crate::boundary::Python;
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
        #[cfg(target_os = "linux")]
        if layout.size() >= LAZY_ZERO_FROM {
            // SAFETY: any size; null on failure.
            let block: *mut u8 = unsafe { ffi::PyMem_RawMalloc(layout.size()) }.cast();
            if !block.is_null() {
                // SAFETY: a new block of `size` writable bytes, ours alone.
                unsafe { zero_lazily(block, layout.size()) };
            }
            return block;
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

/// Zero-filled blocks at least this large have their whole pages zeroed by
/// the kernel, when first touched.  libbz2-rs-sys asks for its tables
/// zero-filled (3.6-7.6 MB, and 256 KB; libbzip2 leaves them uninitialized
/// and writes before it reads), and calloc clears a reused heap block
/// whole: a small stream cost 5-11 times C's time, nearly all of it in
/// memset.  Below this size, clearing costs less than the page faults.
/// (The only other callers are `vec![0; n]` of small sizes.)
#[cfg(target_os = "linux")]
const LAZY_ZERO_FROM: usize = 64 << 10;

/// Zeroes the `size` bytes at `block`: the whole pages by giving them back
/// (`madvise(MADV_DONTNEED)`: private anonymous memory, which malloc's heap
/// and mapped chunks are, reads as zeros afterwards and is mapped again on
/// first touch), the bytes around them, or all when the kernel refuses
/// (locked or huge-page memory), with memset.
///
/// # Safety
/// `block` is a block of at least `size` writable bytes that nothing else
/// uses, from an allocator of private anonymous memory.
#[cfg(target_os = "linux")]
unsafe fn zero_lazily(block: *mut u8, size: usize) {
    // SAFETY: sysconf has no preconditions.
    let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(0);
    let head = (block as usize).next_multiple_of(page.max(1)) - block as usize;
    let pages = if page == 0 || head >= size { 0 } else { (size - head) / page * page };
    if pages == 0 {
        // SAFETY: the caller's block.
        unsafe { block.write_bytes(0, size) };
        return;
    }
    // SAFETY: `head < size`: inside the caller's block.
    let inner = unsafe { block.add(head) };
    // SAFETY: whole pages inside the caller's block, which nothing else uses
    // (an allocator keeps its bookkeeping outside the blocks it hands out).
    let advised = unsafe { libc::madvise(inner.cast(), pages, libc::MADV_DONTNEED) };
    if advised != 0 {
        // SAFETY: the caller's block.
        unsafe { block.write_bytes(0, size) };
        return;
    }
    // SAFETY: the bytes before the pages, inside the caller's block.
    unsafe { block.write_bytes(0, head) };
    // SAFETY: `head + pages <= size`: the bytes after the pages, inside the
    // caller's block.
    let tail = unsafe { inner.add(pages) };
    // SAFETY: as said.
    unsafe { tail.write_bytes(0, size - head - pages) };
}

/// Fallible growth of Rust collections: `MemoryError` when the memory cannot
/// be had, never an abort.
pub trait TryGrow {
    /// Room for `additional` more elements (bytes, for a `String`).
    fn try_grow(&mut self, py: Python<'_>, additional: usize) -> PyResult<()>;
}

impl<T> TryGrow for Vec<T> {
    #[inline]
    fn try_grow(&mut self, py: Python<'_>, additional: usize) -> PyResult<()> {
        if self.capacity() - self.len() >= additional {
            return Ok(());
        }
        self.try_reserve(additional).map_err(|_| exc::no_memory(py))
    }
}

impl TryGrow for String {
    #[inline]
    fn try_grow(&mut self, py: Python<'_>, additional: usize) -> PyResult<()> {
        if self.capacity() - self.len() >= additional {
            return Ok(());
        }
        self.try_reserve(additional).map_err(|_| exc::no_memory(py))
    }
}

/// Appending to a vector, fallibly.
pub trait TryPush<T> {
    /// Appends one element.
    fn try_push(&mut self, py: Python<'_>, value: T) -> PyResult<()>;
    /// Appends the elements of a slice.
    fn try_extend_from_slice(&mut self, py: Python<'_>, items: &[T]) -> PyResult<()>
    where
        T: Clone;
}

impl<T> TryPush<T> for Vec<T> {
    #[inline]
    fn try_push(&mut self, py: Python<'_>, value: T) -> PyResult<()> {
        self.try_grow(py, 1)?;
        self.push(value);
        Ok(())
    }

    #[inline]
    fn try_extend_from_slice(&mut self, py: Python<'_>, items: &[T]) -> PyResult<()>
    where
        T: Clone,
    {
        self.try_grow(py, items.len())?;
        self.extend_from_slice(items);
        Ok(())
    }
}

/// Appending text to a `String`, fallibly.
pub trait TryPushStr {
    fn try_push_str(&mut self, py: Python<'_>, text: &str) -> PyResult<()>;
}

impl TryPushStr for String {
    #[inline]
    fn try_push_str(&mut self, py: Python<'_>, text: &str) -> PyResult<()> {
        self.try_grow(py, text.len())?;
        self.push_str(text);
        Ok(())
    }
}

/// An empty vector with room for `capacity` elements, or `MemoryError`.
#[inline]
pub fn try_with_capacity<T>(py: Python<'_>, capacity: usize) -> PyResult<Vec<T>> {
    let mut vec = Vec::new();
    vec.try_reserve_exact(capacity).map_err(|_| exc::no_memory(py))?;
    Ok(vec)
}

/// `size` zero bytes, or `MemoryError`.
pub fn try_zeroed(py: Python<'_>, size: usize) -> PyResult<Vec<u8>> {
    let mut bytes = try_with_capacity(py, size)?;
    bytes.resize(size, 0);
    Ok(bytes)
}

// This thread's spare byte buffer (plain data: no Python object).
std::thread_local! {
    static SPARE_BYTES: core::cell::Cell<Vec<u8>> = const { core::cell::Cell::new(Vec::new()) };
}

/// The largest allocation [`recycle_bytes`] keeps.
const SPARE_LIMIT: usize = 1 << 16;

/// An empty byte buffer in this thread's spare allocation, if it has one
/// (a nested use finds none and starts afresh): code that builds text in a
/// new buffer on every call then allocates nothing on a warm call.
pub fn spare_bytes() -> Vec<u8> {
    SPARE_BYTES.with(core::cell::Cell::take)
}

/// Keeps `buf`'s allocation for the next [`spare_bytes`] of this thread,
/// unless it is larger than 64 KiB.
pub fn recycle_bytes(mut buf: Vec<u8>) {
    if buf.capacity() <= SPARE_LIMIT {
        buf.clear();
        SPARE_BYTES.with(|spare| spare.set(buf));
    }
}

#[cfg(test)]
mod tests {
    /// Large zero-filled blocks read as zeros wherever they start, even in
    /// memory a dirty block just gave back.
    #[test]
    fn large_zeroed_blocks_are_zero() {
        for size in [(4 << 20) + 1, 3 << 20, (1 << 20) + 4095] {
            let dirty = vec![0xa5u8; size];
            drop(dirty);
            let zeroed = vec![0u8; size];
            assert!(zeroed.iter().all(|&byte| byte == 0));
            let words = vec![0u32; size / 4];
            assert!(words.iter().all(|&word| word == 0));
        }
    }
}
