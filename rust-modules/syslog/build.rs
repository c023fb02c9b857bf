fn main() {
    cpython_clinic::generate("syslogmodule.c", "syslog_");
}
