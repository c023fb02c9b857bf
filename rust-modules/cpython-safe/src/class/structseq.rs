//! Struct sequences: the named tuples of C modules (`pwd.struct_passwd`,
//! `os.stat_result`), made by CPython's own `PyStructSequence_NewType`, so
//! they are the very types C modules get (repr, pickling, `__match_args__`,
//! `n_fields`, `n_sequence_fields`, `n_unnamed_fields`).
//!
//! A module crate's build script reads the C file's `PyStructSequence_Desc`
//! and its `PyStructSequence_Field` array (`cpython-clinic`), which become a
//! [`Desc`]; the module state creates the type with [`StructSeqType::new`]
//! (one per module object, as C's exec functions do) and fills instances
//! with [`StructSeqType::instantiate`].

use core::ffi::{c_char, c_int, CStr};
use core::mem::ManuallyDrop;

use crate::boundary::{PyResult, Python};
use crate::ffi;
use crate::gc::{Traverse, Visit, Visitor};
use crate::object::{Owned, PyType};

/// One field: `PyStructSequence_Field`.
pub struct Field {
    pub name: &'static CStr,
    pub doc: Option<&'static CStr>,
}

/// A struct sequence type: `PyStructSequence_Desc`.  Its strings are
/// static because the type keeps pointing at the field names and
/// docstrings (its member descriptors read them), as C's static
/// descriptions are.
pub struct Desc {
    /// The qualified name, `"module.name"`.
    pub name: &'static CStr,
    pub doc: Option<&'static CStr>,
    pub fields: &'static [Field],
    /// How many fields the tuple shows (the rest are attributes only).
    pub n_in_sequence: usize,
}

/// A struct sequence type made from a [`Desc`], with the number of fields
/// its instances hold.
pub struct StructSeqType {
    class: Owned<PyType>,
    fields: usize,
}

fn c_option(text: Option<&'static CStr>) -> *const c_char {
    text.map_or(core::ptr::null(), CStr::as_ptr)
}

impl StructSeqType {
    /// `PyStructSequence_NewType(desc)`.
    pub fn new(_py: Python<'_>, desc: &'static Desc) -> PyResult<StructSeqType> {
        assert!(desc.n_in_sequence <= desc.fields.len(), "a struct sequence shows at most its fields");
        // The C array (with its sentinel) is only read while the type is
        // made; the strings it points to are static.
        let mut fields: Vec<ffi::PyStructSequence_Field> = desc
            .fields
            .iter()
            .map(|field| ffi::PyStructSequence_Field { name: field.name.as_ptr(), doc: c_option(field.doc) })
            .chain([ffi::PyStructSequence_Field { name: core::ptr::null(), doc: core::ptr::null() }])
            .collect();
        let mut c_desc = ffi::PyStructSequence_Desc {
            name: desc.name.as_ptr(),
            doc: c_option(desc.doc),
            fields: fields.as_mut_ptr(),
            n_in_sequence: desc.n_in_sequence as c_int,
        };
        // SAFETY: a complete description whose strings outlive the type
        // (static) and whose field array lives until the call returns.
        let class = unsafe { ffi::PyStructSequence_NewType(&mut c_desc) };
        // SAFETY: a new reference to a type, or null with an exception set.
        let class = unsafe { Owned::<PyType>::from_result(class.cast::<ffi::PyObject>()) }?;
        Ok(StructSeqType { class, fields: desc.fields.len() })
    }

    /// The type.
    pub fn class(&self) -> &PyType {
        &self.class
    }

    /// `PyStructSequence_New` filled with `items`, one per field (the
    /// hidden fields after the visible ones).
    #[inline]
    pub fn instantiate<const N: usize>(&self, items: [Owned; N]) -> PyResult<Owned> {
        assert!(N == self.fields, "StructSeqType::instantiate: one item per field");
        // SAFETY: a struct sequence type (made by `new`), GIL held (an
        // `Owned` exists only on a thread that holds it).
        let result = unsafe { ffi::PyStructSequence_New(self.class.as_type_ptr()) };
        // SAFETY: a new instance with `self.fields` null slots, or null with
        // an exception set.
        let instance: Owned = unsafe { Owned::from_result(result) }?;
        // The instance takes over each item's reference.
        let items = ManuallyDrop::new(items);
        for (index, item) in items.iter().enumerate() {
            // SAFETY: a struct sequence is a tuple whose item array has a
            // slot per field (the hidden ones past its visible size), more
            // than `index` (checked above); new and unshared, the slot still
            // null: it takes the reference `items` held, never released
            // there (ManuallyDrop).
            unsafe { ffi::PyTuple_SET_ITEM(instance.as_ptr(), index as ffi::Py_ssize_t, item.as_ptr()) };
        }
        Ok(instance)
    }
}

// SAFETY: visits the type, nothing else.
unsafe impl Traverse for StructSeqType {
    fn traverse(&self, visitor: &mut Visitor<'_>) -> Visit {
        self.class.traverse(visitor)
    }
}
