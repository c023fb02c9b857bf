//! The C module's `deflate`/`inflate` loops on plain data: they run
//! without the GIL and report failures as values ([`Failure`]) that the
//! caller raises.

use core::ffi::c_int;

use cpython_safe::codec_buffer::{BlockOutput, NoMemory};
use zlib_stream::{
    Deflater, Inflater, Progress, Z_BUF_ERROR, Z_DEFAULT_STRATEGY, Z_FINISH, Z_MEM_ERROR, Z_NEED_DICT, Z_NO_FLUSH, Z_OK,
    Z_STREAM_END, Z_STREAM_ERROR, Z_SYNC_FLUSH,
};

use crate::pool::InflaterPool;
use crate::{DEFLATED, DEF_MEM_LEVEL};

/// What went wrong, to be raised with the GIL held.
#[derive(Debug)]
pub(crate) enum Failure {
    /// `MemoryError()`.
    NoMemory,
    /// `MemoryError(message)`.
    Memory(&'static str),
    /// `zlib.error(message)`.
    Error(&'static str),
    /// C's `zlib_error(code, msg, context)`.
    Zlib { code: c_int, message: Option<&'static str>, context: &'static str },
}

impl From<NoMemory> for Failure {
    fn from(error: NoMemory) -> Self {
        match error {
            NoMemory::Bare => Failure::NoMemory,
            NoMemory::OutputBuffer => Failure::Memory("Unable to allocate output buffer."),
        }
    }
}

impl Failure {
    pub(crate) fn zlib(code: c_int, message: Option<&'static str>, context: &'static str) -> Failure {
        Failure::Zlib { code, message, context }
    }
}

/// The input of a loop: C's `next_in`/`avail_in` and the rest beyond the
/// current chunk (`arrange_input_buffer` hands zlib at most 4 GiB - 1 at
/// a time).  Positions only, so a loop can stop to run Python code (a
/// dictionary's buffer) and go on over the same bytes.
#[derive(Clone, Copy, Default)]
pub(crate) struct Cursor {
    /// `next_in`, as an offset.
    pub(crate) position: usize,
    /// The end of the current chunk: `avail_in` is `end - position`.
    end: usize,
}

impl Cursor {
    /// `arrange_input_buffer`: the next chunk.
    fn arrange(&mut self, data: &[u8]) {
        self.end = self.position + (data.len() - self.position).min(u32::MAX as usize);
    }

    /// C's `ibuflen`: the input beyond the current chunk.
    fn remains(&self, data: &[u8]) -> usize {
        data.len() - self.end
    }

    /// `avail_in`.
    pub(crate) fn available(&self) -> usize {
        self.end - self.position
    }

    fn chunk<'d>(&self, data: &'d [u8]) -> &'d [u8] {
        &data[self.position..self.end]
    }

    fn advance(&mut self, progress: &Progress) {
        self.position += progress.read;
    }
}

/// One `deflate` call from the cursor into the output's window.
fn deflate(deflater: &mut Deflater, data: &[u8], cursor: &mut Cursor, output: &mut BlockOutput, flush: c_int) -> c_int {
    let (window, room) = output.window();
    let progress = deflater.deflate(cursor.chunk(data), window, room, flush);
    cursor.advance(&progress);
    progress.code
}

/// One `inflate` call from the cursor into the output's window.
fn inflate(inflater: &mut Inflater, data: &[u8], cursor: &mut Cursor, output: &mut BlockOutput, flush: c_int) -> c_int {
    let (window, room) = output.window();
    let progress = inflater.inflate(cursor.chunk(data), window, room, flush);
    cursor.advance(&progress);
    progress.code
}

/// `zlib.compress`'s loop.
pub(crate) fn compress(data: &[u8], level: c_int, wbits: c_int) -> Result<BlockOutput, Failure> {
    let mut output = BlockOutput::init_and_grow(None)?;
    let mut deflater = Deflater::new(level, DEFLATED, wbits, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY).map_err(|error| {
        match error.code {
            Z_MEM_ERROR => Failure::Memory("Out of memory while compressing data"),
            Z_STREAM_ERROR => Failure::Error("Bad compression level"),
            code => Failure::zlib(code, error.message, "while compressing data"),
        }
    })?;
    let mut cursor = Cursor::default();
    loop {
        cursor.arrange(data);
        let flush = if cursor.remains(data) == 0 { Z_FINISH } else { Z_NO_FLUSH };
        deflate_until_room(&mut deflater, data, &mut cursor, &mut output, flush, "while compressing data")?;
        if flush == Z_FINISH {
            break;
        }
    }
    match deflater.end() {
        Z_OK => Ok(output),
        code => Err(Failure::zlib(code, deflater.message(), "while finishing compression")),
    }
}

/// C's inner deflate loop: calls until the output has room left (all the
/// chunk consumed), growing it when full.
fn deflate_until_room(
    deflater: &mut Deflater,
    data: &[u8],
    cursor: &mut Cursor,
    output: &mut BlockOutput,
    flush: c_int,
    context: &'static str,
) -> Result<c_int, Failure> {
    loop {
        if output.is_full() {
            output.grow()?;
        }
        let code = deflate(deflater, data, cursor, output, flush);
        if code == Z_STREAM_ERROR {
            return Err(Failure::zlib(code, deflater.message(), context));
        }
        if !output.is_full() {
            return Ok(code);
        }
    }
}

/// `Compress.compress`'s loop.
pub(crate) fn compress_more(deflater: &mut Deflater, data: &[u8]) -> Result<BlockOutput, Failure> {
    let mut output = BlockOutput::init_and_grow(None)?;
    let mut cursor = Cursor::default();
    loop {
        cursor.arrange(data);
        deflate_until_room(deflater, data, &mut cursor, &mut output, Z_NO_FLUSH, "while compressing data")?;
        if cursor.remains(data) == 0 {
            return Ok(output);
        }
    }
}

/// `Compress.flush(mode)`'s loop (`mode` is not `Z_NO_FLUSH`); a finished
/// stream is ended.
pub(crate) fn flush(deflater: &mut Deflater, mode: c_int) -> Result<BlockOutput, Failure> {
    let mut output = BlockOutput::init_and_grow(None)?;
    let code = deflate_until_room(deflater, &[], &mut Cursor::default(), &mut output, mode, "while flushing")?;
    if code == Z_STREAM_END && mode == Z_FINISH {
        let code = deflater.end();
        if code != Z_OK {
            return Err(Failure::zlib(code, deflater.message(), "while finishing compression"));
        }
    } else if code != Z_OK && code != Z_BUF_ERROR {
        return Err(Failure::zlib(code, deflater.message(), "while flushing"));
    }
    Ok(output)
}

/// Which flush each inflate call of a loop uses.
#[derive(Clone, Copy)]
pub(crate) enum InflateFlush {
    /// `Z_SYNC_FLUSH` (the objects' `decompress`).
    Sync,
    /// `Z_FINISH` on the last chunk, `Z_NO_FLUSH` before (one-shot, `flush`).
    FinishLast,
}

/// Why an inflate loop stopped.
pub(crate) enum Halt {
    /// The loop is over (C's end of loop or `goto save`); `code` says how.
    Done,
    /// `Z_NEED_DICT` with a dictionary at hand: set it and resume.
    NeedDict,
}

/// The state of an inflate loop between its stops.
pub(crate) struct InflateLoop {
    pub(crate) cursor: Cursor,
    pub(crate) code: c_int,
    /// Resume after a dictionary was set (C's `break` back into its loop).
    resuming: bool,
}

impl InflateLoop {
    pub(crate) fn new() -> InflateLoop {
        InflateLoop { cursor: Cursor::default(), code: Z_OK, resuming: false }
    }

    /// The C module's inflate loop, up to its end, its `goto save`, or a
    /// `Z_NEED_DICT` that `has_zdict` says the caller can answer (then it
    /// is resumed with [`InflateLoop::resume`] after the dictionary is set).
    pub(crate) fn run(
        &mut self,
        inflater: &mut Inflater,
        data: &[u8],
        output: &mut BlockOutput,
        flush: InflateFlush,
        has_zdict: bool,
    ) -> Result<Halt, Failure> {
        loop {
            if !self.resuming {
                self.cursor.arrange(data);
            }
            loop {
                if self.resuming {
                    self.resuming = false;
                } else {
                    if output.is_full() {
                        if output.is_at_max_length() {
                            return Ok(Halt::Done);
                        }
                        output.grow()?;
                    }
                    let flush = match flush {
                        InflateFlush::Sync => Z_SYNC_FLUSH,
                        InflateFlush::FinishLast if self.cursor.remains(data) == 0 => Z_FINISH,
                        InflateFlush::FinishLast => Z_NO_FLUSH,
                    };
                    self.code = inflate(inflater, data, &mut self.cursor, output, flush);
                    match self.code {
                        Z_OK | Z_BUF_ERROR | Z_STREAM_END => {}
                        Z_NEED_DICT if has_zdict => return Ok(Halt::NeedDict),
                        _ => return Ok(Halt::Done),
                    }
                }
                if !(output.is_full() || self.code == Z_NEED_DICT) {
                    break;
                }
            }
            if self.code == Z_STREAM_END || self.cursor.remains(data) == 0 {
                return Ok(Halt::Done);
            }
        }
    }

    /// Goes on after the caller set the dictionary `Z_NEED_DICT` asked for.
    pub(crate) fn resume(&mut self) {
        self.resuming = true;
    }
}

/// `zlib.decompress`'s loop, on an inflater of the pool (which gets it
/// back, whatever the outcome: a reset recovers any state).  C's
/// `inflateEnd` check has no counterpart: it fails only for a stream that
/// is not initialized.
pub(crate) fn decompress(data: &[u8], wbits: c_int, bufsize: usize, pool: &InflaterPool) -> Result<BlockOutput, Failure> {
    let mut output = BlockOutput::with_size(bufsize)?;
    let mut inflater = pool.inflater(wbits).map_err(|error| match error.code {
        Z_MEM_ERROR => Failure::Memory("Out of memory while decompressing data"),
        code => Failure::zlib(code, error.message, "while preparing to decompress data"),
    })?;
    let mut run = InflateLoop::new();
    run.run(&mut inflater, data, &mut output, InflateFlush::FinishLast, false)?;
    match run.code {
        Z_STREAM_END => Ok(output),
        Z_MEM_ERROR => Err(Failure::Memory("Out of memory while decompressing data")),
        code => Err(Failure::zlib(code, inflater.message(), "while decompressing data")),
    }
}
