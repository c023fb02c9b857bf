fn main() {
    cpython_clinic::generate("_statisticsmodule.c", "_statistics_");
}
