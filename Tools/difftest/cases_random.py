"""Differential cases for _random: the streams, states and errors of
_random.Random for every kind of seed, directly and through random.Random.

String seeds of _random.Random itself are hashed, and str hashes differ
between processes, so they go through random.Random (which turns them into
an int with SHA-512) instead.
"""

import random
import _random

from hostile import BadIndex


class Seeded(_random.Random):
    """A subclass with its own __init__ and keyword arguments."""

    def __init__(self, seed=None, *, extra=None):
        super().__init__(seed)
        self.extra = extra


class IntSubclass(int):
    def __abs__(self):
        return 12345  # ignored: the seed is int.__abs__(self)


class HashOnly:
    def __hash__(self):
        return -987654321

    def __repr__(self):
        return "HashOnly()"


class BadHash:
    def __hash__(self):
        raise ZeroDivisionError("hostile __hash__")


def draws(gen):
    """A fingerprint of a generator's stream: floats and getrandbits of
    every width class."""
    out = [gen.random() for _ in range(3)]
    out += [gen.getrandbits(k) for k in (0, 1, 7, 31, 32, 33, 53, 63, 64, 65, 127, 1000)]
    return out


def seeded(cls, seed):
    def run():
        return draws(cls(seed))
    return run


def cases(rng):
    seeds = [0, 1, -1, 2**31, 2**32 - 1, 2**32, 2**64 + 7, -(2**200), 10**50, True, False,
             IntSubclass(-77), HashOnly(), 3.25, -0.0, float("inf"), (1, 2)]
    seeds += [rng.getrandbits(k) for k in (8, 40, 100, 2000)]
    for seed in seeds:
        yield f"_random.Random({seed!r:.40})", seeded(_random.Random, seed), (), {}
        if isinstance(seed, (int, float)):
            yield f"random.Random({seed!r:.40})", seeded(random.Random, seed), (), {}
    for seed in ("", "abc", "\u20ac" * 50, b"bytes", bytearray(b"x" * 100)):
        yield f"random.Random({seed!r:.30})", seeded(random.Random, seed), (), {}
    yield "subclass with keyword", lambda: draws(Seeded(5, extra=1)), (), {}
    yield "unseeded instance", lambda: draws(_random.Random.__new__(_random.Random)), (), {}

    def round_trip():
        gen = _random.Random(2024)
        for _ in range(700):  # past a twist, so the index wraps
            gen.random()
        state = gen.getstate()
        first = draws(gen)
        gen.setstate(state)
        return state[-1], first == draws(gen), hash(state)
    yield "getstate/setstate round trip", round_trip, (), {}

    def set_state(state):
        def run():
            gen = _random.Random(1)
            gen.setstate(state)
            return draws(gen)
        return run
    good = _random.Random(9).getstate()
    for label, state in [("index 0", good[:-1] + (0,)), ("index 624", good[:-1] + (624,)),
                         ("index 625", good[:-1] + (625,)), ("index -1", good[:-1] + (-1,)),
                         ("short", good[:-1]), ("list", list(good)), ("None", None),
                         ("word too big", (2**32 + 5,) + good[1:]), ("word 2**64", (2**64,) + good[1:]),
                         ("negative word", (-1,) + good[1:]), ("float word", (1.0,) + good[1:]),
                         ("index huge", good[:-1] + (2**70,)), ("index str", good[:-1] + ("1",))]:
        yield f"setstate {label}", set_state(state), (), {}

    gen = _random.Random(3)
    for k in (-1, 2**63, 2**64, 1.5, "8", BadIndex(), True):
        yield f"getrandbits({k!r})", gen.getrandbits, (k,), {}
    for args, kwargs in [((1, 2), {}), ((), {"x": 1}), ((), {})]:
        yield f"Random(*{args}, **{kwargs}) errors", lambda a=args, k=kwargs: type(_random.Random(*a, **k)).__name__, (), {}
    yield "seed hostile hash", lambda: _random.Random().seed(BadHash()), (), {}
    yield "seed too many", lambda: _random.Random().seed(1, 2), (), {}
    yield "random with argument", lambda: _random.Random().random(1), (), {}
