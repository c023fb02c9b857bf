//! `_lzma`: a drop-in replacement for CPython's `Modules/_lzmamodule.c`.
//!
//! The codec is the system's liblzma, as for the C module, through the
//! safe interface of the `lzma-stream` crate (whose documentation says why
//! no Rust codec replaces it: none produces liblzma's bytes with all of its
//! filters, presets and formats).  This crate is the C module's logic:
//! argument and filter-specifier parsing in C's order ([`filters`]), the
//! compressor and decompressor objects ([`codec`]) and liblzma's error
//! codes as C maps them.
//!
//! Threads: each object keeps its stream behind a `Mutex` (C's per-object
//! lock); liblzma runs without the GIL for every call on immutable input
//! (`bytes`) and for `flush()`, as C releases it around every `lzma_code`
//! (threshold 0); a mutable buffer (`bytearray`, ...) is read with the GIL
//! held, since other threads could write it meanwhile.

#![forbid(unsafe_code)]

mod codec;
mod filters;

use core::ffi::CStr;

use cpython_safe::call::arg_buffer;
use cpython_safe::module::ModuleDef;
use cpython_safe::prelude::*;
use lzma_stream::{Filter, LzmaOptions, Ret, Stream};

use codec::{Compressor, Decompressor};

cpython_safe::clinic_module!();

#[allow(non_upper_case_globals)]
mod signatures {
    pub use super::clinic::*;
    cpython_safe::signatures! {
        encode_filter_properties as _encode_filter_properties: Object = _lzma__encode_filter_properties__doc__;
        // `LZMACompressor.__new__`'s `PyArg_ParseTupleAndKeywords` format.
        compressor_new as LZMACompressor(format, check, preset, filters) in 0..=4,
            format c"|iiOO:LZMACompressor", parser COMPRESSOR_NEW;
        // `LZMADecompressor.__new__`, clinic's parser.
        decompressor_new as LZMADecompressor(format, memlimit, filters) in 0..=3, parser DECOMPRESSOR_NEW;
    }
}

/// Container formats (C's enum; not liblzma's).
const FORMAT_AUTO: i32 = 0;
const FORMAT_XZ: i32 = 1;
const FORMAT_ALONE: i32 = 2;
const FORMAT_RAW: i32 = 3;
/// `LZMA_CHECK_UNKNOWN`: the check of a stream not yet read.
const CHECK_UNKNOWN: u32 = lzma_stream::CHECK_ID_MAX + 1;

/// Per-module state: `LZMAError` and the two classes.
pub(crate) struct State {
    error: Owned<PyType>,
    compressor_type: Owned<PyType>,
    decompressor_type: Owned<PyType>,
}

cpython_safe::traverse!(State: error, compressor_type, decompressor_type);

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let py = module.py();
        let add_int = |name: &CStr, value: i64| module.add(name, PyInt::from_i64(py, value)?.as_any());
        add_int(c"FORMAT_AUTO", FORMAT_AUTO.into())?;
        add_int(c"FORMAT_XZ", FORMAT_XZ.into())?;
        add_int(c"FORMAT_ALONE", FORMAT_ALONE.into())?;
        add_int(c"FORMAT_RAW", FORMAT_RAW.into())?;
        for (name, value) in [
            (c"CHECK_NONE", lzma_stream::CHECK_NONE),
            (c"CHECK_CRC32", lzma_stream::CHECK_CRC32),
            (c"CHECK_CRC64", lzma_stream::CHECK_CRC64),
            (c"CHECK_SHA256", lzma_stream::CHECK_SHA256),
            (c"CHECK_ID_MAX", lzma_stream::CHECK_ID_MAX),
            (c"CHECK_UNKNOWN", CHECK_UNKNOWN),
        ] {
            add_int(name, value.into())?;
        }
        for (name, value) in [
            (c"FILTER_LZMA1", lzma_stream::FILTER_LZMA1),
            (c"FILTER_LZMA2", lzma_stream::FILTER_LZMA2),
            (c"FILTER_DELTA", lzma_stream::FILTER_DELTA),
            (c"FILTER_X86", lzma_stream::FILTER_X86),
            (c"FILTER_IA64", lzma_stream::FILTER_IA64),
            (c"FILTER_ARM", lzma_stream::FILTER_ARM),
            (c"FILTER_ARMTHUMB", lzma_stream::FILTER_ARMTHUMB),
            (c"FILTER_SPARC", lzma_stream::FILTER_SPARC),
            (c"FILTER_POWERPC", lzma_stream::FILTER_POWERPC),
        ] {
            module.add(name, PyInt::from_u64(py, value)?.as_any())?;
        }
        for (name, value) in [
            (c"MF_HC3", lzma_stream::MF_HC3),
            (c"MF_HC4", lzma_stream::MF_HC4),
            (c"MF_BT2", lzma_stream::MF_BT2),
            (c"MF_BT3", lzma_stream::MF_BT3),
            (c"MF_BT4", lzma_stream::MF_BT4),
            (c"MODE_FAST", lzma_stream::MODE_FAST),
            (c"MODE_NORMAL", lzma_stream::MODE_NORMAL),
            (c"PRESET_DEFAULT", lzma_stream::PRESET_DEFAULT),
            (c"PRESET_EXTREME", lzma_stream::PRESET_EXTREME),
        ] {
            add_int(name, value.into())?;
        }
        let error = PyType::new_exception_with_doc(py, c"_lzma.LZMAError", c"Call to liblzma failed.", None)?;
        module.add(c"LZMAError", &error)?;
        let compressor_type = codec::COMPRESSOR.create(module)?;
        module.add(c"LZMACompressor", &compressor_type)?;
        let decompressor_type = codec::DECOMPRESSOR.create(module)?;
        module.add(c"LZMADecompressor", &decompressor_type)?;
        Ok(State { error, compressor_type, decompressor_type })
    }
}

cpython_safe::module! {
    static MODULE: State = module c"_lzma" from signatures {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [is_check_supported, encode_filter_properties, _decode_filter_properties],
    }
}

pub(crate) fn module_def() -> &'static ModuleDef<State> {
    &MODULE
}

/// C's `catch_lzma_error` for a code that is an error.
pub(crate) fn lzma_error(py: Python<'_>, state: &State, ret: Ret) -> PyErr {
    let message = match ret {
        Ret::MemError => return exc::no_memory(py),
        Ret::UnsupportedCheck => "Unsupported integrity check",
        Ret::MemlimitError => "Memory usage limit exceeded",
        Ret::FormatError => "Input format not supported by decoder",
        Ret::OptionsError => "Invalid or unsupported options",
        Ret::DataError => "Corrupt input data",
        Ret::BufError => "Insufficient buffer space",
        Ret::ProgError => "Internal error",
        Ret::Other(code) => return PyErr::new(&state.error, &format!("Unrecognized error from liblzma: {code}")),
        Ret::Ok | Ret::StreamEnd | Ret::NoCheck | Ret::GetCheck => {
            return exc::system_error(py, "liblzma's success taken for an error")
        }
    };
    PyErr::new(&state.error, message)
}

impl PyClass for Compressor {
    type State = State;

    fn module_def() -> &'static ModuleDef<State> {
        module_def()
    }

    /// C's `Compressor_new`.
    fn new(cls: &PyType, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<Self> {
        let py = cls.py();
        let state = Instance::<Compressor>::class_state(cls)?;
        let mut buffer = arg_buffer();
        let args = Args::from_tuple(&signatures::COMPRESSOR_NEW, args, kwargs, &mut buffer)?;
        let format = args.get(0).map(cpython_safe::call::parse::int).transpose()?.unwrap_or(FORMAT_XZ);
        let check = args.get(1).map(cpython_safe::call::parse::int).transpose()?.unwrap_or(-1);
        let preset = args.get(2).filter(|preset| !preset.is_none());
        let filters = args.get(3).filter(|filters| !filters.is_none());

        if format != FORMAT_XZ && check != -1 && check != lzma_stream::CHECK_NONE as i32 {
            return Err(exc::value_error(py, "Integrity checks are only supported by FORMAT_XZ"));
        }
        if preset.is_some() && filters.is_some() {
            return Err(exc::value_error(py, "Cannot specify both preset and filter chain"));
        }
        let preset = preset.map(filters::to_u32).transpose()?.unwrap_or(lzma_stream::PRESET_DEFAULT);

        let stream = match format {
            FORMAT_XZ => {
                // C passes the int on as an lzma_check: bit for bit.
                let check = if check == -1 { lzma_stream::CHECK_CRC64 } else { check as u32 };
                match filters {
                    None => Stream::easy_encoder(preset, check),
                    Some(specs) => Stream::stream_encoder(&filters::parse_filter_chain(state, specs)?, check),
                }
            }
            FORMAT_ALONE => match filters {
                None => {
                    let options = LzmaOptions::preset(preset).ok_or_else(|| {
                        PyErr::new(&state.error, &format!("Invalid compression preset: {preset}"))
                    })?;
                    Stream::alone_encoder(&options)
                }
                Some(specs) => Stream::alone_encoder(&single_lzma1(py, &filters::parse_filter_chain(state, specs)?)?),
            },
            FORMAT_RAW => match filters {
                None => return Err(exc::value_error(py, "Must specify filters for FORMAT_RAW")),
                Some(specs) => Stream::raw_encoder(&filters::parse_filter_chain(state, specs)?),
            },
            _ => return Err(exc::value_error(py, &format!("Invalid container format: {format}"))),
        };
        let stream = stream.map_err(|ret| lzma_error(py, state, ret))?;
        Ok(Compressor::new(stream))
    }
}

/// The options of a chain that is one LZMA1 filter, the only chain
/// FORMAT_ALONE takes.
fn single_lzma1(py: Python<'_>, chain: &[Filter]) -> PyResult<LzmaOptions> {
    match chain {
        [filter] if filter.id() == lzma_stream::FILTER_LZMA1 => match filter.options() {
            lzma_stream::FilterOptions::Lzma(options) => Ok(*options),
            _ => Err(exc::system_error(py, "LZMA1 filter without LZMA options")),
        },
        _ => Err(exc::value_error(py, "Invalid filter chain for FORMAT_ALONE - must be a single LZMA1 filter")),
    }
}

impl PyClass for Decompressor {
    type State = State;

    fn module_def() -> &'static ModuleDef<State> {
        module_def()
    }

    /// C's `_lzma_LZMADecompressor_impl`.
    fn new(cls: &PyType, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<Self> {
        let py = cls.py();
        let state = Instance::<Decompressor>::class_state(cls)?;
        let mut buffer = arg_buffer();
        let args = Args::from_tuple(&signatures::DECOMPRESSOR_NEW, args, kwargs, &mut buffer)?;
        let format: i32 = args.convert_or(0, FORMAT_AUTO)?;
        let memlimit = args.get(1).filter(|memlimit| !memlimit.is_none());
        let filters = args.get(2).filter(|filters| !filters.is_none());

        let memlimit = match memlimit {
            Some(_) if format == FORMAT_RAW => {
                return Err(exc::value_error(py, "Cannot specify memory limit with FORMAT_RAW"))
            }
            Some(memlimit) => memlimit.to_c_ulonglong()?,
            None => u64::MAX,
        };
        match (format == FORMAT_RAW, filters.is_some()) {
            (true, false) => return Err(exc::value_error(py, "Must specify filters for FORMAT_RAW")),
            (false, true) => return Err(exc::value_error(py, "Cannot specify filters except with FORMAT_RAW")),
            _ => {}
        }
        let empty = PyBytes::new(py, b"")?;
        let flags = lzma_stream::TELL_ANY_CHECK | lzma_stream::TELL_NO_CHECK;
        let (stream, check) = match (format, filters) {
            (FORMAT_AUTO, _) => (Stream::auto_decoder(memlimit, flags), CHECK_UNKNOWN),
            (FORMAT_XZ, _) => (Stream::stream_decoder(memlimit, flags), CHECK_UNKNOWN),
            (FORMAT_ALONE, _) => (Stream::alone_decoder(memlimit), lzma_stream::CHECK_NONE),
            (FORMAT_RAW, Some(specs)) => {
                (Stream::raw_decoder(&filters::parse_filter_chain(state, specs)?), lzma_stream::CHECK_NONE)
            }
            _ => return Err(exc::value_error(py, &format!("Invalid container format: {format}"))),
        };
        let stream = stream.map_err(|ret| lzma_error(py, state, ret))?;
        Ok(Decompressor::new(stream, check as i32, empty))
    }
}

fn is_check_supported(_module: &Module<State>, args: &Args) -> PyResult<bool> {
    let clinic::params::is_check_supported { check_id } = clinic::params::is_check_supported::from_args(args)?;
    // C passes the int on as an lzma_check: bit for bit.
    Ok(lzma_stream::check_is_supported(check_id as u32))
}

/// `_encode_filter_properties(filter, /)`: the properties of one filter.
fn encode_filter_properties(module: &Module<State>, args: &Args) -> PyResult<Owned<PyBytes>> {
    let py = module.py();
    let state = module.state()?;
    let filter = filters::parse_filter_spec(state, args.convert(0)?)?;
    let props = lzma_stream::properties_encode(&filter).map_err(|ret| lzma_error(py, state, ret))?;
    PyBytes::new(py, &props)
}

fn _decode_filter_properties(module: &Module<State>, args: &Args) -> PyResult<Owned<cpython_safe::object::PyDict>> {
    let py = module.py();
    let state = module.state()?;
    let filter_id = args.convert::<&PyAny>(0)?.to_c_ulonglong()?;
    let encoded_props: BytesLike = args.convert(1)?;
    let decoded = encoded_props
        .read(|props| lzma_stream::properties_decode(filter_id, props))
        .map_err(|ret| lzma_error(py, state, ret))?;
    filters::build_filter_spec(py, filter_id, decoded)
}
