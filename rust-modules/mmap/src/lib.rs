//! `mmap`: a drop-in replacement for CPython's `Modules/mmapmodule.c`
//! (its Unix part).
//!
//! The mapping lives in `cpython_safe::os::mmap::SharedRegion`, which
//! copies bytes in and out with raw-pointer copies and lends a slice only
//! for one search with no Python code running (its documentation says why
//! that is sound with the GIL, exported buffers and maps shared with other
//! processes).  Searches use the `memchr` crate's SIMD `memmem`/`memchr`
//! where C uses fastsearch and libc's `memchr`.
//!
//! Where C's result depends on memory it no longer owns, the module raises
//! instead: an `__index__` that closes or shrinks the map while `m[i] = v`
//! converts `v` makes C write past the mapping; here the index is checked
//! again ("mmap index out of range").  A map closed by an argument's
//! `__index__` during `flush()` or `resize()` gives the `OSError` that C's
//! `msync`/`mremap` of a null address gives (`ENOMEM`, `EFAULT`).
//!
//! What the kernel does is the kernel's, as for C: a file truncated by
//! another process while mapped kills the process with `SIGBUS` when the
//! lost pages are touched (C installs no handler, and neither does this
//! module: `test_rust_mmap` checks that both interpreters die alike), and a
//! map made without `PROT_READ` faults when read.

#![forbid(unsafe_code)]

use std::cell::Cell;
use std::ffi::CStr;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};

use cpython_safe::boundary::allow_threads;
use cpython_safe::buffer::export::{self, PinnedExport};
use cpython_safe::call::{arg_buffer, check_tuple_count, GetargsInt, UnsignedByte};
use cpython_safe::class::seq::{self, ItemAccess, Mapping};
use cpython_safe::class::slots::{self, Repr, WeakrefList};
use cpython_safe::module::ModuleDef;
use cpython_safe::os::mmap::{self as sys, Region, RemapError, SharedRegion};
use cpython_safe::os::Errno;
use cpython_safe::prelude::*;

cpython_safe::clinic_module!();

/// The signatures of what C parses itself (`PyArg_ParseTuple*`): its
/// methods have no docstrings.
#[allow(non_upper_case_globals)]
mod signatures {
    cpython_safe::signatures! {
        mmap_close as close: NoArgs = c"";
        mmap_find as find: Tuple = c"";
        mmap_rfind as rfind: Tuple = c"";
        mmap_flush as flush: Tuple = c"";
        mmap_madvise as madvise: Tuple = c"";
        mmap_read as read: Tuple = c"";
        mmap_read_byte as read_byte: NoArgs = c"";
        mmap_readline as readline: NoArgs = c"";
        mmap_resize as resize: Tuple = c"";
        mmap_seek as seek: Tuple = c"";
        mmap_seekable as seekable: NoArgs = c"";
        mmap_size as size: NoArgs = c"";
        mmap_tell as tell: NoArgs = c"";
        mmap_write as write: Tuple = c"";
        mmap_write_byte as write_byte: Tuple = c"";
        mmap_enter as __enter__: NoArgs = c"";
        mmap_exit as __exit__: Tuple = c"";
    }

    /// `move`, a Rust keyword, written out.
    pub const mmap_move: cpython_safe::clinic::Signature =
        cpython_safe::clinic::Signature { name: c"move", doc: c"", kind: cpython_safe::clinic::CallKind::Tuple };

    cpython_safe::signatures! {
        // `"in|iiiL$p"`, unnamed: errors say "function".
        mmap_new as mmap(fileno, length, flags, prot, access, offset, trackfd) in 2..=6,
            format c"in|iiiL$p", parser MMAP_NEW;
    }
}

struct State {
    mmap_type: Owned<PyType>,
}

cpython_safe::traverse!(State: mmap_type);

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let py = module.py();
        module.add(c"error", exc::OSError(py))?;
        let mmap_type = MMAP.create(module)?;
        module.add_type(&mmap_type)?;
        for &(name, value) in CONSTANTS {
            module.add_int(name, value)?;
        }
        let page_size = sys::page_size();
        module.add_int(c"PAGESIZE", page_size)?;
        module.add_int(c"ALLOCATIONGRANULARITY", page_size)?;
        for (value, name) in ACCESS_NAMES.into_iter().enumerate() {
            module.add_int(name, value as i64)?;
        }
        Ok(State { mmap_type })
    }
}

cpython_safe::module! {
    static MODULE: State = module c"mmap" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [],
    }
}

/// The module's integer constants this platform has, as C adds them.
const CONSTANTS: &[(&CStr, i32)] = &[
    (c"PROT_EXEC", libc::PROT_EXEC),
    (c"PROT_READ", libc::PROT_READ),
    (c"PROT_WRITE", libc::PROT_WRITE),
    (c"MAP_SHARED", libc::MAP_SHARED),
    (c"MAP_PRIVATE", libc::MAP_PRIVATE),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"MAP_DENYWRITE", libc::MAP_DENYWRITE),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"MAP_EXECUTABLE", libc::MAP_EXECUTABLE),
    (c"MAP_ANON", libc::MAP_ANONYMOUS),
    (c"MAP_ANONYMOUS", libc::MAP_ANONYMOUS),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"MAP_POPULATE", libc::MAP_POPULATE),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"MAP_STACK", libc::MAP_STACK),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"MAP_NORESERVE", libc::MAP_NORESERVE),
    #[cfg(all(any(target_os = "linux", target_os = "android"), target_arch = "x86_64"))]
    (c"MAP_32BIT", libc::MAP_32BIT),
    (c"MADV_NORMAL", libc::MADV_NORMAL),
    (c"MADV_RANDOM", libc::MADV_RANDOM),
    (c"MADV_SEQUENTIAL", libc::MADV_SEQUENTIAL),
    (c"MADV_WILLNEED", libc::MADV_WILLNEED),
    (c"MADV_DONTNEED", libc::MADV_DONTNEED),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"MADV_REMOVE", libc::MADV_REMOVE),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"MADV_DONTFORK", libc::MADV_DONTFORK),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"MADV_DOFORK", libc::MADV_DOFORK),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"MADV_HWPOISON", libc::MADV_HWPOISON),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"MADV_MERGEABLE", libc::MADV_MERGEABLE),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"MADV_UNMERGEABLE", libc::MADV_UNMERGEABLE),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"MADV_HUGEPAGE", libc::MADV_HUGEPAGE),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"MADV_NOHUGEPAGE", libc::MADV_NOHUGEPAGE),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"MADV_DONTDUMP", libc::MADV_DONTDUMP),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"MADV_DODUMP", libc::MADV_DODUMP),
    #[cfg(any(target_os = "linux", target_os = "android"))]
    (c"MADV_FREE", libc::MADV_FREE),
];

/// C's `access_mode`, in its order (the constants' values).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    Default,
    Read,
    Write,
    Copy,
}

const ACCESS_NAMES: [&CStr; 4] = [c"ACCESS_DEFAULT", c"ACCESS_READ", c"ACCESS_WRITE", c"ACCESS_COPY"];

const CLOSED: &str = "mmap closed or invalid";

/// An `mmap.mmap` instance.
struct Mmap {
    region: SharedRegion,
    /// The position, relative to `offset` (past the end after a shrink).
    pos: Cell<usize>,
    offset: i64,
    /// The duplicated descriptor (with `trackfd`, for a file), closed by
    /// `close()`; see `with_fd`.
    fd: Cell<Option<OwnedFd>>,
    trackfd: bool,
    access: Access,
    weakrefs: WeakrefList,
}

cpython_safe::traverse!(Mmap);

impl Mmap {
    /// C's `CHECK_VALID`.
    #[inline(always)]
    fn check_valid(&self, py: Python<'_>) -> PyResult<()> {
        if self.region.is_open() {
            Ok(())
        } else {
            Err(exc::value_error(py, CLOSED))
        }
    }

    /// C's `is_writable`.
    #[inline(always)]
    fn check_writable(&self, py: Python<'_>) -> PyResult<()> {
        if self.access == Access::Read {
            return Err(exc::type_error(py, "mmap can't modify a readonly memory map."));
        }
        Ok(())
    }

    /// C's `is_resizeable`.
    fn check_resizeable(&self, py: Python<'_>) -> PyResult<()> {
        if self.region.exports() > 0 {
            return Err(exc::buffer_error(py, "mmap can't resize with extant buffers exported."));
        }
        if !self.trackfd {
            return Err(exc::value_error(py, "mmap can't resize with trackfd=False."));
        }
        if !matches!(self.access, Access::Write | Access::Default) {
            return Err(exc::type_error(py, "mmap can't resize a readonly or copy-on-write memory map."));
        }
        Ok(())
    }

    fn size(&self) -> usize {
        self.region.len()
    }

    /// The bytes left after the position (none past the end).
    fn remaining(&self) -> usize {
        self.size().saturating_sub(self.pos.get())
    }

    /// `work` given the descriptor, if any (C's `fd`, -1 for none).  The
    /// cell keeps the object as small as C's; `work` runs no Python code.
    fn with_fd<R>(&self, work: impl FnOnce(Option<&OwnedFd>) -> R) -> R {
        let fd = self.fd.take();
        let result = work(fd.as_ref());
        self.fd.set(fd);
        result
    }

    /// A `bytes` copy of `range` of the map, which the caller checked (an
    /// empty one may start past the end, at a position left by a shrink).
    fn bytes(&self, py: Python<'_>, range: std::ops::Range<usize>) -> PyResult<Owned> {
        if range.is_empty() {
            return Ok(PyBytes::new(py, b"")?.into_any());
        }
        match export::copy_pinned(py, &self.region, range) {
            Some(bytes) => Ok(bytes?.into_any()),
            None => Err(exc::value_error(py, CLOSED)),
        }
    }
}

impl PyClass for Mmap {
    type State = State;

    fn module_def() -> &'static ModuleDef<State> {
        &MODULE
    }

    fn new(cls: &PyType, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<Self> {
        let py = cls.py();
        let mut buffer = arg_buffer();
        let args = Args::from_tuple(&signatures::MMAP_NEW, args, kwargs, &mut buffer)?;
        let GetargsInt(fd) = args.convert(0)?;
        let map_size: isize = args.convert(1)?;
        let GetargsInt(mut flags) = args.convert_or(2, GetargsInt(libc::MAP_SHARED))?;
        let GetargsInt(mut prot) = args.convert_or(3, GetargsInt(libc::PROT_READ | libc::PROT_WRITE))?;
        let GetargsInt(access) = args.convert_or(4, GetargsInt(Access::Default as i32))?;
        // `off_t` is a C long here, as `_Py_PARSE_OFF_T` says ("l"); a
        // no-op conversion where a long is 64 bits.
        #[allow(clippy::useless_conversion)]
        let offset: i64 = args.get(5).map_or(Ok(0), PyAny::to_c_long)?.into();
        let trackfd: bool = args.convert_or(6, true)?;
        if map_size < 0 {
            return Err(exc::overflow_error(py, "memory mapped length must be positive"));
        }
        if offset < 0 {
            return Err(exc::overflow_error(py, "memory mapped offset must be positive"));
        }
        let read_write = libc::PROT_READ | libc::PROT_WRITE;
        if access != Access::Default as i32 && (flags != libc::MAP_SHARED || prot != read_write) {
            return Err(exc::value_error(py, "mmap can't specify both access and flags, prot."));
        }
        let access = match access {
            1 => {
                (flags, prot) = (libc::MAP_SHARED, libc::PROT_READ);
                Access::Read
            }
            2 => {
                (flags, prot) = (libc::MAP_SHARED, read_write);
                Access::Write
            }
            3 => {
                (flags, prot) = (libc::MAP_PRIVATE, read_write);
                Access::Copy
            }
            0 if prot & read_write == read_write => Access::Default,
            0 if prot & libc::PROT_WRITE != 0 => Access::Write,
            0 => Access::Read,
            _ => return Err(exc::value_error(py, "mmap invalid access parameter.")),
        };
        cpython_safe::sys::audit(py, c"mmap.__new__", (fd, map_size, access as i32, offset))?;
        let map_size = if fd != -1 { checked_file_size(py, fd, map_size, offset)? } else { map_size as usize };
        let own_fd = if fd == -1 {
            flags |= libc::MAP_ANONYMOUS;
            None
        } else if trackfd {
            Some(sys::dup_noninheritable(fd).map_err(|errno| errno.raise(py))?)
        } else {
            None
        };
        let region = allow_threads(py, || Region::map(map_size, prot, flags, fd, offset)).map_err(|errno| errno.raise(py))?;
        Ok(Mmap {
            region: SharedRegion::new(region),
            pos: Cell::new(0),
            offset,
            fd: Cell::new(own_fd),
            trackfd,
            access,
            weakrefs: WeakrefList::default(),
        })
    }

    // C's type is tracked (a subclass instance can be in a cycle) and has
    // no tp_clear.
    const HAS_GC: bool = true;
    const CLEARED_BY_GC: bool = false;

    const EXTRA_SLOTS: &'static [&'static [Slot<Self>]] = &[
        &seq::sequence_items::<Mmap>(),
        &seq::mapping::<Mmap>(),
        &export::pinned_slots::<Mmap>(),
        &[slots::repr::<Mmap>(), slots::members(&MMAP_MEMBERS)],
    ];
    const EXTRA_FLAGS: TypeFlags = TypeFlags::IMMUTABLE;
    /// C's `sizeof(mmap_object)` on 64-bit platforms.
    const BASIC_SIZE: Option<usize> = if cfg!(target_pointer_width = "64") { Some(80) } else { None };
}

/// The length to map of a regular file (`map_size`, or the rest of the
/// file after `offset` for 0), with C's checks; other descriptors (and a
/// failing `fstat`) leave the length to `mmap` itself.
fn checked_file_size(py: Python<'_>, fd: RawFd, map_size: isize, offset: i64) -> PyResult<usize> {
    let file_size = match allow_threads(py, || sys::fstat(fd)) {
        Ok(status) if status.st_mode & libc::S_IFMT == libc::S_IFREG => status.st_size,
        _ => return Ok(map_size as usize),
    };
    if map_size == 0 {
        if file_size == 0 {
            return Err(exc::value_error(py, "cannot mmap an empty file"));
        }
        if offset >= file_size {
            return Err(exc::value_error(py, "mmap offset is greater than file size"));
        }
        return usize::try_from(file_size - offset)
            .ok()
            .filter(|&size| size <= isize::MAX as usize)
            .ok_or_else(|| exc::value_error(py, "mmap length is too large"));
    }
    if offset > file_size || file_size - offset < map_size as i64 {
        return Err(exc::value_error(py, "mmap length is greater than file size"));
    }
    Ok(map_size as usize)
}

static MMAP_MEMBERS: slots::Members<Mmap> = cpython_safe::weakref_members!(Mmap, weakrefs);

cpython_safe::class! {
    static MMAP: Mmap = class c"mmap.mmap" from signatures {
        doc: clinic::mmap_doc,
        subclassable: true,
        methods: [
            close = mmap_close => close,
            find = mmap_find => find,
            rfind = mmap_rfind => rfind,
            flush = mmap_flush => flush,
            madvise = mmap_madvise => madvise,
            move_ = mmap_move => move_bytes,
            read = mmap_read => read,
            read_byte = mmap_read_byte => read_byte,
            readline = mmap_readline => readline,
            resize = mmap_resize => resize,
            seek = mmap_seek => seek,
            seekable = mmap_seekable => seekable,
            size = mmap_size => size,
            tell = mmap_tell => tell,
            write = mmap_write => write,
            write_byte = mmap_write_byte => write_byte,
            __enter__ = mmap_enter => enter,
            __exit__ = mmap_exit => exit,
        ],
        getters: [
            closed = get_closed: None,
        ],
    }
}

fn get_closed(this: &Instance<Mmap>) -> PyResult<bool> {
    Ok(!this.value().region.is_open())
}

fn close(this: &Instance<Mmap>, _args: &Args) -> PyResult<()> {
    let py = this.py();
    let map = this.value();
    let region = match map.region.take() {
        Ok(region) => region,
        Err(_) => return Err(exc::buffer_error(py, "cannot close exported pointers exist")),
    };
    let fd = map.fd.take();
    if region.is_some() || fd.is_some() {
        allow_threads(py, move || drop((fd, region)));
    }
    Ok(())
}

fn enter(this: &Instance<Mmap>, _args: &Args) -> PyResult<Owned> {
    this.value().check_valid(this.py())?;
    Ok(PyAny::to_owned(this))
}

fn exit(this: &Instance<Mmap>, args: &Args) -> PyResult<()> {
    close(this, args)
}

fn read_byte(this: &Instance<Mmap>, _args: &Args) -> PyResult<i64> {
    let py = this.py();
    let map = this.value();
    map.check_valid(py)?;
    let pos = map.pos.get();
    if pos >= map.size() {
        return Err(exc::value_error(py, "read byte out of range"));
    }
    let byte = map.region.byte(pos).ok_or_else(|| exc::value_error(py, CLOSED))?;
    map.pos.set(pos + 1);
    Ok(byte.into())
}

fn readline(this: &Instance<Mmap>, _args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let map = this.value();
    map.check_valid(py)?;
    let (pos, size) = (map.pos.get(), map.size());
    if map.remaining() == 0 {
        return Ok(PyBytes::new(py, b"")?.into_any());
    }
    let line_len = map
        .region
        .read(pos..size, line_length)
        .ok_or_else(|| exc::value_error(py, CLOSED))?;
    let line = map.bytes(py, pos..pos + line_len)?;
    map.pos.set(pos + line_len);
    Ok(line)
}

/// The length of the line that starts `rest`, its newline included.
fn line_length(rest: &[u8]) -> usize {
    // A first look at a short window: memchr's AVX2 loop reads 128 bytes
    // a round, more than most lines take (libc's memchr is as fast on them).
    const WINDOW: usize = 64;
    let (head, tail) = rest.split_at(rest.len().min(WINDOW));
    match memchr::memchr(b'\n', head) {
        Some(newline) => newline + 1,
        None => memchr::memchr(b'\n', tail).map_or(rest.len(), |newline| head.len() + newline + 1),
    }
}

fn read(this: &Instance<Mmap>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let map = this.value();
    map.check_valid(py)?;
    check_tuple_count(py, "read", args.len(), 0, 1)?;
    let requested: Option<isize> = args.convert_or(0, None)?;
    map.check_valid(py)?;
    // Out-of-range requests are silently adjusted, as C does.
    let remaining = map.remaining();
    let count = match requested {
        Some(count) if count >= 0 && count as usize <= remaining => count as usize,
        _ => remaining,
    };
    let pos = map.pos.get();
    let data = map.bytes(py, pos..pos + count)?;
    map.pos.set(pos + count);
    Ok(data)
}

/// `find` and `rfind`: C's `mmap_gfind`.
fn search(this: &Instance<Mmap>, args: &Args, name: &str, reverse: bool) -> PyResult<i64> {
    let py = this.py();
    let map = this.value();
    // The defaults are read before the arguments' conversions.
    let (default_start, default_end) = (map.pos.get() as isize, map.size() as isize);
    map.check_valid(py)?;
    check_tuple_count(py, name, args.len(), 1, 3)?;
    let needle: BytesLike = args.convert(0)?;
    let start: isize = args.convert_or(1, default_start)?;
    let end: isize = args.convert_or(2, default_end)?;
    let size = map.size() as isize;
    let clamp = |index: isize| if index < 0 { (index + size).max(0) } else { index.min(size) };
    let (start, end) = (clamp(start), clamp(end));
    map.check_valid(py)?;
    if end < start {
        return Ok(-1);
    }
    let found = map
        .region
        .read_with(start as usize..end as usize, &needle, |haystack, needle| {
            if reverse {
                memchr::memmem::rfind(haystack, needle)
            } else {
                memchr::memmem::find(haystack, needle)
            }
        })
        .ok_or_else(|| exc::value_error(py, CLOSED))?;
    Ok(found.map_or(-1, |at| (start + at as isize) as i64))
}

fn find(this: &Instance<Mmap>, args: &Args) -> PyResult<i64> {
    search(this, args, "find", false)
}

fn rfind(this: &Instance<Mmap>, args: &Args) -> PyResult<i64> {
    search(this, args, "rfind", true)
}

fn write(this: &Instance<Mmap>, args: &Args) -> PyResult<i64> {
    let py = this.py();
    let map = this.value();
    map.check_valid(py)?;
    check_tuple_count(py, "write", args.len(), 1, 1)?;
    let data: BytesLike = args.convert(0)?;
    map.check_writable(py)?;
    let pos = map.pos.get();
    if pos > map.size() || map.size() - pos < data.len() {
        return Err(exc::value_error(py, "data out of range"));
    }
    map.region.write_held(pos, &data).ok_or_else(|| exc::value_error(py, CLOSED))?;
    map.pos.set(pos + data.len());
    Ok(data.len() as i64)
}

fn write_byte(this: &Instance<Mmap>, args: &Args) -> PyResult<()> {
    let py = this.py();
    let map = this.value();
    map.check_valid(py)?;
    check_tuple_count(py, "write_byte", args.len(), 1, 1)?;
    let UnsignedByte(value) = args.convert(0)?;
    map.check_writable(py)?;
    map.check_valid(py)?;
    let pos = map.pos.get();
    if pos >= map.size() {
        return Err(exc::value_error(py, "write byte out of range"));
    }
    map.region.set_byte(pos, value).ok_or_else(|| exc::value_error(py, CLOSED))?;
    map.pos.set(pos + 1);
    Ok(())
}

fn size(this: &Instance<Mmap>, _args: &Args) -> PyResult<i64> {
    let py = this.py();
    let map = this.value();
    map.check_valid(py)?;
    let status = map.with_fd(|fd| sys::fstat(fd.map_or(-1, AsRawFd::as_raw_fd)));
    status.map(|status| status.st_size).map_err(|errno| errno.raise(py))
}

fn resize(this: &Instance<Mmap>, args: &Args) -> PyResult<()> {
    let py = this.py();
    let map = this.value();
    map.check_valid(py)?;
    check_tuple_count(py, "resize", args.len(), 1, 1)?;
    let new_size: isize = args.convert(0)?;
    map.check_resizeable(py)?;
    if new_size < 0 || ((isize::MAX - new_size) as i64) < map.offset {
        return Err(exc::value_error(py, "new size out of range"));
    }
    if !cfg!(any(target_os = "linux", target_os = "android")) {
        return Err(exc::system_error(py, "mmap: resizing not available--no mremap()"));
    }
    let truncated = map.with_fd(|fd| fd.map_or(Ok(()), |fd| sys::ftruncate(fd, map.offset + new_size as i64)));
    truncated.map_err(|errno| errno.raise(py))?;
    match map.region.remap(new_size as usize) {
        Ok(()) => Ok(()),
        Err(RemapError::Exported) => Err(exc::buffer_error(py, "mmap can't resize with extant buffers exported.")),
        // C's mremap of the null address a closed map has.
        Err(RemapError::Closed) => Err(Errno(libc::EFAULT).raise(py)),
        Err(RemapError::Os(errno)) => Err(errno.raise(py)),
    }
}

fn tell(this: &Instance<Mmap>, _args: &Args) -> PyResult<i64> {
    let map = this.value();
    map.check_valid(this.py())?;
    Ok(map.pos.get() as i64)
}

fn flush(this: &Instance<Mmap>, args: &Args) -> PyResult<()> {
    let py = this.py();
    let map = this.value();
    let default_size = map.size() as isize;
    map.check_valid(py)?;
    check_tuple_count(py, "flush", args.len(), 0, 2)?;
    let offset: isize = args.convert_or(0, 0)?;
    let size: isize = args.convert_or(1, default_size)?;
    if size < 0 || offset < 0 || (map.size() as isize) - offset < size {
        return Err(exc::value_error(py, "flush values out of range"));
    }
    if matches!(map.access, Access::Read | Access::Copy) {
        return Ok(());
    }
    // C's msync of a closed map's null address fails with ENOMEM.
    let synced = map.region.sync(offset as usize, size as usize).unwrap_or(Err(Errno(libc::ENOMEM)));
    synced.map_err(|errno| errno.raise(py))
}

fn seek(this: &Instance<Mmap>, args: &Args) -> PyResult<i64> {
    let py = this.py();
    let map = this.value();
    map.check_valid(py)?;
    check_tuple_count(py, "seek", args.len(), 1, 2)?;
    let distance: isize = args.convert(0)?;
    let GetargsInt(whence) = args.convert_or(1, GetargsInt(0))?;
    let size = map.size() as isize;
    let target = match whence {
        0 => Some(distance),
        1 => (map.pos.get() as isize).checked_add(distance),
        2 => size.checked_add(distance),
        _ => return Err(exc::value_error(py, "unknown seek type")),
    };
    match target {
        Some(target) if (0..=size).contains(&target) => {
            map.pos.set(target as usize);
            Ok(target as i64)
        }
        _ => Err(exc::value_error(py, "seek out of range")),
    }
}

fn seekable(_this: &Instance<Mmap>, _args: &Args) -> PyResult<bool> {
    Ok(true)
}

fn move_bytes(this: &Instance<Mmap>, args: &Args) -> PyResult<()> {
    let py = this.py();
    let map = this.value();
    map.check_valid(py)?;
    check_tuple_count(py, "move", args.len(), 3, 3)?;
    let dest: isize = args.convert(0)?;
    let src: isize = args.convert(1)?;
    let count: isize = args.convert(2)?;
    map.check_writable(py)?;
    let size = map.size() as isize;
    if dest < 0 || src < 0 || count < 0 || size - dest < count || size - src < count {
        return Err(exc::value_error(py, "source, destination, or count out of range"));
    }
    map.check_valid(py)?;
    map.region
        .copy_within(src as usize, dest as usize, count as usize)
        .ok_or_else(|| exc::value_error(py, CLOSED))
}

fn madvise(this: &Instance<Mmap>, args: &Args) -> PyResult<()> {
    let py = this.py();
    let map = this.value();
    map.check_valid(py)?;
    let default_length = map.size() as isize;
    check_tuple_count(py, "madvise", args.len(), 1, 3)?;
    let GetargsInt(option) = args.convert(0)?;
    let start: isize = args.convert_or(1, 0)?;
    let mut length: isize = args.convert_or(2, default_length)?;
    let size = map.size() as isize;
    if start < 0 || start >= size {
        return Err(exc::value_error(py, "madvise start out of bounds"));
    }
    if length < 0 {
        return Err(exc::value_error(py, "madvise length invalid"));
    }
    if isize::MAX - start < length {
        return Err(exc::overflow_error(py, "madvise length too large"));
    }
    length = length.min(size - start);
    map.check_valid(py)?;
    let advised = map.region.advise(start as usize, length as usize, option).ok_or_else(|| exc::value_error(py, CLOSED))?;
    advised.map_err(|errno| errno.raise(py))
}

impl Repr for Mmap {
    fn repr(this: &Instance<Self>) -> PyResult<Owned> {
        let py = this.py();
        let map = this.value();
        let name = this.get_type().name().to_string_lossy();
        let text = if map.region.is_open() {
            let access = ACCESS_NAMES[map.access as usize].to_string_lossy();
            let (length, pos, offset) = (map.size(), map.pos.get(), map.offset);
            format!("<{name} closed=False, access={access}, length={length}, pos={pos}, offset={offset}>")
        } else {
            format!("<{name} closed=True>")
        };
        Ok(PyStr::new(py, &text)?.into_any())
    }
}

// ---- the sequence and mapping protocols ----

const INDEX_OUT_OF_RANGE: &str = "mmap index out of range";

impl ItemAccess for Mmap {
    fn len(this: &Instance<Self>) -> PyResult<usize> {
        let map = this.value();
        map.check_valid(this.py())?;
        Ok(map.size())
    }

    /// `m[i]` for C callers (and iteration): a length-1 `bytes`.
    fn item(this: &Instance<Self>, index: isize) -> PyResult<Owned> {
        let py = this.py();
        let map = this.value();
        map.check_valid(py)?;
        if index < 0 || index as usize >= map.size() {
            return Err(exc::index_error(py, INDEX_OUT_OF_RANGE));
        }
        let byte = map.region.byte(index as usize).ok_or_else(|| exc::value_error(py, CLOSED))?;
        Ok(PyBytes::new(py, &[byte])?.into_any())
    }

    fn ass_item(this: &Instance<Self>, index: isize, value: Option<&PyAny>) -> PyResult<()> {
        let py = this.py();
        let map = this.value();
        map.check_valid(py)?;
        if index < 0 || index as usize >= map.size() {
            return Err(exc::index_error(py, INDEX_OUT_OF_RANGE));
        }
        let Some(value) = value else {
            return Err(exc::type_error(py, "mmap object doesn't support item deletion"));
        };
        let byte = match value.downcast::<PyBytes>().map(|bytes| bytes.as_bytes()) {
            Some(&[byte]) => byte,
            _ => return Err(exc::index_error(py, "mmap assignment must be length-1 bytes()")),
        };
        map.check_writable(py)?;
        map.region.set_byte(index as usize, byte).ok_or_else(|| exc::value_error(py, CLOSED))
    }
}

/// An index as C's subscripts take it: `__index__` (IndexError when it
/// does not fit), counted from the end when negative; `None` out of range.
fn item_index(map: &Mmap, key: &PyAny) -> PyResult<Option<usize>> {
    let mut index = key.to_ssize_raising(exc::IndexError(key.py()))?;
    let size = map.size() as isize;
    if index < 0 {
        index += size;
    }
    Ok((0..size).contains(&index).then_some(index as usize))
}

impl Mapping for Mmap {
    fn subscript(this: &Instance<Self>, key: &PyAny) -> PyResult<Owned> {
        let py = this.py();
        let map = this.value();
        map.check_valid(py)?;
        if key.has_index() {
            let index = item_index(map, key)?.ok_or_else(|| exc::index_error(py, INDEX_OUT_OF_RANGE))?;
            map.check_valid(py)?;
            let byte = map.region.byte(index).ok_or_else(|| exc::value_error(py, CLOSED))?;
            return Ok(PyInt::from_i64(py, byte.into())?.into_any());
        }
        if !key.is_slice() {
            return Err(exc::type_error(py, "mmap indices must be integers"));
        }
        let (start, _stop, step, length) = key.slice_indices(|| map.size())?;
        map.check_valid(py)?;
        if length == 0 {
            return Ok(PyBytes::new(py, b"")?.into_any());
        }
        if step == 1 {
            return map.bytes(py, start as usize..start as usize + length);
        }
        let gathered = PyBytes::new_with(py, length, |out| {
            map.region.gather(start as usize, step, out).ok_or_else(|| exc::value_error(py, CLOSED))?;
            Ok(out.len())
        })?;
        Ok(gathered.into_any())
    }

    fn ass_subscript(this: &Instance<Self>, key: &PyAny, value: Option<&PyAny>) -> PyResult<()> {
        let py = this.py();
        let map = this.value();
        map.check_valid(py)?;
        map.check_writable(py)?;
        if key.has_index() {
            let index = item_index(map, key)?.ok_or_else(|| exc::index_error(py, INDEX_OUT_OF_RANGE))?;
            let Some(value) = value else {
                return Err(exc::type_error(py, "mmap doesn't support item deletion"));
            };
            if !value.has_index() {
                return Err(exc::type_error(py, "mmap item value must be an int"));
            }
            let byte = value.to_ssize_raising(exc::TypeError(py))?;
            let byte = u8::try_from(byte).map_err(|_| exc::value_error(py, "mmap item value must be in range(0, 256)"))?;
            map.check_valid(py)?;
            // The value's __index__ may have shrunk the map (C would write
            // past its end).
            if index >= map.size() {
                return Err(exc::index_error(py, INDEX_OUT_OF_RANGE));
            }
            return map.region.set_byte(index, byte).ok_or_else(|| exc::value_error(py, CLOSED));
        }
        if !key.is_slice() {
            return Err(exc::type_error(py, "mmap indices must be integer"));
        }
        let (start, _stop, step, length) = key.slice_indices(|| map.size())?;
        let Some(value) = value else {
            return Err(exc::type_error(py, "mmap object doesn't support slice deletion"));
        };
        let data = BytesLike::new(value)?;
        if data.len() != length {
            return Err(exc::index_error(py, "mmap slice assignment is wrong size"));
        }
        map.check_valid(py)?;
        let written = match length {
            0 => Some(()),
            _ if step == 1 => map.region.write_held(start as usize, &data),
            _ => map.region.write_strided(start as usize, step, &data),
        };
        written.ok_or_else(|| exc::value_error(py, CLOSED))
    }
}

impl PinnedExport for Mmap {
    type Bytes = SharedRegion;

    fn pinned(this: &Instance<Self>) -> &SharedRegion {
        &this.value().region
    }

    fn readonly(this: &Instance<Self>) -> bool {
        this.value().access == Access::Read
    }

    fn unavailable(this: &Instance<Self>) -> PyErr {
        exc::value_error(this.py(), CLOSED)
    }
}
