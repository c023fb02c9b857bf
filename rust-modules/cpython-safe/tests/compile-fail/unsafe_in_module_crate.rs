// expect: unsafe_code
// Module crates forbid unsafe code: a raw C API call does not compile.
use cpython_safe::ffi;

pub fn occurred() -> bool {
    unsafe { !ffi::PyErr_Occurred().is_null() }
}
