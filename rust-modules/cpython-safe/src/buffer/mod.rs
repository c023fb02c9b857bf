//! The buffer protocol, consumer side.

pub mod export;

use core::cell::Cell;
use core::marker::PhantomData;

use crate::boundary::{PyErr, PyResult};
use crate::ffi;
use crate::object::{PyAny, PyBytes};
use crate::boundary::Python;

/// Bytes lent by a buffer's exporter (or by an immutable object), valid
/// for `'v`.
///
/// # Soundness
/// A `bytearray`, an `array`, a `memoryview`... can be written by Python
/// code while their buffer is held (only their size is locked), so a Rust
/// `&[u8]` over them must not live while Python code can run.  Python code
/// runs only on a thread that holds the GIL and calls into the interpreter,
/// which needs the thread-state token or an object.  Hence the two ways
/// to read:
///
/// * [`read`](Self::read) lends `&[u8]` to a `Send` closure, which can
///   hold neither the token nor an object: nothing runs Python code while
///   the slice lives, and no other thread can (this thread holds the GIL;
///   free-threaded builds are refused by configure and by this crate).
/// * [`read_releasing_gil`](Self::read_releasing_gil) releases the GIL
///   around such a closure when the bytes are immutable (a `bytes` object,
///   an ASCII `str`): other threads then run, but none can change them.  A
///   mutable exporter is read with the GIL held instead (C releases it for
///   any exporter, and reads bytes that another thread may be writing).
///
/// Code that creates objects between its reads (`struct.unpack`) copies
/// each field out with its own `read`, as C reads each field in place.
pub struct HeldBytes<'v> {
    data: *const u8,
    len: usize,
    /// Whether no code can change the bytes while they are lent.
    immutable: bool,
    _lent: PhantomData<&'v [u8]>,
}

impl<'v> HeldBytes<'v> {
    /// The bytes of a slice that no Python code can change (a `bytes`
    /// object's, an ASCII `str`'s).
    #[inline(always)]
    fn immutable(data: &'v [u8]) -> Self {
        HeldBytes { data: data.as_ptr(), len: data.len(), immutable: true, _lent: PhantomData }
    }

    /// The bytes of a filled view, valid until the view is released.
    #[inline(always)]
    fn of_view(view: &ffi::Py_buffer) -> Self {
        HeldBytes { data: view.buf as *const u8, len: view.len as usize, immutable: false, _lent: PhantomData }
    }

    /// The number of bytes (an exporter cannot resize while its buffer is held).
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The address of the bytes, for layer code that copies them without
    /// making a reference (a source that may alias the destination).
    #[inline(always)]
    pub(crate) fn as_ptr(&self) -> *const u8 {
        self.data
    }

    /// The bytes as a slice, for layer code that can show that nothing
    /// writes them while the slice lives: no Python code runs (see the type).
    #[inline(always)]
    pub(crate) fn slice(&self) -> &[u8] {
        if self.len == 0 {
            return &[];
        }
        // SAFETY: `len` readable bytes at `data` for 'v (an immutable
        // object's, or an exporter's until its view is released, which
        // happens after 'v ends); callers keep writers out while the slice
        // lives (see the type).
        unsafe { core::slice::from_raw_parts(self.data, self.len) }
    }

    /// `read` applied to the bytes; it can run no Python code (see the type).
    #[inline(always)]
    pub fn read<R>(&self, read: impl FnOnce(&[u8]) -> R + Send) -> R {
        read(self.slice())
    }

    /// As [`read`](Self::read), with the GIL released when the bytes are
    /// immutable and at least `threshold` long (see the type).
    #[inline]
    pub fn read_releasing_gil<R: Send>(&self, py: Python<'_>, threshold: usize, read: impl FnOnce(&[u8]) -> R + Send) -> R {
        let bytes = self.slice();
        if self.immutable && bytes.len() >= threshold {
            crate::boundary::allow_threads(py, || read(bytes))
        } else {
            read(bytes)
        }
    }

    /// As [`read_releasing_gil`](Self::read_releasing_gil), for work on an
    /// object's state kept behind a per-object lock (C's `ENTER_HASHLIB`,
    /// zlib's `ENTER_ZLIB`): the lock is taken without the GIL when the GIL
    /// is released, else as [`lock_detached`](crate::boundary::lock_detached)
    /// takes it, so concurrent calls on one object run one after another.
    #[inline]
    pub fn read_locked<T: Send, R: Send>(
        &self,
        py: Python<'_>,
        threshold: usize,
        state: &std::sync::Mutex<T>,
        work: impl FnOnce(&mut T, &[u8]) -> R + Send,
    ) -> R {
        let bytes = self.slice();
        if self.immutable && bytes.len() >= threshold {
            crate::boundary::allow_threads(py, || work(&mut crate::boundary::lock_released(state), bytes))
        } else {
            work(&mut crate::boundary::lock_detached(py, state), bytes)
        }
    }
}

/// The bytes of a bytes-like object, for as long as this value lives.
///
/// `bytes` itself is borrowed directly (it is immutable and the caller keeps
/// it alive); any other exporter is asked for a simple contiguous buffer,
/// released on drop.  While the buffer is held the exporter cannot resize
/// (a `bytearray` raises `BufferError`).  As with [`HeldBytes`], read the
/// bytes after the other arguments' conversions, which may run Python code.
pub struct BytesLike<'a> {
    bytes: HeldBytes<'a>,
    // Boxed so the Py_buffer never moves between getbuffer and release.
    view: Option<Box<ffi::Py_buffer>>,
}

impl<'a> BytesLike<'a> {
    /// `PyObject_GetBuffer(obj, PyBUF_SIMPLE)`: "a bytes-like object is
    /// required, not 'str'" for anything else.
    #[inline]
    pub fn new(obj: &'a PyAny) -> PyResult<Self> {
        if let Some(bytes) = exact_bytes(obj) {
            return Ok(BytesLike { bytes: HeldBytes::immutable(bytes.as_bytes()), view: None });
        }
        Self::from_exporter(obj)
    }

    /// Borrowed bytes (e.g. the characters of an ASCII `str`) that no
    /// Python code can change and that stay valid for `'a`.
    #[inline(always)]
    pub fn borrowed(data: &'a [u8]) -> Self {
        BytesLike { bytes: HeldBytes::immutable(data), view: None }
    }

    fn from_exporter(obj: &'a PyAny) -> PyResult<Self> {
        // SAFETY: Py_buffer is plain data, filled in by the exporter.
        let mut view: Box<ffi::Py_buffer> = Box::new(unsafe { core::mem::zeroed() });
        // SAFETY: a live object and a writable view; PyBUF_SIMPLE asks for
        // `len` contiguous bytes at `buf`, valid until the view is released
        // in Drop.
        if unsafe { ffi::PyObject_GetBuffer(obj.as_ptr(), &mut *view, ffi::PyBUF_SIMPLE as i32) } != 0 {
            return Err(PyErr::fetched());
        }
        Ok(BytesLike { bytes: HeldBytes::of_view(&view), view: Some(view) })
    }


    /// The size of the exporter's items (1 for bytes; an `array('i')` says 4).
    #[inline]
    pub fn itemsize(&self) -> usize {
        self.view.as_ref().map_or(1, |view| view.itemsize as usize)
    }
}

impl<'a> core::ops::Deref for BytesLike<'a> {
    type Target = HeldBytes<'a>;
    #[inline(always)]
    fn deref(&self) -> &HeldBytes<'a> {
        &self.bytes
    }
}

impl Drop for BytesLike<'_> {
    fn drop(&mut self) {
        if let Some(view) = self.view.as_mut() {
            // SAFETY: the view was filled by a successful PyObject_GetBuffer
            // and is released exactly once.
            unsafe { ffi::PyBuffer_Release(&mut **view as *mut ffi::Py_buffer) };
        }
    }
}

/// Whether `obj`'s type exports buffers (`PyObject_CheckBuffer`), without
/// asking it for one: C modules check this first to raise their own
/// TypeError (zlib's "zdict argument must support the buffer protocol",
/// hashlib's "object supporting the buffer API required").
#[inline]
pub fn supports_buffer(obj: &PyAny) -> bool {
    // SAFETY: a live object; the call only reads its type's buffer slot.
    unsafe { ffi::PyObject_CheckBuffer(obj.as_ptr()) != 0 }
}

/// `obj` as a `bytes` object if it is exactly one: immutable, so its bytes
/// are read directly (any other object goes through the buffer protocol,
/// whose exporter may run Python code).
#[inline(always)]
fn exact_bytes(obj: &PyAny) -> Option<&PyBytes> {
    // SAFETY: a live object.
    if unsafe { ffi::PyBytes_CheckExact(obj.as_ptr()) } {
        obj.downcast::<PyBytes>()
    } else {
        None
    }
}

/// `body` applied to the bytes of a bytes-like object: `bytes` directly,
/// any other exporter through a `PyBUF_SIMPLE` view held on this stack
/// frame for the call (no allocation, unlike [`BytesLike`]), with
/// `BytesLike::new`'s errors.  The body may convert further arguments
/// (running Python code) before it reads the bytes, as C does.
#[inline]
pub fn with_bytes<R>(obj: &PyAny, body: impl FnOnce(&HeldBytes<'_>) -> PyResult<R>) -> PyResult<R> {
    if let Some(bytes) = exact_bytes(obj) {
        return body(&HeldBytes::immutable(bytes.as_bytes()));
    }
    let mut view = core::mem::MaybeUninit::<ffi::Py_buffer>::uninit();
    // SAFETY: a live object and room for a view, filled whole on success
    // (released by the guard), an exception set on failure.
    if unsafe { ffi::PyObject_GetBuffer(obj.as_ptr(), view.as_mut_ptr(), ffi::PyBUF_SIMPLE as i32) } != 0 {
        return Err(PyErr::fetched());
    }
    // SAFETY: filled in by the successful call.
    let held = View(unsafe { view.assume_init_mut() });
    let result = body(&HeldBytes::of_view(held.0));
    drop(held);
    result
}

/// `body` applied to a writable buffer as `PyArg_Parse(obj, "w*")` gets
/// one, with its error ("argument must be read-write bytes-like object,
/// not bytes"); the view is held on this stack frame for the call.
pub fn with_writable<R>(obj: &PyAny, body: impl FnOnce(&mut WritableBytes<'_>) -> PyResult<R>) -> PyResult<R> {
    let mut view = core::mem::MaybeUninit::<ffi::Py_buffer>::uninit();
    // SAFETY: a live object and room for a view, filled whole on success
    // (released by the guard): `len` writable C-contiguous bytes.
    if unsafe { ffi::PyObject_GetBuffer(obj.as_ptr(), view.as_mut_ptr(), ffi::PyBUF_WRITABLE as i32) } != 0 {
        return Err(not_writable(obj));
    }
    // SAFETY: filled in by the successful call.
    let mut writable = WritableBytes(View(unsafe { view.assume_init_mut() }));
    let result = body(&mut writable);
    drop(writable);
    result
}

/// `"w*"`'s failure (getargs.c): whatever the exporter raised is replaced
/// by a TypeError naming the type as `%.50s` of its `tp_name` ("None" for
/// None).
#[cold]
fn not_writable(obj: &PyAny) -> PyErr {
    let name = if obj.is_none() { b"None" } else { obj.get_type().name().to_bytes() };
    let mut message = b"argument must be read-write bytes-like object, not ".to_vec();
    message.extend_from_slice(&name[..name.len().min(50)]);
    let message = std::ffi::CString::new(message).expect("no NUL in a C string's prefix");
    // An exception is set, then replaced by the TypeError (or, as in C, by
    // the UnicodeDecodeError of a name cut inside a character).
    // SAFETY: GIL held.
    unsafe { ffi::PyErr_Clear() };
    // SAFETY: CPython sets the exception classes at start-up and never
    // changes them.
    let type_error = unsafe { ffi::PyExc_TypeError };
    // SAFETY: GIL held; a live class and a NUL-terminated message.
    unsafe { ffi::PyErr_SetString(type_error, message.as_ptr()) };
    PyErr::fetched()
}

/// A view obtained on the caller's stack, released on drop (also when the
/// body panics).  It never moves while held.
struct View<'v>(&'v mut ffi::Py_buffer);

impl Drop for View<'_> {
    fn drop(&mut self) {
        // SAFETY: filled by a successful getbuffer, released exactly once.
        unsafe { ffi::PyBuffer_Release(self.0) };
    }
}

/// A writable buffer lent to the body of [`with_writable`].
pub struct WritableBytes<'v>(View<'v>);

impl WritableBytes<'_> {
    /// The buffer's size in bytes.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.0 .0.len as usize
    }

    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The buffer's bytes as cells, for writing in place while Python code
    /// may run (an item's `__index__`) and may itself read or write them.
    #[inline(always)]
    pub fn as_cells(&self) -> &[Cell<u8>] {
        if self.is_empty() {
            return &[];
        }
        // SAFETY: `len` writable bytes at `buf` until the view is released
        // in Drop, after this borrow of self ends.  Cell<u8> has u8's
        // layout and tolerates writes through other pointers (C code, or
        // Python code writing to the exporter) between its own accesses;
        // no `&[u8]` or `&mut [u8]` over this memory is handed out while
        // the cells are borrowed (`write_at` needs `&mut self`).
        unsafe { core::slice::from_raw_parts(self.0 .0.buf as *const Cell<u8>, self.len()) }
    }

    /// Copies `data` into the buffer at `offset` (panics if it does not fit).
    #[inline]
    pub fn write_at(&mut self, offset: usize, data: &[u8]) {
        assert!(offset.checked_add(data.len()).is_some_and(|end| end <= self.len()), "write_at out of bounds");
        // SAFETY: `offset` is in bounds of the view (checked above).
        let dest = unsafe { (self.0 .0.buf as *mut u8).add(offset) };
        // SAFETY: in bounds of a writable view; no Rust reference to the
        // buffer's memory is alive across this copy.
        unsafe { core::ptr::copy_nonoverlapping(data.as_ptr(), dest, data.len()) }
    }
}

/// A buffer held until drop, for a value that keeps one across calls (an
/// iterator over its bytes).  The view keeps the exporter alive and locked
/// (a `bytearray` cannot resize meanwhile).
pub struct Buffer {
    // Boxed so the Py_buffer never moves between getbuffer and release.
    view: Box<ffi::Py_buffer>,
}

impl Buffer {
    /// `PyObject_GetBuffer(obj, PyBUF_SIMPLE)`: any bytes-like object.
    pub fn simple(obj: &PyAny) -> PyResult<Self> {
        // SAFETY: Py_buffer is plain data, filled in by the exporter.
        let mut view: Box<ffi::Py_buffer> = Box::new(unsafe { core::mem::zeroed() });
        // SAFETY: a live object and a writable view.
        if unsafe { ffi::PyObject_GetBuffer(obj.as_ptr(), &mut *view, ffi::PyBUF_SIMPLE as i32) } != 0 {
            return Err(PyErr::fetched());
        }
        Ok(Buffer { view })
    }

    /// The buffer's size in bytes.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.view.len as usize
    }

    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The object that exported the buffer (which the view keeps alive),
    /// for a garbage collector traversal.
    pub fn exporter(&self) -> Option<&PyAny> {
        // SAFETY: `obj` is null or a strong reference held until release.
        (!self.view.obj.is_null()).then(|| unsafe { PyAny::from_ptr(self.view.obj) })
    }

    /// The bytes, valid while the buffer is held (see [`HeldBytes`] for
    /// how to read them).
    #[inline(always)]
    pub fn bytes(&self) -> HeldBytes<'_> {
        HeldBytes::of_view(&self.view)
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        // SAFETY: the view was filled by a successful getbuffer and is
        // released exactly once.
        unsafe { ffi::PyBuffer_Release(&mut *self.view) };
    }
}
