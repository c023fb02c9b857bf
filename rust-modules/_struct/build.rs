fn main() {
    cpython_clinic::generate("_struct.c", "");
}
