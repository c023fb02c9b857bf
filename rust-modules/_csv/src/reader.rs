//! Reader objects: the C module's parser state machine, run over each
//! input line in the line's own storage kind.  Runs of ordinary characters
//! inside a field are found with one scan and copied at once; every other
//! character takes the state machine's transition, exactly as in C.

use core::cell::Cell;
use core::ffi::{c_int, c_ulong};

use cpython_safe::class::slots::{self, Iterate};
use cpython_safe::module::ModuleDef;
use cpython_safe::ffi;

use cpython_safe::prelude::*;

use crate::dialect::{as_dialect, Dialect, NOT_SET, QUOTE_NONE, QUOTE_NONNUMERIC, QUOTE_NOTNULL, QUOTE_STRINGS};
use crate::text::{Stops, Text, Unit};
use crate::{signatures, State, MODULE};

/// The end of an input line: not a character.
const EOL: u32 = u32::MAX - 1;
const NL: u32 = '\n' as u32;
const CR: u32 = '\r' as u32;

pub(crate) struct Reader {
    input: Owned,
    dialect: Owned,
    /// C's `fields`: the record being read, from the start of `__next__`
    /// until it is returned (the garbage collector sees it meanwhile).
    fields: Cell<Option<Owned<PyList>>>,
    line_num: Cell<c_ulong>,
    /// The rest, boxed as C keeps its field buffer behind a pointer: an
    /// instance is no bigger than C's.
    parse: Box<Parse>,
}

/// A reader's options and parser state.  The state lives in the reader,
/// as in C: the input iterator may call `next()` on the same reader, which
/// starts a record of its own, and the outer call goes on from what the
/// inner one left.
struct Parse {
    options: Dialect,
    /// The quote character, or NOT_SET with QUOTE_NONE (quotes are then
    /// ordinary characters).
    quotechar: u32,
    /// Where a run of ordinary characters ends in an unquoted field, and
    /// in a quoted one.
    field_stops: Stops,
    quoted_stops: Stops,
    state: Cell<ParserState>,
    /// The field buffer, kept between records for its capacity.
    field: Cell<Text>,
    unquoted_field: Cell<bool>,
}

/// C's `ReaderObj`, whose size instances report.
#[repr(C)]
struct CReader {
    head: ffi::PyObject,
    input_iter: *mut ffi::PyObject,
    dialect: *mut ffi::PyObject,
    fields: *mut ffi::PyObject,
    state: c_int,
    field: *mut u32,
    field_size: isize,
    field_len: isize,
    unquoted_field: bool,
    line_num: c_ulong,
}

cpython_safe::class! {
    pub(crate) static READER: Reader = class c"_csv.reader" from signatures {
        doc: signatures::Reader_Type_doc,
        subclassable: true,
        methods: [],
        members: [dialect: None, line_num: None],
    }
}

impl PyClass for Reader {
    type State = State;

    fn module_def() -> &'static ModuleDef<State> {
        &MODULE
    }

    const HAS_GC: bool = true;
    const TYPE_VISITED_LAST: bool = true;
    const BASIC_SIZE: Option<usize> = Some(core::mem::size_of::<CReader>());
    const EXTRA_SLOTS: &'static [&'static [Slot<Self>]] = &[&slots::iterator::<Self>()];
    const EXTRA_FLAGS: TypeFlags = TypeFlags::IMMUTABLE.union(TypeFlags::DISALLOW_INSTANTIATION);
}

cpython_safe::traverse!(Reader: dialect, input, fields);

/// A reader of the lines of `input` (an iterator) in `dialect`.
pub(crate) fn new_reader(state: &State, input: Owned, dialect: Owned) -> PyResult<Owned> {
    let py = state.reader_type.py();
    let options = as_dialect(&dialect)?.value().clone();
    let quotechar = if options.quoting == QUOTE_NONE { NOT_SET } else { options.quotechar };
    // Filled in place: its tables are a few hundred bytes.
    let mut parse = Box::new(Parse {
        options,
        quotechar,
        field_stops: Stops::empty(),
        quoted_stops: Stops::empty(),
        state: Cell::new(ParserState::StartRecord),
        field: Cell::new(Text::default()),
        unquoted_field: Cell::new(false),
    });
    parse.field_stops.add(py, [parse.options.delimiter, parse.options.escapechar, NL, CR])?;
    parse.quoted_stops.add(py, [quotechar, parse.options.escapechar])?;
    let reader = Reader {
        input,
        dialect,
        // C's reader starts with an empty record.
        fields: Cell::new(Some(PyList::empty(py)?)),
        line_num: Cell::new(0),
        parse,
    };
    READER.instantiate(&state.reader_type, reader)
}

impl Iterate for Reader {
    /// The next record: a list of fields, read from as many lines as it
    /// spans.  The parser is loaded anew after each call into Python.
    fn next(this: &Instance<Self>) -> PyResult<Option<Owned>> {
        let state = this.module_state()?;
        let reader = this.value();
        reader.reset()?;
        loop {
            let Some(line) = reader.input.iter_next()? else {
                if !reader.parser(state).finish()? {
                    return Ok(None);
                }
                break;
            };
            let Some(text) = line.downcast::<PyStr>() else {
                let kind = line.type_name(200);
                let message =
                    format!("iterator should return strings, not {kind} (the file should be opened in text mode)");
                return Err(PyErr::new(&state.error, &message));
            };
            reader.line_num.set(reader.line_num.get().wrapping_add(1));
            // As in C, the line goes before the end of the line is
            // processed: a str subclass's __del__ may run and see the
            // reader, which then holds its state.
            let exact = PyStr::exact(&line).is_some();
            reader.parser(state).run(|parser| {
                cpython_safe::str_units!(text.data(), data => parser.parse_line(data))?;
                if exact {
                    parser.process(EOL)?;
                }
                Ok(())
            })?;
            drop(line);
            if !exact {
                reader.parser(state).run(|parser| parser.process(EOL))?;
            }
            if reader.parse.state.get() == ParserState::StartRecord {
                break;
            }
        }
        // None if a re-entered `next()` took the record: C's NULL without
        // an exception, the end of the iteration.
        Ok(reader.fields.take().map(Owned::into_any))
    }
}

impl Reader {
    /// C's `parse_reset`: a new record.
    fn reset(&self) -> PyResult<()> {
        let old_fields = self.fields.replace(Some(PyList::empty(self.input.py())?));
        let mut field = self.parse.field.take();
        field.clear();
        self.parse.field.set(field);
        self.parse.state.set(ParserState::StartRecord);
        self.parse.unquoted_field.set(false);
        // Last: any code that dropping the old list's items runs sees a
        // reader in a consistent state.
        drop(old_fields);
        Ok(())
    }

    /// The parser, with the reader's state taken out of it until
    /// [`Parser::run`] or [`Parser::finish`] puts it back.
    fn parser<'a>(&'a self, state: &'a State) -> Parser<'a> {
        let parse = &*self.parse;
        Parser {
            reader: self,
            options: &parse.options,
            quotechar: parse.quotechar,
            error: &state.error,
            // The limit may have changed while the iterator ran Python code.
            field_limit: state.field_limit.get(),
            fields: self.fields.take(),
            state: parse.state.get(),
            field: parse.field.take(),
            unquoted_field: parse.unquoted_field.get(),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ParserState {
    StartRecord,
    StartField,
    EscapedChar,
    InField,
    InQuotedField,
    EscapeInQuotedField,
    QuoteInQuotedField,
    EatCrnl,
    AfterEscapedCrnl,
}

/// The state machine, on a reader's state taken out of it while no Python
/// code runs.
struct Parser<'a> {
    reader: &'a Reader,
    options: &'a Dialect,
    quotechar: u32,
    error: &'a PyAny,
    field_limit: isize,
    /// None once a `next()` re-entered from the input iterator took the
    /// record (C would append to NULL): the fields that follow start anew.
    fields: Option<Owned<PyList>>,
    state: ParserState,
    field: Text,
    unquoted_field: bool,
}

impl Parser<'_> {
    /// Runs `step`, then puts the state back into the reader.
    fn run(mut self, step: impl FnOnce(&mut Self) -> PyResult<()>) -> PyResult<()> {
        let result = step(&mut self);
        self.put_back();
        result
    }

    fn put_back(self) {
        self.reader.fields.set(self.fields);
        self.reader.parse.state.set(self.state);
        self.reader.parse.field.set(self.field);
        self.reader.parse.unquoted_field.set(self.unquoted_field);
    }

    /// At the end of the input: whether a last record remains (one ended
    /// inside a field; Error in strict mode).
    fn finish(mut self) -> PyResult<bool> {
        let result = if self.field.len() == 0 && self.state != ParserState::InQuotedField {
            Ok(false)
        } else if self.options.strict {
            Err(PyErr::new(self.error, "unexpected end of data"))
        } else {
            self.save_field().map(|()| true)
        };
        self.put_back();
        result
    }

    /// Feeds the characters of one line to the state machine.
    #[inline]
    fn parse_line<T: Unit>(&mut self, data: &[T]) -> PyResult<()> {
        let mut i = 0;
        while i < data.len() {
            // Inside a field, ordinary characters only add to it: copy the
            // whole run.
            let stops = match self.state {
                ParserState::InField => &self.reader.parse.field_stops,
                ParserState::InQuotedField => &self.reader.parse.quoted_stops,
                _ => {
                    self.process(data[i].code())?;
                    i += 1;
                    continue;
                }
            };
            let run = stops.find(&data[i..]).unwrap_or(data.len() - i);
            if run > 0 {
                self.add_run(&data[i..i + run])?;
                i += run;
                if i == data.len() {
                    break;
                }
            }
            self.process(data[i].code())?;
            i += 1;
        }
        Ok(())
    }

    fn process(&mut self, c: u32) -> PyResult<()> {
        use ParserState::*;
        match self.state {
            StartRecord => {
                if c == EOL {
                    // An empty line: the record is [].
                } else if c == NL || c == CR {
                    self.state = EatCrnl;
                } else {
                    self.state = StartField;
                    self.start_field(c)?;
                }
            }
            StartField => self.start_field(c)?,
            EscapedChar => {
                if c == NL || c == CR {
                    self.add_char(c)?;
                    self.state = AfterEscapedCrnl;
                } else {
                    self.add_char(if c == EOL { NL } else { c })?;
                    self.state = InField;
                }
            }
            AfterEscapedCrnl => {
                if c != EOL {
                    self.in_field(c)?;
                }
            }
            InField => self.in_field(c)?,
            InQuotedField => {
                if c == EOL {
                    // The field goes on on the next line.
                } else if c == self.options.escapechar {
                    self.state = EscapeInQuotedField;
                } else if c == self.quotechar {
                    self.state = if self.options.doublequote { QuoteInQuotedField } else { InField };
                } else {
                    self.add_char(c)?;
                }
            }
            EscapeInQuotedField => {
                self.add_char(if c == EOL { NL } else { c })?;
                self.state = InQuotedField;
            }
            QuoteInQuotedField => {
                if c == self.quotechar {
                    // "" stands for "
                    self.add_char(c)?;
                    self.state = InQuotedField;
                } else if c == self.options.delimiter {
                    self.save_field()?;
                    self.state = StartField;
                } else if c == NL || c == CR || c == EOL {
                    self.save_field()?;
                    self.state = if c == EOL { StartRecord } else { EatCrnl };
                } else if !self.options.strict {
                    self.add_char(c)?;
                    self.state = InField;
                } else {
                    let show = |c: u32| char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER);
                    return Err(PyErr::new(
                        self.error,
                        &format!("'{}' expected after '{}'", show(self.options.delimiter), show(self.options.quotechar)),
                    ));
                }
            }
            EatCrnl => {
                if c == NL || c == CR {
                } else if c == EOL {
                    self.state = StartRecord;
                } else {
                    return Err(PyErr::new(
                        self.error,
                        "new-line character seen in unquoted field - do you need to open the file with newline=''?",
                    ));
                }
            }
        }
        Ok(())
    }

    fn start_field(&mut self, c: u32) -> PyResult<()> {
        self.unquoted_field = true;
        if c == NL || c == CR || c == EOL {
            self.save_field()?;
            self.state = if c == EOL { ParserState::StartRecord } else { ParserState::EatCrnl };
        } else if c == self.quotechar {
            self.unquoted_field = false;
            self.state = ParserState::InQuotedField;
        } else if c == self.options.escapechar {
            self.state = ParserState::EscapedChar;
        } else if c == ' ' as u32 && self.options.skipinitialspace {
            // Spaces at the start of a field are skipped.
        } else if c == self.options.delimiter {
            self.save_field()?;
        } else {
            self.add_char(c)?;
            self.state = ParserState::InField;
        }
        Ok(())
    }

    fn in_field(&mut self, c: u32) -> PyResult<()> {
        if c == NL || c == CR || c == EOL {
            self.save_field()?;
            self.state = if c == EOL { ParserState::StartRecord } else { ParserState::EatCrnl };
        } else if c == self.options.escapechar {
            self.state = ParserState::EscapedChar;
        } else if c == self.options.delimiter {
            self.save_field()?;
            self.state = ParserState::StartField;
        } else {
            // The state stays (AFTER_ESCAPED_CRNL shares these transitions).
            self.add_char(c)?;
        }
        Ok(())
    }

    /// Whether `count` more characters exceed the field size limit.
    #[inline(always)]
    fn check_limit(&self, count: usize) -> PyResult<()> {
        if (self.field.len() + count) as isize > self.field_limit {
            return Err(self.limit_error());
        }
        Ok(())
    }

    #[cold]
    fn limit_error(&self) -> PyErr {
        PyErr::new(self.error, &format!("field larger than field limit ({})", self.field_limit))
    }

    #[inline(always)]
    fn add_char(&mut self, c: u32) -> PyResult<()> {
        self.check_limit(1)?;
        self.field.push(self.error.py(), c)
    }

    #[inline(always)]
    fn add_run<T: Unit>(&mut self, run: &[T]) -> PyResult<()> {
        self.check_limit(run.len())?;
        self.field.extend(self.error.py(), run)
    }

    /// Ends the current field: a str, a float (QUOTE_NONNUMERIC and
    /// QUOTE_STRINGS, unquoted) or None (QUOTE_NOTNULL and QUOTE_STRINGS,
    /// unquoted and empty).
    fn save_field(&mut self) -> PyResult<()> {
        let py = self.error.py();
        let quoting = self.options.quoting;
        let unquoted = self.unquoted_field;
        let field = if unquoted && self.field.len() == 0 && matches!(quoting, QUOTE_NOTNULL | QUOTE_STRINGS) {
            py.none()
        } else {
            let text = self.field.to_str(py)?;
            let field = if unquoted && self.field.len() != 0 && matches!(quoting, QUOTE_NONNUMERIC | QUOTE_STRINGS) {
                text.to_float_object()?
            } else {
                text.into_any()
            };
            self.field.clear();
            field
        };
        let fields = match &self.fields {
            Some(fields) => fields,
            None => self.fields.insert(PyList::empty(py)?),
        };
        fields.append(&field)
    }
}
