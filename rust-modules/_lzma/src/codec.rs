//! `LZMACompressor` and `LZMADecompressor`: C's `compress()`,
//! `decompress_buf()` and `decompress()` loops over a liblzma stream kept
//! behind the object's lock.

use std::cell::Cell;
use std::sync::Mutex;

use cpython_safe::boundary::{allow_threads, lock_released};
use cpython_safe::prelude::*;
use lzma_stream::{Action, Ret, Stream};

use crate::{lzma_error, signatures, State};

/// Input of any size runs without the GIL when it is immutable (C releases
/// the GIL around every `lzma_code` call).
const GIL_THRESHOLD: usize = 0;
/// The first output block, as C's `_BlocksOutputBuffer`; later ones double.
const FIRST_BLOCK: usize = 32 * 1024;

/// Why a call on a stream failed, turned into an exception with the GIL.
enum Failure {
    Lzma(Ret),
    NoMemory,
    Flushed,
    RepeatedFlush,
    AtEof,
}

impl Failure {
    fn raise(self, py: Python<'_>, state: &State) -> PyErr {
        match self {
            Failure::Lzma(ret) => lzma_error(py, state, ret),
            Failure::NoMemory => exc::no_memory(py),
            Failure::Flushed => exc::value_error(py, "Compressor has been flushed"),
            Failure::RepeatedFlush => exc::value_error(py, "Repeated call to flush()"),
            Failure::AtEof => exc::eof_error(py, "Already at end of stream"),
        }
    }
}

/// C's `catch_lzma_error`: the codes that are not errors.
fn caught(ret: Ret) -> Result<Ret, Failure> {
    match ret {
        Ret::Ok | Ret::GetCheck | Ret::NoCheck | Ret::StreamEnd => Ok(ret),
        error => Err(Failure::Lzma(error)),
    }
}

/// Room for the next `lzma_code` call: the spare capacity, within
/// `max_length` when that is not negative.
fn room(output: &[u8], capacity: usize, max_length: isize) -> usize {
    let spare = capacity - output.len();
    match usize::try_from(max_length) {
        Ok(max) => spare.min(max.saturating_sub(output.len())),
        Err(_) => spare,
    }
}

/// The next output block (C's `_BlocksOutputBuffer_Grow`): the first of
/// [`FIRST_BLOCK`], then as large as what is there, never past
/// `max_length`; MemoryError, not an abort, when it cannot be had.
fn grow(output: &mut Vec<u8>, max_length: isize) -> Result<(), Failure> {
    let mut block = output.capacity().max(FIRST_BLOCK);
    if let Ok(max) = usize::try_from(max_length) {
        block = block.min(max - output.len());
    }
    output.try_reserve_exact(block).map_err(|_| Failure::NoMemory)
}

/// A compressor's stream, under its lock.
pub(crate) struct Compressor {
    codec: Mutex<Encoder>,
}

struct Encoder {
    stream: Stream,
    flushed: bool,
}

impl Compressor {
    pub(crate) fn new(stream: Stream) -> Compressor {
        Compressor { codec: Mutex::new(Encoder { stream, flushed: false }) }
    }
}

impl Encoder {
    /// C's `compress()`: all of `input` through the encoder with `action`.
    fn code(&mut self, input: &[u8], action: Action) -> Result<Vec<u8>, Failure> {
        let mut output = Vec::new();
        grow(&mut output, -1)?;
        let mut position = 0;
        loop {
            let room = output.capacity() - output.len();
            let (ret, consumed, produced) = self.stream.code(&input[position..], &mut output, room, action);
            position += consumed;
            let (avail_in, avail_out) = (input.len() - position, room - produced);
            // No progress with nothing to read and room to write is no error.
            let ret = if ret == Ret::BufError && input.is_empty() && avail_out > 0 { Ret::Ok } else { ret };
            let ret = caught(ret)?;
            if (action == Action::Run && avail_in == 0) || (action == Action::Finish && ret == Ret::StreamEnd) {
                return Ok(output);
            }
            if avail_out == 0 {
                grow(&mut output, -1)?;
            }
        }
    }
}

cpython_safe::traverse!(Compressor);

cpython_safe::class! {
    pub(crate) static COMPRESSOR: Compressor = class c"_lzma.LZMACompressor" from signatures {
        doc: signatures::Compressor_doc,
        subclassable: false,
        methods: [compress = LZMACompressor_compress, flush = LZMACompressor_flush],
    }
}

fn compress(this: &Instance<Compressor>, args: &Args) -> PyResult<Owned<PyBytes>> {
    let py = this.py();
    let state = this.module_state()?;
    let data: BytesLike = args.convert(0)?;
    let result = data.read_locked(py, GIL_THRESHOLD, &this.value().codec, |encoder, bytes| {
        if encoder.flushed {
            return Err(Failure::Flushed);
        }
        encoder.code(bytes, Action::Run)
    });
    let output = result.map_err(|failure| failure.raise(py, state))?;
    PyBytes::new(py, &output)
}

fn flush(this: &Instance<Compressor>, _args: &Args) -> PyResult<Owned<PyBytes>> {
    let py = this.py();
    let state = this.module_state()?;
    let codec = &this.value().codec;
    let result = allow_threads(py, || {
        let mut encoder = lock_released(codec);
        if encoder.flushed {
            return Err(Failure::RepeatedFlush);
        }
        encoder.flushed = true;
        encoder.code(&[], Action::Finish)
    });
    let output = result.map_err(|failure| failure.raise(py, state))?;
    PyBytes::new(py, &output)
}

/// A decompressor: its stream under its lock, and the attributes C keeps
/// as members, which the GIL guards.
pub(crate) struct Decompressor {
    codec: Mutex<Decoder>,
    check: Cell<i32>,
    eof: Cell<bool>,
    needs_input: Cell<bool>,
    unused_data: Cell<Owned<PyBytes>>,
    /// The number of the call whose results the attributes show.
    shown: Cell<u64>,
}

struct Decoder {
    stream: Stream,
    check: i32,
    eof: bool,
    needs_input: bool,
    /// Input the last call left unread (C's `input_buffer` from `next_in`).
    pending: Vec<u8>,
    /// Calls made, so that a slower thread does not show older attributes.
    calls: u64,
}

/// The attributes after one call, shown with the GIL when no later call
/// has shown its own.
struct Attributes {
    call: u64,
    check: i32,
    eof: bool,
    needs_input: bool,
    unused_data: Option<Vec<u8>>,
}

impl Decompressor {
    pub(crate) fn new(stream: Stream, check: i32, unused_data: Owned<PyBytes>) -> Decompressor {
        Decompressor {
            codec: Mutex::new(Decoder { stream, check, eof: false, needs_input: true, pending: Vec::new(), calls: 0 }),
            check: Cell::new(check),
            eof: Cell::new(false),
            needs_input: Cell::new(true),
            unused_data: Cell::new(unused_data),
            shown: Cell::new(0),
        }
    }

    fn show(&self, py: Python<'_>, attributes: Attributes) -> PyResult<()> {
        if attributes.call <= self.shown.get() {
            return Ok(());
        }
        self.shown.set(attributes.call);
        self.check.set(attributes.check);
        self.eof.set(attributes.eof);
        self.needs_input.set(attributes.needs_input);
        if let Some(unused) = attributes.unused_data {
            drop(self.unused_data.replace(PyBytes::new(py, &unused)?));
        }
        Ok(())
    }
}

impl Decoder {
    /// C's `decompress_buf()`: decodes `input` into at most `max_length`
    /// bytes (no limit when negative); returns them, the input consumed and
    /// whether the output ran out of room (C's `avail_out == 0`).
    fn decode(&mut self, input: &[u8], max_length: isize) -> Result<(Vec<u8>, usize, bool), Failure> {
        let mut output = Vec::new();
        grow(&mut output, max_length)?;
        let mut position = 0;
        loop {
            let room = room(&output, output.capacity(), max_length);
            let (ret, consumed, produced) = self.stream.code(&input[position..], &mut output, room, Action::Run);
            position += consumed;
            let (avail_in, avail_out) = (input.len() - position, room - produced);
            // No progress with nothing to read and room to write is no error.
            let ret = if ret == Ret::BufError && avail_in == 0 && avail_out > 0 { Ret::Ok } else { ret };
            let ret = caught(ret)?;
            if ret == Ret::GetCheck || ret == Ret::NoCheck {
                self.check = self.stream.check() as i32;
            }
            if ret == Ret::StreamEnd {
                self.eof = true;
                return Ok((output, position, avail_out == 0));
            } else if avail_out == 0 {
                // More may come out without more input: grow unless full.
                if usize::try_from(max_length) == Ok(output.len()) {
                    return Ok((output, position, true));
                }
                grow(&mut output, max_length)?;
            } else if avail_in == 0 {
                return Ok((output, position, false));
            }
        }
    }

    /// C's `decompress()`: `data` after any input left unread, decoded;
    /// what is left is kept for the next call (or is `unused_data` at the
    /// end of the stream).
    fn decompress(&mut self, data: &[u8], max_length: isize) -> (Result<Vec<u8>, Failure>, Attributes) {
        self.calls += 1;
        let mut unused_data = None;
        let result = if self.eof { Err(Failure::AtEof) } else { self.decompress_more(data, max_length, &mut unused_data) };
        let attributes = Attributes {
            call: self.calls,
            check: self.check,
            eof: self.eof,
            needs_input: self.needs_input,
            unused_data,
        };
        (result, attributes)
    }

    fn decompress_more(&mut self, data: &[u8], max_length: isize, unused_data: &mut Option<Vec<u8>>) -> Result<Vec<u8>, Failure> {
        let from_pending = !self.pending.is_empty();
        if from_pending {
            self.pending.try_reserve(data.len()).map_err(|_| Failure::NoMemory)?;
            self.pending.extend_from_slice(data);
        }
        let pending = core::mem::take(&mut self.pending);
        let input = if from_pending { &pending[..] } else { data };
        // An error drops the unread input, as C's `next_in = NULL`.
        let (output, consumed, out_of_room) = self.decode(input, max_length)?;
        let rest = &input[consumed..];
        if self.eof {
            self.needs_input = false;
            if !rest.is_empty() {
                *unused_data = Some(copy(rest)?);
            }
        } else if rest.is_empty() {
            // Room left means all the input is out; none left means more
            // output may wait in liblzma without more input.
            self.needs_input = !out_of_room;
        } else {
            self.needs_input = false;
            self.pending = if from_pending {
                let mut pending = pending;
                pending.drain(..consumed);
                pending
            } else {
                copy(rest)?
            };
        }
        Ok(output)
    }
}

/// `bytes` in a new vector, MemoryError when it cannot be had.
fn copy(bytes: &[u8]) -> Result<Vec<u8>, Failure> {
    let mut copy = Vec::new();
    copy.try_reserve_exact(bytes.len()).map_err(|_| Failure::NoMemory)?;
    copy.extend_from_slice(bytes);
    Ok(copy)
}

cpython_safe::traverse!(Decompressor);

cpython_safe::class! {
    pub(crate) static DECOMPRESSOR: Decompressor = class c"_lzma.LZMADecompressor" from signatures {
        doc: signatures::_lzma_LZMADecompressor__doc__,
        subclassable: false,
        methods: [decompress = LZMADecompressor_decompress],
        members: [
            check: Some(signatures::Decompressor_check_doc),
            eof: Some(signatures::Decompressor_eof_doc),
            needs_input: Some(signatures::Decompressor_needs_input_doc),
            unused_data: Some(signatures::Decompressor_unused_data_doc),
        ],
    }
}

fn decompress(this: &Instance<Decompressor>, args: &Args) -> PyResult<Owned<PyBytes>> {
    let py = this.py();
    let state = this.module_state()?;
    let data: BytesLike = args.convert(0)?;
    let max_length: isize = args.convert_or(1, -1)?;
    let decompressor = this.value();
    let (result, attributes) =
        data.read_locked(py, GIL_THRESHOLD, &decompressor.codec, |decoder, bytes| decoder.decompress(bytes, max_length));
    decompressor.show(py, attributes)?;
    let output = result.map_err(|failure| failure.raise(py, state))?;
    PyBytes::new(py, &output)
}
