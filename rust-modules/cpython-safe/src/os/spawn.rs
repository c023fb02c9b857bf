//! Starting a child process: `fork`, the child's set-up until `exec`, and the
//! error pipe (the _posixsubprocess module).  Everything the child runs
//! between fork and exec is async-signal-safe.
