//! The integer constants a C module adds (`PyModule_AddIntMacro(m, X)`,
//! `PyModule_AddIntConstant(m, "X", expr)`, a module's own `ADD_INT_MACRO(m,
//! X)`, or a `{"X", expr}` table as termios has), with the values the C
//! compiler gives them on this machine.
//!
//! Which constants a module has depends on `#ifdef`s around each one
//! (hundreds in termios), so the C file's own preprocessor lines decide: its
//! directives are kept, each constant becomes a `const long` definition,
//! everything else is dropped, and the C compiler (`CC`, as configure found
//! it) compiles that to assembly, from which the values are read.  Nothing
//! is run, so a cross build works too.  The C text only lives in `OUT_DIR`.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

/// Writes `$OUT_DIR/constants.rs` for `Modules/<c_file>`: `CONSTANTS`, a
/// `&[(&CStr, c_long)]` of the module's integer constants in the C file's
/// order.
pub fn int_constants(c_file: &str) {
    let srcdir = PathBuf::from(env::var_os("PY_SRCDIR").expect("PY_SRCDIR"));
    let builddir = env::var_os("PY_BUILDDIR").map(PathBuf::from).unwrap_or_else(|| srcdir.clone());
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    let c_path = srcdir.join("Modules").join(c_file);
    println!("cargo:rerun-if-changed={}", c_path.display());
    println!("cargo:rerun-if-env-changed=CC");
    let text = fs::read_to_string(&c_path).unwrap_or_else(|e| panic!("cannot read {}: {e}", c_path.display()));

    let (program, names) = constants_program(&text);
    let c_out = out_dir.join("constants.c");
    let asm_out = out_dir.join("constants.s");
    fs::write(&c_out, program).expect("cannot write constants.c");
    let cc = env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    let mut words = cc.split_whitespace();
    let mut command = Command::new(words.next().unwrap_or("cc"));
    command.args(words);
    if let Ok(cflags) = env::var("CFLAGS") {
        // Only the flags that change what the headers define.
        command.args(cflags.split_whitespace().filter(|flag| flag.starts_with("-D") || flag.starts_with("-I") || flag.starts_with("-m")));
    }
    command.arg("-I").arg(&builddir).arg("-I").arg(srcdir.join("Include"));
    command.args(["-O0", "-S", "-o"]).arg(&asm_out).arg(&c_out);
    let status = command.status().unwrap_or_else(|e| panic!("cannot run the C compiler {cc}: {e}"));
    assert!(status.success(), "the C compiler failed on {} (the constants of {c_file})", c_out.display());
    let asm = fs::read_to_string(&asm_out).expect("cannot read constants.s");

    let mut rust = String::from("pub const CONSTANTS: &[(&::core::ffi::CStr, ::core::ffi::c_long)] = &[\n");
    for (index, name) in names.iter().enumerate() {
        if let Some(value) = assembled_value(&asm, &format!("py_rust_constant_{index}")) {
            writeln!(rust, "    (c\"{name}\", {value}),").unwrap();
        }
    }
    rust += "];\n";
    fs::write(out_dir.join("constants.rs"), rust).expect("cannot write constants.rs");
}

/// The C file's preprocessor directives with one `const long` per constant
/// in between, and the constants' names by index.
fn constants_program(text: &str) -> (String, Vec<String>) {
    let mut program = String::from(
        "#include \"pyconfig.h\"\n#include <stddef.h>\n#include <stdio.h>\n#include <stdlib.h>\n\
         #include <string.h>\n#include <errno.h>\n#include <unistd.h>\n#include <sys/types.h>\n",
    );
    let mut names = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            let mut directive = line.to_owned();
            while directive.ends_with('\\') {
                directive.push('\n');
                directive += lines.next().unwrap_or("");
            }
            let keep = match trimmed.strip_prefix('#').map(str::trim_start) {
                // Python's own headers are not needed (and the internal
                // ones need Py_BUILD_CORE): the system ones are.
                Some(include) if include.starts_with("include") => !include.contains('"'),
                _ => true,
            };
            if keep {
                program += &directive;
                program.push('\n');
            }
        } else if let Some((name, expr)) = constant_entry(trimmed) {
            writeln!(program, "const long py_rust_constant_{} = (long)({expr});", names.len()).unwrap();
            names.push(name);
        }
    }
    (program, names)
}

/// The name and value expression of one constant's line, if it adds one.
fn constant_entry(line: &str) -> Option<(String, String)> {
    let is_identifier = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let call_args = |prefix: &str| -> Option<Vec<String>> {
        let start = line.find(prefix)? + prefix.len();
        let end = start + line[start..].find(')')?;
        Some(line[start..end].split(',').map(|arg| arg.trim().to_owned()).collect())
    };
    for macro_call in ["PyModule_AddIntMacro(", "ADD_INT_MACRO("] {
        if let Some(args) = call_args(macro_call) {
            return match args.as_slice() {
                [_, name] if is_identifier(name) => Some((name.clone(), name.clone())),
                _ => None,
            };
        }
    }
    if let Some(args) = call_args("PyModule_AddIntConstant(") {
        return match args.as_slice() {
            [_, name, expr] => Some((name.strip_prefix('"')?.strip_suffix('"')?.to_owned(), expr.clone())),
            _ => None,
        };
    }
    // A table entry: `{"NAME", expression},`.
    let entry = line.strip_prefix("{\"")?.trim_end().strip_suffix(',').unwrap_or(line).trim_end().strip_suffix('}')?;
    let (name, expr) = entry.split_once("\",")?;
    (is_identifier(name) && !expr.contains(',')).then(|| (name.to_owned(), expr.trim().to_owned()))
}

/// The value the assembler is given for the 8-byte object `label`.
fn assembled_value(asm: &str, label: &str) -> Option<i64> {
    let mut lines = asm.lines().skip_while(|line| line.trim() != format!("{label}:"));
    lines.next()?;
    for line in lines {
        let mut words = line.split_whitespace();
        let directive = words.next()?;
        let operand = words.next().unwrap_or("").trim_end_matches(',');
        match directive {
            ".quad" | ".xword" | ".8byte" | ".dword" => return parse_int(operand),
            ".zero" | ".space" => return Some(0),
            // A 4-byte long (32-bit targets).
            ".long" | ".word" | ".4byte" => return parse_int(operand),
            _ => continue,
        }
    }
    None
}

fn parse_int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let magnitude = match digits.strip_prefix("0x").or_else(|| digits.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok()?,
        None => digits.parse::<u64>().ok()?,
    };
    let value = magnitude as i64;
    Some(if negative { value.wrapping_neg() } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries() {
        assert_eq!(constant_entry("if (PyModule_AddIntMacro(m, LOCK_SH)) return -1;"), Some(("LOCK_SH".into(), "LOCK_SH".into())));
        assert_eq!(constant_entry("ADD_INT_MACRO(module, LOG_PID);"), Some(("LOG_PID".into(), "LOG_PID".into())));
        assert_eq!(constant_entry("{\"CRTSCTS\", (long)CRTSCTS},"), Some(("CRTSCTS".into(), "(long)CRTSCTS".into())));
        assert_eq!(constant_entry("{\"fcntl\", f, METH_O, doc},"), None);
        assert_eq!(constant_entry("{NULL, 0}"), None);
    }

    #[test]
    fn values() {
        let asm = "\t.type\tpy_rust_constant_0, @object\npy_rust_constant_0:\n\t.quad\t-1\npy_rust_constant_1:\n\t.zero\t8\n";
        assert_eq!(assembled_value(asm, "py_rust_constant_0"), Some(-1));
        assert_eq!(assembled_value(asm, "py_rust_constant_1"), Some(0));
        assert_eq!(assembled_value(asm, "py_rust_constant_2"), None);
    }
}
