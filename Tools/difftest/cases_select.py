"""Differential cases for select: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py).

Descriptor numbers may differ between the two interpreters, so the cases
that wait on real descriptors run in helpers that create their pipes, and
report which of their objects came back (by name), never the numbers."""

import os
import select
import tempfile
from fractions import Fraction
from decimal import Decimal

from hostile import BadIndex, Index


class Pipe:
    """A pipe that closes itself when collected; `fill()` makes its read
    end readable."""

    def __init__(self):
        self.r, self.w = os.pipe()

    def fill(self, data=b"x"):
        os.write(self.w, data)
        return self

    def __del__(self):
        for fd in (self.r, self.w):
            try:
                os.close(fd)
            except OSError:
                pass


class FileNo:
    """An object whose fileno() returns `value` (or raises it)."""

    def __init__(self, value, name="obj"):
        self.value, self.name = value, name

    def fileno(self):
        if isinstance(self.value, BaseException) or (isinstance(self.value, type) and issubclass(self.value, BaseException)):
            raise self.value
        return self.value

    def __repr__(self):
        return f"FileNo({self.name})"


class Nope:
    def __repr__(self):
        return "Nope()"


def closed_fd():
    r, w = os.pipe()
    os.close(r)
    os.close(w)
    return r


def names(objs, table):
    """The names of `objs` in `table` (a list of (name, object)), by identity."""
    out = []
    for obj in objs:
        found = [name for name, known in table if known is obj]
        out.append(found[0] if found else f"unknown {type(obj).__name__}")
    return out


# --- select.select ---------------------------------------------------------

def select_on(read, write, exc=(), timeout=0, fill=False, wrap=list):
    """select() over pipes named in `read`/`write`/`exc`: each name is
    'r<N>', 'w<N>' (pipe N's ends, as ints) or 'R<N>', 'W<N>' (FileNo
    objects for them)."""
    pipes = {}
    table = []

    def obj(name):
        kind, n = name[0], int(name[1:])
        pipe = pipes.get(n)
        if pipe is None:
            pipe = pipes[n] = Pipe()
            if fill:
                pipe.fill()
        fd = pipe.r if kind in "rR" else pipe.w
        made = FileNo(fd, name) if kind.isupper() else fd
        table.append((name, made))
        return made

    lists = [wrap([obj(name) for name in names_]) for names_ in (read, write, exc)]
    result = select.select(*lists, timeout)
    return type(result).__name__, [names(part, table) for part in result], [type(part).__name__ for part in result]


def select_identity():
    p = Pipe().fill()
    a, b = FileNo(p.r, "a"), FileNo(p.w, "b")
    r, w, x = select.select([a], [b, b], [], 0)
    return r[0] is a, len(w), w[0] is b, w[1] is b, x


def select_mutated():
    # test_select's gh-16230 case with pipes: every fileno() shortens the list.
    p = Pipe()
    a = []

    class Shrinks:
        def fileno(self):
            del a[-1]
            return p.w

    a[:] = [Shrinks()] * 10
    r, w, x = select.select([], a, [], 0)
    return len(w), len(a), all(item is a[0] for item in w)


def select_grows():
    # fileno() appends: the new items are read too (the length is re-read).
    p = Pipe()
    a = []
    calls = []

    class Grows:
        def fileno(self):
            calls.append(1)
            if len(a) < 6:
                a.append(Grows())
            return p.w

    a.append(Grows())
    r, w, x = select.select([], a, [], 0)
    return len(w), len(a), len(calls)


def select_clears():
    # fileno() empties the list it is in.
    p = Pipe()
    a = []

    class Clears:
        def fileno(self):
            a.clear()
            return p.w

    a[:] = [Clears(), Clears(), Clears()]
    return tuple(len(part) for part in select.select([], a, [], 0))


def select_closed_fd(where):
    fd = closed_fd()
    lists = [[], [], []]
    lists[where].append(fd)
    return select.select(*lists, 0)


def select_too_many():
    p = Pipe()
    return select.select([p.r] * 1025, [], [], 0)


def select_at_limit():
    p = Pipe()
    return tuple(len(part) for part in select.select([], [p.w] * 1024, [], 0))


def select_timeout_ready(timeout):
    p = Pipe().fill()
    r, w, x = select.select([p.r], [], [], timeout)
    return len(r), len(w), len(x)


def select_cases(rng):
    yield "select no args", select.select, (), {}
    yield "select two args", select.select, ([], []), {}
    yield "select five args", select.select, ([], [], [], 0, 0), {}
    yield "select keyword", select.select, ([], [], []), {"timeout": 0}
    yield "select ints", select.select, (1, 2, 3), {}
    yield "select None list", select.select, (None, [], [], 0), {}
    yield "select Nope", select.select, ([Nope()], [], [], 0), {}
    yield "select fileno str", select.select, ([FileNo("fileno")], [], [], 0), {}
    yield "select fileno float", select.select, ([FileNo(1.5)], [], [], 0), {}
    yield "select fileno None", select.select, ([FileNo(None)], [], [], 0), {}
    yield "select fileno raises", select.select, ([FileNo(ZeroDivisionError("boom"))], [], [], 0), {}
    yield "select fileno raises TypeError", select.select, ([], [FileNo(TypeError("no"))], [], 0), {}
    yield "select fileno negative", select.select, ([FileNo(-1)], [], [], 0), {}
    yield "select fileno huge", select.select, ([FileNo(2**40)], [], [], 0), {}
    yield "select fileno bool", select.select, ([], [], [FileNo(True)], 0), {}
    yield "select fileno Index", select.select, ([FileNo(Index(3))], [], [], 0), {}
    yield "select fileno big int subclass", select.select, ([FileNo(2**31)], [], [], 0), {}
    yield "select negative fd", select.select, ([-5], [], [], 0), {}
    yield "select fd 1024", select.select, ([1024], [], [], 0), {}
    yield "select fd 1023 closed", select.select, ([1023], [], [], 0), {}
    yield "select fd huge", select.select, ([2**64], [], [], 0), {}
    yield "select fd float", select.select, ([0.0], [], [], 0), {}
    yield "select fd str", select.select, (["0"], [], [], 0), {}
    yield "select str list", select.select, ("abc", [], [], 0), {}
    yield "select error in wlist after rlist", select.select, ([0], [Nope()], [], 0), {}
    yield "select error in xlist", select.select, ([], [], [-1], 0), {}
    yield "select too many", select_too_many, (), {}
    yield "select at limit", select_at_limit, (), {}
    for where in range(3):
        yield f"select closed fd in list {where}", select_closed_fd, (where,), {}

    for timeout in ("x", b"1", [], Decimal("0.5"), Fraction(1, 2), 1j, BadIndex(), BadIndex(TypeError),
                    float("nan"), float("inf"), float("-inf"), -1, -1.0, -1e-7, -1e-10, -2**63, 2**63,
                    2**63 - 1, 1e300, -1e300, 1e10):
        yield f"select timeout {timeout!r}", select.select, ([], [], [], timeout), {}
    for timeout in (0, -0.0, 0.0, 1e-10, 1e-7, True, False, Index(0), Index(1), 1, 0.25, None, 10**6):
        yield f"select ready timeout {timeout!r}", select_timeout_ready, (timeout,), {}

    for fill in (False, True):
        for wrap in (list, tuple, iter, lambda items: (x for x in items), lambda items: dict.fromkeys(items)):
            for spec in ([["r0"], ["w0"]], [["r0", "r1"], ["w0", "w1"], ["r0", "w1"]], [["R0", "r0"], ["W0", "W0", "w0"]],
                         [[], [], ["r0", "w0"]], [["r0", "R1", "r2"], []], [[], ["W3", "w2", "W1"]]):
                label = f"select pipes fill={fill} wrap={getattr(wrap, '__name__', 'lambda')} {spec}"
                yield label, select_on, (*spec,), {"fill": fill, "wrap": wrap}
    yield "select identity", select_identity, (), {}
    yield "select mutated", select_mutated, (), {}
    yield "select grows", select_grows, (), {}
    yield "select clears", select_clears, (), {}


# --- select.poll -----------------------------------------------------------

def poll_pipes(actions, timeout=0):
    """Runs `actions` on a new poll object over pipes and polls: each action
    is (method, end name, *args); end names are 'r<N>'/'w<N>', 'R<N>'/'W<N>'
    for FileNo objects, 'closed' for a closed descriptor, 'fill<N>' to
    write into pipe N.  The results name the descriptors."""
    pipes = {}
    fds = {}
    p = select.poll()

    def fd_of(name):
        if name == "closed":
            fds[closed_fd()] = name
            return next(fd for fd, n in fds.items() if n == name)
        kind, n = name[0], int(name[1:])
        pipe = pipes.setdefault(n, Pipe())
        fd = pipe.r if kind in "rR" else pipe.w
        fds[fd] = name.lower()
        return FileNo(fd, name) if kind.isupper() else fd

    out = []
    for method, name, *args in actions:
        if method == "fill":
            pipes.setdefault(int(name[1:]), Pipe()).fill()
            continue
        try:
            out.append(getattr(p, method)(fd_of(name), *args))
        except Exception as exc:  # part of the outcome
            out.append(f"{type(exc).__name__}: {exc}")
    result = p.poll(timeout)
    return out, [(fds.get(fd, "unknown"), events) for fd, events in result]


def poll_arg(method, *args):
    p = select.poll()
    p.register(0)
    return getattr(p, method)(*args)


def poll_cases(rng):
    yield "poll args", select.poll, (1,), {}
    yield "poll instantiate", type(select.poll()), (), {}
    yield "poll type name", lambda: (type(select.poll()).__name__, type(select.poll()).__module__, type(select.poll()).__qualname__), (), {}
    for method in ("register", "modify", "unregister", "poll"):
        yield f"poll.{method} keyword", lambda m=method: getattr(select.poll(), m)(fd=0), (), {}
    yield "poll.register no args", poll_arg, ("register",), {}
    yield "poll.register three args", poll_arg, ("register", 0, 1, 2), {}
    yield "poll.modify one arg", poll_arg, ("modify", 0), {}
    for fd in (-1, 2**31, 2**64, "0", 1.0, None, Nope(), FileNo("x"), FileNo(-3), FileNo(ZeroDivisionError("boom")),
               FileNo(2**40), Index(0), BadIndex()):
        yield f"poll.register fd {fd!r}", poll_arg, ("register", fd), {}
        yield f"poll.unregister fd {fd!r}", poll_arg, ("unregister", fd), {}
        yield f"poll.modify fd {fd!r}", poll_arg, ("modify", fd, 1), {}
    for mask in (0, 1, 0xffff, 0x10000, -1, -2**70, 2**64, 2**70, "1", 1.0, None, True, Index(1), BadIndex()):
        yield f"poll.register mask {mask!r}", poll_arg, ("register", 0, mask), {}
        yield f"poll.modify mask {mask!r}", poll_arg, ("modify", 0, mask), {}
    yield "poll.modify unregistered", poll_arg, ("modify", 5, 1), {}
    yield "poll.unregister unregistered", poll_arg, ("unregister", 5), {}
    yield "poll.unregister registered", poll_arg, ("unregister", 0), {}
    for timeout in ("x", b"1", Decimal(1), Fraction(1, 2), BadIndex(), BadIndex(TypeError), float("nan"),
                    float("inf"), float("-inf"), 2**31, 2**31 - 1 + 0.5, -2**31 - 1, 2**63, 2**64, 1e300, -1e300,
                    1 << 64, 10**20):
        yield f"poll.poll timeout {timeout!r}", lambda t=timeout: select.poll().poll(t), (), {}
    for timeout in (0, -0.0, 1e-9, 0.5, True, Index(0), None, -1, -1000, -1.5, -1e-100, -2**31):
        yield f"poll.poll ready timeout {timeout!r}", poll_pipes, ([("register", "w0")], timeout), {}

    yield "poll empty", poll_pipes, ([],), {}
    yield "poll pipes", poll_pipes, ([("register", "r0"), ("register", "w0"), ("register", "r1", select.POLLIN)],), {}
    yield "poll pipes filled", poll_pipes, ([("fill", "p0"), ("register", "r0"), ("register", "w0"), ("register", "r1")],), {}
    yield "poll pipes masks", poll_pipes, ([("fill", "p0"), ("register", "r0", select.POLLOUT), ("register", "w0", select.POLLIN),
                                            ("register", "r1", 0)],), {}
    yield "poll modify", poll_pipes, ([("fill", "p1"), ("register", "r1", 0), ("register", "w0"), ("modify", "r1", select.POLLIN)],), {}
    yield "poll order", poll_pipes, ([("register", "w0"), ("register", "w1"), ("register", "w2"), ("unregister", "w0"),
                                      ("register", "w0"), ("register", "w1", select.POLLOUT)],), {}
    yield "poll objects", poll_pipes, ([("fill", "p0"), ("register", "R0"), ("register", "W1"), ("modify", "W1", select.POLLOUT)],), {}
    yield "poll closed", poll_pipes, ([("register", "closed"), ("register", "w0")],), {}
    yield "poll closed no events", poll_pipes, ([("register", "closed", 0)],), {}
    yield "poll hangup", poll_pipes, ([("fill", "p0"), ("register", "r0", select.POLLIN | select.POLLRDHUP)],), {}
    yield "poll errors", poll_pipes, ([("modify", "r0", 1), ("unregister", "w0"), ("register", "w0"), ("unregister", "w0"),
                                       ("unregister", "w0")],), {}


# --- select.epoll ----------------------------------------------------------

def epoll_pipes(actions, timeout=0, maxevents=-1):
    """As poll_pipes, for an epoll object; the events are sorted by name
    (the kernel's ready list has its own order)."""
    pipes = {}
    fds = {}
    ep = select.epoll()

    def fd_of(name):
        if name == "closed":
            fd = closed_fd()
            fds[fd] = name
            return fd
        if name == "file":
            f = tempfile.TemporaryFile()
            pipes[name] = f
            fds[f.fileno()] = name
            return f.fileno()
        if name == "self":
            return ep.fileno()
        kind, n = name[0], int(name[1:])
        pipe = pipes.setdefault(n, Pipe())
        fd = pipe.r if kind in "rR" else pipe.w
        fds[fd] = name.lower()
        return FileNo(fd, name) if kind.isupper() else fd

    out = []
    try:
        for method, name, *args in actions:
            if method == "fill":
                pipes.setdefault(int(name[1:]), Pipe()).fill()
                continue
            try:
                out.append(getattr(ep, method)(fd_of(name), *args))
            except Exception as exc:  # part of the outcome
                out.append(f"{type(exc).__name__}: {exc}")
        result = ep.poll(timeout, maxevents)
        events = sorted((fds.get(fd, "unknown"), events) for fd, events in result)
        return out, len(result), events
    finally:
        ep.close()


def epoll_closed(method, *args):
    ep = select.epoll()
    ep.close()
    return getattr(ep, method)(*args)


def epoll_lifecycle():
    ep = select.epoll()
    out = [ep.closed, isinstance(ep.fileno(), int)]
    with ep as entered:
        out += [entered is ep, ep.closed]
    out += [ep.closed, ep.close(), ep.close(), ep.closed]
    ep = select.epoll()
    out += [ep.__exit__(), ep.closed]
    ep = select.epoll()
    out += [ep.__exit__(None, None, None), ep.closed]
    return out


def epoll_fromfd(dup=True, via_instance=False):
    ep = select.epoll()
    fd = os.dup(ep.fileno()) if dup else ep.fileno()
    maker = ep if via_instance else select.epoll
    other = maker.fromfd(fd)
    out = [type(other).__name__, other.fileno() == fd, other.closed]
    p = Pipe()
    other.register(p.w)
    out.append(ep.poll(0) == [(p.w, select.EPOLLOUT)])
    other.close()
    out.append(other.closed)
    try:
        out.append(ep.poll(0) == [(p.w, select.EPOLLOUT)])
    except OSError as exc:  # the descriptor both objects had is closed
        out.append(f"{type(exc).__name__}: {exc}")
    ep.close()
    return out


def epoll_arg(method, *args, **kwargs):
    ep = select.epoll()
    try:
        return getattr(ep, method)(*args, **kwargs)
    finally:
        ep.close()


def epoll_new(*args, **kwargs):
    ep = select.epoll(*args, **kwargs)
    try:
        return type(ep).__name__, ep.closed
    finally:
        ep.close()


def epoll_cases(rng):
    yield "epoll type", lambda: (select.epoll.__name__, select.epoll.__module__, select.epoll.__qualname__,
                                 select.epoll.__doc__, select.epoll.__text_signature__), (), {}
    yield "epoll subclass", lambda: type("Sub", (select.epoll,), {}), (), {}
    for args, kwargs in [((), {}), ((-1,), {}), ((1,), {}), ((1000,), {}), ((0,), {}), ((-2,), {}), ((2**31,), {}),
                         (("1",), {}), ((1.0,), {}), ((Index(5),), {}), ((BadIndex(),), {}), ((-1, 0), {}),
                         ((-1, select.EPOLL_CLOEXEC), {}), ((-1, 1), {}), ((-1, -1), {}), ((0, 1), {}), ((-1, "0"), {}),
                         ((), {"sizehint": 5}), ((), {"flags": select.EPOLL_CLOEXEC}), ((), {"flags": 2}),
                         ((), {"sizehint": -1, "flags": 0}), ((1,), {"sizehint": 1}), ((), {"size": 1}),
                         ((1, 0, 0), {})]:
        yield f"epoll({args}, {kwargs})", epoll_new, args, kwargs
    yield "epoll lifecycle", epoll_lifecycle, (), {}
    for method, args in [("fileno", ()), ("register", (0,)), ("modify", (0, 1)), ("unregister", (0,)), ("poll", ()),
                         ("poll", (0,)), ("poll", ("x",)), ("poll", (0, 0)), ("poll", (0, "x")), ("__enter__", ()),
                         ("close", ()), ("register", (-1,)), ("register", (Nope(),)), ("modify", (0, "x"))]:
        yield f"epoll closed {method}{args}", epoll_closed, (method, *args), {}
    yield "epoll closed attribute", lambda: epoll_closed("__getattribute__", "closed"), (), {}
    for dup in (True, False):
        for via_instance in (False, True):
            yield f"epoll fromfd dup={dup} instance={via_instance}", epoll_fromfd, (dup, via_instance), {}
    for fd in ("x", 1.0, None, 2**31, BadIndex()):
        yield f"epoll.fromfd {fd!r}", lambda fd=fd: select.epoll.fromfd(fd), (), {}
    yield "epoll.fromfd Index", lambda: select.epoll.fromfd(Index(os.dup(0))).closed, (), {}
    yield "epoll.fromfd no args", lambda: select.epoll.fromfd(), (), {}
    yield "epoll.fromfd closed fd", lambda: select.epoll.fromfd(closed_fd()).fileno() >= 0, (), {}

    for fd in (-1, 2**31, "0", 1.0, None, Nope(), FileNo("x"), FileNo(-3), FileNo(ZeroDivisionError("boom")),
               Index(0), BadIndex()):
        yield f"epoll.register fd {fd!r}", epoll_arg, ("register", fd), {}
        yield f"epoll.modify fd {fd!r}", epoll_arg, ("modify", fd, 1), {}
        yield f"epoll.unregister fd {fd!r}", epoll_arg, ("unregister", fd), {}
    for mask in ("1", 1.0, None, Index(1), BadIndex(), 2**64 + 1, -2**70):
        yield f"epoll.register mask {mask!r}", epoll_arg, ("register", 0, mask), {}
        yield f"epoll.modify mask {mask!r}", epoll_arg, ("modify", 0, mask), {}
    yield "epoll.register keywords", epoll_arg, ("register",), {"fd": closed_fd(), "eventmask": 1}
    yield "epoll.register bad keyword", epoll_arg, ("register",), {"fd": 0, "mask": 1}
    yield "epoll.modify missing mask", epoll_arg, ("modify", 0), {}
    yield "epoll.unregister keywords", epoll_arg, ("unregister",), {"fd": closed_fd()}
    yield "epoll.poll keywords", epoll_arg, ("poll",), {"timeout": 0, "maxevents": 3}
    yield "epoll.poll bad keyword", epoll_arg, ("poll",), {"time": 0}
    yield "epoll.poll three args", epoll_arg, ("poll", 0, 1, 2), {}
    for maxevents in (0, -2, -2**31, 2**31, "1", 1.0, None, Index(2), BadIndex()):
        yield f"epoll.poll maxevents {maxevents!r}", epoll_arg, ("poll", 0, maxevents), {}
    for timeout in ("x", b"1", Decimal(1), Fraction(1, 2), BadIndex(), BadIndex(TypeError), float("nan"), float("inf"),
                    float("-inf"), 2**31, 2**22, -2**22, 2**63, 2**64, 1e300, -1e300, 10**20):
        yield f"epoll.poll timeout {timeout!r}", epoll_arg, ("poll", timeout), {}
        yield f"epoll.poll timeout {timeout!r} bad maxevents", epoll_arg, ("poll", timeout, 0), {}
    for timeout in (0, -0.0, 1e-9, 0.0005, True, Index(0), None, -1, -1000, -1.5, -1e-100, -0.0001):
        yield f"epoll.poll ready timeout {timeout!r}", epoll_pipes, ([("register", "w0")], timeout), {}

    yield "epoll empty", epoll_pipes, ([],), {}
    yield "epoll pipes", epoll_pipes, ([("register", "r0"), ("register", "w0"), ("register", "r1", select.EPOLLIN)],), {}
    yield "epoll pipes filled", epoll_pipes, ([("fill", "p0"), ("register", "r0"), ("register", "w0"), ("register", "r1")],), {}
    yield "epoll masks", epoll_pipes, ([("fill", "p0"), ("register", "r0", select.EPOLLIN | select.EPOLLET),
                                        ("register", "w0", select.EPOLLIN), ("register", "r1", 0)],), {}
    yield "epoll modify", epoll_pipes, ([("fill", "p1"), ("register", "r1", 0), ("modify", "r1", select.EPOLLIN)],), {}
    yield "epoll objects", epoll_pipes, ([("fill", "p0"), ("register", "R0"), ("register", "W1"), ("modify", "W1", select.EPOLLOUT)],), {}
    yield "epoll maxevents 1", epoll_pipes, ([("register", "w0"), ("register", "w1"), ("register", "w2")], 0, 1), {}
    yield "epoll maxevents 2", epoll_pipes, ([("register", "w0"), ("register", "w1"), ("register", "w2")], 0, 2), {}
    yield "epoll errors", epoll_pipes, ([("modify", "r0", 1), ("unregister", "w0"), ("register", "w0"), ("register", "w0"),
                                         ("unregister", "w0"), ("unregister", "w0"), ("register", "closed"),
                                         ("modify", "closed", 1), ("unregister", "closed"), ("register", "file"),
                                         ("register", "self"), ("register", "r1", 0xffffffff),
                                         ("register", "r2", select.EPOLLEXCLUSIVE | select.EPOLLONESHOT)],), {}
    yield "epoll oneshot", epoll_pipes, ([("register", "w0", select.EPOLLOUT | select.EPOLLONESHOT)],), {}


def constants():
    return sorted((name, getattr(select, name)) for name in dir(select) if name.isupper())


def cases(rng):
    """Every public function of select, each with generated arguments."""
    yield "constants", constants, (), {}
    yield "error", lambda: select.error is OSError, (), {}
    yield from select_cases(rng)
    yield from poll_cases(rng)
    yield from epoll_cases(rng)
