//! `LZMACompressor` and `LZMADecompressor`: C's `compress()`,
//! `decompress_buf()` and `decompress()` loops over a liblzma stream kept
//! behind the object's lock.

use std::cell::Cell;
use std::sync::Mutex;

use cpython_safe::boundary::{allow_threads, lock_released};
use cpython_safe::codec_buffer::{BlockOutput, NoMemory, PendingInput};
use cpython_safe::prelude::*;
use lzma_stream::{Action, Ret, Stream};

use crate::{lzma_error, signatures, State};

/// Input of any size runs without the GIL when it is immutable (C releases
/// the GIL around every `lzma_code` call).
const GIL_THRESHOLD: usize = 0;

/// Why a call on a stream failed, turned into an exception with the GIL.
enum Failure {
    Lzma(Ret),
    Buffer(NoMemory),
    Flushed,
    RepeatedFlush,
    AtEof,
}

impl Failure {
    fn raise(self, py: Python<'_>, state: &State) -> PyErr {
        match self {
            Failure::Lzma(ret) => lzma_error(py, state, ret),
            Failure::Buffer(error) => error.raise(py),
            Failure::Flushed => exc::value_error(py, "Compressor has been flushed"),
            Failure::RepeatedFlush => exc::value_error(py, "Repeated call to flush()"),
            Failure::AtEof => exc::eof_error(py, "Already at end of stream"),
        }
    }
}

impl From<NoMemory> for Failure {
    fn from(error: NoMemory) -> Self {
        Failure::Buffer(error)
    }
}

/// C's `catch_lzma_error`: the codes that are not errors.
fn caught(ret: Ret) -> Result<Ret, Failure> {
    match ret {
        Ret::Ok | Ret::GetCheck | Ret::NoCheck | Ret::StreamEnd => Ok(ret),
        error => Err(Failure::Lzma(error)),
    }
}

/// One `lzma_code` call into the output's window: liblzma's code, the
/// input consumed, and the room left in the window (C's `avail_out`).
fn code(stream: &mut Stream, output: &mut BlockOutput, input: &[u8], action: Action) -> (Ret, usize, usize) {
    let (window, room) = output.window();
    let (ret, consumed, produced) = stream.code(input, window, room, action);
    (ret, consumed, room - produced)
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
    fn code(&mut self, input: &[u8], action: Action) -> Result<BlockOutput, Failure> {
        let mut output = BlockOutput::init_and_grow(None)?;
        let mut position = 0;
        loop {
            let (ret, consumed, avail_out) = code(&mut self.stream, &mut output, &input[position..], action);
            position += consumed;
            // No progress with nothing to read and room to write is no error.
            let ret = if ret == Ret::BufError && input.is_empty() && avail_out > 0 { Ret::Ok } else { ret };
            let ret = caught(ret)?;
            if (action == Action::Run && position == input.len()) || (action == Action::Finish && ret == Ret::StreamEnd) {
                return Ok(output);
            }
            if avail_out == 0 {
                output.grow()?;
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
    result.map_err(|failure| failure.raise(py, state))?.into_bytes(py)
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
    result.map_err(|failure| failure.raise(py, state))?.into_bytes(py)
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
    /// Input the last call left unread.
    pending: PendingInput,
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
            codec: Mutex::new(Decoder { stream, check, eof: false, needs_input: true, pending: PendingInput::default(), calls: 0 }),
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
    fn decode(&mut self, input: &[u8], max_length: isize) -> Result<(BlockOutput, usize, bool), Failure> {
        let mut output = BlockOutput::init_and_grow(usize::try_from(max_length).ok())?;
        let mut position = 0;
        loop {
            let (ret, consumed, avail_out) = code(&mut self.stream, &mut output, &input[position..], Action::Run);
            position += consumed;
            let avail_in = input.len() - position;
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
                if output.is_at_max_length() {
                    return Ok((output, position, true));
                }
                output.grow()?;
            } else if avail_in == 0 {
                return Ok((output, position, false));
            }
        }
    }

    /// C's `decompress()`: `data` after any input left unread, decoded;
    /// what is left is kept for the next call (or is `unused_data` at the
    /// end of the stream).
    fn decompress(&mut self, data: &[u8], max_length: isize) -> (Result<BlockOutput, Failure>, Attributes) {
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

    fn decompress_more(&mut self, data: &[u8], max_length: isize, unused_data: &mut Option<Vec<u8>>) -> Result<BlockOutput, Failure> {
        // Out of `self` while `decode` has it.
        let mut pending = core::mem::take(&mut self.pending);
        let outcome = pending.feed(data, |input| {
            self.decode(input, max_length).map(|(output, consumed, out_of_room)| ((output, out_of_room), consumed))
        });
        self.pending = pending;
        if self.eof {
            // Even if keeping the input after the end fails, as in C.
            self.needs_input = false;
        }
        let (output, out_of_room) = outcome?;
        if self.eof {
            if !self.pending.is_empty() {
                *unused_data = Some(self.pending.take());
            }
        } else {
            // All input read and room left: liblzma has given all it can.
            // No room left: more output may wait without more input.
            self.needs_input = self.pending.is_empty() && !out_of_room;
        }
        Ok(output)
    }
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
    result.map_err(|failure| failure.raise(py, state))?.into_bytes(py)
}
