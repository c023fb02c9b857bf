//! The characters of a `str` as CPython stores them (one, two or four bytes
//! per code point, the narrowest that holds the widest character), and new
//! strings from such code units.

use crate::boundary::PyResult;
use crate::ffi;
use crate::object::{Owned, PyStr};
use crate::boundary::Python;

/// The code points of a `str`, in its own storage kind.
#[derive(Clone, Copy)]
pub enum StrData<'a> {
    /// Latin-1 (ASCII included): every code point below 256.
    Ucs1(&'a [u8]),
    /// Every code point below 65536.
    Ucs2(&'a [u16]),
    Ucs4(&'a [u32]),
}

/// `$body` once per storage kind, with `$units` bound to the code units of
/// `$data` (a [`StrData`]): code generic over the unit type then gets one
/// copy per width, e.g. `with_str_units!(text.data(), units => scan(units))`.
#[macro_export]
macro_rules! with_str_units {
    ($data:expr, $units:ident => $body:expr) => {
        match $data {
            $crate::object::StrData::Ucs1($units) => $body,
            $crate::object::StrData::Ucs2($units) => $body,
            $crate::object::StrData::Ucs4($units) => $body,
        }
    };
}

impl StrData<'_> {
    /// The number of code points.
    #[inline(always)]
    pub fn len(&self) -> usize {
        with_str_units!(self, data => data.len())
    }

    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl PyStr {
    /// The code points, borrowed from the (immutable) string.
    #[inline(always)]
    pub fn data(&self) -> StrData<'_> {
        let op = self.as_ptr();
        // Compact strings keep their data right after the header
        // (PyASCIIObject for ASCII, PyCompactUnicodeObject otherwise);
        // others (str subclass instances made before 3.12's layout, or by
        // legacy APIs) point to it.  `kind` says the width, `length` the
        // count; the data lives as long as the object.
        let ascii = op as *mut ffi::PyASCIIObject;
        // SAFETY: every live str starts with the PyASCIIObject header.
        let len = unsafe { (*ascii).length } as usize;
        // SAFETY: a length is a non-negative Py_ssize_t: arithmetic on it
        // cannot overflow, and the compiler may rely on that.
        unsafe { core::hint::assert_unchecked(len <= isize::MAX as usize) };
        // SAFETY: as `len`.
        let state = unsafe { (*ascii).state };
        let data: *const u8 = if state.compact() != 0 {
            if state.ascii() != 0 {
                // SAFETY: compact ASCII data follows the PyASCIIObject header,
                // inside the object.
                let ptr = unsafe { ascii.add(1) };
                ptr as *const u8
            } else {
                // SAFETY: compact non-ASCII data follows the
                // PyCompactUnicodeObject header, inside the object.
                let ptr = unsafe { (op as *mut ffi::PyCompactUnicodeObject).add(1) };
                ptr as *const u8
            }
        } else {
            // SAFETY: a str that is not compact has the PyUnicodeObject layout.
            let data = unsafe { (*(op as *mut ffi::PyUnicodeObject)).data };
            // SAFETY: every member of the union is the same data pointer;
            // `any` is its untyped view.
            let ptr = unsafe { data.any };
            ptr as *const u8
        };
        match state.kind() {
            // SAFETY: `len` one-byte code points, alive as long as `self`.
            1 => StrData::Ucs1(unsafe { core::slice::from_raw_parts(data, len) }),
            // SAFETY: `len` two-byte code points, aligned, alive as long as `self`.
            2 => StrData::Ucs2(unsafe { core::slice::from_raw_parts(data as *const u16, len) }),
            // SAFETY: `len` four-byte code points, aligned, alive as long as `self`.
            _ => StrData::Ucs4(unsafe { core::slice::from_raw_parts(data as *const u32, len) }),
        }
    }

    /// A new `str` of Latin-1 code points (stored as ASCII when they all are).
    #[inline]
    pub fn from_ucs1(_py: Python<'_>, data: &[u8]) -> PyResult<Owned<PyStr>> {
        // SAFETY: `data` is valid for its length; CPython copies it and picks
        // the narrowest storage.
        let result = unsafe { ffi::PyUnicode_FromKindAndData(1, data.as_ptr().cast(), data.len() as ffi::Py_ssize_t) };
        // SAFETY: `PyUnicode_FromKindAndData` returns a new reference or null
        // with an exception set.
        unsafe { Owned::from_result(result) }
    }

    /// A new `str` of UCS-2 code points, stored as narrow as they allow.
    #[inline]
    pub fn from_ucs2(_py: Python<'_>, data: &[u16]) -> PyResult<Owned<PyStr>> {
        // SAFETY: as `from_ucs1`, two bytes per code point.
        let result = unsafe { ffi::PyUnicode_FromKindAndData(2, data.as_ptr().cast(), data.len() as ffi::Py_ssize_t) };
        // SAFETY: as `from_ucs1`.
        unsafe { Owned::from_result(result) }
    }

    /// A new `str` of code points (ValueError above U+10FFFF), stored as
    /// narrow as they allow.
    #[inline]
    pub fn from_ucs4(_py: Python<'_>, data: &[u32]) -> PyResult<Owned<PyStr>> {
        // SAFETY: as `from_ucs1`, four bytes per code point (CPython checks
        // the range).
        let result = unsafe { ffi::PyUnicode_FromKindAndData(4, data.as_ptr().cast(), data.len() as ffi::Py_ssize_t) };
        // SAFETY: as `from_ucs1`.
        unsafe { Owned::from_result(result) }
    }

    /// `self[start:end]` (`PyUnicode_Substring`; `end` is clamped).
    #[inline]
    pub fn substring(&self, start: usize, end: usize) -> PyResult<Owned<PyStr>> {
        // SAFETY: a live str; CPython checks the bounds.
        let result = unsafe { ffi::PyUnicode_Substring(self.as_ptr(), start as ffi::Py_ssize_t, end as ffi::Py_ssize_t) };
        // SAFETY: `PyUnicode_Substring` returns a new reference or null with
        // an exception set.
        unsafe { Owned::from_result(result) }
    }
}

impl PyStr {
    /// `obj` as a str if it is exactly a `str` (not a subclass instance,
    /// which may have methods and a `__del__` of its own).
    #[inline(always)]
    pub fn exact(obj: &crate::object::PyAny) -> Option<&PyStr> {
        // SAFETY: an exact str is a str, and PyStr is repr(transparent) over
        // PyAny.
        (obj.type_ptr() == &raw mut ffi::PyUnicode_Type).then(|| unsafe { &*(obj as *const crate::object::PyAny as *const PyStr) })
    }

    /// `left + right` for two strs (`PyUnicode_Concat`: TypeError "can only
    /// concatenate str (not "int") to str" otherwise).
    pub fn concat(left: &crate::object::PyAny, right: &crate::object::PyAny) -> PyResult<Owned<PyStr>> {
        // SAFETY: live objects.
        let result = unsafe { ffi::PyUnicode_Concat(left.as_ptr(), right.as_ptr()) };
        // SAFETY: `PyUnicode_Concat` returns a new reference to a str or null.
        unsafe { Owned::from_result(result) }
    }
}

impl PyStr {
    /// A new `str` of exactly `len` one-byte code points written in place,
    /// in order, by `fill` through a [`Ucs1Writer`]: ASCII if `ascii`, else
    /// Latin-1 with at least one code point above 127, as CPython stores
    /// every str in the narrowest kind.  Writing too much, too little or
    /// the wrong kind panics (nothing unwritten is ever read).
    #[inline(always)]
    pub fn new_ucs1_with(_py: Python<'_>, len: usize, ascii: bool, fill: impl FnOnce(&mut Ucs1Writer<'_>)) -> PyResult<Owned<PyStr>> {
        let max_char = if ascii { 127 } else { 255 };
        // SAFETY: GIL held (the `Python` token).
        let result = unsafe { ffi::PyUnicode_New(len as ffi::Py_ssize_t, max_char) };
        // SAFETY: `PyUnicode_New` returns a new, unshared str of `len` one-byte
        // code points, or null with an exception set.
        let text: Owned<PyStr> = unsafe { Owned::from_result(result) }?;
        // Compact one-byte data follows the header (PyASCIIObject for ASCII,
        // PyCompactUnicodeObject for Latin-1): `len` bytes, ours alone until
        // returned, seen only as uninitialized memory.
        let op = text.as_ptr();
        let data = if ascii {
            // SAFETY: as said: the data follows the header, inside the object.
            let ptr = unsafe { (op as *mut ffi::PyASCIIObject).add(1) };
            ptr as *mut core::mem::MaybeUninit<u8>
        } else {
            // SAFETY: as said.
            let ptr = unsafe { (op as *mut ffi::PyCompactUnicodeObject).add(1) };
            ptr as *mut core::mem::MaybeUninit<u8>
        };
        // SAFETY: as said.
        let data = unsafe { core::slice::from_raw_parts_mut(data, len) };
        let mut writer = Ucs1Writer { data, pos: 0, bits: 0, copied: false };
        fill(&mut writer);
        let Ucs1Writer { data, pos, bits, copied } = writer;
        if pos < len {
            for byte in &mut data[pos..] {
                byte.write(0);
            }
            panic!("PyStr::new_ucs1_with: {pos} of {len} code points written");
        }
        let written_ascii = if copied {
            // SAFETY: every byte was written (pos == len, the writer writes
            // in order without gaps).
            unsafe { &*(data as *const [core::mem::MaybeUninit<u8>] as *const [u8]) }.is_ascii()
        } else {
            bits < 0x80
        };
        assert!(written_ascii == ascii, "PyStr::new_ucs1_with: code points out of the kind");
        Ok(text)
    }
}

/// Writes the code points of a new one-byte `str` in order (see
/// [`PyStr::new_ucs1_with`]); writing past the end panics.
pub struct Ucs1Writer<'a> {
    data: &'a mut [core::mem::MaybeUninit<u8>],
    pos: usize,
    /// Every byte pushed one at a time, or-ed: the kind check of text
    /// made of single bytes (none at all for constant ones).
    bits: u8,
    /// Whether slices were copied: the check then reads the whole text
    /// once, faster than or-ing each run as it is copied.
    copied: bool,
}

impl Ucs1Writer<'_> {
    #[inline(always)]
    pub fn push(&mut self, byte: u8) {
        self.data[self.pos].write(byte);
        self.bits |= byte;
        self.pos += 1;
    }

    #[inline(always)]
    pub fn push_slice(&mut self, bytes: &[u8]) {
        self.push_mapped(bytes, |byte| byte);
    }

    /// `map` of each of `items`, in one bounds check.
    #[inline(always)]
    pub fn push_mapped<T: Copy>(&mut self, items: &[T], map: impl Fn(T) -> u8) {
        let end = self.pos + items.len();
        for (dst, &src) in self.data[self.pos..end].iter_mut().zip(items) {
            dst.write(map(src));
        }
        self.copied |= !items.is_empty();
        self.pos = end;
    }
}
