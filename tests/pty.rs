//! End to end in a real pseudo-terminal driven from the test: open the reader, press keys,
//! read the screen with a terminal emulator, quit, and check the terminal was given back.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_connection-reader");

/// What the program asked of the terminal beyond drawing: titles, clipboard writes, bells.
#[derive(Default)]
struct Recorder {
    titles: Vec<String>,
    clipboard: Vec<String>,
    bells: usize,
}

impl vt100::Callbacks for Recorder {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles
            .push(String::from_utf8_lossy(title).into_owned());
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8], data: &[u8]) {
        self.clipboard
            .push(String::from_utf8_lossy(data).into_owned());
    }
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }
}

/// A folder of the test's own (`cr-pty-<name>-…` in the temporary folder), removed with
/// everything in it when the guard is dropped.
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("cr-pty-{name}-"))
        .tempdir()
        .expect("a temporary folder")
}

fn emulator(rows: u16, cols: u16) -> vt100::Parser<Recorder> {
    vt100::Parser::new_with_callbacks(rows, cols, 0, Recorder::default())
}

/// A shell in a pty running one command line, with the screen it draws.
struct Session {
    parser: vt100::Parser<Recorder>,
    output: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    /// The state folder made for this session, removed with it.
    _state: Option<tempfile::TempDir>,
    /// Everything the program wrote, as written.
    raw: Vec<u8>,
}

impl Drop for Session {
    /// Ends what still runs in the pty before the state folder is removed, so a reader saving
    /// its place as it ends cannot make the folder again.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait()
            && let Some(pid) = self.child.process_id()
            && let Ok(group) = i32::try_from(pid)
        {
            // The shell leads the pty's process group, and the reader is in it. (Still
            // running, so the number is still the shell's.)
            // SAFETY: kill(2) with a process group number and a signal has no memory effects.
            unsafe {
                libc::kill(-group, libc::SIGTERM);
            }
            let _ = self.child.wait();
        }
        // The pty closes once the last program in it has ended.
        let deadline = Instant::now() + Duration::from_secs(5);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.output.recv_timeout(left) {
                Ok(_) => {}
                Err(_) => break,
            }
        }
    }
}

impl Session {
    /// Starts `script` with its own empty state directory.
    fn start(script: &str, cols: u16, rows: u16) -> Session {
        let state = scratch("state");
        let mut session = Session::start_with_state(script, cols, rows, state.path());
        session._state = Some(state);
        session
    }

    /// Starts `script` keeping remembered places in `state`.
    fn start_with_state(script: &str, cols: u16, rows: u16, state: &std::path::Path) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new("sh");
        cmd.args(["-c", script]);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env("XDG_STATE_HOME", state);
        // No preferences file.
        cmd.env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("cr-pty-no-config"),
        );
        cmd.env_remove("CONNECTION_READER_CONFIG");
        let child = pty.slave.spawn_command(cmd).expect("spawn in the pty");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Session {
            parser: emulator(rows, cols),
            output,
            writer,
            child,
            _master: pty.master,
            _state: None,
            raw: Vec::new(),
        }
    }

    /// The screen, one line a row.
    fn screen(&self) -> String {
        rows(self.parser.screen()).join("\n")
    }

    /// Feeds output to the emulator until `done` holds for the screen, or panics after 10 s.
    fn wait_for(&mut self, what: &str, done: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !done(self.parser.screen()) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "timed out waiting for {what}; screen:\n{}",
                self.screen()
            );
            if let Ok(bytes) = self
                .output
                .recv_timeout(left.min(Duration::from_millis(100)))
            {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
            }
        }
    }

    /// Takes output until none has come for a while: the screen is drawn and idle.
    fn settle(&mut self) {
        while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(300)) {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
        }
    }

    fn wait_text(&mut self, text: &str) {
        let t = text.to_string();
        self.wait_for(text, move |s| rows(s).iter().any(|r| r.contains(&t)));
    }

    fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    /// Resizes the terminal; the reader redraws the whole screen, so a fresh emulator of
    /// the new size sees all of it.
    fn resize(&mut self, cols: u16, rows: u16) {
        self.settle();
        self._master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
        self.parser = emulator(rows, cols);
    }
}

/// Each row of the screen as text.
fn rows(screen: &vt100::Screen) -> Vec<String> {
    let (_, cols) = screen.size();
    screen.rows(0, cols).collect()
}

const RIGHT: &str = "\x1b[C";
const DOWN: &str = "\x1b[B";

#[test]
fn read_jump_scroll_quit_and_the_terminal_is_back() {
    let script = format!(
        "'{BIN}'; echo \"exit=$?\"; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(echo|icanon)$' | tr '\\n' ' '; echo END"
    );
    let mut s = Session::start(&script, 80, 24);
    s.wait_text("If you don’t get the world to believe you care");
    assert!(
        s.parser.screen().alternate_screen(),
        "reads on the alternate screen"
    );
    assert!(
        s.parser.screen().hide_cursor(),
        "cursor hidden while reading"
    );

    s.press(RIGHT);
    s.wait_text("Knowing your audience.");
    assert!(s.screen().contains("1 Audience"));

    s.press("3");
    s.wait_text("Knowing what you want them to come away with.");
    assert!(!s.screen().contains("Knowing your audience."));

    // Outcome fits on one page, so ↓ carries on into the next section.
    s.press(DOWN);
    s.wait_text("Most importantly, you have to be real.");

    s.press("q");
    s.wait_text("exit=0");
    s.wait_text("END");
    let screen = s.parser.screen();
    assert!(!screen.alternate_screen(), "back on the main screen");
    assert!(!screen.hide_cursor(), "cursor shown again");
    let text = s.screen();
    let flags: Vec<&str> = text
        .split_whitespace()
        .skip_while(|w| !w.starts_with("exit="))
        .collect();
    assert!(flags.contains(&"echo"), "echo back on:\n{text}");
    assert!(flags.contains(&"icanon"), "line editing back on:\n{text}");
    assert!(flags.contains(&"END"), "{text}");
    let status = s.child.wait().expect("shell exits");
    assert!(status.success());
}

#[test]
fn keys_come_from_the_terminal_when_the_document_is_piped_in() {
    // With `-`, and with no file at all: a pipe on standard input is the document.
    for dash in [" -", ""] {
        let script = format!(
            "printf '# Piped\\n\\nfrom stdin\\n\\n## Two\\n\\nsecond page\\n' | '{BIN}'{dash}; echo \"exit=$?\""
        );
        let mut s = Session::start(&script, 60, 20);
        s.wait_text("from stdin");
        s.press(RIGHT);
        s.wait_text("second page");
        s.press("q");
        s.wait_text("exit=0");
        assert!(!s.parser.screen().alternate_screen());
    }
}

#[test]
fn resize_rewraps_and_keeps_the_place() {
    let script = format!("'{BIN}' --section 4; echo \"exit=$?\"");
    let mut s = Session::start(&script, 60, 14);
    s.wait_text("Most importantly, you have to be real.");
    // Scroll the heading, the rule under it and the blank line after them off the top.
    s.press(DOWN);
    s.press(DOWN);
    s.press(DOWN);
    s.wait_for("the paragraph at the top", |scr| {
        rows(scr)[2].starts_with(" Most importantly, you have to be real.")
    });
    s.resize(40, 12);
    s.wait_for("the same text at the top, wrapped at 40 columns", |scr| {
        let rows = rows(scr);
        rows[2].starts_with(" Most importantly, you have to be")
            && rows[3].starts_with(" real. Passion, knowledge: all of")
            && rows[11].starts_with(" 4 Being real")
    });
    s.press("q");
    s.wait_text("exit=0");
}

#[test]
fn sigterm_and_sighup_give_the_terminal_back() {
    for (signal, code) in [("TERM", 143), ("HUP", 129), ("INT", 130)] {
        let pid_kept = scratch(&format!("pid-{signal}"));
        let pidfile = pid_kept.path().join("pid");
        let _ = std::fs::remove_file(&pidfile);
        let script = format!(
            "'{BIN}' & echo $! > '{}'; wait $!; echo \"exit=$?\"; \
             stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(echo|icanon)$' | tr '\\n' ' '; echo END",
            pidfile.display()
        );
        let state_kept = scratch(&format!("sig-{signal}"));
        let state = state_kept.path().to_path_buf();
        let _ = std::fs::remove_dir_all(&state);
        let mut s = Session::start_with_state(&script, 80, 24, &state);
        s.wait_text("If you don’t get the world to believe you care");
        // Move, so there is a place worth saving.
        s.press("3");
        s.wait_text("Knowing what you want them to come away with.");
        let pid = std::fs::read_to_string(&pidfile).expect("the reader's pid");
        let killed = std::process::Command::new("kill")
            .args([&format!("-{signal}"), pid.trim()])
            .status()
            .expect("run kill");
        assert!(killed.success());
        s.wait_text("END");
        let text = s.screen();
        assert!(
            text.contains(&format!("exit={code}")),
            "SIG{signal}:\n{text}"
        );
        let screen = s.parser.screen();
        assert!(!screen.alternate_screen(), "SIG{signal}: main screen back");
        assert!(!screen.hide_cursor(), "SIG{signal}: cursor shown");
        let flags: Vec<&str> = text.split_whitespace().collect();
        assert!(
            flags.contains(&"echo") && flags.contains(&"icanon"),
            "SIG{signal}:\n{text}"
        );
        // The process is gone, not spinning on a dead terminal.
        let alive = std::path::Path::new(&format!("/proc/{}", pid.trim())).exists();
        assert!(!alive, "SIG{signal}: the reader exited");
        // The place was saved on the way out.
        let saved: Vec<_> = std::fs::read_dir(state.join("connection-reader"))
            .map(|d| d.filter_map(Result::ok).collect())
            .unwrap_or_default();
        assert_eq!(saved.len(), 1, "SIG{signal}: one saved place");
        let text = std::fs::read_to_string(saved[0].path()).expect("saved place");
        assert!(text.contains("\nplace 3 "), "SIG{signal}: {text}");
        let _ = std::fs::remove_file(&pidfile);
        let _ = std::fs::remove_dir_all(&state);
    }
}

#[test]
fn a_signal_while_a_piped_document_is_still_coming_ends_the_reader() {
    // The document comes down a pipe that stays open: the reader reads a pipe whole before it
    // draws anything, so it is still waiting when the signal comes.
    let dir = scratch("sig-wait");
    let head = dir.path().join("head.md");
    let mut text = String::from("# Piped\n\n");
    text.push_str(&"A paragraph of the opening, long enough to fill some lines.\n\n".repeat(500));
    std::fs::write(&head, &text).expect("write");
    let fifo = dir.path().join("fifo");
    let script = format!(
        "mkfifo '{fifo}'; '{BIN}' < '{fifo}' & R=$!; exec 3>'{fifo}'; \
         cat '{head}' >&3; sleep 0.3; kill -TERM $R; wait $R; echo \"exit=$?\"; exec 3>&-; \
         stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(echo|icanon)$' | tr '\\n' ' '; echo END",
        fifo = fifo.display(),
        head = head.display(),
    );
    let mut s = Session::start(&script, 80, 24);
    // The script closes the pipe only after the reader has exited.
    s.wait_text("END");
    let text = s.screen();
    assert!(text.contains("exit=143"), "{text}");
    let flags: Vec<&str> = text.split_whitespace().collect();
    assert!(
        flags.contains(&"echo") && flags.contains(&"icanon"),
        "{text}"
    );
    assert!(!s.parser.screen().alternate_screen(), "main screen back");
}

#[test]
fn search_jump_quit_reopen_and_land_where_you_left() {
    let state_kept = scratch("resume");
    let state = state_kept.path().to_path_buf();
    let _ = std::fs::remove_dir_all(&state);
    let script = format!("'{BIN}'; echo \"exit=$?\"");
    let mut s = Session::start_with_state(&script, 80, 24, &state);
    s.wait_text("If you don’t get the world to believe you care");
    s.press("/coworkers");
    s.wait_text("1 match");
    s.press("\r");
    s.wait_text("match 1 of 1");
    assert!(s.screen().contains("4 Being real"));
    s.press("q");
    s.wait_text("exit=0");

    let mut again = Session::start_with_state(&script, 80, 24, &state);
    again.wait_text("Resumed in Being real");
    assert!(again.screen().contains("my coworkers."));
    again.press("q");
    again.wait_text("exit=0");

    // --from-start ignores the remembered place.
    let script = format!("'{BIN}' --from-start; echo \"exit=$?\"");
    let mut fresh = Session::start_with_state(&script, 80, 24, &state);
    fresh.wait_text("If you don’t get the world to believe you care");
    assert!(!fresh.screen().contains("Resumed"));
    fresh.press("q");
    fresh.wait_text("exit=0");

    // A damaged record is a note, not a failure, and the next quit repairs it.
    let dir = state.join("connection-reader");
    for entry in std::fs::read_dir(&dir).expect("state dir") {
        std::fs::write(entry.expect("entry").path(), "garbage").expect("damage it");
    }
    let script = format!("'{BIN}'; echo \"exit=$?\"");
    let mut damaged = Session::start_with_state(&script, 80, 24, &state);
    damaged.wait_text("Saved place not read");
    damaged.press("3q");
    damaged.wait_text("exit=0");
    let mut repaired = Session::start_with_state(&script, 80, 24, &state);
    repaired.wait_text("Resumed in Outcome");
    repaired.press("q");
    repaired.wait_text("exit=0");
    let _ = std::fs::remove_dir_all(&state);
}

/// A document that tries every way of steering a terminal.
const HOSTILE: &str = "# Title \x1b]0;PWNED-TITLE\x07 here\n\n\
Clear \x1b[2J\x1b[H screen, colour \x1b[31mred\x1b[0m, bell \x07, DEL \x7f, \
C1 \u{9b}31m and \u{9d}0;x\u{9c}, entity &#27;[32mgreen, clipboard \x1b]52;c;cHduZWQ=\x07, \
tab\there, cr\rhere.\n\n\
```\ncode \x1b[5mblink\x1b[0m\n```\n";

#[test]
fn a_hostile_document_cannot_steer_the_terminal() {
    let dir_kept = scratch("hostile");
    let dir = dir_kept.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("hostile.md");
    std::fs::write(&file, HOSTILE).expect("write");
    let script = format!(
        "printf '\\033]0;ORIGINAL\\007'; echo BEFORE; '{BIN}' '{}'; echo \"exit=$?\"; echo AFTER",
        file.display()
    );
    let mut s = Session::start(&script, 100, 24);
    s.wait_text("Clear");
    let screen = s.screen();
    assert_eq!(
        s.parser.callbacks().titles,
        vec!["ORIGINAL"],
        "title unchanged"
    );
    assert!(screen.contains("Clear ␛[2J␛[H screen"), "{screen}");
    assert!(screen.contains("␛]0;PWNED-TITLE␇"), "{screen}");
    assert!(
        screen.contains("␛[32mgreen"),
        "entities are shown, not obeyed:\n{screen}"
    );
    // Nothing in the page is coloured red by the document.
    let page = s.parser.screen();
    let (rows, cols) = page.size();
    for y in 0..rows {
        for x in 0..cols {
            if let Some(cell) = page.cell(y, x)
                && cell.contents() == "r"
            {
                assert_ne!(
                    cell.fgcolor(),
                    vt100::Color::Idx(1),
                    "red leaked at {y},{x}"
                );
            }
        }
    }
    s.press("q");
    s.wait_text("AFTER");
    let screen = s.parser.screen();
    let asked = s.parser.callbacks();
    assert_eq!(asked.titles, vec!["ORIGINAL"], "title unchanged");
    assert!(asked.clipboard.is_empty(), "clipboard untouched");
    assert_eq!(asked.bells, 0, "no bell rang");
    assert!(!screen.alternate_screen());
    let text = s.screen();
    assert!(
        text.contains("BEFORE"),
        "the main screen was not cleared:\n{text}"
    );
    // What the shell prints after the reader has default colours.
    let after_row = rows_of(&s)
        .iter()
        .position(|r| r.starts_with("AFTER"))
        .expect("AFTER");
    let cell = s.parser.screen().cell(after_row as u16, 0).expect("a cell");
    assert_eq!(cell.fgcolor(), vt100::Color::Default);
    assert!(!cell.bold() && !cell.inverse());

    // Printed, the same document holds no escape byte at all.
    let out = std::process::Command::new(BIN)
        .args(["--print", file.to_str().expect("utf-8 path")])
        .output()
        .expect("print");
    assert!(out.status.success());
    assert!(!out.stdout.contains(&0x1b), "no ESC in print");
    assert!(
        !out.stdout.iter().any(|b| *b < 0x20 && *b != b'\n'),
        "no controls in print"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn rows_of(s: &Session) -> Vec<String> {
    rows(s.parser.screen())
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "faults are injected only in debug builds (the default for cargo test)"
)]
fn a_panic_gives_the_terminal_back_and_its_message_is_readable() {
    let script = format!(
        "RUST_BACKTRACE=0 CONNECTION_READER_TEST_PANIC_KEY=! '{BIN}'; echo \"exit=$?\"; \
         stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(echo|icanon)$' | tr '\\n' ' '; echo END"
    );
    let mut s = Session::start(&script, 100, 30);
    s.wait_text("If you don’t get the world to believe you care");
    s.press("!");
    s.wait_text("END");
    let screen = s.parser.screen();
    assert!(!screen.alternate_screen());
    assert!(!screen.hide_cursor());
    let text = s.screen();
    assert!(text.contains("test panic requested"), "{text}");
    assert!(text.contains("exit=101"), "{text}");
    let flags: Vec<&str> = text.split_whitespace().collect();
    assert!(
        flags.contains(&"echo") && flags.contains(&"icanon"),
        "{text}"
    );
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_brings_it_back() {
    let mut s = Session::start("exec bash --norc --noprofile -i", 80, 24);
    s.press("PS1='$ '\r");
    s.press(&format!("'{BIN}' --section 2\r"));
    s.wait_text("Feeling the passion.");
    s.press("\x1a");
    s.wait_text("Stopped");
    assert!(
        !s.parser.screen().alternate_screen(),
        "the shell's screen is back"
    );
    // The quotes keep the typed command itself from matching.
    s.press(
        "stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(echo|icanon)$' | tr '\\n' ' '; echo FL''AGS\r",
    );
    s.wait_for("the flags", |scr| {
        rows(scr)
            .iter()
            .any(|r| r.ends_with("FLAGS") || r.contains("FLAGS "))
    });
    let text = s.screen();
    let flags: Vec<&str> = text.split_whitespace().collect();
    assert!(
        flags.contains(&"echo") && flags.contains(&"icanon"),
        "{text}"
    );
    s.press("fg\r");
    s.wait_for("the reader redrawn", |scr| {
        scr.alternate_screen() && rows(scr).iter().any(|r| r.contains("Feeling the passion."))
    });
    s.press("q");
    s.wait_for("the shell again", |scr| !scr.alternate_screen());
    s.press("exit\r");
}

#[test]
fn a_deleted_file_does_not_disturb_the_open_reader() {
    let dir_kept = scratch("deleted");
    let dir = dir_kept.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("notes.md");
    std::fs::write(&file, "# Notes\n\nfirst page\n\n## Second\n\nsecond page\n").expect("write");
    let script = format!("'{BIN}' '{}'; echo \"exit=$?\"", file.display());
    let mut s = Session::start(&script, 60, 16);
    s.wait_text("first page");
    std::fs::remove_file(&file).expect("delete while open");
    s.press(RIGHT);
    s.wait_text("second page");
    s.press("/first\r");
    s.wait_text("match 1 of 1");
    s.press("q");
    s.wait_text("exit=0");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_place_that_cannot_be_saved_is_reported_after_quitting() {
    let dir_kept = scratch("nosave");
    let dir = dir_kept.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("dir");
    // A file stands where the state directory should be.
    let blocker = dir.join("state");
    std::fs::write(blocker.clone(), "").expect("write");
    std::fs::create_dir_all(dir.join("unused")).expect("dir");
    let script = format!("'{BIN}'; echo \"exit=$?\"");
    let mut s = Session::start_with_state(&script, 100, 24, &blocker.join("inner"));
    s.wait_text("If you don’t get the world to believe you care");
    s.press("q");
    s.wait_text("exit=0");
    assert!(
        s.screen().contains("could not remember your place"),
        "{}",
        s.screen()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_burst_of_keys_and_resizes_ends_in_the_right_layout() {
    let script = format!("'{BIN}'; echo \"exit=$?\"");
    let mut s = Session::start(&script, 80, 24);
    s.wait_text("If you don’t get the world to believe you care");
    let mut keys = String::new();
    for _ in 0..300 {
        keys.push_str(DOWN);
    }
    s.press(&keys);
    for i in 0..100u16 {
        s._master
            .resize(PtySize {
                rows: 10 + i % 20,
                cols: 30 + i % 70,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
    }
    // Each resize redraws from a cleared screen, so an emulator of the last size that reads
    // everything still to come ends with exactly the last frame.
    s.parser = emulator(29, 59);
    s.settle();
    let rows = rows_of(&s);
    assert!(rows[28].contains("The end"), "{}", s.screen());
    assert!(rows[3].starts_with(" Being real"), "{}", s.screen());
    assert!(rows.iter().any(|r| r.trim() == "∎ End"), "{}", s.screen());
    assert!(rows.iter().all(|r| r.chars().count() <= 59));
    s.press("q");
    s.wait_text("exit=0");
}

#[test]
fn a_large_document_opens_on_its_beginning_and_loads_the_rest() {
    let dir_kept = scratch("large");
    let dir = dir_kept.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("large.md");
    let mut text = String::from("# Large\n\nThe very first paragraph.\n\n");
    // An opening longer than a screen.
    text.push_str(&"An opening paragraph.\n\n".repeat(30));
    for i in 0..1500 {
        text.push_str(&format!(
            "## Part {i}\n\n{}\n\n",
            "Words of a long book. ".repeat(100)
        ));
    }
    text.push_str("## The last part\n\nThe very last paragraph.\n");
    std::fs::write(&file, &text).expect("write");
    assert!(text.len() > 3_000_000);
    let state = dir.join("state");
    let script = format!("'{BIN}' '{}'; echo \"exit=$?\"", file.display());
    let mut s = Session::start_with_state(&script, 80, 24, &state);
    s.wait_text("The very first paragraph.");
    s.press(">");
    s.wait_text("∎ End");
    assert!(s.screen().contains("The very last paragraph."));
    assert!(s.screen().contains("1501 The last part"), "{}", s.screen());
    s.press("q");
    s.wait_text("exit=0");
    let mut again = Session::start_with_state(&script, 80, 24, &state);
    again.wait_text("Resumed in The last part");
    assert!(again.screen().contains("The very last paragraph."));
    // Back near the start, a little way in: a place inside the beginning parsed first.
    again.press("<");
    again.press(DOWN);
    again.press(DOWN);
    again.press(DOWN);
    again.wait_for("the title scrolled off", |scr| {
        rows(scr)[3].starts_with("    The very first paragraph.")
    });
    again.press("q");
    again.wait_text("exit=0");
    let mut near = Session::start_with_state(&script, 80, 24, &state);
    near.wait_text("Resumed in Opening");
    assert!(
        rows_of(&near)[3].starts_with("    The very first paragraph."),
        "{}",
        near.screen()
    );
    near.press("q");
    near.wait_text("exit=0");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A large markdown file in its own folder (removed when the folder's guard is dropped).
fn large_file(tag: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = scratch(tag);
    let file = dir.path().join("large.md");
    let mut text = String::from("# Large\n\nThe very first paragraph.\n\n");
    for i in 0..1500 {
        text.push_str(&format!(
            "## Part {i}\n\n{}\n\n",
            "Words of a long book. ".repeat(100)
        ));
    }
    std::fs::write(&file, &text).expect("write");
    (dir, file)
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "faults are injected only in debug builds (the default for cargo test)"
)]
fn a_worker_that_panics_leaves_the_reader_working_and_the_screen_clean() {
    for (fault, keys, note) in [
        (
            "loader",
            "",
            "loading failed: test fault requested in the loader",
        ),
        (
            "search",
            "/Words\r",
            "search failed: test fault requested in the search",
        ),
    ] {
        let (dir, file) = large_file(fault);
        let script = format!(
            "CONNECTION_READER_TEST_FAULT={fault} '{BIN}' '{}'; echo \"exit=$?\"; \
             stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(echo|icanon)$' | tr '\\n' ' '; echo END",
            file.display()
        );
        let mut s = Session::start(&script, 120, 24);
        s.wait_text("The very first paragraph.");
        s.press(keys);
        s.wait_text(note);
        let screen = s.screen();
        assert!(!screen.contains("panicked"), "{fault}: {screen}");
        assert!(s.parser.screen().alternate_screen(), "still reading");
        // The reader goes on with what it has.
        s.press("j");
        s.wait_for("the page moved", |scr| {
            !rows(scr)[3].contains("The very first paragraph.")
        });
        s.press("q");
        s.wait_text("END");
        let screen = s.parser.screen();
        assert!(!screen.alternate_screen());
        assert!(!screen.hide_cursor());
        let text = s.screen();
        assert!(text.contains("exit=0"), "{fault}: {text}");
        assert!(!text.contains("panicked"), "{fault}: {text}");
        let flags: Vec<&str> = text.split_whitespace().collect();
        assert!(
            flags.contains(&"echo") && flags.contains(&"icanon"),
            "{text}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Whether every cell of `row` is drawn reversed.
fn row_reversed(screen: &vt100::Screen, row: u16, cols: u16) -> bool {
    (0..cols).all(|c| screen.cell(row, c).is_some_and(|cell| cell.inverse()))
}

#[test]
fn without_colour_every_frame_is_drawn_whole_and_right() {
    // NO_COLOR and --color never: the status line and the current tab stay reversed through
    // partial redraws; --color always wins over NO_COLOR.
    for (env, flag) in [
        ("NO_COLOR=1 ", ""),
        ("", " --color never"),
        ("NO_COLOR=1 ", " --color always"),
    ] {
        let script = format!("{env}'{BIN}' --from-start{flag}; echo \"exit=$?\"");
        let mut s = Session::start(&script, 80, 24);
        s.wait_text("If you don’t get the world to believe you care");
        s.settle();
        for key in ["j", "j", "k", "l", "j"] {
            s.press(key);
            s.settle();
            let screen = s.parser.screen();
            assert!(
                row_reversed(screen, 23, 80),
                "{env}{flag}: the status line after {key}:\n{}",
                s.screen()
            );
        }
        // The current tab (named at the start of the status line) is reversed and bold, the
        // others are not.
        let screen = s.parser.screen();
        let all = rows(screen);
        let current: String = all[23].trim_start().chars().take(3).collect();
        let tabs = all[1].clone();
        let at = tabs.find(&current).expect("the current tab") as u16;
        let cell = screen.cell(1, at + 2).expect("cell");
        assert!(
            cell.inverse() && cell.bold(),
            "{env}{flag}: the current tab {:?} inverse {} bold {}",
            cell.contents(),
            cell.inverse(),
            cell.bold()
        );
        let other = tabs.find("0 Opening").expect("tab") as u16;
        assert!(screen.cell(1, other + 2).is_some_and(|c| !c.inverse()));
        let coloured = (0..24).any(|r| {
            (0..80).any(|c| {
                screen
                    .cell(r, c)
                    .is_some_and(|cell| cell.fgcolor() != vt100::Color::Default)
            })
        });
        assert_eq!(coloured, flag.contains("always"), "{env}{flag}: colour");
        // A search match is highlighted whole, every letter of it.
        s.press("<");
        s.press("/you\r");
        s.wait_text("match 1 of");
        s.settle();
        let screen = s.parser.screen();
        let mut highlighted = 0;
        for (r, row) in rows(screen).iter().enumerate().take(23).skip(3) {
            for (i, _) in row.match_indices("you") {
                let col = row[..i].chars().count() as u16;
                let cells: Vec<bool> = (0..3)
                    .map(|k| screen.cell(r as u16, col + k).is_some_and(|c| c.inverse()))
                    .collect();
                assert!(
                    cells.iter().all(|x| *x) || cells.iter().all(|x| !x),
                    "{env}{flag}: {row}"
                );
                highlighted += usize::from(cells[0]);
            }
        }
        assert!(highlighted > 3, "{env}{flag}: matches shown");
        s.press("q");
        s.wait_text("exit=0");
    }
}

#[test]
fn esc_and_q_peel_one_layer_at_a_time_in_the_terminal() {
    let script = format!("'{BIN}' --from-start; echo \"exit=$?\"");
    let mut s = Session::start(&script, 80, 24);
    s.wait_text("If you don’t get the world to believe you care");
    // The help's first line says how to close it and how to quit; q closes it.
    s.press("?");
    s.wait_text("Esc, q or ? closes · Ctrl-c quits");
    // At 80x24 every key shows at once: the first reading key and the last mark key.
    s.wait_text("before the last jump");
    assert!(
        rows(s.parser.screen())
            .iter()
            .any(|r| r.contains("↓ j Enter"))
    );
    assert!(!rows(s.parser.screen()).iter().any(|r| r.contains("↓ more")));
    s.press("q");
    s.wait_for("the help closed", |scr| {
        !rows(scr).iter().any(|r| r.contains("Ctrl-c quits"))
    });
    // A kept search: the first Esc takes back its highlights; the second says how to quit,
    // and q does.
    s.press("/you\r");
    s.wait_text("match 1 of");
    s.press("\x1b");
    s.wait_text("Search closed");
    assert!(s.parser.screen().alternate_screen(), "still reading");
    s.press("\x1b");
    s.wait_text("q quits");
    assert!(s.parser.screen().alternate_screen(), "Esc never quits");
    s.press("q");
    s.wait_text("exit=0");
    assert!(!s.parser.screen().alternate_screen());
}

#[test]
fn the_mouse_wheel_reads_on_into_the_next_section() {
    let script = format!("'{BIN}' --from-start --mouse; echo \"exit=$?\"");
    let mut s = Session::start(&script, 80, 24);
    s.wait_text("If you don’t get the world to believe you care");
    // SGR mouse reports: wheel down over the page, one at a time (sections of the essay fit
    // a screen, so a burst read in one batch could carry past the next one), until the next
    // section opens.
    for _ in 0..6 {
        s.press("\x1b[<65;20;10M");
        s.settle();
        if rows(s.parser.screen())[23].starts_with(" 1 Audience") {
            break;
        }
    }
    s.wait_for("the next section", |scr| {
        rows(scr)[23].starts_with(" 1 Audience")
    });
    s.press("q");
    s.wait_text("exit=0");
}

#[test]
fn sections_by_number_and_the_contents_work_before_a_large_document_has_loaded() {
    // 1500 parts. By number: 123 waits (1230 to 1239 start so), Enter goes. The contents,
    // from the outline: all of them, filtered to one, opened from its region.
    for (tag, keys, shown, status) in [
        ("number", "123", "go to section 123…", " 123 Part 122"),
        ("contents", "t/part 1499", "1 of 1501", " 1500 Part 1499"),
    ] {
        let (dir, file) = large_file(tag);
        let script = format!(
            "'{BIN}' --from-start '{}'; echo \"exit=$?\"",
            file.display()
        );
        let mut s = Session::start(&script, 80, 24);
        s.wait_text("The very first paragraph.");
        s.press(keys);
        s.wait_text(shown);
        s.press("\r");
        s.wait_for(status, |scr| rows(scr)[23].starts_with(status));
        s.press("q");
        s.wait_text("exit=0");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// About 10 MB of markdown other people wrote (the fixtures, one after another, again and
/// again) in its own folder: 2,256 sections, most of them releases.
fn real_large_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = scratch("real10");
    let mut names: Vec<std::path::PathBuf> = std::fs::read_dir("tests/fixtures/real")
        .expect("the fixtures")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    names.sort();
    let mut once = String::new();
    for name in names {
        let text = std::fs::read_to_string(&name).expect("a fixture");
        once.push_str(text.trim_end_matches('\n'));
        once.push_str("\n\n");
    }
    let text = once.repeat((10 << 20) / once.len() + 1);
    let file = dir.path().join("real.md");
    std::fs::write(&file, &text).expect("write");
    (dir, file)
}

/// The section number and title the status line names (its left part).
fn status_section(screen: &vt100::Screen) -> String {
    let rows = rows(screen);
    let status = rows.last().map_or("", |r| r.as_str());
    status
        .trim_start()
        .split("  ")
        .next()
        .unwrap_or("")
        .trim()
        .to_string()
}

#[test]
fn resuming_deep_in_a_large_real_file_names_one_section_everywhere_and_jumps_come_back_right() {
    let (dir, file) = real_large_file();
    let state = dir.path().join("state");
    let script = format!("'{BIN}' '{}'; echo \"exit=$?\"", file.display());
    // Go to section 2000 (no longer number starts so: it goes at once), and quit there:
    // the place is kept.
    let mut s = Session::start_with_state(&script, 100, 30, &state);
    s.wait_text("Real markdown fixtures");
    s.press("2000");
    s.wait_for("section 2000", |scr| {
        status_section(scr).starts_with("2000 ")
    });
    let title = status_section(s.parser.screen());
    s.press("q");
    s.wait_text("exit=0");
    // Open again: the whole is there before the place is shown, so the note, the current
    // tab and the status line name the same section, which stays so once loaded.
    let mut again = Session::start_with_state(&script, 100, 30, &state);
    let name = title.trim_start_matches("2000 ").to_string();
    again.wait_text(&format!("Resumed in {name}"));
    assert!(
        rows_of(&again)[1].contains(&title),
        "the current tab names it: {}",
        again.screen()
    );
    // Any key puts the note away: the status line names the section.
    again.press("?");
    again.press("?");
    again.wait_for("the status line", |scr| status_section(scr) == title);
    again.press("q");
    again.wait_text("exit=0");
    // From the start, numbers typed while the rest loads (sections 1500 to 1509 and 1900 to
    // 1909 are there too, so Enter goes): 150, then 190, then back to 150.
    let fresh = format!(
        "'{BIN}' --from-start '{}'; echo \"exit=$?\"",
        file.display()
    );
    let mut jumps = Session::start_with_state(&fresh, 100, 30, &state);
    jumps.wait_text("Real markdown fixtures");
    jumps.press("150\r190\r");
    jumps.wait_for("section 190", |scr| status_section(scr).starts_with("190 "));
    jumps.press("\x7f");
    jumps.wait_for("back in 150", |scr| status_section(scr).starts_with("150 "));
    jumps.press("q");
    jumps.wait_text("exit=0");
    drop(dir);
}

#[test]
fn y_in_the_links_list_copies_through_the_terminal_as_base64() {
    use base64::Engine;
    let dir_kept = scratch("links");
    let dir = dir_kept.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("dir");
    let doc = dir.join("links.md");
    // An address with bytes that must never reach the terminal raw.
    let address = "https://example.org/a?b=\u{1b}]0;owned\u{7}";
    std::fs::write(
        &doc,
        format!("## Start\n\nSee [the site](<{address}>) and [the end](#the-end).\n\n## The end\n\nlast\n"),
    )
    .expect("write");
    let script = format!("'{BIN}' --from-start '{}'; echo \"exit=$?\"", doc.display());
    let mut s = Session::start(&script, 80, 24);
    s.wait_text("See the site");
    s.press("L");
    s.wait_text("Links and notes");
    s.press("y");
    s.wait_text("Copied");
    // Enter on the second link follows it; Backspace comes back.
    s.press("L2\r");
    s.wait_for("the end shown", |scr| {
        rows(scr).iter().any(|r| r.contains("last"))
    });
    s.press("\x7f");
    s.wait_text("See the site");
    s.press("q");
    s.wait_text("exit=0");
    let asked = s.parser.callbacks();
    assert_eq!(asked.clipboard.len(), 1, "{:?}", asked.clipboard);
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(&asked.clipboard[0])
        .expect("base64");
    let copied = String::from_utf8(decoded).expect("utf-8");
    assert!(copied.starts_with("https://example.org/a?b="), "{copied:?}");
    assert_eq!(asked.titles.len(), 0, "the address never set a title");
}

#[test]
fn a_link_to_another_file_opens_it_and_backspace_comes_back_across_resizes() {
    let dir_kept = scratch("docs");
    let dir = dir_kept.path().to_path_buf();
    std::fs::create_dir_all(dir.join("docs")).expect("dir");
    let long: String = (1..=60)
        .map(|i| format!("Line {i} of the home page.\n\n"))
        .collect();
    std::fs::write(
        dir.join("README.md"),
        format!("# Home\n\n{long}See the [guide](docs/guide.md#setup).\n"),
    )
    .expect("write");
    std::fs::write(
        dir.join("docs/guide.md"),
        "# Guide\n\nIntro.\n\n## Setup\n\nSetup text here.\n\n## Use\n\nuse it\n",
    )
    .expect("write");
    let script = format!(
        "cd '{}' && '{BIN}' --from-start README.md; echo \"exit=$?\"",
        dir.display()
    );
    let mut s = Session::start(&script, 80, 24);
    s.wait_text("Line 1 of the home page.");
    // To the end of the page, where the link is, and follow it.
    s.press("G");
    s.wait_text("See the guide");
    let first_line = |scr: &vt100::Screen| {
        rows(scr)
            .into_iter()
            .find(|r| r.contains("of the home page"))
            .and_then(|r| r.trim().split("  ").next().map(str::to_string))
    };
    let top = first_line(s.parser.screen()).expect("a line on screen");
    s.press("L");
    s.wait_text("Links and notes");
    s.press("\r");
    s.wait_text("Setup text here.");
    s.resize(50, 15);
    s.wait_text("Setup text here.");
    s.press("\x7f");
    // Back at the exact place: the same line at the top, at the new width.
    s.wait_for(&format!("the home page again at {top}"), |scr| {
        first_line(scr).as_ref() == Some(&top)
    });
    s.resize(80, 24);
    s.press("\x1b[1;3C"); // Alt-→
    s.wait_text("Setup text here.");
    s.press("q");
    s.wait_text("exit=0");
}

#[test]
fn a_folder_opens_as_a_library_and_q_in_a_document_comes_back_to_the_same_row() {
    let dir_kept = scratch("library");
    let dir = dir_kept.path().to_path_buf();
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("essays")).expect("dir");
    std::fs::write(dir.join("a.md"), "# Alpha essay\n\nalpha words\n").expect("write");
    std::fs::write(dir.join("essays/b.md"), "# Beta essay\n\nbeta words\n").expect("write");
    std::fs::write(dir.join("essays/c.md"), "# Gamma essay\n\ngamma words\n").expect("write");
    let script = format!("'{BIN}' '{}'; echo \"exit=$?\"", dir.display());
    let mut s = Session::start(&script, 80, 24);
    s.wait_text("3 documents");
    s.wait_text("Gamma essay");
    // The second row, read, then q: back to the list with the same row chosen.
    s.press("\x1b[B\r");
    s.wait_text("beta words");
    s.press("q");
    s.wait_text("3 documents");
    let chosen =
        |scr: &vt100::Screen| (0..24).find(|&y| scr.cell(y, 2).is_some_and(|c| c.inverse()));
    s.wait_for("a row chosen", |scr| chosen(scr).is_some());
    let row = chosen(s.parser.screen()).expect("chosen");
    assert!(rows(s.parser.screen())[usize::from(row)].contains("Beta essay"));
    // ? shows the list's keys; any key closes them.
    s.press("?");
    s.wait_text("filter by title or path");
    s.press("?");
    s.wait_for("the keys closed", |scr| {
        !rows(scr)
            .iter()
            .any(|r| r.contains("filter by title or path"))
    });
    // / starts a filter; Enter keeps it, and reads the one left; Ctrl-c quits from the
    // document.
    s.press("/gam");
    s.wait_text("1 of 3");
    s.press("\r\r");
    s.wait_text("gamma words");
    s.press("\x03");
    s.wait_text("exit=0");
    assert!(!s.parser.screen().alternate_screen());
}

#[test]
fn in_a_library_q_quits_esc_does_not_and_rows_come_back_up_to_date() {
    let dir_kept = scratch("library-q");
    let dir = dir_kept.path().to_path_buf();
    std::fs::write(
        dir.join("a.md"),
        "# Alpha essay\n\nalpha words and a [link](b.md)\n",
    )
    .expect("write");
    let long: String = (1..=60).map(|i| format!("Beta line {i}.\n\n")).collect();
    std::fs::write(dir.join("b.md"), format!("# Beta essay\n\n{long}")).expect("write");
    let script = format!("'{BIN}' '{}'; echo \"exit=$?\"", dir.display());
    let mut s = Session::start(&script, 80, 24);
    s.wait_text("Beta essay");
    // q is a key, not a letter of the filter; Esc says how to quit and stays.
    s.press("\x1b");
    s.wait_text("q quits");
    // (Esc and a key right after it read as Alt and that key, as in every terminal program.)
    s.settle();
    // Alpha, then its link to Beta, read to its end; back to the list.
    s.press("\r");
    s.wait_text("alpha words");
    s.press("L\r");
    s.wait_text("Beta line 1.");
    s.press("G");
    s.wait_text("Beta line 60.");
    s.press("q");
    s.wait_text("2 documents");
    // The linked document's row is up to date: read just now.
    s.wait_for("Beta read just now", |scr| {
        rows(scr)
            .iter()
            .any(|r| r.contains("Beta essay") && r.contains("just now"))
    });
    s.press("q");
    s.wait_text("exit=0");
}

#[test]
fn recent_lists_what_was_read_and_a_file_that_is_gone_as_gone() {
    let dir_kept = scratch("recent");
    let dir = dir_kept.path().to_path_buf();
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let state = dir.join("state");
    let (kept, gone) = (dir.join("kept.md"), dir.join("gone.md"));
    std::fs::write(&kept, "# Kept essay\n\nstill here\n").expect("write");
    std::fs::write(&gone, "# Gone essay\n\nsoon deleted\n").expect("write");
    for (file, text) in [(&gone, "soon deleted"), (&kept, "still here")] {
        let script = format!("'{BIN}' '{}'; echo \"exit=$?\"", file.display());
        let mut s = Session::start_with_state(&script, 80, 24, &state);
        s.wait_text(text);
        s.press("q");
        s.wait_text("exit=0");
    }
    std::fs::remove_file(&gone).expect("delete");
    let script = format!("'{BIN}' --recent; echo \"exit=$?\"");
    let mut s = Session::start_with_state(&script, 80, 24, &state);
    s.wait_text("Recent reading");
    s.wait_text("gone");
    let shown = rows(s.parser.screen());
    let kept_row = shown
        .iter()
        .position(|r| r.contains("Kept essay"))
        .expect("kept");
    let gone_row = shown
        .iter()
        .position(|r| r.contains("Gone essay"))
        .expect("gone");
    assert!(
        kept_row < gone_row,
        "most recent first:\n{}",
        shown.join("\n")
    );
    assert!(shown[gone_row].contains("gone"));
    s.press("\r");
    s.wait_text("still here");
    s.press("\x03");
    s.wait_text("exit=0");
}

#[test]
fn j_justifies_the_page_at_every_size_and_the_next_reading_keeps_it() {
    let state_kept = scratch("justify");
    let state = state_kept.path().to_path_buf();
    let _ = std::fs::remove_dir_all(&state);
    let script = format!("'{BIN}' --section 1; echo \"exit=$?\"");
    let mut s = Session::start_with_state(&script, 80, 24, &state);
    s.wait_text("Knowing your audience.");
    s.press("J");
    s.wait_text("Justified");
    // Every line of the paragraph on screen but its last (which ends "relevant to them.")
    // runs to the right edge of the text column (`cols` wide, from `left`; the scrollbar is
    // past it).
    let full = |scr: &vt100::Screen, left: usize, cols: usize| {
        let rows = rows(scr);
        let Some(start) = rows.iter().position(|r| r.contains("Knowing your")) else {
            return false;
        };
        let text = |r: &String| -> String { r.chars().skip(left).take(cols).collect() };
        let body: Vec<String> = rows[start..rows.len() - 1]
            .iter()
            .map(text)
            .take_while(|t| !t.trim().is_empty() && !t.contains("relevant to them."))
            .collect();
        let widths: Vec<usize> = body.iter().map(|t| t.trim_end().chars().count()).collect();
        widths.len() > 2 && widths.iter().all(|w| *w == cols)
    };
    s.wait_for("justified lines at 80x24", |scr| full(scr, 4, 72));
    s.resize(40, 12);
    s.wait_for("justified lines at 40x12", |scr| full(scr, 1, 37));
    s.resize(80, 24);
    s.press("P");
    s.wait_text("Book paragraphs");
    s.press("q");
    s.wait_text("exit=0");

    let mut again = Session::start_with_state(&script, 80, 24, &state);
    again.wait_for("justified again after a restart", |scr| full(scr, 4, 72));
    again.press("J");
    again.wait_text("Ragged right");
    again.press("q");
    again.wait_text("exit=0");
    let _ = std::fs::remove_dir_all(&state);
}

#[test]
fn ctrl_z_suspends_the_library_and_fg_draws_it_again() {
    let dir_kept = scratch("library-suspend");
    let dir = dir_kept.path().to_path_buf();
    std::fs::write(dir.join("a.md"), "# Alpha essay\n\nalpha words\n").expect("write");
    let mut s = Session::start("exec bash --norc --noprofile -i", 80, 24);
    s.press("PS1='$ '\r");
    s.press(&format!("'{BIN}' '{}'\r", dir.display()));
    s.wait_text("Alpha essay");
    s.press("\x1a");
    s.wait_text("Stopped");
    assert!(
        !s.parser.screen().alternate_screen(),
        "the shell's screen is back"
    );
    s.press("fg\r");
    s.wait_for("the list drawn again", |scr| {
        scr.alternate_screen() && rows(scr).iter().any(|r| r.contains("Alpha essay"))
    });
    s.press("\x03");
    s.wait_for("the shell again", |scr| !scr.alternate_screen());
    s.press("exit\r");
}

#[test]
fn a_linked_document_opens_at_its_own_place_and_keeps_it() {
    let dir_kept = scratch("linked-place");
    let dir = dir_kept.path().to_path_buf();
    let state_kept = scratch("linked-place-state");
    let long: String = (1..=80).map(|i| format!("Guide line {i}.\n\n")).collect();
    std::fs::write(dir.join("guide.md"), format!("# Guide\n\n{long}")).expect("write");
    std::fs::write(
        dir.join("home.md"),
        "# Home\n\nRead the [guide](guide.md).\n",
    )
    .expect("write");
    // Read the guide to its middle, and quit: the place is remembered.
    let script = format!(
        "cd '{}' && '{BIN}' guide.md; echo \"exit=$?\"",
        dir.display()
    );
    let mut s = Session::start_with_state(&script, 80, 24, state_kept.path());
    s.wait_text("Guide line 1.");
    s.press("/line 40\r");
    s.wait_text("Guide line 40.");
    s.press("q");
    s.wait_text("exit=0");
    drop(s);
    // From another document, the link opens the guide there.
    let script = format!(
        "cd '{}' && '{BIN}' home.md; echo \"exit=$?\"",
        dir.display()
    );
    let mut s = Session::start_with_state(&script, 80, 24, state_kept.path());
    s.wait_text("Read the guide");
    s.press("L");
    s.wait_text("Links and notes");
    s.press("\r");
    s.wait_text("Guide line 40.");
    assert!(!s.screen().contains("Guide line 1."), "{}", s.screen());
    s.press("q");
    s.wait_text("exit=0");
    drop(s);
    // And the place is kept for the next time.
    let script = format!(
        "cd '{}' && '{BIN}' guide.md; echo \"exit=$?\"",
        dir.display()
    );
    let mut s = Session::start_with_state(&script, 80, 24, state_kept.path());
    s.wait_text("Guide line 40.");
    s.press("q");
    s.wait_text("exit=0");
}

#[test]
fn a_link_to_a_fifo_or_the_terminal_is_a_note_and_keys_still_work() {
    let dir_kept = scratch("link-fifo");
    let dir = dir_kept.path().to_path_buf();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("pipe.md"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    std::fs::write(
        dir.join("home.md"),
        "# Home\n\nA [pipe](pipe.md), the [tty](/dev/tty) and [stdin](/dev/stdin).\n",
    )
    .expect("write");
    let script = format!(
        "cd '{}' && '{BIN}' home.md; echo \"exit=$?\"",
        dir.display()
    );
    let mut s = Session::start(&script, 80, 24);
    s.wait_text("A pipe");
    s.press("L");
    s.wait_text("Links and notes");
    s.press("1\r");
    s.wait_text("pipe.md: not a regular file");
    s.press("L");
    s.wait_text("Links and notes");
    s.press("2\r");
    s.wait_text("/dev/tty: not a markdown file");
    s.press("q");
    s.wait_text("exit=0");
}

#[test]
fn a_dash_on_a_terminal_says_it_reads_what_is_typed() {
    let script = format!("'{BIN}' - --print; echo \"exit=$?\"");
    let mut s = Session::start(&script, 80, 24);
    s.wait_text("reading standard input (Ctrl-d ends it)");
    s.press("Typed words here.\r\x04");
    s.wait_text("exit=0");
    assert!(s.screen().contains("Typed words here."), "{}", s.screen());
}

/// A document of three sections, each of numbered lines (`<tag> line <n>.`), long enough to
/// scroll within a section.
fn numbered(parts: &[&str]) -> String {
    let mut text = String::from("# Live\n\nThe opening words.\n\n");
    for part in parts {
        text.push_str(&format!("## {part}\n\n"));
        for i in 1..=30 {
            text.push_str(&format!("{part} line {i}.\n\n"));
        }
    }
    text
}

/// The first line of text under the tabs (the top of the page), the scroll bar left out.
fn top_line(screen: &vt100::Screen) -> String {
    rows(screen)
        .iter()
        .skip(3)
        .map(|r| r.trim_end_matches(['│', '█', ' ']).trim())
        .find(|r| !r.is_empty())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_file_changed_every_way_an_editor_saves_is_read_again_and_the_place_kept() {
    let dir_kept = scratch("live");
    let dir = dir_kept.path().to_path_buf();
    let file = dir.join("notes.md");
    std::fs::write(&file, numbered(&["Alpha", "Beta", "Gamma"])).expect("write");
    let script = format!("'{BIN}' '{}'; echo \"exit=$?\"", file.display());
    let mut s = Session::start(&script, 60, 16);
    s.wait_text("The opening words.");
    // To Beta, a few lines down: the place is "Beta line 4."
    s.press("2");
    s.wait_text("Beta line 1.");
    s.press("jjjjjjjjj");
    s.wait_for("Beta line 4 at the top", |scr| {
        top_line(scr) == "Beta line 4."
    });

    // Written in place: a paragraph appended to the end (Gamma).
    let mut text = numbered(&["Alpha", "Beta", "Gamma"]);
    text.push_str("An appended paragraph.\n");
    std::fs::write(&file, &text).expect("append");
    s.wait_text("Updated: 1 section changed");
    assert_eq!(
        top_line(s.parser.screen()),
        "Beta line 4.",
        "{}",
        s.screen()
    );
    assert!(
        s.screen().contains("3• Gamma") || s.screen().contains(" 3• "),
        "{}",
        s.screen()
    );

    // A word edited above the place, in Alpha, and four lines more there: the place keeps
    // its words.
    let edited = text.replace("Alpha line 2.", "Alpha line two.\n\nMore.\n\nMore.");
    std::fs::write(&file, &edited).expect("edit");
    s.wait_for("the second update", |scr| {
        rows(scr)
            .iter()
            .any(|r| r.contains("Updated: 1 section changed"))
            && rows(scr).iter().any(|r| r.contains("1•"))
    });
    assert_eq!(
        top_line(s.parser.screen()),
        "Beta line 4.",
        "{}",
        s.screen()
    );

    // Saved through a rename: a new file written beside it and moved over it, the line at
    // the top deleted: the place goes to the nearest text that remains.
    let renamed = edited.replace("Beta line 4.\n\n", "");
    let tmp = dir.join(".notes.md.swp");
    std::fs::write(&tmp, &renamed).expect("write beside");
    std::fs::rename(&tmp, &file).expect("rename over");
    s.wait_for("the place after the deletion", |scr| {
        top_line(scr) == "Beta line 5."
    });
    assert!(
        s.screen().contains("Updated: 1 section changed"),
        "{}",
        s.screen()
    );

    // Deleted: the text stays, with a note; created again: read again.
    std::fs::remove_file(&file).expect("delete");
    s.wait_text("notes.md was deleted or moved");
    assert_eq!(
        top_line(s.parser.screen()),
        "Beta line 5.",
        "{}",
        s.screen()
    );
    std::fs::write(&file, &renamed).expect("create again");
    s.wait_text("notes.md is back");
    assert_eq!(
        top_line(s.parser.screen()),
        "Beta line 5.",
        "{}",
        s.screen()
    );

    // Visiting a changed section takes its mark away.
    s.press("1");
    s.wait_text("Alpha line 1.");
    s.press("2");
    s.wait_text("Beta line 1.");
    assert!(!s.screen().contains("1•"), "{}", s.screen());
    s.press("q");
    s.wait_text("exit=0");
}

#[test]
fn a_slow_pipe_shows_its_first_screen_before_it_closes_and_notes_its_end() {
    let script = format!(
        "(printf '# Slow\\n\\nThe first paragraph.\\n\\nThe second paragraph.\\n'; sleep 3; \
         printf '\\n## Later\\n\\nWords that came later.\\n') | '{BIN}'; echo \"exit=$?\""
    );
    let mut s = Session::start(&script, 70, 16);
    s.wait_text("The second paragraph.");
    // Still arriving: the status says how much has come, and the rest is not here.
    let screen = s.screen();
    assert!(screen.contains("bytes so far…"), "{screen}");
    assert!(!screen.contains("Later"), "{screen}");
    // At the end of what came, the view follows the stream's end as it arrives.
    s.wait_text("Words that came later.");
    s.wait_text("End of stdin");
    assert!(!s.screen().contains("so far…"), "{}", s.screen());
    s.press("q");
    s.wait_text("exit=0");
}

#[test]
fn f_follows_a_growing_file_and_any_move_stops_it() {
    let dir_kept = scratch("follow");
    let file = dir_kept.path().join("log.md");
    let mut text = numbered(&["Log"]);
    std::fs::write(&file, &text).expect("write");
    let script = format!("'{BIN}' '{}'; echo \"exit=$?\"", file.display());
    let mut s = Session::start(&script, 60, 16);
    s.wait_text("The opening words.");
    s.press("F");
    s.wait_text("Log line 30.");
    s.wait_for("following in the status", |scr| {
        rows(scr).last().is_some_and(|r| r.contains("following ·"))
    });
    for i in 1..=3 {
        text.push_str(&format!("Entry {i} written while following.\n\n"));
        std::fs::write(&file, &text).expect("grow");
        s.wait_text(&format!("Entry {i} written while following."));
    }
    // A move up stops following: what is written next is not brought into view.
    s.press("k");
    s.wait_for("following to stop", |scr| {
        !rows(scr).last().is_some_and(|r| r.contains("following"))
    });
    text.push_str("Entry 4, after the reader moved.\n\n");
    std::fs::write(&file, &text).expect("grow");
    s.wait_text("Updated");
    assert!(!s.screen().contains("Entry 4"), "{}", s.screen());
    s.press("q");
    s.wait_text("exit=0");
}

#[test]
fn opening_a_file_that_changed_since_says_how_many_sections_and_finds_the_place() {
    let dir_kept = scratch("changed-since");
    let state_kept = scratch("changed-since-state");
    let file = dir_kept.path().join("notes.md");
    let text = numbered(&["Alpha", "Beta", "Gamma"]);
    std::fs::write(&file, &text).expect("write");
    let script = format!("'{BIN}' '{}'; echo \"exit=$?\"", file.display());
    let mut s = Session::start_with_state(&script, 90, 16, state_kept.path());
    s.wait_text("The opening words.");
    s.press("/Beta line 9\r");
    s.wait_text("match 1 of 1");
    let place = top_line(s.parser.screen());
    s.press("q");
    s.wait_text("exit=0");
    drop(s);
    // Edited while the reader was closed: text added above the place, and Gamma changed.
    let edited = text
        .replace(
            "The opening words.",
            "The opening words.\n\nA new paragraph.\n\nAnother.",
        )
        .replace("Gamma line 3.", "Gamma line three.");
    std::fs::write(&file, edited).expect("edit");
    let mut s = Session::start_with_state(&script, 90, 16, state_kept.path());
    s.wait_text("Changed since you last read it: 2 sections");
    assert_eq!(top_line(s.parser.screen()), place, "{}", s.screen());
    s.press("q");
    s.wait_text("exit=0");
}

#[test]
fn a_burst_of_writes_ends_showing_the_final_text() {
    let dir_kept = scratch("burst");
    let file = dir_kept.path().join("burst.md");
    let version = |i: usize| format!("{}\nVersion {i} of the text.\n", numbered(&["Alpha"]));
    std::fs::write(&file, version(0)).expect("write");
    let script = format!("'{BIN}' '{}'; echo \"exit=$?\"", file.display());
    let mut s = Session::start(&script, 60, 16);
    s.wait_text("The opening words.");
    s.press(">");
    s.wait_text("Version 0 of the text.");
    for i in 1..=100 {
        std::fs::write(&file, version(i)).expect("write");
        std::thread::sleep(Duration::from_millis(10));
    }
    s.wait_text("Version 100 of the text.");
    // Keys still work.
    s.press("<");
    s.wait_text("The opening words.");
    s.press("q");
    s.wait_text("exit=0");
}

#[test]
fn a_change_while_a_large_file_loads_is_taken_in_once_it_has_loaded() {
    let (_dir, file) = large_file("live-large");
    let script = format!("'{BIN}' '{}'; echo \"exit=$?\"", file.display());
    let mut s = Session::start(&script, 80, 24);
    s.wait_text("The very first paragraph.");
    // At once, while the rest still loads (3 MB): the first paragraph rewritten.
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(
        &file,
        text.replace("The very first paragraph.", "The first paragraph, edited."),
    )
    .expect("edit");
    s.wait_text("The first paragraph, edited.");
    s.wait_text("Updated: 1 section changed");
    assert!(!s.screen().contains("loading"), "{}", s.screen());
    s.press("q");
    s.wait_text("exit=0");
}

#[test]
fn web_links_are_osc_8_hyperlinks_around_exactly_their_text_cleaned() {
    let dir_kept = scratch("osc8");
    let file = dir_kept.path().join("links.md");
    std::fs::write(
        &file,
        "# Links\n\nSee [the docs](https://example.org/docs), [a space](<https://example.org/a b>), \
         [café](https://example.org/café), [mail](mailto:me@example.org) and [local](other.md).\n",
    )
    .expect("write");
    let screen_with = |term: &str, flags: &str| {
        let script = format!(
            "TERM={term} '{BIN}' {flags} '{}'; echo \"exit=$?\"",
            file.display()
        );
        let mut s = Session::start(&script, 80, 12);
        s.wait_text("local");
        s.settle();
        let (screen, raw) = (s.screen(), String::from_utf8_lossy(&s.raw).into_owned());
        s.press("q");
        s.wait_text("exit=0");
        (screen, raw)
    };
    let (screen, raw) = screen_with("xterm-256color", "");
    let link = |address: &str, text: &str| format!("\x1b]8;;{address}\x1b\\{text}\x1b]8;;\x1b\\");
    for (address, text) in [
        ("https://example.org/docs", "the docs"),
        ("https://example.org/a%20b", "a space"),
        ("https://example.org/caf%C3%A9", "café"),
        ("mailto:me@example.org", "mail"),
    ] {
        assert!(raw.contains(&link(address, text)), "{text}: {raw:?}");
    }
    // A link into the document's folder is followed with L, not clicked; nothing else is
    // wrapped.
    assert!(!raw.contains("other.md"), "{raw:?}");
    assert_eq!(raw.matches("\x1b]8;;\x1b\\").count(), 4, "{raw:?}");
    // The screen is the one a terminal without hyperlinks shows, cell for cell.
    let (plain, plain_raw) = screen_with("linux", "");
    assert!(!plain_raw.contains("\x1b]8;"), "none on the Linux console");
    assert_eq!(screen, plain);
    let (_, inline) = screen_with("xterm-256color", "--links inline");
    assert!(!inline.contains("\x1b]8;"), "none with --links inline");
}
