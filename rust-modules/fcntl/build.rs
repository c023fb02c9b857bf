fn main() {
    cpython_clinic::generate("fcntlmodule.c", "fcntl_");
    cpython_clinic::int_constants("fcntlmodule.c");
}
