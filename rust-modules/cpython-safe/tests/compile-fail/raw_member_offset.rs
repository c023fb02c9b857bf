// expect: E0133 unsafe
// A member's offset is the layer's to compute (class! takes the field's
// name, weakref_members! too): an offset written by hand would let CPython
// read or write any word of the instance.
use cpython_safe::class::slots::{weakref_members_at, Members};
use cpython_safe::boundary::PyResult;
use cpython_safe::class::PyClass;
use cpython_safe::module::{Module, ModuleState};
use cpython_safe::object::{PyAny, PyTuple, PyType};

pub struct State;

impl ModuleState for State {
    fn init(_: &Module<Self>) -> PyResult<Self> {
        Ok(State)
    }
}

pub struct Point {
    pub x: u64,
}

impl PyClass for Point {
    type State = State;
    fn module_def() -> &'static cpython_safe::module::ModuleDef<State> {
        unimplemented!()
    }
    fn new(_: &PyType, _: &PyTuple, _: Option<&PyAny>) -> PyResult<Self> {
        Ok(Point { x: 0 })
    }
}

pub static MEMBERS: Members<Point> = weakref_members_at::<Point>(0);

cpython_safe::traverse!(State);
cpython_safe::traverse!(Point);
