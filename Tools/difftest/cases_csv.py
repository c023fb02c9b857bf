"""Differential cases for _csv: (label, function, args, kwargs)."""

import gc
import io
import itertools
import sys

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

    def __repr__(self):
        return "BadStr()"


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


# Re-entrancy: callbacks that act on what is being worked on.

def describe(objects):
    """gc.get_referents' answer without addresses: lists as they are,
    other objects by type (and strs by value)."""
    return [list(o) if isinstance(o, list) else o if isinstance(o, str) else type(o).__name__ for o in objects]


def referents(kind):
    if kind == "reader":
        return describe(gc.get_referents(C.reader(["a"])))
    if kind == "reader after next":
        r = C.reader(["a,b", "c"])
        next(r)
        return describe(gc.get_referents(r))
    if kind == "reader exhausted":
        r = C.reader([])
        list(r)
        return describe(gc.get_referents(r))
    if kind == "reader after error":
        r = C.reader(["a", 1])
        next(r)
        try:
            next(r)
        except C.Error:
            pass
        return describe(gc.get_referents(r))
    if kind == "reader during":
        seen = []

        def lines():
            yield 'a,"b\n'
            seen.append(describe(gc.get_referents(r)))
            yield 'c",d\n'
            seen.append(describe(gc.get_referents(r)))

        r = C.reader(lines())
        return list(r), seen
    if kind == "writer":
        return describe(gc.get_referents(C.writer(io.StringIO())))
    if kind == "dialect":
        return describe(gc.get_referents(C.Dialect()))
    if kind == "dialect wide":
        d = C.Dialect(delimiter="€", quotechar="😀", escapechar="é", lineterminator="¶\n")
        return describe(gc.get_referents(d)), d.delimiter is d.delimiter, d.quoting is d.quoting
    raise ValueError(kind)


def sizes():
    objects = [C.reader([]), C.writer(io.StringIO()), C.Dialect()]
    return [(type(o).__basicsize__, type(o).__itemsize__, sys.getsizeof(o)) for o in objects]


class Reenter:
    """An input iterator over `lines`: "NEXT" calls next() on the reader
    first (recording its outcome), then yields the following line."""

    def __init__(self, lines):
        self.lines = iter(lines)
        self.reader = None
        self.inner = []

    def __iter__(self):
        return self

    def __next__(self):
        line = next(self.lines)
        if isinstance(line, str) and line == "NEXT":
            try:
                self.inner.append(next(self.reader))
            except Exception as exc:  # part of the outcome
                self.inner.append((type(exc).__name__, str(exc)))
            line = next(self.lines)
        if isinstance(line, Exception):
            raise line
        return line


def read_reentrant(lines, **kwargs):
    source = Reenter(lines)
    r = C.reader(source, **kwargs)
    source.reader = r
    rows = []
    for _ in range(10):
        try:
            rows.append((next(r), r.line_num))
        except StopIteration:
            rows.append("stop")
        except Exception as exc:  # part of the outcome; the reader goes on
            rows.append((type(exc).__name__, str(exc), r.line_num))
    return rows, source.inner


def read_generator_reentrant():
    """A generator calling next() on the reader it feeds: already executing."""
    def lines():
        yield "a,b\n"
        try:
            inner = next(r)
        except Exception as exc:  # part of the outcome
            inner = (type(exc).__name__, str(exc))
        yield f"{inner}\n"
        yield "c\n"

    r = C.reader(lines())
    return list(r)


class StrSub(str):
    pass


class LoudStr(str):
    """A line that records the reader's record when it goes."""

    log = []
    reader = None

    def __del__(self):
        LoudStr.log.append(describe(gc.get_referents(LoudStr.reader)))


def read_loud_lines():
    LoudStr.log = []

    def lines():
        yield LoudStr('a,"b')
        yield LoudStr('c",d')
        yield LoudStr("e")

    r = C.reader(lines())
    LoudStr.reader = r
    rows = list(r)
    LoudStr.reader = None
    return rows, LoudStr.log


class Field:
    """A field whose __str__ runs `action(self)` first."""

    def __init__(self, action, text="F"):
        self.action = action
        self.text = text

    def __str__(self):
        self.action()
        return self.text


class NotStr:
    def __str__(self):
        return 5


def write_with(make_rows, **kwargs):
    """Writes the rows `make_rows(writer, row_list_holder)` gives, row by row."""
    out = io.StringIO()
    w = C.writer(out, **kwargs)
    log = []
    results = []
    try:
        for row in make_rows(w, log):
            results.append(w.writerow(row))
    except Exception as exc:  # part of the outcome
        results.append((type(exc).__name__, str(exc)))
    return out.getvalue(), results, log


def nested_writerow(inner, outer_before, outer_after, **kwargs):
    def rows(w, log):
        def action():
            try:
                log.append(w.writerow(inner))
            except Exception as exc:  # part of the outcome
                log.append((type(exc).__name__, str(exc)))
        return [outer_before + [Field(action)] + outer_after, ["next", "row"]]
    return write_with(rows, **kwargs)


def mutating_row(mutation):
    """The row's second field mutates the row (the first time it is str'd)."""
    def rows(w, log):
        row = ["a", "b", "c", "d"]
        calls = []

        def action():
            calls.append(1)
            if len(calls) == 1:
                mutation(row)
        row.insert(1, Field(action))
        return [row]
    return write_with(rows)


def dialect_poke(w, log):
    for name, value in (("delimiter", ";"), ("quoting", 1), ("lineterminator", "\n"), ("strict", True)):
        try:
            setattr(w.dialect, name, value)
        except Exception as exc:  # part of the outcome
            log.append((type(exc).__name__, str(exc)))
    log.append([getattr(w.dialect, name) for name in ("delimiter", "quoting", "lineterminator", "extra")
                if hasattr(w.dialect, name)])


class DialectSub(C.Dialect):
    pass


def mutate_dialect(subclass):
    def rows(w, log):
        return [["a,b", Field(lambda: dialect_poke(w, log)), "c;d", "e\nf"], ["g,h", "i;j"]]
    out = io.StringIO()
    dialect = DialectSub() if subclass else None
    w = C.writer(out, dialect) if subclass else C.writer(out)
    log = []
    for row in rows(w, log):
        w.writerow(row)
    return out.getvalue(), log


def reader_dialect_poke():
    d = DialectSub(delimiter=";")
    log = []

    def lines():
        yield "a;b,c\n"
        d.delimiter2 = ","
        try:
            d.delimiter = ","
        except Exception as exc:  # part of the outcome
            log.append((type(exc).__name__, str(exc)))
        yield "d;e,f\n"

    r = C.reader(lines(), d)
    return list(r), log, r.dialect is d


class MutatingRowIter:
    """A row whose iterator writes a row on the same writer mid-way."""

    def __init__(self, writer, fields, at, inner):
        self.writer, self.fields, self.at, self.inner = writer, fields, at, inner

    def __iter__(self):
        for index, field in enumerate(self.fields):
            if index == self.at:
                self.writer.writerow(self.inner)
            yield field


def row_iter_writes(at, inner):
    def rows(w, log):
        return [MutatingRowIter(w, ["a", "b", "c"], at, inner)]
    return write_with(rows)


def writerows_generator(nested):
    out = io.StringIO()
    w = C.writer(out)

    def rows():
        for i in range(3):
            for row in nested(i):
                w.writerow(row)
            yield [i, f"row{i}"]

    result = w.writerows(rows())
    return result, out.getvalue()


def writerows_generator_raises():
    out = io.StringIO()
    w = C.writer(out)

    def rows():
        yield ["a"]
        w.writerow(["inner"])
        raise KeyError("stop")

    try:
        w.writerows(rows())
    except KeyError as exc:
        return out.getvalue(), repr(exc)


def write_reenters():
    """write() itself writes a row (once) on the same writer."""
    lines = []

    class Out:
        depth = 0

        def write(self, line):
            lines.append(line)
            if self.depth == 0:
                self.depth += 1
                w.writerow(["from", "write"])
                self.depth -= 1
            return len(line)

    w = C.writer(Out())
    return w.writerow(["a", Field(lambda: None)]), lines


def write_raises():
    class Out:
        def write(self, line):
            raise OSError("disk full")

    w = C.writer(Out())
    try:
        w.writerow(["a"])
    except OSError as exc:
        return repr(exc)


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
    # Re-entrancy and what the garbage collector sees.
    for kind in ("reader", "reader after next", "reader exhausted", "reader after error", "reader during",
                 "writer", "dialect", "dialect wide"):
        yield f"referents {kind}", referents, (kind,), {}
    yield "sizes", sizes, (), {}
    reentrant_inputs = [
        ["NEXT", "x,y\n", "\n", "c,d\n"],
        ["NEXT", "x,y\n", "", "c,d\n"],
        ['a,"b\n', "NEXT", "x,y\n", "", "c,d\n"],
        ['a,"b\n', "NEXT", 5, "c,d\n", "e\n"],
        ['a,"b\n', "NEXT", '"x\n', 5, 'y",z\n', "e\n"],
        ["a\n", "NEXT"],
        ["a,b\n", "NEXT", '"x\n', 5, "\n", "q\n"],
        ['"a\n', "NEXT", ValueError("boom"), "b\"\n", "c\n"],
        ["a,b\n", ValueError("boom"), "c\n", RuntimeError("again"), '"d\n', "e\"\n"],
        ["a,b\n", b"c,d\n", "e\n", None, 1.5, StrSub("f,g\n"), "h\n"],
        ['"a\n', b"c,d\n", 'b"\n', '"x\n', None],
        ['"a\n', "b\n"],
    ]
    for lines in reentrant_inputs:
        yield f"read reentrant {lines!r}", read_reentrant, (lines,), {}
        yield f"read reentrant strict {lines!r}", read_reentrant, (lines,), {"strict": True}
    yield "read generator reentrant", read_generator_reentrant, (), {}
    yield "read str subclass lines", read_loud_lines, (), {}
    yield "reader dialect poke", reader_dialect_poke, (), {}
    for inner, before, after in [
        (["x", "y"], ["a"], ["b"]),
        (["x", "y"], [], []),
        ([], ["a"], []),
        ([""], ["a"], []),
        ([""], [], [""]),
        ([None], [], []),
        (["é€"], ["a"], ["😀"]),
        (["x" * 5000], ["a"], ["b"]),
        ([BadStr()], ["a"], ["b"]),
        (5, ["a"], ["b"]),
    ]:
        label = f"nested writerow {inner!r:.20} {before} {after}"
        yield label, nested_writerow, (inner, before, after), {}
        yield f"{label} QUOTE_ALL", nested_writerow, (inner, before, after), {"quoting": C.QUOTE_ALL}
        yield f"{label} QUOTE_NONE", nested_writerow, (inner, before, after), \
            {"quoting": C.QUOTE_NONE, "escapechar": "\\"}
    mutations = {
        "append": lambda row: row.append("z"),
        "clear": lambda row: row.clear(),
        "insert front": lambda row: row.insert(0, "front"),
        "delete next": lambda row: row.__delitem__(2),
        "replace rest": lambda row: row.__setitem__(slice(2, None), ["p", None, 3, Field(lambda: None, "q")]),
        "extend self": lambda row: row.extend(row[:3]),
        "raise": lambda row: (_ for _ in ()).throw(ValueError("mutator")),
    }
    for name, mutation in mutations.items():
        yield f"row mutated by __str__ {name}", mutating_row, (mutation,), {}
    yield "dialect poked by __str__", mutate_dialect, (False,), {}
    yield "dialect subclass poked by __str__", mutate_dialect, (True,), {}
    for at in range(4):
        yield f"row iterator writes at {at}", row_iter_writes, (at, ["in", "ner"]), {}
        yield f"row iterator writes empty at {at}", row_iter_writes, (at, []), {}
    yield "writerows generator writes", writerows_generator, (lambda i: [[f"inner{i}"]] * i,), {}
    yield "writerows generator writes wide", writerows_generator, (lambda i: [["€" * i, None]],), {}
    yield "writerows generator raises", writerows_generator_raises, (), {}
    yield "write reenters", write_reenters, (), {}
    yield "write raises", write_raises, (), {}
    yield "write __str__ returns non-str", write, ([["a", NotStr()]],), {}
    yield "write __str__ raises mid-row", write, ([["a", "b"], ["c", BadStr(), "d"], ["e"]],), {}
