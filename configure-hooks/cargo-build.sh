#!/bin/sh
# Build the Rust modules for CPython's make (see Makefile.pre.in's
# Modules/_rust.o rule):
#
#   cargo-build.sh Modules/rust-config.sh Modules/_rust.o
#
# cargo builds the static library (incrementally: a no-op when no Rust source
# changed), then the library becomes one relocatable object whose only global
# symbols are the modules' PyInit_* functions.  Rust's std and every other
# symbol are made local, so nothing but PyInit_* can clash with another Rust
# runtime loaded later (a PyO3 extension, say), and `make smelly` stays clean.
# The object is replaced only when its content changes, so an unchanged
# Rust build does not relink python.
set -eu
config=$1
out=$2
. "./$config"

# PY_RUST_TARGET_DIR: another cargo target directory (Tools/bench uses it to
# time a build from scratch without touching the build's own).
target_dir=${PY_RUST_TARGET_DIR:-$PY_BUILDDIR/Rust/target}
features=$(printf '%s' "$PY_RUST_MODULES" | tr ' ' ',')

set -- build --manifest-path "$PY_RUST_WORKSPACE/Cargo.toml" \
    --package cpython-rust --lib --locked \
    --profile "$PY_RUST_PROFILE" --no-default-features --features "$features"
[ -n "$PY_RUST_TARGET" ] && set -- "$@" --target "$PY_RUST_TARGET"
if [ -n "$PY_RUST_OFFLINE" ]; then
    set -- "$@" --offline
    if [ -d "$PY_RUST_WORKSPACE/vendor" ]; then
        set -- "$@" --config "source.crates-io.replace-with='vendored-sources'" \
            --config "source.vendored-sources.directory='$PY_RUST_WORKSPACE/vendor'"
    fi
fi

# Reproducible paths in panic messages and debug info: the workspace (with
# Rust/vendor), the target directory (the code build scripts generate into
# OUT_DIR: bindings, clinic tables, cmath's tables) and the crates' sources
# under CARGO_HOME get fixed names, whatever the build directory's path.
# They go before the packager's RUSTFLAGS, whose own --remap-path-prefix
# then wins (rustc applies the last match).
remap="--remap-path-prefix=$PY_RUST_WORKSPACE=Rust --remap-path-prefix=$target_dir=target"
remap="$remap --remap-path-prefix=${CARGO_HOME:-${HOME:-}/.cargo}=cargo-home"
if [ -z "${CARGO_ENCODED_RUSTFLAGS:-}" ]; then
    RUSTFLAGS="$remap${RUSTFLAGS:+ $RUSTFLAGS}"
    export RUSTFLAGS
fi

# CC and CFLAGS reach any C code a crate compiles (the cc crate reads them);
# LTO flags were dropped by configure, as that code becomes a plain object.
CC=$PY_RUST_CC CFLAGS=$PY_RUST_CFLAGS \
CARGO_TARGET_DIR=$target_dir RUSTC=$PY_RUST_RUSTC \
PY_SRCDIR=$PY_SRCDIR PY_BUILDDIR=$PY_BUILDDIR PY_RUST_MODULES=$PY_RUST_MODULES \
    "$PY_RUST_CARGO" "$@"

case $PY_RUST_PROFILE in
    dev|test) profile_dir=debug ;;
    bench) profile_dir=release ;;
    *) profile_dir=$PY_RUST_PROFILE ;;
esac
lib=$target_dir/${PY_RUST_TARGET:+$PY_RUST_TARGET/}$profile_dir/libcpython_rust.a
[ -f "$lib" ] || { echo "cargo-build.sh: cargo did not produce $lib" >&2; exit 1; }

keep=
for module in $PY_RUST_MODULES; do
    keep="$keep -Wl,-u,PyInit_$module"
done
tmp=$out.tmp
# shellcheck disable=SC2086  # $PY_RUST_CC and $keep are word lists
$PY_RUST_CC -nostdlib -r -o "$tmp" $keep "$lib"
"$PY_RUST_OBJCOPY" --wildcard --keep-global-symbol='PyInit_*' \
    --remove-section=.llvmbc --remove-section=.llvmcmd "$tmp"
if cmp -s "$tmp" "$out"; then
    rm -f "$tmp"
else
    mv -f "$tmp" "$out"
fi
