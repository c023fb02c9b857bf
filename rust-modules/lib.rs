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
    "_random" => PyInit__random = random_rs;
    "binascii" => PyInit_binascii = binascii_rs;
    "_bisect" => PyInit__bisect = bisect_rs;
    "_heapq" => PyInit__heapq = heapq_rs;
    "_statistics" => PyInit__statistics = statistics_rs;
    "math" => PyInit_math = math_rs;
    "_json" => PyInit__json = json_rs;
    "_csv" => PyInit__csv = csv_rs;
    "cmath" => PyInit_cmath = cmath_rs;
    "_struct" => PyInit__struct = struct_rs;
    "array" => PyInit_array = array_rs;
    "_bz2" => PyInit__bz2 = bz2_rs;
}
