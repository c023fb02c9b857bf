"""Differential cases for _blake2: the shared hash-object cases
(hashcases.py) for blake2b and blake2s, then BLAKE2's own parameters: each
at its bounds and just past them, wrong types, the order in which C converts
and checks them, keyed, salted and personalized hashing, tree-hashing
combinations and every digest size."""

import _blake2

from hashcases import BadBool, Exporter, data_of, digest_of, hash_cases, state
from hostile import BadIndex, Index

CLASSES = (("blake2b", _blake2.blake2b), ("blake2s", _blake2.blake2s))


def hashed(new, data=b"", **params):
    """The digest and state of new(data, **params), and of the same data
    fed in two updates."""
    h = new(data, **params)
    split = new(**params)
    split.update(data[:len(data) // 3])
    split.update(data[len(data) // 3:])
    return digest_of(h), digest_of(split), state(h), digest_of(h.copy())


def module_constants():
    names = sorted(n for n in dir(_blake2) if not n.startswith("__"))
    return names, [(n, getattr(_blake2, n)) for n in names if n.isupper()]


def class_attributes(new):
    return (new.SALT_SIZE, new.PERSON_SIZE, new.MAX_KEY_SIZE, new.MAX_DIGEST_SIZE,
            new.__name__, new.__qualname__, new.__module__, new.__doc__, new.__text_signature__,
            sorted(n for n in dir(new) if not n.startswith("__")),
            [(n, getattr(new, n).__doc__, getattr(new, n).__text_signature__)
             for n in ("copy", "digest", "hexdigest", "update")])


def flags(new):
    """The type flags Python code can see: Py_TPFLAGS_BASETYPE (1 << 10),
    HAVE_GC (1 << 14), IMMUTABLETYPE (1 << 8)."""
    import gc
    return new.__flags__ & (1 << 10 | 1 << 14 | 1 << 8), gc.is_tracked(new())


def set_attribute(new, name):
    setattr(new, name, 1)


def boundaries(new):
    """Each parameter at its bounds and just past them (and wrong types)."""
    max_digest = new.MAX_DIGEST_SIZE
    max_key = new.MAX_KEY_SIZE
    values = {
        "digest_size": [0, 1, 2, max_digest - 1, max_digest, max_digest + 1, -1, 2**31 - 1, 2**31, -2**31 - 1,
                        2**64, 1.5, "3", None, True, Index(5), Index(0), BadIndex(), b"1"],
        "key": [b"", b"k", b"k" * max_key, b"k" * (max_key + 1), bytearray(b"k" * 3), memoryview(b"key")[1:],
                "key", None, 5, memoryview(b"abcdef")[::2], Exporter(b"kk")],
        "salt": [b"", b"s", b"s" * new.SALT_SIZE, b"s" * (new.SALT_SIZE + 1), bytearray(b"salt"), "salt", None, 1],
        "person": [b"", b"p", b"p" * new.PERSON_SIZE, b"p" * (new.PERSON_SIZE + 1), bytearray(b"me"), "me", None],
        "fanout": [0, 1, 2, 255, 256, -1, 2**31, 2**63, 1.0, "1", None, Index(3), BadIndex()],
        "depth": [0, 1, 2, 255, 256, -1, 2**31, True, False, 1.0, Index(2), BadIndex()],
        "leaf_size": [0, 1, 2**32 - 1, 2**32, 2**63, 2**64 - 1, 2**64, 2**100, -1, -2**100, 1.0, "1",
                      None, True, Index(1), BadIndex()],
        "node_offset": [0, 1, 2**32, 2**48 - 1, 2**48, 2**63, 2**64 - 1, 2**64, 2**100, -1, -2**70, 1.0,
                        None, False, Index(1), BadIndex()],
        "node_depth": [0, 1, 254, 255, 256, -1, 2**31, 2**40, 1.0, Index(7), BadIndex()],
        "inner_size": [0, 1, max_digest - 1, max_digest, max_digest + 1, -1, 2**32, 1.0, Index(9), BadIndex()],
        "last_node": [True, False, 0, 1, 2, None, "", "x", [], BadBool()],
    }
    for name, choices in values.items():
        for value in choices:
            yield name, value


def in_order(new, first, second):
    """Two bad parameters at once: which error wins shows the order in which
    C converts and checks them."""
    return new(**{first[0]: first[1], second[0]: second[1]})


BAD = {
    # Conversion errors (clinic converts in parameter order).
    "digest_size type": ("digest_size", "x"),
    "key type": ("key", "x"),
    "salt type": ("salt", 1),
    "person type": ("person", None),
    "fanout type": ("fanout", 1.5),
    "depth type": ("depth", None),
    "leaf_size negative": ("leaf_size", -1),
    "leaf_size type": ("leaf_size", Index(1)),
    "node_offset negative": ("node_offset", -1),
    "node_offset huge": ("node_offset", 2**65),
    "node_depth type": ("node_depth", "1"),
    "inner_size type": ("inner_size", []),
    "last_node bool": ("last_node", BadBool()),
    "usedforsecurity bool": ("usedforsecurity", BadBool()),
    # Checks (the impl checks them in its own order: digest_size, salt,
    # person, fanout, depth, leaf_size, node_offset, node_depth,
    # inner_size, key).
    "digest_size range": ("digest_size", 0),
    "salt length": ("salt", b"s" * 40),
    "person length": ("person", b"p" * 40),
    "fanout range": ("fanout", 256),
    "depth range": ("depth", 0),
    "leaf_size range": ("leaf_size", 2**32),
    "node_offset range": ("node_offset", 2**48),
    "node_depth range": ("node_depth", -1),
    "inner_size range": ("inner_size", 65),
    "key length": ("key", b"k" * 65),
    "data": ("data", "text"),
    "string": ("string", 5),
}


def tree_params(rng, new):
    """A random parameter block."""
    params = {}
    if rng.random() < 0.7:
        params["digest_size"] = rng.randint(1, new.MAX_DIGEST_SIZE)
    if rng.random() < 0.5:
        params["key"] = data_of(rng, rng.randint(0, new.MAX_KEY_SIZE))
    if rng.random() < 0.5:
        params["salt"] = data_of(rng, rng.randint(0, new.SALT_SIZE))
    if rng.random() < 0.5:
        params["person"] = data_of(rng, rng.randint(0, new.PERSON_SIZE))
    params["fanout"] = rng.choice([0, 1, 2, rng.randint(0, 255), 255])
    params["depth"] = rng.choice([1, 2, rng.randint(1, 255), 255])
    params["leaf_size"] = rng.choice([0, 1, 4096, rng.getrandbits(32), 2**32 - 1])
    max_offset_bits = 64 if new is _blake2.blake2b else 48
    params["node_offset"] = rng.choice([0, 1, rng.getrandbits(max_offset_bits), 2**max_offset_bits - 1])
    params["node_depth"] = rng.choice([0, 1, rng.randint(0, 255), 255])
    params["inner_size"] = rng.choice([0, 1, rng.randint(0, new.MAX_DIGEST_SIZE), new.MAX_DIGEST_SIZE])
    params["last_node"] = rng.random() < 0.5
    return params


def mutated_during_conversion(new, resize):
    """A later argument's __index__ changes the key, whose buffer C holds
    from its conversion on: a resize fails, a write is seen by the hash."""
    key = bytearray(b"k" * 8)

    class Mutator:
        def __index__(self):
            if resize:
                key.extend(b"more")
            else:
                key[0] = ord("X")
            return 2

    return digest_of(new(b"data", key=key, fanout=Mutator())), bytes(key)


def subclass(new):
    class Sub(new):
        pass
    return Sub


def cases(rng):
    out = list(hash_cases(rng, CLASSES))
    out.append(("module constants", module_constants, (), {}))
    out.append(("module doc", lambda: _blake2.__doc__, (), {}))
    for label, new in CLASSES:
        out.append((f"{label} class attributes", class_attributes, (new,), {}))
        out.append((f"{label} flags", flags, (new,), {}))
        out.append((f"{label} subclass", subclass, (new,), {}))
        for name in ("SALT_SIZE", "MAX_DIGEST_SIZE", "name", "other"):
            out.append((f"{label} set class {name}", set_attribute, (new, name), {}))
        out.append((f"{label} set digest_size", lambda new=new: setattr(new(), "digest_size", 3), (), {}))
        out.append((f"{label} no positional parameter", new, (b"a", b"b"), {"digest_size": 3}))
        out.append((f"{label} positional parameter", new, (b"a", 32), {}))
        data = data_of(rng, 300)
        for number, (name, value) in enumerate(boundaries(new)):
            shown = repr(value) if " at 0x" not in repr(value) else f"{type(value).__name__} #{number}"
            out.append((f"{label} {name}={shown}", hashed, (new, data), {name: value}))
        for first_label, first in BAD.items():
            for second_label, second in BAD.items():
                if first[0] != second[0]:
                    out.append((f"{label} {first_label} then {second_label}", in_order, (new, first, second), {}))
        out.append((f"{label} data positional and string", new, ("text",), {"string": b"x", "digest_size": 0}))
        # Every digest size, with and without a key.
        for size in range(1, new.MAX_DIGEST_SIZE + 1):
            out.append((f"{label} digest_size {size}", hashed, (new, data[:size * 3]), {"digest_size": size}))
            out.append((f"{label} keyed digest_size {size}", hashed, (new, data[:size]),
                        {"digest_size": size, "key": data[-size:]}))
        # Keyed, salted and personalized, across block boundaries.
        block = new().block_size
        for n in (0, 1, block - 1, block, block + 1, 2 * block, 3000):
            message = data_of(rng, n)
            for key_size in (1, new.MAX_KEY_SIZE // 2, new.MAX_KEY_SIZE):
                key = data_of(rng, key_size)
                out.append((f"{label} key {key_size} data {n}", hashed, (new, message), {"key": key}))
            out.append((f"{label} salt data {n}", hashed, (new, message), {"salt": data_of(rng, new.SALT_SIZE)}))
            out.append((f"{label} person data {n}", hashed, (new, message), {"person": data_of(rng, 3)}))
            out.append((f"{label} all data {n}", hashed, (new, message),
                        {"key": b"k", "salt": b"s", "person": b"p", "digest_size": 20}))
            out.append((f"{label} last node data {n}", hashed, (new, message), {"last_node": True}))
        # Tree-hashing parameter blocks.
        for number in range(60):
            params = tree_params(rng, new)
            message = data_of(rng, rng.choice([0, 1, 64, 128, 129, rng.randrange(3000)]))
            out.append((f"{label} tree {number}", hashed, (new, message), params))
        # A keyed object's copy, and the key not taken from data.
        out.append((f"{label} keyed copy", lambda new=new: digest_of(new(key=b"key", digest_size=16).copy()), (), {}))
        out.append((f"{label} keyed empty vs key data", lambda new=new: (new(key=b"k").digest(), new(b"k").digest()), (), {}))
        out.append((f"{label} key resized by __index__", mutated_during_conversion, (new, True), {}))
        out.append((f"{label} key written by __index__", mutated_during_conversion, (new, False), {}))
        out.append((f"{label} big data keyed", hashed, (new, data_of(rng, 70_000)), {"key": b"x" * 7, "last_node": True}))
    return out
