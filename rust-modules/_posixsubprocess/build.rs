fn main() {
    cpython_clinic::generate("_posixsubprocess.c", "subprocess_");
}
