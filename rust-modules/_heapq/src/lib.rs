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
/// const parameter, so that each gets its own sift loops, as in C.
const MIN: bool = false;
const MAX: bool = true;

/// `a` and `b` in the order C compares them: whether `a` belongs above `b`
/// is `a < b` in a min-heap, `b < a` in a max-heap.
#[inline(always)]
fn operands<const MAX_HEAP: bool, T>(a: T, b: T) -> (T, T) {
    if MAX_HEAP { (b, a) } else { (a, b) }
}

const INDEX_OUT_OF_RANGE: &str = "index out of range";
const CHANGED_SIZE: &str = "list changed size during iteration";

/// Moves the item at `pos` up towards `start` until its parent is not
/// above it (C's `siftdown`).
fn sift_down<const MAX_HEAP: bool>(heap: &PyList, start: usize, pos: usize) -> PyResult<()> {
    let size = heap.len();
    if pos >= size {
        return Err(exc::index_error(heap.py(), INDEX_OUT_OF_RANGE));
    }
    if pos <= start {
        return Ok(()); // no comparison to make
    }
    match FastLt::for_item(heap, pos) {
        Some(lt) => sift_down_from::<MAX_HEAP, _>(heap, start, pos, lt),
        None => sift_down_from::<MAX_HEAP, _>(heap, start, pos, RichLt),
    }
}

/// `sift_down` from `pos`, which is in range of the list.
#[inline(always)]
fn sift_down_from<const MAX_HEAP: bool, L: ItemLt>(heap: &PyList, start: usize, mut pos: usize, lt: L) -> PyResult<()> {
    let size = heap.len();
    while pos > start {
        let parent_pos = (pos - 1) >> 1;
        let (first, second) = operands::<MAX_HEAP, _>(pos, parent_pos);
        // C releases the parent's operand first.
        let parent = if MAX_HEAP { Release::First } else { Release::Second };
        let moves_up = lt.items(heap, first, second, parent).expect("pos is checked against the size")?;
        if heap.len() != size {
            return Err(exc::runtime_error(heap.py(), CHANGED_SIZE));
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
fn sift_up<const MAX_HEAP: bool>(heap: &PyList, pos: usize) -> PyResult<()> {
    let end = heap.len();
    if pos >= end {
        return Err(exc::index_error(heap.py(), INDEX_OUT_OF_RANGE));
    }
    // Down while `pos` has a child (`pos < end / 2`, as in C).
    if 2 * pos + 1 >= end {
        return Ok(()); // a leaf: no comparison to make
    }
    // The sifted item's type picks the comparison for the whole sift.
    match FastLt::for_item(heap, pos) {
        Some(lt) => sift_up_from::<MAX_HEAP, _>(heap, pos, end, lt),
        None => sift_up_from::<MAX_HEAP, _>(heap, pos, end, RichLt),
    }
}

/// `sift_up` from `pos`, which has a child in the list of size `end`.
#[inline(always)]
fn sift_up_from<const MAX_HEAP: bool, L: ItemLt>(heap: &PyList, start: usize, end: usize, lt: L) -> PyResult<()> {
    let mut pos = start;
    let mut child = 2 * pos + 1;
    while child < end {
        // Both children, if there are two: the size is still `end` (it is
        // checked after every comparison).
        if child + 1 < end {
            // C releases the first operand first.
            let (first, second) = operands::<MAX_HEAP, _>(child, child + 1);
            let left_above = lt.items(heap, first, second, Release::First).expect("the size is end")?;
            if heap.len() != end {
                return Err(exc::runtime_error(heap.py(), CHANGED_SIZE));
            }
            // Branch-free, as in C: the result is unpredictable.
            child += usize::from(!left_above);
        }
        heap.swap(child, pos);
        pos = child;
        child = 2 * pos + 1;
    }
    sift_down_from::<MAX_HEAP, _>(heap, start, pos, lt)
}

fn pop<const MAX_HEAP: bool>(heap: &PyList) -> PyResult<Owned> {
    let last = heap.pop()?.ok_or_else(|| exc::index_error(heap.py(), INDEX_OUT_OF_RANGE))?;
    if heap.is_empty() {
        return Ok(last);
    }
    let top = heap.replace(0, last);
    sift_up::<MAX_HEAP>(heap, 0)?;
    Ok(top)
}

fn replace<const MAX_HEAP: bool>(heap: &PyList, item: &PyAny) -> PyResult<Owned> {
    if heap.is_empty() {
        return Err(exc::index_error(heap.py(), INDEX_OUT_OF_RANGE));
    }
    let top = heap.replace(0, item.to_owned());
    sift_up::<MAX_HEAP>(heap, 0)?;
    Ok(top)
}

/// Sifts the nodes of a large heap so that each parent follows its
/// children while they are still in cache (C's `cache_friendly_heapify`:
/// the same comparisons as the simple loop, in another order).
fn heapify_cache_friendly<const MAX_HEAP: bool>(heap: &PyList) -> PyResult<()> {
    let m = heap.len() >> 1; // the first childless node
    let leftmost = (1 << (m + 1).ilog2()) - 1; // the leftmost node in m's row
    let mhalf = m >> 1; // the parent of the first childless node
    // C's two loops: each node, then its parents while it is a left child.
    for nodes in [mhalf..leftmost, leftmost..m] {
        for mut j in nodes.rev() {
            loop {
                sift_up::<MAX_HEAP>(heap, j)?;
                if j & 1 == 0 {
                    break;
                }
                j >>= 1;
            }
        }
    }
    Ok(())
}

#[inline(always)]
fn heapify_list<const MAX_HEAP: bool>(heap: &PyList) -> PyResult<Owned> {
    // Out of line: a list that is already a heap then costs its
    // trampoline no saved registers.
    if heap.len() > 1 {
        heapify_sift::<MAX_HEAP>(heap)?;
    }
    Ok(heap.py().none())
}

#[inline(never)]
fn heapify_sift<const MAX_HEAP: bool>(heap: &PyList) -> PyResult<()> {
    let n = heap.len();
    // Heaps likely larger than L1 cache take the cache-friendly order.
    if n > 2500 {
        return heapify_cache_friendly::<MAX_HEAP>(heap);
    }
    // Bottom-up from the last node with a child, n // 2 - 1.
    for i in (0..n >> 1).rev() {
        sift_up::<MAX_HEAP>(heap, i)?;
    }
    Ok(())
}

// The module's functions, each inlined into its trampoline: for small
// inputs the call overhead is most of the work.

#[inline(always)]
fn heappush(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let heap: &PyList = args.convert(0)?;
    heap.append(args.convert(1)?)?;
    sift_down::<MIN>(heap, 0, heap.len() - 1)?;
    Ok(heap.py().none())
}

#[inline(always)]
fn heappop(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    pop::<MIN>(args.convert(0)?)
}

#[inline(always)]
fn heapreplace(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    replace::<MIN>(args.convert(0)?, args.convert(1)?)
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
    replace::<MIN>(heap, item)
}

#[inline(always)]
fn heapify(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    heapify_list::<MIN>(args.convert(0)?)
}

#[inline(always)]
fn _heappop_max(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    pop::<MAX>(args.convert(0)?)
}

#[inline(always)]
fn _heapreplace_max(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    replace::<MAX>(args.convert(0)?, args.convert(1)?)
}

#[inline(always)]
fn _heapify_max(_module: &Module<State>, args: &Args) -> PyResult<Owned> {
    heapify_list::<MAX>(args.convert(0)?)
}
