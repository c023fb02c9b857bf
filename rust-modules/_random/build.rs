fn main() {
    cpython_clinic::generate("_randommodule.c", "_random_");
}
