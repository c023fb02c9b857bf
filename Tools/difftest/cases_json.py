"""Differential cases for _json: (label, function, args, kwargs)."""

import json
import sys
from collections import OrderedDict
from decimal import Decimal

import _json as J

from ordering import BadBool


def loads(text, **kwargs):
    return json.loads(text, **kwargs)


def loads_typed(text, **kwargs):
    """The value with the types of its parts (bool vs int, str subclass...)."""
    value = json.loads(text, **kwargs)
    return value, type(value).__name__


def dumps(obj, **kwargs):
    return json.dumps(obj, **kwargs)


def scan(text, idx, **context):
    """make_scanner(context)(text, idx) with a JSONDecoder's settings."""
    decoder = json.JSONDecoder(**context)
    return J.make_scanner(decoder)(text, idx)


def encode(obj, level=0, markers=True, default=repr, encoder=J.encode_basestring_ascii, indent=None,
           key_separator=": ", item_separator=", ", sort_keys=False, skipkeys=False, allow_nan=True):
    enc = J.make_encoder({} if markers else None, default, encoder, indent, key_separator, item_separator,
                         sort_keys, skipkeys, allow_nan)
    return enc(obj, level)


def attributes(obj, names):
    return [(name, getattr(obj, name)) for name in names]


class Str(str):
    def __repr__(self):
        return "Str!"

    def __str__(self):
        return "Str?"


class Int(int):
    def __repr__(self):
        return "Int!"

    def __str__(self):
        return "Int?"


class Float(float):
    def __repr__(self):
        return "Float!"

    def __str__(self):
        return "Float?"


class ListSub(list):
    def __iter__(self):
        return iter([])


class TupleSub(tuple):
    pass


class DictSub(dict):
    def items(self):
        return reversed(list(super().items()))


class BadItems(dict):
    def items(self):
        return [(1, 2, 3)]


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


def point_default(obj):
    if isinstance(obj, Point):
        return {"x": obj.x, "y": obj.y}
    if isinstance(obj, (set, frozenset)):
        return sorted(obj)
    if isinstance(obj, Decimal):
        return str(obj)
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def random_value(rng, depth=0):
    kind = rng.randrange(10 if depth < 4 else 6)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.randrange(-10**rng.randrange(1, 30), 10**rng.randrange(1, 30))
    if kind == 2:
        return rng.choice([rng.uniform(-1e6, 1e6), rng.random() * 10 ** rng.randrange(-320, 308), 0.0, -0.0, 1e16, 1e-5])
    if kind in (3, 4, 5):
        alphabet = rng.choice(["abc xyz", "é\"\\/\b\f\n\r\t\x00\x1f", "ÿĀ€\u2028", "😀\U0010ffff a", "\ud800\udc00\udfff"])
        return "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
    if kind in (6, 7):
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(5))]
    return {random_value(rng, 5) if rng.random() < 0.2 and False else str(rng.randrange(100)): random_value(rng, depth + 1)
            for _ in range(rng.randrange(5))}


DOCS = [
    '', ' ', '0', '-0', '1', '-1', '12345678901234567890123', '-9223372036854775808', '9223372036854775807',
    '1.5', '-1.5e10', '1E5', '1e-5', '1.0e+400', '-1e-400', '0.1', '1.7976931348623157e308', '5e-324',
    '"abc"', '"\\u00e9\\ud83d\\ude00"', '"\\ud800"', '"\\udc00\\ud800"', '"\\ud800\\u0041"', '"\\ud800x"',
    '"é€😀"', '"\\"\\\\\\/\\b\\f\\n\\r\\t"', 'null', 'true', 'false', 'NaN', 'Infinity', '-Infinity',
    '[]', '{}', '[1, 2, 3]', '{"a": 1, "b": [true, false, null], "c": {"d": "e"}}', ' [ 1 , { "a" : [ ] } ] ',
    '{"a": 1, "a": 2}', '[1.5, 2, "x", {"k": [null]}]', '\t\n\r [1]\t\n\r ', '{"é": "😀", "😀": "é"}',
    '[' * 50 + ']' * 50, '[{"a": [{"b": [{}]}]}]', '{"": ""}', '"' + 'x' * 1000 + '"', '[' + ','.join(['1'] * 500) + ']',
]

INVALID = [
    '[', '{', '[1,', '[1,]', '{"a":1,}', '{"a" 1}', '{"a":}', '{1: 2}', "{'a': 1}", '[1 2]', '"abc', '"\\', '"\\u12"',
    '"\\u12x4"', '"\\ud800\\u12x4"', '"\\x"', '"a\x01b"', '"a\nb"', '-', '-a', '01', '1.', '1.e5', '1e', '1e+', '.5',
    'nul', 'tru', 'fals', 'NaNa', 'Inf', '-Inf', '[1] x', 'x', '\ufeff[1]', '"\x7f\x80"', '{"a": 1 "b": 2}',
    '[1, 2', '{"a": [1, 2}', '["a\\', '"\\ud834\\udd1e', '"\\ud834\\udd1', '[' * 100000, '{"a":' * 100000,
    '"\\uD834\\uDD1E"', '[-]', '[--1]', '1e999999999999999999', '-' + '9' * 5000, '9' * 5000,
]


def ordinary(rng):
    for doc in DOCS:
        yield f"loads {doc[:40]!r}", loads_typed, (doc,), {}
        yield f"loads strict=False {doc[:40]!r}", loads, (doc,), {"strict": False}
    for doc in ['"a\x01b"', '"a\nb\tc"', '["\x00", "\x1f"]', '{"\x05": 1}']:
        yield f"loads control strict=False {doc!r}", loads, (doc,), {"strict": False}
    hooks = {
        "object_hook": lambda d: ("hooked", sorted(d.items())),
        "object_pairs_hook": lambda pairs: ("pairs", pairs),
        "object_pairs_hook OrderedDict": OrderedDict,
        "parse_float": Decimal,
        "parse_int": lambda s: ("int", s),
        "parse_constant": lambda s: ("constant", s),
        "parse_float str": str,
        "parse_int float": float,
    }
    doc = '{"a": [1, 2.5, -3e2, NaN, Infinity, -Infinity, {"b": 1}], "c": {"d": 0}, "a": 7}'
    for name, hook in hooks.items():
        yield f"loads hook {name}", loads, (doc,), {name.split()[0]: hook}
    yield "loads both object hooks", loads, (doc,), {"object_hook": dict, "object_pairs_hook": list}
    yield "loads all hooks", loads, (doc,), {**{k.split()[0]: v for k, v in hooks.items() if " " not in k}}
    for i in range(200):
        value = random_value(rng)
        for ensure_ascii in (True, False):
            text = json.dumps(value, ensure_ascii=ensure_ascii)
            yield f"random dumps {i} ascii={ensure_ascii}", dumps, (value,), {"ensure_ascii": ensure_ascii}
            yield f"random loads {i} ascii={ensure_ascii}", loads, (text,), {}
        yield f"random dumps {i} indent", dumps, (value,), {"indent": rng.choice([0, 2, "\t", "ab"]), "sort_keys": True}
    for n in range(0, 40, 3):
        for bits in range(3):
            value = rng.getrandbits(64)
            yield f"float repr {n} {bits}", dumps, ([rng.random() * 10.0 ** rng.randrange(-330, 309) for _ in range(20)],), {}
    for x in (0.1, 1/3, 1e15, 1e16, 1e17, 123456789.123, 1e-4, 1e-5, 9.999999999999999e15, 2.0**53, 2.0**-1074,
              float("inf"), float("-inf"), float("nan"), -0.0):
        yield f"dumps float {x!r}", dumps, ([x, {"k": x}],), {}
        yield f"dumps float key {x!r}", dumps, ({x: 1},), {}
    for x in (0, 1, -1, 2**63 - 1, 2**63, -2**63, -2**63 - 1, 10**100, True, False):
        yield f"dumps int {x!r}", dumps, ([x],), {}
        yield f"dumps int key {x!r}", dumps, ({x: x},), {}
    mixed = {"b": 1, 2: 2, 3.5: 3, True: 4, None: 5, "a": 6}
    yield "dumps mixed keys", dumps, (mixed,), {}
    yield "dumps mixed keys indent", dumps, (mixed,), {"indent": 1}
    yield "dumps sort_keys", dumps, ({"b": 1, "a": 2, "c": {"z": 1, "y": 2}},), {"sort_keys": True}
    yield "dumps sort_keys mixed", dumps, (mixed,), {"sort_keys": True}
    yield "dumps skipkeys", dumps, ({"a": 1, (1, 2): 2, "b": 3, frozenset(): 4},), {"skipkeys": True}
    yield "dumps skipkeys first", dumps, ({(1, 2): 2, "b": 3},), {"skipkeys": True, "indent": 2}
    yield "dumps skipkeys all", dumps, ({(1, 2): 2},), {"skipkeys": True, "indent": 2}
    yield "dumps separators", dumps, ({"a": [1, 2], "b": {}},), {"separators": (",", ":")}
    yield "dumps separators wide", dumps, ({"a": [1, 2]},), {"separators": ("€ ", "😀 "), "indent": "é"}
    yield "dumps indent nested", dumps, ([1, [2, [3, {}]], {"a": {"b": []}}],), {"indent": 4}
    yield "dumps subclasses", dumps, ([Str("s"), Int(5), Float(2.5), TupleSub((1, 2)), ListSub([1, 2])],), {}
    yield "dumps subclass keys", dumps, ({Str("s"): 1, Int(5): 2, Float(2.5): 3},), {}
    yield "dumps dict subclass", dumps, (DictSub(a=1, b=2),), {}
    yield "dumps dict subclass sorted", dumps, (DictSub(b=1, a=2),), {"sort_keys": True}
    yield "dumps default", dumps, ([Point(1, 2), {1, 2}, Decimal("1.5")],), {"default": point_default}
    yield "dumps ensure_ascii=False", dumps, (["é", "😀", "\x00\x1f\x7f", "\u2028", "\ud800"],), {"ensure_ascii": False}
    yield "dumps ensure_ascii", dumps, (["é", "😀", "\x00\x1f\x7f", "\u2028", "\ud800"],), {}
    yield "dumps tuple keys? no", dumps, ([(1, 2), ()],), {}
    for s in ["", "abc", "é", "\x00", "😀", "\ud800", "a\"b\\c", "x" * 100 + "é" + "\n" * 20, "ÿ" * 50, "Ā" * 17]:
        yield f"encode_basestring_ascii {s[:10]!r}", J.encode_basestring_ascii, (s,), {}
        yield f"encode_basestring {s[:10]!r}", J.encode_basestring, (s,), {}
        yield f"encode_basestring_ascii Str {s[:10]!r}", J.encode_basestring_ascii, (Str(s),), {}
    for doc, end in [('"abc"', 1), ('x"abc"y', 2), ('"a\\nb"', 1), ('""', 1), ('"abc', 1), ('"', 1), ('abc"', 0),
                     ('"é😀"', 1), ('"\\ud83d\\ude00"', 1)]:
        yield f"scanstring {doc!r} {end}", J.scanstring, (doc, end), {}
        yield f"scanstring {doc!r} {end} strict=False", J.scanstring, (doc, end, False), {}
    for doc, idx in [('[1, 2]', 0), ('[1, 2]', 1), ('[1, 2]', 4), ('x 1', 2), ('"a" "b"', 4), ('{}', 0), ('tru', 0),
                     ('-', 0), ('1.5e3x', 0), ('abc', 3), ('abc', 10)]:
        yield f"scanner {doc!r} {idx}", scan, (doc, idx), {}
    yield "scanner memo", lambda: [id(k) == id(l) for k, l in zip(*[list(d) for d in json.loads('[{"ab": 1}, {"ab": 2}]')])], (), {}
    for obj in [1, "x", [1, [2]], {"a": {"b": None}}, 1.5, float("nan"), [Decimal("1.5")]]:
        yield f"encoder call {obj!r:.30}", encode, (obj,), {}
        yield f"encoder call level 2 {obj!r:.30}", encode, (obj, 2), {"indent": "  "}
        yield f"encoder call level -1 {obj!r:.30}", encode, (obj, -1), {"indent": "  "}
        yield f"encoder call py encoder {obj!r:.30}", encode, (obj,), {"encoder": lambda s: "<" + s + ">"}
    yield "encoder attributes", attributes, (J.make_encoder(None, repr, J.encode_basestring, "  ", ":", ",", True, False, True),
                                             ["markers", "encoder", "indent", "key_separator", "item_separator", "sort_keys", "skipkeys"]), {}
    yield "scanner attributes", attributes, (J.make_scanner(json.JSONDecoder(strict=False)),
                                             ["strict", "object_hook", "object_pairs_hook", "parse_float", "parse_int"]), {}


def invalid(rng):
    for doc in INVALID:
        yield f"loads invalid {doc[:40]!r}", loads, (doc,), {}
    for doc in INVALID[:20]:
        yield f"loads invalid strict=False {doc[:40]!r}", loads, (doc,), {"strict": False}
    yield "dumps nan not allowed", dumps, ([float("nan")],), {"allow_nan": False}
    yield "dumps inf not allowed", dumps, ({"a": float("inf")},), {"allow_nan": False}
    yield "dumps -inf key not allowed", dumps, ({float("-inf"): 1},), {"allow_nan": False}
    yield "dumps Float nan not allowed", dumps, ([Float("nan")],), {"allow_nan": False}
    yield "dumps bad key", dumps, ({(1, 2): 1},), {}
    yield "dumps bad key sorted", dumps, ({"a": 1, 1: "a"},), {"sort_keys": True}
    yield "dumps not serializable", dumps, ([1, object()],), {}
    yield "dumps default raises", dumps, ([Point(1, 2)],), {"default": lambda o: 1 / 0}
    circular = []
    circular.append(circular)
    yield "dumps circular list", dumps, (circular,), {}
    cdict = {}
    cdict["a"] = [cdict]
    yield "dumps circular dict", dumps, (cdict,), {}
    yield "dumps circular default", dumps, (Point(1, 2),), {"default": lambda o: [o]}
    yield "dumps circular no check", dumps, (circular,), {"check_circular": False}
    yield "dumps bad items", dumps, (BadItems(a=1),), {}
    yield "dumps bad indent", dumps, ([1],), {"indent": 2.5}
    yield "dumps deep list", dumps, (nested_list(100000),), {}
    yield "dumps deep dict", dumps, (nested_dict(100000),), {}
    yield "dumps big int", dumps, ([10**5000],), {}
    yield "scanstring not str", J.scanstring, (b'"abc"', 1), {}
    yield "scanstring end -1", J.scanstring, ('"abc"', -1), {}
    yield "scanstring end past", J.scanstring, ('"abc"', 6), {}
    yield "scanstring end float", J.scanstring, ('"abc"', 1.0), {}
    yield "scanstring end huge", J.scanstring, ('"abc"', 2**70), {}
    yield "scanstring 1 arg", J.scanstring, ('"abc"',), {}
    yield "scanstring 4 args", J.scanstring, ('"abc"', 1, True, 1), {}
    yield "scanstring keyword", J.scanstring, ('"abc"', 1), {"strict": True}
    yield "scanstring BadBool", J.scanstring, ('"abc"', 1, BadBool()), {}
    yield "encode_basestring_ascii bytes", J.encode_basestring_ascii, (b"abc",), {}
    yield "encode_basestring int", J.encode_basestring, (1,), {}
    yield "scanner negative", scan, ("[1]", -1), {}
    yield "scanner not str", scan, (b"[1]", 0), {}
    yield "scanner bad context", J.make_scanner, (1,), {}
    yield "scanner BadBool strict", J.make_scanner, (type("C", (), {"strict": BadBool()})(),), {}
    yield "scanner no args", J.make_scanner, (), {}
    yield "make_encoder markers int", J.make_encoder, (1, None, None, None, ": ", ", ", False, False, False), {}
    yield "make_encoder separator int", J.make_encoder, (None, None, None, None, 1, ", ", False, False, False), {}
    yield "make_encoder item separator bytes", J.make_encoder, (None, None, None, None, ":", b",", False, False, False), {}
    yield "make_encoder BadBool", J.make_encoder, (None, None, None, None, ":", ",", BadBool(), False, False), {}
    yield "make_encoder too few", J.make_encoder, (None, None), {}
    yield "encoder bad return", encode, ("x",), {"encoder": lambda s: 1}
    yield "encoder bad return key", encode, ({"x": 1},), {"encoder": lambda s: None}
    yield "encoder raising", encode, (["x"],), {"encoder": lambda s: 1 / 0}
    yield "encoder bad level", encode, ([1],), {"level": "x"}
    yield "encoder int indent", encode, ([1],), {"indent": 2}
    yield "encoder int indent level 1", encode, ([1],), {"indent": 2, "level": 1}
    yield "encoder int indent scalar", encode, (1,), {"indent": 2}


def nested_list(depth):
    value = []
    for _ in range(depth):
        value = [value]
    return value


def nested_dict(depth):
    value = {}
    for _ in range(depth):
        value = {"a": value}
    return value


def hostile_cases(rng):
    # Hooks that change the data being encoded.
    victim = [1, 2, 3, 4]

    def shrinking(obj):
        victim.clear()
        return None
    yield "default clears the list", dumps, ([victim, object()],), {"default": shrinking}
    data = [object(), 1, 2, 3]

    def clear_data(obj):
        data.clear()
        return "gone"
    yield "default clears its own list", dumps, (data,), {"default": clear_data}
    mapping = {"a": object(), "b": 2}

    def clear_mapping(obj):
        mapping.clear()
        return 0
    yield "default clears its dict", dumps, (mapping,), {"default": clear_mapping}
    yield "object_hook raises", loads, ('[{"a": 1}]',), {"object_hook": lambda d: 1 / 0}
    yield "parse_float raises", loads, ('[1.5]',), {"parse_float": lambda s: 1 / 0}
    yield "parse_constant raises", loads, ('[NaN]',), {"parse_constant": lambda s: 1 / 0}
    yield from reentrant_encoding()
    yield from reentrant_decoding()


def marked(markers, objects):
    """Which of `objects` are filed in `markers` (by id, with the object as
    value, as C files them)."""
    return [(id(obj) in markers, markers.get(id(obj)) is obj) for obj in objects]


def encode_with_markers(obj, markers, default=repr, indent=None, watched=()):
    """make_encoder with the caller's markers dict: the result or exception,
    and what is left in markers afterwards."""
    enc = J.make_encoder(markers, default, J.encode_basestring_ascii, indent, ": ", ", ", False, False, True)
    try:
        result = enc(obj, 0)
    except KeyError as exc:
        # The key is an id(): only whether it is one compares.
        result = ("KeyError", [type(arg).__name__ for arg in exc.args])
    except Exception as exc:
        result = (type(exc).__name__, str(exc))
    if markers is None:
        return result
    return result, len(markers), marked(markers, watched)


class MarkersDict(dict):
    """A markers dict whose Python-level methods C bypasses."""
    def __contains__(self, key):
        raise AssertionError("__contains__ called")

    def __setitem__(self, key, value):
        raise AssertionError("__setitem__ called")

    def __delitem__(self, key):
        raise AssertionError("__delitem__ called")


def markers_cases():
    inner = [1, 2]
    outer = [inner, {"k": inner}]
    yield "markers empty", encode_with_markers, (outer, {}), {"watched": (outer, inner)}
    yield "markers prefilled outer", encode_with_markers, (outer, {id(outer): None}), {"watched": (outer, inner)}
    yield "markers prefilled inner", encode_with_markers, (outer, {id(inner): "x"}), {"watched": (outer, inner)}
    d = {"a": {"b": 1}}
    yield "markers prefilled dict", encode_with_markers, (d, {id(d["a"]): 0}), {"watched": (d,)}
    yield "markers prefilled empty list", encode_with_markers, ([[]], {}), {}
    p = Point(1, 2)
    yield "markers prefilled default object", encode_with_markers, ([p], {id(p): p}), {"default": point_default}
    yield "markers other keys", encode_with_markers, (outer, {"x": 1, 2.5: 3, None: 4}), {"watched": (outer,)}
    yield "markers dict subclass", encode_with_markers, (outer, MarkersDict()), {}
    yield "markers dict subclass prefilled", encode_with_markers, (outer, MarkersDict({id(inner): 1})), {}

    # A default hook sees the containers being encoded, and the object it is given.
    markers = {}
    seen = []

    def observe(obj):
        seen.append(marked(markers, (outer2, middle, obj)) + [len(markers)])
        return "seen"
    middle = [Point(0, 0)]
    outer2 = {"m": middle, "n": [Point(1, 1)]}
    yield "markers observed by default", lambda: (encode_with_markers(outer2, markers, observe), seen), (), {}

    # A default hook that empties markers: C's removal fails with KeyError.
    markers3 = {}

    def clear_markers(obj):
        markers3.clear()
        return 1
    yield "markers cleared by default", encode_with_markers, ([[Point(0, 0)]], markers3), {"default": clear_markers}

    # A default hook that files a later sibling: a cycle is reported.
    later = [3]
    markers4 = {}

    def file_later(obj):
        markers4[id(later)] = later
        return 0
    yield "markers filed by default", encode_with_markers, ([Point(0, 0), later], markers4), {"default": file_later}

    # An error leaves the containers being encoded filed, as in C.
    bad = [[1, object()]]
    yield "markers after error", encode_with_markers, (bad, {}), {"default": lambda o: 1 / 0, "watched": (bad, bad[0])}
    yield "markers with indent", encode_with_markers, (outer, {}), {"indent": "  ", "watched": (outer,)}
    yield "markers None circular default", lambda: encode_with_markers([Point(0, 0)], None, lambda o: [[]]), (), {}

    # Errors without any hook leave the containers filed too: the markers
    # are filed on the way out (the encoder files them lazily).
    bad_key = [[{"a": {object(): 1}}]]
    yield "markers after bad key", encode_with_markers, (bad_key, {}), {"watched": (bad_key, bad_key[0])}
    cycle = [[1]]
    cycle[0].append(cycle)
    yield "markers after cycle", encode_with_markers, (cycle, {}), {"watched": (cycle, cycle[0])}
    deep_cycle = [0]
    node = deep_cycle
    for _ in range(50):
        node.append([0])
        node = node[-1]
    node.append(deep_cycle)
    yield "markers after deep cycle", encode_with_markers, (deep_cycle, {}), {"watched": (deep_cycle,)}
    # Far deeper than the containers the encoder checks without the dict:
    # a cycle found 1,500 levels down, the order of what is filed after an
    # error 1,000 levels down, and one list met twice side by side (no cycle).
    chain = node = [0]
    for _ in range(1500):
        node.append([0])
        node = node[-1]
    node.append(chain)
    yield "markers after cycle 1500 deep", lambda: encode_with_markers(chain, {})[:2], (), {}
    failing = node = []
    for _ in range(1000):
        node.append([1])
        node = node[-1]
    node.append(object())

    def filed_order(markers):
        result = encode_with_markers(failing, markers, lambda o: 1 / 0)
        containers = [failing]
        while len(containers) < 1001:
            containers.append(containers[-1][-1])
        return result[:2], [value is obj for value, obj in zip(markers.values(), containers)].count(True)
    yield "markers order after error 1000 deep", filed_order, ({},), {}
    shared = [1]
    for _ in range(100):
        shared = [shared, 2]
    yield "one list 100 deep met twice", lambda: len(encode([shared, shared])[0]), (), {}
    # Python code that sees markers mid-way: what C has filed by then.
    for depth in (1, 31, 32, 33, 70):
        nested = [Point(0, 0)]
        for _ in range(depth):
            nested = [1, nested, {"k": [2]}]
        markers5 = {}
        yield (f"markers depth {depth} observed by default",
               lambda nested=nested, markers5=markers5: encode_with_markers(
                   nested, markers5, lambda o: (len(markers5), list(markers5.values())[-1] is not o)), (), {})
    markers6 = {}

    class SeeingList(list):
        def __iter__(self):
            seen6.append(len(markers6))
            return list.__iter__(self)
    seen6 = []
    yield ("markers seen by a list subclass",
           lambda: (encode_with_markers([[1], {"a": [SeeingList([[2]])]}], markers6), seen6), (), {})
    markers7 = {}

    def seeing_encoder(text):
        return f'"{len(markers7)}"'
    enc7 = lambda obj: J.make_encoder(markers7, repr, seeing_encoder, None, ": ", ", ", False, False, True)(obj, 0)
    yield "markers seen by the string encoder", enc7, ([[["x"]], {"k": ["y"]}],), {}
    markers8 = {}

    class SeeingFloat(float):
        def __repr__(self):
            return f"SeeingFloat({len(markers8)})"
    enc8 = lambda obj: J.make_encoder(markers8, repr, J.encode_basestring, None, ": ", ", ", False, False, False)(obj, 0)
    yield "markers seen by a float's repr", lambda: (_raised(enc8, [[SeeingFloat("nan")]]), len(markers8)), (), {}
    markers9 = {}

    class SeeingKey(str):
        def __lt__(self, other):
            seen9.append(len(markers9))
            return str.__lt__(self, other)
    seen9 = []
    enc9 = lambda obj: J.make_encoder(markers9, repr, J.encode_basestring, None, ": ", ", ", True, False, True)(obj, 0)
    yield ("markers seen by sort_keys", lambda: (enc9([[{SeeingKey("b"): 1, SeeingKey("a"): [2]}]]), seen9), (), {})


def _raised(function, *args):
    try:
        return function(*args)
    except Exception as exc:
        return type(exc).__name__, str(exc)


class ReprFloat(float):
    """A float subclass whose Python methods change a list being encoded."""
    victim = None

    def __repr__(self):
        if self.victim is not None:
            self.victim.clear()
        return "ReprFloat!"

    __str__ = __repr__

    def __float__(self):
        if self.victim is not None:
            self.victim.append(99)
        return 42.0


class BadReprFloat(float):
    def __repr__(self):
        return 17


class RaisingReprFloat(float):
    def __repr__(self):
        raise KeyError("repr")


class StrKey(str):
    def __str__(self):
        raise AssertionError("key __str__ called")

    def __repr__(self):
        raise AssertionError("key __repr__ called")

    def __hash__(self):
        return str.__hash__(self)

    def __eq__(self, other):
        return str.__eq__(self, other)

    def __lt__(self, other):
        sort_victim.append(str(len(sort_victim)))
        return str.__lt__(self, other)


sort_victim = []


class GrowingList(list):
    def __iter__(self):
        self.append("grown")
        return super().__iter__()


class ClearingItems(dict):
    def items(self):
        pairs = list(super().items())
        self.clear()
        return pairs


class GeneratorItems(dict):
    def items(self):
        yield from super().items()


class NonTupleItems(dict):
    def items(self):
        return [["a", 1]]


def reentrant_encoding():
    yield from markers_cases()
    # default() appends to the list being encoded: the new items are encoded.
    grow = [object()]

    def append_to(obj):
        if len(grow) < 5:
            grow.append(object() if len(grow) < 4 else len(grow))
        return len(grow)
    yield "default appends to its list", dumps, (grow,), {"default": append_to}
    grow_tuple_src = [object(), 1]

    def clear_src(obj):
        grow_tuple_src.clear()
        return "x"
    yield "default clears a list under a tuple", dumps, ((grow_tuple_src, tuple(grow_tuple_src)),), {"default": clear_src}
    # default() adds and removes keys of the dict being encoded.
    mapping = {"a": object(), "b": 2}

    def add_keys(obj):
        for i in range(10):
            mapping[f"k{i}"] = i
        return "added"
    yield "default adds keys to its dict", dumps, (mapping,), {"default": add_keys}
    mapping2 = {"a": object(), "b": 2, "c": 3}

    def remove_key(obj):
        del mapping2["b"]
        return "removed"
    yield "default removes a key of its dict", dumps, (mapping2,), {"default": remove_key}
    mapping3 = {"a": object(), "b": 2, "c": 3}
    yield "default replaces its dict sorted", dumps, (mapping3,), {"default": lambda o: mapping3.clear() or 0,
                                                                   "sort_keys": True}
    # default() returns the list being encoded (a cycle) or encodes recursively.
    selfish = [object()]
    yield "default returns its container", dumps, (selfish,), {"default": lambda o: selfish}
    yield "default returns its container unchecked", dumps, (selfish,), {"default": lambda o: selfish,
                                                                         "check_circular": False}
    yield "default calls dumps", dumps, ([Point(1, 2)],), {"default": lambda o: json.dumps([o.x, o.y])}
    yield "default calls dumps same object", dumps, ([Point(1, 2)],),        {"default": lambda o: json.dumps(o, default=lambda p: p.x)}
    # Float subclasses: C reads the value, never __repr__ / __str__ / __float__...
    victim = [1, 2, 3]
    f = ReprFloat(2.5)
    f.victim = victim
    yield "float subclass methods not called", lambda: (json.dumps([f, victim, {f: f}]), victim), (), {}
    # ... but for the error message of a non-finite value.
    victim2 = [ReprFloat("nan"), 1, 2]
    victim2[0].victim = victim2
    yield "float subclass repr in error", lambda: (dumps(victim2, allow_nan=False), victim2), (), {}
    yield "float subclass repr in error key", dumps, ({ReprFloat("inf"): 1},), {"allow_nan": False}
    yield "float subclass repr not str", dumps, ([BadReprFloat("nan")],), {"allow_nan": False}
    yield "float subclass repr raises", dumps, ([RaisingReprFloat("-inf")],), {"allow_nan": False}
    yield "float subclass finite repr raises", dumps, ([RaisingReprFloat(1.5), {RaisingReprFloat(2.5): 1}],), {}
    # Keys: str subclasses as they are; sorting calls their __lt__.
    yield "key str subclass", dumps, ({StrKey("b"): 1, StrKey("a"): 2},), {}
    yield "key str subclass sorted", lambda: (dumps({StrKey("b"): 1, StrKey("a"): 2, StrKey("c"): 3}, sort_keys=True),
                                               len(sort_victim) > 0), (), {}
    yield "key str subclass python encoder", dumps, ({StrKey("b"): 1},), {"indent": 1}
    # Container subclasses whose methods change them.
    yield "list subclass grows in __iter__", lambda: (dumps(GrowingList([1, 2])), ), (), {}
    yield "dict subclass clears in items", lambda: (dumps(ClearingItems(a=1, b=[2])),), (), {}
    yield "dict subclass generator items", dumps, (GeneratorItems(a=1, b=2),), {}
    yield "dict subclass generator items sorted", dumps, (GeneratorItems(b=1, a=2),), {"sort_keys": True}
    yield "dict subclass list items", dumps, (NonTupleItems(x=1),), {}
    # The encoder callable changes the data being encoded.
    data = ["a", "b", "c"]

    def encode_and_clear(s):
        data.clear()
        return '"' + s + '"'
    yield "encoder callable clears the list", encode, (data,), {"encoder": encode_and_clear}
    data2 = {"a": "x", "b": "y"}

    def encode_and_add(s):
        if len(data2) < 6:
            data2[s + "!"] = s
        return '"' + s + '"'
    yield "encoder callable adds keys", encode, (data2,), {"encoder": encode_and_add}
    yield "encoder indent level -1 int indent", encode, ([1],), {"indent": 2, "level": -1}
    yield "encoder indent level huge", encode, ([1],), {"indent": " ", "level": 2**62}
    yield "encoder indent empty deep", encode, ([[[1]]],), {"indent": ""}
    yield "encoder indent wide deep", encode, ([[[1, {"a": [2]}]]],), {"indent": "😀é", "level": 3}
    yield "dumps indent deep", dumps, (nested_list(300),), {"indent": 3}
    yield "dumps indent deep dict", dumps, (nested_dict(300),), {"indent": "\t"}


def reentrant_decoding():
    doc = '{"a": [1, 2.5, NaN, {"b": 3}], "c": {"a": 4}}'
    seen = []

    def hook_mutates(d):
        d["added"] = len(seen)
        d.pop("a", None)
        seen.append(d)
        return d
    yield "object_hook mutates and returns", lambda: (loads(doc, object_hook=hook_mutates), len(seen)), (), {}

    def pairs_mutate(pairs):
        pairs.append(("extra", len(pairs)))
        pairs.reverse()
        return pairs
    yield "object_pairs_hook mutates", loads, (doc,), {"object_pairs_hook": pairs_mutate}
    kept = []

    def pairs_keep(pairs):
        kept.append(pairs)
        if len(kept) > 1:
            kept[0].clear()
        return len(pairs)
    yield "object_pairs_hook clears an earlier list", lambda: (loads(doc, object_pairs_hook=pairs_keep), kept), (), {}
    yield "object_pairs_hook raises", loads, (doc,), {"object_pairs_hook": lambda p: {}[0]}
    yield "object_hook raises inner", loads, (doc,), {"object_hook": lambda d: 1 / 0 if "b" in d else d}
    yield "object_hook returns a non-dict", loads, (doc,), {"object_hook": lambda d: None}
    yield "object_hook calls loads", loads, (doc,), {"object_hook": lambda d: json.loads('[{"x": 1}]')}
    shared = []
    yield "parse_int returns a shared list", lambda: (loads('[1, [2], 3]', parse_int=lambda s: shared.append(s) or shared),
                                                      shared), (), {}
    yield "parse_int raises", loads, ('[1, 2]',), {"parse_int": lambda s: int("x")}
    yield "parse_int huge", loads, ('[' + '9' * 5000 + ']',), {"parse_int": len}
    yield "parse_float returns list", loads, ('[1.5, 2e3]',), {"parse_float": lambda s: [s]}
    yield "parse_float raises in object", loads, ('{"a": 1.5}',), {"parse_float": lambda s: [][1]}
    yield "parse_constant returns None", loads, ('[NaN, -Infinity]',), {"parse_constant": lambda s: None}
    yield "parse_constant raises in object", loads, ('{"a": Infinity}',), {"parse_constant": lambda s: int(s)}
    yield "parse_constant calls loads", loads, ('[NaN]',), {"parse_constant": lambda s: json.loads("[" + s + "]",
                                                                                                 parse_constant=str)}
    # Keys are shared through the memo within a call, not across calls.
    yield "memo within a document", lambda: [len({id(k) for d in json.loads('[{"ab": 1}, {"ab": 2}, {"ab": 3}]')
                                                  for k in d})], (), {}
    yield "memo pairs hook", lambda: (lambda p: p[0][0][0] is p[1][0][0])(
        json.loads('[{"key": 1}, {"key": 2}]', object_pairs_hook=lambda pairs: pairs)), (), {}
    yield "memo key vs value", lambda: (lambda v: v[0] is list(v[1])[0])(json.loads('["kk", {"kk": 1}]')), (), {}
    dec = json.JSONDecoder()
    first = dec.decode('{"zz": 1}')
    second = dec.decode('{"zz": 1}')
    yield "memo not across calls", lambda: list(first)[0] is list(second)[0], (), {}


def cases(rng):
    yield from ordinary(rng)
    yield from invalid(rng)
    yield from hostile_cases(rng)
