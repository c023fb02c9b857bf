fn main() {
    cpython_clinic::generate("_heapqmodule.c", "_heapq_");
}
