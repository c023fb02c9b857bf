"""Differential cases for _bz2 (and Lib/bz2.py on top of it): (label,
function, args, kwargs), the same inputs through the stock and the Rust
module (see difftest.py).

The stock interpreter links the system's libbzip2, so comparing what
`bz2.compress` returns compares the Rust port's bytes with the C library's.
Compressed inputs for the decompression cases are made by the system's
`bzip2` program (not by the module under test), then truncated, bit-flipped,
given a wrong CRC, concatenated or followed by garbage.  Stateful
scenarios (chunked feeding, max_length, errors in the middle) return the
whole trace of a compressor's or decompressor's calls and attributes.

Not compared: what a decompressor does when called again after it raised.
libbzip2 reads its input one byte at a time, libbz2-rs-sys up to eight
bytes ahead into its bit buffer; both give the same results on any input,
but an error leaves them at different positions in a stream that is broken
anyway (C's next call with b'' returns b'' where the Rust module's may
raise again).
"""

import array
import bz2
import hashlib
import pickle
import shutil
import subprocess

import _bz2

from hostile import BadIndex, Index


def digest(data):
    """Short, exact stand-in for a large bytes result."""
    if len(data) <= 64:
        return data
    return (len(data), hashlib.sha256(data).hexdigest()[:24])


def traced(func):
    """The outcome of func(): its digested result or its exception."""
    try:
        result = func()
    except Exception as exc:  # the exception is the outcome being compared
        return f"raised {type(exc).__name__}: {exc}"
    return digest(result) if isinstance(result, bytes) else result


# ---------------------------------------------------------------------------
# Inputs, made without the module under test.

def text_like(rng, size):
    words = [b"the", b"quick", b"brown", b"fox", b"jumps", b"over", b"lazy", b"dog", b"\n",
             b"lorem", b"ipsum", b"dolor", b"sit", b"amet", b"1234", b"--", b"\t"]
    out = bytearray()
    while len(out) < size:
        out += rng.choice(words) + b" "
    return bytes(out[:size])


def inputs(rng):
    for n in (0, 1, 2, 3, 4, 5, 6, 100, 255, 256, 1000):
        yield f"random[{n}]", rng.randbytes(n)
    yield "zeros[10]", b"\0" * 10
    yield "zeros[100000]", b"\0" * 100_000
    yield "runs", b"".join(bytes([rng.randrange(4)]) * rng.randrange(1, 600) for _ in range(3000))
    yield "text[50000]", text_like(rng, 50_000)
    yield "random[70000]", rng.randbytes(70_000)
    yield "abab", b"ab" * 40_000


def system_bzip2(data, level=9):
    """data compressed by the system's bzip2 program (or, without it, by
    the interpreter's bz2: the system library on the stock side)."""
    program = shutil.which("bzip2")
    if program is None:
        return bz2.compress(data, level)
    return subprocess.run([program, "-c", f"-{level}"], input=data, capture_output=True, check=True).stdout


# ---------------------------------------------------------------------------
# Scenarios.

def one_shot(data, level):
    """The compressed bytes themselves (as digests when long)."""
    compressor = _bz2.BZ2Compressor(level)
    return [traced(lambda: compressor.compress(data)), traced(compressor.flush)]


def compress_in_chunks(data, level, sizes):
    """Per call: what each compress() of a chunk returns, then flush()."""
    compressor = _bz2.BZ2Compressor(level)
    trace, pos, i = [], 0, 0
    while pos < len(data):
        size = sizes[i % len(sizes)]
        trace.append(traced(lambda: compressor.compress(data[pos:pos + size])))
        pos, i = pos + size, i + 1
    trace.append(traced(compressor.flush))
    trace.append(traced(compressor.flush))
    trace.append(traced(lambda: compressor.compress(b"more")))
    return trace


def decompress_steps(blob, steps):
    """Feeds blob to one decompressor in steps of (chunk size, max_length);
    each step's output, eof, needs_input and unused_data, up to the first
    error (a decompressor that raised is not used again: see below)."""
    decompressor = _bz2.BZ2Decompressor()
    trace, pos = [], 0
    for size, max_length in steps:
        chunk = blob[pos:pos + size]
        pos += size
        if max_length is None:
            outcome = traced(lambda: decompressor.decompress(chunk))
        else:
            outcome = traced(lambda: decompressor.decompress(chunk, max_length))
        failed = isinstance(outcome, str) and outcome.startswith("raised")
        # After a libbzip2 error, 3.13.5 leaves needs_input as it was;
        # gh-150599 (later 3.13.x) clears it, as the Rust module does
        # (test_rust_bz2.AfterErrorTest).
        needs_input = None if failed else decompressor.needs_input
        trace.append((outcome, decompressor.eof, needs_input, digest(decompressor.unused_data)))
        if failed:
            break
    return trace


def decompress_all(blob, chunk, max_length):
    """Feeds blob in chunks with max_length, then b'' until no more output
    (the pattern of _compression.DecompressReader); the trace's digest."""
    decompressor = _bz2.BZ2Decompressor()
    trace, pos, guard = [], 0, 0
    while not decompressor.eof and guard < 10_000:
        guard += 1
        if decompressor.needs_input:
            if pos >= len(blob):
                trace.append("input exhausted")
                break
            data, pos = blob[pos:pos + chunk], pos + chunk
        else:
            data = b""
        try:
            out = decompressor.decompress(data, max_length)
        except Exception as exc:
            trace.append(f"raised {type(exc).__name__}: {exc}")
            break
        trace.append((len(out), hashlib.sha256(out).hexdigest()[:12], decompressor.needs_input))
    return digest(repr(trace).encode()), len(trace), decompressor.eof, digest(decompressor.unused_data)


def object_face(obj):
    """What Python code sees of a class or instance."""
    cls = obj if isinstance(obj, type) else type(obj)
    face = [cls.__name__, cls.__qualname__, cls.__module__, cls.__doc__, cls.__text_signature__,
            bool(cls.__flags__ & (1 << 10)), bool(cls.__flags__ & (1 << 8)), bool(cls.__flags__ & (1 << 14)),
            sorted(name for name in dir(cls) if not name.startswith("__"))]
    for name, value in sorted(vars(cls).items()):
        if not name.startswith("__") or name == "__new__":
            face.append((name, type(value).__name__, value.__doc__, getattr(value, "__text_signature__", None)))
    return face


def subclass(cls):
    class Sub(cls):
        pass
    return Sub


def pickled(obj, protocol):
    return pickle.dumps(obj, protocol)


def copied(obj):
    import copy
    return copy.copy(obj)


class MutatesBuffer:
    """max_length whose __index__ writes into the data being decompressed
    (the bytearray's buffer is held, so it cannot be resized)."""

    def __init__(self, target, value):
        self.target = target
        self.value = value

    def __index__(self):
        self.target[:] = bytes(len(self.target))
        try:
            self.target.append(0)
        except BufferError as exc:
            self.error = str(exc)
        return self.value

    def __repr__(self):
        return "MutatesBuffer()"


def mutating_max_length(blob):
    target = bytearray(blob)
    decompressor = _bz2.BZ2Decompressor()
    return traced(lambda: decompressor.decompress(target, MutatesBuffer(target, -1)))


class Reenters:
    """max_length whose __index__ calls the same decompressor."""

    def __init__(self, decompressor, blob):
        self.decompressor = decompressor
        self.blob = blob

    def __index__(self):
        self.inner = traced(lambda: self.decompressor.decompress(self.blob[:50]))
        return 100

    def __repr__(self):
        return "Reenters()"


def reentrant_max_length(blob):
    decompressor = _bz2.BZ2Decompressor()
    index = Reenters(decompressor, blob)
    outer = traced(lambda: decompressor.decompress(blob[50:], index))
    return index.inner, outer, decompressor.eof, decompressor.needs_input, digest(decompressor.unused_data)


def flip_bit(blob, position):
    out = bytearray(blob)
    out[position // 8] ^= 1 << (position % 8)
    return bytes(out)


def hostile_streams(rng, label, data, blob):
    """Damaged variants of blob, a complete stream of data."""
    yield f"{label} intact", blob
    for cut in sorted({0, 1, 3, 4, 10, 14, len(blob) // 2, len(blob) - 10, len(blob) - 6, len(blob) - 1}):
        if 0 <= cut < len(blob):
            yield f"{label} truncated to {cut}", blob[:cut]
    for _ in range(6):
        position = rng.randrange(len(blob) * 8)
        yield f"{label} bit {position} flipped", flip_bit(blob, position)
    # The stream's combined CRC is its last 32 bits before padding: flip
    # bits in the trailer, and in the block CRC after the block header.
    yield f"{label} trailer flipped", flip_bit(blob, len(blob) * 8 - 9)
    yield f"{label} block crc flipped", flip_bit(blob, 10 * 8 + 3)
    yield f"{label} bad magic", b"BZx" + blob[3:]
    yield f"{label} level 0", b"BZh0" + blob[4:]
    yield f"{label} trailing garbage", blob + b"garbage!" * 3
    yield f"{label} trailing zeros", blob + bytes(20)
    yield f"{label} twice", blob + blob
    yield f"{label} then truncated copy", blob + blob[:len(blob) // 2]
    yield f"{label} then magic", blob + b"BZh9"


def cases(rng):
    """_bz2's classes and Lib/bz2.py's functions with generated arguments."""
    # The classes themselves: names, docstrings, signatures, flags.
    yield "BZ2Compressor face", object_face, (_bz2.BZ2Compressor,), {}
    yield "BZ2Decompressor face", object_face, (_bz2.BZ2Decompressor,), {}
    yield "module names", lambda: sorted(n for n in dir(_bz2) if not n.startswith("__")), (), {}
    yield "module doc", lambda: _bz2.__doc__, (), {}
    for cls in (_bz2.BZ2Compressor, _bz2.BZ2Decompressor):
        name = cls.__name__
        yield f"subclass {name}", subclass, (cls,), {}
        yield f"set attribute on {name}", setattr, (cls, "x", 1), {}
        yield f"instance attribute of {name}", lambda cls=cls: setattr(cls(), "x", 1), (), {}
        yield f"copy {name}", lambda cls=cls: copied(cls()), (), {}
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            yield f"pickle {name} protocol {protocol}", lambda cls=cls, p=protocol: pickled(cls(), p), (), {}
    decompressor = _bz2.BZ2Decompressor()
    for attr in ("eof", "unused_data", "needs_input"):
        yield f"fresh {attr}", getattr, (decompressor, attr), {}
        yield f"set {attr}", setattr, (decompressor, attr, 1), {}
        yield f"delete {attr}", delattr, (decompressor, attr), {}

    # Constructor arguments.
    for args in [(), (1,), (9,), (5,), (0,), (10,), (-1,), (2**31,), (2**63,), (-2**31 - 1,), (True,),
                 (Index(3),), (Index(12),), (BadIndex(),), ("9",), (9.0,), (None,), (1, 2), (1, 2, 3)]:
        yield f"BZ2Compressor{args!r}", lambda args=args: type(_bz2.BZ2Compressor(*args)).__name__, (), {}
    for kwargs in [{"compresslevel": 9}, {"x": 1}, {}]:
        yield f"BZ2Compressor(**{kwargs})", lambda kw=kwargs: type(_bz2.BZ2Compressor(**kw)).__name__, (), {}
        yield f"BZ2Decompressor(**{kwargs})", lambda kw=kwargs: type(_bz2.BZ2Decompressor(**kw)).__name__, (), {}
    for args in [(1,), (None,), (1, 2)]:
        yield f"BZ2Decompressor{args!r}", lambda args=args: _bz2.BZ2Decompressor(*args), (), {}
    yield "BZ2Decompressor(1, x=2)", lambda: _bz2.BZ2Decompressor(1, x=2), (), {}
    yield "BZ2Compressor(1, x=2)", lambda: _bz2.BZ2Compressor(1, x=2), (), {}
    yield "BZ2Compressor(20, x=2)", lambda: _bz2.BZ2Compressor(20, x=2), (), {}
    yield "BZ2Compressor(1, 2, x=2)", lambda: _bz2.BZ2Compressor(1, 2, x=2), (), {}

    # Method arguments.
    compressor_args = {"()": (), "(b'')": (b"",), "(b'x', b'y')": (b"x", b"y"), "('text')": ("text",),
                       "(None)": (None,), "(1)": (1,), "(array i)": (array.array("i", [1, 2]),),
                       "(strided memoryview)": (memoryview(b"abcdef")[::2],), "(bytearray)": (bytearray(b"abc"),),
                       "(memoryview)": (memoryview(b"abc"),)}
    for label, args in compressor_args.items():
        yield f"compress{label}", lambda args=args: _bz2.BZ2Compressor().compress(*args), (), {}
    yield "compress(data=)", lambda: _bz2.BZ2Compressor().compress(data=b""), (), {}
    yield "flush(1)", lambda: _bz2.BZ2Compressor().flush(1), (), {}
    yield "flush(x=1)", lambda: _bz2.BZ2Compressor().flush(x=1), (), {}
    valid = system_bzip2(b"hello bz2 " * 100)
    decompress_args = [
        ("()", (), {}), ("(valid)", (valid,), {}), ("(valid, -1)", (valid, -1), {}), ("(valid, 0)", (valid, 0), {}),
        ("(valid, 10)", (valid, 10), {}), ("(valid, -2**63)", (valid, -2**63), {}),
        ("(valid, 2**63)", (valid, 2**63), {}), ("(valid, 2**70)", (valid, 2**70), {}),
        ("(valid, Index(5))", (valid, Index(5)), {}), ("(valid, BadIndex())", (valid, BadIndex()), {}),
        ("(valid, 1.5)", (valid, 1.5), {}), ("(valid, None)", (valid, None), {}), ("(valid, '3')", (valid, "3"), {}),
        ("(valid, 1, 2)", (valid, 1, 2), {}), ("(data=valid)", (), {"data": valid}),
        ("(data=valid, max_length=7)", (), {"data": valid, "max_length": 7}),
        ("(valid, max_length=7)", (valid,), {"max_length": 7}), ("(valid, data=valid)", (valid,), {"data": valid}),
        ("(valid, x=1)", (valid,), {"x": 1}), ("('text')", ("text",), {}), ("(None)", (None,), {}),
        ("(bytearray)", (bytearray(valid),), {}), ("(memoryview)", (memoryview(valid),), {}),
        ("(array b)", (array.array("b", valid),), {}), ("(strided memoryview)", (memoryview(valid)[::2],), {}),
    ]
    for label, args, kwargs in decompress_args:
        yield f"decompress{label}", lambda args=args, kwargs=kwargs: _bz2.BZ2Decompressor().decompress(*args, **kwargs), (), {}
    yield "mutating max_length", mutating_max_length, (valid,), {}
    yield "re-entrant max_length", reentrant_max_length, (system_bzip2(text_like(rng, 20_000)),), {}

    # Compression: every level; the bytes of stock's libbzip2.
    samples = list(inputs(rng))
    for label, data in samples:
        for level in (1, 9) if len(data) > 1000 else (9,):
            yield f"one shot {label} level {level}", one_shot, (data, level), {}
            yield f"bz2.compress {label} level {level}", bz2.compress, (data, level), {}
    text = text_like(rng, 300_000)
    for level in range(1, 10):
        yield f"bz2.compress text level {level}", lambda level=level: digest(bz2.compress(text, level)), (), {}
        yield f"against bzip2 program level {level}", lambda level=level: bz2.compress(text, level) == system_bzip2(text, level), (), {}
    noise = rng.randbytes(250_000)
    yield "bz2.compress noise level 1", lambda: digest(bz2.compress(noise, 1)), (), {}
    # Blocks filled and written by small compress() calls (level 1: 100 kB
    # blocks), so some calls return data and others b''.
    for sizes in ([1], [7, 1000], [4096], [65536], [99_981, 1], [250_000]):
        sample = text[:40_000] if sizes == [1] else text[:250_000]
        yield f"compress chunks {sizes}", compress_in_chunks, (sample, 1, sizes), {}
    yield "compress noise chunks", compress_in_chunks, (noise, 1, [30_000]), {}
    yield "compress empty then flush", compress_in_chunks, (b"", 9, [1]), {}
    yield "flush only", lambda: _bz2.BZ2Compressor(3).flush(), (), {}

    # Decompression: chunked feeding, max_length, attributes after each call.
    big_text = system_bzip2(text, 9)
    big_noise = system_bzip2(noise, 1)
    small = system_bzip2(b"small data " * 10)
    zeros = system_bzip2(bytes(3_000_000), 9)
    for label, blob in [("small", small), ("text", big_text), ("noise", big_noise), ("zeros", zeros)]:
        yield f"{label} whole", decompress_steps, (blob, [(len(blob), None)]), {}
        yield f"{label} whole + b''", decompress_steps, (blob, [(len(blob), None), (0, None)]), {}
        yield f"{label} max_length 0", decompress_steps, (blob, [(len(blob), 0), (0, 0), (0, 1), (0, -1)]), {}
        yield f"{label} max_length 1", decompress_steps, (blob, [(len(blob), 1)] + [(0, 1)] * 5 + [(0, -1), (0, -1)]), {}
        for chunk, max_length in [(1, -1), (1, 100), (100, 1), (100, 32768), (1000, 32767), (1000, 32769),
                                  (5000, 98304), (7919, 4096), (len(blob), 100_000), (len(blob), 32 * 1024 + 64 * 1024)]:
            if chunk == 1 and len(blob) > 5000:
                continue
            yield f"{label} chunks {chunk} max_length {max_length}", decompress_all, (blob, chunk, max_length), {}
        steps = [(rng.randrange(1, 3000), rng.choice([None, -1, 0, 1, 10, 5000, 40_000, 200_000])) for _ in range(40)]
        yield f"{label} random steps", decompress_steps, (blob, steps), {}
    yield "decompress after eof", decompress_steps, (small + b"tail", [(len(small) + 4, None), (5, None), (0, None)]), {}
    yield "eof in second chunk", decompress_steps, (small + small, [(len(small) - 5, None), (20, None), (100, None)]), {}
    yield "zeros bomb bounded", decompress_steps, (zeros, [(len(zeros), 10), (0, 1_000_000), (0, -1)]), {}

    # Hostile streams: the class and Lib/bz2.py's multi-stream decompress.
    for label, data in [("small", b"small data " * 10), ("text", text[:150_000]), ("empty", b"")]:
        blob = system_bzip2(data, 1)
        for variant_label, variant in hostile_streams(rng, label, data, blob):
            yield f"bz2.decompress {variant_label}", lambda v=variant: digest(bz2.decompress(v)), (), {}
            yield f"decompressor {variant_label}", decompress_steps, (variant, [(len(variant), None), (0, None)]), {}
            yield f"decompressor {variant_label} byte by byte", decompress_all, (variant, 1 if len(variant) < 3000 else 997, 50), {}
            yield f"{variant_label} then intact", decompress_steps, (variant + blob, [(len(variant), None), (len(blob), None)]), {}
    for label, blob in [("garbage", b"not a bzip2 stream at all"), ("empty", b""), ("magic only", b"BZh9"),
                        ("header only", b"BZh91AY&SY"), ("zero block", b"BZh9" + bytes(100)),
                        ("random after magic", b"BZh9" + rng.randbytes(500))]:
        yield f"bz2.decompress {label}", lambda b=blob: digest(bz2.decompress(b)), (), {}
        yield f"decompressor {label}", decompress_steps, (blob, [(len(blob), None), (0, None), (10, None)]), {}
    multi = b"".join(system_bzip2(bytes([i]) * (i * 1000), 1 + i % 9) for i in range(1, 12))
    yield "bz2.decompress many streams", lambda: digest(bz2.decompress(multi)), (), {}
    yield "bz2.decompress stream of empty + stream", lambda: bz2.decompress(system_bzip2(b"") + small), (), {}
    for level in range(1, 10):
        blob = system_bzip2(text[:120_000], level)
        yield f"decompress bzip2 -{level}", lambda b=blob: digest(bz2.decompress(b)), (), {}

    # Round trips through Lib/bz2.py's file object (BZ2File over BytesIO).
    yield "BZ2File round trip", bz2_file_round_trip, (text[:200_000],), {}


def bz2_file_round_trip(data):
    import io
    buffer = io.BytesIO()
    with bz2.BZ2File(buffer, "wb", compresslevel=2) as f:
        for start in range(0, len(data), 7777):
            f.write(data[start:start + 7777])
    compressed = buffer.getvalue()
    with bz2.BZ2File(io.BytesIO(compressed + compressed)) as f:
        lines = f.readlines()
    return digest(compressed), len(lines), digest(b"".join(lines))
