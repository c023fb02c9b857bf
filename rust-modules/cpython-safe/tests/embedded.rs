//! The layer's own tests, on an interpreter embedded in the test process
//! (feature `embed`): what module crates rely on, checked without building
//! CPython with the modules.

#![cfg(feature = "embed")]

use cpython_safe::buffer::export::PyMemBytes;
use cpython_safe::testing::with_python;
use cpython_safe::exc;
use cpython_safe::alloc::{recycle_bytes, spare_bytes, TryGrow};
use cpython_safe::boundary::{allow_threads, PyResult, RecursionGuard};
use cpython_safe::buffer::with_bytes;
use cpython_safe::object::{import_attr, PyBytes, PyFloat, PyInt, PyStr, PyTuple};

#[test]
fn objects_round_trip() {
    with_python(|py| {
        let text = PyStr::new(py, "héllo").unwrap();
        assert_eq!(text.len(), 5);
        assert_eq!(text.char_at(1).unwrap(), 'é' as u32);
        assert!(text.as_ascii().is_none());
        let number = PyInt::from_i64(py, -7).unwrap();
        assert_eq!(number.repr().unwrap().as_ascii().unwrap(), b"-7");
        assert_eq!(PyFloat::new(py, 0.5).unwrap().value(), 0.5);
        assert!(py.none().is_none());
        assert!(py.bool(true).is_true().unwrap());
    })
}

#[test]
fn an_error_is_the_exception_set() {
    with_python(|py| {
        let error = exc::value_error(py, "bad value");
        assert!(error.matches(exc::ValueError(py)));
        assert!(!error.matches(exc::TypeError(py)));
        error.clear();
    })
}

#[test]
fn impossible_growth_is_memory_error() {
    with_python(|py| {
        let mut bytes: Vec<u8> = Vec::new();
        let error = bytes.try_grow(py, usize::MAX).unwrap_err();
        assert!(error.matches(exc::MemoryError(py)));
        error.clear();
        let error = PyMemBytes::try_repeat(py, b"ab", usize::MAX / 2 + 1).err().unwrap();
        assert!(error.matches(exc::MemoryError(py)));
        error.clear();
    })
}

#[test]
fn a_tuple_with_a_lying_length_is_refused() {
    /// Claims one item more than it yields.
    struct Short<I>(I, usize);
    impl<I: Iterator> Iterator for Short<I> {
        type Item = I::Item;
        fn next(&mut self) -> Option<I::Item> {
            self.0.next()
        }
    }
    impl<I: Iterator> ExactSizeIterator for Short<I> {
        fn len(&self) -> usize {
            self.1
        }
    }
    with_python(|py| {
        let items = || (0..2).map(|i| PyInt::from_i64(py, i).map(|i| i.into_any()));
        let tuple = PyTuple::from_items(py, Short(items(), 2)).unwrap();
        assert_eq!(tuple.len(), 2);
        let lying = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = PyTuple::from_items(py, Short(items(), 3));
        }));
        assert!(lying.is_err(), "a short iterator must not leave a tuple with a null item");
    })
}

#[test]
fn deep_recursion_stops_before_the_stack_ends() {
    fn nest(py: cpython_safe::boundary::Python<'_>, depth: usize) -> PyResult<usize> {
        let _guard = RecursionGuard::enter(py, c" in a test")?;
        // A frame of some size, as a parser's.
        let frame = std::hint::black_box([depth as u8; 512]);
        Ok(nest(py, depth + 1)?.max(usize::from(frame[0])))
    }
    // A small stack: the interpreter's recursion limit is far away, the
    // stack check must stop the recursion first.
    let reached = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(|| {
            with_python(|py| {
                let error = nest(py, 0).unwrap_err();
                let stopped = error.matches(exc::RecursionError(py));
                error.clear();
                stopped
            })
        })
        .unwrap()
        .join()
        .unwrap();
    assert!(reached);
}

#[test]
fn work_without_the_gil_gets_plain_data() {
    with_python(|py| {
        let data = vec![1u8; 1 << 16];
        let sum: u32 = allow_threads(py, || data.iter().map(|&b| u32::from(b)).sum());
        assert_eq!(sum, 1 << 16);
        // The GIL is back: objects can be made again.
        assert_eq!(PyStr::new(py, "x").unwrap().len(), 1);
    })
}

#[test]
fn buffers_are_read_whole_or_copied() {
    with_python(|py| {
        let data = PyBytes::new(py, b"0123456789").unwrap();
        // Immutable bytes: read in place, also with the GIL released.
        let sum = with_bytes(&data, |held| {
            Ok(held.read_releasing_gil(py, 0, |bytes| bytes.iter().map(|&b| u32::from(b - b'0')).sum::<u32>()))
        });
        assert_eq!(sum.unwrap(), 45);
        // A bytearray: a range copied out, equal to the exporter's bytes.
        let bytearray = import_attr(py, c"builtins", c"bytearray").unwrap();
        let mutable = bytearray.call1(&data).unwrap();
        let copied = with_bytes(&mutable, |held| Ok(held.read(|bytes| bytes[2..5].to_vec())));
        assert_eq!(copied.unwrap(), b"234");
    })
}

#[test]
fn the_spare_buffer_is_reused() {
    let mut buffer = spare_bytes();
    buffer.extend_from_slice(&[1; 100]);
    let capacity = buffer.capacity();
    recycle_bytes(buffer);
    let again = spare_bytes();
    assert!(again.is_empty());
    assert_eq!(again.capacity(), capacity);
    // Too large to keep: the next one starts afresh.
    recycle_bytes(vec![0u8; 1 << 20]);
    assert_eq!(spare_bytes().capacity(), 0);
}

static POINT: cpython_safe::class::structseq::Desc = cpython_safe::class::structseq::Desc {
    name: c"m.point",
    doc: Some(c"A point."),
    fields: &[
        cpython_safe::class::structseq::Field { name: c"x", doc: Some(c"abscissa") },
        cpython_safe::class::structseq::Field { name: c"y", doc: None },
        cpython_safe::class::structseq::Field { name: c"tag", doc: None },
    ],
    n_in_sequence: 2,
};

#[test]
fn struct_sequences_are_cpythons() {
    with_python(|py| {
        let point = cpython_safe::class::structseq::StructSeqType::new(py, &POINT).unwrap();
        let x = PyInt::from_i64(py, 1).unwrap().into_any();
        let y = PyInt::from_i64(py, 2).unwrap().into_any();
        let tag = PyStr::new(py, "t").unwrap().into_any();
        let instance = point.instantiate([x, y, tag]).unwrap();
        assert_eq!(instance.repr().unwrap().as_ascii().unwrap(), b"m.point(x=1, y=2)");
        assert_eq!(instance.len().unwrap(), 2, "the hidden field is an attribute only");
        let doc = point.class().getattr(c"__doc__").unwrap();
        assert_eq!(doc.downcast::<PyStr>().unwrap().as_ascii().unwrap(), b"A point.");
    })
}
