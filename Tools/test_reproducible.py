"""Reproducible build check: Tools/test-packaging --reproducible (not in Tools/test).

One patched source tree (build/repro/src), configured and built twice with
--with-rust in two build directories of different absolute paths
(build/repro/a/build, build/repro/other-dir/build: the same depth, as
CPython's getpath.c embeds the relative path to the source tree, VPATH), as a distribution builds:
the same SOURCE_DATE_EPOCH, and Debian's CFLAGS prefix map
(-ffile-prefix-map=<builddir>=.  and the source tree's), and no RUSTFLAGS
(configure-hooks/cargo-build.sh adds the Rust prefix maps itself).  Compares
the sha256 of Modules/_rust.o, libpython3.13.a and python.
"""

import hashlib
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "build", "repro")
SRC = os.path.join(WORK, "src")
BUILDDIRS = [os.path.join(WORK, "a", "build"), os.path.join(WORK, "other-dir", "build")]
ARTIFACTS = ["Modules/_rust.o", "libpython3.13.a", "python"]
EPOCH = "1750000000"


def log(message):
    print(f"[reproducible] {message}", flush=True)


def prepare_source():
    shutil.rmtree(WORK, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "build", "pristine"), SRC, symlinks=True)
    subprocess.run([os.path.join(ROOT, "Tools", "patch-cpython"), SRC], check=True, stdout=subprocess.DEVNULL)


def environment(builddir):
    # Debian's dpkg-buildflags: -ffile-prefix-map for the build path; here the
    # source tree is mapped too (it is outside the build directories).
    cflags = f"-g -O2 -ffile-prefix-map={builddir}=. -ffile-prefix-map={SRC}=src"
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, CFLAGS=cflags)
    env.pop("RUSTFLAGS", None)
    return env


def configure(builddir):
    os.makedirs(builddir)
    with open(os.path.join(builddir, "build.log"), "w") as out:
        subprocess.run([os.path.join(SRC, "configure"), "--with-rust"], cwd=builddir, env=environment(builddir),
                       stdout=out, stderr=subprocess.STDOUT, check=True)


def make(builddir, target):
    with open(os.path.join(builddir, "build.log"), "a") as out:
        subprocess.run(["nice", "-n", "10", "make", f"-j{os.cpu_count() or 2}", target], cwd=builddir,
                       env=environment(builddir), stdout=out, stderr=subprocess.STDOUT, check=True)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    sys.path.insert(0, os.path.join(ROOT, "Tools"))
    from run_tests import Tally
    tally = Tally()
    prepare_source()
    for builddir in BUILDDIRS:
        configure(builddir)
    # The Rust object first: it is the part this project adds.
    for target in ARTIFACTS:
        for builddir in BUILDDIRS:
            log(f"make {target} in {os.path.relpath(builddir, ROOT)}")
            make(builddir, target)
        hashes = [sha256(os.path.join(builddir, target)) for builddir in BUILDDIRS]
        log(f"{target}: {' '.join(h[:16] for h in hashes)}")
        tally.add(f"reproducible: {target} bit-identical across build directories", hashes[0] == hashes[1])
    return tally.report()


if __name__ == "__main__":
    sys.exit(main())
