//! `os::poll` and `os::timeout` (the select module's system calls and
//! timeouts), on pipes and an embedded interpreter (feature `embed`).

#![cfg(all(feature = "embed", target_os = "linux"))]

use std::io::Write;
use std::os::fd::AsRawFd;

use cpython_safe::object::{PyFloat, PyInt, PyStr};
use cpython_safe::os::poll::{self, FdSet};
use cpython_safe::os::timeout::{self, Deadline, Round};
use cpython_safe::testing::with_python;

#[test]
fn fd_sets_hold_descriptors_below_fd_setsize() {
    let mut set = FdSet::new();
    assert!(FdSet::holds(0) && FdSet::holds(1023));
    assert!(!FdSet::holds(-1) && !FdSet::holds(1024));
    assert!(!set.contains(5));
    set.insert(5);
    set.insert(1023);
    assert!(set.contains(5) && set.contains(1023) && !set.contains(6));
    assert!(!set.contains(-1) && !set.contains(4096));
    set.clear();
    assert!(!set.contains(5));
}

#[test]
fn select_poll_and_epoll_see_a_pipe() {
    let (reader, mut writer) = std::io::pipe().unwrap();
    let (r, w) = (reader.as_raw_fd(), writer.as_raw_fd());

    let (mut read, mut write) = (FdSet::new(), FdSet::new());
    read.insert(r);
    write.insert(w);
    let mut no_wait = libc::timeval { tv_sec: 0, tv_usec: 0 };
    let nfds = r.max(w) as usize + 1;
    assert_eq!(poll::select(nfds, Some(&mut read), Some(&mut write), None, Some(&mut no_wait)), Ok(1));
    assert!(!read.contains(r) && write.contains(w));

    let mut fds = [libc::pollfd { fd: r, events: libc::POLLIN, revents: 0 }];
    assert_eq!(poll::poll(&mut fds, 0), Ok(0));
    writer.write_all(b"x").unwrap();
    assert_eq!(poll::poll(&mut fds, 0), Ok(1));
    assert_eq!(fds[0].revents, libc::POLLIN);

    let epfd = poll::epoll_create1(libc::EPOLL_CLOEXEC).unwrap();
    poll::epoll_ctl(epfd, libc::EPOLL_CTL_ADD, r, libc::EPOLLIN as u32).unwrap();
    assert_eq!(poll::epoll_ctl(epfd, libc::EPOLL_CTL_ADD, r, 0).unwrap_err().0, libc::EEXIST);
    let mut events = Vec::with_capacity(4);
    poll::epoll_wait(epfd, &mut events, 4, 0).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(poll::event_fd(&events[0]), r);
    poll::epoll_ctl(epfd, libc::EPOLL_CTL_DEL, r, 0).unwrap();
    poll::epoll_wait(epfd, &mut events, 4, 0).unwrap();
    assert!(events.is_empty());
    poll::close(epfd).unwrap();
    assert_eq!(poll::close(epfd).unwrap_err().0, libc::EBADF);
}

#[test]
fn timeouts_round_as_c_does() {
    with_python(|py| {
        let tiny = PyFloat::new(py, 1e-10).unwrap();
        assert_eq!(timeout::from_seconds_object(&tiny, Round::TIMEOUT).unwrap(), 1);
        assert_eq!(timeout::from_seconds_object(&tiny, Round::Floor).unwrap(), 0);
        let ms = PyInt::from_i64(py, 1500).unwrap();
        assert_eq!(timeout::from_milliseconds_object(&ms, Round::TIMEOUT).unwrap(), 1_500_000_000);
        let text = PyStr::new(py, "1").unwrap();
        timeout::from_seconds_object(&text, Round::TIMEOUT).unwrap_err().clear();
    });
    assert_eq!(timeout::as_milliseconds(1_500_001, Round::Ceiling), 2);
    assert_eq!(timeout::as_milliseconds(1_500_001, Round::Floor), 1);
    assert_eq!(timeout::as_milliseconds(-1, Round::Up), -1);
    let tv = timeout::as_timeval(-1_200_000_000, Round::Floor);
    assert_eq!((tv.tv_sec, tv.tv_usec), (-2, 800_000));
    let tv = timeout::as_timeval(-1, Round::Up);
    assert_eq!((tv.tv_sec, tv.tv_usec), (-1, 999_999));
    assert!(Deadline::after(1_000_000_000).remaining() > 0);
    assert!(Deadline::after(-1).remaining() < 0);
}
