//! The gamma function and its logarithm: the C module's own implementation
//! (not libm's, whose quality varies by platform), the Lanczos
//! approximation with N=13 and g=6.024680040776729583740234375, the
//! reflection formula for negative x, and C99 Annex F's special cases.
//! See `Modules/mathmodule.c` for the derivation of each step.

use core::f64::consts::PI;

use cpython_safe::libm;

use crate::MathError;

const LOG_PI: f64 = 1.144729885849400174143427351353058711647;

// The constants have the C source's digits (more than a float holds).
const LANCZOS_N: usize = 13;
#[allow(clippy::excessive_precision)]
const LANCZOS_G: f64 = 6.024680040776729583740234375;
#[allow(clippy::excessive_precision)]
const LANCZOS_G_MINUS_HALF: f64 = 5.524680040776729583740234375;
#[allow(clippy::excessive_precision)]
const LANCZOS_NUM_COEFFS: [f64; LANCZOS_N] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];
/// The denominator is x*(x+1)*...*(x+LANCZOS_N-2).
const LANCZOS_DEN_COEFFS: [f64; LANCZOS_N] = [
    0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0, 13339535.0, 2637558.0, 357423.0,
    32670.0, 1925.0, 66.0, 1.0,
];

/// gamma(n) = (n-1)! for n in 1..=23, all exact as floats.
const GAMMA_INTEGRAL: [f64; 23] = {
    let mut table = [1.0; 23];
    let mut n = 2;
    while n < 23 {
        table[n] = table[n - 1] * n as f64;
        n += 1;
    }
    table
};

/// `m_sinpi`: sin(pi*x), accurate for all finite x (integers especially).
fn sinpi(x: f64) -> f64 {
    debug_assert!(x.is_finite());
    let y = libm::fmod(x.abs(), 2.0);
    let r = match (2.0 * y).round() as i32 {
        0 => libm::sin(PI * y),
        1 => libm::cos(PI * (y - 0.5)),
        // -sin(pi*(y-1.0)) would give -0.0 for y == 1.0.
        2 => libm::sin(PI * (1.0 - y)),
        3 => -libm::cos(PI * (y - 1.5)),
        4 => libm::sin(PI * (y - 2.0)),
        _ => unreachable!("fmod(|x|, 2) is in [0, 2)"),
    };
    1.0f64.copysign(x) * r
}

/// Lanczos' sum L_g(x), for positive x: a rational function, evaluated in
/// 1/x for large x (no overflow, better accuracy).
fn lanczos_sum(x: f64) -> f64 {
    debug_assert!(x > 0.0);
    let (mut num, mut den) = (0.0, 0.0);
    if x < 5.0 {
        for i in (0..LANCZOS_N).rev() {
            num = num * x + LANCZOS_NUM_COEFFS[i];
            den = den * x + LANCZOS_DEN_COEFFS[i];
        }
    } else {
        for i in 0..LANCZOS_N {
            num = num / x + LANCZOS_NUM_COEFFS[i];
            den = den / x + LANCZOS_DEN_COEFFS[i];
        }
    }
    num / den
}

/// `m_tgamma`.
pub fn tgamma(x: f64) -> Result<f64, MathError> {
    if !x.is_finite() {
        // tgamma(nan) = nan, tgamma(inf) = inf, tgamma(-inf) invalid
        return if x.is_nan() || x > 0.0 { Ok(x) } else { Err(MathError::Domain) };
    }
    if x == 0.0 {
        return Err(MathError::Domain); // +-inf, divide-by-zero
    }
    if x == x.floor() {
        if x < 0.0 {
            return Err(MathError::Domain); // invalid for negative integers
        }
        if x <= GAMMA_INTEGRAL.len() as f64 {
            return Ok(GAMMA_INTEGRAL[x as usize - 1]);
        }
    }
    let absx = x.abs();
    // Tiny arguments: tgamma(x) ~ 1/x.
    if absx < 1e-20 {
        let r = 1.0 / x;
        return if r.is_infinite() { Err(MathError::Range) } else { Ok(r) };
    }
    // Overflow for x > 200, underflow to +-0 for x < -200.
    if absx > 200.0 {
        return if x < 0.0 { Ok(0.0 / sinpi(x)) } else { Err(MathError::Range) };
    }
    let y = absx + LANCZOS_G_MINUS_HALF;
    // The error in y, as a correction factor.
    let z = if absx > LANCZOS_G_MINUS_HALF {
        let q = y - absx;
        q - LANCZOS_G_MINUS_HALF
    } else {
        let q = y - LANCZOS_G_MINUS_HALF;
        q - absx
    };
    let z = z * LANCZOS_G / y;
    let r = if x < 0.0 {
        let mut r = -PI / sinpi(absx) / absx * libm::exp(y) / lanczos_sum(absx);
        r -= z * r;
        if absx < 140.0 {
            r /= libm::pow(y, absx - 0.5);
        } else {
            let sqrtpow = libm::pow(y, absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
        r
    } else {
        let mut r = lanczos_sum(absx) / libm::exp(y);
        r += z * r;
        if absx < 140.0 {
            r *= libm::pow(y, absx - 0.5);
        } else {
            let sqrtpow = libm::pow(y, absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
        r
    };
    if r.is_infinite() {
        return Err(MathError::Range);
    }
    Ok(r)
}

/// `m_lgamma`: the natural logarithm of |gamma(x)|.
pub fn lgamma(x: f64) -> Result<f64, MathError> {
    if !x.is_finite() {
        // lgamma(nan) = nan, lgamma(+-inf) = +inf
        return Ok(if x.is_nan() { x } else { f64::INFINITY });
    }
    if x == x.floor() && x <= 2.0 {
        // A pole at integers n <= 0; lgamma(1) = lgamma(2) = 0.
        return if x <= 0.0 { Err(MathError::Domain) } else { Ok(0.0) };
    }
    let absx = x.abs();
    // Tiny arguments: lgamma(x) ~ -log(|x|).
    if absx < 1e-20 {
        return Ok(-libm::log(absx));
    }
    let mut r = libm::log(lanczos_sum(absx)) - LANCZOS_G;
    r += (absx - 0.5) * (libm::log(absx + LANCZOS_G - 0.5) - 1.0);
    if x < 0.0 {
        // The reflection formula.
        r = LOG_PI - libm::log(sinpi(absx).abs()) - libm::log(absx) - r;
    }
    if r.is_infinite() {
        return Err(MathError::Range);
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gamma_of_integers_is_exact() {
        assert_eq!(GAMMA_INTEGRAL[0], 1.0);
        assert_eq!(GAMMA_INTEGRAL[5], 120.0);
        assert_eq!(GAMMA_INTEGRAL[22], 1124000727777607680000.0);
    }
}
