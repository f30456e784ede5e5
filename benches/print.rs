//! `cargo bench --bench print`: `--print` against lowdown (`lowdown -Tterm`, Debian package
//! `lowdown`) in the same run, on real markdown (the corpus concatenations made by
//! `benches/corpus/fetch`) and on generated documents (`benches/docs`), at 80 columns into
//! /dev/null: wall time and peak memory, medians of three runs, and their ratios.
//!
//! Needs GNU time (`/usr/bin/time`) for the memory figures.
//! `BENCH_PRINT=real1,real10,gen10` chooses documents (default: every one there is);
//! `BENCH_LOWDOWN_MAX_MB=10` skips lowdown on larger files (it can take minutes on 100 MB).

mod docs;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

const RUNS: usize = 3;

/// Seconds and peak resident MB of one run, the memory measured by GNU time
/// (`/usr/bin/time`, Debian package `time`): a child spawned from this process directly would
/// be charged with this process's own peak.
fn measure(program: &str, args: &[&str]) -> Option<(f64, f64)> {
    let report = std::env::temp_dir().join(format!("cr-bench-time-{}", std::process::id()));
    let start = Instant::now();
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&report)
        .arg(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    let secs = start.elapsed().as_secs_f64();
    let kb: f64 = std::fs::read_to_string(&report).ok()?.trim().parse().ok()?;
    status.success().then_some((secs, kb / 1024.0))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn runs(program: &str, args: &[&str]) -> Option<(f64, f64)> {
    let all: Vec<(f64, f64)> = (0..RUNS)
        .map(|_| measure(program, args))
        .collect::<Option<_>>()?;
    Some((
        median(all.iter().map(|m| m.0).collect()),
        median(all.iter().map(|m| m.1).collect()),
    ))
}

fn corpus() -> PathBuf {
    match std::env::var_os("CONNECTION_READER_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
            .join(".cache/connection-reader/corpus"),
    }
}

fn documents() -> Vec<(String, PathBuf)> {
    let wanted = std::env::var("BENCH_PRINT")
        .unwrap_or_else(|_| "real1,real10,real100,gen1,gen10,gen100".into());
    let mut out = Vec::new();
    for w in wanted.split(',').map(str::trim) {
        if let Some(mb) = w.strip_prefix("real") {
            let path = corpus().join(format!("concat-{mb}mb.md"));
            if path.exists() {
                out.push((format!("real {mb} MB"), path));
            } else {
                eprintln!("{w}: no corpus (run benches/corpus/fetch)");
            }
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
    println!("--print at 80 columns into /dev/null, {RUNS} runs each, medians");
    println!(
        "| document | program | seconds | MB/s | peak MB | time vs lowdown | memory vs lowdown |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|");
    for (name, path) in documents() {
        let file = path.to_str().expect("UTF-8 path");
        let mb = std::fs::metadata(&path).map_or(0.0, |m| m.len() as f64 / (1 << 20) as f64);
        let us = runs(ours, &["--print", "--width", "80", file]).expect("our print runs");
        // First fit without hyphens, the way a pager breaks lines.
        let fast = runs(
            ours,
            &[
                "--print",
                "--width",
                "80",
                "--wrap",
                "fast",
                "--hyphenate",
                "never",
                file,
            ],
        )
        .expect("our print runs");
        let peer = (mb <= lowdown_max as f64)
            .then(|| runs("lowdown", &["-Tterm", "--term-width=80", file]))
            .flatten();
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
