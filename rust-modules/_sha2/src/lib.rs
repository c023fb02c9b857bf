//! `_sha2`: a drop-in replacement for CPython's `Modules/sha2module.c`, on
//! RustCrypto's `sha2` (which uses the CPU's SHA extensions where it has
//! them; the objects themselves are `hash-object`'s).

#![forbid(unsafe_code)]

use cpython_safe::prelude::*;
use hash_object::{block_size, copy, digest, digest_size, hexdigest, name, update};
use hash_object::{HashObject, RustCrypto, MODULE_MADE};

cpython_safe::clinic_module!();

struct State {
    sha224_type: Owned<PyType>,
    sha256_type: Owned<PyType>,
    sha384_type: Owned<PyType>,
    sha512_type: Owned<PyType>,
}
cpython_safe::traverse!(State: sha224_type, sha256_type, sha384_type, sha512_type);

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let state = State {
            sha224_type: SHA224.create(module)?,
            sha256_type: SHA256.create(module)?,
            sha384_type: SHA384.create(module)?,
            sha512_type: SHA512.create(module)?,
        };
        module.add(c"SHA224Type", &state.sha224_type)?;
        module.add(c"SHA256Type", &state.sha256_type)?;
        module.add(c"SHA384Type", &state.sha384_type)?;
        module.add(c"SHA512Type", &state.sha512_type)?;
        Ok(state)
    }
}

cpython_safe::module! {
    static MODULE: State = module c"_sha2" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [sha256, sha224, sha512, sha384],
    }
}

hash_object::hash_class!(Sha224: RustCrypto<sha2::Sha224> = "sha224" in MODULE as SHA224, flags MODULE_MADE, gc true);
hash_object::hash_class!(Sha256: RustCrypto<sha2::Sha256> = "sha256" in MODULE as SHA256, flags MODULE_MADE, gc true);
hash_object::hash_class!(Sha384: RustCrypto<sha2::Sha384> = "sha384" in MODULE as SHA384, flags MODULE_MADE, gc true);
hash_object::hash_class!(Sha512: RustCrypto<sha2::Sha512> = "sha512" in MODULE as SHA512, flags MODULE_MADE, gc true);

/// A class (`$def`, made from the methods clinic names `$copy`...), and the
/// module function `$function` that makes its objects from the class kept in
/// the state's `$field`.
macro_rules! sha2_class {
    ($def:ident: $class:ident = $name:literal, $function:ident, $field:ident,
     methods $copy:ident, $digest:ident, $hexdigest:ident, $update:ident) => {
        cpython_safe::class! {
            static $def: HashObject<$class> = class $name from clinic {
                doc: c"",
                subclassable: false,
                methods: [copy = $copy, digest = $digest, hexdigest = $hexdigest, update = $update],
                getters: [block_size = block_size: None, name = name: None, digest_size = digest_size: None],
            }
        }

        fn $function(module: &Module<State>, args: &Args) -> PyResult<Owned> {
            let clinic::params::$function { data, usedforsecurity: _, string } = clinic::params::$function::from_args(args)?;
            let data = hash_object::data_argument(module.py(), data, string)?;
            hash_object::new_object::<$class>(&module.state()?.$field, Default::default(), data)
        }
    };
}

// SHA-224 shares SHA-256's methods, and SHA-384 SHA-512's, as in C.
sha2_class!(SHA224: Sha224 = c"_sha2.SHA224Type", sha224, sha224_type,
            methods SHA256Type_copy, SHA256Type_digest, SHA256Type_hexdigest, SHA256Type_update);
sha2_class!(SHA256: Sha256 = c"_sha2.SHA256Type", sha256, sha256_type,
            methods SHA256Type_copy, SHA256Type_digest, SHA256Type_hexdigest, SHA256Type_update);
sha2_class!(SHA384: Sha384 = c"_sha2.SHA384Type", sha384, sha384_type,
            methods SHA512Type_copy, SHA512Type_digest, SHA512Type_hexdigest, SHA512Type_update);
sha2_class!(SHA512: Sha512 = c"_sha2.SHA512Type", sha512, sha512_type,
            methods SHA512Type_copy, SHA512Type_digest, SHA512Type_hexdigest, SHA512Type_update);
