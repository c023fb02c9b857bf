//! `zlib._ZlibDecompressor`, gzip's decompressor: it keeps the input it
//! could not consume yet, and its output is bounded by `max_length`.

use core::cell::Cell;
use core::ffi::c_int;
use std::sync::Mutex;

use cpython_safe::boundary::lock_detached;
use cpython_safe::call::arg_buffer;
use cpython_safe::class::TypeFlags;
use cpython_safe::codec_buffer::{NoMemory, PendingInput};
use cpython_safe::module::ModuleDef;
use cpython_safe::prelude::*;
use zlib_stream::{Inflater, Z_BUF_ERROR, Z_NEED_DICT, Z_OK, Z_STREAM_END, Z_SYNC_FLUSH};

use crate::codec::Failure;
use crate::pool::PooledInflater;
use crate::{clinic, raise, State, DEF_BUF_SIZE, MAX_WBITS, MODULE};

#[allow(non_upper_case_globals)]
mod signatures {
    pub use super::clinic::*;

    cpython_safe::signatures! {
        // `"|iO:_ZlibDecompressor"`.
        zlib_decompressor_new as _ZlibDecompressor(wbits, zdict) in 0..=2,
            format c"|iO:_ZlibDecompressor", parser ZLIB_DECOMPRESSOR_NEW;
    }
}

/// The largest first output buffer for a given `max_length` (C's
/// `DEF_MAX_INITIAL_BUF_SIZE`).
const MAX_INITIAL_BUF_SIZE: usize = 16 * 1024 * 1024;

/// The stream and the input it has not consumed yet.
struct Decoder {
    inflater: PooledInflater,
    pending: PendingInput,
    eof: bool,
}

/// An instance: the stream behind its lock, and the attributes C reads as
/// members, set with the GIL held and the lock taken.
pub(crate) struct ZlibDecompressor {
    decoder: Mutex<Decoder>,
    eof: Cell<bool>,
    needs_input: Cell<bool>,
    unused_data: Cell<Owned<PyBytes>>,
}

cpython_safe::traverse!(ZlibDecompressor);

impl PyClass for ZlibDecompressor {
    type State = State;

    fn module_def() -> &'static ModuleDef<State> {
        &MODULE
    }

    fn new(cls: &PyType, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<Self> {
        let py = cls.py();
        let mut buffer = arg_buffer();
        let args = Args::from_tuple(&signatures::ZLIB_DECOMPRESSOR_NEW, args, kwargs, &mut buffer)?;
        let wbits = match args.get(0) {
            Some(wbits) => parse_tuple_int(wbits)?,
            None => MAX_WBITS,
        };
        let state = Instance::<ZlibDecompressor>::class_state(cls)?;
        let inflater = crate::new_inflater(state, py, wbits, args.get(1))?;
        Ok(ZlibDecompressor {
            decoder: Mutex::new(Decoder { inflater, pending: PendingInput::default(), eof: false }),
            eof: Cell::new(false),
            needs_input: Cell::new(true),
            unused_data: Cell::new(PyBytes::new(py, b"")?),
        })
    }

    const EXTRA_FLAGS: TypeFlags = TypeFlags::IMMUTABLE;
}

cpython_safe::class! {
    pub(crate) static ZLIB_DECOMPRESSOR: ZlibDecompressor = class c"zlib._ZlibDecompressor" from signatures {
        doc: clinic::ZlibDecompressor__new____doc__,
        subclassable: false,
        methods: [decompress = ZlibDecompressor_decompress],
        members: [
            eof: Some(clinic::ZlibDecompressor_eof__doc__),
            unused_data: Some(clinic::ZlibDecompressor_unused_data__doc__),
            needs_input: Some(clinic::ZlibDecompressor_needs_input_doc),
        ],
    }
}

/// `PyArg_ParseTuple`'s `"i"`: a C long in the range of an int.
fn parse_tuple_int(obj: &PyAny) -> PyResult<c_int> {
    let value = obj.to_c_long()?;
    c_int::try_from(value).map_err(|_| {
        let message = if value > 0 { "signed integer is greater than maximum" } else { "signed integer is less than minimum" };
        exc::overflow_error(obj.py(), message)
    })
}

/// What one `decompress` call made, besides raising.
struct Decoded {
    output: Vec<u8>,
    needs_input: bool,
    /// Input after the end of the stream (C's new `unused_data`).
    unused: Option<Vec<u8>>,
}

/// How a decompress call failed.
enum DecodeError {
    Failure(Failure),
    /// C returns NULL without an exception on `Z_NEED_DICT` (the
    /// dictionary is only ever set for raw streams).
    NeedDict,
}

impl From<Failure> for DecodeError {
    fn from(failure: Failure) -> Self {
        DecodeError::Failure(failure)
    }
}

impl From<NoMemory> for DecodeError {
    fn from(error: NoMemory) -> Self {
        DecodeError::Failure(error.into())
    }
}

/// C's `arrange_output_buffer_with_maximum` growth: double, up to `limit`.
fn grow_output(output: &mut Vec<u8>, allocated: &mut usize, limit: usize) -> Result<bool, Failure> {
    if *allocated == limit {
        return Ok(false);
    }
    let new_size = if *allocated <= limit >> 1 { *allocated << 1 } else { limit };
    output
        .try_reserve_exact(new_size - output.len())
        .map_err(|_| Failure::Memory("Insufficient memory for buffer allocation"))?;
    *allocated = new_size;
    Ok(true)
}

/// C's `decompress_buf`: inflates `input` into at most `max_length` bytes
/// (unbounded when negative); returns the output and how much it consumed.
fn decompress_buf(
    inflater: &mut Inflater,
    input: &[u8],
    max_length: isize,
    eof: &mut bool,
) -> Result<(Vec<u8>, usize), DecodeError> {
    let (limit, first) = if max_length < 0 || max_length == isize::MAX {
        (isize::MAX as usize, DEF_BUF_SIZE)
    } else {
        (max_length as usize, (max_length as usize).min(MAX_INITIAL_BUF_SIZE))
    };
    let mut output = Vec::new();
    output.try_reserve_exact(first).map_err(|_| Failure::Memory("Insufficient memory for buffer allocation"))?;
    let mut allocated = first;
    let mut consumed = 0;
    let mut code = Z_OK;
    let mut full = false;
    loop {
        if full && !grow_output(&mut output, &mut allocated, limit)? {
            break;
        }
        let offered = (input.len() - consumed).min(u32::MAX as usize);
        let room = (allocated - output.len()).min(u32::MAX as usize);
        let progress = inflater.inflate(&input[consumed..], &mut output, room, Z_SYNC_FLUSH);
        consumed += progress.read;
        code = progress.code;
        if code == Z_NEED_DICT {
            return Err(DecodeError::NeedDict);
        }
        // No room left (`avail_out == 0`): call again, with a bigger
        // buffer if this one is full.
        if progress.written == room {
            full = output.len() == allocated;
            continue;
        }
        // Else the chunk ran out, or the stream ended or failed: go on
        // only with the next chunk of an input beyond 4 GiB.
        let more_input = progress.read == offered && consumed < input.len();
        if !((code == Z_OK || code == Z_BUF_ERROR) && more_input) {
            break;
        }
        full = false;
    }
    if code == Z_STREAM_END {
        *eof = true;
        let code = inflater.end();
        if code != Z_OK {
            return Err(Failure::zlib(code, inflater.message(), "while finishing decompression").into());
        }
    } else if code != Z_OK && code != Z_BUF_ERROR {
        return Err(Failure::zlib(code, inflater.message(), "while decompressing data").into());
    }
    Ok((output, consumed))
}

/// C's `decompress`: the pending input (if any) and `data`, through
/// `decompress_buf`, keeping what was not consumed for the next call.
fn decode(decoder: &mut Decoder, data: &[u8], max_length: isize) -> Result<Decoded, DecodeError> {
    let Decoder { inflater, pending, eof } = decoder;
    let output = pending.feed(data, |input| decompress_buf(inflater, input, max_length, eof))?;
    let unused = (*eof && !pending.is_empty()).then(|| pending.take());
    Ok(Decoded { output, needs_input: !*eof && pending.is_empty(), unused })
}

fn decompress(this: &Instance<ZlibDecompressor>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let clinic::params::ZlibDecompressor_decompress { data, max_length } =
        clinic::params::ZlibDecompressor_decompress::from_args(args)?;
    let state = this.module_state()?;
    let value = this.value();
    let mut decoder = lock_detached(py, &value.decoder);
    if value.eof.get() {
        return Err(exc::eof_error(py, "End of stream already reached"));
    }
    let decoder = &mut *decoder;
    let result = data.read_releasing_gil(py, 0, |bytes| decode(decoder, bytes, max_length));
    // The end may be reached by a call that fails after it (C sets `eof`,
    // and clears `needs_input`, before ending the stream and keeping the
    // input after it).
    value.eof.set(decoder.eof);
    if decoder.eof {
        value.needs_input.set(false);
    }
    match result {
        Ok(Decoded { output, needs_input, unused }) => {
            value.needs_input.set(needs_input);
            let output = PyBytes::new(py, &output)?;
            if let Some(unused) = unused {
                value.unused_data.set(PyBytes::new(py, &unused)?);
            }
            Ok(output.into_any())
        }
        Err(DecodeError::Failure(failure)) => Err(raise(py, state, failure)),
        // C's error return without an exception, as CPython reports it
        // for an unspecialized call site.
        Err(DecodeError::NeedDict) => Err(exc::system_error(
            py,
            "<method 'decompress' of 'zlib._ZlibDecompressor' objects> returned NULL without setting an exception",
        )),
    }
}
