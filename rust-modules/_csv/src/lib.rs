//! `_csv`: the parser and writer behind Python's `csv` module.
//!
//! A drop-in replacement for CPython's `Modules/_csv.c`: the `Dialect`
//! class, `reader` and `writer` objects, the dialect registry and
//! `field_size_limit`.  The reader runs the C module's state machine over
//! each line in the line's own storage kind, copying runs of ordinary
//! characters at once ([`reader`]); the writer decides quoting with one
//! scan per field and builds each line in one buffer ([`writer`]).
//!
//! As in C, a reader's parser state and a writer's line live in the object
//! (callbacks into Python that read or write on the same object see and
//! leave C's state), the buffers grow fallibly (`MemoryError`), and the
//! objects show C's size and C's referents to the garbage collector.

#![forbid(unsafe_code)]

mod dialect;
mod reader;
mod text;
mod writer;

use core::cell::Cell;

use cpython_safe::object::PyDict;

use cpython_safe::prelude::*;

use dialect::{DIALECT, QUOTE_STYLES};

cpython_safe::clinic_module!();

/// The signatures: clinic's, and those of the functions and slots that
/// parse their own arguments in C (`PyArg_UnpackTuple`,
/// `PyArg_ParseTupleAndKeywords`).
#[allow(non_upper_case_globals)]
mod signatures {
    pub use super::clinic::*;

    cpython_safe::signatures! {
        reader: TupleKeywords = csv_reader_doc;
        writer: TupleKeywords = csv_writer_doc;
        register_dialect: TupleKeywords = csv_register_dialect_doc;
        csv_writerow as writerow: Object = csv_writerow_doc;
        csv_writerows as writerows: Object = csv_writerows_doc;
        dialect_reduce as __reduce__: Tuple = dialect_reduce_doc;
        dialect_reduce_ex as __reduce_ex__: Tuple = dialect_reduce_doc;
        // `Dialect.__new__`'s `"|OOOOOOOOO"`: unnamed, so errors say "function".
        dialect_new as Dialect(
            dialect, delimiter, doublequote, escapechar, lineterminator, quotechar, quoting, skipinitialspace, strict
        ) in 0..=9, format c"|OOOOOOOOO", parser DIALECT_NEW;
    }
}

pub(crate) struct State {
    error: Owned<PyType>,
    dialects: Owned<PyDict>,
    dialect_type: Owned<PyType>,
    reader_type: Owned<PyType>,
    writer_type: Owned<PyType>,
    field_limit: Cell<isize>,
    str_write: Owned<PyStr>,
}

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let py = module.py();
        let dialect_type = DIALECT.create(module)?;
        module.add(c"Dialect", &dialect_type)?;
        let reader_type = reader::READER.create(module)?;
        module.add(c"Reader", &reader_type)?;
        let writer_type = writer::WRITER.create(module)?;
        module.add(c"Writer", &writer_type)?;
        let dialects = PyDict::new(py)?;
        module.add(c"_dialects", &dialects)?;
        for (style, name) in QUOTE_STYLES.into_iter().enumerate() {
            module.add(name, &PyInt::from_i64(py, style as i64)?.into_any())?;
        }
        let error = PyType::new_exception(py, c"_csv.Error", Some(exc::Exception(py)))?;
        module.add(c"Error", &error)?;
        Ok(State {
            error,
            dialects,
            dialect_type,
            reader_type,
            writer_type,
            field_limit: Cell::new(128 * 1024),
            str_write: PyStr::intern(py, c"write")?,
        })
    }
}

cpython_safe::traverse!(State: error, dialects, dialect_type, reader_type, writer_type);

cpython_safe::module! {
    static MODULE: State = module c"_csv" from signatures {
        doc: clinic::csv_module_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [reader, writer, register_dialect, list_dialects, unregister_dialect, get_dialect, field_size_limit],
    }
}

/// The registered dialect `name`: `Error("unknown dialect")` if none.
pub(crate) fn registry_lookup(state: &State, name: &PyAny) -> PyResult<Owned> {
    state.dialects.get_item(name)?.ok_or_else(|| PyErr::new(&state.error, "unknown dialect"))
}

/// `PyArg_UnpackTuple(args, "", 1, 2, ...)`: the first argument and the
/// optional dialect, with C's messages for a wrong count.
fn first_and_dialect<'a>(py: Python<'_>, args: &Args<'a>) -> PyResult<(&'a PyAny, Option<&'a PyAny>)> {
    let count = args.len();
    let bound = match count {
        0 => "least 1 argument",
        1 | 2 => return Ok((args.convert(0)?, args.get(1))),
        _ => "most 2 arguments",
    };
    Err(exc::type_error(py, &format!(" expected at {bound}, got {count}")))
}

fn reader(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let state = module.state()?;
    let (iterable, dialect) = first_and_dialect(module.py(), args)?;
    let input = iterable.get_iter()?;
    let dialect = state.dialect_type.call_with_dict(dialect.as_slice(), args.kwargs())?;
    reader::new_reader(state, input, dialect)
}

fn writer(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let state = module.state()?;
    let (file, dialect) = first_and_dialect(py, args)?;
    let write = match file.getattr_optional(&state.str_write)? {
        Some(write) if write.is_callable() => write,
        _ => return Err(exc::type_error(py, "argument 1 must have a \"write\" method")),
    };
    let dialect = state.dialect_type.call_with_dict(dialect.as_slice(), args.kwargs())?;
    writer::new_writer(state, write, dialect)
}

fn register_dialect(module: &Module<State>, args: &Args) -> PyResult<()> {
    let py = module.py();
    let state = module.state()?;
    let (name, dialect) = first_and_dialect(py, args)?;
    if name.downcast::<PyStr>().is_none() {
        return Err(exc::type_error(py, "dialect name must be a string"));
    }
    let dialect = state.dialect_type.call_with_dict(dialect.as_slice(), args.kwargs())?;
    state.dialects.set_item(name, &dialect)?;
    Ok(())
}

fn list_dialects(module: &Module<State>, _args: &Args) -> PyResult<Owned> {
    Ok(module.state()?.dialects.keys()?.into_any())
}

fn unregister_dialect(module: &Module<State>, args: &Args) -> PyResult<()> {
    let state = module.state()?;
    if !state.dialects.remove(args.convert(0)?)? {
        return Err(PyErr::new(&state.error, "unknown dialect"));
    }
    Ok(())
}

fn get_dialect(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    registry_lookup(module.state()?, args.convert(0)?)
}

fn field_size_limit(module: &Module<State>, args: &Args) -> PyResult<i64> {
    let state = module.state()?;
    let old_limit = state.field_limit.get();
    if let Some(new_limit) = args.get(0) {
        if PyInt::exact(new_limit).is_none() {
            return Err(exc::type_error(module.py(), "limit must be an integer"));
        }
        state.field_limit.set(new_limit.to_ssize()?);
    }
    Ok(old_limit as i64)
}
