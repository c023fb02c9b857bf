//! The output of one compress, flush or decompress call, grown in the
//! blocks of CPython's `_BlocksOutputBuffer` (32 KiB, 64 KiB, 256 KiB,
//! 1 MiB, ... up to 256 MiB each).
//!
//! The sizes matter beyond memory use: libbzip2 stops when its output
//! window is full, and C's loops stop when the input is used up at that
//! moment, leaving the rest of a block's output for the next call.  Giving
//! libbzip2 the same windows as C makes every call return the same bytes
//! and leave the same input unconsumed (`needs_input`, `unused_data`).

use crate::Failure;

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

/// Bytes written so far, in a vector whose spare capacity holds the rest
/// of the current block (the window libbzip2 writes into).
pub(crate) struct Output {
    pub(crate) data: Vec<u8>,
    /// The sum of the block sizes so far.
    allocated: usize,
    blocks: usize,
    /// At most this many bytes (`max_length`), if limited.
    limit: Option<usize>,
}

impl Output {
    /// The first block: 32 KiB, or `limit` if that is smaller.  C's first
    /// block failing is a bare `MemoryError`.
    pub(crate) fn new(limit: Option<usize>) -> Result<Output, Failure> {
        let size = limit.map_or(BLOCK_SIZES[0], |limit| limit.min(BLOCK_SIZES[0]));
        let mut data = Vec::new();
        data.try_reserve_exact(size).map_err(|_| Failure::NoMemory)?;
        Ok(Output { data, allocated: size, blocks: 1, limit })
    }

    /// How much of the current block is free (C's `avail_out`).
    pub(crate) fn room(&self) -> usize {
        self.allocated - self.data.len()
    }

    /// Whether the output reached `max_length`.
    pub(crate) fn is_at_limit(&self) -> bool {
        self.limit == Some(self.data.len())
    }

    /// The next block, once the current one is full (never past the limit,
    /// which the caller has checked not to be reached).
    pub(crate) fn grow(&mut self) -> Result<(), Failure> {
        debug_assert_eq!(self.room(), 0);
        let mut size = BLOCK_SIZES[self.blocks.min(BLOCK_SIZES.len() - 1)];
        if let Some(limit) = self.limit {
            size = size.min(limit - self.allocated);
        }
        if size > isize::MAX as usize - self.allocated {
            return Err(Failure::OutputBuffer);
        }
        self.data.try_reserve_exact(size).map_err(|_| Failure::OutputBuffer)?;
        self.allocated += size;
        self.blocks += 1;
        Ok(())
    }
}
