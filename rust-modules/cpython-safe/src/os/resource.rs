//! Resource limits and usage: `getrlimit`, `setrlimit`, `prlimit`, `getrusage` (the resource module).
