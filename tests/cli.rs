//! The real binary on the command line: print, table of contents, sections, stdin, errors.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_connection-reader");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run the binary")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 errors")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cr-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn piped_output_prints_the_essay_without_escapes() {
    let o = run(&[]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.starts_with("Making a Connection is Hard — And Neccessary\n"));
    assert!(text.contains("\nBeing real\n"));
    assert!(
        text.trim_end()
            .ends_with("Make sure you’re creating a good one.")
    );
    assert!(!text.contains('\x1b'), "no escape sequences in print mode");
    assert!(
        text.lines().all(|l| l == l.trim_end()),
        "no trailing spaces"
    );
}

#[test]
fn print_width_is_respected() {
    let o = run(&["--print", "--width", "30"]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.lines().all(|l| l.chars().count() <= 30));
    assert!(text.lines().any(|l| l.chars().count() > 25));
}

#[test]
fn toc_lists_sections_with_words_and_minutes() {
    let o = run(&["--toc"]);
    assert!(o.status.success());
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[0].starts_with(" 0  Opening"));
    assert!(lines[4].starts_with(" 4  Being real"));
    assert!(
        lines
            .iter()
            .all(|l| l.contains(" words") && l.ends_with(" min"))
    );
}

#[test]
fn section_by_number_or_name_starts_the_print_there() {
    for arg in ["3", "outcome", "OUTCOME", "out"] {
        let o = run(&["--print", "--section", arg]);
        assert!(o.status.success(), "{arg}");
        assert!(stdout(&o).starts_with("Outcome\n"), "{arg}");
    }
    let o = run(&["--print", "--section", "being real"]);
    assert!(stdout(&o).starts_with("Being real\n"));
}

#[test]
fn unknown_section_is_a_one_line_error() {
    let o = run(&["--print", "--section", "nowhere"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no section 'nowhere'"), "{err}");
    assert!(err.contains("4 Being real"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn stdin_is_read_with_a_dash() {
    let mut child = Command::new(BIN)
        .args(["-", "--print"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"# Notes\n\nSome *notes* here.\n")
        .expect("write stdin");
    let o = child.wait_with_output().expect("wait");
    assert!(o.status.success());
    assert_eq!(stdout(&o), "Notes\n\nSome notes here.\n");
}

#[test]
fn a_file_opens_by_path() {
    let dir = temp_dir("file");
    let path = dir.join("notes.md");
    std::fs::write(&path, "Plain words, no heading.\n").expect("write");
    let o = run(&[path.to_str().expect("utf-8 path"), "--toc"]);
    assert!(o.status.success());
    assert!(stdout(&o).starts_with(" 0  notes.md"), "{}", stdout(&o));
    std::fs::remove_dir_all(dir).ok();
}

fn assert_one_line_error(args: &[&str], names: &str, cause: &str) {
    let o = run(args);
    assert_eq!(o.status.code(), Some(1), "{args:?}");
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(names), "{err}");
    assert!(err.contains(cause), "{err}");
    assert!(o.stdout.is_empty(), "nothing on stdout");
    assert!(!err.contains('\x1b'), "the screen is never touched");
}

#[test]
fn errors_name_the_file_and_the_cause() {
    assert_one_line_error(&["/no/such/notes.md"], "/no/such/notes.md", "no such file");
    let dir = temp_dir("errors");
    let d = dir.to_str().expect("utf-8 path");
    assert_one_line_error(&[d], d, "is a directory");
    let bin = dir.join("image.png");
    std::fs::write(&bin, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
    let b = bin.to_str().expect("utf-8 path");
    assert_one_line_error(&[b], b, "binary");
    // A file the kernel refuses to read from the start.
    assert_one_line_error(&["/proc/self/mem"], "/proc/self/mem", "error");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn invalid_utf8_is_replaced_with_a_warning() {
    let dir = temp_dir("utf8");
    let path = dir.join("latin1.md");
    std::fs::write(&path, b"caf\xe9 au lait\n").expect("write");
    let o = run(&[path.to_str().expect("utf-8 path"), "--print"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o), "caf\u{fffd} au lait\n");
    assert!(stderr(&o).contains("invalid UTF-8"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let big = "A paragraph of words to fill the pipe.\n\n".repeat(50_000);
    let mut child = Command::new(BIN)
        .args(["-", "--print"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut input = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || input.write_all(big.as_bytes()));
    let mut out = child.stdout.take().expect("stdout");
    let mut first = [0u8; 64];
    out.read_exact(&mut first).expect("some output");
    drop(out);
    let o = child.wait_with_output().expect("wait");
    writer.join().expect("writer").expect("stdin written");
    assert!(o.status.success(), "{:?}", o.status);
    assert_eq!(stderr(&o), "");
}

#[test]
fn help_and_version() {
    let o = run(&["--help"]);
    assert!(o.status.success());
    let text = stdout(&o);
    for flag in ["--section", "--width", "--print", "--toc", "--mouse"] {
        assert!(text.contains(flag), "{flag} in --help");
    }
    let o = run(&["--version"]);
    assert!(stdout(&o).starts_with("connection-reader "));
}

#[test]
fn color_always_styles_print_and_the_default_does_not() {
    let o = run(&["--print", "--color", "always"]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.contains("\x1b["), "styled output has escape sequences");
    // Headings are bold in the styled output.
    assert!(text.contains("\x1b[1m"), "{}", &text[..200.min(text.len())]);
    for args in [&["--print"][..], &["--print", "--color", "never"][..]] {
        let o = run(args);
        assert!(!stdout(&o).contains('\x1b'), "{args:?}");
    }
}
