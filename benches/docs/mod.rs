//! Generated documents for the benchmarks: real-looking prose from a fixed seed, with headings
//! every few KB, lists, quotes, code blocks, links, long lines, CJK and emoji; and a variant
//! with no headings at all. The same seed always gives the same document.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The reader as `cargo build --release` makes it, for the benchmarks that time the program
/// (`BENCH_READER=path` names another). `cargo bench` builds the package's own binary with the
/// dev-dependencies' features as well (criterion turns on more of regex): a larger program, with
/// 576 KB of relocations instead of 370, whose first screen measured 0.1 to 0.3 ms slower than
/// the one users run. So it is built here the way users build it, into the target folder,
/// once (later runs only check it is up to date).
pub fn reader() -> PathBuf {
    if let Some(path) = std::env::var_os("BENCH_READER") {
        return PathBuf::from(path);
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("as-built");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!(
        "building the reader as `cargo build --release` does, in {}",
        dir.display()
    );
    let status = std::process::Command::new(cargo)
        .args([
            "build",
            "--release",
            "--locked",
            "--quiet",
            "--bin",
            "connection-reader",
        ])
        .arg("--target-dir")
        .arg(&dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building the reader failed");
    dir.join("release").join("connection-reader")
}

const WORDS: &[&str] = &[
    "the",
    "reader",
    "connection",
    "a",
    "of",
    "to",
    "and",
    "terminal",
    "page",
    "section",
    "quietly",
    "long",
    "prose",
    "is",
    "in",
    "that",
    "we",
    "it",
    "for",
    "with",
    "every",
    "morning",
    "people",
    "remember",
    "writing",
    "careful",
    "line",
    "through",
    "between",
    "words",
    "light",
    "slowly",
    "because",
    "story",
    "river",
    "window",
    "evening",
];
const RARE: &[&str] = &[
    "日本語の文章",
    "読書",
    "👍",
    "🎉",
    "naïve",
    "café",
    "Zürich",
    "—",
    "“quoted”",
];

/// Markdown of about `size` bytes; with `headings` false, none at all.
pub fn document(size: usize, headings: bool, seed: u64) -> String {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out = String::with_capacity(size + 4096);
    out.push_str("# A Generated Book\n\n");
    let mut section = 0;
    let mut since_heading = 0;
    while out.len() < size {
        if headings && since_heading > 3000 + rng.usize(..3000) {
            section += 1;
            let level = if rng.usize(..4) == 0 { "###" } else { "##" };
            let _ = writeln!(out, "{level} Chapter {section}: {}\n", word(&mut rng));
            since_heading = 0;
        }
        let before = out.len();
        match rng.usize(..20) {
            0 => {
                out.push_str("```\n");
                for _ in 0..rng.usize(2..8) {
                    let _ = writeln!(
                        out,
                        "let {} = {}; // {}",
                        word(&mut rng),
                        rng.u32(..1000),
                        sentence(&mut rng, 6)
                    );
                }
                out.push_str("```\n\n");
            }
            1 | 2 => {
                for _ in 0..rng.usize(2..6) {
                    let _ = writeln!(out, "- {}", sentence(&mut rng, 12));
                    if rng.bool() {
                        let _ = writeln!(out, "  - {}", sentence(&mut rng, 8));
                    }
                }
                out.push('\n');
            }
            3 => {
                let _ = writeln!(out, "> {}\n", sentence(&mut rng, 40));
            }
            4 => {
                // A very long line.
                let _ = writeln!(out, "{}\n", sentence(&mut rng, 600));
            }
            _ => {
                let n = rng.usize(40..140);
                let mut p = sentence(&mut rng, n);
                if rng.usize(..3) == 0 {
                    let _ = write!(
                        p,
                        " See [the notes](https://example.org/{}) for more.",
                        rng.u32(..9999)
                    );
                }
                if rng.usize(..4) == 0 {
                    let _ = write!(
                        p,
                        " It was *{}* and **{}**.",
                        word(&mut rng),
                        word(&mut rng)
                    );
                }
                let _ = writeln!(out, "{p}\n");
            }
        }
        since_heading += out.len() - before;
    }
    out
}

fn word(rng: &mut fastrand::Rng) -> &'static str {
    if rng.usize(..40) == 0 {
        RARE[rng.usize(..RARE.len())]
    } else {
        WORDS[rng.usize(..WORDS.len())]
    }
}

fn sentence(rng: &mut fastrand::Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(word(rng));
        if i % 11 == 10 {
            s.push('.');
        }
    }
    s.push('.');
    s
}

/// The generated document written under `target/bench-docs/` (made once, then reused).
pub fn file(name: &str, size: usize, headings: bool) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-docs");
    std::fs::create_dir_all(&dir).expect("bench docs folder");
    let path = dir.join(name);
    if std::fs::metadata(&path)
        .map(|m| m.len() as usize >= size)
        .unwrap_or(false)
    {
        return path;
    }
    std::fs::write(&path, document(size, headings, 2026)).expect("write bench doc");
    path
}

pub const MB: usize = 1_000_000;
