//! Format strings: the byte order prefix, the table of codes of each mode,
//! and the compiled list of codes that `Struct` keeps.

use core::ffi::{c_int, c_long, c_longlong, c_short};
use core::mem::{align_of, size_of};

/// How a format lays out its items: `@` native sizes, alignment and byte
/// order, or the standard sizes without alignment in a byte order.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Native,
    Little,
    Big,
}

/// What an item is, decided once when the format is compiled.  Integers
/// carry their size, so that packing and unpacking the common items is one
/// dispatch with constant sizes and ranges.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Char,
    Bool,
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    I64,
    U64,
    /// `P`: an unsigned word from a pointer-sized int.
    Pointer,
    Half,
    Float,
    Double,
    /// `s`: a string padded with zeros.
    Str,
    /// `p`: a string after its length byte.
    Pascal,
}

impl Kind {
    /// The kind of the integer code `format` of `size` (1, 2, 4 or 8) bytes.
    fn integer(format: u8, size: usize) -> Kind {
        let kinds = match format.is_ascii_lowercase() {
            true => [Kind::I8, Kind::I16, Kind::I32, Kind::I64],
            false => [Kind::U8, Kind::U16, Kind::U32, Kind::U64],
        };
        kinds[size.trailing_zeros() as usize]
    }

    pub fn is_signed(self) -> bool {
        matches!(self, Kind::I8 | Kind::I16 | Kind::I32 | Kind::I64)
    }
}

/// One compiled code: `repeat` items of `format` of `size` bytes each from
/// `offset` on (for `s` and `p`, one string of `size` bytes).
#[derive(Clone, Copy, Debug)]
pub struct Code {
    pub offset: usize,
    pub size: usize,
    pub repeat: usize,
    pub format: u8,
    pub kind: Kind,
    pub mode: Mode,
    pub little_endian: bool,
}

impl Code {
    fn new(offset: usize, size: usize, repeat: usize, format: u8, mode: Mode) -> Code {
        let kind = match format {
            b'c' => Kind::Char,
            b'?' => Kind::Bool,
            b'b' | b'h' | b'i' | b'l' | b'q' | b'n' | b'B' | b'H' | b'I' | b'L' | b'Q' | b'N' => {
                Kind::integer(format, size)
            }
            b'P' => Kind::Pointer,
            b'e' => Kind::Half,
            b'f' => Kind::Float,
            b'd' => Kind::Double,
            b's' => Kind::Str,
            b'p' => Kind::Pascal,
            other => unreachable!("no code for {:?}", other as char),
        };
        let little_endian = mode == Mode::Little || (mode == Mode::Native && cfg!(target_endian = "little"));
        Code { offset, size, repeat, format, kind, mode, little_endian }
    }
}

/// A parsed format: its total size, its number of items and its codes.
#[derive(Debug)]
pub struct Layout {
    pub size: usize,
    pub len: usize,
    pub codes: Vec<Code>,
    /// Whether every byte belongs to an item that packing writes whole
    /// (no padding, no strings).
    pub no_gaps: bool,
}

/// Why a format is refused: a `struct.error` with this message, or no
/// memory for its codes.
#[derive(Debug, PartialEq, Eq)]
pub enum FormatError {
    Invalid(&'static str),
    NoMemory,
}

const TOO_LONG: FormatError = FormatError::Invalid("total struct size too long");

/// Size and alignment of a code in a mode (alignment 0: none), or `None`
/// for a code the mode does not have.
fn entry(mode: Mode, c: u8) -> Option<(usize, usize)> {
    fn native<T>() -> (usize, usize) {
        (size_of::<T>(), align_of::<T>())
    }
    if mode == Mode::Native {
        return Some(match c {
            b'x' | b'b' | b'B' | b'c' | b's' | b'p' => (1, 0),
            b'h' | b'H' => native::<c_short>(),
            b'i' | b'I' => native::<c_int>(),
            b'l' | b'L' => native::<c_long>(),
            b'n' | b'N' => native::<usize>(),
            b'q' | b'Q' => native::<c_longlong>(),
            b'?' => native::<bool>(),
            // A half float is stored like a short.
            b'e' => native::<c_short>(),
            b'f' => native::<f32>(),
            b'd' => native::<f64>(),
            b'P' => native::<*const u8>(),
            _ => return None,
        });
    }
    let size = match c {
        b'x' | b'b' | b'B' | b'c' | b's' | b'p' | b'?' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'l' | b'L' | b'f' => 4,
        b'q' | b'Q' | b'd' => 8,
        _ => return None,
    };
    Some((size, 0))
}

/// Python's `Py_ISSPACE`: the whitespace ignored between codes.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// Parses a format string (its bytes, as given to `Struct()`).  As in C, a
/// first pass checks the format and counts its codes, so that the codes,
/// as many as the format says, take one allocation of their exact size,
/// which fails with `NoMemory` rather than aborting.
pub fn parse(fmt: &[u8]) -> Result<Layout, FormatError> {
    let mut count = 0usize;
    scan(fmt, |_| count += 1)?;
    if count + 1 > isize::MAX as usize / size_of::<Code>() {
        return Err(FormatError::NoMemory);
    }
    let mut codes = Vec::new();
    codes.try_reserve_exact(count).map_err(|_| FormatError::NoMemory)?;
    // Within the capacity: no allocation.
    let (size, len, whole_bytes) = scan(fmt, |code| codes.push(code))?;
    Ok(Layout { size, len, codes, no_gaps: whole_bytes == size })
}

/// Walks a format, passing each code to `emit`; returns the total size, the
/// number of items and the bytes of the items that packing writes whole
/// (all but strings).
fn scan(fmt: &[u8], mut emit: impl FnMut(Code)) -> Result<(usize, usize, usize), FormatError> {
    const MAX: usize = isize::MAX as usize;
    if fmt.contains(&0) {
        return Err(FormatError::Invalid("embedded null character"));
    }
    let (mode, mut s) = match fmt.first() {
        Some(b'<') => (Mode::Little, 1),
        Some(b'>' | b'!') => (Mode::Big, 1),
        Some(b'=') if cfg!(target_endian = "little") => (Mode::Little, 1),
        Some(b'=') => (Mode::Big, 1),
        Some(b'@') => (Mode::Native, 1),
        _ => (Mode::Native, 0),
    };
    // The byte at `i`, NUL past the end (as C reads its string).
    let at = |i: usize| fmt.get(i).copied().unwrap_or(0);
    let (mut size, mut len, mut whole_bytes) = (0usize, 0usize, 0usize);
    loop {
        let mut c = at(s);
        s += 1;
        if c == 0 {
            break;
        }
        if is_space(c) {
            continue;
        }
        let num = if c.is_ascii_digit() {
            let mut num = (c - b'0') as usize;
            loop {
                c = at(s);
                s += 1;
                if !c.is_ascii_digit() {
                    break;
                }
                let digit = (c - b'0') as usize;
                if num > (MAX - digit) / 10 {
                    return Err(TOO_LONG);
                }
                num = num * 10 + digit;
            }
            if c == 0 {
                return Err(FormatError::Invalid("repeat count given without format specifier"));
            }
            num
        } else {
            1
        };
        let (itemsize, alignment) = entry(mode, c).ok_or(FormatError::Invalid("bad char in struct format"))?;
        if alignment != 0 && size > 0 {
            let extra = (alignment - 1) - (size - 1) % alignment;
            if extra > MAX - size {
                return Err(TOO_LONG);
            }
            size += extra;
        }
        if num > (MAX - size) / itemsize {
            return Err(TOO_LONG);
        }
        match c {
            b's' | b'p' => {
                len += 1;
                emit(Code::new(size, num, 1, c, mode));
            }
            b'x' => {}
            _ if num == 0 => {}
            _ => {
                len += num;
                whole_bytes += num * itemsize;
                emit(Code::new(size, itemsize, num, c, mode));
            }
        }
        size += num * itemsize;
    }
    Ok((size, len, whole_bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_small() {
        assert_eq!(size_of::<Code>(), 32);
    }

    #[test]
    fn native_alignment() {
        let layout = parse(b"bi").unwrap();
        assert_eq!((layout.size, layout.len), (8, 2));
        assert_eq!(layout.codes[1].offset, 4);
        assert_eq!(parse(b"@bq0i").unwrap().size, 16);
        assert_eq!(parse(b"<bq").unwrap().size, 9);
    }

    #[test]
    fn strings_and_padding() {
        let layout = parse(b"3x 10s 0p 0c").unwrap();
        assert_eq!((layout.size, layout.len, layout.codes.len()), (13, 2, 2));
    }

    #[test]
    fn no_gaps() {
        assert!(parse(b"<hhl 2d f ? c e").unwrap().no_gaps);
        assert!(parse(b"").unwrap().no_gaps);
        assert!(parse(b"ii 0s").unwrap().no_gaps);
        assert!(!parse(b"bi").unwrap().no_gaps);
        assert!(!parse(b"<ix").unwrap().no_gaps);
        assert!(!parse(b"<i2s").unwrap().no_gaps);
        assert!(!parse(b"<i1p").unwrap().no_gaps);
    }

    #[test]
    fn errors() {
        let invalid = |format: &[u8]| parse(format).unwrap_err();
        let bad_char = FormatError::Invalid("bad char in struct format");
        assert_eq!(invalid(b"3"), FormatError::Invalid("repeat count given without format specifier"));
        assert_eq!(invalid(b"i\0"), FormatError::Invalid("embedded null character"));
        assert_eq!(invalid(b"<P"), bad_char);
        assert_eq!(invalid(b"3 i"), bad_char);
        assert_eq!(invalid(b"99999999999999999999x"), TOO_LONG);
        assert_eq!(invalid(b"9223372036854775807xx"), TOO_LONG);
        assert_eq!(invalid(b"2305843009213693952q"), TOO_LONG);
    }
}
