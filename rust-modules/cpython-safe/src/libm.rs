//! The platform's C math library, as CPython's C modules call it.
//!
//! Calling the very functions the C code calls gives bit-identical results
//! on every platform.  Rust's `f64` methods are not a substitute: some are
//! Rust code (`asinh`, `acosh`, `atanh`) and the others leave the choice of
//! implementation to LLVM.  Only operations that IEEE 754 defines exactly
//! (`sqrt`, `fabs`, `copysign`, ...) are left to Rust.
//!
//! The functions may set `errno`; nothing reads it here, so a caller
//! reproducing C's `errno` checks decides from the result instead.
//!
//! Rust's `compiler_builtins` defines some of these names too (`cbrt`,
//! `fma`, `fmod`, ... ported from musl), and the relocatable link that
//! turns the Rust library into one object (configure-hooks/cargo-build.sh)
//! binds the library's calls to those.  With glibc, the calls go to the
//! `_Float64` names instead (`cbrtf64`, ...: the same functions, under
//! names nothing else defines).

use core::ffi::c_int;

/// Declares the C function `$name`, under its glibc `_Float64` name where
/// there is one, and calls it.
macro_rules! call_libm {
    ($name:ident($($arg:expr => $ty:ty),*) -> $ret:ty) => {{
        extern "C" {
            #[cfg_attr(target_env = "gnu", link_name = concat!(stringify!($name), "f64"))]
            fn $name($(_: $ty),*) -> $ret;
        }
        $name($($arg),*)
    }};
}

macro_rules! pure_functions {
    ($(fn $name:ident($($arg:ident),*);)*) => {$(
        #[doc = concat!("C's `", stringify!($name), "`.")]
        #[inline(always)]
        pub fn $name($($arg: f64),*) -> f64 {
            // SAFETY: a pure function of plain values (at most it sets the
            // thread's errno).
            unsafe { call_libm!($name($($arg => f64),*) -> f64) }
        }
    )*};
}

pure_functions! {
    fn acos(x);
    fn acosh(x);
    fn asin(x);
    fn asinh(x);
    fn atan(x);
    fn atanh(x);
    fn cbrt(x);
    fn cos(x);
    fn cosh(x);
    fn erf(x);
    fn erfc(x);
    fn exp(x);
    fn exp2(x);
    fn expm1(x);
    fn log(x);
    fn log10(x);
    fn log1p(x);
    fn log2(x);
    fn sin(x);
    fn sinh(x);
    fn tan(x);
    fn tanh(x);
    fn atan2(y, x);
    fn fmod(x, y);
    fn nextafter(x, y);
    fn pow(x, y);
    fn fma(x, y, z);
    fn hypot(x, y);
}

/// C's `frexp`: `(m, e)` with `x == m * 2**e`.
#[inline]
pub fn frexp(x: f64) -> (f64, c_int) {
    let mut exp: c_int = 0;
    // SAFETY: a pure function writing the exponent to a valid local.
    let mantissa = unsafe { call_libm!(frexp(x => f64, &mut exp => *mut c_int) -> f64) };
    (mantissa, exp)
}

/// C's `ldexp`: `x * 2**exp`.
#[inline]
pub fn ldexp(x: f64, exp: c_int) -> f64 {
    // SAFETY: a pure function of plain values.
    unsafe { call_libm!(ldexp(x => f64, exp => c_int) -> f64) }
}

/// C's `modf`: `(fractional part, integral part)`.
#[inline]
pub fn modf(x: f64) -> (f64, f64) {
    let mut integral = 0.0;
    // SAFETY: a pure function writing the integral part to a valid local.
    let fractional = unsafe { call_libm!(modf(x => f64, &mut integral => *mut f64) -> f64) };
    (fractional, integral)
}

/// C's `sincos`: `(sin(x), cos(x))`, the values `sin` and `cos` give, in
/// one call (what GCC makes of a `sin` and a `cos` of one argument).
#[inline]
pub fn sincos(x: f64) -> (f64, f64) {
    let (mut sin, mut cos) = (0.0, 0.0);
    // SAFETY: a pure function writing its results to two valid locals.
    unsafe { call_libm!(sincos(x => f64, &mut sin => *mut f64, &mut cos => *mut f64) -> ()) };
    (sin, cos)
}
