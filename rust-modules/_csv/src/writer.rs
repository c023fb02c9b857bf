//! Writer objects: each row becomes one line, built in one buffer and
//! written with one call.  A field is scanned once for characters that
//! need quoting or escaping; most have none and are copied as they are.

use core::cell::Cell;
use core::ffi::c_int;

use cpython_safe::module::ModuleDef;
use cpython_safe::ffi;
use cpython_safe::object::StrData;
use cpython_safe::str_units;

use cpython_safe::prelude::*;

use crate::dialect::{as_dialect, Dialect, NOT_SET, QUOTE_ALL, QUOTE_NONE, QUOTE_NONNUMERIC, QUOTE_NOTNULL, QUOTE_STRINGS};
use crate::text::{Stops, Text, Unit};
use crate::{signatures, State, MODULE};

pub(crate) struct Writer {
    write: Owned,
    dialect: Owned,
    error: Owned,
    /// The rest, boxed as C keeps its line buffer behind a pointer: an
    /// instance is no bigger than C's.
    join: Box<Join>,
}

/// The dialect's options and the line being built.  The line lives in the
/// writer, as in C: a field's `__str__` (or the row's iterator) may write
/// a row on the same writer, which starts the line anew, and the outer
/// row goes on from what the inner one left.
struct Join {
    options: Dialect,
    /// The characters that need quoting or escaping in a field: the
    /// delimiter, quote and escape characters, CR, LF and those of the
    /// line terminator.
    special: Stops,
    /// C's `rec`: kept between rows for its capacity.
    line: Cell<Text>,
    num_fields: Cell<usize>,
}

/// C's `WriterObj`, whose size instances report.
#[repr(C)]
struct CWriter {
    head: ffi::PyObject,
    write: *mut ffi::PyObject,
    dialect: *mut ffi::PyObject,
    rec: *mut u32,
    rec_size: isize,
    rec_len: isize,
    num_fields: c_int,
    error_obj: *mut ffi::PyObject,
}

cpython_safe::class! {
    pub(crate) static WRITER: Writer = class c"_csv.writer" from signatures {
        doc: signatures::Writer_Type_doc,
        subclassable: true,
        methods: [writerow = csv_writerow, writerows = csv_writerows],
        members: [dialect: None],
    }
}

impl PyClass for Writer {
    type State = State;

    fn module_def() -> &'static ModuleDef<State> {
        &MODULE
    }

    const HAS_GC: bool = true;
    const TYPE_VISITED_LAST: bool = true;
    const BASIC_SIZE: Option<usize> = Some(core::mem::size_of::<CWriter>());
    const EXTRA_FLAGS: TypeFlags = TypeFlags::IMMUTABLE.union(TypeFlags::DISALLOW_INSTANTIATION);
}

cpython_safe::traverse!(Writer: dialect, write, error);

/// A writer calling `write` with each line, in `dialect`.
pub(crate) fn new_writer(state: &State, write: Owned, dialect: Owned) -> PyResult<Owned> {
    let py = dialect.py();
    let options = as_dialect(&dialect)?.value().clone();
    let chars = [options.delimiter, options.quotechar, options.escapechar, '\n' as u32, '\r' as u32];
    let mut special = Stops::empty();
    str_units!(options.lineterminator.data(), data => {
        special.add(py, chars.into_iter().chain(data.iter().map(|&c| c.code())))
    })?;
    let join = Join { options, special, line: Cell::new(Text::default()), num_fields: Cell::new(0) };
    let writer = Writer { write, dialect, error: state.error.clone().into_any(), join: Box::new(join) };
    WRITER.instantiate(&state.writer_type, writer)
}

fn writerow(this: &Instance<Writer>, args: &Args) -> PyResult<Owned> {
    write_row(this.value(), args.convert(0)?)
}

fn writerows(this: &Instance<Writer>, args: &Args) -> PyResult<()> {
    let writer = this.value();
    let rows: &PyAny = args.convert(0)?;
    for row in rows.try_iter()? {
        write_row(writer, &*row?)?;
    }
    Ok(())
}

/// Writes one row: `write(line)`'s result.
fn write_row(writer: &Writer, row: &PyAny) -> PyResult<Owned> {
    let py = row.py();
    let Some(fields) = row.try_iter().except(exc::TypeError(py))? else {
        return Err(PyErr::new(&writer.error, &format!("iterable expected, not {}", row.type_name(200))));
    };
    let join = &*writer.join;
    let options = &join.options;
    let quoting = options.quoting;
    join.with_line(Text::clear);
    join.num_fields.set(0);
    let mut null_field = false;
    for field in fields {
        let field = field?;
        let quoted = match quoting {
            QUOTE_NONNUMERIC => !field.is_number(),
            QUOTE_ALL => true,
            QUOTE_STRINGS => field.downcast::<PyStr>().is_some(),
            QUOTE_NOTNULL => !field.is_none(),
            _ => false,
        };
        null_field = field.is_none();
        if let Some(text) = field.downcast::<PyStr>() {
            writer.append_field(Some(text.data()), quoted)?;
        } else if null_field {
            writer.append_field(None, quoted)?;
        } else {
            let text = field.str()?;
            drop(field);
            writer.append_field(Some(text.data()), quoted)?;
        }
    }
    // A lone empty field would read back as an empty line: quote it.
    if join.num_fields.get() > 0 && join.with_line(|line| line.len()) == 0 {
        if options.cannot_quote_empty(null_field) {
            return Err(PyErr::new(&writer.error, "single empty field record must be quoted"));
        }
        join.num_fields.set(join.num_fields.get() - 1);
        writer.append_field(None, true)?;
    }
    let text = join.with_line(|line| {
        str_units!(options.lineterminator.data(), data => line.extend(py, data))?;
        line.to_str(py)
    })?;
    writer.write.call1(&text.into_any())
}

impl Join {
    /// `step` on the line, taken out of the writer meanwhile (it calls no
    /// Python code).
    #[inline(always)]
    fn with_line<R>(&self, step: impl FnOnce(&mut Text) -> R) -> R {
        let mut line = self.line.take();
        let result = step(&mut line);
        self.line.set(line);
        result
    }
}

impl Writer {
    /// Appends one field (`None`: no text), after a delimiter unless it
    /// is the first.
    fn append_field(&self, field: Option<StrData>, mut quoted: bool) -> PyResult<()> {
        let join = &*self.join;
        let options = &self.join.options;
        if field.map_or(0, |data| data.len()) == 0 && options.delimiter == ' ' as u32 && options.skipinitialspace {
            if options.cannot_quote_empty(field.is_none()) {
                let message = "empty field must be quoted if delimiter is a space and skipinitialspace is true";
                return Err(PyErr::new(&self.error, message));
            }
            quoted = true;
        }
        let separate = join.num_fields.get() > 0;
        join.with_line(|line| match field {
            None => self.append_units::<u8>(line, &[], quoted, separate),
            Some(data) => str_units!(data, data => self.append_units(line, data, quoted, separate)),
        })?;
        join.num_fields.set(join.num_fields.get() + 1);
        Ok(())
    }

    #[inline(always)]
    fn append_units<T: Unit>(&self, line: &mut Text, data: &[T], quoted: bool, separate: bool) -> PyResult<()> {
        let py = self.error.py();
        let options = &self.join.options;
        let first_special = self.join.special.find(data);
        let quoted = match first_special {
            None => quoted,
            Some(start) => self.needs_quotes(&data[start..], quoted)?,
        };
        if separate {
            line.push(py, options.delimiter)?;
        }
        if quoted {
            line.push(py, options.quotechar)?;
        }
        match first_special {
            None => line.extend(py, data)?,
            Some(start) => {
                line.extend(py, &data[..start])?;
                for c in &data[start..] {
                    let c = c.code();
                    if self.join.special.contains(c) {
                        self.escape(py, line, c)?;
                    }
                    line.push(py, c)?;
                }
            }
        }
        if quoted {
            line.push(py, options.quotechar)?;
        }
        Ok(())
    }

    /// Whether the field must be quoted (it already is if `quoted`), given
    /// its characters from the first special one on; Error if one needs an
    /// escape character and there is none.
    #[cold]
    fn needs_quotes<T: Unit>(&self, data: &[T], mut quoted: bool) -> PyResult<bool> {
        let options = &self.join.options;
        let mut want_escape = false;
        for c in data {
            let c = c.code();
            if !self.join.special.contains(c) {
                continue;
            }
            if options.quoting == QUOTE_NONE
                || (c == options.quotechar && !options.doublequote)
                || (c != options.quotechar && c == options.escapechar)
            {
                want_escape = true;
            } else {
                quoted = true;
            }
        }
        if want_escape && options.escapechar == NOT_SET {
            return Err(PyErr::new(&self.error, "need to escape, but no escapechar set"));
        }
        Ok(quoted)
    }

    /// What goes before the special character `c`: the escape character,
    /// or a second quote character.
    fn escape(&self, py: Python<'_>, line: &mut Text, c: u32) -> PyResult<()> {
        let options = &self.join.options;
        if options.quoting == QUOTE_NONE {
            line.push(py, options.escapechar)
        } else if c == options.quotechar {
            line.push(py, if options.doublequote { options.quotechar } else { options.escapechar })
        } else if c == options.escapechar {
            line.push(py, options.escapechar)
        } else {
            Ok(())
        }
    }
}
