//! The static library CPython links: one `PyInit_*` per module selected by
//! configure (`--with-rust=...` becomes cargo features of the same names).
//!
//! Only these functions stay global symbols in the object CPython links
//! (configure-hooks/cargo-build.sh localizes everything else).


macro_rules! export_modules {
    ($($feature:literal => $init:ident = $module:ident;)*) => {$(
        #[cfg(feature = $feature)]
        #[no_mangle]
        pub extern "C" fn $init() -> *mut cpython_safe::ffi::PyObject {
            $module::py_init()
        }
    )*};
}

export_modules! {
    "binascii" => PyInit_binascii = binascii_rs;
}
