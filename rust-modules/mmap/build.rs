fn main() {
    cpython_clinic::generate("mmapmodule.c", "mmap_");
}
