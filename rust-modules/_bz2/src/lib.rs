//! `_bz2`: a drop-in replacement for CPython's `Modules/_bz2module.c`.
//!
//! `BZ2Compressor` and `BZ2Decompressor` over the streams of libbz2-rs-sys,
//! the Rust port of libbzip2 (the same compressed bytes as the C library),
//! through the small `bz2-stream` crate.  As in C, each object keeps its
//! stream behind a lock of its own and works with the GIL released, so
//! that threads can share an object and run meanwhile; `Lib/bz2.py` builds
//! multi-stream files and one-shot functions on top.
//!
//! The GIL is released for arguments whose bytes cannot change (`bytes`),
//! whatever their size: the work a call does is not proportional to its
//! input (a few bytes can complete a 900 kB block to sort, or decompress to
//! megabytes), and C releases it around every libbzip2 call.  Arguments
//! that other threads could write (`bytearray`, `memoryview`) are read with
//! the GIL held (see `cpython_safe::buffer::HeldBytes`).

#![forbid(unsafe_code)]

use std::cell::Cell;
use std::sync::Mutex;

use bz2_stream::{Action, Status};
use cpython_safe::boundary::{allow_threads, lock_released};
use cpython_safe::call::check_positional;
use cpython_safe::class::{no_keywords, no_positional};
use cpython_safe::codec_buffer::{BlockOutput, NoMemory, PendingInput};
use cpython_safe::module::ModuleDef;
use cpython_safe::prelude::*;

cpython_safe::clinic_module!();

/// The GIL is released for immutable arguments of at least this many bytes
/// (all of them: see the module's documentation).
const RELEASE_GIL_FROM: usize = 0;

/// Per-module state: the module's two classes.
struct State {
    compressor_type: Owned<PyType>,
    decompressor_type: Owned<PyType>,
}
cpython_safe::traverse!(State: compressor_type, decompressor_type);

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let compressor_type = COMPRESSOR.create(module)?;
        module.add(c"BZ2Compressor", &compressor_type)?;
        let decompressor_type = DECOMPRESSOR.create(module)?;
        module.add(c"BZ2Decompressor", &decompressor_type)?;
        Ok(State { compressor_type, decompressor_type })
    }
}

cpython_safe::module! {
    static MODULE: State = module c"_bz2" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [],
    }
}

/// Why a call failed, found without the GIL; raised once it is held again.
enum Failure {
    /// A libbzip2 error code.
    Library(bz2_stream::Error),
    Buffer(NoMemory),
    Flushed,
    RepeatedFlush,
    EndOfStream,
    /// A decompressor used again after a libbzip2 error.
    Unusable,
}

impl From<NoMemory> for Failure {
    fn from(error: NoMemory) -> Self {
        Failure::Buffer(error)
    }
}

impl From<bz2_stream::Error> for Failure {
    fn from(error: bz2_stream::Error) -> Self {
        Failure::Library(error)
    }
}

impl Failure {
    fn raise(self, py: Python<'_>) -> PyErr {
        match self {
            Failure::Library(error) => library_error(py, error),
            Failure::Buffer(error) => error.raise(py),
            Failure::Flushed => exc::value_error(py, "Compressor has been flushed"),
            Failure::RepeatedFlush => exc::value_error(py, "Repeated call to flush()"),
            Failure::EndOfStream => exc::eof_error(py, "End of stream already reached"),
            Failure::Unusable => exc::value_error(py, "Decompressor is unusable after a previous error"),
        }
    }
}

/// C's `catch_bz2_error`: the exception of each libbzip2 error code.
fn library_error(py: Python<'_>, error: bz2_stream::Error) -> PyErr {
    use bz2_stream::Error;
    match error {
        Error::Config => exc::system_error(py, "libbzip2 was not compiled correctly"),
        Error::Param => exc::value_error(py, "Internal error - invalid parameters passed to libbzip2"),
        Error::Mem => exc::no_memory(py),
        Error::Data | Error::DataMagic => exc::os_error(py, "Invalid data stream"),
        Error::Io => exc::os_error(py, "Unknown I/O error"),
        Error::UnexpectedEof => {
            exc::eof_error(py, "Compressed file ended before the logical end-of-stream was detected")
        }
        Error::Sequence => exc::runtime_error(py, "Internal error - Invalid sequence of commands sent to libbzip2"),
        Error::OutbuffFull | Error::Other(_) => {
            exc::os_error(py, &format!("Unrecognized error from libbzip2: {}", error.code()))
        }
    }
}

/// The bytes object of a call's output, or its exception.
fn into_bytes(py: Python<'_>, result: Result<BlockOutput, Failure>) -> PyResult<Owned<PyBytes>> {
    result.map_err(|failure| failure.raise(py))?.into_bytes(py)
}

// ---------------------------------------------------------------------------
// BZ2Compressor

/// An instance of `_bz2.BZ2Compressor`.
struct BZ2Compressor {
    state: Mutex<CompressorState>,
}

struct CompressorState {
    stream: bz2_stream::Compressor,
    flushed: bool,
}

impl PyClass for BZ2Compressor {
    type State = State;

    fn module_def() -> &'static ModuleDef<State> {
        &MODULE
    }

    /// `BZ2Compressor(compresslevel=9, /)`, parsed as clinic's wrapper does.
    fn new(cls: &PyType, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<Self> {
        let py = cls.py();
        no_keywords(c"BZ2Compressor", kwargs)?;
        check_positional(py, c"BZ2Compressor", args.len(), 0, 1)?;
        let compresslevel = match args.get(0) {
            Some(level) => level.to_c_int()?,
            None => 9,
        };
        if !(1..=9).contains(&compresslevel) {
            return Err(exc::value_error(py, "compresslevel must be between 1 and 9"));
        }
        let stream = bz2_stream::Compressor::new(compresslevel).map_err(|error| library_error(py, error))?;
        Ok(BZ2Compressor { state: Mutex::new(CompressorState { stream, flushed: false }) })
    }

    const EXTRA_FLAGS: TypeFlags = TypeFlags::IMMUTABLE;
}

cpython_safe::traverse!(BZ2Compressor);

cpython_safe::class! {
    static COMPRESSOR: BZ2Compressor = class c"_bz2.BZ2Compressor" from clinic {
        doc: clinic::_bz2_BZ2Compressor__doc__,
        subclassable: false,
        methods: [compress = BZ2Compressor_compress, flush = BZ2Compressor_flush],
    }
}

/// Runs the stream over `input` with `action` (C's `compress`): with
/// `Action::Run` until the input is taken, with `Action::Finish` until the
/// end of the stream is written.
fn run_compressor(stream: &mut bz2_stream::Compressor, mut input: &[u8], action: Action) -> Result<BlockOutput, Failure> {
    let mut output = BlockOutput::init_and_grow(None)?;
    loop {
        if action == Action::Run && input.is_empty() {
            break;
        }
        if output.is_full() {
            output.grow()?;
        }
        let (window, room) = output.window();
        let (status, consumed) = stream.compress(input, window, room, action)?;
        input = &input[consumed..];
        if action == Action::Finish && status == Status::StreamEnd {
            break;
        }
    }
    Ok(output)
}

fn compress(this: &Instance<BZ2Compressor>, args: &Args) -> PyResult<Owned<PyBytes>> {
    let py = this.py();
    let clinic::params::BZ2Compressor_compress { data } = clinic::params::BZ2Compressor_compress::from_args(args)?;
    let result = data.read_locked(py, RELEASE_GIL_FROM, &this.value().state, |state, bytes| {
        if state.flushed {
            return Err(Failure::Flushed);
        }
        run_compressor(&mut state.stream, bytes, Action::Run)
    });
    into_bytes(py, result)
}

fn flush(this: &Instance<BZ2Compressor>, _args: &Args) -> PyResult<Owned<PyBytes>> {
    let py = this.py();
    let state = &this.value().state;
    // The last block is compressed here: long work, without the GIL.
    let result = allow_threads(py, || {
        let mut state = lock_released(state);
        if state.flushed {
            return Err(Failure::RepeatedFlush);
        }
        state.flushed = true;
        run_compressor(&mut state.stream, &[], Action::Finish)
    });
    into_bytes(py, result)
}

// ---------------------------------------------------------------------------
// BZ2Decompressor

/// An instance of `_bz2.BZ2Decompressor`: the stream behind its lock, and
/// the attributes C reads as members, which change with the GIL held.
struct BZ2Decompressor {
    state: Mutex<DecompressorState>,
    eof: Cell<bool>,
    unused_data: Cell<Option<Owned<PyBytes>>>,
    needs_input: Cell<bool>,
}

struct DecompressorState {
    stream: bz2_stream::Decompressor,
    eof: bool,
    /// Whether libbzip2 reported an error: the stream cannot go on.  CPython
    /// 3.13.5 calls libbzip2 again (which can write out of bounds there);
    /// gh-150599 (later 3.13.x, Debian's CVE-2026-9669 patch) refuses, and
    /// so does this module whatever the tree.
    failed: bool,
    unconsumed: PendingInput,
}

impl PyClass for BZ2Decompressor {
    type State = State;

    fn module_def() -> &'static ModuleDef<State> {
        &MODULE
    }

    /// `BZ2Decompressor()`, parsed as clinic's wrapper does.
    fn new(cls: &PyType, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<Self> {
        let py = cls.py();
        no_positional(c"BZ2Decompressor", args)?;
        no_keywords(c"BZ2Decompressor", kwargs)?;
        let unused_data = PyBytes::new(py, b"")?;
        let stream = bz2_stream::Decompressor::new().map_err(|error| library_error(py, error))?;
        Ok(BZ2Decompressor {
            state: Mutex::new(DecompressorState { stream, eof: false, failed: false, unconsumed: PendingInput::default() }),
            eof: Cell::new(false),
            unused_data: Cell::new(Some(unused_data)),
            needs_input: Cell::new(true),
        })
    }

    const EXTRA_FLAGS: TypeFlags = TypeFlags::IMMUTABLE;
}

cpython_safe::traverse!(BZ2Decompressor);

cpython_safe::class! {
    static DECOMPRESSOR: BZ2Decompressor = class c"_bz2.BZ2Decompressor" from clinic {
        doc: clinic::_bz2_BZ2Decompressor__doc__,
        subclassable: false,
        methods: [decompress = BZ2Decompressor_decompress],
        members: [
            eof: Some(clinic::BZ2Decompressor_eof__doc__),
            unused_data: Some(clinic::BZ2Decompressor_unused_data__doc__),
            needs_input: Some(clinic::BZ2Decompressor_needs_input_doc),
        ],
    }
}

/// What one decompress call gives back.
struct Decompressed {
    output: BlockOutput,
    needs_input: bool,
    /// Whether the end of the stream was reached, and the input after it.
    end: Option<Vec<u8>>,
}

impl DecompressorState {
    /// C's `decompress`: `data` after whatever input was left over, at most
    /// `max_length` bytes out (if not negative).
    fn decompress(&mut self, data: &[u8], max_length: isize) -> Result<Decompressed, Failure> {
        if self.eof {
            return Err(Failure::EndOfStream);
        } else if self.failed {
            return Err(Failure::Unusable);
        }
        let limit = usize::try_from(max_length).ok();
        let (stream, eof) = (&mut self.stream, &mut self.eof);
        // The end is reached even if keeping the input after it fails.
        let outcome = self.unconsumed.feed(data, |input| {
            let (output, consumed, ended) = decompress_buf(stream, input, limit)?;
            *eof = ended;
            Ok((output, consumed))
        });
        let output = outcome.inspect_err(|failure| self.failed = matches!(failure, Failure::Library(_)))?;
        let eof = self.eof;
        let end = if eof { Some(self.unconsumed.take()) } else { None };
        Ok(Decompressed { needs_input: !eof && self.unconsumed.is_empty(), output, end })
    }
}

/// C's `decompress_buf`: decompresses from `input` until the end of the
/// stream, the end of the input, or `limit` bytes of output.  Returns the
/// output, how much input was consumed, and whether the stream ended.
fn decompress_buf(
    stream: &mut bz2_stream::Decompressor,
    input: &[u8],
    limit: Option<usize>,
) -> Result<(BlockOutput, usize, bool), Failure> {
    let mut output = BlockOutput::init_and_grow(limit)?;
    let mut consumed = 0;
    loop {
        let (window, room) = output.window();
        let (status, used) = stream.decompress(&input[consumed..], window, room)?;
        consumed += used;
        if status == Status::StreamEnd {
            return Ok((output, consumed, true));
        } else if consumed == input.len() {
            break;
        } else if output.is_full() {
            if output.is_at_max_length() {
                break;
            }
            output.grow()?;
        }
    }
    Ok((output, consumed, false))
}

fn decompress(this: &Instance<BZ2Decompressor>, args: &Args) -> PyResult<Owned<PyBytes>> {
    let py = this.py();
    let clinic::params::BZ2Decompressor_decompress { data, max_length } =
        clinic::params::BZ2Decompressor_decompress::from_args(args)?;
    let decompressor = this.value();
    let result = data.read_locked(py, RELEASE_GIL_FROM, &decompressor.state, |state, bytes| {
        state.decompress(bytes, max_length)
    });
    if let Err(Failure::Library(_)) = result {
        decompressor.needs_input.set(false);
    }
    let Decompressed { output, needs_input, end } = result.map_err(|failure| failure.raise(py))?;
    if let Some(unused) = end {
        decompressor.eof.set(true);
        if !unused.is_empty() {
            decompressor.unused_data.set(Some(PyBytes::new(py, &unused)?));
        }
    }
    decompressor.needs_input.set(needs_input);
    output.into_bytes(py)
}
