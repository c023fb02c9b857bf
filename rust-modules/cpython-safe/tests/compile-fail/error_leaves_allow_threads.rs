// expect: E0277 `*mut ()` cannot be sent between threads safely
// An exception cannot be raised while the GIL is released: raising needs
// the thread-state token, which cannot enter allow_threads.
use cpython_safe::exc;
use cpython_safe::boundary::{PyResult, Python, allow_threads};

pub fn crc(py: Python<'_>, data: Vec<u8>) -> PyResult<u32> {
    allow_threads(py, move || if data.is_empty() { Err(exc::value_error(py, "empty")) } else { Ok(0) })
}
