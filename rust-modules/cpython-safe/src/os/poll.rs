//! Waiting on file descriptors: `select`, `poll`, `epoll` (the select module).
//!
//! Thin wrappers: descriptors are plain ints, as the C module passes them
//! (a descriptor that is not open is the kernel's error, `EBADF`, never
//! undefined behaviour), and every buffer the kernel writes is a Rust
//! slice or vector of the right length.  [`close`] closes whatever
//! descriptor it is given: the select module closes only the epoll
//! descriptors its objects own (or were handed by `epoll.fromfd`, as C).

use core::ffi::c_int;

use super::Errno;

/// The result of a call that returns -1 and sets errno on failure.
#[inline]
fn check(result: c_int) -> Result<usize, Errno> {
    if result < 0 {
        return Err(Errno::last());
    }
    Ok(result as usize)
}

/// A set of descriptors below `FD_SETSIZE` (`fd_set`).
#[derive(Clone, Copy)]
pub struct FdSet(libc::fd_set);

impl FdSet {
    /// How many descriptors a set can hold: `0..FD_SETSIZE`.
    pub const CAPACITY: usize = libc::FD_SETSIZE;

    /// An empty set (`FD_ZERO`).
    pub fn new() -> FdSet {
        // SAFETY: an fd_set is an array of integers; all bits clear is the
        // empty set, what FD_ZERO writes.
        FdSet(unsafe { core::mem::zeroed() })
    }

    /// Empties the set (`FD_ZERO`).
    pub fn clear(&mut self) {
        // SAFETY: a live set, exclusively borrowed.
        unsafe { libc::FD_ZERO(&mut self.0) };
    }

    /// Whether `fd` can be in a set (`0 <= fd < FD_SETSIZE`).
    #[inline]
    pub fn holds(fd: c_int) -> bool {
        (fd as u32 as usize) < Self::CAPACITY
    }

    /// Adds `fd` (`FD_SET`); panics unless [`FdSet::holds`] it.
    #[inline]
    pub fn insert(&mut self, fd: c_int) {
        assert!(Self::holds(fd), "descriptor {fd} out of range of an fd_set");
        // SAFETY: a live set and a descriptor in its range (checked above).
        unsafe { libc::FD_SET(fd, &mut self.0) }
    }

    /// Whether `fd` is in the set (`FD_ISSET`); false out of range.
    #[inline]
    pub fn contains(&self, fd: c_int) -> bool {
        // SAFETY: a live set and a descriptor in its range (checked first).
        Self::holds(fd) && unsafe { libc::FD_ISSET(fd, &self.0) }
    }
}

impl Default for FdSet {
    fn default() -> Self {
        FdSet::new()
    }
}

/// `select(nfds, read, write, except, timeout)`: how many descriptors are
/// ready; the sets are left holding those.  `nfds` is at most
/// `FD_SETSIZE`; `None` for a set passes NULL, and for the timeout waits
/// without limit.  The kernel may change `timeout` (Linux writes the time
/// left).
pub fn select(
    nfds: usize,
    read: Option<&mut FdSet>,
    write: Option<&mut FdSet>,
    except: Option<&mut FdSet>,
    timeout: Option<&mut libc::timeval>,
) -> Result<usize, Errno> {
    assert!(nfds <= FdSet::CAPACITY, "select: nfds beyond FD_SETSIZE");
    let set = |set: Option<&mut FdSet>| set.map_or(core::ptr::null_mut(), |set| &raw mut set.0);
    let timeout = timeout.map_or(core::ptr::null_mut(), |timeout| timeout as *mut libc::timeval);
    // SAFETY: sets of FD_SETSIZE bits (at least nfds) or null, a timeval or
    // null, all live and exclusively borrowed for the call.
    check(unsafe { libc::select(nfds as c_int, set(read), set(write), set(except), timeout) })
}

/// `poll(fds, timeout_ms)`: how many entries have events, written to
/// their `revents`; a negative timeout waits without limit.
pub fn poll(fds: &mut [libc::pollfd], timeout_ms: c_int) -> Result<usize, Errno> {
    // SAFETY: a live, exclusively borrowed array of fds.len() entries.
    check(unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout_ms) })
}

/// `epoll_create1(flags)`: a new epoll descriptor, which the caller owns
/// (and closes with [`close`]).
pub fn epoll_create1(flags: c_int) -> Result<c_int, Errno> {
    // SAFETY: no memory is passed.
    check(unsafe { libc::epoll_create1(flags) }).map(|fd| fd as c_int)
}

/// `epoll_ctl(epfd, op, fd, {events, data.fd = fd})`.  The kernel ignores
/// the event of `EPOLL_CTL_DEL`; one is passed all the same, as kernels
/// before 2.6.9 required.
pub fn epoll_ctl(epfd: c_int, op: c_int, fd: c_int, events: u32) -> Result<(), Errno> {
    let mut event = libc::epoll_event { events, u64: fd as u32 as u64 };
    // SAFETY: a live event for the call.
    check(unsafe { libc::epoll_ctl(epfd, op, fd, &mut event) }).map(drop)
}

/// `epoll_wait(epfd, events, max, timeout_ms)`: `events` is cleared, then
/// holds the ready events, at most `max` (which its capacity must hold,
/// at least 1); a negative timeout waits without limit.
pub fn epoll_wait(epfd: c_int, events: &mut Vec<libc::epoll_event>, max: usize, timeout_ms: c_int) -> Result<(), Errno> {
    events.clear();
    assert!((1..=c_int::MAX as usize).contains(&max) && events.capacity() >= max, "epoll_wait: room for 1..=INT_MAX events");
    // SAFETY: room for `max` events (checked above) that the kernel writes;
    // the vector is exclusively borrowed for the call.
    let ready = check(unsafe { libc::epoll_wait(epfd, events.as_mut_ptr(), max as c_int, timeout_ms) })?;
    // SAFETY: the kernel wrote the first `ready` events, `ready <= max`.
    unsafe { events.set_len(ready.min(max)) };
    Ok(())
}

/// The `data.fd` of an event that [`epoll_ctl`] registered: the low 32
/// bits of its data, as C reads the union.
#[inline]
pub fn event_fd(event: &libc::epoll_event) -> c_int {
    let data = event.u64;
    data as u32 as c_int
}

/// `close(fd)`.
pub fn close(fd: c_int) -> Result<(), Errno> {
    // SAFETY: no memory is passed (see the module's note on ownership).
    check(unsafe { libc::close(fd) }).map(drop)
}
