//! The part of liblzma's C API (`<lzma.h>`) the module uses, declared by
//! hand: the ABI has been stable since liblzma 5.0 (structures keep their
//! size through reserved fields), so no header is needed at build time.
//! C enums (`lzma_ret`, `lzma_check`, `lzma_mode`, ...) are `unsigned int`
//! here, as their values all fit one.

use core::ffi::c_void;

pub type LzmaRet = u32;
pub type LzmaBool = u8;

#[repr(C)]
pub struct LzmaAllocator {
    pub alloc: Option<unsafe extern "C" fn(opaque: *mut c_void, nmemb: usize, size: usize) -> *mut c_void>,
    pub free: Option<unsafe extern "C" fn(opaque: *mut c_void, ptr: *mut c_void)>,
    pub opaque: *mut c_void,
}

/// `lzma_stream`; all zero is `LZMA_STREAM_INIT`.
#[repr(C)]
pub struct LzmaStream {
    pub next_in: *const u8,
    pub avail_in: usize,
    pub total_in: u64,
    pub next_out: *mut u8,
    pub avail_out: usize,
    pub total_out: u64,
    pub allocator: *const LzmaAllocator,
    pub internal: *mut c_void,
    pub reserved_ptr: [*mut c_void; 4],
    pub seek_pos: u64,
    pub reserved_int2: u64,
    pub reserved_int3: usize,
    pub reserved_int4: usize,
    pub reserved_enum: [u32; 2],
}

#[repr(C)]
pub struct LzmaFilter {
    pub id: u64,
    pub options: *mut c_void,
}

#[repr(C)]
pub struct LzmaOptionsLzma {
    pub dict_size: u32,
    pub preset_dict: *const u8,
    pub preset_dict_size: u32,
    pub lc: u32,
    pub lp: u32,
    pub pb: u32,
    pub mode: u32,
    pub nice_len: u32,
    pub mf: u32,
    pub depth: u32,
    pub ext_flags: u32,
    pub ext_size_low: u32,
    pub ext_size_high: u32,
    pub reserved_int: [u32; 5],
    pub reserved_enum: [u32; 4],
    pub reserved_ptr: [*mut c_void; 2],
}

#[repr(C)]
pub struct LzmaOptionsDelta {
    pub type_: u32,
    pub dist: u32,
    pub reserved_int: [u32; 4],
    pub reserved_ptr: [*mut c_void; 2],
}

#[repr(C)]
pub struct LzmaOptionsBcj {
    pub start_offset: u32,
}

pub const LZMA_DELTA_TYPE_BYTE: u32 = 0;

extern "C" {
    pub fn lzma_code(strm: *mut LzmaStream, action: u32) -> LzmaRet;
    pub fn lzma_end(strm: *mut LzmaStream);
    pub fn lzma_get_check(strm: *const LzmaStream) -> u32;
    pub fn lzma_easy_encoder(strm: *mut LzmaStream, preset: u32, check: u32) -> LzmaRet;
    pub fn lzma_stream_encoder(strm: *mut LzmaStream, filters: *const LzmaFilter, check: u32) -> LzmaRet;
    pub fn lzma_alone_encoder(strm: *mut LzmaStream, options: *const LzmaOptionsLzma) -> LzmaRet;
    pub fn lzma_raw_encoder(strm: *mut LzmaStream, filters: *const LzmaFilter) -> LzmaRet;
    pub fn lzma_auto_decoder(strm: *mut LzmaStream, memlimit: u64, flags: u32) -> LzmaRet;
    pub fn lzma_stream_decoder(strm: *mut LzmaStream, memlimit: u64, flags: u32) -> LzmaRet;
    pub fn lzma_alone_decoder(strm: *mut LzmaStream, memlimit: u64) -> LzmaRet;
    pub fn lzma_raw_decoder(strm: *mut LzmaStream, filters: *const LzmaFilter) -> LzmaRet;
    pub fn lzma_check_is_supported(check: u32) -> LzmaBool;
    pub fn lzma_lzma_preset(options: *mut LzmaOptionsLzma, preset: u32) -> LzmaBool;
    pub fn lzma_properties_size(size: *mut u32, filter: *const LzmaFilter) -> LzmaRet;
    pub fn lzma_properties_encode(filter: *const LzmaFilter, props: *mut u8) -> LzmaRet;
    pub fn lzma_properties_decode(
        filter: *mut LzmaFilter,
        allocator: *const LzmaAllocator,
        props: *const u8,
        props_size: usize,
    ) -> LzmaRet;
}

// The layouts of <lzma.h> on the 64-bit targets this is built for.
#[cfg(target_pointer_width = "64")]
const _: () = {
    assert!(core::mem::size_of::<LzmaStream>() == 136);
    assert!(core::mem::size_of::<LzmaOptionsLzma>() == 112);
    assert!(core::mem::size_of::<LzmaOptionsDelta>() == 40);
    assert!(core::mem::size_of::<LzmaFilter>() == 16);
};
