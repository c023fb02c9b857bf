//! Raw bindings to the C API of the CPython tree being built.
//!
//! Types, extern functions and integer constants come from bindgen (see
//! `build.rs`).  bindgen sees neither function-like macros nor static inline
//! functions; the few this project needs are written here in Rust, following
//! the header they mirror for each ABI variant (`py_debug`,
//! `py_gil_disabled`).  Nothing here is safe to call without the GIL.

#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]
#![allow(clippy::all)]
#![no_std]

// bindgen's output (its bitfield accessors have undocumented unsafe blocks
// holding several operations each).
#[allow(
    clippy::undocumented_unsafe_blocks,
    clippy::multiple_unsafe_ops_per_block,
    unsafe_op_in_unsafe_fn
)]
mod bindings {
    include!(concat!(env!("OUT_DIR"), "/bindings.rs"));
}
pub use bindings::*;

use core::ffi::{c_char, c_int, c_void};

// ---------------------------------------------------------------------------
// Reference counting (Include/object.h).

// The word layout of the reference count in default (GIL) builds, as
// object.h derives it from SIZEOF_VOID_P and PY_BIG_ENDIAN: on 64-bit
// targets the count saturates in its low 32-bit half (`ob_refcnt_split`),
// and an object is immortal when that half is negative as an i32; on 32-bit
// targets the whole word counts and the immortal value is UINT_MAX >> 2.
#[cfg(not(any(target_pointer_width = "64", target_pointer_width = "32")))]
compile_error!("CPython's object header is only defined for 32- and 64-bit targets");
// The code below follows Rust's target cfgs; they must describe the target
// the headers were configured for (a cross build passes the host's triple).
const _: () = assert!(
    SIZEOF_VOID_P as usize == core::mem::size_of::<*mut c_void>(),
    "the Rust target's pointer size differs from the configured SIZEOF_VOID_P"
);
const _: () = assert!(
    (PY_BIG_ENDIAN != 0) == cfg!(target_endian = "big"),
    "the Rust target's byte order differs from the configured PY_BIG_ENDIAN"
);

/// `_Py_IMMORTAL_REFCNT` of this target (default builds).
#[cfg(target_pointer_width = "64")]
pub const _Py_IMMORTAL_REFCNT: Py_ssize_t = u32::MAX as Py_ssize_t;
#[cfg(target_pointer_width = "32")]
pub const _Py_IMMORTAL_REFCNT: Py_ssize_t = (u32::MAX >> 2) as Py_ssize_t;

/// `ob_refcnt_split[PY_BIG_ENDIAN]`: the low half of a 64-bit count.
///
/// # Safety
/// `op` must point to a live object.
#[cfg(all(target_pointer_width = "64", not(any(py_debug, py_gil_disabled))))]
#[inline(always)]
unsafe fn refcnt_low_half(op: *mut PyObject) -> *mut u32 {
    // SAFETY: `op` points to a live object (caller); only the address of its
    // count word is taken.
    let count = unsafe { &raw mut (*op).__bindgen_anon_1 };
    // object.h's `ob_refcnt_split` view of the count word (the fields of a
    // `#[repr(C)]` union all start at its address).
    let split = count.cast::<[u32; 2]>();
    // SAFETY: `split` points into the live object's header; the low half is
    // element PY_BIG_ENDIAN.
    unsafe { &raw mut (*split)[cfg!(target_endian = "big") as usize] }
}

/// `&op->ob_refcnt`: the whole count word (default builds).
///
/// # Safety
/// `op` must point to a live object.
#[cfg(not(any(py_debug, py_gil_disabled)))]
#[inline(always)]
unsafe fn refcnt_word(op: *mut PyObject) -> *mut Py_ssize_t {
    // SAFETY: `op` points to a live object (caller); only the address of its
    // count word is taken.
    let count = unsafe { &raw mut (*op).__bindgen_anon_1 };
    // The union's `ob_refcnt` member (the fields of a `#[repr(C)]` union all
    // start at its address).
    count.cast::<Py_ssize_t>()
}

/// `_Py_IsImmortal` (default builds).
///
/// # Safety
/// `op` must point to a live object.
#[cfg(not(any(py_debug, py_gil_disabled)))]
#[inline(always)]
unsafe fn is_immortal(op: *mut PyObject) -> bool {
    #[cfg(target_pointer_width = "64")]
    {
        // SAFETY: `op` points to a live object (caller).
        let low = unsafe { refcnt_low_half(op) };
        // SAFETY: `low` points into the live object's header.
        (unsafe { *low } as i32) < 0
    }
    #[cfg(target_pointer_width = "32")]
    {
        // SAFETY: `op` points to a live object (caller).
        let refcnt = unsafe { refcnt_word(op) };
        // SAFETY: `refcnt` points into the live object's header.
        unsafe { *refcnt == _Py_IMMORTAL_REFCNT }
    }
}

/// `Py_INCREF`.
///
/// # Safety
/// `op` must point to a live object and the caller must hold the GIL.
#[inline(always)]
pub unsafe fn Py_INCREF(op: *mut PyObject) {
    #[cfg(any(py_debug, py_gil_disabled))]
    {
        // Debug builds keep `sys.gettotalrefcount()` exact and free-threaded
        // builds use biased counts: the exported function does both right.
        // SAFETY: forwarded from the caller.
        unsafe { Py_IncRef(op) }
    }
    #[cfg(all(target_pointer_width = "64", not(any(py_debug, py_gil_disabled))))]
    {
        // SAFETY: `op` points to a live object (caller).
        let low = unsafe { refcnt_low_half(op) };
        // A saturating add on the low half, which stays at the immortal value.
        // SAFETY: `low` points into the live object's header.
        let new = unsafe { *low }.wrapping_add(1);
        if new != 0 {
            // SAFETY: as above; the GIL (caller) excludes other writers.
            unsafe { *low = new };
        }
    }
    #[cfg(all(target_pointer_width = "32", not(any(py_debug, py_gil_disabled))))]
    {
        // Immortal objects keep their count.
        // SAFETY: `op` points to a live object (caller).
        if !unsafe { is_immortal(op) } {
            // SAFETY: as above.
            let refcnt = unsafe { refcnt_word(op) };
            // SAFETY: `refcnt` points into the live object's header; the GIL
            // (caller) excludes other writers.
            unsafe { *refcnt += 1 };
        }
    }
}

/// `Py_DECREF`.
///
/// # Safety
/// `op` must point to a live object owned by the caller (one reference is
/// given up) and the caller must hold the GIL.
#[inline(always)]
pub unsafe fn Py_DECREF(op: *mut PyObject) {
    #[cfg(any(py_debug, py_gil_disabled))]
    {
        // SAFETY: forwarded from the caller.
        unsafe { Py_DecRef(op) }
    }
    #[cfg(not(any(py_debug, py_gil_disabled)))]
    {
        // Immortal objects are never decremented, others are deallocated
        // when the count reaches zero.
        // SAFETY: `op` points to a live object (caller).
        if unsafe { is_immortal(op) } {
            return;
        }
        // SAFETY: as above.
        let refcnt = unsafe { refcnt_word(op) };
        // SAFETY: `refcnt` points into the live object's header; the GIL
        // (caller) excludes other writers.
        unsafe { *refcnt -= 1 };
        // SAFETY: as above.
        if unsafe { *refcnt } == 0 {
            // SAFETY: the caller owned this last reference, so nothing else
            // uses the object.
            unsafe { _Py_Dealloc(op) };
        }
    }
}

/// `Py_XDECREF`.
///
/// # Safety
/// As [`Py_DECREF`], or `op` is null.
#[inline(always)]
pub unsafe fn Py_XDECREF(op: *mut PyObject) {
    if !op.is_null() {
        // SAFETY: non-null, rest forwarded from the caller.
        unsafe { Py_DECREF(op) }
    }
}

// ---------------------------------------------------------------------------
// Object header access (Include/object.h, Include/cpython/*object.h).

/// `Py_TYPE`.
///
/// # Safety
/// `op` must point to a live object.
#[inline(always)]
pub unsafe fn Py_TYPE(op: *mut PyObject) -> *mut PyTypeObject {
    // SAFETY: forwarded from the caller.
    unsafe { (*op).ob_type }
}

/// `Py_SIZE`.
///
/// # Safety
/// `op` must point to a live variable-size object.
#[inline(always)]
pub unsafe fn Py_SIZE(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: forwarded from the caller.
    unsafe { (*(op as *mut PyVarObject)).ob_size }
}

/// `PyType_HasFeature` on the type's flags word.
///
/// # Safety
/// `tp` must point to a live type object.
#[inline(always)]
pub unsafe fn PyType_HasFeature(tp: *mut PyTypeObject, feature: u64) -> bool {
    // SAFETY: forwarded from the caller.
    unsafe { ((*tp).tp_flags & feature as core::ffi::c_ulong) != 0 }
}

macro_rules! fast_subclass_check {
    ($($name:ident => $flag:ident,)*) => {$(
        #[doc = concat!("The `", stringify!($name), "` macro (a flag test on the type).")]
        ///
        /// # Safety
        /// `op` must point to a live object.
        #[inline(always)]
        pub unsafe fn $name(op: *mut PyObject) -> bool {
            // SAFETY: forwarded from the caller.
            unsafe { PyType_HasFeature(Py_TYPE(op), $flag as u64) }
        }
    )*};
}

fast_subclass_check! {
    PyLong_Check => Py_TPFLAGS_LONG_SUBCLASS,
    PyBytes_Check => Py_TPFLAGS_BYTES_SUBCLASS,
    PyUnicode_Check => Py_TPFLAGS_UNICODE_SUBCLASS,
    PyTuple_Check => Py_TPFLAGS_TUPLE_SUBCLASS,
    PyType_Check => Py_TPFLAGS_TYPE_SUBCLASS,
    PyList_Check => Py_TPFLAGS_LIST_SUBCLASS,
}

/// `PyBytes_CheckExact`.
///
/// # Safety
/// `op` must point to a live object.
#[inline(always)]
pub unsafe fn PyBytes_CheckExact(op: *mut PyObject) -> bool {
    // SAFETY: `op` points to a live object (caller).
    let tp = unsafe { Py_TYPE(op) };
    tp == &raw mut PyBytes_Type
}

/// `PyBytes_AS_STRING`.
///
/// # Safety
/// `op` must point to a live `bytes` object.
#[inline(always)]
pub unsafe fn PyBytes_AS_STRING(op: *mut PyObject) -> *mut c_char {
    // SAFETY: forwarded from the caller.
    unsafe { (*(op as *mut PyBytesObject)).ob_sval.as_mut_ptr() }
}

/// `PyTuple_GET_ITEM`.
///
/// # Safety
/// `op` must point to a live tuple with more than `i` items.
#[inline(always)]
pub unsafe fn PyTuple_GET_ITEM(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    let tuple = op as *mut PyTupleObject;
    // SAFETY: `op` points to a live tuple (caller); only the address of its
    // item array is taken.
    let items = unsafe { &raw mut (*tuple).ob_item }.cast::<*mut PyObject>();
    // SAFETY: the tuple has more than `i` items (caller), so the slot lies in
    // its item array.
    let slot = unsafe { items.offset(i) };
    // SAFETY: `slot` holds an item of the live tuple.
    unsafe { *slot }
}

/// `PyTuple_SET_ITEM`: stores `v` in slot `i`, taking over its reference
/// (the slot's old value, if any, is not released).
///
/// # Safety
/// `op` must point to a live tuple with more than `i` items, and `v` must be
/// a strong reference the caller gives up.
#[inline(always)]
pub unsafe fn PyTuple_SET_ITEM(op: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) {
    let tuple = op as *mut PyTupleObject;
    // SAFETY: `op` points to a live tuple (caller); only the address of its
    // item array is taken.
    let items = unsafe { &raw mut (*tuple).ob_item }.cast::<*mut PyObject>();
    // SAFETY: the tuple has more than `i` items (caller), so the slot lies in
    // its item array.
    let slot = unsafe { items.offset(i) };
    // SAFETY: `slot` is a slot of the live tuple.
    unsafe { *slot = v };
}

/// `PyList_SET_ITEM`: stores `v` in slot `i`, taking over its reference
/// (the slot's old value, if any, is not released).
///
/// # Safety
/// `op` must point to a live list with more than `i` items, and `v` must be
/// a strong reference the caller gives up.
#[inline(always)]
pub unsafe fn PyList_SET_ITEM(op: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) {
    // SAFETY: `op` points to a live list (caller).
    let items = unsafe { _PyList_ITEMS(op) };
    // SAFETY: the list has more than `i` items (caller), so the slot lies in
    // its item array.
    let slot = unsafe { items.offset(i) };
    // SAFETY: `slot` is a slot of the live list.
    unsafe { *slot = v };
}

/// `PyList_CheckExact`.
///
/// # Safety
/// `op` must point to a live object.
#[inline(always)]
pub unsafe fn PyList_CheckExact(op: *mut PyObject) -> bool {
    // SAFETY: `op` points to a live object (caller).
    let tp = unsafe { Py_TYPE(op) };
    tp == &raw mut PyList_Type
}

/// `_PyList_ITEMS`: a list's item array (`PyList_GET_ITEM` is one slot of
/// it); `Py_SIZE` items long.
///
/// # Safety
/// `op` must point to a live list.
#[inline(always)]
pub unsafe fn _PyList_ITEMS(op: *mut PyObject) -> *mut *mut PyObject {
    // SAFETY: forwarded from the caller.
    unsafe { (*(op as *mut PyListObject)).ob_item }
}

// ---------------------------------------------------------------------------
// Singletons and constants that are macros in C.

/// `Py_None` (a borrowed, immortal reference).
#[inline(always)]
pub fn Py_None() -> *mut PyObject {
    // Only the address of the static is taken.
    &raw mut _Py_NoneStruct
}

/// `Py_True` (a borrowed, immortal reference).
#[inline(always)]
pub fn Py_True() -> *mut PyObject {
    (&raw mut _Py_TrueStruct) as *mut PyObject
}

/// `Py_False` (a borrowed, immortal reference).
#[inline(always)]
pub fn Py_False() -> *mut PyObject {
    (&raw mut _Py_FalseStruct) as *mut PyObject
}

/// `Py_NotImplemented` (a borrowed, immortal reference).
#[inline(always)]
pub fn Py_NotImplemented() -> *mut PyObject {
    &raw mut _Py_NotImplementedStruct
}

/// Values of the `Py_mod_multiple_interpreters` slot.
/// Whether the configured interpreter is free-threaded (`Py_GIL_DISABLED`).
pub const GIL_DISABLED: bool = cfg!(py_gil_disabled);

pub const Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED: *mut c_void = 0 as *mut c_void;
pub const Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED: *mut c_void = 1 as *mut c_void;
pub const Py_MOD_PER_INTERPRETER_GIL_SUPPORTED: *mut c_void = 2 as *mut c_void;
/// Values of the `Py_mod_gil` slot.
pub const Py_MOD_GIL_USED: *mut c_void = 0 as *mut c_void;
pub const Py_MOD_GIL_NOT_USED: *mut c_void = 1 as *mut c_void;

// ---------------------------------------------------------------------------
// Exported functions declared only in internal headers (Include/internal/
// pycore_modsupport.h).  Clinic-generated code of every built-in module calls
// them; using them gives byte-identical argument errors.  They are linked
// statically into the same binary, so hidden visibility does not matter.
extern "C" {
    pub fn _PyArg_UnpackKeywords(
        args: *const *mut PyObject,
        nargs: Py_ssize_t,
        kwargs: *mut PyObject,
        kwnames: *mut PyObject,
        parser: *mut _PyArg_Parser,
        minpos: c_int,
        maxpos: c_int,
        minkw: c_int,
        buf: *mut *mut PyObject,
    ) -> *const *mut PyObject;
    pub fn _PyArg_CheckPositional(
        name: *const c_char,
        nargs: Py_ssize_t,
        min: Py_ssize_t,
        max: Py_ssize_t,
    ) -> c_int;
    /// `Name() takes no keyword arguments` unless `kwargs` is null or empty
    /// (returns 1 when there are none).
    pub fn _PyArg_NoKeywords(funcname: *const c_char, kwargs: *mut PyObject) -> c_int;
    /// `Name() takes no positional arguments` unless the tuple `args` is
    /// empty (returns 1 when it is).
    pub fn _PyArg_NoPositional(funcname: *const c_char, args: *mut PyObject) -> c_int;
    /// `os.urandom` without blocking (pycore_pylifecycle.h).
    pub fn _PyOS_URandomNonblock(buffer: *mut c_void, size: Py_ssize_t) -> c_int;
    pub fn _PyArg_BadArgument(
        fname: *const c_char,
        displayname: *const c_char,
        expected: *const c_char,
        arg: *mut PyObject,
    );
    /// Clinic's `unsigned_short` converter (pycore_long.h): 1 on success.
    pub fn _PyLong_UnsignedShort_Converter(obj: *mut PyObject, result: *mut c_void) -> c_int;
}

// ---------------------------------------------------------------------------
// Timeouts as C modules convert them (Include/internal/pycore_time.h, all
// exported).  `round` is a `_PyTime_round_t`: an enum, passed as an int.

/// `_PyTime_ROUND_FLOOR`, `_CEILING`, `_HALF_EVEN`, `_UP`; `_PyTime_ROUND_TIMEOUT` is `_UP`.
pub const _PyTime_ROUND_FLOOR: c_int = 0;
pub const _PyTime_ROUND_CEILING: c_int = 1;
pub const _PyTime_ROUND_HALF_EVEN: c_int = 2;
pub const _PyTime_ROUND_UP: c_int = 3;

extern "C" {
    pub fn _PyTime_FromSecondsObject(result: *mut PyTime_t, obj: *mut PyObject, round: c_int) -> c_int;
    pub fn _PyTime_FromMillisecondsObject(result: *mut PyTime_t, obj: *mut PyObject, round: c_int) -> c_int;
    pub fn _PyTime_AsMilliseconds(t: PyTime_t, round: c_int) -> PyTime_t;
    pub fn _PyTime_AsMicroseconds(t: PyTime_t, round: c_int) -> PyTime_t;
    pub fn _PyDeadline_Init(timeout: PyTime_t) -> PyTime_t;
    pub fn _PyDeadline_Get(deadline: PyTime_t) -> PyTime_t;
}

// Exported functions of the runtime declared only in internal headers
// (pycore_pylifecycle.h).  The os module's converters come from
// Modules/posixmodule.h, which wrapper.h binds.
extern "C" {
    /// Whether the runtime or `interp` is finalizing.
    pub fn _Py_IsInterpreterFinalizing(interp: *mut PyInterpreterState) -> c_int;
}

// ---------------------------------------------------------------------------
// The compiler's opcode metadata (Include/internal/pycore_compile.h,
// pycore_code.h, pycore_optimizer.h), exported for the _opcode module.
extern "C" {
    pub fn _PyCompile_OpcodeIsValid(opcode: c_int) -> c_int;
    pub fn _PyCompile_OpcodeHasArg(opcode: c_int) -> c_int;
    pub fn _PyCompile_OpcodeHasConst(opcode: c_int) -> c_int;
    pub fn _PyCompile_OpcodeHasName(opcode: c_int) -> c_int;
    pub fn _PyCompile_OpcodeHasJump(opcode: c_int) -> c_int;
    pub fn _PyCompile_OpcodeHasFree(opcode: c_int) -> c_int;
    pub fn _PyCompile_OpcodeHasLocal(opcode: c_int) -> c_int;
    pub fn _PyCompile_OpcodeHasExc(opcode: c_int) -> c_int;
    /// The name of intrinsic `index` as a new str (null with an exception).
    pub fn _PyCompile_GetUnaryIntrinsicName(index: c_int) -> *mut PyObject;
    pub fn _PyCompile_GetBinaryIntrinsicName(index: c_int) -> *mut PyObject;
    #[cfg(py_stats)]
    fn _Py_GetSpecializationStats() -> *mut PyObject;
    #[cfg(py_tier2)]
    fn _Py_GetExecutor(code: *mut PyCodeObject, offset: c_int) -> *mut PyObject;
}

/// `ENABLE_SPECIALIZATION` (pycore_code.h): whether the interpreter
/// specializes bytecode, which the free-threaded build does not yet do.
pub const ENABLE_SPECIALIZATION: c_int = if cfg!(py_gil_disabled) { 0 } else { 1 };

/// `_Py_GetSpecializationStats()` in a `--enable-pystats` build (a new
/// reference, null with an exception); `None` in other builds, which do
/// not define it.
///
/// # Safety
/// The GIL must be held.
pub unsafe fn specialization_stats() -> Option<*mut PyObject> {
    #[cfg(py_stats)]
    // SAFETY: GIL held (caller).
    return Some(unsafe { _Py_GetSpecializationStats() });
    #[cfg(not(py_stats))]
    None
}

/// `_Py_GetExecutor(code, offset)` where the tier-2 optimizer is built (a
/// new reference, null with an exception); `None` in other builds, which
/// do not define it.
///
/// # Safety
/// The GIL must be held and `code` must point to a live code object.
pub unsafe fn executor_at(code: *mut PyObject, offset: c_int) -> Option<*mut PyObject> {
    #[cfg(py_tier2)]
    // SAFETY: a live code object, GIL held (caller).
    return Some(unsafe { _Py_GetExecutor(code.cast(), offset) });
    #[cfg(not(py_tier2))]
    {
        let _ = (code, offset);
        None
    }
}

// ---------------------------------------------------------------------------
// Numbers (Include/floatobject.h, longobject.h, boolobject.h) and the
// internal functions of the math module that have no public equivalent.

/// `PyFloat_CheckExact`.
///
/// # Safety
/// `op` must point to a live object.
#[inline(always)]
pub unsafe fn PyFloat_CheckExact(op: *mut PyObject) -> bool {
    // SAFETY: `op` points to a live object (caller).
    let tp = unsafe { Py_TYPE(op) };
    tp == &raw mut PyFloat_Type
}

/// `PyLong_CheckExact`.
///
/// # Safety
/// `op` must point to a live object.
#[inline(always)]
pub unsafe fn PyLong_CheckExact(op: *mut PyObject) -> bool {
    // SAFETY: `op` points to a live object (caller).
    let tp = unsafe { Py_TYPE(op) };
    tp == &raw mut PyLong_Type
}

/// `PyBool_Check` (bool cannot be subclassed).
///
/// # Safety
/// `op` must point to a live object.
#[inline(always)]
pub unsafe fn PyBool_Check(op: *mut PyObject) -> bool {
    // SAFETY: `op` points to a live object (caller).
    let tp = unsafe { Py_TYPE(op) };
    tp == &raw mut PyBool_Type
}

extern "C" {
    /// `type(obj).name` looked up on the type and bound, as the interpreter
    /// looks up special methods; null without an exception when missing
    /// (pycore_object.h).
    pub fn _PyObject_LookupSpecial(obj: *mut PyObject, name: *mut PyObject) -> *mut PyObject;
    /// `x` and `e` with `a == x * 2**e` and `0.5 <= abs(x) < 1`, `x`
    /// correctly rounded (pycore_long.h).
    pub fn _PyLong_Frexp(a: *mut PyLongObject, e: *mut Py_ssize_t) -> f64;
    /// `a << shift` and `a >> shift` of an int (pycore_long.h).
    pub fn _PyLong_Lshift(a: *mut PyObject, shift: usize) -> *mut PyObject;
    pub fn _PyLong_Rshift(a: *mut PyObject, shift: usize) -> *mut PyObject;
}

// ---------------------------------------------------------------------------
// Static object headers and str internals.

/// `PyObject_HEAD_INIT(NULL)`: the header of a statically allocated object
/// (a `PyModuleDef`), immortal so that no reference count reaches zero.
pub const fn PyObject_HEAD_INIT() -> PyObject {
    // SAFETY: `PyObject` is plain data (integers and pointers); all-zero is a
    // valid value, completed below.
    let mut head: PyObject = unsafe { core::mem::zeroed() };
    #[cfg(not(py_gil_disabled))]
    {
        head.__bindgen_anon_1.ob_refcnt = _Py_IMMORTAL_REFCNT;
    }
    #[cfg(py_gil_disabled)]
    {
        head.ob_ref_local = u32::MAX;
    }
    head
}

/// `PyUnicode_IS_ASCII` (every str is compact since 3.12).
///
/// # Safety
/// `op` must point to a live `str` object.
#[inline(always)]
pub unsafe fn PyUnicode_IS_ASCII(op: *mut PyObject) -> bool {
    // SAFETY: forwarded from the caller; `state` is a bitfield of PyASCIIObject.
    unsafe { (*(op as *mut PyASCIIObject)).state.ascii() != 0 }
}

/// `PyUnicode_GET_LENGTH`.
///
/// # Safety
/// `op` must point to a live `str` object.
#[inline(always)]
pub unsafe fn PyUnicode_GET_LENGTH(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: forwarded from the caller.
    unsafe { (*(op as *mut PyASCIIObject)).length }
}

/// The characters of a compact ASCII `str` (`PyUnicode_DATA` for that case).
///
/// # Safety
/// `op` must point to a live `str` object for which `PyUnicode_IS_ASCII` holds.
#[inline(always)]
pub unsafe fn PyUnicode_ASCII_DATA(op: *mut PyObject) -> *const u8 {
    // SAFETY: compact ASCII data directly follows the PyASCIIObject header.
    unsafe { (op as *mut PyASCIIObject).add(1) as *const u8 }
}
