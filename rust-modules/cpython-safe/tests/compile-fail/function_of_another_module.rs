// expect: E0308 mismatched types
// A module's function receives that module (and reads its state): it
// cannot be put into the method table of another module, whose state has
// another type.
use cpython_safe::clinic::{ArgParser, CallKind, Signature};
use cpython_safe::module::{method_def, Method, MethodDef, MethodTable};
use cpython_safe::boundary::PyResult;
use cpython_safe::call::Args;
use cpython_safe::module::{Module, ModuleState};
use cpython_safe::object::Owned;

pub struct First;
pub struct Second(pub u64);

impl ModuleState for First {
    fn init(_: &Module<Self>) -> PyResult<Self> {
        Ok(First)
    }
}

impl ModuleState for Second {
    fn init(_: &Module<Self>) -> PyResult<Self> {
        Ok(Second(0))
    }
}

static SIGNATURE: Signature = Signature { name: c"f", doc: c"", kind: CallKind::NoArgs };

pub struct OfFirst;

impl Method for OfFirst {
    type Receiver = Module<First>;
    const SIGNATURE: &'static Signature = &SIGNATURE;
    fn parser() -> &'static ArgParser {
        unreachable!()
    }
    fn call<'a>(module: &'a Module<First>, _: &Args<'a>) -> PyResult<Owned> {
        Ok(module.py().none())
    }
}

pub static SECOND_METHODS: MethodTable<Module<Second>, 2> = MethodTable::new([method_def::<OfFirst>(), MethodDef::END]);

cpython_safe::traverse!(First);
cpython_safe::traverse!(Second);
