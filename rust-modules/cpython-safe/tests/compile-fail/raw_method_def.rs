// expect: E0423 private
// A method table holds only definitions the layer made from typed
// methods: a raw PyMethodDef (any C function, any flags) does not go in.
use cpython_safe::ffi;
use cpython_safe::module::MethodDef;
use cpython_safe::module::Module;

extern "C" fn raw(_: *mut ffi::PyObject, _: *mut ffi::PyObject) -> *mut ffi::PyObject {
    core::ptr::null_mut()
}

pub static RAW: MethodDef<Module<()>> = MethodDef(
    ffi::PyMethodDef { ml_name: c"raw".as_ptr(), ml_meth: Some(raw), ml_flags: 0, ml_doc: core::ptr::null() },
    core::marker::PhantomData,
);
