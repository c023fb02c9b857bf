//! The system logger: `openlog`, `syslog`, `closelog`, `setlogmask` (the syslog module).
