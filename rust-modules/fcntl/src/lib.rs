//! `fcntl`: a drop-in replacement for CPython's `Modules/fcntlmodule.c`.

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
    static MODULE: State = module c"fcntl" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [],
    }
}


// Not from clinic, to write with a hand-made Signature: FCNTL_FCNTL_METHODDEF
// Not from clinic, to write with a hand-made Signature: FCNTL_IOCTL_METHODDEF
// Not from clinic, to write with a hand-made Signature: FCNTL_FLOCK_METHODDEF
// Not from clinic, to write with a hand-made Signature: FCNTL_LOCKF_METHODDEF
