fn main() {
    cpython_clinic::generate("_lzmamodule.c", "_lzma_");
}
