// expect: clippy::disallowed_macros thread_local
// A strong reference in a thread-local would be reachable while the GIL
// is released (without being captured) and outlive the interpreter:
// module crates may not declare thread-locals.
use cpython_safe::object::Owned;

std::thread_local! {
    static CACHE: core::cell::RefCell<Option<Owned>> = const { core::cell::RefCell::new(None) };
}

pub fn cached() -> bool {
    CACHE.with(|cache| cache.borrow().is_some())
}
