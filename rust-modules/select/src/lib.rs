//! `select`: a drop-in replacement for CPython's `Modules/selectmodule.c`
//! (its Linux parts: `select`, `poll`, `epoll`; `devpoll` and `kqueue` are
//! not built on Linux).
//!
//! Every blocking call runs with the GIL released and is retried after a
//! signal as PEP 475 says ([`retry_interrupted`]).  Poll and epoll objects
//! are shared between threads as in C: their state is read and written with
//! the GIL held, and what the kernel works on while the GIL is released is
//! moved out of the object for the call.

#![forbid(unsafe_code)]

use core::cell::Cell;
use core::ffi::c_int;

use cpython_safe::alloc::{try_with_capacity, TryGrow, TryPush};
use cpython_safe::boundary::allow_threads;
use cpython_safe::call::{BitwiseU32, FileDescriptor, UnsignedShort};
use cpython_safe::class::ClassOf;
use cpython_safe::object::PyDict;
use cpython_safe::os::poll::{self as os, FdSet};
use cpython_safe::os::timeout::{self, Deadline, Round};
use cpython_safe::os::{check_signals, Errno};
use cpython_safe::prelude::*;

cpython_safe::clinic_module!();
use clinic::params;

/// Per-module state.
struct State {
    /// "close", interned: `epoll.__exit__` calls the method of that name.
    close: Owned<PyStr>,
    poll_type: Owned<PyType>,
}
cpython_safe::traverse!(State: close, poll_type);

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let py = module.py();
        let close = PyStr::intern(py, c"close")?;
        module.add(c"error", exc::OSError(py))?;
        module.add_int(c"PIPE_BUF", libc::PIPE_BUF as i64)?;

        let poll_type = POLL.create(module)?;
        for (name, value) in POLL_CONSTANTS {
            module.add_int(name, value as u16)?;
        }

        let epoll_type = EPOLL.create(module)?;
        module.add_type(&epoll_type)?;
        for (name, value) in EPOLL_CONSTANTS {
            module.add_int(name, value as u32)?;
        }
        Ok(State { close, poll_type })
    }
}

/// glibc's `POLLMSG` (`<bits/poll.h>` with `_GNU_SOURCE`, as C builds the
/// module), which the libc crate does not export for Linux.
const POLLMSG: libc::c_short = 0x400;

/// The `poll()` constants, as C adds them (their bits as an unsigned short).
const POLL_CONSTANTS: [(&core::ffi::CStr, libc::c_short); 12] = [
    (c"POLLIN", libc::POLLIN),
    (c"POLLPRI", libc::POLLPRI),
    (c"POLLOUT", libc::POLLOUT),
    (c"POLLERR", libc::POLLERR),
    (c"POLLHUP", libc::POLLHUP),
    (c"POLLNVAL", libc::POLLNVAL),
    (c"POLLRDNORM", libc::POLLRDNORM),
    (c"POLLRDBAND", libc::POLLRDBAND),
    (c"POLLWRNORM", libc::POLLWRNORM),
    (c"POLLWRBAND", libc::POLLWRBAND),
    (c"POLLMSG", POLLMSG),
    (c"POLLRDHUP", libc::POLLRDHUP),
];

/// The `epoll` constants, as C adds them (their bits as an unsigned int:
/// `EPOLLET` is 1 << 31).
const EPOLL_CONSTANTS: [(&core::ffi::CStr, c_int); 15] = [
    (c"EPOLLIN", libc::EPOLLIN),
    (c"EPOLLOUT", libc::EPOLLOUT),
    (c"EPOLLPRI", libc::EPOLLPRI),
    (c"EPOLLERR", libc::EPOLLERR),
    (c"EPOLLHUP", libc::EPOLLHUP),
    (c"EPOLLRDHUP", libc::EPOLLRDHUP),
    (c"EPOLLET", libc::EPOLLET),
    (c"EPOLLONESHOT", libc::EPOLLONESHOT),
    (c"EPOLLEXCLUSIVE", libc::EPOLLEXCLUSIVE),
    (c"EPOLLRDNORM", libc::EPOLLRDNORM),
    (c"EPOLLRDBAND", libc::EPOLLRDBAND),
    (c"EPOLLWRNORM", libc::EPOLLWRNORM),
    (c"EPOLLWRBAND", libc::EPOLLWRBAND),
    (c"EPOLLMSG", libc::EPOLLMSG),
    (c"EPOLL_CLOEXEC", libc::EPOLL_CLOEXEC),
];

cpython_safe::module! {
    static MODULE: State = module c"select" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [select, poll],
    }
}

/// PEP 475: calls `call` until no signal interrupts it.  Between tries the
/// signal handlers run (with the GIL held; their exception propagates).
/// With a deadline, each retry gets the nanoseconds left, and the result
/// is `None` once none are left; the first try gets `None`, as does every
/// try without a deadline.  Another errno is raised as `OSError`.
fn retry_interrupted<T>(
    py: Python<'_>,
    deadline: Option<Deadline>,
    mut call: impl FnMut(Option<i64>) -> Result<T, Errno>,
) -> PyResult<Option<T>> {
    let mut remaining = None;
    loop {
        match call(remaining) {
            Ok(result) => return Ok(Some(result)),
            Err(errno) if errno.is_interrupted() => {
                check_signals(py)?;
                if let Some(deadline) = deadline {
                    let left = deadline.remaining();
                    if left < 0 {
                        return Ok(None);
                    }
                    remaining = Some(left);
                }
            }
            Err(errno) => return Err(errno.raise(py)),
        }
    }
}

/// A timeout in nanoseconds read by `convert` (`_PyTime_From*Object`),
/// whose TypeError becomes `TypeError(message)`, as C words it.
fn timeout_from(
    obj: &PyAny,
    convert: fn(&PyAny, Round) -> PyResult<i64>,
    message: &str,
) -> PyResult<i64> {
    let py = obj.py();
    convert(obj, Round::TIMEOUT).except(exc::TypeError(py))?.ok_or_else(|| exc::type_error(py, message))
}

/// A timeout in milliseconds for `poll()` and `epoll_wait()`: C's int, or
/// OverflowError; any negative value is -1 (wait without limit).
fn poll_milliseconds(py: Python<'_>, ms: i64) -> PyResult<c_int> {
    let ms = c_int::try_from(ms).map_err(|_| exc::overflow_error(py, "timeout is too large"))?;
    Ok(ms.max(-1))
}

// ---------------------------------------------------------------------------
// select.select

/// The objects of one of `select()`'s lists, each with its descriptor (C's
/// `pylist`), and their set.
struct Watched {
    objects: Vec<(Owned, c_int)>,
    set: FdSet,
    /// The highest descriptor plus one; 0 for none.
    nfds: usize,
}

impl Watched {
    /// C's `seq2set`: `fileno()` of each item, in order.  An item's
    /// `fileno()` may change the list: the length is read again for each
    /// item, and each item is held while its `fileno()` runs.
    fn new() -> Watched {
        Watched { objects: Vec::new(), set: FdSet::new(), nfds: 0 }
    }

    /// C's `seq2set`: `fileno()` of each item, in order.  An item's
    /// `fileno()` may change the list: the length is read again for each
    /// item, and each item is held while its `fileno()` runs.
    fn watch(&mut self, seq: &PyAny) -> PyResult<()> {
        let py = seq.py();
        let items = seq.sequence_fast(c"arguments 1-3 must be sequences")?;
        let mut index = 0;
        while let Some(item) = fast_item(&items, index) {
            let FileDescriptor(fd) = FileDescriptor::of(&item)?;
            if !FdSet::holds(fd) {
                return Err(exc::value_error(py, "filedescriptor out of range in select()"));
            }
            self.nfds = self.nfds.max(fd as usize + 1);
            self.set.insert(fd);
            if self.objects.len() >= FdSet::CAPACITY {
                return Err(exc::value_error(py, "too many file descriptors in select()"));
            }
            self.objects.try_push(py, (item, fd))?;
            index += 1;
        }
        Ok(())
    }

    /// The set to pass to `select()`: none when nothing is watched.
    fn set_to_wait(&mut self) -> Option<&mut FdSet> {
        (self.nfds > 0).then_some(&mut self.set)
    }

    /// C's `set2list`: the objects whose descriptor the wait left in the
    /// set, in order.
    fn ready(&mut self, py: Python<'_>) -> PyResult<Owned<PyList>> {
        let ready = &self.set;
        let count = self.objects.iter().filter(|(_, fd)| ready.contains(*fd)).count();
        let mut objects = self.objects.drain(..).filter(|(_, fd)| ready.contains(*fd));
        PyList::build(py, count, |_| Ok(objects.next().expect("counted above").0))
    }
}

/// Item `index` of what `PySequence_Fast` returned (a list or a tuple), if
/// it has that many now.
fn fast_item(items: &PyAny, index: usize) -> Option<Owned> {
    match PyList::exact(items) {
        Some(list) => list.get(index),
        None => items.downcast::<PyTuple>().and_then(|tuple| tuple.get(index)).map(PyAny::to_owned),
    }
}

fn select(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let params::select { rlist, wlist, xlist, timeout } = params::select::from_args(args)?;
    let timeout = match timeout {
        None => None,
        Some(obj) => {
            let ns = timeout_from(obj, timeout::from_seconds_object, "timeout must be a float or None")?;
            let tv = timeout::as_timeval(ns, Round::TIMEOUT);
            if tv.tv_sec < 0 {
                return Err(exc::value_error(py, "timeout must be non-negative"));
            }
            Some((ns, tv))
        }
    };
    let (mut read, mut write, mut except) = (Watched::new(), Watched::new(), Watched::new());
    read.watch(rlist)?;
    write.watch(wlist)?;
    except.watch(xlist)?;
    let nfds = read.nfds.max(write.nfds).max(except.nfds);

    let deadline = timeout.map(|(ns, _)| Deadline::after(ns));
    let mut tv = timeout.map(|(_, tv)| tv);
    let waited = retry_interrupted(py, deadline, |remaining| {
        if let Some(left) = remaining {
            tv = Some(timeout::as_timeval(left, Round::Ceiling));
        }
        let sets = (read.set_to_wait(), write.set_to_wait(), except.set_to_wait());
        let tv = tv.as_mut();
        allow_threads(py, move || os::select(nfds, sets.0, sets.1, sets.2, tv))
    })?;
    // Once the time is up after a signal, the sets the kernel left alone
    // are cleared (bpo-35310).
    if waited.is_none() {
        for watched in [&mut read, &mut write, &mut except] {
            watched.set.clear();
        }
    }
    let read = read.ready(py)?;
    let write = write.ready(py)?;
    let except = except.ready(py)?;
    Ok(PyTuple::new(py, &[&read, &write, &except])?.into_any())
}

// ---------------------------------------------------------------------------
// select.poll

/// A `select.poll()` object.
struct Poll {
    /// Registered descriptors and their event masks, in registration order
    /// (C's dict: its order is the order of `poll()`'s results).
    fds: Owned<PyDict>,
    /// The `pollfd` array made from `fds`, kept between calls (C's `ufds`);
    /// moved out while a `poll()` runs.
    pollfds: Cell<Vec<libc::pollfd>>,
    pollfds_up_to_date: Cell<bool>,
    /// The (descriptor, events) of the last `poll()`'s results, kept for
    /// the next one's.
    fired: Cell<Vec<(c_int, u16)>>,
    /// A `poll()` of this object is running (maybe without the GIL).
    running: Cell<bool>,
}
cpython_safe::traverse!(Poll);

impl PyClass for Poll {
    type State = State;
    fn module_def() -> &'static cpython_safe::module::ModuleDef<State> {
        &MODULE
    }
    const EXTRA_FLAGS: TypeFlags = TypeFlags::DISALLOW_INSTANTIATION;
}

cpython_safe::class! {
    static POLL: Poll = class c"select.poll" from clinic {
        doc: c"",
        subclassable: false,
        methods: [
            register = poll_register,
            modify = poll_modify,
            unregister = poll_unregister,
            poll = poll_poll => poll_wait,
        ],
    }
}

fn poll(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let state = module.state()?;
    let value = Poll {
        fds: PyDict::new(py)?,
        pollfds: Cell::new(Vec::new()),
        pollfds_up_to_date: Cell::new(false),
        fired: Cell::new(Vec::new()),
        running: Cell::new(false),
    };
    POLL.instantiate(&state.poll_type, value)
}

/// `poll.register(fd, eventmask=POLLIN | POLLPRI | POLLOUT)`.
fn register(this: &Instance<Poll>, args: &Args) -> PyResult<()> {
    let FileDescriptor(fd) = args.convert(0)?;
    let default = (libc::POLLIN | libc::POLLPRI | libc::POLLOUT) as u16;
    let UnsignedShort(eventmask) = args.convert_or(1, UnsignedShort(default))?;
    let key = PyInt::from_i64(this.py(), fd.into())?;
    set_event_mask(this, &key, eventmask)
}

/// `poll.modify(fd, eventmask)`: FileNotFoundError (ENOENT) unless `fd`
/// is registered.
fn modify(this: &Instance<Poll>, args: &Args) -> PyResult<()> {
    let py = this.py();
    let params::poll_modify { fd, eventmask } = params::poll_modify::from_args(args)?;
    let key = PyInt::from_i64(py, fd.into())?;
    if !this.value().fds.contains(&key)? {
        return Err(Errno(libc::ENOENT).raise(py));
    }
    set_event_mask(this, &key, eventmask)
}

fn set_event_mask(this: &Instance<Poll>, key: &PyInt, eventmask: u16) -> PyResult<()> {
    let value = PyInt::from_i64(this.py(), eventmask.into())?;
    let poll = this.value();
    poll.fds.set_item(key, &value)?;
    poll.pollfds_up_to_date.set(false);
    Ok(())
}

/// `poll.unregister(fd)`: KeyError unless `fd` is registered.
fn unregister(this: &Instance<Poll>, args: &Args) -> PyResult<()> {
    let params::poll_unregister { fd } = params::poll_unregister::from_args(args)?;
    let key = PyInt::from_i64(this.py(), fd.into())?;
    let poll = this.value();
    poll.fds.del_item(&key)?;
    poll.pollfds_up_to_date.set(false);
    Ok(())
}

/// C's `update_ufd_array`: the `pollfd` array of the registered
/// descriptors, in the dict's order, into `pollfds`.
fn fill_pollfds(py: Python<'_>, fds: &PyDict, pollfds: &mut Vec<libc::pollfd>) -> PyResult<()> {
    pollfds.clear();
    pollfds.try_grow(py, fds.len())?;
    for (fd, eventmask) in fds.iter() {
        // Both are ints that register() made, in range.
        let fd = fd.downcast::<PyInt>().expect("registered descriptors are ints").to_c_long()?;
        let eventmask = eventmask.downcast::<PyInt>().expect("event masks are ints").to_c_long()?;
        pollfds.try_push(py, libc::pollfd { fd: fd as c_int, events: eventmask as u16 as libc::c_short, revents: 0 })?;
    }
    Ok(())
}

/// `poll.poll(timeout=None)`: the timeout in milliseconds.
fn poll_wait(this: &Instance<Poll>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let params::poll_poll { timeout } = params::poll_poll::from_args(args)?;
    let (mut ms, deadline) = match timeout {
        None => (-1, None),
        Some(obj) => {
            let ns = timeout_from(obj, timeout::from_milliseconds_object, "timeout must be an integer or None")?;
            let ms = poll_milliseconds(py, timeout::as_milliseconds(ns, Round::TIMEOUT))?;
            (ms, (ns >= 0).then(|| Deadline::after(ns)))
        }
    };

    // Issue 8865: one poll() at a time per object.
    let poll = this.value();
    if poll.running.get() {
        return Err(exc::runtime_error(py, "concurrent poll() invocation"));
    }
    let mut pollfds = poll.pollfds.take();
    if !poll.pollfds_up_to_date.get() {
        // On failure the array is dropped: the next poll() fills a new one.
        fill_pollfds(py, &poll.fds, &mut pollfds)?;
        poll.pollfds_up_to_date.set(true);
    }

    poll.running.set(true);
    let waited = retry_interrupted(py, deadline, |remaining| {
        if let Some(left) = remaining {
            ms = timeout::as_milliseconds(left, Round::Ceiling) as c_int;
        }
        let pollfds = &mut pollfds;
        allow_threads(py, move || os::poll(pollfds, ms))
    });
    // Read the events before the array goes back: building the results
    // can run Python code (the garbage collector), even this object's
    // poll() again.
    let mut fired = poll.fired.take();
    fired.clear();
    let copied = waited.and_then(|waited| {
        let count = waited.unwrap_or(0);
        fired.try_grow(py, count)?;
        fired.extend(pollfds.iter().filter(|pollfd| pollfd.revents != 0).take(count).map(|pollfd| (pollfd.fd, pollfd.revents as u16)));
        Ok(())
    });
    poll.pollfds.set(pollfds);
    poll.running.set(false);
    copied?;
    let list = PyList::build(py, fired.len(), |i| (i64::from(fired[i].0), i64::from(fired[i].1)).into_object(py));
    poll.fired.set(fired);
    Ok(list?.into_any())
}

// ---------------------------------------------------------------------------
// select.epoll

/// An `epoll` object.
struct Epoll {
    /// The epoll descriptor, -1 once closed.
    epfd: Cell<c_int>,
    /// The event buffer of the last `poll()`, for the next one (moved out
    /// while a `poll()` runs).
    events: Cell<Vec<libc::epoll_event>>,
}
cpython_safe::traverse!(Epoll);

/// `maxevents` when not given, and the most events a kept buffer holds.
const DEFAULT_MAXEVENTS: usize = FdSet::CAPACITY - 1;

impl Epoll {
    fn with_fd(epfd: c_int) -> Epoll {
        Epoll { epfd: Cell::new(epfd), events: Cell::new(Vec::new()) }
    }

    /// The open descriptor, or C's ValueError once closed.
    fn open_fd(&self, py: Python<'_>) -> PyResult<c_int> {
        match self.epfd.get() {
            fd if fd < 0 => Err(exc::value_error(py, "I/O operation on closed epoll object")),
            fd => Ok(fd),
        }
    }

    /// Takes the descriptor, leaving the object closed.
    fn take_fd(&self) -> Option<c_int> {
        let fd = self.epfd.replace(-1);
        (fd >= 0).then_some(fd)
    }
}

impl Drop for Epoll {
    fn drop(&mut self) {
        // As C's dealloc: a failure to close cannot be reported.
        if let Some(fd) = self.take_fd() {
            let _ = os::close(fd);
        }
    }
}

static EPOLL_NEW: cpython_safe::clinic::ArgParser = cpython_safe::clinic::ArgParser::new(&clinic::epoll);

impl PyClass for Epoll {
    type State = State;
    fn module_def() -> &'static cpython_safe::module::ModuleDef<State> {
        &MODULE
    }

    /// `epoll(sizehint=-1, flags=0)`.
    fn new(cls: &PyType, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<Self> {
        let py = cls.py();
        let mut buf = cpython_safe::call::arg_buffer();
        let args = Args::from_tuple(&EPOLL_NEW, args, kwargs, &mut buf)?;
        let sizehint: c_int = args.convert_or(0, -1)?;
        let flags: c_int = args.convert_or(1, 0)?;
        // The size hint is only checked: epoll_create1() takes none.
        if sizehint != -1 && sizehint <= 0 {
            return Err(exc::value_error(py, "negative sizehint"));
        }
        if flags != 0 && flags != libc::EPOLL_CLOEXEC {
            return Err(exc::os_error(py, "invalid flags"));
        }
        let epfd = allow_threads(py, || os::epoll_create1(libc::EPOLL_CLOEXEC)).map_err(|errno| errno.raise(py))?;
        Ok(Epoll::with_fd(epfd))
    }
}

cpython_safe::class! {
    static EPOLL: Epoll = class c"select.epoll" from clinic {
        doc: clinic::pyepoll_doc,
        subclassable: false,
        methods: [
            close = epoll_close,
            fileno = epoll_fileno,
            modify = epoll_modify => epoll_modify,
            register = epoll_register => epoll_register,
            unregister = epoll_unregister => epoll_unregister,
            poll = epoll_poll => epoll_wait,
            __enter__ = epoll___enter__ => epoll_enter,
            __exit__ = epoll___exit__ => epoll_exit,
        ],
        class_methods: [fromfd = epoll_fromfd],
        getters: [closed = closed: Some(clinic::pyepoll_getsetlist__closed)],
    }
}

/// `epoll.fromfd(fd)`: an epoll object owning `fd` (closed with it).
fn fromfd(class: &ClassOf<Epoll>, args: &Args) -> PyResult<Owned> {
    let params::epoll_fromfd { fd } = params::epoll_fromfd::from_args(args)?;
    if fd < 0 {
        // C reports whatever errno the thread has.
        return Err(Errno::last().raise(class.py()));
    }
    EPOLL.instantiate(class, Epoll::with_fd(fd))
}

/// `epoll.close()`: a failure to close is not reported, as in C.
fn close(this: &Instance<Epoll>, _args: &Args) -> PyResult<()> {
    if let Some(fd) = this.value().take_fd() {
        let _ = allow_threads(this.py(), || os::close(fd));
    }
    Ok(())
}

fn closed(this: &Instance<Epoll>) -> PyResult<bool> {
    Ok(this.value().epfd.get() < 0)
}

fn fileno(this: &Instance<Epoll>, _args: &Args) -> PyResult<i64> {
    Ok(this.value().open_fd(this.py())?.into())
}

/// `epoll_ctl()` on this object's descriptor, with the GIL released.
fn control(this: &Instance<Epoll>, op: c_int, fd: c_int, events: u32) -> PyResult<()> {
    let py = this.py();
    let epfd = this.value().open_fd(py)?;
    allow_threads(py, || os::epoll_ctl(epfd, op, fd, events)).map_err(|errno| errno.raise(py))
}

/// `epoll.register(fd, eventmask=EPOLLIN | EPOLLPRI | EPOLLOUT)`.
fn epoll_register(this: &Instance<Epoll>, args: &Args) -> PyResult<()> {
    let FileDescriptor(fd) = args.convert(0)?;
    let default = (libc::EPOLLIN | libc::EPOLLPRI | libc::EPOLLOUT) as u32;
    let BitwiseU32(eventmask) = args.convert_or(1, BitwiseU32(default))?;
    control(this, libc::EPOLL_CTL_ADD, fd, eventmask)
}

fn epoll_modify(this: &Instance<Epoll>, args: &Args) -> PyResult<()> {
    let params::epoll_modify { fd, eventmask } = params::epoll_modify::from_args(args)?;
    control(this, libc::EPOLL_CTL_MOD, fd, eventmask)
}

fn epoll_unregister(this: &Instance<Epoll>, args: &Args) -> PyResult<()> {
    let params::epoll_unregister { fd } = params::epoll_unregister::from_args(args)?;
    control(this, libc::EPOLL_CTL_DEL, fd, 0)
}

/// `epoll.poll(timeout=None, maxevents=-1)`: the timeout in seconds.
fn epoll_wait(this: &Instance<Epoll>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let params::epoll_poll { timeout, maxevents } = params::epoll_poll::from_args(args)?;
    let epoll = this.value();
    epoll.open_fd(py)?;
    let (mut ms, deadline) = match timeout {
        None => (-1, None),
        Some(obj) => {
            // epoll_wait() counts whole milliseconds: rounded up, it waits
            // at least the time asked.
            let ns = timeout_from(obj, timeout::from_seconds_object, "timeout must be an integer or None")?;
            let ms = poll_milliseconds(py, timeout::as_milliseconds(ns, Round::Ceiling))?;
            (ms, (ns >= 0).then(|| Deadline::after(ns)))
        }
    };
    let maxevents = match maxevents {
        -1 => DEFAULT_MAXEVENTS,
        n if n < 1 => return Err(exc::value_error(py, &format!("maxevents must be greater than 0, got {n}"))),
        n => n as usize,
    };

    // Another thread's poll() may have the kept buffer: it then gets a new one.
    let mut events = epoll.events.take();
    if events.capacity() < maxevents {
        events = try_with_capacity(py, maxevents)?;
    }
    let waited = retry_interrupted(py, deadline, |remaining| {
        if let Some(left) = remaining {
            ms = timeout::as_milliseconds(left, Round::Ceiling) as c_int;
        }
        // Read again after a signal: a handler may have closed the object
        // (epoll_wait() then fails with EBADF, as in C).
        let epfd = epoll.epfd.get();
        let events = &mut events;
        allow_threads(py, move || os::epoll_wait(epfd, events, maxevents, ms))
    });
    // After a failure, or once the time is up after a signal, `events` is
    // empty (epoll_wait clears it first).
    let result = waited.and_then(|_| {
        PyList::build(py, events.len(), |i| {
            let event = events[i];
            let mask = event.events;
            (i64::from(os::event_fd(&event)), i64::from(mask)).into_object(py)
        })
    });
    if events.capacity() <= DEFAULT_MAXEVENTS {
        epoll.events.set(events);
    }
    Ok(result?.into_any())
}

fn epoll_enter(this: &Instance<Epoll>, _args: &Args) -> PyResult<Owned> {
    this.value().open_fd(this.py())?;
    Ok(PyAny::to_owned(this))
}

/// `epoll.__exit__(*exc_info)`: `self.close()`.
fn epoll_exit(this: &Instance<Epoll>, _args: &Args) -> PyResult<Owned> {
    let state = this.module_state()?;
    this.call_method(&state.close, &[])
}
