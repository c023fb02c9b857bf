//! `_statistics`: the accelerator of `statistics`.
//!
//! A drop-in replacement for CPython's `Modules/_statisticsmodule.c`; the
//! inverse normal CDF is computed with exactly C's floating-point
//! operations, in C's order, so results are bit-identical.

#![forbid(unsafe_code)]

use cpython_safe::libm;
use cpython_safe::prelude::*;

cpython_safe::clinic_module!();

/// The module keeps no state.
struct State;

impl ModuleState for State {
    fn init(_module: &Module<Self>) -> PyResult<Self> {
        Ok(State)
    }
}

cpython_safe::traverse!(State);

cpython_safe::module! {
    static MODULE: State = module c"_statistics" from clinic {
        doc: clinic::statistics_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [_normal_dist_inv_cdf],
    }
}

/// `c[0] * r^7 + ... + c[7]` by Horner's rule, as C spells it out.
#[inline(always)]
fn polynomial(c: &[f64; 8], r: f64) -> f64 {
    c[1..].iter().fold(c[0], |sum, &ci| sum * r + ci)
}

/// Wichura, M.J. (1988). "Algorithm AS241: The Percentage Points of the
/// Normal Distribution". Applied Statistics 37 (3): 477–484: the quantile
/// of the standard normal distribution, `None` where it is undefined.
/// (The coefficients have the paper's digits; they round to the same
/// doubles in Rust as in C.)
#[allow(clippy::excessive_precision)]
fn normal_quantile(p: f64) -> Option<f64> {
    // Hash sum-55.8831928806149014439
    const CENTRAL_NUM: [f64; 8] = [
        2.5090809287301226727e+3,
        3.3430575583588128105e+4,
        6.7265770927008700853e+4,
        4.5921953931549871457e+4,
        1.3731693765509461125e+4,
        1.9715909503065514427e+3,
        1.3314166789178437745e+2,
        3.3871328727963666080e+0,
    ];
    const CENTRAL_DEN: [f64; 8] = [
        5.2264952788528545610e+3,
        2.8729085735721942674e+4,
        3.9307895800092710610e+4,
        2.1213794301586595867e+4,
        5.3941960214247511077e+3,
        6.8718700749205790830e+2,
        4.2313330701600911252e+1,
        1.0,
    ];
    // Hash sum-49.33206503301610289036
    const INTERMEDIATE_NUM: [f64; 8] = [
        7.74545014278341407640e-4,
        2.27238449892691845833e-2,
        2.41780725177450611770e-1,
        1.27045825245236838258e+0,
        3.64784832476320460504e+0,
        5.76949722146069140550e+0,
        4.63033784615654529590e+0,
        1.42343711074968357734e+0,
    ];
    const INTERMEDIATE_DEN: [f64; 8] = [
        1.05075007164441684324e-9,
        5.47593808499534494600e-4,
        1.51986665636164571966e-2,
        1.48103976427480074590e-1,
        6.89767334985100004550e-1,
        1.67638483018380384940e+0,
        2.05319162663775882187e+0,
        1.0,
    ];
    // Hash sum-47.52583317549289671629
    const TAIL_NUM: [f64; 8] = [
        2.01033439929228813265e-7,
        2.71155556874348757815e-5,
        1.24266094738807843860e-3,
        2.65321895265761230930e-2,
        2.96560571828504891230e-1,
        1.78482653991729133580e+0,
        5.46378491116411436990e+0,
        6.65790464350110377720e+0,
    ];
    const TAIL_DEN: [f64; 8] = [
        2.04426310338993978564e-15,
        1.42151175831644588870e-7,
        1.84631831751005468180e-5,
        7.86869131145613259100e-4,
        1.48753612908506148525e-2,
        1.36929880922735805310e-1,
        5.99832206555887937690e-1,
        1.0,
    ];

    // NaN passes these tests, as in C (and the result is NaN).
    if p <= 0.0 || p >= 1.0 {
        return None;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        let num = polynomial(&CENTRAL_NUM, r) * q;
        let den = polynomial(&CENTRAL_DEN, r);
        return (den != 0.0).then(|| num / den);
    }
    let r = if q <= 0.0 { p } else { 1.0 - p };
    if r <= 0.0 || r >= 1.0 {
        return None;
    }
    let r = (-libm::log(r)).sqrt();
    let (num, den) = if r <= 5.0 {
        let r = r - 1.6;
        (polynomial(&INTERMEDIATE_NUM, r), polynomial(&INTERMEDIATE_DEN, r))
    } else {
        let r = r - 5.0;
        (polynomial(&TAIL_NUM, r), polynomial(&TAIL_DEN, r))
    };
    let x = (den != 0.0).then(|| num / den)?;
    Some(if q < 0.0 { -x } else { x })
}

// The module's functions, each inlined into its trampoline: for small
// inputs the call overhead is most of the work.

#[inline(always)]
fn _normal_dist_inv_cdf(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let clinic::params::_normal_dist_inv_cdf { p, mu, sigma } = clinic::params::_normal_dist_inv_cdf::from_args(args)?;
    let x = normal_quantile(p).ok_or_else(|| exc::value_error(py, "inv_cdf undefined for these parameters"))?;
    Ok(PyFloat::new(py, mu + x * sigma)?.into_any())
}

#[cfg(test)]
mod tests {
    use super::normal_quantile;

    #[test]
    fn known_quantiles_bit_for_bit() {
        // Values of the C module, one per branch and both signs.
        for (p, bits) in [
            (0.5, 0x0000000000000000),
            (0.3, 0xbfe0c7e39582c5fa),
            (0.025, 0xbfff5c0331eeff83),
            (0.975, 0x3fff5c0331eeff82),
            (0.0749, 0xbff70b374817af50),
            (1e-10, 0xc0197203597a2154),
            (1e-300, 0xc04286074064c26e),
        ] {
            assert_eq!(normal_quantile(p).map(f64::to_bits), Some(bits), "p = {p}");
        }
    }

    #[test]
    fn undefined_outside_the_open_interval() {
        for p in [0.0, 1.0, -0.5, 2.0, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(normal_quantile(p), None);
        }
        assert!(normal_quantile(f64::NAN).unwrap().is_nan());
    }
}
