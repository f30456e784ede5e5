//! The command line: options, and what the binary does with them.

use crate::app::{App, DEFAULT_MEASURE};
use crate::document::Document;
use crate::source::Source;
use crate::state::{self, Saved};
use crate::theme::Theme;
use crate::{print, terminal, ui};
use anyhow::{Context, Result};
use clap::{Parser, ValueEnum};
use ratatui::crossterm::event::{self, Event};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// When to use colour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// In the reader unless NO_COLOR is set; never in --print.
    #[default]
    Auto,
    /// Always, in the reader and in --print (styled output with escape sequences).
    Always,
    /// Never: styles through bold, italic, underline and reverse only.
    Never,
}

/// Read long-form prose in the terminal, a section a page.
///
/// Without FILE it opens the bundled essay "Making a Connection is Hard — And Neccessary".
/// When standard output is not a terminal it prints the laid-out text instead.
#[derive(Parser, Debug)]
#[command(version, about)]
pub struct Cli {
    /// A markdown file to read; `-` reads standard input.
    pub file: Option<PathBuf>,

    /// Start at this section: its number, or its title (any case; a unique prefix will do).
    #[arg(long, value_name = "NUMBER|NAME")]
    pub section: Option<String>,

    /// The reading measure: at most this many columns of text (default 72). With --print,
    /// the width of the printed text (default: the terminal's width, else 80).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(2..))]
    pub width: Option<u16>,

    /// Print the laid-out text instead of opening the reader (the default when standard
    /// output is not a terminal).
    #[arg(long)]
    pub print: bool,

    /// Print the table of contents: number, title, words and minutes of each section.
    #[arg(long)]
    pub toc: bool,

    /// Capture the mouse: wheel scrolling everywhere and clickable tabs (text selection then
    /// needs Shift in most terminals).
    #[arg(long)]
    pub mouse: bool,

    /// Open a file even if it looks binary.
    #[arg(long)]
    pub force: bool,

    /// Start at the beginning, not where you left off (your marks are kept).
    #[arg(long)]
    pub from_start: bool,

    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// The key the remembered place of a document is filed under: the essay by name, a file by
/// its canonical path, standard input by a hash of its content.
pub fn document_key(file: Option<&Path>, text: &str) -> String {
    match file {
        None => format!("essay:{}", crate::source::ESSAY_NAME),
        Some(p) if p.as_os_str() == "-" => {
            format!("stdin:{:016x}", state::fnv1a(text.as_bytes()))
        }
        Some(p) => {
            let path = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
            format!("file:{}", path.display())
        }
    }
}

/// Runs the command line. Every fallible step happens before the terminal is entered.
pub fn run(cli: Cli) -> Result<()> {
    let stdout = io::stdout();
    let printing = cli.print || !stdout.is_terminal();
    if cli.toc || printing {
        // A large file is parsed in pieces, so its whole text is never in memory beside the
        // document.
        let (head, rest) = match &cli.file {
            None => (Source::essay(), None),
            Some(path) => Source::load_head(path, cli.force, HEAD)?,
        };
        let (doc, lossy) = match rest {
            Some(rest) => {
                let parsed = rest.parse(&head.name);
                (parsed.doc, parsed.lossy)
            }
            None => (Document::parse(&head.text, &head.name), head.lossy),
        };
        let source = Source {
            name: head.name,
            text: String::new(),
            lossy,
        };
        let start = find_start(&doc, cli.section.as_deref(), &source.name)?;
        if cli.toc {
            return ignore_broken_pipe(print::toc(&doc, &mut stdout.lock()));
        }
        if source.lossy {
            eprintln!(
                "connection-reader: warning: {}: invalid UTF-8 shown as \u{fffd}",
                source.name
            );
        }
        let width = match cli.width {
            Some(w) => usize::from(w),
            None => ratatui::crossterm::terminal::size()
                .map(|(w, _)| usize::from(w))
                .unwrap_or(80)
                .max(2),
        };
        let mut out = io::BufWriter::new(stdout.lock());
        let theme = (cli.color == ColorChoice::Always).then(|| {
            ratatui::crossterm::style::force_color_output(true);
            Theme { color: true }
        });
        return ignore_broken_pipe(print::print(&doc, start, width, theme.as_ref(), &mut out));
    }
    let theme = match cli.color {
        ColorChoice::Auto => Theme::from_env(),
        ColorChoice::Always => Theme { color: true },
        ColorChoice::Never => Theme { color: false },
    };
    // A large file is read and parsed on another thread while its beginning is shown.
    let (head, rest) = match &cli.file {
        None => (Source::essay(), None),
        Some(path) => Source::load_head(path, cli.force, HEAD)?,
    };
    let key = document_key(cli.file.as_deref(), &head.text);
    let place_file = state::state_dir().map(|dir| state::file_for(&dir, &key));
    let mut loading = Loading::start(head, rest);
    let start = match find_start(&loading.doc, cli.section.as_deref(), &loading.name) {
        Ok(i) => i,
        // Not in the part read so far: look in the whole document.
        Err(_) if loading.pending() => {
            loading.wait();
            find_start(&loading.doc, cli.section.as_deref(), &loading.name)?
        }
        Err(e) => return Err(e),
    };
    let opening = Opening {
        start,
        measure: cli.width.map_or(DEFAULT_MEASURE, usize::from),
        keep_measure: cli.width.is_some(),
        resume: !cli.from_start && cli.section.is_none(),
        mouse: cli.mouse,
        theme,
    };
    read(loading, &key, place_file.as_deref(), &opening)
}

/// The section index `--section` names (0 without it), or a one-line error listing them.
fn find_start(doc: &Document, section: Option<&str>, name: &str) -> Result<usize> {
    let Some(wanted) = section else {
        return Ok(0);
    };
    doc.find_section(wanted).ok_or_else(|| {
        let names: Vec<String> = doc
            .sections
            .iter()
            .map(|s| format!("{} {}", s.number, s.title))
            .collect();
        anyhow::anyhow!(
            "{name}: no section '{wanted}' (sections: {})",
            names.join(", ")
        )
    })
}

/// Documents larger than this open at once on their beginning while the whole is read and
/// parsed on another thread.
const BACKGROUND_FROM: usize = 1 << 20;

/// How much of a large file is read before its first page is shown.
const HEAD: usize = 256 << 10;

/// The whole document, as the loading thread hands it over.
struct Whole {
    doc: Document,
    fingerprint: u64,
    length: usize,
    lossy: bool,
}

/// A document being opened: what is parsed so far, and the whole of it on its way.
struct Loading {
    name: String,
    doc: Document,
    /// Hash and length of the whole text, once known.
    fingerprint: Option<u64>,
    length: usize,
    lossy: bool,
    whole: Option<std::sync::mpsc::Receiver<Whole>>,
    /// The loading thread stopped without handing the whole over.
    failed: bool,
    /// Starts the loading thread (held back until the first page is drawn).
    go: Option<std::sync::mpsc::Sender<()>>,
}

impl Loading {
    /// Parses a small document now; of a large one only its beginning, with the rest read and
    /// the whole parsed on a thread of its own.
    fn start(head: Source, rest: Option<crate::source::Rest>) -> Loading {
        if rest.is_none() && head.text.len() <= BACKGROUND_FROM {
            return Loading {
                doc: Document::parse(&head.text, &head.name),
                fingerprint: Some(state::fnv1a(head.text.as_bytes())),
                length: head.text.len(),
                lossy: head.lossy,
                name: head.name,
                whole: None,
                failed: false,
                go: None,
            };
        }
        let end = crate::document::prefix_end(&head.text, HEAD / 8);
        let doc = Document::parse(&head.text[..end], &head.name);
        let (name, lossy) = (head.name.clone(), head.lossy);
        let (tx, rx) = std::sync::mpsc::channel();
        let (go, ready) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            // Leave the machine to the first page until it is on screen (see `begin`).
            let _ = ready.recv();
            let whole = match rest {
                // A file: read again in pieces, never all of its text in memory at once.
                Some(rest) => {
                    let parsed = rest.parse(&head.name);
                    Whole {
                        doc: parsed.doc,
                        fingerprint: parsed.fingerprint,
                        length: parsed.length,
                        lossy: parsed.lossy,
                    }
                }
                // Standard input, already read.
                None => Whole {
                    doc: Document::parse(&head.text, &head.name),
                    fingerprint: state::fnv1a(head.text.as_bytes()),
                    length: head.text.len(),
                    lossy: head.lossy,
                },
            };
            let _ = tx.send(whole);
        });
        Loading {
            name,
            doc,
            fingerprint: None,
            length: 0,
            lossy,
            whole: Some(rx),
            failed: false,
            go: Some(go),
        }
    }

    /// Lets the loading thread start: once the first page is drawn, or when the whole
    /// document is wanted sooner.
    fn begin(&mut self) {
        if let Some(go) = self.go.take() {
            let _ = go.send(());
        }
    }

    fn pending(&self) -> bool {
        self.whole.is_some()
    }

    /// The whole document, if it has arrived (waiting for it with `block`).
    fn arrived(&mut self, block: bool) -> Option<Document> {
        if block {
            self.begin();
        }
        let rx = self.whole.as_ref()?;
        let received = if block {
            rx.recv()
                .map_err(|_| std::sync::mpsc::TryRecvError::Disconnected)
        } else {
            rx.try_recv()
        };
        let whole = match received {
            Ok(whole) => whole,
            Err(std::sync::mpsc::TryRecvError::Empty) => return None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                // The loading thread failed: keep reading what there is.
                self.whole = None;
                self.failed = true;
                return None;
            }
        };
        self.whole = None;
        self.fingerprint = Some(whole.fingerprint);
        self.length = whole.length;
        self.lossy = whole.lossy;
        Some(whole.doc)
    }

    /// Waits for the whole document and keeps it.
    fn wait(&mut self) {
        if let Some(doc) = self.arrived(true) {
            self.doc = doc;
        }
    }
}

/// Events handled between two frames at most, so a flood of input still shows progress.
const MAX_BATCH: usize = 1024;

/// How the reader opens.
struct Opening {
    start: usize,
    measure: usize,
    /// `--width` was given: it wins over a remembered measure.
    keep_measure: bool,
    /// Open at the remembered place.
    resume: bool,
    mouse: bool,
    theme: Theme,
}

/// A reader that went away (`| head`) is not an error.
fn ignore_broken_pipe(result: io::Result<()>) -> Result<()> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to standard output"),
    }
}

/// Opens the reader in the terminal until the user quits, then remembers the place.
fn read(mut loading: Loading, key: &str, place_file: Option<&Path>, how: &Opening) -> Result<()> {
    // Read the remembered place before the terminal is touched.
    let remembered = match place_file.map(|f| state::load(f, key)) {
        None => Err("no state directory (set XDG_STATE_HOME or HOME)".to_string()),
        Some(Ok(saved)) => Ok(saved),
        Some(Err(e)) => Err(format!("{e:#}")),
    };
    // The signal thread saves the latest place before the process exits.
    let latest: Arc<Mutex<Option<Saved>>> = Arc::new(Mutex::new(None));
    {
        let latest = Arc::clone(&latest);
        let (file, key) = (place_file.map(Path::to_path_buf), key.to_string());
        terminal::handle_signals(move || {
            let saved = latest.lock().ok().and_then(|s| s.clone());
            if let (Some(file), Some(saved)) = (&file, saved) {
                let _ = state::save(file, &key, &saved);
            }
        })
        .context("setting up signal handling")?;
    }
    let mut tui = terminal::enter(how.mouse).context("opening the terminal")?;
    let mut final_state = None;
    let result = (|| -> io::Result<()> {
        let size = tui.size()?;
        let doc = std::mem::take(&mut loading.doc);
        let mut app =
            App::new(doc, how.measure, size.width, size.height, how.start).with_mouse(how.mouse);
        // Opens at the remembered place; a place past what is parsed so far waits for the rest.
        // `place` false: the place was already shown (from the beginning parsed first), so
        // only marks, progress and the measure come back.
        let remember = |app: &mut App, loading: &Loading, place: bool| {
            match &remembered {
                Ok(Some(saved)) => {
                    let same = Some(saved.fingerprint) == loading.fingerprint
                        && saved.length == loading.length;
                    app.restore(saved, same, how.keep_measure, how.resume && place);
                }
                Ok(None) => {}
                Err(cause) => {
                    app.set_note(format!("Saved place not read ({cause}); starting here"))
                }
            }
            if loading.lossy {
                app.set_note(format!("{}: invalid UTF-8 shown as \u{fffd}", loading.name));
            }
        };
        let saved_at = match &remembered {
            Ok(Some(s)) if how.resume => Some(s.place.anchor),
            _ => None,
        };
        if saved_at.is_some_and(|at| at >= app.document().len)
            && let Some(doc) = loading.arrived(true)
        {
            app.replace_document(doc);
        }
        // Whether the remembered place is already on screen, shown on the beginning alone.
        let mut place_shown = false;
        if loading.pending() {
            app.set_loading(true);
            if let Some(at) = saved_at {
                app.go_to_offset(at);
                app.set_note("Resumed where you left off");
                place_shown = true;
            }
        } else {
            remember(&mut app, &loading, true);
        }
        // In debug builds only, a key that panics, to test the panic path end to end.
        #[cfg(debug_assertions)]
        let panic_key = std::env::var("CONNECTION_READER_TEST_PANIC_KEY")
            .ok()
            .and_then(|k| k.chars().next());
        let mut redraw = true;
        loop {
            // The whole document, when it arrives while the beginning is being read.
            if let Some(doc) = loading.arrived(false) {
                app.replace_document(doc);
                app.set_loading(false);
                remember(&mut app, &loading, !place_shown);
                redraw = true;
            }
            if std::mem::take(&mut loading.failed) {
                app.set_loading(false);
                app.set_note("Could not read the whole document: showing its beginning");
                redraw = true;
            }
            if terminal::take_resumed() {
                // Not `Terminal::clear`: it asks the terminal for the cursor position, and a
                // terminal that does not answer turns that into an error after two seconds.
                let size = tui.size()?;
                tui.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
                redraw = true;
            }
            // The size the terminal has now, whatever resize events said (a flood of them
            // can arrive out of step): drawing always matches it.
            let size = tui.size()?;
            if (size.width, size.height) != app.area_size() {
                app.resize(size.width, size.height);
                redraw = true;
            }
            if redraw {
                let _frame = terminal::drawing();
                tui.draw(|f| ui::draw(f, &app, &how.theme))?;
                redraw = false;
            }
            loading.begin();
            // Matches a search thread has found since.
            if app.poll_search() {
                redraw = true;
                continue;
            }
            // Wait for input, waking now and then to notice a return from suspension (and
            // often while the document is still being parsed or searched).
            let nap = if loading.pending() || app.search_running() {
                10
            } else {
                250
            };
            if !event::poll(Duration::from_millis(nap))? {
                continue;
            }
            // Take every event already waiting before drawing again, so a held key or a
            // dragged window never falls behind; of a run of resizes only the last counts.
            let mut resize = None;
            for _ in 0..MAX_BATCH {
                match event::read()? {
                    Event::Resize(w, h) => resize = Some((w, h)),
                    other => {
                        #[cfg(debug_assertions)]
                        if let (Event::Key(k), Some(p)) = (&other, panic_key)
                            && k.code == event::KeyCode::Char(p)
                        {
                            panic!("test panic requested with CONNECTION_READER_TEST_PANIC_KEY");
                        }
                        if let Some((w, h)) = resize.take() {
                            app.resize(w, h);
                        }
                        // A key that needs more than the beginning (the end, a search, a
                        // section not yet parsed) waits for the whole document.
                        if loading.pending()
                            && !app.can_handle_before_loaded(&other)
                            && let Some(doc) = loading.arrived(true)
                        {
                            app.replace_document(doc);
                            app.set_loading(false);
                            remember(&mut app, &loading, !place_shown);
                        }
                        app.handle(&other);
                    }
                }
                if app.should_quit() || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
            if let Some((w, h)) = resize {
                app.resize(w, h);
            }
            redraw = true;
            let stamp = |mut saved: Saved| {
                saved.fingerprint = loading.fingerprint.unwrap_or(0);
                saved
            };
            if !loading.pending()
                && let Ok(mut slot) = latest.lock()
            {
                *slot = Some(stamp(app.saved()));
            }
            if app.should_quit() {
                // Nothing is remembered of a document that never finished loading.
                final_state = (!loading.pending()).then(|| stamp(app.saved()));
                // The process ends now: don't spend time freeing the document piece by piece.
                std::mem::forget(app);
                return Ok(());
            }
            if app.take_suspend() {
                terminal::suspend()?;
            }
        }
    })();
    terminal::restore();
    drop(tui);
    let _ = io::stdout().flush();
    if let (Some(file), Some(saved)) = (place_file, final_state)
        && let Err(e) = state::save(file, key, &saved)
    {
        eprintln!("connection-reader: could not remember your place: {e:#}");
    }
    result.context("terminal")
}
