"""Differential cases for mmap: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py).

A map is state: each case makes its own (anonymous, or over a temporary
file), runs a scenario of steps on it and returns every step's result or
exception, then the map's repr and bytes, and the file's bytes."""

import mmap
import os
import tempfile

from hostile import BadIndex, Index

PAGE = mmap.PAGESIZE
TMP = tempfile.mkdtemp(prefix="difftest_mmap_")


def pattern(size, seed=0):
    """Deterministic bytes with newlines and repeats, for searching."""
    text = b"".join(b"line %d: %s\n" % (i, b"ab" * ((i + seed) % 7)) for i in range(size // 8 + 2))
    return text[:size]


def anonymous(size, fill=True, **kwargs):
    def make():
        m = mmap.mmap(-1, size, **kwargs)
        if fill and size and not m.closed and kwargs.get("access") != mmap.ACCESS_READ:
            m[:] = pattern(size)
        return m
    return make


class FileMap:
    """A map over a new temporary file of `content`; `length` and the
    keywords go to mmap.mmap.  The file is read back after the scenario."""

    count = 0

    def __init__(self, content, length=0, mode="r+b", **kwargs):
        FileMap.count += 1
        self.path = os.path.join(TMP, f"map{FileMap.count}")
        self.content, self.length, self.mode, self.kwargs = content, length, mode, kwargs

    def __call__(self):
        with open(self.path, "wb") as f:
            f.write(self.content)
        with open(self.path, self.mode) as f:
            return mmap.mmap(f.fileno(), self.length, **self.kwargs)

    def file_bytes(self):
        with open(self.path, "rb") as f:
            return f.read()


def attempt(step, m):
    try:
        return repr(step(m))
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


def scenario(make, steps):
    def run():
        m = make()
        results = [attempt(step, m) for step in steps]
        results.append(repr(m))
        if not m.closed:
            results.append(bytes(m))
            m.close()
        if isinstance(make, FileMap):
            results.append(make.file_bytes())
        return results
    return run


def closing_index(value, close=True, new_size=None):
    """An index whose __index__ closes (or resizes) the map given later."""
    class Hostile:
        target = None

        def __index__(self):
            if close:
                self.target.close()
            elif new_size is not None:
                self.target.resize(new_size)
            return value

        def __repr__(self):
            return f"closing_index({value})"
    return Hostile()


def exported(m):
    """close() and resize() while a memoryview holds the map, then after."""
    view = memoryview(m)
    refused = [attempt(lambda m: m.close(), m), attempt(lambda m: m.resize(PAGE), m), m.closed]
    view.release()
    return refused + [attempt(lambda m: m.resize(PAGE), m), len(m)]


def hostile_step(index, action):
    def step(m):
        index.target = m
        return action(m, index)
    return step


def random_slice(rng, size):
    def bound():
        return rng.choice([None, rng.randrange(-size - 3, size + 4), 0, -1, size, 10**20, -10**20])
    step = rng.choice([None, 1, 2, 3, -1, -2, -3, 7, -size - 5 or -1, size + 1])
    return slice(bound(), bound(), step)


def constructor_cases():
    new = mmap.mmap
    yield "anonymous 0", anonymous(0), (), {}
    yield "anonymous negative", anonymous(-1), (), {}
    yield "anonymous huge", lambda: new(-1, 2**63), (), {}
    yield "length too big for ssize_t", lambda: new(-1, 2**64), (), {}
    yield "fileno str", lambda: new("x", 10), (), {}
    yield "fileno float", lambda: new(1.5, 10), (), {}
    yield "fileno overflow", lambda: new(2**31, 10), (), {}
    yield "fileno negative overflow", lambda: new(-2**31 - 1, 10), (), {}
    yield "length str", lambda: new(-1, "10"), (), {}
    yield "length Index", scenario(anonymous(Index(10), fill=False), [len]), (), {}
    yield "length BadIndex", lambda: new(-1, BadIndex()), (), {}
    yield "no arguments", new, (), {}
    yield "one argument", new, (-1,), {}
    yield "seven positional", new, (-1, 10, 1, 1, 1, 0, True), {}
    yield "unknown keyword", new, (-1, 10), {"foo": 1}
    yield "fileno keyword twice", new, (-1, 10), {"fileno": -1}
    yield "keywords", scenario(lambda: new(fileno=-1, length=10, offset=0, trackfd=True), [len]), (), {}
    for access in range(-1, 6):
        yield f"access {access}", scenario(anonymous(16, access=access), [len, lambda m: m.write(b"x")]), (), {}
    yield "access with flags", lambda: new(-1, 10, flags=mmap.MAP_PRIVATE, access=mmap.ACCESS_READ), (), {}
    yield "access with prot", lambda: new(-1, 10, prot=mmap.PROT_READ, access=mmap.ACCESS_WRITE), (), {}
    yield "access with default flags and prot", scenario(
        anonymous(10, flags=mmap.MAP_SHARED, prot=mmap.PROT_READ | mmap.PROT_WRITE, access=mmap.ACCESS_COPY), [len]), (), {}
    for prot in (mmap.PROT_READ, mmap.PROT_WRITE, mmap.PROT_READ | mmap.PROT_WRITE,
                 mmap.PROT_READ | mmap.PROT_EXEC):
        yield f"prot {prot}", scenario(anonymous(PAGE, fill=False, prot=prot), [len, lambda m: m.write_byte(1)]), (), {}
    for flags in (mmap.MAP_PRIVATE, mmap.MAP_SHARED, 0, mmap.MAP_PRIVATE | mmap.MAP_POPULATE):
        yield f"flags {flags}", scenario(anonymous(PAGE, flags=flags), [len, lambda m: m.read(5)]), (), {}
    yield "prot overflow", lambda: new(-1, 10, prot=2**40), (), {}
    yield "flags float", lambda: new(-1, 10, 1.0), (), {}
    yield "offset negative", lambda: new(-1, 10, offset=-1), (), {}
    yield "offset overflow", lambda: new(-1, 10, offset=2**70), (), {}
    yield "offset unaligned", lambda: new(-1, 10, offset=1), (), {}
    yield "offset page", scenario(anonymous(10, offset=PAGE), [len]), (), {}
    yield "trackfd positional", new, (-1, 10, 1, 3, 0, 0, False), {}
    yield "trackfd False anonymous", scenario(anonymous(10, trackfd=False), [len, lambda m: m.resize(20), lambda m: m.size()]), (), {}
    yield "trackfd object", scenario(anonymous(10, trackfd=[]), [len, lambda m: m.resize(20)]), (), {}
    yield "bad fd", lambda: new(9999, 10), (), {}
    yield "bad fd without trackfd", lambda: new(9999, 10, trackfd=False), (), {}
    content = pattern(3 * PAGE + 100)
    yield "file whole", scenario(FileMap(content), [len, lambda m: m.size(), lambda m: m[-5:]]), (), {}
    yield "file empty", FileMap(b""), (), {}
    yield "file empty with length", FileMap(b"", 10), (), {}
    yield "file length too big", FileMap(content, len(content) + 1), (), {}
    yield "file length exact", scenario(FileMap(content, len(content)), [len]), (), {}
    yield "file offset", scenario(FileMap(content, offset=PAGE), [len, lambda m: m[:10], repr]), (), {}
    yield "file offset at end", FileMap(content[:PAGE], offset=PAGE), (), {}
    yield "file offset past end", FileMap(content, offset=8 * PAGE), (), {}
    yield "file offset and length too big", FileMap(content, 3 * PAGE, offset=PAGE), (), {}
    yield "file offset unaligned", FileMap(content, 10, offset=10), (), {}
    yield "file read only", scenario(FileMap(content, mode="rb", access=mmap.ACCESS_READ), [len, lambda m: m.write(b"x")]), (), {}
    yield "file read only, write access", FileMap(content, mode="rb", access=mmap.ACCESS_WRITE), (), {}
    yield "file read only, default access", FileMap(content, mode="rb"), (), {}
    yield "file copy", scenario(FileMap(content, access=mmap.ACCESS_COPY),
                                [lambda m: m.write(b"changed"), lambda m: m.flush(), lambda m: m[:10]]), (), {}
    yield "file trackfd False", scenario(FileMap(content, trackfd=False),
                                         [lambda m: m.size(), lambda m: m.resize(10), len]), (), {}
    yield "file write access", scenario(FileMap(content, access=mmap.ACCESS_WRITE),
                                        [lambda m: m.write(b"changed"), lambda m: m.flush(), lambda m: m.flush(0, 7),
                                         lambda m: m.resize(PAGE), lambda m: m.size()]), (), {}
    yield "file private", scenario(FileMap(content, flags=mmap.MAP_PRIVATE),
                                   [lambda m: m.write(b"private"), lambda m: m.flush(), lambda m: m.resize(PAGE)]), (), {}
    yield "file offset resize", scenario(FileMap(content, PAGE, offset=PAGE),
                                         [lambda m: m.resize(2 * PAGE), len, lambda m: m.size(), lambda m: m[-3:],
                                          lambda m: m.resize(2**63 - 1 - PAGE), lambda m: m.resize(2**63 - PAGE), repr]), (), {}
    yield "directory fd", lambda: mmap.mmap(os.open(TMP, os.O_RDONLY), 10), (), {}


def method_cases(rng):
    size = 3 * PAGE + 37
    content = pattern(size, 3)
    makers = [("anonymous", lambda: anonymous(size)), ("file", lambda: FileMap(content)),
              ("private", lambda: anonymous(size, flags=mmap.MAP_PRIVATE)),
              ("read only", lambda: FileMap(content, mode="rb", access=mmap.ACCESS_READ))]
    for name, maker in makers:
        # Reading and seeking.
        yield f"{name}: read", scenario(maker(), [
            lambda m: m.read(10), lambda m: m.tell(), lambda m: m.read(), lambda m: m.read(), lambda m: m.tell(),
            lambda m: m.seek(5), lambda m: m.read(-1)[:20], lambda m: m.seek(-3, 2), lambda m: m.read(None),
            lambda m: m.seek(0), lambda m: m.read(2**70), lambda m: m.read("1"), lambda m: m.read(1.0),
            lambda m: m.read(Index(3)), lambda m: m.read(BadIndex()), lambda m: m.read(1, 2),
            lambda m: m.read(size=3)]), (), {}
        yield f"{name}: read_byte", scenario(maker(), [
            lambda m: m.read_byte(), lambda m: m.read_byte(), lambda m: m.seek(0, 2), lambda m: m.read_byte(),
            lambda m: m.tell(), lambda m: m.read_byte(1)]), (), {}
        yield f"{name}: readline", scenario(maker(), [
            lambda m: m.readline(), lambda m: m.readline(), lambda m: m.tell(), lambda m: m.seek(-5, 2),
            lambda m: m.readline(), lambda m: m.readline(), lambda m: m.seek(0),
            lambda m: [m.readline() for _ in range(4)], lambda m: m.readline(1)]), (), {}
        yield f"{name}: seek", scenario(maker(), [
            lambda m: m.seek(0), lambda m: m.seek(size), lambda m: m.seek(size + 1), lambda m: m.seek(-1),
            lambda m: m.seek(10, 0), lambda m: m.seek(5, 1), lambda m: m.seek(-20, 1), lambda m: m.seek(0, 2),
            lambda m: m.seek(1, 2), lambda m: m.seek(-size, 2), lambda m: m.seek(-size - 1, 2),
            lambda m: m.seek(2**63 - 1, 1), lambda m: m.seek(2**63 - 1, 2), lambda m: m.seek(-2**63, 1),
            lambda m: m.seek(0, 3), lambda m: m.seek(0, -1), lambda m: m.seek(0, 2**31),
            lambda m: m.seek(0, 1.0), lambda m: m.seek("0"), lambda m: m.seek(), lambda m: m.seek(0, 0, 0),
            lambda m: m.seek(Index(7), Index(0)), lambda m: m.seek(BadIndex()), lambda m: m.tell(),
            lambda m: m.seekable(), lambda m: m.seek(2**64)]), (), {}
        # Writing.
        yield f"{name}: write", scenario(maker(), [
            lambda m: m.write(b"hello"), lambda m: m.tell(), lambda m: m.write(bytearray(b"XY")),
            lambda m: m.write(memoryview(b"abcdef")[::2]), lambda m: m.write(memoryview(b"abcdef")[1:3]),
            lambda m: m.write("str"), lambda m: m.write(3), lambda m: m.write(), lambda m: m.write(b"", b""),
            lambda m: m.seek(-3, 2), lambda m: m.write(b"abcd"), lambda m: m.write(b"abc"), lambda m: m.write(b""),
            lambda m: m.tell(), lambda m: m.write(b"")]), (), {}
        yield f"{name}: write_byte", scenario(maker(), [
            lambda m: m.write_byte(65), lambda m: m.write_byte(0), lambda m: m.write_byte(255),
            lambda m: m.write_byte(256), lambda m: m.write_byte(-1), lambda m: m.write_byte(2**70),
            lambda m: m.write_byte(b"a"), lambda m: m.write_byte(1.0), lambda m: m.write_byte(Index(66)),
            lambda m: m.write_byte(True), lambda m: m.tell(), lambda m: m.seek(0, 2), lambda m: m.write_byte(1),
            lambda m: m.write_byte()]), (), {}
        yield f"{name}: move", scenario(maker(), [
            lambda m: m.move(0, 10, 5), lambda m: m.move(10, 0, 20), lambda m: m.move(0, 0, size),
            lambda m: m.move(1, 0, size), lambda m: m.move(0, 1, size), lambda m: m.move(-1, 0, 1),
            lambda m: m.move(0, -1, 1), lambda m: m.move(0, 0, -1), lambda m: m.move(size, 0, 0),
            lambda m: m.move(size + 1, 0, 0), lambda m: m.move(2**63 - 1, 0, 2), lambda m: m.move(0, 1),
            lambda m: m.move("0", 1, 2), lambda m: m.move(Index(3), Index(4), Index(5)), lambda m: m[:40]]), (), {}
        yield f"{name}: flush", scenario(maker(), [
            lambda m: m.flush(), lambda m: m.flush(0), lambda m: m.flush(0, PAGE), lambda m: m.flush(PAGE, 10),
            lambda m: m.flush(1, 1), lambda m: m.flush(-1), lambda m: m.flush(0, -1), lambda m: m.flush(0, size + 1),
            lambda m: m.flush(size, 0), lambda m: m.flush(size + 1, 0), lambda m: m.flush(2**63 - 1, 1),
            lambda m: m.flush(0, 0), lambda m: m.flush("0"), lambda m: m.flush(0, 0, 0)]), (), {}
        yield f"{name}: madvise", scenario(maker(), [
            lambda m: m.madvise(mmap.MADV_NORMAL), lambda m: m.madvise(mmap.MADV_SEQUENTIAL, 0, PAGE),
            lambda m: m.madvise(mmap.MADV_RANDOM, PAGE), lambda m: m.madvise(mmap.MADV_WILLNEED, PAGE, 2**40),
            lambda m: m.madvise(mmap.MADV_NORMAL, 1), lambda m: m.madvise(mmap.MADV_NORMAL, -1),
            lambda m: m.madvise(mmap.MADV_NORMAL, size), lambda m: m.madvise(mmap.MADV_NORMAL, 0, -1),
            lambda m: m.madvise(mmap.MADV_NORMAL, 1, 2**63 - 1), lambda m: m.madvise(mmap.MADV_NORMAL, 0, 2**63 - 1),
            lambda m: m.madvise(12345), lambda m: m.madvise(-1), lambda m: m.madvise(2**31),
            lambda m: m.madvise(), lambda m: m.madvise("1"), lambda m: m.madvise(0, 0, 0, 0),
            lambda m: m.madvise(mmap.MADV_NORMAL, 0, 0)]), (), {}
        # A shared anonymous map only grows within its first size: pages
        # past it raise SIGBUS in both interpreters.
        grown = 2 * PAGE if name == "anonymous" else 5 * PAGE + 3
        yield f"{name}: resize", scenario(maker(), [
            lambda m: m.resize(PAGE), len, lambda m: m.size(), lambda m: m.resize(grown), len,
            lambda m: m[-10:], lambda m: m.resize(-1), lambda m: m.resize(2**63 - 1), lambda m: m.resize("1"),
            lambda m: m.resize(), lambda m: m.seek(0, 2), lambda m: m.resize(10), lambda m: m.tell(),
            lambda m: m.write(b"x"), lambda m: m.write_byte(1), lambda m: m.read(), lambda m: m.readline()]
            # resize(0) truncates a file, then fails (mremap): the map's
            # page then raises SIGBUS.
            + ([] if name == "file" else [lambda m: m.resize(0), len])), (), {}
        yield f"{name}: size and repr", scenario(maker(), [
            lambda m: m.size(), len, repr, lambda m: m.seek(7), repr, lambda m: m.closed,
            lambda m: m.__enter__() is m, lambda m: m.__exit__(1, 2, 3), lambda m: m.closed, repr]), (), {}
        # find and rfind with every kind of bound.
        needles = [b"ab", b"line 1", b"\n", b"", b"zz", b"abababab", content[-5:], content[:3], bytearray(b"ab"),
                   memoryview(b"xabx")[1:3]]
        bounds = [None, 0, 1, 5, -1, -5, size, size + 10, -size, -size - 10, 2**62, -2**62, PAGE]
        steps = []
        for _ in range(60):
            needle = rng.choice(needles)
            start, end = rng.choice(bounds), rng.choice(bounds)
            args = (needle,) if start is None else (needle, start) if end is None else (needle, start, end)
            steps.append(lambda m, args=args: (m.find(*args), m.rfind(*args)))
        steps += [lambda m: m.seek(50), lambda m: (m.find(b"ab"), m.rfind(b"ab")), lambda m: m.find("ab"),
                  lambda m: m.find(), lambda m: m.find(b"a", 1, 2, 3), lambda m: m.find(b"a", "1"),
                  lambda m: m.find(b"a", 2**70), lambda m: m.rfind(b"a", 0, Index(10)),
                  lambda m: m.find(b"a", None), lambda m: m.find(b"a", BadIndex()), lambda m: m.find(needle=b"a"),
                  lambda m: m.find(memoryview(m)[3:7].tobytes())]
        yield f"{name}: find", scenario(maker(), steps), (), {}
        # Indexing and slicing.
        steps = [lambda m: m[0], lambda m: m[-1], lambda m: m[size], lambda m: m[-size - 1], lambda m: m[2**70],
                 lambda m: m[Index(5)], lambda m: m[BadIndex()], lambda m: m["a"], lambda m: m[1.0],
                 lambda m: m[True], lambda m: m[::], lambda m: m[5:2], lambda m: m[slice(BadIndex())],
                 lambda m: m[slice(Index(3), Index(9), Index(2))]]
        for _ in range(40):
            key = random_slice(rng, size)
            steps.append(lambda m, key=key: m[key])
        yield f"{name}: getitem", scenario(maker(), steps), (), {}
        steps = [lambda m: m.__setitem__(0, 65), lambda m: m.__setitem__(-1, 66), lambda m: m.__setitem__(size, 1),
                 lambda m: m.__setitem__(0, 256), lambda m: m.__setitem__(0, -1), lambda m: m.__setitem__(0, b"a"),
                 lambda m: m.__setitem__(0, 2**70), lambda m: m.__setitem__(0, Index(67)),
                 lambda m: m.__setitem__(0, BadIndex()), lambda m: m.__setitem__(0, 1.0),
                 lambda m: m.__setitem__(2**70, 1), lambda m: m.__setitem__("a", 1), lambda m: m.__delitem__(0),
                 lambda m: m.__delitem__(slice(0, 2)), lambda m: m.__setitem__(slice(0, 3), b"XYZ"),
                 lambda m: m.__setitem__(slice(0, 3), b"XY"), lambda m: m.__setitem__(slice(0, 3), "XYZ"),
                 lambda m: m.__setitem__(slice(0, 3), 3), lambda m: m.__setitem__(slice(0, 0), b""),
                 lambda m: m.__setitem__(slice(5, 2), b""), lambda m: m.__setitem__(slice(None, None, -1), b"x" * size),
                 lambda m: m.__setitem__(slice(0, 6), memoryview(m)[6:12]),
                 lambda m: m.__setitem__(slice(1, 7), memoryview(m)[0:6]),
                 lambda m: m.__setitem__(slice(10, 20, 2), memoryview(m)[11:16]),
                 lambda m: m.__setitem__(slice(1.0), b""), lambda m: m[:30]]
        for _ in range(40):
            key = random_slice(rng, size)
            length = len(range(*key.indices(size)))
            value = bytes(rng.randrange(256) for _ in range(length + rng.choice([0, 0, 0, 1, -1])))
            steps.append(lambda m, key=key, value=value: (m.__setitem__(key, value), m[key]))
        yield f"{name}: setitem", scenario(maker(), steps), (), {}
        # Buffer export.
        yield f"{name}: buffer", scenario(maker(), [
            lambda m: bytes(memoryview(m)[:12]), lambda m: memoryview(m).readonly, lambda m: memoryview(m).format,
            lambda m: memoryview(m).shape, lambda m: memoryview(m).__setitem__(slice(0, 2), b"QQ"),
            lambda m: m[:4], lambda m: bytes(m)[-3:], lambda m: bytearray(m)[:3],
            exported]), (), {}


def closed_cases():
    steps = [lambda m: m.close(), lambda m: m.close(), lambda m: m.closed, repr, len, lambda m: m[0],
             lambda m: m[:2], lambda m: m.__setitem__(0, 1), lambda m: m.__setitem__(slice(0, 1), b"a"),
             lambda m: m.read(), lambda m: m.read(1, 2), lambda m: m.read_byte(), lambda m: m.readline(),
             lambda m: m.write(b"a"), lambda m: m.write("a"), lambda m: m.write_byte(1), lambda m: m.write_byte(256),
             lambda m: m.find(b"a"), lambda m: m.find("a"), lambda m: m.rfind(b"a"), lambda m: m.flush(),
             lambda m: m.flush(-1), lambda m: m.madvise(0), lambda m: m.move(0, 0, 0), lambda m: m.resize(10),
             lambda m: m.seek(0), lambda m: m.seek(-1), lambda m: m.seekable(), lambda m: m.size(), lambda m: m.tell(),
             lambda m: m.__enter__(), lambda m: m.__exit__(None, None, None), lambda m: memoryview(m),
             lambda m: bytes(m), lambda m: list(m), lambda m: b"a" in m]
    yield "closed anonymous", scenario(anonymous(100), steps), (), {}
    yield "closed file", scenario(FileMap(pattern(100)), steps), (), {}
    yield "closed read only", scenario(anonymous(100, access=mmap.ACCESS_READ), steps), (), {}


def protocol_cases():
    steps = [lambda m: list(m)[:5], lambda m: b"l" in m, lambda m: 108 in m, lambda m: m + b"x",
             lambda m: m * 2, lambda m: iter(m).__next__(), lambda m: len(m), lambda m: hash(m) is None,
             lambda m: m == m, lambda m: m < m, lambda m: bool(m), lambda m: type(m).__name__,
             lambda m: mmap.mmap.__module__, lambda m: m.__weakref__ is None,
             lambda m: __import__("weakref").ref(m)() is m, lambda m: isinstance(m, __import__("collections.abc").abc.Sequence),
             lambda m: sorted(n for n in dir(m) if not n.startswith("__")),
             lambda m: mmap.error is OSError, lambda m: sorted(n for n in dir(mmap) if n.isupper())]
    yield "protocols", scenario(anonymous(20), steps), (), {}

    class Sub(mmap.mmap):
        pass
    yield "subclass", scenario(lambda: Sub(-1, 10), [repr, len, lambda m: type(m[:2])]), (), {}


def hostile_cases():
    """__index__ callbacks that close or resize the map mid-operation,
    where C's result is defined (it checks the map again afterwards)."""
    size = 2 * PAGE
    cases = {
        "getitem index closes": lambda m, i: m[i],
        "getitem slice start closes": lambda m, i: m[i:10],
        "getitem slice step closes": lambda m, i: m[0:10:i],
        "setitem index closes": lambda m, i: m.__setitem__(i, 1),
        "setitem slice closes": lambda m, i: m.__setitem__(slice(0, i), b"ab"),
        "setitem value closes": lambda m, i: m.__setitem__(0, i),
        "find start closes": lambda m, i: m.find(b"a", i),
        "rfind end closes": lambda m, i: m.rfind(b"a", 0, i),
        "read closes": lambda m, i: m.read(i),
        "write_byte closes": lambda m, i: m.write_byte(i),
        "move closes": lambda m, i: m.move(0, 1, i),
        "madvise closes": lambda m, i: m.madvise(mmap.MADV_NORMAL, 0, i),
        "seek closes": lambda m, i: (m.seek(i), m.tell()),
    }
    for label, action in cases.items():
        yield label, scenario(anonymous(size), [hostile_step(closing_index(2), action)]), (), {}
    resizes = {
        "getitem slice start shrinks": lambda m, i: m[i:],
        "getitem slice stop grows": lambda m, i: m[-5:i],
        "getitem index shrinks": lambda m, i: m[i],
        "find start shrinks": lambda m, i: m.find(b"\n", i),
        "rfind start grows": lambda m, i: m.rfind(b"\n", i),
        "read grows": lambda m, i: len(m.read(i)),
        "move shrinks": lambda m, i: m.move(0, 1, i),
        "flush shrinks": lambda m, i: m.flush(0, i),
        "madvise shrinks": lambda m, i: m.madvise(mmap.MADV_NORMAL, i),
        "setitem slice shrinks": lambda m, i: m.__setitem__(slice(i, None), b"x" * 4),
        "write_byte after seek shrinks": lambda m, i: (m.seek(PAGE), m.write_byte(i)),
        "seek shrinks": lambda m, i: m.seek(i, 1),
    }
    for label, action in resizes.items():
        for new_size in (PAGE // 2, 3 * PAGE):
            index = closing_index(PAGE - 4, close=False, new_size=new_size)
            private = anonymous(size, flags=mmap.MAP_PRIVATE)
            yield f"{label} to {new_size}", scenario(private, [hostile_step(index, action), len]), (), {}


def cases(rng):
    """Every method of mmap.mmap, each with generated arguments."""
    yield from constructor_cases()
    yield from method_cases(rng)
    yield from closed_cases()
    yield from protocol_cases()
    yield from hostile_cases()
