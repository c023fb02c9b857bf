// expect: E0624 private
// A class's slots are made by the layer from typed declarations: a module
// crate cannot hand CPython a raw function pointer as a slot.
use cpython_safe::ffi;
use cpython_safe::class::Slot;

extern "C" fn repr(_: *mut ffi::PyObject) -> *mut ffi::PyObject {
    core::ptr::null_mut()
}

pub const REPR: Slot<()> = Slot::new(ffi::Py_tp_repr, repr as *mut core::ffi::c_void);
