// expect: E0277 `*mut ()` cannot be sent between threads safely
// An exception raised without the GIL cannot be returned out of
// allow_threads: PyErr is not Send.
use cpython_safe::{allow_threads, exc, PyResult};

pub fn crc(data: Vec<u8>) -> PyResult<u32> {
    allow_threads(move || if data.is_empty() { Err(exc::value_error("empty")) } else { Ok(0) })
}
