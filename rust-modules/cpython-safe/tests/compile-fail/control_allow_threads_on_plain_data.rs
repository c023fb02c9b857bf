// expect: compiles
// The control: plain Rust data may cross into allow_threads (so the
// failures of the other snippets are the ones they show).
use cpython_safe::allow_threads;

pub fn sum(data: Vec<u8>) -> u32 {
    allow_threads(move || data.iter().map(|&byte| u32::from(byte)).sum())
}
