//! Waiting on file descriptors: `select`, `poll`, `epoll` (the select module).
