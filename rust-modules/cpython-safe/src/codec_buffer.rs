//! The buffers of CPython's compression modules (`zlib`, `_bz2`, `_lzma`),
//! filled by a codec with the GIL released:
//!
//! * [`BlockOutput`], C's `_BlocksOutputBuffer`: output in blocks of
//!   32 KiB, 64 KiB, 256 KiB, 1 MiB, ... up to 256 MiB, never past a
//!   `max_length`, joined into one `bytes` at the end.  The sizes matter
//!   beyond memory use: a codec stops when its output window is full, and
//!   the C loops stop when the input is used up at that moment, leaving the
//!   rest for the next call.  The same windows as C make every call return
//!   the same bytes and leave the same input unconsumed (`needs_input`,
//!   `unused_data`, `unconsumed_tail`).  Blocks are never moved.
//! * [`PendingInput`], a decompressor's `input_buffer`: the input a call
//!   could not consume, kept for the next one.
//!
//! Every allocation is fallible: a failure is [`NoMemory`], raised as C
//! raises it once the GIL is held again.

use crate::boundary::{PyErr, PyResult, Python};
use crate::exc;
use crate::object::{Owned, PyBytes};

/// Why a buffer could not grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoMemory {
    /// `MemoryError()`: C's first output block (a `bytes` object) or its
    /// input buffer could not be had.
    Bare,
    /// `MemoryError("Unable to allocate output buffer.")`: a later block.
    OutputBuffer,
}

impl NoMemory {
    pub fn raise(self, py: Python<'_>) -> PyErr {
        match self {
            NoMemory::Bare => exc::no_memory(py),
            NoMemory::OutputBuffer => exc::memory_error(py, "Unable to allocate output buffer."),
        }
    }
}

const KIB: usize = 1024;
const MIB: usize = 1024 * KIB;

/// Block `i`'s size; blocks past the table are as large as its last.
const BLOCK_SIZES: [usize; 17] = [
    32 * KIB,
    64 * KIB,
    256 * KIB,
    MIB,
    4 * MIB,
    8 * MIB,
    16 * MIB,
    16 * MIB,
    32 * MIB,
    32 * MIB,
    32 * MIB,
    32 * MIB,
    64 * MIB,
    64 * MIB,
    128 * MIB,
    128 * MIB,
    256 * MIB,
];

/// Where a block's output starts in its allocation: 32 bytes in, as the
/// data of C's `bytes` blocks.  A codec that copies from a window of the
/// same allocator (liblzma's dictionary) ran glibc's memcpy at about half
/// speed between blocks at the same offset within their pages (measured:
/// 1 MiB of stored LZMA2 data decompressed in 480 us at offset 0, 350 us
/// at offset 32, 340 us in C).
const BLOCK_OFFSET: usize = 32;

/// Output written in blocks: the full ones, then the one being written,
/// whose spare capacity up to `block_end` is the codec's window.
pub struct BlockOutput {
    full: Vec<Vec<u8>>,
    block: Vec<u8>,
    block_end: usize,
    /// The sum of the block sizes (C's `allocated`).
    allocated: usize,
    max_length: Option<usize>,
}

impl BlockOutput {
    /// `_BlocksOutputBuffer_InitAndGrow`: a first block of 32 KiB, or of
    /// `max_length` bytes if that is smaller.
    pub fn init_and_grow(max_length: Option<usize>) -> Result<BlockOutput, NoMemory> {
        let size = max_length.map_or(BLOCK_SIZES[0], |max| max.min(BLOCK_SIZES[0]));
        BlockOutput::first(size, max_length).ok_or(NoMemory::Bare)
    }

    /// `_BlocksOutputBuffer_InitWithSize`: a first block of `size` bytes.
    pub fn with_size(size: usize) -> Result<BlockOutput, NoMemory> {
        BlockOutput::first(size, None).ok_or(NoMemory::OutputBuffer)
    }

    fn first(size: usize, max_length: Option<usize>) -> Option<BlockOutput> {
        let block = block(size)?;
        Some(BlockOutput { full: Vec::new(), block, block_end: BLOCK_OFFSET + size, allocated: size, max_length })
    }

    /// The bytes written so far.
    pub fn len(&self) -> usize {
        self.allocated - self.room()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The free bytes of the current block (C's `avail_out`).
    pub fn room(&self) -> usize {
        self.block_end - self.block.len()
    }

    /// Whether the current block is full (`avail_out == 0`).
    pub fn is_full(&self) -> bool {
        self.room() == 0
    }

    /// Whether `max_length` bytes are written: the buffer cannot grow.
    pub fn is_at_max_length(&self) -> bool {
        self.max_length == Some(self.len())
    }

    /// `_BlocksOutputBuffer_Grow`, called when the current block is full
    /// and `max_length` is not reached: the next block.
    pub fn grow(&mut self) -> Result<(), NoMemory> {
        debug_assert!(self.is_full() && !self.is_at_max_length());
        let mut size = BLOCK_SIZES[(self.full.len() + 1).min(BLOCK_SIZES.len() - 1)];
        if let Some(max_length) = self.max_length {
            size = size.min(max_length - self.allocated);
        }
        if size > isize::MAX as usize - self.allocated {
            return Err(NoMemory::OutputBuffer);
        }
        let next = block(size).ok_or(NoMemory::OutputBuffer)?;
        self.full.try_reserve(1).map_err(|_| NoMemory::OutputBuffer)?;
        self.full.push(core::mem::replace(&mut self.block, next));
        self.block_end = BLOCK_OFFSET + size;
        self.allocated += size;
        Ok(())
    }

    /// The codec's window: the current block, to which it appends at most
    /// the returned number of bytes (its spare capacity holds them).
    pub fn window(&mut self) -> (&mut Vec<u8>, usize) {
        let room = self.room();
        (&mut self.block, room)
    }

    /// The output as one `bytes` (`_BlocksOutputBuffer_Finish`).
    pub fn into_bytes(self, py: Python<'_>) -> PyResult<Owned<PyBytes>> {
        if self.full.is_empty() {
            return PyBytes::new(py, &self.block[BLOCK_OFFSET..]);
        }
        let mut parts = Vec::new();
        if parts.try_reserve_exact(self.full.len() + 1).is_err() {
            return Err(exc::no_memory(py));
        }
        parts.extend(self.full.iter().chain([&self.block]).map(|block| &block[BLOCK_OFFSET..]));
        PyBytes::concat(py, &parts)
    }
}

/// A block of `size` bytes after the offset, the offset written.
fn block(size: usize) -> Option<Vec<u8>> {
    let mut block = Vec::new();
    block.try_reserve_exact(BLOCK_OFFSET.checked_add(size)?).ok()?;
    block.resize(BLOCK_OFFSET, 0);
    Some(block)
}

/// Input a decompressor could not consume yet (C's `input_buffer` from
/// `next_in` on): the bytes of `buffer` from `start` on.  Consuming
/// advances `start`, so that feeding a large input with a small
/// `max_length` moves no bytes.
#[derive(Default)]
pub struct PendingInput {
    buffer: Vec<u8>,
    start: usize,
}

impl PendingInput {
    pub fn bytes(&self) -> &[u8] {
        &self.buffer[self.start..]
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.buffer.len()
    }

    /// Forgets the input (C's `next_in = NULL`).
    pub fn clear(&mut self) {
        self.buffer.clear();
        self.start = 0;
    }

    /// C's decompressors' `decompress()` around their `decompress_buf()`:
    /// `decode` runs over the pending input followed by `data` (over `data`
    /// itself when nothing is pending), returning its result and how many
    /// bytes it consumed; the rest is kept for the next call (or, at the end
    /// of the stream, for the caller to [`take`](Self::take) as unused
    /// data).  When `decode` fails the pending input is forgotten (C's
    /// `next_in = NULL`): the next call starts afresh.
    pub fn feed<T, E: From<NoMemory>>(
        &mut self,
        data: &[u8],
        decode: impl FnOnce(&[u8]) -> Result<(T, usize), E>,
    ) -> Result<T, E> {
        let from_pending = !self.is_empty();
        if from_pending {
            self.append(data)?;
        }
        let input = if from_pending { self.bytes() } else { data };
        match decode(input) {
            Ok((value, consumed)) => {
                if from_pending {
                    self.consume(consumed);
                } else {
                    self.replace_with(&data[consumed..])?;
                }
                Ok(value)
            }
            Err(error) => {
                self.clear();
                Err(error)
            }
        }
    }

    /// Appends `data`, first moving the pending bytes to the front when
    /// that makes room (C's `memmove`); on failure nothing changes.
    pub fn append(&mut self, data: &[u8]) -> Result<(), NoMemory> {
        if self.buffer.capacity() - self.buffer.len() < data.len() && self.start > 0 {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        self.buffer.try_reserve(data.len()).map_err(|_| NoMemory::Bare)?;
        self.buffer.extend_from_slice(data);
        Ok(())
    }

    /// Keeps `rest` (a tail of the caller's input) instead.
    pub fn replace_with(&mut self, rest: &[u8]) -> Result<(), NoMemory> {
        self.clear();
        self.append(rest)
    }

    /// Marks `count` bytes as consumed.
    pub fn consume(&mut self, count: usize) {
        self.start += count;
        if self.is_empty() {
            self.clear();
        }
    }

    /// The pending bytes, leaving none.
    pub fn take(&mut self) -> Vec<u8> {
        let mut bytes = core::mem::take(&mut self.buffer);
        bytes.drain(..self.start);
        self.start = 0;
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fills the window as a codec would.
    fn fill(output: &mut BlockOutput, byte: u8) {
        let (block, room) = output.window();
        block.extend(core::iter::repeat_n(byte, room));
    }

    #[test]
    fn blocks_follow_cpython_sizes() {
        let mut output = BlockOutput::init_and_grow(None).unwrap();
        let mut sizes = Vec::new();
        for i in 0..4u8 {
            sizes.push(output.room());
            fill(&mut output, i);
            assert!(output.is_full());
            output.grow().unwrap();
        }
        assert_eq!(sizes, [32 * KIB, 64 * KIB, 256 * KIB, MIB]);
        assert_eq!(output.len(), 32 * KIB + 64 * KIB + 256 * KIB + MIB);
    }

    #[test]
    fn max_length_bounds_the_blocks() {
        let mut output = BlockOutput::init_and_grow(Some(40_000)).unwrap();
        assert_eq!(output.room(), 32 * KIB);
        fill(&mut output, 1);
        output.grow().unwrap();
        assert_eq!(output.room(), 40_000 - 32 * KIB);
        fill(&mut output, 2);
        assert!(output.is_at_max_length());
        assert!(BlockOutput::init_and_grow(Some(0)).unwrap().is_at_max_length());
    }

    #[test]
    fn with_size_then_the_second_block() {
        let mut output = BlockOutput::with_size(100).unwrap();
        assert_eq!(output.room(), 100);
        fill(&mut output, 1);
        output.grow().unwrap();
        assert_eq!(output.room(), 64 * KIB);
    }

    #[test]
    fn pending_input_keeps_the_unconsumed_tail() {
        let mut pending = PendingInput::default();
        pending.append(b"abcdef").unwrap();
        pending.consume(2);
        assert_eq!(pending.bytes(), b"cdef");
        pending.append(b"gh").unwrap();
        assert_eq!(pending.bytes(), b"cdefgh");
        assert_eq!(pending.take(), b"cdefgh");
        assert!(pending.is_empty());
        pending.replace_with(b"xy").unwrap();
        pending.consume(2);
        assert!(pending.is_empty());
    }

    #[test]
    fn feed_keeps_what_decode_leaves() {
        let mut pending = PendingInput::default();
        let taken: Result<_, NoMemory> = pending.feed(b"abcdef", |input| Ok((input.to_vec(), 4)));
        assert_eq!(taken.unwrap(), b"abcdef");
        assert_eq!(pending.bytes(), b"ef");
        let taken: Result<_, NoMemory> = pending.feed(b"gh", |input| Ok((input.to_vec(), 1)));
        assert_eq!(taken.unwrap(), b"efgh");
        assert_eq!(pending.bytes(), b"fgh");
        let failed: Result<(), NoMemory> = pending.feed(b"ij", |_| Err(NoMemory::Bare));
        assert!(failed.is_err());
        assert!(pending.is_empty());
    }
}
