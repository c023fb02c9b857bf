"""Differential cases for _sha1: the shared hash-object cases (hashcases.py)."""

import _sha1

from hashcases import hash_cases


def cases(rng):
    return list(hash_cases(rng, [("sha1", _sha1.sha1)]))
