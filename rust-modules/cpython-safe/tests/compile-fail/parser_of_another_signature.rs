// expect: E0080 names each keyword once
// A parser unpacks as many arguments as its keywords name, into slots
// counted by the signature: the two must agree, checked when the parser's
// static is built.
use cpython_safe::clinic::{ArgParser, CallKind, KeywordArray, Signature};

static TWO_NAMES_ONE_KEYWORD: Signature = Signature {
    name: c"f",
    doc: c"",
    kind: CallKind::Keywords {
        names: &["a", "b"],
        keywords: &KeywordArray::new(&[c"a"]),
        minpos: 0,
        maxpos: 2,
        minkw: 0,
    },
};

pub static PARSER: ArgParser = ArgParser::new(&TWO_NAMES_ONE_KEYWORD);
