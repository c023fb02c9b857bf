fn main() {
    cpython_clinic::generate("binascii.c", "binascii_");
}
