//! Build script: the version `--version` shows, with the commit it was built from when the
//! source is a git checkout ("0.1.0 (3f2c1a9e0b7d)"), else the package version alone. It asks
//! nothing of the host's C toolchain and links nothing in, so a plain `cargo build` builds
//! the same program on every platform.

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
}
