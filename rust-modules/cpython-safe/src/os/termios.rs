//! Terminal attributes: `tcgetattr`, `tcsetattr` and the other `tc*` calls (the termios module).
