//! `resource`: a drop-in replacement for CPython's `Modules/resource.c`.

#![forbid(unsafe_code)]

use cpython_safe::class::structseq::StructSeqType;
use cpython_safe::os::resource as sys;
use cpython_safe::sys::audit;
use cpython_safe::prelude::*;

cpython_safe::clinic_module!();

struct State {
    struct_rusage: StructSeqType,
}
cpython_safe::traverse!(State: struct_rusage);

/// The constants of the C module that this platform has (C adds each one
/// its headers define).
const CONSTANTS: &[(&core::ffi::CStr, i64)] = &[
    (c"RLIMIT_CPU", libc::RLIMIT_CPU as i64),
    (c"RLIMIT_FSIZE", libc::RLIMIT_FSIZE as i64),
    (c"RLIMIT_DATA", libc::RLIMIT_DATA as i64),
    (c"RLIMIT_STACK", libc::RLIMIT_STACK as i64),
    (c"RLIMIT_CORE", libc::RLIMIT_CORE as i64),
    (c"RLIMIT_NOFILE", libc::RLIMIT_NOFILE as i64),
    // glibc's <sys/resource.h> names RLIMIT_NOFILE also RLIMIT_OFILE.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"RLIMIT_OFILE", libc::RLIMIT_NOFILE as i64),
    (c"RLIMIT_AS", libc::RLIMIT_AS as i64),
    (c"RLIMIT_RSS", libc::RLIMIT_RSS as i64),
    (c"RLIMIT_NPROC", libc::RLIMIT_NPROC as i64),
    (c"RLIMIT_MEMLOCK", libc::RLIMIT_MEMLOCK as i64),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"RLIMIT_MSGQUEUE", libc::RLIMIT_MSGQUEUE as i64),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"RLIMIT_NICE", libc::RLIMIT_NICE as i64),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"RLIMIT_RTPRIO", libc::RLIMIT_RTPRIO as i64),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"RLIMIT_RTTIME", libc::RLIMIT_RTTIME as i64),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"RLIMIT_SIGPENDING", libc::RLIMIT_SIGPENDING as i64),
    (c"RUSAGE_SELF", libc::RUSAGE_SELF as i64),
    (c"RUSAGE_CHILDREN", libc::RUSAGE_CHILDREN as i64),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"RUSAGE_THREAD", libc::RUSAGE_THREAD as i64),
    // As C's `long`: RLIM_INFINITY is all ones, so -1.
    (c"RLIM_INFINITY", libc::RLIM_INFINITY as i64),
];

/// C's `RLIM_NLIMITS`: resource numbers are below it.
#[allow(deprecated)] // the libc crate's warning that it varies between OS versions
const RLIM_NLIMITS: i32 = libc::RLIM_NLIMITS as i32;

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let py = module.py();
        module.add(c"error", exc::OSError(py))?;
        let struct_rusage = StructSeqType::new(py, &clinic::struct_rusage_desc)?;
        module.add_type(struct_rusage.class())?;
        for &(name, value) in CONSTANTS {
            module.add_int(name, value)?;
        }
        Ok(State { struct_rusage })
    }
}

cpython_safe::module! {
    static MODULE: State = module c"resource" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [getrusage, getrlimit, prlimit, setrlimit, getpagesize],
    }
}

/// C's `doubletime`: seconds as a float.
fn seconds(time: libc::timeval) -> f64 {
    time.tv_sec as f64 + time.tv_usec as f64 * 0.000001
}

fn getrusage(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let clinic::params::getrusage { who } = clinic::params::getrusage::from_args(args)?;
    // Read in place (the record is 144 bytes).
    let result = sys::getrusage(who);
    let usage = match &result {
        Ok(usage) => usage,
        Err(errno) if errno.0 == libc::EINVAL => return Err(exc::value_error(py, "invalid who parameter")),
        Err(errno) => return Err(errno.raise(py)),
    };
    #[allow(clippy::useless_conversion)] // c_long is i32 on 32-bit targets
    let long = |value: libc::c_long| -> PyResult<Owned> { Ok(PyInt::from_i64(py, i64::from(value))?.into_any()) };
    module.state()?.struct_rusage.instantiate([
        PyFloat::new(py, seconds(usage.ru_utime))?.into_any(),
        PyFloat::new(py, seconds(usage.ru_stime))?.into_any(),
        long(usage.ru_maxrss)?,
        long(usage.ru_ixrss)?,
        long(usage.ru_idrss)?,
        long(usage.ru_isrss)?,
        long(usage.ru_minflt)?,
        long(usage.ru_majflt)?,
        long(usage.ru_nswap)?,
        long(usage.ru_inblock)?,
        long(usage.ru_oublock)?,
        long(usage.ru_msgsnd)?,
        long(usage.ru_msgrcv)?,
        long(usage.ru_nsignals)?,
        long(usage.ru_nvcsw)?,
        long(usage.ru_nivcsw)?,
    ])
}

/// C's `py2rlimit`: a sequence of two integers, each a C `long` (C reads
/// `long long`s only where `rlim_t` is wider than `long`, which no 64-bit
/// target has), negative ones wrapping, so -1 is RLIM_INFINITY.
fn py2rlimit(py: Python<'_>, limits: &PyAny) -> PyResult<libc::rlimit> {
    let limits = PyTuple::from_sequence(limits)?;
    let [current, maximum] = limits.as_slice() else {
        return Err(exc::value_error(py, "expected a tuple of 2 integers"));
    };
    let current = current.to_c_long()?;
    let maximum = maximum.to_c_long()?;
    Ok(libc::rlimit { rlim_cur: current as libc::rlim_t & libc::RLIM_INFINITY, rlim_max: maximum as libc::rlim_t & libc::RLIM_INFINITY })
}

/// C's `rlimit2py`: the two limits as C `long`s (RLIM_INFINITY is -1).
fn rlimit2py(limit: libc::rlimit) -> (i64, i64) {
    (limit.rlim_cur as i64, limit.rlim_max as i64)
}

fn check_resource(py: Python<'_>, resource: i32) -> PyResult<()> {
    if !(0..RLIM_NLIMITS).contains(&resource) {
        return Err(exc::value_error(py, "invalid resource specified"));
    }
    Ok(())
}

fn getrlimit(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let clinic::params::getrlimit { resource } = clinic::params::getrlimit::from_args(args)?;
    check_resource(py, resource)?;
    let limit = sys::getrlimit(resource).map_err(|errno| errno.raise(py))?;
    rlimit2py(limit).into_object(py)
}

fn setrlimit(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let clinic::params::setrlimit { resource, limits } = clinic::params::setrlimit::from_args(args)?;
    check_resource(py, resource)?;
    audit(py, c"resource.setrlimit", (resource, limits))?;
    let limit = py2rlimit(py, limits)?;
    match sys::setrlimit(resource, limit) {
        Ok(()) => Ok(py.none()),
        Err(errno) if errno.0 == libc::EINVAL => Err(exc::value_error(py, "current limit exceeds maximum limit")),
        Err(errno) if errno.0 == libc::EPERM => Err(exc::value_error(py, "not allowed to raise maximum limit")),
        Err(errno) => Err(errno.raise(py)),
    }
}

fn prlimit(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    // pid_t is an `int` here (`PyLong_AsPid` is `PyLong_AsInt`).
    let pid: libc::pid_t = args.convert(0)?;
    let resource: i32 = args.convert(1)?;
    let limits = args.get(2).map_or_else(|| py.none(), PyAny::to_owned);
    check_resource(py, resource)?;
    audit(py, c"resource.prlimit", (pid, resource, &*limits))?;
    let new = if limits.is_none() { None } else { Some(py2rlimit(py, &limits)?) };
    match sys::prlimit(pid, resource, new) {
        Ok(old) => rlimit2py(old).into_object(py),
        Err(errno) if errno.0 == libc::EINVAL => Err(exc::value_error(py, "current limit exceeds maximum limit")),
        Err(errno) => Err(errno.raise(py)),
    }
}

fn getpagesize(_module: &Module<State>, _args: &Args) -> PyResult<i64> {
    // C's return converter keeps an `int`.
    Ok((sys::getpagesize() as i32).into())
}
