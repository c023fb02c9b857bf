"""Differential cases for _sha3: the shared hash-object cases (hashcases.py)
for each of its six classes, which are called directly."""

import _sha3

from hashcases import hash_cases

NAMES = ("sha3_224", "sha3_256", "sha3_384", "sha3_512", "shake_128", "shake_256")


def sponge(name):
    h = getattr(_sha3, name)()
    return (h._capacity_bits, h._rate_bits, h._suffix)


def cases(rng):
    out = list(hash_cases(rng, [(name, getattr(_sha3, name)) for name in NAMES]))
    out += [(f"{name} sponge", sponge, (name,), {}) for name in NAMES]
    out.append(("module names", lambda: sorted(n for n in dir(_sha3) if not n.startswith("__") and n != "implementation"), (), {}))
    return out
