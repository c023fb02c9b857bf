// expect: E0200 unsafe impl
// The collector's traversal may not run Python code: it is generated from
// the fields (traverse!), and one written by hand does not compile.
use cpython_safe::gc::{Traverse, Visit, Visitor};
use cpython_safe::object::Owned;

pub struct Holder {
    pub object: Owned,
}

impl Traverse for Holder {
    fn traverse(&self, _: &mut Visitor<'_>) -> Visit {
        let _ = self.object.len();
        Ok(())
    }
}
