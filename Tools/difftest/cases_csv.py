"""Differential cases for _csv: (label, function, args, kwargs)."""

import io
import itertools

import _csv as C


def read(lines, *args, **kwargs):
    """The records, or the records so far and the error, with line numbers."""
    r = C.reader(lines, *args, **kwargs)
    rows = []
    try:
        for row in r:
            rows.append((row, r.line_num))
    except Exception as exc:  # part of the outcome: what was read before
        return rows, type(exc).__name__, str(exc), r.line_num
    return rows


def read_text(text, *args, **kwargs):
    return read(io.StringIO(text, newline=""), *args, **kwargs)


def write(rows, *args, **kwargs):
    out = io.StringIO()
    w = C.writer(out, *args, **kwargs)
    results = []
    try:
        for row in rows:
            results.append(w.writerow(row))
    except Exception as exc:  # part of the outcome: what was written before
        return out.getvalue(), results, type(exc).__name__, str(exc)
    return out.getvalue(), results


def writerows(rows, *args, **kwargs):
    out = io.StringIO()
    w = C.writer(out, *args, **kwargs)
    return w.writerows(rows), out.getvalue()


def roundtrip(rows, **kwargs):
    out = io.StringIO()
    C.writer(out, **kwargs).writerows(rows)
    return out.getvalue(), read_text(out.getvalue(), **kwargs)


def dialect_attrs(*args, **kwargs):
    d = C.Dialect(*args, **kwargs)
    return [(name, getattr(d, name)) for name in
            ("delimiter", "doublequote", "escapechar", "lineterminator", "quotechar", "quoting",
             "skipinitialspace", "strict")]


def registry(ops):
    results = []
    for op, *args in ops:
        try:
            value = getattr(C, op)(*args)
            if isinstance(value, C.Dialect):
                value = (value.delimiter, value.quotechar, value.quoting)
            elif isinstance(value, list):
                value = sorted(value)
            results.append(value)
        except Exception as exc:  # part of the outcome
            results.append((type(exc).__name__, str(exc)))
    return results


def field_limit(values, text):
    old = C.field_size_limit()
    try:
        results = []
        for value in values:
            try:
                results.append(C.field_size_limit(value))
            except Exception as exc:  # part of the outcome
                results.append((type(exc).__name__, str(exc)))
        results.append(read_text(text))
        return results
    finally:
        C.field_size_limit(old)


class Custom:
    def __str__(self):
        return 'cu,st"om'


class BadStr:
    def __str__(self):
        raise ZeroDivisionError("no str")


class Num:
    def __float__(self):
        return 1.5

    def __str__(self):
        return "Num"


class BadIter:
    def __iter__(self):
        return self

    def __next__(self):
        raise RuntimeError("broken iterator")


class BadBool:
    def __bool__(self):
        raise ZeroDivisionError("no truth")

    def __repr__(self):
        return "BadBool()"


class DialectLike:
    delimiter = ";"
    quotechar = "'"
    escapechar = "\\"
    doublequote = False
    skipinitialspace = True
    lineterminator = "\n"
    quoting = C.QUOTE_ALL
    strict = True


class RaisingAttrs:
    @property
    def delimiter(self):
        raise ValueError("hidden")


TRICKY_TEXTS = [
    "", "\n", "\r\n", "\r", "a", "a,b,c\r\n", "a,b\nc,d\n", "a,b\rc,d\r", "a,b\r\nc,d\r\n",
    '"a,b",c\n', '"a""b",c\n', '"a"b,c\n', '"a\nb",c\n', '"a\r\nb",c\r\n', '"a\rb"\n', '"abc\n',
    '"abc', 'a"b"c,d\n', ' "a", "b"\n', ' a, b ,c\n', "a\\,b,c\n", "a\\\nb\n", "a\\\r\nb\n",
    "a\\", "\\", '"a\\"b",c\n', '"a\\', "a,\n", ",\n", ",,\n", "a,\"\"\n", '""\n', '"",""\n',
    "a\0b,c\n", "\0", "1,2.5,-3,abc,,\n", " 1, 2 ,\n", "x\ny", "a\rb", "a\r\rb\n", "a\n\nb\n",
    '"a"\r\n\r\nb\r\n', "é,ü\n", "€,$\n", "😀,x\n", '"é\n😀",€\n', "a;b;c\n", "a\tb\tc\n",
    "a b  c\n", "'a,b',c\n", "'a''b'\n",
]

READ_OPTIONS = [
    {},
    {"quoting": C.QUOTE_NONE},
    {"quoting": C.QUOTE_NONE, "escapechar": "\\"},
    {"escapechar": "\\"},
    {"doublequote": False, "escapechar": "\\"},
    {"doublequote": False},
    {"strict": True},
    {"strict": True, "escapechar": "\\"},
    {"skipinitialspace": True},
    {"skipinitialspace": True, "quotechar": "'"},
    {"delimiter": ";"},
    {"delimiter": "\t"},
    {"delimiter": " ", "skipinitialspace": True},
    {"quotechar": "'"},
    {"quotechar": None},
    {"quoting": C.QUOTE_NONNUMERIC},
    {"quoting": C.QUOTE_STRINGS},
    {"quoting": C.QUOTE_NOTNULL},
    {"quoting": C.QUOTE_ALL},
    {"delimiter": "€", "quotechar": "😀"},
]

WRITE_ROWS = [
    [], [""], [None], ["a"], ["a", "b"], ["", ""], [None, None], ["", None], [1, 2.5, -3, 1e100, float("nan")],
    ['a"b', "c,d", "e\nf", "g\rh", "i\\j", "k'l", "m;n", " o ", "p\tq"], [True, False, None, 0],
    [Custom(), Num()], ["é", "€", "😀", "x"], ["", "a", None, 1.0], ["a\r\nb"], ["\\"], ['"'],
    [" "], ["a b"], "abc", ("x", "y"), range(3), {"k": 1}, [b"bytes", bytearray(b"ba")], [12345678901234567890],
]

WRITE_OPTIONS = [
    {},
    {"quoting": C.QUOTE_ALL},
    {"quoting": C.QUOTE_NONNUMERIC},
    {"quoting": C.QUOTE_NONE},
    {"quoting": C.QUOTE_NONE, "escapechar": "\\"},
    {"quoting": C.QUOTE_STRINGS},
    {"quoting": C.QUOTE_NOTNULL},
    {"escapechar": "\\"},
    {"doublequote": False},
    {"doublequote": False, "escapechar": "\\"},
    {"lineterminator": "\n"},
    {"lineterminator": "!"},
    {"lineterminator": "ab"},
    {"lineterminator": "€"},
    {"lineterminator": ""},
    {"delimiter": " ", "skipinitialspace": True},
    {"delimiter": " ", "skipinitialspace": True, "quoting": C.QUOTE_STRINGS},
    {"delimiter": " ", "skipinitialspace": True, "quoting": C.QUOTE_NOTNULL},
    {"delimiter": " ", "skipinitialspace": True, "quoting": C.QUOTE_NONE, "escapechar": "\\"},
    {"delimiter": "€", "quotechar": "😀", "escapechar": "é"},
    {"quotechar": None, "escapechar": "\\"},
    {"quotechar": "'", "quoting": C.QUOTE_ALL},
    {"delimiter": "\t", "quoting": C.QUOTE_MINIMAL},
]

BAD_DIALECTS = [
    {"delimiter": ""}, {"delimiter": "ab"}, {"delimiter": None}, {"delimiter": 1}, {"delimiter": b","},
    {"delimiter": "\n"}, {"delimiter": "\r"}, {"delimiter": " "}, {"delimiter": "!", "lineterminator": "!"},
    {"quotechar": ""}, {"quotechar": "ab"}, {"quotechar": 1}, {"quotechar": None, "quoting": C.QUOTE_ALL},
    {"quotechar": None}, {"quotechar": None, "quoting": C.QUOTE_MINIMAL}, {"quotechar": "\n"},
    {"quotechar": " "}, {"quotechar": " ", "skipinitialspace": True}, {"quotechar": ","},
    {"escapechar": ""}, {"escapechar": "ab"}, {"escapechar": 1}, {"escapechar": ","}, {"escapechar": '"'},
    {"escapechar": "\r"}, {"escapechar": " "}, {"escapechar": " ", "skipinitialspace": True},
    {"escapechar": "x", "lineterminator": "xy"}, {"lineterminator": None}, {"lineterminator": 1},
    {"lineterminator": ""}, {"quoting": -1}, {"quoting": 6}, {"quoting": 1.0}, {"quoting": True},
    {"quoting": "1"}, {"quoting": 2**40}, {"quoting": None}, {"doublequote": BadBool()},
    {"strict": []}, {"skipinitialspace": 0.0}, {"delimiter": "\0"}, {"nosuch": 1},
]


def cases(rng):
    for text, options in itertools.product(TRICKY_TEXTS, READ_OPTIONS):
        yield f"read {text!r} {options}", read_text, (text,), options
    for i in range(200):
        alphabet = ',"\\\r\n\' ab\0é€😀;'
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
        options = rng.choice(READ_OPTIONS)
        yield f"read random {i}", read_text, (text,), options
    yield "read lines list", read, (["a,b", "c,d\n", '"x', 'y"'],), {}
    yield "read bytes", read, ([b"a,b\n"],), {}
    yield "read int lines", read, ([1],), {}
    yield "read not iterable", read, (1,), {}
    yield "read broken iterator", read, (BadIter(),), {}
    yield "read dialect name", read, (["a|b\n"], "nosuch"), {}
    yield "read dialect object", read, (["a;'b;c'\n"], DialectLike()), {}
    yield "read dialect override", read, (["a;b,c\n"], DialectLike()), {"delimiter": ","}
    yield "read too many args", read, (["a"], "excel", 1), {}
    yield "read no args", read, (), {}
    for i, (rows, options) in enumerate(itertools.product(WRITE_ROWS, WRITE_OPTIONS)):
        yield f"write {i} {options}", write, ([rows],), options
    yield "write not iterable row", write, ([1],), {}
    yield "write broken row", write, ([BadIter()],), {}
    yield "write bad str", write, ([[BadStr()]],), {}
    yield "writerows", writerows, ([["a", 1], ["b", None]],), {}
    yield "writerows not iterable", writerows, (5,), {}
    yield "write no write", C.writer, (object(),), {}
    yield "write uncallable write", C.writer, (type("W", (), {"write": 1})(),), {}
    for rows in (["a", "b"], ['a"b', "c\nd", "", None], ["\\", "x\r"], [1.5, "1.5"]):
        for options in WRITE_OPTIONS:
            yield f"roundtrip {rows} {options}", roundtrip, ([rows],), options
    for options in BAD_DIALECTS:
        yield f"dialect {options}", dialect_attrs, (), options
    yield "dialect from object", dialect_attrs, (DialectLike(),), {}
    yield "dialect from raising object", dialect_attrs, (RaisingAttrs(),), {}
    yield "dialect too many", dialect_attrs, tuple(range(10)), {}
    yield "dialect positional", dialect_attrs, ("excel", ";"), {}
    yield "dialect reuse", lambda: (lambda d: C.Dialect(d) is d)(C.Dialect()), (), {}
    yield "dialect reduce", lambda: C.Dialect().__reduce__(), (), {}
    yield "dialect reduce_ex", lambda: C.Dialect().__reduce_ex__(2), (), {}
    yield "registry", registry, ([
        ("register_dialect", "d1", DialectLike()), ("get_dialect", "d1"), ("list_dialects",),
        ("register_dialect", 1), ("register_dialect", "d2", None), ("register_dialect",),
        ("register_dialect", "d3", "d1"), ("get_dialect", "d3"), ("unregister_dialect", "d1"),
        ("unregister_dialect", "d1"), ("get_dialect", "d1"), ("get_dialect", []), ("unregister_dialect", []),
        ("unregister_dialect", "d3"), ("unregister_dialect", "d2"), ("list_dialects",),
    ],), {}
    long_field = "x" * 20
    yield "field limit", field_limit, ([10], long_field + "\n"), {}
    yield "field limit quoted", field_limit, ([10], '"' + long_field + '"\n'), {}
    yield "field limit exact", field_limit, ([20], long_field + "," + long_field[:-1] + "x\n"), {}
    yield "field limit zero", field_limit, ([0], "a\n"), {}
    yield "field limit negative", field_limit, ([-1], "\n,\n"), {}
    yield "field limit bad", field_limit, (["1", 1.0, True, 2**70, None], "a\n"), {}
