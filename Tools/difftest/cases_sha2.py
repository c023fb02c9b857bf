"""Differential cases for _sha2: the shared hash-object cases (hashcases.py)
for each of its four functions."""

import _sha2

from hashcases import hash_cases


def cases(rng):
    return list(hash_cases(rng, [(name, getattr(_sha2, name)) for name in ("sha224", "sha256", "sha384", "sha512")]))
