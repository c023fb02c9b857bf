// expect: E0308 mismatched types
// A slot treats the instances as its class's values: one made for another
// class does not go into a class's slots.
use cpython_safe::class::slots::{self, Repr};
use cpython_safe::boundary::PyResult;
use cpython_safe::class::{Instance, PyClass, Slot};
use cpython_safe::module::{Module, ModuleState};
use cpython_safe::object::{Owned, PyAny, PyTuple, PyType};

pub struct State;

impl ModuleState for State {
    fn init(_: &Module<Self>) -> PyResult<Self> {
        Ok(State)
    }
}

pub struct Small(pub u8);
pub struct Large(pub [u64; 8]);

impl PyClass for Small {
    type State = State;
    fn module_def() -> &'static cpython_safe::module::ModuleDef<State> {
        unimplemented!()
    }
    fn new(_: &PyType, _: &PyTuple, _: Option<&PyAny>) -> PyResult<Self> {
        Ok(Small(0))
    }
    const EXTRA_SLOTS: &'static [&'static [Slot<Self>]] = &[&[slots::repr::<Large>()]];
}

impl PyClass for Large {
    type State = State;
    fn module_def() -> &'static cpython_safe::module::ModuleDef<State> {
        unimplemented!()
    }
    fn new(_: &PyType, _: &PyTuple, _: Option<&PyAny>) -> PyResult<Self> {
        Ok(Large([0; 8]))
    }
}

impl Repr for Large {
    fn repr(this: &Instance<Self>) -> PyResult<Owned> {
        Ok(this.py().none())
    }
}

cpython_safe::traverse!(State);
cpython_safe::traverse!(Small);
cpython_safe::traverse!(Large);
