// expect: E0277 `*mut ()` cannot be sent between threads safely
// The recursion count belongs to this thread's state: its guard cannot be
// dropped on another thread.
use cpython_safe::boundary::RecursionGuard;

pub fn elsewhere(guard: RecursionGuard) {
    std::thread::spawn(move || drop(guard));
}
