"""Differential cases for syslog: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py)."""

import syslog

from hostile import BadIndex, Index


def constants():
    return sorted((name, value) for name, value in vars(syslog).items() if name.isupper() and isinstance(value, int))


def cases(rng):
    """Every public function of syslog, each with generated arguments."""
    yield "constants", constants, (), {}
    priorities = [0, 1, 7, 30, 31, 32, 33, 63, 64, 65, -1, -2, -33, 2**31, 2**40 + 3, -2**63, 2**63 - 1,
                  True, Index(5), Index(-1)] + [rng.randrange(-2**40, 2**40) for _ in range(20)]
    for function in (syslog.LOG_MASK, syslog.LOG_UPTO):
        for priority in priorities:
            yield f"{function.__name__}({priority!r})", function, (priority,), {}
        for args in [(), (1, 2), ("x",), (1.5,), (None,), (2**63,), (-2**63 - 1,), (BadIndex(),)]:
            yield f"{function.__name__}{args!r}", function, args, {}
        yield f"{function.__name__} keyword", function, (), {"pri": 1}

    # Only emergencies get through: the cases' messages are not logged.
    for mask in [syslog.LOG_MASK(syslog.LOG_EMERG), syslog.LOG_UPTO(syslog.LOG_ERR), 0, -1, 2**32 + 1, Index(1),
                 syslog.LOG_MASK(syslog.LOG_EMERG)]:
        yield f"setlogmask({mask!r})", syslog.setlogmask, (mask,), {}
    for args in [(), (1, 2), ("x",), (1.5,), (2**63,), (BadIndex(),)]:
        yield f"setlogmask{args!r}", syslog.setlogmask, args, {}

    for args, kwargs in [((), {"ident": 1}), ((b"x",), {}), (("x", "y"), {}), (("x", 0, "z"), {}),
                         (("x", 0, 0, 0), {}), ((), {"logoption": 2**64}), ((), {"facility": 1.5}),
                         ((), {"nope": 1}), (("x",), {"ident": "y"}), (("a\0b",), {}), (("\udc80",), {}),
                         ((), {"facility": BadIndex()})]:
        yield f"openlog{args!r} {kwargs!r}", syslog.openlog, args, kwargs
    yield "openlog", syslog.openlog, ("difftest",), {"logoption": syslog.LOG_PID, "facility": syslog.LOG_LOCAL7}
    for args in [(), ("m",), (syslog.LOG_DEBUG, "m"), (1, 2, 3), (b"m",), (None,), (1,), ("x", "m"),
                 (1.5, "m"), (2**40, "m"), (-2**40, "m"), (Index(7), "m"), (BadIndex(), "m"), (7, None), (7, b"m"),
                 ("a\0b",), ("\udc80",), (syslog.LOG_DEBUG, "%s %n %d"), (syslog.LOG_DEBUG, "x" * 100000)]:
        yield f"syslog{args!r:.60}", syslog.syslog, args, {}
    yield "syslog keyword", syslog.syslog, ("m",), {"priority": 1}
    for args in [(), (1,)]:
        yield f"closelog{args!r}", syslog.closelog, args, {}
    yield "closelog again", syslog.closelog, (), {}
    yield "syslog after closelog", syslog.syslog, (syslog.LOG_DEBUG, "m"), {}
    yield "closelog last", syslog.closelog, (), {}
