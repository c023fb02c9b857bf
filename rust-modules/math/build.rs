fn main() {
    cpython_clinic::generate("mathmodule.c", "math_");
}
