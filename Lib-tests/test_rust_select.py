"""What the differential test cannot compare for select: blocking calls
with threads and signals (PEP 475), objects shared between threads, and
out-of-memory.  Every test also passes on stock CPython."""

import os
import select
import signal
import sys
import threading
import time
import unittest

from test import support
from test.rust_hostile import HostileTestCase

# The Rust module's blocking calls, each as `wait(read_fds, timeout_s)`
# returning the descriptors ready for reading.


def wait_select(fds, timeout):
    return select.select(fds, [], [], timeout)[0]


def wait_poll(fds, timeout):
    p = select.poll()
    for fd in fds:
        p.register(fd, select.POLLIN)
    return [fd for fd, _ in p.poll(None if timeout is None else timeout * 1000)]


def wait_epoll(fds, timeout):
    with select.epoll() as ep:
        for fd in fds:
            ep.register(fd, select.EPOLLIN)
        return [fd for fd, _ in ep.poll(timeout)]


WAITS = {"select": wait_select, "poll": wait_poll, "epoll": wait_epoll}


def pipes(test, count):
    made = []
    for _ in range(count):
        r, w = os.pipe()
        test.addCleanup(os.close, r)
        test.addCleanup(os.close, w)
        made.append((r, w))
    return made


class StressTest(unittest.TestCase):
    """Many pipes, written by concurrent threads, drained through each of
    the three interfaces: every byte arrives, nothing is reported ready
    that is not."""

    PIPES = 60
    MESSAGES = 40

    def drain(self, name):
        ends = pipes(self, self.PIPES)
        reader_of = {r: i for i, (r, _) in enumerate(ends)}
        expected = {i: b"".join(bytes([i % 256]) * (n % 7 + 1) for n in range(self.MESSAGES)) for i in range(self.PIPES)}
        received = {i: bytearray() for i in range(self.PIPES)}
        start = threading.Barrier(5)

        def writer(part):
            start.wait()
            for i in range(part, self.PIPES, 4):
                w = ends[i][1]
                for n in range(self.MESSAGES):
                    os.write(w, bytes([i % 256]) * (n % 7 + 1))
                    if n % 10 == 0:
                        time.sleep(0)

        threads = [threading.Thread(target=writer, args=(part,)) for part in range(4)]
        for thread in threads:
            thread.start()
        start.wait()
        wait = WAITS[name]
        total = sum(len(data) for data in expected.values())
        deadline = time.monotonic() + support.SHORT_TIMEOUT
        got = 0
        while got < total:
            self.assertLess(time.monotonic(), deadline, f"{name}: {got} of {total} bytes")
            ready = wait([r for r, _ in ends], 1.0)
            for fd in ready:
                data = os.read(fd, 4096)
                self.assertTrue(data, f"{name} reported an empty pipe ready")
                received[reader_of[fd]] += data
                got += len(data)
        for thread in threads:
            thread.join()
        self.assertEqual(wait([r for r, _ in ends], 0), [])
        self.assertEqual({i: bytes(data) for i, data in received.items()}, expected)

    def test_select(self):
        self.drain("select")

    def test_poll(self):
        self.drain("poll")

    def test_epoll(self):
        self.drain("epoll")

    def test_many_registered(self):
        # 500 pipes, every other one readable: each interface reports those.
        ends = pipes(self, 500)
        for r, w in ends[::2]:
            os.write(w, b"x")
        expected = sorted(r for r, _ in ends[::2])
        p = select.poll()
        with select.epoll() as ep:
            for r, _ in ends:
                p.register(r, select.POLLIN)
                ep.register(r, select.EPOLLIN)
            self.assertEqual(sorted(fd for fd, _ in p.poll(0)), expected)
            self.assertEqual(sorted(fd for fd, _ in ep.poll(0)), expected)
            self.assertEqual(len(ep.poll(0, 7)), 7)


class GilReleasedTest(unittest.TestCase):
    """A blocking call lets the other threads run."""

    def check(self, name):
        (r, w), = pipes(self, 1)
        result = []
        thread = threading.Thread(target=lambda: result.append(WAITS[name]([r], None)))
        thread.start()
        # This thread keeps running Python code while the other one waits.
        counted = 0
        stop = time.monotonic() + 0.2
        while time.monotonic() < stop:
            counted += 1
        self.assertTrue(thread.is_alive())
        self.assertGreater(counted, 1000)
        os.write(w, b"x")
        thread.join(support.SHORT_TIMEOUT)
        self.assertEqual(result, [[r]])

    def test_select(self):
        self.check("select")

    def test_poll(self):
        self.check("poll")

    def test_epoll(self):
        self.check("epoll")


@unittest.skipUnless(hasattr(signal, "setitimer"), "needs signal.setitimer")
class SignalTest(unittest.TestCase):
    """PEP 475: a signal whose handler returns does not cut the wait short
    (the call is retried with the time left); a handler's exception
    propagates out of the call."""

    TIMEOUT = 0.4

    def setUp(self):
        self.old_handler = signal.getsignal(signal.SIGALRM)
        self.addCleanup(signal.signal, signal.SIGALRM, self.old_handler)
        self.addCleanup(signal.setitimer, signal.ITIMER_REAL, 0)

    def interrupted_wait(self, name, handler, timeout):
        (r, _), = pipes(self, 1)
        calls = []

        def on_alarm(signum, frame):
            calls.append(signum)
            handler()

        signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, 0.05, 0.05)
        start = time.monotonic()
        try:
            return WAITS[name]([r], timeout), time.monotonic() - start, calls
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def check_retried(self, name):
        result, elapsed, calls = self.interrupted_wait(name, lambda: None, self.TIMEOUT)
        self.assertEqual(result, [])
        self.assertGreaterEqual(elapsed, self.TIMEOUT - 0.01)
        self.assertGreater(len(calls), 1, "the timer interrupted the call more than once")

    def check_raises(self, name, timeout):
        class Interrupt(Exception):
            pass

        def raise_it():
            raise Interrupt

        start = time.monotonic()
        with self.assertRaises(Interrupt):
            self.interrupted_wait(name, raise_it, timeout)
        self.assertLess(time.monotonic() - start, support.SHORT_TIMEOUT)

    def test_select_retried(self):
        self.check_retried("select")

    def test_poll_retried(self):
        self.check_retried("poll")

    def test_epoll_retried(self):
        self.check_retried("epoll")

    def test_select_raises(self):
        self.check_raises("select", 10)
        self.check_raises("select", None)

    def test_poll_raises(self):
        self.check_raises("poll", 10)
        self.check_raises("poll", None)

    def test_epoll_raises(self):
        self.check_raises("epoll", 10)
        self.check_raises("epoll", None)

    def test_handler_makes_ready(self):
        # The handler writes to the pipe waited on: the retry sees it.
        (r, w), = pipes(self, 1)
        for name in WAITS:
            with self.subTest(name):
                signal.signal(signal.SIGALRM, lambda *args: os.write(w, b"x"))
                signal.setitimer(signal.ITIMER_REAL, 0.05)
                self.assertEqual(WAITS[name]([r], support.SHORT_TIMEOUT), [r])
                os.read(r, 10)


class SharedPollTest(unittest.TestCase):
    """A poll object used by several threads, as C allows."""

    def test_concurrent_poll(self):
        (r, w), = pipes(self, 1)
        p = select.poll()
        p.register(r, select.POLLIN)
        result = []
        thread = threading.Thread(target=lambda: result.append(p.poll()))
        thread.start()
        time.sleep(0.1)
        with self.assertRaisesRegex(RuntimeError, "concurrent poll\\(\\) invocation"):
            p.poll(0)
        os.write(w, b"x")
        thread.join(support.SHORT_TIMEOUT)
        self.assertEqual(result, [[(r, select.POLLIN)]])
        # The object works again once the first call returned.
        self.assertEqual(p.poll(0), [(r, select.POLLIN)])

    def test_changed_while_polling(self):
        # Registrations made while another thread polls count from the next
        # poll(): the running one waits on the descriptors it started with.
        (r1, w1), (r2, w2) = pipes(self, 2)
        p = select.poll()
        p.register(r1, select.POLLIN)
        result = []
        thread = threading.Thread(target=lambda: result.append(p.poll()))
        thread.start()
        time.sleep(0.1)
        p.unregister(r1)
        p.register(r2, select.POLLIN)
        p.register(w2, select.POLLOUT)
        os.write(w1, b"x")
        thread.join(support.SHORT_TIMEOUT)
        self.assertEqual(result, [[(r1, select.POLLIN)]])
        self.assertEqual(p.poll(0), [(w2, select.POLLOUT)])

    def test_fileno_mutates_registrations(self):
        # fileno() of the object being registered registers another one.
        (r1, _), (r2, w2) = pipes(self, 2)
        p = select.poll()

        class Sneaky:
            def fileno(self):
                p.register(w2, select.POLLOUT)
                p.unregister(w2)
                p.register(w2, select.POLLOUT)
                return r1

        p.register(Sneaky(), select.POLLIN)
        self.assertEqual(p.poll(0), [(w2, select.POLLOUT)])
        p.modify(Sneaky(), select.POLLIN)
        os.write(w2, b"x")
        p.register(r2, select.POLLIN)
        self.assertEqual(p.poll(0), [(w2, select.POLLOUT), (r2, select.POLLIN)])

    def test_many_threads_one_object(self):
        # Threads register, unregister and poll one object: each poll() either
        # runs or refuses with RuntimeError, never anything else.
        ends = pipes(self, 16)
        p = select.poll()
        errors = []
        outcomes = {"polled": 0, "refused": 0}

        def work(part):
            try:
                for n in range(200):
                    r, w = ends[(part * 7 + n) % len(ends)]
                    p.register(w, select.POLLOUT)
                    try:
                        p.poll(1)
                        outcomes["polled"] += 1
                    except RuntimeError:
                        outcomes["refused"] += 1
                    try:
                        p.unregister(w)
                    except KeyError:
                        pass
            except Exception as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(part,)) for part in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(outcomes["polled"] + outcomes["refused"], 800)


class SharedEpollTest(unittest.TestCase):
    """An epoll object used by several threads."""

    def test_concurrent_polls(self):
        # Unlike poll objects, epoll objects may be polled by several
        # threads at once; each wakes up for its own event.
        ends = pipes(self, 3)
        with select.epoll() as ep:
            for r, _ in ends:
                ep.register(r, select.EPOLLIN | select.EPOLLONESHOT)
            results = []
            threads = [threading.Thread(target=lambda: results.append(ep.poll(support.SHORT_TIMEOUT, 1)))
                       for _ in ends]
            for thread in threads:
                thread.start()
            time.sleep(0.1)
            for _, w in ends:
                os.write(w, b"x")
            for thread in threads:
                thread.join()
            self.assertEqual(sorted(fd for result in results for fd, _ in result), sorted(r for r, _ in ends))

    def test_register_while_polling(self):
        (r, w), = pipes(self, 1)
        with select.epoll() as ep:
            result = []
            thread = threading.Thread(target=lambda: result.append(ep.poll(support.SHORT_TIMEOUT)))
            thread.start()
            time.sleep(0.1)
            os.write(w, b"x")
            ep.register(r, select.EPOLLIN)
            thread.join()
            self.assertEqual(result, [[(r, select.EPOLLIN)]])

    def test_closed_by_another_thread(self):
        ep = select.epoll()
        ep.close()
        thread = threading.Thread(target=ep.close)
        thread.start()
        thread.join()
        self.assertTrue(ep.closed)
        with self.assertRaisesRegex(ValueError, "I/O operation on closed epoll object"):
            ep.poll(0)

    @support.requires_fork()
    def test_after_fork(self):
        # The child inherits the descriptor: the object works there, and
        # closing it in the child leaves the parent's alone.
        (r, w), = pipes(self, 1)
        os.write(w, b"x")
        with select.epoll() as ep:
            ep.register(r, select.EPOLLIN)
            pid = os.fork()
            if pid == 0:
                code = 0
                try:
                    if ep.poll(0) != [(r, select.EPOLLIN)]:
                        code = 1
                    ep.close()
                    if not ep.closed:
                        code = 2
                finally:
                    os._exit(code)
            support.wait_process(pid, exitcode=0)
            self.assertFalse(ep.closed)
            self.assertEqual(ep.poll(0), [(r, select.EPOLLIN)])


class MemoryTest(HostileTestCase):
    def test_epoll_huge_maxevents(self):
        self.assertRaisesMemoryError("import select; ep = select.epoll()", "ep.poll(0, 2**31 - 1)")

    def test_select_huge_list(self):
        self.assertRaisesMemoryError("import select", "select.select(range(10**9), [], [], 0)")


if __name__ == "__main__":
    unittest.main()
