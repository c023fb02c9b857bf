fn main() {
    cpython_clinic::generate("resource.c", "resource_");
}
