"""What CPython's test_syslog and the differential test cannot check of
syslog: the audit events with their arguments, the ident taken from
sys.argv[0] by an implicit openlog (its base name; none when sys.argv is
missing, not a list, empty, or its first item is not a non-empty str), the
ident kept alive after the caller drops its string, concurrent openlog and
syslog calls (the C library holds the ident's pointer), and the
subinterpreter rules once the main interpreter opened the log.  Every test
holds for the C module as well as for the Rust one.  Messages go at
LOG_DEBUG with only LOG_EMERG let through, so nothing is really logged."""

import textwrap
import unittest

from test import support
from test.support import script_helper

PRELUDE = """
import sys, syslog
syslog.setlogmask(syslog.LOG_MASK(syslog.LOG_EMERG))
events = []
def hook(event, args):
    if event.startswith("syslog."):
        events.append((event, args))
sys.addaudithook(hook)
"""


def run(code):
    """Runs `code` after PRELUDE in a child; its output lines."""
    _, out, err = script_helper.assert_python_ok("-c", PRELUDE + textwrap.dedent(code))
    return out.decode().splitlines()


class AuditTest(unittest.TestCase):
    def test_events(self):
        lines = run("""
            syslog.openlog("ident", syslog.LOG_PID, syslog.LOG_LOCAL0)
            syslog.syslog(syslog.LOG_DEBUG, "message")
            syslog.syslog("another")
            syslog.setlogmask(syslog.LOG_MASK(syslog.LOG_EMERG))
            syslog.closelog()
            for event in events:
                print(event)
        """)
        import syslog
        self.assertEqual(lines, [
            f"('syslog.openlog', ('ident', {syslog.LOG_PID}, {syslog.LOG_LOCAL0}))",
            f"('syslog.syslog', ({syslog.LOG_DEBUG}, 'message'))",
            f"('syslog.syslog', ({syslog.LOG_INFO}, 'another'))",
            f"('syslog.setlogmask', ({syslog.LOG_MASK(syslog.LOG_EMERG)},))",
            "('syslog.closelog', ())",
        ])

    def test_hook_refuses(self):
        lines = run("""
            def refuse(event, args):
                if event.startswith("syslog."):
                    raise PermissionError(event)
            sys.addaudithook(refuse)
            for call in (lambda: syslog.openlog("x"), lambda: syslog.syslog("m"), syslog.closelog,
                         lambda: syslog.setlogmask(0)):
                try:
                    call()
                except PermissionError as exc:
                    print(exc)
        """)
        self.assertEqual(lines, ["syslog.openlog", "syslog.syslog", "syslog.closelog", "syslog.setlogmask"])


class ImplicitOpenTest(unittest.TestCase):
    def ident(self, setup):
        """The ident of the openlog that syslog() makes after `setup`."""
        lines = run(setup + "\n" + textwrap.dedent("""
            try:
                syslog.syslog(syslog.LOG_DEBUG, "m")
            except Exception as exc:
                print(type(exc).__name__)
            print([args[0] for event, args in events if event == "syslog.openlog"])
        """))
        return lines

    def test_argv(self):
        self.assertEqual(self.ident("sys.argv = ['/usr/local/bin/prog.py', 'x']"), ["['prog.py']"])
        self.assertEqual(self.ident("sys.argv = ['prog']"), ["['prog']"])
        self.assertEqual(self.ident("sys.argv = ['dir/']"), ["['']"])
        self.assertEqual(self.ident("sys.argv = ['/a/b/\u20ac\u00e9']"), ["['\u20ac\u00e9']"])

    def test_no_ident(self):
        for setup in ["del sys.argv", "sys.argv = []", "sys.argv = ('/x/y',)", "sys.argv = ['']",
                      "sys.argv = [b'/x/y']", "sys.argv = 5"]:
            with self.subTest(setup=setup):
                self.assertEqual(self.ident(setup), ["[None]"])

    def test_argv_not_encodable(self):
        self.assertEqual(self.ident("sys.argv = ['/x/\\udc80']"), ["UnicodeEncodeError", "[]"])

    def test_only_once(self):
        lines = run("""
            syslog.syslog(syslog.LOG_DEBUG, "m")
            sys.argv = ["/other"]
            syslog.syslog(syslog.LOG_DEBUG, "m")
            syslog.closelog()
            syslog.syslog(syslog.LOG_DEBUG, "m")
            print(len([1 for event, args in events if event == "syslog.openlog"]))
        """)
        self.assertEqual(lines, ["2"])


class IdentTest(unittest.TestCase):
    def test_ident_outlives_its_string(self):
        run("""
            import gc
            for i in range(100):
                syslog.openlog("".join(["ident", str(i)]))
                gc.collect()
                syslog.syslog(syslog.LOG_DEBUG, "m" * i)
            syslog.closelog()
            syslog.syslog(syslog.LOG_DEBUG, "after")
        """)

    def test_threads(self):
        run("""
            import threading
            stop = threading.Event()
            def log():
                while not stop.is_set():
                    syslog.syslog(syslog.LOG_DEBUG, "from a thread")
            threads = [threading.Thread(target=log) for _ in range(4)]
            for thread in threads:
                thread.start()
            for i in range(2000):
                syslog.openlog(f"ident{i}")
                if i % 7 == 0:
                    syslog.closelog()
            stop.set()
            for thread in threads:
                thread.join()
        """)


@support.cpython_only
class SubinterpreterTest(unittest.TestCase):
    def test_messages(self):
        lines = run("""
            from test import support
            import os
            r, w = os.pipe()
            code = f'''if 1:
                import os, syslog
                def say(text):
                    os.write({w}, text.encode() + b"\\\\n")
                for call in (lambda: syslog.syslog("m"), lambda: syslog.openlog("sub"), syslog.closelog):
                    try:
                        call()
                    except RuntimeError as exc:
                        say(str(exc))
                say(str(syslog.LOG_UPTO(syslog.LOG_ERR)))
            '''
            support.run_in_subinterp(code)
            syslog.openlog("main")
            support.run_in_subinterp(code)
            os.close(w)
            print(os.read(r, 10000).decode(), end="")
        """)
        self.assertEqual(lines, [
            "subinterpreter can't use syslog.syslog() until the syslog is opened by the main interpreter",
            "subinterpreter can't use syslog.openlog()",
            "subinterpreter can't use syslog.closelog()",
            "15",
            "subinterpreter can't use syslog.openlog()",
            "subinterpreter can't use syslog.closelog()",
            "15",
        ])


if __name__ == "__main__":
    unittest.main()
