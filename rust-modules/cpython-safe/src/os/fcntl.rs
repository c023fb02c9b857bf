//! `fcntl`, `ioctl`, `flock` and `lockf` (the fcntl module).
