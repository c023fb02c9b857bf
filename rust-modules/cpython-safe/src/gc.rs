//! The garbage collector's view of Rust values: which Python objects they
//! hold ([`Traverse`]), generated from their fields by [`crate::traverse!`].
//!
//! The collector calls `tp_traverse`/`m_traverse` in the middle of a
//! collection, where no Python code may run and nothing may be raised or
//! allocated.  A traversal written by hand could do any of that (a field is
//! an object, and objects have methods); so a module crate does not write
//! one.  It names the fields that hold objects, and the traversal visits
//! them through the implementations here, which only call the visitor.
//! `Traverse` is an `unsafe` trait, which module crates
//! (`#![forbid(unsafe_code)]`) cannot implement by hand.

use core::cell::{Cell, RefCell};
use core::ffi::{c_int, c_void};
use core::marker::PhantomData;

use crate::buffer::Buffer;
use crate::class::{OwnedInstance, PyClass};
use crate::ffi;
use crate::object::{Owned, PyAny, PyNative};

/// The result of visiting objects for the garbage collector.
pub type Visit = Result<(), VisitStop>;

/// A visit callback asked to stop the traversal (its non-zero result).
pub struct VisitStop(c_int);

impl VisitStop {
    /// The result the traversal returns to the collector.
    pub(crate) fn code(&self) -> c_int {
        self.0
    }
}

/// The garbage collector's visitor (`visitproc` and its argument).
pub struct Visitor<'a> {
    visit: unsafe extern "C" fn(*mut ffi::PyObject, *mut c_void) -> c_int,
    arg: *mut c_void,
    _gc: PhantomData<&'a ()>,
}

impl Visitor<'_> {
    pub(crate) fn new(visit: unsafe extern "C" fn(*mut ffi::PyObject, *mut c_void) -> c_int, arg: *mut c_void) -> Self {
        Visitor { visit, arg, _gc: PhantomData }
    }

    /// `Py_VISIT(obj)`.
    pub fn visit(&mut self, obj: &PyAny) -> Visit {
        // SAFETY: CPython's visitproc with its argument, on a live object.
        match unsafe { (self.visit)(obj.as_ptr(), self.arg) } {
            0 => Ok(()),
            stop => Err(VisitStop(stop)),
        }
    }
}

/// A value whose Python references the collector visits.
///
/// # Safety
/// `traverse` only calls [`Visitor::visit`] (directly or through other
/// `Traverse` implementations): it runs no Python code, raises nothing and
/// makes no object.  Use [`crate::traverse!`].
pub unsafe trait Traverse {
    fn traverse(&self, visitor: &mut Visitor<'_>) -> Visit;
}

// SAFETY: visits the object, nothing else.
unsafe impl<T: PyNative> Traverse for Owned<T> {
    #[inline]
    fn traverse(&self, visitor: &mut Visitor<'_>) -> Visit {
        visitor.visit(self.as_any())
    }
}

// SAFETY: visits the instance, nothing else.
unsafe impl<T: PyClass> Traverse for OwnedInstance<T> {
    #[inline]
    fn traverse(&self, visitor: &mut Visitor<'_>) -> Visit {
        visitor.visit(self)
    }
}

// SAFETY: visits the exporter the view keeps alive, nothing else.
unsafe impl Traverse for Buffer {
    fn traverse(&self, visitor: &mut Visitor<'_>) -> Visit {
        self.exporter().map_or(Ok(()), |exporter| visitor.visit(exporter))
    }
}

// SAFETY: forwards to the contents' Traverse.
unsafe impl<T: Traverse> Traverse for Option<T> {
    #[inline]
    fn traverse(&self, visitor: &mut Visitor<'_>) -> Visit {
        self.as_ref().map_or(Ok(()), |value| value.traverse(visitor))
    }
}

// SAFETY: forwards to each element's Traverse.
unsafe impl<T: Traverse, const N: usize> Traverse for [T; N] {
    #[inline]
    fn traverse(&self, visitor: &mut Visitor<'_>) -> Visit {
        self.iter().try_for_each(|value| value.traverse(visitor))
    }
}

// SAFETY: forwards to the contents' Traverse.
unsafe impl<T: Traverse> Traverse for std::rc::Rc<T> {
    #[inline]
    fn traverse(&self, visitor: &mut Visitor<'_>) -> Visit {
        (**self).traverse(visitor)
    }
}

// SAFETY: forwards to the contents' Traverse.  Contents borrowed mutably
// (a method of the value is running; the collector ran from inside it) are
// not visited: fewer visits only keep objects alive.
unsafe impl<T: Traverse> Traverse for RefCell<T> {
    fn traverse(&self, visitor: &mut Visitor<'_>) -> Visit {
        self.try_borrow().map_or(Ok(()), |value| value.traverse(visitor))
    }
}

// SAFETY: takes the contents out (leaving the default: no object, so
// nothing runs on its drop), forwards to their Traverse and puts them back.
unsafe impl<T: Traverse + Default> Traverse for Cell<T> {
    fn traverse(&self, visitor: &mut Visitor<'_>) -> Visit {
        let value = self.take();
        let visited = value.traverse(visitor);
        self.set(value);
        visited
    }
}

/// Implements [`Traverse`] for a struct from the fields that hold Python
/// objects, or for a value that holds none:
///
/// ```no_run
/// use core::cell::Cell;
/// use cpython_safe::object::{Owned, PyType};
///
/// struct State {
///     error: Owned<PyType>,
///     cache: Cell<Option<Owned>>,
///     hits: Cell<u64>,
/// }
/// cpython_safe::traverse!(State: error, cache);
///
/// struct Random {
///     state: [u32; 624],
/// }
/// cpython_safe::traverse!(Random);
/// # fn main() {}
/// ```
///  The fields' types must implement `Traverse`
/// (`Owned`, `OwnedInstance`, `Buffer`, and `Option`, `Rc`, `Cell`,
/// `RefCell` of those, or a struct with its own `traverse!`).
#[macro_export]
macro_rules! traverse {
    // A generic type: `traverse!(impl<H: Bound> Holder<H>: field)`.
    (impl<$($param:ident: $bound:path),+> $type:ty $(: $($field:ident),+ $(,)?)?) => {
        // SAFETY: visits the named fields (of the struct itself, not
        // through a Deref) through their own Traverse implementations only.
        unsafe impl<$($param: $bound),+> $crate::gc::Traverse for $type {
            #[allow(unused_variables)]
            fn traverse(&self, visitor: &mut $crate::gc::Visitor<'_>) -> $crate::gc::Visit {
                $(
                    let Self { $($field,)+ .. } = self;
                    $($crate::gc::Traverse::traverse($field, visitor)?;)+
                )?
                Ok(())
            }
        }
    };
    ($type:ty $(: $($field:ident),+ $(,)?)?) => {
        // SAFETY: visits the named fields (of the struct itself, not
        // through a Deref) through their own Traverse implementations only.
        unsafe impl $crate::gc::Traverse for $type {
            #[allow(unused_variables)]
            fn traverse(&self, visitor: &mut $crate::gc::Visitor<'_>) -> $crate::gc::Visit {
                $(
                    let Self { $($field,)+ .. } = self;
                    $($crate::gc::Traverse::traverse($field, visitor)?;)+
                )?
                Ok(())
            }
        }
    };
}

/// The collector paused for a while (`PyGC_Disable`), as C pauses it
/// around a fork whose child runs Python code: enabled again when dropped
/// if it was enabled before.
pub struct Paused<'py> {
    was_enabled: bool,
    _py: crate::boundary::Python<'py>,
}

/// Disables the collector until the guard is dropped.
pub fn pause(py: crate::boundary::Python<'_>) -> Paused<'_> {
    // SAFETY: GIL held (the token).
    let was_enabled = unsafe { ffi::PyGC_Disable() } != 0;
    Paused { was_enabled, _py: py }
}

impl Drop for Paused<'_> {
    fn drop(&mut self) {
        if self.was_enabled {
            // SAFETY: GIL held (the token the guard carries).
            unsafe { ffi::PyGC_Enable() };
        }
    }
}
