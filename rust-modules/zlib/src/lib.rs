//! `zlib`: a drop-in replacement for CPython's `Modules/zlibmodule.c`, with
//! the codec in Rust: zlib-rs, through the safe streams of the
//! `zlib-stream` support crate.
//!
//! * The functions, classes, docstrings, argument errors and exception
//!   messages are the C module's.  zlib's messages come from zlib-rs, put
//!   in the words of the system zlib where zlib-rs words them differently
//!   (see [`zlib_error`]).
//! * Compressed output may differ from the system zlib's (zlib-rs picks
//!   its own matches at some levels); every stream either makes
//!   decompresses with the other.
//! * `ZLIB_VERSION` and `ZLIB_RUNTIME_VERSION` both report the version
//!   string of zlib-rs's C ABI, `zlibVersion()`: the zlib API it implements
//!   and the zlib-rs release, `1.3.0-zlib-rs-0.6.8` (the test suites parse
//!   the part before the dash as the zlib version).
//! * Each object keeps its stream behind a `Mutex` (C's per-object lock,
//!   taken as C's `ENTER_ZLIB` takes it) held for the whole method, also
//!   while the method makes its result objects, as in C.  The codec runs
//!   with the GIL released whenever its input is immutable (a `bytes`
//!   object, our own buffers), however short: C releases it around every
//!   `deflate`/`inflate` call; a mutable exporter (`bytearray`) is read
//!   with the GIL held (the layer's rule: no other thread may write it
//!   meanwhile).
//! * Output buffers grow fallibly, block by block as C's
//!   `_BlocksOutputBuffer` does (32 KiB, 64 KiB, 256 KiB, ...), so
//!   `max_length` bounds them exactly and running out of memory is a
//!   `MemoryError`.

#![forbid(unsafe_code)]

mod codec;
mod compressobj;
mod decompressobj;
mod decompressor;
mod pool;

use core::ffi::c_int;

use cpython_safe::buffer::supports_buffer;
use cpython_safe::prelude::*;
use zlib_stream::{
    Z_BEST_COMPRESSION, Z_BEST_SPEED, Z_BLOCK, Z_BUF_ERROR, Z_DATA_ERROR, Z_DEFAULT_COMPRESSION, Z_DEFAULT_STRATEGY,
    Z_FILTERED, Z_FINISH, Z_FIXED, Z_FULL_FLUSH, Z_HUFFMAN_ONLY, Z_NO_COMPRESSION, Z_NO_FLUSH, Z_PARTIAL_FLUSH, Z_RLE,
    Z_STREAM_ERROR, Z_SYNC_FLUSH, Z_TREES, Z_VERSION_ERROR,
};

use codec::Failure;
use pool::{InflaterPool, PooledInflater};
use cpython_safe::codec_buffer::BlockOutput;

cpython_safe::clinic_module!();

/// zlib's constants as the C module names them.
const MAX_WBITS: c_int = zlib_stream::MAX_WBITS;
const DEFLATED: c_int = zlib_stream::Z_DEFLATED;
const DEF_MEM_LEVEL: c_int = 8;
const DEF_BUF_SIZE: usize = 16 * 1024;

/// Inputs at least this long are checksummed with the GIL released (C's
/// `data->len > 1024*5`).
const CHECKSUM_RELEASE_GIL: usize = 5 * 1024 + 1;

/// Per-module state: the classes, `zlib.error`, and inflaters kept for
/// reuse.
struct State {
    compress_type: Owned<PyType>,
    decompress_type: Owned<PyType>,
    zlib_decompressor_type: Owned<PyType>,
    error: Owned<PyType>,
    inflaters: InflaterPool,
}

cpython_safe::traverse!(State: compress_type, decompress_type, zlib_decompressor_type, error);

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let py = module.py();
        let compress_type = compressobj::COMPRESS.create(module)?;
        let decompress_type = decompressobj::DECOMPRESS.create(module)?;
        let zlib_decompressor_type = decompressor::ZLIB_DECOMPRESSOR.create(module)?;
        let error = PyType::new_exception(py, c"zlib.error", None)?;
        module.add(c"error", &error)?;
        module.add(c"_ZlibDecompressor", &zlib_decompressor_type)?;
        let constants: &[(&core::ffi::CStr, c_int)] = &[
            (c"MAX_WBITS", MAX_WBITS),
            (c"DEFLATED", DEFLATED),
            (c"DEF_MEM_LEVEL", DEF_MEM_LEVEL),
            (c"DEF_BUF_SIZE", DEF_BUF_SIZE as c_int),
            (c"Z_NO_COMPRESSION", Z_NO_COMPRESSION),
            (c"Z_BEST_SPEED", Z_BEST_SPEED),
            (c"Z_BEST_COMPRESSION", Z_BEST_COMPRESSION),
            (c"Z_DEFAULT_COMPRESSION", Z_DEFAULT_COMPRESSION),
            (c"Z_FILTERED", Z_FILTERED),
            (c"Z_HUFFMAN_ONLY", Z_HUFFMAN_ONLY),
            (c"Z_RLE", Z_RLE),
            (c"Z_FIXED", Z_FIXED),
            (c"Z_DEFAULT_STRATEGY", Z_DEFAULT_STRATEGY),
            (c"Z_NO_FLUSH", Z_NO_FLUSH),
            (c"Z_PARTIAL_FLUSH", Z_PARTIAL_FLUSH),
            (c"Z_SYNC_FLUSH", Z_SYNC_FLUSH),
            (c"Z_FULL_FLUSH", Z_FULL_FLUSH),
            (c"Z_FINISH", Z_FINISH),
            (c"Z_BLOCK", Z_BLOCK),
            (c"Z_TREES", Z_TREES),
        ];
        for (name, value) in constants {
            module.add(name, &PyInt::from_i64(py, (*value).into())?.into_any())?;
        }
        let version = PyStr::new(py, zlib_stream::version())?.into_any();
        module.add(c"ZLIB_VERSION", &version)?;
        module.add(c"ZLIB_RUNTIME_VERSION", &version)?;
        module.add(c"__version__", &PyStr::new(py, "1.0")?.into_any())?;
        Ok(State { compress_type, decompress_type, zlib_decompressor_type, error, inflaters: InflaterPool::default() })
    }
}

cpython_safe::module! {
    static MODULE: State = module c"zlib" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [adler32, compress, compressobj, crc32, decompress, decompressobj],
    }
}

/// The words of the system zlib for a message zlib-rs words differently:
/// stock CPython prints the system zlib's.
fn system_zlib_words(message: &str) -> &str {
    match message {
        "invalid distance code too far back" => "invalid distance too far back",
        other => other,
    }
}

/// C's `zlib_error`: `zlib.error("Error <code> <context>: <message>")`,
/// the message being the stream's, or one named after the code.
fn zlib_error(state: &State, code: c_int, message: Option<&str>, context: &str) -> PyErr {
    let message = if code == Z_VERSION_ERROR { Some("library version mismatch") } else { message.map(system_zlib_words) };
    let message = message.or(match code {
        Z_BUF_ERROR => Some("incomplete or truncated stream"),
        Z_STREAM_ERROR => Some("inconsistent stream state"),
        Z_DATA_ERROR => Some("invalid input data"),
        _ => None,
    });
    let text = match message {
        Some(message) => format!("Error {code} {context}: {message}"),
        None => format!("Error {code} {context}"),
    };
    PyErr::new(&state.error, &text)
}

/// Raises what a codec loop reported.
fn raise(py: Python<'_>, state: &State, failure: Failure) -> PyErr {
    match failure {
        Failure::NoMemory => exc::no_memory(py),
        Failure::Memory(message) => exc::memory_error(py, message),
        Failure::Error(message) => PyErr::new(&state.error, message),
        Failure::Zlib { code, message, context } => zlib_error(state, code, message, context),
    }
}

/// The result of a codec loop as `bytes`, or its exception.
fn finish(py: Python<'_>, state: &State, result: Result<BlockOutput, Failure>) -> PyResult<Owned> {
    match result {
        Ok(output) => Ok(output.into_bytes(py)?.into_any()),
        Err(failure) => Err(raise(py, state, failure)),
    }
}

fn adler32(module: &Module<State>, args: &Args) -> PyResult<i64> {
    let clinic::params::adler32 { data, value } = clinic::params::adler32::from_args(args)?;
    Ok(data.read_releasing_gil(module.py(), CHECKSUM_RELEASE_GIL, |bytes| zlib_stream::adler32(bytes, value)).into())
}

fn crc32(module: &Module<State>, args: &Args) -> PyResult<i64> {
    let clinic::params::crc32 { data, value } = clinic::params::crc32::from_args(args)?;
    Ok(data.read_releasing_gil(module.py(), CHECKSUM_RELEASE_GIL, |bytes| zlib_stream::crc32(bytes, value)).into())
}

fn compress(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let data: BytesLike = args.convert(0)?;
    let level: c_int = args.convert_or(1, Z_DEFAULT_COMPRESSION)?;
    let wbits: c_int = args.convert_or(2, MAX_WBITS)?;
    let state = module.state()?;
    let result = data.read_releasing_gil(py, 0, |bytes| codec::compress(bytes, level, wbits));
    finish(py, state, result)
}

fn decompress(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let data: BytesLike = args.convert(0)?;
    let wbits: c_int = args.convert_or(1, MAX_WBITS)?;
    let bufsize: isize = args.convert_or(2, DEF_BUF_SIZE as isize)?;
    let state = module.state()?;
    if bufsize < 0 {
        return Err(exc::value_error(py, "bufsize must be non-negative"));
    }
    let bufsize = bufsize.max(1) as usize;
    let inflaters = &state.inflaters;
    let result = data.read_releasing_gil(py, 0, |bytes| codec::decompress(bytes, wbits, bufsize, inflaters));
    finish(py, state, result)
}

fn compressobj(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let level: c_int = args.convert_or(0, Z_DEFAULT_COMPRESSION)?;
    let method: c_int = args.convert_or(1, DEFLATED)?;
    let wbits: c_int = args.convert_or(2, MAX_WBITS)?;
    let mem_level: c_int = args.convert_or(3, DEF_MEM_LEVEL)?;
    let strategy: c_int = args.convert_or(4, Z_DEFAULT_STRATEGY)?;
    let zdict = args.get(5).map(BytesLike::new).transpose()?;
    let state = module.state()?;
    if zdict.as_ref().is_some_and(|zdict| zdict.len() > u32::MAX as usize) {
        return Err(exc::overflow_error(py, "zdict length does not fit in an unsigned int"));
    }
    let mut deflater = match zlib_stream::Deflater::new(level, method, wbits, mem_level, strategy) {
        Ok(deflater) => deflater,
        Err(error) => {
            return Err(match error.code {
                zlib_stream::Z_MEM_ERROR => exc::memory_error(py, "Can't allocate memory for compression object"),
                Z_STREAM_ERROR => exc::value_error(py, "Invalid initialization option"),
                code => zlib_error(state, code, error.message, "while creating compression object"),
            })
        }
    };
    if let Some(zdict) = &zdict {
        match zdict.read(|bytes| deflater.set_dictionary(bytes)) {
            zlib_stream::Z_OK => {}
            Z_STREAM_ERROR => return Err(exc::value_error(py, "Invalid dictionary")),
            _ => return Err(exc::value_error(py, "deflateSetDictionary()")),
        }
    }
    compressobj::new_compress(state, deflater)
}

fn decompressobj(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let wbits: c_int = args.convert_or(0, MAX_WBITS)?;
    let zdict = args.get(1);
    let state = module.state()?;
    if zdict.is_some_and(|zdict| !supports_buffer(zdict)) {
        return Err(exc::type_error(py, "zdict argument must support the buffer protocol"));
    }
    let inflater = new_inflater(state, py, wbits, zdict)?;
    decompressobj::new_decompress(state, inflater, zdict.map(PyAny::to_owned))
}

/// `inflateInit2(wbits)` with C's errors, and a raw stream's dictionary
/// set at once (a zlib stream asks for it with `Z_NEED_DICT`).
fn new_inflater(state: &State, py: Python<'_>, wbits: c_int, zdict: Option<&PyAny>) -> PyResult<PooledInflater> {
    let mut inflater = match state.inflaters.inflater(wbits) {
        Ok(inflater) => inflater,
        Err(error) => {
            return Err(match error.code {
                Z_STREAM_ERROR => exc::value_error(py, "Invalid initialization option"),
                zlib_stream::Z_MEM_ERROR => exc::memory_error(py, "Can't allocate memory for decompression object"),
                code => zlib_error(state, code, error.message, "while creating decompression object"),
            })
        }
    };
    if let Some(zdict) = zdict.filter(|_| wbits < 0) {
        set_inflate_zdict(state, &mut inflater, zdict)?;
    }
    Ok(inflater)
}

/// C's `set_inflate_zdict`: the dictionary's buffer into the stream.
fn set_inflate_zdict(state: &State, inflater: &mut zlib_stream::Inflater, zdict: &PyAny) -> PyResult<()> {
    let dictionary = BytesLike::new(zdict)?;
    if dictionary.len() > u32::MAX as usize {
        return Err(exc::overflow_error(zdict.py(), "zdict length does not fit in an unsigned int"));
    }
    match dictionary.read(|bytes| inflater.set_dictionary(bytes)) {
        zlib_stream::Z_OK => Ok(()),
        code => Err(zlib_error(state, code, inflater.message(), "while setting zdict")),
    }
}
