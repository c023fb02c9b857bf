fn main() {
    cpython_clinic::generate("_csv.c", "_csv_");
}
