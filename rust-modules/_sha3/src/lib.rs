//! `_sha3`: a drop-in replacement for CPython's `Modules/sha3module.c`, on
//! RustCrypto's `sha3` and `shake` (the objects themselves are
//! `hash-object`'s).  Unlike the other hash modules, its classes are called
//! directly (`_sha3.sha3_256(data)`) and are not tracked by the garbage
//! collector, as in C.  `implementation` names the code that hashes:
//! "RustCrypto" (C says "HACL").

#![forbid(unsafe_code)]

use cpython_safe::alloc::try_zeroed;
use cpython_safe::call::arg_buffer;
use cpython_safe::class::TypeFlags;
use cpython_safe::prelude::*;
use digest::{ExtendableOutput, Update, XofReader};
use hash_object::{block_size, copy, digest, digest_size, hexdigest, name, update};
use hash_object::{Hash, HashClass, HashObject, RustCrypto};

cpython_safe::clinic_module!();

struct State {
    _types: [Owned<PyType>; 6],
}
cpython_safe::traverse!(State: _types);

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let types = [
            SHA3_224.create(module)?,
            SHA3_256.create(module)?,
            SHA3_384.create(module)?,
            SHA3_512.create(module)?,
            SHAKE_128.create(module)?,
            SHAKE_256.create(module)?,
        ];
        for class in &types {
            module.add_type(class)?;
        }
        module.add(c"implementation", &*PyStr::new(module.py(), "RustCrypto")?)?;
        Ok(State { _types: types })
    }
}

cpython_safe::module! {
    static MODULE: State = module c"_sha3" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [],
    }
}

const CALLABLE: TypeFlags = TypeFlags::IMMUTABLE;

hash_object::hash_class!(Sha3_224: Sha3<sha3::Sha3_224> = "sha3_224" in MODULE as SHA3_224, flags CALLABLE, gc false, new sha3_new);
hash_object::hash_class!(Sha3_256: Sha3<sha3::Sha3_256> = "sha3_256" in MODULE as SHA3_256, flags CALLABLE, gc false, new sha3_new);
hash_object::hash_class!(Sha3_384: Sha3<sha3::Sha3_384> = "sha3_384" in MODULE as SHA3_384, flags CALLABLE, gc false, new sha3_new);
hash_object::hash_class!(Sha3_512: Sha3<sha3::Sha3_512> = "sha3_512" in MODULE as SHA3_512, flags CALLABLE, gc false, new sha3_new);
hash_object::hash_class!(Shake128: Shake<168> = "shake_128" in MODULE as SHAKE_128, flags CALLABLE, gc false, new sha3_new);
hash_object::hash_class!(Shake256: Shake<136> = "shake_256" in MODULE as SHAKE_256, flags CALLABLE, gc false, new sha3_new);

// The SHA-3 classes share their methods and attributes (clinic names them
// after sha3_224's); the SHAKE classes have a digest that takes a length.
macro_rules! sha3_class {
    ($def:ident: $class:ident = $name:literal, $doc:ident, digest $digest:ident => $digest_fn:ident, $hexdigest:ident => $hexdigest_fn:ident) => {
        cpython_safe::class! {
            static $def: HashObject<$class> = class $name from clinic {
                doc: clinic::$doc,
                subclassable: false,
                methods: [
                    copy = sha3_224_copy,
                    digest = $digest => $digest_fn,
                    hexdigest = $hexdigest => $hexdigest_fn,
                    update = sha3_224_update,
                ],
                getters: [block_size = block_size: None, name = name: None, digest_size = digest_size: None,
                          _capacity_bits = capacity_bits: None, _rate_bits = rate_bits: None, _suffix = suffix: None],
            }
        }
    };
}

sha3_class!(SHA3_224: Sha3_224 = c"_sha3.sha3_224", sha3_224__doc__, digest sha3_224_digest => digest, sha3_224_hexdigest => hexdigest);
sha3_class!(SHA3_256: Sha3_256 = c"_sha3.sha3_256", sha3_256__doc__, digest sha3_224_digest => digest, sha3_224_hexdigest => hexdigest);
sha3_class!(SHA3_384: Sha3_384 = c"_sha3.sha3_384", sha3_384__doc__, digest sha3_224_digest => digest, sha3_224_hexdigest => hexdigest);
sha3_class!(SHA3_512: Sha3_512 = c"_sha3.sha3_512", sha3_512__doc__, digest sha3_224_digest => digest, sha3_224_hexdigest => hexdigest);
sha3_class!(SHAKE_128: Shake128 = c"_sha3.shake_128", shake_128__doc__, digest shake_128_digest => shake_digest, shake_128_hexdigest => shake_hexdigest);
sha3_class!(SHAKE_256: Shake256 = c"_sha3.shake_256", shake_256__doc__, digest shake_128_digest => shake_digest, shake_128_hexdigest => shake_hexdigest);

// The classes' `__new__`: clinic writes only its docstring for us.
mod signatures {
    pub use super::clinic::*;
    cpython_safe::signatures! {
        SHA3_NEW_SIGNATURE as sha3_224(data, usedforsecurity, string) in 0..=1, parser SHA3_NEW = py_sha3_new__doc__;
    }
}

/// `sha3_224(data=b'', *, usedforsecurity=True, string=None)`, and the
/// other classes' (C words their argument errors as sha3_224's too).
fn sha3_new<H: Hash + Default>(cls: &PyType, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<H> {
    let mut buf = arg_buffer();
    let args = Args::from_tuple(&signatures::SHA3_NEW, args, kwargs, &mut buf)?;
    let data = args.get(0);
    let _usedforsecurity: bool = args.convert_or(1, true)?;
    let string = args.get(2);
    let data = hash_object::data_argument(cls.py(), data, string)?;
    hash_object::with_data(cls.py(), H::default(), data)
}

/// The sponge's parameters, as the private attributes show them.
trait Sponge: Hash {
    /// The padding's domain bits (`_suffix`).
    const SUFFIX: u8;
}

/// A SHA-3 function.
type Sha3<D> = RustCrypto<D>;

impl<D> Sponge for RustCrypto<D>
where
    RustCrypto<D>: Hash,
{
    const SUFFIX: u8 = 0x06;
}

/// A SHAKE function of `RATE`-byte blocks: its digest takes a length.
#[derive(Clone, Default)]
struct Shake<const RATE: usize>(shake::Shake<RATE>);

impl<const RATE: usize> Hash for Shake<RATE> {
    fn block_size(&self) -> usize {
        RATE
    }

    /// 0, as C says, "preserving previous behavior".
    fn digest_size(&self) -> usize {
        0
    }

    fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }
}

impl<const RATE: usize> Sponge for Shake<RATE> {
    const SUFFIX: u8 = 0x1f;
}

fn rate_bits<C: HashClass>(this: &Instance<HashObject<C>>) -> PyResult<i64> {
    Ok(this.value().inspect(this.py(), Hash::block_size) as i64 * 8)
}

fn capacity_bits<C: HashClass>(this: &Instance<HashObject<C>>) -> PyResult<i64> {
    Ok(1600 - rate_bits(this)?)
}

fn suffix<C: HashClass>(this: &Instance<HashObject<C>>) -> PyResult<Owned>
where
    C::Hash: Sponge,
{
    Ok(PyBytes::new(this.py(), &[C::Hash::SUFFIX])?.into_any())
}

/// `length` bytes of a SHAKE function's output.
fn shake_output<C: HashClass<Hash = Shake<RATE>>, const RATE: usize>(this: &Instance<HashObject<C>>, args: &Args) -> PyResult<Vec<u8>> {
    let clinic::params::shake_128_digest { length } = clinic::params::shake_128_digest::from_args(args)?;
    let py = this.py();
    if length >= 1 << 29 {
        return Err(exc::value_error(py, "length is too large"));
    }
    let mut output = try_zeroed(py, length as usize)?;
    this.value().snapshot(py).0.finalize_xof().read(&mut output);
    Ok(output)
}

fn shake_digest<C: HashClass<Hash = Shake<RATE>>, const RATE: usize>(this: &Instance<HashObject<C>>, args: &Args) -> PyResult<Owned> {
    Ok(PyBytes::new(this.py(), &shake_output(this, args)?)?.into_any())
}

fn shake_hexdigest<C: HashClass<Hash = Shake<RATE>>, const RATE: usize>(this: &Instance<HashObject<C>>, args: &Args) -> PyResult<Owned> {
    hash_object::hex(this.py(), &shake_output(this, args)?)
}
