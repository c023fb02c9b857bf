// expect: E0277 `*mut ()` cannot be sent between threads safely
// The token proves that *this* thread holds the GIL: another thread
// cannot have it.
use cpython_safe::boundary::Python;
use cpython_safe::object::PyStr;

pub fn elsewhere(py: Python<'_>) {
    std::thread::scope(|scope| {
        scope.spawn(move || drop(PyStr::new(py, "x")));
    });
}
