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
    /// dict ([`crate::Args::kwargs`]), both checked by the function itself
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
        KeywordArray { ptrs }
    }
}

/// The `_PyArg_Parser` of one function: CPython fills in its keyword tuple
/// on first use (thread-safely, under its once flag, switching to the main
/// interpreter so the tuple outlives subinterpreters) exactly as for
/// clinic-generated C code.
pub struct ArgParser(UnsafeCell<ffi::_PyArg_Parser>);

// SAFETY: CPython initializes the parser once, under the `_PyOnceFlag` it
// contains, and only reads it afterwards; Rust never touches its fields.
unsafe impl Sync for ArgParser {}

impl ArgParser {
    pub const fn new(sig: &'static Signature) -> Self {
        let keywords = match &sig.kind {
            CallKind::Keywords { keywords, .. } => keywords.ptrs.as_ptr(),
            _ => core::ptr::null(),
        };
        // SAFETY: `_PyArg_Parser` is plain data; all-zero is its documented
        // static initial state, completed with the keywords and the name.
        let mut parser: ffi::_PyArg_Parser = unsafe { core::mem::zeroed() };
        parser.keywords = keywords;
        parser.fname = sig.name.as_ptr();
        ArgParser(UnsafeCell::new(parser))
    }

    /// The parser of a C function that parses with
    /// `PyArg_ParseTupleAndKeywords(args, kwargs, format, ...)`: `format`
    /// (one unit per keyword, `|` and `$` as there) names the function
    /// after a `:`, or not at all, and then errors say "function" as C's do.
    pub const fn with_format(sig: &'static Signature, format: &'static CStr) -> Self {
        let CallKind::Keywords { keywords, .. } = &sig.kind else {
            panic!("ArgParser::with_format needs a keyword signature")
        };
        // SAFETY: as in `new`; CPython reads the name from the format.
        let mut parser: ffi::_PyArg_Parser = unsafe { core::mem::zeroed() };
        parser.keywords = keywords.ptrs.as_ptr();
        parser.format = format.as_ptr();
        ArgParser(UnsafeCell::new(parser))
    }

    pub(crate) fn as_ptr(&self) -> *mut ffi::_PyArg_Parser {
        self.0.get()
    }
}
