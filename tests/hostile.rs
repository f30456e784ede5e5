//! Input at its limits, from the command line: devices, endless and binary streams, FIFOs
//! and symlinks where small files are expected. Each run ends by itself (a guard kills a
//! run that goes on, and fails the test: nothing here waits on a clock otherwise).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_connection-reader");

/// The binary with no preferences file (an empty configuration folder) and its own state
/// folder.
fn command(home: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env_remove("CONNECTION_READER_CONFIG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn home(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("cr-hostile-{name}-"))
        .tempdir()
        .expect("temp dir")
}

/// Waits for `child` to end by itself; one still running after a minute (reading without
/// end, say) is killed and the test fails.
fn ended(mut child: Child, what: &str) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("{what}: still running after a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn one_line_error(o: &Output, names: &str, cause: &str) {
    assert!(!o.status.success(), "fails");
    let e = stderr(o);
    assert_eq!(e.lines().count(), 1, "one line: {e}");
    assert!(e.contains(names) && e.contains(cause), "{e}");
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(made.success());
}

#[test]
#[cfg(unix)]
fn a_device_is_refused_without_being_read() {
    let home = home("device");
    for device in ["/dev/zero", "/dev/urandom"] {
        let child = command(home.path())
            .args(["--print", device])
            .spawn()
            .expect("spawn");
        let o = ended(child, device);
        one_line_error(&o, device, "is a device, not a markdown file");
    }
}

#[test]
fn an_endless_binary_stream_is_refused_at_its_first_chunk() {
    let home = home("zeros");
    let mut child = command(home.path())
        .args(["--print", "-"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut input = child.stdin.take().expect("stdin");
    // Zeros for as long as the reader reads.
    let writer = std::thread::spawn(move || {
        let zeros = vec![0u8; 1 << 16];
        while input.write_all(&zeros).is_ok() {}
    });
    let o = ended(child, "zeros");
    writer.join().expect("writer");
    one_line_error(&o, "standard input", "looks like a binary file");
}

#[test]
fn an_endless_stream_prints_as_it_comes_and_stops_when_the_reader_goes() {
    let home = home("yes");
    let mut child = command(home.path())
        .args(["--print", "--width", "40"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut input = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let lines = "a line of words that never ends\n\n".repeat(2000);
        while input.write_all(lines.as_bytes()).is_ok() {}
    });
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = Vec::new();
    for _ in 0..3 {
        let mut line = String::new();
        out.read_line(&mut line).expect("a line");
        first.push(line);
    }
    assert_eq!(first[0], "a line of words that never ends\n");
    assert_eq!(first[1], "\n");
    // The reader of the output goes away; so does the program (and so its reading).
    drop(out);
    let o = ended(child, "an endless stream");
    writer.join().expect("writer");
    assert!(o.status.success(), "{:?}: {}", o.status, stderr(&o));
    assert_eq!(stderr(&o), "");
}

#[test]
#[cfg(unix)]
fn preferences_and_saved_places_that_are_not_small_regular_files_are_refused() {
    let home = home("small");
    let dir = home.path();
    let doc = dir.join("doc.md");
    std::fs::write(&doc, "# Doc\n\nWords.\n").expect("write");
    let fifo = dir.join("prefs.fifo");
    mkfifo(&fifo);
    let big = dir.join("big.toml");
    std::fs::write(&big, format!("# {}\n", "x".repeat(2 << 20))).expect("write");
    let link = dir.join("zero.toml");
    std::os::unix::fs::symlink("/dev/zero", &link).expect("symlink");
    for (config, cause) in [
        (&fifo, "is not a regular file"),
        (&big, "larger than 1024 KB"),
        (&link, "is a device"),
    ] {
        let child = command(dir)
            .args(["--print", "--config"])
            .arg(config)
            .arg(&doc)
            .spawn()
            .expect("spawn");
        let o = ended(child, "a preferences file");
        one_line_error(&o, &config.display().to_string(), cause);
    }
}

#[test]
#[cfg(unix)]
fn a_saved_place_that_is_a_device_or_a_fifo_is_not_read() {
    use connection_reader::state;
    let home = home("state");
    let dir = home.path();
    let zero = dir.join("zero.pos");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
    let e = state::load(&zero, "doc").expect_err("refused");
    assert!(e.to_string().contains("is a device"), "{e}");
    let fifo = dir.join("fifo.pos");
    mkfifo(&fifo);
    let e = state::load(&fifo, "doc").expect_err("refused");
    assert!(e.to_string().contains("not a regular file"), "{e}");
    // The list of recent reading passes over both.
    assert!(state::recent(dir).is_empty());
}

#[test]
fn a_stream_printed_in_parts_prints_as_the_whole_does() {
    use connection_reader::document::{Document, Markdown};
    use connection_reader::layout::Format;
    use connection_reader::print;
    // The essay again and again: headings, quotes, lists, emphasis, no link definitions.
    let essay = connection_reader::source::ESSAY;
    let text = format!("{essay}\n\n{}", format!("{essay}\n\n").repeat(12));
    let format = Format::new(60);
    let mut whole = Vec::new();
    let doc = Document::parse(&text, "essay.md");
    print::print(&doc, 0, &format, None, &mut whole).expect("printed");
    for part in [4096, 10_000, 65_536] {
        let mut fed = 0;
        let more = |into: &mut String| {
            let end = (fed + part).min(text.len());
            let end = text[..end].rfind('\n').map_or(end, |i| i + 1).max(fed + 1);
            let end = (fed..=end.min(text.len()))
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(text.len());
            into.push_str(&text[fed..end]);
            fed = end;
            fed == text.len()
        };
        let mut streamed = Vec::new();
        print::stream(
            more,
            "essay.md",
            Markdown::default(),
            &format,
            None,
            &mut streamed,
        )
        .expect("printed");
        assert_eq!(
            String::from_utf8_lossy(&streamed),
            String::from_utf8_lossy(&whole),
            "in parts of {part}"
        );
    }
}

#[test]
fn a_stream_longer_than_the_hold_is_printed_from_a_pipe() {
    let home = home("long-pipe");
    // Past the 16 MB held whole: printed as it comes, the end reached.
    let mut child = command(home.path())
        .args(["--print", "-"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut input = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let block = "## A part\n\nSome words in a paragraph.\n\n".repeat(10_000);
        for _ in 0..(20 << 20) / block.len() {
            input.write_all(block.as_bytes()).expect("written");
        }
        input.write_all(b"The very end.\n").expect("written");
    });
    let mut out = child.stdout.take().expect("stdout");
    let mut text = String::new();
    out.read_to_string(&mut text).expect("read");
    writer.join().expect("writer");
    let o = ended(child, "a long pipe");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        text.ends_with("The very end.\n"),
        "{:?}",
        &text[text.len() - 100..]
    );
    assert!(text.starts_with("A part\n"));
}

#[test]
#[cfg(unix)]
fn links_open_regular_markdown_files_only_read_as_a_browser_reads_them() {
    use connection_reader::source::linked_file;
    let home = home("links");
    let repo = home.path().join("repo");
    let docs = repo.join("docs");
    std::fs::create_dir_all(repo.join(".git")).expect("repo");
    std::fs::create_dir_all(&docs).expect("docs");
    let from = docs.join("guide.md");
    for name in ["guide.md", "my notes.md", "other.md"] {
        std::fs::write(docs.join(name), "# A\n").expect("write");
    }
    std::fs::write(repo.join("README.md"), "# Top\n").expect("write");
    mkfifo(&docs.join("pipe.md"));
    let opens = |address: &str| linked_file(Some(&from), address);
    // Read as a browser reads them: percent-decoded, the query dropped.
    let (path, _) = opens("my%20notes.md").expect("decoded");
    assert_eq!(path, docs.join("my notes.md"));
    let (path, anchor) = opens("other.md?plain=1#setup").expect("query dropped");
    assert_eq!(
        (path, anchor.as_deref()),
        (docs.join("other.md"), Some("setup"))
    );
    // `/path` from the repository's root, never the file system's.
    let (path, _) = opens("/README.md").expect("from the root");
    assert_eq!(
        path.canonicalize().expect("real"),
        repo.join("README.md").canonicalize().expect("real")
    );
    for (address, cause) in [
        ("/etc/shadow", "not a markdown file"),
        ("../../../../../../../../etc/passwd", "not a markdown file"),
        ("/etc/passwd", "not a markdown file"),
        ("pipe.md", "not a regular file"),
        ("missing.md", "no such file"),
        ("/etc/os-release.md", "no such file"),
        ("..", "not a markdown file"),
    ] {
        let e = opens(address).expect_err(address);
        assert!(e.contains(cause), "{address}: {e}");
    }
    // Nor does the library open one (an old entry of `--recent` may name a FIFO).
    let markdown = connection_reader::document::Markdown::default();
    let e = connection_reader::event_loop::Opened::open(&docs.join("pipe.md"), false, markdown)
        .err()
        .expect("refused");
    assert!(
        e.to_string().ends_with("pipe.md: not a regular file"),
        "{e}"
    );
}

#[test]
#[cfg(unix)]
fn a_folder_lists_symlinks_to_markdown_files() {
    let home = home("symlinks");
    let dir = home.path();
    std::fs::write(dir.join("real.md"), "# Real\n").expect("write");
    std::os::unix::fs::symlink(dir.join("real.md"), dir.join("linked.md")).expect("symlink");
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.md")).expect("symlink");
    let library = connection_reader::library::Library::of_folder(dir);
    let names: Vec<&str> = library.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["linked.md", "real.md"]);
}

#[test]
#[cfg(unix)]
fn a_saved_place_is_never_written_through_a_planted_symlink() {
    use connection_reader::state::{self, Saved};
    let home = home("planted");
    let dir = home.path().join("state");
    std::fs::create_dir_all(&dir).expect("dir");
    let victim = home.path().join("victim");
    std::fs::write(&victim, "untouched").expect("write");
    let file = state::file_for(&dir, "file:/notes.md");
    // Every name the old scheme would have used for its temporary file, and more.
    for i in 0..64 {
        let name = file
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let planted = dir.join(format!(".{name}.{}.{i}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, planted).expect("symlink");
    }
    let saved = Saved {
        title: "Notes".to_string(),
        ..Saved::default()
    };
    state::save(&file, "file:/notes.md", &saved).expect("saved");
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "untouched");
    let back = state::load(&file, "file:/notes.md").expect("loads");
    assert_eq!(back.map(|s| s.title).as_deref(), Some("Notes"));
}

#[test]
fn any_file_name_round_trips_through_its_saved_place() {
    use connection_reader::state::{self, Saved};
    let home = home("names");
    let dir = home.path().join("state");
    let keys = [
        "file:/a\nb.md",
        "file:/a b.md",
        "file:/a\\nb.md",
        "file:/back\\slash\r.md",
        "file:/trailing\\",
    ];
    for (i, key) in keys.iter().enumerate() {
        let saved = Saved {
            length: i,
            title: format!("title {i}"),
            ..Saved::default()
        };
        state::save(&state::file_for(&dir, key), key, &saved).expect("saved");
    }
    for (i, key) in keys.iter().enumerate() {
        let back = state::load(&state::file_for(&dir, key), key)
            .expect("loads")
            .expect("saved");
        assert_eq!(back.length, i, "{key:?}");
    }
    let mut listed: Vec<String> = state::recent(&dir).into_iter().map(|r| r.0).collect();
    listed.sort();
    let mut expected: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    expected.sort();
    assert_eq!(listed, expected, "each listed under its own name");
}

#[test]
#[cfg(unix)]
fn a_document_with_no_stable_path_is_known_by_its_content() {
    use connection_reader::state::document_key;
    let home = home("fd");
    let fifo = home.path().join("doc.fifo");
    mkfifo(&fifo);
    let one = document_key(Some(&fifo), "# One\n");
    let two = document_key(Some(&fifo), "# Two\n");
    assert_ne!(one, two, "two streams through one path are two documents");
    assert!(one.starts_with("stdin:"), "{one}");
    // `<(…)`: the same /dev/fd path each time.
    let fd = std::path::Path::new("/dev/fd/0");
    assert!(document_key(Some(fd), "x").starts_with("stdin:"));
    let file = home.path().join("doc.md");
    std::fs::write(&file, "# One\n").expect("write");
    assert!(document_key(Some(&file), "# One\n").starts_with("file:"));
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "faults are injected only in debug builds (the default for cargo test)"
)]
fn a_panic_laying_out_a_large_print_ends_it_rather_than_waiting() {
    let home = home("print-fault");
    let doc = home.path().join("large.md");
    std::fs::write(
        &doc,
        "## A part\n\nSome words in a paragraph.\n\n".repeat(20_000),
    )
    .expect("write");
    let child = command(home.path())
        .env("CONNECTION_READER_TEST_FAULT", "print")
        .arg("--print")
        .arg(&doc)
        .spawn()
        .expect("spawn");
    let o = ended(child, "a print whose layout panics");
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("test fault requested in the print"),
        "{}",
        stderr(&o)
    );
}

/// A pipe whose reading end is already closed: any write to it fails at once.
#[cfg(unix)]
fn closed_pipe() -> Stdio {
    use std::os::fd::FromRawFd;
    let mut fds = [0i32; 2];
    // SAFETY: `pipe` fills the two descriptors; the reading one is closed at once and the
    // writing one handed over, owned, to the child's standard output.
    unsafe {
        assert_eq!(libc::pipe(fds.as_mut_ptr()), 0);
        libc::close(fds[0]);
        Stdio::from(std::fs::File::from_raw_fd(fds[1]))
    }
}

#[test]
#[cfg(unix)]
fn every_writer_stops_quietly_on_a_closed_pipe() {
    let home = home("closed");
    let doc = home.path().join("doc.md");
    std::fs::write(&doc, "# Doc\n\nWords.\n\n## More\n\nWords.\n").expect("write");
    let doc = doc.to_str().expect("path");
    for args in [
        vec!["--completions", "zsh"],
        vec!["--man"],
        vec!["--print-config"],
        vec!["--toc", doc],
        vec!["--print", doc],
    ] {
        let child = command(home.path())
            .args(&args)
            .stdout(closed_pipe())
            .spawn()
            .expect("spawn");
        let o = ended(child, "a closed pipe");
        assert!(
            o.status.success(),
            "{args:?}: {:?} {}",
            o.status,
            stderr(&o)
        );
        assert_eq!(stderr(&o), "", "{args:?}");
    }
}

mod common;

#[test]
fn pasting_a_page_into_the_search_prompt_stops_at_the_longest_query() {
    use connection_reader::overlay::{Mode, Prompt};
    let mut app = common::essay(80, 24);
    // Twenty thousand characters, as a terminal delivers a paste: a key each.
    let pasted = "connection and words ".repeat(1000);
    common::typed(&mut app, &format!("/{pasted}"));
    let Mode::Search { prompt } = app.mode() else {
        panic!("still typing the search");
    };
    assert_eq!(prompt.text.len(), Prompt::LONGEST);
    assert!(pasted.starts_with(&prompt.text));
    assert_eq!(
        app.note(),
        Some("A search holds at most 1024 bytes of text")
    );
}

#[test]
fn no_output_carries_a_control_of_text_direction() {
    use connection_reader::text::is_bidi_control;
    let home = home("bidi");
    let name = "notes\u{202e}dm.txt\u{202c}.md";
    let doc = home.path().join(name);
    std::fs::write(
        &doc,
        "# Title \u{202e}desrever\u{202c}\n\nText \u{2066}isolated\u{2069} and \u{202d}over.\n\n## Two \u{2067}x\n\nMore.\n",
    )
    .expect("write");
    let missing = home.path().join("gone\u{202e}.md");
    let runs = [
        vec!["--print".into(), doc.clone().into_os_string()],
        vec!["--toc".into(), doc.clone().into_os_string()],
        vec!["--print".into(), missing.into_os_string()],
    ];
    for args in runs {
        let o = ended(
            command(home.path()).args(&args).spawn().expect("spawn"),
            "bidi",
        );
        let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
        assert!(!all.is_empty());
        assert!(!all.chars().any(is_bidi_control), "{args:?}: {all:?}");
    }
    // The library's rows: the file's name and title.
    let library = connection_reader::library::Library::of_folder(home.path());
    let entry = &library.entries[0];
    assert!(!entry.name.chars().any(is_bidi_control), "{:?}", entry.name);
    let info = connection_reader::library::read_info(&doc);
    assert!(!info.title.chars().any(is_bidi_control), "{:?}", info.title);
}

#[test]
fn a_number_typed_in_the_links_list_is_used_up_by_open_and_copy() {
    use connection_reader::app::App;
    use connection_reader::document::Document;
    use ratatui::crossterm::event::KeyCode;
    let text: String = (1..=15)
        .map(|i| format!("Link [number {i}](https://example.org/{i}) here.\n\n"))
        .collect();
    let mut app = App::new(Document::parse(&text, "links.md"), 72, 80, 24, 0);
    common::key(&mut app, KeyCode::Char('L'));
    common::typed(&mut app, "1o");
    assert_eq!(app.take_open().as_deref(), Some("https://example.org/1"));
    common::typed(&mut app, "3o");
    assert_eq!(app.take_open().as_deref(), Some("https://example.org/3"));
    common::typed(&mut app, "1y2o");
    assert_eq!(app.take_copy().as_deref(), Some("https://example.org/1"));
    assert_eq!(app.take_open().as_deref(), Some("https://example.org/2"));
}

#[test]
fn the_links_list_numbers_a_repeated_address_as_the_text_does() {
    use connection_reader::app::App;
    use connection_reader::document::Document;
    use ratatui::crossterm::event::KeyCode;
    // The text shows `a¹ b² again¹ c³`: the list's third row is c.
    let text = "[a](https://a.example) [b](https://b.example) [again](https://a.example) \
                [c](https://c.example), a note[^n] and <https://bare.example>.\n\n[^n]: Note.\n";
    let mut app = App::new(Document::parse(text, "links.md"), 72, 80, 24, 0);
    common::key(&mut app, KeyCode::Char('L'));
    common::typed(&mut app, "3o");
    assert_eq!(app.take_open().as_deref(), Some("https://c.example"));
    let rows: Vec<String> = app.links().iter().map(|l| l.text.clone()).collect();
    assert_eq!(rows, ["a", "b", "c", "[n]", "https://bare.example"]);
}
