//! The exporter side of the buffer protocol: a class whose instances hold
//! a growable byte vector ([`ExportableBytes`]) that `memoryview`,
//! `bytes()`, `struct.pack_into`... can read and write in place.
//!
//! While a buffer is exported the vector cannot be reallocated (the
//! consumer holds a pointer into it): [`ExportableBytes::resizable`] then
//! refuses, and the class reports its own error (C's `array` raises
//! `BufferError`).  Writes in place stay allowed, as in C.  A class must
//! never hold a borrow of the bytes while it runs Python code (which could
//! write through an exported view).
//!
//! ```ignore
//! impl BufferExport for Array {
//!     fn bytes(this: &Instance<Self>) -> &ExportableBytes { &this.value().data }
//!     fn format(this: &Instance<Self>) -> &'static CStr { ... }
//! }
//! impl PyClass for Array {
//!     const EXTRA_SLOTS: &'static [ffi::PyType_Slot] = &buffer_export::slots::<Self>();
//! }
//! ```

use core::cell::{Cell, Ref, RefCell, RefMut};
use core::ffi::{c_int, c_void, CStr};

use crate::class::{Instance, PyClass};
use crate::err::PyErr;
use crate::exc;
use crate::ffi;
use crate::guard::ffi_guard;
use crate::module::Receiver;

/// Bytes owned by an instance, exportable through the buffer protocol as
/// a one-dimensional array of `itemsize`-byte items.
pub struct ExportableBytes {
    data: RefCell<Vec<u8>>,
    exports: Cell<isize>,
    // Pointed to by exported views (`shape`, `strides`): they live in the
    // instance, and do not change while a view exists.
    shape: Cell<ffi::Py_ssize_t>,
    itemsize: Cell<ffi::Py_ssize_t>,
}

impl ExportableBytes {
    pub fn new(data: Vec<u8>, itemsize: usize) -> Self {
        ExportableBytes {
            data: RefCell::new(data),
            exports: Cell::new(0),
            shape: Cell::new(0),
            itemsize: Cell::new(itemsize as ffi::Py_ssize_t),
        }
    }

    /// The bytes, for reading.
    #[inline(always)]
    pub fn borrow(&self) -> Ref<'_, Vec<u8>> {
        self.data.borrow()
    }

    /// The bytes, for writing in place (their length cannot change).
    #[inline(always)]
    pub fn borrow_mut(&self) -> RefMut<'_, [u8]> {
        RefMut::map(self.data.borrow_mut(), |data| data.as_mut_slice())
    }

    /// The vector, to resize: `None` while a buffer is exported.
    #[inline]
    pub fn resizable(&self) -> Option<RefMut<'_, Vec<u8>>> {
        (self.exports.get() == 0).then(|| self.data.borrow_mut())
    }

    /// How many exported buffers are alive.
    #[inline(always)]
    pub fn exports(&self) -> isize {
        self.exports.get()
    }
}

/// A class whose instances export their [`ExportableBytes`].
pub trait BufferExport: PyClass {
    fn bytes(this: &Instance<Self>) -> &ExportableBytes;
    /// The `struct` format of one item (`PyBUF_FORMAT`).
    fn format(this: &Instance<Self>) -> &'static CStr;
    /// Whether consumers may only read.
    const READONLY: bool = false;
}

unsafe extern "C" fn bf_getbuffer<T: BufferExport>(obj: *mut ffi::PyObject, view: *mut ffi::Py_buffer, flags: c_int) -> c_int {
    ffi_guard(|| {
        if view.is_null() {
            return Err(exc::buffer_error("getbuffer: view==NULL argument is obsolete"));
        }
        // SAFETY: CPython calls bf_getbuffer with an instance of the class.
        let this = unsafe { Instance::<T>::from_ptr(obj) };
        if T::READONLY && flags & ffi::PyBUF_WRITABLE as c_int != 0 {
            return Err(exc::buffer_error("Object is not writable."));
        }
        let bytes = T::bytes(this);
        let format = T::format(this);
        // Fails (SystemError) only if the class's own code holds a borrow.
        let mut data = bytes.data.try_borrow_mut().map_err(|_| exc::system_error("buffer requested while in use"))?;
        let itemsize = bytes.itemsize.get();
        bytes.shape.set(data.len() as ffi::Py_ssize_t / itemsize.max(1));
        // SAFETY: `view` is the consumer's to fill.  The pointers stay valid
        // until bf_releasebuffer: the vector is not reallocated while
        // `exports` is positive, and shape/itemsize live in the instance,
        // which the view keeps alive (view.obj).
        unsafe {
            (*view).buf = data.as_mut_ptr() as *mut c_void;
            (*view).obj = ffi::Py_NewRef(obj);
            (*view).len = data.len() as ffi::Py_ssize_t;
            (*view).readonly = T::READONLY as c_int;
            (*view).ndim = 1;
            (*view).itemsize = itemsize;
            (*view).suboffsets = core::ptr::null_mut();
            (*view).shape = if flags & ffi::PyBUF_ND as c_int != 0 { bytes.shape.as_ptr() } else { core::ptr::null_mut() };
            (*view).strides = if flags & ffi::PyBUF_STRIDES as c_int == ffi::PyBUF_STRIDES as c_int {
                bytes.itemsize.as_ptr()
            } else {
                core::ptr::null_mut()
            };
            (*view).format = if flags & ffi::PyBUF_FORMAT as c_int == ffi::PyBUF_FORMAT as c_int {
                format.as_ptr() as *mut _
            } else {
                core::ptr::null_mut()
            };
            (*view).internal = core::ptr::null_mut();
        }
        bytes.exports.set(bytes.exports.get() + 1);
        Ok::<c_int, PyErr>(0)
    })
}

unsafe extern "C" fn bf_releasebuffer<T: BufferExport>(obj: *mut ffi::PyObject, _view: *mut ffi::Py_buffer) {
    // SAFETY: CPython calls bf_releasebuffer with the instance that filled the view.
    let this = unsafe { Instance::<T>::from_ptr(obj) };
    let bytes = T::bytes(this);
    bytes.exports.set(bytes.exports.get() - 1);
}

/// `[bf_getbuffer, bf_releasebuffer]`.
pub const fn slots<T: BufferExport>() -> [ffi::PyType_Slot; 2] {
    type GetBuffer = unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::Py_buffer, c_int) -> c_int;
    type ReleaseBuffer = unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::Py_buffer);
    [
        ffi::PyType_Slot { slot: ffi::Py_bf_getbuffer as c_int, pfunc: bf_getbuffer::<T> as GetBuffer as *mut c_void },
        ffi::PyType_Slot {
            slot: ffi::Py_bf_releasebuffer as c_int,
            pfunc: bf_releasebuffer::<T> as ReleaseBuffer as *mut c_void,
        },
    ]
}
