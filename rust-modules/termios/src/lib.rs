//! `termios`: a drop-in replacement for CPython's `Modules/termios.c`.

#![forbid(unsafe_code)]

use core::ffi::c_long;

use cpython_safe::boundary::allow_threads;
use cpython_safe::object::PyDict;
use cpython_safe::os::{termios as sys, Errno};
use cpython_safe::prelude::*;

cpython_safe::clinic_module!();

mod constants {
    include!(concat!(env!("OUT_DIR"), "/constants.rs"));
}

/// The number of control characters in `c_cc`.
const NCCS: usize = libc::NCCS;

struct State {
    /// `termios.error`, raised with `(errno, strerror)` for failed calls.
    error: Owned<PyType>,
}
cpython_safe::traverse!(State: error);

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let py = module.py();
        let error = PyType::new_exception(py, c"termios.error", None)?;
        module.add(c"error", error.as_any())?;
        for &(name, value) in constants::CONSTANTS {
            module.add_int(name, value)?;
        }
        Ok(State { error })
    }
}

cpython_safe::module! {
    static MODULE: State = module c"termios" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [tcgetattr, tcsetattr, tcsendbreak, tcdrain, tcflush, tcflow, tcgetwinsize, tcsetwinsize],
    }
}

/// `termios.error(errno, strerror)` for a failed call.
fn raise(module: &Module<State>, errno: Errno) -> PyResult<PyErr> {
    Ok(errno.raise_as(module.state()?.error.as_any()))
}

/// A call of the C library with the GIL released; failures raise
/// `termios.error`.
fn call<T: Send>(module: &Module<State>, work: impl FnOnce() -> Result<T, Errno> + Send) -> PyResult<T> {
    match allow_threads(module.py(), work) {
        Ok(value) => Ok(value),
        Err(errno) => Err(raise(module, errno)?),
    }
}

fn int(py: Python<'_>, value: impl Into<c_long>) -> PyResult<Owned> {
    Ok(PyInt::from_c_long(py, value.into())?.into_any())
}

fn tcgetattr(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let clinic::params::tcgetattr { fd } = clinic::params::tcgetattr::from_args(args)?;
    let mode = call(module, || sys::get_attributes(fd))?;
    let input_speed = sys::input_speed(&mode);
    let output_speed = sys::output_speed(&mode);

    // VMIN and VTIME may share EOF's and EOL's slots: they are counts only
    // in non-canonical mode.
    let counts = mode.c_lflag & libc::ICANON == 0;
    let cc = PyList::build(py, NCCS, |index| {
        let value = mode.c_cc[index];
        if counts && (index == libc::VMIN || index == libc::VTIME) {
            int(py, value)
        } else {
            Ok(PyBytes::new(py, &[value])?.into_any())
        }
    })?;
    let attributes = [mode.c_iflag, mode.c_oflag, mode.c_cflag, mode.c_lflag, input_speed, output_speed];
    let list = PyList::build(py, 7, |index| match attributes.get(index) {
        Some(&value) => int(py, value),
        None => Ok(cc.clone().into_any()),
    })?;
    Ok(list.into_any())
}

fn tcsetattr(module: &Module<State>, args: &Args) -> PyResult<()> {
    let py = module.py();
    let clinic::params::tcsetattr { fd, when, attributes } = clinic::params::tcsetattr::from_args(args)?;
    let Some(list) = attributes.downcast::<PyList>().filter(|list| list.len() == 7) else {
        return Err(exc::type_error(py, "tcsetattr, arg 3: must be 7 element list"));
    };
    // Start from the current attributes: there may be hidden fields.
    let mut mode = call(module, || sys::get_attributes(fd))?;

    // Each item is read when converted: an `__index__` may change the list.
    let item = |index: usize| list.get(index).ok_or_else(|| exc::index_error(py, "list index out of range"));
    let number = |index: usize| item(index)?.to_c_long();
    // C's casts: the values are cut to the fields' widths.
    mode.c_iflag = number(0)? as libc::tcflag_t;
    mode.c_oflag = number(1)? as libc::tcflag_t;
    mode.c_cflag = number(2)? as libc::tcflag_t;
    mode.c_lflag = number(3)? as libc::tcflag_t;
    let input_speed = number(4)? as libc::speed_t;
    let output_speed = number(5)? as libc::speed_t;

    let cc = item(6)?;
    let Some(cc) = cc.downcast::<PyList>().filter(|cc| cc.len() == NCCS) else {
        return Err(exc::type_error(py, &format!("tcsetattr: attributes[6] must be {NCCS} element list")));
    };
    for index in 0..NCCS {
        let Some(value) = cc.get(index) else {
            return Err(exc::index_error(py, "list index out of range"));
        };
        mode.c_cc[index] = if let Some(&[byte]) = value.downcast::<PyBytes>().map(PyBytes::as_bytes) {
            byte
        } else if value.is_int() {
            value.to_c_long()? as libc::cc_t
        } else {
            return Err(exc::type_error(py, "tcsetattr: elements of attributes must be characters or integers"));
        };
    }

    if let Err(errno) = sys::set_input_speed(&mut mode, input_speed).and_then(|()| sys::set_output_speed(&mut mode, output_speed)) {
        return Err(raise(module, errno)?);
    }
    call(module, || sys::set_attributes(fd, when, &mode))
}

fn tcsendbreak(module: &Module<State>, args: &Args) -> PyResult<()> {
    let clinic::params::tcsendbreak { fd, duration } = clinic::params::tcsendbreak::from_args(args)?;
    call(module, || sys::send_break(fd, duration))
}

fn tcdrain(module: &Module<State>, args: &Args) -> PyResult<()> {
    let clinic::params::tcdrain { fd } = clinic::params::tcdrain::from_args(args)?;
    call(module, || sys::drain(fd))
}

fn tcflush(module: &Module<State>, args: &Args) -> PyResult<()> {
    let clinic::params::tcflush { fd, queue } = clinic::params::tcflush::from_args(args)?;
    call(module, || sys::flush(fd, queue))
}

fn tcflow(module: &Module<State>, args: &Args) -> PyResult<()> {
    let clinic::params::tcflow { fd, action } = clinic::params::tcflow::from_args(args)?;
    call(module, || sys::flow(fd, action))
}

fn tcgetwinsize(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let clinic::params::tcgetwinsize { fd } = clinic::params::tcgetwinsize::from_args(args)?;
    let size = call(module, || sys::get_window_size(fd))?;
    let (rows, columns) = (int(py, size.ws_row)?, int(py, size.ws_col)?);
    Ok(PyTuple::new(py, &[&rows, &columns])?.into_any())
}

fn tcsetwinsize(module: &Module<State>, args: &Args) -> PyResult<()> {
    let py = module.py();
    let clinic::params::tcsetwinsize { fd, winsize } = clinic::params::tcsetwinsize::from_args(args)?;
    // PySequence_Check: indexable, and not a dict.
    let no_match = |error: PyErr| error.clear();
    let items = SequenceItems::new(winsize).map_err(no_match).ok().filter(|_| winsize.downcast::<PyDict>().is_none());
    let is_pair = items.is_some() && winsize.sequence_len().map_err(no_match).is_ok_and(|len| len == 2);
    let Some(items) = items.filter(|_| is_pair) else {
        return Err(exc::type_error(py, "tcsetwinsize, arg 2: must be a two-item sequence"));
    };
    let rows = items.get(0)?.to_c_long()?;
    let columns = items.get(1)?.to_c_long()?;

    // Start from the current size: it has more fields (the pixel sizes).
    let mut size = sys::get_window_size(fd).or_else(|errno| Err(raise(module, errno)?))?;
    let (Ok(ws_row), Ok(ws_col)) = (u16::try_from(rows), u16::try_from(columns)) else {
        return Err(exc::overflow_error(py, "winsize value(s) out of range."));
    };
    size.ws_row = ws_row;
    size.ws_col = ws_col;
    call(module, || sys::set_window_size(fd, &size))
}
