//! The Mersenne Twister MT19937 (Matsumoto and Nishimura), with the seeding
//! by array that CPython's `random` has always used, so every seed gives
//! the same stream as the C module.

pub const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;

/// The generator's state: 624 words and the position of the next one
/// (`N` means the words are used up and are regenerated on the next draw).
#[derive(Clone)]
pub struct Mt {
    pub state: [u32; N],
    pub index: usize,
}

impl Mt {
    /// The state of an instance that was never seeded (C's zero-filled
    /// object): all zero, positioned at the first word.
    pub const UNSEEDED: Mt = Mt { state: [0; N], index: 0 };

    /// Seeds from a key of any length (an empty key counts as `[0]`), in
    /// little-endian 32-bit words: read in place, so that a seed as large
    /// as memory allows needs no second copy.
    pub fn init_by_array(&mut self, key_bytes: &[u8]) {
        let key_bytes = if key_bytes.len() < 4 { &[0; 4][..] } else { key_bytes };
        let key_len = key_bytes.len() / 4;
        let key = |j: usize| u32::from_le_bytes(key_bytes[4 * j..4 * j + 4].try_into().expect("4 bytes"));
        let mt = &mut self.state;
        // C's init_genrand(19650218) first.
        let mut prev = 19_650_218;
        mt[0] = prev;
        for (i, word) in mt.iter_mut().enumerate().skip(1) {
            prev = 1_812_433_253u32.wrapping_mul(prev ^ (prev >> 30)).wrapping_add(i as u32);
            *word = prev;
        }
        // `prev` is always mt[i - 1]: the word written last (after a wrap,
        // mt[0] is set to that same word).
        prev = mt[0];
        let (mut i, mut j) = (1, 0);
        for _ in 0..N.max(key_len) {
            prev = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525)).wrapping_add(key(j)).wrapping_add(j as u32);
            mt[i] = prev;
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = prev;
                i = 1;
            }
            if j >= key_len {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            prev = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            mt[i] = prev;
            i += 1;
            if i >= N {
                mt[0] = prev;
                i = 1;
            }
        }
        // The most significant bit is 1: the state is never all zero.
        mt[0] = 0x8000_0000;
        self.index = N;
    }

    fn twist(&mut self) {
        let mt = &mut self.state;
        let mix = |upper: u32, lower: u32| {
            let y = (upper & 0x8000_0000) | (lower & 0x7fff_ffff);
            (y >> 1) ^ if y & 1 != 0 { MATRIX_A } else { 0 }
        };
        for k in 0..N - M {
            mt[k] = mt[k + M] ^ mix(mt[k], mt[k + 1]);
        }
        for k in N - M..N - 1 {
            mt[k] = mt[k + M - N] ^ mix(mt[k], mt[k + 1]);
        }
        mt[N - 1] = mt[M - 1] ^ mix(mt[N - 1], mt[0]);
        self.index = 0;
    }

    /// The next 32 random bits.
    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// A float in [0, 1) with 53 random bits (27 + 26, as the C module).
    #[inline]
    pub fn next_f64(&mut self) -> f64 {
        let a = self.next_u32() >> 5;
        let b = self.next_u32() >> 6;
        (f64::from(a) * 67_108_864.0 + f64::from(b)) * (1.0 / 9_007_199_254_740_992.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference output of mt19937ar.c (init_by_array {0x123, 0x234,
    /// 0x345, 0x456}): its first words.
    #[test]
    fn reference_stream() {
        let mut mt = Mt::UNSEEDED;
        let key: Vec<u8> = [0x123u32, 0x234, 0x345, 0x456].iter().flat_map(|word| word.to_le_bytes()).collect();
        mt.init_by_array(&key);
        let first: Vec<u32> = (0..5).map(|_| mt.next_u32()).collect();
        assert_eq!(first, [1067595299, 955945823, 477289528, 4107218783, 4228976476]);
    }
}
