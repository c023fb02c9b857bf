fn main() {
    cpython_clinic::generate("sha2module.c", "_sha2_");
}
