//! Python objects: borrowed (`&PyAny` and typed views) and owned
//! ([`Owned`]) references, the concrete types C modules work with, and the
//! object, number, sequence, comparison and iteration protocols.

mod any;
pub mod binary;
pub mod c_string;
mod call;
mod compare;
mod complex;
mod dict;
mod double;
mod fsencoding;
mod index;
pub(crate) mod int;
mod iter;
mod list;
mod list_build;
pub mod number;
mod ops;
pub(crate) mod protocol;
mod sequence;
mod str;

pub(crate) use any::native_type;
pub use any::{Owned, PyAny, PyBytes, PyFloat, PyInt, PyModuleObject, PyNative, PyStr, PyTuple, PyType};
pub use compare::{FastLt, ItemLt, LessThan, Release, RichLt};
pub use complex::{Complex, PyComplex};
pub use dict::{DictItems, PyDict};
pub use int::LongLong;
pub use iter::PyIterator;
pub use list::PyList;
pub use protocol::{import_attr, push_double_repr, StopIteration};
pub use sequence::SequenceItems;
pub use str::{StrData, Ucs1Writer};
