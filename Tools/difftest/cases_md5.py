"""Differential cases for _md5: the shared hash-object cases (hashcases.py)."""

import _md5

from hashcases import hash_cases


def cases(rng):
    return list(hash_cases(rng, [("md5", _md5.md5)]))
