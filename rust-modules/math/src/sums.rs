//! Sums, products and norms: `fsum` (exactly rounded), `hypot` and `dist`
//! (nearly always correctly rounded), `sumprod` (with an extended-precision
//! path for floats) and `prod` (with machine-number paths for ints and
//! floats), each the C module's algorithm, step by step.

use core::ffi::c_long;

use cpython_safe::object::number;
use cpython_safe::prelude::*;
use cpython_safe::libm;
use cpython_safe::alloc::try_with_capacity;
use cpython_safe::object::PyIterator;

use crate::{int, State};

/// A value in double length: `hi + lo` exactly, `lo` below `hi`'s last bit
/// (Ogita, Rump and Oishi, "Accurate Sum and Dot Product").
#[derive(Clone, Copy)]
struct DoubleLength {
    hi: f64,
    lo: f64,
}

/// Algorithm 1.1: compensated sum of `a` and `b`, `|a| >= |b|`.
#[inline(always)]
fn dl_fast_sum(a: f64, b: f64) -> DoubleLength {
    debug_assert!(a.abs() >= b.abs());
    let x = a + b;
    let y = (a - x) + b;
    DoubleLength { hi: x, lo: y }
}

/// Algorithm 3.1: the error-free sum.
#[inline(always)]
fn dl_sum(a: f64, b: f64) -> DoubleLength {
    let x = a + b;
    let z = x - a;
    let y = (a - (x - z)) + (b - z);
    DoubleLength { hi: x, lo: y }
}

/// Algorithm 3.5: the error-free product, with libm's correctly rounded fma.
#[inline(always)]
fn dl_mul(x: f64, y: f64) -> DoubleLength {
    let z = x * y;
    let zz = libm::fma(x, y, -z);
    DoubleLength { hi: z, lo: zz }
}

/// A value in triple length.
#[derive(Clone, Copy)]
struct TripleLength {
    hi: f64,
    lo: f64,
    tiny: f64,
}

impl TripleLength {
    const ZERO: TripleLength = TripleLength { hi: 0.0, lo: 0.0, tiny: 0.0 };

    /// `self + x * y`: Algorithm 5.10 with SumKVert for K=3.
    #[inline(always)]
    fn fma(self, x: f64, y: f64) -> TripleLength {
        let pr = dl_mul(x, y);
        let sm = dl_sum(self.hi, pr.hi);
        let r1 = dl_sum(self.lo, pr.lo);
        let r2 = dl_sum(r1.hi, sm.lo);
        TripleLength { hi: sm.hi, lo: r2.hi, tiny: self.tiny + r1.lo + r2.lo }
    }

    fn to_f64(self) -> f64 {
        let last = dl_sum(self.lo, self.hi);
        self.tiny + last.lo + last.hi
    }
}

/// The partial sums `fsum` starts with before it allocates.
const NUM_PARTIALS: usize = 32;

/// Full-precision summation (Hettinger's msum with Dickinson's exact
/// rounding): partial sums that stay non-overlapping, exact and increasing
/// in magnitude, and the sum of the infinities and NaNs apart.
struct Msum {
    partials: Vec<f64>,
    special_sum: f64,
    inf_sum: f64,
}

impl Msum {
    fn new() -> Msum {
        Msum { partials: Vec::with_capacity(NUM_PARTIALS), special_sum: 0.0, inf_sum: 0.0 }
    }

    /// Adds `xsave` to the partials.
    ///
    /// C orders each pair by magnitude and takes the error of `hi = x + y`
    /// as `lo = small - (hi - big)` (Fast2Sum); [`dl_sum`] (2Sum) needs no
    /// order and no branch.  The error of a float addition is exactly
    /// representable and both compute it exactly, so the partials are the
    /// same bit for bit.  (Once `hi` overflows, the two `lo` differ, but
    /// then every partial is discarded.)  Not inlined: on its own, the loop
    /// keeps `x` in a register.
    #[inline(never)]
    fn add(&mut self, py: Python<'_>, xsave: f64) -> PyResult<()> {
        let p = self.partials.as_mut_slice();
        let (mut x, mut i) = (xsave, 0);
        for j in 0..p.len() {
            let DoubleLength { hi, lo } = dl_sum(x, p[j]);
            if lo != 0.0 {
                p[i] = lo;
                i += 1;
            }
            x = hi;
        }
        self.partials.truncate(i);
        if x == 0.0 {
            return Ok(());
        }
        if x.is_finite() {
            self.partials.push(x);
            return Ok(());
        }
        // From an intermediate overflow, or a nan or inf summand.
        if xsave.is_finite() {
            return Err(exc::overflow_error(py, "intermediate overflow in fsum"));
        }
        if xsave.is_infinite() {
            self.inf_sum += xsave;
        }
        self.special_sum += xsave;
        self.partials.clear();
        Ok(())
    }

    /// The sum, correctly rounded.
    fn total(&self, py: Python<'_>) -> PyResult<f64> {
        if self.special_sum != 0.0 {
            if self.inf_sum.is_nan() {
                return Err(exc::value_error(py, "-inf + inf in fsum"));
            }
            return Ok(self.special_sum);
        }
        let Some((&top, rest)) = self.partials.split_last() else { return Ok(0.0) };
        // Sum from the top, until the sum becomes inexact.
        let (mut hi, mut lo, mut n) = (top, 0.0, rest.len());
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = rest[n];
            hi = x + y;
            lo = y - (hi - x);
            if lo != 0.0 {
                break;
            }
        }
        // Half-even rounding across partials: a lower partial of the sign
        // of `lo` tips a tie (so that fsum([1e-16, 1, 1e16]) rounds up).
        if n > 0 && ((lo < 0.0 && rest[n - 1] < 0.0) || (lo > 0.0 && rest[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
        Ok(hi)
    }
}

pub fn fsum(module: &Module<State>, args: &Args) -> PyResult<f64> {
    let py = module.py();
    let seq: &PyAny = args.convert(0)?;
    let mut sum = Msum::new();
    for item in seq.try_iter()? {
        let item = item?;
        sum.add(py, item.to_f64()?)?;
        // Released only now: right after the iterator's increment, the
        // decrement would wait for that store (a store-forwarding stall).
        drop(item);
    }
    sum.total(py)
}

/// How many coordinates `hypot` and `dist` keep on the stack.
const NUM_STACK_ELEMS: usize = 16;

/// `sqrt(sum(x**2 for x in vec))`, for finite non-negative values of
/// maximum `max` (infinite if one is, 0.0 if none): lossless power-of-two
/// scaling, lossless squaring, compensated summation and a differential
/// correction of the square root (see `vector_norm` in the C source).
#[inline(always)]
fn vector_norm(vec: &mut [f64], max: f64, found_nan: bool) -> f64 {
    // `max` is the largest absolute value: infinite only as +inf, which
    // wins over a NaN.
    if found_nan | (max == f64::INFINITY) {
        return if max == f64::INFINITY { max } else { f64::NAN };
    }
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let (_, max_e) = libm::frexp(max);
    if max_e < -1023 {
        return subnormal_norm(vec, max);
    }
    scaled_norm(vec, max_e)
}

/// [`vector_norm`] when `ldexp(1.0, -max_e)` would overflow: the values
/// made normal first (C recurses, with the same result).
#[cold]
fn subnormal_norm(vec: &mut [f64], max: f64) -> f64 {
    for x in vec.iter_mut() {
        *x /= f64::MIN_POSITIVE;
    }
    let (_, max_e) = libm::frexp(max / f64::MIN_POSITIVE);
    f64::MIN_POSITIVE * scaled_norm(vec, max_e)
}

/// The norm of values whose maximum has the binary exponent `max_e`.
#[inline(always)]
fn scaled_norm(vec: &[f64], max_e: core::ffi::c_int) -> f64 {
    let scale = libm::ldexp(1.0, -max_e);
    let (mut csum, mut frac1, mut frac2) = (1.0, 0.0, 0.0);
    for &x in vec.iter() {
        let x = x * scale;
        let pr = dl_mul(x, x);
        let sm = dl_fast_sum(csum, pr.hi);
        csum = sm.hi;
        frac1 += pr.lo;
        frac2 += sm.lo;
    }
    let mut h = (csum - 1.0 + (frac1 + frac2)).sqrt();
    let pr = dl_mul(-h, h);
    let sm = dl_fast_sum(csum, pr.hi);
    csum = sm.hi;
    frac1 += pr.lo;
    frac2 += sm.lo;
    let x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    h / scale
}

/// The norm of `n` values: those of `exact` while it yields them (exact
/// floats: no call then, so that `max` stays in a register; an iterator,
/// so that the loop checks one bound), else `value(i)` from the first that
/// is not (absolute values, maybe NaN).  Kept on the stack when there are
/// few.
#[inline(always)]
fn norm_of(
    py: Python<'_>,
    n: usize,
    exact: impl Iterator<Item = Option<f64>>,
    mut value: impl FnMut(usize) -> PyResult<f64>,
) -> PyResult<f64> {
    // Few values (2-D and 3-D points) need less zeroing.
    let (mut few, mut on_stack, mut on_heap);
    let values = if n <= 4 {
        few = [0.0; 4];
        &mut few[..n]
    } else if n <= NUM_STACK_ELEMS {
        on_stack = [0.0; NUM_STACK_ELEMS];
        &mut on_stack[..n]
    } else {
        // As many values as arguments: as C's PyMem_Malloc, MemoryError
        // when there is no room.
        on_heap = try_with_capacity(py, n)?;
        on_heap.resize(n, 0.0);
        &mut on_heap[..]
    };
    let (mut max, mut found_nan) = (0.0, false);
    let mut add = |slot: &mut f64, x: f64| {
        *slot = x;
        found_nan |= x.is_nan();
        if x > max {
            max = x;
        }
    };
    let mut i = 0;
    for (slot, x) in values.iter_mut().zip(exact) {
        let Some(x) = x else { break };
        add(slot, x);
        i += 1;
    }
    for (i, slot) in values.iter_mut().enumerate().skip(i) {
        add(slot, value(i)?);
    }
    Ok(vector_norm(values, max, found_nan))
}

pub fn hypot(module: &Module<State>, args: &Args) -> PyResult<f64> {
    let exact = (0..args.len()).map(|i| Some(PyFloat::exact(args.get(i)?)?.value().abs()));
    norm_of(module.py(), args.len(), exact, |i| Ok(args.convert::<&PyAny>(i)?.to_f64()?.abs()))
}

pub fn dist(module: &Module<State>, args: &Args) -> PyResult<f64> {
    let py = module.py();
    let (mut p_copy, mut q_copy) = (None, None);
    let p = as_tuple(args.convert(0)?, &mut p_copy)?.as_slice();
    let q = as_tuple(args.convert(1)?, &mut q_copy)?.as_slice();
    if p.len() != q.len() {
        return Err(exc::value_error(py, "both points must have the same number of dimensions"));
    }
    let exact = p.iter().zip(q).map(|(p_i, q_i)| {
        Some((PyFloat::exact(p_i)?.value() - PyFloat::exact(q_i)?.value()).abs())
    });
    norm_of(py, q.len(), exact, |i| Ok((p[i].to_f64()? - q[i].to_f64()?).abs()))
}

/// `obj` if it is a tuple, else `tuple(obj)`, kept in `copy`.
fn as_tuple<'a>(obj: &'a PyAny, copy: &'a mut Option<Owned<PyTuple>>) -> PyResult<&'a PyTuple> {
    match obj.downcast::<PyTuple>() {
        Some(tuple) => Ok(tuple),
        None => Ok(copy.insert(PyTuple::from_object(obj)?)),
    }
}

/// `_check_long_mult_overflow`: whether `a * b` overflows, from how far the
/// wrapped product is from the (approximate) float product.
fn long_mult_overflows(a: c_long, b: c_long) -> bool {
    let longprod = a.wrapping_mul(b);
    let doubleprod = a as f64 * b as f64;
    let doubled_longprod = longprod as f64;
    if doubled_longprod == doubleprod {
        return false;
    }
    32.0 * (doubled_longprod - doubleprod).abs() > doubleprod.abs()
}

/// An exact int or a bool: the ints whose value `sumprod` reads directly.
fn int_or_bool(obj: &PyAny) -> Option<&PyInt> {
    (PyInt::exact(obj).is_some() || obj.is_bool()).then(|| obj.downcast().expect("an int"))
}

/// `(p_i, q_i)` as floats for the float path: both exact floats, or one an
/// exact float and the other an exact int or bool that converts.
fn float_pair(p_i: &PyAny, q_i: &PyAny) -> Option<(f64, f64)> {
    let as_float = |int: &PyInt| int.to_double().map_err(PyErr::clear).ok();
    match (PyFloat::exact(p_i), PyFloat::exact(q_i)) {
        (Some(p), Some(q)) => Some((p.value(), q.value())),
        (Some(p), None) => Some((p.value(), as_float(int_or_bool(q_i)?)?)),
        (None, Some(q)) => Some((as_float(int_or_bool(p_i)?)?, q.value())),
        (None, None) => None,
    }
}

/// The product of two exact ints if it and `total + product` fit a C long.
fn small_int_product(p: &PyAny, q: &PyAny, total: c_long) -> PyResult<Option<c_long>> {
    let (Some(p), Some(q)) = (PyInt::exact(p), PyInt::exact(q)) else { return Ok(None) };
    let (Ok(p), Ok(q)) = (p.to_c_long_or_overflow()?, q.to_c_long_or_overflow()?) else { return Ok(None) };
    if long_mult_overflows(p, q) {
        return Ok(None);
    }
    Ok(total.checked_add(p * q).map(|_| p * q))
}

/// The items of two iterables, pair by pair.
struct Pairs {
    p: PyIterator,
    q: PyIterator,
}

impl Pairs {
    /// The next pair, `None` when both end; ValueError when one ends first.
    #[inline(always)]
    fn next(&mut self, py: Python<'_>) -> PyResult<Option<(Owned, Owned)>> {
        match (self.p.next().transpose()?, self.q.next().transpose()?) {
            (Some(p), Some(q)) => Ok(Some((p, q))),
            (None, None) => Ok(None),
            _ => Err(exc::value_error(py, "Inputs are not the same length")),
        }
    }
}

/// `sum(map(operator.mul, p, q))`, the lengths checked.  As in C, in three
/// phases, each taking over at the pair that ends the one before: ints
/// that fit a C long multiply and add in C longs, then floats (and ints
/// with floats) in triple length until an overflow, then anything by the
/// number protocol; each machine-number run goes into the total as one int
/// or float.
pub fn sumprod(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let mut pairs = Pairs { p: args.convert::<&PyAny>(0)?.try_iter()?, q: args.convert::<&PyAny>(1)?.try_iter()? };
    let mut total = int(py, 0)?;
    let mut pair = pairs.next(py)?;

    let (mut int_total, mut int_total_in_use): (c_long, bool) = (0, false);
    while let Some((p, q)) = &pair {
        let Some(product) = small_int_product(p, q, int_total)? else { break };
        int_total += product;
        int_total_in_use = true;
        pair = pairs.next(py)?;
    }
    if int_total_in_use {
        let term = PyInt::from_c_long(py, int_total)?;
        total = number::add(&total, &term)?;
    }

    let (mut flt_total, mut flt_total_in_use) = (TripleLength::ZERO, false);
    while let Some((p, q)) = &pair {
        let Some((flt_p, flt_q)) = float_pair(p, q) else { break };
        let new_flt_total = flt_total.fma(flt_p, flt_q);
        if !new_flt_total.hi.is_finite() {
            break;
        }
        flt_total = new_flt_total;
        flt_total_in_use = true;
        pair = pairs.next(py)?;
    }
    if flt_total_in_use {
        let term = flt_total.to_f64().into_object(py)?;
        total = number::add(&total, &term)?;
    }

    while let Some((p, q)) = pair {
        let term = number::multiply(&p, &q)?;
        total = number::add(&total, &term)?;
        pair = pairs.next(py)?;
    }
    Ok(total)
}

/// `start * x0 * x1 * ...`: products of exact ints in a C long while they
/// fit, then of floats (and small ints) in a double, then by the number
/// protocol.
pub fn prod(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let py = module.py();
    let mut items = args.convert::<&PyAny>(0)?.try_iter()?;
    let mut result = match args.get(1) {
        Some(start) => start.to_owned(),
        None => int(py, 1)?,
    };
    if let Some(Ok(mut i_result)) = PyInt::exact(&result).map(|r| r.to_c_long_or_overflow()).transpose()? {
        loop {
            let Some(item) = items.next().transpose()? else {
                return Ok(PyInt::from_c_long(py, i_result)?.into_any());
            };
            if let Some(b) = PyInt::exact(&item) {
                if let Ok(b) = b.to_c_long_or_overflow()? {
                    if !long_mult_overflows(i_result, b) {
                        i_result *= b;
                        continue;
                    }
                }
            }
            // An overflow or not an int: on with objects.
            let product = PyInt::from_c_long(py, i_result)?;
            result = number::multiply(&product, &item)?;
            break;
        }
    }
    if let Some(start) = PyFloat::exact(&result) {
        let mut f_result = start.value();
        loop {
            let Some(item) = items.next().transpose()? else { return f_result.into_object(py) };
            if let Some(x) = PyFloat::exact(&item) {
                f_result *= x.value();
                continue;
            }
            if let Some(Ok(value)) = PyInt::exact(&item).map(|x| x.to_c_long_or_overflow()).transpose()? {
                f_result *= value as f64;
                continue;
            }
            let product = f_result.into_object(py)?;
            result = number::multiply(&product, &item)?;
            break;
        }
    }
    for item in items {
        let item = item?;
        result = number::multiply(&result, &item)?;
    }
    Ok(result)
}
