"""Hostile uses of the builtin hash modules (_md5, _sha1, _sha2, _sha3,
_blake2) that test_hashlib does not make: objects shared between threads while
large updates run without the GIL, digests larger than memory allows, and
hashlib without OpenSSL.  Every test holds for the C
modules as well as for the Rust ones."""

import threading
import unittest

from test.rust_hostile import HostileTestCase, run_child
from test.support import import_helper

_md5 = import_helper.import_module("_md5")
_sha1 = import_helper.import_module("_sha1")
_sha2 = import_helper.import_module("_sha2")
_sha3 = import_helper.import_module("_sha3")
_blake2 = import_helper.import_module("_blake2")

CONSTRUCTORS = [_md5.md5, _sha1.sha1, _sha2.sha224, _sha2.sha256, _sha2.sha384, _sha2.sha512,
                _sha3.sha3_224, _sha3.sha3_256, _sha3.sha3_384, _sha3.sha3_512,
                _blake2.blake2b, _blake2.blake2s]


class SharedObjectTest(unittest.TestCase):
    def test_concurrent_updates(self):
        # Large chunks are hashed without the GIL, small ones with it: the
        # per-object lock must keep each update whole.  Every byte is the
        # same, so the result does not depend on the order in which the
        # threads get the lock.
        chunk = b"a" * 16384  # past the GIL threshold
        small = b"a" * 100
        threads, rounds = 4, 20
        for new in CONSTRUCTORS:
            with self.subTest(new=new.__name__):
                shared = new()
                barrier = threading.Barrier(threads + 1)
                seen = []

                def update():
                    barrier.wait()
                    for _ in range(rounds):
                        shared.update(chunk)
                        shared.update(small)

                def read():
                    barrier.wait()
                    for _ in range(rounds * 4):
                        seen.append(len(shared.copy().digest()) + len(shared.hexdigest()))

                workers = [threading.Thread(target=update) for _ in range(threads)]
                workers.append(threading.Thread(target=read))
                for worker in workers:
                    worker.start()
                for worker in workers:
                    worker.join()
                expected = new((chunk + small) * (threads * rounds))
                self.assertEqual(shared.digest(), expected.digest())
                self.assertEqual(set(seen), {3 * expected.digest_size})


class WithoutOpenSSLTest(unittest.TestCase):
    def test_hashlib_on_builtin_modules(self):
        # hashlib prefers OpenSSL's _hashlib: without it, every algorithm
        # comes from the builtin modules, and test_hashlib must still pass.
        code = """if 1:
            import sys
            sys.modules['_hashlib'] = None
            import hashlib, unittest
            import test.test_hashlib as tests
            assert hashlib.sha256.__module__ == '_sha2', hashlib.sha256
            result = unittest.main(module=tests, exit=False, verbosity=0).result
            print('run', result.testsRun, 'failed', len(result.failures) + len(result.errors))
            """
        returncode, output = run_child(code)
        self.assertEqual(returncode, 0, output)
        self.assertRegex(output.splitlines()[-1], r"^run [1-9][0-9]* failed 0$", output)


class OutOfMemoryTest(HostileTestCase):
    def test_shake_digest(self):
        # 512 MiB of output, then 1 GiB of hex digits.
        for name in ("shake_128", "shake_256"):
            with self.subTest(name=name):
                self.assertRaisesMemoryError("import _sha3", f"_sha3.{name}(b'x').hexdigest(2**29 - 1)")


if __name__ == "__main__":
    unittest.main()
