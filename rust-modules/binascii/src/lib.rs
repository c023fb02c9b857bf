//! `binascii`: conversions between binary data and ASCII encodings.
//!
//! A drop-in replacement for CPython's `Modules/binascii.c`: the same
//! functions, signatures, docstrings (read from the tree being built),
//! exceptions and messages.  The codecs themselves are in [`codec`]; this
//! file is the Python-facing layer, function by function as in the C module.

#![forbid(unsafe_code)]

mod codec;

use cpython_safe::prelude::*;

use codec::CodecError;

cpython_safe::clinic_module!();

use clinic::params;

/// Per-module state: the module's two exception classes.
struct State {
    error: Owned<PyType>,
    incomplete: Owned<PyType>,
}

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let py = module.py();
        let error = PyType::new_exception(py, c"binascii.Error", Some(exc::ValueError(py)))?;
        module.add(c"Error", &error)?;
        let incomplete = PyType::new_exception(py, c"binascii.Incomplete", None)?;
        module.add(c"Incomplete", &incomplete)?;
        Ok(State { error, incomplete })
    }
}

cpython_safe::traverse!(State: error, incomplete);

cpython_safe::module! {
    static MODULE: State = module c"binascii" from clinic {
        doc: clinic::doc_binascii,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [
            a2b_uu, b2a_uu, a2b_base64, b2a_base64, crc_hqx, crc32,
            b2a_hex, hexlify, a2b_hex, unhexlify, a2b_qp, b2a_qp,
        ],
    }
}

/// Raises a codec failure as the module's `Error`.  (`Incomplete` is kept
/// for compatibility: no codec raises it since `a2b_hqx` was removed.)
fn raise(module: &Module<State>, error: CodecError) -> PyErr {
    module.state().map_or_else(|err| err, |state| PyErr::new(&state.error, &error.0))
}

/// The module's `ascii_buffer` converter (clinic's parameters call it): a
/// bytes-like object, or a `str` of ASCII characters only.
fn ascii_buffer<'a>(args: &Args<'a>, index: usize) -> PyResult<BytesLike<'a>> {
    let arg = args.get(index).expect("required argument");
    let py = arg.py();
    if let Some(text) = arg.downcast::<PyStr>() {
        return match text.as_ascii() {
            Some(ascii) => Ok(BytesLike::borrowed(ascii)),
            None => Err(exc::value_error(py, "string argument should contain only ASCII characters")),
        };
    }
    BytesLike::new(arg).map_err(|err| {
        err.clear();
        exc::type_error(py, &format!("argument should be bytes, buffer or ASCII string, not '{}'", arg.type_name(100)))
    })
}

fn a2b_uu(module: &Module<State>, args: &Args) -> PyResult<Owned<PyBytes>> {
    let params::a2b_uu { data } = params::a2b_uu::from_args(args)?;
    PyBytes::new_with(module.py(), data.read(codec::a2b_uu_len), |out| {
        data.read(|ascii| codec::a2b_uu(ascii, out)).map_err(|e| raise(module, e))?;
        Ok(out.len())
    })
}

fn b2a_uu(module: &Module<State>, args: &Args) -> PyResult<Owned<PyBytes>> {
    let params::b2a_uu { data, backtick } = params::b2a_uu::from_args(args)?;
    let length = codec::b2a_uu_len(data.len()).map_err(|e| raise(module, e))?;
    PyBytes::new_with(module.py(), length, |out| {
        data.read(|data| codec::b2a_uu(data, backtick, out));
        Ok(length)
    })
}

fn a2b_base64(module: &Module<State>, args: &Args) -> PyResult<Owned<PyBytes>> {
    let params::a2b_base64 { data, strict_mode } = params::a2b_base64::from_args(args)?;
    PyBytes::new_with(module.py(), codec::a2b_base64_capacity(data.len()), |out| {
        data.read(|ascii| codec::a2b_base64(ascii, strict_mode, out)).map_err(|e| raise(module, e))
    })
}

fn b2a_base64(module: &Module<State>, args: &Args) -> PyResult<Owned<PyBytes>> {
    let params::b2a_base64 { data, newline } = params::b2a_base64::from_args(args)?;
    PyBytes::new_with(module.py(), codec::b2a_base64_len(data.len(), newline), |out| {
        data.read(|data| codec::b2a_base64(data, newline, out));
        Ok(out.len())
    })
}

fn crc_hqx(_module: &Module<State>, args: &Args) -> PyResult<i64> {
    let params::crc_hqx { data, crc } = params::crc_hqx::from_args(args)?;
    // Only the low 16 bits of `crc` count, as in C.
    Ok(data.read(|data| codec::crc_hqx(data, crc as u16)).into())
}

fn crc32(module: &Module<State>, args: &Args) -> PyResult<i64> {
    let params::crc32 { data, crc } = params::crc32::from_args(args)?;
    // Like C (zlib's crc32), let other threads run over large inputs (when
    // no other thread can write them: see HeldBytes).
    Ok(data.read_releasing_gil(module.py(), 5 * 1024 + 1, |bytes| codec::crc32(bytes, crc)).into())
}

/// The `sep` argument of `b2a_hex`/`hexlify`: one character or byte
/// (`Python/pystrhex.c` rules, where the result is bytes).
fn hex_separator(sep: Option<&PyAny>, bytes_per_sep: i32) -> PyResult<Option<codec::HexSeparator>> {
    let Some(sep) = sep else { return Ok(None) };
    let py = sep.py();
    if sep.len()? != 1 {
        return Err(exc::value_error(py, "sep must be length 1."));
    }
    let sep = if let Some(text) = sep.downcast::<PyStr>() {
        // Any one-byte (Latin-1) character: the result is bytes.
        u8::try_from(text.char_at(0)?).map_err(|_| exc::value_error(py, "sep must be ASCII."))?
    } else if let Some(bytes) = sep.downcast::<PyBytes>() {
        bytes.as_bytes()[0]
    } else {
        return Err(exc::type_error(py, "sep must be str or bytes."));
    };
    Ok(Some(codec::HexSeparator { sep, bytes_per_sep }))
}

fn b2a_hex(module: &Module<State>, args: &Args) -> PyResult<Owned<PyBytes>> {
    let params::b2a_hex { data, sep, bytes_per_sep } = params::b2a_hex::from_args(args)?;
    let separator = hex_separator(sep, bytes_per_sep)?;
    PyBytes::new_with(module.py(), codec::hexlify_len(data.len(), separator), |out| {
        data.read(|data| codec::hexlify(data, separator, out));
        Ok(out.len())
    })
}

fn hexlify(module: &Module<State>, args: &Args) -> PyResult<Owned<PyBytes>> {
    b2a_hex(module, args)
}

fn a2b_hex(module: &Module<State>, args: &Args) -> PyResult<Owned<PyBytes>> {
    let params::a2b_hex { hexstr } = params::a2b_hex::from_args(args)?;
    let length = hexstr.read(codec::unhexlify_check).map_err(|e| raise(module, e))?;
    PyBytes::new_with(module.py(), length, |out| {
        hexstr.read(|hexstr| codec::unhexlify(hexstr, out)).map_err(|e| raise(module, e))?;
        Ok(length)
    })
}

fn unhexlify(module: &Module<State>, args: &Args) -> PyResult<Owned<PyBytes>> {
    a2b_hex(module, args)
}

fn a2b_qp(module: &Module<State>, args: &Args) -> PyResult<Owned<PyBytes>> {
    let params::a2b_qp { data, header } = params::a2b_qp::from_args(args)?;
    // Decoding never lengthens.
    PyBytes::new_with(module.py(), data.len(), |out| Ok(data.read(|data| codec::a2b_qp(data, header, out))))
}

fn b2a_qp(module: &Module<State>, args: &Args) -> PyResult<Owned<PyBytes>> {
    let params::b2a_qp { data, quotetabs, istext, header } = params::b2a_qp::from_args(args)?;
    let options = codec::QpOptions { quotetabs, istext, header };
    // As C: a first pass counts the output, a second writes it.
    let length = data.read(|data| codec::b2a_qp_len(data, options));
    PyBytes::new_with(module.py(), length, |out| {
        data.read(|data| codec::b2a_qp(data, options, out));
        Ok(length)
    })
}
