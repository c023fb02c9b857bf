//! Functions of integers: `gcd`, `lcm`, `isqrt`, `factorial`, `perm` and
//! `comb`, with the C module's algorithms (machine integers while results
//! fit, then divide and conquer on ints, so that big products go through
//! Karatsuba multiplication).

use core::ffi::{c_long, c_longlong};

use cpython_safe::object::number;
use cpython_safe::prelude::*;
use cpython_safe::object::number::Overflow;

use crate::{int, State};

/// An int from an unsigned machine integer.
fn uint(py: Python<'_>, value: u64) -> PyResult<Owned> {
    Ok(PyInt::from_u64(py, value)?.into_any())
}

/// Views an int result of the number protocol on ints as an int.
fn as_int(obj: &PyAny) -> &PyInt {
    obj.downcast().expect("int arithmetic gives an int")
}

#[inline(always)]
pub fn gcd(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    if let (2, Some(a), Some(b)) = (args.len(), args.get(0).and_then(PyInt::exact), args.get(1).and_then(PyInt::exact))
    {
        return Ok(a.gcd(b)?.into_any());
    }
    // Once the result is 1 (C compares with the cached small int 1), the
    // remaining arguments are only checked.
    let is_one = |n: &PyInt| Ok(n.to_c_long_or_overflow()? == Ok(1));
    fold_ints(module.py(), args, 0, is_one, |a, b| Ok(a.gcd(b)?.into_any()))
}

/// C's loop of `gcd` and `lcm`: `empty` for no arguments, the absolute
/// value of one, else `step` over them; once the result is `settled`, the
/// remaining arguments are only checked.  Out of line: it keeps
/// `gcd(int, int)` short.
#[inline(never)]
fn fold_ints(
    py: Python<'_>,
    args: &Args,
    empty: i64,
    settled: fn(&PyInt) -> PyResult<bool>,
    step: fn(&PyInt, &PyInt) -> PyResult<Owned>,
) -> PyResult<Owned> {
    let mut integers = args.iter();
    let Some(first) = integers.next() else { return int(py, empty) };
    let mut result = PyInt::from_index(first)?.into_any();
    if args.len() == 1 {
        return number::absolute(&result);
    }
    for x in integers {
        let x = PyInt::from_index(x)?;
        if !settled(as_int(&result))? {
            result = step(as_int(&result), &x)?;
        }
    }
    Ok(result)
}

/// `abs(a // gcd(a, b) * b)`.
fn long_lcm(a: &PyInt, b: &PyInt) -> PyResult<Owned> {
    if a.sign() == 0 || b.sign() == 0 {
        return int(a.py(), 0);
    }
    let g = a.gcd(b)?;
    let f = number::floor_divide(a, &g)?;
    let m = number::multiply(&f, b)?;
    number::absolute(&m)
}

pub fn lcm(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    fold_ints(module.py(), args, 1, |result| Ok(result.sign() == 0), long_lcm)
}

/// Approximate square roots of 16-bit integers: for `2**14 <= n < 2**16`,
/// `a = APPROXIMATE_ISQRT_TAB[(n >> 8) - 64]` has `(a - 1)**2 < n < (a + 1)**2`
/// (`min(round(sqrt(256*n + 128)), 255) for n in range(64, 256)`).
const APPROXIMATE_ISQRT_TAB: [u8; 192] = {
    let mut table = [0u8; 192];
    let mut i = 0;
    while i < 192 {
        // round(sqrt(256*n + 128)) is the integer r with
        // (r - 1/2)**2 <= 256*n + 128 < (r + 1/2)**2: no float needed.
        let target = 4 * (256 * (i as u32 + 64) + 128);
        let mut r = 0u32;
        while (2 * r + 1) * (2 * r + 1) <= target {
            r += 1;
        }
        table[i] = if r > 255 { 255 } else { r as u8 };
        i += 1;
    }
    table
};

/// For `2**62 <= n < 2**64`, `a` with `(a - 1)**2 < n < (a + 1)**2`.
#[inline]
fn approximate_isqrt(n: u64) -> u32 {
    let u = u32::from(APPROXIMATE_ISQRT_TAB[((n >> 56) - 64) as usize]);
    let u = (u << 7) + (n >> 41) as u32 / u;
    (u << 15).wrapping_add(((n >> 17) / u64::from(u)) as u32)
}

/// The integer part of the square root: Newton's iteration in adaptive
/// precision, in machine integers below 2**64 and for the first five
/// steps (see the proof in the C source).
pub fn isqrt(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let n = PyInt::from_index(args.convert(0)?)?;
    match n.sign() {
        -1 => return Err(exc::value_error(py, "isqrt() argument must be nonnegative")),
        0 => return int(py, 0),
        _ => {}
    }
    // c = (n.bit_length() - 1) // 2
    let c = (n.bit_length()? - 1) / 2;
    if c <= 31 {
        // n < 2**64: almost branch-free.
        let shift = 31 - c as u32;
        let m = n.to_u64()?;
        let mut u = approximate_isqrt(m << (2 * shift)) >> shift;
        u -= (u64::from(u) * u64::from(u) > m) as u32;
        return uint(py, u.into());
    }
    // n >= 2**64, so c.bit_length() >= 6.
    let c_bit_length = 64 - c.leading_zeros();
    let mut d = c >> (c_bit_length - 5);
    let m = n.shift_right(2 * c - 62)?.to_u64()?;
    let mut a = uint(py, (approximate_isqrt(m) >> (31 - d)).into())?;
    for s in (0..=c_bit_length - 6).rev() {
        let e = d;
        d = c >> s;
        // a = (a << d - 1 - e) + (n >> 2*c - e - d + 1) // a
        let q = n.shift_right(2 * c - d - e + 1)?;
        let q = number::floor_divide(&q, &a)?;
        let shifted = as_int(&a).shift_left(d - 1 - e)?;
        a = number::add(&shifted, &q)?;
    }
    // The result is a or a - 1.
    let square = number::multiply(&a, &a)?;
    if n.lt(&square)? {
        let one = uint(py, 1)?;
        a = number::subtract(&a, &one)?;
    }
    Ok(a)
}

const fn bit_length(n: u64) -> u32 {
    64 - n.leading_zeros()
}

/// `product(range(start, stop, 2))` for odd `start < stop`, divide and
/// conquer; `max_bits >= bit_length(stop - 2)` bounds the bits of a factor.
fn factorial_partial_product(py: Python<'_>, start: u64, stop: u64, max_bits: u32) -> PyResult<Owned> {
    // When the product surely fits a machine word, multiply in a loop.
    let num_operands = (stop - start) / 2;
    if num_operands <= u64::from(c_long::BITS) && num_operands * u64::from(max_bits) <= u64::from(c_long::BITS) {
        let mut total = start;
        let mut j = start + 2;
        while j < stop {
            total *= j;
            j += 2;
        }
        return uint(py, total);
    }
    // The midpoint of range(start, stop), rounded up to the next odd number.
    let midpoint = (start + num_operands) | 1;
    let left = factorial_partial_product(py, start, midpoint, bit_length(midpoint - 2))?;
    let right = factorial_partial_product(py, midpoint, stop, max_bits)?;
    number::multiply(&left, &right)
}

/// The odd part of n!: the product over i >= 0 of the odd numbers up to
/// n / 2**i, each inner product extending the previous one.
fn factorial_odd_part(py: Python<'_>, n: u64) -> PyResult<Owned> {
    let mut inner = int(py, 1)?;
    let mut outer = inner.clone();
    let mut upper = 3;
    for i in (0..bit_length(n).saturating_sub(1)).rev() {
        let v = n >> i;
        if v <= 2 {
            continue;
        }
        let lower = upper;
        // The least odd integer above n / 2**i.
        upper = (v + 1) | 1;
        // inner: the odd numbers in (0, n / 2**i]
        let partial = factorial_partial_product(py, lower, upper, bit_length(upper - 2))?;
        inner = number::multiply(&inner, &partial)?;
        outer = number::multiply(&outer, &inner)?;
    }
    Ok(outer)
}

/// 0! to 20!: the factorials that fit an unsigned 64-bit word.
const SMALL_FACTORIALS: [u64; 21] = {
    let mut table = [1u64; 21];
    let mut n = 1;
    while n < 21 {
        table[n] = table[n - 1] * n as u64;
        n += 1;
    }
    table
};

/// `factorial(n)` (also `perm(n)`): the odd part shifted left by the
/// exponent of 2 in n!, which is n minus the number of 1 bits of n.
pub fn factorial_of(arg: &PyAny) -> PyResult<Owned> {
    let py = arg.py();
    let n = match arg.to_c_long_or_overflow()? {
        Ok(n) if n >= 0 => n as u64,
        Err(Overflow::Positive) => {
            return Err(exc::overflow_error(py, &format!("factorial() argument should not exceed {}", c_long::MAX)));
        }
        _ => return Err(exc::value_error(py, "factorial() not defined for negative values")),
    };
    if let Some(&small) = SMALL_FACTORIALS.get(n as usize) {
        return uint(py, small);
    }
    let odd_part = factorial_odd_part(py, n)?;
    Ok(as_int(&odd_part).shift_left(n - u64::from(n.count_ones()))?.into_any())
}

pub fn factorial(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    factorial_of(args.convert(0)?)
}

/// For n in 0..128: the low 64 bits of the odd part of n!, their inverse
/// modulo 2**64, and the exponent of 2 in n!.
struct FactorialTables {
    reduced_odd_part: [u64; 128],
    inverted_odd_part: [u64; 128],
    trailing_zeros: [u8; 128],
}

const FACTORIAL: FactorialTables = {
    let mut tables = FactorialTables { reduced_odd_part: [1; 128], inverted_odd_part: [1; 128], trailing_zeros: [0; 128] };
    let mut n = 1;
    while n < 128 {
        let twos = (n as u64).trailing_zeros();
        let odd = (n as u64) >> twos;
        let odd_part = tables.reduced_odd_part[n - 1].wrapping_mul(odd);
        tables.reduced_odd_part[n] = odd_part;
        tables.trailing_zeros[n] = tables.trailing_zeros[n - 1] + twos as u8;
        // Newton's iteration doubles the correct low bits of an inverse
        // of an odd number; x is its own inverse modulo 8.
        let mut inverse = odd_part;
        let mut step = 0;
        while step < 5 {
            inverse = inverse.wrapping_mul(2u64.wrapping_sub(odd_part.wrapping_mul(inverse)));
            step += 1;
        }
        tables.inverted_odd_part[n] = inverse;
        n += 1;
    }
    tables
};

/// k -> the largest n (with 2*k-1 <= n <= 127) for which C(n, k) fits a
/// u64 (k = 1 is left to the next path, which is faster for it).
const FAST_COMB_LIMITS1: [u64; 35] = [
    0, 0, 127, 127, 127, 127, 127, 127, // 0-7
    127, 127, 127, 127, 127, 127, 127, 127, // 8-15
    116, 105, 97, 91, 86, 82, 78, 76, // 16-23
    74, 72, 71, 70, 69, 68, 68, 67, // 24-31
    67, 67, 67, // 32-34
];
/// k -> the largest n for which C(n, k)*k fits a u64 (only where larger
/// than in FAST_COMB_LIMITS1).
const FAST_COMB_LIMITS2: [u64; 14] = [
    0, u64::MAX, 4294967296, 3329022, 102570, 13467, 3612, 1449, // 0-7
    746, 453, 308, 227, 178, 147, // 8-13
];
/// k -> the largest n (with k <= n) for which P(n, k) fits a u64.
const FAST_PERM_LIMITS: [u64; 21] = [
    0, u64::MAX, 4294967296, 2642246, 65537, 7133, 1627, 568, // 0-7
    259, 142, 88, 61, 45, 36, 30, 26, // 8-15
    24, 22, 21, 20, 20, // 16-20
];

/// P(n, k), or C(n, k) when `comb`, for `k > 0` and n below 2**63.
fn perm_comb_small(py: Python<'_>, n: u64, k: u64, comb: bool) -> PyResult<Owned> {
    debug_assert!(k != 0);
    let fits = |limits: &[u64]| limits.get(k as usize).is_some_and(|&limit| n <= limit);
    let tables = &FACTORIAL;
    let (n_, k_) = (n as usize, k as usize);
    if comb {
        if fits(&FAST_COMB_LIMITS1) {
            // comb(n, k) = odd part << exponent of 2, the odd part computed
            // modulo 2**64 from the tables.
            let odd_part = tables.reduced_odd_part[n_]
                .wrapping_mul(tables.inverted_odd_part[k_])
                .wrapping_mul(tables.inverted_odd_part[n_ - k_]);
            let shift = tables.trailing_zeros[n_] - tables.trailing_zeros[k_] - tables.trailing_zeros[n_ - k_];
            return uint(py, odd_part << shift);
        }
        if fits(&FAST_COMB_LIMITS2) {
            // C(n, k) = C(n, k-1) * (n-k+1) / k
            let (mut result, mut n, mut i) = (n, n, 1);
            while i < k {
                n -= 1;
                i += 1;
                result = result * n / i;
            }
            return uint(py, result);
        }
    } else if fits(&FAST_PERM_LIMITS) {
        if n <= 127 {
            let odd_part = tables.reduced_odd_part[n_].wrapping_mul(tables.inverted_odd_part[n_ - k_]);
            let shift = tables.trailing_zeros[n_] - tables.trailing_zeros[n_ - k_];
            return uint(py, odd_part << shift);
        }
        // P(n, k) = P(n, k-1) * (n-k+1)
        let (mut result, mut n) = (n, n);
        for _ in 1..k {
            n -= 1;
            result *= n;
        }
        return uint(py, result);
    }
    // P(n, k) = P(n, j) * P(n-j, k-j); C(n, k) = C(n, j) * C(n-j, k-j) // C(k, j)
    let j = k / 2;
    let a = perm_comb_small(py, n, j, comb)?;
    let b = perm_comb_small(py, n - j, k - j, comb)?;
    let a = number::multiply(&a, &b)?;
    if !comb {
        return Ok(a);
    }
    let c = perm_comb_small(py, k, j, true)?;
    number::floor_divide(&a, &c)
}

/// P(n, k), or C(n, k) when `comb`, for any int n, by the same recursion
/// (balanced products, for Karatsuba).
fn perm_comb(n: &PyAny, k: u64, comb: bool) -> PyResult<Owned> {
    let py = n.py();
    match k {
        0 => return int(py, 1),
        1 => return Ok(n.to_owned()),
        _ => {}
    }
    let j = k / 2;
    let a = perm_comb(n, j, comb)?;
    let j_int = uint(py, j)?;
    let n_minus_j = number::subtract(n, &j_int)?;
    let b = perm_comb(&n_minus_j, k - j, comb)?;
    let a = number::multiply(&a, &b)?;
    if !comb {
        return Ok(a);
    }
    let c = perm_comb_small(py, k, j, true)?;
    number::floor_divide(&a, &c)
}

/// `n` and `k` as non-negative ints, with perm's and comb's errors.
fn non_negative_n_k(n: &PyAny, k: &PyAny) -> PyResult<(Owned<PyInt>, Owned<PyInt>)> {
    let py = n.py();
    let n = PyInt::from_index(n)?;
    let k = PyInt::from_index(k)?;
    if n.sign() < 0 {
        return Err(exc::value_error(py, "n must be a non-negative integer"));
    }
    if k.sign() < 0 {
        return Err(exc::value_error(py, "k must be a non-negative integer"));
    }
    Ok((n, k))
}

/// A non-negative int as a `long long`, or `None` when it is larger.
fn to_ll(n: &PyInt) -> PyResult<Option<c_longlong>> {
    Ok(n.to_c_longlong_or_overflow()?.ok())
}

pub fn perm(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let n: &PyAny = args.convert(0)?;
    let Some(k) = args.get(1).filter(|k| !k.is_none()) else { return factorial_of(n) };
    let (n, k) = non_negative_n_k(n, k)?;
    if n.lt(&k)? {
        return int(py, 0);
    }
    let Some(ki) = to_ll(&k)? else {
        return Err(exc::overflow_error(py, &format!("k must not exceed {}", c_longlong::MAX)));
    };
    match to_ll(&n)? {
        Some(ni) if ki > 1 => perm_comb_small(py, ni as u64, ki as u64, false),
        _ => perm_comb(&n, ki as u64, false),
    }
}

pub fn comb(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let (n, k) = non_negative_n_k(args.convert(0)?, args.convert(1)?)?;
    let ki = match to_ll(&n)? {
        Some(ni) => {
            let ki = match to_ll(&k)? {
                Some(ki) if ki <= ni => ki,
                _ => return int(py, 0),
            };
            let ki = ki.min(ni - ki);
            if ki > 1 {
                return perm_comb_small(py, ni as u64, ki as u64, true);
            }
            // For k == 1, perm_comb returns n itself.
            ki
        }
        None => {
            // k = min(k, n - k)
            let n_minus_k = number::subtract(&n, &k)?;
            if as_int(&n_minus_k).sign() < 0 {
                return int(py, 0);
            }
            let k = if n_minus_k.lt(&k)? { n_minus_k } else { k.into_any() };
            let too_large = || exc::overflow_error(py, &format!("min(n - k, k) must not exceed {}", c_longlong::MAX));
            to_ll(as_int(&k))?.ok_or_else(too_large)?
        }
    };
    perm_comb(&n, ki as u64, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approximate_isqrt_table_is_within_one() {
        for n in 1u32 << 14..1 << 16 {
            let a = u32::from(APPROXIMATE_ISQRT_TAB[(n >> 8) as usize - 64]);
            assert!((a - 1) * (a - 1) < n && n < (a + 1) * (a + 1), "n = {n}, a = {a}");
        }
        // The ends of the table as the C source lists it.
        assert_eq!(APPROXIMATE_ISQRT_TAB[..4], [128, 129, 130, 131]);
        assert_eq!(APPROXIMATE_ISQRT_TAB[188..], [254, 255, 255, 255]);
    }

    #[test]
    fn approximate_isqrt_of_64_bit_numbers() {
        for n in [1u64 << 62, (1 << 62) + 1, u64::MAX, 0xdead_beef_dead_beef, 3 << 62] {
            let a = u128::from(approximate_isqrt(n));
            let n = u128::from(n);
            assert!((a - 1) * (a - 1) < n && n < (a + 1) * (a + 1), "n = {n}, a = {a}");
        }
    }

    /// n! exactly, as little-endian 64-bit limbs.
    fn factorial_limbs(n: u64) -> Vec<u64> {
        let mut limbs = vec![1u64];
        for m in 2..=n {
            let mut carry = 0u128;
            for limb in limbs.iter_mut() {
                let product = u128::from(*limb) * u128::from(m) + carry;
                *limb = product as u64;
                carry = product >> 64;
            }
            if carry != 0 {
                limbs.push(carry as u64);
            }
        }
        limbs
    }

    #[test]
    fn factorial_tables_match_exact_factorials() {
        for n in 0..128 {
            let limbs = factorial_limbs(n as u64);
            let zero_limbs = limbs.iter().take_while(|&&l| l == 0).count();
            let bits = limbs[zero_limbs].trailing_zeros();
            let twos = zero_limbs as u32 * 64 + bits;
            let low = limbs[zero_limbs] >> bits;
            let high = limbs.get(zero_limbs + 1).map_or(0, |&l| if bits == 0 { 0 } else { l << (64 - bits) });
            assert_eq!(u32::from(FACTORIAL.trailing_zeros[n]), twos, "n = {n}");
            assert_eq!(FACTORIAL.reduced_odd_part[n], low | high, "n = {n}");
            assert_eq!(FACTORIAL.reduced_odd_part[n].wrapping_mul(FACTORIAL.inverted_odd_part[n]), 1, "n = {n}");
        }
        assert_eq!(SMALL_FACTORIALS[20], 2432902008176640000);
    }
}
