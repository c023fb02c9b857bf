//! Memory maps: `mmap`, `munmap`, `mremap`, `msync`, `madvise` (the mmap
//! module), and the descriptor calls around them (`dup`, `fstat`,
//! `ftruncate`).
//!
//! [`Region`] owns one mapping and unmaps it on drop.  [`SharedRegion`] is
//! what a Python object holds: a region taken apart (its address, `None`
//! once closed, and its length) with the count of buffers exported over
//! it.  It never hands out a lasting
//! Rust reference to the mapped bytes.
//!
//! # What the safe API promises, and why it is sound
//!
//! Mapped memory is not ordinary Rust memory: the bytes can change under
//! us.  Another process can write a shared mapping at any time, and so can
//! code in this process that holds an exported buffer (a `memoryview`, or
//! a C consumer such as `readinto` that writes into it with the GIL
//! released).  So:
//!
//! * Single bytes, copies in and out (`write`, slice assignment, `move`,
//!   extended slices) go through raw-pointer reads and writes
//!   ([`SharedRegion::byte`], [`SharedRegion::write_held`],
//!   [`SharedRegion::copy_within`], ...): no `&[u8]` or `&mut [u8]` over
//!   the mapping exists while they run, and a source that is itself a view
//!   of the mapping (`m[0:4] = memoryview(m)[4:8]`) is copied with
//!   `memmove`, byte order as C's loops where the C code loops.
//! * A search (`find`, `readline`) needs a slice: [`SharedRegion::read`]
//!   lends `&[u8]` to a `Send` closure for the duration of that one
//!   operation, as [`HeldBytes::read`](crate::buffer::HeldBytes::read)
//!   lends an exporter's bytes.  The closure can hold neither the
//!   thread-state token nor an object, so no Python code runs while the
//!   slice lives, and no other thread can run Python code either (this one
//!   holds the GIL): nothing in this interpreter can close, resize or write
//!   the map through Python meanwhile.  A `SharedRegion` is `!Sync`, so the
//!   closure cannot reach the region either.  Writers that need no GIL (a
//!   process sharing the file, a consumer writing without the GIL) can
//!   still change bytes during the search, exactly as they can under C's
//!   `memchr`/fastsearch over the same memory: the result then reflects
//!   some mix of old and new bytes.  Rust's memory model has no word for
//!   memory that another process writes (formally a race with the slice);
//!   what the compiler may assume of a `&[u8]` is only that this program
//!   does not change it meanwhile, which holds, and nothing derives a Rust
//!   invariant from the contents (they are plain bytes; every position
//!   found is checked against the slice), so a foreign write can change
//!   the answer but not make an access stray.  The layer reads a
//!   `bytearray` exported to a GIL-free writer the same way
//!   ([`HeldBytes`](crate::buffer::HeldBytes)).
//! * The mapping itself only goes away or moves through `&self` methods
//!   that refuse while buffers are exported ([`SharedRegion::take`],
//!   [`SharedRegion::remap`]), so a consumer's pointer stays valid until it
//!   releases its view; the export slots pin the region through
//!   [`PinnedBytes`].  Every access checks its range against the current
//!   length and panics (a `SystemError`, never a stray access) when a
//!   caller's own checks went wrong.
//!
//! What the kernel does to a mapping is not the program's to prevent, and
//! ends the process as it ends C's: reading a map made without
//! `PROT_READ` (`SIGSEGV`), or the pages of a mapped file that another
//! process truncated (`SIGBUS`: C on Linux installs no handler and dies,
//! and so does this one).

use core::cell::Cell;
use core::mem::ManuallyDrop;
use core::ffi::c_int;
use core::ops::Range;
use core::ptr::NonNull;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

use super::Errno;
use crate::buffer::export::PinnedBytes;
use crate::buffer::HeldBytes;

/// One mapping made by `mmap`, unmapped on drop.
pub struct Region {
    /// The first mapped byte (never null: see [`Region::map`]; the niche
    /// keeps `Option<Region>` two words).
    start: NonNull<u8>,
    len: usize,
}

// SAFETY: a region owns its mapping (nothing else refers to it), so it may
// be unmapped from another thread, as `close` does with the GIL released.
unsafe impl Send for Region {}

impl Region {
    /// `mmap(NULL, len, prot, flags, fd, offset)`: the kernel picks the
    /// address, so no existing memory is replaced.  A mapping at address 0
    /// (only `MAP_FIXED` with the privilege to map page 0 can make one) is
    /// given back and refused with `EINVAL`: a slice cannot start at null.
    pub fn map(len: usize, prot: c_int, flags: c_int, fd: RawFd, offset: libc::off_t) -> Result<Region, Errno> {
        // SAFETY: a new mapping at an address the kernel chooses (the hint
        // is null); the other arguments are plain values the kernel checks.
        let start = unsafe { libc::mmap(core::ptr::null_mut(), len, prot, flags, fd, offset) };
        if start == libc::MAP_FAILED {
            return Err(Errno::last());
        }
        let Some(start) = NonNull::new(start.cast::<u8>()) else {
            // SAFETY: the mapping just made at address 0, given back.
            unsafe { libc::munmap(core::ptr::null_mut(), len) };
            return Err(Errno(libc::EINVAL));
        };
        Ok(Region { start, len })
    }

    /// The mapped length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// `mremap(start, len, new_len, MREMAP_MAYMOVE)` (Linux): the mapping
    /// may move; nothing refers to it but `self`, borrowed exclusively.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn remap(&mut self, new_len: usize) -> Result<(), Errno> {
        // SAFETY: this region's own mapping, which no reference borrows
        // (`&mut self`); the new address replaces the old one.
        let moved = unsafe { libc::mremap(self.start.as_ptr().cast(), self.len, new_len, libc::MREMAP_MAYMOVE) };
        if moved == libc::MAP_FAILED {
            return Err(Errno::last());
        }
        // The kernel keeps a mapping that was not at 0 away from 0.
        self.start = NonNull::new(moved.cast()).expect("mremap moved the mapping to address 0");
        self.len = new_len;
        Ok(())
    }

    /// Without `mremap` (C's "resizing not available--no mremap()").
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    fn remap(&mut self, _new_len: usize) -> Result<(), Errno> {
        Err(Errno(libc::ENOSYS))
    }

}

impl Drop for Region {
    fn drop(&mut self) {
        // SAFETY: the mapping this region owns, unmapped once; no reference
        // to it outlives the region.  An error leaves nothing to do.
        unsafe { libc::munmap(self.start.as_ptr().cast(), self.len) };
    }
}

/// Why a [`SharedRegion`] refused to give up or move its mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemapError {
    /// Closed already.
    Closed,
    /// Buffers over the mapping are still exported.
    Exported,
    /// The system call failed.
    Os(Errno),
}

/// Where the mapping of a [`SharedRegion`] is now (a copy: the mapping
/// stays the shared region's).
#[derive(Clone, Copy)]
struct Mapped {
    start: NonNull<u8>,
    len: usize,
}

impl Mapped {
    /// The address of byte `range.start`, after checking that `range` lies
    /// within the mapping (a panic, never an access outside it).
    #[inline(always)]
    fn at(self, range: Range<usize>) -> *mut u8 {
        assert!(range.start <= range.end && range.end <= self.len, "mapped range out of bounds");
        self.start.as_ptr().wrapping_add(range.start)
    }
}

/// The mapping of a Python object: a [`Region`] taken apart (its address
/// until closed, and the length it had: C's `size`, which outlives the
/// mapping), and the number of buffers exported over it, in three words as
/// C's fields.  See the module documentation for how its bytes may be read
/// and written.
pub struct SharedRegion {
    /// The mapping of `len` bytes that this value owns; `None` once closed.
    start: Cell<Option<NonNull<u8>>>,
    len: Cell<usize>,
    /// A C int's worth, as the consumers of one map are few (the object
    /// is as small as C's).
    exports: Cell<u32>,
}

impl SharedRegion {
    pub fn new(region: Region) -> Self {
        // Taken apart: `Drop` (or `take`) puts it together again.
        let region = ManuallyDrop::new(region);
        SharedRegion { start: Cell::new(Some(region.start)), len: Cell::new(region.len), exports: Cell::new(0) }
    }

    /// Where the mapping is, if still mapped.
    #[inline(always)]
    fn region(&self) -> Option<Mapped> {
        self.start.get().map(|start| Mapped { start, len: self.len.get() })
    }

    /// Whether the mapping is still there.
    #[inline(always)]
    pub fn is_open(&self) -> bool {
        self.region().is_some()
    }

    /// The length: the mapping's, or the last one it had once closed.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len.get()
    }

    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many exported buffers are alive.
    #[inline(always)]
    pub fn exports(&self) -> usize {
        self.exports.get() as usize
    }

    /// The mapped bytes `range`, lent to `read` for this one operation
    /// (see the module documentation); `None` once closed.
    #[inline]
    pub fn read<R>(&self, range: Range<usize>, read: impl FnOnce(&[u8]) -> R + Send) -> Option<R> {
        let region = self.region()?;
        let len = range.len();
        let start = region.at(range);
        // SAFETY: `len` mapped bytes (checked by `at`), kept mapped while
        // `read` runs: it can reach neither Python code nor this region.
        Some(read(unsafe { core::slice::from_raw_parts(start, len) }))
    }

    /// As [`read`](Self::read), with the bytes of another buffer (a needle
    /// that may itself be a view of this mapping: both are only read).
    #[inline]
    pub fn read_with<R>(&self, range: Range<usize>, other: &HeldBytes<'_>, read: impl FnOnce(&[u8], &[u8]) -> R + Send) -> Option<R> {
        let region = self.region()?;
        let len = range.len();
        let start = region.at(range);
        // SAFETY: as in `read`.
        let mapped = unsafe { core::slice::from_raw_parts(start, len) };
        Some(other.read(|other| read(mapped, other)))
    }

    /// Byte `at`; `None` once closed.
    #[inline(always)]
    pub fn byte(&self, at: usize) -> Option<u8> {
        let region = self.region()?;
        let byte = region.at(at..at + 1);
        // SAFETY: a mapped byte (checked by `at`), read without a reference.
        Some(unsafe { byte.read() })
    }

    /// Writes byte `at`; `None` once closed.
    #[inline(always)]
    pub fn set_byte(&self, at: usize, value: u8) -> Option<()> {
        let region = self.region()?;
        let byte = region.at(at..at + 1);
        // SAFETY: a mapped byte (checked by `at`), written without a
        // reference; the caller refuses maps not made writable, and a
        // write to one would fault as C's does.
        unsafe { byte.write(value) };
        Some(())
    }

    /// Copies `bytes` to `at..`, as `memmove` (they may be a view of this
    /// very mapping); `None` once closed.
    #[inline]
    pub fn write_held(&self, at: usize, bytes: &HeldBytes<'_>) -> Option<()> {
        let region = self.region()?;
        let dest = region.at(at..at + bytes.len());
        if bytes.is_empty() {
            // An empty view's address may be null, which `copy` refuses.
            return Some(());
        }
        // SAFETY: `bytes.len()` mapped bytes (checked by `at`) and as many
        // readable source bytes, neither borrowed as a Rust reference
        // during the copy; `copy` allows them to overlap.
        unsafe { core::ptr::copy(bytes.as_ptr(), dest, bytes.len()) };
        Some(())
    }

    /// Writes `bytes[i]` to `start + i * step` for each `i`, in that order
    /// (C's loop, which gives the same result when the source is a view of
    /// this mapping); `None` once closed.
    pub fn write_strided(&self, start: usize, step: isize, bytes: &HeldBytes<'_>) -> Option<()> {
        let region = self.region()?;
        let positions = strided(start, step, bytes.len());
        if let Some((first, last)) = positions.clone().next().zip(positions.clone().last()) {
            region.at(first.min(last)..first.max(last) + 1);
        }
        let source = bytes.as_ptr();
        for (i, at) in positions.enumerate() {
            // SAFETY: `i < bytes.len()`: a readable source byte, read
            // without a reference.
            let value = unsafe { source.wrapping_add(i).read() };
            // SAFETY: every position lies within the range checked above.
            unsafe { region.start.as_ptr().wrapping_add(at).write(value) };
        }
        Some(())
    }

    /// Reads `start + i * step` into `out[i]` for each `i`; `None` once
    /// closed.
    pub fn gather(&self, start: usize, step: isize, out: &mut [u8]) -> Option<()> {
        let region = self.region()?;
        let positions = strided(start, step, out.len());
        if let Some((first, last)) = positions.clone().next().zip(positions.clone().last()) {
            region.at(first.min(last)..first.max(last) + 1);
        }
        for (slot, at) in out.iter_mut().zip(positions) {
            // SAFETY: every position lies within the range checked above;
            // read without a reference.
            *slot = unsafe { region.start.as_ptr().wrapping_add(at).read() };
        }
        Some(())
    }

    /// `memmove` of `count` bytes from `src` to `dest` within the mapping;
    /// `None` once closed.
    pub fn copy_within(&self, src: usize, dest: usize, count: usize) -> Option<()> {
        let region = self.region()?;
        let from = region.at(src..src + count);
        let to = region.at(dest..dest + count);
        // SAFETY: both ranges are mapped (checked by `at`) and borrowed by
        // no reference; `copy` allows them to overlap.
        unsafe { core::ptr::copy(from, to, count) };
        Some(())
    }

    /// `msync(start + offset, len, MS_SYNC)`; `None` once closed.
    pub fn sync(&self, offset: usize, len: usize) -> Option<Result<(), Errno>> {
        let region = self.region()?;
        let start = region.at(offset..offset + len);
        // SAFETY: a range of this mapping (checked by `at`); msync only
        // writes dirty pages back to the file.
        let result = unsafe { libc::msync(start.cast(), len, libc::MS_SYNC) };
        Some(if result == -1 { Err(Errno::last()) } else { Ok(()) })
    }

    /// `madvise(start + offset, len, advice)`; `None` once closed.
    ///
    /// Advice that discards pages (`MADV_DONTNEED`, `MADV_REMOVE`,
    /// `MADV_FREE`) changes what the bytes read as, as a write would: no
    /// Rust reference to them is alive meanwhile (see the module
    /// documentation).
    pub fn advise(&self, offset: usize, len: usize, advice: c_int) -> Option<Result<(), Errno>> {
        let region = self.region()?;
        let start = region.at(offset..offset + len);
        // SAFETY: a range of this mapping (checked by `at`), borrowed by no
        // reference.
        let result = unsafe { libc::madvise(start.cast(), len, advice) };
        Some(if result == 0 { Ok(()) } else { Err(Errno::last()) })
    }

    /// Gives up the mapping (to unmap it, perhaps without the GIL): refused
    /// while buffers are exported.
    pub fn take(&self) -> Result<Option<Region>, RemapError> {
        if self.exports() > 0 {
            return Err(RemapError::Exported);
        }
        // No consumer holds a pointer into the mapping (no exports), and no
        // method of this type keeps one past its own call.
        Ok(self.start.take().map(|start| Region { start, len: self.len.get() }))
    }

    /// Moves the mapping to `new_len` bytes (`mremap`, Linux): refused
    /// while buffers are exported, or once closed.
    pub fn remap(&self, new_len: usize) -> Result<(), RemapError> {
        if self.exports() > 0 {
            return Err(RemapError::Exported);
        }
        // As in `take`; the region stays this value's whatever the outcome.
        let start = self.start.get().ok_or(RemapError::Closed)?;
        let mut region = ManuallyDrop::new(Region { start, len: self.len.get() });
        region.remap(new_len).map_err(RemapError::Os)?;
        self.start.set(Some(region.start));
        self.len.set(region.len);
        Ok(())
    }
}

impl Drop for SharedRegion {
    fn drop(&mut self) {
        // Put together again, to be unmapped (no view can be left: each
        // holds a reference to the owner).
        if let Some(start) = self.start.take() {
            drop(Region { start, len: self.len.get() });
        }
    }
}

/// The positions `start + i * step` for `i` in `0..count` (slice indices
/// adjusted by `PySlice_AdjustIndices`, so never negative).
fn strided(start: usize, step: isize, count: usize) -> impl Iterator<Item = usize> + Clone {
    (0..count).map(move |i| start.wrapping_add_signed(step.wrapping_mul(i as isize)))
}

// SAFETY: `pin` hands out the mapping's address and length and counts the
// export; while the count is positive `take` and `remap` refuse, so the
// memory stays mapped at that address until the matching `unpin`.
unsafe impl PinnedBytes for SharedRegion {
    #[inline(always)]
    fn pin(&self) -> Option<(*mut u8, usize)> {
        let region = self.region()?;
        let (start, len) = (region.start.as_ptr(), region.len);
        // Past u32::MAX pins the count would wrap: refuse as if closed
        // rather than let it.
        self.exports.set(self.exports.get().checked_add(1)?);
        Some((start, len))
    }

    #[inline(always)]
    fn unpin(&self) {
        self.exports.set(self.exports.get() - 1);
    }
}

/// `dup` as `_Py_dup` makes it: `fcntl(fd, F_DUPFD_CLOEXEC, 0)`, a new
/// descriptor that child processes do not inherit.
pub fn dup_noninheritable(fd: RawFd) -> Result<OwnedFd, Errno> {
    // SAFETY: duplicates a descriptor number; an invalid one fails (EBADF).
    let new = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if new < 0 {
        return Err(Errno::last());
    }
    // SAFETY: a new descriptor, owned by nothing else.
    Ok(unsafe { OwnedFd::from_raw_fd(new) })
}

/// `fstat(fd)` (any descriptor number: a bad one is `EBADF`).
pub fn fstat(fd: RawFd) -> Result<libc::stat, Errno> {
    // SAFETY: plain data, filled in by the call.
    let mut status: libc::stat = unsafe { core::mem::zeroed() };
    // SAFETY: a valid out-pointer; the descriptor is only inspected.
    if unsafe { libc::fstat(fd, &mut status) } == -1 {
        return Err(Errno::last());
    }
    Ok(status)
}

/// `ftruncate(fd, len)`.
pub fn ftruncate(fd: &OwnedFd, len: libc::off_t) -> Result<(), Errno> {
    // SAFETY: an open descriptor; the call changes the file's size only.
    if unsafe { libc::ftruncate(fd.as_raw_fd(), len) } == -1 {
        return Err(Errno::last());
    }
    Ok(())
}

/// `sysconf(_SC_PAGESIZE)`.
pub fn page_size() -> i64 {
    // SAFETY: a query without side effects.
    unsafe { libc::sysconf(libc::_SC_PAGESIZE) }
}
