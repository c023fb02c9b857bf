"""A distro packager's build with --with-rust: Debian's own python3.13 recipe.

    Tools/test-packaging        (standalone; Tools/test runs it as one stage)

Takes Debian's python3.13 source package (the orig tarball and the
debian.tar.xz that Tools/fetch-cpython downloads through apt's deb-src entry),
applies Debian's patch series and then this project's (Tools/patch-cpython),
and builds Debian's shared flavour the way debian/rules does: its configure
flags plus --with-rust, then its `__post_configure` step taken verbatim from
the package's debian/rules at run time (append the module lines of Debian's
minimal set to Modules/Setup.local, run makesetup by hand over Setup.local,
Setup.bootstrap, Setup.stdlib and Setup, regenerate Makefile and config.c),
then make.

The build is also the offline one a distribution makes: the crates are
vendored into the tree (`cargo vendor`, as a packager ships them), and
configure and make run with no network (a new network namespace) and an
empty CARGO_HOME.

Checks, each a tally item: the build succeeds; every module of this project
is in PY_RUST_MODULES, built in, and defined by the Rust object only (no
object file of the replaced C source exists, libpython defines its PyInit_*
once, in the Rust object); the replaced modules' CPython test files pass on
that interpreter (each test case).
"""

import glob
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
WORK = os.path.join(BUILD, "debian")
SRC = os.path.join(WORK, "src")
BUILDDIR = os.path.join(SRC, "build-shared")
RESULTS = os.path.join(BUILD, "test-results")

# debian/rules' common_configure_args and the shared build's --enable-shared
# (LTO and the packager's CFLAGS are left out: they do not change how the
# modules are selected and linked, and would double the build time).
DEBIAN_CONFIGURE = [
    "--enable-shared", "--prefix=/usr",
    "--enable-ipv6", "--enable-loadable-sqlite-extensions", "--with-dbmliborder=bdb:gdbm",
    "--with-computed-gotos", "--without-ensurepip", "--with-system-expat", "--with-dtrace",
    "--with-ssl-default-suites=openssl", "--with-system-libmpdec=no",
    "--with-wheel-pkg-dir=/usr/share/python-wheels/", "MKDIR_P=/bin/mkdir -p",
]


def log(message):
    print(f"[test-packaging] {message}", flush=True)


def run(cmd, logname, **kwargs):
    path = os.path.join(RESULTS, logname)
    log(" ".join(cmd) + f"  (log: {os.path.relpath(path, ROOT)})")
    with open(path, "w") as out:
        return subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, **kwargs).returncode


def debian_source():
    """(orig tarball, debian tarball) in build/downloads, fetched if missing."""
    downloads = os.path.join(BUILD, "downloads")
    for _ in range(2):
        orig = glob.glob(os.path.join(downloads, "python3.13_*.orig.tar.*"))
        debian = glob.glob(os.path.join(downloads, "python3.13_*.debian.tar.*"))
        orig = [path for path in orig if not path.endswith(".asc")]
        if orig and debian:
            return orig[0], debian[0]
        subprocess.run([os.path.join(ROOT, "Tools", "fetch-cpython"), os.path.join(BUILD, "pristine")], check=True)
    raise SystemExit("test-packaging: Debian's python3.13 source package is not in build/downloads")


def prepare_tree():
    orig, debian = debian_source()
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(SRC)
    with tarfile.open(orig) as tar:
        for member in tar.getmembers():
            member.name = member.name.split("/", 1)[1] if "/" in member.name else ""
        tar.extractall(SRC, members=[m for m in tar.getmembers() if m.name], filter="tar")
    with tarfile.open(debian) as tar:
        tar.extractall(SRC, filter="tar")
    series = os.path.join(SRC, "debian", "patches", "series")
    applied = 0
    for line in open(series):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        name, options = words[0], words[1:] or ["-p1"]
        with open(os.path.join(SRC, "debian", "patches", name)) as patch:
            subprocess.run(["patch", "-d", SRC, "-s", "-f", *options], stdin=patch, check=True)
        applied += 1
    log(f"applied Debian's {applied} patches")
    subprocess.run([os.path.join(ROOT, "Tools", "patch-cpython"), SRC], check=True)
    rust = os.path.join(SRC, "Rust")
    subprocess.run(["cargo", "vendor", "--locked", "--quiet", "--manifest-path", os.path.join(rust, "Cargo.toml"),
                    os.path.join(rust, "vendor")], stdout=subprocess.DEVNULL, check=True)


def offline(cmd):
    """`cmd` with no network (a network namespace of its own)."""
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"]).returncode == 0:
        return ["unshare", "-n", *cmd]
    raise SystemExit("test-packaging: cannot cut the network for the offline build (needs root and unshare)")


def post_configure_makefile():
    """A makefile holding debian/rules' own `__post_configure` definition."""
    rules = open(os.path.join(SRC, "debian", "rules")).read()
    definition = re.search(r"^define __post_configure\n.*?^endef\n", rules, re.M | re.S)
    if not definition:
        raise SystemExit("test-packaging: debian/rules has no __post_configure definition")
    path = os.path.join(WORK, "post-configure.mk")
    with open(path, "w") as out:
        out.write(definition.group(0))
        out.write("\npost-configure:\n\t$(call __post_configure,build-shared)\n")
    return path


def multiarch():
    """DEB_HOST_MULTIARCH (x86_64-linux-gnu, ...), as debian/rules' --libdir uses it."""
    return subprocess.run(["gcc", "-print-multiarch"], capture_output=True, text=True, check=True).stdout.strip()


def build(tally):
    os.makedirs(BUILDDIR)
    cargo_home = os.path.join(WORK, "empty-cargo-home")
    os.makedirs(cargo_home)
    env = dict(os.environ, CARGO_HOME=cargo_home)
    configure = [os.path.join(SRC, "configure"), "--with-rust", f"--libdir=/usr/lib/{multiarch()}", *DEBIAN_CONFIGURE]
    rc = run(offline(configure), "debian-configure.log", cwd=BUILDDIR, env=env)
    tally.add("Debian shared build: configure --with-rust", rc == 0)
    if rc != 0:
        return False
    rc = run(offline(["make", "-f", post_configure_makefile(), "post-configure"]), "debian-post-configure.log",
             cwd=SRC, env=env)
    tally.add("Debian shared build: debian/rules' __post_configure", rc == 0)
    if rc != 0:
        return False
    rc = run(offline(["make", f"-j{os.cpu_count() or 2}"]), "debian-make.log", cwd=BUILDDIR, env=env)
    tally.add("Debian shared build: make, offline from vendored crates", rc == 0)
    return rc == 0


def python(*args, **kwargs):
    env = dict(os.environ, LD_LIBRARY_PATH=BUILDDIR)
    return subprocess.run([os.path.join(BUILDDIR, "python"), *args], env=env, cwd=BUILDDIR, **kwargs)


def defined_symbols(path):
    out = subprocess.run(["nm", "--defined-only", path], capture_output=True, text=True, check=True).stdout
    return [line.split()[-1] for line in out.splitlines() if line.strip()]


def check_modules(tally, modules):
    built = python("-c", "import sys, sysconfig; print(sysconfig.get_config_var('PY_RUST_MODULES')); "
                   "print(' '.join(sys.builtin_module_names))", capture_output=True, text=True, check=True)
    selected, builtins = (line.split() for line in built.stdout.splitlines())
    rust_object = set(defined_symbols(os.path.join(BUILDDIR, "Modules", "_rust.o")))
    library = defined_symbols(os.path.join(BUILDDIR, "libpython3.13.so.1.0"))
    setup_local = open(os.path.join(BUILDDIR, "Modules", "Setup.local")).read()
    for module in modules:
        tally.add(f"Debian build: {module} in PY_RUST_MODULES", module in selected)
        tally.add(f"Debian build: {module} is built in", module in builtins)
        init = f"PyInit_{module}"
        tally.add(f"Debian build: {init} defined once in libpython, by the Rust object",
                  library.count(init) == 1 and init in rust_object)
        # The C sources Debian's Setup.local names for the module: none compiled.
        sources = re.findall(rf"^{re.escape(module)}\s+(.*)$", setup_local, re.M)
        objects = [os.path.join(BUILDDIR, "Modules", os.path.basename(word)[:-2] + ".o")
                   for line in sources for word in line.split() if word.endswith(".c")]
        compiled = [obj for obj in objects if os.path.exists(obj)]
        tally.add(f"Debian build: {module}'s C file not compiled ({', '.join(compiled) or 'none'})",
                  bool(sources) and not compiled)


def run_module_tests(tally, modules):
    tests = sorted({test for tests in modules.values() for test in tests})
    junit = os.path.join(RESULTS, "debian-tests.xml")
    if os.path.exists(junit):
        os.remove(junit)
    env = dict(os.environ, LD_LIBRARY_PATH=BUILDDIR)
    rc = run([os.path.join(BUILDDIR, "python"), "-m", "test", "-j", str(os.cpu_count() or 2),
              "--timeout", "1200", "--junit-xml", junit, *tests], "debian-tests.log", env=env, cwd=BUILDDIR)
    cases = skipped = 0
    if os.path.exists(junit):
        for case in ET.parse(junit).iter("testcase"):
            name = f"{case.get('classname')}.{case.get('name')}"
            if case.find("skipped") is not None:
                skipped += 1
                continue
            cases += 1
            tally.add(f"Debian build test: {name}", case.find("failure") is None and case.find("error") is None)
    tally.add(f"Debian build: the replaced modules' test files ran (rc {rc})", cases > 0)
    log(f"{len(tests)} test files, {cases} cases run, {skipped} skipped")


def project_modules():
    """{module: its CPython test files} for every module crate of the project."""
    modules = {}
    for manifest in sorted(glob.glob(os.path.join(ROOT, "rust-modules", "*", "Cargo.toml"))):
        name = os.path.basename(os.path.dirname(manifest))
        if not re.fullmatch(r"_?[a-z0-9]+", name):
            continue  # support crates (cpython-sys, ...)
        with open(manifest, "rb") as f:
            meta = tomllib.load(f)["package"].get("metadata", {}).get("cpython", {})
        modules[name] = meta.get("tests", [])
    return modules


def debian_shared_build(tally):
    os.makedirs(RESULTS, exist_ok=True)
    prepare_tree()
    modules = project_modules()
    if build(tally):
        check_modules(tally, modules)
        run_module_tests(tally, modules)


def main():
    sys.path.insert(0, os.path.join(ROOT, "Tools"))
    from run_tests import Tally
    tally = Tally()
    debian_shared_build(tally)
    return tally.report()


if __name__ == "__main__":
    sys.exit(main())
