# Sourced by CPython's configure for --with-rust[=MODULES] (see
# cpython-patch/0001-configure-with-rust.patch).  POSIX sh.
#
# In:  with_rust, srcdir, Py_DEBUG, disable_gil, CC, host, cross_compiling, and the
#      environment: CARGO, RUSTC, CARGO_HOME, RUSTFLAGS, PY_RUST_PROFILE,
#      PY_RUST_TARGET, PY_RUST_OFFLINE, PY_RUST_UNTESTED_TARGET; configure's
#      ac_cv_sizeof_void_p and ac_cv_c_bigendian.
# Out: PY_RUST_MODULES, PY_RUST_OBJ (substituted into the Makefile),
#      Modules/Setup.rust (read first by makesetup, so these rules win over
#      any later Setup line naming the C source) and Modules/rust-config.sh
#      (what configure-hooks/cargo-build.sh needs at make time).

py_rust_msg() { printf '%s\n' "$*" >&6; printf 'configure:rust: %s\n' "$*" >&5; }
py_rust_fail() { as_fn_error 1 "--with-rust: $*"; }

py_rust_workspace=$(cd "$srcdir/Rust" 2>/dev/null && pwd) ||
    py_rust_fail "$srcdir/Rust is missing: apply cpython-patch with Tools/patch-cpython"

# Known modules: every rust-modules/<name>/ whose name is a module name.
py_rust_known=
for py_rust_dir in "$py_rust_workspace"/rust-modules/*/; do
    py_rust_name=$(basename "$py_rust_dir")
    case $py_rust_name in
        *[!A-Za-z0-9_]*) continue ;;
    esac
    [ -f "$py_rust_dir/Cargo.toml" ] && py_rust_known="$py_rust_known $py_rust_name"
done
py_rust_known=${py_rust_known# }

case $with_rust in
    yes) PY_RUST_MODULES=$py_rust_known ;;
    *)
        PY_RUST_MODULES=
        for py_rust_name in $(printf '%s' "$with_rust" | tr ',' ' '); do
            case " $py_rust_known " in
                *" $py_rust_name "*) ;;
                *) py_rust_fail "unknown module '$py_rust_name'; modules with a Rust version: $py_rust_known" ;;
            esac
            case " $PY_RUST_MODULES " in
                *" $py_rust_name "*) ;;
                *) PY_RUST_MODULES="${PY_RUST_MODULES:+$PY_RUST_MODULES }$py_rust_name" ;;
            esac
        done
        [ -n "$PY_RUST_MODULES" ] || py_rust_fail "no module named"
        ;;
esac
py_rust_msg "Rust modules: $PY_RUST_MODULES"

# A build directory reconfigured from stock keeps the replaced modules'
# shared libraries; remove them so make install cannot ship them.
for py_rust_name in $PY_RUST_MODULES; do
    rm -f "Modules/$py_rust_name".*.so build/lib.*/"$py_rust_name".*.so
done

# The safe layer relies on the GIL (classes keep their state in RefCells).
[ "${disable_gil:-no}" = yes ] &&
    py_rust_fail "free-threaded builds (--disable-gil) are not supported yet"

# Tools: $CARGO/$RUSTC if given, else PATH, else $CARGO_HOME/bin.
py_rust_find() {
    # $1: variable value, $2: program name
    if [ -n "$1" ]; then
        command -v "$1" 2>/dev/null && return
        return 1
    fi
    command -v "$2" 2>/dev/null && return
    if [ -n "${CARGO_HOME:-}" ] && [ -x "$CARGO_HOME/bin/$2" ]; then
        echo "$CARGO_HOME/bin/$2"
        return
    fi
    return 1
}
py_rust_cargo=$(py_rust_find "${CARGO:-}" cargo) ||
    py_rust_fail "cargo not found (set CARGO, or put cargo on PATH or in \$CARGO_HOME/bin)"
py_rust_rustc=$(py_rust_find "${RUSTC:-}" rustc) ||
    py_rust_fail "rustc not found (set RUSTC, or put rustc on PATH or in \$CARGO_HOME/bin)"

py_rust_min=$(sed -n 's/^rust-version *= *"\([0-9.]*\)"/\1/p' "$py_rust_workspace/Cargo.toml" | head -n 1)
py_rust_version=$("$py_rust_rustc" --version 2>/dev/null | sed -n 's/^rustc \([0-9][0-9.]*\).*/\1/p')
[ -n "$py_rust_version" ] || py_rust_fail "cannot run $py_rust_rustc --version"
py_rust_older() {
    # true when version $1 < version $2 (major.minor.patch)
    printf '%s\n%s\n' "$1" "$2" | awk -F. '
        NR == 1 { split($0, a, ".") } NR == 2 { split($0, b, ".") }
        END { for (i = 1; i <= 3; i++) { if (a[i] + 0 < b[i] + 0) exit 0; if (a[i] + 0 > b[i] + 0) exit 1 } exit 1 }'
}
if py_rust_older "$py_rust_version" "$py_rust_min"; then
    py_rust_fail "rustc $py_rust_version is too old; Rust $py_rust_min or newer is needed"
fi
py_rust_msg "Rust toolchain: $py_rust_rustc $py_rust_version, $py_rust_cargo"

# Target: the host triple, translated to Rust's when cross-compiling.  The
# toolchain must know the target and have its standard library installed, or
# the failure would only come at make time, deep in cargo's output.
py_rust_target=${PY_RUST_TARGET:-}
if [ -z "$py_rust_target" ] && [ "$cross_compiling" = yes ]; then
    py_rust_target=$(printf '%s' "$host" | sed -e 's/-pc-linux-/-unknown-linux-/')
fi
if [ -n "$py_rust_target" ]; then
    "$py_rust_rustc" --print target-list 2>/dev/null | grep -qxF "$py_rust_target" ||
        py_rust_fail "$py_rust_rustc has no Rust target '$py_rust_target' for host $host (set PY_RUST_TARGET to the Rust target triple)"
    py_rust_sysroot=$("$py_rust_rustc" --print sysroot 2>/dev/null)
    [ -d "$py_rust_sysroot/lib/rustlib/$py_rust_target/lib" ] ||
        py_rust_fail "Rust's standard library for $py_rust_target is not installed in $py_rust_sysroot (rustup target add $py_rust_target, or Debian's libstd-rust-dev for that architecture)"
    py_rust_msg "Rust target: $py_rust_target"
fi

# Only 64-bit little-endian targets are tested: the safe layer's layouts and
# the modules' byte handling have never run on others.  Refused rather than
# shipped untested; PY_RUST_UNTESTED_TARGET=yes builds anyway.
if [ "${PY_RUST_UNTESTED_TARGET:-}" != yes ]; then
    [ "${ac_cv_sizeof_void_p:-8}" = 8 ] ||
        py_rust_fail "host $host has ${ac_cv_sizeof_void_p}-byte pointers; only 64-bit targets are tested (PY_RUST_UNTESTED_TARGET=yes builds anyway)"
    [ "${ac_cv_c_bigendian:-no}" = no ] ||
        py_rust_fail "host $host is big-endian (or of unknown byte order); only little-endian targets are tested (PY_RUST_UNTESTED_TARGET=yes builds anyway)"
fi

# Profile: always optimized; --with-pydebug adds debug assertions.
if [ -n "${PY_RUST_PROFILE:-}" ]; then
    py_rust_profile=$PY_RUST_PROFILE
elif [ "$Py_DEBUG" = true ]; then
    py_rust_profile=pydebug
else
    py_rust_profile=release
fi

# Offline when the crates are vendored next to the workspace.
py_rust_offline=${PY_RUST_OFFLINE:-}
[ -d "$py_rust_workspace/vendor" ] && py_rust_offline=yes

# Tools to turn the static library into one object with only PyInit_* global.
py_rust_tool() {
    for py_rust_t in ${host:+"$host-$1"} "$1"; do
        command -v "$py_rust_t" >/dev/null 2>&1 && { echo "$py_rust_t"; return; }
    done
    return 1
}
py_rust_objcopy=$(py_rust_tool objcopy) || py_rust_fail "objcopy not found (install binutils)"

PY_RUST_OBJ=Modules/_rust.o
as_dir=Modules; as_fn_mkdir_p
{
    echo "# Generated by configure --with-rust: these modules are built by Rust/."
    echo "*static*"
    for py_rust_name in $PY_RUST_MODULES; do
        echo "$py_rust_name"
    done
} > Modules/Setup.rust

py_rust_quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
{
    echo "# Generated by configure --with-rust; read by Rust/configure-hooks/cargo-build.sh."
    echo "PY_RUST_MODULES=$(py_rust_quote "$PY_RUST_MODULES")"
    echo "PY_RUST_WORKSPACE=$(py_rust_quote "$py_rust_workspace")"
    echo "PY_SRCDIR=$(py_rust_quote "$(cd "$srcdir" && pwd)")"
    echo "PY_BUILDDIR=$(py_rust_quote "$(pwd)")"
    echo "PY_RUST_CARGO=$(py_rust_quote "$py_rust_cargo")"
    echo "PY_RUST_RUSTC=$(py_rust_quote "$py_rust_rustc")"
    echo "PY_RUST_PROFILE=$(py_rust_quote "$py_rust_profile")"
    echo "PY_RUST_TARGET=$(py_rust_quote "$py_rust_target")"
    echo "PY_RUST_OFFLINE=$(py_rust_quote "$py_rust_offline")"
    echo "PY_RUST_CC=$(py_rust_quote "$CC")"
    echo "PY_RUST_CFLAGS=$(py_rust_quote "$(printf '%s' "${CFLAGS:-}" | sed 's/-flto[^ ]*//g')")"
    echo "PY_RUST_OBJCOPY=$(py_rust_quote "$py_rust_objcopy")"
} > Modules/rust-config.sh
