// expect: E0277 `*mut ()` cannot be shared between threads safely
// No C API call compiles where the GIL is released: making a str needs
// the token, and the token stays outside the closure.
use cpython_safe::boundary::{Python, allow_threads};
use cpython_safe::object::PyStr;

pub fn name(py: Python<'_>) {
    allow_threads(py, || drop(PyStr::new(py, "name")));
}
