//! Safe zlib streams for the `zlib` module, over zlib-rs.
//!
//! zlib-rs's own Rust API (`zlib_rs::{Deflate, Inflate}`) has no
//! `deflateCopy`/`inflateCopy` (`Compress.copy()`), panics where zlib
//! reports `Z_MEM_ERROR` at initialization, and does not take an allocator.
//! So the streams here drive zlib-rs through its C ABI (`libz-rs-sys`, the
//! zlib API on a `z_stream`, the calls CPython's C module makes), each
//! unsafe call with its reasoning, behind a safe API:
//!
//! * [`Deflater`] and [`Inflater`] own one initialized `z_stream` each
//!   (boxed: zlib's contract is that a stream does not move).  Every call
//!   lends its input and output for that call only: the pointers in the
//!   stream are cleared afterwards, so no pointer outlives its buffer.
//! * Output goes into the spare capacity of a `Vec<u8>` (whose length grows
//!   by what the codec wrote): the caller reserves it fallibly, the codec
//!   writes uninitialized memory without zero-filling it first.
//! * The codec's memory comes from Rust's global allocator (CPython's raw
//!   domain in the interpreter, as C's `PyZlib_Malloc` uses
//!   `PyMem_RawMalloc`), and its failure is zlib's `Z_MEM_ERROR`, never an
//!   abort.
//! * The return codes stay zlib's (`Z_OK`, `Z_BUF_ERROR`, ...): the module
//!   branches on them exactly as the C module does.
//!
//! [`crc32`] is the CRC-32 of both `zlib` and `binascii` (one
//! implementation for `binascii.crc32` and `zlib.crc32`); [`adler32`] is
//! zlib-rs's.

use core::ffi::{c_int, c_uint, c_void, CStr};
use std::alloc::Layout;

use libz_rs_sys as z;

pub use libz_rs_sys::{
    Z_BEST_COMPRESSION, Z_BEST_SPEED, Z_BLOCK, Z_BUF_ERROR, Z_DATA_ERROR, Z_DEFAULT_COMPRESSION, Z_DEFAULT_STRATEGY,
    Z_DEFLATED, Z_FILTERED, Z_FINISH, Z_FIXED, Z_FULL_FLUSH, Z_HUFFMAN_ONLY, Z_MEM_ERROR, Z_NEED_DICT, Z_NO_COMPRESSION,
    Z_NO_FLUSH, Z_OK, Z_PARTIAL_FLUSH, Z_RLE, Z_STREAM_END, Z_STREAM_ERROR, Z_SYNC_FLUSH, Z_TREES, Z_VERSION_ERROR,
};

/// zlib's largest window (`MAX_WBITS`).
pub const MAX_WBITS: c_int = 15;
/// zlib's largest `memLevel` (`MAX_MEM_LEVEL`).
pub const MAX_MEM_LEVEL: c_int = 9;

/// The version string zlib-rs's C ABI reports (`zlibVersion()`): the zlib
/// API it implements, then `-zlib-rs-` and its version, e.g.
/// `1.3.0-zlib-rs-0.6.8`.
pub fn version() -> &'static str {
    // SAFETY: zlibVersion returns a pointer to a static NUL-terminated string.
    let version = unsafe { CStr::from_ptr(z::zlibVersion()) };
    version.to_str().unwrap_or("")
}

/// CRC-32 (zlib's, also binascii's) of `data`, continuing from `crc`:
/// crc32fast, measured twice as fast as zlib-rs's own at 1 KiB and 1 MiB.
#[inline]
pub fn crc32(data: &[u8], crc: u32) -> u32 {
    let mut hasher = crc32fast::Hasher::new_with_initial(crc);
    hasher.update(data);
    hasher.finalize()
}

/// Adler-32 of `data`, continuing from `adler`.
#[inline]
pub fn adler32(data: &[u8], adler: u32) -> u32 {
    if data.is_empty() {
        // zlib reduces both halves modulo 65521 even over no data (a start
        // value of 0xFFFFFFFF gives 0x000E000E); zlib-rs returns it as is.
        const BASE: u32 = 65521;
        return ((adler & 0xFFFF) % BASE) | (((adler >> 16) % BASE) << 16);
    }
    zlib_rs::adler32::adler32(adler, data)
}

/// What one `deflate`/`inflate` call did: zlib's return code and how many
/// bytes it consumed and produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub code: c_int,
    pub read: usize,
    pub written: usize,
}

/// An initialization that failed: zlib's code and the stream's message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InitError {
    pub code: c_int,
    pub message: Option<&'static str>,
}

/// The block header of [`zalloc`]: the block's size, and the alignment
/// Rust's allocator (CPython's raw domain) gives every block.
const HEADER: usize = 16;

/// zlib's `zalloc`: `items * size` bytes from Rust's global allocator, or
/// null (zlib then reports `Z_MEM_ERROR`).  zlib-rs aligns what it needs
/// itself within the block.
unsafe extern "C" fn zalloc(_opaque: *mut c_void, items: c_uint, size: c_uint) -> *mut c_void {
    let total = (items as usize).checked_mul(size as usize).and_then(|bytes| bytes.checked_add(HEADER));
    let Some(layout) = total.and_then(|total| Layout::from_size_align(total, HEADER).ok()) else {
        return core::ptr::null_mut();
    };
    // SAFETY: the layout is not zero-sized (it has the header); null on failure.
    let block = unsafe { std::alloc::alloc(layout) };
    if block.is_null() {
        return block.cast();
    }
    // SAFETY: the block starts with HEADER bytes, aligned for a usize.
    unsafe { block.cast::<usize>().write(layout.size()) };
    // SAFETY: the block is larger than its header.
    unsafe { block.add(HEADER) }.cast()
}

/// zlib's `zfree` of a block from [`zalloc`].
unsafe extern "C" fn zfree(_opaque: *mut c_void, address: *mut c_void) {
    if address.is_null() {
        return;
    }
    // SAFETY: zlib only frees what zalloc returned: HEADER bytes into a block.
    let block = unsafe { address.cast::<u8>().sub(HEADER) };
    // SAFETY: zalloc wrote the block's size into its header.
    let size = unsafe { block.cast::<usize>().read() };
    // SAFETY: the size and alignment zalloc allocated the block with (a valid layout then).
    let layout = unsafe { Layout::from_size_align_unchecked(size, HEADER) };
    // SAFETY: allocated by std::alloc::alloc with this layout, freed once.
    unsafe { std::alloc::dealloc(block, layout) }
}

/// A `z_stream` before initialization: our allocator, no buffers.
fn new_stream() -> Box<z::z_stream> {
    Box::new(z::z_stream {
        next_in: core::ptr::null(),
        avail_in: 0,
        total_in: 0,
        // zlib-rs's copy functions refuse a null `next_out` (see `run`).
        next_out: core::ptr::NonNull::dangling().as_ptr(),
        avail_out: 0,
        total_out: 0,
        msg: core::ptr::null_mut(),
        state: core::ptr::null_mut(),
        zalloc: Some(zalloc),
        zfree: Some(zfree),
        opaque: core::ptr::null_mut(),
        data_type: 0,
        adler: 0,
        reserved: 0,
    })
}

/// The stream's `msg`, if zlib set one.
fn message(stream: &z::z_stream) -> Option<&'static str> {
    if stream.msg.is_null() {
        return None;
    }
    // SAFETY: zlib-rs sets `msg` only to its static NUL-terminated messages.
    let message = unsafe { CStr::from_ptr(stream.msg.cast_const()) };
    message.to_str().ok()
}

/// Lends `input` and at most `room` bytes of the spare capacity of
/// `output` to `stream` for one call of `codec` (deflate or inflate), then
/// clears the stream's buffer pointers and adds what the codec wrote to
/// `output`'s length.  At most 4 GiB - 1 of each per call (zlib's `uInt`);
/// the caller loops.
fn run(
    stream: &mut z::z_stream,
    input: &[u8],
    output: &mut Vec<u8>,
    room: usize,
    codec: impl FnOnce(&mut z::z_stream) -> c_int,
) -> Progress {
    let avail_in = input.len().min(c_uint::MAX as usize) as c_uint;
    let spare = output.spare_capacity_mut();
    let avail_out = spare.len().min(room).min(c_uint::MAX as usize) as c_uint;
    stream.next_in = input.as_ptr();
    stream.avail_in = avail_in;
    stream.next_out = spare.as_mut_ptr().cast();
    stream.avail_out = avail_out;
    let code = codec(stream);
    let read = (avail_in - stream.avail_in) as usize;
    let written = (avail_out - stream.avail_out) as usize;
    // No pointer into the caller's buffers stays behind; a dangling but
    // non-null `next_out` with nothing available is what zlib-rs's copy
    // functions expect of a stream between calls.
    stream.next_in = core::ptr::null();
    stream.avail_in = 0;
    stream.next_out = core::ptr::NonNull::dangling().as_ptr();
    stream.avail_out = 0;
    // SAFETY: the codec wrote `written` bytes from the start of the spare
    // capacity (zlib's contract: next_out advanced by what avail_out lost),
    // so they are initialized and within the capacity.
    unsafe { output.set_len(output.len() + written) };
    Progress { code, read, written }
}

/// A compression stream (`deflateInit2` .. `deflateEnd`).
pub struct Deflater {
    stream: Box<z::z_stream>,
}

// SAFETY: the stream's state is owned by this value alone (no pointer to
// it is shared), its allocator is thread-safe, and its buffer pointers are
// cleared between calls: it can move to another thread.
unsafe impl Send for Deflater {}

impl Deflater {
    /// `deflateInit2(level, method, wbits, mem_level, strategy)`.
    pub fn new(level: c_int, method: c_int, wbits: c_int, mem_level: c_int, strategy: c_int) -> Result<Self, InitError> {
        let mut stream = new_stream();
        let size = core::mem::size_of::<z::z_stream>() as c_int;
        // SAFETY: a valid stream with an allocator, the library's own
        // version string and the stream's size.
        let code = unsafe {
            z::deflateInit2_(&mut *stream, level, method, wbits, mem_level, strategy, z::zlibVersion(), size)
        };
        if code == Z_OK {
            Ok(Deflater { stream })
        } else {
            Err(InitError { code, message: message(&stream) })
        }
    }

    /// `deflateSetDictionary`; `dictionary` is at most 4 GiB - 1 long
    /// (longer is `Z_STREAM_ERROR`, as the module refuses it before).
    pub fn set_dictionary(&mut self, dictionary: &[u8]) -> c_int {
        let Ok(length) = c_uint::try_from(dictionary.len()) else { return Z_STREAM_ERROR };
        // SAFETY: an initialized (or ended: Z_STREAM_ERROR) stream and
        // `length` readable bytes.
        unsafe { z::deflateSetDictionary(&mut *self.stream, dictionary.as_ptr(), length) }
    }

    /// One `deflate(flush)` call over `input`, into at most `room` bytes of
    /// `output`'s spare capacity.
    pub fn deflate(&mut self, input: &[u8], output: &mut Vec<u8>, room: usize, flush: c_int) -> Progress {
        run(&mut self.stream, input, output, room, |stream| {
            // SAFETY: `run` lent valid input and output buffers to the
            // stream, for this call only.
            unsafe { z::deflate(stream, flush) }
        })
    }

    /// `deflateEnd`: frees the state; later calls fail with `Z_STREAM_ERROR`.
    pub fn end(&mut self) -> c_int {
        // SAFETY: an initialized or already ended stream (then Z_STREAM_ERROR).
        unsafe { z::deflateEnd(&mut *self.stream) }
    }

    /// `deflateCopy`: an independent stream in the same state, or zlib's code.
    pub fn try_clone(&mut self) -> Result<Self, c_int> {
        let mut copy = new_stream();
        // SAFETY: room for a stream and an initialized (or ended:
        // Z_STREAM_ERROR) source.
        let code = unsafe { z::deflateCopy(&mut *copy, &mut *self.stream) };
        if code == Z_OK {
            Ok(Deflater { stream: copy })
        } else {
            // A failed copy may hold the source's state pointer: never end it.
            copy.state = core::ptr::null_mut();
            Err(code)
        }
    }

    /// The stream's `msg`, as zlib-rs set it.
    pub fn message(&self) -> Option<&'static str> {
        message(&self.stream)
    }
}

impl Drop for Deflater {
    fn drop(&mut self) {
        self.end();
    }
}

/// A decompression stream (`inflateInit2` .. `inflateEnd`).
pub struct Inflater {
    stream: Box<z::z_stream>,
}

// SAFETY: as for Deflater.
unsafe impl Send for Inflater {}

impl Inflater {
    /// `inflateInit2(wbits)`.
    pub fn new(wbits: c_int) -> Result<Self, InitError> {
        let mut stream = new_stream();
        let size = core::mem::size_of::<z::z_stream>() as c_int;
        // SAFETY: a valid stream with an allocator, the library's own
        // version string and the stream's size.
        let code = unsafe { z::inflateInit2_(&mut *stream, wbits, z::zlibVersion(), size) };
        if code == Z_OK {
            Ok(Inflater { stream })
        } else {
            Err(InitError { code, message: message(&stream) })
        }
    }

    /// `inflateSetDictionary`; as [`Deflater::set_dictionary`].
    pub fn set_dictionary(&mut self, dictionary: &[u8]) -> c_int {
        let Ok(length) = c_uint::try_from(dictionary.len()) else { return Z_STREAM_ERROR };
        // SAFETY: an initialized (or ended: Z_STREAM_ERROR) stream and
        // `length` readable bytes.
        unsafe { z::inflateSetDictionary(&mut *self.stream, dictionary.as_ptr(), length) }
    }

    /// One `inflate(flush)` call over `input`, into at most `room` bytes of
    /// `output`'s spare capacity.
    pub fn inflate(&mut self, input: &[u8], output: &mut Vec<u8>, room: usize, flush: c_int) -> Progress {
        run(&mut self.stream, input, output, room, |stream| {
            // SAFETY: `run` lent valid input and output buffers to the
            // stream, for this call only.
            unsafe { z::inflate(stream, flush) }
        })
    }

    /// `inflateEnd`: frees the state; later calls fail with `Z_STREAM_ERROR`.
    pub fn end(&mut self) -> c_int {
        // SAFETY: an initialized or already ended stream (then Z_STREAM_ERROR).
        unsafe { z::inflateEnd(&mut *self.stream) }
    }

    /// `inflateReset2`: the stream as `Inflater::new(wbits)` makes it, in
    /// the memory it has; `Z_STREAM_ERROR` for bad `wbits` or an ended
    /// stream.
    pub fn reset(&mut self, wbits: c_int) -> c_int {
        // SAFETY: an initialized or already ended stream (then Z_STREAM_ERROR).
        unsafe { z::inflateReset2(&mut *self.stream, wbits) }
    }

    /// `inflateCopy`: an independent stream in the same state, or zlib's code.
    pub fn try_clone(&mut self) -> Result<Self, c_int> {
        let mut copy = new_stream();
        // SAFETY: room for a stream and an initialized (or ended:
        // Z_STREAM_ERROR) source.
        let code = unsafe { z::inflateCopy(&mut *copy, &*self.stream) };
        if code == Z_OK {
            Ok(Inflater { stream: copy })
        } else {
            // A failed copy may hold the source's state pointer: never end it.
            copy.state = core::ptr::null_mut();
            Err(code)
        }
    }

    /// The stream's `msg`, as zlib-rs set it.
    pub fn message(&self) -> Option<&'static str> {
        message(&self.stream)
    }
}

impl Drop for Inflater {
    fn drop(&mut self) {
        self.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compress(data: &[u8], wbits: c_int) -> Vec<u8> {
        let mut deflater = Deflater::new(6, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY).unwrap();
        let mut out = Vec::with_capacity(data.len() + 64);
        let progress = deflater.deflate(data, &mut out, usize::MAX, Z_FINISH);
        assert_eq!((progress.code, progress.read), (Z_STREAM_END, data.len()));
        out
    }

    #[test]
    fn round_trip_through_a_copy() {
        let data = b"hello hello hello hello, zlib-rs".repeat(100);
        for wbits in [15, -15, 31] {
            let packed = compress(&data, wbits);
            let mut inflater = Inflater::new(if wbits == 31 { 47 } else { wbits }).unwrap();
            let mut first = Vec::with_capacity(64);
            let progress = inflater.inflate(&packed, &mut first, 10, Z_SYNC_FLUSH);
            assert_eq!((progress.code, progress.written), (Z_OK, 10));
            let mut copy = inflater.try_clone().unwrap();
            let mut rest = Vec::with_capacity(data.len());
            let progress = copy.inflate(&packed[progress.read..], &mut rest, usize::MAX, Z_SYNC_FLUSH);
            assert_eq!(progress.code, Z_STREAM_END);
            first.extend_from_slice(&rest);
            assert_eq!(first, data);
        }
    }

    #[test]
    fn errors_keep_zlib_codes_and_messages() {
        let mut fresh = Inflater::new(15).unwrap();
        assert!(fresh.try_clone().is_ok(), "a stream never used can be copied, as in zlib");
        let mut inflater = Inflater::new(15).unwrap();
        let mut out = Vec::with_capacity(16);
        let progress = inflater.inflate(b"not zlib", &mut out, 16, Z_SYNC_FLUSH);
        assert_eq!(progress.code, Z_DATA_ERROR);
        assert_eq!(inflater.message(), Some("incorrect header check"));
        assert_eq!(Inflater::new(99).err().map(|e| e.code), Some(Z_STREAM_ERROR));
        assert_eq!(Deflater::new(10, Z_DEFLATED, 15, 8, 0).err().map(|e| e.code), Some(Z_STREAM_ERROR));
        let mut ended = Deflater::new(1, Z_DEFLATED, 15, 8, 0).unwrap();
        assert_eq!(ended.end(), Z_OK);
        assert_eq!(ended.deflate(b"x", &mut out, 16, Z_NO_FLUSH).code, Z_STREAM_ERROR);
        assert!(ended.try_clone().is_err());
    }

    #[test]
    fn checksums() {
        assert_eq!(crc32(b"123456789", 0), 0xcbf4_3926);
        assert_eq!(crc32(b"56789", crc32(b"1234", 0)), 0xcbf4_3926);
        assert_eq!(adler32(b"Wikipedia", 1), 0x11e6_0398);
        assert_eq!(adler32(b"", 0xFFFF_FFFF), 917_518);
    }
}
