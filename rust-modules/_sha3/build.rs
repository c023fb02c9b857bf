fn main() {
    cpython_clinic::generate("sha3module.c", "_sha3_");
}
