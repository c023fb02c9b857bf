// expect: E0277 cannot be sent between threads safely
// A strong reference cannot be moved to where the GIL is released (its
// drop would decrement the count without the GIL).
use cpython_safe::boundary::{Python, allow_threads};
use cpython_safe::object::Owned;

pub fn release(py: Python<'_>, obj: Owned) {
    allow_threads(py, move || drop(obj))
}
