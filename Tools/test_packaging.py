"""Distro packagers' builds with --with-rust: Debian's own python3.13 recipe,
and a Fedora-style optimized shared build.

    Tools/test-packaging            Debian's recipe (Tools/test runs it as one stage)
    Tools/test-packaging --fedora   the Fedora-style builds (not in Tools/test: about
                                    an hour on 2 cores, most of it PGO)

Debian: takes Debian's python3.13 source package (the orig tarball and the
debian.tar.xz that Tools/fetch-cpython downloads through apt's deb-src entry),
applies Debian's patch series and then this project's (Tools/patch-cpython),
and builds Debian's shared flavour the way debian/rules does: its configure
flags plus --with-rust, then its `__post_configure` step taken verbatim from
the package's debian/rules at run time (append the module lines of Debian's
minimal set to Modules/Setup.local, run makesetup by hand over Setup.local,
Setup.bootstrap, Setup.stdlib and Setup, regenerate Makefile and config.c),
then make.

Fedora-style: the pristine tarball with this project's patches, configured
as Fedora's python3.13.spec does (--enable-shared --with-lto
--enable-optimizations --with-platlibdir=lib64 --with-system-expat ...,
Fedora's CFLAGS and LDFLAGS), the Rust code built with Fedora's RUSTFLAGS
(%build_rustflags: -Copt-level=3 -Cdebuginfo=2 -Ccodegen-units=1 -Cstrip=none
-Cforce-frame-pointers=yes) and a cargo profile of the packager's own
(`rpm`, defined in the packager's CARGO_HOME config as %cargo_prep does);
then the debug flavour (--with-pydebug, shared) and the free-threaded one,
which configure refuses with a clear message.

Both are the offline builds a distribution makes: the crates are vendored
into the tree (`cargo vendor`, as a packager ships them), and configure and
make run with no network (a new network namespace) and a CARGO_HOME holding
no crates.

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
import signal
import subprocess
import sys
import tarfile
import time
import tomllib
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
RESULTS = os.path.join(BUILD, "test-results")
DEBIAN = os.path.join(BUILD, "debian")
FEDORA = os.path.join(BUILD, "fedora")

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

# Fedora's python3.13.spec %configure flags for the optimized flavour
# (--with-system-libmpdec and --with-ensurepip left out: Debian ships no
# libmpdec-dev, and the wheels ensurepip bundles are not in the tarball's
# place on Debian), with %configure's own directory flags.
FEDORA_CONFIGURE = [
    "--prefix=/usr", "--libdir=/usr/lib64", "--with-platlibdir=lib64",
    "--enable-ipv6", "--enable-shared", "--with-computed-gotos", "--with-dbmliborder=gdbm:ndbm:bdb",
    "--with-system-expat", "--with-system-ffi", "--enable-loadable-sqlite-extensions", "--with-dtrace",
    "--with-ssl-default-suites=openssl", "--without-static-libpython", "--without-ensurepip",
]
FEDORA_OPTIMIZED = ["--with-lto", "--enable-optimizations"]
# redhat-rpm-config's %optflags and %build_ldflags (x86_64), as far as GCC 12 takes them.
FEDORA_CFLAGS = ("-O2 -fexceptions -g -grecord-gcc-switches -pipe -Wall -Werror=format-security "
                 "-Wp,-U_FORTIFY_SOURCE,-D_FORTIFY_SOURCE=3 -Wp,-D_GLIBCXX_ASSERTIONS "
                 "-fstack-protector-strong -m64 -mtune=generic -fasynchronous-unwind-tables "
                 "-fstack-clash-protection -fcf-protection -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer")
FEDORA_LDFLAGS = "-Wl,-z,relro -Wl,--as-needed -Wl,-z,now"
# rust-packaging's %build_rustflags, and the profile %cargo_prep defines.
FEDORA_RUSTFLAGS = "-Copt-level=3 -Cdebuginfo=2 -Ccodegen-units=1 -Cstrip=none -Cforce-frame-pointers=yes --cap-lints=warn"
FEDORA_CARGO_CONFIG = """[profile.rpm]
inherits = "release"
opt-level = 3
codegen-units = 1
debug = 2
strip = "none"
"""


def log(message):
    print(f"[test-packaging] {message}", flush=True)


def restore_sigint():
    """Let the builds and test runs this process starts see SIGINT's
    default action.  A background job of a non-interactive shell (`cmd &`,
    nohup, some CI runners) starts with SIGINT ignored, and every child
    inherits that: then test_generators' SignalAndYieldFromTest gets no
    KeyboardInterrupt and fails, on stock as on Rust, which stops PGO's
    training run (`make profile-opt`) and with it the whole build."""
    signal.signal(signal.SIGINT, signal.default_int_handler)


def run(cmd, logname, **kwargs):
    path = os.path.join(RESULTS, logname)
    log(" ".join(cmd) + f"  (log: {os.path.relpath(path, ROOT)})")
    with open(path, "w") as out:
        return subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, **kwargs).returncode


def offline(cmd):
    """`cmd` with no network (a network namespace of its own)."""
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"]).returncode == 0:
        return ["unshare", "-n", *cmd]
    raise SystemExit("test-packaging: cannot cut the network for the offline build (needs root and unshare)")


def multiarch():
    """DEB_HOST_MULTIARCH (x86_64-linux-gnu, ...), as debian/rules' --libdir uses it."""
    return subprocess.run(["gcc", "-print-multiarch"], capture_output=True, text=True, check=True).stdout.strip()


class Flavour:
    """One packager's build: its source tree, build directory, the libdir
    its configure names, and the environment make runs in."""

    def __init__(self, label, src, builddir, libdir, env, platlibdir="lib"):
        self.label, self.src, self.builddir, self.libdir, self.env = label, src, builddir, libdir, env
        self.platlibdir = platlibdir
        self.name = "-".join(label.lower().split()[:2])

    @property
    def library(self):
        """libpython3.13.so.1.0, or the debug build's libpython3.13d.so.1.0."""
        found = glob.glob(os.path.join(self.builddir, "libpython3.13*.so.1.0"))
        return os.path.basename(found[0]) if found else "libpython3.13.so.1.0"

    def python(self, *args, **kwargs):
        env = dict(os.environ, LD_LIBRARY_PATH=self.builddir)
        return subprocess.run([os.path.join(self.builddir, "python"), *args], env=env, cwd=self.builddir, **kwargs)

    def configure(self, tally, args):
        os.makedirs(self.builddir)
        rc = run(offline([os.path.join(self.src, "configure"), "--with-rust", *args]),
                 f"{self.name}-configure.log", cwd=self.builddir, env=self.env)
        tally.add(f"{self.label}: configure --with-rust", rc == 0)
        return rc == 0

    def make(self, tally):
        started = time.time()
        rc = run(offline(["make", f"-j{os.cpu_count() or 2}"]), f"{self.name}-make.log", cwd=self.builddir, env=self.env)
        log(f"{self.label}: make took {(time.time() - started) / 60:.1f} min")
        tally.add(f"{self.label}: make, offline from vendored crates", rc == 0)
        return rc == 0


def unpack_tarball(tarball, dest):
    with tarfile.open(tarball) as tar:
        for member in tar.getmembers():
            member.name = member.name.split("/", 1)[1] if "/" in member.name else ""
        tar.extractall(dest, members=[m for m in tar.getmembers() if m.name], filter="tar")


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


def patch_and_vendor(src):
    """This project's patches and workspace (Tools/patch-cpython), and the
    crates vendored into the tree's Rust/vendor."""
    subprocess.run([os.path.join(ROOT, "Tools", "patch-cpython"), src], check=True)
    rust = os.path.join(src, "Rust")
    subprocess.run(["cargo", "vendor", "--locked", "--quiet", "--manifest-path", os.path.join(rust, "Cargo.toml"),
                    os.path.join(rust, "vendor")], stdout=subprocess.DEVNULL, check=True)


def prepare_debian_tree(src):
    orig, debian = debian_source()
    shutil.rmtree(DEBIAN, ignore_errors=True)
    os.makedirs(src)
    unpack_tarball(orig, src)
    with tarfile.open(debian) as tar:
        tar.extractall(src, filter="tar")
    series = os.path.join(src, "debian", "patches", "series")
    applied = 0
    for line in open(series):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        name, options = words[0], words[1:] or ["-p1"]
        with open(os.path.join(src, "debian", "patches", name)) as patch:
            subprocess.run(["patch", "-d", src, "-s", "-f", *options], stdin=patch, check=True)
        applied += 1
    log(f"applied Debian's {applied} patches")
    patch_and_vendor(src)


def post_configure_makefile(src):
    """A makefile holding debian/rules' own `__post_configure` definition."""
    rules = open(os.path.join(src, "debian", "rules")).read()
    definition = re.search(r"^define __post_configure\n.*?^endef\n", rules, re.M | re.S)
    if not definition:
        raise SystemExit("test-packaging: debian/rules has no __post_configure definition")
    path = os.path.join(DEBIAN, "post-configure.mk")
    with open(path, "w") as out:
        out.write(definition.group(0))
        out.write("\npost-configure:\n\t$(call __post_configure,build-shared)\n")
    return path


def defined_symbols(path):
    out = subprocess.run(["nm", "--defined-only", path], capture_output=True, text=True, check=True).stdout
    return [line.split()[-1] for line in out.splitlines() if line.strip()]


def replaced_c_objects(builddir, module):
    """(the C sources the build's Setup files name for `module`, the object
    files of them that exist): with --with-rust none may exist, whatever
    Setup file (Debian's Setup.local, Setup.stdlib) names them."""
    sources = []
    for setup in sorted(glob.glob(os.path.join(builddir, "Modules", "Setup*"))):
        if os.path.basename(setup) == "Setup.rust":
            continue
        for line in open(setup):
            words = line.split("#", 1)[0].split()
            if words and words[0] == module:
                sources += [word for word in words[1:] if word.endswith(".c")]
    objects = {os.path.join(builddir, "Modules", os.path.basename(source)[:-2] + ".o") for source in sources}
    return sources, sorted(obj for obj in objects if os.path.exists(obj))


def check_modules(tally, flavour, modules):
    built = flavour.python("-c", "import sys, sysconfig; print(sysconfig.get_config_var('PY_RUST_MODULES')); "
                           "print(' '.join(sys.builtin_module_names))", capture_output=True, text=True, check=True)
    selected, builtins = (line.split() for line in built.stdout.splitlines())
    rust_object = set(defined_symbols(os.path.join(flavour.builddir, "Modules", "_rust.o")))
    library = defined_symbols(os.path.join(flavour.builddir, flavour.library))
    label = flavour.label
    for module in modules:
        tally.add(f"{label}: {module} in PY_RUST_MODULES", module in selected)
        tally.add(f"{label}: {module} is built in", module in builtins)
        init = f"PyInit_{module}"
        tally.add(f"{label}: {init} defined once in {flavour.library}, by the Rust object",
                  library.count(init) == 1 and init in rust_object)
        sources, compiled = replaced_c_objects(flavour.builddir, module)
        tally.add(f"{label}: {module}'s C file not compiled ({', '.join(compiled) or 'none'})",
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


def check_install(tally, flavour, modules):
    """make install with DESTDIR, then the installed interpreter, run from there."""
    destdir = f"{flavour.builddir}-destdir"
    shutil.rmtree(destdir, ignore_errors=True)
    rc = run(offline(["make", "install", f"DESTDIR={destdir}"]), f"{flavour.name}-install.log",
             cwd=flavour.builddir, env=flavour.env)
    tally.add(f"{flavour.label}: make install DESTDIR=...", rc == 0)
    if rc != 0:
        return
    prefix = os.path.join(destdir, "usr")
    installed_env = dict(flavour.env, LD_LIBRARY_PATH=destdir + flavour.libdir, PYTHONHOME=prefix)
    probe = subprocess.run(
        [os.path.join(prefix, "bin", "python3.13"), "-c",
         "import sys, sysconfig, json; print(sysconfig.get_config_var('PY_RUST_MODULES')); "
         "print(' '.join(sys.builtin_module_names)); print(sys.platlibdir); print(json.__file__)"],
        capture_output=True, text=True, env=installed_env)
    lines = probe.stdout.splitlines()
    tally.add(f"{flavour.label}: installed python3.13 runs ({probe.stderr.strip()[-200:]})",
              probe.returncode == 0 and len(lines) == 4)
    if probe.returncode != 0 or len(lines) != 4:
        return
    selected, builtins = lines[0].split(), lines[1].split()
    for module in modules:
        tally.add(f"{flavour.label}: installed python3.13: {module} is the Rust one, built in",
                  module in selected and module in builtins)
    # The standard library sits under the platlibdir configure was given
    # (lib64 for Fedora), and the installed interpreter finds it there.
    platlibdir = flavour.platlibdir
    tally.add(f"{flavour.label}: installed standard library under {platlibdir} ({lines[2]}, {lines[3]})",
              lines[2] == platlibdir and lines[3].startswith(os.path.join(prefix, platlibdir, "python3.13")))
    config = subprocess.run([os.path.join(prefix, "bin", "python3.13-config"), "--ldflags", "--embed"],
                            capture_output=True, text=True, env=installed_env)
    tally.add(f"{flavour.label}: installed python3.13-config --ldflags --embed links libpython3.13 "
              f"({config.stdout.strip()})", config.returncode == 0 and "-lpython3.13" in config.stdout)


def run_module_tests(tally, flavour, modules):
    tests = sorted({test for tests in modules.values() for test in tests})
    junit = os.path.join(RESULTS, f"{flavour.name}-tests.xml")
    if os.path.exists(junit):
        os.remove(junit)
    env = dict(os.environ, LD_LIBRARY_PATH=flavour.builddir)
    rc = run([os.path.join(flavour.builddir, "python"), "-m", "test", "-j", str(os.cpu_count() or 2),
              "--timeout", "1200", "--junit-xml", junit, *tests], f"{flavour.name}-tests.log",
             env=env, cwd=flavour.builddir)
    cases = skipped = 0
    if os.path.exists(junit):
        for case in ET.parse(junit).iter("testcase"):
            name = f"{case.get('classname')}.{case.get('name')}"
            if case.find("skipped") is not None:
                skipped += 1
                continue
            cases += 1
            tally.add(f"{flavour.label} test: {name}", case.find("failure") is None and case.find("error") is None)
    tally.add(f"{flavour.label}: the replaced modules' test files ran (rc {rc})", cases > 0)
    log(f"{flavour.label}: {len(tests)} test files, {cases} cases run, {skipped} skipped")


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
    src = os.path.join(DEBIAN, "src")
    prepare_debian_tree(src)
    modules = project_modules()
    cargo_home = os.path.join(DEBIAN, "empty-cargo-home")
    os.makedirs(cargo_home)
    libdir = f"/usr/lib/{multiarch()}"
    flavour = Flavour("Debian shared build", src, os.path.join(src, "build-shared"), libdir,
                      dict(os.environ, CARGO_HOME=cargo_home))
    if not flavour.configure(tally, [f"--libdir={libdir}", *DEBIAN_CONFIGURE]):
        return
    rc = run(offline(["make", "-f", post_configure_makefile(src), "post-configure"]), "debian-post-configure.log",
             cwd=src, env=flavour.env)
    tally.add(f"{flavour.label}: debian/rules' __post_configure", rc == 0)
    if rc == 0 and flavour.make(tally):
        check_built_flavour(tally, flavour, modules)


def check_built_flavour(tally, flavour, modules):
    check_modules(tally, flavour, modules)
    check_exports(tally, flavour.label, flavour.builddir, flavour.library, modules, flavour.env, offline)
    check_install(tally, flavour, modules)
    run_module_tests(tally, flavour, modules)


def fedora_builds(tally):
    """The optimized (PGO+LTO) and debug shared flavours of a Fedora-style
    recipe, and the refusal of the free-threaded one."""
    os.makedirs(RESULTS, exist_ok=True)
    shutil.rmtree(FEDORA, ignore_errors=True)
    src = os.path.join(FEDORA, "src")
    orig, _ = debian_source()
    os.makedirs(src)
    unpack_tarball(orig, src)
    patch_and_vendor(src)
    modules = project_modules()
    # The packager's CARGO_HOME: no crates, only the packager's profile.
    cargo_home = os.path.join(FEDORA, "cargo-home")
    os.makedirs(cargo_home)
    with open(os.path.join(cargo_home, "config.toml"), "w") as config:
        config.write(FEDORA_CARGO_CONFIG)
    env = dict(os.environ, CARGO_HOME=cargo_home, CFLAGS=FEDORA_CFLAGS, LDFLAGS=FEDORA_LDFLAGS,
               RUSTFLAGS=FEDORA_RUSTFLAGS, PY_RUST_PROFILE="rpm")

    optimized = Flavour("Fedora optimized build", src, os.path.join(src, "build-optimized"), "/usr/lib64", env,
                        "lib64")
    if optimized.configure(tally, [*FEDORA_CONFIGURE, *FEDORA_OPTIMIZED]) and optimized.make(tally):
        builddir = optimized.builddir
        rust_lib = os.path.join(builddir, "Rust", "target", "rpm", "libcpython_rust.a")
        tally.add(f"{optimized.label}: the Rust code built with the packager's profile (target/rpm)",
                  os.path.exists(rust_lib))
        sections = subprocess.run(["readelf", "-S", "-W", os.path.join(builddir, "Modules", "_rust.o")],
                                  capture_output=True, text=True).stdout
        tally.add(f"{optimized.label}: the Rust object keeps the debug info of -Cdebuginfo=2 -Cstrip=none",
                  ".debug_info" in sections)
        profiles = glob.glob(os.path.join(builddir, "**", "*.gcda"), recursive=True)
        tally.add(f"{optimized.label}: PGO profiles were recorded and used ({len(profiles)} .gcda files)",
                  len(profiles) > 100)
        check_built_flavour(tally, optimized, modules)

    debug = Flavour("Fedora debug build", src, os.path.join(src, "build-debug"), "/usr/lib64", env, "lib64")
    if debug.configure(tally, [*FEDORA_CONFIGURE, "--with-pydebug"]) and debug.make(tally):
        check_modules(tally, debug, modules)
        run_module_tests(tally, debug, modules)

    freethreading = os.path.join(src, "build-freethreading")
    os.makedirs(freethreading)
    refused = subprocess.run(offline([os.path.join(src, "configure"), "--with-rust", "--disable-gil",
                                      *FEDORA_CONFIGURE]), cwd=freethreading, env=env, capture_output=True, text=True)
    message = (refused.stderr.strip().splitlines() or [""])[-1]
    tally.add(f"Fedora free-threaded build: configure --with-rust --disable-gil refuses clearly ({message})",
              refused.returncode != 0 and "free-threaded" in message)


def main():
    sys.path.insert(0, os.path.join(ROOT, "Tools"))
    from run_tests import Tally
    tally = Tally()
    restore_sigint()
    if sys.argv[1:] == ["--fedora"]:
        fedora_builds(tally)
    else:
        debian_shared_build(tally)
    return tally.report()


if __name__ == "__main__":
    sys.exit(main())
