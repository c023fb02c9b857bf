fn main() {
    cpython_clinic::generate("sha1module.c", "_sha1_");
}
