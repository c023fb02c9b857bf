"""Differential cases for _random: the streams, states and errors of
_random.Random for every kind of seed, directly and through random.Random.

String seeds of _random.Random itself are hashed, and str hashes differ
between processes, so they go through random.Random (which turns them into
an int with SHA-512) instead.
"""

import random
import _random


from hostile import BadIndex, Index, with_warnings


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
    yield from hostile_cases(rng)


class IndexHash:
    """An index whose __hash__ is what seed uses (never __index__)."""

    def __init__(self, value, hash_value):
        self.value, self.hash_value = value, hash_value

    def __index__(self):
        raise AssertionError("seed must not call __index__")

    def __hash__(self):
        return self.hash_value

    def __repr__(self):
        return f"IndexHash({self.value!r}, {self.hash_value!r})"


class BadIndexInt(int):
    """An int whose __index__ and __abs__ raise: an int is read directly."""

    def __index__(self):
        raise ZeroDivisionError("hostile __index__")

    def __abs__(self):
        raise ZeroDivisionError("hostile __abs__")


class ReseedingIndex:
    """An __index__ that reseeds and draws from `gen` first."""

    def __init__(self, gen, value):
        self.gen, self.value = gen, value

    def __index__(self):
        self.gen.seed(99)
        self.gen.random()
        return self.value

    def __repr__(self):
        return f"ReseedingIndex({self.value!r})"


class ReseedingHash:
    def __init__(self, gen):
        self.gen = gen

    def __hash__(self):
        self.gen.seed(7)
        return 12345


class OwnRandom(_random.Random):
    """Overrides random(): the C methods never call it."""

    def random(self):
        return 0.5


class OwnGetrandbits(random.Random):
    """random.Random picks its randbelow by the methods overridden."""

    def random(self):
        return super().random()

    def getrandbits(self, k):
        return super().getrandbits(k)


class WarningIndex:
    """__index__ returning an int subclass (deprecated)."""

    def __index__(self):
        return BadIndexInt(40)

    def __repr__(self):
        return "WarningIndex()"


def hostile_cases(rng):
    """Python code run from inside the methods: __hash__, __index__ and
    subclasses, some of them using the generator re-entrantly."""
    for seed in (IndexHash(5, 5), IndexHash(5, -1), IndexHash(5, -2), IndexHash(5, 2**61), IndexHash(0, 2**100),
                 BadIndexInt(-31), BadIndexInt(2**70)):
        yield f"_random.Random({seed!r})", seeded(_random.Random, seed), (), {}

    def seed_reseeding_hash():
        gen = _random.Random(1)
        gen.seed(ReseedingHash(gen))
        return draws(gen)
    yield "seed whose __hash__ reseeds", seed_reseeding_hash, (), {}

    for k in (5, 0, 32, 33, 64, 65, 1000, -1, 2**63, 2**64, -(2**63) - 1, 1.5, None, True, BadIndexInt(7)):
        def bits(k=k):
            gen = _random.Random(11)
            return gen.getrandbits(Index(k)), draws(gen)
        yield f"getrandbits(Index({k!r}))", with_warnings(bits), (), {}
    yield "getrandbits(WarningIndex())", with_warnings(lambda: _random.Random(2).getrandbits(WarningIndex())), (), {}
    yield "getrandbits(BadIndexInt(9))", with_warnings(lambda: _random.Random(2).getrandbits(BadIndexInt(9))), (), {}
    for k in (5, 40, 100):
        def reseeding_bits(k=k):
            gen = _random.Random(11)
            return gen.getrandbits(ReseedingIndex(gen, k)), draws(gen)
        yield f"getrandbits(ReseedingIndex({k}))", reseeding_bits, (), {}

    good = _random.Random(9).getstate()

    def set_state(state):
        def run():
            gen = _random.Random(1)
            gen.setstate(state)
            return draws(gen), gen.getstate() == tuple(state)
        return with_warnings(run)
    for label, position in (("word", 0), ("last word", 623), ("index", 624)):
        for value in (Index(5), Index(-1), Index(2**32), Index(2**64), BadIndex(), BadIndexInt(3), True, 2**63,
                      -(2**63), 2**32 - 1, 2**32 + 7, -5, 624, 625, 2**31, WarningIndex(),
                      # Around the digits an int's value is read from inline (30-bit digits).
                      0, 2**30 - 1, 2**30, 2**60 - 1, 2**60, 2**64 - 1, 2**64, -(2**40), IntSubclass(2**40)):
            state = list(good)
            state[position] = value
            yield f"setstate {label} = {value!r}", set_state(tuple(state)), (), {}

    def setstate_reentrant():
        gen = _random.Random(1)
        state = list(good)
        state[624] = ReseedingIndex(gen, 100)
        gen.setstate(tuple(state))
        return draws(gen)
    yield "setstate whose __index__ reseeds", setstate_reentrant, (), {}

    class StateTuple(tuple):
        def __len__(self):
            return 3

        def __getitem__(self, i):
            raise KeyError("hostile __getitem__")
    yield "setstate tuple subclass", set_state(StateTuple(good)), (), {}

    for cls in (OwnRandom, OwnGetrandbits):
        def subclass_draws(cls=cls):
            gen = cls(5)
            out = draws(gen)
            if isinstance(gen, random.Random):
                out += [gen.randrange(1000), gen.choice(range(50)), gen.uniform(1, 2), gen.randbytes(5)]
            return out
        yield f"{cls.__name__} draws", subclass_draws, (), {}
        yield f"{cls.__name__}(x=1)", lambda cls=cls: draws(cls(x=1)), (), {}
    class Plain(_random.Random):
        pass
    yield "plain subclass with keyword", lambda: type(Plain(x=1)).__name__, (), {}
    yield "plain subclass with two args", lambda: type(Plain(1, 2)).__name__, (), {}
