fn main() {
    cpython_clinic::generate("termios.c", "termios_");
}
