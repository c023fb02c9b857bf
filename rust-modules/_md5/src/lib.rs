//! `_md5`: a drop-in replacement for CPython's `Modules/md5module.c`: the
//! hash in [`md5`], the object `hash-object`'s.

#![forbid(unsafe_code)]

mod md5;

use cpython_safe::prelude::*;
use hash_object::{block_size, copy, digest, digest_size, hexdigest, name, update};
use hash_object::HashObject;

cpython_safe::clinic_module!();

struct State {
    md5_type: Owned<PyType>,
}
cpython_safe::traverse!(State: md5_type);

impl ModuleState for State {
    fn init(module: &Module<Self>) -> PyResult<Self> {
        let md5_type = MD5.create(module)?;
        module.add(c"MD5Type", &md5_type)?;
        Ok(State { md5_type })
    }
}

cpython_safe::module! {
    static MODULE: State = module c"_md5" from clinic {
        doc: clinic::m_doc,
        interpreters: PerInterpreterGil,
        gil: NotUsed,
        functions: [md5],
    }
}

hash_object::hash_class!(Md5: md5::Md5 = "md5" in MODULE as MD5, flags hash_object::MODULE_MADE, gc true);

cpython_safe::class! {
    static MD5: HashObject<Md5> = class c"_md5.md5" from clinic {
        doc: c"",
        subclassable: false,
        methods: [copy = MD5Type_copy, digest = MD5Type_digest, hexdigest = MD5Type_hexdigest, update = MD5Type_update],
        getters: [block_size = block_size: None, name = name: None, digest_size = digest_size: None],
    }
}

fn md5(module: &Module<State>, args: &Args) -> PyResult<Owned> {
    let clinic::params::md5 { data, usedforsecurity: _, string } = clinic::params::md5::from_args(args)?;
    let data = hash_object::data_argument(module.py(), data, string)?;
    hash_object::new_object::<Md5>(&module.state()?.md5_type, Default::default(), data)
}
