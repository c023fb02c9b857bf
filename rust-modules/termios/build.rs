fn main() {
    cpython_clinic::generate("termios.c", "termios_");
    cpython_clinic::int_constants("termios.c");
}
