//! `grp`: a drop-in replacement for CPython's `Modules/grpmodule.c`.

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
    static MODULE: State = module c"grp" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [getgrnam, getgrall],
    }
}

fn getgrnam(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    Err(exc::not_implemented_error(module.py(), "grp.getgrnam is not written in Rust yet"))
}

fn getgrall(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    Err(exc::not_implemented_error(module.py(), "grp.getgrall is not written in Rust yet"))
}

// Not from clinic, to write with a hand-made Signature: getgrgid
