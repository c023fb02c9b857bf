//! `syslog`: a drop-in replacement for CPython's `Modules/syslogmodule.c`.

#![forbid(unsafe_code)]

use cpython_safe::prelude::*;

cpython_safe::clinic_module!();

/// Per-module state (name the fields that hold objects in `traverse!`).
struct State;
cpython_safe::traverse!(State);

impl ModuleState for State {
    fn init(_module: &Module<Self>) -> PyResult<Self> {
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

fn openlog(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    Err(exc::not_implemented_error(module.py(), "syslog.openlog is not written in Rust yet"))
}

fn closelog(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    Err(exc::not_implemented_error(module.py(), "syslog.closelog is not written in Rust yet"))
}

fn syslog(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    Err(exc::not_implemented_error(module.py(), "syslog.syslog is not written in Rust yet"))
}

fn setlogmask(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    Err(exc::not_implemented_error(module.py(), "syslog.setlogmask is not written in Rust yet"))
}

#[allow(non_snake_case)]
fn LOG_MASK(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    Err(exc::not_implemented_error(module.py(), "syslog.LOG_MASK is not written in Rust yet"))
}

#[allow(non_snake_case)]
fn LOG_UPTO(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    Err(exc::not_implemented_error(module.py(), "syslog.LOG_UPTO is not written in Rust yet"))
}

