//! The app: composes the document and its layouts, the reader's place, what is open over
//! the page, the searches and the marks, and applies events to them.
//!
//! [`App::handle`] takes a terminal event and [`App::update`] an action; together with the
//! few setters the event loop calls when the document loads or a search reports
//! ([`App::replace_document`], [`App::poll_search`], [`App::restore`]), they are how reading
//! state changes. Drawing ([`crate::ui`]) only reads it. Layout happens here, through the
//! cache, when the width changes or a section is first shown, never while drawing.

use crate::document::{Document, minutes};
use crate::keys::{self, Action, ContentsAction, MarkAction, PromptAction};
use crate::layout::{Layouts, Line, line_at};
use crate::marks::Marks;
use crate::overlay::{Limits, Mode, Prompt};
use crate::reader::Reader;
use crate::screen::{self, HelpBox, Regions, TocBox};
use crate::search::session::{From, Go, Kept};
use crate::search::{Match, Search, Searches};
use crate::state::{Place, Saved};
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::layout::Rect;
use std::sync::Arc;

pub use crate::search::session::BACKGROUND_SEARCH;

/// The reading measure when none is asked for.
pub const DEFAULT_MEASURE: usize = 72;

/// The narrowest measure `-` goes to (the terminal may still be narrower).
pub const MIN_MEASURE: usize = 20;

/// Columns `+` and `-` change the measure by.
pub const MEASURE_STEP: usize = 4;

/// Lines the mouse wheel scrolls at a time.
const WHEEL_LINES: usize = 3;

/// Lines kept above a search match when the reader jumps to it.
const MATCH_CONTEXT: usize = 2;

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

/// The screen and the text column on it.
#[derive(Clone, Copy, Debug)]
struct Page {
    area: Rect,
    /// The measure asked for on the command line (or the default); `=` returns to it.
    default_measure: usize,
    /// The measure chosen with `+`/`-`, when it differs from the default.
    chosen_measure: Option<usize>,
}

impl Page {
    fn measure(&self) -> usize {
        self.chosen_measure.unwrap_or(self.default_measure)
    }

    fn regions(&self) -> Option<Regions> {
        Regions::new(self.area, self.measure())
    }
}

/// What the reader asked the event loop to do.
#[derive(Clone, Copy, Debug, Default)]
struct Requests {
    quit: bool,
    /// Suspend (Ctrl-Z); the event loop carries it out.
    suspend: bool,
}

/// Everything the reader shows.
#[derive(Debug)]
pub struct App {
    /// Shared with the search thread.
    doc: Arc<Document>,
    /// Only the beginning of the document is here yet.
    loading: bool,
    layouts: Layouts,
    reader: Reader,
    mode: Mode,
    searches: Searches,
    marks: Marks,
    page: Page,
    mouse: bool,
    note: Option<String>,
    /// How much of each section has been read (scrolled past), 0–1.
    read: Vec<f32>,
    requests: Requests,
}

impl App {
    /// A reader of `doc` on a screen of `width` x `height`, opened at section index `start`.
    pub fn new(doc: Document, measure: usize, width: u16, height: u16, start: usize) -> App {
        let sections = doc.sections.len();
        let mut app = App {
            layouts: Layouts::new(sections, 0),
            reader: Reader::new(start.min(sections - 1), 1),
            doc: Arc::new(doc),
            loading: false,
            mode: Mode::Reading,
            searches: Searches::default(),
            marks: Marks::default(),
            page: Page {
                area: Rect::new(0, 0, width, height),
                default_measure: measure.max(1),
                chosen_measure: None,
            },
            mouse: false,
            note: None,
            read: vec![0.0; sections],
            requests: Requests::default(),
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
        self.requests.quit
    }

    /// Whether the reader asked to be suspended since the last call.
    pub fn take_suspend(&mut self) -> bool {
        std::mem::take(&mut self.requests.suspend)
    }

    /// Marks the document as still loading (its totals are not yet known).
    pub fn set_loading(&mut self, loading: bool) {
        self.loading = loading;
    }

    pub fn loading(&self) -> bool {
        self.loading
    }

    /// How much of section `i` has been read, 0–1.
    pub fn read_fraction(&self, i: usize) -> f32 {
        self.read.get(i).copied().unwrap_or(0.0)
    }

    /// The search whose matches are highlighted: the one being typed, else the kept one.
    pub fn active_search(&self) -> Option<&Search> {
        self.searches.active()
    }

    /// The screen size the app is laid out for.
    pub fn area_size(&self) -> (u16, u16) {
        (self.page.area.width, self.page.area.height)
    }

    pub fn regions(&self) -> Option<Regions> {
        self.page.regions()
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

    /// The current place: section and anchor.
    pub fn place(&self) -> Place {
        Place {
            section: self.reader.section,
            anchor: self.reader.anchor,
        }
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

    /// The help overlay as it is drawn on this screen.
    pub fn help_box(&self) -> Option<HelpBox> {
        self.regions().map(|r| HelpBox::new(r.page))
    }

    /// The table of contents as it is drawn on this screen.
    pub fn toc_box(&self) -> Option<TocBox> {
        self.regions()
            .map(|r| TocBox::new(r.page, self.doc.sections.len()))
    }

    // --- The document and the screen -----------------------------------------------------

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
    /// place (a source offset, the same in both). Searches start again.
    pub fn replace_document(&mut self, doc: Document) {
        let anchor = self.reader.anchor;
        let sections = doc.sections.len();
        self.doc = Arc::new(doc);
        self.layouts = Layouts::new(sections, 0);
        self.searches.reset();
        self.read = vec![0.0; sections];
        if !matches!(self.mode, Mode::Help { .. }) {
            self.mode = Mode::Reading;
        }
        self.fit_to_screen();
        let section = self.doc.section_at(anchor);
        self.show(Place { section, anchor });
        self.note_progress();
    }

    /// A new terminal size: lay out again and keep the same text at the top.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.page.area = Rect::new(0, 0, width, height);
        self.refit();
    }

    /// Recomputes the page size and layout width for the current screen.
    fn fit_to_screen(&mut self) {
        let (width, height) = match self.regions() {
            Some(r) => (usize::from(r.text.width), usize::from(r.page.height)),
            None => (
                self.page.measure().min(usize::from(self.page.area.width)),
                1,
            ),
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

    /// Keeps overlay scrolling and selection inside their lists.
    fn clamp_overlays(&mut self) {
        let limits = Limits {
            help_max: self.help_box().map_or(0, |h| h.max_scroll()),
            toc_rows: self.toc_box().map_or(1, |t| t.visible().max(1)),
            sections: self.doc.sections.len(),
        };
        self.mode.clamp(limits);
    }

    /// Changes the measure (None: back to the default), keeping the same text at the top.
    fn set_measure(&mut self, measure: Option<usize>) {
        self.page.chosen_measure = measure.filter(|m| *m != self.page.default_measure);
        self.refit();
        self.note = Some(format!("Text column {} wide", self.text_width()));
    }

    /// The widest the text can be on this screen.
    fn widest(&self) -> usize {
        Regions::new(self.page.area, usize::MAX).map_or(1, |r| usize::from(r.text.width))
    }

    /// Records how far the reader has read in the current section.
    fn note_progress(&mut self) {
        let fraction = self.reader.fraction(self.lines()) as f32;
        if let Some(r) = self.read.get_mut(self.reader.section) {
            *r = r.max(fraction);
        }
    }

    // --- Moving ----------------------------------------------------------------------------

    /// Shows the text at a source offset (clamped to the document), as a plain move.
    pub fn go_to_offset(&mut self, offset: usize) {
        let anchor = offset.min(self.doc.len);
        let section = self.doc.section_at(anchor);
        self.show(Place { section, anchor });
        self.note_progress();
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
        self.marks.jumped(here, self.place());
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

    /// Shows a search match a few lines below the top of the page.
    fn show_match(&mut self, m: Match) {
        let lines = self.layouts.get(&self.doc, m.section);
        self.reader.section = m.section;
        let top = line_at(lines, m.start).saturating_sub(MATCH_CONTEXT);
        self.reader.set_top(top, lines);
    }

    /// Scrolls the open overlay, or else the page.
    fn scroll(&mut self, n: usize, down: bool) {
        if !self.mode.scroll(n, down) {
            let lines = self.layouts.get(&self.doc, self.reader.section);
            if down {
                self.reader.down(n, lines);
            } else {
                self.reader.up(n, lines);
            }
        }
        self.clamp_overlays();
    }

    // --- Events ----------------------------------------------------------------------------

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

    /// A key press: the open prompt or overlay takes it first (from its own key table); what
    /// it does not take is a reading action.
    fn key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match &self.mode {
            Mode::Search { .. } => return self.prompt_key(key),
            Mode::SetMark | Mode::JumpToMark if !ctrl => return self.mark_key(key),
            Mode::Toc { .. } => {
                if let Some(action) = keys::contents_action(key) {
                    return self.contents(action);
                }
            }
            _ => {}
        }
        if let Some(action) = keys::action_for(key) {
            self.update(action);
        }
    }

    /// A key in the contents list.
    fn contents(&mut self, action: ContentsAction) {
        self.note = None;
        let page = self.toc_box().map_or(1, |t| t.visible().max(1));
        match action {
            ContentsAction::Down => self.scroll(1, true),
            ContentsAction::Up => self.scroll(1, false),
            ContentsAction::PageDown => self.scroll(page, true),
            ContentsAction::PageUp => self.scroll(page, false),
            ContentsAction::First => self.scroll(usize::MAX, false),
            ContentsAction::Last => self.scroll(usize::MAX, true),
            ContentsAction::Close => self.mode = Mode::Reading,
            ContentsAction::Open => {
                if let Mode::Toc { selected, .. } = self.mode {
                    self.mode = Mode::Reading;
                    self.go_to(selected);
                }
            }
        }
    }

    /// A key after `m` or `'`.
    fn mark_key(&mut self, key: KeyEvent) {
        let setting = self.mode == Mode::SetMark;
        self.mode = Mode::Reading;
        self.note = None;
        let result = match keys::mark_action(key) {
            Some(MarkAction::Letter(c)) if setting => {
                let set = self.marks.set(c, self.place());
                set.map(|()| self.note = Some(format!("Mark {c} set")))
            }
            Some(MarkAction::Letter(c)) => self.marks.get(c).map(|p| self.jump(p)),
            Some(MarkAction::Back) if !setting => self.marks.previous().map(|p| self.jump(p)),
            Some(_) => Ok(()),
            None => match key.code {
                KeyCode::Char(_) => Err("Marks are letters a–z or A–Z".to_string()),
                _ => Ok(()),
            },
        };
        if let Err(note) = result {
            self.note = Some(note);
        }
    }

    fn click(&mut self, column: u16, row: u16) {
        if let (Mode::Toc { top, .. }, Some(toc)) = (&self.mode, self.toc_box()) {
            let inside = column >= toc.area.x && column < toc.area.right();
            let first = toc.area.y + 1;
            if inside && row >= first && row < toc.area.bottom() - 1 {
                let section = top + usize::from(row - first);
                if section < self.doc.sections.len() {
                    self.mode = Mode::Reading;
                    self.go_to(section);
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

    // --- Search ----------------------------------------------------------------------------

    /// A key while a search is typed: the prompt's own keys, else a character of the query.
    fn prompt_key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let Mode::Search { prompt } = &mut self.mode else {
            return;
        };
        let changed = match keys::prompt_action(key) {
            Some(PromptAction::Keep) => return self.keep_search(),
            Some(PromptAction::Cancel) => return self.cancel_search(),
            Some(PromptAction::Quit) => {
                self.requests.quit = true;
                return;
            }
            Some(edit) => prompt.edit(edit),
            None => match key.code {
                KeyCode::Char(c) if !ctrl => {
                    prompt.insert(c);
                    true
                }
                _ => false,
            },
        };
        if changed {
            self.preview_search();
        }
    }

    /// Searches for the query as typed so far and shows the first match from where the
    /// search began (on a large document, when it arrives: see [`App::poll_search`]).
    fn preview_search(&mut self) {
        let Mode::Search { prompt } = &self.mode else {
            return;
        };
        match self.searches.set_query(&prompt.text, &self.doc) {
            Some(Go::Match(m)) => self.show_match(m),
            Some(Go::Origin(origin)) => self.show(origin),
            None => {}
        }
    }

    fn keep_search(&mut self) {
        self.mode = Mode::Reading;
        let Some((origin, kept)) = self.searches.keep(&self.doc) else {
            return;
        };
        match kept {
            Kept::Nothing => {}
            Kept::NotFound(query) => {
                self.note = Some(format!("Not found: {query}"));
                self.show(origin);
            }
            Kept::Found | Kept::Searching => self.marks.jumped(origin, self.place()),
        }
    }

    fn cancel_search(&mut self) {
        self.mode = Mode::Reading;
        if let Some(origin) = self.searches.cancel(&self.doc) {
            self.show(origin);
        }
    }

    /// Whether a search is still running on another thread.
    pub fn search_running(&self) -> bool {
        self.searches.running()
    }

    /// Takes the matches the search thread has found since the last call into the search
    /// that asked for them, going to the first one from where it began. Returns whether
    /// anything changed.
    pub fn poll_search(&mut self) -> bool {
        let polled = self.searches.poll();
        if let Some(m) = polled.go {
            let here = self.place();
            self.show_match(m);
            if polled.kept {
                self.marks.jumped(here, self.place());
            }
            self.note_progress();
        }
        if let Some(note) = polled.note {
            self.note = Some(note);
        }
        polled.changed
    }

    /// Goes to the next (or previous) match of the kept search from the page, wrapping at
    /// the ends.
    fn next_match(&mut self, forward: bool) {
        // Count from the current match while it is on the page, else from the top line.
        let lines = self.lines();
        let (top, height) = (self.reader.top, self.reader.height);
        let on_page = |m: &Match| {
            m.section == self.reader.section
                && (top..top.saturating_add(height)).contains(&line_at(lines, m.start))
        };
        let from = match self
            .searches
            .kept()
            .and_then(Search::current_match)
            .filter(on_page)
        {
            Some(m) => From {
                section: m.section,
                offset: m.start,
                on_match: true,
            },
            None => From {
                section: self.reader.section,
                offset: lines.get(top).map_or(0, |l| l.offset),
                on_match: false,
            },
        };
        match self.searches.step(forward, from) {
            Ok(step) => {
                let here = self.place();
                self.show_match(step.to);
                self.marks.jumped(here, self.place());
                if step.wrapped {
                    self.note = Some(if forward {
                        "Search wrapped to the start".to_string()
                    } else {
                        "Search wrapped to the end".to_string()
                    });
                }
            }
            Err(note) => self.note = Some(note),
        }
    }

    // --- Actions ---------------------------------------------------------------------------

    /// Applies one reading action (the help takes its scrolling keys first).
    pub fn update(&mut self, action: Action) {
        self.note = None;
        if let Mode::Help { .. } = self.mode {
            let page = self.help_box().map_or(1, |h| h.visible().max(1));
            match action {
                Action::LineDown => return self.scroll(1, true),
                Action::LineUp => return self.scroll(1, false),
                Action::PageDown => return self.scroll(page, true),
                Action::PageUp => return self.scroll(page, false),
                Action::Help | Action::Back => {
                    self.mode = Mode::Reading;
                    return;
                }
                Action::Quit => {}
                // Any other key closes the help and does what it says.
                _ => self.mode = Mode::Reading,
            }
        }
        if self.mode.is_overlay() {
            // The contents: a reading key closes it and does what it says.
            self.mode = Mode::Reading;
        }
        match action {
            Action::LineDown => self.down(1),
            Action::PageDown => self.down(self.reader.page()),
            Action::LineUp => self.up(1),
            Action::PageUp => self.up(self.reader.page()),
            Action::HalfPageDown => {
                let lines = self.layouts.get(&self.doc, self.reader.section);
                let n = self.reader.half_page();
                self.reader.down(n, lines);
            }
            Action::HalfPageUp => {
                let lines = self.layouts.get(&self.doc, self.reader.section);
                let n = self.reader.half_page();
                self.reader.up(n, lines);
            }
            Action::SectionTop => {
                let lines = self.layouts.get(&self.doc, self.reader.section);
                let anchor = lines.first().map_or(0, |l| l.offset);
                self.jump(Place {
                    section: self.reader.section,
                    anchor,
                });
            }
            Action::SectionEnd => {
                let here = self.place();
                let lines = self.layouts.get(&self.doc, self.reader.section);
                self.reader.set_top(usize::MAX, lines);
                self.marks.jumped(here, self.place());
            }
            Action::DocumentStart => self.go_to(0),
            Action::DocumentEnd => {
                let here = self.place();
                self.go_to_end(self.doc.sections.len() - 1);
                self.marks.jumped(here, self.place());
            }
            Action::NextSection => {
                if !self.is_last_section() {
                    self.go_to(self.reader.section + 1);
                }
            }
            Action::PrevSection => {
                if self.reader.section > 0 {
                    self.go_to(self.reader.section - 1);
                }
            }
            Action::GoToSection(n) => match self.doc.sections.iter().position(|s| s.number == n) {
                Some(i) => self.go_to(i),
                None => self.note = Some(format!("There is no section {n}")),
            },
            Action::Toc => {
                self.mode = Mode::Toc {
                    selected: self.reader.section,
                    top: 0,
                };
                self.clamp_overlays();
            }
            Action::Search => {
                self.searches.begin(self.place());
                self.mode = Mode::Search {
                    prompt: Prompt::default(),
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
            Action::Help => self.mode = Mode::Help { scroll: 0 },
            Action::Suspend => self.requests.suspend = true,
            Action::Back | Action::Quit => self.requests.quit = true,
        }
    }

    /// Down `n` lines; at the end of a section, on into the next.
    fn down(&mut self, n: usize) {
        let section = self.reader.section;
        let lines = self.layouts.get(&self.doc, section);
        if self.reader.at_end(lines) {
            if section + 1 < self.doc.sections.len() {
                let next = self.layouts.get(&self.doc, section + 1);
                self.reader.open(section + 1, next);
            } else {
                self.note = Some("End of the document".to_string());
            }
        } else {
            self.reader.down(n, lines);
        }
    }

    /// Up `n` lines; at the top of a section, to the end of the one before.
    fn up(&mut self, n: usize) {
        let section = self.reader.section;
        if self.reader.top == 0 {
            if section > 0 {
                self.go_to_end(section - 1);
            }
        } else {
            let lines = self.layouts.get(&self.doc, section);
            self.reader.up(n, lines);
        }
    }

    // --- What is remembered ----------------------------------------------------------------

    /// What to remember about this reading (the caller adds the document's fingerprint).
    pub fn saved(&self) -> Saved {
        Saved {
            fingerprint: 0,
            length: self.doc.len,
            place: self.place(),
            measure: self.page.chosen_measure,
            marks: self.marks.letters().collect(),
            read: self.read.clone(),
        }
    }

    /// Where a saved place is in this document. When the document changed since, the section
    /// holding the saved offset (never past the end); when it is the same, exactly there.
    fn locate(&self, place: Place, unchanged: bool) -> Place {
        if unchanged && place.section < self.doc.sections.len() {
            return place;
        }
        let anchor = place.anchor.min(self.doc.len);
        let section = self.doc.section_at(anchor);
        Place { section, anchor }
    }

    /// Opens a saved reading with its marks, progress and measure, as `how` says. Returns
    /// the note to show.
    pub fn restore(&mut self, saved: &Saved, how: Restore) -> String {
        if !how.keep_measure
            && let Some(m) = saved.measure
        {
            self.page.chosen_measure = Some(m.max(MIN_MEASURE.min(m)));
            self.fit_to_screen();
        }
        let marks: Vec<(char, Place)> = saved
            .marks
            .iter()
            .map(|(c, p)| (*c, self.locate(*p, how.unchanged)))
            .collect();
        self.marks.restore(marks);
        if how.unchanged && saved.read.len() == self.read.len() {
            self.read = saved.read.iter().map(|r| r.clamp(0.0, 1.0)).collect();
        }
        if !how.place {
            self.refit();
            return String::new();
        }
        let place = self.locate(saved.place, how.unchanged);
        self.show(place);
        self.note_progress();
        let name = &self.doc.sections[self.reader.section].title;
        let percent = self.progress().section_percent;
        let note = if how.unchanged {
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
