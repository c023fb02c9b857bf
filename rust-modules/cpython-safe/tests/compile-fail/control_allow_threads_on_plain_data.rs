// expect: compiles
// The control: plain Rust data may cross into allow_threads (so the
// failures of the other snippets are the ones they show).
use cpython_safe::boundary::{Python, allow_threads};

pub fn sum(py: Python<'_>, data: Vec<u8>) -> u32 {
    allow_threads(py, move || data.iter().map(|&byte| u32::from(byte)).sum())
}
