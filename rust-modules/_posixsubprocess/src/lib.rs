//! `_posixsubprocess`: a drop-in replacement for CPython's `Modules/_posixsubprocess.c`.
//!
//! `fork_exec` converts its arguments in the parent, as C does, into a
//! [`ChildPlan`] of plain data; `cpython_safe::os::spawn` forks (or clones
//! vfork-style) and runs the child's async-signal-safe set-up from it.

#![forbid(unsafe_code)]

use core::ffi::{c_int, c_long};

use cpython_safe::alloc::{try_with_capacity, TryPush};
use cpython_safe::gc;
use cpython_safe::os::spawn::{self, CStrArray, ChildPipes, ChildPlan};
use cpython_safe::prelude::*;

cpython_safe::clinic_module!();

/// The module has no state.
struct State;
cpython_safe::traverse!(State);

impl ModuleState for State {
    fn init(_module: &Module<Self>) -> PyResult<Self> {
        Ok(State)
    }
}

cpython_safe::module! {
    static MODULE: State = module c"_posixsubprocess" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [fork_exec],
    }
}

/// `NGROUPS_MAX`: the most supplementary groups `setgroups` takes.
const MAX_GROUPS: usize = 65536;

fn fork_exec(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let process_args: &PyAny = args.convert(0)?;
    let executable_list: &PyAny = args.convert(1)?;
    let close_fds: bool = args.convert(2)?;
    let py_fds_to_keep: &PyTuple = args.convert(3)?;
    let cwd_obj: &PyAny = args.convert(4)?;
    let env_list: &PyAny = args.convert(5)?;
    let pipes = ChildPipes {
        p2cread: args.convert(6)?,
        p2cwrite: args.convert(7)?,
        c2pread: args.convert(8)?,
        c2pwrite: args.convert(9)?,
        errread: args.convert(10)?,
        errwrite: args.convert(11)?,
        errpipe_read: args.convert(12)?,
        errpipe_write: args.convert(13)?,
    };
    let restore_signals: bool = args.convert(14)?;
    let call_setsid: bool = args.convert(15)?;
    // `PyLong_AsPid`: pid_t is an int here.
    let pgid_to_set: libc::pid_t = args.convert(16)?;
    let gid_object: &PyAny = args.convert(17)?;
    let extra_groups_packed: &PyAny = args.convert(18)?;
    let uid_object: &PyAny = args.convert(19)?;
    let child_umask: c_int = args.convert(20)?;
    let preexec_fn: &PyAny = args.convert(21)?;
    let allow_vfork: bool = args.convert(22)?;

    let preexec_fn = optional(preexec_fn);
    if preexec_fn.is_some() && py.interpreter_is_finalizing() {
        return Err(exc::python_finalization_error(py, "preexec_fn not supported at interpreter shutdown"));
    }
    if preexec_fn.is_some() && !py.in_main_interpreter() {
        return Err(exc::runtime_error(py, "preexec_fn not supported within subinterpreters"));
    }
    if close_fds && pipes.errpipe_write < 3 {
        return Err(exc::value_error(py, "errpipe_write must be >= 3"));
    }
    let Some(fds_to_keep) = sorted_fds(py_fds_to_keep)? else {
        return Err(exc::value_error(py, "bad value(s) in fds_to_keep"));
    };

    // The child of a fork that runs preexec_fn must not collect garbage.
    let _gc_paused = preexec_fn.map(|_| gc::pause(py));

    let executables = bytes_to_c_array(executable_list)?;
    // Converted in the parent: the child cannot allocate.
    let argv = optional(process_args).map(fs_encoded_args).transpose()?;
    let envp = optional(env_list).map(bytes_to_c_array).transpose()?;
    let cwd = optional(cwd_obj).map(PyAny::fs_encode).transpose()?;
    let cwd = cwd.as_deref().map(PyAny::bytes_as_c_str).transpose()?;
    let extra_groups = optional(extra_groups_packed).map(group_ids).transpose()?;
    // -1 (as the C type) means "unchanged", as in C.
    let gid = optional(gid_object).map(PyAny::to_gid).transpose()?.filter(|&gid| gid != libc::gid_t::MAX);
    let uid = optional(uid_object).map(PyAny::to_uid).transpose()?.filter(|&uid| uid != libc::uid_t::MAX);

    let plan = ChildPlan {
        executables: &executables,
        argv: argv.as_ref(),
        envp: envp.as_ref(),
        cwd,
        pipes,
        close_fds,
        restore_signals,
        call_setsid,
        pgid_to_set,
        gid,
        extra_groups: extra_groups.as_deref(),
        uid,
        child_umask,
        fds_to_keep: &fds_to_keep,
    };
    // The user asked for Python code in the child ("NOT SAFE if your
    // application uses threads", as the docstring says).
    let preexec = preexec_fn.map(|function| move || function.call0().is_ok());
    let preexec = preexec.as_ref().map(|call| call as &dyn Fn() -> bool);
    let pid = spawn::fork_exec(py, &plan, preexec, allow_vfork).map_err(|errno| errno.raise(py))?;
    Ok(PyInt::from_i64(py, pid.into())?.into_any())
}

/// The argument unless it is None.
fn optional(obj: &PyAny) -> Option<&PyAny> {
    (!obj.is_none()).then_some(obj)
}

/// pass_fds as C checks it: ints, ascending without duplicates, from 0 to
/// INT_MAX (an int too large for a C long fails the same way); None if not.
fn sorted_fds(fds: &PyTuple) -> PyResult<Option<Vec<c_int>>> {
    let mut sorted = try_with_capacity(fds.py(), fds.len())?;
    let mut previous: c_long = -1;
    for item in fds.as_slice() {
        if !item.is_int() {
            return Ok(None);
        }
        let fd = item.to_c_long().unwrap_or(-1);
        let Ok(fd_int) = c_int::try_from(fd) else {
            return Ok(None);
        };
        if fd < 0 || fd <= previous {
            return Ok(None);
        }
        previous = fd;
        sorted.push(fd_int);
    }
    Ok(Some(sorted))
}

/// A sequence of bytes as a C string array (`_PySequence_BytesToCharpArray`:
/// `len()`, then each item by index).
fn bytes_to_c_array(seq: &PyAny) -> PyResult<CStrArray> {
    let count = seq.sequence_len()?;
    let mut array = CStrArray::with_capacity(seq.py(), count)?;
    if count > 0 {
        let items = SequenceItems::new(seq)?;
        for index in 0..count {
            array.push(seq.py(), items.get(index as isize)?)?;
        }
    }
    Ok(array)
}

/// `args` as C converts them: `PySequence_Fast`, then each item through
/// `PyUnicode_FSConverter` (str, bytes or path-like), checking that an
/// `__fspath__` did not resize the list.
fn fs_encoded_args(process_args: &PyAny) -> PyResult<CStrArray> {
    let py = process_args.py();
    let fast = process_args.sequence_fast(c"argv must be a tuple")?;
    let list = fast.downcast::<PyList>();
    let tuple = fast.downcast::<PyTuple>();
    let len = || list.map_or_else(|| tuple.map_or(0, PyTuple::len), PyList::len);
    let count = len();
    let mut argv = CStrArray::with_capacity(py, count)?;
    for index in 0..count {
        if len() != count {
            return Err(exc::runtime_error(py, "args changed during iteration"));
        }
        let arg = match list {
            Some(list) => list.get(index),
            None => tuple.and_then(|tuple| tuple.get(index)).map(PyAny::to_owned),
        };
        let Some(arg) = arg else {
            return Err(exc::runtime_error(py, "args changed during iteration"));
        };
        argv.push(py, arg.fs_encode()?)?;
    }
    Ok(argv)
}

/// extra_groups: a list of at most `NGROUPS_MAX` ints that are group ids.
fn group_ids(packed: &PyAny) -> PyResult<Vec<libc::gid_t>> {
    let py = packed.py();
    if packed.downcast::<PyList>().is_none() {
        return Err(exc::type_error(py, "setgroups argument must be a list"));
    }
    let count = packed.sequence_len()?;
    if count > MAX_GROUPS {
        return Err(exc::value_error(py, "too many extra_groups"));
    }
    let mut groups = try_with_capacity(py, count)?;
    if count > 0 {
        let items = SequenceItems::new(packed)?;
        for index in 0..count {
            let item = items.get(index as isize)?;
            if !item.is_int() {
                return Err(exc::type_error(py, "extra_groups must be integers"));
            }
            let gid = item.to_gid().map_err(|_| exc::value_error(py, "invalid group id"))?;
            groups.try_push(py, gid)?;
        }
    }
    Ok(groups)
}
