//! The C module's own versions of libm functions: special values handled
//! before libm is called, the same on every platform (C99 Annex F).

use cpython_safe::libm;

/// `m_atan2`.
pub fn atan2(y: f64, x: f64) -> f64 {
    use core::f64::consts::PI;
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if y.is_infinite() {
        if x.is_infinite() {
            // atan2(+-inf, +inf) == +-pi/4, atan2(+-inf, -inf) == +-pi*3/4
            let angle = if 1.0f64.copysign(x) == 1.0 { 0.25 * PI } else { 0.75 * PI };
            return angle.copysign(y);
        }
        // atan2(+-inf, x) == +-pi/2 for finite x
        return (0.5 * PI).copysign(y);
    }
    if x.is_infinite() || y == 0.0 {
        // atan2(+-y, +inf) = atan2(+-0, +x) = +-0; with -inf or -x, +-pi.
        return if 1.0f64.copysign(x) == 1.0 { 0.0f64.copysign(y) } else { PI.copysign(y) };
    }
    libm::atan2(y, x)
}

/// `m_remainder`: IEEE 754 remainder, `x - n*y` for the multiple `n*y` of
/// `y` nearest to `x` (ties to even `n`); always exact.
pub fn remainder(x: f64, y: f64) -> f64 {
    if x.is_finite() && y.is_finite() {
        if y == 0.0 {
            return f64::NAN;
        }
        let (absx, absy) = (x.abs(), y.abs());
        let m = libm::fmod(absx, absy);
        // Compare m with the complement c = absy - m rather than with
        // 0.5*absy, which may not be representable (see the C source).
        let c = absy - m;
        let r = if m < c {
            m
        } else if m > c {
            -c
        } else {
            // Halfway: m if absx is an even multiple of absy plus m, -m if
            // odd; every step here is exact.
            m - 2.0 * libm::fmod(0.5 * (absx - m), absy)
        };
        return 1.0f64.copysign(x) * r;
    }
    if x.is_nan() {
        return x;
    }
    if y.is_nan() {
        return y;
    }
    if x.is_infinite() {
        return f64::NAN;
    }
    x // y is infinite
}

/// `m_log`: for positive finite x, libm's `log`.
pub fn log(x: f64) -> f64 {
    special_log(x, libm::log)
}

/// `m_log2`.
pub fn log2(x: f64) -> f64 {
    special_log(x, libm::log2)
}

/// `m_log10`.
pub fn log10(x: f64) -> f64 {
    special_log(x, libm::log10)
}

/// The special values of the logarithms: log(nan) = nan, log(inf) = inf,
/// log(0) = -inf, and nan for negative numbers.
#[inline(always)]
fn special_log(x: f64, log: fn(f64) -> f64) -> f64 {
    if x.is_finite() && x > 0.0 {
        log(x)
    } else if x.is_nan() || x > 0.0 {
        x
    } else if x == 0.0 {
        f64::NEG_INFINITY
    } else {
        f64::NAN
    }
}

/// `_Py_log1p`: log1p(-0.0) is -0.0 (some platforms get it wrong).
pub fn log1p(x: f64) -> f64 {
    if x == 0.0 {
        x
    } else {
        libm::log1p(x)
    }
}

/// `floor`, as GCC inlines it: truncate, and step down when that went up.
/// Exact for every float (those of magnitude 2**52 and up are integers).
#[inline(always)]
pub fn floor(x: f64) -> f64 {
    if x.abs() < 4503599627370496.0 {
        let t = x as i64 as f64;
        (if t > x { t - 1.0 } else { t }).copysign(x)
    } else {
        x
    }
}

/// `ceil`, as GCC inlines it: truncate, and step up when that went down.
#[inline(always)]
pub fn ceil(x: f64) -> f64 {
    if x.abs() < 4503599627370496.0 {
        let t = x as i64 as f64;
        (if t < x { t + 1.0 } else { t }).copysign(x)
    } else {
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_and_ceil_are_exact() {
        let mut values = vec![0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 1.5, -1.5, 2.5, -2.5, 1e-300, -1e-300, 5e-324, -5e-324];
        for e in [51, 52, 53, 62, 63, 64, 1023] {
            let p = 2f64.powi(e);
            values.extend([p, -p, p - 0.5, -(p - 0.5), p + 1.0, -(p + 1.0), f64::from_bits(p.to_bits() - 1)]);
        }
        values.extend([f64::MAX, f64::MIN, f64::INFINITY, f64::NEG_INFINITY, 4503599627370495.5, -4503599627370495.5]);
        for x in values {
            assert_eq!(floor(x).to_bits(), x.floor().to_bits(), "floor({x:e})");
            assert_eq!(ceil(x).to_bits(), x.ceil().to_bits(), "ceil({x:e})");
        }
        assert!(floor(f64::NAN).is_nan() && ceil(f64::NAN).is_nan());
    }

    #[test]
    fn remainder_rounds_halfway_to_even() {
        assert_eq!(remainder(2.5, 1.0), 0.5);
        assert_eq!(remainder(3.5, 1.0), -0.5);
        assert_eq!(remainder(-2.5, 1.0).to_bits(), (-0.5f64).to_bits());
        assert_eq!(remainder(1.0, 1.0).to_bits(), 0.0f64.to_bits());
        assert_eq!(remainder(-1.0, 1.0).to_bits(), (-0.0f64).to_bits());
        assert!(remainder(1.0, 0.0).is_nan() && remainder(f64::INFINITY, 1.0).is_nan());
        assert_eq!(remainder(1.0, f64::INFINITY), 1.0);
    }
}

/// The value of the least significant bit of `x`.
pub fn ulp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let x = x.abs();
    if x.is_infinite() {
        return x;
    }
    let x2 = libm::nextafter(x, f64::INFINITY);
    if x2.is_infinite() {
        // x is the largest finite float.
        return x - libm::nextafter(x, -f64::INFINITY);
    }
    x2 - x
}
