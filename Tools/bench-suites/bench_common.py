"""What every benchmark suite shares: each suite is a pyperf script that
lists (name, statement, setup) triples and times them with pyperf's timeit,
whose loop costs the same on both interpreters.  `--only NAME` runs one of
them (the driver alternates interpreters benchmark by benchmark)."""

import pyperf


def run(benchmarks, common_setup):
    def pass_only(cmd, args):  # to pyperf's worker processes
        if args.only is not None:
            cmd.extend(("--only", args.only))

    runner = pyperf.Runner(add_cmdline_args=pass_only)
    runner.argparser.add_argument("--only", help="run only the benchmark of this name")
    args = runner.parse_args()
    for name, stmt, setup in benchmarks:
        if args.only is None or args.only == name:
            runner.timeit(name, stmt=stmt, setup=common_setup + "\n" + setup)
