//! `_bisect`: bisection algorithms, the accelerator of `bisect`.
//!
//! A drop-in replacement for CPython's `Modules/_bisectmodule.c`: the same
//! functions, signatures, docstrings (read from the tree being built),
//! exceptions and messages, and the same sequence of calls into the objects
//! searched (item access, key function, comparisons), so hostile objects see
//! no difference either.

#![forbid(unsafe_code)]

use cpython_safe::prelude::*;

cpython_safe::clinic_module!();

/// Per-module state: the method name `insort` calls on non-lists.
struct State {
    str_insert: Owned<PyStr>,
}

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        Ok(State { str_insert: PyStr::intern(module.py(), c"insert")? })
    }
}

cpython_safe::traverse!(State: str_insert);

cpython_safe::module! {
    static MODULE: State = module c"_bisect" from clinic {
        doc: clinic::module_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [bisect_right, insort_right, bisect_left, insort_left],
    }
}

/// Which end of a run of equal items the search finds.
#[derive(Clone, Copy)]
enum Side {
    Left,
    Right,
}

/// The arguments all four functions take: `(a, x, lo=0, hi=None, *, key=None)`.
type Search<'a> = clinic::params::bisect_right<'a>;

impl Search<'_> {
    /// The insertion point of `x` in `a[lo:hi]` (C's `internal_bisect_*`);
    /// `x` is `key(self.x)` when there is a key function.  Inlined, so that
    /// each function has its own loop for its side.
    #[inline(always)]
    fn index(&self, x: &PyAny, side: Side) -> PyResult<isize> {
        if self.lo < 0 {
            return Err(exc::value_error(self.a.py(), "lo must be non-negative"));
        }
        let mut lo = self.lo;
        // C's default for hi is -1, so an explicit -1 also means len(a).
        let mut hi = match self.hi {
            None | Some(-1) => self.a.sequence_len()? as isize,
            Some(hi) => hi,
        };
        let items = SequenceItems::new(self.a)?;
        let location = match side {
            Side::Left => c" in _bisect.bisect_left",
            Side::Right => c" in _bisect.bisect_right",
        };
        let mut less = LessThan::new(x, location)?;
        while lo < hi {
            // Both are non-negative: the unsigned sum cannot overflow.
            let mid = ((lo as usize + hi as usize) / 2) as isize;
            let mut item = items.get(mid)?;
            if let Some(key) = self.key {
                item = key.call1(&item)?;
            }
            let goes_before = match side {
                Side::Right => less.x_lt(&item)?,
                Side::Left => !less.lt_x(&item)?,
            };
            if goes_before {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Ok(lo)
    }
}

#[inline(always)]
fn bisect(args: &Args, side: Side) -> PyResult<Owned> {
    let search = Search::from_args(args)?;
    Ok(PyInt::from_i64(search.a.py(), search.index(search.x, side)? as i64)?.into_any())
}

#[inline(always)]
fn insort(module: &Module<State>, args: &Args, side: Side) -> PyResult<Owned> {
    let py = module.py();
    let search = Search::from_args(args)?;
    let index = match search.key {
        None => search.index(search.x, side)?,
        Some(key) => search.index(&*key.call1(search.x)?, side)?,
    };
    match PyList::exact(search.a) {
        Some(list) => list.insert(index, search.x)?,
        // Anything else (a list subclass too) through its own insert method.
        None => {
            let index = PyInt::from_i64(py, index as i64)?;
            search.a.call_method(&module.state()?.str_insert, &[&index, search.x])?;
        }
    }
    Ok(py.none())
}

// The module's functions, each inlined into its trampoline: for small
// inputs the call overhead is most of the work.

#[inline(always)]
fn bisect_right(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    bisect(args, Side::Right)
}

#[inline(always)]
fn insort_right(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    insort(module, args, Side::Right)
}

#[inline(always)]
fn bisect_left(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    bisect(args, Side::Left)
}

#[inline(always)]
fn insort_left(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    insort(module, args, Side::Left)
}
