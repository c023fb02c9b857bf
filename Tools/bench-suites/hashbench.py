"""Benchmarks shared by the builtin hash modules' suites: each function on
64 B, 1 KiB and 1 MiB (a new object per call, as hashlib's one-shot use
makes them), and the per-call overhead of an empty digest."""

SIZES = {"64B": 64, "1KiB": 1024, "1MiB": 1 << 20}


def setup(module):
    return f"""
import {module}, random
rng = random.Random(1)
def data(n):
    return rng.randbytes(n)
"""


def hash_benchmarks(module, names, digest="digest()"):
    out = []
    for name in names:
        new = f"{module}.{name}"
        out.append((f"{name}(b'').{digest}", f"{new}(b'').{digest}", ""))
        for label, n in SIZES.items():
            out.append((f"{name} {label}", f"{new}(raw).{digest}", f"raw = data({n})"))
        out.append((f"{name} update 64B x16", "h = new()\nfor _ in range(16): h.update(raw)\nh." + digest,
                    f"raw = data(64); new = {new}"))
    return out
