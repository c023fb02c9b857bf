//! The interpreter's own knowledge of its bytecode (the compiler's opcode
//! metadata, intrinsics, executors), for the `_opcode` module: the module
//! asks the interpreter it runs in, as the C module does, so its answers
//! always match that interpreter's build.

use core::ffi::c_int;

use crate::boundary::{PyResult, Python};
use crate::ffi;
use crate::object::{Owned, PyAny};

/// What an opcode does with its argument (`_PyCompile_OpcodeHas*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Property {
    Arg,
    Const,
    Name,
    Jump,
    Free,
    Local,
    Exc,
}

/// Whether the interpreter specializes bytecode (`ENABLE_SPECIALIZATION`).
pub const SPECIALIZATION_ENABLED: bool = ffi::ENABLE_SPECIALIZATION != 0;

/// Whether `opcode` is an opcode of this interpreter.
pub fn is_valid(_py: Python<'_>, opcode: i32) -> bool {
    // SAFETY: a lookup in static tables; any int is accepted.
    unsafe { ffi::_PyCompile_OpcodeIsValid(opcode) != 0 }
}

/// Whether `opcode` has `property`; only asked of valid opcodes, as C does
/// (the tables are indexed by the opcode).
pub fn has(py: Python<'_>, opcode: i32, property: Property) -> bool {
    if !is_valid(py, opcode) {
        return false;
    }
    let query: unsafe extern "C" fn(c_int) -> c_int = match property {
        Property::Arg => ffi::_PyCompile_OpcodeHasArg,
        Property::Const => ffi::_PyCompile_OpcodeHasConst,
        Property::Name => ffi::_PyCompile_OpcodeHasName,
        Property::Jump => ffi::_PyCompile_OpcodeHasJump,
        Property::Free => ffi::_PyCompile_OpcodeHasFree,
        Property::Local => ffi::_PyCompile_OpcodeHasLocal,
        Property::Exc => ffi::_PyCompile_OpcodeHasExc,
    };
    // SAFETY: a valid opcode, within the tables the query reads.
    unsafe { query(opcode) != 0 }
}

/// `PyCompile_OpcodeStackEffectWithJump`: the stack effect of `opcode`
/// with `oparg` (`jump`: `None` for the maximum of both branches), or
/// `None` for an invalid opcode or oparg.
pub fn stack_effect(_py: Python<'_>, opcode: i32, oparg: i32, jump: Option<bool>) -> Option<i32> {
    let jump = jump.map_or(-1, c_int::from);
    // SAFETY: pure computation over static tables; any ints are accepted.
    let effect = unsafe { ffi::PyCompile_OpcodeStackEffectWithJump(opcode, oparg, jump) };
    (effect != c_int::MAX).then_some(effect)
}

/// The name of unary intrinsic `index` (`_PyCompile_GetUnaryIntrinsicName`),
/// `None` past the last one.
pub fn unary_intrinsic_name(py: Python<'_>, index: i32) -> PyResult<Option<Owned>> {
    // SAFETY: GIL held; any index is accepted.
    intrinsic_name(py, unsafe { ffi::_PyCompile_GetUnaryIntrinsicName(index) })
}

/// The name of binary intrinsic `index` (`_PyCompile_GetBinaryIntrinsicName`),
/// `None` past the last one.
pub fn binary_intrinsic_name(py: Python<'_>, index: i32) -> PyResult<Option<Owned>> {
    // SAFETY: GIL held; any index is accepted.
    intrinsic_name(py, unsafe { ffi::_PyCompile_GetBinaryIntrinsicName(index) })
}

/// The interpreter returns a new str, null with an exception when making
/// it failed, or null without one for an index out of range.
fn intrinsic_name(_py: Python<'_>, name: *mut ffi::PyObject) -> PyResult<Option<Owned>> {
    // SAFETY: GIL held.
    if name.is_null() && unsafe { ffi::PyErr_Occurred() }.is_null() {
        return Ok(None);
    }
    // SAFETY: a new str, or null with an exception.
    unsafe { Owned::from_result(name) }.map(Some)
}

/// The specialization statistics of a `--enable-pystats` build; `None`
/// where the build gathers none.
pub fn specialization_stats(_py: Python<'_>) -> Option<PyResult<Owned>> {
    // SAFETY: GIL held.
    let stats = unsafe { ffi::specialization_stats() }?;
    // SAFETY: a new reference, or null with an exception.
    Some(unsafe { Owned::from_result(stats) })
}

/// Whether `obj` is a code object (`PyCode_Check`).
pub fn is_code(obj: &PyAny) -> bool {
    obj.type_ptr() == &raw mut ffi::PyCode_Type
}

/// The executor at `offset` in `code` (`_Py_GetExecutor`) where the build
/// has the tier-2 optimizer; `None` where it has not.  `code` must be a
/// code object ([`is_code`]).
pub fn executor_at(code: &PyAny, offset: i32) -> Option<PyResult<Owned>> {
    assert!(is_code(code), "executor_at needs a code object");
    // SAFETY: a live code object (checked), GIL held (an object proves it).
    let executor = unsafe { ffi::executor_at(code.as_ptr(), offset) }?;
    // SAFETY: a new reference, or null with an exception.
    Some(unsafe { Owned::from_result(executor) })
}
