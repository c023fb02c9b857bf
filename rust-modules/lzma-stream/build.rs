//! Links the system's liblzma, found as CPython's configure finds it:
//! `pkg-config liblzma` (honouring `PKG_CONFIG`), else plain `-llzma`.
//!
//! CPython's own link line gets the same flags from configure
//! (`MODULE__LZMA_LDFLAGS`, which makesetup adds for the `_lzma` line of
//! `Modules/Setup.rust`); these serve cargo's own links (tests, clippy).

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=PKG_CONFIG");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
    let pkg_config = std::env::var("PKG_CONFIG").unwrap_or_else(|_| "pkg-config".into());
    let output = Command::new(pkg_config).args(["--libs", "liblzma"]).output();
    let flags = match output {
        Ok(output) if output.status.success() => String::from_utf8_lossy(&output.stdout).into_owned(),
        _ => "-llzma".into(),
    };
    for flag in flags.split_whitespace() {
        if let Some(dir) = flag.strip_prefix("-L") {
            println!("cargo:rustc-link-search=native={dir}");
        } else if let Some(lib) = flag.strip_prefix("-l") {
            println!("cargo:rustc-link-lib={lib}");
        }
    }
}
