//! `termios`: a drop-in replacement for CPython's `Modules/termios.c`.

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
    static MODULE: State = module c"termios" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [tcgetattr, tcdrain, tcgetwinsize],
    }
}

fn tcgetattr(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    Err(exc::not_implemented_error(module.py(), "termios.tcgetattr is not written in Rust yet"))
}

fn tcdrain(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    Err(exc::not_implemented_error(module.py(), "termios.tcdrain is not written in Rust yet"))
}

fn tcgetwinsize(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    Err(exc::not_implemented_error(module.py(), "termios.tcgetwinsize is not written in Rust yet"))
}

// Not from clinic, to write with a hand-made Signature: TERMIOS_TCSETATTR_METHODDEF
// Not from clinic, to write with a hand-made Signature: TERMIOS_TCSENDBREAK_METHODDEF
// Not from clinic, to write with a hand-made Signature: TERMIOS_TCFLUSH_METHODDEF
// Not from clinic, to write with a hand-made Signature: TERMIOS_TCFLOW_METHODDEF
// Not from clinic, to write with a hand-made Signature: TERMIOS_TCSETWINSIZE_METHODDEF
