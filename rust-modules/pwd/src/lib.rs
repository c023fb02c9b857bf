//! `pwd`: a drop-in replacement for CPython's `Modules/pwdmodule.c`.

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
    static MODULE: State = module c"pwd" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [getpwuid, getpwnam, getpwall],
    }
}

fn getpwuid(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    Err(exc::not_implemented_error(module.py(), "pwd.getpwuid is not written in Rust yet"))
}

fn getpwnam(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    Err(exc::not_implemented_error(module.py(), "pwd.getpwnam is not written in Rust yet"))
}

fn getpwall(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    Err(exc::not_implemented_error(module.py(), "pwd.getpwall is not written in Rust yet"))
}

