//! `_blake2`: a drop-in replacement for CPython's `Modules/_blake2`
//! (`blake2module.c` and its two classes, `blake2b_impl.c` and the
//! generated twin `blake2s_impl.c`), on the `blake2b_simd` and
//! `blake2s_simd` crates, which take every parameter of BLAKE2's parameter
//! block and pick AVX2 or SSE4.1 at run time (the objects themselves are
//! `hash-object`'s).  As in C, the classes are called directly, cannot be
//! subclassed and are not tracked by the garbage collector.

#![forbid(unsafe_code)]

use core::ffi::CStr;

use cpython_safe::buffer::HeldBytes;
use cpython_safe::call::{arg_buffer, UnsignedLong, UnsignedLongLong};
use cpython_safe::class::{add_class_attribute, TypeFlags};
use cpython_safe::clinic::ArgParser;
use cpython_safe::prelude::*;
use hash_object::{block_size, copy, digest, digest_size, hexdigest, name, update};
use hash_object::{Digest, FixedHash, Hash, HashObject};

cpython_safe::clinic_module!();

struct State {
    _blake2b_type: Owned<PyType>,
    _blake2s_type: Owned<PyType>,
}
cpython_safe::traverse!(State: _blake2b_type, _blake2s_type);

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let blake2b_type = BLAKE2B.create(module)?;
        add_type_and_sizes::<Blake2b>(module, &blake2b_type)?;
        let blake2s_type = BLAKE2S.create(module)?;
        add_type_and_sizes::<Blake2s>(module, &blake2s_type)?;
        Ok(State { _blake2b_type: blake2b_type, _blake2s_type: blake2s_type })
    }
}

/// Adds `class` to the module, its sizes to the class (`SALT_SIZE`, ...)
/// and to the module (`BLAKE2B_SALT_SIZE`, ...), in C's order.
fn add_type_and_sizes<V: Variant>(module: &Module<State>, class: &PyType) -> PyResult<()> {
    module.add_type(class)?;
    let sizes = [V::SALT_SIZE, V::PERSON_SIZE, V::MAX_KEY_SIZE, V::MAX_DIGEST_SIZE];
    let names = [c"SALT_SIZE", c"PERSON_SIZE", c"MAX_KEY_SIZE", c"MAX_DIGEST_SIZE"];
    for (name, size) in names.into_iter().zip(sizes) {
        add_class_attribute(class, name, &*PyInt::from_i64(module.py(), size as i64)?)?;
    }
    for (name, size) in V::MODULE_CONSTANTS.into_iter().zip(sizes) {
        module.add(name, &*PyInt::from_i64(module.py(), size as i64)?)?;
    }
    Ok(())
}

cpython_safe::module! {
    static MODULE: State = module c"_blake2" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [],
    }
}

// `Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE`: callable, not a base
// type, not tracked by the garbage collector.
hash_object::hash_class!(Blake2bClass: Blake2b = "blake2b" in MODULE as BLAKE2B, flags TypeFlags::IMMUTABLE, gc false, new blake2_new);
hash_object::hash_class!(Blake2sClass: Blake2s = "blake2s" in MODULE as BLAKE2S, flags TypeFlags::IMMUTABLE, gc false, new blake2_new);

cpython_safe::class! {
    static BLAKE2B: HashObject<Blake2bClass> = class c"_blake2.blake2b" from clinic {
        doc: clinic::py_blake2b_new__doc__,
        subclassable: false,
        methods: [copy = blake2b_copy, digest = blake2b_digest, hexdigest = blake2b_hexdigest, update = blake2b_update],
        getters: [name = name: None, block_size = block_size: None, digest_size = digest_size: None],
    }
}

cpython_safe::class! {
    static BLAKE2S: HashObject<Blake2sClass> = class c"_blake2.blake2s" from clinic {
        doc: clinic::py_blake2s_new__doc__,
        subclassable: false,
        methods: [copy = blake2s_copy, digest = blake2s_digest, hexdigest = blake2s_hexdigest, update = blake2s_update],
        getters: [name = name: None, block_size = block_size: None, digest_size = digest_size: None],
    }
}

static BLAKE2B_NEW: ArgParser = ArgParser::new(&clinic::py_blake2b_new);
static BLAKE2S_NEW: ArgParser = ArgParser::new(&clinic::py_blake2s_new);

/// What `blake2b_impl.c` and `blake2s_impl.c` have each of their own.
trait Variant: FixedHash {
    const SALT_SIZE: usize;
    const PERSON_SIZE: usize;
    const MAX_KEY_SIZE: usize;
    const MAX_DIGEST_SIZE: usize;
    /// The module's names of the four sizes above.
    const MODULE_CONSTANTS: [&'static CStr; 4];
    /// The largest `node_offset`: BLAKE2s's parameter block has 48 bits
    /// for it, BLAKE2b's 64.
    const MAX_NODE_OFFSET: u64;

    /// The parser of the constructor's arguments.
    fn parser() -> &'static ArgParser;

    /// A state that starts from `params`.
    fn with_params(params: &Params<'_>) -> Self;
}

/// The parameter block, checked as C checks it.
struct Params<'a> {
    digest_size: usize,
    key: Option<&'a HeldBytes<'a>>,
    salt: Option<&'a HeldBytes<'a>>,
    person: Option<&'a HeldBytes<'a>>,
    fanout: u8,
    depth: u8,
    leaf_size: u32,
    node_offset: u64,
    node_depth: u8,
    inner_size: usize,
    last_node: bool,
}

/// `blake2b(data=b'', *, digest_size=64, key=b'', salt=b'', person=b'',
/// fanout=1, depth=1, leaf_size=0, node_offset=0, node_depth=0,
/// inner_size=0, last_node=False, usedforsecurity=True, string=None)`, and
/// `blake2s(...)` likewise: the arguments converted in clinic's order, then
/// checked in C's.
fn blake2_new<V: Variant>(cls: &PyType, args: &PyTuple, kwargs: Option<&PyAny>) -> PyResult<V> {
    let py = cls.py();
    let mut buf = arg_buffer();
    let args = Args::from_tuple(V::parser(), args, kwargs, &mut buf)?;
    let data = args.get(0);
    let digest_size: i32 = args.convert_or(1, V::MAX_DIGEST_SIZE as i32)?;
    let key = args.get(2).map(BytesLike::new).transpose()?;
    let salt = args.get(3).map(BytesLike::new).transpose()?;
    let person = args.get(4).map(BytesLike::new).transpose()?;
    let fanout: i32 = args.convert_or(5, 1)?;
    let depth: i32 = args.convert_or(6, 1)?;
    let UnsignedLong(leaf_size) = args.convert_or(7, UnsignedLong(0))?;
    let UnsignedLongLong(node_offset) = args.convert_or(8, UnsignedLongLong(0))?;
    let node_depth: i32 = args.convert_or(9, 0)?;
    let inner_size: i32 = args.convert_or(10, 0)?;
    let last_node: bool = args.convert_or(11, false)?;
    let _usedforsecurity: bool = args.convert_or(12, true)?;
    let string = args.get(13);

    let data = hash_object::data_argument(py, data, string)?;
    let max_digest_size = V::MAX_DIGEST_SIZE;
    let digest_size = match usize::try_from(digest_size) {
        Ok(size @ 1..) if size <= max_digest_size => size,
        _ => return Err(exc::value_error(py, &format!("digest_size must be between 1 and {max_digest_size} bytes"))),
    };
    let salt = limited(py, salt.as_deref(), V::SALT_SIZE, "salt")?;
    let person = limited(py, person.as_deref(), V::PERSON_SIZE, "person")?;
    let fanout = u8::try_from(fanout).map_err(|_| exc::value_error(py, "fanout must be between 0 and 255"))?;
    let depth = match u8::try_from(depth) {
        Ok(depth @ 1..) => depth,
        _ => return Err(exc::value_error(py, "depth must be between 1 and 255")),
    };
    let leaf_size = u32::try_from(leaf_size).map_err(|_| exc::overflow_error(py, "leaf_size is too large"))?;
    if node_offset > V::MAX_NODE_OFFSET {
        return Err(exc::overflow_error(py, "node_offset is too large"));
    }
    let node_depth = u8::try_from(node_depth).map_err(|_| exc::value_error(py, "node_depth must be between 0 and 255"))?;
    let inner_size = match usize::try_from(inner_size) {
        Ok(size) if size <= max_digest_size => size,
        // Sic: C's wording.
        _ => return Err(exc::value_error(py, &format!("inner_size must be between 0 and is {max_digest_size}"))),
    };
    let key = limited(py, key.as_deref(), V::MAX_KEY_SIZE, "key")?;
    let params = Params { digest_size, key, salt, person, fanout, depth, leaf_size, node_offset, node_depth, inner_size, last_node };
    hash_object::with_data(py, V::with_params(&params), data)
}

/// A key, salt or personalization argument, if given: ValueError
/// "maximum salt length is 16 bytes" beyond `max`.
fn limited<'a>(py: Python<'_>, buffer: Option<&'a HeldBytes<'a>>, max: usize, what: &str) -> PyResult<Option<&'a HeldBytes<'a>>> {
    match buffer {
        Some(buffer) if buffer.len() > max => Err(exc::value_error(py, &format!("maximum {what} length is {max} bytes"))),
        buffer => Ok(buffer),
    }
}

/// A BLAKE2 state of one of the crates, with its digest size.
macro_rules! blake2_hash {
    ($hash:ident: $simd:ident, parser $parser:ident, max_node_offset $max_node_offset:expr, constants $constants:expr) => {
        #[derive(Clone)]
        struct $hash {
            state: $simd::State,
            digest_size: usize,
        }

        impl Hash for $hash {
            fn block_size(&self) -> usize {
                $simd::BLOCKBYTES
            }

            fn digest_size(&self) -> usize {
                self.digest_size
            }

            fn update(&mut self, data: &[u8]) {
                self.state.update(data);
            }
        }

        impl FixedHash for $hash {
            fn digest(&self) -> Digest {
                let hash = self.state.finalize();
                Digest::with(self.digest_size, |out| out.copy_from_slice(hash.as_bytes()))
            }
        }

        impl Variant for $hash {
            const SALT_SIZE: usize = $simd::SALTBYTES;
            const PERSON_SIZE: usize = $simd::PERSONALBYTES;
            const MAX_KEY_SIZE: usize = $simd::KEYBYTES;
            const MAX_DIGEST_SIZE: usize = $simd::OUTBYTES;
            const MODULE_CONSTANTS: [&'static CStr; 4] = $constants;
            const MAX_NODE_OFFSET: u64 = $max_node_offset;

            fn parser() -> &'static ArgParser {
                &$parser
            }

            fn with_params(params: &Params<'_>) -> Self {
                let mut block = $simd::Params::new();
                block
                    .hash_length(params.digest_size)
                    .fanout(params.fanout)
                    .max_depth(params.depth)
                    .max_leaf_length(params.leaf_size)
                    .node_offset(params.node_offset)
                    .node_depth(params.node_depth)
                    .inner_hash_length(params.inner_size)
                    .last_node(params.last_node);
                if let Some(key) = params.key {
                    key.read(|key| {
                        block.key(key);
                    });
                }
                if let Some(salt) = params.salt {
                    salt.read(|salt| {
                        block.salt(salt);
                    });
                }
                if let Some(person) = params.person {
                    person.read(|person| {
                        block.personal(person);
                    });
                }
                let state = block.to_state();
                $hash { state, digest_size: params.digest_size }
            }
        }
    };
}

blake2_hash!(Blake2b: blake2b_simd, parser BLAKE2B_NEW, max_node_offset u64::MAX,
             constants [c"BLAKE2B_SALT_SIZE", c"BLAKE2B_PERSON_SIZE", c"BLAKE2B_MAX_KEY_SIZE", c"BLAKE2B_MAX_DIGEST_SIZE"]);
blake2_hash!(Blake2s: blake2s_simd, parser BLAKE2S_NEW, max_node_offset (1 << 48) - 1,
             constants [c"BLAKE2S_SALT_SIZE", c"BLAKE2S_PERSON_SIZE", c"BLAKE2S_MAX_KEY_SIZE", c"BLAKE2S_MAX_DIGEST_SIZE"]);
