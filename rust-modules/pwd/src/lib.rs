//! `pwd`: a drop-in replacement for CPython's `Modules/pwdmodule.c`.

#![forbid(unsafe_code)]

use core::ffi::CStr;

use cpython_safe::boundary::allow_threads;
use cpython_safe::boundary::lock_detached;
use cpython_safe::class::structseq::StructSeqType;
use cpython_safe::os::users::{self, EntryBuffer, Passwd};
use cpython_safe::prelude::*;

cpython_safe::clinic_module!();

struct State {
    struct_passwd: StructSeqType,
}
cpython_safe::traverse!(State: struct_passwd);

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let struct_passwd = StructSeqType::new(module.py(), &clinic::struct_pwd_type_desc)?;
        module.add_type(struct_passwd.class())?;
        Ok(State { struct_passwd })
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

/// A string of the entry in the filesystem encoding, None where C has NULL.
fn decoded(py: Python<'_>, text: Option<&CStr>) -> PyResult<Owned> {
    match text {
        Some(text) => Ok(PyStr::decode_fs_default(py, text)?.into_any()),
        None => Ok(py.none()),
    }
}

/// C's `mkpwent`: the `struct_passwd` of an entry.
fn mkpwent(py: Python<'_>, state: &State, entry: &Passwd<'_>) -> PyResult<Owned> {
    state.struct_passwd.instantiate([
        decoded(py, entry.name)?,
        decoded(py, entry.passwd)?,
        users::uid_to_object(py, entry.uid)?,
        users::gid_to_object(py, entry.gid)?,
        decoded(py, entry.gecos)?,
        decoded(py, entry.dir)?,
        decoded(py, entry.shell)?,
    ])
}

fn getpwuid(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let uid = match args.convert::<&PyAny>(0)?.to_uid() {
        Ok(uid) => uid,
        Err(err) if err.matches(exc::OverflowError(py)) => {
            return Err(exc::key_error(py, "getpwuid(): uid not found"));
        }
        Err(err) => return Err(err),
    };
    let mut buffer = EntryBuffer::new();
    let Some(entry) = allow_threads(py, || users::getpwuid(uid, &mut buffer)).map_err(|_| exc::no_memory(py))? else {
        let uid = users::uid_to_object(py, uid)?.str()?;
        return Err(PyErr::set_object(exc::KeyError(py), PyStr::concat(PyStr::new(py, "getpwuid(): uid not found: ")?.as_any(), uid.as_any())?.as_any()));
    };
    mkpwent(py, module.state()?, &entry)
}

fn getpwnam(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let name: &PyAny = args.convert(0)?;
    let Some(name) = name.downcast::<PyStr>() else {
        let type_name = name.get_type().fully_qualified_name()?;
        return Err(exc::type_error(py, &format!("getpwnam() argument must be str, not {}", type_name.to_utf8()?)));
    };
    let bytes = name.encode_fs_default()?;
    let name_chars = bytes.bytes_as_c_str()?;
    let mut buffer = EntryBuffer::new();
    let Some(entry) = allow_threads(py, || users::getpwnam(name_chars, &mut buffer)).map_err(|_| exc::no_memory(py))? else {
        let message = PyStr::concat(PyStr::new(py, "getpwnam(): name not found: ")?.as_any(), name.repr()?.as_any())?;
        return Err(PyErr::set_object(exc::KeyError(py), message.as_any()));
    };
    mkpwent(py, module.state()?, &entry)
}

fn getpwall(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let state = module.state()?;
    let entries = PyList::build(py, 0, |_| unreachable!("an empty list"))?;
    // The C library has one enumeration cursor per process.
    lock_detached(py, &users::PASSWD_DATABASE).for_each(|entry| entries.append(mkpwent(py, state, entry)?.as_any()))?;
    Ok(entries.into_any())
}
