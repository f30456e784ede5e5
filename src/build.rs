//! Build script: the version `--version` shows, with the commit it was built from when the
//! source is a git checkout ("0.1.0 (3f2c1a9e0b7d)"), else the package version alone; and, on
//! Linux with glibc, the unwinder linked in rather than loaded (see [`unwinder_linked_in`]).

use std::path::Path;
use std::process::Command;

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    let commit = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit()));
    let shown = match commit {
        Some(commit) => format!("{version} ({commit})"),
        None => version.to_string(),
    };
    println!("cargo:rustc-env=CONNECTION_READER_VERSION={shown}");
    // Built again when the checked-out commit changes (only paths that exist: a missing one
    // would run this every build).
    for path in [".git/HEAD", ".git/refs/heads", ".git/packed-refs"] {
        if Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    println!("cargo:rerun-if-changed=src/build.rs");
    unwinder_linked_in();
}

/// Links GCC's unwinder (`libgcc_eh.a`, what `-static-libgcc` links in a C program) into the
/// program, so it no longer loads `libgcc_s.so.1` at start: one shared library fewer for the
/// dynamic loader, and no `__cpu_indicator_init`, which that library runs as it loads and which
/// asks the processor its features a dozen times (each question traps to the hypervisor in a
/// virtual machine: 7 µs each on the machine measured). The reader started 0.1 ms sooner
/// (`perf stat -r 300 connection-reader --version`: 1.29 ms against 1.38–1.44). Only when
/// building for the machine itself with a C compiler that has the archive; otherwise the
/// usual shared library is loaded.
fn unwinder_linked_in() {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let native = var("TARGET") == var("HOST");
    // A static build (`crt-static`) links the unwinder in already.
    let static_build = var("CARGO_CFG_TARGET_FEATURE")
        .split(',')
        .any(|f| f == "crt-static");
    if !native
        || static_build
        || var("CARGO_CFG_TARGET_OS") != "linux"
        || var("CARGO_CFG_TARGET_ENV") != "gnu"
    {
        return;
    }
    println!("cargo:rerun-if-env-changed=CC");
    let cc = std::env::var_os("CC").unwrap_or_else(|| "cc".into());
    let found = Command::new(cc)
        .arg("-print-file-name=libgcc_eh.a")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| std::path::PathBuf::from(s.trim()))
        // Without the archive the compiler prints the bare name back.
        .filter(|path| path.is_absolute() && path.is_file());
    let Some(dir) = found.as_deref().and_then(Path::parent) else {
        return;
    };
    println!("cargo:rustc-link-search=native={}", dir.display());
    // Whole: its symbols are then defined before the standard library asks for them, so the
    // linker (which links shared libraries only as needed) leaves `libgcc_s` out.
    println!("cargo:rustc-link-lib=static:+whole-archive,+verbatim=libgcc_eh.a");
}
