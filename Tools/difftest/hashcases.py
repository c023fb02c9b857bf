"""Differential cases shared by the builtin hash modules (_md5, _sha1,
_sha2, _sha3, _blake2): constructors, updates across block and GIL
thresholds, copies, digests, attributes, and the errors of bad data and
bad arguments.  cases_<module>.py calls hash_cases with the module's
constructors."""

import array
import pickle

from hostile import BadIndex


class BadBool:
    def __bool__(self):
        raise ZeroDivisionError("hostile __bool__")


class Exporter:
    """An object that exports a buffer through __buffer__."""

    def __init__(self, data):
        self.data = data

    def __buffer__(self, flags):
        return memoryview(self.data)


def sizes(rng):
    """Lengths around the block sizes (64, 72..168, 128) and C's GIL
    threshold (2048), plus a few large ones."""
    out = [0, 1, 55, 56, 63, 64, 65, 71, 72, 103, 104, 111, 112, 127, 128, 129, 135, 136, 143, 144,
           167, 168, 169, 2047, 2048, 2049, 4096, 100_000]
    out += [rng.randrange(1, 5000) for _ in range(4)]
    return out


def data_of(rng, n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def state(h):
    """Everything observable about a hash object, after the call."""
    return (type(h).__module__, type(h).__qualname__, h.name, h.digest_size, h.block_size)


def digest_of(h):
    if h.digest_size == 0:  # SHAKE
        return (h.digest(0), h.digest(1), h.digest(100), h.hexdigest(33))
    return (h.digest(), h.hexdigest())


def updated(new, chunks):
    def run():
        h = new()
        for chunk in chunks:
            h.update(chunk)
        return state(h), digest_of(h)
    return run


def copied(new, first, second):
    def run():
        h = new(first)
        c = h.copy()
        c.update(second)
        d = h.copy()
        return digest_of(h), digest_of(c), digest_of(d), state(c), type(c) is type(h)
    return run


def digest_twice(new, data):
    def run():
        h = new(data)
        once = digest_of(h)
        h.update(data)
        return once, digest_of(h)
    return run


def shake_lengths(new):
    def run(length):
        # Long outputs are compared by length and ends: a repr of 512 MiB
        # would cost the difftest minutes and gigabytes.
        out = new(b"abc").digest(length)
        return (len(out), out[:32], out[-32:])
    return run


def attribute_errors(new):
    def run(action):
        h = new()
        if action == "set":
            h.name = "x"
        elif action == "new attr":
            h.extra = 1
        elif action == "type call":
            return digest_of(type(h)(b"x"))
        elif action == "subclass":
            class Sub(type(h)):
                pass
            return Sub
        elif action == "pickle":
            return pickle.dumps(h)
        elif action == "type attr":
            type(h).name = "x"
        elif action == "doc":
            return (type(h).__doc__, type(h).update.__doc__, type(h).digest.__text_signature__)
        return None
    return run


def hash_cases(rng, constructors):
    """Cases for each (label, constructor) pair."""
    for label, new in constructors:
        for n in sizes(rng):
            data = data_of(rng, n)
            yield f"{label} new {n}", lambda new=new, data=data: digest_of(new(data)), (), {}
            yield f"{label} kw data {n}", lambda new=new, data=data: digest_of(new(data=data)), (), {}
            yield f"{label} kw string {n}", lambda new=new, data=data: digest_of(new(string=data)), (), {}
            yield f"{label} bytearray {n}", lambda new=new, data=data: digest_of(new(bytearray(data))), (), {}
            yield f"{label} memoryview {n}", lambda new=new, data=data: digest_of(new(memoryview(data)[1:])), (), {}
            split = rng.randrange(n + 1)
            yield f"{label} update {n}/{split}", updated(new, [data[:split], b"", data[split:]]), (), {}
            yield f"{label} copy {n}/{split}", copied(new, data[:split], data[split:]), (), {}
            yield f"{label} digest twice {n}", digest_twice(new, data), (), {}
        yield f"{label} many updates", updated(new, [data_of(rng, rng.randrange(200)) for _ in range(50)]), (), {}
        yield f"{label} empty", lambda new=new: (state(new()), digest_of(new())), (), {}
        yield f"{label} array", lambda new=new: digest_of(new(array.array("i", range(100)))), (), {}
        yield f"{label} array update", updated(new, [array.array("d", [1.5, -2.0]), array.array("b", [1, 2, 3])]), (), {}
        yield f"{label} exporter", lambda new=new: digest_of(new(Exporter(b"exported"))), (), {}
        bad_data = {"str": "text", "int": 5, "None": None, "float": 1.5, "list": [1, 2],
                    "strided memoryview": memoryview(b"abcdef")[::2], "BadIndex": BadIndex()}
        for what, bad in bad_data.items():
            yield f"{label} bad data {what}", new, (bad,), {}
            yield f"{label} bad update {what}", updated(new, [b"x", bad]), (), {}
        yield f"{label} data and string", new, (b"a",), {"string": b"b"}
        yield f"{label} data kw and string", new, (), {"data": b"a", "string": b"b"}
        yield f"{label} string None", lambda new=new: digest_of(new(string=None)), (), {}
        yield f"{label} data None", new, (None,), {}
        yield f"{label} usedforsecurity", lambda new=new: digest_of(new(b"a", usedforsecurity=False)), (), {}
        yield f"{label} usedforsecurity bad", new, (b"a",), {"usedforsecurity": BadBool()}
        yield f"{label} two positional", new, (b"a", b"b"), {}
        yield f"{label} unknown keyword", new, (), {"foo": 1}
        yield f"{label} update no args", lambda new=new: new().update(), (), {}
        yield f"{label} update kw", lambda new=new: new().update(data=b"x"), (), {}
        yield f"{label} digest args", lambda new=new: new().digest(1, 2), (), {}
        yield f"{label} copy args", lambda new=new: new().copy(1), (), {}
        for action in ("set", "new attr", "type call", "subclass", "pickle", "type attr", "doc"):
            yield f"{label} {action}", attribute_errors(new), (action,), {}
        if new().digest_size == 0:
            for length in (0, 1, 135, 136, 137, 168, 169, 1000, -1, 2**29 - 1, 2**29, 2**64, 2**100, 1.5, "3", True, None):
                yield f"{label} shake length {length!r}", shake_lengths(new), (length,), {}
            yield f"{label} shake length kw", lambda new=new: new(b"a").hexdigest(length=7), (), {}
            yield f"{label} shake no length", lambda new=new: new(b"a").digest(), (), {}
            yield f"{label} shake index", lambda new=new: new(b"a").digest(BadIndex()), (), {}
