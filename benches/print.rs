//! `cargo bench --bench print`: `--print` against lowdown (`lowdown -Tterm`, Debian package
//! `lowdown`) in the same run, on real markdown (the corpus concatenations made by
//! `benches/corpus/fetch`) and on generated documents (`benches/docs`), at 80 columns into
//! /dev/null: wall time, the median of five runs taken in turns (`BENCH_RUNS` to change),
//! peak memory (one more run each, through GNU time), and their ratios.
//!
//! Needs GNU time (`/usr/bin/time`) for the memory figures.
//! `BENCH_PRINT=real1,real10,closed10,gen10,/a/file.md` chooses documents (default: every
//! one there is; `closedN` is the corpus's files that leave no fence open, about N MB);
//! `BENCH_LOWDOWN_MAX_MB=10` skips lowdown on larger files (it can take minutes on 100 MB).

mod docs;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Runs of each program on each document (`BENCH_RUNS` to change), taken in turns: a
/// machine that slows down for a while slows every program alike.
fn run_count() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
}

/// Seconds of one run, the program started directly (as a shell starts it), its output to
/// /dev/null.
fn seconds(program: &str, args: &[&str]) -> Option<f64> {
    let start = Instant::now();
    let ran = quietly(Command::new(program).args(args));
    let secs = start.elapsed().as_secs_f64();
    ran.then_some(secs)
}

/// Runs `command` with no input and its output to /dev/null: whether it succeeded.
fn quietly(command: &mut Command) -> bool {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Peak resident MB of one run, measured by GNU time (`/usr/bin/time`, Debian package
/// `time`): a child spawned from this process directly would be charged with this process's
/// own peak. Its runs are apart from the timed ones, since GNU time adds about a millisecond
/// to each, enough to move a ratio at 1 MB by several hundredths.
fn peak_mb(program: &str, args: &[&str]) -> Option<f64> {
    let report = std::env::temp_dir().join(format!("cr-bench-time-{}", std::process::id()));
    let ran = quietly(
        Command::new("/usr/bin/time")
            .args(["-f", "%M", "-o"])
            .arg(&report)
            .arg(program)
            .args(args),
    );
    let kb: f64 = std::fs::read_to_string(&report).ok()?.trim().parse().ok()?;
    ran.then_some(kb / 1024.0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Medians of seconds of each command (a program and its arguments), run `count` times in
/// turns, and peak MB (of one run more each, through GNU time); `None` for a command that
/// failed.
fn in_turns(commands: &[(&str, Vec<&str>)], count: usize) -> Vec<Option<(f64, f64)>> {
    let mut all: Vec<Option<Vec<f64>>> = vec![Some(Vec::new()); commands.len()];
    for _ in 0..count {
        for ((program, args), runs) in commands.iter().zip(&mut all) {
            if let Some(done) = runs {
                match seconds(program, args) {
                    Some(run) => done.push(run),
                    None => *runs = None,
                }
            }
        }
    }
    all.into_iter()
        .zip(commands)
        .map(|(runs, (program, args))| Some((median(runs?), peak_mb(program, args)?)))
        .collect()
}

fn corpus() -> PathBuf {
    match std::env::var_os("CONNECTION_READER_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
            .join(".cache/connection-reader/corpus"),
    }
}

/// The corpus's files that leave nothing open at their end (no fence or HTML block runs on
/// past it: a heading after it is one), one after another again and again to about `mb`
/// MB: real markdown whose concatenation parses as its files do (in `concat-Nmb.md`, an
/// unclosed fence in one file swallows the next). Made once, in the corpus folder.
fn closed(mb: usize) -> Option<PathBuf> {
    use connection_reader::document::{BlockKind, Document};
    let path = corpus().join(format!("closed-{mb}mb.md"));
    if path.exists() {
        return Some(path);
    }
    let mut files = Vec::new();
    let mut stack = vec![corpus().join("files")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).ok()?.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                files.push(p);
            }
        }
    }
    files.sort();
    let probe = "\n\n# closed-probe\n";
    let mut once = String::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let doc = Document::parse(&format!("{text}{probe}"), "probe.md");
        let last = doc.sections.last().and_then(|s| s.blocks.last());
        let closes = matches!(
            last.map(|b| &b.kind),
            Some(BlockKind::Heading { .. } | BlockKind::Title { .. })
        );
        if closes {
            once.push_str(text.trim_end());
            once.push_str("\n\n");
        }
    }
    if once.is_empty() {
        return None;
    }
    let text = once.repeat((mb << 20) / once.len() + 1);
    let cut = text[..(mb << 20).min(text.len())]
        .rfind("\n\n")
        .map_or(text.len(), |i| i + 2);
    std::fs::write(&path, &text[..cut]).ok()?;
    Some(path)
}

fn documents() -> Vec<(String, PathBuf)> {
    let wanted = std::env::var("BENCH_PRINT")
        .unwrap_or_else(|_| "real1,real10,real100,closed10,closed100,gen1,gen10,gen100".into());
    let mut out = Vec::new();
    for w in wanted.split(',').map(str::trim) {
        if let Some(mb) = w.strip_prefix("real") {
            let path = corpus().join(format!("concat-{mb}mb.md"));
            if path.exists() {
                out.push((format!("real {mb} MB"), path));
            } else {
                eprintln!("{w}: no corpus (run benches/corpus/fetch)");
            }
        } else if let Some(mb) = w.strip_prefix("closed") {
            let mb: usize = mb.parse().expect("BENCH_PRINT: closedN");
            match closed(mb) {
                Some(path) => out.push((format!("real, closed {mb} MB"), path)),
                None => eprintln!("{w}: no corpus (run benches/corpus/fetch)"),
            }
        } else if std::path::Path::new(w).is_file() {
            out.push((w.to_string(), PathBuf::from(w)));
        } else if let Some(mb) = w.strip_prefix("gen") {
            let mb: usize = mb.parse().expect("BENCH_PRINT: realN or genN");
            let path = docs::file(&format!("{mb}mb.md"), mb * docs::MB, true);
            out.push((format!("generated {mb} MB"), path));
        }
    }
    out
}

fn main() {
    let ours = docs::reader();
    let ours = ours.to_str().expect("UTF-8 path");
    let lowdown_max: u64 = std::env::var("BENCH_LOWDOWN_MAX_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let count = run_count();
    println!("--print at 80 columns into /dev/null, {count} runs each in turns, medians");
    println!(
        "| document | program | seconds | MB/s | peak MB | time vs lowdown | memory vs lowdown |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|");
    for (name, path) in documents() {
        let file = path.to_str().expect("UTF-8 path");
        let mb = std::fs::metadata(&path).map_or(0.0, |m| m.len() as f64 / (1 << 20) as f64);
        let mut commands = vec![
            (ours, vec!["--print", "--width", "80", file]),
            // First fit without hyphens, the way a pager breaks lines.
            (
                ours,
                vec![
                    "--print",
                    "--width",
                    "80",
                    "--wrap",
                    "fast",
                    "--hyphenate",
                    "never",
                    file,
                ],
            ),
        ];
        if mb <= lowdown_max as f64 {
            commands.push(("lowdown", vec!["-Tterm", "--term-width=80", file]));
        }
        let measured = in_turns(&commands, count);
        let us = measured[0].expect("our print runs");
        let fast = measured[1].expect("our print runs");
        let peer = measured.get(2).copied().flatten();
        let (ratio_t, ratio_m) = match peer {
            Some((t, m)) => (format!("{:.2}x", us.0 / t), format!("{:.2}x", us.1 / m)),
            None => ("–".into(), "–".into()),
        };
        println!(
            "| {name} | connection-reader | {:.3} | {:.0} | {:.1} | {ratio_t} | {ratio_m} |",
            us.0,
            mb / us.0,
            us.1
        );
        let fast_ratio = peer.map_or("–".into(), |(t, _)| format!("{:.2}x", fast.0 / t));
        println!(
            "| {name} | connection-reader --wrap fast --hyphenate never | {:.3} | {:.0} | {:.1} | {fast_ratio} | |",
            fast.0,
            mb / fast.0,
            fast.1
        );
        match peer {
            Some((t, m)) => println!("| {name} | lowdown | {t:.3} | {:.0} | {m:.1} | | |", mb / t),
            None => println!("| {name} | lowdown | not run | | | | |"),
        }
    }
}
