//! `fcntl`, `ioctl`, `flock` and `lockf` (the fcntl module).
//!
//! A request's argument is whatever the request defines: an int, or a
//! pointer to a structure the kernel reads or writes.  As in C, the module
//! passes a buffer of C's size (1024 bytes, one more for ioctl's NUL) or the
//! caller's own buffer; nothing can check that a request writes no more than
//! that, so these take the buffer whole and pass its address and nothing
//! else (Linux's requests write at most their structure, a few hundred
//! bytes at most).

use core::cell::Cell;
use core::ffi::{c_int, c_uint, c_ulong};

use super::Errno;

fn check(result: c_int) -> Result<c_int, Errno> {
    if result == -1 {
        Err(Errno::last())
    } else {
        Ok(result)
    }
}

/// `fcntl(fd, cmd, arg)` with an int argument.
pub fn fcntl_int(fd: c_int, cmd: c_int, arg: c_int) -> Result<c_int, Errno> {
    // SAFETY: an int argument; a command that takes a pointer gets an
    // invalid address and fails with EFAULT (the kernel checks user
    // addresses).
    check(unsafe { libc::fcntl(fd, cmd, arg) })
}

/// `fcntl(fd, cmd, buffer)`: the command reads or writes the buffer.
pub fn fcntl_buffer(fd: c_int, cmd: c_int, buffer: &mut [u8]) -> Result<c_int, Errno> {
    // SAFETY: a writable buffer of its length for the call (see the module
    // comment for the size).
    check(unsafe { libc::fcntl(fd, cmd, buffer.as_mut_ptr()) })
}

/// `fcntl(fd, cmd, &lock)`: `F_SETLK`, `F_SETLKW` or `F_GETLK` (which
/// writes the lock).
pub fn fcntl_lock(fd: c_int, cmd: c_int, lock: &mut libc::flock) -> Result<(), Errno> {
    // SAFETY: a `struct flock` for the call, as the locking commands take.
    check(unsafe { libc::fcntl(fd, cmd, lock as *mut libc::flock) }).map(drop)
}

/// `flock(fd, operation)`.
pub fn flock(fd: c_int, operation: c_int) -> Result<(), Errno> {
    // SAFETY: plain integers.
    check(unsafe { libc::flock(fd, operation) }).map(drop)
}

/// The request as `ioctl` takes it (`unsigned long` on glibc, `int` on
/// musl): C's `unsigned int` converted as C converts it.
#[allow(clippy::unnecessary_cast)]
fn request_code(request: c_uint) -> libc::Ioctl {
    request as c_ulong as libc::Ioctl
}

/// `ioctl(fd, request, arg)` with an int argument.
pub fn ioctl_int(fd: c_int, request: c_uint, arg: c_int) -> Result<c_int, Errno> {
    // SAFETY: an int argument; a request that takes a pointer gets an
    // invalid address and fails with EFAULT.
    check(unsafe { libc::ioctl(fd, request_code(request), arg) })
}

/// `ioctl(fd, request, buffer)`: the request reads or writes the buffer.
pub fn ioctl_buffer(fd: c_int, request: c_uint, buffer: &mut [u8]) -> Result<c_int, Errno> {
    // SAFETY: a writable buffer of its length for the call (see the module
    // comment for the size).
    check(unsafe { libc::ioctl(fd, request_code(request), buffer.as_mut_ptr()) })
}

/// `ioctl(fd, request, buffer)` on the caller's own writable buffer (a
/// `bytearray`'s or an `array`'s memory, seen as cells: other code may
/// write them too, never during the call as the GIL stays held).
pub fn ioctl_cells(fd: c_int, request: c_uint, buffer: &[Cell<u8>]) -> Result<c_int, Errno> {
    // SAFETY: `Cell` allows writes through a shared slice; its bytes are
    // writable for its length for the call (see the module comment).
    check(unsafe { libc::ioctl(fd, request_code(request), buffer.as_ptr().cast_mut().cast::<u8>()) })
}
