//! A safe interface to the system's liblzma, for the `_lzma` module.
//!
//! # Why liblzma and not a Rust codec
//!
//! `_lzma` must produce exactly the bytes CPython's C module produces
//! (archives made by one Python are compared with another's, and tests
//! compare compressed output), for every preset (0-9, `PRESET_EXTREME`),
//! every LZMA1/LZMA2 option (`mode`, `mf`, `nice_len`, `depth`, `lc`, `lp`,
//! `pb`, `dict_size`), the delta and BCJ filters (x86, PowerPC, IA64, ARM,
//! ARMThumb, SPARC) in any chain of up to four, the .xz, .lzma and raw
//! formats with CHECK_NONE/CRC32/CRC64/SHA256, memory limits and filter
//! properties.  The Rust codecs checked do not cover that: `lzma-rs` (0.3)
//! decodes but its encoder emits literals only, with no filters, presets or
//! options; `lzma-rust2` (0.x, a port of XZ for Java) has encoders and
//! filters but is not liblzma's encoder, so its output differs from the C
//! module's, and it has no liblzma-compatible memlimit or properties API;
//! `xz`/`xz-sys` 0.4.6-rc.0 (a Rust port of xz 5.8) is a release
//! candidate, which a distribution would not package.  So this crate binds
//! the same system liblzma the C module links (configure's
//! `pkg-config liblzma`), with every call in one place below.
//!
//! # What the API guarantees
//!
//! * A [`Stream`] owns one `lzma_stream`, boxed so it never moves, ended by
//!   `Drop`; [`Stream::code`] lends liblzma one input slice and the spare
//!   capacity of one `Vec` for the duration of one call only.
//! * A [`Filter`] pairs a filter ID with the options structure liblzma
//!   reads for that ID: the constructor refuses any other pairing, so
//!   liblzma never reads one options type as another.
//! * liblzma allocates through `PyMem_RawMalloc`/`PyMem_RawFree` (the
//!   C module's `PyLzma_Malloc`), so `tracemalloc` sees its memory; the raw
//!   domain needs no GIL, as `lzma_code` runs without it.

mod ffi;

use core::ffi::c_void;
use core::ptr;

/// Filter IDs (`LZMA_FILTER_*`).
pub const FILTER_LZMA1: u64 = 0x4000_0000_0000_0001;
pub const FILTER_LZMA2: u64 = 0x21;
pub const FILTER_DELTA: u64 = 0x03;
pub const FILTER_X86: u64 = 0x04;
pub const FILTER_POWERPC: u64 = 0x05;
pub const FILTER_IA64: u64 = 0x06;
pub const FILTER_ARM: u64 = 0x07;
pub const FILTER_ARMTHUMB: u64 = 0x08;
pub const FILTER_SPARC: u64 = 0x09;
/// The BCJ filters, which all take `lzma_options_bcj`.
pub const BCJ_FILTERS: [u64; 6] = [FILTER_X86, FILTER_POWERPC, FILTER_IA64, FILTER_ARM, FILTER_ARMTHUMB, FILTER_SPARC];
/// The longest filter chain (`LZMA_FILTERS_MAX`).
pub const FILTERS_MAX: usize = 4;

/// Integrity checks (`LZMA_CHECK_*`).
pub const CHECK_NONE: u32 = 0;
pub const CHECK_CRC32: u32 = 1;
pub const CHECK_CRC64: u32 = 4;
pub const CHECK_SHA256: u32 = 10;
pub const CHECK_ID_MAX: u32 = 15;

/// Match finders and modes (`LZMA_MF_*`, `LZMA_MODE_*`).
pub const MF_HC3: u32 = 0x03;
pub const MF_HC4: u32 = 0x04;
pub const MF_BT2: u32 = 0x12;
pub const MF_BT3: u32 = 0x13;
pub const MF_BT4: u32 = 0x14;
pub const MODE_FAST: u32 = 1;
pub const MODE_NORMAL: u32 = 2;

/// Presets (`LZMA_PRESET_*`).
pub const PRESET_DEFAULT: u32 = 6;
pub const PRESET_EXTREME: u32 = 0x8000_0000;

/// Decoder flags (`LZMA_TELL_*`).
pub const TELL_NO_CHECK: u32 = 0x01;
pub const TELL_ANY_CHECK: u32 = 0x04;

/// `lzma_ret`: what a liblzma call returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ret {
    Ok,
    StreamEnd,
    NoCheck,
    UnsupportedCheck,
    GetCheck,
    MemError,
    MemlimitError,
    FormatError,
    OptionsError,
    DataError,
    BufError,
    ProgError,
    /// A code this list does not know (newer liblzma versions add some).
    Other(u32),
}

impl Ret {
    fn from_raw(code: ffi::LzmaRet) -> Ret {
        match code {
            0 => Ret::Ok,
            1 => Ret::StreamEnd,
            2 => Ret::NoCheck,
            3 => Ret::UnsupportedCheck,
            4 => Ret::GetCheck,
            5 => Ret::MemError,
            6 => Ret::MemlimitError,
            7 => Ret::FormatError,
            8 => Ret::OptionsError,
            9 => Ret::DataError,
            10 => Ret::BufError,
            11 => Ret::ProgError,
            other => Ret::Other(other),
        }
    }

    /// `LZMA_OK` as `Ok(())`, any other code as `Err`.
    fn ok(code: ffi::LzmaRet) -> Result<(), Ret> {
        match Ret::from_raw(code) {
            Ret::Ok => Ok(()),
            other => Err(other),
        }
    }
}

/// `lzma_action`, the two the module uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Run,
    Finish,
}

/// Blocks for liblzma from CPython's raw domain, as the C module's
/// `PyLzma_Malloc` (null when `nmemb * size` overflows `Py_ssize_t`).
unsafe extern "C" fn raw_alloc(_opaque: *mut c_void, nmemb: usize, size: usize) -> *mut c_void {
    match nmemb.checked_mul(size) {
        Some(total) if total <= isize::MAX as usize => {
            // SAFETY: the raw domain needs no GIL and accepts any size.
            unsafe { cpython_sys::PyMem_RawMalloc(total) }
        }
        _ => ptr::null_mut(),
    }
}

/// Frees a block of [`raw_alloc`] (liblzma calls it with those only).
unsafe extern "C" fn raw_free(_opaque: *mut c_void, block: *mut c_void) {
    // SAFETY: `block` is null or came from PyMem_RawMalloc (raw_alloc).
    unsafe { cpython_sys::PyMem_RawFree(block) }
}

/// The one allocator every stream and properties decoding uses.
struct SharedAllocator(ffi::LzmaAllocator);

// SAFETY: the allocator is immutable after initialization, its opaque
// pointer is null, and its functions are thread-safe (the raw domain).
unsafe impl Sync for SharedAllocator {}

static ALLOCATOR: SharedAllocator =
    SharedAllocator(ffi::LzmaAllocator { alloc: Some(raw_alloc), free: Some(raw_free), opaque: ptr::null_mut() });

/// Whether this liblzma supports integrity check `check`.
pub fn check_is_supported(check: u32) -> bool {
    // SAFETY: a pure function of its argument; any value is accepted.
    unsafe { ffi::lzma_check_is_supported(check) != 0 }
}

/// Options of the LZMA1 and LZMA2 filters (`lzma_options_lzma`; no preset
/// dictionary, which the module never sets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LzmaOptions {
    pub dict_size: u32,
    pub lc: u32,
    pub lp: u32,
    pub pb: u32,
    pub mode: u32,
    pub nice_len: u32,
    pub mf: u32,
    pub depth: u32,
}

/// An all-zero options structure (no preset dictionary, no extensions).
fn zeroed_lzma_options() -> ffi::LzmaOptionsLzma {
    ffi::LzmaOptionsLzma {
        dict_size: 0,
        preset_dict: ptr::null(),
        preset_dict_size: 0,
        lc: 0,
        lp: 0,
        pb: 0,
        mode: 0,
        nice_len: 0,
        mf: 0,
        depth: 0,
        ext_flags: 0,
        ext_size_low: 0,
        ext_size_high: 0,
        reserved_int: [0; 5],
        reserved_enum: [0; 4],
        reserved_ptr: [ptr::null_mut(); 2],
    }
}

impl LzmaOptions {
    /// The options of compression preset `preset` (`lzma_lzma_preset`), or
    /// `None` when liblzma does not know the preset.
    pub fn preset(preset: u32) -> Option<LzmaOptions> {
        let mut raw = zeroed_lzma_options();
        // SAFETY: `raw` is a valid, writable options structure.
        let failed = unsafe { ffi::lzma_lzma_preset(&mut raw, preset) } != 0;
        (!failed).then(|| LzmaOptions::from_raw(&raw))
    }

    fn from_raw(raw: &ffi::LzmaOptionsLzma) -> LzmaOptions {
        LzmaOptions {
            dict_size: raw.dict_size,
            lc: raw.lc,
            lp: raw.lp,
            pb: raw.pb,
            mode: raw.mode,
            nice_len: raw.nice_len,
            mf: raw.mf,
            depth: raw.depth,
        }
    }

    fn to_raw(self) -> ffi::LzmaOptionsLzma {
        ffi::LzmaOptionsLzma {
            dict_size: self.dict_size,
            lc: self.lc,
            lp: self.lp,
            pb: self.pb,
            mode: self.mode,
            nice_len: self.nice_len,
            mf: self.mf,
            depth: self.depth,
            ..zeroed_lzma_options()
        }
    }
}

/// The options of one filter, by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterOptions {
    Lzma(LzmaOptions),
    Delta { dist: u32 },
    Bcj { start_offset: u32 },
}

/// One filter of a chain: an ID with the options liblzma reads for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Filter {
    id: u64,
    options: FilterOptions,
}

impl Filter {
    /// The filter `id` with `options`, or `None` when liblzma reads another
    /// kind of options for that ID (or the ID is not one of the module's).
    pub fn new(id: u64, options: FilterOptions) -> Option<Filter> {
        let matches = match options {
            FilterOptions::Lzma(_) => id == FILTER_LZMA1 || id == FILTER_LZMA2,
            FilterOptions::Delta { .. } => id == FILTER_DELTA,
            FilterOptions::Bcj { .. } => BCJ_FILTERS.contains(&id),
        };
        matches.then_some(Filter { id, options })
    }

    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn options(&self) -> &FilterOptions {
        &self.options
    }
}

/// The boxed options structure of one filter, as liblzma reads it.
enum RawOptions {
    Lzma(Box<ffi::LzmaOptionsLzma>),
    Delta(Box<ffi::LzmaOptionsDelta>),
    Bcj(Box<ffi::LzmaOptionsBcj>),
}

impl RawOptions {
    fn new(options: &FilterOptions) -> RawOptions {
        match *options {
            FilterOptions::Lzma(lzma) => RawOptions::Lzma(Box::new(lzma.to_raw())),
            FilterOptions::Delta { dist } => RawOptions::Delta(Box::new(ffi::LzmaOptionsDelta {
                type_: ffi::LZMA_DELTA_TYPE_BYTE,
                dist,
                reserved_int: [0; 4],
                reserved_ptr: [ptr::null_mut(); 2],
            })),
            FilterOptions::Bcj { start_offset } => RawOptions::Bcj(Box::new(ffi::LzmaOptionsBcj { start_offset })),
        }
    }

    fn as_mut_ptr(&mut self) -> *mut c_void {
        match self {
            RawOptions::Lzma(options) => ptr::from_mut(options.as_mut()).cast(),
            RawOptions::Delta(options) => ptr::from_mut(options.as_mut()).cast(),
            RawOptions::Bcj(options) => ptr::from_mut(options.as_mut()).cast(),
        }
    }
}

/// A filter chain as liblzma takes it: up to [`FILTERS_MAX`] filters and
/// the `LZMA_VLI_UNKNOWN` terminator, each pointing into `_options`, which
/// lives as long as the array.
struct RawChain {
    _options: Vec<RawOptions>,
    filters: [ffi::LzmaFilter; FILTERS_MAX + 1],
}

impl RawChain {
    /// `None` for a chain longer than liblzma takes.
    fn new(chain: &[Filter]) -> Option<RawChain> {
        if chain.len() > FILTERS_MAX {
            return None;
        }
        let mut options: Vec<RawOptions> = chain.iter().map(|filter| RawOptions::new(&filter.options)).collect();
        let mut filters: [ffi::LzmaFilter; FILTERS_MAX + 1] =
            core::array::from_fn(|_| ffi::LzmaFilter { id: u64::MAX, options: ptr::null_mut() });
        for ((slot, filter), raw) in filters.iter_mut().zip(chain).zip(options.iter_mut()) {
            *slot = ffi::LzmaFilter { id: filter.id, options: raw.as_mut_ptr() };
        }
        Some(RawChain { _options: options, filters })
    }

    fn as_ptr(&self) -> *const ffi::LzmaFilter {
        self.filters.as_ptr()
    }
}

/// One liblzma coder (encoder or decoder).
pub struct Stream {
    raw: Box<ffi::LzmaStream>,
}

// SAFETY: a liblzma stream is not tied to the thread that made it, and
// between calls it points at no caller memory (`code` clears `next_in`
// and `next_out` before returning); only its owner (`&mut self`) uses it.
unsafe impl Send for Stream {}

impl Drop for Stream {
    fn drop(&mut self) {
        // SAFETY: a stream this type initialized (or all zero, which
        // lzma_end accepts); it is not used afterwards.
        unsafe { ffi::lzma_end(self.raw.as_mut()) }
    }
}

impl Stream {
    /// A stream set up by `init`, or liblzma's error (the half-initialized
    /// stream is ended by `Drop`).
    fn init(init: impl FnOnce(*mut ffi::LzmaStream) -> ffi::LzmaRet) -> Result<Stream, Ret> {
        let mut stream = Stream {
            raw: Box::new(ffi::LzmaStream {
                next_in: ptr::null(),
                avail_in: 0,
                total_in: 0,
                next_out: ptr::null_mut(),
                avail_out: 0,
                total_out: 0,
                allocator: &ALLOCATOR.0,
                internal: ptr::null_mut(),
                reserved_ptr: [ptr::null_mut(); 4],
                seek_pos: 0,
                reserved_int2: 0,
                reserved_int3: 0,
                reserved_int4: 0,
                reserved_enum: [0; 2],
            }),
        };
        Ret::ok(init(stream.raw.as_mut()))?;
        Ok(stream)
    }

    /// An .xz encoder of `preset` (`lzma_easy_encoder`).
    pub fn easy_encoder(preset: u32, check: u32) -> Result<Stream, Ret> {
        // SAFETY: a zeroed stream with the shared allocator.
        Stream::init(|raw| unsafe { ffi::lzma_easy_encoder(raw, preset, check) })
    }

    /// An .xz encoder of a filter chain (`lzma_stream_encoder`).
    pub fn stream_encoder(chain: &[Filter], check: u32) -> Result<Stream, Ret> {
        let chain = RawChain::new(chain).ok_or(Ret::OptionsError)?;
        // SAFETY: a zeroed stream and a terminated chain whose options match
        // their IDs; liblzma copies what it keeps.
        Stream::init(|raw| unsafe { ffi::lzma_stream_encoder(raw, chain.as_ptr(), check) })
    }

    /// An .lzma encoder (`lzma_alone_encoder`).
    pub fn alone_encoder(options: &LzmaOptions) -> Result<Stream, Ret> {
        let options = options.to_raw();
        // SAFETY: a zeroed stream and a valid options structure.
        Stream::init(|raw| unsafe { ffi::lzma_alone_encoder(raw, &options) })
    }

    /// A raw encoder of a filter chain (`lzma_raw_encoder`).
    pub fn raw_encoder(chain: &[Filter]) -> Result<Stream, Ret> {
        let chain = RawChain::new(chain).ok_or(Ret::OptionsError)?;
        // SAFETY: as in `stream_encoder`.
        Stream::init(|raw| unsafe { ffi::lzma_raw_encoder(raw, chain.as_ptr()) })
    }

    /// A decoder of .xz or .lzma, whichever the input is (`lzma_auto_decoder`).
    pub fn auto_decoder(memlimit: u64, flags: u32) -> Result<Stream, Ret> {
        // SAFETY: a zeroed stream with the shared allocator.
        Stream::init(|raw| unsafe { ffi::lzma_auto_decoder(raw, memlimit, flags) })
    }

    /// An .xz decoder (`lzma_stream_decoder`).
    pub fn stream_decoder(memlimit: u64, flags: u32) -> Result<Stream, Ret> {
        // SAFETY: a zeroed stream with the shared allocator.
        Stream::init(|raw| unsafe { ffi::lzma_stream_decoder(raw, memlimit, flags) })
    }

    /// An .lzma decoder (`lzma_alone_decoder`).
    pub fn alone_decoder(memlimit: u64) -> Result<Stream, Ret> {
        // SAFETY: a zeroed stream with the shared allocator.
        Stream::init(|raw| unsafe { ffi::lzma_alone_decoder(raw, memlimit) })
    }

    /// A raw decoder of a filter chain (`lzma_raw_decoder`).
    pub fn raw_decoder(chain: &[Filter]) -> Result<Stream, Ret> {
        let chain = RawChain::new(chain).ok_or(Ret::OptionsError)?;
        // SAFETY: as in `stream_encoder`.
        Stream::init(|raw| unsafe { ffi::lzma_raw_decoder(raw, chain.as_ptr()) })
    }

    /// One `lzma_code` call: reads from `input`, appends to `output` at most
    /// `max_out` bytes (and no more than its spare capacity holds), and
    /// returns liblzma's code with the number of input bytes consumed and
    /// of output bytes produced.
    pub fn code(&mut self, input: &[u8], output: &mut Vec<u8>, max_out: usize, action: Action) -> (Ret, usize, usize) {
        let spare = output.spare_capacity_mut();
        let room = spare.len().min(max_out);
        self.raw.next_in = input.as_ptr();
        self.raw.avail_in = input.len();
        self.raw.next_out = spare.as_mut_ptr().cast();
        self.raw.avail_out = room;
        let action = match action {
            Action::Run => 0,
            Action::Finish => 3,
        };
        // SAFETY: an initialized stream; `next_in` has `avail_in` readable
        // bytes and `next_out` `avail_out` writable ones, both borrowed
        // for this call, after which liblzma keeps no pointer to them.
        let code = unsafe { ffi::lzma_code(self.raw.as_mut(), action) };
        let consumed = input.len() - self.raw.avail_in;
        let produced = room - self.raw.avail_out;
        self.raw.next_in = ptr::null();
        self.raw.avail_in = 0;
        self.raw.next_out = ptr::null_mut();
        self.raw.avail_out = 0;
        // SAFETY: liblzma wrote `produced` bytes at the start of the spare
        // capacity (what `avail_out` no longer counts).
        unsafe { output.set_len(output.len() + produced) };
        (Ret::from_raw(code), consumed, produced)
    }

    /// The integrity check of the stream being decoded (`lzma_get_check`).
    pub fn check(&self) -> u32 {
        // SAFETY: an initialized stream, only read.
        unsafe { ffi::lzma_get_check(self.raw.as_ref()) }
    }
}

/// The encoded properties of `filter` (`lzma_properties_size` and
/// `lzma_properties_encode`).
pub fn properties_encode(filter: &Filter) -> Result<Vec<u8>, Ret> {
    let chain = RawChain::new(core::slice::from_ref(filter)).ok_or(Ret::OptionsError)?;
    let mut size = 0u32;
    // SAFETY: a filter whose options match its ID, and a writable size.
    Ret::ok(unsafe { ffi::lzma_properties_size(&mut size, chain.as_ptr()) })?;
    let mut props = vec![0u8; size as usize];
    // SAFETY: `props` has the `size` bytes liblzma just said it writes.
    Ret::ok(unsafe { ffi::lzma_properties_encode(chain.as_ptr(), props.as_mut_ptr()) })?;
    Ok(props)
}

/// What `lzma_properties_decode` found, in the fields the C module reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodedProperties {
    Lzma1 { lc: u32, lp: u32, pb: u32, dict_size: u32 },
    Lzma2 { dict_size: u32 },
    Delta { dist: u32 },
    /// A BCJ filter; no offset when the properties were empty.
    Bcj { start_offset: Option<u32> },
    /// An ID liblzma decodes but the module does not know (ARM64, say).
    Other,
}

/// Decodes the properties `props` of filter `id`.
pub fn properties_decode(id: u64, props: &[u8]) -> Result<DecodedProperties, Ret> {
    let mut filter = ffi::LzmaFilter { id, options: ptr::null_mut() };
    // SAFETY: `props` is readable for its length; on success liblzma sets
    // `options` to null or to a block of the shared allocator holding the
    // options structure of `id`.
    Ret::ok(unsafe { ffi::lzma_properties_decode(&mut filter, &ALLOCATOR.0, props.as_ptr(), props.len()) })?;
    let options = filter.options;
    let decoded = if options.is_null() {
        match id {
            _ if BCJ_FILTERS.contains(&id) => DecodedProperties::Bcj { start_offset: None },
            _ => DecodedProperties::Other,
        }
    } else if id == FILTER_LZMA1 || id == FILTER_LZMA2 {
        // SAFETY: liblzma decoded an lzma_options_lzma for these IDs.
        let lzma = unsafe { &*options.cast::<ffi::LzmaOptionsLzma>() };
        match id {
            FILTER_LZMA1 => DecodedProperties::Lzma1 { lc: lzma.lc, lp: lzma.lp, pb: lzma.pb, dict_size: lzma.dict_size },
            _ => DecodedProperties::Lzma2 { dict_size: lzma.dict_size },
        }
    } else if id == FILTER_DELTA {
        // SAFETY: liblzma decoded an lzma_options_delta for this ID.
        let delta = unsafe { &*options.cast::<ffi::LzmaOptionsDelta>() };
        DecodedProperties::Delta { dist: delta.dist }
    } else if BCJ_FILTERS.contains(&id) {
        // SAFETY: liblzma decoded an lzma_options_bcj for these IDs.
        let bcj = unsafe { &*options.cast::<ffi::LzmaOptionsBcj>() };
        DecodedProperties::Bcj { start_offset: Some(bcj.start_offset) }
    } else {
        DecodedProperties::Other
    };
    // SAFETY: a block of the shared allocator (or null), no longer read.
    unsafe { raw_free(ptr::null_mut(), options) };
    Ok(decoded)
}
