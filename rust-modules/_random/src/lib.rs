//! `_random`: the Mersenne Twister behind Python's `random` module.
//!
//! A drop-in replacement for CPython's `Modules/_randommodule.c`: the class
//! `Random` with the same streams for every seed, the same state tuples for
//! `getstate`/`setstate`, and the same errors.  The generator itself is in
//! [`mt`].

#![forbid(unsafe_code)]

mod mt;

use std::cell::RefCell;

use cpython_safe::class::no_keywords;
use cpython_safe::module::ModuleDef;
use cpython_safe::prelude::*;
use cpython_safe::os;
use cpython_safe::alloc::try_zeroed;
use cpython_safe::object::LongLong;

use mt::{Mt, N};

cpython_safe::clinic_module!();

/// Per-module state: the module's own `Random` class.
struct State {
    random_type: Owned<PyType>,
}

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let random_type = RANDOM.create(module)?;
        module.add(c"Random", &random_type)?;
        Ok(State { random_type })
    }
}

cpython_safe::traverse!(State: random_type);

cpython_safe::module! {
    static MODULE: State = module c"_random" from clinic {
        doc: clinic::module_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [],
    }
}

/// An instance of `_random.Random`.  A `RefCell`: a method never holds the
/// generator while it runs Python code (a `__hash__`, an `__index__`), so a
/// re-entrant call cannot observe it half-updated.
struct Random {
    mt: RefCell<Mt>,
}

impl PyClass for Random {
    type State = State;

    fn module_def() -> &'static ModuleDef<State> {
        &MODULE
    }

    /// C's `PyType_GenericNew`: an unseeded generator (`__init__` takes the arguments).
    fn new(_cls: &PyType, _args: &PyTuple, _kwargs: Option<&PyAny>) -> PyResult<Self> {
        Ok(Random { mt: RefCell::new(Mt::UNSEEDED) })
    }

    const HAS_INIT: bool = true;

    fn init(this: &Instance<Self>, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<()> {
        // Subclasses with their own __init__ may take keyword arguments.
        if this.inherits_init_of(&this.module_state()?.random_type) {
            no_keywords(c"Random", kwargs)?;
        }
        if args.len() > 1 {
            return Err(exc::type_error(this.py(), "Random() requires 0 or 1 argument"));
        }
        seed_with(this, args.get(0))
    }
}

cpython_safe::traverse!(Random);

cpython_safe::class! {
    static RANDOM: Random = class c"_random.Random" from clinic {
        doc: clinic::random_doc,
        subclassable: true,
        methods: [
            random = Random_random,
            seed = Random_seed,
            getstate = Random_getstate,
            setstate = Random_setstate,
            getrandbits = Random_getrandbits,
        ],
    }
}

/// Seeds from `arg`: None (or absent) takes OS entropy; an int its
/// absolute value, in 32-bit words; anything else its hash.
fn seed_with(this: &Instance<Random>, arg: Option<&PyAny>) -> PyResult<()> {
    let key = match arg.filter(|arg| !arg.is_none()) {
        None => return seed_from_entropy(this),
        Some(arg) => match arg.downcast::<PyInt>() {
            // int.__abs__ even for subclasses: their __abs__ might lie.
            Some(int) => int.int_abs()?,
            None => PyInt::from_u64(arg.py(), arg.hash()? as usize as u64)?,
        },
    };
    // Whole 32-bit words, at least one.
    let bytes = key.to_le_bytes_unsigned(key.bit_length()?.div_ceil(32).max(1) as usize * 4)?;
    this.value().mt.borrow_mut().init_by_array(&bytes);
    Ok(())
}

/// Seeds from the OS's random source or, if it fails, from the time and
/// the process id (C's fallback, for systems without entropy at boot).
fn seed_from_entropy(this: &Instance<Random>) -> PyResult<()> {
    let py = this.py();
    let mut bytes = [0u8; N * 4];
    let key_len = match os::urandom_nonblock(py, &mut bytes) {
        Ok(()) => bytes.len(),
        Err(err) => {
            err.clear();
            let (now, monotonic) = (os::time_ns(py)?, os::monotonic_ns(py)?);
            // In little-endian 32-bit words, as C's array of them.
            bytes[..8].copy_from_slice(&now.to_le_bytes());
            bytes[8..12].copy_from_slice(&std::process::id().to_le_bytes());
            bytes[12..20].copy_from_slice(&monotonic.to_le_bytes());
            20
        }
    };
    this.value().mt.borrow_mut().init_by_array(&bytes[..key_len]);
    Ok(())
}

fn random(this: &Instance<Random>, _args: &Args) -> PyResult<Owned> {
    let value = this.value().mt.borrow_mut().next_f64();
    Ok(PyFloat::new(this.py(), value)?.into_any())
}

fn seed(this: &Instance<Random>, args: &Args) -> PyResult<Owned> {
    seed_with(this, args.get(0))?;
    Ok(this.py().none())
}

fn getstate(this: &Instance<Random>, _args: &Args) -> PyResult<Owned> {
    let py = this.py();
    // The N words, then the index (at most N), of a copy: making the tuple
    // may run Python code (a garbage collection).
    let mt = this.value().mt.borrow().clone();
    let values: [u32; N + 1] = std::array::from_fn(|i| mt.state.get(i).map_or(mt.index as u32, |&word| word));
    let items = values.iter().map(|&value| PyInt::from_c_ulong(py, value.into()).map(Owned::into_any));
    Ok(PyTuple::from_items(py, items)?.into_any())
}

fn setstate(this: &Instance<Random>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let Some(state) = args.convert::<&PyAny>(0)?.downcast::<PyTuple>() else {
        return Err(exc::type_error(py, "state vector must be a tuple"));
    };
    if state.len() != N + 1 {
        return Err(exc::value_error(py, "state vector is the wrong size"));
    }
    let mut mt = Mt::UNSEEDED;
    for (i, word) in mt.state.iter_mut().enumerate() {
        // Truncated to 32 bits, as C stores an unsigned long in a uint32_t.
        *word = state.get(i).expect("in range").to_c_ulong()? as u32;
    }
    let index = state.get(N).expect("in range").to_c_long()?;
    if !(0..=N as core::ffi::c_long).contains(&index) {
        return Err(exc::value_error(py, "invalid state"));
    }
    mt.index = index as usize;
    *this.value().mt.borrow_mut() = mt;
    Ok(py.none())
}

fn getrandbits(this: &Instance<Random>, args: &Args) -> PyResult<Owned> {
    let py = this.py();
    let LongLong(k) = args.convert(0)?;
    let mut mt = this.value().mt.borrow_mut();
    let result = match k {
        ..0 => return Err(exc::value_error(py, "number of bits must be non-negative")),
        0 => PyInt::from_u64(py, 0)?,
        1..=32 => PyInt::from_c_ulong(py, (mt.next_u32() >> (32 - k)).into())?,
        // The same two words as below, without a byte buffer.
        33..=64 => {
            let low = u64::from(mt.next_u32());
            PyInt::from_u64(py, u64::from(mt.next_u32() >> (64 - k)) << 32 | low)?
        }
        _ => {
            // Words from the least significant up; the last one keeps only
            // its top bits.
            let mut bytes = try_zeroed(py, ((k as u64).div_ceil(32) as usize).saturating_mul(4))?;
            let mut bits_left = k;
            for chunk in bytes.chunks_exact_mut(4) {
                let mut word = mt.next_u32();
                if bits_left < 32 {
                    word >>= 32 - bits_left;
                }
                chunk.copy_from_slice(&word.to_le_bytes());
                bits_left -= 32;
            }
            drop(mt);
            PyInt::from_le_bytes_unsigned(py, &bytes)?
        }
    };
    Ok(result.into_any())
}
