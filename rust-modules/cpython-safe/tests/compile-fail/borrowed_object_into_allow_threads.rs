// expect: E0277 cannot be shared between threads safely
// A borrowed object cannot be used while the GIL is released.
use cpython_safe::boundary::allow_threads;
use cpython_safe::object::PyAny;

pub fn length(obj: &PyAny) -> usize {
    allow_threads(obj.py(), || obj.len().unwrap_or(0))
}
