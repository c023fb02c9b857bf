//! `_csv.Dialect`: the validated, immutable parsing and writing options.

use core::ffi::{c_char, c_int};

use cpython_safe::class::new::{self, NewObject};
use cpython_safe::module::ModuleDef;
use cpython_safe::ffi;
use cpython_safe::call::{Args, arg_buffer};

use cpython_safe::prelude::*;

use crate::text::Unit;
use crate::{registry_lookup, signatures, State, MODULE};

/// No character (`None`); never equal to a code point.
pub(crate) const NOT_SET: u32 = u32::MAX;

/// A quoting style (C's `int`: one byte keeps a dialect as small as C's),
/// an index into QUOTE_STYLES.
pub(crate) type Quoting = u8;

pub(crate) const QUOTE_MINIMAL: Quoting = 0;
pub(crate) const QUOTE_ALL: Quoting = 1;
pub(crate) const QUOTE_NONNUMERIC: Quoting = 2;
pub(crate) const QUOTE_NONE: Quoting = 3;
pub(crate) const QUOTE_STRINGS: Quoting = 4;
pub(crate) const QUOTE_NOTNULL: Quoting = 5;

/// The names the module exports, by quoting style.
pub(crate) const QUOTE_STYLES: [&core::ffi::CStr; 6] =
    [c"QUOTE_MINIMAL", c"QUOTE_ALL", c"QUOTE_NONNUMERIC", c"QUOTE_NONE", c"QUOTE_STRINGS", c"QUOTE_NOTNULL"];

/// C's fields: the flags are members, the other attributes are made when
/// read (the line terminator is the one object a dialect holds).  Readers
/// and writers keep a copy next to their state (read without a check of
/// the instance).
#[derive(Clone)]
pub(crate) struct Dialect {
    pub skipinitialspace: bool,
    pub doublequote: bool,
    pub strict: bool,
    pub quoting: Quoting,
    pub delimiter: u32,
    pub quotechar: u32,
    pub escapechar: u32,
    pub lineterminator: Owned<PyStr>,
}

impl Dialect {
    /// Whether an empty field cannot be quoted: with QUOTE_NONE, and a None
    /// (`null`) with QUOTE_STRINGS and QUOTE_NOTNULL, which leave it bare.
    pub(crate) fn cannot_quote_empty(&self, null: bool) -> bool {
        self.quoting == QUOTE_NONE || (null && matches!(self.quoting, QUOTE_STRINGS | QUOTE_NOTNULL))
    }
}

cpython_safe::class! {
    pub(crate) static DIALECT: Dialect = class c"_csv.Dialect" from signatures {
        doc: signatures::Dialect_Type_doc,
        subclassable: true,
        methods: [reduce = dialect_reduce, reduce = dialect_reduce_ex],
        members: [skipinitialspace: None, doublequote: None, strict: None],
        getters: [
            delimiter = get_delimiter: None,
            escapechar = get_escapechar: None,
            lineterminator = get_lineterminator: None,
            quotechar = get_quotechar: None,
            quoting = get_quoting: None,
        ],
    }
}

// C has these five as getters (getset descriptors), the flags as members.
fn get_delimiter(this: &Instance<Dialect>) -> PyResult<Owned> {
    char_or_none(this.py(), this.value().delimiter)
}

fn get_escapechar(this: &Instance<Dialect>) -> PyResult<Owned> {
    char_or_none(this.py(), this.value().escapechar)
}

fn get_lineterminator(this: &Instance<Dialect>) -> PyResult<Owned> {
    Ok(Owned::from_ref(&*this.value().lineterminator).into_any())
}

fn get_quotechar(this: &Instance<Dialect>) -> PyResult<Owned> {
    char_or_none(this.py(), this.value().quotechar)
}

fn get_quoting(this: &Instance<Dialect>) -> PyResult<Owned> {
    Ok(PyInt::from_i64(this.py(), this.value().quoting.into())?.into_any())
}

/// The attribute of a character option: the character, or None.
fn char_or_none(py: Python<'_>, c: u32) -> PyResult<Owned> {
    if c == NOT_SET {
        return Ok(py.none());
    }
    Ok(PyStr::from_ordinal(py, c)?.into_any())
}

/// `__reduce__` and `__reduce_ex__`: dialects are not picklable.
fn reduce(this: &Instance<Dialect>, _args: &Args) -> PyResult<Owned> {
    let name = this.get_type().short_name().to_bytes();
    let name = String::from_utf8_lossy(&name[..name.len().min(100)]).into_owned();
    Err(exc::type_error(this.py(), &format!("cannot pickle '{name}' instances")))
}

/// The options as given: a keyword, else the attribute of the `dialect`
/// argument, else absent (the default applies).
type Given = Option<Owned>;

/// A character option; None gives NOT_SET where `nullable`.
fn char_option(name: &str, src: &Given, default: u32, nullable: bool) -> PyResult<u32> {
    let Some(src) = src else { return Ok(default) };
    if nullable && src.is_none() {
        return Ok(NOT_SET);
    }
    let Some(text) = src.downcast::<PyStr>() else {
        let (or_none, kind) = (if nullable { " or None" } else { "" }, src.type_name(200));
        return Err(exc::type_error(src.py(), &format!("\"{name}\" must be string{or_none}, not {kind}")));
    };
    if text.len() != 1 {
        return Err(exc::type_error(src.py(), &format!("\"{name}\" must be a 1-character string")));
    }
    text.char_at(0)
}

fn bool_option(src: &Given, default: bool) -> PyResult<bool> {
    src.as_ref().map_or(Ok(default), |src| src.is_true())
}

/// A character that cannot be part of a dialect: ValueError "bad <name> value".
fn check_char(name: &str, c: u32, lineterminator: &PyStr, allow_space: bool) -> PyResult<()> {
    let py = lineterminator.py();
    if c == '\r' as u32 || c == '\n' as u32 || (c == ' ' as u32 && !allow_space) {
        return Err(exc::value_error(py, &format!("bad {name} value")));
    }
    if cpython_safe::str_units!(lineterminator.data(), data => data.iter().any(|&x| x.code() == c)) {
        return Err(exc::value_error(py, &format!("bad {name} or lineterminator value")));
    }
    Ok(())
}

fn check_distinct(py: Python<'_>, name1: &str, name2: &str, c1: u32, c2: u32) -> PyResult<()> {
    if c1 == c2 && c1 != NOT_SET {
        return Err(exc::value_error(py, &format!("bad {name1} or {name2} value")));
    }
    Ok(())
}

const OPTION_NAMES: [&core::ffi::CStr; 8] =
    [c"delimiter", c"doublequote", c"escapechar", c"lineterminator", c"quotechar", c"quoting", c"skipinitialspace", c"strict"];

impl NewObject for Dialect {
    /// `Dialect(dialect=None, **options)`: `dialect` itself when it is a
    /// Dialect and no option overrides it; otherwise a new dialect from the
    /// options, falling back on `dialect`'s attributes, then the defaults.
    fn new_object(cls: &PyType, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<Owned> {
        let py = cls.py();
        let mut buf = arg_buffer();
        let args = Args::from_tuple(&signatures::DIALECT_NEW, args, kwargs, &mut buf)?;
        let state = Instance::<Dialect>::class_state(cls)?;
        let mut given: [Given; 8] = core::array::from_fn(|index| args.get(index + 1).map(PyAny::to_owned));
        if let Some(dialect) = args.get(0) {
            let dialect = match dialect.downcast::<PyStr>() {
                Some(name) => registry_lookup(state, name)?,
                None => dialect.to_owned(),
            };
            if dialect.is_instance_of_type(&state.dialect_type) && given.iter().all(Option::is_none) {
                return Ok(dialect);
            }
            for (slot, name) in given.iter_mut().zip(OPTION_NAMES) {
                if slot.is_none() {
                    // C ignores any error of the lookup.
                    *slot = dialect.getattr(name).map_err(PyErr::clear).ok();
                }
            }
        }
        let [delimiter, doublequote, escapechar, lineterminator, quotechar, quoting, skipinitialspace, strict] = &given;
        // quotechar=None without a quoting turns quoting off.
        let quotes_off = quotechar.as_ref().is_some_and(|q| q.is_none()) && quoting.is_none();
        let delimiter = char_option("delimiter", delimiter, ',' as u32, false)?;
        let doublequote = bool_option(doublequote, true)?;
        let escapechar = char_option("escapechar", escapechar, NOT_SET, true)?;
        let lineterminator = match lineterminator {
            None => Some(PyStr::new(py, "\r\n")?),
            Some(src) if src.is_none() => None,
            Some(src) => match src.downcast::<PyStr>() {
                Some(text) => Some(Owned::from_ref(text)),
                None => return Err(exc::type_error(py, "\"lineterminator\" must be a string")),
            },
        };
        let quotechar = char_option("quotechar", quotechar, '"' as u32, true)?;
        let quoting = match quoting {
            None => QUOTE_MINIMAL.into(),
            Some(src) if PyInt::exact(src).is_some() => src.to_c_int()?,
            Some(_) => return Err(exc::type_error(py, "\"quoting\" must be an integer")),
        };
        let skipinitialspace = bool_option(skipinitialspace, false)?;
        let strict = bool_option(strict, false)?;

        if !(0..QUOTE_STYLES.len() as c_int).contains(&quoting) {
            return Err(exc::type_error(py, "bad \"quoting\" value"));
        }
        if delimiter == NOT_SET {
            return Err(exc::type_error(py, "\"delimiter\" must be a 1-character string"));
        }
        let quoting = if quotes_off { QUOTE_NONE } else { quoting as Quoting };
        if quoting != QUOTE_NONE && quotechar == NOT_SET {
            return Err(exc::type_error(py, "quotechar must be set if quoting enabled"));
        }
        let Some(lineterminator) = lineterminator else {
            return Err(exc::type_error(py, "lineterminator must be set"));
        };
        check_char("delimiter", delimiter, &lineterminator, true)?;
        check_char("escapechar", escapechar, &lineterminator, !skipinitialspace)?;
        check_char("quotechar", quotechar, &lineterminator, !skipinitialspace)?;
        check_distinct(py, "delimiter", "escapechar", delimiter, escapechar)?;
        check_distinct(py, "delimiter", "quotechar", delimiter, quotechar)?;
        check_distinct(py, "escapechar", "quotechar", escapechar, quotechar)?;
        let dialect =
            Dialect { skipinitialspace, doublequote, strict, quoting, delimiter, quotechar, escapechar, lineterminator };
        DIALECT.instantiate(cls, dialect)
    }
}

impl PyClass for Dialect {
    type State = State;

    fn module_def() -> &'static ModuleDef<State> {
        &MODULE
    }

    const HAS_GC: bool = true;
    const TYPE_VISITED_LAST: bool = true;
    const BASIC_SIZE: Option<usize> = Some(core::mem::size_of::<CDialect>());

    const EXTRA_SLOTS: &'static [&'static [Slot<Self>]] = &[&new::new_object::<Self>()];
    const EXTRA_FLAGS: TypeFlags = TypeFlags::IMMUTABLE;
}

cpython_safe::traverse!(Dialect: lineterminator);

/// C's `DialectObj`, whose size instances report.
#[repr(C)]
struct CDialect {
    head: ffi::PyObject,
    doublequote: c_char,
    skipinitialspace: c_char,
    strict: c_char,
    quoting: c_int,
    delimiter: u32,
    quotechar: u32,
    escapechar: u32,
    lineterminator: *mut ffi::PyObject,
}

/// The dialect object of a reader or writer, made by calling the Dialect
/// class, viewed as one.
pub(crate) fn as_dialect(obj: &PyAny) -> PyResult<&Instance<Dialect>> {
    DIALECT.downcast(obj).ok_or_else(|| exc::type_error(obj.py(), "dialect is not a _csv.Dialect"))
}

