//! The app: composes the document and its layouts, the reader's place, what is open over
//! the page, the searches and the marks, and applies events to them.
//!
//! [`App::handle`] takes a terminal event and [`App::update`] an action; together with the
//! few setters the event loop calls when the document loads or a search reports
//! ([`App::replace_document`], [`App::poll_search`], [`App::restore`]), they are how reading
//! state changes. Drawing ([`crate::ui`]) only reads it. Layout happens here, through the
//! cache, when the width changes or a section is first shown, never while drawing.

mod contents;
mod follow;
mod input;
mod live;
mod loading;
mod remember;
mod searching;

use crate::document::{Document, minutes};
use crate::keys::{self, Action};
use crate::layout::{Format, Layouts, Line, Links, Paragraphs, Typesetting, line_at};
use crate::marks::Marks;
use crate::overlay::{Direction, Limits, Mode};
use crate::reader::Reader;
use crate::screen::{HelpBox, Regions, TocBox};
use crate::search::{Match, Search, Searches};

use crate::state::Place;
pub use live::{Source, Taken};
use ratatui::crossterm::event::Event;
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

/// Whether a saved reading is of the text open now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sameness {
    /// The same text (fingerprint and length): places are exact.
    Same,
    /// The same text, its places filed while it was still loading: each is found again by
    /// its offset.
    SameByOffset,
    /// The text changed since: each place is mapped to the section holding its offset.
    Changed,
}

/// What of a saved reading [`App::restore`] brings back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Restore {
    pub text: Sameness,
    /// `--width` was given: it wins over the remembered measure.
    pub keep_measure: bool,
    /// `--justify` or `--paragraphs` was given: they win over the remembered page.
    pub keep_page: bool,
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
    /// How prose is set, as the command line asked (for this document's language).
    typesetting: Typesetting,
    /// Justified or not, when chosen with `J` against the command line.
    chosen_justify: Option<bool>,
    /// Book-style paragraphs or not, when chosen with `P` against the command line.
    chosen_book: Option<bool>,
    /// Code is highlighted (there is colour to show it in).
    highlight: bool,
}

impl Page {
    fn measure(&self) -> usize {
        self.chosen_measure.unwrap_or(self.default_measure)
    }

    /// How prose is set now: the command line's setting with the reader's choices.
    fn typesetting(&self) -> Typesetting {
        let base = self.typesetting;
        let paragraphs = match self.chosen_book {
            Some(true) => Paragraphs::Book,
            Some(false) => Paragraphs::Spaced,
            None => base.paragraphs,
        };
        Typesetting {
            justify: self.chosen_justify.unwrap_or(base.justify),
            paragraphs,
            ..base
        }
    }

    fn regions(&self) -> Option<Regions> {
        Regions::new(self.area, self.measure())
    }
}

/// One row of the contents list.
#[derive(Clone, Debug, PartialEq)]
pub struct TocRow<'a> {
    pub number: usize,
    pub title: &'a str,
    /// Not known yet for a section of a document still loading.
    pub words: Option<usize>,
    /// How much of it has been read, 0–1.
    pub read: f32,
    /// A sub-heading of the section above it, not a section.
    pub heading: bool,
    /// The section's text changed when it was read again, and it is not yet visited.
    pub changed: bool,
}

/// While a large document loads, only its beginning is here, sectioned by its own headings
/// (the whole's title and the level it splits at may differ): its numbers are provisional.
#[derive(Clone, Debug, PartialEq)]
struct Partial {
    /// The whole text's length, once known.
    total: Option<usize>,
    /// Words per byte in the part read first, to estimate what is left.
    words_per_byte: f64,
}

/// What the reader asked the event loop to do.
#[derive(Clone, Debug, Default)]
struct Requests {
    quit: bool,
    /// The quit was Ctrl-c: out of everything, not back to a list.
    interrupted: bool,
    /// Suspend (Ctrl-Z); the event loop carries it out.
    suspend: bool,
    /// Copy this to the clipboard, through the terminal.
    copy: Option<String>,
    /// Open this address with the system's opener.
    open: Option<String>,
    /// Leave this document for another (the event loop opens it).
    navigate: Option<Navigate>,
}

/// Leaving the document for another: one a link names, or the one before or after it in
/// the way back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Navigate {
    /// A link's address: a path relative to the document's folder, perhaps with `#anchor`.
    Open(String),
    Back,
    Forward,
}

/// Everything the reader shows.
#[derive(Debug)]
pub struct App {
    /// Shared with the search thread.
    doc: Arc<Document>,
    /// Only part of the document is here yet (it is loading).
    loading: Option<Partial>,
    layouts: Layouts,
    reader: Reader,
    mode: Mode,
    searches: Searches,
    marks: Marks,
    page: Page,
    mouse: bool,
    /// Documents to go back and forward to (Backspace and Alt-→ past this one's jumps).
    neighbours: (bool, bool),
    note: Option<String>,
    /// How much of each section has been read (scrolled past), 0–1.
    read: Vec<f32>,
    /// The contents as a tree, made when first asked for (see `contents.rs`).
    toc: std::cell::OnceCell<Vec<contents::TocItem>>,
    requests: Requests,
    /// Sections that changed when the text was read again, not yet visited (see `live.rs`).
    changed: Vec<bool>,
    /// The view keeps to the end as text arrives (`F`).
    following: bool,
    /// Where a live document's text comes from, for the status line.
    source: Source,
    /// Links' text carries OSC 8 hyperlinks (the terminal shows them; see `follow.rs`).
    hyperlinks: bool,
    /// The clickable links of the section shown, made when first drawn, for the section they
    /// were made for (forgotten when the document is replaced).
    clickable: std::cell::RefCell<Option<(usize, std::rc::Rc<Vec<Hyperlink>>)>>,
}

/// A link's text as a range of source offsets, and the address it is clickable to (cleaned
/// for the terminal).
pub type Hyperlink = (usize, usize, String);

impl App {
    /// A reader of `doc` on a screen of `width` x `height`, opened at section index `start`.
    pub fn new(doc: Document, measure: usize, width: u16, height: u16, start: usize) -> App {
        let sections = doc.sections.len();
        let doc_lang = doc.lang.clone();
        let mut app = App {
            layouts: Layouts::new(sections, Format::new(0)),
            reader: Reader::new(start.min(sections - 1), 1),
            doc: Arc::new(doc),
            loading: None,
            mode: Mode::Reading,
            searches: Searches::default(),
            marks: Marks::default(),
            page: Page {
                area: Rect::new(0, 0, width, height),
                default_measure: measure.max(1),
                chosen_measure: None,
                typesetting: Typesetting::default().for_language(doc_lang.as_deref()),
                chosen_justify: None,
                chosen_book: None,
                highlight: false,
            },
            mouse: false,
            neighbours: (false, false),
            note: None,
            read: vec![0.0; sections],
            toc: std::cell::OnceCell::new(),
            requests: Requests::default(),
            changed: Vec::new(),
            following: false,
            source: Source::Still,
            hyperlinks: false,
            clickable: std::cell::RefCell::new(None),
        };
        app.fit_to_screen();
        let section = app.reader.section;
        let lines = app.layouts.get(&app.doc, section);
        app.reader.open(section, lines);
        app.note_progress();
        app
    }

    /// Highlights code in the languages it knows (see [`crate::highlight`]): when there is
    /// colour to show it in.
    pub fn with_highlight(mut self, on: bool) -> App {
        self.page.highlight = on;
        self.refit();
        self
    }

    /// Lays out again the code laid out plain while its highlighter was being made, once it
    /// is ready; returns whether it did (the page is to be drawn again).
    pub fn take_highlighters(&mut self) -> bool {
        if !self.page.highlight
            || self.layouts.format().highlighters == crate::highlight::generation()
        {
            return false;
        }
        self.refit();
        true
    }

    /// Sets prose this way (for the document's own language, when `set` hyphenates
    /// automatically).
    pub fn with_typesetting(mut self, set: Typesetting) -> App {
        self.page.typesetting = set.for_language(self.doc.lang.as_deref());
        self.refit();
        self
    }

    /// How prose is set now.
    pub fn typesetting(&self) -> Typesetting {
        self.layouts.format().set
    }

    /// Chooses justified text and book-style paragraphs (`None` leaves one as it is), and
    /// says what changed.
    fn set_page(&mut self, justify: Option<bool>, book: Option<bool>) {
        let base = self.page.typesetting;
        if let Some(j) = justify {
            self.page.chosen_justify = (j != base.justify).then_some(j);
        }
        if let Some(b) = book {
            let base_book = base.paragraphs == Paragraphs::Book;
            self.page.chosen_book = (b != base_book).then_some(b);
        }
        self.refit();
        let set = self.typesetting();
        self.note = Some(match (justify, book) {
            (Some(_), _) if set.justify => "Justified".to_string(),
            (Some(_), _) => "Ragged right".to_string(),
            _ if set.paragraphs == Paragraphs::Book => "Book paragraphs".to_string(),
            _ => "Spaced paragraphs".to_string(),
        });
    }

    /// Shows link addresses this way (references by default).
    pub fn with_links(mut self, links: Links) -> App {
        let format = Format {
            links,
            ..self.layouts.format()
        };
        self.layouts.set_format(format);
        self.refit();
        self
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

    /// Whether the quit asked for was Ctrl-c (out of the library too).
    pub fn interrupted(&self) -> bool {
        self.requests.interrupted
    }

    /// Whether the reader asked to be suspended since the last call.
    pub fn take_suspend(&mut self) -> bool {
        std::mem::take(&mut self.requests.suspend)
    }

    /// Text to copy to the clipboard (through the terminal), once.
    pub fn take_copy(&mut self) -> Option<String> {
        self.requests.copy.take()
    }

    /// Another document to go to, once.
    pub fn take_navigate(&mut self) -> Option<Navigate> {
        self.requests.navigate.take()
    }

    /// Whether there are documents to go back and forward to, before and after this one.
    pub fn set_neighbours(&mut self, back: bool, forward: bool) {
        self.neighbours = (back, forward);
    }

    /// An address to open with the system's opener, once.
    pub fn take_open(&mut self) -> Option<String> {
        self.requests.open.take()
    }

    /// The links and footnote references of the section on screen.
    pub fn links(&self) -> Vec<crate::document::links::Link> {
        let blocks = self.doc.blocks(self.reader.section);
        match self.layouts.format().links {
            // Numbered as the text numbers them.
            Links::References => crate::document::links::listed(&blocks),
            Links::Inline => crate::document::links::in_blocks(&blocks),
        }
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
        self.regions().map(|_| HelpBox::new(self.page.area))
    }

    // --- The document and the screen -----------------------------------------------------

    /// Frees what a past layout left (see [`Layouts::tidy`]): for when the frame is drawn.
    pub fn tidy(&mut self) {
        self.layouts.tidy();
    }

    /// A new terminal size: lay out again and keep the same text at the top.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.page.area = Rect::new(0, 0, width, height);
        self.refit();
    }

    /// Recomputes the page size and layout format for the current screen: prose at the
    /// measure, code out to the column before the scrollbar's gap.
    fn fit_to_screen(&mut self) {
        let (width, code_width, height) = match self.regions() {
            Some(r) => (
                usize::from(r.text.width),
                usize::from(r.scrollbar.x.saturating_sub(r.text.x + 1)),
                usize::from(r.page.height),
            ),
            None => {
                let w = self.page.measure().min(usize::from(self.page.area.width));
                (w, w, 1)
            }
        };
        let width = width.max(1);
        let highlight = if self.page.highlight {
            crate::highlight::Highlighting::Soon
        } else {
            crate::highlight::Highlighting::Off
        };
        self.layouts.set_format(Format {
            width,
            code_width: code_width.max(width),
            links: self.layouts.format().links,
            set: self.page.typesetting(),
            highlight,
            highlighters: if self.page.highlight {
                crate::highlight::generation()
            } else {
                0
            },
        });
        self.reader.height = height.max(1);
    }

    /// The columns code may use now (prose uses [`App::text_width`]).
    pub fn code_width(&self) -> usize {
        self.layouts.format().code_width
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
    /// Only the open overlay's geometry is worked out (nothing at all while reading).
    fn clamp_overlays(&mut self) {
        let rows = |b: Option<TocBox>| b.map_or(1, |t| t.visible().max(1));
        let limits = match self.mode {
            Mode::Help { .. } => Limits {
                help_max: self.help_box().map_or(0, |h| h.max_scroll()),
                ..Limits::default()
            },
            Mode::Toc { .. } => Limits {
                toc_rows: rows(self.toc_box()),
                sections: self.toc_entries().len(),
                ..Limits::default()
            },
            Mode::Links { .. } => Limits {
                toc_rows: rows(self.links_box()),
                links: self.links().len(),
                ..Limits::default()
            },
            _ => return,
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

    /// Shows `offset` in section `section` (a heading a link named), as a plain move.
    pub fn show_place(&mut self, section: usize, offset: usize) {
        self.show(Place {
            section,
            anchor: offset,
        });
        self.note_progress();
    }

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
        self.visited();
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
        self.visited();
    }

    /// Shows a search match a few lines below the top of the page.
    fn show_match(&mut self, m: Match) {
        let lines = self.layouts.get(&self.doc, m.section);
        self.reader.section = m.section;
        let top = line_at(lines, m.start).saturating_sub(MATCH_CONTEXT);
        self.reader.set_top(top, lines);
    }

    /// Scrolls the open overlay, or else the page.
    fn scroll(&mut self, n: usize, direction: Direction) {
        if !self.mode.scroll(n, direction) {
            let lines = self.layouts.get(&self.doc, self.reader.section);
            match direction {
                Direction::Down => self.reader.down(n, lines),
                Direction::Up => self.reader.up(n, lines),
            }
        }
        self.clamp_overlays();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screen;
    use ratatui::crossterm::event::{KeyCode, MouseButton, MouseEventKind};

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
        assert!(!a.should_quit(), "Esc with nothing open never quits");
        assert_eq!(a.note(), Some("q quits (Esc closes what is open)"));
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
        let tab = screen::tabs(a.document(), 0, row.width, false, &[])
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
    fn with_only_the_beginning_only_moves_within_it_go_ahead_and_once_whole_all_do() {
        use ratatui::crossterm::event::KeyEvent;
        let key = |c: KeyCode| Event::Key(KeyEvent::from(c));
        let mut a = app();
        a.set_loading(true);
        assert!(a.loading());
        assert!(a.can_handle_before_loaded(&key(KeyCode::Down)));
        assert!(a.can_handle_before_loaded(&key(KeyCode::Char('q'))));
        assert!(a.can_handle_before_loaded(&Event::Resize(10, 10)));
        assert!(!a.can_handle_before_loaded(&key(KeyCode::Char('>'))));
        assert!(!a.can_handle_before_loaded(&key(KeyCode::Char('/'))));
        assert!(!a.can_handle_before_loaded(&key(KeyCode::Char('t'))));
        // Numbers are the beginning's own until the whole is here: none goes ahead.
        assert!(!a.can_handle_before_loaded(&key(KeyCode::Char('3'))));
        // At the end of the last section here, going on needs the rest.
        a.update(Action::DocumentEnd);
        assert!(!a.can_handle_before_loaded(&key(KeyCode::Down)));
        assert!(a.can_handle_before_loaded(&key(KeyCode::Up)));
        assert_eq!(
            a.toc_row(0).map(|r| r.words),
            Some(None),
            "words not known yet"
        );
        // Whole: everything goes ahead.
        a.complete(essay_like());
        assert!(!a.loading());
        for c in ['>', '/', 't', '3'] {
            assert!(a.can_handle_before_loaded(&key(KeyCode::Char(c))), "{c}");
        }
        assert!(a.toc_row(0).is_some_and(|r| r.words.is_some()));
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
