//! `_opcode`: a drop-in replacement for CPython's `Modules/_opcode.c`.
//!
//! The answers come from the interpreter itself (`cpython_safe::opcode`),
//! as the C module's do: its opcode tables, intrinsics and executors are
//! those of the build this module is linked into.

#![forbid(unsafe_code)]

use cpython_safe::opcode::{self, Property};
use cpython_safe::prelude::*;

cpython_safe::clinic_module!();

/// `BINARY_OP`'s opargs and the intrinsics' counts, from the tree's headers
/// (build.rs).
mod tables {
    include!(concat!(env!("OUT_DIR"), "/tables.rs"));
}

struct State;
cpython_safe::traverse!(State);

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        module.add_int(c"ENABLE_SPECIALIZATION", opcode::SPECIALIZATION_ENABLED)?;
        Ok(State)
    }
}

cpython_safe::module! {
    static MODULE: State = module c"_opcode" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [stack_effect, is_valid, has_arg, has_const, has_name, has_jump, has_free, has_local, has_exc, get_specialization_stats, get_nb_ops, get_intrinsic1_descs, get_intrinsic2_descs, get_executor],
    }
}

fn stack_effect(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let clinic::params::stack_effect { opcode, oparg, jump } = clinic::params::stack_effect::from_args(args)?;
    // C keeps the low bits of a C long (`(int)PyLong_AsLong(oparg)`).
    let oparg = match oparg {
        Some(oparg) => oparg.to_c_long()? as i32,
        None => 0,
    };
    let jump = match jump {
        None => None,
        Some(jump) if jump.is(&py.bool(true)) => Some(true),
        Some(jump) if jump.is(&py.bool(false)) => Some(false),
        Some(_) => return Err(exc::value_error(py, "stack_effect: jump must be False, True or None")),
    };
    match opcode::stack_effect(py, opcode, oparg, jump) {
        Some(effect) => i64::from(effect).into_object(py),
        None => Err(exc::value_error(py, "invalid opcode or oparg")),
    }
}

fn is_valid(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let clinic::params::is_valid { opcode } = clinic::params::is_valid::from_args(args)?;
    opcode::is_valid(module.py(), opcode).into_object(module.py())
}

/// The `has_*` functions: the opcode is valid and has the property.
fn has(module: &Module<State>, opcode: i32, property: Property) -> PyResult<Owned> {
    opcode::has(module.py(), opcode, property).into_object(module.py())
}

fn has_arg(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    has(module, clinic::params::has_arg::from_args(args)?.opcode, Property::Arg)
}

fn has_const(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    has(module, clinic::params::has_const::from_args(args)?.opcode, Property::Const)
}

fn has_name(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    has(module, clinic::params::has_name::from_args(args)?.opcode, Property::Name)
}

fn has_jump(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    has(module, clinic::params::has_jump::from_args(args)?.opcode, Property::Jump)
}

fn has_free(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    has(module, clinic::params::has_free::from_args(args)?.opcode, Property::Free)
}

fn has_local(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    has(module, clinic::params::has_local::from_args(args)?.opcode, Property::Local)
}

fn has_exc(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    has(module, clinic::params::has_exc::from_args(args)?.opcode, Property::Exc)
}

fn get_specialization_stats(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    opcode::specialization_stats(module.py()).unwrap_or_else(|| Ok(module.py().none()))
}

fn get_nb_ops(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let pair = |oparg: usize| -> PyResult<Owned> {
        let Some((name, symbol)) = tables::BINARY_OPS[oparg] else {
            return Err(exc::value_error(py, &format!("Missing initialization for NB_OP {oparg}")));
        };
        Ok(PyTuple::pair(&*PyStr::new(py, name)?, &*PyStr::new(py, symbol)?)?.into_any())
    };
    Ok(PyList::build(py, tables::BINARY_OPS.len(), pair)?.into_any())
}

/// The names of intrinsics `0..=max`, as the interpreter gives them.
fn intrinsic_names(py: Python<'_>, max: i32, name: fn(Python<'_>, i32) -> PyResult<Option<Owned>>) -> PyResult<Owned> {
    let item = |index: usize| {
        name(py, index as i32)?.ok_or_else(|| exc::system_error(py, "the interpreter has fewer intrinsics than its headers say"))
    };
    Ok(PyList::build(py, max as usize + 1, item)?.into_any())
}

fn get_intrinsic1_descs(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    intrinsic_names(module.py(), tables::MAX_INTRINSIC_1, opcode::unary_intrinsic_name)
}

fn get_intrinsic2_descs(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    intrinsic_names(module.py(), tables::MAX_INTRINSIC_2, opcode::binary_intrinsic_name)
}

fn get_executor(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let clinic::params::get_executor { code, offset } = clinic::params::get_executor::from_args(args)?;
    if !opcode::is_code(code) {
        return Err(exc::type_error(py, &format!("expected a code object, not '{}'", code.type_name(100))));
    }
    opcode::executor_at(code, offset)
        .unwrap_or_else(|| Err(exc::runtime_error(py, "Executors are not available in this build")))
}
