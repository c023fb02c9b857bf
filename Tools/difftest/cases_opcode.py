"""Differential cases for _opcode: (label, function, args, kwargs).  Every
opcode number and a band around the valid ones, opargs that overflow a C int
or come through __index__, every jump value, and the descriptor lists."""

import _opcode

from hostile import Index, BadIndex

PREDICATES = ("is_valid", "has_arg", "has_const", "has_name", "has_jump", "has_free", "has_local", "has_exc")
ODD_OPCODES = [-1, -2**31, 2**31 - 1, 2**31, -2**31 - 1, 2**63, 1.0, "1", None, True, Index(1), Index(2**40), BadIndex()]
OPARGS = [None, 0, 1, 3, 255, 256, -1, 2**31 - 1, 2**31, 2**32 + 3, -2**31 - 1, 2**63, 2**64, 1.5, "2",
          Index(5), Index(2**33), BadIndex(), True]
JUMPS = [None, True, False, 0, 1, "", object]


def cases(rng):
    for name in PREDICATES:
        func = getattr(_opcode, name)
        for opcode in range(-3, 300):
            yield f"{name}({opcode})", func, (opcode,), {}
        for opcode in ODD_OPCODES:
            yield f"{name}({opcode!r})", func, (opcode,), {}
        yield f"{name}(opcode=1)", func, (), {"opcode": 1}
        yield f"{name}()", func, (), {}
        yield f"{name}(1, 2)", func, (1, 2), {}
        yield f"{name}(op=1)", func, (), {"op": 1}
    for opcode in range(-1, 270):
        if _opcode.is_valid(opcode) or opcode in (-1, 0, 269) or rng.random() < 0.1:
            for oparg in OPARGS:
                yield f"stack_effect({opcode}, {oparg!r})", _opcode.stack_effect, (opcode, oparg), {}
            for jump in JUMPS:
                yield f"stack_effect({opcode}, 1, jump={jump!r})", _opcode.stack_effect, (opcode, 1), {"jump": jump}
            yield f"stack_effect({opcode})", _opcode.stack_effect, (opcode,), {}
    for opcode in ODD_OPCODES:
        yield f"stack_effect({opcode!r}, 0)", _opcode.stack_effect, (opcode, 0), {}
    yield "stack_effect()", _opcode.stack_effect, (), {}
    yield "stack_effect(1, 2, 3)", _opcode.stack_effect, (1, 2, 3), {}
    yield "stack_effect(1, 2, jump=True, x=1)", _opcode.stack_effect, (1, 2), {"jump": True, "x": 1}
    yield "stack_effect(opcode=1)", _opcode.stack_effect, (), {"opcode": 1}
    # The conversion order: a bad opcode is reported before a bad jump.
    yield "stack_effect('x', 0, jump=3)", _opcode.stack_effect, ("x", 0), {"jump": 3}
    yield "stack_effect(1, BadIndex(), jump=3)", _opcode.stack_effect, (1, BadIndex()), {"jump": 3}
    for name in ("get_nb_ops", "get_intrinsic1_descs", "get_intrinsic2_descs", "get_specialization_stats"):
        func = getattr(_opcode, name)
        yield f"{name}()", func, (), {}
        yield f"{name}(1)", func, (1,), {}
        yield f"{name}(x=1)", func, (), {"x": 1}
    code = cases.__code__
    for args, kwargs in [((code, 0), {}), ((code, -1), {}), ((None, 0), {}), ((1, "x"), {}), ((code, "x"), {}),
                         ((code, 2**31), {}), ((), {"code": code, "offset": 0}), ((code,), {}), ((), {}),
                         (("code", BadIndex()), {})]:
        label = repr((args, kwargs)).replace(repr(code), "code")
        yield f"get_executor{label}", _opcode.get_executor, args, kwargs
