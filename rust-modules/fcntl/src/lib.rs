//! `fcntl`: a drop-in replacement for CPython's `Modules/fcntlmodule.c`.

#![forbid(unsafe_code)]

use core::ffi::{c_int, c_long, c_short};

use cpython_safe::boundary::allow_threads;
use cpython_safe::buffer::{with_writable, WritableBytes};
use cpython_safe::call::parse;
use cpython_safe::os::{check_signals, fcntl as sys, Errno};
use cpython_safe::prelude::*;
use cpython_safe::sys::audit;

cpython_safe::clinic_module!();

mod constants {
    include!(concat!(env!("OUT_DIR"), "/constants.rs"));
}

/// C's argument buffer: 1024 bytes (ioctl adds a NUL after the data).
const ARGUMENT_BUFFER_SIZE: usize = 1024;

struct State;
cpython_safe::traverse!(State);

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        for &(name, value) in constants::CONSTANTS {
            module.add_int(name, value)?;
        }
        Ok(State)
    }
}

cpython_safe::module! {
    static MODULE: State = module c"fcntl" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [fcntl, ioctl, flock, lockf],
    }
}

/// A blocking call with the GIL released, called again after `EINTR` once
/// the signal handlers ran without raising (PEP 475); other errors raise
/// `OSError`.
fn retry_released<T: Send>(py: Python<'_>, mut call: impl FnMut() -> Result<T, Errno> + Send) -> PyResult<T> {
    loop {
        match allow_threads(py, &mut call) {
            Ok(value) => return Ok(value),
            Err(errno) if errno.is_interrupted() => check_signals(py)?,
            Err(errno) => return Err(errno.raise(py)),
        }
    }
}

/// The bytes of a `str` (UTF-8) or a `bytes`, as `PyArg_Parse(arg, "s#")`
/// takes them (an encoding error, or another type, is no match).
fn read_only_bytes(arg: &PyAny) -> Option<&[u8]> {
    if let Some(text) = arg.downcast::<PyStr>() {
        return match text.to_utf8() {
            Ok(text) => Some(text.as_bytes()),
            Err(error) => {
                error.clear();
                None
            }
        };
    }
    arg.downcast::<PyBytes>().map(PyBytes::as_bytes)
}

fn fcntl(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let clinic::params::fcntl { fd, cmd, arg } = clinic::params::fcntl::from_args(args)?;
    let none = py.none();
    audit(py, c"fcntl.fcntl", (fd, cmd, arg.unwrap_or(&none)))?;

    let mut int_arg: u32 = 0;
    if let Some(arg) = arg {
        if let Some(data) = read_only_bytes(arg) {
            if data.len() > ARGUMENT_BUFFER_SIZE {
                return Err(exc::value_error(py, "fcntl string arg too long"));
            }
            let mut buffer = [0u8; ARGUMENT_BUFFER_SIZE];
            buffer[..data.len()].copy_from_slice(data);
            retry_released(py, || sys::fcntl_buffer(fd, cmd, &mut buffer))?;
            return Ok(PyBytes::new(py, &buffer[..data.len()])?.into_any());
        }
        int_arg = parse::unsigned_int_bitfield(arg)?;
    }
    let result = retry_released(py, || sys::fcntl_int(fd, cmd, int_arg as c_int))?;
    Ok(PyInt::from_i64(py, result.into())?.into_any())
}

fn ioctl(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let clinic::params::ioctl { fd, request, arg, mutate_flag } = clinic::params::ioctl::from_args(args)?;
    let none = py.none();
    audit(py, c"fcntl.ioctl", (fd, request, arg.unwrap_or(&none)))?;

    let mut int_arg: c_int = 0;
    if let Some(arg) = arg {
        // Errors of the body are the call's; getting no writable buffer
        // is no match.
        match with_writable(arg, |buffer| Ok(ioctl_writable(py, fd, request, buffer, mutate_flag))) {
            Ok(result) => return result,
            Err(error) => error.clear(),
        }
        if let Some(bytes) = ioctl_read_only(py, fd, request, arg)? {
            return Ok(bytes);
        }
        int_arg = parse::int(arg)?;
    }
    let result = allow_threads(py, || sys::ioctl_int(fd, request, int_arg)).map_err(|errno| errno.raise(py))?;
    Ok(PyInt::from_i64(py, result.into())?.into_any())
}

/// ioctl's `"w*"` case: a writable buffer, changed in place when
/// `mutate_flag` is true (through a copy when it fits C's buffer, so that
/// the GIL can be released).
fn ioctl_writable(py: Python<'_>, fd: c_int, request: u32, buffer: &mut WritableBytes<'_>, mutate_flag: bool) -> PyResult<Owned> {
    let len = buffer.len();
    if len > ARGUMENT_BUFFER_SIZE {
        if !mutate_flag {
            return Err(too_long(py));
        }
        // Too big to copy: the object's own memory, with the GIL held (the
        // exporter cannot resize meanwhile anyway).
        let result = sys::ioctl_cells(fd, request, buffer.as_cells()).map_err(|errno| errno.raise(py))?;
        return Ok(PyInt::from_i64(py, result.into())?.into_any());
    }
    let mut copy = [0u8; ARGUMENT_BUFFER_SIZE + 1];
    for (byte, cell) in copy.iter_mut().zip(buffer.as_cells()) {
        *byte = cell.get();
    }
    let result = allow_threads(py, || sys::ioctl_buffer(fd, request, &mut copy));
    if mutate_flag {
        buffer.write_at(0, &copy[..len]);
    }
    let result = result.map_err(|errno| errno.raise(py))?;
    if mutate_flag {
        Ok(PyInt::from_i64(py, result.into())?.into_any())
    } else {
        Ok(PyBytes::new(py, &copy[..len])?.into_any())
    }
}

/// ioctl's `"s*"` case: a `str` or any bytes-like object, copied; the
/// result is the copy after the call.  `None` when `arg` is neither.
fn ioctl_read_only(py: Python<'_>, fd: c_int, request: u32, arg: &PyAny) -> PyResult<Option<Owned>> {
    let mut copy = [0u8; ARGUMENT_BUFFER_SIZE + 1];
    let copied = if let Some(text) = arg.downcast::<PyStr>() {
        match text.to_utf8() {
            Ok(text) => copy_argument(&mut copy, text.as_bytes()),
            Err(error) => {
                error.clear();
                return Ok(None);
            }
        }
    } else {
        match BytesLike::new(arg) {
            Ok(data) => data.read(|bytes| copy_argument(&mut copy, bytes)),
            Err(error) => {
                error.clear();
                return Ok(None);
            }
        }
    };
    let len = copied.ok_or_else(|| too_long(py))?;
    allow_threads(py, || sys::ioctl_buffer(fd, request, &mut copy)).map_err(|errno| errno.raise(py))?;
    Ok(Some(PyBytes::new(py, &copy[..len])?.into_any()))
}

fn too_long(py: Python<'_>) -> PyErr {
    exc::value_error(py, "ioctl string arg too long")
}

/// Copies `data` into the start of the argument buffer: its length, or
/// `None` when it is longer than C's 1024 bytes.
fn copy_argument(copy: &mut [u8; ARGUMENT_BUFFER_SIZE + 1], data: &[u8]) -> Option<usize> {
    if data.len() > ARGUMENT_BUFFER_SIZE {
        return None;
    }
    copy[..data.len()].copy_from_slice(data);
    Some(data.len())
}

fn flock(module: &Module<State>, args: &Args) -> PyResult<()> {
    let py = module.py();
    let clinic::params::flock { fd, operation } = clinic::params::flock::from_args(args)?;
    audit(py, c"fcntl.flock", (fd, operation))?;
    retry_released(py, || sys::flock(fd, operation))
}

fn lockf(module: &Module<State>, args: &Args) -> PyResult<()> {
    let py = module.py();
    let clinic::params::lockf { fd, cmd, len, start, whence } = clinic::params::lockf::from_args(args)?;
    let none = py.none();
    audit(py, c"fcntl.lockf", (fd, cmd, len.unwrap_or(&none), start.unwrap_or(&none), whence))?;

    let lock_type = if cmd == libc::LOCK_UN {
        libc::F_UNLCK
    } else if cmd & libc::LOCK_SH != 0 {
        libc::F_RDLCK
    } else if cmd & libc::LOCK_EX != 0 {
        libc::F_WRLCK
    } else {
        return Err(exc::value_error(py, "unrecognized lockf argument"));
    };
    let start = start.map_or(Ok(0), offset)?;
    let len = len.map_or(Ok(0), offset)?;
    let command = if cmd & libc::LOCK_NB != 0 { libc::F_SETLK } else { libc::F_SETLKW };
    retry_released(py, || {
        let mut lock = libc::flock {
            l_type: lock_type as c_short,
            l_whence: whence as c_short,
            l_start: start,
            l_len: len,
            l_pid: 0,
        };
        sys::fcntl_lock(fd, command, &mut lock)
    })
}

/// A lock's start or length: `PyLong_AsLong`, or where `off_t` is wider
/// than `long` (C's `HAVE_LARGEFILE_SUPPORT`) `PyLong_AsLongLong` for an
/// int.
fn offset(value: &PyAny) -> PyResult<libc::off_t> {
    let large_files = size_of::<libc::off_t>() > size_of::<c_long>();
    // `long` is narrower than `long long` on 32-bit targets.
    #[allow(clippy::useless_conversion)]
    let offset = if large_files && value.is_int() { value.to_c_longlong()? } else { value.to_c_long()?.into() };
    Ok(offset as libc::off_t)
}
