//! `_sha1`: a drop-in replacement for CPython's `Modules/sha1module.c`, on
//! RustCrypto's `sha1` (the object itself is `hash-object`'s).

#![forbid(unsafe_code)]

use cpython_safe::prelude::*;
use hash_object::{block_size, copy, digest, digest_size, hexdigest, name, update};
use hash_object::{HashObject, RustCrypto};

cpython_safe::clinic_module!();

struct State {
    sha1_type: Owned<PyType>,
}
cpython_safe::traverse!(State: sha1_type);

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let sha1_type = SHA1.create(module)?;
        module.add(c"SHA1Type", &sha1_type)?;
        Ok(State { sha1_type })
    }
}

cpython_safe::module! {
    static MODULE: State = module c"_sha1" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [sha1],
    }
}

hash_object::hash_class!(Sha1: RustCrypto<sha1::Sha1> = "sha1" in MODULE as SHA1, flags hash_object::MODULE_MADE, gc true);

cpython_safe::class! {
    static SHA1: HashObject<Sha1> = class c"_sha1.sha1" from clinic {
        doc: c"",
        subclassable: false,
        methods: [copy = SHA1Type_copy, digest = SHA1Type_digest, hexdigest = SHA1Type_hexdigest, update = SHA1Type_update],
        getters: [block_size = block_size: None, name = name: None, digest_size = digest_size: None],
    }
}

fn sha1(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let clinic::params::sha1 { data, usedforsecurity: _, string } = clinic::params::sha1::from_args(args)?;
    let data = hash_object::data_argument(module.py(), data, string)?;
    hash_object::new_object::<Sha1>(&module.state()?.sha1_type, Default::default(), data)
}
