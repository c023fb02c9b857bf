//! Calls from Python into Rust: the arguments of a call ([`Args`]) and
//! their conversions, as Argument Clinic's converters make them.

mod args;
pub(crate) mod callargs;

pub use args::{check_tuple_count, ArgRef, Args, BitwiseU32, FromArg};
pub use callargs::{arg_buffer, ArgBuffer};
