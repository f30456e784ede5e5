//! The event loop: the reader in the terminal, from entering the screen to giving it back.
//!
//! Every pass swaps in a document that finished loading, takes matches a search thread
//! found, draws when something changed, and reads the input waiting (never skipping it,
//! however busy the workers are). The remembered place is read before the terminal is
//! touched and saved after it is given back; a signal thread saves it on a signal exit.
//! A link to another file opens it in the same loop ([`navigate`]), the documents left
//! kept open for the way back.

use crate::app::{App, Navigate, Restore, Sameness};
use crate::loader::{Loading, Wait};
use crate::state::{self, Saved};
use crate::theme::Theme;
use crate::{terminal, ui};
use anyhow::{Context, Result};
use ratatui::crossterm::event::{self, Event};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Events handled between two frames at most, so a flood of input still shows progress.
const MAX_BATCH: usize = 1024;

/// How the reader opens.
#[derive(Clone)]
pub struct Opening {
    /// The section index to open at.
    pub start: usize,
    pub measure: usize,
    /// `--width` was given: it wins over a remembered measure.
    pub keep_measure: bool,
    /// How prose is set, as the command line asks.
    pub typesetting: crate::layout::Typesetting,
    /// How markdown is read.
    pub markdown: crate::document::Markdown,
    /// `--justify` or `--paragraphs` was given: they win over a remembered page.
    pub keep_page: bool,
    /// Open at the remembered place.
    pub resume: bool,
    pub mouse: bool,
    pub links: crate::layout::Links,
    pub theme: Theme,
    /// Read a file again when it changes (`--no-watch` turns it off).
    pub watch: bool,
    /// Open files that look binary (`--force`), and read them again so.
    pub force: bool,
}

impl Opening {
    /// How a document a link opens is opened: at its own remembered place, else its top
    /// (a heading the link names wins over both), its place kept for the next time.
    pub(crate) fn linked(&self) -> Opening {
        Opening {
            start: 0,
            resume: true,
            ..self.clone()
        }
    }
}

/// The remembered reading of this document: none yet, one, or why it could not be read.
type Remembered = Result<Option<Saved>, String>;

/// Opens the reader in the terminal until the user quits, then remembers the place.
pub fn read(first: Opened, how: &Opening, latest: Latest) -> Result<()> {
    // Read the remembered place before the terminal is touched.
    let remembered = first.remembered();
    let mut tui = terminal::enter(how.mouse).context("opening the terminal")?;
    let linked = how.linked();
    let result = OnScreen::open(first, remembered, how, &mut tui, latest, None)
        .and_then(|reading| navigate(reading, &linked, &mut tui, false))
        .map(|(filed, _)| filed);
    // The one place the terminal is given back on the way out.
    terminal::restore();
    drop(tui);
    let _ = io::stdout().flush();
    let last = result.context("terminal")?;
    if let Some((file, key, saved)) = last
        && let Err(e) = state::save(&file, &key, &saved)
    {
        eprintln!("connection-reader: could not remember your place: {e:#}");
    }
    Ok(())
}

/// Catches the signals that end or suspend the reader (see [`terminal::handle_signals`]):
/// the thread acting on them saves the latest place (of the document on screen) before the
/// process exits; returns where that place is kept.
pub(crate) fn save_on_signal() -> Result<Latest> {
    let latest: Latest = Arc::new(Mutex::new(None));
    let kept = Arc::clone(&latest);
    terminal::handle_signals(move || {
        let saved = kept.lock().ok().and_then(|s| s.clone());
        if let Some((file, key, saved)) = saved {
            let _ = state::save(&file, &key, &saved);
        }
    })
    .context("setting up signal handling")?;
    Ok(latest)
}

/// The place to save for the document on screen: its state file, key, and place.
pub(crate) type Latest = Arc<Mutex<Option<(PathBuf, String, Saved)>>>;

/// A new version of a live document is taken in no sooner than this many times what taking
/// in the last one took, after it: at most a fifth of the reader's time goes to them.
const CHANGE_COST: u32 = 4;

/// How many documents the way back keeps open.
const DOCUMENTS_KEPT: usize = 32;

/// What is saved of a document: its state file, key and place.
type Filed = (PathBuf, String, Saved);

/// Reads the first document, and those its links lead to: each one left stays open (its
/// place saved) for Backspace to come back to. Returns what to save of the last, and
/// whether to quit (false: back to the library the first came from, when `from_list`:
/// there Backspace at the first document's first jump, and `q`, lead back).
pub(crate) fn navigate<'a>(
    first: OnScreen<'a>,
    linked: &'a Opening,
    tui: &mut terminal::Tui,
    from_list: bool,
) -> io::Result<(Option<Filed>, bool)> {
    let mut current = first;
    // The documents left, to come back to.
    let mut trail: crate::marks::Trail<OnScreen> = crate::marks::Trail::new(DOCUMENTS_KEPT);
    loop {
        current
            .app
            .set_neighbours(from_list || trail.can_go_back(), trail.can_go_forward());
        current.redraw = true;
        let next = current.run(tui)?;
        let saved = current.stamped();
        let filed = current
            .doc_file
            .clone()
            .zip(saved)
            .map(|(file, saved)| (file, current.key.clone(), saved));
        match next {
            Next::Quit if from_list && !current.app.interrupted() => return Ok((filed, false)),
            Next::Back if !trail.can_go_back() => return Ok((filed, false)),
            Next::Quit => {
                for live in std::iter::once(&mut current)
                    .chain(trail.all_mut())
                    .filter_map(|o| o.live.as_mut())
                {
                    live.stop();
                }
                // The process ends now: don't spend time freeing documents piece by piece.
                std::mem::forget((current, trail));
                return Ok((filed, true));
            }
            Next::Open(doc, anchor) => {
                if let Some((file, key, saved)) = &filed {
                    let _ = state::save(file, key, saved);
                }
                let remembered = doc.remembered();
                let latest = Arc::clone(&current.latest);
                let next = OnScreen::open(*doc, remembered, linked, tui, latest, anchor)?;
                trail.went(std::mem::replace(&mut current, next));
            }
            Next::Back | Next::Forward => {
                if let Some((file, key, saved)) = &filed {
                    let _ = state::save(file, key, saved);
                }
                trail.step(matches!(next, Next::Forward), &mut current);
            }
        }
    }
}

/// The words at byte `at` of `text`, to find the place again by (see [`state::WORDS`]): up
/// to the end of its line, at most that many bytes, cut at a character's end.
fn words_at(text: &str, at: usize) -> String {
    let Some(rest) = text.get(at..) else {
        return String::new();
    };
    let line = rest.split('\n').next().unwrap_or("");
    let mut end = line.len().min(state::WORDS);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    line[..end].to_string()
}

/// Where `words` (see [`words_at`]) are in `text`, the occurrence nearest byte `near` (where
/// they were); none when they are gone, or too few to tell a place by.
fn find_words(text: &str, words: &str, near: usize) -> Option<usize> {
    if words.trim().len() < 8 {
        return None;
    }
    memchr::memmem::find_iter(text.as_bytes(), words.as_bytes()).min_by_key(|&at| at.abs_diff(near))
}

/// Where the reader goes when it leaves a document.
enum Next {
    Quit,
    /// Another document, opened (at a heading, when the link named one).
    Open(Box<Opened>, Option<String>),
    Back,
    Forward,
}

/// A document to read: its text (loading), the key its place is filed under, and its path
/// (none for the essay and standard input).
pub struct Opened {
    pub loading: Loading,
    pub key: String,
    pub path: Option<PathBuf>,
    /// A stream still arriving (standard input, a FIFO), to follow as it comes.
    pub stream: Option<crate::live::Live>,
}

impl Opened {
    /// The markdown file at `path`, its beginning read (the rest loads on another thread).
    /// Only a regular file: a stream (a FIFO a link or an old entry of `--recent` names) would
    /// keep the reader waiting for its writer.
    pub fn open(path: &Path, force: bool, markdown: crate::document::Markdown) -> Result<Opened> {
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            let shown = crate::text::clean(&path.display().to_string()).into_owned();
            anyhow::bail!("{shown}: not a regular file");
        }
        let (head, rest) = crate::source::Source::load_head(path, force, crate::loader::HEAD)?;
        let key = crate::state::document_key(Some(path), &head.text);
        Ok(Opened {
            loading: Loading::start(head, rest, markdown),
            key,
            path: Some(path.to_path_buf()),
            stream: None,
        })
    }

    /// Where this document's place is filed.
    fn file(&self) -> Option<PathBuf> {
        state::state_dir().map(|dir| state::file_for(&dir, &self.key))
    }

    /// Its remembered place, read from the state folder.
    pub(crate) fn remembered(&self) -> Remembered {
        match self.file().map(|f| state::load(&f, &self.key)) {
            None => Err("no state directory (set XDG_STATE_HOME or HOME)".to_string()),
            Some(Ok(saved)) => Ok(saved),
            Some(Err(e)) => Err(format!("{e:#}")),
        }
    }
}

/// The reader running in the terminal.
pub(crate) struct OnScreen<'a> {
    app: App,
    loading: Loading,
    /// What its place is filed under, and where.
    key: String,
    doc_file: Option<PathBuf>,
    /// The document's path (links are relative to its folder).
    path: Option<PathBuf>,
    remembered: Remembered,
    how: &'a Opening,
    /// The remembered place is already on screen (shown on the beginning alone).
    place_shown: bool,
    /// The place for the signal thread to save.
    latest: Latest,
    redraw: bool,
    /// In debug builds only, a key that panics, to test the panic path end to end.
    panic_key: Option<char>,
    /// The remembered reading (marks, measure, what was read) has been brought back: once
    /// the whole document is here.
    remembered_done: bool,
    /// The file watched, or the stream still arriving (see [`crate::live`]).
    live: Option<crate::live::Live>,
    /// The whole text on screen, once here (what a new version is compared with), and a
    /// hash of each of its sections' text (filed with the place).
    text: Option<(Arc<String>, Vec<u64>)>,
    /// The watched file is gone (said once; its return is said too).
    gone: bool,
    /// No new version is taken in before this (see [`OnScreen::take_change`]).
    next_change: std::time::Instant,
    /// Watching the file was tried (see [`OnScreen::watch`]).
    watched: bool,
}

impl<'a> OnScreen<'a> {
    /// Builds the app at the remembered place; a place past what is parsed so far waits for
    /// the rest.
    pub(crate) fn open(
        doc: Opened,
        remembered: Remembered,
        how: &'a Opening,
        tui: &mut terminal::Tui,
        latest: Latest,
        anchor: Option<String>,
    ) -> io::Result<OnScreen<'a>> {
        let size = tui.size()?;
        let doc_file = doc.file();
        let Opened {
            mut loading,
            key,
            path,
            stream,
        } = doc;
        let doc = std::mem::take(&mut loading.doc);
        let app = App::new(doc, how.measure, size.width, size.height, how.start)
            .with_mouse(how.mouse)
            .with_links(how.links)
            .with_typesetting(how.typesetting)
            .with_highlight(how.theme.color)
            .with_hyperlinks(
                how.links == crate::layout::Links::References
                    && terminal::takes_hyperlinks(std::env::var("TERM").ok().as_deref()),
            );
        let panic_key = if cfg!(debug_assertions) {
            std::env::var("CONNECTION_READER_TEST_PANIC_KEY")
                .ok()
                .and_then(|k| k.chars().next())
        } else {
            None
        };
        let mut reading = OnScreen {
            app,
            loading,
            key,
            doc_file,
            path,
            remembered,
            how,
            place_shown: false,
            latest,
            redraw: true,
            panic_key,
            remembered_done: false,
            live: None,
            text: None,
            gone: false,
            next_change: std::time::Instant::now(),
            watched: false,
        };
        if let Some(stream) = stream {
            reading
                .app
                .set_source(crate::app::Source::Arriving(reading.app.document().len));
            reading.live = Some(stream);
        }
        let saved_at = match &reading.remembered {
            Ok(Some(s)) if how.resume => Some(s.place.anchor),
            _ => None,
        };
        if reading.loading.pending() {
            reading.app.set_loading(true);
            if let Some(total) = reading.loading.total {
                reading.app.set_total_len(total);
            }
            if saved_at.is_some_and(|at| at > 0) {
                // A remembered place: shown in the whole (brought back as it arrives), so the
                // note, the tabs and the status line name the section it will stay in.
                reading.take_whole(Wait::Block);
                reading.place_shown = true;
            }
        } else {
            reading.have_whole();
            reading.remember(true);
            reading.remembered_done = true;
        }
        if let Some(anchor) = anchor {
            reading.go_to_anchor(&anchor);
        }
        Ok(reading)
    }

    /// Goes to the heading (or the place HTML names) a link's `#anchor` names, looking in
    /// the whole document (waiting for it while it loads).
    fn go_to_anchor(&mut self, anchor: &str) {
        loop {
            if let Some((section, offset)) = self.app.document().anchor(anchor) {
                self.app.show_place(section, offset);
                return;
            }
            if !self.loading.pending() {
                break;
            }
            self.take_whole(Wait::Block);
        }
        let note = format!("No heading #{anchor} in {}", self.loading.name);
        self.app.set_note(note);
    }

    /// Brings back the remembered reading: marks, progress and measure, and the place itself
    /// when `place` is true. In a text that changed since, the place is found by its words
    /// (nearest where it was), and the sections that changed are said and marked.
    fn remember(&mut self, place: bool) {
        match &self.remembered {
            Ok(Some(saved)) => {
                let mut saved = saved.clone();
                let known = self.loading.fingerprint;
                let length = Some(saved.length) == known.map(|f| f.length);
                let text = if length && Some(saved.fingerprint) == known.map(|f| f.hash) {
                    Sameness::Same
                } else if length && saved.fingerprint == 0 {
                    // Filed while the text was loading, before its fingerprint was taken.
                    Sameness::SameByOffset
                } else {
                    Sameness::Changed
                };
                let restore = Restore {
                    text,
                    keep_measure: self.how.keep_measure,
                    keep_page: self.how.keep_page,
                    place: self.how.resume && place,
                };
                let now = self.text.as_ref().map(|(t, _)| Arc::clone(t));
                if let (Sameness::Changed, Some(now)) = (text, &now)
                    && let Some(at) = find_words(now, &saved.words, saved.place.anchor)
                {
                    saved.place.anchor = at;
                }
                let note = self.app.restore(&saved, restore);
                if let (Sameness::Changed, Some(now), false) =
                    (text, &now, saved.sections.is_empty())
                {
                    let n = self.app.mark_changed_since(now, &saved.sections);
                    let changed = format!(
                        "Changed since you last read it: {}",
                        crate::document::count(n, "section")
                    );
                    self.app
                        .set_note(match note.split_once(" (the document changed since)") {
                            Some((resumed, _)) => format!("{resumed} · {changed}"),
                            None => changed,
                        });
                }
            }
            Ok(None) => {}
            Err(cause) => self
                .app
                .set_note(format!("Saved place not read ({cause}); starting here")),
        }
        if self.loading.lossy {
            let note = format!("{}: invalid UTF-8 shown as \u{fffd}", self.loading.name);
            self.app.set_note(note);
        }
    }

    /// Swaps in the whole document if it has arrived (waiting for it with [`Wait::Block`]),
    /// keeping the place, and brings back the remembered reading; or notes why it never will.
    fn take_whole(&mut self, wait: Wait) {
        if matches!(wait, Wait::Block) && self.loading.pending() {
            // A signal ends the wait (the thread acting on signals starts now if not yet).
            let _ = terminal::watch_signals();
        }
        if let Some(doc) = self.loading.arrived(wait) {
            self.app.complete(doc);
            self.have_whole();
            if !self.remembered_done {
                self.remember(!self.place_shown);
                self.remembered_done = true;
            }
            self.redraw = true;
        }
        if let Some(cause) = self.loading.take_failure() {
            self.app.set_loading(false);
            self.app
                .set_note(format!("loading failed: {cause}; showing the part read"));
            self.redraw = true;
        }
    }

    /// The whole text is here: it is kept (what a changed version is compared with).
    fn have_whole(&mut self) {
        let Some(text) = self.loading.text.clone() else {
            return;
        };
        let hashes = crate::document::changes::section_hashes(self.app.document(), &text);
        self.text = Some((text, hashes));
    }

    /// Watches the document's file, when the reader watches files: from its first frame,
    /// so a change while a large file still loads is read (and taken in once the first text
    /// is whole). Once: a file that cannot be watched says why once.
    fn watch(&mut self) {
        if self.live.is_some() || !self.how.watch || std::mem::replace(&mut self.watched, true) {
            return;
        }
        let Some(path) = &self.path else {
            return;
        };
        // A FIFO (or anything but a file) was a stream, read once.
        if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
            return;
        }
        let shown = self.loading.fingerprint;
        match crate::live::Live::watch(path, shown, self.how.markdown, self.how.force) {
            Ok(live) => self.live = Some(live),
            Err(cause) => self.app.set_note(format!(
                "Not watching {} for changes: {cause}",
                self.loading.name
            )),
        }
    }

    /// Takes in what the watched file or the stream reported since the last pass: a new
    /// version of the text (once the whole of the first is here), the file gone, or why it
    /// could not be read.
    fn take_change(&mut self) {
        // Not before the first text is whole, and no more often than taking one in costs
        // time for (a stream that grows fast is shown in steps, keys always answered).
        if self.app.loading() || std::time::Instant::now() < self.next_change {
            return;
        }
        // A stream is read on while the reader is at the end of what came, or follows it.
        if let (Some(live), crate::app::Source::Arriving(_)) = (&self.live, self.app.source())
            && (self.app.following() || self.app.progress().at_end)
        {
            live.want(self.app.document().len + crate::live::AHEAD);
        }
        let started = std::time::Instant::now();
        self.take_one_change();
        self.next_change = std::time::Instant::now() + started.elapsed() * CHANGE_COST;
    }

    /// Takes in what the live document reported, if anything (see [`OnScreen::take_change`]).
    fn take_one_change(&mut self) {
        let Some(change) = self.live.as_mut().and_then(crate::live::Live::poll) else {
            return;
        };
        let stream = self.live.as_ref().is_some_and(|l| l.stream);
        let name = self.loading.name.clone();
        self.redraw = true;
        let version = match change {
            crate::live::Change::Text(version) => version,
            crate::live::Change::Gone => {
                self.gone = true;
                self.app.set_source(crate::app::Source::Gone);
                self.app.set_note(format!(
                    "{name} was deleted or moved: showing the text last read"
                ));
                return;
            }
            crate::live::Change::Failed(cause) => {
                if stream {
                    self.app.set_source(crate::app::Source::Ended);
                    self.app.set_note(format!("{name}: {cause}"));
                } else {
                    self.app
                        .set_note(format!("Could not read {name} again: {cause}"));
                }
                return;
            }
        };
        let crate::live::Version {
            text,
            doc,
            fingerprint,
            lossy,
            ended,
        } = *version;
        if !stream && self.loading.fingerprint == Some(fingerprint) {
            // The text on screen already (a change while it loaded, undone or read then; a
            // file back as it went).
            if std::mem::take(&mut self.gone) {
                self.app.set_source(crate::app::Source::Still);
                self.app.set_note(format!("{name} is back, unchanged"));
            }
            return;
        }
        let taken = match &self.text {
            Some((old, _)) if stream => self.app.take_more(doc, old, &text),
            Some((old, _)) => self.app.take_version(doc, old, &text),
            None => {
                self.app.complete(doc);
                crate::app::Taken {
                    changed: 0,
                    followed: false,
                }
            }
        };
        // (A stream's sections are not filed: it is known by its beginning.)
        let hashes = if stream {
            Vec::new()
        } else {
            crate::document::changes::section_hashes(self.app.document(), &text)
        };
        let length = text.len();
        self.text = Some((text, hashes));
        self.loading.fingerprint = Some(fingerprint);
        self.loading.lossy |= lossy;
        if stream {
            let (source, note) = if ended {
                let size = crate::text::bytes(length);
                (
                    crate::app::Source::Ended,
                    Some(format!("End of {name}: all {size} here")),
                )
            } else {
                (crate::app::Source::Arriving(length), None)
            };
            self.app.set_source(source);
            if let Some(note) = note {
                self.app.set_note(note);
            }
            return;
        }
        self.app.set_source(crate::app::Source::Still);
        let what = match taken.changed {
            0 => "updated".to_string(),
            n => format!("updated: {} changed", crate::document::count(n, "section")),
        };
        let note = if std::mem::take(&mut self.gone) {
            format!("{name} is back, {what}")
        } else {
            let mut what = what;
            what[..1].make_ascii_uppercase();
            what
        };
        self.app.set_note(note);
    }

    /// Runs until the user quits; returns what to remember (nothing of a document that never
    /// finished loading).
    fn run(&mut self, tui: &mut terminal::Tui) -> io::Result<Next> {
        loop {
            self.take_whole(Wait::Poll);
            self.take_change();
            self.redraw |= self.app.take_highlighters();
            if terminal::take_resumed() {
                // Not `Terminal::clear`: it asks the terminal for the cursor position, and a
                // terminal that does not answer turns that into an error after two seconds.
                let size = tui.size()?;
                tui.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
                self.redraw = true;
            }
            // The size the terminal has now, whatever resize events said (a flood of them
            // can arrive out of step): drawing always matches it.
            let size = tui.size()?;
            if (size.width, size.height) != self.app.area_size() {
                self.app.resize(size.width, size.height);
                self.redraw = true;
            }
            if std::mem::take(&mut self.redraw) {
                // No frame once the terminal has been given back (a signal exit under way).
                if let Some(_frame) = terminal::drawing() {
                    let theme = &self.how.theme;
                    tui.draw(|f| ui::draw(f, &self.app, theme))?;
                }
                if !event::poll(Duration::ZERO)? {
                    self.app.tidy();
                }
            }
            self.loading.begin();
            // The watch starts once the first frame is out (as the loading thread does).
            self.watch();
            // Signals are acted on by a thread started once the first frame is out.
            terminal::watch_signals()?;
            // Matches a search thread found since: drawn next pass, after the input waiting.
            let found = self.app.poll_search();
            self.redraw |= found;
            // Wait for input, waking now and then to notice a return from suspension (and
            // often while the document is still being parsed or searched).
            let nap = if found {
                0
            } else if self.loading.pending()
                || self.app.search_running()
                || crate::highlight::making()
            {
                10
            } else if self.live.is_some() {
                // A change is taken in within a tenth of a second of its being read.
                100
            } else {
                250
            };
            if !event::poll(Duration::from_millis(nap))? {
                continue;
            }
            self.read_batch()?;
            self.redraw = true;
            let saved = self.stamped();
            if let (Some(saved), Some(file), Ok(mut slot)) =
                (&saved, &self.doc_file, self.latest.lock())
            {
                *slot = Some((file.clone(), self.key.clone(), saved.clone()));
            }
            if self.app.should_quit() {
                return Ok(Next::Quit);
            }
            match self.app.take_navigate() {
                Some(Navigate::Back) => return Ok(Next::Back),
                Some(Navigate::Forward) => return Ok(Next::Forward),
                Some(Navigate::Open(address)) => {
                    let opened = crate::source::linked_file(self.path.as_deref(), &address)
                        .and_then(|(path, anchor)| {
                            Opened::open(&path, false, self.how.markdown)
                                .map(|doc| (doc, anchor))
                                .map_err(|e| format!("{e:#}"))
                        });
                    match opened {
                        Ok((doc, anchor)) => return Ok(Next::Open(Box::new(doc), anchor)),
                        Err(note) => self.app.set_note(note),
                    }
                }
                None => {}
            }
            if self.app.take_suspend() {
                terminal::suspend()?;
            }
            if let Some(text) = self.app.take_copy() {
                terminal::copy_to_clipboard(&text)?;
            }
            if let Some(address) = self.app.take_open() {
                // Only web and mail addresses reach here (see `app::follow`); the opener runs
                // on its own, its output kept off the screen.
                if let Err(e) = open::that_detached(&address) {
                    self.app.set_note(format!("Could not open {address}: {e}"));
                }
            }
        }
    }

    /// Takes every event already waiting before drawing again, so a held key or a dragged
    /// window never falls behind; of a run of resizes only the last counts.
    fn read_batch(&mut self) -> io::Result<()> {
        let mut resize = None;
        for _ in 0..MAX_BATCH {
            match event::read()? {
                Event::Resize(w, h) => resize = Some((w, h)),
                other => {
                    if let (Event::Key(k), Some(p)) = (&other, self.panic_key)
                        && k.code == event::KeyCode::Char(p)
                    {
                        panic!("test panic requested with CONNECTION_READER_TEST_PANIC_KEY");
                    }
                    if let Some((w, h)) = resize.take() {
                        self.app.resize(w, h);
                    }
                    self.key_while_loading(&other);
                }
            }
            if self.app.should_quit() || !event::poll(Duration::ZERO)? {
                break;
            }
        }
        if let Some((w, h)) = resize {
            self.app.resize(w, h);
        }
        Ok(())
    }

    /// Handles an event. A key that needs more than the beginning shown (the end, a section
    /// by number, the contents, a search) waits for the whole document.
    fn key_while_loading(&mut self, event: &Event) {
        if self.loading.pending() && !self.app.can_handle_before_loaded(event) {
            self.take_whole(Wait::Block);
        }
        self.app.handle(event);
    }

    /// What to remember now, with the document's fingerprint. While only the beginning is
    /// here its sections are numbered provisionally: places are filed by their offsets (the
    /// whole's too), to be found again by them, and how much of each section was read is not
    /// kept.
    fn stamped(&mut self) -> Option<Saved> {
        let mut saved = self.app.saved();
        if !self.app.loading() {
            saved.fingerprint = self.loading.fingerprint.map_or(0, |f| f.hash);
            if let Some((text, hashes)) = &self.text {
                saved.sections.clone_from(hashes);
                saved.words = words_at(text, saved.place.anchor);
            }
            return Some(saved);
        }
        saved.fingerprint = 0;
        saved.length = self.loading.total?;
        saved.read.clear();
        Some(saved)
    }
}
