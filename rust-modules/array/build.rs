fn main() {
    cpython_clinic::generate("arraymodule.c", "array_");
}
