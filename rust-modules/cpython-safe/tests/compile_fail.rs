//! Compile-fail tests: snippets written as a module crate would write them
//! (`#![forbid(unsafe_code)]`) that must not compile, because the safe layer
//! makes the mistake they show unrepresentable.  Each snippet's first line
//! says what the compiler must report: `// expect: <code or lint> <words>`,
//! or `// expect: compiles` for the controls, which must build (so that a
//! broken harness cannot pass for a working layer).
//!
//! The snippets are the binaries of one scratch crate that depends on this
//! one, checked with `cargo check` (its dependencies are checked once); the
//! configured tree comes from the same `PY_SRCDIR`/`PY_BUILDDIR` as this test.
//! A snippet whose expectation names a clippy lint (`clippy::...`) is checked
//! with `cargo clippy` under the workspace's `rust-modules/clippy.toml`, as
//! `Tools/test` checks the module crates.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs};

struct Snippet {
    name: String,
    source: String,
    expected: Vec<String>,
}

fn snippets(dir: &Path) -> Vec<Snippet> {
    let mut found: Vec<Snippet> = fs::read_dir(dir)
        .expect("tests/compile-fail exists")
        .map(|entry| entry.expect("readable directory").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .map(|path| {
            let source = fs::read_to_string(&path).expect("readable snippet");
            let expect = source.lines().next().and_then(|line| line.strip_prefix("// expect: ")).unwrap_or_else(|| {
                panic!("{} must start with `// expect: ...`", path.display())
            });
            Snippet {
                name: path.file_stem().unwrap().to_string_lossy().into_owned(),
                expected: expect.split_whitespace().map(str::to_owned).collect(),
                source,
            }
        })
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
}

fn scratch_crate(root: &Path, snippets: &[Snippet]) -> PathBuf {
    let layer = env::var("CARGO_MANIFEST_DIR").unwrap();
    let dir = root.join("compile-fail-crate");
    fs::create_dir_all(dir.join("src/bin")).unwrap();
    let mut manifest = format!(
        "[package]\nname = \"compile-fail\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\ncpython-safe = {{ path = {layer:?} }}\n"
    );
    for snippet in snippets {
        let file = dir.join("src/bin").join(format!("{}.rs", snippet.name));
        fs::write(&file, format!("#![forbid(unsafe_code)]\n{}\nfn main() {{}}\n", snippet.source)).unwrap();
        manifest.push_str(&format!("\n[[bin]]\nname = \"{}\"\npath = \"src/bin/{}.rs\"\n", snippet.name, snippet.name));
    }
    fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    fs::copy(Path::new(&layer).join("../clippy.toml"), dir.join("clippy.toml")).unwrap();
    // The workspace's lock file pins the same dependency versions.
    let lock = Path::new(&layer).join("../../Cargo.lock");
    fs::copy(lock, dir.join("Cargo.lock")).unwrap();
    dir
}

#[test]
fn snippets_do_not_compile() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compile-fail");
    let snippets = snippets(&here);
    assert!(!snippets.is_empty());
    let target = env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| env::temp_dir().join("cpython-safe-target"));
    let crate_dir = scratch_crate(&target.join("compile-fail"), &snippets);
    let mut failures = Vec::new();
    for snippet in &snippets {
        let lint = snippet.expected.iter().any(|word| word.starts_with("clippy::"));
        let command: &[&str] = if lint { &["clippy", "--quiet", "--offline", "--bin", &snippet.name, "--", "-D", "warnings"] } else { &["check", "--quiet", "--offline", "--bin", &snippet.name] };
        let output = Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(command)
            .current_dir(&crate_dir)
            .env("CARGO_TARGET_DIR", target.join("compile-fail-target"))
            .output()
            .expect("cargo runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        if snippet.expected == ["compiles"] {
            if !output.status.success() {
                failures.push(format!("{}: a control must compile, got:\n{stderr}", snippet.name));
            }
            continue;
        }
        let reported = snippet.expected.iter().all(|word| stderr.contains(word.as_str()));
        if output.status.success() || !reported {
            failures.push(format!("{}: expected an error with {:?}, got:\n{stderr}", snippet.name, snippet.expected));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
