fn main() {
    cpython_clinic::generate("_bisectmodule.c", "_bisect_");
}
