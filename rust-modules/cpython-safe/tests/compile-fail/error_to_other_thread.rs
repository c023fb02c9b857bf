// expect: E0277 `*mut ()` cannot be sent between threads safely
// The exception indicator is per thread: the proof that it is set cannot
// move to another thread.
use cpython_safe::boundary::PyErr;

pub fn elsewhere(error: PyErr) {
    std::thread::spawn(move || drop(error));
}
