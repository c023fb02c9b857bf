"""Tests of the Rust replacements of C extension modules (configure --with-rust).

Installed into Lib/test by Tools/patch-cpython, so regrtest runs them.  They
check what CPython's own tests of each module do not: that every module in
PY_RUST_MODULES really is the built-in Rust one, that it presents the same
API as the C module (names, docstrings, signatures), that it works in an
isolated subinterpreter, and (debug builds) that a Rust panic becomes an
exception instead of killing the interpreter.

The stock build's API is dumped by running this file on the stock
interpreter (``python -m test.test_rust_modules dump-api MODULE...``);
Tools/test passes that file in PY_RUST_STOCK_API.  Without it, docstrings
and text signatures are compared with the Argument Clinic output in the
source tree.
"""

import importlib
import inspect
import json
import os
import subprocess
import re
import sys
import sysconfig
import textwrap
import unittest

from test.support import import_helper

RUST_MODULES = (sysconfig.get_config_var("PY_RUST_MODULES") or "").split()

# Attributes that differ between a built-in and a lib-dynload module by
# nature (a shared stock module has __file__ and an ExtensionFileLoader).
LOADER_ATTRIBUTES = {"__file__", "__loader__", "__spec__", "__cached__"}
# Debug builds of Rust modules have this extra test hook.
DEBUG_HOOK = "_rust_panic"


def describe(obj, depth=0):
    """A JSON-able description of the public face of obj."""
    info = {"type": type(obj).__name__}
    if callable(obj) or isinstance(obj, type):
        for attr in ("__name__", "__qualname__", "__module__", "__doc__", "__text_signature__"):
            if hasattr(obj, attr):
                info[attr] = getattr(obj, attr)
        try:
            info["signature"] = str(inspect.signature(obj))
        # AttributeError: a default such as select.epoll.register's
        # `select.EPOLLIN | ...` is evaluated in the module's namespace,
        # where `select` is the function.
        except (ValueError, TypeError, AttributeError) as exc:
            info["signature"] = f"{type(exc).__name__}: {exc}"
    if isinstance(obj, type):
        info["mro"] = [f"{c.__module__}.{c.__qualname__}" for c in obj.__mro__]
        if depth == 0:
            info["members"] = {
                name: describe(value, depth + 1)
                for name, value in sorted(vars(obj).items())
                if not name.startswith("__") or name in ("__init__", "__new__")
            }
    elif not callable(obj):
        info["repr"] = repr(obj)
        if hasattr(type(obj), "__get__"):  # a member or getset descriptor
            info["__doc__"] = obj.__doc__
    return info


def describe_module(name):
    module = importlib.import_module(name)
    return {
        attr: describe(getattr(module, attr))
        for attr in sorted(dir(module))
        if attr not in LOADER_ATTRIBUTES and attr != DEBUG_HOOK
    }


def clinic_docstrings(module_name):
    """{python name: __doc__ as written} from the tree's clinic header."""
    srcdir = sysconfig.get_config_var("srcdir")
    candidates = [f"{module_name}.c.h", f"{module_name}module.c.h", f"{module_name.lstrip('_')}module.c.h"]
    for candidate in candidates:
        path = os.path.join(srcdir, "Modules", "clinic", candidate)
        if os.path.exists(path):
            break
    else:
        return None
    with open(path, encoding="utf-8") as f:
        text = f.read()
    docs = {}
    for var, body in re.findall(r"PyDoc_STRVAR\((\w+),\s*((?:\"(?:[^\"\\]|\\.)*\"\s*)+)\);", text):
        literal = "".join(re.findall(r"\"((?:[^\"\\]|\\.)*)\"", body))
        docs[var] = literal.encode("latin-1").decode("unicode_escape")
    result = {}
    for pyname, docvar in re.findall(r"\{\"(\w+)\",[^,]+,[^,]+,\s*(\w+)\}", text):
        # A method of a class may share a module function's name (zlib's
        # Compress.compress): its `($self` signature tells them apart.
        if docvar in docs and not docs[docvar].startswith(f"{pyname}($self"):
            result[pyname] = docs[docvar]
    return result


# Differences from the stock module's API that are decided, each with its
# reason: the paths (into describe_module's result) are left out of the
# comparison.
KNOWN_DIFFERENCES = {
    # The module names the code that hashes: "RustCrypto", not "HACL".
    "_sha3": [("implementation", "repr")],
    "zlib": [
        # The codec is zlib-rs: the versions are its own (zlibVersion() of
        # its C ABI), not the system zlib's.
        ("ZLIB_VERSION", "repr"),
        ("ZLIB_RUNTIME_VERSION", "repr"),
    ],
}


def without_known_differences(name, api):
    for path in KNOWN_DIFFERENCES.get(name, ()):
        node = api
        for key in path[:-1]:
            node = node.get(key, {})
        node.pop(path[-1], None)
    return api


@unittest.skipUnless(RUST_MODULES, "not a --with-rust build")
class RustModulesTest(unittest.TestCase):

    def test_modules_are_built_in(self):
        for name in RUST_MODULES:
            with self.subTest(module=name):
                self.assertIn(name, sys.builtin_module_names)
                spec = importlib.util.find_spec(name)
                self.assertEqual(spec.origin, "built-in")

    def test_no_shared_library_shadows_them(self):
        shared = set((sysconfig.get_config_var("MODSHARED_NAMES") or "").split())
        for name in RUST_MODULES:
            with self.subTest(module=name):
                self.assertNotIn(name, shared)
                for directory in sys.path:
                    if os.path.isdir(directory):
                        self.assertFalse(
                            [f for f in os.listdir(directory)
                             if f.startswith(name + ".") and f.endswith((".so", ".pyd"))],
                            f"a shared {name} module exists in {directory}")

    def test_api_matches_stock(self):
        path = os.environ.get("PY_RUST_STOCK_API")
        if not path:
            self.skipTest("PY_RUST_STOCK_API not set (test_docstrings_match_clinic still runs)")
        with open(path, encoding="utf-8") as f:
            stock = json.load(f)
        for name in RUST_MODULES:
            with self.subTest(module=name):
                self.assertIn(name, stock, f"{path} has no API of {name}")
                self.assertEqual(without_known_differences(name, describe_module(name)),
                                 without_known_differences(name, stock[name]))

    def test_docstrings_match_clinic(self):
        checked = 0
        for name in RUST_MODULES:
            expected = clinic_docstrings(name)
            if expected is None:
                continue
            module = importlib.import_module(name)
            for pyname, doc in expected.items():
                # Only the module's own functions: the header also documents
                # methods of its classes (array's __reduce_ex__ is not the
                # module object's).
                func = vars(module).get(pyname)
                if func is None or not callable(func) or isinstance(func, type):
                    continue
                with self.subTest(function=f"{name}.{pyname}"):
                    if "\n--\n\n" in doc:
                        signature, doc = doc.split("\n--\n\n", 1)
                        self.assertEqual(func.__text_signature__, signature[len(pyname):])
                    self.assertEqual(func.__doc__ or "", doc)
                    checked += 1
        self.assertGreater(checked, 0, "no clinic docstrings found for any Rust module")

    def test_isolated_subinterpreter(self):
        interpreters = import_helper.import_module("test.support.interpreters")
        for name in RUST_MODULES:
            with self.subTest(module=name):
                interp = interpreters.create()  # own GIL, isolated
                try:
                    interp.exec(textwrap.dedent(f"""
                        import sys, {name}
                        assert {name}.__spec__.origin == 'built-in'
                        assert sys.modules[{name!r}] is {name}
                    """))
                finally:
                    interp.close()

    @unittest.skipUnless(hasattr(sys, "gettotalrefcount"), "the panic hook exists in debug builds only")
    def test_panic_becomes_exception(self):
        for name in RUST_MODULES:
            module = importlib.import_module(name)
            with self.subTest(module=name):
                for _ in range(2):  # and the interpreter goes on
                    with self.assertRaisesRegex(SystemError, "Rust panic: forced by _rust_panic"):
                        getattr(module, DEBUG_HOOK)()

    @unittest.skipUnless(hasattr(sys, "gettotalrefcount"), "the panic hook exists in debug builds only")
    def test_panic_is_quiet_and_located(self):
        # A caught panic is a SystemError that says where it happened; it
        # prints nothing to stderr unless RUST_BACKTRACE asks for std's report.
        code = textwrap.dedent(f"""
            import {RUST_MODULES[0]} as module
            try:
                module.{DEBUG_HOOK}()
            except SystemError as exc:
                print(exc)
        """)
        env = {key: value for key, value in os.environ.items() if key != "RUST_BACKTRACE"}
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        self.assertEqual(proc.stderr, "")
        self.assertRegex(proc.stdout, r"^Rust panic: forced by _rust_panic\(\) \(at \S+\.rs:\d+\)$")
        env["RUST_BACKTRACE"] = "1"
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        self.assertIn("panicked at", proc.stderr)


def main(argv):
    if argv[:1] == ["dump-api"]:
        json.dump({name: describe_module(name) for name in argv[1:]}, sys.stdout, indent=1, sort_keys=True)
        print()
        return
    unittest.main()


if __name__ == "__main__":
    main(sys.argv[1:])
