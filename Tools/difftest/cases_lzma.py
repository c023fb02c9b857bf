"""Differential cases for _lzma: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py).

Both interpreters link the same liblzma, so compressed output must be
byte-identical.  Stateful scenarios (chunked feeding, errors in the middle
of a stream) run in helper functions that record every step, exceptions
included, and return the record."""

import array
import lzma
import re

import _lzma as L

from hostile import BadIndex


def clean(text):
    """A label without object addresses (the same in both interpreters)."""
    return re.sub(r" at 0x[0-9a-fA-F]+", "", text)


def record_call(func, *args, **kwargs):
    try:
        return ("ok", func(*args, **kwargs))
    except Exception as exc:
        return ("raises", type(exc).__name__, str(exc))


def constants():
    return {name: getattr(L, name) for name in dir(L) if name.isupper()}


def compress_all(data, chunk=None, **kwargs):
    """LZMACompressor(**kwargs) fed data (in chunks), then flushed."""
    comp = L.LZMACompressor(**kwargs)
    out = []
    step = chunk or max(len(data), 1)
    for i in range(0, len(data), step):
        out.append(comp.compress(data[i:i + step]))
    out.append(comp.flush())
    return b"".join(out)


def compressor_misuse(data):
    comp = L.LZMACompressor()
    steps = [record_call(comp.compress, data), record_call(comp.flush)]
    steps.append(record_call(comp.compress, data))
    steps.append(record_call(comp.flush))
    return steps


def new_compressor(*args, **kwargs):
    return type(L.LZMACompressor(*args, **kwargs)).__name__


def state(dec):
    return (dec.eof, dec.needs_input, dec.unused_data, dec.check)


def feed(data, chunk, max_length=-1, limit=20000, **kwargs):
    """Feeds data in chunks to LZMADecompressor(**kwargs), asking for more
    output with b'' whenever needs_input is false; records each step."""
    dec = L.LZMADecompressor(**kwargs)
    steps = [state(dec)]
    position = 0
    for _ in range(limit):
        if dec.eof:
            break
        if dec.needs_input:
            if position >= len(data):
                break
            piece = data[position:position + chunk]
            position += chunk
        else:
            piece = b""
        step = record_call(dec.decompress, piece, max_length)
        steps.append((step, state(dec)))
        if step[0] == "raises":
            break
    steps.append(record_call(dec.decompress, b"more"))
    steps.append(state(dec))
    return steps


def after_error(data, **kwargs):
    """A decompressor keeps being used after an error."""
    dec = L.LZMADecompressor(**kwargs)
    return [record_call(dec.decompress, data), state(dec), record_call(dec.decompress, data), state(dec),
            record_call(dec.decompress, b""), state(dec)]


def decompress_with(data, max_length=-1, kind=bytes, **kwargs):
    dec = L.LZMADecompressor(**kwargs)
    return record_call(dec.decompress, kind(data), max_length), state(dec)


class LoggingMapping:
    """A mapping (not a dict) that logs the keys asked for."""

    def __init__(self, items):
        self.items = dict(items)
        self.log = []

    def __getitem__(self, key):
        self.log.append(key)
        return self.items[key]


def with_log(spec_items, format=L.FORMAT_RAW):
    spec = LoggingMapping(spec_items)
    result = record_call(L.LZMACompressor, format=format, filters=[spec])
    return result[0], result[1:] if result[0] == "raises" else None, spec.log


def encode_with_log(spec_items):
    spec = LoggingMapping(spec_items)
    return record_call(L._encode_filter_properties, spec), spec.log


class DictSubclass(dict):
    def __getitem__(self, key):
        raise RuntimeError("dict subclass __getitem__ is not called for dicts")


class ShrinkingList(list):
    """A filter chain whose first spec's __getitem__ empties the list."""


class Shrinker:
    def __init__(self, chain):
        self.chain = chain

    def __getitem__(self, key):
        self.chain.clear()
        raise KeyError(key)


def shrinking_chain():
    chain = []
    chain.extend([Shrinker(chain), {"id": L.FILTER_LZMA2}])
    return record_call(L.LZMACompressor, format=L.FORMAT_RAW, filters=chain)


def lzma2(**options):
    return {"id": L.FILTER_LZMA2, **options}


def lzma1(**options):
    return {"id": L.FILTER_LZMA1, **options}


BCJ = ["FILTER_X86", "FILTER_POWERPC", "FILTER_IA64", "FILTER_ARM", "FILTER_ARMTHUMB", "FILTER_SPARC"]
CHECKS = [-1, L.CHECK_NONE, L.CHECK_CRC32, L.CHECK_CRC64, L.CHECK_SHA256, 2, 3, 15, 16, 100, -2]


def payloads(rng):
    yield "empty", b""
    yield "one", b"a"
    yield "random1000", rng.randbytes(1000)
    yield "text", b"".join(rng.choice([b"lzma ", b"stream ", b"filter\n", b"\x00\x01\x02\x03"]) for _ in range(5000))
    yield "code", bytes(range(256)) * 64 + b"\xe8\x00\x00\x00\x00\x48\x89\xe5" * 500


def streams(rng):
    """Compressed streams of every format, made by the interpreter under
    test's own module from the same input (outputs are compared too)."""
    text = b"".join(rng.choice([b"abc", b"xyz\n", b"0123456789"]) for _ in range(3000))
    return text


def cases(rng):
    yield "constants", constants, (), {}
    for check in [*CHECKS, 2**31, -2**31 - 1, 2**64]:
        yield f"is_check_supported({check})", L.is_check_supported, (check,), {}
    for bad in ["1", 1.5, None]:
        yield f"is_check_supported({bad!r})", L.is_check_supported, (bad,), {}
    yield "is_check_supported()", L.is_check_supported, (), {}
    yield "is_check_supported(BadIndex)", L.is_check_supported, (BadIndex(),), {}

    # Compression: byte-identical output for every format, check and preset.
    data_sets = list(payloads(rng))
    for name, data in data_sets:
        for check in CHECKS:
            yield f"xz check={check} {name}", compress_all, (data,), {"check": check}
        for fmt in (L.FORMAT_ALONE, L.FORMAT_RAW):
            for check in (-1, L.CHECK_NONE, L.CHECK_CRC32):
                yield f"format {fmt} check={check} {name}", compress_all, (data,), {"format": fmt, "check": check}
        yield f"alone {name}", compress_all, (data,), {"format": L.FORMAT_ALONE}
        yield f"chunked 7 {name}", compress_all, (data, 7), {}
        yield f"chunked 4096 {name}", compress_all, (data, 4096), {"format": L.FORMAT_ALONE}
    small = data_sets[3][1][:20000]
    for preset in [0, 1, 2, 3, 4, 5, 6, 7, 9, 0 | L.PRESET_EXTREME, 3 | L.PRESET_EXTREME, 6 | L.PRESET_EXTREME,
                   10, 2**31 - 1, L.PRESET_EXTREME | 10, -1, 2**32, 2**64, 1.5, "6", True]:
        yield f"xz preset={preset!r}", compress_all, (small,), {"preset": preset}
        yield f"alone preset={preset!r}", compress_all, (small,), {"preset": preset, "format": L.FORMAT_ALONE}
        yield f"raw preset={preset!r}", compress_all, (small,), {"preset": preset, "format": L.FORMAT_RAW}

    # Filter chains, valid and not.
    chains = [
        [lzma2()],
        [lzma2(preset=1)],
        [lzma2(preset=9 | L.PRESET_EXTREME, dict_size=1 << 20)],
        [lzma2(dict_size=4096, lc=0, lp=4, pb=0, mode=L.MODE_FAST, nice_len=8, mf=L.MF_HC3, depth=4)],
        [lzma2(lc=4, lp=0, pb=4, mode=L.MODE_NORMAL, nice_len=273, mf=L.MF_BT2, depth=0)],
        [lzma2(mf=L.MF_HC4), ],
        [lzma2(mf=L.MF_BT3)],
        [lzma2(mf=L.MF_BT4, nice_len=64)],
        [{"id": L.FILTER_DELTA}, lzma2()],
        [{"id": L.FILTER_DELTA, "dist": 4}, lzma2()],
        [{"id": L.FILTER_DELTA, "dist": 256}, lzma2()],
        [{"id": L.FILTER_DELTA, "dist": 257}, lzma2()],
        [{"id": L.FILTER_DELTA, "dist": 0}, lzma2()],
        [{"id": L.FILTER_X86}, {"id": L.FILTER_DELTA, "dist": 2}, lzma2()],
        [{"id": L.FILTER_X86}, {"id": L.FILTER_DELTA}, {"id": L.FILTER_DELTA}, lzma2()],
        [{"id": L.FILTER_X86}, {"id": L.FILTER_DELTA}, {"id": L.FILTER_DELTA}, {"id": L.FILTER_DELTA}, lzma2()],
        [lzma1()],
        [lzma1(lc=3, lp=1, pb=2, dict_size=1 << 16)],
        [lzma2(), lzma2()],
        [lzma2(), {"id": L.FILTER_DELTA}],
        [{"id": L.FILTER_DELTA}],
        [],
        [lzma2(lc=5)],
        [lzma2(lc=3, lp=3)],
        [lzma2(pb=5)],
        [lzma2(dict_size=1)],
        [lzma2(dict_size=2**32 - 1)],
        [lzma2(mode=0)],
        [lzma2(mode=3)],
        [lzma2(mf=0)],
        [lzma2(mf=0x99)],
        [lzma2(nice_len=1)],
        [lzma2(nice_len=274)],
        [lzma2(depth=2**32 - 1)],
        [lzma2(preset=10)],
        [lzma2(preset=-1)],
        [lzma2(preset=2**32)],
        [lzma2(preset="1")],
        [lzma2(preset=None)],
        [lzma2(dict_size=-1)],
        [lzma2(dict_size=2**32)],
        [lzma2(dict_size=2**64)],
        [lzma2(dict_size=1.0)],
        [lzma2(dict_size="x")],
        [lzma2(mode=2**32)],
        [lzma2(mf=-1)],
        [lzma2(lc=True)],
        [lzma2(foo=1)],
        [{"id": L.FILTER_LZMA2, 1: 2}],
        [{"id": L.FILTER_DELTA, "dist": "x"}, lzma2()],
        [{"id": L.FILTER_DELTA, "start_offset": 1}, lzma2()],
        [{"id": L.FILTER_DELTA, "dist": 1, "x": 2}, lzma2()],
        [{"id": L.FILTER_X86, "start_offset": 16}, lzma2()],
        [{"id": L.FILTER_X86, "start_offset": 3}, lzma2()],
        [{"id": L.FILTER_X86, "start_offset": -1}, lzma2()],
        [{"id": L.FILTER_X86, "dist": 1}, lzma2()],
        [{"id": 0x0A}, lzma2()],
        [{"id": 0}],
        [{"id": 2**64 - 1}],
        [{"id": 2**64}],
        [{"id": -1}],
        [{"id": "x"}],
        [{"id": 1.0}],
        [{"id": True}],
        [{"id": None}],
        [{}],
        [{"dist": 1}],
        [DictSubclass(id=L.FILTER_LZMA2, preset=1)],
        [[1, 2]],
        ["id"],
        [42],
        [None],
        [b"xx"],
        [lzma2()] * 5,
    ]
    chains += [[{"id": getattr(L, name)}, lzma2()] for name in BCJ]
    chains += [[{"id": getattr(L, name), "start_offset": 4}, lzma2()] for name in BCJ]
    chains += [[lzma2()] + [{"id": getattr(L, name)}] for name in BCJ]
    code = data_sets[4][1]
    for index, chain in enumerate(chains):
        label = f"chain[{index}] {chain!r}"[:200]
        for fmt in (L.FORMAT_XZ, L.FORMAT_RAW, L.FORMAT_ALONE):
            yield f"{label} format={fmt}", compress_all, (code,), {"format": fmt, "filters": chain}
        yield f"{label} raw decoder", decompress_with, (b"",), {"format": L.FORMAT_RAW, "filters": chain}
        if chain and isinstance(chain[0], dict):
            yield f"{label} encode props", L._encode_filter_properties, (chain[0],), {}
    for bad_chain in [None, 42, "abc", {"id": L.FILTER_LZMA2}, (lzma2(),), iter([lzma2()]), b"", BadIndex()]:
        yield clean(f"filters={bad_chain!r}")[:80], compress_all, (b"x",), {"format": L.FORMAT_RAW, "filters": bad_chain}
    yield "shrinking chain", shrinking_chain, (), {}
    for items in [{"id": L.FILTER_LZMA2}, {"id": L.FILTER_LZMA2, "preset": 1}, {"id": L.FILTER_DELTA},
                  {"id": L.FILTER_X86}, {"id": 99}, {}, {"id": L.FILTER_LZMA2, "preset": 20}]:
        yield f"mapping spec {items}", with_log, (items,), {}
        yield f"mapping spec {items} encode", encode_with_log, (items,), {}

    # Compressor arguments.
    for args, kwargs in [((), {}), ((L.FORMAT_XZ,), {}), ((L.FORMAT_XZ, L.CHECK_CRC32), {}),
                         ((L.FORMAT_XZ, L.CHECK_CRC32, 1), {}), ((L.FORMAT_XZ, -1, None, None), {}),
                         ((1, 2, 3, 4, 5), {}), ((), {"foo": 1}), ((1,), {"format": 1}),
                         ((), {"format": "x"}), ((), {"format": 1.0}), ((), {"format": 2**31}),
                         ((), {"format": -2**31 - 1}), ((), {"format": 2**63}), ((), {"format": 4}),
                         ((), {"format": -1}), ((), {"format": BadIndex()}), ((), {"check": "x"}),
                         ((), {"format": L.FORMAT_ALONE, "check": L.CHECK_CRC32}),
                         ((), {"format": L.FORMAT_RAW, "check": L.CHECK_SHA256}),
                         ((), {"format": L.FORMAT_ALONE, "check": L.CHECK_NONE}),
                         ((), {"format": L.FORMAT_ALONE, "check": -1}),
                         ((), {"preset": 1, "filters": [lzma2()]}),
                         ((), {"preset": None, "filters": None}),
                         ((), {"format": 7, "preset": 1, "filters": [lzma2()]}),
                         ((), {"format": 7, "check": 3}),
                         ((), {"format": L.FORMAT_RAW}),
                         ((), {"format": L.FORMAT_RAW, "preset": 1}),
                         ((), {"format": L.FORMAT_RAW, "filters": None}),
                         ((), {"format": 9, "filters": [{"id": 99}]})]:
        yield clean(f"LZMACompressor(*{args}, **{kwargs})"), new_compressor, args, kwargs
    for kind in (bytes, bytearray, memoryview, lambda b: array.array("B", b)):
        yield f"compress {type(kind(b'')).__name__}", compress_all, (kind(small),), {}
    yield "compress(str)", record_call, (L.LZMACompressor().compress, "text"), {}
    yield "compress()", record_call, (L.LZMACompressor().compress,), {}
    yield "compress(a, b)", record_call, (L.LZMACompressor().compress, b"a", b"b"), {}
    yield "flush(1)", record_call, (L.LZMACompressor().flush, 1), {}
    yield "misuse", compressor_misuse, (small,), {}

    # Decompressor arguments.
    for args, kwargs in [((), {}), ((L.FORMAT_XZ,), {}), ((L.FORMAT_ALONE, 2**20), {}), ((1, 2, 3, 4), {}),
                         ((), {"memlimit": 0}), ((), {"memlimit": -1}), ((), {"memlimit": 2**64}),
                         ((), {"memlimit": 2**64 - 1}), ((), {"memlimit": 1.5}), ((), {"memlimit": "1"}),
                         ((), {"memlimit": True}), ((), {"format": L.FORMAT_RAW, "memlimit": 1}),
                         ((), {"format": L.FORMAT_RAW, "memlimit": "bad"}),
                         ((), {"format": L.FORMAT_RAW}), ((), {"filters": [lzma2()]}),
                         ((), {"format": L.FORMAT_XZ, "filters": [lzma2()]}),
                         ((), {"format": 4}), ((), {"format": -1}), ((), {"format": "x"}),
                         ((), {"format": 2**31}), ((), {"format": 4, "filters": [lzma2()]}),
                         ((), {"format": 4, "memlimit": 5}), ((), {"bad": 1}), ((0,), {"format": 0}),
                         ((), {"format": L.FORMAT_RAW, "filters": [lzma2()]})]:
        yield f"LZMADecompressor(*{args}, **{kwargs})", lambda *a, **k: state(L.LZMADecompressor(*a, **k)), args, kwargs

    # Decompression, chunked, limited, hostile.
    text = streams(rng)
    xz = lzma.compress(text)
    formats = {
        "xz": (xz, {}),
        "xz-none": (lzma.compress(text, check=L.CHECK_NONE), {}),
        "xz-crc32": (lzma.compress(text, check=L.CHECK_CRC32), {"format": L.FORMAT_XZ}),
        "xz-sha256": (lzma.compress(text, check=L.CHECK_SHA256), {}),
        "alone": (lzma.compress(text, format=L.FORMAT_ALONE), {}),
        "alone-explicit": (lzma.compress(text, format=L.FORMAT_ALONE), {"format": L.FORMAT_ALONE}),
        "raw": (lzma.compress(text, format=L.FORMAT_RAW, filters=[lzma2(preset=1)]),
                {"format": L.FORMAT_RAW, "filters": [lzma2(preset=1)]}),
        "raw-delta": (lzma.compress(text, format=L.FORMAT_RAW, filters=[{"id": L.FILTER_DELTA, "dist": 3}, lzma2()]),
                      {"format": L.FORMAT_RAW, "filters": [{"id": L.FILTER_DELTA, "dist": 3}, lzma2()]}),
        "raw-lzma1": (lzma.compress(text, format=L.FORMAT_RAW, filters=[lzma1()]),
                      {"format": L.FORMAT_RAW, "filters": [lzma1()]}),
        "empty-xz": (lzma.compress(b""), {}),
    }
    for name, (stream, kwargs) in formats.items():
        yield f"{name} whole", decompress_with, (stream,), kwargs
        for kind in (bytearray, memoryview):
            yield f"{name} whole {kind.__name__}", decompress_with, (stream, -1, kind), kwargs
        for chunk, max_length in [(1, -1), (7, 0), (13, 1), (100, 100), (len(stream), 4096), (1000, 5000),
                                  (len(stream), len(text)), (len(stream), len(text) - 1), (3, 2**62)]:
            yield f"{name} feed {chunk}/{max_length}", feed, (stream, chunk, max_length), kwargs
        yield f"{name} wrong format xz", decompress_with, (stream,), {"format": L.FORMAT_XZ}
        yield f"{name} wrong format alone", decompress_with, (stream,), {"format": L.FORMAT_ALONE}
        yield f"{name} memlimit 1", decompress_with, (stream,), {**kwargs, "memlimit": 1} if "filters" not in kwargs else kwargs
        yield f"{name} memlimit 2**20", decompress_with, (stream,), {**kwargs, "memlimit": 2**20} if "filters" not in kwargs else kwargs
        for cut in sorted({0, 1, 5, 12, 13, 24, len(stream) // 2, len(stream) - 12, len(stream) - 4, len(stream) - 1}):
            yield f"{name} truncated at {cut}", feed, (stream[:cut], 64), kwargs
        for position in sorted({0, 3, 6, 8, 12, 20, 40, len(stream) // 3, len(stream) - 30, len(stream) - 13,
                                len(stream) - 9, len(stream) - 3}):
            if 0 <= position < len(stream):
                flipped = bytearray(stream)
                flipped[position] ^= 1 << rng.randrange(8)
                yield f"{name} bit flip at {position}", feed, (bytes(flipped), 100), kwargs
                yield f"{name} bit flip at {position} after", after_error, (bytes(flipped),), kwargs
        yield f"{name} trailing garbage", feed, (stream + b"garbage!", 50), kwargs
        yield f"{name} trailing zeros", feed, (stream + b"\0" * 12, 1000), kwargs
        yield f"{name} concatenated", feed, (stream + stream, 333), kwargs
        yield f"{name} concatenated lzma.decompress", record_call, (lzma.decompress, stream + stream), {}
        yield f"{name} trailing garbage lzma.decompress", record_call, (lzma.decompress, stream + b"junk"), {}
        yield f"{name} truncated lzma.decompress", record_call, (lzma.decompress, stream[:-5]), {}
    # Wrong integrity check: the last bytes before the index of an .xz
    # stream with CRC32 hold the check.
    crc = bytearray(formats["xz-crc32"][0])
    for position in range(len(crc) - 40, len(crc) - 20):
        bad = bytearray(crc)
        bad[position] ^= 0xFF
        yield f"xz-crc32 corrupt byte {position}", decompress_with, (bytes(bad),), {}
    for garbage in [b"", b"\0", b"\xfd7zXZ\0", b"\xfd7zXZ\0\0\0", b"not lzma at all", b"\x5d\0\0\x80\0" + b"\xff" * 8,
                    b"\xff" * 100, bytes(range(256))]:
        for fmt in (L.FORMAT_AUTO, L.FORMAT_XZ, L.FORMAT_ALONE):
            yield f"garbage {garbage[:12]!r} format={fmt}", feed, (garbage, 5), {"format": fmt}
        yield f"garbage {garbage[:12]!r} raw", feed, (garbage, 5), {"format": L.FORMAT_RAW, "filters": [lzma2()]}
    for args in [(b"x", "a"), (b"x", 1.5), (b"x", 2**63), (b"x", -2**63 - 1), (b"x", -5), ("str",), (), (b"x", None),
                 (b"x", BadIndex())]:
        yield clean(f"decompress{args!r}"), record_call, (L.LZMADecompressor().decompress, *args), {}
    yield "decompress(data=, max_length=)", record_call, (L.LZMADecompressor().decompress,), {"data": xz, "max_length": 10}
    # A small bomb with a limit: at most max_length bytes per call.
    bomb = lzma.compress(b"\0" * (1 << 22), preset=1)
    yield "bomb 1<<20", decompress_with, (bomb, 1 << 20), {}
    yield "bomb feed", feed, (bomb, len(bomb), 1 << 21), {}

    # Filter properties.
    for spec in [lzma1(), lzma1(lc=0, lp=0, pb=0, dict_size=4096), lzma1(preset=9), lzma2(), lzma2(dict_size=4096),
                 lzma2(dict_size=3 << 20), lzma2(dict_size=2**32 - 1), {"id": L.FILTER_DELTA, "dist": 256},
                 {"id": L.FILTER_DELTA, "dist": 300}, {"id": L.FILTER_X86}, {"id": L.FILTER_ARM, "start_offset": 8},
                 {"id": L.FILTER_SPARC, "start_offset": 3}, lzma1(lc=4, lp=4), {"id": 0x0A}, 42, [], None]:
        yield f"_encode_filter_properties({spec!r})", L._encode_filter_properties, (spec,), {}
    yield "_encode_filter_properties()", record_call, (L._encode_filter_properties,), {}
    yield "_encode_filter_properties(a, b)", record_call, (L._encode_filter_properties, {}, {}), {}
    ids = [L.FILTER_LZMA1, L.FILTER_LZMA2, L.FILTER_DELTA, *(getattr(L, name) for name in BCJ), 0x0A, 0x0B, 0, 99,
           2**64 - 1]
    props_list = [b"", b"\x00", b"\x01", b"\x16", b"\x28", b"\x29", b"\xff", b"\x5d\x00\x00\x10\x00",
                  b"\x5d\x00\x00\x00\x01", b"\xe1\x00\x00\x00\x00", b"\x00\x00\x00\x00", b"\x04\x00\x00\x00",
                  b"\x03\x00\x00\x00", b"\x10\x00\x00\x00\x00"]
    for filter_id in ids:
        for props in props_list:
            yield f"_decode_filter_properties({filter_id}, {props!r})", L._decode_filter_properties, (filter_id, props), {}
    for args in [(L.FILTER_LZMA2, bytearray(b"\x16")), (L.FILTER_LZMA2, memoryview(b"\x16")), (L.FILTER_LZMA2, "x"),
                 ("x", b"\x16"), (-1, b""), (2**64, b""), (1.0, b""), (L.FILTER_LZMA2,), (BadIndex(), b""),
                 (True, b"\x00\x00\x00\x00")]:
        yield clean(f"_decode_filter_properties{args!r}"), record_call, (L._decode_filter_properties, *args), {}

    # lzma.py on top: the one-shot functions.
    for name, data in data_sets:
        yield f"lzma.compress {name}", lzma.compress, (data,), {}
        yield f"lzma.compress alone {name}", lzma.compress, (data,), {"format": lzma.FORMAT_ALONE}
        yield f"lzma.decompress round trip {name}", lambda d: lzma.decompress(lzma.compress(d)) == d, (data,), {}
