fn main() {
    cpython_clinic::generate("md5module.c", "_md5_");
}
