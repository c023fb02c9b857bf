fn main() {
    cpython_clinic::generate("syslogmodule.c", "syslog_");
    cpython_clinic::int_constants("syslogmodule.c");
}
