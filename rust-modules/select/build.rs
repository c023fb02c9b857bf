fn main() {
    cpython_clinic::generate("selectmodule.c", "select_");
}
