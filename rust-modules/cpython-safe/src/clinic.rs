//! Function signatures as Argument Clinic describes them.
//!
//! A module crate's build script reads the CPython tree's
//! `Modules/clinic/<module>.c.h` (see the `cpython-clinic` crate) and emits a
//! [`Signature`] per function: name, docstring with `__text_signature__`,
//! calling convention and the exact argument-count rules.  Calls then go
//! through the same CPython helpers that clinic-generated C code uses, so
//! argument errors are CPython's own, word for word.

use core::cell::UnsafeCell;
use core::ffi::{c_char, c_int, CStr};

use crate::ffi;

/// How many parameters a keyword-taking function may have.
pub const MAX_PARAMS: usize = 24;

/// How a function is called, with clinic's argument-count rules.
pub enum CallKind {
    /// `METH_NOARGS`.
    NoArgs,
    /// A clinic `METH_METHOD` function without parameters (it only wants
    /// its defining class, which Rust finds from the instance): any
    /// argument is refused with clinic's own `name() takes no arguments`.
    NoArgsMethod,
    /// `METH_O`: one positional-only argument.
    Object,
    /// `METH_FASTCALL`: positional-only arguments, checked like
    /// `_PyArg_CheckPositional(name, nargs, min, max)`.
    Positional { min: usize, max: usize },
    /// `METH_FASTCALL`: any number of positional arguments, checked by the
    /// function itself, as C functions outside clinic do (`gcd(*integers)`).
    Varargs,
    /// `METH_VARARGS`: an argument tuple, checked by the function itself
    /// (its `PyArg_ParseTuple`); keywords are refused with the message
    /// naming the bare function, as for C's `METH_VARARGS` functions.
    Tuple,
    /// `METH_VARARGS | METH_KEYWORDS`: the argument tuple and the keyword
    /// dict ([`crate::call::Args::kwargs`]), both checked by the function itself
    /// (C functions that forward their keywords to a class).
    TupleKeywords,
    /// `METH_FASTCALL | METH_KEYWORDS`: unpacked like
    /// `_PyArg_UnpackKeywords(..., minpos, maxpos, minkw, ...)`.
    Keywords {
        /// Parameter names, `""` for positional-only ones (clinic's `_keywords`).
        names: &'static [&'static str],
        keywords: &'static KeywordArray,
        minpos: c_int,
        maxpos: c_int,
        minkw: c_int,
    },
}

/// One function as the C module defines it.
pub struct Signature {
    /// The Python name.
    pub name: &'static CStr,
    /// `__doc__`, starting with the `__text_signature__` line where clinic has one.
    pub doc: &'static CStr,
    pub kind: CallKind,
}

impl Signature {
    /// How clinic names argument `index` in a conversion error.
    pub(crate) fn display_name(&self, index: usize) -> String {
        match &self.kind {
            CallKind::Object => "argument".to_owned(),
            CallKind::Keywords { names, .. } if !names[index].is_empty() => {
                format!("argument '{}'", names[index])
            }
            _ => format!("argument {}", index + 1),
        }
    }
}

/// A NUL-terminated array of C strings, as `_PyArg_Parser.keywords` wants.
pub struct KeywordArray {
    ptrs: [*const c_char; MAX_PARAMS + 1],
    len: usize,
}

// SAFETY: the pointers refer to 'static C string literals and are never
// written after construction.
unsafe impl Sync for KeywordArray {}

impl KeywordArray {
    pub const fn new(names: &[&'static CStr]) -> Self {
        assert!(names.len() <= MAX_PARAMS, "too many parameters");
        let mut ptrs = [core::ptr::null(); MAX_PARAMS + 1];
        let mut i = 0;
        while i < names.len() {
            ptrs[i] = names[i].as_ptr();
            i += 1;
        }
        KeywordArray { ptrs, len: names.len() }
    }
}

/// The `_PyArg_Parser` of one function: CPython fills in its keyword tuple
/// on first use (thread-safely, under its once flag, switching to the main
/// interpreter so the tuple outlives subinterpreters) exactly as for
/// clinic-generated C code.
///
/// It knows its signature: the two always agree (the parser's keywords are
/// the signature's, and unpacking writes as many slots as it names).
pub struct ArgParser {
    sig: &'static Signature,
    raw: UnsafeCell<ffi::_PyArg_Parser>,
}

// SAFETY: CPython initializes the parser once, under the `_PyOnceFlag` it
// contains, and only reads it afterwards; Rust never touches its fields.
unsafe impl Sync for ArgParser {}

impl ArgParser {
    pub const fn new(sig: &'static Signature) -> Self {
        let keywords = match &sig.kind {
            CallKind::Keywords { names, keywords, .. } => {
                assert!(names.len() == keywords.len, "a keyword signature names each keyword once");
                keywords.ptrs.as_ptr()
            }
            _ => core::ptr::null(),
        };
        // SAFETY: `_PyArg_Parser` is plain data; all-zero is its documented
        // static initial state, completed with the keywords and the name.
        let mut parser: ffi::_PyArg_Parser = unsafe { core::mem::zeroed() };
        parser.keywords = keywords;
        parser.fname = sig.name.as_ptr();
        ArgParser { sig, raw: UnsafeCell::new(parser) }
    }

    /// The parser of a C function that parses with
    /// `PyArg_ParseTupleAndKeywords(args, kwargs, format, ...)`: `format`
    /// (one unit per keyword, `|` and `$` as there) names the function
    /// after a `:`, or not at all, and then errors say "function" as C's do.
    pub const fn with_format(sig: &'static Signature, format: &'static CStr) -> Self {
        let CallKind::Keywords { names, keywords, .. } = &sig.kind else {
            panic!("ArgParser::with_format needs a keyword signature")
        };
        assert!(names.len() == keywords.len, "a keyword signature names each keyword once");
        // SAFETY: as in `new`; CPython reads the name from the format.
        let mut parser: ffi::_PyArg_Parser = unsafe { core::mem::zeroed() };
        parser.keywords = keywords.ptrs.as_ptr();
        parser.format = format.as_ptr();
        ArgParser { sig, raw: UnsafeCell::new(parser) }
    }

    /// The signature the parser parses.
    pub const fn signature(&self) -> &'static Signature {
        self.sig
    }

    pub(crate) fn as_ptr(&self) -> *mut ffi::_PyArg_Parser {
        self.raw.get()
    }
}

/// Signatures written by hand, for what C parses itself
/// (`PyArg_ParseTuple*`, `PyArg_UnpackTuple`, slots), each name written
/// once:
///
/// ```no_run
/// # #[allow(non_upper_case_globals)]
/// # mod signatures {
/// # const csv_reader_doc: &core::ffi::CStr = c"";
/// # const csv_writerow_doc: &core::ffi::CStr = c"";
/// cpython_safe::signatures! {
///     // `reader`, called with a tuple and a dict, documented by the C file's `csv_reader_doc`.
///     reader: TupleKeywords = csv_reader_doc;
///     // The Rust name `csv_writerow`, the Python name `writerow`.
///     csv_writerow as writerow: Object = csv_writerow_doc;
///     // Keywords (all positional-or-keyword), 1 to 2 given, and their parser.
///     scan_once(string, idx) in 2..=2, parser SCAN_ONCE;
///     // As PyArg_ParseTupleAndKeywords(args, kwargs, "|OO", ...) parses them.
///     dialect_new as Dialect(dialect, delimiter) in 0..=2, format c"|OO", parser DIALECT_NEW;
/// }
/// # }
/// # fn main() {}
/// ```
#[macro_export]
macro_rules! signatures {
    () => {};
    ($sig:ident $(as $name:ident)?: $kind:ident = $doc:expr; $($rest:tt)*) => {
        pub const $sig: $crate::clinic::Signature = $crate::clinic::Signature {
            name: $crate::__name_of!($($name)? $sig),
            doc: $doc,
            kind: $crate::clinic::CallKind::$kind,
        };
        $crate::signatures!($($rest)*);
    };
    ($sig:ident $(as $name:ident)? ($($keyword:ident),* $(,)?) in $min:literal ..= $max:literal
        $(, format $format:expr)?, parser $parser:ident $(= $doc:expr)?; $($rest:tt)*) => {
        pub static $sig: $crate::clinic::Signature = $crate::clinic::Signature {
            name: $crate::__name_of!($($name)? $sig),
            doc: $crate::__or_empty!($($doc)?),
            kind: $crate::clinic::CallKind::Keywords {
                names: &[$(stringify!($keyword)),*],
                keywords: &$crate::clinic::KeywordArray::new(&[$($crate::__name_of!($keyword)),*]),
                minpos: $min,
                maxpos: $max,
                minkw: 0,
            },
        };
        pub static $parser: $crate::clinic::ArgParser = $crate::__parser!(&$sig $(, $format)?);
        $crate::signatures!($($rest)*);
    };
}

/// The first identifier, as a C string.
#[doc(hidden)]
#[macro_export]
macro_rules! __name_of {
    ($name:ident $($ignored:ident)?) => {
        match ::core::ffi::CStr::from_bytes_with_nul(concat!(stringify!($name), "\0").as_bytes()) {
            Ok(name) => name,
            Err(_) => panic!("identifiers have no NUL"),
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __or_empty {
    () => {
        c""
    };
    ($doc:expr) => {
        $doc
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __parser {
    ($sig:expr) => {
        $crate::clinic::ArgParser::new($sig)
    };
    ($sig:expr, $format:expr) => {
        $crate::clinic::ArgParser::with_format($sig, $format)
    };
}
