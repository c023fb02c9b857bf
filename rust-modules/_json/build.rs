fn main() {
    // _json has no Argument Clinic header: the docstrings come from the C file.
    cpython_clinic::generate("_json.c", "py_");
}
