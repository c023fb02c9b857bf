"""Differential cases for _posixsubprocess: (label, function, args, kwargs), the same
inputs through the stock and the Rust module (see difftest.py).  Ordinary,
boundary, invalid and hostile inputs (tools in hostile.py).

A case that starts a child reports what does not depend on the pid: the
child's exit status, what it wrote to a stdout pipe, and the bytes of the
error pipe that subprocess.py reads ("OSError:2:noexec:chdir", ...)."""

import os

import _posixsubprocess

from hostile import BadIndex

TRUE = b"/bin/true"
SH = b"/bin/sh"
# A descriptor number unused by the interpreter, for pass_fds cases.
HIGH_FD = 57


class BadBool:
    def __bool__(self):
        raise RuntimeError("hostile __bool__")


class Shrinking:
    """A path-like that empties the argv list it belongs to."""

    def __init__(self, argv):
        self.argv = argv

    def __fspath__(self):
        self.argv.clear()
        return "x"


class BadSequence:
    def __len__(self):
        return 2

    def __getitem__(self, index):
        if index == 1:
            raise IndexError("hostile __getitem__")
        return TRUE


class LongLen(list):
    def __len__(self):
        raise ValueError("hostile __len__")


def fork_exec(args=(TRUE,), executable_list=(TRUE,), close_fds=True, pass_fds=(), cwd=None, env=None,
              stdout=False, restore_signals=True, call_setsid=False, pgid_to_set=-1, gid=None,
              extra_groups=None, uid=None, child_umask=-1, preexec_fn=None, allow_vfork=True,
              errpipe_write=None, extra_fds=()):
    """fork_exec with subprocess's pipes; (exit status, stdout, error pipe)."""
    errpipe_read, errpipe_write_fd = os.pipe()
    out_read, out_write = os.pipe() if stdout else (-1, -1)
    opened = [fd for fd in (errpipe_read, errpipe_write_fd, out_read, out_write) if fd != -1]
    kept = []
    for fd in extra_fds:
        os.dup2(errpipe_write_fd, fd)
        kept.append(fd)
    try:
        keep = tuple(sorted(set(pass_fds) | {errpipe_write_fd})) if isinstance(pass_fds, tuple) and all(
            isinstance(fd, int) and fd >= 0 for fd in pass_fds) else pass_fds
        pid = _posixsubprocess.fork_exec(
            args, executable_list, close_fds, keep, cwd, env,
            -1, -1, out_read, out_write, -1, -1,
            errpipe_read, errpipe_write_fd if errpipe_write is None else errpipe_write,
            restore_signals, call_setsid, pgid_to_set, gid, extra_groups, uid, child_umask,
            preexec_fn, allow_vfork)
    except BaseException:
        for fd in opened + kept:
            os.close(fd)
        raise
    os.close(errpipe_write_fd)
    for fd in kept:
        os.close(fd)
    if out_write != -1:
        os.close(out_write)
    output = b""
    if out_read != -1:
        while chunk := os.read(out_read, 4096):
            output += chunk
        os.close(out_read)
    report = b""
    while chunk := os.read(errpipe_read, 4096):
        report += chunk
    os.close(errpipe_read)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), output, report


def raw(*args):
    """fork_exec with exactly these arguments (argument errors only)."""
    return _posixsubprocess.fork_exec(*args)


# The 23 arguments of a call that would run /bin/true, for argument errors.
BASE = [(TRUE,), (TRUE,), True, (), None, None, -1, -1, -1, -1, -1, -1, 3, 4,
        True, False, -1, None, None, None, -1, None, True]


def with_arg(index, value):
    args = list(BASE)
    args[index] = value
    return args


def shell(command, **kwargs):
    return dict(args=(SH, b"-c", command), executable_list=(SH,), stdout=True, **kwargs)


def child_cases():
    yield "true", {}
    yield "true fork", dict(allow_vfork=False)
    yield "exit status", dict(args=(SH, b"-c", b"exit 3"), executable_list=(SH,))
    yield "argv str", dict(args=["/bin/sh", "-c", "echo $0 $1", "a", "b"], executable_list=(SH,), stdout=True)
    yield "argv path-like", dict(args=[os.fsencode("/bin/sh"), "-c", "echo ok"], executable_list=(SH,), stdout=True)
    yield "argv None", dict(args=None)
    yield "exec list search", dict(executable_list=(b"/nonexistent/true", b"/bin/nonexistent", TRUE))
    yield "exec missing", dict(executable_list=(b"/nonexistent/x",))
    yield "exec not a dir", dict(executable_list=(b"/etc/passwd/x",))
    yield "exec not executable", dict(executable_list=(b"/etc/passwd",))
    yield "exec first error reported", dict(executable_list=(b"/nonexistent/x", b"/etc/passwd", b"/etc"))
    yield "exec directory", dict(executable_list=(b"/etc",))
    yield "cwd missing", dict(cwd="/nonexistent-dir")
    yield "cwd file", dict(cwd=b"/etc/passwd")
    yield "cwd", shell(b"pwd", cwd="/usr")
    yield "cwd path-like", shell(b"pwd", cwd=__import__("pathlib").Path("/tmp"))
    yield "env", shell(b"echo \"$FOO|$BAR\"", env=[b"FOO=1", b"BAR=two words"])
    yield "env empty", shell(b"echo \"[$FOO]\"", env=[])
    yield "env tuple", shell(b"echo \"$A\"", env=(b"A=x",))
    yield "umask", shell(b"umask", child_umask=0o027)
    yield "umask unchanged", shell(b"umask", child_umask=-1)
    yield "restore signals", shell(b"grep SigIgn /proc/self/status", restore_signals=True)
    yield "keep ignored signals", shell(b"grep SigIgn /proc/self/status", restore_signals=False)
    # Fields 1, 5 and 6 of /proc/PID/stat: pid, process group, session.
    yield "setsid", shell(b"set -- $(cut -d' ' -f1,5,6 /proc/$$/stat); test $1 = $3 && echo leader", call_setsid=True)
    yield "no setsid", shell(b"set -- $(cut -d' ' -f1,5,6 /proc/$$/stat); test $1 = $3 || echo member")
    yield "process group", shell(b"set -- $(cut -d' ' -f1,5,6 /proc/$$/stat); test $1 = $2 && echo leader",
                                 pgid_to_set=0)
    yield "same uid and gid", shell(b"id -u; id -g", uid=os.getuid(), gid=os.getgid())
    yield "uid -1", shell(b"id -u", uid=-1, gid=-1)
    # As root: one group; else: setgroups fails with EPERM ("OSError:1:noexec").
    yield "extra groups", shell(b"id -G | wc -w", extra_groups=[os.getgid()])
    yield "no extra groups", shell(b"id -G | wc -w", extra_groups=[])
    yield "pass_fds kept", shell(b"test -e /proc/self/fd/57 && echo open || echo closed", pass_fds=(HIGH_FD,),
                                 extra_fds=(HIGH_FD,))
    yield "pass_fds closed", shell(b"test -e /proc/self/fd/57 && echo open || echo closed", extra_fds=(HIGH_FD,))
    yield "close_fds False", shell(b"test -e /proc/self/fd/57 && echo open || echo closed", close_fds=False,
                                   extra_fds=(HIGH_FD,))
    yield "pass_fds consecutive", shell(b"ls /proc/self/fd/ >/dev/null; test -e /proc/self/fd/58 && echo open",
                                        pass_fds=(HIGH_FD, HIGH_FD + 1), extra_fds=(HIGH_FD, HIGH_FD + 1))
    yield "preexec_fn", dict(preexec_fn=lambda: None)
    yield "preexec_fn raises", dict(preexec_fn=lambda: 1 / 0)
    yield "preexec_fn exit", dict(preexec_fn=lambda: os._exit(7))
    yield "preexec_fn then missing exec", dict(preexec_fn=lambda: None, executable_list=(b"/nonexistent",))


def cases(rng):
    for label, kwargs in child_cases():
        yield f"child {label}", fork_exec, (), kwargs

    # Argument conversion errors: nothing is forked.
    yield "too few arguments", raw, tuple(BASE[:22]), {}
    yield "too many arguments", raw, tuple(BASE + [None]), {}
    yield "keyword", _posixsubprocess.fork_exec, tuple(BASE[:22]), {"allow_vfork": True}
    yield "pass_fds list", raw, tuple(with_arg(3, [5])), {}
    yield "pass_fds None", raw, tuple(with_arg(3, None)), {}
    for label, fds in [("unsorted", (6, 5)), ("duplicate", (5, 5)), ("negative", (-1,)), ("str", ("5",)),
                       ("float", (5.0,)), ("too big", (2**31,)), ("huge", (2**100,)),
                       ("index", (BadIndex(),))]:
        yield f"pass_fds {label}", raw, tuple(with_arg(3, fds)), {}
    yield "pass_fds bools", fork_exec, (), dict(pass_fds=(False, True))
    yield "pass_fds int max", fork_exec, (), dict(pass_fds=(2**31 - 1,))
    yield "errpipe_write < 3", raw, tuple(with_arg(13, 2)), {}
    yield "errpipe_write < 3 without close_fds", fork_exec, (), dict(close_fds=False, errpipe_write=2,
                                                                     executable_list=(b"/nonexistent",))
    for index, name in enumerate(["p2cread", "p2cwrite", "c2pread", "c2pwrite", "errread", "errwrite",
                                  "errpipe_read", "errpipe_write"], 6):
        yield f"{name} str", raw, tuple(with_arg(index, "3")), {}
        yield f"{name} overflow", raw, tuple(with_arg(index, 2**31)), {}
    yield "pgid str", raw, tuple(with_arg(16, "0")), {}
    yield "pgid overflow", raw, tuple(with_arg(16, 2**40)), {}
    yield "umask float", raw, tuple(with_arg(20, 1.5)), {}
    for index, name in [(2, "close_fds"), (14, "restore_signals"), (15, "call_setsid"), (22, "allow_vfork")]:
        yield f"{name} bad bool", raw, tuple(with_arg(index, BadBool())), {}

    yield "args int", raw, tuple(with_arg(0, 5)), {}
    yield "args item int", raw, tuple(with_arg(0, [TRUE, 5])), {}
    yield "args item bytearray", raw, tuple(with_arg(0, [bytearray(b"x")])), {}
    yield "args NUL", raw, tuple(with_arg(0, [b"a\0b"])), {}
    yield "args str NUL", raw, tuple(with_arg(0, ["a\0b"])), {}
    argv = []
    argv.extend([Shrinking(argv), b"a"])
    yield "args shrink", raw, tuple(with_arg(0, argv)), {}

    yield "executables int", raw, tuple(with_arg(1, 5)), {}
    yield "executables dict", raw, tuple(with_arg(1, {})), {}
    yield "executables str item", raw, tuple(with_arg(1, ["/bin/true"])), {}
    yield "executables NUL", raw, tuple(with_arg(1, [b"/bin/t\0rue"])), {}
    yield "executables bad getitem", raw, tuple(with_arg(1, BadSequence())), {}
    yield "executables bad len", raw, tuple(with_arg(1, LongLen([TRUE]))), {}

    yield "env str item", raw, tuple(with_arg(5, ["A=1"])), {}
    yield "env NUL", raw, tuple(with_arg(5, [b"A=1\0"])), {}
    yield "env int", raw, tuple(with_arg(5, 3)), {}
    yield "env bytes subclass", fork_exec, (), shell(b"echo $A", env=[type("B", (bytes,), {})(b"A=sub")])

    yield "cwd int", raw, tuple(with_arg(4, 3)), {}
    yield "cwd NUL", raw, tuple(with_arg(4, "/\0")), {}
    yield "cwd bytearray", raw, tuple(with_arg(4, bytearray(b"/"))), {}

    for value in ["0", 1.5, 2**40, -2, BadIndex(), 2**100]:
        yield f"gid {value!r:.20}", raw, tuple(with_arg(17, value)), {}
        yield f"uid {value!r:.20}", raw, tuple(with_arg(19, value)), {}
    yield "extra_groups tuple", raw, tuple(with_arg(18, (1,))), {}
    yield "extra_groups str item", raw, tuple(with_arg(18, ["1"])), {}
    yield "extra_groups too big", raw, tuple(with_arg(18, [2**40])), {}
    yield "extra_groups negative", raw, tuple(with_arg(18, [-2])), {}
    yield "extra_groups too many", raw, tuple(with_arg(18, [0] * 65537)), {}
    yield "extra_groups bad len", raw, tuple(with_arg(18, LongLen([1]))), {}
    # The order of checks: fds before args, args before env, env before cwd, ...
    bad = with_arg(3, (2, 1))
    bad[0] = 5
    yield "order fds then args", raw, tuple(bad), {}
    bad = with_arg(0, 5)
    bad[1] = 5
    yield "order executables then args", raw, tuple(bad), {}
    bad = with_arg(5, 5)
    bad[4] = 5
    bad[0] = [5]
    yield "order args then env then cwd", raw, tuple(bad), {}
    bad = with_arg(5, 5)
    bad[4] = 5
    yield "order env then cwd", raw, tuple(bad), {}
    bad = with_arg(4, 5)
    bad[17] = "x"
    yield "order cwd then gid", raw, tuple(bad), {}
    bad = with_arg(18, (1,))
    bad[17] = "x"
    bad[19] = "x"
    yield "order groups then gid then uid", raw, tuple(bad), {}
    bad = with_arg(17, "x")
    bad[19] = "y"
    yield "order gid then uid", raw, tuple(bad), {}
    bad = with_arg(21, lambda: None)
    bad[13] = 1
    yield "preexec_fn with errpipe_write < 3", raw, tuple(bad), {}
