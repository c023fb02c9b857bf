//! The item types: how each typecode converts Python objects to machine
//! values and back, with C's exact errors, and the machine formats used
//! by pickles.

use std::cmp::Ordering;
use std::ffi::CStr;

use cpython_safe::prelude::*;
use cpython_safe::buffer::export::ExportableBytes;

/// One item's bytes (the first `itemsize` in native order).
#[derive(Clone, Copy)]
pub struct Raw([u8; 8]);

impl Raw {
    fn new(bytes: &[u8]) -> Raw {
        let mut raw = [0; 8];
        raw[..bytes.len()].copy_from_slice(bytes);
        Raw(raw)
    }

    pub fn bytes(&self, itemsize: usize) -> &[u8] {
        &self.0[..itemsize]
    }
}

/// C's `struct arraydescr`, plus the pickle machine format.
/// Item `i` of the bytes as an object.
type GetItem = fn(Python<'_>, &[u8], usize) -> PyResult<Owned>;

pub struct Descr {
    pub typecode: u8,
    getitem: GetItem,
    pub itemsize: usize,
    pub format: &'static CStr,
    pub is_integer: bool,
    pub is_signed: bool,
    pub mformat: i32,
}

// Machine format codes (C's `enum machine_format_code`).
pub const UNKNOWN_FORMAT: i32 = -1;
pub const MFORMAT_MIN: i32 = 0;
pub const MFORMAT_MAX: i32 = 21;
const UNSIGNED_INT8: i32 = 0;
const SIGNED_INT8: i32 = 1;
const LE: bool = cfg!(target_endian = "little");
/// The little-endian code of a (kind, size); the big-endian one is next.
const fn int_format(size: usize, signed: bool) -> i32 {
    match (size, signed) {
        (1, false) => UNSIGNED_INT8,
        (1, true) => SIGNED_INT8,
        (2, false) => 2,
        (2, true) => 4,
        (4, false) => 6,
        (4, true) => 8,
        (8, false) => 10,
        _ => 12,
    }
}
const fn native(code: i32) -> i32 {
    if LE || code < 2 {
        code
    } else {
        code + 1
    }
}
const IEEE_754_FLOAT_LE: i32 = 14;
const IEEE_754_DOUBLE_LE: i32 = 16;
const UTF32_LE: i32 = 20;

const fn int<const CODE: u8, const SIZE: usize>(format: &'static CStr, signed: bool) -> Descr {
    assert!(SIZE.is_power_of_two(), "Descr::count shifts");
    Descr {
        typecode: CODE,
        getitem: items::<CODE, SIZE>(),
        itemsize: SIZE,
        format,
        is_integer: true,
        is_signed: signed,
        mformat: native(int_format(SIZE, signed)),
    }
}

const LONG: usize = core::mem::size_of::<core::ffi::c_long>();

/// C's `*_getitem`: one function per typecode (the `match` folds away),
/// called through the descriptor as C calls through its `getitem`.
#[inline(always)]
fn object_of<const CODE: u8, const SIZE: usize>(py: Python<'_>, bytes: [u8; SIZE]) -> PyResult<Owned> {
    let int = |v: i64| PyInt::from_i64(py, v).map(Owned::into_any);
    let uint = |v: u64| PyInt::from_u64(py, v).map(Owned::into_any);
    // Widened to eight bytes in the item's own byte order, then read as
    // the item's type.
    let mut wide = [0u8; 8];
    let at = if cfg!(target_endian = "little") { 0 } else { 8 - SIZE };
    wide[at..at + SIZE].copy_from_slice(&bytes);
    let unsigned = u64::from_ne_bytes(wide);
    let signed = (unsigned << (64 - 8 * SIZE as u32)) as i64 >> (64 - 8 * SIZE as u32);
    match CODE {
        b'f' => Ok(PyFloat::new(py, f32::from_bits(unsigned as u32) as f64)?.into_any()),
        b'd' => Ok(PyFloat::new(py, f64::from_bits(unsigned))?.into_any()),
        b'u' | b'w' => Ok(PyStr::from_ordinal(py, unsigned as u32)?.into_any()),
        b'b' | b'h' | b'i' | b'l' | b'q' => int(signed),
        _ => uint(unsigned),
    }
}

fn item_of<const CODE: u8, const SIZE: usize>(py: Python<'_>, data: &[u8], i: usize) -> PyResult<Owned> {
    object_of::<CODE, SIZE>(py, data[i * SIZE..i * SIZE + SIZE].try_into().expect("SIZE bytes"))
}

/// An item of a typecode's size and kind, as C gives it.
const fn items<const CODE: u8, const SIZE: usize>() -> GetItem {
    item_of::<CODE, SIZE>
}

/// The typecodes, in C's order (also `array.typecodes`).
pub static DESCRIPTORS: [Descr; 14] = KINDS;

/// The table as a constant, so that [`take_item`] can name each kind's
/// typecode and size as constants.
const KINDS: [Descr; 14] = [
    int::<b'b', 1>(c"b", true),
    int::<b'B', 1>(c"B", false),
    Descr {
        typecode: b'u',
        getitem: items::<b'u', 4>(),
        itemsize: 4,
        format: c"w",
        is_integer: false,
        is_signed: false,
        mformat: native(UTF32_LE),
    },
    Descr {
        typecode: b'w',
        getitem: items::<b'w', 4>(),
        itemsize: 4,
        format: c"w",
        is_integer: false,
        is_signed: false,
        mformat: native(UTF32_LE),
    },
    int::<b'h', 2>(c"h", true),
    int::<b'H', 2>(c"H", false),
    int::<b'i', 4>(c"i", true),
    int::<b'I', 4>(c"I", false),
    int::<b'l', LONG>(c"l", true),
    int::<b'L', LONG>(c"L", false),
    int::<b'q', 8>(c"q", true),
    int::<b'Q', 8>(c"Q", false),
    Descr {
        typecode: b'f',
        getitem: items::<b'f', 4>(),
        itemsize: 4,
        format: c"f",
        is_integer: false,
        is_signed: true,
        mformat: native(IEEE_754_FLOAT_LE),
    },
    Descr {
        typecode: b'd',
        getitem: items::<b'd', 8>(),
        itemsize: 8,
        format: c"d",
        is_integer: false,
        is_signed: true,
        mformat: native(IEEE_754_DOUBLE_LE),
    },
];

/// What holds an array's bytes, tagged with their kind's index in
/// [`DESCRIPTORS`].
pub trait Items {
    fn items(&self) -> &ExportableBytes<u8>;
}

/// Item `i` of `owner`'s bytes as an object, if it has it (C's
/// `*_getitem` behind the bounds check): one jump on the kind's index,
/// each kind's reader inlined.  `keep` gets the owner back once the item's
/// bytes are copied out, before the object is made (the iterator puts its
/// array back then, so that nothing is left to do after that call); past
/// the end the owner is dropped.
#[inline(always)]
pub fn take_item<A: Items>(py: Python<'_>, owner: A, i: usize, keep: impl FnOnce(A)) -> Option<PyResult<Owned>> {
    macro_rules! kind {
        ($k:literal) => {{
            const CODE: u8 = KINDS[$k].typecode;
            const SIZE: usize = KINDS[$k].itemsize;
            let bytes = owner.items().item::<SIZE>(i)?;
            keep(owner);
            Some(object_of::<CODE, SIZE>(py, bytes))
        }};
    }
    match owner.items().tag() {
        0 => kind!(0),
        1 => kind!(1),
        2 => kind!(2),
        3 => kind!(3),
        4 => kind!(4),
        5 => kind!(5),
        6 => kind!(6),
        7 => kind!(7),
        8 => kind!(8),
        9 => kind!(9),
        10 => kind!(10),
        11 => kind!(11),
        12 => kind!(12),
        _ => kind!(13),
    }
}

fn overflow(py: Python<'_>, message: &str) -> PyErr {
    exc::overflow_error(py, message)
}

/// PyArg_Parse's "h": a C long in short range.
fn parse_short(v: &PyAny) -> PyResult<i64> {
    let py = v.py();
    let x = v.to_c_long()?;
    if x < i16::MIN.into() {
        return Err(overflow(py, "signed short integer is less than minimum"));
    }
    if x > i16::MAX.into() {
        return Err(overflow(py, "signed short integer is greater than maximum"));
    }
    Ok(x)
}

/// PyArg_Parse's "i": a C long in int range.
fn parse_int(v: &PyAny) -> PyResult<i64> {
    let py = v.py();
    let x = v.to_c_long()?;
    if x > i32::MAX.into() {
        return Err(overflow(py, "signed integer is greater than maximum"));
    }
    if x < i32::MIN.into() {
        return Err(overflow(py, "signed integer is less than minimum"));
    }
    Ok(x)
}

/// An int, or the result of `__index__` (C's `_PyNumber_Index` unless
/// already an int).
fn index_of(v: &PyAny) -> PyResult<Owned> {
    if v.is_int() {
        Ok(v.to_owned())
    } else {
        Ok(PyInt::from_index(v)?.into_any())
    }
}

fn unicode_char(v: &PyAny) -> PyResult<u32> {
    match v.downcast::<PyStr>() {
        Some(text) if text.len() == 1 => text.char_at(0),
        _ => Err(exc::type_error(v.py(), "array item must be unicode character")),
    }
}

impl Descr {
    pub fn find(typecode: u8) -> Option<&'static Descr> {
        DESCRIPTORS.iter().find(|d| d.typecode == typecode)
    }

    pub fn is_unicode(&self) -> bool {
        matches!(self.typecode, b'u' | b'w')
    }

    /// The item at `index` of `data`.
    #[inline(always)]
    pub fn read(&self, data: &[u8], index: usize) -> Raw {
        Raw::new(&data[index * self.itemsize..(index + 1) * self.itemsize])
    }

    #[inline(always)]
    pub fn write(&self, data: &mut [u8], index: usize, raw: Raw) {
        data[index * self.itemsize..(index + 1) * self.itemsize]
            .copy_from_slice(raw.bytes(self.itemsize));
    }

    /// How many items `bytes` bytes hold (a shift: item sizes are powers
    /// of two, and a division costs as much as the rest of `len(a)`).
    #[inline(always)]
    pub fn count(&self, bytes: usize) -> usize {
        bytes >> self.itemsize.trailing_zeros()
    }

    /// Item `i` of `data` as an object (C's `*_getitem`).
    #[inline(always)]
    pub fn item(&self, py: Python<'_>, data: &[u8], i: usize) -> PyResult<Owned> {
        (self.getitem)(py, data, i)
    }

    /// C's `*_setitem` conversion (without storing): may run Python code.
    #[inline]
    pub fn convert(&self, v: &PyAny) -> PyResult<Raw> {
        let py = v.py();
        Ok(match self.typecode {
            b'b' => {
                let x = parse_short(v)?;
                if x < -128 {
                    return Err(overflow(py, "signed char is less than minimum"));
                }
                if x > 127 {
                    return Err(overflow(py, "signed char is greater than maximum"));
                }
                Raw::new(&(x as i8).to_ne_bytes())
            }
            b'B' => {
                let x = v.to_c_long()?;
                if x < 0 {
                    return Err(overflow(py, "unsigned byte integer is less than minimum"));
                }
                if x > 255 {
                    return Err(overflow(py, "unsigned byte integer is greater than maximum"));
                }
                Raw::new(&[x as u8])
            }
            b'h' => Raw::new(&(parse_short(v)? as i16).to_ne_bytes()),
            b'H' => {
                let x = parse_int(v)?;
                if x < 0 {
                    return Err(overflow(py, "unsigned short is less than minimum"));
                }
                if x > u16::MAX.into() {
                    return Err(overflow(py, "unsigned short is greater than maximum"));
                }
                Raw::new(&(x as u16).to_ne_bytes())
            }
            b'i' => Raw::new(&(parse_int(v)? as i32).to_ne_bytes()),
            b'I' => {
                let x = index_of(v)?.to_c_ulong()?;
                if x > u32::MAX.into() {
                    return Err(overflow(py, "unsigned int is greater than maximum"));
                }
                Raw::new(&(x as u32).to_ne_bytes())
            }
            b'l' => Raw::new(&v.to_c_long()?.to_ne_bytes()),
            b'L' => Raw::new(&index_of(v)?.to_c_ulong()?.to_ne_bytes()),
            b'q' => Raw::new(&v.to_c_longlong()?.to_ne_bytes()),
            b'Q' => {
                let int = index_of(v)?;
                Raw::new(
                    &int.downcast::<PyInt>()
                        .expect("an int")
                        .to_u64()?
                        .to_ne_bytes(),
                )
            }
            b'f' => Raw::new(&(v.to_f64()? as f32).to_ne_bytes()),
            b'd' => Raw::new(&v.to_f64()?.to_ne_bytes()),
            _ => Raw::new(&unicode_char(v)?.to_ne_bytes()),
        })
    }

    /// Compares two arrays of this kind item by item as Python compares
    /// the item objects: the ordering, or `None` when unequal but
    /// unordered (a NaN).
    pub fn compare(&self, a: &[u8], b: &[u8]) -> Option<Ordering> {
        let ordering = match self.typecode {
            b'f' => compare_floats(
                a,
                b,
                |c| f32::from_ne_bytes([c[0], c[1], c[2], c[3]]) as f64,
                4,
            ),
            b'd' => compare_floats(
                a,
                b,
                |c| f64::from_ne_bytes(c.try_into().expect("8 bytes")),
                8,
            ),
            _ => {
                // Integers and code points: equal bytes are equal items, so
                // only the first item whose bytes differ needs decoding.
                let n = self.itemsize;
                let common = a.len().min(b.len());
                match first_difference(&a[..common], &b[..common]) {
                    Some(at) => {
                        let i = at / n;
                        Some(self.key(self.read(a, i)).cmp(&self.key(self.read(b, i))))
                    }
                    None => Some(Ordering::Equal),
                }
            }
        };
        match ordering {
            Some(Ordering::Equal) => Some(a.len().cmp(&b.len())),
            other => other,
        }
    }

    /// An integer or code point item as an i128 ordering key.
    fn key(&self, raw: Raw) -> i128 {
        let r = raw.0;
        let n = self.itemsize;
        let unsigned = u64::from_ne_bytes(r)
            & if n == 8 {
                u64::MAX
            } else {
                (1u64 << (8 * n)) - 1
            };
        if self.is_signed && self.is_integer {
            let shift = 64 - 8 * n as u32;
            (((unsigned << shift) as i64) >> shift) as i128
        } else {
            unsigned as i128
        }
    }
}

/// The items of a pickle made with another machine format: the typecode
/// of the array to make and its initializer (C's slow path of
/// `_array_reconstructor`; the initializer is checked against the typecode
/// as `array()` checks it).
pub fn decode_machine_format(typecode: u8, mformat: i32, items: &PyBytes) -> PyResult<(u8, Owned)> {
    let (size, signed, big) = match mformat {
        0 => (1, false, false),
        1 => (1, true, false),
        2..=13 => {
            let k = (mformat - 2) / 2;
            ([2, 2, 4, 4, 8, 8][k as usize], k % 2 == 1, mformat % 2 == 1)
        }
        14 | 15 => (4, true, mformat == 15),
        16 | 17 => (8, true, mformat == 17),
        // C's table gives the Unicode formats twice their code unit's size
        // (4 and 8): the length check below uses those sizes, the decoders
        // their own.
        18 | 19 => (4, false, mformat == 19),
        _ => (8, false, mformat == 21),
    };
    let py = items.py();
    let bytes = items.as_bytes();
    if bytes.len() % size != 0 {
        return Err(exc::value_error(py, "string length not a multiple of item size"));
    }
    let word = |chunk: &[u8]| {
        let mut w = [0u8; 8];
        if big {
            w[8 - size..].copy_from_slice(chunk);
            u64::from_be_bytes(w)
        } else {
            w[..size].copy_from_slice(chunk);
            u64::from_le_bytes(w)
        }
    };
    match mformat {
        14..=17 => {
            let list = PyList::build(py, bytes.len() / size, |i| {
                let w = word(&bytes[i * size..(i + 1) * size]);
                let value = if size == 4 { f32::from_bits(w as u32) as f64 } else { f64::from_bits(w) };
                PyFloat::new(py, value).map(Owned::into_any)
            })?;
            Ok((typecode, list.into_any()))
        }
        18..=21 => {
            // CPython's own strict decoders, with their errors.
            let codec = match mformat {
                18 => c"utf-16-le",
                19 => c"utf-16-be",
                20 => c"utf-32-le",
                _ => c"utf-32-be",
            };
            let text = items.call_method(&*PyStr::intern(py, c"decode")?, &[&*PyStr::intern(py, codec)?])?;
            Ok((typecode, text))
        }
        _ => {
            // The widest matching integer kind (the last in C's table).
            let descr = DESCRIPTORS
                .iter()
                .rfind(|d| d.is_integer && d.itemsize == size && d.is_signed == signed)
                .expect("every machine size has a kind");
            let list = PyList::build(py, bytes.len() / size, |i| {
                let w = word(&bytes[i * size..(i + 1) * size]);
                if signed {
                    let shift = 64 - 8 * size as u32;
                    PyInt::from_i64(py, ((w << shift) as i64) >> shift).map(Owned::into_any)
                } else {
                    PyInt::from_u64(py, w).map(Owned::into_any)
                }
            })?;
            Ok((descr.typecode, list.into_any()))
        }
    }
}

/// The first float pair that is not equal (NaN included): its ordering,
/// `None` when unordered; `Equal` when the common part is equal.
fn compare_floats(
    a: &[u8],
    b: &[u8],
    value: impl Fn(&[u8]) -> f64,
    size: usize,
) -> Option<Ordering> {
    for (x, y) in a.chunks_exact(size).zip(b.chunks_exact(size)) {
        let (x, y) = (value(x), value(y));
        if x != y {
            return x.partial_cmp(&y);
        }
    }
    Some(Ordering::Equal)
}

/// The offset of the first differing byte of two equally long slices.
fn first_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    // Whole blocks compare with memcmp; only the differing one is scanned.
    const BLOCK: usize = 256;
    let mut start = 0;
    for (x, y) in a.chunks(BLOCK).zip(b.chunks(BLOCK)) {
        if x != y {
            return x
                .iter()
                .zip(y)
                .position(|(p, q)| p != q)
                .map(|at| start + at);
        }
        start += x.len();
    }
    None
}
