"""_opcode: the per-call overhead of its functions (dis and the compiler's
tests call them once per opcode), Rust/stock."""

import bench_common

SETUP = """
import _opcode
from _opcode import stack_effect, is_valid, has_arg, has_jump
"""

benchmarks = [
    ("is_valid(100)", "is_valid(100)", ""),
    ("has_arg(100)", "has_arg(100)", ""),
    ("has_jump(opcode=100)", "has_jump(opcode=100)", ""),
    ("stack_effect(100, 1)", "stack_effect(100, 1)", ""),
    ("stack_effect(100, 1, jump=True)", "stack_effect(100, 1, jump=True)", ""),
    ("all predicates over 0..255", "for op in range(256): has_arg(op); has_jump(op)", ""),
    ("get_nb_ops()", "_opcode.get_nb_ops()", ""),
    ("get_intrinsic1_descs()", "_opcode.get_intrinsic1_descs()", ""),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
