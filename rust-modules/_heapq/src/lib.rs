//! `_heapq`: the heap queue algorithm, the accelerator of `heapq`.
//!
//! A drop-in replacement for CPython's `Modules/_heapqmodule.c`: the same
//! functions, signatures, docstrings (read from the tree being built),
//! exceptions and messages, and the same comparisons in the same order.
//! A comparison may run arbitrary Python code that changes the list; as in
//! C, a changed size after a comparison raises RuntimeError, and items are
//! only ever accessed by checked index.

#![forbid(unsafe_code)]

use cpython_safe::prelude::*;
use cpython_safe::object::{FastLt, ItemLt, Release, RichLt};

cpython_safe::clinic_module!();

/// The module keeps no state; its exec slot adds `__about__`.
struct State;

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let about = clinic::__about__.to_str().expect("the docstring is UTF-8");
        let about = PyStr::new(module.py(), about)?;
        module.add(c"__about__", &about)?;
        Ok(State)
    }
}

cpython_safe::traverse!(State);

cpython_safe::module! {
    static MODULE: State = module c"_heapq" from clinic {
        doc: clinic::module_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [
            heappush, heappushpop, heappop, heapreplace, heapify,
            _heappop_max, _heapify_max, _heapreplace_max,
        ],
    }
}

/// A min-heap (`heappush`, ...) or a max-heap (`_heappop_max`, ...): a
/// type parameter, so that each gets its own sift loops, as in C.
trait Order {
    /// `a` and `b` in the order C compares them: whether `a` belongs above
    /// `b` is `a < b` in a min-heap, `b < a` in a max-heap.
    fn operands<T>(a: T, b: T) -> (T, T);
    /// The parent's operand in `operands(item, parent)`: C's sift_down
    /// releases the parent first.
    const PARENT: Release;
}

struct Min;
struct Max;

impl Order for Min {
    #[inline(always)]
    fn operands<T>(a: T, b: T) -> (T, T) {
        (a, b)
    }
    const PARENT: Release = Release::Second;
}

impl Order for Max {
    #[inline(always)]
    fn operands<T>(a: T, b: T) -> (T, T) {
        (b, a)
    }
    const PARENT: Release = Release::First;
}

fn index_error(py: Python<'_>) -> PyErr {
    exc::index_error(py, "index out of range")
}

fn changed_size(py: Python<'_>) -> PyErr {
    exc::runtime_error(py, "list changed size during iteration")
}

/// Moves the item at `pos` up towards `start` until its parent is not
/// above it (C's `siftdown`).
fn sift_down<O: Order>(heap: &PyList, start: usize, pos: usize) -> PyResult<()> {
    let size = heap.len();
    if pos >= size {
        return Err(index_error(heap.py()));
    }
    if pos <= start {
        return Ok(()); // no comparison to make
    }
    match FastLt::for_item(heap, pos) {
        Some(lt) => sift_down_from::<O, _>(heap, start, pos, size, lt),
        None => sift_down_from::<O, _>(heap, start, pos, size, RichLt),
    }
}

/// `sift_down` from `pos`, which is in range of the list's `size`.
#[inline(always)]
fn sift_down_from<O: Order, L: ItemLt>(heap: &PyList, start: usize, mut pos: usize, size: usize, lt: L) -> PyResult<()> {
    while pos > start {
        let parent_pos = (pos - 1) >> 1;
        let (first, second) = O::operands(pos, parent_pos);
        let moves_up = lt.items(heap, first, second, O::PARENT).expect("pos is checked against the size")?;
        if heap.len() != size {
            return Err(changed_size(heap.py()));
        }
        if !moves_up {
            break;
        }
        heap.swap(parent_pos, pos);
        pos = parent_pos;
    }
    Ok(())
}

/// Moves the item at `pos` down to a leaf, always along the child that
/// belongs higher, then back up to its place (C's `siftup`).
fn sift_up<O: Order>(heap: &PyList, pos: usize) -> PyResult<()> {
    let end = heap.len();
    if pos >= end {
        return Err(index_error(heap.py()));
    }
    // Down while `pos` has a child (`pos < end / 2`, as in C).
    if 2 * pos + 1 >= end {
        return Ok(()); // a leaf: no comparison to make
    }
    // The sifted item's type picks the comparison for the whole sift.
    match FastLt::for_item(heap, pos) {
        Some(lt) => sift_up_from::<O, _>(heap, pos, end, lt),
        None => sift_up_from::<O, _>(heap, pos, end, RichLt),
    }
}

/// `sift_up` from `pos`, which has a child in the list of size `end`.
#[inline(always)]
fn sift_up_from<O: Order, L: ItemLt>(heap: &PyList, start: usize, end: usize, lt: L) -> PyResult<()> {
    let mut pos = start;
    let mut child = 2 * pos + 1;
    while child < end {
        // Both children, if there are two: the size is still `end` (it is
        // checked after every comparison).
        if child + 1 < end {
            // C releases the first operand first.
            let (first, second) = O::operands(child, child + 1);
            let left_above = lt.items(heap, first, second, Release::First).expect("the size is end")?;
            if heap.len() != end {
                return Err(changed_size(heap.py()));
            }
            // Branch-free, as in C: the result is unpredictable.
            child += usize::from(!left_above);
        }
        heap.swap(child, pos);
        pos = child;
        child = 2 * pos + 1;
    }
    sift_down_from::<O, _>(heap, start, pos, end, lt)
}

fn pop<O: Order>(heap: &PyList) -> PyResult<Owned> {
    let last = heap.pop()?.ok_or_else(|| index_error(heap.py()))?;
    if heap.is_empty() {
        return Ok(last);
    }
    let top = heap.replace(0, last);
    sift_up::<O>(heap, 0)?;
    Ok(top)
}

fn replace<O: Order>(heap: &PyList, item: &PyAny) -> PyResult<Owned> {
    if heap.is_empty() {
        return Err(index_error(heap.py()));
    }
    let top = heap.replace(0, item.to_owned());
    sift_up::<O>(heap, 0)?;
    Ok(top)
}

/// Sifts the nodes of a large heap so that each parent follows its
/// children while they are still in cache (C's `cache_friendly_heapify`:
/// the same comparisons as the simple loop, in another order).
fn heapify_cache_friendly<O: Order>(heap: &PyList) -> PyResult<()> {
    let m = heap.len() >> 1; // the first childless node
    let leftmost = keep_top_bit(m + 1) - 1; // the leftmost node in m's row
    let mhalf = m >> 1; // the parent of the first childless node
    let sift_with_parents = |mut j: usize| -> PyResult<()> {
        loop {
            sift_up::<O>(heap, j)?;
            if j & 1 == 0 {
                return Ok(());
            }
            j >>= 1;
        }
    };
    for i in (mhalf..leftmost).rev() {
        sift_with_parents(i)?;
    }
    for i in (leftmost..m).rev() {
        sift_with_parents(i)?;
    }
    Ok(())
}

/// `n` (not 0) with all but its highest set bit cleared.
fn keep_top_bit(n: usize) -> usize {
    1 << (usize::BITS - 1 - n.leading_zeros())
}

#[inline(always)]
fn heapify_list<O: Order>(heap: &PyList) -> PyResult<Owned> {
    // Out of line: a list that is already a heap then costs its
    // trampoline no saved registers.
    if heap.len() > 1 {
        heapify_sift::<O>(heap)?;
    }
    Ok(heap.py().none())
}

#[inline(never)]
fn heapify_sift<O: Order>(heap: &PyList) -> PyResult<()> {
    let n = heap.len();
    // Heaps likely larger than L1 cache take the cache-friendly order.
    if n > 2500 {
        heapify_cache_friendly::<O>(heap)
    } else {
        // Bottom-up from the last node with a child, n // 2 - 1.
        for i in (0..n >> 1).rev() {
            sift_up::<O>(heap, i)?;
        }
        Ok(())
    }
}

// The module's functions, each inlined into its trampoline: for small
// inputs the call overhead is most of the work.

#[inline(always)]
fn heappush(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let heap: &PyList = args.convert(0)?;
    heap.append(args.convert(1)?)?;
    sift_down::<Min>(heap, 0, heap.len() - 1)?;
    Ok(heap.py().none())
}

#[inline(always)]
fn heappop(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    pop::<Min>(args.convert(0)?)
}

#[inline(always)]
fn heapreplace(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    replace::<Min>(args.convert(0)?, args.convert(1)?)
}

#[inline(always)]
fn heappushpop(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let heap: &PyList = args.convert(0)?;
    let item: &PyAny = args.convert(1)?;
    let Some(top) = heap.get(0) else {
        return Ok(item.to_owned());
    };
    let top_first = match FastLt::new(item) {
        Some(lt) => lt.lt(&top, item),
        None => top.lt(item),
    };
    drop(top);
    if !top_first? {
        return Ok(item.to_owned());
    }
    // The comparison may have emptied the list.
    replace::<Min>(heap, item)
}

#[inline(always)]
fn heapify(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    heapify_list::<Min>(args.convert(0)?)
}

#[inline(always)]
fn _heappop_max(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    pop::<Max>(args.convert(0)?)
}

#[inline(always)]
fn _heapreplace_max(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    replace::<Max>(args.convert(0)?, args.convert(1)?)
}

#[inline(always)]
fn _heapify_max(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    heapify_list::<Max>(args.convert(0)?)
}

#[cfg(test)]
mod tests {
    use super::keep_top_bit;

    #[test]
    fn top_bit() {
        assert_eq!(keep_top_bit(1), 1);
        assert_eq!(keep_top_bit(2), 2);
        assert_eq!(keep_top_bit(3), 2);
        assert_eq!(keep_top_bit(1251), 1024);
        assert_eq!(keep_top_bit(usize::MAX), 1 << (usize::BITS - 1));
    }
}
