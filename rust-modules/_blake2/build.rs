fn main() {
    cpython_clinic::generate_files(
        &["_blake2/blake2module.c", "_blake2/blake2b_impl.c", "_blake2/blake2s_impl.c"],
        "_blake2_",
    );
}
