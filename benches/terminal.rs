//! `cargo bench --bench terminal`: the release binary and `less` in an 80x24 pseudo-terminal,
//! read by a terminal emulator, 41 runs each (`BENCH_RUNS`), in turns, medians:
//! - start to the first screen with text on it, in runs of their own that quit at once (all
//!   of them before any run goes to the end, after a round not counted),
//! - the end-of-document key (`>` here, `G` in less) to the last line on screen,
//! - `q` to the process gone,
//! - peak memory (VmHWM).
//!
//! The first screen has runs of its own because a run that went to the end read the whole
//! file: on a 2-core machine the next program's start is then slower by up to half, and more
//! so for a larger program, whichever of the two went to the end. The first screen of the
//! runs that go to the end is shown too ("after an end" column).
//!
//! Documents: the essay, generated 10 MB and 100 MB markdown (`benches/docs`), and real
//! markdown (the 1, 10 and 100 MB corpus concatenations `benches/corpus/fetch` makes). Set
//! `BENCH_SIZES=essay,10,real10` to choose (a path reads that file). Last, a live document
//! under a burst of writes (see [`live_burst`]); `BENCH_SIZES=live` measures only that. `BENCH_READER=path`
//! measures another build, and `BENCH_READER=old,new` builds side by side, in turns with
//! less; without it the reader is built as users build it (see [`docs::reader`]).

mod docs;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// Runs of each program on each document (`BENCH_RUNS` to change), taken in turns. A first
/// screen takes 2 to 3 ms here, and runs of the same build differ by a few tenths: medians
/// of 15 runs moved by up to 0.1 from one run of the benchmark to the next, enough to move a
/// ratio to less's by 0.1; of 41, by a few hundredths. The whole benchmark takes about a
/// minute.
fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(41)
}

struct Measured {
    first_ms: f64,
    /// The first screen of a run that then went to the end (`first_ms` is from a run of its
    /// own).
    first_then_end_ms: f64,
    end_ms: f64,
    quit_ms: f64,
    peak_mb: f64,
}

/// A program in a pty with an emulator reading its screen.
struct Pty {
    parser: vt100::Parser,
    output: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    fn spawn(program: &str, args: &[&str]) -> Pty {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        for var in ["LESS", "LESSOPEN", "LESSCLOSE", "NO_COLOR"] {
            cmd.env_remove(var);
        }
        // A fresh state folder each run: every run starts as a first reading does, with no
        // place remembered (the one before quit at the end).
        static RUN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        cmd.env("XDG_STATE_HOME", states().join(n.to_string()));
        let child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Pty {
            parser: vt100::Parser::new(24, 80, 0),
            output,
            writer,
            child,
            _master: pty.master,
        }
    }

    fn until(&mut self, what: &str, done: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !done(self.parser.screen()) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            if let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(50)) {
                self.parser.process(&bytes);
            }
        }
    }

    fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("keys");
        self.writer.flush().expect("flush");
    }

    fn peak_mb(&self) -> f64 {
        let pid = self.child.process_id().expect("pid");
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    }
}

fn text_rows(screen: &vt100::Screen) -> usize {
    screen.rows(0, 80).filter(|r| !r.trim().is_empty()).count()
}

fn contains(screen: &vt100::Screen, needle: &str) -> bool {
    screen.rows(0, 80).any(|r| r.contains(needle))
}

/// Starts `program args` and waits for its first screen: the time it took, and the program.
fn first_screen(program: &str, args: &[&str]) -> (f64, Pty) {
    let start = Instant::now();
    let mut p = Pty::spawn(program, args);
    p.until("the first screen", |s| text_rows(s) >= 3);
    (start.elapsed().as_secs_f64() * 1e3, p)
}

/// Quits `p` with `q` and waits until it is gone: the time that took.
fn quit(mut p: Pty) -> f64 {
    let at = Instant::now();
    p.press("q");
    loop {
        if p.child.try_wait().expect("wait").is_some() {
            break;
        }
        while let Ok(bytes) = p.output.try_recv() {
            p.parser.process(&bytes);
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    at.elapsed().as_secs_f64() * 1e3
}

/// A run of `program args` on a document that goes to the end with `end_key`, where
/// `end_mark` shows, then quits; `first_ms` is from a run of its own.
fn run(program: &str, args: &[&str], end_key: &str, end_mark: &str, first_ms: f64) -> Measured {
    let (first_then_end_ms, mut p) = first_screen(program, args);
    let at = Instant::now();
    p.press(end_key);
    p.until("the end of the document", |s| contains(s, end_mark));
    let end_ms = at.elapsed().as_secs_f64() * 1e3;
    let peak_mb = p.peak_mb();
    let quit_ms = quit(p);
    Measured {
        first_ms,
        first_then_end_ms,
        end_ms,
        quit_ms,
        peak_mb,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn medians(runs: &[Measured]) -> [f64; 5] {
    [
        median(runs.iter().map(|m| m.first_ms).collect()),
        median(runs.iter().map(|m| m.first_then_end_ms).collect()),
        median(runs.iter().map(|m| m.end_ms).collect()),
        median(runs.iter().map(|m| m.quit_ms).collect()),
        median(runs.iter().map(|m| m.peak_mb).collect()),
    ]
}

fn documents() -> Vec<(String, PathBuf)> {
    let wanted =
        std::env::var("BENCH_SIZES").unwrap_or_else(|_| "essay,10,100,real1,real10,real100".into());
    let mut out = Vec::new();
    for w in wanted.split(',') {
        match w.trim() {
            real if real.starts_with("real") => {
                let mb = &real[4..];
                let path = documents_dir().join(format!("concat-{mb}mb.md"));
                if path.exists() {
                    out.push((format!("real {mb} MB"), path));
                } else {
                    eprintln!("{real}: no corpus (run benches/corpus/fetch)");
                }
            }
            path if path.contains('/') => {
                let name = Path::new(path)
                    .file_name()
                    .map_or(path.to_string(), |n| n.to_string_lossy().into_owned());
                out.push((name, PathBuf::from(path)));
            }
            "essay" => {
                let path = docs::file("essay.md", 0, true);
                std::fs::write(&path, connection_reader::source::ESSAY).expect("essay");
                out.push(("essay".to_string(), path));
            }
            n => {
                let mb: usize = n.parse().expect("BENCH_SIZES: essay or a number of MB");
                let path = docs::file(&format!("{mb}mb.md"), mb * docs::MB, true);
                out.push((format!("{mb} MB"), path));
            }
        }
    }
    out
}

/// Where the runs keep their state folders (removed at the end).
fn states() -> PathBuf {
    std::env::temp_dir().join(format!("cr-bench-state-{}", std::process::id()))
}

/// A live document under a burst of writes: the essay (and 1 MB of real markdown) rewritten
/// 100 times in a second (its first line numbered), while `?` opens and closes the help every 50 ms. How long each key
/// takes to show (median and worst of the presses during the burst), and how long after the
/// last write the final text is on screen. Runs `runs` times; medians of each.
fn live_burst(reader: &str, runs: usize) {
    println!();
    println!("A burst of 100 writes in a second, `?` every 50 ms, medians of runs");
    println!(
        "| document | key ms (median) | key ms (worst) | final text after the last write ms |"
    );
    println!("|---|---:|---:|---:|");
    let mut documents = vec![("essay", connection_reader::source::ESSAY.to_string())];
    let real = documents_dir().join("concat-1mb.md");
    if let Ok(text) = std::fs::read_to_string(&real) {
        documents.push(("real 1 MB", text));
    }
    for (name, text) in documents {
        burst(reader, runs, name, &text);
    }
}

/// The corpus folder `benches/corpus/fetch` fills.
fn documents_dir() -> PathBuf {
    match std::env::var_os("CONNECTION_READER_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
            .join(".cache/connection-reader/corpus"),
    }
}

/// [`live_burst`] of one document.
fn burst(reader: &str, runs: usize, name: &str, text: &str) {
    let dir = std::env::temp_dir().join(format!("cr-bench-live-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("live.md");
    let text = text.to_string();
    // The numbered line first: whatever the document's end holds (an unclosed comment or
    // fence), it shows.
    let version = move |i: usize| format!("Version {i} of the text.\n\n{text}");
    let (mut medians_ms, mut worsts_ms, mut finals_ms) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs.clamp(1, 15) {
        std::fs::write(&path, version(0)).expect("write");
        let mut p = Pty::spawn(reader, &[path_str(&path)]);
        p.until("the first screen", |s| {
            contains(s, "Version 0 of the text.")
        });
        let file = path.clone();
        let version = version.clone();
        let writer = std::thread::spawn(move || {
            for i in 1..=100 {
                std::fs::write(&file, version(i)).expect("write");
                std::thread::sleep(Duration::from_millis(10));
            }
            Instant::now()
        });
        let mut keys = Vec::new();
        let mut open = false;
        while !writer.is_finished() {
            let at = Instant::now();
            p.press("?");
            open = !open;
            p.until("the help", |s| contains(s, "this help") == open);
            keys.push(at.elapsed().as_secs_f64() * 1e3);
            std::thread::sleep(Duration::from_millis(50));
        }
        let last_write = writer.join().expect("writer");
        if open {
            p.press("?");
        }
        p.until("the final text", |s| {
            contains(s, "Version 100 of the text.")
        });
        finals_ms.push(last_write.elapsed().as_secs_f64() * 1e3);
        keys.sort_by(f64::total_cmp);
        medians_ms.push(keys[keys.len() / 2]);
        worsts_ms.push(keys[keys.len() - 1]);
        quit(p);
    }
    println!(
        "| {name} | {:.1} | {:.1} | {:.0} |",
        median(medians_ms),
        median(worsts_ms),
        median(finals_ms)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    // `cargo bench` passes --bench; anything else (a filter) is ignored.
    // `BENCH_READER=path` measures another build, `BENCH_READER=a,b` several side by side.
    let readers = docs::reader().to_str().expect("UTF-8 path").to_string();
    let readers: Vec<&str> = readers.split(',').map(str::trim).collect();
    if std::env::var("BENCH_SIZES").is_ok_and(|s| s.trim() == "live") {
        live_burst(readers[0], runs());
        return;
    }
    let runs = runs();
    println!("80x24 pseudo-terminal, {runs} runs each in turns, medians");
    println!(
        "| document | program | first screen ms | after an end ms | end of document ms | quit ms | peak MB |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|");
    for (name, path) in documents() {
        let file = path_str(&path);
        // In turns, so a slower spell of the machine falls on all alike. The first screens
        // come first, after a round not counted (the document before went to its end).
        let programs: Vec<&str> = readers.iter().copied().chain(["less"]).collect();
        let mut firsts: Vec<Vec<f64>> = programs.iter().map(|_| Vec::new()).collect();
        for round in 0..=runs {
            for (program, times) in programs.iter().zip(&mut firsts) {
                let (ms, p) = first_screen(program, &[file]);
                quit(p);
                if round > 0 {
                    times.push(ms);
                }
            }
        }
        let mut measured: Vec<Vec<Measured>> = programs.iter().map(|_| Vec::new()).collect();
        for i in 0..runs {
            for ((program, m), times) in programs.iter().zip(&mut measured).zip(&firsts) {
                let (key, mark) = if *program == "less" {
                    ("G", "(END)")
                } else {
                    (">", "∎ End")
                };
                m.push(run(program, &[file], key, mark, times[i]));
            }
        }
        let less = measured.pop().expect("less");
        let ours = measured;
        let less = medians(&less);
        let row = |program: &str, m: [f64; 5]| {
            println!(
                "| {name} | {program} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} |",
                m[0], m[1], m[2], m[3], m[4]
            );
        };
        for (reader, measured) in readers.iter().zip(&ours) {
            let m = medians(measured);
            let program = if readers.len() == 1 {
                "connection-reader"
            } else {
                reader
            };
            row(program, m);
            println!(
                "| {name} | ratio | {:.2}x | {:.2}x | {:.2}x | {:.2}x | {:.2}x |",
                m[0] / less[0],
                m[1] / less[1],
                m[2] / less[2],
                m[3] / less[3],
                m[4] / less[4]
            );
        }
        row("less", less);
    }
    live_burst(readers[0], runs);
    let _ = std::fs::remove_dir_all(states());
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}
