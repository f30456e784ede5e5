//! The app: the document and what is derived from it, the reader's place, and the open mode.
//!
//! [`App::update`] applies an action and [`App::handle`] a terminal event; nothing else
//! changes reading state. Layout happens here and only here, when the width changes or a
//! section is first shown, never while drawing.

use crate::document::{Document, minutes};
use crate::keys::{self, Action};
use crate::layout::{Layouts, Line, line_at};
use crate::reader::Reader;
use crate::screen::{self, HelpBox, Regions, TocBox};
use crate::search::{Background, Index, Match};
use crate::state::{Place, Saved};
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::layout::Rect;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The reading measure when none is asked for.
pub const DEFAULT_MEASURE: usize = 72;

/// The narrowest measure `-` goes to (the terminal may still be narrower).
pub const MIN_MEASURE: usize = 20;

/// Columns `+` and `-` change the measure by.
pub const MEASURE_STEP: usize = 4;

/// Lines the mouse wheel scrolls at a time.
const WHEEL_LINES: usize = 3;

/// Documents larger than this are searched on another thread.
pub const BACKGROUND_SEARCH: usize = 1 << 20;

/// Lines kept above a search match when the reader jumps to it.
const MATCH_CONTEXT: usize = 2;

/// A search the reader kept with Enter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    /// Every match, in document order.
    pub matches: Vec<Match>,
    /// The match the reader last went to.
    pub current: Option<usize>,
    /// All matches are in (a large document is searched on another thread).
    pub complete: bool,
}

impl Search {
    /// The matches in one section (a slice of `matches`).
    pub fn in_section(&self, section: usize) -> &[Match] {
        let from = self.matches.partition_point(|m| m.section < section);
        let to = self.matches.partition_point(|m| m.section <= section);
        &self.matches[from..to]
    }
}

/// What the screen is showing over the page, with the state that belongs to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    Reading,
    Help {
        scroll: usize,
    },
    Toc {
        selected: usize,
        /// First entry shown (the list scrolls when it is longer than the box).
        top: usize,
    },
    /// Typing a search; matches show as the query grows.
    Search {
        query: String,
        /// Where the reader was when the search began, to go back on Esc.
        origin: Place,
        /// The search that was kept before this one, restored on Esc.
        before: Option<Search>,
        preview: Search,
    },
    /// Waiting for the letter of a mark to set.
    SetMark,
    /// Waiting for the letter of a mark to go to.
    JumpToMark,
}

/// What of a saved reading [`App::restore`] brings back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Restore {
    /// The document is the one the reading was saved from (same fingerprint and length), so
    /// places are exact; otherwise each is mapped to the section holding its offset.
    pub unchanged: bool,
    /// `--width` was given: it wins over the remembered measure.
    pub keep_measure: bool,
    /// Go to the saved place; false when it is already shown or the user asked to start
    /// elsewhere (marks, progress and the measure still come back).
    pub place: bool,
}

/// How far through the section and the document the reader is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    /// Through the section, 0–100, measured at the bottom of the page.
    pub section_percent: usize,
    /// Through the whole document's words, 0–100.
    pub document_percent: usize,
    pub minutes_left: usize,
    /// The last line of the document is on screen.
    pub at_end: bool,
    /// The whole section fits on the page.
    pub fits: bool,
}

/// Everything the reader shows, and the one place it changes.
#[derive(Debug)]
pub struct App {
    /// Shared with the background search.
    doc: Arc<Document>,
    layouts: Layouts,
    /// The searchable text, built the first time a search runs (small documents).
    index: Option<Index>,
    /// The thread that searches large documents, started on the first such search.
    background: Option<Background>,
    /// The background search under way, and where it began.
    searching: Option<(u64, Place)>,
    reader: Reader,
    mode: Mode,
    /// The measure asked for on the command line (or the default); `=` returns to it.
    default_measure: usize,
    /// The measure chosen with `+`/`-`, when it differs from the default.
    chosen_measure: Option<usize>,
    area: Rect,
    mouse: bool,
    quit: bool,
    /// The reader asked to be suspended (Ctrl-Z); the terminal loop carries it out.
    suspend: bool,
    /// Only the beginning of the document is here yet.
    loading: bool,
    note: Option<String>,
    search: Option<Search>,
    marks: BTreeMap<char, Place>,
    /// Where the reader was before the last jump, for `''`.
    previous: Option<Place>,
    /// How much of each section has been read (scrolled past), 0–1.
    read: Vec<f32>,
}

impl App {
    /// A reader of `doc` on a screen of `width` x `height`, opened at section index `start`.
    pub fn new(doc: Document, measure: usize, width: u16, height: u16, start: usize) -> App {
        let sections = doc.sections.len();
        let mut app = App {
            layouts: Layouts::new(sections, 0),
            index: None,
            background: None,
            searching: None,
            reader: Reader::new(start.min(sections - 1), 1),
            doc: Arc::new(doc),
            mode: Mode::Reading,
            default_measure: measure.max(1),
            chosen_measure: None,
            area: Rect::new(0, 0, width, height),
            mouse: false,
            quit: false,
            suspend: false,
            loading: false,
            note: None,
            search: None,
            marks: BTreeMap::new(),
            previous: None,
            read: vec![0.0; sections],
        };
        app.fit_to_screen();
        let section = app.reader.section;
        let lines = app.layouts.get(&app.doc, section);
        app.reader.open(section, lines);
        app.note_progress();
        app
    }

    /// Turns on mouse handling (wheel scrolling and clickable tabs and contents).
    pub fn with_mouse(mut self, mouse: bool) -> App {
        self.mouse = mouse;
        self
    }

    /// Shows a one-line note in the status line until the next key.
    pub fn set_note(&mut self, note: impl Into<String>) {
        self.note = Some(note.into());
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn reader(&self) -> &Reader {
        &self.reader
    }

    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Shows the text at a source offset (clamped to the document), as a plain move.
    pub fn go_to_offset(&mut self, offset: usize) {
        let anchor = offset.min(self.doc.len);
        let section = self.doc.section_at(anchor);
        self.show(Place { section, anchor });
        self.note_progress();
    }

    /// Marks the document as still loading (its totals are not yet known).
    pub fn set_loading(&mut self, loading: bool) {
        self.loading = loading;
    }

    pub fn loading(&self) -> bool {
        self.loading
    }

    /// Whether `event` can be handled with only the beginning of the document: moves within
    /// the sections parsed so far, the help, quitting. Anything else (the end, a search, the
    /// contents, a section jump) needs the whole.
    pub fn can_handle_before_loaded(&self, event: &Event) -> bool {
        let Event::Key(key) = event else {
            return true;
        };
        if !matches!(self.mode, Mode::Reading | Mode::Help { .. }) {
            return false;
        }
        let in_last = self.is_last_section();
        match keys::action_for(*key) {
            None => true,
            Some(Action::LineDown | Action::PageDown | Action::HalfPageDown) => {
                !(in_last && self.reader.at_end(self.lines()))
            }
            Some(
                Action::LineUp
                | Action::PageUp
                | Action::HalfPageUp
                | Action::SectionTop
                | Action::Help
                | Action::Back
                | Action::Quit
                | Action::Suspend,
            ) => true,
            Some(_) => false,
        }
    }

    /// Swaps in the whole document for the beginning shown while it was parsed, keeping the
    /// place (a source offset, the same in both).
    pub fn replace_document(&mut self, doc: Document) {
        let anchor = self.reader.anchor;
        let sections = doc.sections.len();
        self.doc = Arc::new(doc);
        self.layouts = Layouts::new(sections, 0);
        self.index = None;
        if let Some(background) = &self.background {
            background.cancel();
        }
        self.searching = None;
        self.search = None;
        self.read = vec![0.0; sections];
        if !matches!(self.mode, Mode::Help { .. }) {
            self.mode = Mode::Reading;
        }
        self.fit_to_screen();
        let section = self.doc.section_at(anchor);
        self.show(Place { section, anchor });
        self.note_progress();
    }

    /// Whether the reader asked to be suspended since the last call.
    pub fn take_suspend(&mut self) -> bool {
        std::mem::take(&mut self.suspend)
    }

    /// How much of section `i` has been read, 0–1.
    pub fn read_fraction(&self, i: usize) -> f32 {
        self.read.get(i).copied().unwrap_or(0.0)
    }

    /// The search whose matches are highlighted: the one being typed, else the kept one.
    pub fn active_search(&self) -> Option<&Search> {
        match &self.mode {
            Mode::Search { preview, .. } => Some(preview),
            _ => self.search.as_ref(),
        }
    }

    /// The screen size the app is laid out for.
    pub fn area_size(&self) -> (u16, u16) {
        (self.area.width, self.area.height)
    }

    fn measure(&self) -> usize {
        self.chosen_measure.unwrap_or(self.default_measure)
    }

    pub fn regions(&self) -> Option<Regions> {
        Regions::new(self.area, self.measure())
    }

    /// The width text is laid out at now.
    pub fn text_width(&self) -> usize {
        self.layouts.width()
    }

    /// The current section's lines (laid out by every update that could need them).
    pub fn lines(&self) -> &[Line] {
        self.layouts.cached(self.reader.section).unwrap_or(&[])
    }

    /// The lines on the page now.
    pub fn visible(&self) -> &[Line] {
        let lines = self.lines();
        let top = self.reader.top.min(lines.len());
        let end = top.saturating_add(self.reader.height).min(lines.len());
        &lines[top..end]
    }

    fn is_last_section(&self) -> bool {
        self.reader.section + 1 >= self.doc.sections.len()
    }

    pub fn progress(&self) -> Progress {
        let lines = self.lines();
        let fraction = self.reader.fraction(lines);
        let section = &self.doc.sections[self.reader.section];
        let before: usize = self.doc.sections[..self.reader.section]
            .iter()
            .map(|s| s.words)
            .sum();
        let total = self.doc.words();
        let read = before + (section.words as f64 * fraction).round() as usize;
        let percent = |part: f64| (part * 100.0).round().clamp(0.0, 100.0) as usize;
        let at_end = self.is_last_section() && self.reader.at_end(lines);
        Progress {
            section_percent: percent(fraction),
            document_percent: if total == 0 || at_end {
                100
            } else {
                percent(read as f64 / total as f64)
            },
            minutes_left: if at_end {
                0
            } else {
                minutes(total.saturating_sub(read))
            },
            at_end,
            fits: lines.len() <= self.reader.height,
        }
    }

    /// The current place: section and anchor.
    pub fn place(&self) -> Place {
        Place {
            section: self.reader.section,
            anchor: self.reader.anchor,
        }
    }

    /// Recomputes the page size and layout width for the current screen.
    fn fit_to_screen(&mut self) {
        let (width, height) = match self.regions() {
            Some(r) => (usize::from(r.text.width), usize::from(r.page.height)),
            None => (self.measure().min(usize::from(self.area.width)), 1),
        };
        self.layouts.set_width(width.max(1));
        self.reader.height = height.max(1);
    }

    /// Lays out again for a new size or measure, keeping the same text at the top.
    fn refit(&mut self) {
        self.fit_to_screen();
        let lines = self.layouts.get(&self.doc, self.reader.section);
        self.reader.reanchor(lines);
        self.clamp_overlays();
        self.note_progress();
    }

    /// A new terminal size: lay out again and keep the same text at the top.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.area = Rect::new(0, 0, width, height);
        self.refit();
    }

    /// Records how far the reader has read in the current section.
    fn note_progress(&mut self) {
        let fraction = self.reader.fraction(self.lines()) as f32;
        if let Some(r) = self.read.get_mut(self.reader.section) {
            *r = r.max(fraction);
        }
    }

    /// Shows `place` without recording a jump.
    fn show(&mut self, place: Place) {
        let section = place.section.min(self.doc.sections.len() - 1);
        let lines = self.layouts.get(&self.doc, section);
        self.reader.section = section;
        self.reader.anchor = place.anchor;
        self.reader.reanchor(lines);
    }

    /// Goes to `place`, remembering where the reader was for `''`.
    fn jump(&mut self, place: Place) {
        let here = self.place();
        self.show(place);
        if self.place() != here {
            self.previous = Some(here);
        }
    }

    /// Shows a search match a few lines below the top of the page.
    fn show_match(&mut self, m: Match) {
        let lines = self.layouts.get(&self.doc, m.section);
        self.reader.section = m.section;
        let top = line_at(lines, m.start).saturating_sub(MATCH_CONTEXT);
        self.reader.set_top(top, lines);
    }

    /// Handles one terminal event.
    pub fn handle(&mut self, event: &Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key(*key),
            Event::Resize(w, h) => self.resize(*w, *h),
            Event::Mouse(m) if self.mouse => match m.kind {
                MouseEventKind::ScrollDown => self.scroll(WHEEL_LINES, true),
                MouseEventKind::ScrollUp => self.scroll(WHEEL_LINES, false),
                MouseEventKind::Down(MouseButton::Left) => self.click(m.column, m.row),
                _ => {}
            },
            _ => {}
        }
        self.note_progress();
    }

    fn key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match &self.mode {
            Mode::Search { .. } => return self.search_key(key),
            Mode::SetMark | Mode::JumpToMark if !ctrl => {
                let setting = self.mode == Mode::SetMark;
                self.mode = Mode::Reading;
                self.note = None;
                match key.code {
                    KeyCode::Char(c) if setting => self.set_mark(c),
                    KeyCode::Char(c) => self.go_to_mark(c),
                    _ => {}
                }
                return;
            }
            Mode::Toc { selected, .. } if key.code == KeyCode::Enter => {
                let section = *selected;
                self.mode = Mode::Reading;
                return self.jump(Place {
                    section,
                    anchor: self.doc.sections[section].offset,
                });
            }
            _ => {}
        }
        if let Some(action) = keys::action_for(key) {
            self.update(action);
        }
    }

    fn scroll(&mut self, n: usize, down: bool) {
        let step = |v: usize| {
            if down {
                v.saturating_add(n)
            } else {
                v.saturating_sub(n)
            }
        };
        match &mut self.mode {
            Mode::Help { scroll } => *scroll = step(*scroll),
            Mode::Toc { selected, .. } => *selected = step(*selected),
            _ => {
                let lines = self.layouts.get(&self.doc, self.reader.section);
                if down {
                    self.reader.down(n, lines);
                } else {
                    self.reader.up(n, lines);
                }
            }
        }
        self.clamp_overlays();
    }

    fn click(&mut self, column: u16, row: u16) {
        if let (Mode::Toc { top, .. }, Some(toc)) = (&self.mode, self.toc_box()) {
            let inside = column >= toc.area.x && column < toc.area.right();
            let first = toc.area.y + 1;
            if inside && row >= first && row < toc.area.bottom() - 1 {
                let section = top + usize::from(row - first);
                if section < self.doc.sections.len() {
                    self.mode = Mode::Reading;
                    self.jump(Place {
                        section,
                        anchor: self.doc.sections[section].offset,
                    });
                }
            }
            return;
        }
        let Some(tabs_row) = self.regions().and_then(|r| r.tabs) else {
            return;
        };
        if row != tabs_row.y || self.mode != Mode::Reading {
            return;
        }
        let column = column.saturating_sub(tabs_row.x);
        let hit = screen::tabs(&self.doc, self.reader.section, tabs_row.width)
            .into_iter()
            .find(|t| column >= t.x && column < t.x.saturating_add(t.width));
        if let Some(tab) = hit {
            self.go_to(tab.section);
        }
    }

    /// The help overlay as it is drawn on this screen.
    pub fn help_box(&self) -> Option<HelpBox> {
        self.regions().map(|r| HelpBox::new(r.page))
    }

    /// The table of contents as it is drawn on this screen.
    pub fn toc_box(&self) -> Option<TocBox> {
        self.regions()
            .map(|r| TocBox::new(r.page, self.doc.sections.len()))
    }

    fn help_page(&self) -> usize {
        self.help_box().map_or(1, |h| h.visible().max(1))
    }

    /// Keeps overlay scrolling and selection inside their lists.
    fn clamp_overlays(&mut self) {
        let help_max = self.help_box().map_or(0, |h| h.max_scroll());
        let toc_rows = self.toc_box().map_or(1, |t| t.visible().max(1));
        let sections = self.doc.sections.len();
        match &mut self.mode {
            Mode::Help { scroll } => *scroll = (*scroll).min(help_max),
            Mode::Toc { selected, top } => {
                *selected = (*selected).min(sections - 1);
                if *selected < *top {
                    *top = *selected;
                } else if *selected >= *top + toc_rows {
                    *top = *selected + 1 - toc_rows;
                }
                *top = (*top).min(sections.saturating_sub(toc_rows));
            }
            _ => {}
        }
    }

    /// Opens a section at its top, as a jump.
    fn go_to(&mut self, section: usize) {
        self.jump(Place {
            section,
            anchor: self.doc.sections[section].offset,
        });
    }

    fn go_to_end(&mut self, section: usize) {
        let lines = self.layouts.get(&self.doc, section);
        self.reader.open_at_end(section, lines);
    }

    fn set_mark(&mut self, letter: char) {
        if letter.is_ascii_alphabetic() {
            self.marks.insert(letter, self.place());
            self.note = Some(format!("Mark {letter} set"));
        } else {
            self.note = Some("Marks are letters a–z".to_string());
        }
    }

    fn go_to_mark(&mut self, letter: char) {
        if letter == '\'' {
            match self.previous {
                Some(p) => self.jump(p),
                None => self.note = Some("No earlier place to go back to".to_string()),
            }
            return;
        }
        match self.marks.get(&letter).copied() {
            Some(p) => self.jump(p),
            None => self.note = Some(format!("Mark {letter} is not set")),
        }
    }

    /// Changes the measure (None: back to the default), keeping the same text at the top.
    fn set_measure(&mut self, measure: Option<usize>) {
        self.chosen_measure = measure.filter(|m| *m != self.default_measure);
        self.refit();
        self.note = Some(format!("Text column {} wide", self.text_width()));
    }

    /// The widest the text can be on this screen.
    fn widest(&self) -> usize {
        Regions::new(self.area, usize::MAX).map_or(1, |r| usize::from(r.text.width))
    }

    fn search_key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let Mode::Search { query, .. } = &mut self.mode else {
            return;
        };
        match key.code {
            KeyCode::Char('c') if ctrl => self.quit = true,
            KeyCode::Char('u') if ctrl => {
                query.clear();
                self.preview_search();
            }
            KeyCode::Char(c) if !ctrl => {
                query.push(c);
                self.preview_search();
            }
            KeyCode::Backspace => {
                query.pop();
                self.preview_search();
            }
            KeyCode::Enter => self.keep_search(),
            KeyCode::Esc => self.cancel_search(),
            _ => {}
        }
    }

    /// Finds the query as typed so far and shows the first match from where the search began.
    /// A large document is searched on another thread instead (see [`App::poll_search`]).
    fn preview_search(&mut self) {
        let Mode::Search { query, origin, .. } = &self.mode else {
            return;
        };
        let (query, origin) = (query.clone(), *origin);
        if self.doc.len > BACKGROUND_SEARCH {
            let background = self.background.get_or_insert_with(Background::start);
            self.searching = if query.is_empty() {
                background.cancel();
                None
            } else {
                Some((background.search(&query, Arc::clone(&self.doc)), origin))
            };
            self.show(origin);
            if let Mode::Search { preview, .. } = &mut self.mode {
                *preview = Search {
                    complete: query.is_empty(),
                    query,
                    matches: Vec::new(),
                    current: None,
                };
            }
            return;
        }
        let index = self.index.get_or_insert_with(|| Index::new(&self.doc));
        let matches = index.find(&query);
        let first = matches
            .iter()
            .position(|m| (m.section, m.start) >= (origin.section, origin.anchor))
            .or(if matches.is_empty() { None } else { Some(0) });
        match first {
            Some(i) => self.show_match(matches[i]),
            None => self.show(origin),
        }
        if let Mode::Search { preview, .. } = &mut self.mode {
            *preview = Search {
                query,
                matches,
                current: first,
                complete: true,
            };
        }
    }

    /// Whether a search is still running on another thread.
    pub fn search_running(&self) -> bool {
        self.searching.is_some()
    }

    /// Takes the matches a background search has found since the last call, going to the
    /// first one from where the search began. Returns whether anything changed.
    pub fn poll_search(&mut self) -> bool {
        let (Some(background), Some((generation, origin))) = (&self.background, self.searching)
        else {
            return false;
        };
        let mut arrived = Vec::new();
        let mut done = false;
        while let Some(found) = background.try_found() {
            if found.generation == generation {
                arrived.extend(found.matches);
                done |= found.done;
            }
        }
        if arrived.is_empty() && !done {
            return false;
        }
        let previewing = matches!(self.mode, Mode::Search { .. });
        let target = match &mut self.mode {
            Mode::Search { preview, .. } => Some(preview),
            _ => self.search.as_mut(),
        };
        let Some(target) = target else {
            self.searching = None;
            return false;
        };
        target.matches.extend(arrived);
        target.complete = done;
        // The first match from the origin, once one has arrived (or, at the end, the first).
        let mut go = None;
        if target.current.is_none() {
            let from = target
                .matches
                .iter()
                .position(|m| (m.section, m.start) >= (origin.section, origin.anchor));
            go = from.or((done && !target.matches.is_empty()).then_some(0));
            target.current = go;
        }
        let go = go.map(|i| target.matches[i]);
        let nothing = done && target.matches.is_empty();
        let query = target.query.clone();
        if done {
            self.searching = None;
        }
        if let Some(m) = go {
            let here = self.place();
            self.show_match(m);
            if !previewing && self.place() != here {
                self.previous = Some(here);
            }
        }
        if nothing && !previewing {
            self.note = Some(format!("Not found: {query}"));
        }
        true
    }

    fn keep_search(&mut self) {
        let Mode::Search {
            origin,
            preview,
            before,
            ..
        } = std::mem::replace(&mut self.mode, Mode::Reading)
        else {
            return;
        };
        if preview.query.is_empty() {
            self.search = before;
            return;
        }
        if !preview.complete {
            // Still searching: the matches keep arriving into the kept search.
            if self.place() != origin {
                self.previous = Some(origin);
            }
            self.search = Some(preview);
            return;
        }
        if preview.matches.is_empty() {
            self.note = Some(format!("Not found: {}", preview.query));
            self.show(origin);
        } else if self.place() != origin {
            self.previous = Some(origin);
        }
        self.search = Some(preview);
    }

    fn cancel_search(&mut self) {
        if let Some(background) = &self.background {
            background.cancel();
        }
        self.searching = None;
        if let Mode::Search { origin, before, .. } =
            std::mem::replace(&mut self.mode, Mode::Reading)
        {
            self.search = before;
            self.show(origin);
        }
    }

    /// Goes to the next (or previous) match from the page, wrapping at the ends.
    fn next_match(&mut self, forward: bool) {
        let Some(search) = &self.search else {
            self.note = Some("No search yet: press / to search".to_string());
            return;
        };
        if search.matches.is_empty() {
            self.note = Some(format!("Not found: {}", search.query));
            return;
        }
        // Count from the current match while it is on the page, else from the top line.
        let lines = self.lines();
        let top = self.reader.top;
        let bottom = top + self.reader.height;
        let on_page = search
            .current
            .and_then(|i| search.matches.get(i))
            .filter(|m| {
                m.section == self.reader.section && (top..bottom).contains(&line_at(lines, m.start))
            });
        let here = match on_page {
            Some(m) => (m.section, m.start, true),
            None => (
                self.reader.section,
                lines.get(top).map_or(0, |l| l.offset),
                false,
            ),
        };
        let matches = &search.matches;
        let found = if forward {
            matches.iter().position(|m| {
                let key = (m.section, m.start);
                if here.2 {
                    key > (here.0, here.1)
                } else {
                    key >= (here.0, here.1)
                }
            })
        } else {
            matches
                .iter()
                .rposition(|m| (m.section, m.start) < (here.0, here.1))
        };
        let (i, wrapped) = match found {
            Some(i) => (i, false),
            None if forward => (0, true),
            None => (matches.len() - 1, true),
        };
        let m = matches[i];
        let here_place = self.place();
        self.show_match(m);
        self.previous = Some(here_place);
        if let Some(s) = &mut self.search {
            s.current = Some(i);
        }
        if wrapped {
            self.note = Some(if forward {
                "Search wrapped to the start".to_string()
            } else {
                "Search wrapped to the end".to_string()
            });
        }
    }

    /// Applies one action. The only place the reading state changes.
    pub fn update(&mut self, action: Action) {
        self.note = None;
        match self.mode {
            Mode::Help { .. } => match action {
                Action::LineDown => return self.scroll(1, true),
                Action::LineUp => return self.scroll(1, false),
                Action::PageDown => return self.scroll(self.help_page(), true),
                Action::PageUp => return self.scroll(self.help_page(), false),
                Action::Help | Action::Back => {
                    self.mode = Mode::Reading;
                    return;
                }
                Action::Quit => {}
                // Any other key closes the help and does what it says.
                _ => self.mode = Mode::Reading,
            },
            Mode::Toc { .. } => {
                let page = self.toc_box().map_or(1, |t| t.visible().max(1));
                match action {
                    Action::LineDown => return self.scroll(1, true),
                    Action::LineUp => return self.scroll(1, false),
                    Action::PageDown | Action::HalfPageDown => return self.scroll(page, true),
                    Action::PageUp | Action::HalfPageUp => return self.scroll(page, false),
                    Action::SectionTop | Action::DocumentStart => {
                        return self.scroll(usize::MAX, false);
                    }
                    Action::SectionEnd | Action::DocumentEnd => {
                        return self.scroll(usize::MAX, true);
                    }
                    Action::Toc | Action::Back => {
                        self.mode = Mode::Reading;
                        return;
                    }
                    Action::Quit => {}
                    _ => self.mode = Mode::Reading,
                }
            }
            _ => {}
        }
        let section = self.reader.section;
        let last = self.doc.sections.len() - 1;
        let lines = self.layouts.get(&self.doc, section);
        let r = &mut self.reader;
        match action {
            Action::LineDown | Action::PageDown if r.at_end(lines) => {
                if section < last {
                    let lines = self.layouts.get(&self.doc, section + 1);
                    self.reader.open(section + 1, lines);
                } else {
                    self.note = Some("End of the document".to_string());
                }
            }
            Action::LineDown => r.down(1, lines),
            Action::PageDown => {
                let n = r.page();
                r.down(n, lines);
            }
            Action::LineUp | Action::PageUp if r.top == 0 => {
                if section > 0 {
                    self.go_to_end(section - 1);
                }
            }
            Action::LineUp => r.up(1, lines),
            Action::PageUp => {
                let n = r.page();
                r.up(n, lines);
            }
            Action::HalfPageDown => {
                let n = r.half_page();
                r.down(n, lines);
            }
            Action::HalfPageUp => {
                let n = r.half_page();
                r.up(n, lines);
            }
            Action::SectionTop => {
                let target = Place {
                    section,
                    anchor: lines.first().map_or(0, |l| l.offset),
                };
                self.jump(target);
            }
            Action::SectionEnd => {
                let here = Place {
                    section,
                    anchor: r.anchor,
                };
                r.set_top(usize::MAX, lines);
                if r.anchor != here.anchor {
                    self.previous = Some(here);
                }
            }
            Action::DocumentStart => self.go_to(0),
            Action::DocumentEnd => {
                let here = self.place();
                self.go_to_end(last);
                if self.place() != here {
                    self.previous = Some(here);
                }
            }
            Action::NextSection => {
                if section < last {
                    self.go_to(section + 1);
                }
            }
            Action::PrevSection => {
                if section > 0 {
                    self.go_to(section - 1);
                }
            }
            Action::GoToSection(n) => match self.doc.sections.iter().position(|s| s.number == n) {
                Some(i) => self.go_to(i),
                None => self.note = Some(format!("There is no section {n}")),
            },
            Action::Toc => {
                self.mode = Mode::Toc {
                    selected: section,
                    top: 0,
                };
                self.clamp_overlays();
            }
            Action::Search => {
                self.mode = Mode::Search {
                    query: String::new(),
                    origin: self.place(),
                    before: self.search.take(),
                    preview: Search {
                        query: String::new(),
                        matches: Vec::new(),
                        current: None,
                        complete: true,
                    },
                };
            }
            Action::SearchNext => self.next_match(true),
            Action::SearchPrev => self.next_match(false),
            Action::SetMark => {
                self.mode = Mode::SetMark;
                self.note = Some("Set mark: press a letter".to_string());
            }
            Action::JumpToMark => {
                self.mode = Mode::JumpToMark;
                self.note = Some("Go to mark: press a letter (' to go back)".to_string());
            }
            Action::Wider => {
                let wider = (self.text_width() + MEASURE_STEP).min(self.widest());
                self.set_measure(Some(wider.max(self.text_width())));
            }
            Action::Narrower => {
                let narrower = self
                    .text_width()
                    .saturating_sub(MEASURE_STEP)
                    .max(MIN_MEASURE)
                    .min(self.text_width());
                self.set_measure(Some(narrower));
            }
            Action::DefaultWidth => self.set_measure(None),
            Action::Help => {
                self.mode = Mode::Help { scroll: 0 };
            }
            Action::Suspend => self.suspend = true,
            Action::Back => self.quit = true,
            Action::Quit => self.quit = true,
        }
    }

    /// What to remember about this reading (the caller adds the document's fingerprint).
    pub fn saved(&self) -> Saved {
        Saved {
            fingerprint: 0,
            length: self.doc.len,
            place: self.place(),
            measure: self.chosen_measure,
            marks: self.marks.iter().map(|(c, p)| (*c, *p)).collect(),
            read: self.read.clone(),
        }
    }

    /// Where a saved place is in this document. When the document changed since, the section
    /// holding the saved offset (never past the end); when it is the same, exactly there.
    fn locate(&self, place: Place, same: bool) -> Place {
        let sections = &self.doc.sections;
        if same && place.section < sections.len() {
            return place;
        }
        let anchor = place.anchor.min(self.doc.len);
        let section = self.doc.section_at(anchor);
        Place { section, anchor }
    }

    /// Opens at a saved place with its marks, progress and measure, as `how` says. Returns
    /// the note to show.
    pub fn restore(&mut self, saved: &Saved, how: Restore) -> String {
        let same = how.unchanged;
        if !how.keep_measure
            && let Some(m) = saved.measure
        {
            self.chosen_measure = Some(m.max(MIN_MEASURE.min(m)));
            self.fit_to_screen();
        }
        self.marks = saved
            .marks
            .iter()
            .filter(|(c, _)| c.is_ascii_alphabetic())
            .map(|(c, p)| (*c, self.locate(*p, same)))
            .collect();
        if same && saved.read.len() == self.read.len() {
            self.read = saved.read.iter().map(|r| r.clamp(0.0, 1.0)).collect();
        }
        if !how.place {
            self.refit();
            return String::new();
        }
        let place = self.locate(saved.place, same);
        self.show(place);
        self.note_progress();
        let name = &self.doc.sections[self.reader.section].title;
        let percent = self.progress().section_percent;
        let note = if same {
            format!("Resumed in {name}, {percent}%")
        } else {
            format!("Resumed in {name}, {percent}% (the document changed since)")
        };
        self.note = Some(note.clone());
        note
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn essay_like() -> Document {
        let para = "word ".repeat(200);
        Document::parse(
            &format!("# T\n\n{para}\n\n## A\n\n{para}\n\n## B\n\nshort\n\n## C\n\n{para}\n"),
            "t",
        )
    }

    fn app() -> App {
        App::new(essay_like(), 40, 44, 12, 0)
    }

    #[test]
    fn down_at_the_end_of_a_section_opens_the_next() {
        let mut a = app();
        a.update(Action::SectionEnd);
        assert!(a.reader().at_end(a.lines()));
        a.update(Action::LineDown);
        assert_eq!((a.reader().section, a.reader().top), (1, 0));
    }

    #[test]
    fn up_at_the_top_opens_the_end_of_the_previous() {
        let mut a = app();
        a.update(Action::NextSection);
        a.update(Action::LineUp);
        assert_eq!(a.reader().section, 0);
        assert!(a.reader().at_end(a.lines()));
        assert!(a.reader().top > 0);
    }

    #[test]
    fn space_alone_reads_the_whole_document() {
        let mut a = app();
        for _ in 0..500 {
            a.update(Action::PageDown);
        }
        assert_eq!(a.reader().section, 3);
        assert!(a.progress().at_end);
        assert_eq!(a.progress().minutes_left, 0);
        assert_eq!(a.note(), Some("End of the document"));
    }

    #[test]
    fn pages_keep_a_line_of_context() {
        let mut a = app();
        let height = a.reader().height;
        a.update(Action::PageDown);
        assert_eq!(a.reader().top, height - 1);
        a.update(Action::HalfPageUp);
        assert_eq!(a.reader().top, height - 1 - height / 2);
    }

    #[test]
    fn section_jumps_by_key_and_number() {
        let mut a = app();
        a.update(Action::GoToSection(3));
        assert_eq!(a.reader().section, 3);
        a.update(Action::PrevSection);
        assert_eq!(a.reader().section, 2);
        a.update(Action::GoToSection(9));
        assert_eq!(a.reader().section, 2);
        assert!(a.note().is_some());
        a.update(Action::DocumentStart);
        assert_eq!((a.reader().section, a.reader().top), (0, 0));
        a.update(Action::PrevSection);
        assert_eq!(a.reader().section, 0);
        a.update(Action::DocumentEnd);
        assert!(a.progress().at_end);
    }

    #[test]
    fn resize_keeps_the_text_at_the_top() {
        let mut a = app();
        a.update(Action::PageDown);
        a.update(Action::LineDown);
        let anchor = a.reader().anchor;
        let before = a.visible()[0].offset;
        a.resize(30, 10);
        let after = a.visible()[0].offset;
        assert!(
            after <= anchor && anchor - after < 30,
            "{after} vs {anchor}"
        );
        a.resize(44, 12);
        assert_eq!(a.visible()[0].offset, before, "back to the same line");
    }

    #[test]
    fn help_opens_scrolls_and_closes() {
        let mut a = app();
        a.update(Action::Help);
        assert_eq!(a.mode(), &Mode::Help { scroll: 0 });
        a.update(Action::LineDown);
        assert_eq!(a.mode(), &Mode::Help { scroll: 1 });
        a.update(Action::Back);
        assert_eq!(a.mode(), &Mode::Reading);
        assert!(!a.should_quit());
        a.update(Action::Back);
        assert!(a.should_quit());
    }

    fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Event {
        Event::Mouse(ratatui::crossterm::event::MouseEvent {
            kind,
            column,
            row,
            modifiers: ratatui::crossterm::event::KeyModifiers::NONE,
        })
    }

    #[test]
    fn with_mouse_the_wheel_scrolls_and_tabs_are_clickable() {
        let mut a = app().with_mouse(true);
        a.handle(&mouse(MouseEventKind::ScrollDown, 5, 5));
        assert_eq!(a.reader().top, WHEEL_LINES);
        a.handle(&mouse(MouseEventKind::ScrollUp, 5, 5));
        assert_eq!(a.reader().top, 0);
        let row = a.regions().and_then(|r| r.tabs).expect("tabs row");
        let tab = screen::tabs(a.document(), 0, row.width)
            .into_iter()
            .find(|t| t.section == 2)
            .expect("tab 2 shown");
        a.handle(&mouse(
            MouseEventKind::Down(MouseButton::Left),
            row.x + tab.x + 1,
            row.y,
        ));
        assert_eq!(a.reader().section, 2);
    }

    #[test]
    fn without_mouse_capture_mouse_events_are_ignored() {
        let mut a = app();
        a.handle(&mouse(MouseEventKind::ScrollDown, 5, 5));
        assert_eq!(a.reader().top, 0);
    }

    #[test]
    fn while_loading_only_moves_within_what_is_parsed_go_ahead() {
        use ratatui::crossterm::event::KeyEvent;
        let key = |c: KeyCode| Event::Key(KeyEvent::from(c));
        let mut a = app();
        assert!(a.can_handle_before_loaded(&key(KeyCode::Down)));
        assert!(a.can_handle_before_loaded(&key(KeyCode::Char('q'))));
        assert!(a.can_handle_before_loaded(&Event::Resize(10, 10)));
        assert!(!a.can_handle_before_loaded(&key(KeyCode::Char('>'))));
        assert!(!a.can_handle_before_loaded(&key(KeyCode::Char('/'))));
        assert!(!a.can_handle_before_loaded(&key(KeyCode::Char('t'))));
        assert!(!a.can_handle_before_loaded(&key(KeyCode::Char('3'))));
        // At the end of the last section parsed so far, going on needs the rest.
        a.update(Action::DocumentEnd);
        assert!(!a.can_handle_before_loaded(&key(KeyCode::Down)));
        assert!(a.can_handle_before_loaded(&key(KeyCode::Up)));
    }

    #[test]
    fn replacing_the_document_keeps_the_place() {
        let mut a = app();
        a.update(Action::NextSection);
        a.update(Action::LineDown);
        let before = a.visible()[0].clone();
        a.replace_document(essay_like());
        assert_eq!(a.reader().section, 1);
        assert_eq!(a.visible()[0], before);
    }

    #[test]
    fn tiny_screens_do_not_break_state() {
        let mut a = App::new(essay_like(), 72, 1, 1, 0);
        for action in [
            Action::PageDown,
            Action::LineUp,
            Action::DocumentEnd,
            Action::Help,
        ] {
            a.update(action);
        }
        a.resize(0, 0);
        a.update(Action::LineDown);
        assert!(a.reader().section < a.document().sections.len());
    }
}
