//! `array`: compact arrays of machine values (`Modules/arraymodule.c`).
//!
//! An array's items live in a byte buffer ([`ExportableBytes`]) that other
//! objects can view through the buffer protocol; while a view exists the
//! array cannot change size ("cannot resize an array that is exporting
//! buffers").  The buffer is allocated with `PyMem_Malloc` and resized by
//! C's `array_resize` policy, so memory tools and `sys.getsizeof` see what
//! they see with C's module.  Converting an item can run Python code
//! (`__index__`, `__float__`, `__eq__`), so no borrow of the bytes is ever
//! held across such a call: items are converted first and stored
//! afterwards, and lengths are read after every call, as the C module does.

#![forbid(unsafe_code)]

mod descr;

use std::cell::Cell;

use cpython_safe::buffer::export::{self, BufferExport, BytesMut, ExportableBytes, PyMemBytes};
use cpython_safe::class::{no_keywords, OwnedInstance};
use cpython_safe::class::slots::{self, Iterate, Repr, WeakrefList};
use cpython_safe::module::ModuleDef;
use cpython_safe::prelude::*;
use cpython_safe::class::seq::{self, CompareOp, ItemAccess, Iterable, Mapping, RichCompare, Sequence};
use cpython_safe::warn;
use cpython_safe::call::check_tuple_count;
use cpython_safe::alloc::try_with_capacity;
use cpython_safe::buffer::HeldBytes;
use cpython_safe::object::import_attr;

use descr::{Descr, Items, Raw, DESCRIPTORS};

cpython_safe::clinic_module!();

/// Per-module state: the module's two classes.
struct State {
    array_type: Owned<PyType>,
    iter_type: Owned<PyType>,
}

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let py = module.py();
        let array_type = ARRAY.create(module)?;
        cpython_safe::class::getitem::add_generic_alias(&array_type)?;
        let iter_type = ARRAY_ITER.create(module)?;
        // Arrays are mutable sequences for isinstance() (C registers them).
        import_attr(py, c"collections.abc", c"MutableSequence")?
            .getattr(c"register")?
            .call(&[&array_type])?;
        module.add(c"ArrayType", &array_type)?;
        module.add(c"array", &array_type)?;
        let typecodes: String = DESCRIPTORS.iter().map(|d| d.typecode as char).collect();
        module.add(c"typecodes", &*PyStr::new(py, &typecodes)?)?;
        Ok(State {
            array_type,
            iter_type,
        })
    }
}

cpython_safe::traverse!(State: array_type, iter_type);

cpython_safe::module! {
    static MODULE: State = module c"array" from clinic {
        doc: clinic::module_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [_array_reconstructor],
    }
}

/// An `array.array` instance.
struct Array {
    /// The items, tagged with their descriptor's index in DESCRIPTORS
    /// (a byte, where a pointer would make the object larger than C's).
    data: ExportableBytes<u8>,
    weakrefs: WeakrefList,
}

const RESIZE_EXPORTED: &str = "cannot resize an array that is exporting buffers";

impl Array {
    fn new(descr: &'static Descr, bytes: PyMemBytes) -> Array {
        // The descriptor's place in the table, without a search (this is
        // on every slice's and copy's path).
        let index = (descr as *const Descr as usize - DESCRIPTORS.as_ptr() as usize) / std::mem::size_of::<Descr>();
        debug_assert!(std::ptr::eq(&DESCRIPTORS[index], descr));
        Array {
            data: ExportableBytes::new(bytes, index as u8),
            weakrefs: WeakrefList::default(),
        }
    }

    #[inline(always)]
    fn descr(&self) -> &'static Descr {
        &DESCRIPTORS[self.data.tag() as usize]
    }

    fn len(&self) -> usize {
        self.descr().count(self.data.borrow().len())
    }

    fn get(&self, py: Python<'_>, index: usize) -> PyResult<Owned> {
        self.descr().item(py, &self.data.borrow(), index)
    }

    /// Item `index` if the array has it.
    #[inline(always)]
    fn get_checked(&self, py: Python<'_>, index: usize) -> Option<PyResult<Owned>> {
        descr::take_item(py, self, index, |_| ())
    }

    fn set(&self, index: usize, raw: Raw) {
        self.descr().write(&mut self.data.borrow_mut(), index, raw);
    }

    /// The bytes, to change their size (C's `array_resize` check).
    fn resizable(&self, py: Python<'_>) -> PyResult<BytesMut<'_, PyMemBytes>> {
        self.data
            .resizable()
            .ok_or_else(|| exc::buffer_error(py, RESIZE_EXPORTED))
    }

    /// Removes items `start..stop`, clamped to the current length (C's
    /// `array_del_slice`: a callback may have shrunk the array).
    fn delete(&self, py: Python<'_>, start: usize, stop: usize) -> PyResult<()> {
        let size = self.descr().itemsize;
        let len = self.len();
        let start = start.min(len);
        let stop = stop.clamp(start, len);
        if start == stop {
            return Ok(());
        }
        let mut data = self.resizable(py)?;
        data.copy_within(stop * size..len * size, start * size);
        data.resize(py, (len - (stop - start)) * size, size)
    }

    /// Inserts `value` at `index` (clamped as list.insert), as C's `ins1`:
    /// the value is converted once to check it, the array grows by one
    /// from its size before that, and the value is converted again to be
    /// stored (a hostile `__index__` sees what it would see in C).
    fn insert_object(&self, index: isize, value: &PyAny) -> PyResult<()> {
        let py = value.py();
        let n = self.len();
        self.descr().convert(value)?;
        let size = self.descr().itemsize;
        let at = if index < 0 {
            (index + n as isize).max(0) as usize
        } else {
            (index as usize).min(n)
        };
        {
            let mut data = self.resizable(py)?;
            data.resize(py, (n + 1) * size, size)?;
            data.copy_within(at * size..n * size, (at + 1) * size);
        }
        store(self, at, value)
    }

    fn append_object(&self, value: &PyAny) -> PyResult<()> {
        self.insert_object(isize::MAX, value)
    }

    /// A copy of the items, allocated to their size.
    fn bytes_copy(&self, py: Python<'_>) -> PyResult<PyMemBytes> {
        PyMemBytes::try_copy(py, &self.data.borrow())
    }
}

impl Items for &Array {
    #[inline(always)]
    fn items(&self) -> &ExportableBytes<u8> {
        &self.data
    }
}

impl Items for OwnedInstance<Array> {
    #[inline(always)]
    fn items(&self) -> &ExportableBytes<u8> {
        &self.value().data
    }
}

/// A new plain `array.array` (as C's `newarrayobject(state->ArrayType, ...)`).
fn new_array(state: &State, descr: &'static Descr, bytes: PyMemBytes) -> PyResult<Owned> {
    ARRAY.instantiate(&state.array_type, Array::new(descr, bytes))
}

/// `obj` as an array of this module object's array type (C's
/// `array_Check(obj, state)`: arrays of another `array` module, after a
/// re-import, are foreign objects).
fn as_array<'a>(state: &State, obj: &'a PyAny) -> Option<&'a Instance<Array>> {
    ARRAY.downcast(obj).filter(|_| obj.is_instance_of_type(&state.array_type))
}

impl PyClass for Array {
    type State = State;

    fn module_def() -> &'static ModuleDef<State> {
        &MODULE
    }

    fn new(cls: &PyType, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<Self> {
        let py = cls.py();
        let state = Instance::<Array>::class_state(cls)?;
        let own_init =
            cls.as_ptr() == state.array_type.as_ptr() || inherits_init(cls, &state.array_type);
        if own_init {
            no_keywords(c"array.array", kwargs)?;
        }
        check_tuple_count(py, "array", args.len(), 1, 2)?;
        let code = args.get(0).expect("one argument or two");
        construct(state, typecode_arg(code, "array() argument 1")?, args.get(1))
    }

    // Tracked by the garbage collector as C's arrays are (a subclass's
    // instance can be part of a cycle through its __dict__); the value
    // holds no Python object, so the collector never clears it.
    const HAS_GC: bool = true;
    const CLEARED_BY_GC: bool = false;

    const EXTRA_SLOTS: &'static [&'static [Slot<Self>]] = &[
        &seq::sequence::<Array>(),
        &seq::mapping::<Array>(),
        &export::slots::<Array>(),
        &[seq::richcompare::<Array>(), seq::iter::<Array>()],
        &[slots::repr::<Array>(), slots::members(&ARRAY_MEMBERS)],
    ];
    const EXTRA_FLAGS: TypeFlags = TypeFlags::IMMUTABLE.union(TypeFlags::SEQUENCE);
}

cpython_safe::traverse!(Array);

fn inherits_init(cls: &PyType, array_type: &PyType) -> bool {
    // Subclasses that keep array's __init__ (object's) refuse keywords too.
    cls.getattr(c"__init__")
        .ok()
        .zip(array_type.getattr(c"__init__").ok())
        .is_some_and(|(a, b)| a.is(&b))
}

/// The "C" converter: a str of length 1, as a byte (non-ASCII codes are
/// never valid typecodes; 0 stands for them).
fn typecode_arg(obj: &PyAny, what: &str) -> PyResult<u8> {
    let py = obj.py();
    let Some(text) = obj.downcast::<PyStr>().filter(|text| text.len() == 1) else {
        // The converter's message: "%.50s" of the type's name, or None.
        let name = if obj.is_none() { "None".into() } else { obj.type_name(50) };
        return Err(exc::type_error(py, &format!("{what} must be a unicode character, not {name}")));
    };
    let code = text.char_at(0)?;
    Ok(if code < 128 { code as u8 } else { 0 })
}

/// C's `array_new` once its arguments are parsed.
fn construct(state: &State, code: u8, initial: Option<&PyAny>) -> PyResult<Array> {
    let py = state.array_type.py();
    cpython_safe::sys::audit(py, c"array.__new__", (char::from(code), initial.unwrap_or(&py.none())))?;
    if code == b'u' {
        warn::deprecation(py, c"The 'u' type code is deprecated and will be removed in Python 3.16", 1)?;
    }
    check_initializer(state, code, initial)?;
    // Other iterables are iterated after the array is made, but C
    // asks for their iterator before it checks the typecode.
    let iterator = match initial {
        Some(initial) if !is_direct_initializer(state, code, initial) => Some(initial.get_iter()?),
        _ => None,
    };
    let Some(descr) = Descr::find(code) else {
        return Err(exc::value_error(py, "bad typecode (must be b, B, u, w, h, H, i, I, l, L, q, Q, f or d)"));
    };
    match iterator {
        Some(iterator) => Ok(Array::new(descr, iterated_bytes(descr, &iterator)?)),
        None => Ok(Array::new(descr, initial_bytes(state, descr, initial)?)),
    }
}

fn check_initializer(state: &State, code: u8, initial: Option<&PyAny>) -> PyResult<()> {
    let is_unicode = code == b'u' || code == b'w';
    let Some(initial) = initial else {
        return Ok(());
    };
    let py = initial.py();
    if is_unicode {
        return Ok(());
    }
    if initial.downcast::<PyStr>().is_some() {
        let message = format!("cannot use a str to initialize an array with typecode '{}'", code as char);
        return Err(exc::type_error(py, &message));
    }
    if let Some(other) = as_array(state, initial) {
        if other.value().descr().is_unicode() {
            let message = format!("cannot use a unicode array to initialize an array with typecode '{}'", code as char);
            return Err(exc::type_error(py, &message));
        }
    }
    Ok(())
}

/// The items of a new array from its initializer, allocated as C's
/// `array_new` does: a sequence's or array's exactly, bytes by
/// `frombytes`'s growth.
fn initial_bytes(state: &State, descr: &'static Descr, initial: Option<&PyAny>) -> PyResult<PyMemBytes> {
    let Some(initial) = initial else {
        return Ok(PyMemBytes::new());
    };
    let py = initial.py();
    if let Some(other) = as_array(state, initial) {
        if other.value().descr().typecode == descr.typecode {
            return other.value().bytes_copy(py);
        }
    }
    if initial.downcast::<PyList>().is_some() || initial.downcast::<PyTuple>().is_some() {
        let items = cpython_safe::object::SequenceItems::new(initial)?;
        let len = initial.len()?;
        let size = descr.itemsize;
        let nbytes = len.checked_mul(size).ok_or_else(|| exc::no_memory(py))?;
        let mut bytes = PyMemBytes::try_zeroed(py, nbytes)?;
        for i in 0..len {
            let raw = descr.convert(&*items.get(i as isize)?)?;
            bytes[i * size..(i + 1) * size].copy_from_slice(raw.bytes(size));
        }
        return Ok(bytes);
    }
    if initial.downcast::<PyBytes>().is_some() || initial.is_bytearray() {
        let source = BytesLike::new(initial)?;
        check_whole_items(py, descr, source.len())?;
        let mut bytes = PyMemBytes::new();
        bytes.extend_from_held(py, &source, descr.itemsize)?;
        return Ok(bytes);
    }
    if let Some(text) = initial.downcast::<PyStr>().filter(|_| descr.is_unicode()) {
        let mut bytes = PyMemBytes::try_zeroed(py, code_points_size(text)?)?;
        write_code_points(text, &mut bytes);
        return Ok(bytes);
    }
    iterated_bytes(descr, &*initial.get_iter()?)
}

/// Whether C copies `initial` directly rather than iterating over it.
fn is_direct_initializer(state: &State, code: u8, initial: &PyAny) -> bool {
    initial.downcast::<PyList>().is_some()
        || initial.downcast::<PyTuple>().is_some()
        || initial.downcast::<PyBytes>().is_some()
        || initial.is_bytearray()
        || (matches!(code, b'u' | b'w') && initial.downcast::<PyStr>().is_some())
        || as_array(state, initial).is_some_and(|other| other.value().descr().typecode == code)
}

/// The items of an iterator, converted one by one (and grown as C's
/// appends grow an array).
fn iterated_bytes(descr: &Descr, iterator: &PyAny) -> PyResult<PyMemBytes> {
    let py = iterator.py();
    let mut bytes = PyMemBytes::new();
    while let Some(item) = iterator.iter_next()? {
        bytes.extend_from_slice(py, descr.convert(&item)?.bytes(descr.itemsize), descr.itemsize)?;
    }
    Ok(bytes)
}

fn check_whole_items(py: Python<'_>, descr: &Descr, len: usize) -> PyResult<()> {
    if len % descr.itemsize != 0 {
        return Err(exc::value_error(py, "bytes length not a multiple of item size"));
    }
    Ok(())
}

/// The size of a str's code points as 4-byte items (`wchar_t` is UCS-4
/// here, so 'u' and 'w' store the same).
fn code_points_size(text: &PyStr) -> PyResult<usize> {
    text.len().checked_mul(4).ok_or_else(|| exc::no_memory(text.py()))
}

/// Writes a str's code points into `out` ([`code_points_size`] bytes).
fn write_code_points(text: &PyStr, out: &mut [u8]) {
    let items = out.chunks_exact_mut(4);
    cpython_safe::str_units!(text.data(), units => {
        items.zip(units).for_each(|(item, &c)| item.copy_from_slice(&u32::from(c).to_ne_bytes()))
    })
}

static ARRAY_MEMBERS: slots::Members<Array> = cpython_safe::weakref_members!(Array, weakrefs);

cpython_safe::class! {
    static ARRAY: Array = class c"array.array" from clinic {
        doc: clinic::arraytype_doc,
        subclassable: true,
        methods: [
            append = array_append,
            buffer_info = array_buffer_info,
            byteswap = array_byteswap,
            clear = array_clear,
            __copy__ = array___copy__,
            count = array_count,
            __copy__ = array___deepcopy__,
            extend = array_extend,
            frombytes = array_frombytes,
            fromfile = array_fromfile,
            fromlist = array_fromlist,
            fromunicode = array_fromunicode,
            index = array_index,
            insert = array_insert,
            pop = array_pop,
            __reduce_ex__ = array___reduce_ex__,
            remove = array_remove,
            reverse = array_reverse,
            tofile = array_tofile,
            tolist = array_tolist,
            tobytes = array_tobytes,
            tounicode = array_tounicode,
            __sizeof__ = array___sizeof__,
        ],
        getters: [
            typecode = get_typecode: Some(clinic::array_getsets__typecode),
            itemsize = get_itemsize: Some(clinic::array_getsets__itemsize),
        ],
    }
}

fn get_typecode(this: &Instance<Array>) -> PyResult<Owned> {
    let py = this.py();
    Ok(PyStr::from_ordinal(py, this.value().descr().typecode.into())?.into_any())
}

fn get_itemsize(this: &Instance<Array>) -> PyResult<Owned> {
    let py = this.py();
    Ok(PyInt::from_u64(py, this.value().descr().itemsize as u64)?.into_any())
}

// ---- the sequence and mapping protocols ----

impl ItemAccess for Array {
    fn len(this: &Instance<Self>) -> PyResult<usize> {
        Ok(this.value().len())
    }

    fn item(this: &Instance<Self>, index: isize) -> PyResult<Owned> {
        let py = this.py();
        if index < 0 {
            return Err(exc::index_error(py, "array index out of range"));
        }
        this.value()
            .get_checked(py, index as usize)
            .unwrap_or_else(|| Err(exc::index_error(py, "array index out of range")))
    }

    fn ass_item(this: &Instance<Self>, index: isize, value: Option<&PyAny>) -> PyResult<()> {
        let py = this.py();
        let array = this.value();
        if index < 0 || index as usize >= array.len() {
            return Err(exc::index_error(py, "array assignment index out of range"));
        }
        match value {
            None => array.delete(py, index as usize, index as usize + 1),
            Some(value) => store(array, index as usize, value),
        }
    }
}

impl Sequence for Array {
    fn concat(this: &Instance<Self>, other: &PyAny) -> PyResult<Owned> {
        let py = this.py();
        let state = this.module_state()?;
        let Some(other) = as_array(state, other) else {
            let name = other.type_name(200);
            return Err(exc::type_error(py, &format!("can only append array (not \"{name}\") to array")));
        };
        let array = this.value();
        if !std::ptr::eq(array.descr(), other.value().descr()) {
            return Err(bad_argument(py));
        }
        let bytes = PyMemBytes::try_concat(py, &array.data.borrow(), &other.value().data.borrow())?;
        new_array(state, array.descr(), bytes)
    }

    fn repeat(this: &Instance<Self>, count: isize) -> PyResult<Owned> {
        let py = this.py();
        let array = this.value();
        let bytes = PyMemBytes::try_repeat(py, &array.data.borrow(), count.max(0) as usize)?;
        new_array(this.module_state()?, array.descr(), bytes)
    }

    fn inplace_concat(this: &Instance<Self>, other: &PyAny) -> PyResult<()> {
        let py = this.py();
        let state = this.module_state()?;
        if as_array(state, other).is_none() {
            let name = other.type_name(200);
            return Err(exc::type_error(py, &format!("can only extend array with array (not \"{name}\")")));
        }
        extend_with(state, this.value(), other)
    }

    fn inplace_repeat(this: &Instance<Self>, count: isize) -> PyResult<()> {
        let py = this.py();
        let array = this.value();
        let len = array.data.borrow().len();
        if len > 0 && count != 1 {
            // As C: a size that cannot be is MemoryError before a live
            // export is BufferError.
            let count = count.max(0) as usize;
            if len.checked_mul(count).is_none_or(|total| total > isize::MAX as usize) {
                return Err(exc::no_memory(py));
            }
            array.resizable(py)?.repeat_in_place(py, count, array.descr().itemsize)?;
        }
        Ok(())
    }

    fn contains(this: &Instance<Self>, value: &PyAny) -> PyResult<bool> {
        Ok(find(this.value(), value, 0, isize::MAX)?.is_some())
    }
}

/// Items `start`, `start + step`, ... (`length` of them, `N` bytes each).
fn gather<const N: usize>(data: &[u8], out: &mut [u8], start: isize, step: isize) {
    for (k, item) in out.chunks_exact_mut(N).enumerate() {
        let at = (start + k as isize * step) as usize * N;
        item.copy_from_slice(&data[at..at + N]);
    }
}

/// `PyErr_BadArgument()`.
fn bad_argument(py: Python<'_>) -> PyErr {
    exc::type_error(py, "bad argument type for built-in operation")
}

/// Converts `value` (which may run Python code), then stores it at
/// `index` if the array still has it.
fn store(array: &Array, index: usize, value: &PyAny) -> PyResult<()> {
    let raw = array.descr().convert(value)?;
    if index < array.len() {
        array.set(index, raw);
    }
    Ok(())
}

/// The first index in `start..stop` (C's adjusted bounds) whose item
/// equals `value`.
fn find(array: &Array, value: &PyAny, start: isize, stop: isize) -> PyResult<Option<usize>> {
    let py = value.py();
    let mut i = start.max(0) as usize;
    // The length is re-read on every step: `__eq__` may change the array.
    while (i as isize) < stop {
        let Some(item) = array.get_checked(py, i) else {
            break;
        };
        if item?.rich_compare_bool(value, CompareOp::Eq)? {
            return Ok(Some(i));
        }
        i += 1;
    }
    Ok(None)
}

impl Mapping for Array {
    fn subscript(this: &Instance<Self>, key: &PyAny) -> PyResult<Owned> {
        let py = this.py();
        let array = this.value();
        if key.has_index() {
            let mut index = key.to_ssize_raising(exc::IndexError(py))?;
            let len = array.len() as isize;
            if index < 0 {
                index += len;
            }
            return ItemAccess::item(this, index);
        }
        if !key.is_slice() {
            return Err(exc::type_error(py, "array indices must be integers"));
        }
        let (start, _stop, step, length) = key.slice_indices(|| array.len())?;
        let size = array.descr().itemsize;
        let bytes = {
            let data = array.data.borrow();
            if step == 1 {
                PyMemBytes::try_copy(py, &data[start as usize * size..(start as usize + length) * size])?
            } else {
                let mut out = PyMemBytes::try_zeroed(py, length * size)?;
                match size {
                    1 => gather::<1>(&data, &mut out, start, step),
                    2 => gather::<2>(&data, &mut out, start, step),
                    4 => gather::<4>(&data, &mut out, start, step),
                    _ => gather::<8>(&data, &mut out, start, step),
                }
                out
            }
        };
        new_array(this.module_state()?, array.descr(), bytes)
    }

    fn ass_subscript(this: &Instance<Self>, key: &PyAny, value: Option<&PyAny>) -> PyResult<()> {
        let py = this.py();
        let array = this.value();
        // The bounds' __index__ may change the array: lengths are read
        // after them.
        let (start, mut stop, step, length);
        if key.has_index() {
            let mut index = key.to_ssize_raising(exc::IndexError(py))?;
            let len = array.len() as isize;
            if index < 0 {
                index += len;
            }
            if index < 0 || index >= len {
                return Err(exc::index_error(py, "array assignment index out of range"));
            }
            match value {
                Some(value) => return store(array, index as usize, value),
                None => (start, stop, step, length) = (index, index + 1, 1, 1),
            }
        } else if key.is_slice() {
            (start, stop, step, length) = key.slice_indices(|| array.len())?;
        } else {
            return Err(exc::type_error(py, "array indices must be integers"));
        }
        let other = match value {
            None => None,
            Some(value) => match as_array(this.module_state()?, value) {
                Some(other) if std::ptr::eq(other.as_ptr(), this.as_ptr()) => {
                    // `a[i:j] = a`: assign a copy, as C does (which reads
                    // the key again).
                    let copy = new_array(this.module_state()?, array.descr(), array.bytes_copy(py)?)?;
                    return Mapping::ass_subscript(this, key, Some(&copy));
                }
                Some(other) if std::ptr::eq(other.value().descr(), array.descr()) => Some(other.value()),
                Some(_) => return Err(bad_argument(py)),
                None => {
                    let message = format!("can only assign array (not \"{}\") to array slice", value.type_name(200));
                    return Err(exc::type_error(py, &message));
                }
            },
        };
        let size = array.descr().itemsize;
        let new_items = other.map(|other| other.data.borrow());
        let new_items: &[u8] = new_items.as_deref().map_or(&[], |items| items);
        let needed = new_items.len() / size;
        // For 'a[2:1] = ...' the insertion point is start, not stop.
        if (step > 0 && stop < start) || (step < 0 && stop > start) {
            stop = start;
        }
        if (needed == 0 || length != needed) && array.data.exports() > 0 {
            return Err(exc::buffer_error(py, RESIZE_EXPORTED));
        }
        if step == 1 {
            // A step-1 slice has 0 <= start <= stop (a reversed one may stop at -1).
            let (start_at, stop_at) = (start as usize * size, stop as usize * size);
            if length != needed {
                let mut data = array.resizable(py)?;
                let len = data.len();
                let new_len = len - length * size + needed * size;
                if length > needed {
                    data.copy_within(stop_at..len, start_at + needed * size);
                    data.resize(py, new_len, size)?;
                } else {
                    data.resize(py, new_len, size)?;
                    data.copy_within(stop_at..len, start_at + needed * size);
                }
            }
            array.data.borrow_mut()[start_at..start_at + new_items.len()].copy_from_slice(new_items);
            return Ok(());
        }
        if needed == 0 {
            // Delete an extended slice: the kept runs between its items
            // move down.
            let (mut start, mut step) = (start as usize, step);
            if step < 0 {
                start = (start as isize + step * (length as isize - 1)) as usize;
                step = -step;
            }
            let step = step as usize;
            let mut data = array.resizable(py)?;
            let len = data.len() / size;
            for k in 0..length {
                let item = start + k * step;
                let run_end = (item + step).min(len);
                data.copy_within((item + 1) * size..run_end * size, (item - k) * size);
            }
            let after = start + length * step;
            if after < len {
                data.copy_within(after * size..len * size, (after - length) * size);
            }
            return data.resize(py, (len - length) * size, size);
        }
        if needed != length {
            let message = format!("attempt to assign array of size {needed} to extended slice of size {length}");
            return Err(exc::value_error(py, &message));
        }
        let mut data = array.data.borrow_mut();
        for (k, item) in new_items.chunks_exact(size).enumerate() {
            let at = (start + k as isize * step) as usize * size;
            data[at..at + size].copy_from_slice(item);
        }
        Ok(())
    }
}

impl BufferExport for Array {
    type Tag = u8;

    fn bytes(this: &Instance<Self>) -> &ExportableBytes<u8> {
        &this.value().data
    }

    fn format(this: &Instance<Self>) -> &'static std::ffi::CStr {
        this.value().descr().format
    }

    fn itemsize(this: &Instance<Self>) -> usize {
        this.value().descr().itemsize
    }
}

impl RichCompare for Array {
    fn richcompare(this: &Instance<Self>, other: &PyAny, op: CompareOp) -> PyResult<Owned> {
        let py = this.py();
        let Some(other) = as_array(this.module_state()?, other) else {
            return Ok(py.not_implemented());
        };
        let (va, wa) = (this.value(), other.value());
        let (vlen, wlen) = (va.len(), wa.len());
        if vlen != wlen && matches!(op, CompareOp::Eq | CompareOp::Ne) {
            return Ok(py.bool(op == CompareOp::Ne));
        }
        if std::ptr::eq(va.descr(), wa.descr()) {
            // Same kind of items: compared in Rust, with Python's results
            // (NaN is unequal to everything, as two float objects are).
            let ordering = va.descr().compare(&va.data.borrow(), &wa.data.borrow());
            return Ok(py.bool(match ordering {
                Some(ordering) => op.holds(ordering),
                None => op == CompareOp::Ne,
            }));
        }
        // Search for the first index where the items differ.
        let mut i = 0;
        let mut differ = None;
        while i < va.len() && i < wa.len() {
            let (vi, wi) = (va.get(py, i)?, wa.get(py, i)?);
            if !vi.rich_compare_bool(&wi, CompareOp::Eq)? {
                differ = Some((vi, wi));
                break;
            }
            i += 1;
        }
        match differ {
            None => Ok(py.bool(op.holds(va.len().cmp(&wa.len())))),
            Some(_) if op == CompareOp::Eq => Ok(py.bool(false)),
            Some(_) if op == CompareOp::Ne => Ok(py.bool(true)),
            Some((vi, wi)) => vi.rich_compare(&wi, op),
        }
    }
}

impl Repr for Array {
    fn repr(this: &Instance<Self>) -> PyResult<Owned> {
        let py = this.py();
        let array = this.value();
        let name = this.get_type().short_name().to_string_lossy().into_owned();
        let code = array.descr().typecode as char;
        if array.len() == 0 {
            return Ok(PyStr::new(py, &format!("{name}('{code}')"))?.into_any());
        }
        let items = if array.descr().is_unicode() {
            unicode_of(py, this.value())?
        } else {
            list_of(py, this.value())?
        };
        let items = items.repr()?;
        let items = items.to_utf8()?;
        Ok(PyStr::new(py, &format!("{name}('{code}', {items})"))?.into_any())
    }
}

impl Iterable for Array {
    fn iter(this: &Instance<Self>) -> PyResult<Owned> {
        let state = this.module_state()?;
        ARRAY_ITER.instantiate(
            &state.iter_type,
            ArrayIter {
                array: Cell::new(Some(this.to_owned_instance())),
                index: Cell::new(0),
            },
        )
    }
}

// ---- methods ----

fn append(this: &Instance<Array>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    this.value().append_object(args.convert(0)?)?;
    Ok(py.none())
}

fn buffer_info(this: &Instance<Array>, _args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let array = this.value();
    let (address, len) = {
        let data = array.data.borrow();
        (data.address(), data.len() / array.descr().itemsize)
    };
    let (address, len) = (PyInt::from_u64(py, address as u64)?, PyInt::from_u64(py, len as u64)?);
    Ok(PyTuple::pair(&address, &len)?.into_any())
}

fn byteswap(this: &Instance<Array>, _args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let array = this.value();
    let size = array.descr().itemsize;
    if !matches!(size, 1 | 2 | 4 | 8) {
        return Err(exc::runtime_error(py, "don't know how to byteswap this array type"));
    }
    array
        .data
        .borrow_mut()
        .chunks_exact_mut(size)
        .for_each(<[u8]>::reverse);
    Ok(py.none())
}

fn clear(this: &Instance<Array>, _args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let array = this.value();
    if array.len() != 0 {
        array.resizable(py)?.resize(py, 0, array.descr().itemsize)?;
    }
    Ok(py.none())
}

fn __copy__(this: &Instance<Array>, _args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let array = this.value();
    new_array(this.module_state()?, array.descr(), array.bytes_copy(py)?)
}

fn count(this: &Instance<Array>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let value: &PyAny = args.convert(0)?;
    let array = this.value();
    let mut found = 0u64;
    let mut i = 0;
    while let Some(item) = array.get_checked(py, i) {
        if item?.rich_compare_bool(value, CompareOp::Eq)? {
            found += 1;
        }
        i += 1;
    }
    Ok(PyInt::from_u64(py, found)?.into_any())
}

fn index(this: &Instance<Array>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let value: &PyAny = args.convert(0)?;
    let array = this.value();
    let mut start = args.get(1).map_or(Ok(0), PyAny::slice_index)?;
    let mut stop = args.get(2).map_or(Ok(isize::MAX), PyAny::slice_index)?;
    let len = array.len() as isize;
    if start < 0 {
        start = (start + len).max(0);
    }
    if stop < 0 {
        stop += len;
    }
    match find(array, value, start, stop)? {
        Some(i) => Ok(PyInt::from_u64(py, i as u64)?.into_any()),
        None => Err(exc::value_error(py, "array.index(x): x not in array")),
    }
}

fn remove(this: &Instance<Array>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let array = this.value();
    match find(array, args.convert(0)?, 0, isize::MAX)? {
        Some(i) => array.delete(py, i, i + 1).map(|()| py.none()),
        None => Err(exc::value_error(py, "array.remove(x): x not in array")),
    }
}

fn pop(this: &Instance<Array>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let array = this.value();
    let mut i: isize = args.convert_or(0, -1)?;
    let len = array.len() as isize;
    if len == 0 {
        return Err(exc::index_error(py, "pop from empty array"));
    }
    if i < 0 {
        i += len;
    }
    if i < 0 || i >= len {
        return Err(exc::index_error(py, "pop index out of range"));
    }
    let item = array.get(py, i as usize)?;
    array.delete(py, i as usize, i as usize + 1)?;
    Ok(item)
}

/// C's `array_do_extend`.
fn extend_with(state: &State, array: &Array, other: &PyAny) -> PyResult<()> {
    let py = other.py();
    let Some(other) = as_array(state, other) else {
        let iterator = other.get_iter()?;
        while let Some(item) = iterator.iter_next()? {
            array.append_object(&item)?;
        }
        return Ok(());
    };
    let other = other.value();
    if !std::ptr::eq(other.descr(), array.descr()) {
        return Err(exc::type_error(py, "can only extend with array of same kind"));
    }
    let size = array.descr().itemsize;
    if std::ptr::eq(other, array) {
        // `a.extend(a)`: the bytes cannot be borrowed twice.
        let len = array.data.borrow().len();
        if len == 0 {
            return Ok(());
        }
        if len > isize::MAX as usize / 2 {
            return Err(exc::no_memory(py));
        }
        return array.resizable(py)?.repeat_in_place(py, 2, size);
    }
    let items = other.data.borrow();
    if array.data.borrow().len().checked_add(items.len()).is_none_or(|total| total > isize::MAX as usize) {
        return Err(exc::no_memory(py));
    }
    if !items.is_empty() {
        array.resizable(py)?.extend_from_slice(py, &items, size)?;
    }
    Ok(())
}

fn extend(this: &Instance<Array>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    extend_with(this.module_state()?, this.value(), args.convert(0)?)?;
    Ok(py.none())
}

fn insert(this: &Instance<Array>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let i: isize = args.convert(0)?;
    this.value()
        .insert_object(i, args.get(1).expect("clinic checked"))?;
    Ok(py.none())
}

fn reverse(this: &Instance<Array>, _args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let array = this.value();
    let size = array.descr().itemsize;
    let mut data = array.data.borrow_mut();
    let n = data.len() / size;
    for i in 0..n / 2 {
        let (head, tail) = data.split_at_mut((n - 1 - i) * size);
        head[i * size..(i + 1) * size].swap_with_slice(&mut tail[..size]);
    }
    Ok(py.none())
}

fn frombytes_into(py: Python<'_>, array: &Array, bytes: &HeldBytes) -> PyResult<()> {
    check_whole_items(py, array.descr(), bytes.len())?;
    if !bytes.is_empty() {
        array.resizable(py)?.extend_from_held(py, bytes, array.descr().itemsize)?;
    }
    Ok(())
}

fn frombytes(this: &Instance<Array>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let buffer: BytesLike = args.convert(0)?;
    if buffer.itemsize() != 1 {
        return Err(exc::type_error(py, "a bytes-like object is required"));
    }
    frombytes_into(py, this.value(), &buffer)?;
    Ok(py.none())
}

fn tobytes(this: &Instance<Array>, _args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let bytes = PyBytes::new(py, &this.value().data.borrow())?;
    Ok(bytes.into_any())
}

fn fromfile(this: &Instance<Array>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let file: &PyAny = args.convert(0)?;
    let n: isize = args.convert(1)?;
    let array = this.value();
    if n < 0 {
        return Err(exc::value_error(py, "negative count"));
    }
    let size = array.descr().itemsize as isize;
    if n > isize::MAX / size {
        return Err(exc::no_memory(py));
    }
    let nbytes = n * size;
    let read = PyStr::intern(py, c"read")?;
    let count = PyInt::from_i64(py, nbytes as i64)?;
    let data = file.call_method(&read, &[&count])?;
    let Some(data) = data.downcast::<PyBytes>() else {
        return Err(exc::type_error(py, "read() didn't return bytes"));
    };
    let not_enough = data.as_bytes().len() != nbytes as usize;
    frombytes_into(py, array, &BytesLike::borrowed(data.as_bytes()))?;
    if not_enough {
        return Err(exc::eof_error(py, "read() didn't return enough bytes"));
    }
    Ok(py.none())
}

fn tofile(this: &Instance<Array>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    // Written in blocks, so a huge array is not copied all at once.
    const BLOCKSIZE: usize = 64 * 1024;
    let file: &PyAny = args.convert(0)?;
    let array = this.value();
    let nbytes = array.data.borrow().len();
    let write = PyStr::intern(py, c"write")?;
    let mut offset = 0;
    while offset < nbytes {
        let block = {
            let data = array.data.borrow();
            let end = (offset + BLOCKSIZE).min(nbytes).min(data.len());
            PyBytes::new(py, &data[offset.min(end)..end])?
        };
        file.call_method(&write, &[&block])?;
        offset += BLOCKSIZE;
    }
    Ok(py.none())
}

fn fromlist(this: &Instance<Array>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let list: &PyAny = args.convert(0)?;
    let Some(list) = list.downcast::<PyList>() else {
        return Err(exc::type_error(py, "arg must be list"));
    };
    let array = this.value();
    let n = list.len();
    if n == 0 {
        return Ok(py.none());
    }
    // As C: grow first, then store each item at its place counted from
    // the (re-read) end; on error shrink back.
    let size = array.descr().itemsize;
    let old_size = array.len();
    array.resizable(py)?.resize(py, (old_size + n) * size, size)?;
    let shrink_back = || {
        if let Some(mut data) = array.data.resizable() {
            // Shrinking fails only if it cannot (MemoryError): the first
            // error is the one reported.
            let _ = data.resize(py, old_size * size, size);
        }
    };
    for i in 0..n {
        let item = list
            .get(i)
            .expect("the list's size is checked after every item");
        // The place is counted from the end before the conversion (which
        // may change the array), as C does; a place gone is not written.
        let at = array.len() as isize - n as isize + i as isize;
        let raw = match array.descr().convert(&item) {
            Ok(raw) => raw,
            Err(err) => {
                shrink_back();
                return Err(err);
            }
        };
        if at >= 0 && (at as usize) < array.len() {
            array.set(at as usize, raw);
        }
        if list.len() != n {
            shrink_back();
            return Err(exc::runtime_error(py, "list changed size during iteration"));
        }
    }
    Ok(py.none())
}

fn tolist(this: &Instance<Array>, _args: &Args) -> PyResult<Owned> {
    let py = this.py();
    list_of(py, this.value())
}

fn list_of(py: Python<'_>, array: &Array) -> PyResult<Owned> {
    // Making int, float and str items runs no Python code: the bytes can
    // stay borrowed.
    let data = array.data.borrow();
    let descr = array.descr();
    let list = PyList::build(py, data.len() / descr.itemsize, |i| descr.item(py, &data, i))?;
    Ok(list.into_any())
}

fn fromunicode(this: &Instance<Array>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let text: &PyAny = args.convert(0)?;
    let Some(text) = text.downcast::<PyStr>() else {
        let name = text.get_type().short_name().to_string_lossy();
        return Err(exc::type_error(py, &format!("fromunicode() argument must be str, not {name}")));
    };
    let array = this.value();
    if !array.descr().is_unicode() {
        return Err(exc::value_error(py, "fromunicode() may only be called on unicode type arrays ('u' or 'w')"));
    }
    if !text.is_empty() {
        let old_len = array.data.borrow().len();
        let new_len = old_len.checked_add(code_points_size(text)?).ok_or_else(|| exc::no_memory(py))?;
        let mut data = array.resizable(py)?;
        data.resize(py, new_len, 4)?;
        write_code_points(text, &mut data[old_len..]);
    }
    Ok(py.none())
}

fn tounicode(this: &Instance<Array>, _args: &Args) -> PyResult<Owned> {
    let py = this.py();
    unicode_of(py, this.value())
}

fn unicode_of(py: Python<'_>, array: &Array) -> PyResult<Owned> {
    if !array.descr().is_unicode() {
        return Err(exc::value_error(py, "tounicode() may only be called on unicode type arrays ('u' or 'w')"));
    }
    if array.descr().typecode == b'w' {
        let text = PyStr::decode_utf32_native(py, &array.data.borrow())?;
        return Ok(text.into_any());
    }
    // 'u' is wchar_t: any code point, surrogates included.
    let items = array.data.borrow();
    let mut chars: Vec<u32> = try_with_capacity(py, items.len() / 4)?;
    chars.extend(items.chunks_exact(4).map(|c| u32::from_ne_bytes([c[0], c[1], c[2], c[3]])));
    drop(items);
    if let Some(bad) = chars.iter().find(|&&c| c > 0x10ffff) {
        return Err(exc::value_error(py, &format!("character U+{bad:x} is not in range [U+0000; U+10ffff]")));
    }
    Ok(PyStr::from_ucs4(py, &chars)?.into_any())
}

fn __sizeof__(this: &Instance<Array>, _args: &Args) -> PyResult<Owned> {
    let py = this.py();
    // C's `allocated` items (what the buffer holds, used or not).
    let allocated = this.value().data.borrow().capacity();
    Ok(PyInt::from_u64(py, (this.get_type().basic_size() + allocated) as u64)?.into_any())
}

fn __reduce_ex__(this: &Instance<Array>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let value: &PyAny = args.convert(0)?;
    let array = this.value();
    if !value.is_int() {
        return Err(exc::type_error(py, "__reduce_ex__ argument should be an integer"));
    }
    let protocol = value.to_c_long()?;
    let dict = this.getattr_optional(&*PyStr::intern(py, c"__dict__")?)?.unwrap_or_else(|| py.none());
    let class = this.get_type();
    let typecode = PyStr::from_ordinal(py, array.descr().typecode.into())?;
    if protocol < 3 {
        let call_args = PyTuple::pair(&typecode, &*list_of(py, array)?)?;
        return Ok(PyTuple::new(py, &[class, &call_args, &dict])?.into_any());
    }
    let reconstructor = import_attr(py, c"array", c"_array_reconstructor")?;
    let mformat = PyInt::from_i64(py, array.descr().mformat.into())?;
    let bytes = PyBytes::new(py, &array.data.borrow())?;
    let call_args = PyTuple::new(py, &[class, &typecode, &mformat, &bytes])?;
    Ok(PyTuple::new(py, &[&reconstructor, &call_args, &dict])?.into_any())
}

fn _array_reconstructor(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let state = module.state()?;
    let arraytype: &PyAny = args.convert(0)?;
    let code = typecode_arg(
        args.get(1).expect("clinic checked"),
        "_array_reconstructor() argument 2",
    )?;
    let mformat: i32 = args.convert(2)?;
    let items: &PyAny = args.convert(3)?;
    let Some(class) = arraytype.downcast::<PyType>() else {
        let name = arraytype.type_name(200);
        return Err(exc::type_error(py, &format!("first argument must be a type object, not {name}")));
    };
    if !class.is_subtype(&state.array_type) {
        let (name, array_name) = (class.name().to_string_lossy(), state.array_type.name().to_string_lossy());
        return Err(exc::type_error(py, &format!("{name} is not a subtype of {array_name}")));
    }
    let Some(descr) = Descr::find(code) else {
        return Err(exc::value_error(py, "second argument must be a valid type code"));
    };
    if !(descr::MFORMAT_MIN..=descr::MFORMAT_MAX).contains(&mformat) {
        return Err(exc::value_error(py, "third argument must be a valid machine format code."));
    }
    let Some(items) = items.downcast::<PyBytes>() else {
        return Err(exc::type_error(py, &format!("fourth argument should be bytes, not {}", items.type_name(200))));
    };
    if mformat == descr.mformat || mformat == descr::UNKNOWN_FORMAT {
        return make_array(state, class, descr.typecode, items);
    }
    let (typecode, converted) = descr::decode_machine_format(descr.typecode, mformat, items)?;
    make_array(state, class, typecode, &converted)
}

/// C's `make_array`: `array.__new__(class, typecode, initializer)`.
fn make_array(state: &State, class: &PyType, typecode: u8, initializer: &PyAny) -> PyResult<Owned> {
    let array = construct(state, typecode, Some(initializer))?;
    ARRAY.instantiate(class, array)
}

// ---- the iterator ----

/// An `array.arrayiterator`: the array until exhausted, and the position.
struct ArrayIter {
    // A Cell, not a RefCell: `next` takes the array out and puts it back
    // around a read that runs no Python code, and nothing else holds it.
    // No copy of the array's item reader, which C's keeps: the object
    // stays as small as C's (`__basicsize__`).
    array: Cell<Option<OwnedInstance<Array>>>,
    index: Cell<usize>,
}

impl ArrayIter {
    /// `f` of the array (None once exhausted).
    fn with_array<R>(&self, f: impl FnOnce(Option<&Instance<Array>>) -> R) -> R {
        let array = self.array.take();
        let result = f(array.as_deref());
        self.array.set(array);
        result
    }
}

impl PyClass for ArrayIter {
    type State = State;

    fn module_def() -> &'static ModuleDef<State> {
        &MODULE
    }

    const HAS_GC: bool = true;

    const EXTRA_SLOTS: &'static [&'static [Slot<Self>]] = &[&slots::iterator::<Self>()];
    const EXTRA_FLAGS: TypeFlags = TypeFlags::IMMUTABLE.union(TypeFlags::DISALLOW_INSTANTIATION);
}

cpython_safe::traverse!(ArrayIter: array);

cpython_safe::class! {
    static ARRAY_ITER: ArrayIter = class c"array.arrayiterator" from clinic {
        doc: c"",
        subclassable: false,
        methods: [
            __reduce__ = arrayiterator___reduce__,
            __setstate__ = arrayiterator___setstate__,
        ],
    }
}

impl Iterate for ArrayIter {
    #[inline]
    fn next(this: &Instance<Self>) -> PyResult<Option<Owned>> {
        let py = this.py();
        let it = this.value();
        let Some(array) = it.array.take() else {
            return Ok(None);
        };
        let index = it.index.get();
        // The array and position are stored back before the item's object
        // is made.  Exhausted, the array is let go, and stays so (its finalizer may
        // call next() again, and finds it gone).
        let item = descr::take_item(py, array, index, |array| {
            it.index.set(index + 1);
            it.array.set(Some(array));
        });
        item.transpose()
    }
}

fn __reduce__(this: &Instance<ArrayIter>, _args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let iter = import_attr(py, c"builtins", c"iter")?;
    let it = this.value();
    let array = it.with_array(|array| array.map(|array| PyAny::to_owned(array)));
    let reduced = match array {
        None => PyTuple::pair(&iter, &*PyTuple::new(py, &[&*PyTuple::new(py, &[])?])?),
        Some(array) => {
            let index = PyInt::from_u64(py, it.index.get() as u64)?;
            PyTuple::new(py, &[&iter, &*PyTuple::new(py, &[&array])?, &index])
        }
    };
    Ok(reduced?.into_any())
}

fn __setstate__(this: &Instance<ArrayIter>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let state: &PyAny = args.convert(0)?;
    let index = state.to_ssize()?;
    let it = this.value();
    // An exhausted iterator stays so.
    if let Some(len) = it.with_array(|array| array.map(|array| array.value().len())) {
        it.index.set(index.max(0).min(len as isize) as usize);
    }
    Ok(py.none())
}
