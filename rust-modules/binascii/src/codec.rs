//! The codecs of `binascii`, on plain byte slices.
//!
//! Each function gives exactly the output and the error of its counterpart
//! in CPython's `Modules/binascii.c` (hex: `Python/pystrhex.c`), including
//! the lenient corners old data relies on.  Where a SIMD crate is faster,
//! it runs first on input it is known to treat exactly like the C code, and
//! the scalar code, which follows the C algorithm step by step, handles the
//! rest and produces the precise errors.

use std::borrow::Cow;

use base64_simd::AsOut;

/// A failure reported as `binascii.Error`.
#[derive(Debug, PartialEq, Eq)]
pub struct CodecError(pub Cow<'static, str>);

impl CodecError {
    const fn new(message: &'static str) -> Self {
        CodecError(Cow::Borrowed(message))
    }
}

pub type CodecResult<T> = Result<T, CodecError>;

/// Value of a base64 character, [`INVALID`] for anything else ('=' too).
const BASE64_VALUE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[BASE64_ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};
const INVALID: u8 = 0xff;
const BASE64_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_PAD: u8 = b'=';
/// Below this many bytes, setting up the SIMD decoder costs more than it saves.
const SIMD_MIN_LEN: usize = 64;

/// Value of a hexadecimal digit (either case), [`INVALID`] otherwise.
const HEX_VALUE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        table[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};
const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";
/// The two lowercase hex digits of each byte.
const HEX_PAIRS: [[u8; 2]; 256] = {
    let mut table = [[0; 2]; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = [HEX_LOWER[i >> 4], HEX_LOWER[i & 0x0f]];
        i += 1;
    }
    table
};
const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

// ---------------------------------------------------------------- uuencode

/// The length a uuencoded line's first character announces.
fn uu_value(ch: u8) -> u8 {
    ch.wrapping_sub(b' ') & 0o77
}

/// The length of [`a2b_uu`]'s output: what the line's first character
/// announces.  An empty line announces 32 bytes (C reads the buffer's
/// terminating NUL as the length character), all of them missing.
pub fn a2b_uu_len(ascii: &[u8]) -> usize {
    usize::from(uu_value(ascii.first().copied().unwrap_or(0)))
}

/// Decodes one uuencoded line into `out` ([`a2b_uu_len`] long).  Missing
/// characters (a line cut short, or ending early at CR/LF) count as zero
/// bits; what follows the announced length may only be padding and line
/// ends.
pub fn a2b_uu(ascii: &[u8], out: &mut [u8]) -> CodecResult<()> {
    let mut rest = ascii.get(1..).unwrap_or(&[]);
    let mut written = 0;
    let mut bits = 0u32;
    let mut nbits = 0;
    while written < out.len() {
        let value = match rest.split_first() {
            None => 0,
            Some((&ch, tail)) => {
                rest = tail;
                match ch {
                    b'\n' | b'\r' => 0,
                    // '`' (' ' + 64) is an alternative spelling of zero.
                    b' '..=b'`' => uu_value(ch),
                    _ => return Err(CodecError::new("Illegal char")),
                }
            }
        };
        bits = (bits << 6) | u32::from(value);
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out[written] = (bits >> nbits) as u8;
            written += 1;
            bits &= (1 << nbits) - 1;
        }
    }
    if rest.iter().any(|&ch| !matches!(ch, b' ' | b'`' | b'\n' | b'\r')) {
        return Err(CodecError::new("Trailing garbage"));
    }
    Ok(())
}

/// The length of [`b2a_uu`]'s output, or the error for too much data.
pub fn b2a_uu_len(data_len: usize) -> CodecResult<usize> {
    if data_len > 45 {
        return Err(CodecError::new("At most 45 bytes at once"));
    }
    Ok(2 + data_len.div_ceil(3) * 4)
}

/// Encodes at most 45 bytes as one uuencoded line, newline included, into
/// `out` ([`b2a_uu_len`] long).
pub fn b2a_uu(data: &[u8], backtick: bool, out: &mut [u8]) {
    let encode = |value: u8| if backtick && value == 0 { b'`' } else { b' ' + value };
    out[0] = encode(data.len() as u8);
    for (quad, group) in out[1..].chunks_exact_mut(4).zip(data.chunks(3)) {
        let mut triple = [0u8; 3];
        triple[..group.len()].copy_from_slice(group);
        let bits = u32::from_be_bytes([0, triple[0], triple[1], triple[2]]);
        for (ch, shift) in quad.iter_mut().zip([18, 12, 6, 0]) {
            *ch = encode((bits >> shift) as u8 & 0x3f);
        }
    }
    out[out.len() - 1] = b'\n';
}

// ------------------------------------------------------------------ base64

/// Room for [`a2b_base64`]'s output (C's: three bytes per started quad).
pub fn a2b_base64_capacity(ascii_len: usize) -> usize {
    ascii_len.div_ceil(4) * 3
}

/// Decodes base64 into `out` ([`a2b_base64_capacity`] long); returns the
/// number of bytes decoded.  Leniently (the default), characters outside
/// the alphabet are skipped and decoding stops at the padding that
/// completes a quad; `strict_mode` turns each such leniency into an error.
pub fn a2b_base64(ascii: &[u8], strict_mode: bool, out: &mut [u8]) -> CodecResult<usize> {
    if ascii.len() < SIMD_MIN_LEN {
        return a2b_base64_scalar(ascii, strict_mode, out);
    }
    let is_ignored = |ch: u8| ch != BASE64_PAD && BASE64_VALUE[usize::from(ch)] == INVALID;
    // The lenient decoder skips every byte outside the alphabet and '=', so
    // dropping them first changes nothing: trailing ones (the newline that
    // b2a_base64 appends) cost nothing to drop, others (MIME line breaks)
    // a copy.
    let trimmed = match strict_mode {
        true => ascii,
        false => &ascii[..ascii.iter().rposition(|&ch| !is_ignored(ch)).map_or(0, |last| last + 1)],
    };
    // The SIMD decoder accepts only canonical base64 (alphabet, length a
    // multiple of 4, padding only at the end), which both modes of the C
    // code decode to the same bytes.
    if let Ok(data) = base64_simd::STANDARD.decode(trimmed, out.as_out()) {
        return Ok(data.len());
    }
    if !strict_mode {
        // The copy is only a shortcut: without memory for it, the scalar
        // decoder (which needs none) does the work.
        let mut kept = Vec::new();
        if kept.try_reserve_exact(trimmed.len()).is_ok() {
            kept.extend(trimmed.iter().copied().filter(|&ch| !is_ignored(ch)));
            if kept.len() != trimmed.len() {
                if let Ok(data) = base64_simd::STANDARD.decode_inplace(&mut kept) {
                    out[..data.len()].copy_from_slice(data);
                    return Ok(data.len());
                }
            }
        }
    }
    a2b_base64_scalar(ascii, strict_mode, out)
}

/// The state of decoding one quad of base64 characters.
struct Quad<'o> {
    out: Writer<'o>,
    /// Characters of the current quad seen (0 to 3).
    pos: usize,
    /// The characters' bits, the latest lowest (those above are spent).
    bits: u32,
}

impl<'o> Quad<'o> {
    fn new(out: &'o mut [u8]) -> Self {
        Quad { out: Writer::new(out), pos: 0, bits: 0 }
    }

    /// Takes the next character's 6-bit value: each but a quad's first
    /// completes a byte.
    #[inline(always)]
    fn push(&mut self, value: u8) {
        self.bits = (self.bits << 6) | u32::from(value);
        if self.pos > 0 {
            self.out.push((self.bits >> (6 - 2 * self.pos)) as u8);
        }
        self.pos = (self.pos + 1) % 4;
    }

    /// The end of the input: the bytes decoded, unless one character is
    /// left over (no input encodes to that) or `padded` says the last quad
    /// lacks its padding.
    fn finish(self, padded: bool) -> CodecResult<usize> {
        match self.pos {
            1 => Err(CodecError(Cow::Owned(format!(
                "Invalid base64-encoded string: number of data characters ({}) \
                 cannot be 1 more than a multiple of 4",
                self.out.len / 3 * 4 + 1
            )))),
            0 => Ok(self.out.len),
            _ if padded => Ok(self.out.len),
            _ => Err(CodecError::new("Incorrect padding")),
        }
    }
}

/// [`a2b_base64`] one character at a time, as the C code does it.  The
/// C code of 3.13 before gh-145264 (see build.rs) ends the input at the
/// padding that completes a quad; since, leniently, padding is skipped
/// wherever it stands and the data after it is decoded (RFC 4648, section
/// 3.3), and strictly, padding is allowed only where it completes the last
/// quad.
fn a2b_base64_scalar(ascii: &[u8], strict_mode: bool, out: &mut [u8]) -> CodecResult<usize> {
    let mut quad = Quad::new(out);
    // The padding characters since the last data character.
    let mut pads = 0;
    for (i, &ch) in ascii.iter().enumerate() {
        if ch == BASE64_PAD {
            pads += 1;
            if cfg!(base64_excess_data_decoded) {
                if (quad.pos >= 2 && quad.pos + pads <= 4) || !strict_mode {
                    continue;
                }
                if quad.pos == 1 {
                    break; // the left-over character is the error
                }
            } else {
                if quad.pos >= 2 && quad.pos + pads >= 4 {
                    // The quad is complete: the rest of the input is ignored.
                    if strict_mode && i + 1 < ascii.len() {
                        return Err(CodecError::new("Excess data after padding"));
                    }
                    return Ok(quad.out.len);
                }
                if quad.pos != 0 || !strict_mode {
                    continue;
                }
            }
            return Err(CodecError::new(match quad.pos == 0 && i == 0 {
                true => "Leading padding not allowed",
                false => "Excess padding not allowed",
            }));
        }
        let value = BASE64_VALUE[usize::from(ch)];
        if value == INVALID {
            if strict_mode {
                return Err(CodecError::new("Only base64 data is allowed"));
            }
            continue;
        }
        if pads > 0 && strict_mode {
            // (Before gh-145264 a completed quad has ended the input.)
            return Err(CodecError::new(match quad.pos >= 2 && quad.pos + pads == 4 {
                true => "Excess data after padding",
                false => "Discontinuous padding not allowed",
            }));
        }
        pads = 0;
        quad.push(value);
    }
    let padded = quad.pos + pads >= 4;
    quad.finish(padded)
}

/// The length of [`b2a_base64`]'s output.
pub fn b2a_base64_len(data_len: usize, newline: bool) -> usize {
    data_len.div_ceil(3) * 4 + usize::from(newline)
}

/// Encodes `data` as base64 into `out`, which is exactly
/// [`b2a_base64_len`] long.
pub fn b2a_base64(data: &[u8], newline: bool, out: &mut [u8]) {
    let encoded = base64_simd::STANDARD.encode(data, out.as_out()).len();
    if newline {
        out[encoded] = b'\n';
    }
}

// ------------------------------------------------------------------- CRCs

/// CRC-CCITT (polynomial 0x1021, MSB first) table, as `crc_hqx` uses it.
const CRC_HQX_TABLE: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut byte = 0;
    while byte < 256 {
        let mut crc = (byte as u16) << 8;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
            bit += 1;
        }
        table[byte] = crc;
        byte += 1;
    }
    table
};

/// Continues the CRC-CCITT `crc` (16 bits) over `data`.
pub fn crc_hqx(data: &[u8], crc: u16) -> u16 {
    data.iter()
        .fold(crc, |crc, &byte| (crc << 8) ^ CRC_HQX_TABLE[usize::from((crc >> 8) as u8 ^ byte)])
}

/// Continues the CRC-32 (zlib's) `crc` over `data`: `zlib.crc32`'s own.
pub use zlib_stream::crc32;

// --------------------------------------------------------------------- hex

/// A separator between groups of hexlified bytes: `bytes_per_sep` > 0
/// counts groups from the right, < 0 from the left.
#[derive(Clone, Copy)]
pub struct HexSeparator {
    pub sep: u8,
    pub bytes_per_sep: i32,
}

/// The length of [`hexlify`]'s output.
pub fn hexlify_len(data_len: usize, separator: Option<HexSeparator>) -> usize {
    let separators = match separator {
        Some(s) if s.bytes_per_sep != 0 && data_len > 0 => (data_len - 1) / s.bytes_per_sep.unsigned_abs() as usize,
        _ => 0,
    };
    data_len * 2 + separators
}

/// Writes `data` as lowercase hex into `out` (exactly [`hexlify_len`]
/// long), with the separator between groups.
pub fn hexlify(data: &[u8], separator: Option<HexSeparator>, out: &mut [u8]) {
    let group = separator.map_or(0, |s| s.bytes_per_sep.unsigned_abs() as usize);
    let (Some(separator), true) = (separator, group != 0 && group < data.len()) else {
        let _ = hex_simd::encode(data, out.as_out(), hex_simd::AsciiCase::Lower);
        return;
    };
    // Groups counted from the right leave the short group first.
    let first = match separator.bytes_per_sep > 0 {
        true => match data.len() % group {
            0 => group,
            short => short,
        },
        false => group,
    };
    let (head, rest) = data.split_at(first);
    let (head_out, rest_out) = out.split_at_mut(2 * first);
    hex_chunk(head, head_out);
    // Then full groups, each after a separator, and (counting from the
    // left) a short last group.
    let full = rest.len() / group * group;
    let (full_data, short) = rest.split_at(full);
    let (full_out, short_out) = rest_out.split_at_mut(full / group * (2 * group + 1));
    let sep = separator.sep;
    // The common group sizes as constants: loops the compiler unrolls.
    match group {
        1 => hex_groups(full_data, 1, sep, full_out),
        2 => hex_groups(full_data, 2, sep, full_out),
        4 => hex_groups(full_data, 4, sep, full_out),
        8 => hex_groups(full_data, 8, sep, full_out),
        _ => hex_groups(full_data, group, sep, full_out),
    }
    if let Some((first_out, digits_out)) = short_out.split_first_mut() {
        *first_out = sep;
        hex_chunk(short, digits_out);
    }
}

/// Groups of `group` bytes, each after a separator.
#[inline(always)]
fn hex_groups(data: &[u8], group: usize, sep: u8, out: &mut [u8]) {
    for (group_out, chunk) in out.chunks_exact_mut(2 * group + 1).zip(data.chunks_exact(group)) {
        group_out[0] = sep;
        hex_chunk(chunk, &mut group_out[1..]);
    }
}

#[inline(always)]
fn hex_chunk(chunk: &[u8], out: &mut [u8]) {
    for (pair, &byte) in out.chunks_exact_mut(2).zip(chunk) {
        pair.copy_from_slice(&HEX_PAIRS[usize::from(byte)]);
    }
}

/// Checks that `hex` can be decoded, before the output is allocated.
pub fn unhexlify_check(hex: &[u8]) -> CodecResult<usize> {
    if hex.len() % 2 != 0 {
        return Err(CodecError::new("Odd-length string"));
    }
    Ok(hex.len() / 2)
}

/// Decodes pairs of hex digits (either case) into `out`, `hex.len() / 2`
/// bytes long.
pub fn unhexlify(hex: &[u8], out: &mut [u8]) -> CodecResult<()> {
    // Both the SIMD and the table decoder reject exactly the non-digits,
    // and C has a single message for all of them.
    let non_hex = || CodecError::new("Non-hexadecimal digit found");
    if hex.len() >= 32 {
        return hex_simd::decode(hex, out.as_out()).map(drop).map_err(|_| non_hex());
    }
    for (byte, pair) in out.iter_mut().zip(hex.chunks_exact(2)) {
        let (high, low) = (HEX_VALUE[usize::from(pair[0])], HEX_VALUE[usize::from(pair[1])]);
        if high == INVALID || low == INVALID {
            return Err(non_hex());
        }
        *byte = (high << 4) | low;
    }
    Ok(())
}

// ------------------------------------------------------- quoted-printable

/// Decodes quoted-printable into `out`, at least as long as `data` (the
/// output is never longer); returns the number of bytes decoded.  `=XX`
/// escapes, soft line breaks (`=` at the end of a line); `header` also
/// turns `_` into a space.  Malformed escapes are kept as they are, never
/// an error.
pub fn a2b_qp(data: &[u8], header: bool, out: &mut [u8]) -> usize {
    let mut written = 0;
    let mut i = 0;
    while let Some(&ch) = data.get(i) {
        let decoded = match ch {
            b'=' => {
                // Escapes of two hex digits (either case), one after another.
                while let Some(&[b'=', high, low]) = data.get(i..i + 3) {
                    let (high, low) = (HEX_VALUE[usize::from(high)], HEX_VALUE[usize::from(low)]);
                    if (high | low) == INVALID {
                        break;
                    }
                    out[written] = (high << 4) | low;
                    written += 1;
                    i += 3;
                }
                if data.get(i) != Some(&b'=') {
                    continue;
                }
                i += 1;
                match data.get(i) {
                    None => break,
                    Some(b'\n' | b'\r') => {
                        // A soft line break: skip to just past the next LF.
                        i = data[i..].iter().position(|&c| c == b'\n').map_or(data.len(), |lf| i + lf + 1);
                        continue;
                    }
                    // "==" came from an old buggy encoder: it stands for "=".
                    Some(b'=') => {
                        i += 1;
                        b'='
                    }
                    // Not an escape: kept as it is.
                    Some(_) => b'=',
                }
            }
            b'_' if header => {
                i += 1;
                b' '
            }
            _ => {
                // The run of bytes that stand for themselves, up to the next
                // '=' (or '_' in headers), in one copy.
                let rest = &data[i..];
                let stop = if header { memchr::memchr2(b'=', b'_', rest) } else { memchr::memchr(b'=', rest) };
                let run = stop.unwrap_or(rest.len());
                out[written..written + run].copy_from_slice(&rest[..run]);
                i += run;
                written += run;
                continue;
            }
        };
        out[written] = decoded;
        written += 1;
    }
    written
}

/// Longest line of quoted-printable output (RFC 2045), soft break included.
const MAX_LINE: usize = 76;

/// The options of `b2a_qp`.
#[derive(Clone, Copy)]
pub struct QpOptions {
    /// Escape every space and tab.
    pub quotetabs: bool,
    /// Keep line ends (else CR and LF are escaped).
    pub istext: bool,
    /// Write spaces as `_` (and escape `_`).
    pub header: bool,
}

/// The length of [`b2a_qp`]'s output: C's first pass, which sizes the
/// output exactly.
pub fn b2a_qp_len(data: &[u8], options: QpOptions) -> usize {
    let mut length = Writer::<false>::new(&mut []);
    b2a_qp_to(data, options, &mut length);
    length.len
}

/// Encodes quoted-printable into `out`, exactly [`b2a_qp_len`] long.
pub fn b2a_qp(data: &[u8], options: QpOptions, out: &mut [u8]) {
    b2a_qp_to(data, options, &mut Writer::<true>::new(out));
}

/// Encodes quoted-printable.  With `istext`, line ends are kept (in the
/// style of the first one: CRLF or LF) and whitespace before them is
/// escaped; without it, CR and LF are escaped too.  `quotetabs` escapes all
/// spaces and tabs, `header` writes spaces as `_` (and escapes `_`).
///
/// Runs of bytes written as they are go in one piece, line by line; the
/// last byte of a run and every other byte take C's step, one at a time.
#[inline(always)]
fn b2a_qp_to<const WRITE: bool>(data: &[u8], options: QpOptions, out: &mut Writer<'_, WRITE>) {
    let QpOptions { istext, header, .. } = options;
    let actions = &QP_ACTIONS[qp_actions_index(options)];
    let crlf = match data.iter().position(|&c| c == b'\n') {
        Some(lf) => lf > 0 && data[lf - 1] == b'\r',
        None => false,
    };
    let line_break: &[u8] = if crlf { b"\r\n" } else { b"\n" };
    let soft_break: &[u8] = if crlf { b"=\r\n" } else { b"=\n" };

    let mut line_len = 0;
    // The space or tab just written as it is: escaped after all if a line
    // break follows (whitespace at the end of a line would be lost in
    // transport).
    let mut trailing_blank = None;
    let mut i = 0;
    while let Some(&ch) = data.get(i) {
        let next = match actions[usize::from(ch)] {
            QpAction::Escape => {
                // Escapes one after another (binary data is mostly these),
                // as many at a time as the line has room for.
                let end = qp_run_end(data, i + 1, actions, QpAction::Escape);
                while i < end {
                    if line_len + 3 >= MAX_LINE {
                        out.put(soft_break);
                        line_len = 0;
                    }
                    let take = (end - i).min((MAX_LINE - 1 - line_len) / 3);
                    out.put_escapes(&data[i..i + take]);
                    line_len += 3 * take;
                    i += take;
                }
                trailing_blank = None;
                continue;
            }
            _ => data.get(i + 1).copied(),
        };
        match actions[usize::from(ch)] {
            QpAction::Run if next.is_some_and(|next| actions[usize::from(next)] == QpAction::Run) => {
                // All but the last byte of the run: the next byte is no
                // line end, so only the line length breaks them.
                let last = qp_run_end(data, i + 1, actions, QpAction::Run) - 1;
                while i < last {
                    if line_len + 1 >= MAX_LINE {
                        out.put(soft_break);
                        line_len = 0;
                    }
                    let take = (last - i).min(MAX_LINE - 1 - line_len);
                    out.put(&data[i..i + take]);
                    line_len += take;
                    i += take;
                }
                continue;
            }
            _ => {}
        }
        // C's step, for the bytes the neighbours decide (those the options
        // always escape were escaped above).
        let at_end = next.is_none();
        let escape = match ch {
            // Whitespace at the very end would be lost in transport.
            b' ' | b'\t' => at_end,
            // A lone '.' on a line means end of message to SMTP.
            b'.' => line_len == 0 && matches!(next, None | Some(b'\n' | b'\r' | 0)),
            _ => false,
        };
        if escape {
            if line_len + 3 >= MAX_LINE {
                out.put(soft_break);
                line_len = 0;
            }
            out.put(&qp_escape(ch));
            line_len += 3;
            trailing_blank = None;
            i += 1;
        } else if istext && (ch == b'\n' || (ch == b'\r' && next == Some(b'\n'))) {
            if let Some(blank) = trailing_blank.take() {
                out.escape_last(blank);
            }
            out.put(line_break);
            line_len = 0;
            i += if ch == b'\r' { 2 } else { 1 };
        } else {
            if !at_end && next != Some(b'\n') && line_len + 1 >= MAX_LINE {
                out.put(soft_break);
                line_len = 0;
            }
            line_len += 1;
            let written = if header && ch == b' ' { b'_' } else { ch };
            out.put(&[written]);
            trailing_blank = matches!(written, b' ' | b'\t').then_some(written);
            i += 1;
        }
    }
}

/// What a byte takes under a set of options, whatever its neighbours.
/// (One bit each: see [`qp_run_end`].)
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum QpAction {
    /// Escaped.
    Escape = 1,
    /// Written as it is when the next byte is one too (a '.' is then not
    /// alone on its line, a blank not at the end of one).
    Run = 2,
    /// Up to the neighbours: C's step decides.
    Step = 4,
}

/// The end of the run of bytes from `start` on that take `action`.
#[inline(always)]
fn qp_run_end(data: &[u8], start: usize, actions: &[QpAction; 256], action: QpAction) -> usize {
    let mut end = start;
    // Eight bytes at a time while all of them take it: their actions'
    // bits together are then its bit alone.
    while let Some(word) = data.get(end..end + 8) {
        if word.iter().fold(0, |any, &c| any | actions[usize::from(c)] as u8) != action as u8 {
            break;
        }
        end += 8;
    }
    data[end..].iter().position(|&c| actions[usize::from(c)] != action).map_or(data.len(), |run| end + run)
}

/// The index of `options` in [`QP_ACTIONS`].
const fn qp_actions_index(options: QpOptions) -> usize {
    options.quotetabs as usize * 4 + options.istext as usize * 2 + options.header as usize
}

/// [`QpAction`] of every byte, for each set of options.
const QP_ACTIONS: [[QpAction; 256]; 8] = {
    let mut tables = [[QpAction::Step; 256]; 8];
    let mut index = 0;
    while index < 8 {
        let options = QpOptions { quotetabs: index & 4 != 0, istext: index & 2 != 0, header: index & 1 != 0 };
        assert!(qp_actions_index(options) == index);
        let mut ch = 0;
        while ch < 256 {
            tables[index][ch] = match ch as u8 {
                b'_' if options.header => QpAction::Escape,
                b'\r' | b'\n' if options.istext => QpAction::Step,
                b' ' | b'\t' if options.quotetabs => QpAction::Escape,
                // A space becomes '_' in headers.
                b' ' if options.header => QpAction::Step,
                b' ' | b'\t' => QpAction::Run,
                // '=', the other controls (CR and LF in binary data) and
                // bytes above 126.
                b'=' | 0..=32 | 127..=255 => QpAction::Escape,
                _ => QpAction::Run,
            };
            ch += 1;
        }
        index += 1;
    }
    tables
};

/// `=XX`, the escape of `ch`.
#[inline(always)]
fn qp_escape(ch: u8) -> [u8; 3] {
    [b'=', HEX_UPPER[usize::from(ch >> 4)], HEX_UPPER[usize::from(ch & 0x0f)]]
}

// ------------------------------------------------------------------ output

/// Output written in order into a buffer sized beforehand (a new bytes
/// object's), never past its end; or, without `WRITE`, only counted (the
/// first pass of [`b2a_qp_to`], which sizes its output).
struct Writer<'o, const WRITE: bool = true> {
    out: &'o mut [u8],
    len: usize,
}

impl<'o, const WRITE: bool> Writer<'o, WRITE> {
    fn new(out: &'o mut [u8]) -> Self {
        Writer { out, len: 0 }
    }

    #[inline(always)]
    fn push(&mut self, byte: u8) {
        if WRITE {
            self.out[self.len] = byte;
        }
        self.len += 1;
    }

    /// Appends bytes: a few (the usual case) in a byte loop, cheaper than
    /// a call to memcpy.
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        if WRITE {
            let out = &mut self.out[self.len..self.len + bytes.len()];
            if bytes.len() <= 16 {
                out.iter_mut().zip(bytes).for_each(|(slot, &byte)| *slot = byte);
            } else {
                out.copy_from_slice(bytes);
            }
        }
        self.len += bytes.len();
    }

    /// Appends the quoted-printable escapes of `bytes`.
    #[inline(always)]
    fn put_escapes(&mut self, bytes: &[u8]) {
        let end = self.len + 3 * bytes.len();
        if WRITE {
            for (escape, &byte) in self.out[self.len..end].chunks_exact_mut(3).zip(bytes) {
                escape.copy_from_slice(&qp_escape(byte));
            }
        }
        self.len = end;
    }

    /// Replaces the last byte, `blank`, by its escape.
    #[inline(always)]
    fn escape_last(&mut self, blank: u8) {
        self.len -= 1;
        self.put(&qp_escape(blank));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(message: &str) -> CodecError {
        CodecError(Cow::Owned(message.to_owned()))
    }

    fn hex(data: &[u8], separator: Option<HexSeparator>) -> String {
        let mut out = vec![0; hexlify_len(data.len(), separator)];
        hexlify(data, separator, &mut out);
        String::from_utf8(out).unwrap()
    }

    fn unhex(text: &[u8]) -> CodecResult<Vec<u8>> {
        let mut out = vec![0; unhexlify_check(text)?];
        unhexlify(text, &mut out)?;
        Ok(out)
    }

    fn b64(data: &[u8], newline: bool) -> Vec<u8> {
        let mut out = vec![0; b2a_base64_len(data.len(), newline)];
        b2a_base64(data, newline, &mut out);
        out
    }

    fn uu_encode(data: &[u8], backtick: bool) -> CodecResult<Vec<u8>> {
        let mut out = vec![0; b2a_uu_len(data.len())?];
        b2a_uu(data, backtick, &mut out);
        Ok(out)
    }

    fn b64_decode(text: &[u8], strict: bool) -> CodecResult<Vec<u8>> {
        decode_with(a2b_base64, text, strict)
    }

    fn decode_with(
        decode: fn(&[u8], bool, &mut [u8]) -> CodecResult<usize>,
        text: &[u8],
        strict: bool,
    ) -> CodecResult<Vec<u8>> {
        let mut out = vec![0; a2b_base64_capacity(text.len())];
        let n = decode(text, strict, &mut out)?;
        out.truncate(n);
        Ok(out)
    }

    fn qp_decode(data: &[u8], header: bool) -> Vec<u8> {
        let mut out = vec![0; data.len()];
        let n = a2b_qp(data, header, &mut out);
        out.truncate(n);
        out
    }

    fn qp_encode(data: &[u8], quotetabs: bool, istext: bool, header: bool) -> Vec<u8> {
        let options = QpOptions { quotetabs, istext, header };
        let mut out = vec![0; b2a_qp_len(data, options)];
        b2a_qp(data, options, &mut out);
        out
    }

    fn uu_decode(line: &[u8]) -> CodecResult<Vec<u8>> {
        let mut out = vec![0; a2b_uu_len(line)];
        a2b_uu(line, &mut out)?;
        Ok(out)
    }

    #[test]
    fn uu_round_trip_and_quirks() {
        let data: Vec<u8> = (0..45).collect();
        for n in 0..=45 {
            for backtick in [false, true] {
                let line = uu_encode(&data[..n], backtick).unwrap();
                assert_eq!(uu_decode(&line).unwrap(), &data[..n]);
            }
        }
        assert_eq!(uu_encode(b"", true).unwrap(), b"`\n");
        assert_eq!(uu_encode(b"", false).unwrap(), b" \n");
        assert_eq!(uu_encode(b"Cat", false).unwrap(), b"#0V%T\n");
        assert_eq!(uu_decode(b"").unwrap(), vec![0; 32]);
        assert_eq!(uu_decode(b"#").unwrap(), vec![0; 3]);
        assert_eq!(uu_decode(b"!\x7f").unwrap_err(), err("Illegal char"));
        assert_eq!(uu_decode(b"!\0").unwrap_err(), err("Illegal char"));
        assert_eq!(uu_decode(b"!!!x").unwrap_err(), err("Trailing garbage"));
        assert_eq!(uu_decode(b"!!! `\r\n").unwrap(), b"\x04");
        assert_eq!(uu_encode(&[0; 46], false).unwrap_err(), err("At most 45 bytes at once"));
    }

    #[test]
    fn base64_known_values() {
        assert_eq!(b64(b"", true), b"\n");
        assert_eq!(b64(b"b", true), b"Yg==\n");
        assert_eq!(b64(b"ab", false), b"YWI=");
        assert_eq!(b64_decode(b"YWI=", false).unwrap(), b"ab");
        assert_eq!(b64_decode(b"YW\nI=", true).unwrap_err(), err("Only base64 data is allowed"));
        assert_eq!(b64_decode(b"YW\nI=", false).unwrap(), b"ab");
        assert_eq!(b64_decode(b"QR==", true).unwrap(), b"A");
        // Since gh-145264 the data after the first padded quad is decoded.
        let after_padding: &[u8] = if cfg!(base64_excess_data_decoded) { b"A\x04\x10" } else { b"A" };
        assert_eq!(b64_decode(b"QQ==QQ==", false).unwrap(), after_padding);
        assert_eq!(b64_decode(b"QQ==QQ==", true).unwrap_err(), err("Excess data after padding"));
        assert_eq!(b64_decode(b"=QQ==", true).unwrap_err(), err("Leading padding not allowed"));
        assert_eq!(b64_decode(b"QQ=a=", true).unwrap_err(), err("Discontinuous padding not allowed"));
        assert_eq!(b64_decode(b"QUJD=", true).unwrap_err(), err("Excess padding not allowed"));
        assert_eq!(b64_decode(b"QQ", false).unwrap_err(), err("Incorrect padding"));
        assert_eq!(
            b64_decode(b"QUJDR", false).unwrap_err(),
            err("Invalid base64-encoded string: number of data characters (5) cannot be 1 more than a multiple of 4")
        );
    }

    /// Every short string over a mix of alphabet, padding and junk decodes
    /// the same through the fast paths as through the scalar decoder.
    #[test]
    fn base64_fast_paths_agree_with_scalar() {
        let symbols = b"AQRw+/=\n ";
        let mut text = Vec::new();
        for len in 0..=6u32 {
            for mut code in 0..symbols.len().pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push(symbols[code % symbols.len()]);
                    code /= symbols.len();
                }
                // Behind a long valid prefix, so that the fast paths run.
                let long = [&[b'A'; SIMD_MIN_LEN][..], &text].concat();
                for text in [&text, &long] {
                    for strict in [false, true] {
                        assert_eq!(
                            b64_decode(text, strict),
                            decode_with(a2b_base64_scalar, text, strict),
                            "{:?} strict={strict}",
                            String::from_utf8_lossy(text)
                        );
                    }
                }
            }
        }
        let data: Vec<u8> = (0..=255).cycle().take(10_000).collect();
        let mut mime: Vec<u8> = b64(&data, false).chunks(76).flat_map(|line| [line, b"\r\n"].concat()).collect();
        assert_eq!(b64_decode(&mime, false).unwrap(), data);
        mime.push(b'!');
        assert_eq!(b64_decode(&mime, true), decode_with(a2b_base64_scalar, &mime, true));
    }

    #[test]
    fn crcs() {
        assert_eq!(crc_hqx(b"123456789", 0xffff), 0x29b1);
        assert_eq!(crc_hqx(b"", 0x1234), 0x1234);
        assert_eq!(crc32(b"123456789", 0), 0xcbf43926);
        assert_eq!(crc32(b"56789", crc32(b"1234", 0)), 0xcbf43926);
    }

    #[test]
    fn hex_with_separators() {
        let sep = |sep, bytes_per_sep| Some(HexSeparator { sep, bytes_per_sep });
        assert_eq!(hex(b"\xb9\x01\xef", None), "b901ef");
        assert_eq!(hex(b"\xb9\x01\xef", sep(b':', 1)), "b9:01:ef");
        assert_eq!(hex(b"\xb9\x01\xef", sep(b'_', 2)), "b9_01ef");
        assert_eq!(hex(b"\xb9\x01\xef", sep(b'_', -2)), "b901_ef");
        assert_eq!(hex(b"\xb9\x01\xef", sep(b'_', 3)), "b901ef");
        assert_eq!(hex(b"\xb9\x01\xef", sep(b'_', 0)), "b901ef");
        assert_eq!(hex(b"\xb9\x01\xef", sep(b'_', i32::MIN)), "b901ef");
        assert_eq!(hex(b"", sep(b'_', 1)), "");
        let data: Vec<u8> = (0..23).collect();
        for per in [1, 2, 3, 4, 5, 8, 9, 22] {
            let plain = hex(&data, None);
            let digits: Vec<&str> = (0..data.len()).map(|i| &plain[2 * i..2 * i + 2]).collect();
            let left: Vec<String> = digits.chunks(per).map(|g| g.concat()).collect();
            assert_eq!(hex(&data, sep(b':', -(per as i32))), left.join(":"), "per={per}");
            let mut right: Vec<String> = digits.rchunks(per).map(|g| g.concat()).collect();
            right.reverse();
            assert_eq!(hex(&data, sep(b':', per as i32)), right.join(":"), "per={per}");
        }
        let data: Vec<u8> = (0..100).collect();
        assert_eq!(hex(&data, None), data.iter().map(|b| format!("{b:02x}")).collect::<String>());
    }

    #[test]
    fn unhex_cases() {
        assert_eq!(unhex(b"b901EF").unwrap(), b"\xb9\x01\xef");
        assert_eq!(unhex(b"abc").unwrap_err(), err("Odd-length string"));
        assert_eq!(unhex(b"zz").unwrap_err(), err("Non-hexadecimal digit found"));
        let long = "0123456789abcdefABCDEF".repeat(10);
        assert_eq!(hex(&unhex(long.as_bytes()).unwrap(), None), long.to_lowercase());
        let mut bad = long.into_bytes();
        bad[150] = b'g';
        assert_eq!(unhex(&bad).unwrap_err(), err("Non-hexadecimal digit found"));
    }

    #[test]
    fn qp_known_values() {
        assert_eq!(qp_decode(b"a=3Db=\r\nc=", false), b"a=bc");
        assert_eq!(qp_decode(b"==x=4=zz_", true), b"=x=4=zz ");
        assert_eq!(qp_decode(b"=\rabc\nd", false), b"d");
        assert_eq!(qp_encode(b"a=b \n", false, true, false), b"a=3Db=20\n");
        assert_eq!(qp_encode(b"a b\r\nc", false, true, true), b"a_b\r\nc");
        assert_eq!(qp_encode(b"\t", false, true, false), b"=09");
        assert_eq!(qp_encode(b".\n", false, true, false), b"=2E\n");
        assert_eq!(qp_encode(b"\r\n", false, false, false), b"=0D=0A");
        let long = qp_encode(&[b'x'; 200], false, true, false);
        assert!(long.split(|&c| c == b'\n').all(|line| line.len() <= MAX_LINE));
        assert_eq!(qp_decode(&long, false), vec![b'x'; 200]);
    }
}
