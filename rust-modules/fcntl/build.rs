fn main() {
    cpython_clinic::generate("fcntlmodule.c", "fcntl_");
}
