//! The real binary on the command line: print, table of contents, sections, stdin, errors.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_connection-reader");

fn run(args: &[&str]) -> Output {
    run_with(args, &[])
}

/// Runs the binary with `env` set, and no preferences file but one the test names (the
/// configuration folder is an empty one unless `env` says otherwise).
fn run_with(args: &[&str], env: &[(&str, &str)]) -> Output {
    let empty = temp_dir("no-config");
    let empty = empty.path();
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .stdin(Stdio::null())
        .env("XDG_CONFIG_HOME", empty)
        .env_remove("CONNECTION_READER_CONFIG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run the binary")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 errors")
}

/// A folder of the test's own (`cr-cli-<name>-…` in the temporary folder), removed with
/// everything in it when the guard is dropped.
fn temp_dir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("cr-cli-{name}-"))
        .tempdir()
        .expect("temp dir")
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
    // The document's name first, then its sections.
    assert_eq!(lines.len(), 6);
    assert_eq!(lines[0], "Making a Connection is Hard — And Neccessary");
    assert!(lines[1].starts_with(" 0  Opening"));
    assert!(lines[5].starts_with(" 4  Being real"));
    assert!(
        lines[1..]
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
    assert_eq!(stdout(&o), "Notes\n═════\n\nSome notes here.\n");
}

#[test]
fn a_file_opens_by_path() {
    let kept = temp_dir("file");
    let dir = kept.path();
    let path = dir.join("notes.md");
    std::fs::write(&path, "Plain words, no heading.\n").expect("write");
    let o = run(&[path.to_str().expect("utf-8 path"), "--toc"]);
    assert!(o.status.success());
    assert!(
        stdout(&o).starts_with("notes.md\n 0  notes.md"),
        "{}",
        stdout(&o)
    );
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
    let kept = temp_dir("errors");
    let dir = kept.path();
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
    let kept = temp_dir("utf8");
    let dir = kept.path();
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
    let version = stdout(&o);
    let expected = format!("connection-reader {}", env!("CARGO_PKG_VERSION"));
    assert!(version.starts_with(&expected), "{version}");
    // Built from a checkout, it names the commit it was built from.
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output();
    if let Ok(head) = head
        && head.status.success()
    {
        let commit = String::from_utf8_lossy(&head.stdout).trim().to_string();
        assert_eq!(version.trim_end(), format!("{expected} ({commit})"));
    }
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

/// Runs the binary with `input` on a pipe as its standard input.
fn run_piped(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the binary");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer");
    out
}

#[test]
fn a_pipe_without_a_file_is_the_document() {
    let o = run_piped(&[], b"# Piped notes\n\nFrom a pipe.\n");
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("Piped notes"), "{text}");
    assert!(text.contains("From a pipe."));
    let toc = run_piped(&["--toc"], b"# Piped notes\n\n## One\n\nx\n");
    assert!(stdout(&toc).contains("One"), "{}", stdout(&toc));
    // A regular file as standard input is read the same way.
    let kept = temp_dir("stdin-file");
    let dir = kept.path();
    let file = dir.join("notes.md");
    std::fs::write(&file, "# From a file\n\nredirected\n").expect("write");
    let o = Command::new(BIN)
        .arg("--print")
        .stdin(std::fs::File::open(&file).expect("open"))
        .output()
        .expect("run");
    assert!(stdout(&o).contains("redirected"), "{}", stdout(&o));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_null_standard_input_opens_the_essay() {
    let o = run(&["--toc"]);
    assert!(stdout(&o).contains("Being real"), "{}", stdout(&o));
}

#[test]
fn a_fifo_is_read_whole_as_a_stream() {
    let kept = temp_dir("fifo");
    let dir = kept.path();
    let fifo = dir.join("doc.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    // Far past the first part a file is read in, so any seek would lose text.
    let mut text = String::from("# Streamed\n\n");
    for i in 0..8000 {
        text.push_str(&format!(
            "## Part {i}\n\nwords of part {i} and more words here.\n\n"
        ));
    }
    text.push_str("The last line of the stream.\n");
    assert!(text.len() > 256 << 10);
    let writer = {
        let (fifo, text) = (fifo.clone(), text.clone());
        std::thread::spawn(move || {
            std::fs::write(&fifo, text).expect("write the fifo");
        })
    };
    let o = run(&["--print", "--width", "80", fifo.to_str().expect("path")]);
    writer.join().expect("writer");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Part 7999"), "the end arrived");
    assert!(out.contains("The last line of the stream."));
    assert!(out.contains("words of part 0 "), "the beginning too");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn small_truths_one_word_an_empty_document_and_an_ambiguous_section() {
    let one = run_piped(&["--toc"], b"word\n");
    assert!(stdout(&one).contains(" 1 word "), "{}", stdout(&one));
    // An empty document says so in print and in the contents.
    let empty = run_piped(&["--print"], b"");
    assert_eq!(stdout(&empty), "empty document\n");
    let toc = run_piped(&["--toc"], b"---\nlayout: x\n---\n");
    assert!(
        stdout(&toc).ends_with("empty document\n"),
        "{}",
        stdout(&toc)
    );
    // "o" could be Opening or Outcome: an error naming both, not a guess.
    let o = run(&["--print", "--section", "o"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("could be any of: 0 Opening, 3 Outcome"),
        "{err}"
    );
}

#[test]
fn typesetting_options_reach_print() {
    let essay = |args: &[&str]| {
        let mut all = vec!["--print", "--width", "40"];
        all.extend_from_slice(args);
        let out = run(&all);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let default = essay(&[]);
    // Balanced and hyphenated by default; first fit without hyphens on asking.
    assert!(default.lines().any(|l| l.ends_with('-')), "{default}");
    let fast = essay(&["--wrap", "fast", "--hyphenate", "never"]);
    assert!(!fast.lines().any(|l| l.ends_with('-')), "{fast}");
    assert_ne!(fast, default);
    // Justified: the opening paragraph's first lines run to the full 40 columns.
    let justified = essay(&["--justify"]);
    let line = justified
        .lines()
        .find(|l| l.starts_with("If you"))
        .expect("the opening");
    assert_eq!(line.chars().count(), 40, "{line:?}");
    // Book paragraphs: indented, no blank line before.
    let book = essay(&["--paragraphs", "book"]);
    assert!(book.contains("it.\n  In the digital world"), "{book}");
    // Smart punctuation off by default (the essay's own ’ stays ’; its straight quotes stay
    // straight), on when asked.
    let kept = temp_dir("smart");
    let doc = kept.path().join("q.md");
    std::fs::write(&doc, "\"Quoted\" -- and... it's\n").expect("write");
    let path = doc.to_str().expect("utf-8 path");
    assert_eq!(
        stdout(&run(&["--print", path])),
        "\"Quoted\" -- and... it's\n"
    );
    assert_eq!(
        stdout(&run(&["--print", "--smart-punctuation", path])),
        "\u{201c}Quoted\u{201d} \u{2013} and\u{2026} it\u{2019}s\n"
    );
}

#[test]
fn a_language_without_patterns_is_a_one_line_error() {
    let out = run(&["--print", "--lang", "xx"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--lang xx: no hyphenation patterns"), "{err}");
    // A known one is fine, whatever the case.
    assert!(run(&["--print", "--lang", "DE"]).status.success());
}

/// A configuration folder holding `config.toml` with `text`, and the file's path.
fn config_home(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let home = temp_dir(name);
    let dir = home.path().join("connection-reader");
    std::fs::create_dir_all(&dir).expect("config dir");
    let file = dir.join("config.toml");
    std::fs::write(&file, text).expect("write config");
    (home, file)
}

/// The widest line of `text`.
fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn preferences_set_the_defaults_and_a_flag_wins() {
    let (home, _) = config_home("prefs", "width = 40\nhyphenate = \"never\"\n");
    let home = home.path().to_str().expect("utf-8");
    let env = [("XDG_CONFIG_HOME", home)];
    let out = run_with(&["--print"], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(widest(&stdout(&out)) <= 40);
    assert!(widest(&stdout(&out)) > 30);
    assert!(
        !stdout(&out).lines().any(|l| l.ends_with('-')),
        "no hyphens"
    );
    // A flag beats the file.
    let out = run_with(&["--print", "--width", "60", "--hyphenate", "auto"], &env);
    assert!(widest(&stdout(&out)) > 40);
    // Without the file: the defaults (72).
    let out = run(&["--print"]);
    assert!(widest(&stdout(&out)) > 60);
}

#[test]
fn the_flag_chooses_the_file_over_the_environment_over_the_default_place() {
    let (home, _) = config_home("place-default", "width = 30\n");
    let (_env_home, env_file) = config_home("place-env", "width = 40\n");
    let (_flag_home, flag_file) = config_home("place-flag", "width = 50\n");
    let home = home.path().to_str().expect("utf-8");
    let env_file = env_file.to_str().expect("utf-8");
    let flag_file = flag_file.to_str().expect("utf-8");
    let width = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["--print-config"];
        all.extend_from_slice(args);
        let out = run_with(&all, env);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        text.lines()
            .find_map(|l| l.strip_prefix("width = "))
            .and_then(|v| v.split_whitespace().next().map(str::to_string))
            .expect("a width line")
    };
    assert_eq!(width(&[], &[("XDG_CONFIG_HOME", home)]), "30");
    let env = [
        ("XDG_CONFIG_HOME", home),
        ("CONNECTION_READER_CONFIG", env_file),
    ];
    assert_eq!(width(&[], &env), "40");
    assert_eq!(width(&["--config", flag_file], &env), "50");
    assert_eq!(width(&["--config", flag_file, "--width", "66"], &env), "66");
}

#[test]
fn print_config_says_where_each_setting_came_from_and_reads_back() {
    let (home, file) = config_home(
        "print-config",
        "color = \"never\"\njustify = true\nparagraphs = \"book\"\n",
    );
    let home = home.path().to_str().expect("utf-8");
    let out = run_with(
        &["--print-config", "--no-justify", "--links", "inline"],
        &[("XDG_CONFIG_HOME", home)],
    );
    let text = stdout(&out);
    let source = |key: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{key} = ")))
            .and_then(|l| l.split('#').nth(1))
            .map(|s| s.trim().to_string())
            .unwrap_or_else(|| panic!("{key} in {text}"))
    };
    assert!(text.contains(&file.display().to_string()), "{text}");
    assert_eq!(source("color"), "preferences file");
    assert_eq!(source("paragraphs"), "preferences file");
    assert_eq!(source("justify"), "command line");
    assert_eq!(source("links"), "command line");
    assert_eq!(source("width"), "default");
    assert!(text.contains("justify = false"), "{text}");
    // What it prints is a preferences file that reads back to the same settings.
    let (again, _) = config_home("print-config-again", &text);
    let again = run_with(
        &["--print-config"],
        &[("XDG_CONFIG_HOME", again.path().to_str().expect("utf-8"))],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    let values = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
            .collect()
    };
    assert_eq!(values(&stdout(&again)), values(&text));
}

#[test]
fn every_bad_preference_is_a_one_line_error_naming_file_line_and_key() {
    let cases = [
        (
            "unknown",
            "width = 60\nwidht = 61\n",
            ":2: widht: unknown field",
        ),
        ("type", "\nmouse = \"yes\"\n", ":2: mouse: invalid type"),
        (
            "variant",
            "color = \"sometimes\"\n",
            ":1: color: unknown variant",
        ),
        (
            "narrow",
            "width = 1\n",
            ":1: width: the column must be at least 2 wide",
        ),
        (
            "lang",
            "lang = \"xx\"\n",
            ":1: lang: no hyphenation patterns",
        ),
        ("syntax", "width = = 3\n", ":1: width:"),
    ];
    for (name, text, want) in cases {
        let (home, file) = config_home(&format!("bad-{name}"), text);
        for args in [&["--print"][..], &[][..]] {
            let out = run_with(
                args,
                &[("XDG_CONFIG_HOME", home.path().to_str().expect("utf-8"))],
            );
            assert!(!out.status.success(), "{name}");
            assert!(stdout(&out).is_empty(), "{name}: nothing read");
            let err = stderr(&out);
            assert_eq!(err.lines().count(), 1, "{name}: {err}");
            let expected = format!("connection-reader: {}{want}", file.display());
            assert!(err.starts_with(&expected), "{name}: {err}");
        }
    }
    // A file named by the flag or the environment must be there.
    for (args, env) in [
        (vec!["--config", "/nonexistent/prefs.toml"], vec![]),
        (
            vec![],
            vec![("CONNECTION_READER_CONFIG", "/nonexistent/prefs.toml")],
        ),
    ] {
        let out = run_with(&args, &env);
        assert!(!out.status.success());
        assert_eq!(
            stderr(&out).trim_end(),
            "connection-reader: /nonexistent/prefs.toml: no such file"
        );
    }
}

#[test]
fn completion_scripts_are_printed_for_every_shell_and_parse() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(&["--completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(script.contains("smart-punctuation"), "{shell}");
        // Checked by the shell itself where it is installed (bash always is here).
        let checker = match shell {
            "bash" => Some(("bash", "-n")),
            "zsh" => Some(("zsh", "-n")),
            "fish" => Some(("fish", "--no-execute")),
            _ => None,
        };
        let Some((program, flag)) = checker else {
            continue;
        };
        let kept = temp_dir("completions");
        let path = kept.path().join(format!("script.{shell}"));
        std::fs::write(&path, &script).expect("write the script");
        match Command::new(program).arg(flag).arg(&path).output() {
            Ok(check) => assert!(
                check.status.success(),
                "{shell}: {}",
                String::from_utf8_lossy(&check.stderr)
            ),
            Err(_) => assert_ne!(shell, "bash", "bash is installed"),
        }
    }
    let out = run(&["--completions", "tcsh"]);
    assert!(!out.status.success());
}

#[test]
fn the_manual_page_names_every_option() {
    let out = run(&["--man"]);
    assert!(out.status.success());
    let page = stdout(&out);
    assert!(
        page.starts_with(".ie"),
        "roff: {}",
        &page[..page.len().min(40)]
    );
    assert!(page.contains(".TH connection-reader 1"), "{page}");
    for option in [
        "width",
        "print",
        "toc",
        "section",
        "links",
        "wrap",
        "hyphenate",
        "lang",
        "justify",
        "paragraphs",
        "smart\\-punctuation",
        "config",
        "print\\-config",
        "completions",
        "recent",
    ] {
        assert!(
            page.contains(&format!("\\-\\-{option}")),
            "--{option} in the page"
        );
    }
    // And man itself renders it, where it is installed.
    let kept = temp_dir("man");
    let path = kept.path().join("connection-reader.1");
    std::fs::write(&path, &page).expect("write the page");
    if let Ok(rendered) = Command::new("man")
        .arg("-l")
        .arg(&path)
        .env("MANPAGER", "cat")
        .output()
        && rendered.status.success()
    {
        assert!(String::from_utf8_lossy(&rendered.stdout).contains("connection-reader"));
    }
}

/// A long document of prose and code as real files mix them, with what a hand-made fence
/// scan gets wrong: backticks in a backtick fence's info string (no fence at all), fences
/// inside list items that a line at column 0 ends, tilde fences with tildes and backticks
/// in their info string, and code comments that look like headings. About 157 KB.
fn prose_and_code() -> String {
    let mut text = String::from("# Notes on code\n\nAn introduction in prose.\n\n");
    for i in 0..260 {
        text.push_str(&format!(
            "## Part {i}\n\nSome prose about part {i}, with a [link][ref{}] and `code`. It goes \
             on for a while so the part has a paragraph worth reading, and then some code.\n\n",
            i % 7
        ));
        match i % 5 {
            0 => text.push_str(&format!("```sh`{i}\n# not code: backticks in the info string\n```\n\n")),
            1 => text.push_str(&format!(
                "- a step\n\n  ```\n  # a comment in a list's code\n\nProse at column 0 ends the item, and the code.\n```\n# {i} a heading after it\n\n"
            )),
            2 => text.push_str("~~~ lang~x `y`\n# a comment in tilde code\n~~~\n\n"),
            3 => text.push_str("    # indented code\n    more\n\n"),
            _ => text.push_str("```rust\nfn main() {}\n// # not a heading\n```\n\n"),
        }
        text.push_str(&"Closing words of the part, plain prose again. ".repeat(9));
        text.push_str("\n\n");
    }
    for r in 0..7 {
        text.push_str(&format!("[ref{r}]: https://example.org/{r}\n"));
    }
    text
}

/// `--print FILE`, `--print < FILE` and `cat FILE | --print`: the three outputs, in order.
fn printed_three_ways(path: &std::path::Path) -> [Vec<u8>; 3] {
    let by_path = run(&["--print", "--width", "72", path.to_str().expect("a path")]);
    assert!(by_path.status.success(), "{}", stderr(&by_path));
    let redirected = Command::new(BIN)
        .args(["--print", "--width", "72"])
        .stdin(std::fs::File::open(path).expect("open"))
        .env_remove("CONNECTION_READER_CONFIG")
        .output()
        .expect("run");
    assert!(redirected.status.success(), "{}", stderr(&redirected));
    let piped = run_piped(
        &["--print", "--width", "72", "-"],
        &std::fs::read(path).expect("read"),
    );
    assert!(piped.status.success(), "{}", stderr(&piped));
    [by_path.stdout, redirected.stdout, piped.stdout]
}

/// The whole document parsed at once and printed at 72 columns: the one truth.
fn printed_whole(text: &str, name: &str) -> Vec<u8> {
    use connection_reader::document::Document;
    let mut out = Vec::new();
    connection_reader::print::print(
        &Document::parse(text, name),
        0,
        &connection_reader::layout::Format::new(72),
        None,
        &mut out,
    )
    .expect("print");
    out
}

#[test]
fn a_long_mix_of_prose_and_code_prints_the_same_from_a_path_a_redirect_and_a_pipe() {
    let text = prose_and_code();
    assert!(text.len() > 150_000, "{} bytes", text.len());
    let dir = temp_dir("mixed");
    let path = dir.path().join("notes.md");
    std::fs::write(&path, &text).expect("write");
    let want = printed_whole(&text, "notes.md");
    for (how, got) in ["a path", "a redirect", "a pipe"]
        .iter()
        .zip(printed_three_ways(&path))
    {
        assert!(
            got == want,
            "printed from {how} differs from the whole parse"
        );
    }
    // The prose after each odd fence is prose, and no code comment is a heading.
    let shown = String::from_utf8(want).expect("utf-8");
    assert!(shown.contains("Prose at column 0 ends the item"));
    assert!(!shown.contains("a comment in a list's code\n─"));
}

#[test]
fn a_rule_followed_by_text_is_no_front_matter_and_its_notes_and_links_resolve() {
    // The parser's metadata blocks would take the rule and all up to the next `---` for one.
    let text = "# A post\n\nIntro.\n\n---\nA claim[^n] and [link][s].\n\nMore prose.\n\n---\n\n\
                The end.\n\n[^n]: The note.\n\n[s]: https://example.org/s\n";
    let dir = temp_dir("rule");
    let path = dir.path().join("post.md");
    // Small, and padded past the size printed whole, so both ways are tried.
    for padded in [
        text.to_string(),
        format!("{text}\n{}", "Padding prose. ".repeat(6000)),
    ] {
        std::fs::write(&path, &padded).expect("write");
        let want = printed_whole(&padded, "post.md");
        let shown = String::from_utf8(want.clone()).expect("utf-8");
        assert!(shown.contains("A claim[n] and link¹."), "{shown}");
        assert!(!shown.contains("[^n]") && !shown.contains("[s]"), "{shown}");
        for got in printed_three_ways(&path) {
            assert!(got == want, "{}", String::from_utf8_lossy(&got));
        }
    }
}

#[test]
fn toc_pads_titles_only_up_to_a_cap() {
    let kept = temp_dir("toc-cap");
    let doc = kept.path().join("changelog.md");
    let long = "A very long release title that goes on and on ".repeat(8);
    std::fs::write(
        &doc,
        format!("# Log\n\n## 1.0\n\nWords.\n\n## {long}\n\nWords.\n\n## 0.9\n\nWords.\n"),
    )
    .expect("write");
    let o = run(&["--toc", doc.to_str().expect("path")]);
    assert!(o.status.success());
    let text = stdout(&o);
    let short = text.lines().find(|l| l.contains(" 1.0 ")).expect("a row");
    // The short rows are padded to the cap, not to the 380-column title.
    assert!(short.chars().count() < 90, "{short:?}");
    assert!(text.lines().any(|l| l.contains(long.trim())));
}

#[test]
fn recent_to_a_pipe_prints_its_list_as_lines() {
    use connection_reader::state::{self, Saved};
    let kept = temp_dir("recent-pipe");
    let dir = kept.path();
    let doc = dir.join("notes.md");
    std::fs::write(&doc, "# Notes\n\nWords.\n").expect("write");
    let key = state::document_key(Some(&doc), "");
    let places = dir.join("state").join("connection-reader");
    let saved = Saved {
        title: "Notes".to_string(),
        ..Saved::default()
    };
    state::save(&state::file_for(&places, &key), &key, &saved).expect("saved");
    let state_home = dir.join("state");
    let o = run_with(
        &["--recent"],
        &[("XDG_STATE_HOME", state_home.to_str().expect("path"))],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains('\x1b'), "no escape sequences: {out:?}");
    let canonical = doc.canonicalize().expect("canonical");
    assert_eq!(out, format!("Notes\t{}\n", canonical.display()));
}
