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
once, in the Rust object); libpython3.13.so exports nothing of the Rust
object but those PyInit_*, and `make smelly` finds no symbol of it (Debian's
own built-in C modules give smelly symbols on stock too: those are not ours
to judge); `make install DESTDIR=...` installs an interpreter whose
sys.builtin_module_names, sysconfig and python3.13-config are right; the
replaced modules' CPython test files pass on the built interpreter (each test
case).
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


def rust_object_globals(builddir):
    """The global symbols the Rust object defines (nm's upper-case types)."""
    out = subprocess.run(["nm", "--defined-only", os.path.join(builddir, "Modules", "_rust.o")],
                         capture_output=True, text=True, check=True).stdout
    return {line.split()[-1] for line in out.splitlines() if line.split()[-2].isupper()}


def smelly_symbols(builddir, label, env=None, wrap=list):
    """(make smelly's exit status, the symbols it calls smelly); `wrap`
    adapts the command (offline)."""
    logname = f"smelly-{label}.log"
    rc = run(wrap(["make", "smelly"]), logname, cwd=builddir, env=env)
    text = open(os.path.join(RESULTS, logname)).read()
    return rc, set(re.findall(r"^Smelly symbol: (\S+)", text, re.M))


def exported_rust_symbols(builddir, binary):
    """The symbols of the Rust object that `binary` exports dynamically."""
    dynamic = subprocess.run(["nm", "--dynamic", "--defined-only", os.path.join(builddir, binary)],
                             capture_output=True, text=True, check=True).stdout
    return {line.split()[-1] for line in dynamic.splitlines()} & rust_object_globals(builddir)


def check_exports(tally, label, builddir, binary, modules, env=None, wrap=list):
    """`binary` exports of the Rust object only the PyInit_* of `modules`, and
    make smelly finds no symbol of it; make smelly's exit status."""
    exported = exported_rust_symbols(builddir, binary)
    expected = {f"PyInit_{module}" for module in modules}
    tally.add(f"{label}: {binary} exports of the Rust object the PyInit_* only "
              f"(extra: {sorted(exported - expected)[:5]}, missing: {sorted(expected - exported)[:5]})",
              exported == expected)
    rc, smelly = smelly_symbols(builddir, label.split()[0].lower(), env, wrap)
    ours = smelly & rust_object_globals(builddir)
    tally.add(f"{label}: make smelly finds no symbol of the Rust object ({sorted(ours)[:5]})", not ours)
    return rc


def check_install(tally, modules, env):
    """make install with DESTDIR, then the installed interpreter, run from there."""
    destdir = os.path.join(WORK, "destdir")
    shutil.rmtree(destdir, ignore_errors=True)
    rc = run(offline(["make", "install", f"DESTDIR={destdir}"]), "debian-install.log", cwd=BUILDDIR, env=env)
    tally.add("Debian build: make install DESTDIR=...", rc == 0)
    if rc != 0:
        return
    prefix = os.path.join(destdir, "usr")
    installed_env = dict(env, LD_LIBRARY_PATH=os.path.join(prefix, "lib", multiarch()), PYTHONHOME=prefix)
    probe = subprocess.run(
        [os.path.join(prefix, "bin", "python3.13"), "-c",
         "import sys, sysconfig; print(sysconfig.get_config_var('PY_RUST_MODULES')); "
         "print(' '.join(sys.builtin_module_names)); print(sys.prefix)"],
        capture_output=True, text=True, env=installed_env)
    lines = probe.stdout.splitlines()
    tally.add(f"installed python3.13 runs ({probe.stderr.strip()[-200:]})", probe.returncode == 0 and len(lines) == 3)
    if probe.returncode != 0 or len(lines) != 3:
        return
    selected, builtins = lines[0].split(), lines[1].split()
    for module in modules:
        tally.add(f"installed python3.13: {module} is the Rust one, built in",
                  module in selected and module in builtins)
    config = subprocess.run([os.path.join(prefix, "bin", "python3.13-config"), "--ldflags", "--embed"],
                            capture_output=True, text=True, env=installed_env)
    tally.add(f"installed python3.13-config --ldflags --embed links libpython3.13 ({config.stdout.strip()})",
              config.returncode == 0 and "-lpython3.13" in config.stdout)


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
        env = dict(os.environ, CARGO_HOME=os.path.join(WORK, "empty-cargo-home"))
        check_exports(tally, "Debian build", BUILDDIR, "libpython3.13.so.1.0", modules, env, offline)
        check_install(tally, modules, env)
        run_module_tests(tally, modules)


def main():
    sys.path.insert(0, os.path.join(ROOT, "Tools"))
    from run_tests import Tally
    tally = Tally()
    debian_shared_build(tally)
    return tally.report()


if __name__ == "__main__":
    sys.exit(main())
