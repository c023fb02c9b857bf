//! `syslog`: a drop-in replacement for CPython's `Modules/syslogmodule.c`.
//!
//! The C library's logger is one per process: whether it was opened and the
//! ident string it points to live in `cpython_safe::os::syslog`, shared by
//! every interpreter, and only the main interpreter may open or close it.

#![forbid(unsafe_code)]

use core::ffi::{c_int, c_long, CStr};

use cpython_safe::boundary::allow_threads;
use cpython_safe::object::c_string::try_c_string;
use cpython_safe::os::syslog as sys;
use cpython_safe::prelude::*;
use cpython_safe::sys::{audit, get_object};

cpython_safe::clinic_module!();

mod constants {
    include!(concat!(env!("OUT_DIR"), "/constants.rs"));
}

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
    static MODULE: State = module c"syslog" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [openlog, closelog, syslog, setlogmask, LOG_MASK, LOG_UPTO],
    }
}

/// The default ident: the base name of `sys.argv[0]`, or `None` (then the
/// C library picks one) when there is none, as C swallows errors here.
fn ident_from_argv(py: Python<'_>) -> PyResult<Option<Owned>> {
    let Some(argv) = get_object(py, c"argv") else {
        return Ok(None);
    };
    let Some(script) = argv.downcast::<PyList>().and_then(|argv| argv.get(0)) else {
        return Ok(None);
    };
    let Some(script) = script.downcast::<PyStr>().filter(|script| !script.is_empty()) else {
        return Ok(None);
    };
    // The C module would fail at this conversion of the base name a little
    // later (in openlog) for the same reasons.
    let text = script.to_utf8()?;
    match text.rfind('/') {
        Some(slash) => Ok(Some(PyStr::new(py, &text[slash + 1..])?.into_any())),
        None => Ok(Some(Owned::from_ref(script).into_any())),
    }
}

fn openlog(module: &Module<State>, args: &Args) -> PyResult<()> {
    let py = module.py();
    let ident: Option<&PyStr> = args.get(0).map(|_| args.convert(0)).transpose()?;
    let option = args.get(1).map_or(Ok(0), PyAny::to_c_long)?;
    let facility = args.get(2).map_or(Ok(libc::LOG_USER.into()), PyAny::to_c_long)?;
    open(py, ident.map(|ident| Owned::from_ref(ident).into_any()), option, facility)
}

/// `openlog(ident, option, facility)`, C's `syslog_openlog_impl`: `None`
/// takes the ident from `sys.argv`.
fn open(py: Python<'_>, ident: Option<Owned>, option: c_long, facility: c_long) -> PyResult<()> {
    // The logger is the process's: only the main interpreter sets it.
    if !py.in_main_interpreter() {
        return Err(exc::runtime_error(py, "subinterpreter can't use syslog.openlog()"));
    }
    let ident = match ident {
        Some(ident) => Some(ident),
        None => ident_from_argv(py)?,
    };
    let ident_text = match &ident {
        Some(ident) => Some(try_c_string(py, ident.downcast::<PyStr>().expect("a str").to_c_str()?)?),
        None => None,
    };
    let none = py.none();
    audit(py, c"syslog.openlog", (ident.as_deref().unwrap_or(&none), option, facility))?;
    // C's implicit conversions to the C library's int parameters.
    sys::open(ident_text, option as c_int, facility as c_int);
    Ok(())
}

fn syslog(module: &Module<State>, args: &Args) -> PyResult<()> {
    let py = module.py();
    let (priority, message) = match args.len() {
        1 => (libc::LOG_INFO, message_arg(args, 0)?),
        2 => (cpython_safe::call::parse::int(args.get(0).expect("two arguments"))?, message_arg(args, 1)?),
        _ => return Err(exc::type_error(py, "syslog.syslog requires 1 to 2 arguments")),
    };
    audit(py, c"syslog.syslog", (priority, message))?;

    if !sys::is_open() {
        if !py.in_main_interpreter() {
            return Err(exc::runtime_error(
                py,
                "subinterpreter can't use syslog.syslog() until the syslog is opened by the main interpreter",
            ));
        }
        open(py, None, 0, libc::LOG_USER.into())?;
    }
    allow_threads(py, || sys::log(priority, message));
    Ok(())
}

/// `PyArg_ParseTuple`'s `"s"` for the argument at `index`: a str without
/// NUL characters, as UTF-8.
fn message_arg<'a>(args: &Args<'a>, index: usize) -> PyResult<&'a CStr> {
    let arg = args.get(index).expect("an argument");
    match arg.downcast::<PyStr>() {
        Some(text) => text.to_c_str_no_nul(),
        None => {
            let type_name = if arg.is_none() { "None".to_owned() } else { arg.type_name(50) };
            Err(exc::type_error(args.py(), &format!("syslog() argument {} must be str, not {type_name}", index + 1)))
        }
    }
}

fn closelog(module: &Module<State>, _args: &Args) -> PyResult<()> {
    let py = module.py();
    if !py.in_main_interpreter() {
        return Err(exc::runtime_error(py, "subinterpreter can't use syslog.closelog()"));
    }
    audit(py, c"syslog.closelog", ())?;
    sys::close();
    Ok(())
}

fn setlogmask(module: &Module<State>, args: &Args) -> PyResult<c_long> {
    let mask = args.convert::<&PyAny>(0)?.to_c_long()?;
    audit(module.py(), c"syslog.setlogmask", (mask,))?;
    Ok(sys::set_mask(mask as c_int).into())
}

/// C's `LOG_MASK(pri)`, `1 << pri` in C int arithmetic as compiled on
/// this machine: the shift count is taken modulo 32.
fn mask(priority: c_long) -> c_int {
    1i32.wrapping_shl(priority as u32)
}

#[allow(non_snake_case)]
fn LOG_MASK(_module: &Module<State>, args: &Args) -> PyResult<c_long> {
    let priority = args.convert::<&PyAny>(0)?.to_c_long()?;
    Ok(mask(priority).into())
}

#[allow(non_snake_case)]
fn LOG_UPTO(_module: &Module<State>, args: &Args) -> PyResult<c_long> {
    let priority = args.convert::<&PyAny>(0)?.to_c_long()?;
    Ok(mask(priority.wrapping_add(1)).wrapping_sub(1).into())
}
