fn main() {
    cpython_clinic::generate("zlibmodule.c", "zlib_");
}
