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
    "_md5" => PyInit__md5 = md5_rs;
    "_sha1" => PyInit__sha1 = sha1_rs;
    "_sha2" => PyInit__sha2 = sha2_rs;
    "_sha3" => PyInit__sha3 = sha3_rs;
    "_lzma" => PyInit__lzma = lzma_rs;
    "zlib" => PyInit_zlib = zlibmodule_rs;
    "_blake2" => PyInit__blake2 = blake2_rs;
    "_bz2" => PyInit__bz2 = bz2_rs;
    "select" => PyInit_select = select_rs;
    "fcntl" => PyInit_fcntl = fcntl_rs;
    "grp" => PyInit_grp = grp_rs;
    "pwd" => PyInit_pwd = pwd_rs;
    "syslog" => PyInit_syslog = syslog_rs;
    "resource" => PyInit_resource = resource_rs;
    "termios" => PyInit_termios = termios_rs;
    "mmap" => PyInit_mmap = mmap_rs;
    "_posixsubprocess" => PyInit__posixsubprocess = posixsubprocess_rs;
    "_opcode" => PyInit__opcode = opcode_rs;
}
