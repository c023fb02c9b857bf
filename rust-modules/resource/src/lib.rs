//! `resource`: a drop-in replacement for CPython's `Modules/resource.c`.

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
    static MODULE: State = module c"resource" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [getrusage, getrlimit, getpagesize],
    }
}

fn getrusage(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    Err(exc::not_implemented_error(module.py(), "resource.getrusage is not written in Rust yet"))
}

fn getrlimit(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    Err(exc::not_implemented_error(module.py(), "resource.getrlimit is not written in Rust yet"))
}

fn getpagesize(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    Err(exc::not_implemented_error(module.py(), "resource.getpagesize is not written in Rust yet"))
}

// Not from clinic, to write with a hand-made Signature: RESOURCE_PRLIMIT_METHODDEF
// Not from clinic, to write with a hand-made Signature: RESOURCE_SETRLIMIT_METHODDEF
