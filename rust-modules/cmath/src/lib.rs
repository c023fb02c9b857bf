//! `cmath`: mathematical functions for complex numbers.
//!
//! A drop-in replacement for CPython's `Modules/cmathmodule.c`: the same
//! functions, signatures and docstrings (read from the tree being built),
//! exceptions and messages, and bit-identical results: the same C math
//! library functions ([`cpython_safe::libm`]), the same algorithms with
//! their floating-point operations in the same order, and C99 Annex G's
//! results for infinities and NaNs from the C module's own tables (read at
//! build time, see `build.rs`).
//!
//! C's functions report errors through `errno` (0, EDOM or ERANGE), which
//! the wrapper clinic generates turns into ValueError("math domain error")
//! or OverflowError("math range error"), after computing the value anyway.
//! Here each function returns its value with that [`Errno`].

#![forbid(unsafe_code)]

use core::f64::consts::{E, LN_10, LN_2, PI, TAU};

use cpython_safe::libm;
use cpython_safe::prelude::*;
use cpython_safe::object::{Complex, PyComplex};

cpython_safe::clinic_module!();

/// The C99 Annex G tables: `ACOS[class(z.real)][class(z.imag)]`, ...
mod special_values {
    use core::f64::consts::PI;
    use cpython_safe::object::Complex;

    include!(concat!(env!("OUT_DIR"), "/special_values.rs"));
}

/// No per-module state: the constants are module attributes.
struct State;

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let py = module.py();
        for (name, value) in [(c"pi", PI), (c"e", E), (c"tau", TAU), (c"inf", f64::INFINITY)] {
            module.add(name, &PyFloat::new(py, value)?.into_any())?;
        }
        let infj = PyComplex::new(py, Complex::new(0.0, f64::INFINITY))?;
        module.add(c"infj", &infj.into_any())?;
        // A quiet NaN with the sign bit clear, as C's `fabs(Py_NAN)`.
        module.add(c"nan", &PyFloat::new(py, f64::NAN)?.into_any())?;
        let nanj = PyComplex::new(py, Complex::new(0.0, f64::NAN))?;
        module.add(c"nanj", &nanj.into_any())?;
        Ok(State)
    }
}

cpython_safe::traverse!(State);

cpython_safe::module! {
    static MODULE: State = module c"cmath" from clinic {
        doc: clinic::module_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [
            acos, acosh, asin, asinh, atan, atanh, cos, cosh, exp, isclose, isfinite, isinf,
            isnan, log, log10, phase, polar, rect, sin, sinh, sqrt, tan, tanh,
        ],
    }
}

/// What C leaves in `errno`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Errno {
    /// 0: no error.
    None,
    /// EDOM (Annex G's divide-by-zero or invalid): ValueError.
    Domain,
    /// ERANGE (overflow): OverflowError.
    Range,
}

/// A function's value and the `errno` it leaves.
type Computed<T = Complex> = (T, Errno);

/// C's `math_error` and the `Py_complex_protected` return converter.
fn checked<T>(py: Python<'_>, (value, errno): Computed<T>) -> PyResult<T> {
    match errno {
        Errno::None => Ok(value),
        Errno::Domain => Err(exc::value_error(py, "math domain error")),
        Errno::Range => Err(exc::overflow_error(py, "math range error")),
    }
}

// Thresholds past which the formulas would overflow needlessly, and the
// scaling of subnormal arguments.
const LARGE_DOUBLE: f64 = f64::MAX / 4.0;
/// `log(LARGE_DOUBLE)`, correctly rounded (checked by a unit test).
const LOG_LARGE_DOUBLE: f64 = 708.3964185322641;
/// `sqrt(f64::MIN_POSITIVE)`, exactly `2**-511`.
const SQRT_DBL_MIN: f64 = 1.4916681462400413e-154;
/// Scaling by `2**SCALE_UP` makes a subnormal normal; `SCALE_DOWN` undoes
/// it after a square root.
const SCALE_UP: i32 = 2 * (f64::MANTISSA_DIGITS as i32 / 2) + 1;
const SCALE_DOWN: i32 = -(SCALE_UP + 1) / 2;

#[inline(always)]
fn sqrt_large_double() -> f64 {
    LARGE_DOUBLE.sqrt() // folded to a constant
}

/// The class of a part of `z` that indexes the special-value tables (in
/// the order of the C module's tables).
fn special_class(x: f64) -> usize {
    const NEG_INF: usize = 0;
    const NEG: usize = 1;
    const NEG_ZERO: usize = 2;
    const POS_ZERO: usize = 3;
    const POS: usize = 4;
    const POS_INF: usize = 5;
    const NAN: usize = 6;
    match (x.is_nan(), x.is_finite(), x == 0.0, x.is_sign_positive()) {
        (true, ..) => NAN,
        (_, false, _, true) => POS_INF,
        (_, false, _, false) => NEG_INF,
        (_, true, true, true) => POS_ZERO,
        (_, true, true, false) => NEG_ZERO,
        (_, true, false, true) => POS,
        (_, true, false, false) => NEG,
    }
}

/// The table's value for `z` when a part of it is infinite or NaN.
#[inline(always)]
fn special_value(table: &[[Complex; 7]; 7], z: Complex) -> Option<Complex> {
    let finite = z.real.is_finite() && z.imag.is_finite();
    (!finite).then(|| table[special_class(z.real)][special_class(z.imag)])
}

/// `i * z`.
#[inline(always)]
fn times_i(z: Complex) -> Complex {
    Complex::new(-z.imag, z.real)
}

/// `-i f(iz)`: asin, atan, sin and tan from asinh, atanh, sinh and tanh.
#[inline(always)]
fn rotated(f: fn(Complex) -> Computed, z: Complex) -> Computed {
    let (s, errno) = f(times_i(z));
    (Complex::new(s.imag, -s.real), errno)
}

#[inline(always)]
fn neg(z: Complex) -> Complex {
    Complex::new(-z.real, -z.imag)
}

/// `log(1 + x)`, keeping the sign of a zero `x` (C's `_Py_log1p`).
#[inline(always)]
fn log1p(x: f64) -> f64 {
    if x == 0.0 {
        x
    } else {
        libm::log1p(x)
    }
}

/// `log(|z|) + ln 2` for a large `z`, without overflow in `|z|`.
#[inline(always)]
fn log_abs_large(z: Complex) -> f64 {
    libm::log(libm::hypot(z.real / 2.0, z.imag / 2.0)) + LN_2 * 2.0
}

fn c_acos(z: Complex) -> Computed {
    if let Some(r) = special_value(&special_values::ACOS, z) {
        return (r, Errno::None);
    }
    let r = if z.real.abs() > LARGE_DOUBLE || z.imag.abs() > LARGE_DOUBLE {
        let real = libm::atan2(z.imag.abs(), z.real);
        // Written so that the branch cut keeps its continuity.
        let imag = if z.real < 0.0 {
            -log_abs_large(z).copysign(z.imag)
        } else {
            log_abs_large(z).copysign(-z.imag)
        };
        Complex::new(real, imag)
    } else {
        let s1 = c_sqrt(Complex::new(1.0 - z.real, -z.imag)).0;
        let s2 = c_sqrt(Complex::new(1.0 + z.real, z.imag)).0;
        Complex::new(
            2.0 * libm::atan2(s1.real, s2.real),
            libm::asinh(s2.real * s1.imag - s2.imag * s1.real),
        )
    };
    (r, Errno::None)
}

fn c_acosh(z: Complex) -> Computed {
    if let Some(r) = special_value(&special_values::ACOSH, z) {
        return (r, Errno::None);
    }
    let r = if z.real.abs() > LARGE_DOUBLE || z.imag.abs() > LARGE_DOUBLE {
        Complex::new(log_abs_large(z), libm::atan2(z.imag, z.real))
    } else {
        let s1 = c_sqrt(Complex::new(z.real - 1.0, z.imag)).0;
        let s2 = c_sqrt(Complex::new(z.real + 1.0, z.imag)).0;
        Complex::new(
            libm::asinh(s1.real * s2.real + s1.imag * s2.imag),
            2.0 * libm::atan2(s1.imag, s2.real),
        )
    };
    (r, Errno::None)
}

fn c_asinh(z: Complex) -> Computed {
    if let Some(r) = special_value(&special_values::ASINH, z) {
        return (r, Errno::None);
    }
    let r = if z.real.abs() > LARGE_DOUBLE || z.imag.abs() > LARGE_DOUBLE {
        let real = if z.imag >= 0.0 {
            log_abs_large(z).copysign(z.real)
        } else {
            -log_abs_large(z).copysign(-z.real)
        };
        Complex::new(real, libm::atan2(z.imag, z.real.abs()))
    } else {
        let s1 = c_sqrt(Complex::new(1.0 + z.imag, -z.real)).0;
        let s2 = c_sqrt(Complex::new(1.0 - z.imag, z.real)).0;
        Complex::new(
            libm::asinh(s1.real * s2.imag - s2.real * s1.imag),
            libm::atan2(z.imag, s1.real * s2.real - s1.imag * s2.imag),
        )
    };
    (r, Errno::None)
}

/// The phase of `z`, `atan2(z.imag, z.real)` with C99's special values
/// decided here (some platforms' `atan2` gets them wrong).  glibc's
/// `atan2` sets ERANGE when a nonzero `y` gives an underflow to zero.
fn c_atan2(z: Complex) -> Computed<f64> {
    if z.real.is_nan() || z.imag.is_nan() {
        return (f64::NAN, Errno::None);
    }
    let phase = if z.imag.is_infinite() {
        if z.real.is_infinite() {
            if z.real > 0.0 {
                0.25 * PI
            } else {
                0.75 * PI
            }
        } else {
            0.5 * PI
        }
        .copysign(z.imag)
    } else if z.real.is_infinite() || z.imag == 0.0 {
        if z.real.is_sign_positive() {
            0.0_f64.copysign(z.imag)
        } else {
            PI.copysign(z.imag)
        }
    } else {
        let phase = libm::atan2(z.imag, z.real);
        return (phase, if phase == 0.0 { Errno::Range } else { Errno::None });
    };
    (phase, Errno::None)
}

fn c_atanh(z: Complex) -> Computed {
    if let Some(r) = special_value(&special_values::ATANH, z) {
        return (r, Errno::None);
    }
    // atanh(z) = -atanh(-z)
    if z.real < 0.0 {
        let (r, errno) = c_atanh(neg(z));
        return (neg(r), errno);
    }
    let ay = z.imag.abs();
    if z.real > sqrt_large_double() || ay > sqrt_large_double() {
        // For a large |z|, atanh(z) ~ 1/z +/- i*pi/2.
        let h = libm::hypot(z.real / 2.0, z.imag / 2.0);
        let real = z.real / 4.0 / h / h;
        (Complex::new(real, -(PI / 2.0).copysign(-z.imag)), Errno::None)
    } else if z.real == 1.0 && ay < SQRT_DBL_MIN {
        if ay == 0.0 {
            // Annex G: atanh(1 +/- 0i) = inf +/- 0i, a divide-by-zero.
            (Complex::new(f64::INFINITY, z.imag), Errno::Domain)
        } else {
            let real = -libm::log(ay.sqrt() / libm::hypot(ay, 2.0).sqrt());
            let imag = (libm::atan2(2.0, -ay) / 2.0).copysign(z.imag);
            (Complex::new(real, imag), Errno::None)
        }
    } else {
        let real = log1p(4.0 * z.real / ((1.0 - z.real) * (1.0 - z.real) + ay * ay)) / 4.0;
        let imag = -libm::atan2(-2.0 * z.imag, (1.0 - z.real) * (1.0 + z.real) - ay * ay) / 2.0;
        (Complex::new(real, imag), Errno::None)
    }
}

/// ERANGE when a finite argument gave an infinite result.
#[inline(always)]
fn overflow_check(r: Complex) -> Computed {
    let overflowed = r.real.is_infinite() || r.imag.is_infinite();
    (r, if overflowed { Errno::Range } else { Errno::None })
}

/// `inf + inf*i` with the signs of `a` and `b`.
#[inline(always)]
fn infinite_with_signs(a: f64, b: f64) -> Complex {
    Complex::new(f64::INFINITY.copysign(a), f64::INFINITY.copysign(b))
}

/// `cosh(z)`, or `sinh(z)` if `sinh`: the same formulas with the cosh
/// and sinh of the real part swapped.
#[inline(always)]
fn c_cosh_or_sinh(z: Complex, sinh: bool) -> Computed {
    if !z.real.is_finite() || !z.imag.is_finite() {
        let r = if z.real.is_infinite() && z.imag.is_finite() && z.imag != 0.0 {
            let (sin, cos) = libm::sincos(z.imag);
            let r = infinite_with_signs(cos, sin);
            match (z.real > 0.0, sinh) {
                (true, _) => r,
                (false, false) => Complex::new(r.real, -r.imag),
                (false, true) => Complex::new(-r.real, r.imag),
            }
        } else {
            let table = if sinh { &special_values::SINH } else { &special_values::COSH };
            table[special_class(z.real)][special_class(z.imag)]
        };
        let invalid = z.imag.is_infinite() && !z.real.is_nan();
        return (r, if invalid { Errno::Domain } else { Errno::None });
    }
    let (sin, cos) = libm::sincos(z.imag);
    // Past LOG_LARGE_DOUBLE, of x - 1 (toward 0) times e: no needless overflow.
    let large = z.real.abs() > LOG_LARGE_DOUBLE;
    let x = if large { z.real - 1.0_f64.copysign(z.real) } else { z.real };
    let (cosh_x, sinh_x) = (libm::cosh(x), libm::sinh(x));
    let (a, b) = if sinh { (sinh_x, cosh_x) } else { (cosh_x, sinh_x) };
    overflow_check(if large { Complex::new(cos * a * E, sin * b * E) } else { Complex::new(cos * a, sin * b) })
}

fn c_exp(z: Complex) -> Computed {
    if !z.real.is_finite() || !z.imag.is_finite() {
        let r = if z.real.is_infinite() && z.imag.is_finite() && z.imag != 0.0 {
            let (sin, cos) = libm::sincos(z.imag);
            if z.real > 0.0 {
                infinite_with_signs(cos, sin)
            } else {
                Complex::new(0.0_f64.copysign(cos), 0.0_f64.copysign(sin))
            }
        } else {
            special_values::EXP[special_class(z.real)][special_class(z.imag)]
        };
        let invalid = z.imag.is_infinite() && (z.real.is_finite() || z.real == f64::INFINITY);
        return (r, if invalid { Errno::Domain } else { Errno::None });
    }
    let (sin, cos) = libm::sincos(z.imag);
    let r = if z.real > LOG_LARGE_DOUBLE {
        let l = libm::exp(z.real - 1.0);
        Complex::new(l * cos * E, l * sin * E)
    } else {
        let l = libm::exp(z.real);
        Complex::new(l * cos, l * sin)
    };
    overflow_check(r)
}

/// The natural logarithm.  The real part, `log(|z|)`, is computed with
/// care where `|z|` would be subnormal (rescaled), overflow (halved) or be
/// close to 1 (`log1p`); `log(0)` is a divide-by-zero.
fn c_log(z: Complex) -> Computed {
    if let Some(r) = special_value(&special_values::LOG, z) {
        return (r, Errno::None);
    }
    let ax = z.real.abs();
    let ay = z.imag.abs();
    let real = if ax > LARGE_DOUBLE || ay > LARGE_DOUBLE {
        libm::log(libm::hypot(ax / 2.0, ay / 2.0)) + LN_2
    } else if ax < f64::MIN_POSITIVE && ay < f64::MIN_POSITIVE {
        if ax > 0.0 || ay > 0.0 {
            let digits = f64::MANTISSA_DIGITS as i32;
            libm::log(libm::hypot(libm::ldexp(ax, digits), libm::ldexp(ay, digits))) - f64::from(digits) * LN_2
        } else {
            return (Complex::new(f64::NEG_INFINITY, libm::atan2(z.imag, z.real)), Errno::Domain);
        }
    } else {
        let h = libm::hypot(ax, ay);
        if (0.71..=1.73).contains(&h) {
            let (am, an) = if ax > ay { (ax, ay) } else { (ay, ax) };
            log1p((am - 1.0) * (am + 1.0) + an * an) / 2.0
        } else {
            libm::log(h)
        }
    };
    (Complex::new(real, libm::atan2(z.imag, z.real)), Errno::None)
}

fn c_log10(z: Complex) -> Computed {
    let (r, errno) = c_log(z);
    (Complex::new(r.real / LN_10, r.imag / LN_10), errno)
}

/// The square root: for `x, y >= 0`, `s = sqrt((x + hypot(x, y))/2)` and
/// `d = (y/2)/s`, computed as `2*sqrt(x/8 + hypot(x/8, y/8))` against
/// overflow and with subnormal arguments rescaled; symmetry gives the rest.
fn c_sqrt(z: Complex) -> Computed {
    if let Some(r) = special_value(&special_values::SQRT, z) {
        return (r, Errno::None);
    }
    if z.real == 0.0 && z.imag == 0.0 {
        return (Complex::new(0.0, z.imag), Errno::None);
    }
    let ax = z.real.abs();
    let ay = z.imag.abs();
    let s = if ax < f64::MIN_POSITIVE && ay < f64::MIN_POSITIVE {
        let ax = libm::ldexp(ax, SCALE_UP);
        libm::ldexp((ax + libm::hypot(ax, libm::ldexp(ay, SCALE_UP))).sqrt(), SCALE_DOWN)
    } else {
        let ax = ax / 8.0;
        2.0 * (ax + libm::hypot(ax, ay / 8.0)).sqrt()
    };
    let d = ay / (2.0 * s);
    let r = if z.real >= 0.0 {
        Complex::new(s, d.copysign(z.imag))
    } else {
        Complex::new(d, s.copysign(z.imag))
    };
    (r, Errno::None)
}

/// `tanh(x+iy) = (tanh(x)(1+tan(y)^2) + i tan(y)(1-tanh(x)^2)) /
/// (1+tan(y)^2 tanh(x)^2)`, with `1-tanh(x)^2` as `1/cosh(x)^2`, or about
/// `4 exp(-2|x|)` for a large `x`.
fn c_tanh(z: Complex) -> Computed {
    if !z.real.is_finite() || !z.imag.is_finite() {
        let r = if z.real.is_infinite() && z.imag.is_finite() && z.imag != 0.0 {
            let real = if z.real > 0.0 { 1.0 } else { -1.0 };
            let (sin, cos) = libm::sincos(z.imag);
            Complex::new(real, 0.0_f64.copysign(2.0 * sin * cos))
        } else {
            special_values::TANH[special_class(z.real)][special_class(z.imag)]
        };
        let invalid = z.imag.is_infinite() && z.real.is_finite();
        return (r, if invalid { Errno::Domain } else { Errno::None });
    }
    let r = if z.real.abs() > LOG_LARGE_DOUBLE {
        let (sin, cos) = libm::sincos(z.imag);
        Complex::new(1.0_f64.copysign(z.real), 4.0 * sin * cos * libm::exp(-2.0 * z.real.abs()))
    } else {
        let tx = libm::tanh(z.real);
        let ty = libm::tan(z.imag);
        let cx = 1.0 / libm::cosh(z.real);
        let txty = tx * ty;
        let denom = 1.0 + txty * txty;
        Complex::new(tx * (1.0 + ty * ty) / denom, ((ty / denom) * cx) * cx)
    };
    (r, Errno::None)
}

/// `|z|` (C's `_Py_c_abs`): infinite if a part is, even with a NaN.
fn c_abs(z: Complex) -> Computed<f64> {
    if !z.real.is_finite() || !z.imag.is_finite() {
        return match (z.real.is_infinite(), z.imag.is_infinite()) {
            (true, _) => (z.real.abs(), Errno::None),
            (_, true) => (z.imag.abs(), Errno::None),
            _ => (f64::NAN, Errno::None),
        };
    }
    let r = libm::hypot(z.real, z.imag);
    (r, if r.is_finite() { Errno::None } else { Errno::Range })
}

/// The functions of one complex number that return one, raising as C's
/// `errno` says.
macro_rules! complex_functions {
    ($($name:ident = $func:expr;)*) => {$(
        #[inline(always)]
        fn $name(module: &Module<State>, args: &Args) -> PyResult<Owned> {
            let py = module.py();
            let func: fn(Complex) -> Computed = $func;
            let z = checked(py, func(args.convert(0)?))?;
            Ok(PyComplex::new(py, z)?.into_any())
        }
    )*};
}

complex_functions! {
    acos = c_acos;
    acosh = c_acosh;
    asin = |z| rotated(c_asinh, z);
    asinh = c_asinh;
    atan = |z| rotated(c_atanh, z);
    atanh = c_atanh;
    // cos(z) = cosh(iz).
    cos = |z| c_cosh_or_sinh(times_i(z), false);
    cosh = |z| c_cosh_or_sinh(z, false);
    exp = c_exp;
    log10 = c_log10;
    sin = |z| rotated(|z| c_cosh_or_sinh(z, true), z);
    sinh = |z| c_cosh_or_sinh(z, true);
    sqrt = c_sqrt;
    tan = |z| rotated(c_tanh, z);
    tanh = c_tanh;
}

/// `log(z[, base])`: `log(z) / log(base)`.  As in C, only the logarithm
/// of the base (or else of `z`) and the division decide the error: `log(0,
/// 2)` is `-inf+nanj`.
#[inline(always)]
fn log(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let (mut r, mut errno) = c_log(args.convert(0)?);
    if let Some(base) = args.get(1) {
        let (log_base, base_errno) = c_log(base.to_complex()?);
        errno = if log_base == Complex::new(0.0, 0.0) { Errno::Domain } else { base_errno };
        r = r.quot(log_base);
    }
    Ok(PyComplex::new(py, checked(py, (r, errno))?)?.into_any())
}

#[inline(always)]
fn phase(module: &Module<State>, args: &Args) -> PyResult<f64> {
    checked(module.py(), c_atan2(args.convert(0)?))
}

#[inline(always)]
fn polar(module: &Module<State>, args: &Args) -> PyResult<(f64, f64)> {
    let z: Complex = args.convert(0)?;
    // The phase's errno is overwritten by the modulus'.
    let phi = c_atan2(z).0;
    Ok((checked(module.py(), c_abs(z))?, phi))
}

/// `rect(r, phi)` behaves like `exp(log(r) + i*phi)` for positive-signed
/// `r` and like `-exp(log(-r) + i*phi)` for negative-signed `r`.
#[inline(always)]
fn rect(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let r: f64 = args.convert(0)?;
    let phi: f64 = args.convert(1)?;
    let z = if !r.is_finite() || !phi.is_finite() {
        let z = if r.is_infinite() && phi.is_finite() && phi != 0.0 {
            let (sin, cos) = libm::sincos(phi);
            let z = infinite_with_signs(cos, sin);
            if r > 0.0 {
                z
            } else {
                neg(z)
            }
        } else {
            special_values::RECT[special_class(r)][special_class(phi)]
        };
        let invalid = r != 0.0 && !r.is_nan() && phi.is_infinite();
        checked(py, (z, if invalid { Errno::Domain } else { Errno::None }))?
    } else if phi == 0.0 {
        // r * phi, not r * sin(phi), for the sign of the zero.
        Complex::new(r, r * phi)
    } else {
        let (sin, cos) = libm::sincos(phi);
        Complex::new(r * cos, r * sin)
    };
    Ok(PyComplex::new(py, z)?.into_any())
}

#[inline(always)]
fn isfinite(_module: &Module<State>, args: &Args) -> PyResult<bool> {
    let z: Complex = args.convert(0)?;
    Ok(z.real.is_finite() && z.imag.is_finite())
}

#[inline(always)]
fn isnan(_module: &Module<State>, args: &Args) -> PyResult<bool> {
    let z: Complex = args.convert(0)?;
    Ok(z.real.is_nan() || z.imag.is_nan())
}

#[inline(always)]
fn isinf(_module: &Module<State>, args: &Args) -> PyResult<bool> {
    let z: Complex = args.convert(0)?;
    Ok(z.real.is_infinite() || z.imag.is_infinite())
}

/// Whether `a` and `b` are within `rel_tol` of the larger magnitude or
/// within `abs_tol` of each other; infinities are close only to
/// themselves, NaN to nothing.
#[inline(always)]
fn isclose(module: &Module<State>, args: &Args) -> PyResult<bool> {
    let clinic::params::isclose { a, b, rel_tol, abs_tol } = clinic::params::isclose::from_args(args)?;
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(exc::value_error(module.py(), "tolerances must be non-negative"));
    }
    if a.real == b.real && a.imag == b.imag {
        return Ok(true);
    }
    if [a.real, a.imag, b.real, b.imag].iter().any(|x| x.is_infinite()) {
        return Ok(false);
    }
    let diff = c_abs(Complex::new(a.real - b.real, a.imag - b.imag)).0;
    let close = diff <= rel_tol * c_abs(b).0 || diff <= rel_tol * c_abs(a).0 || diff <= abs_tol;
    Ok(close)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds() {
        assert_eq!(LOG_LARGE_DOUBLE, libm::log(LARGE_DOUBLE));
        assert_eq!(SQRT_DBL_MIN, f64::MIN_POSITIVE.sqrt());
        assert_eq!((SCALE_UP, SCALE_DOWN), (53, -27));
    }
}
