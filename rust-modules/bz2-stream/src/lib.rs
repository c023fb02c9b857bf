//! A safe interface to the compression and decompression streams of
//! `libbz2-rs-sys`, the Rust port of libbzip2 (same algorithm, same bytes),
//! for CPython's `_bz2` module.
//!
//! Only what the module needs: a stream per object, made with libbzip2's
//! defaults (no verbosity, the default work factor, the fast decompressor),
//! fed from a slice and writing into a vector's spare capacity, and every
//! return code of the library, so that the module maps them to exceptions
//! as C's `catch_bz2_error` does.  The `bz2` crate's safe API was not
//! enough: its constructors panic when libbzip2 runs out of memory (C
//! raises `MemoryError`).
//!
//! Memory: no `bzalloc`/`bzfree` callbacks are set, so libbz2-rs-sys
//! allocates through Rust's global allocator, which the library that links
//! this crate makes CPython's raw domain (`PyMem_RawMalloc`): tracemalloc
//! sees the stream's tables as it sees C's compressor's, whose callbacks
//! call `PyMem_RawMalloc` too (C's decompressor sets none: libbzip2
//! mallocs its tables unseen).  libbz2-rs-sys asks for them zeroed
//! (`calloc`), where libbzip2 leaves them uninitialized: 3.6 MB per
//! decompressed stream and 7.6 MB per level-9 compressor to clear, which
//! dominates the cost of a stream of a few bytes.

use core::ffi::{c_char, c_int, c_uint};
use core::ptr;

use libbz2_rs_sys as ffi;

/// A successful return code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// `BZ_OK`: progress, more to come.
    Ok,
    /// `BZ_RUN_OK`: the input given with [`Action::Run`] was taken.
    RunOk,
    /// `BZ_FLUSH_OK`: a flush is under way.
    FlushOk,
    /// `BZ_FINISH_OK`: the stream is being finished; call again.
    FinishOk,
    /// `BZ_STREAM_END`: the end of the stream was written or read.
    StreamEnd,
}

/// A failing return code of libbzip2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// `BZ_SEQUENCE_ERROR`: calls in an order the stream does not allow.
    Sequence,
    /// `BZ_PARAM_ERROR`: an argument out of range.
    Param,
    /// `BZ_MEM_ERROR`: an allocation failed.
    Mem,
    /// `BZ_DATA_ERROR`: the compressed data are corrupt.
    Data,
    /// `BZ_DATA_ERROR_MAGIC`: the data do not start with bzip2's magic.
    DataMagic,
    /// `BZ_IO_ERROR`.
    Io,
    /// `BZ_UNEXPECTED_EOF`.
    UnexpectedEof,
    /// `BZ_OUTBUFF_FULL`.
    OutbuffFull,
    /// `BZ_CONFIG_ERROR`.
    Config,
    /// Any other code.
    Other(c_int),
}

impl Error {
    /// The code libbzip2 returned.
    pub fn code(self) -> c_int {
        match self {
            Error::Sequence => ffi::BZ_SEQUENCE_ERROR,
            Error::Param => ffi::BZ_PARAM_ERROR,
            Error::Mem => ffi::BZ_MEM_ERROR,
            Error::Data => ffi::BZ_DATA_ERROR,
            Error::DataMagic => ffi::BZ_DATA_ERROR_MAGIC,
            Error::Io => ffi::BZ_IO_ERROR,
            Error::UnexpectedEof => ffi::BZ_UNEXPECTED_EOF,
            Error::OutbuffFull => ffi::BZ_OUTBUFF_FULL,
            Error::Config => ffi::BZ_CONFIG_ERROR,
            Error::Other(code) => code,
        }
    }
}

fn status_of(code: c_int) -> Result<Status, Error> {
    match code {
        ffi::BZ_OK => Ok(Status::Ok),
        ffi::BZ_RUN_OK => Ok(Status::RunOk),
        ffi::BZ_FLUSH_OK => Ok(Status::FlushOk),
        ffi::BZ_FINISH_OK => Ok(Status::FinishOk),
        ffi::BZ_STREAM_END => Ok(Status::StreamEnd),
        ffi::BZ_SEQUENCE_ERROR => Err(Error::Sequence),
        ffi::BZ_PARAM_ERROR => Err(Error::Param),
        ffi::BZ_MEM_ERROR => Err(Error::Mem),
        ffi::BZ_DATA_ERROR => Err(Error::Data),
        ffi::BZ_DATA_ERROR_MAGIC => Err(Error::DataMagic),
        ffi::BZ_IO_ERROR => Err(Error::Io),
        ffi::BZ_UNEXPECTED_EOF => Err(Error::UnexpectedEof),
        ffi::BZ_OUTBUFF_FULL => Err(Error::OutbuffFull),
        ffi::BZ_CONFIG_ERROR => Err(Error::Config),
        other => Err(Error::Other(other)),
    }
}

/// What a compressor does with its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// `BZ_RUN`: take the input, write whatever blocks are complete.
    Run,
    /// `BZ_FINISH`: compress what is left and write the end of the stream.
    Finish,
}

/// A `bz_stream` whose state libbzip2 initialized, at an address that
/// never changes (the state points back at it).
struct Stream {
    raw: Box<ffi::bz_stream>,
}

// SAFETY: the stream and the state libbzip2 allocated for it belong to this
// value alone; libbzip2 keeps no thread-local or global state, so the value
// may be used from any one thread at a time (`&mut self` for every call).
unsafe impl Send for Stream {}

impl Stream {
    /// A stream without input, output or allocator callbacks (libbz2-rs-sys
    /// then uses Rust's global allocator), before its `Init` call.
    fn unset() -> Self {
        Stream {
            raw: Box::new(ffi::bz_stream {
                next_in: ptr::null(),
                avail_in: 0,
                total_in_lo32: 0,
                total_in_hi32: 0,
                next_out: ptr::null_mut(),
                avail_out: 0,
                total_out_lo32: 0,
                total_out_hi32: 0,
                state: ptr::null_mut(),
                bzalloc: None,
                bzfree: None,
                opaque: ptr::null_mut(),
            }),
        }
    }

    /// Runs one `step` of libbzip2 over `input` (at most `c_uint::MAX`
    /// bytes of it) and into `output`'s spare capacity (at most `room`
    /// bytes of it, and of `c_uint::MAX`), which grows `output` by what was
    /// written.  Returns the status and the number of input bytes consumed.
    fn run(
        &mut self,
        input: &[u8],
        output: &mut Vec<u8>,
        room: usize,
        step: impl FnOnce(&mut ffi::bz_stream) -> c_int,
    ) -> Result<(Status, usize), Error> {
        let avail_in = input.len().min(c_uint::MAX as usize) as c_uint;
        let spare = output.spare_capacity_mut();
        let avail_out = spare.len().min(room).min(c_uint::MAX as usize) as c_uint;
        let raw = &mut *self.raw;
        raw.next_in = input.as_ptr().cast::<c_char>();
        raw.avail_in = avail_in;
        raw.next_out = spare.as_mut_ptr().cast::<c_char>();
        raw.avail_out = avail_out;
        let code = step(raw);
        let consumed = (avail_in - raw.avail_in) as usize;
        let written = (avail_out - raw.avail_out) as usize;
        // No pointer into the caller's buffers outlives the call.
        raw.next_in = ptr::null();
        raw.avail_in = 0;
        raw.next_out = ptr::null_mut();
        raw.avail_out = 0;
        let len = output.len() + written;
        // SAFETY: libbzip2 wrote `written` bytes at the start of the spare
        // capacity (it only moves `next_out` past bytes it has written),
        // and `written <= avail_out <= spare.len()`.
        unsafe { output.set_len(len) };
        status_of(code).map(|status| (status, consumed))
    }
}

/// A compression stream (`BZ2_bzCompressInit` .. `BZ2_bzCompressEnd`).
pub struct Compressor {
    stream: Stream,
}

impl Compressor {
    /// A stream writing blocks of `block_size_100k` × 100,000 bytes
    /// (1..=9: the compression level); `Err(Error::Mem)` when its tables
    /// cannot be allocated.
    pub fn new(block_size_100k: c_int) -> Result<Self, Error> {
        let mut stream = Stream::unset();
        // SAFETY: a valid, boxed stream with no allocator callbacks (the
        // library's default allocator); on failure the library frees what
        // it allocated and leaves `state` null, so no End call is needed.
        let code = unsafe { ffi::BZ2_bzCompressInit(&mut *stream.raw, block_size_100k, 0, 0) };
        status_of(code).map(|_| Compressor { stream })
    }

    /// Compresses (part of) `input` with `action`, appending at most `room`
    /// bytes to `output` (within its spare capacity).  Returns the status
    /// and how many bytes of `input` were taken.
    pub fn compress(&mut self, input: &[u8], output: &mut Vec<u8>, room: usize, action: Action) -> Result<(Status, usize), Error> {
        let action = match action {
            Action::Run => ffi::BZ_RUN,
            Action::Finish => ffi::BZ_FINISH,
        };
        self.stream.run(input, output, room, |raw| {
            // SAFETY: an initialized stream whose input and output pointers
            // and counts describe live buffers (set by `run`).
            unsafe { ffi::BZ2_bzCompress(raw, action) }
        })
    }
}

impl Drop for Compressor {
    fn drop(&mut self) {
        // SAFETY: a stream initialized by BZ2_bzCompressInit, ended once.
        unsafe { ffi::BZ2_bzCompressEnd(&mut *self.stream.raw) };
    }
}

/// A decompression stream (`BZ2_bzDecompressInit` .. `BZ2_bzDecompressEnd`).
pub struct Decompressor {
    stream: Stream,
}

impl Decompressor {
    /// A stream using the fast algorithm (not `small`).
    pub fn new() -> Result<Self, Error> {
        let mut stream = Stream::unset();
        // SAFETY: as in Compressor::new.
        let code = unsafe { ffi::BZ2_bzDecompressInit(&mut *stream.raw, 0, 0) };
        status_of(code).map(|_| Decompressor { stream })
    }

    /// Decompresses (part of) `input`, appending at most `room` bytes to
    /// `output` (within its spare capacity).  Returns the status and how
    /// many bytes of `input` were taken.
    pub fn decompress(&mut self, input: &[u8], output: &mut Vec<u8>, room: usize) -> Result<(Status, usize), Error> {
        self.stream.run(input, output, room, |raw| {
            // SAFETY: as in Compressor::compress.
            unsafe { ffi::BZ2_bzDecompress(raw) }
        })
    }
}

impl Drop for Decompressor {
    fn drop(&mut self) {
        // SAFETY: a stream initialized by BZ2_bzDecompressInit, ended once.
        unsafe { ffi::BZ2_bzDecompressEnd(&mut *self.stream.raw) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compress_all(level: c_int, data: &[u8]) -> Vec<u8> {
        let mut compressor = Compressor::new(level).unwrap();
        let mut out = Vec::with_capacity(data.len() + 1024);
        let mut rest = data;
        while !rest.is_empty() {
            let room = out.capacity() - out.len();
            let (_, used) = compressor.compress(rest, &mut out, room, Action::Run).unwrap();
            rest = &rest[used..];
        }
        loop {
            let room = out.capacity() - out.len();
            if compressor.compress(&[], &mut out, room, Action::Finish).unwrap().0 == Status::StreamEnd {
                return out;
            }
        }
    }

    #[test]
    fn round_trip_in_small_windows() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8 ^ (i / 1000) as u8).collect();
        let compressed = compress_all(9, &data);
        assert_eq!(&compressed[..4], b"BZh9");
        let mut decompressor = Decompressor::new().unwrap();
        let mut out = Vec::with_capacity(data.len());
        let mut rest = &compressed[..];
        loop {
            // Windows of 1000 bytes, as a caller with small blocks gives.
            let (status, used) = decompressor.decompress(rest, &mut out, 1000).unwrap();
            rest = &rest[used..];
            if status == Status::StreamEnd {
                break;
            }
        }
        assert!(rest.is_empty());
        assert_eq!(out, data);
    }

    #[test]
    fn errors_are_reported() {
        assert_eq!(Compressor::new(10).err(), Some(Error::Param));
        let mut decompressor = Decompressor::new().unwrap();
        let mut out = Vec::with_capacity(100);
        assert_eq!(decompressor.decompress(b"not bzip2", &mut out, 100), Err(Error::DataMagic));
        assert_eq!(Error::Data.code(), -4);
    }
}
