//! `math`: the mathematical functions of the C standard, and more.
//!
//! A drop-in replacement for CPython's `Modules/mathmodule.c`: the same
//! functions, signatures and docstrings (read from the tree being built),
//! exceptions and messages, and bit-identical results: the same C math
//! library functions ([`cpython_safe::libm`]) and the same algorithms, with
//! their floating-point operations in the same order.  This file has the
//! module and the functions of one float; [`real`] and [`gamma`] the C
//! module's own real functions, [`sums`] the sums, products and norms,
//! [`integer`] the functions of integers.
//!
//! C decides some errors from `errno` after calling libm; here every error
//! is decided from the values, which gives the same results (see
//! [`math_1`]).
//!
//! The functions of a single float or two are `#[inline(always)]`: inlined
//! into the trampoline that CPython calls, a call costs no more than C's.

#![forbid(unsafe_code)]

mod gamma;
mod integer;
mod real;
mod sums;

use core::f64::consts;
use core::ffi::{c_int, c_long};

use cpython_safe::libm;
use cpython_safe::prelude::*;
use cpython_safe::object::number::Overflow;

use integer::{comb, factorial, gcd, isqrt, lcm, perm};
use sums::{dist, fsum, hypot, prod, sumprod};

cpython_safe::clinic_module!();

/// Per-module state: the names of the special methods that `ceil`, `floor`
/// and `trunc` look up, interned once.
struct State {
    ceil: Owned<PyStr>,
    floor: Owned<PyStr>,
    trunc: Owned<PyStr>,
}

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let py = module.py();
        let state = State {
            ceil: PyStr::intern(py, c"__ceil__")?,
            floor: PyStr::intern(py, c"__floor__")?,
            trunc: PyStr::intern(py, c"__trunc__")?,
        };
        for (name, value) in
            [(c"pi", consts::PI), (c"e", consts::E), (c"tau", consts::TAU), (c"inf", f64::INFINITY), (c"nan", f64::NAN)]
        {
            module.add(name, &*PyFloat::new(py, value)?)?;
        }
        Ok(state)
    }
}

cpython_safe::traverse!(State);

cpython_safe::module! {
    static MODULE: State = module c"math" from clinic {
        doc: clinic::module_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [
            acos, acosh, asin, asinh, atan, atan2, atanh, cbrt, ceil, copysign, cos, cosh,
            degrees, dist, erf, erfc, exp, exp2, expm1, fabs, factorial, floor, fma, fmod,
            frexp, fsum, gamma, gcd, hypot, isclose, isfinite, isinf, isnan, isqrt, lcm, ldexp,
            lgamma, log, log1p, log10, log2, modf, pow, radians, remainder, sin, sinh, sqrt,
            tan, tanh, sumprod, trunc, prod, perm, comb, nextafter, ulp,
        ],
    }
}

/// The errors C signals through `errno`: EDOM and ERANGE.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MathError {
    /// An invalid argument or a singularity: ValueError.
    Domain,
    /// Overflow: OverflowError.
    Range,
}

impl MathError {
    #[cold]
    fn raise(self, py: Python<'_>) -> PyErr {
        match self {
            MathError::Domain => exc::value_error(py, "math domain error"),
            MathError::Range => exc::overflow_error(py, "math range error"),
        }
    }
}

#[inline(always)]
fn int(py: Python<'_>, value: impl Into<i64>) -> PyResult<Owned> {
    Ok(PyInt::from_i64(py, value.into())?.into_any())
}

/// C's `math_1`: `func(x)`, where a NaN from a non-NaN is a domain error and
/// an infinity from a finite value an overflow if `can_overflow`, else a
/// domain error (a singularity).
///
/// C then raises for a finite result when libm set `errno`, unless that
/// was ERANGE with a result below 1.5 in magnitude (an underflow).  glibc's
/// libm sets `errno` with a finite result only on underflow, so that never
/// raises, and nothing reads `errno` here.
#[inline(always)]
fn math_1(py: Python<'_>, x: f64, func: fn(f64) -> f64, can_overflow: bool) -> PyResult<f64> {
    let r = func(x);
    if r.is_nan() && !x.is_nan() {
        return Err(MathError::Domain.raise(py));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow { MathError::Range } else { MathError::Domain }.raise(py));
    }
    Ok(r)
}

/// C's `FUNC1`: a function of one float, through [`math_1`].
macro_rules! func1 {
    ($($name:ident = $func:path, can_overflow: $can_overflow:literal;)*) => {$(
        #[inline(always)]
        fn $name(module: &Module<State>, args: &Args) -> PyResult<f64> {
            math_1(module.py(), args.convert(0)?, $func, $can_overflow)
        }
    )*};
}

func1! {
    acos = libm::acos, can_overflow: false;
    acosh = libm::acosh, can_overflow: false;
    asin = libm::asin, can_overflow: false;
    asinh = libm::asinh, can_overflow: false;
    atan = libm::atan, can_overflow: false;
    atanh = libm::atanh, can_overflow: false;
    cbrt = libm::cbrt, can_overflow: false;
    cos = libm::cos, can_overflow: false;
    cosh = libm::cosh, can_overflow: true;
    exp = libm::exp, can_overflow: true;
    exp2 = libm::exp2, can_overflow: true;
    expm1 = libm::expm1, can_overflow: true;
    fabs = f64::abs, can_overflow: false;
    log1p = real::log1p, can_overflow: false;
    sin = libm::sin, can_overflow: false;
    sinh = libm::sinh, can_overflow: true;
    sqrt = f64::sqrt, can_overflow: false;
    tan = libm::tan, can_overflow: false;
    tanh = libm::tanh, can_overflow: false;
}

/// C's `FUNC1A`: a function of one float that reports its own errors (C's
/// `math_1a`; libm's `erf` and `erfc` report none, their only `errno` being
/// underflow).
macro_rules! func1a {
    ($($name:ident = $func:expr;)*) => {$(
        #[inline(always)]
        fn $name(module: &Module<State>, args: &Args) -> PyResult<f64> {
            let func: fn(f64) -> Result<f64, MathError> = $func;
            func(args.convert(0)?).map_err(|error| error.raise(module.py()))
        }
    )*};
}

func1a! {
    erf = |x| Ok(libm::erf(x));
    erfc = |x| Ok(libm::erfc(x));
    gamma = gamma::tgamma;
    lgamma = gamma::lgamma;
}

/// C's `FUNC2` (`math_2`): a function of two floats, which checks its own
/// argument count; a NaN from non-NaNs is a domain error, an infinity from
/// finite values an overflow.
macro_rules! func2 {
    ($($name:ident = $func:path;)*) => {$(
        #[inline(always)]
        fn $name(module: &Module<State>, args: &Args) -> PyResult<f64> {
            let py = module.py();
            args.check_positional(2, 2)?;
            let (x, y): (f64, f64) = (args.convert(0)?, args.convert(1)?);
            let r = $func(x, y);
            if r.is_nan() && !x.is_nan() && !y.is_nan() {
                return Err(MathError::Domain.raise(py));
            }
            if r.is_infinite() && x.is_finite() && y.is_finite() {
                return Err(MathError::Range.raise(py));
            }
            Ok(r)
        }
    )*};
}

func2! {
    atan2 = real::atan2;
    copysign = f64::copysign;
    remainder = real::remainder;
}

/// `ceil`, `floor`, `trunc`: an exact float rounded (converting to an int
/// truncates), else the type's special method (named in the state) if it
/// has one, else the float value of `number` if `float_fallback` (not trunc).
#[inline(always)]
fn round_to_int(
    module: &Module<State>,
    args: &Args,
    special: fn(&State) -> &PyStr,
    round: fn(f64) -> f64,
    float_fallback: bool,
) -> PyResult<Owned> {
    let number: &PyAny = args.convert(0)?;
    let x = match PyFloat::exact(number) {
        Some(x) => x.value(),
        None => match round_special(module, number, special, float_fallback)? {
            Ok(result) => return Ok(result),
            Err(x) => x,
        },
    };
    Ok(PyInt::from_f64(module.py(), round(x))?.into_any())
}

/// The result of `number`'s special method, or its float value when its
/// type has none.  Out of line: it keeps the float path short.
#[inline(never)]
fn round_special(
    module: &Module<State>,
    number: &PyAny,
    special: fn(&State) -> &PyStr,
    float_fallback: bool,
) -> PyResult<Result<Owned, f64>> {
    match number.lookup_special(special(module.state()?))? {
        Some(method) => Ok(Ok(method.call0()?)),
        None if float_fallback => Ok(Err(number.to_f64()?)),
        None => {
            let message = format!("type {} doesn't define __trunc__ method", number.type_name(100));
            Err(exc::type_error(module.py(), &message))
        }
    }
}

#[inline(always)]
fn ceil(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    round_to_int(module, args, |state| &state.ceil, real::ceil, true)
}

#[inline(always)]
fn floor(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    round_to_int(module, args, |state| &state.floor, real::floor, true)
}

#[inline(always)]
fn trunc(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    round_to_int(module, args, |state| &state.trunc, |x| x, false)
}

#[inline(always)]
fn frexp(_module: &Module<State>, args: &Args) -> PyResult<(f64, i64)> {
    let x: f64 = args.convert(0)?;
    // Special values directly, to sidestep platform differences.
    let (m, e) = if x.is_nan() || x.is_infinite() || x == 0.0 { (x, 0) } else { libm::frexp(x) };
    Ok((m, e.into()))
}

#[inline(always)]
fn ldexp(module: &Module<State>, args: &Args) -> PyResult<f64> {
    let py = module.py();
    let x: f64 = args.convert(0)?;
    let Some(i) = args.get(1).and_then(|i| i.downcast::<PyInt>()) else {
        return Err(exc::type_error(py, "Expected an int as second argument to ldexp."));
    };
    // An exponent out of range is as good as the extreme of its sign.
    let exp = match i.to_c_long_or_overflow()? {
        Ok(exp) => exp,
        Err(Overflow::Negative) => c_long::MIN,
        Err(Overflow::Positive) => c_long::MAX,
    };
    let r = if x == 0.0 || !x.is_finite() {
        x // NaNs, zeros and infinities are returned unchanged
    } else if exp > c_long::from(c_int::MAX) {
        return Err(MathError::Range.raise(py));
    } else if exp < c_long::from(c_int::MIN) {
        0.0f64.copysign(x) // underflow to +-0
    } else {
        let r = libm::ldexp(x, exp as c_int);
        if r.is_infinite() {
            return Err(MathError::Range.raise(py));
        }
        r
    };
    Ok(r)
}

#[inline(always)]
fn modf(_module: &Module<State>, args: &Args) -> PyResult<(f64, f64)> {
    let x: f64 = args.convert(0)?;
    // Special values directly: some platforms get them wrong.
    let (fractional, integral) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else if x.is_nan() {
        (x, x)
    } else {
        libm::modf(x)
    };
    Ok((fractional, integral))
}

/// C's `loghelper`: `func` of an int of any size (computed from its
/// mantissa and exponent when it is too large for a float), or of a float.
fn loghelper(arg: &PyAny, func: fn(f64) -> f64) -> PyResult<f64> {
    let py = arg.py();
    let Some(n) = arg.downcast::<PyInt>() else {
        return math_1(py, arg.to_f64()?, func, false);
    };
    if n.sign() <= 0 {
        return Err(MathError::Domain.raise(py));
    }
    if let Some(x) = n.to_double().except(exc::OverflowError(py))? {
        return Ok(func(x));
    }
    let (x, e) = n.frexp()?;
    // n ~= x * 2**e, so log(n) ~= log(x) + log(2) * e.
    Ok(func(x) + func(2.0) * e as f64)
}

#[inline(always)]
fn log(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let num = loghelper(args.convert(0)?, real::log)?;
    let Some(base) = args.get(1) else { return num.into_object(py) };
    let den = loghelper(base, real::log)?;
    if den == 0.0 {
        // float division's own ZeroDivisionError.
        let (num, den) = (num.into_object(py)?, den.into_object(py)?);
        return cpython_safe::object::number::true_divide(&num, &den);
    }
    (num / den).into_object(py)
}

#[inline(always)]
fn log2(_module: &Module<State>, args: &Args) -> PyResult<f64> {
    loghelper(args.convert(0)?, real::log2)
}

#[inline(always)]
fn log10(_module: &Module<State>, args: &Args) -> PyResult<f64> {
    loghelper(args.convert(0)?, real::log10)
}

#[inline(always)]
fn fma(module: &Module<State>, args: &Args) -> PyResult<f64> {
    let py = module.py();
    let (x, y, z): (f64, f64, f64) = (args.convert(0)?, args.convert(1)?, args.convert(2)?);
    let r = libm::fma(x, y, z);
    if r.is_nan() && !x.is_nan() && !y.is_nan() && !z.is_nan() {
        return Err(exc::value_error(py, "invalid operation in fma"));
    }
    if r.is_infinite() && x.is_finite() && y.is_finite() && z.is_finite() {
        return Err(exc::overflow_error(py, "overflow in fma"));
    }
    Ok(r)
}

#[inline(always)]
fn fmod(module: &Module<State>, args: &Args) -> PyResult<f64> {
    let (x, y): (f64, f64) = (args.convert(0)?, args.convert(1)?);
    // fmod(x, +/-inf) is x for finite x.
    if y.is_infinite() && x.is_finite() {
        return Ok(x);
    }
    let r = libm::fmod(x, y);
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(MathError::Domain.raise(module.py()));
    }
    Ok(r)
}

#[inline(always)]
fn pow(module: &Module<State>, args: &Args) -> PyResult<f64> {
    let py = module.py();
    let (x, y): (f64, f64) = (args.convert(0)?, args.convert(1)?);
    // IEEE special values directly, as C99 says (platforms vary).
    let r = if !x.is_finite() || !y.is_finite() {
        if x.is_nan() {
            if y == 0.0 { 1.0 } else { x } // NaN**0 = 1
        } else if y.is_nan() {
            if x == 1.0 { 1.0 } else { y } // 1**NaN = 1
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && libm::fmod(y.abs(), 2.0) == 1.0;
            if y > 0.0 {
                if odd_y { x } else { x.abs() }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0.0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0 // y is infinite from here on
        } else if y > 0.0 && x.abs() > 1.0 {
            y
        } else if y < 0.0 && x.abs() < 1.0 {
            -y // +inf
        } else {
            0.0
        }
    } else {
        let r = libm::pow(x, y);
        // A NaN comes only from (-ve)**(finite non-integer); an infinity
        // from 0**negative (a singularity) or an overflow.
        if r.is_nan() || (r.is_infinite() && x == 0.0) {
            return Err(MathError::Domain.raise(py));
        }
        if r.is_infinite() {
            return Err(MathError::Range.raise(py));
        }
        r
    };
    Ok(r)
}

const DEG_TO_RAD: f64 = consts::PI / 180.0;
const RAD_TO_DEG: f64 = 180.0 / consts::PI;

/// Functions of one float that raise no error of their own.
macro_rules! func1_exact {
    ($($name:ident -> $result:ty = $func:expr;)*) => {$(
        #[inline(always)]
        fn $name(_module: &Module<State>, args: &Args) -> PyResult<$result> {
            let func: fn(f64) -> $result = $func;
            Ok(func(args.convert(0)?))
        }
    )*};
}

func1_exact! {
    degrees -> f64 = |x| x * RAD_TO_DEG;
    radians -> f64 = |x| x * DEG_TO_RAD;
    isfinite -> bool = f64::is_finite;
    isnan -> bool = f64::is_nan;
    isinf -> bool = f64::is_infinite;
    ulp -> f64 = real::ulp;
}

#[inline(always)]
fn isclose(module: &Module<State>, args: &Args) -> PyResult<bool> {
    let clinic::params::isclose { a, b, rel_tol, abs_tol } = clinic::params::isclose::from_args(args)?;
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(exc::value_error(module.py(), "tolerances must be non-negative"));
    }
    // Exact equality catches two infinities of the same sign; any other
    // infinity is close to nothing.
    if a == b || a.is_infinite() || b.is_infinite() {
        return Ok(a == b);
    }
    // Boost's "weak" test.
    let diff = (b - a).abs();
    Ok(diff <= (rel_tol * b).abs() || diff <= (rel_tol * a).abs() || diff <= abs_tol)
}

#[inline(always)]
fn nextafter(module: &Module<State>, args: &Args) -> PyResult<f64> {
    let py = module.py();
    let (x, y): (f64, f64) = (args.convert(0)?, args.convert(1)?);
    let Some(steps) = args.get(2).filter(|steps| !steps.is_none()) else {
        return Ok(libm::nextafter(x, y));
    };
    let steps = PyInt::from_index(steps)?;
    if steps.sign() < 0 {
        return Err(exc::value_error(py, "steps must be a non-negative integer"));
    }
    // u64 and f64 have the same number of bits: more steps than u64::MAX
    // go as far as u64::MAX steps.
    let steps = steps.to_u64().except(exc::OverflowError(py))?.unwrap_or(u64::MAX);
    if steps == 0 || x.is_nan() {
        return Ok(x);
    }
    if y.is_nan() {
        return Ok(y);
    }
    let (ux, uy) = (x.to_bits(), y.to_bits());
    if ux == uy {
        return Ok(x);
    }
    const SIGN_BIT: u64 = 1 << 63;
    let (ax, ay) = (ux & !SIGN_BIT, uy & !SIGN_BIT);
    let r = if (ux ^ uy) & SIGN_BIT != 0 {
        // Opposite signs: through zero (ax + ay cannot overflow).
        if ax + ay <= steps {
            uy
        } else if ax < steps {
            // `<`, not `<=`: +0.0 and -0.0 differ.
            (uy & SIGN_BIT) | (steps - ax)
        } else {
            ux - steps
        }
    } else if ax > ay {
        if ax - ay >= steps { ux - steps } else { uy }
    } else if ay - ax >= steps {
        ux + steps
    } else {
        uy
    };
    Ok(f64::from_bits(r))
}
