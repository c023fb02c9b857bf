"""Differential cases for fcntl: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py)."""

import fcntl


def cases(rng):
    """Every public function of fcntl, each with generated arguments."""
    return []
