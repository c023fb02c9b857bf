//! Resource limits and usage: `getrlimit`, `setrlimit`, `prlimit`, `getrusage` (the resource module).

use super::Errno;

/// The type glibc declares resource numbers with (an enum), `int` elsewhere.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
type Resource = libc::__rlimit_resource_t;
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
type Resource = libc::c_int;

/// `getrlimit(resource)`.
pub fn getrlimit(resource: libc::c_int) -> Result<libc::rlimit, Errno> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: writes the limits to `limit`; the resource number is checked
    // by the kernel (EINVAL).
    if unsafe { libc::getrlimit(resource as Resource, &mut limit) } == -1 {
        return Err(Errno::last());
    }
    Ok(limit)
}

/// `setrlimit(resource, limit)`.
pub fn setrlimit(resource: libc::c_int, limit: libc::rlimit) -> Result<(), Errno> {
    // SAFETY: reads the limits from `limit`.
    if unsafe { libc::setrlimit(resource as Resource, &limit) } == -1 {
        return Err(Errno::last());
    }
    Ok(())
}

/// `prlimit(pid, resource, new, &old)`: the limits before the call (after
/// setting `new`, if given).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn prlimit(pid: libc::pid_t, resource: libc::c_int, new: Option<libc::rlimit>) -> Result<libc::rlimit, Errno> {
    let mut old = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    let new_ptr = new.as_ref().map_or(core::ptr::null(), |new| new as *const libc::rlimit);
    // SAFETY: `new_ptr` is null or points to `new`, alive for the call;
    // the old limits are written to `old`.
    if unsafe { libc::prlimit(pid, resource as Resource, new_ptr, &mut old) } == -1 {
        return Err(Errno::last());
    }
    Ok(old)
}

/// `getrusage(who)`.
#[inline]
pub fn getrusage(who: libc::c_int) -> Result<libc::rusage, Errno> {
    // SAFETY: `rusage` is plain C data (integers and timevals).
    let mut usage: libc::rusage = unsafe { core::mem::zeroed() };
    // SAFETY: writes the usage to `usage`.
    if unsafe { libc::getrusage(who, &mut usage) } == -1 {
        return Err(Errno::last());
    }
    Ok(usage)
}

/// The page size, as `getpagesize()` gives it (`sysconf(_SC_PAGESIZE)`,
/// which the libc crate offers everywhere).
pub fn getpagesize() -> libc::c_long {
    // SAFETY: no preconditions.
    unsafe { libc::sysconf(libc::_SC_PAGESIZE) }
}
