//! `zlib.Compress`, made by `compressobj()`.

use core::ffi::c_int;
use std::sync::Mutex;

use cpython_safe::boundary::{allow_threads, lock_detached, lock_released};
use cpython_safe::class::TypeFlags;
use cpython_safe::module::ModuleDef;
use cpython_safe::prelude::*;
use zlib_stream::{Deflater, Z_FINISH, Z_MEM_ERROR, Z_NO_FLUSH, Z_STREAM_ERROR};

use crate::codec;
use crate::{clinic, finish, zlib_error, State, MODULE};

/// A compressor: its stream behind C's per-object lock.
pub(crate) struct Compress {
    stream: Mutex<Deflater>,
}

cpython_safe::traverse!(Compress);

impl PyClass for Compress {
    type State = State;

    fn module_def() -> &'static ModuleDef<State> {
        &MODULE
    }

    const EXTRA_FLAGS: TypeFlags = TypeFlags::DISALLOW_INSTANTIATION;
}

cpython_safe::class! {
    pub(crate) static COMPRESS: Compress = class c"zlib.Compress" from clinic {
        doc: c"",
        subclassable: false,
        methods: [
            compress = Compress_compress,
            flush = Compress_flush,
            copy = Compress_copy,
            __copy__ = Compress___copy__,
            __deepcopy__ = Compress___deepcopy__,
        ],
    }
}

pub(crate) fn new_compress(state: &State, deflater: Deflater) -> PyResult<Owned> {
    COMPRESS.instantiate(&state.compress_type, Compress { stream: Mutex::new(deflater) })
}

fn compress(this: &Instance<Compress>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let data: BytesLike = args.convert(0)?;
    let state = this.module_state()?;
    let result = data.read_locked(py, 0, &this.value().stream, codec::compress_more);
    finish(py, state, result)
}

fn flush(this: &Instance<Compress>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let mode: c_int = args.convert_or(0, Z_FINISH)?;
    let state = this.module_state()?;
    // Flushing with Z_NO_FLUSH does nothing (C does not even lock).
    if mode == Z_NO_FLUSH {
        return Ok(PyBytes::new(py, b"")?.into_any());
    }
    let stream = &this.value().stream;
    let result = allow_threads(py, || codec::flush(&mut lock_released(stream), mode));
    finish(py, state, result)
}

fn copy(this: &Instance<Compress>, _args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let state = this.module_state()?;
    let mut deflater = lock_detached(py, &this.value().stream);
    match deflater.try_clone() {
        Ok(copy) => new_compress(state, copy),
        Err(Z_STREAM_ERROR) => Err(exc::value_error(py, "Inconsistent stream state")),
        Err(Z_MEM_ERROR) => Err(exc::memory_error(py, "Can't allocate memory for compression object")),
        Err(code) => Err(zlib_error(state, code, deflater.message(), "while copying compression object")),
    }
}

#[allow(non_snake_case)]
fn __copy__(this: &Instance<Compress>, args: &Args) -> PyResult<Owned> {
    copy(this, args)
}

#[allow(non_snake_case)]
fn __deepcopy__(this: &Instance<Compress>, args: &Args) -> PyResult<Owned> {
    let _memo: &PyAny = args.convert(0)?;
    copy(this, args)
}
