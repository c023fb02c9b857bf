# Shared helpers of the Tools/ scripts (sourced; POSIX sh).

log() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Debian packages the builds need: a C toolchain and CPython's optional
# libraries (so both builds have the same modules), libclang for bindgen,
# binutils for objcopy, patch and xz for the source; dtrace (systemtap-sdt-dev)
# for the Debian recipe of Tools/test-packaging (--with-dtrace).
BUILD_DEPS="gcc make patch xz-utils binutils pkg-config libclang-dev \
libssl-dev zlib1g-dev libbz2-dev libffi-dev liblzma-dev libsqlite3-dev \
libreadline-dev libncurses-dev libgdbm-dev libgdbm-compat-dev uuid-dev libexpat1-dev \
systemtap-sdt-dev"

# The oldest Rust the workspace builds with (Cargo.toml's rust-version).
rust_min_version() {
    sed -n 's/^rust-version *= *"\([0-9.]*\)"/\1/p' "$root/Cargo.toml" | head -n 1
}

ensure_build_deps() {
    if command -v dpkg-query >/dev/null 2>&1; then
        missing=
        for pkg in $BUILD_DEPS; do
            dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
                missing="$missing $pkg"
        done
        if [ -n "$missing" ]; then
            if [ "$(id -u)" = 0 ]; then
                log "installing Debian packages:$missing"
                apt-get update -qq >&2 || die "apt-get update failed"
                # shellcheck disable=SC2086
                DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2 ||
                    die "apt-get install failed for:$missing"
            else
                die "missing Debian packages (run as root, or: sudo apt-get install$missing)"
            fi
        fi
    else
        for tool in gcc make patch objcopy; do
            command -v "$tool" >/dev/null || die "$tool is missing"
        done
    fi
    cargo=${CARGO:-cargo}
    command -v "$cargo" >/dev/null 2>&1 || {
        [ -n "${CARGO_HOME:-}" ] && [ -x "$CARGO_HOME/bin/cargo" ] && PATH=$CARGO_HOME/bin:$PATH && export PATH
    }
    command -v "$cargo" >/dev/null 2>&1 ||
        die "cargo is missing: install Rust $(rust_min_version) or newer (rustup, or your distribution's cargo and rustc)"
    have=$(${RUSTC:-rustc} --version 2>/dev/null | sed -n 's/^rustc \([0-9][0-9.]*\).*/\1/p')
    [ -n "$have" ] || die "rustc is missing: install Rust $(rust_min_version) or newer"
    need=$(rust_min_version)
    if [ "$(printf '%s\n%s\n' "$need" "$have" | sort -t. -k1,1n -k2,2n -k3,3n | head -n 1)" != "$need" ]; then
        die "rustc $have is too old: Rust $need or newer is needed"
    fi
}
