//! Starting a child process: `fork` (or a `vfork`-style clone), the child's
//! set-up until `exec`, and the error pipe (the _posixsubprocess module).
//!
//! The parent prepares everything the child reads ([`ChildPlan`]: C string
//! arrays, the sorted fds to keep, the ids); the child then runs only
//! async-signal-safe system calls on that read-only data: no allocation, no
//! lock, no Python code (except a `preexec_fn`, as C), and no panic (no
//! indexing, no arithmetic that can overflow, no formatting).  See
//! docs/spawn.md for how this is kept.

use core::ffi::{c_char, c_int, c_void, CStr};
use core::ptr;

use super::Errno;
use crate::alloc::{try_with_capacity, TryPush};
use crate::boundary::{PyResult, Python};
use crate::ffi;
use crate::object::Owned;

/// A NULL-terminated array of C strings (an argv, an envp, the list of
/// paths to exec) pointing into the bytes objects it keeps alive: a bytes
/// object never moves nor changes, and its data always ends with a NUL.
pub struct CStrArray {
    strings: Vec<Owned>,
    /// One pointer per string, then a null pointer.
    pointers: Vec<*const c_char>,
}

impl CStrArray {
    /// An empty array with room for `capacity` strings (MemoryError when
    /// that cannot be allocated, as C's `PyMem_Malloc` of the array).
    pub fn with_capacity(py: Python<'_>, capacity: usize) -> PyResult<Self> {
        let slots = capacity.checked_add(1).ok_or_else(|| crate::exc::no_memory(py))?;
        let mut pointers = try_with_capacity(py, slots)?;
        pointers.push(ptr::null());
        Ok(CStrArray { strings: try_with_capacity(py, capacity)?, pointers })
    }

    /// Appends the contents of a bytes object, refused as
    /// `PyBytes_AsStringAndSize(item, &data, NULL)` refuses it ("expected
    /// bytes, str found", "embedded null byte").
    pub fn push(&mut self, py: Python<'_>, item: Owned) -> PyResult<()> {
        let text = item.bytes_as_c_str()?.as_ptr();
        self.strings.try_push(py, item)?;
        self.pointers.try_push(py, ptr::null())?;
        // The former terminator (the vector holds at least two pointers now).
        if let Some(slot) = self.pointers.iter_mut().rev().nth(1) {
            *slot = text;
        }
        Ok(())
    }

    /// The strings, without the terminator.
    fn entries(&self) -> &[*const c_char] {
        self.pointers.split_last().map_or(&[], |(_, entries)| entries)
    }

    /// The array as `execve` takes it.
    fn as_ptr(&self) -> *const *const c_char {
        self.pointers.as_ptr()
    }
}

/// The descriptors of `subprocess`'s pipes (-1 for none): the child's
/// ends are moved to 0, 1 and 2, the parent's ends are closed.
#[derive(Clone, Copy, Debug)]
pub struct ChildPipes {
    pub p2cread: c_int,
    pub p2cwrite: c_int,
    pub c2pread: c_int,
    pub c2pwrite: c_int,
    pub errread: c_int,
    pub errwrite: c_int,
    /// The pipe where the child reports an error before `exec`.
    pub errpipe_read: c_int,
    pub errpipe_write: c_int,
}

/// Everything the child does between fork and exec, prepared by the parent.
pub struct ChildPlan<'a> {
    /// The paths tried in order until one `exec` succeeds.
    pub executables: &'a CStrArray,
    /// None passes a NULL argv, as C does for `args=None`.
    pub argv: Option<&'a CStrArray>,
    /// None keeps the parent's environment (`execv`).
    pub envp: Option<&'a CStrArray>,
    pub cwd: Option<&'a CStr>,
    pub pipes: ChildPipes,
    /// Close the fds from 3 up, except `fds_to_keep`.
    pub close_fds: bool,
    /// SIGPIPE and SIGXFSZ back to their default action.
    pub restore_signals: bool,
    pub call_setsid: bool,
    /// `setpgid(0, pgid)` when not negative.
    pub pgid_to_set: libc::pid_t,
    pub gid: Option<libc::gid_t>,
    pub extra_groups: Option<&'a [libc::gid_t]>,
    pub uid: Option<libc::uid_t>,
    /// `umask(child_umask)` when not negative.
    pub child_umask: c_int,
    /// Sorted, without duplicates: kept open (and made inheritable).
    pub fds_to_keep: &'a [c_int],
}

/// `preexec_fn`, run in the child after its set-up and before it closes fds
/// and execs; false when it raised.  It runs Python code, so the parent
/// takes CPython's fork hooks around the fork (`PyOS_BeforeFork`, …) and
/// never uses the vfork path for it.
pub type Preexec<'a> = &'a dyn Fn() -> bool;

/// Forks a child that runs `plan` and execs (C's `do_fork_exec` and the
/// fork part of `subprocess_fork_exec_impl`): the child's pid, or the errno
/// of a failed fork (or of blocking signals before a vfork).
///
/// On Linux, without `preexec`, ids or groups to change and with
/// `allow_vfork`, the child shares the parent's memory until it execs (a
/// clone with `CLONE_VM | CLONE_VFORK` on a stack of its own, as glibc's
/// `posix_spawn`), with every signal blocked, and the GIL is released
/// meanwhile; else, or when that clone fails, a plain `fork`.
pub fn fork_exec(_py: Python<'_>, plan: &ChildPlan<'_>, preexec: Option<Preexec<'_>>, allow_vfork: bool) -> Result<libc::pid_t, Errno> {
    if preexec.is_some() {
        // SAFETY: GIL held (the token); runs the os.register_at_fork hooks.
        unsafe { ffi::PyOS_BeforeFork() };
    }
    #[cfg(target_os = "linux")]
    let result = if preexec.is_none() && allow_vfork && plan.uid.is_none() && plan.gid.is_none() && plan.extra_groups.is_none()
    {
        vfork::block_signals().map(|old_mask| vfork::spawn(plan, &old_mask))
    } else {
        Ok(fork(plan, None, preexec))
    };
    #[cfg(not(target_os = "linux"))]
    let result = {
        let _ = allow_vfork;
        Ok(fork(plan, None, preexec))
    };
    let result = match result {
        Ok(-1) => Err(Errno::last()),
        other => other,
    };
    if preexec.is_some() {
        // SAFETY: GIL held, after PyOS_BeforeFork above.
        unsafe { ffi::PyOS_AfterFork_Parent() };
    }
    result
}

/// `fork()`: in the child, runs the plan (after `PyOS_AfterFork_Child` when
/// Python code will run) and never returns; in the parent, the child's pid
/// or -1 (errno set).
fn fork(plan: &ChildPlan<'_>, child_sigmask: Option<&libc::sigset_t>, preexec: Option<Preexec<'_>>) -> libc::pid_t {
    // SAFETY: the child only runs `child_main`, which execs or exits and
    // (without a preexec_fn) only makes async-signal-safe calls on data the
    // parent prepared; the parent goes on as before.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        if preexec.is_some() {
            // SAFETY: the child of a fork made with the GIL held, after
            // PyOS_BeforeFork, as C calls it.
            unsafe { ffi::PyOS_AfterFork_Child() };
        }
        child_main(plan, child_sigmask, preexec);
    }
    pid
}

#[cfg(target_os = "linux")]
mod vfork {
    use core::cell::Cell;
    use core::ffi::{c_int, c_void};
    use core::ptr;

    use super::{child_main, set_errno, ChildPlan};
    use crate::ffi;
    use crate::os::Errno;

    /// The child's own stack: glibc's `posix_spawn` gives its CLONE_VM child
    /// 32 KiB plus the arguments; the pages are only touched when used.
    const STACK_SIZE: usize = 256 * 1024;

    std::thread_local! {
        /// Each thread's mapping for the stack of its vfork-style children
        /// (plain data), unmapped when the thread ends: a spawn then costs
        /// no system call more than C's vfork.
        static CHILD_STACK: Cell<Option<Stack>> = const { Cell::new(None) };
    }

    /// Blocks every signal in this thread, so that no signal handler runs in
    /// the child while it shares our memory; the old mask, to restore.
    pub(super) fn block_signals() -> Result<libc::sigset_t, Errno> {
        // SAFETY: sigset_t is plain data; all-zero is a valid (empty) set
        // that sigfillset overwrites.
        let mut all: libc::sigset_t = unsafe { core::mem::zeroed() };
        // SAFETY: as above.
        let mut old: libc::sigset_t = unsafe { core::mem::zeroed() };
        // SAFETY: a valid set to fill.
        unsafe { libc::sigfillset(&mut all) };
        // SAFETY: valid sets; returns an error number (0 on success).
        match unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &all, &mut old) } {
            0 => Ok(old),
            error => Err(Errno(error)),
        }
    }

    /// What the clone child reads, on the parent's stack (the parent is
    /// suspended until the child execs or exits).
    struct Context<'a> {
        plan: &'a ChildPlan<'a>,
        sigmask: &'a libc::sigset_t,
    }

    /// Starts the child sharing our memory, with the GIL released while we
    /// wait for its exec (GH-104372); if that fails, a plain fork (with the
    /// GIL held), as C falls back from vfork.  Then restores `old_mask`.
    /// The pid, or -1 with errno set.
    pub(super) fn spawn(plan: &ChildPlan<'_>, old_mask: &libc::sigset_t) -> libc::pid_t {
        let context = Context { plan, sigmask: old_mask };
        let mut pid = -1;
        // This thread's stack for such children, kept between spawns (a
        // nested use, impossible while the thread waits, would map another).
        let stack = CHILD_STACK.try_with(Cell::take).ok().flatten().or_else(Stack::new);
        if let Some(stack) = &stack {
            // SAFETY: GIL held (fork_exec's token); the child never touches
            // Python, and the parent takes the GIL back right after.
            let thread_state = unsafe { ffi::PyEval_SaveThread() };
            // SAFETY: `run_child` only reads `context` (alive in this frame,
            // which CLONE_VFORK suspends until the child execs or exits) and
            // runs on its own stack `stack`, which lives past the call; the
            // flags are vfork()'s.
            pid = unsafe {
                libc::clone(
                    run_child,
                    stack.top(),
                    libc::CLONE_VM | libc::CLONE_VFORK | libc::SIGCHLD,
                    (&raw const context).cast_mut().cast::<c_void>(),
                )
            };
            let errno = Errno::last();
            // SAFETY: the thread state saved above, restored once.
            unsafe { ffi::PyEval_RestoreThread(thread_state) };
            set_errno(errno.0);
        }
        // During the thread's exit the stack is unmapped instead.
        let _ = CHILD_STACK.try_with(|cached| cached.set(stack));
        if pid == -1 {
            pid = super::fork(plan, Some(old_mask), None);
        }
        let errno = Errno::last();
        // The child has exec'd or exited (or never shared our memory): our
        // handlers can run again.  This cannot fail with valid arguments.
        // SAFETY: a valid set.
        unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, old_mask, ptr::null_mut()) };
        set_errno(errno.0);
        pid
    }

    /// The clone child's entry point.
    extern "C" fn run_child(context: *mut c_void) -> c_int {
        // SAFETY: `spawn` passes its `Context`, alive until we exec or exit.
        let context = unsafe { &*context.cast_const().cast::<Context<'_>>() };
        child_main(context.plan, Some(context.sigmask), None)
    }

    /// An anonymous mapping with a guard page at its low end.
    struct Stack {
        base: *mut c_void,
    }

    impl Stack {
        fn new() -> Option<Stack> {
            // SAFETY: a new private anonymous mapping; no memory of ours is
            // affected.
            let base = unsafe {
                libc::mmap(
                    ptr::null_mut(),
                    STACK_SIZE,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_STACK,
                    -1,
                    0,
                )
            };
            if base == libc::MAP_FAILED {
                return None;
            }
            let stack = Stack { base };
            // SAFETY: the lowest page of our own mapping (a page is at most
            // 64 KiB, less than the mapping), so that an overflow faults.
            if unsafe { libc::mprotect(base, page_size(), libc::PROT_NONE) } != 0 {
                return None;
            }
            Some(stack)
        }

        /// The initial stack pointer (stacks grow down on Linux's targets).
        fn top(&self) -> *mut c_void {
            self.base.wrapping_byte_add(STACK_SIZE)
        }
    }

    impl Drop for Stack {
        fn drop(&mut self) {
            // SAFETY: our own mapping, unmapped once; the child no longer
            // runs on it (it exec'd or exited before clone returned).
            unsafe { libc::munmap(self.base, STACK_SIZE) };
        }
    }

    fn page_size() -> usize {
        // SAFETY: no preconditions.
        match unsafe { libc::sysconf(libc::_SC_PAGESIZE) } {
            size if size > 0 && (size as usize) < STACK_SIZE / 2 => size as usize,
            _ => 4096,
        }
    }
}

// ---------------------------------------------------------------------------
// The child.  Everything below runs between fork and exec: async-signal-safe
// calls only, no allocation, no panic (`get` instead of indexing, wrapping
// or checked arithmetic, no formatting); errno is the C library's, read
// where C reads it.

/// The child: runs the plan, reports a failure on the error pipe, exits.
fn child_main(plan: &ChildPlan<'_>, child_sigmask: Option<&libc::sigset_t>, preexec: Option<Preexec<'_>>) -> ! {
    let message = child_exec(plan, child_sigmask, preexec);
    report_failure(plan.pipes.errpipe_write, errno(), message);
    // SAFETY: ends the child without running atexit handlers or flushing
    // stdio buffers that belong to the parent.
    unsafe { libc::_exit(255) }
}

/// A failed set-up step: its errno is the C library's.
struct Failed;

/// C's `POSIX_CALL`: -1 is a failure (errno set).
fn posix_call(result: c_int) -> Result<c_int, Failed> {
    if result == -1 {
        Err(Failed)
    } else {
        Ok(result)
    }
}

/// The C library's errno of this thread, read directly (the child uses no
/// std machinery).
fn errno() -> c_int {
    // SAFETY: no preconditions; the thread's own errno location.
    let location = unsafe { libc::__errno_location() };
    // SAFETY: a valid int for the thread's lifetime.
    unsafe { *location }
}

fn set_errno(value: c_int) {
    // SAFETY: no preconditions; the thread's own errno location.
    let location = unsafe { libc::__errno_location() };
    // SAFETY: a valid int for the thread's lifetime.
    unsafe { *location = value };
}

/// C's `child_exec` up to the error report: the message to report (with
/// errno), as C's `err_msg`.
fn child_exec(plan: &ChildPlan<'_>, child_sigmask: Option<&libc::sigset_t>, preexec: Option<Preexec<'_>>) -> &'static [u8] {
    if let Err(message) = set_up(plan, child_sigmask) {
        return message;
    }
    if let Some(preexec) = preexec {
        // This runs Python code (the user asked for it, as in C); a Rust
        // panic in it must not unwind into the parent's code path.
        let succeeded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(preexec)).unwrap_or(false);
        if !succeeded {
            // Not an OSError: the exception is not reported (stringifying it
            // would allocate).
            set_errno(0);
            return b"Exception occurred in preexec_fn.";
        }
    }
    // After preexec_fn, which might open fds.
    if plan.close_fds {
        close_open_fds(3, plan.fds_to_keep);
    }
    // The PATH search of os._execvpe over subprocess's executable list.
    let argv = plan.argv.map_or(ptr::null(), CStrArray::as_ptr);
    let mut first_error = 0;
    for &executable in plan.executables.entries() {
        match plan.envp {
            // SAFETY: NUL-terminated strings and NULL-terminated arrays of
            // them (or a NULL argv, as C passes for args=None), prepared by
            // the parent and alive: the child has a copy or shares them.
            Some(envp) => unsafe { libc::execve(executable, argv, envp.as_ptr()) },
            // SAFETY: as above.
            None => unsafe { libc::execv(executable, argv) },
        };
        let error = errno();
        if error != libc::ENOENT && error != libc::ENOTDIR && first_error == 0 {
            first_error = error;
        }
    }
    // Report the first exec error, not the last.
    if first_error != 0 {
        set_errno(first_error);
    }
    b""
}

/// The steps before preexec_fn, in C's order; the message of a failure.
fn set_up(plan: &ChildPlan<'_>, child_sigmask: Option<&libc::sigset_t>) -> Result<(), &'static [u8]> {
    const NOEXEC: &[u8] = b"noexec";
    let ChildPipes { p2cread, p2cwrite, c2pread, mut c2pwrite, errread, mut errwrite, errpipe_read, errpipe_write } =
        plan.pipes;
    for &fd in plan.fds_to_keep {
        // errpipe_write must still be closed at exec, but stays open until
        // then.
        if fd != errpipe_write {
            set_inheritable(fd, true).map_err(|Failed| NOEXEC)?;
        }
    }
    // The parent's pipe ends.
    for fd in [p2cwrite, c2pread, errread] {
        if fd != -1 {
            // SAFETY: closing a descriptor has no memory effects.
            posix_call(unsafe { libc::close(fd) }).map_err(|Failed| NOEXEC)?;
        }
    }
    // SAFETY: as above.
    posix_call(unsafe { libc::close(errpipe_read) }).map_err(|Failed| NOEXEC)?;
    // A pipe end that is 0, 1 or 2 would be overwritten by the dup2 calls
    // below (#12607): move it away first, non-inheritable (#32270).
    if c2pwrite == 0 {
        c2pwrite = dup_non_inheritable(c2pwrite).map_err(|Failed| NOEXEC)?;
    }
    while errwrite == 0 || errwrite == 1 {
        errwrite = dup_non_inheritable(errwrite).map_err(|Failed| NOEXEC)?;
    }
    // dup2 clears FD_CLOEXEC, but not when it would be a no-op (#10806).
    for (fd, target) in [(p2cread, 0), (c2pwrite, 1), (errwrite, 2)] {
        if fd == target {
            set_inheritable(fd, true).map_err(|Failed| NOEXEC)?;
        } else if fd != -1 {
            // SAFETY: duplicating a descriptor has no memory effects.
            posix_call(unsafe { libc::dup2(fd, target) }).map_err(|Failed| NOEXEC)?;
        }
    }
    if let Some(cwd) = plan.cwd {
        // SAFETY: a NUL-terminated path prepared by the parent.
        posix_call(unsafe { libc::chdir(cwd.as_ptr()) }).map_err(|Failed| &b"noexec:chdir"[..])?;
    }
    if plan.child_umask >= 0 {
        // SAFETY: always succeeds.
        unsafe { libc::umask(plan.child_umask as libc::mode_t) };
    }
    if plan.restore_signals {
        restore_signals();
    }
    #[cfg(target_os = "linux")]
    if let Some(mask) = child_sigmask {
        // No handler of ours may run once signals are unblocked: the child
        // may still share our memory.
        reset_signal_handlers(mask);
        // SAFETY: a valid set; returns an error number (0 on success).
        let error = unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, mask, ptr::null_mut()) };
        if error != 0 {
            set_errno(error);
            return Err(NOEXEC);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = child_sigmask;
    if plan.call_setsid {
        // SAFETY: no memory effects.
        posix_call(unsafe { libc::setsid() }).map_err(|Failed| NOEXEC)?;
    }
    if plan.pgid_to_set >= 0 {
        // SAFETY: no memory effects.
        posix_call(unsafe { libc::setpgid(0, plan.pgid_to_set) }).map_err(|Failed| NOEXEC)?;
    }
    if let Some(groups) = plan.extra_groups {
        // C passes NULL for an empty list.
        let list = if groups.is_empty() { ptr::null() } else { groups.as_ptr() };
        // SAFETY: `groups.len()` ids at `list` (or none).
        posix_call(unsafe { libc::setgroups(groups.len(), list) }).map_err(|Failed| NOEXEC)?;
    }
    if let Some(gid) = plan.gid {
        // SAFETY: no memory effects.
        posix_call(unsafe { libc::setregid(gid, gid) }).map_err(|Failed| NOEXEC)?;
    }
    if let Some(uid) = plan.uid {
        // SAFETY: no memory effects.
        posix_call(unsafe { libc::setreuid(uid, uid) }).map_err(|Failed| NOEXEC)?;
    }
    Ok(())
}

/// `dup(fd)`, the copy non-inheritable.
fn dup_non_inheritable(fd: c_int) -> Result<c_int, Failed> {
    // SAFETY: duplicating a descriptor has no memory effects.
    let copy = posix_call(unsafe { libc::dup(fd) })?;
    set_inheritable(copy, false)?;
    Ok(copy)
}

/// `_Py_set_inheritable_async_safe`: FD_CLOEXEC cleared or set with fcntl
/// (not the ioctl, as C's async-signal-safe variant).
fn set_inheritable(fd: c_int, inheritable: bool) -> Result<(), Failed> {
    // SAFETY: reads the descriptor's flags.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
    if flags < 0 {
        return Err(Failed);
    }
    let new_flags = if inheritable { flags & !libc::FD_CLOEXEC } else { flags | libc::FD_CLOEXEC };
    if new_flags != flags {
        // SAFETY: sets the descriptor's flags.
        if unsafe { libc::fcntl(fd, libc::F_SETFD, new_flags) } < 0 {
            return Err(Failed);
        }
    }
    Ok(())
}

/// `_Py_RestoreSignals`: SIGPIPE and SIGXFSZ (which Python ignores) back to
/// their default action, as `PyOS_setsig(sig, SIG_DFL)` sets them.
fn restore_signals() {
    // SAFETY: plain data; all-zero is an empty mask and no flags.
    let mut action: libc::sigaction = unsafe { core::mem::zeroed() };
    action.sa_sigaction = libc::SIG_DFL;
    action.sa_flags = libc::SA_ONSTACK;
    // SAFETY: a valid set to empty.
    unsafe { libc::sigemptyset(&mut action.sa_mask) };
    for signal in [libc::SIGPIPE, libc::SIGXFSZ] {
        // SAFETY: a valid action; the old one is not asked for.
        unsafe { libc::sigaction(signal, &action, ptr::null_mut()) };
    }
}

/// Resets to SIG_DFL every caught signal that `child_sigmask` leaves
/// unblocked (ignored ones stay ignored; the kernel resets the blocked ones
/// at exec).
#[cfg(target_os = "linux")]
fn reset_signal_handlers(child_sigmask: &libc::sigset_t) {
    /// glibc's `_NSIG`: the kernel's 64 signals, numbered from 1.
    const NSIG: c_int = 65;
    // SAFETY: plain data; all-zero is SIG_DFL with an empty mask.
    let default_action: libc::sigaction = unsafe { core::mem::zeroed() };
    for signal in 1..NSIG {
        if signal == libc::SIGKILL || signal == libc::SIGSTOP {
            continue;
        }
        // SAFETY: a valid set.
        if unsafe { libc::sigismember(child_sigmask, signal) } == 1 {
            continue;
        }
        // SAFETY: plain data, overwritten by sigaction.
        let mut current: libc::sigaction = unsafe { core::mem::zeroed() };
        // The C library refuses its internal signals: skip them.
        // SAFETY: only reads the current action into `current`.
        if unsafe { libc::sigaction(signal, ptr::null(), &mut current) } == -1 {
            continue;
        }
        // `sa_sigaction` is the union of both handler fields.
        let handler = current.sa_sigaction;
        if handler == libc::SIG_IGN || handler == libc::SIG_DFL {
            continue;
        }
        // SAFETY: a valid action; errors are ignored as C ignores them.
        unsafe { libc::sigaction(signal, &default_action, ptr::null_mut()) };
    }
}

// ---------------------------------------------------------------------------
// Closing the fds (close_fds=True).

/// A closer of the fds `first..=last`.
type Closer = fn(c_int, c_int) -> Result<(), Failed>;

/// Closes the fds from `start` up except `keep` (sorted): `close_range`
/// over the gaps, else (an old kernel) the fds listed in /proc/self/fd.
fn close_open_fds(start: c_int, keep: &[c_int]) {
    #[cfg(target_os = "linux")]
    if close_range_except(start, c_int::MAX, keep, close_range_closer).is_ok() {
        return;
    }
    close_listed_fds(start, keep);
}

/// Closes `start..=end` except `keep` (sorted), one closer call per gap.
/// An empty gap (two consecutive kept fds) is skipped: C calls
/// `close_range(n, n - 1)` there, which fails with EINVAL and sends it to
/// the /proc/self/fd scan, which closes the same fds more slowly.
fn close_range_except(mut start: c_int, end: c_int, keep: &[c_int], closer: Closer) -> Result<(), Failed> {
    for &kept in keep {
        if kept < start {
            continue;
        }
        if kept > start {
            closer(start, kept.wrapping_sub(1))?;
        }
        match kept.checked_add(1) {
            Some(next) => start = next,
            None => return Ok(()),
        }
    }
    if start <= end {
        closer(start, end)?;
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn close_range_closer(first: c_int, last: c_int) -> Result<(), Failed> {
    // SAFETY: closing descriptors has no memory effects (glibc documents its
    // close_range as the bare system call: async-signal-safe).
    match unsafe { libc::close_range(first as libc::c_uint, last as libc::c_uint, 0) } {
        0 => Ok(()),
        _ => Err(Failed),
    }
}

fn brute_force_closer(first: c_int, last: c_int) -> Result<(), Failed> {
    for fd in first..=last {
        // SAFETY: as above; errors are ignored.
        unsafe { libc::close(fd) };
    }
    Ok(())
}

/// The highest fd number the process could have (`_SC_OPEN_MAX`, else 256
/// as the old subprocess.py assumed).
fn max_fd() -> c_int {
    // SAFETY: no preconditions.
    match unsafe { libc::sysconf(libc::_SC_OPEN_MAX) } {
        -1 => 256,
        max => c_int::try_from(max).unwrap_or(c_int::MAX),
    }
}

/// A buffer for `getdents64`, aligned for its records.
#[repr(C, align(8))]
struct DirentBuffer([u8; 1024]);

/// Closes the open fds from `start` up except `keep`, listed by
/// `getdents64` on /proc/self/fd (opendir/readdir allocate); every fd up to
/// the limit when the directory cannot be opened.
fn close_listed_fds(start: c_int, keep: &[c_int]) {
    #[cfg(target_os = "linux")]
    const FD_DIR: &CStr = c"/proc/self/fd";
    #[cfg(not(target_os = "linux"))]
    const FD_DIR: &CStr = c"/dev/fd";
    // SAFETY: a NUL-terminated path; the result is a new fd or -1.
    let dir = unsafe { libc::open(FD_DIR.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) };
    if dir == -1 {
        let _ = close_range_except(start, max_fd(), keep, brute_force_closer);
        return;
    }
    #[cfg(target_os = "linux")]
    {
        let mut buffer = DirentBuffer([0; 1024]);
        loop {
            // SAFETY: the kernel writes at most the buffer's size into it.
            let read = unsafe { libc::syscall(libc::SYS_getdents64, dir, buffer.0.as_mut_ptr(), buffer.0.len()) };
            let Some(records) = usize::try_from(read).ok().filter(|&n| n > 0).and_then(|n| buffer.0.get(..n)) else {
                break;
            };
            close_listed_records(records, dir, start, keep);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = close_range_except(start, max_fd(), keep, brute_force_closer);
    // SAFETY: our own fd, closed once.
    unsafe { libc::close(dir) };
}

/// Closes the fds named by a run of `linux_dirent64` records: d_ino (8
/// bytes), d_off (8), d_reclen (2), d_type (1), then the NUL-terminated name.
#[cfg(target_os = "linux")]
fn close_listed_records(mut records: &[u8], dir: c_int, start: c_int, keep: &[c_int]) {
    const NAME_OFFSET: usize = 19;
    while let Some(&[low, high]) = records.get(16..18) {
        let length = usize::from(u16::from_ne_bytes([low, high]));
        let (Some(record), Some(rest)) = (records.get(..length), records.get(length..)) else {
            return;
        };
        if length == 0 {
            return;
        }
        if let Some(fd) = record.get(NAME_OFFSET..).and_then(fd_from_name) {
            if fd != dir && fd >= start && keep.binary_search(&fd).is_err() {
                // SAFETY: closing a descriptor has no memory effects.
                unsafe { libc::close(fd) };
            }
        }
        records = rest;
    }
}

/// The fd a /proc/self/fd name stands for: digits up to the NUL, else None
/// ("." and "..").
#[cfg(target_os = "linux")]
fn fd_from_name(name: &[u8]) -> Option<c_int> {
    let mut fd: c_int = 0;
    for &byte in name {
        match byte {
            0 => return Some(fd),
            b'0'..=b'9' => fd = fd.checked_mul(10)?.checked_add(c_int::from(byte.wrapping_sub(b'0')))?,
            _ => return None,
        }
    }
    None
}

// ---------------------------------------------------------------------------
// The error report.

/// Writes C's report on the error pipe, as subprocess.py reads it:
/// `OSError:<errno in hex>:<message>` or `SubprocessError:0:<message>`.
fn report_failure(errpipe_write: c_int, error: c_int, message: &[u8]) {
    if error != 0 {
        write_noraise(errpipe_write, b"OSError:");
        let mut digits = [0u8; 2 * core::mem::size_of::<c_int>()];
        let mut first = digits.len();
        let mut value = error as u32;
        while value != 0 && first != 0 {
            first = first.wrapping_sub(1);
            if let Some(digit) = digits.get_mut(first) {
                *digit = b"0123456789abcdef".get((value % 16) as usize).copied().unwrap_or(b'0');
            }
            value /= 16;
        }
        write_noraise(errpipe_write, digits.get(first..).unwrap_or_default());
        write_noraise(errpipe_write, b":");
    } else {
        write_noraise(errpipe_write, b"SubprocessError:0:");
    }
    write_noraise(errpipe_write, message);
}

/// `_Py_write_noraise`: one write, retried after EINTR; errors ignored (the
/// report is shorter than PIPE_BUF and nothing could be done anyway).
fn write_noraise(fd: c_int, bytes: &[u8]) {
    // SAFETY: writes from a valid slice.
    while unsafe { libc::write(fd, bytes.as_ptr().cast::<c_void>(), bytes.len()) } < 0 && errno() == libc::EINTR {}
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What subprocess.py parses: the errno in lower-case hex, no leading
    /// zeros, or "SubprocessError:0:" without an errno.
    #[test]
    fn error_report_bytes() {
        for (error, message, expected) in [
            (libc::ENOENT, &b""[..], &b"OSError:2:"[..]),
            (libc::EACCES, b"noexec:chdir", b"OSError:d:noexec:chdir"),
            (0x7fff_ffff, b"noexec", b"OSError:7fffffff:noexec"),
            (0, b"Exception occurred in preexec_fn.", b"SubprocessError:0:Exception occurred in preexec_fn."),
        ] {
            let mut fds = [0; 2];
            // SAFETY: a two-int array for the new pipe's fds.
            assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
            report_failure(fds[1], error, message);
            let mut buffer = [0u8; 128];
            // SAFETY: reads into a buffer of its length.
            let read = unsafe { libc::read(fds[0], buffer.as_mut_ptr().cast(), buffer.len()) };
            for fd in fds {
                // SAFETY: our own pipe's fds.
                unsafe { libc::close(fd) };
            }
            assert_eq!(&buffer[..read as usize], expected);
        }
    }

    #[test]
    fn fd_names() {
        assert_eq!(fd_from_name(b"0\0"), Some(0));
        assert_eq!(fd_from_name(b"1234\0junk"), Some(1234));
        assert_eq!(fd_from_name(b".\0"), None);
        assert_eq!(fd_from_name(b"..\0"), None);
        assert_eq!(fd_from_name(b"12"), None);
        assert_eq!(fd_from_name(b"99999999999\0"), None);
    }

    std::thread_local! {
        static CLOSED: core::cell::RefCell<Vec<(c_int, c_int)>> = const { core::cell::RefCell::new(Vec::new()) };
    }

    fn recording_closer(first: c_int, last: c_int) -> Result<(), Failed> {
        CLOSED.with(|closed| closed.borrow_mut().push((first, last)));
        Ok(())
    }

    /// One closer call per gap between kept fds; no empty gaps.
    #[test]
    fn gaps_between_kept_fds() {
        for (keep, expected) in [
            (&[][..], &[(3, c_int::MAX)][..]),
            (&[3], &[(4, c_int::MAX)]),
            (&[1, 5, 6, 9], &[(3, 4), (7, 8), (10, c_int::MAX)]),
            (&[4, 5, c_int::MAX], &[(3, 3), (6, c_int::MAX - 1)]),
        ] {
            CLOSED.with(|closed| closed.borrow_mut().clear());
            assert!(close_range_except(3, c_int::MAX, keep, recording_closer).is_ok());
            assert_eq!(CLOSED.with(|closed| closed.borrow().clone()), expected, "keep {keep:?}");
        }
    }

    /// The /proc/self/fd fallback closes exactly the listed fds from
    /// `start` up that are not kept.
    #[cfg(target_os = "linux")]
    #[test]
    fn listed_fds_closed() {
        // SAFETY: opens /dev/null four times.
        let fds: Vec<c_int> = (0..4).map(|_| unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDONLY) }).collect();
        assert!(fds.iter().all(|&fd| fd >= 0));
        let mut records = Vec::new();
        for name in [".".to_string(), "..".to_string()].into_iter().chain(fds.iter().map(|fd| fd.to_string())) {
            let length = (19 + name.len() + 1).div_ceil(8) * 8;
            let mut record = vec![0u8; length];
            record[16..18].copy_from_slice(&(length as u16).to_ne_bytes());
            record[19..19 + name.len()].copy_from_slice(name.as_bytes());
            records.extend(record);
        }
        let keep = [fds[1]];
        close_listed_records(&records, fds[3], fds[0] + 1, &keep);
        // SAFETY: F_GETFD only reads the fd's flags.
        let open: Vec<bool> = fds.iter().map(|&fd| unsafe { libc::fcntl(fd, libc::F_GETFD) } >= 0).collect();
        // fds[0] is below start, fds[1] kept, fds[2] closed, fds[3] the directory's.
        assert_eq!(open, [true, true, false, true]);
        for fd in [fds[0], fds[1], fds[3]] {
            // SAFETY: our own fds.
            unsafe { libc::close(fd) };
        }
    }
}
