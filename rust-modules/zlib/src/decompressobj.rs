//! `zlib.Decompress`, made by `decompressobj()`.

use core::cell::RefCell;
use core::ffi::c_int;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use cpython_safe::boundary::lock_detached;
use cpython_safe::buffer::HeldBytes;
use cpython_safe::class::TypeFlags;
use cpython_safe::module::ModuleDef;
use cpython_safe::prelude::*;
use zlib_stream::{Inflater, Z_BUF_ERROR, Z_MEM_ERROR, Z_OK, Z_STREAM_END, Z_STREAM_ERROR};

use crate::codec::{Cursor, Halt, InflateFlush, InflateLoop};
use cpython_safe::codec_buffer::BlockOutput;
use crate::pool::PooledInflater;
use crate::{clinic, finish, raise, set_inflate_zdict, zlib_error, State, DEF_BUF_SIZE, MODULE};

/// What `Decompress` keeps besides its stream: C's `unused_data` and
/// `unconsumed_tail`, only touched with the GIL and the lock held.
struct Leftovers {
    unused_data: Owned<PyBytes>,
    unconsumed_tail: Owned<PyBytes>,
}

/// A decompressor: its stream behind C's per-object lock.
pub(crate) struct Decompress {
    stream: Mutex<PooledInflater>,
    zdict: Option<Owned>,
    eof: AtomicBool,
    leftovers: RefCell<Leftovers>,
}

cpython_safe::traverse!(Decompress);

impl PyClass for Decompress {
    type State = State;

    fn module_def() -> &'static ModuleDef<State> {
        &MODULE
    }

    const EXTRA_FLAGS: TypeFlags = TypeFlags::DISALLOW_INSTANTIATION;
}

cpython_safe::class! {
    pub(crate) static DECOMPRESS: Decompress = class c"zlib.Decompress" from clinic {
        doc: c"",
        subclassable: false,
        methods: [
            decompress = Decompress_decompress,
            flush = Decompress_flush,
            copy = Decompress_copy,
            __copy__ = Decompress___copy__,
            __deepcopy__ = Decompress___deepcopy__,
        ],
        getters: [
            unused_data = get_unused_data: None,
            unconsumed_tail = get_unconsumed_tail: None,
            eof = get_eof: None,
        ],
    }
}

pub(crate) fn new_decompress(state: &State, inflater: PooledInflater, zdict: Option<Owned>) -> PyResult<Owned> {
    let py = state.error.py();
    let empty = PyBytes::new(py, b"")?;
    let leftovers = Leftovers { unused_data: empty.clone(), unconsumed_tail: empty };
    let value = Decompress { stream: Mutex::new(inflater), zdict, eof: AtomicBool::new(false), leftovers: RefCell::new(leftovers) };
    DECOMPRESS.instantiate(&state.decompress_type, value)
}

fn get_unused_data(this: &Instance<Decompress>) -> PyResult<Owned> {
    Ok(this.value().leftovers.borrow().unused_data.clone().into_any())
}

fn get_unconsumed_tail(this: &Instance<Decompress>) -> PyResult<Owned> {
    Ok(this.value().leftovers.borrow().unconsumed_tail.clone().into_any())
}

fn get_eof(this: &Instance<Decompress>) -> PyResult<bool> {
    Ok(this.value().eof.load(Ordering::Relaxed))
}

/// `bytes(data[from..])`, written in place.
fn tail_of(py: Python<'_>, prefix: &[u8], data: &HeldBytes<'_>, from: usize) -> PyResult<Owned<PyBytes>> {
    let left = data.len() - from;
    let Some(size) = prefix.len().checked_add(left).filter(|&size| size <= isize::MAX as usize) else {
        return Err(exc::no_memory(py));
    };
    PyBytes::new_with(py, size, |out| {
        let (head, tail) = out.split_at_mut(prefix.len());
        head.copy_from_slice(prefix);
        data.read(|bytes| tail.copy_from_slice(&bytes[from..]));
        Ok(size)
    })
}

/// C's `save_unconsumed_input`: input after the end of the stream goes to
/// `unused_data`, input not consumed (for lack of room) to
/// `unconsumed_tail`, which is emptied once everything was consumed.
fn save_unconsumed_input(this: &Instance<Decompress>, data: &HeldBytes<'_>, cursor: &Cursor, code: c_int) -> PyResult<()> {
    let py = this.py();
    let mut available = cursor.available();
    if code == Z_STREAM_END && available > 0 {
        let unused_data = {
            let leftovers = this.value().leftovers.borrow();
            tail_of(py, leftovers.unused_data.as_bytes(), data, cursor.position)?
        };
        this.value().leftovers.borrow_mut().unused_data = unused_data;
        available = 0;
    }
    let tail_was_empty = this.value().leftovers.borrow().unconsumed_tail.as_bytes().is_empty();
    if available > 0 || !tail_was_empty {
        let unconsumed_tail = tail_of(py, b"", data, cursor.position)?;
        this.value().leftovers.borrow_mut().unconsumed_tail = unconsumed_tail;
    }
    Ok(())
}

/// Runs an inflate loop over `data` (GIL released for immutable input),
/// stopping to set the dictionary whenever the stream asks for it.
fn run_inflate_loop(
    this: &Instance<Decompress>,
    state: &State,
    inflater: &mut Inflater,
    data: &HeldBytes<'_>,
    output: &mut BlockOutput,
    flush: InflateFlush,
) -> PyResult<InflateLoop> {
    let py = this.py();
    let zdict = this.value().zdict.as_deref();
    let has_zdict = zdict.is_some();
    let mut run = InflateLoop::new();
    loop {
        let halt = data.read_releasing_gil(py, 0, |bytes| run.run(inflater, bytes, output, flush, has_zdict));
        match halt {
            Ok(Halt::Done) => return Ok(run),
            Ok(Halt::NeedDict) => {
                set_inflate_zdict(state, inflater, zdict.expect("NeedDict only with a zdict"))?;
                run.resume();
            }
            Err(failure) => return Err(raise(py, state, failure)),
        }
    }
}

fn decompress(this: &Instance<Decompress>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let clinic::params::Decompress_decompress { data, max_length } = clinic::params::Decompress_decompress::from_args(args)?;
    let state = this.module_state()?;
    if max_length < 0 {
        return Err(exc::value_error(py, "max_length must be non-negative"));
    }
    let max_length = (max_length > 0).then_some(max_length as usize);
    let mut inflater = lock_detached(py, &this.value().stream);
    let mut output = BlockOutput::init_and_grow(max_length).map_err(|error| raise(py, state, error.into()))?;
    let run = run_inflate_loop(this, state, &mut inflater, &data, &mut output, InflateFlush::Sync)?;
    save_unconsumed_input(this, &data, &run.cursor, run.code)?;
    if run.code == Z_STREAM_END {
        // C only ends the stream in flush(), for compatibility.
        this.value().eof.store(true, Ordering::Relaxed);
    } else if run.code != Z_OK && run.code != Z_BUF_ERROR {
        return Err(zlib_error(state, run.code, inflater.message(), "while decompressing data"));
    }
    finish(py, state, Ok(output))
}

fn flush(this: &Instance<Decompress>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let length: isize = args.convert_or(0, DEF_BUF_SIZE as isize)?;
    let state = this.module_state()?;
    if length <= 0 {
        return Err(exc::value_error(py, "length must be greater than zero"));
    }
    let mut inflater = lock_detached(py, &this.value().stream);
    let tail = this.value().leftovers.borrow().unconsumed_tail.clone();
    let data = BytesLike::new(&tail)?;
    let mut output = BlockOutput::with_size(length as usize).map_err(|error| raise(py, state, error.into()))?;
    let run = run_inflate_loop(this, state, &mut inflater, &data, &mut output, InflateFlush::FinishLast)?;
    save_unconsumed_input(this, &data, &run.cursor, run.code)?;
    // At the end of the stream, free zlib's memory (other errors are not
    // reported by flush, as in C).
    if run.code == Z_STREAM_END {
        this.value().eof.store(true, Ordering::Relaxed);
        let code = inflater.end();
        if code != Z_OK {
            return Err(zlib_error(state, code, inflater.message(), "while finishing decompression"));
        }
    }
    finish(py, state, Ok(output))
}

fn copy(this: &Instance<Decompress>, _args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let state = this.module_state()?;
    let value = this.value();
    let mut inflater = lock_detached(py, &value.stream);
    let copy = match inflater.try_clone() {
        Ok(copy) => state.inflaters.adopt(copy),
        Err(Z_STREAM_ERROR) => return Err(exc::value_error(py, "Inconsistent stream state")),
        Err(Z_MEM_ERROR) => return Err(exc::memory_error(py, "Can't allocate memory for decompression object")),
        Err(code) => return Err(zlib_error(state, code, inflater.message(), "while copying decompression object")),
    };
    let leftovers = {
        let leftovers = value.leftovers.borrow();
        Leftovers { unused_data: leftovers.unused_data.clone(), unconsumed_tail: leftovers.unconsumed_tail.clone() }
    };
    let copy = Decompress {
        stream: Mutex::new(copy),
        zdict: value.zdict.clone(),
        eof: AtomicBool::new(value.eof.load(Ordering::Relaxed)),
        leftovers: RefCell::new(leftovers),
    };
    DECOMPRESS.instantiate(&state.decompress_type, copy)
}

#[allow(non_snake_case)]
fn __copy__(this: &Instance<Decompress>, args: &Args) -> PyResult<Owned> {
    copy(this, args)
}

#[allow(non_snake_case)]
fn __deepcopy__(this: &Instance<Decompress>, args: &Args) -> PyResult<Owned> {
    let _memo: &PyAny = args.convert(0)?;
    copy(this, args)
}
