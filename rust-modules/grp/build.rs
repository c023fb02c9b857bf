fn main() {
    cpython_clinic::generate("grpmodule.c", "grp_");
}
