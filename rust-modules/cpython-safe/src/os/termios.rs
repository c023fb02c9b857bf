//! Terminal attributes: `tcgetattr`, `tcsetattr` and the other `tc*` calls
//! (the termios module), and the window size ioctls.

use core::ffi::c_int;

use super::Errno;

fn check(result: c_int) -> Result<(), Errno> {
    if result == -1 {
        Err(Errno::last())
    } else {
        Ok(())
    }
}

/// `tcgetattr(fd)`: the attributes, zeroed first (some C libraries leave
/// fields unset).
pub fn get_attributes(fd: c_int) -> Result<libc::termios, Errno> {
    // SAFETY: `struct termios` is plain integers; all zeros is a value.
    let mut mode: libc::termios = unsafe { core::mem::zeroed() };
    // SAFETY: a `struct termios` to fill.
    check(unsafe { libc::tcgetattr(fd, &mut mode) })?;
    Ok(mode)
}

/// `tcsetattr(fd, when, mode)`.
pub fn set_attributes(fd: c_int, when: c_int, mode: &libc::termios) -> Result<(), Errno> {
    // SAFETY: a `struct termios` to read.
    check(unsafe { libc::tcsetattr(fd, when, mode) })
}

/// `cfgetispeed(mode)`.
pub fn input_speed(mode: &libc::termios) -> libc::speed_t {
    // SAFETY: reads the structure.
    unsafe { libc::cfgetispeed(mode) }
}

/// `cfgetospeed(mode)`.
pub fn output_speed(mode: &libc::termios) -> libc::speed_t {
    // SAFETY: reads the structure.
    unsafe { libc::cfgetospeed(mode) }
}

/// `cfsetispeed(mode, speed)` (EINVAL for a speed the C library refuses).
pub fn set_input_speed(mode: &mut libc::termios, speed: libc::speed_t) -> Result<(), Errno> {
    // SAFETY: writes the structure.
    check(unsafe { libc::cfsetispeed(mode, speed) })
}

/// `cfsetospeed(mode, speed)`.
pub fn set_output_speed(mode: &mut libc::termios, speed: libc::speed_t) -> Result<(), Errno> {
    // SAFETY: writes the structure.
    check(unsafe { libc::cfsetospeed(mode, speed) })
}

/// `tcsendbreak(fd, duration)`.
pub fn send_break(fd: c_int, duration: c_int) -> Result<(), Errno> {
    // SAFETY: plain integers.
    check(unsafe { libc::tcsendbreak(fd, duration) })
}

/// `tcdrain(fd)`.
pub fn drain(fd: c_int) -> Result<(), Errno> {
    // SAFETY: a plain integer.
    check(unsafe { libc::tcdrain(fd) })
}

/// `tcflush(fd, queue)`.
pub fn flush(fd: c_int, queue: c_int) -> Result<(), Errno> {
    // SAFETY: plain integers.
    check(unsafe { libc::tcflush(fd, queue) })
}

/// `tcflow(fd, action)`.
pub fn flow(fd: c_int, action: c_int) -> Result<(), Errno> {
    // SAFETY: plain integers.
    check(unsafe { libc::tcflow(fd, action) })
}

/// `ioctl(fd, TIOCGWINSZ)`: the window size.
pub fn get_window_size(fd: c_int) -> Result<libc::winsize, Errno> {
    let mut size = libc::winsize { ws_row: 0, ws_col: 0, ws_xpixel: 0, ws_ypixel: 0 };
    // SAFETY: TIOCGWINSZ writes one `struct winsize`.
    check(unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut size as *mut libc::winsize) })?;
    Ok(size)
}

/// `ioctl(fd, TIOCSWINSZ, size)`.
pub fn set_window_size(fd: c_int, size: &libc::winsize) -> Result<(), Errno> {
    // SAFETY: TIOCSWINSZ reads one `struct winsize`.
    check(unsafe { libc::ioctl(fd, libc::TIOCSWINSZ, size as *const libc::winsize) })
}
