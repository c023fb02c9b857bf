//! The hash objects of CPython's builtin hash modules (`_md5`, `_sha1`,
//! `_sha2`, `_sha3`, `_blake2`): what `Modules/hashlib.h` and each
//! `*module.c` share, written once.  A module crate names its classes with
//! [`HashClass`] and lists the generic methods and getters of this crate in
//! its `class!` declarations; the hash functions themselves come from
//! RustCrypto's crates ([`RustCrypto`]) or from the module crate ([`Hash`]).
//!
//! As in C, an object's state sits behind a per-object lock: updates of
//! [`GIL_MINSIZE`] bytes or more run with the GIL released (for immutable
//! data, the safe layer's rule), and every other access takes the lock, so
//! threads sharing one object see whole updates only.

#![forbid(unsafe_code)]

use std::sync::Mutex;

use cpython_safe::boundary::lock_detached;
use cpython_safe::buffer::supports_buffer;
use cpython_safe::class::{cannot_create, ClassDef};
use cpython_safe::module::ModuleDef;
use cpython_safe::prelude::*;

/// Data below this many bytes is hashed with the GIL held
/// (`HASHLIB_GIL_MINSIZE`).
pub const GIL_MINSIZE: usize = 2048;

/// The longest fixed digest (SHA-512's, BLAKE2b's).
pub const MAX_DIGEST_SIZE: usize = 64;

/// A hash function's running state.
pub trait Hash: Clone + Send + 'static {
    /// `block_size`: the bytes the function consumes per block.
    fn block_size(&self) -> usize;
    /// `digest_size`: the length of `digest()` (0 for SHAKE, whose digest
    /// takes a length).
    fn digest_size(&self) -> usize;
    fn update(&mut self, data: &[u8]);
}

/// A hash whose `digest()` has `digest_size()` bytes.
pub trait FixedHash: Hash {
    /// The digest of the data so far (the state goes on).
    fn digest(&self) -> Digest;
}

/// A digest of at most [`MAX_DIGEST_SIZE`] bytes, kept on the stack.
pub struct Digest {
    bytes: [u8; MAX_DIGEST_SIZE],
    len: usize,
}

impl Digest {
    /// The digest written by `write` into `len` bytes.
    pub fn with(len: usize, write: impl FnOnce(&mut [u8])) -> Digest {
        let mut digest = Digest { bytes: [0; MAX_DIGEST_SIZE], len };
        write(&mut digest.bytes[..len]);
        digest
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// One of RustCrypto's fixed-output hashes.
#[derive(Clone, Default)]
pub struct RustCrypto<D>(D);

impl<D> Hash for RustCrypto<D>
where
    D: digest::Digest + digest::block_api::BlockSizeUser + Clone + Send + 'static,
{
    fn block_size(&self) -> usize {
        <D as digest::block_api::BlockSizeUser>::block_size()
    }

    fn digest_size(&self) -> usize {
        <D as digest::Digest>::output_size()
    }

    fn update(&mut self, data: &[u8]) {
        digest::Digest::update(&mut self.0, data);
    }
}

impl<D> FixedHash for RustCrypto<D>
where
    D: digest::Digest + digest::block_api::BlockSizeUser + Clone + Send + 'static,
{
    fn digest(&self) -> Digest {
        let output = digest::Digest::finalize(self.0.clone());
        Digest::with(output.len(), |out| out.copy_from_slice(&output))
    }
}

/// A class of hash objects, as one module defines it.
pub trait HashClass: Sized + 'static {
    type Hash: Hash;
    type State: ModuleState;
    /// The `name` attribute (hashlib's name of the function).
    const NAME: &'static str;
    /// C's type flags besides the defaults.
    const FLAGS: TypeFlags;
    /// Whether C's type is tracked by the garbage collector (it then
    /// visits only its type).
    const HAS_GC: bool;

    fn module_def() -> &'static ModuleDef<Self::State>;
    fn class_def() -> &'static ClassDef<HashObject<Self>>;

    /// `tp_new`, for the classes that Python code calls (`_sha3`'s,
    /// `_blake2`'s); the others keep CPython's error.
    fn new(cls: &PyType, _args: &PyTuple, _kwargs: Option<&PyAny>) -> PyResult<Self::Hash> {
        Err(cannot_create(cls))
    }
}

/// A hash object: the running state behind its lock.
pub struct HashObject<C: HashClass> {
    hash: Mutex<C::Hash>,
}

cpython_safe::traverse!(impl<C: HashClass> HashObject<C>);

impl<C: HashClass> PyClass for HashObject<C> {
    type State = C::State;

    fn module_def() -> &'static ModuleDef<C::State> {
        C::module_def()
    }

    fn new(cls: &PyType, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<Self> {
        C::new(cls, args, kwargs).map(HashObject::with)
    }

    const HAS_GC: bool = C::HAS_GC;
    const CLEARED_BY_GC: bool = false;
    const EXTRA_FLAGS: TypeFlags = C::FLAGS;
}

impl<C: HashClass> HashObject<C> {
    pub fn with(hash: C::Hash) -> Self {
        HashObject { hash: Mutex::new(hash) }
    }

    /// A copy of the state, taken under the lock (`ENTER_HASHLIB`).
    pub fn snapshot(&self, py: Python<'_>) -> C::Hash {
        self.inspect(py, C::Hash::clone)
    }

    /// `read` applied to the state under the lock.
    pub fn inspect<R>(&self, py: Python<'_>, read: impl FnOnce(&C::Hash) -> R) -> R {
        read(&lock_detached(py, &self.hash))
    }
}

/// The data a constructor hashes (`_Py_hashlib_data_argument`): its
/// `data` argument or the older `string` keyword, not both.
pub fn data_argument<'a>(py: Python<'_>, data: Option<&'a PyAny>, string: Option<&'a PyAny>) -> PyResult<Option<&'a PyAny>> {
    match (data, string) {
        (Some(_), Some(_)) => Err(exc::type_error(
            py,
            "'data' and 'string' are mutually exclusive and support for 'string' keyword parameter is slated for removal in a future version.",
        )),
        (data, string) => Ok(data.or(string)),
    }
}

/// The bytes of data to hash, with hashlib's own errors
/// (`GET_BUFFER_VIEW_OR_ERROUT`).
pub fn hashable_bytes(obj: &PyAny) -> PyResult<BytesLike<'_>> {
    if obj.downcast::<PyStr>().is_some() {
        return Err(exc::type_error(obj.py(), "Strings must be encoded before hashing"));
    }
    if !supports_buffer(obj) {
        return Err(exc::type_error(obj.py(), "object supporting the buffer API required"));
    }
    BytesLike::new(obj)
}

/// `hash` updated with a constructor's `data`, if given: the GIL is
/// released for long immutable data, as the constructors do.
pub fn with_data<H: Hash>(py: Python<'_>, mut hash: H, data: Option<&PyAny>) -> PyResult<H> {
    let Some(data) = data else { return Ok(hash) };
    Ok(hashable_bytes(data)?.read_releasing_gil(py, GIL_MINSIZE, |bytes| {
        hash.update(bytes);
        hash
    }))
}

/// A new object of `class` (the module's class of `C`) holding `hash`
/// updated with `data`, as the module-level constructors make them.
pub fn new_object<C: HashClass>(class: &PyType, hash: C::Hash, data: Option<&PyAny>) -> PyResult<Owned> {
    let hash = with_data(class.py(), hash, data)?;
    C::class_def().instantiate(class, HashObject::with(hash))
}

/// `update(data, /)`.
pub fn update<C: HashClass>(this: &Instance<HashObject<C>>, args: &Args) -> PyResult<()> {
    let data = hashable_bytes(args.convert(0)?)?;
    data.read_locked(this.py(), GIL_MINSIZE, &this.value().hash, |hash, bytes| hash.update(bytes));
    Ok(())
}

/// `digest()`.
pub fn digest<C: HashClass>(this: &Instance<HashObject<C>>, _args: &Args) -> PyResult<Owned>
where
    C::Hash: FixedHash,
{
    let py = this.py();
    Ok(PyBytes::new(py, this.value().inspect(py, FixedHash::digest).as_bytes())?.into_any())
}

/// `hexdigest()`.
pub fn hexdigest<C: HashClass>(this: &Instance<HashObject<C>>, _args: &Args) -> PyResult<Owned>
where
    C::Hash: FixedHash,
{
    let py = this.py();
    hex(py, this.value().inspect(py, FixedHash::digest).as_bytes())
}

/// `copy()`: a new object of the same class with the same state.
pub fn copy<C: HashClass>(this: &Instance<HashObject<C>>, _args: &Args) -> PyResult<Owned> {
    let hash = this.value().snapshot(this.py());
    C::class_def().instantiate(this.get_type(), HashObject::with(hash))
}

/// The `name` attribute.
pub fn name<C: HashClass>(this: &Instance<HashObject<C>>) -> PyResult<Owned> {
    Ok(PyStr::new(this.py(), C::NAME)?.into_any())
}

/// The `digest_size` attribute.
pub fn digest_size<C: HashClass>(this: &Instance<HashObject<C>>) -> PyResult<i64> {
    Ok(this.value().inspect(this.py(), Hash::digest_size) as i64)
}

/// The `block_size` attribute.
pub fn block_size<C: HashClass>(this: &Instance<HashObject<C>>) -> PyResult<i64> {
    Ok(this.value().inspect(this.py(), Hash::block_size) as i64)
}

/// `bytes` in lowercase hexadecimal digits, as a `str` (`_Py_strhex`).
pub fn hex(py: Python<'_>, bytes: &[u8]) -> PyResult<Owned> {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let text = PyStr::new_ucs1_with(py, 2 * bytes.len(), true, |out| {
        for &byte in bytes {
            out.push(DIGITS[usize::from(byte >> 4)]);
            out.push(DIGITS[usize::from(byte & 0x0f)]);
        }
    })?;
    Ok(text.into_any())
}

/// Declares a [`HashClass`]: `hash_class!(Md5: RustCrypto<md5::Md5> = "md5"
/// in MODULE as MD5, flags .., gc ..)`, optionally `, new py_sha3_new` for a
/// class that Python code calls (its `tp_new`, a function of the
/// [`HashClass::new`] signature).
#[macro_export]
macro_rules! hash_class {
    ($class:ident: $hash:ty = $name:literal in $module:ident as $def:ident, flags $flags:expr, gc $gc:expr $(, new $new:path)?) => {
        enum $class {}

        impl $crate::HashClass for $class {
            type Hash = $hash;
            type State = State;
            const NAME: &'static str = $name;
            const FLAGS: ::cpython_safe::class::TypeFlags = $flags;
            const HAS_GC: bool = $gc;

            fn module_def() -> &'static ::cpython_safe::module::ModuleDef<State> {
                &$module
            }

            fn class_def() -> &'static ::cpython_safe::class::ClassDef<$crate::HashObject<Self>> {
                &$def
            }

            $(
                fn new(
                    cls: &::cpython_safe::object::PyType,
                    args: &::cpython_safe::object::PyTuple,
                    kwargs: Option<&::cpython_safe::object::PyAny>,
                ) -> ::cpython_safe::boundary::PyResult<$hash> {
                    $new(cls, args, kwargs)
                }
            )?
        }
    };
}

/// C's flags for the classes of `_md5`, `_sha1` and `_sha2`, which only the
/// module's functions instantiate.
pub const MODULE_MADE: TypeFlags = TypeFlags::IMMUTABLE.union(TypeFlags::DISALLOW_INSTANTIATION);
