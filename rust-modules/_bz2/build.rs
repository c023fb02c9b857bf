fn main() {
    cpython_clinic::generate("_bz2module.c", "_bz2_");
}
