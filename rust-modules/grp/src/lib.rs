//! `grp`: a drop-in replacement for CPython's `Modules/grpmodule.c`.

#![forbid(unsafe_code)]

use core::ffi::CStr;

use cpython_safe::boundary::{allow_threads, lock_detached};
use cpython_safe::call::arg_buffer;
use cpython_safe::class::structseq::StructSeqType;
use cpython_safe::os::users::{self, EntryBuffer, Group};
use cpython_safe::prelude::*;

cpython_safe::clinic_module!();

/// What C parses itself: `getgrgid` with `PyArg_ParseTupleAndKeywords`.
#[allow(non_upper_case_globals)]
mod signatures {
    pub use super::clinic::*;
    cpython_safe::signatures! {
        getgrgid: TupleKeywords = grp_getgrgid__doc__;
        getgrgid_args as getgrgid(id) in 1..=1, format c"O", parser GETGRGID;
    }
}

struct State {
    struct_group: StructSeqType,
}
cpython_safe::traverse!(State: struct_group);

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let struct_group = StructSeqType::new(module.py(), &clinic::struct_group_type_desc)?;
        module.add_type(struct_group.class())?;
        Ok(State { struct_group })
    }
}

cpython_safe::module! {
    static MODULE: State = module c"grp" from signatures {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [getgrgid, getgrnam, getgrall],
    }
}

/// A string of the entry in the filesystem encoding.
fn decoded(py: Python<'_>, text: &CStr) -> PyResult<Owned> {
    Ok(PyStr::decode_fs_default(py, text)?.into_any())
}

/// C's `mkgrent`: the `struct_group` of an entry.
fn mkgrent(py: Python<'_>, state: &State, entry: &Group<'_>) -> PyResult<Owned> {
    let members = PyList::build(py, 0, |_| unreachable!("an empty list"))?;
    for member in entry.members() {
        members.append(decoded(py, member)?.as_any())?;
    }
    state.struct_group.instantiate([
        decoded(py, entry.name.unwrap_or_default())?,
        match entry.passwd {
            Some(passwd) => decoded(py, passwd)?,
            None => py.none(),
        },
        users::gid_to_object(py, entry.gid)?,
        members.into_any(),
    ])
}

fn getgrgid(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let mut buffer = arg_buffer();
    let args = args.unpack(&signatures::GETGRGID, &mut buffer)?;
    let gid = args.convert::<&PyAny>(0)?.to_gid()?;
    let mut buffer = EntryBuffer::new();
    let Some(entry) = allow_threads(py, || users::getgrgid(gid, &mut buffer)).map_err(|_| exc::no_memory(py))? else {
        let gid = users::gid_to_object(py, gid)?.str()?;
        return Err(PyErr::set_object(exc::KeyError(py), PyStr::concat(PyStr::new(py, "getgrgid(): gid not found: ")?.as_any(), gid.as_any())?.as_any()));
    };
    mkgrent(py, module.state()?, &entry)
}

fn getgrnam(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let clinic::params::getgrnam { name } = clinic::params::getgrnam::from_args(args)?;
    let bytes = name.encode_fs_default()?;
    let name_chars = bytes.bytes_as_c_str()?;
    let mut buffer = EntryBuffer::new();
    let Some(entry) = allow_threads(py, || users::getgrnam(name_chars, &mut buffer)).map_err(|_| exc::no_memory(py))? else {
        let message = PyStr::concat(PyStr::new(py, "getgrnam(): name not found: ")?.as_any(), name.repr()?.as_any())?;
        return Err(PyErr::set_object(exc::KeyError(py), message.as_any()));
    };
    mkgrent(py, module.state()?, &entry)
}

fn getgrall(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let state = module.state()?;
    let entries = PyList::build(py, 0, |_| unreachable!("an empty list"))?;
    // C's getgrall_mutex: the C library has one enumeration cursor.
    lock_detached(py, &users::GROUP_DATABASE).for_each(|entry| entries.append(mkgrent(py, state, entry)?.as_any()))?;
    Ok(entries.into_any())
}
