//! `_struct`: conversions between Python values and C structs packed in
//! bytes, a Rust replacement for CPython's `Modules/_struct.c`.
//!
//! A `Struct` compiles its format once into a list of codes (`format.rs`);
//! packing and unpacking walk those codes (`codec.rs`).  The module-level
//! functions look the format up in a per-module cache of `Struct` objects,
//! as C does.

#![forbid(unsafe_code)]

mod codec;
mod format;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use cpython_safe::class::OwnedInstance;
use cpython_safe::class::slots::{self, Iterate, Members, Repr};
use cpython_safe::ffi;
use cpython_safe::module::ModuleDef;
use cpython_safe::prelude::*;
use cpython_safe::buffer::{Buffer, with_bytes, with_writable};
use cpython_safe::call::arg_buffer;
use cpython_safe::object::PyDict;

use format::{Code, FormatError, Layout};

cpython_safe::clinic_module!();

/// How many `Struct` objects the module-level functions keep (C's MAXCACHE:
/// the cache is emptied when it is full).
const MAX_CACHE: usize = 100;

struct State {
    /// Format object -> `Struct`, for the module-level functions.
    cache: Owned<PyDict>,
    struct_type: Owned<PyType>,
    unpack_iterator_type: Owned<PyType>,
    error: Owned<PyType>,
}

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let py = module.py();
        let cache = PyDict::new(py)?;
        let struct_type = STRUCT.create(module)?;
        module.add(c"Struct", &struct_type)?;
        let unpack_iterator_type = UNPACK_ITERATOR.create(module)?;
        let error = PyType::new_exception(py, c"struct.error", None)?;
        module.add(c"error", &error)?;
        Ok(State { cache, struct_type, unpack_iterator_type, error })
    }
}

cpython_safe::traverse!(State: cache, struct_type, unpack_iterator_type, error);

cpython_safe::module! {
    static MODULE: State = module c"_struct" from clinic {
        doc: clinic::module_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [_clearcache, calcsize, iter_unpack, pack, pack_into, unpack, unpack_from],
    }
}

impl State {
    /// Raises `struct.error(message)`.
    fn error(&self, message: &str) -> PyErr {
        PyErr::new(&self.error, message)
    }

    /// The error of a `Struct` used before `__init__` (whose NULL codes C
    /// would read).
    fn not_initialized(&self) -> PyErr {
        self.error("Struct.__init__() was not called")
    }

    /// The `Struct` of `format`, from the cache or made and cached.
    fn cached_struct(&self, format: &PyAny) -> PyResult<Owned> {
        if let Some(cached) = self.cache.get_item(format)? {
            return Ok(cached);
        }
        let compiled = self.struct_type.call1(format)?;
        if self.cache.len() >= MAX_CACHE {
            self.cache.clear();
        }
        // Caching is only an optimization: a failure is not the caller's.
        if let Err(err) = self.cache.set_item(format, &compiled) {
            err.clear();
        }
        Ok(compiled)
    }
}

/// Calls `body` with the `Struct` of the format `args[0]` (the
/// module-level functions; only `pack`'s and `pack_into`'s may be missing).
fn with_struct<R>(
    module: &Module<State>,
    args: &Args,
    body: impl FnOnce(&Instance<Struct>, &State) -> PyResult<R>,
) -> PyResult<R> {
    let py = module.py();
    let format = args.get(0).ok_or_else(|| exc::type_error(py, "missing format argument"))?;
    let state = module.state()?;
    let object = state.cached_struct(format)?;
    let this = STRUCT.downcast(&object).ok_or_else(|| exc::system_error(py, "the struct cache holds a non-Struct"))?;
    body(this, state)
}

// ---- Struct ----

/// What `Struct.__init__` sets: the format object (C's `s_format`: the
/// bytes given, or a str's ASCII encoding; None before `__init__`) and its
/// layout (C's `s_codes`: none before `__init__`).  A failed
/// re-initialization keeps the old layout (shared) with the new format, as
/// C does.
struct Compiled {
    format: Owned,
    layout: Option<Rc<Layout>>,
}

// The value mirrors C's PyStructObject field by field: _testbuffer reads
// `s_len` (the number of items) straight from the object, and Python sees
// C's `__basicsize__` and `__weakrefoffset__` (the weak reference list is
// the instance's last word, past this value: see BASIC_SIZE).
#[repr(C)]
struct Struct {
    /// C's `s_size` and `s_len`: the size and number of items, -1 before
    /// `__init__`.
    size: Cell<isize>,
    len: Cell<isize>,
    // C's `s_codes` and `s_format` in one word, swapped whole by __init__;
    // each call works on its own reference, so a re-initialization during
    // a call (from an item's __index__) cannot free the codes under it.
    // Never None outside `compiled()`.
    compiled: Cell<Option<Rc<Compiled>>>,
}

impl Struct {
    #[inline]
    fn compiled(&self) -> Rc<Compiled> {
        let compiled = self.compiled.take().expect("a compiled format");
        self.compiled.set(Some(compiled.clone()));
        compiled
    }
}

static STRUCT_MEMBERS: Members<Struct> = slots::trailing_weakref_members::<Struct>();

impl Compiled {
    fn layout(&self, state: &State) -> PyResult<&Layout> {
        self.layout.as_deref().ok_or_else(|| state.not_initialized())
    }
}

// `Struct.__init__(format)`'s signature (clinic generates only its
// docstring: C's tp_init is not a method).
cpython_safe::signatures! {
    INIT as Struct(format) in 1..=1, parser INIT_PARSER = clinic::Struct___init____doc__;
}

impl PyClass for Struct {
    type State = State;

    fn module_def() -> &'static ModuleDef<State> {
        &MODULE
    }

    fn new(cls: &PyType, _args: &PyTuple, _kwargs: Option<&PyAny>) -> PyResult<Self> {
        let py = cls.py();
        Ok(Struct {
            size: Cell::new(-1),
            len: Cell::new(-1),
            compiled: Cell::new(Some(Rc::new(Compiled { format: py.none(), layout: None }))),
        })
    }

    const HAS_INIT: bool = true;

    fn init(this: &Instance<Self>, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<()> {
        let py = this.py();
        let mut buf = arg_buffer();
        let args = Args::from_tuple(&INIT_PARSER, args, kwargs, &mut buf)?;
        let format: &PyAny = args.convert(0)?;
        let format: Owned = match format.downcast::<PyStr>() {
            Some(text) => text.encode_ascii()?.into_any(),
            None if format.downcast::<PyBytes>().is_some() => format.to_owned(),
            None => {
                // C's "%.200s" of `_PyType_Name`, the name without its module.
                let name = format.get_type().short_name().to_bytes();
                let name = String::from_utf8_lossy(&name[..name.len().min(200)]);
                let message = format!("Struct() argument 1 must be a str or bytes object, not {name}");
                return Err(exc::type_error(py, &message));
            }
        };
        let value = this.value();
        let (layout, failure) = match format::parse(format.downcast::<PyBytes>().expect("bytes").as_bytes()) {
            Ok(layout) => {
                value.size.set(layout.size as isize);
                value.len.set(layout.len as isize);
                (Some(Rc::new(layout)), None)
            }
            Err(err) => (value.compiled().layout.clone(), Some(err)),
        };
        value.compiled.set(Some(Rc::new(Compiled { format, layout })));
        match failure {
            None => Ok(()),
            Some(FormatError::Invalid(message)) => Err(this.module_state()?.error(message)),
            Some(FormatError::NoMemory) => Err(exc::no_memory(py)),
        }
    }

    // Instances refer to their heap type and their format: the collector
    // must see them.
    const HAS_GC: bool = true;

    const EXTRA_SLOTS: &'static [&'static [Slot<Self>]] = &[&[slots::repr::<Self>(), slots::members(&STRUCT_MEMBERS)]];
    const EXTRA_FLAGS: TypeFlags = TypeFlags::IMMUTABLE;

    /// C's `sizeof(PyStructObject)`: the header, `s_size`, `s_len`,
    /// `s_codes`, `s_format` and `weakreflist`.
    const BASIC_SIZE: Option<usize> = Some(size_of::<ffi::PyObject>() + 5 * size_of::<usize>());
}

cpython_safe::traverse!(Struct: compiled);
cpython_safe::traverse!(Compiled: format);

impl Repr for Struct {
    /// C's `"%s(%R)"` of the type's short name and the format, built from
    /// Python strings (a format may be as large as memory allows).
    fn repr(this: &Instance<Self>) -> PyResult<Owned> {
        let py = this.py();
        let format = format_str(&this.value().compiled())?.repr()?;
        let head = PyStr::decode_utf8(py, &[this.get_type().short_name().to_bytes(), b"("].concat())?;
        let body = PyStr::concat(&head, &format)?;
        Ok(PyStr::concat(&body, &*PyStr::new(py, ")")?)?.into_any())
    }
}

/// The format as a str (None before `__init__`).
fn format_str(compiled: &Compiled) -> PyResult<Owned> {
    let py = compiled.format.py();
    match compiled.format.downcast::<PyBytes>() {
        Some(format) => Ok(PyStr::decode_utf8(py, format.as_bytes())?.into_any()),
        None => Ok(py.none()),
    }
}

cpython_safe::class! {
    static STRUCT: Struct = class c"_struct.Struct" from clinic {
        doc: clinic::s__doc__,
        subclassable: true,
        methods: [
            struct_iter_unpack = Struct_iter_unpack,
            struct_pack = s_pack,
            struct_pack_into = s_pack_into,
            struct_unpack = Struct_unpack,
            struct_unpack_from = Struct_unpack_from,
            struct_sizeof = s_sizeof,
        ],
        getters: [
            format = get_format: Some(clinic::s_getsetlist__format),
            size = get_size: Some(clinic::s_getsetlist__size),
        ],
    }
}

fn get_format(this: &Instance<Struct>) -> PyResult<Owned> {
    format_str(&this.value().compiled())
}

fn get_size(this: &Instance<Struct>) -> PyResult<i64> {
    Ok(this.value().size.get() as i64)
}

fn struct_sizeof(this: &Instance<Struct>, _args: &Args) -> PyResult<i64> {
    let compiled = this.value().compiled();
    let codes = compiled.layout.as_ref().map_or(0, |layout| layout.codes.len());
    // The object, its codes and their terminator (C's code is as large as ours).
    Ok((this.get_type().basic_size() + (codes + 1) * size_of::<Code>()) as i64)
}

/// Results up to this size are packed on the stack, then copied into a new
/// bytes object, as C does (so a one-byte result is CPython's shared
/// one-byte object, as in C); larger ones are packed in place.
const SMALL_PACK: usize = 64;

/// `S.pack(v1, v2, ...)` for the values `args[skip..]`.
fn pack_values(this: &Instance<Struct>, state: &State, args: &Args, skip: usize) -> PyResult<Owned<PyBytes>> {
    let py = this.py();
    let given = args.len() - skip;
    let expected = this.value().len.get();
    if given as isize != expected {
        return Err(state.error(&format!("pack expected {expected} items for packing (got {given})")));
    }
    let compiled = this.value().compiled();
    let layout = compiled.layout(state)?;
    let values = args.iter_from(skip);
    if layout.size <= SMALL_PACK {
        let mut small = [0u8; SMALL_PACK];
        let out = &mut small[..layout.size];
        codec::pack(layout, values, Cell::from_mut(out).as_slice_of_cells(), &state.error)?;
        PyBytes::new(py, out)
    } else {
        PyBytes::new_with(py, layout.size, |out| {
            codec::pack(layout, values, Cell::from_mut(out).as_slice_of_cells(), &state.error)?;
            Ok(layout.size)
        })
    }
}

/// `"pack_into expected N items for packing (got M)"`.
fn pack_into_count_error(state: &State, expected: isize, given: usize) -> PyErr {
    state.error(&format!("pack_into expected {expected} items for packing (got {given})"))
}

/// The offset of a record of `size` bytes in a buffer of `len` bytes,
/// checked as `pack_into` (`packing`) and `unpack_from` do: a negative
/// `offset` counts from the end.
#[inline(always)]
fn record_offset(state: &State, offset: isize, size: isize, len: isize, packing: bool) -> PyResult<usize> {
    let start = if offset < 0 { offset + len } else { offset };
    if (offset < 0 && (offset + size > 0 || start < 0)) || len - start < size {
        return Err(offset_error(state, offset, size, len, packing));
    }
    Ok(start as usize)
}

/// Why [`record_offset`] refuses an offset, in C's words.
#[cold]
fn offset_error(state: &State, offset: isize, size: isize, len: isize, packing: bool) -> PyErr {
    let (function, action, no_room) = match packing {
        true => ("pack_into", "packing", "no space to pack"),
        false => ("unpack_from", "unpacking", "not enough data to unpack"),
    };
    if offset < 0 && offset + size > 0 {
        return state.error(&format!("{no_room} {size} bytes at offset {offset}"));
    }
    if offset < 0 && offset + len < 0 {
        return state.error(&format!("offset {offset} out of range for {len}-byte buffer"));
    }
    let offset = if offset < 0 { offset + len } else { offset };
    state.error(&format!(
        "{function} requires a buffer of at least {} bytes for {action} {size} bytes at offset {offset} \
         (actual buffer size is {len})",
        (size as usize).wrapping_add(offset as usize)
    ))
}

/// `S.pack_into(buffer, offset, v1, v2, ...)` for `args[skip..]`.
fn pack_values_into(this: &Instance<Struct>, state: &State, args: &Args, skip: usize) -> PyResult<()> {
    let py = this.py();
    let nargs = args.len() - skip;
    let expected = this.value().len.get();
    if nargs as isize != expected + 2 {
        return Err(match nargs {
            0 => state.error("pack_into expected buffer argument"),
            1 => state.error("pack_into expected offset argument"),
            _ => pack_into_count_error(state, expected, nargs - 2),
        });
    }
    let (Some(target), Some(offset)) = (args.get(skip), args.get(skip + 1)) else {
        // One argument for a Struct that was never initialized (-1 items).
        return Err(state.not_initialized());
    };
    with_writable(target, |buffer| {
        let offset = offset.to_ssize_raising(exc::IndexError(py))?;
        // The target's exporter and the offset's __index__ may have
        // re-initialized the Struct: C packs with the codes it has now.
        let compiled = this.value().compiled();
        let layout = compiled.layout(state)?;
        if layout.len != nargs - 2 {
            // (C would read past its arguments.)
            return Err(pack_into_count_error(state, layout.len as isize, nargs - 2));
        }
        let offset = record_offset(state, offset, layout.size as isize, buffer.len() as isize, true)?;
        // Packed in place, as C does: a failure leaves the items before it
        // written, and what an item's __index__ writes to the buffer stays
        // unless a later item overwrites it.  The buffer is only ever seen
        // as cells, which Python code may write between two of our writes.
        let target = &buffer.as_cells()[offset..][..layout.size];
        codec::pack(layout, args.iter_from(skip + 2), target, &state.error)
    })
}

/// `S.unpack(buffer)` of the buffer `args[skip]` (converted before the
/// Struct's fields are read, as C's clinic does).
fn unpack_bytes(this: &Instance<Struct>, state: &State, args: &Args, skip: usize) -> PyResult<Owned<PyTuple>> {
    with_bytes(args.convert(skip)?, |data| {
        let compiled = this.value().compiled();
        let size = this.value().size.get();
        if data.len() as isize != size {
            return Err(state.error(&format!("unpack requires a buffer of {size} bytes")));
        }
        codec::unpack(this.py(), compiled.layout(state)?, data, 0)
    })
}

/// `S.unpack_from(buffer, offset)` of `args[skip..]`: the offset is
/// converted after the buffer, as clinic does, and may run Python code
/// that writes to the buffer; its bytes are read last.
fn unpack_bytes_from(this: &Instance<Struct>, state: &State, args: &Args, skip: usize) -> PyResult<Owned<PyTuple>> {
    with_bytes(args.convert(skip)?, |data| {
        let offset: isize = args.convert_or(skip + 1, 0)?;
        let compiled = this.value().compiled();
        let offset = record_offset(state, offset, this.value().size.get(), data.len() as isize, false)?;
        codec::unpack(this.py(), compiled.layout(state)?, data, offset)
    })
}

/// Checks that a Struct of `size` bytes can unpack a buffer of `len` bytes
/// item by item.
fn check_iter_unpack(state: &State, size: isize, len: usize) -> PyResult<()> {
    if size == 0 {
        return Err(state.error("cannot iteratively unpack with a struct of length 0"));
    }
    if len as isize % size != 0 {
        return Err(state.error(&format!("iterative unpacking requires a buffer of a multiple of {size} bytes")));
    }
    Ok(())
}

/// `S.iter_unpack(buffer)` of the buffer `args[skip]`.
fn iter_unpack_buffer(this: &Instance<Struct>, state: &State, args: &Args, skip: usize) -> PyResult<Owned> {
    check_iter_unpack(state, this.value().size.get(), 0)?;
    let buffer = Buffer::simple(args.convert(skip)?)?;
    // The size again: the buffer's exporter may have re-initialized the Struct.
    check_iter_unpack(state, this.value().size.get(), buffer.len())?;
    let source = Source { owner: this.to_owned_instance(), buffer };
    let iter = UnpackIter { source: RefCell::new(Some(source)), index: Cell::new(0) };
    UNPACK_ITERATOR.instantiate(&state.unpack_iterator_type, iter)
}

// ---- The unpack iterator ----

struct UnpackIter {
    /// Released once exhausted.
    source: RefCell<Option<Source>>,
    index: Cell<usize>,
}

/// What the iterator reads: the buffer, held (a bytearray cannot resize
/// meanwhile), with the `Struct` whose current codes unpack each record,
/// as in C.
struct Source {
    owner: OwnedInstance<Struct>,
    buffer: Buffer,
}

impl PyClass for UnpackIter {
    type State = State;

    fn module_def() -> &'static ModuleDef<State> {
        &MODULE
    }

    const HAS_GC: bool = true;

    const EXTRA_SLOTS: &'static [&'static [Slot<Self>]] = &[&slots::iterator::<Self>()];
    const EXTRA_FLAGS: TypeFlags = TypeFlags::IMMUTABLE.union(TypeFlags::DISALLOW_INSTANTIATION);

    /// C's `sizeof(unpackiterobject)`: the header, the Struct, a
    /// `Py_buffer` and the index.
    const BASIC_SIZE: Option<usize> =
        Some(size_of::<ffi::PyObject>() + size_of::<usize>() + size_of::<ffi::Py_buffer>() + size_of::<isize>());
}

cpython_safe::traverse!(UnpackIter: source);
cpython_safe::traverse!(Source: owner, buffer);

impl Iterate for UnpackIter {
    fn next(this: &Instance<Self>) -> PyResult<Option<Owned>> {
        let py = this.py();
        let iter = this.value();
        let guard = iter.source.borrow();
        let Some(Source { owner, buffer }) = guard.as_ref() else {
            return Ok(None);
        };
        let at = iter.index.get();
        if at >= buffer.len() {
            // Exhausted: release the buffer and the Struct (unless a
            // re-entrant call uses them), outside the borrow: the release
            // may run Python code (an exporter's __release_buffer__) that
            // uses the iterator again.
            drop(guard);
            let released = iter.source.try_borrow_mut().map(|mut source| source.take());
            drop(released);
            return Ok(None);
        }
        let compiled = owner.value().compiled();
        let left = buffer.len() - at;
        let layout = match compiled.layout.as_ref() {
            // The next record fits: read it, whatever the Struct's size is
            // now (C reads it too).
            Some(layout) if layout.size != 0 && layout.size <= left => layout,
            // A Struct re-initialized since to an empty format or to a
            // record longer than what is left (where C would loop forever
            // or read past the buffer) ends the iteration with
            // iter_unpack's own error.
            Some(layout) => {
                let state = this.module_state()?;
                return Err(check_iter_unpack(state, layout.size as isize, left).expect_err("a size that does not fit"));
            }
            None => return Err(this.module_state()?.not_initialized()),
        };
        iter.index.set(at + layout.size);
        Ok(Some(codec::unpack(py, layout, &buffer.bytes(), at)?.into_any()))
    }
}

/// The iterator's one method, which C defines without a docstring.
mod iterator_methods {
    cpython_safe::signatures! {
        LENGTH_HINT as __length_hint__: NoArgs = c"";
    }
}

cpython_safe::class! {
    static UNPACK_ITERATOR: UnpackIter = class c"_struct.unpack_iterator" from iterator_methods {
        doc: c"",
        subclassable: false,
        methods: [length_hint_of = LENGTH_HINT],
    }
}

fn length_hint_of(this: &Instance<UnpackIter>, _args: &Args) -> PyResult<i64> {
    let iter = this.value();
    // By the Struct's size now, as C (-1 before `__init__`; C divides by zero).
    Ok(iter.source.borrow().as_ref().map_or(0, |source| {
        let size = source.owner.value().size.get();
        ((source.buffer.len() - iter.index.get()) as isize).checked_div(size).unwrap_or(0) as i64
    }))
}

// ---- Module functions ----

fn _clearcache(module: &Module<State>, _args: &Args) -> PyResult<()> {
    module.state()?.cache.clear();
    Ok(())
}

fn calcsize(module: &Module<State>, args: &Args) -> PyResult<i64> {
    with_struct(module, args, |this, _| Ok(this.value().size.get() as i64))
}

/// Each `Struct` method here, whose body takes the values `args[skip..]`,
/// is also a module-level function, whose first argument is the format
/// (as C's clinic converts it to a cached `Struct`).
macro_rules! method_and_function {
    ($($method:ident and $function:ident = $body:ident -> $result:ty;)*) => {$(
        fn $method(this: &Instance<Struct>, args: &Args) -> PyResult<$result> {
            $body(this, this.module_state()?, args, 0)
        }

        fn $function(module: &Module<State>, args: &Args) -> PyResult<$result> {
            with_struct(module, args, |this, state| $body(this, state, args, 1))
        }
    )*};
}

method_and_function! {
    struct_pack and pack = pack_values -> Owned<PyBytes>;
    struct_pack_into and pack_into = pack_values_into -> ();
    struct_unpack and unpack = unpack_bytes -> Owned<PyTuple>;
    struct_unpack_from and unpack_from = unpack_bytes_from -> Owned<PyTuple>;
    struct_iter_unpack and iter_unpack = iter_unpack_buffer -> Owned;
}
