//! The app: the document, its laid-out sections, the reader's place and the open mode.
//!
//! [`App::update`] is the only place reading state changes; [`App::resize`] handles a new
//! terminal size. Layout happens here and only here, when the width changes or a section is
//! first shown, never while drawing.

use crate::document::{Document, minutes};
use crate::keys::{self, Action};
use crate::layout::{Line, layout_section};
use crate::reader::Reader;
use crate::screen::{self, HelpBox, Regions};
use ratatui::crossterm::event::{Event, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

/// The reading measure when none is asked for.
pub const DEFAULT_MEASURE: usize = 72;

/// Lines the mouse wheel scrolls at a time.
const WHEEL_LINES: usize = 3;

/// Sections laid out at one width, each done the first time it is needed.
#[derive(Debug)]
pub struct Layouts {
    width: usize,
    sections: Vec<Option<Vec<Line>>>,
}

impl Layouts {
    pub fn new(sections: usize, width: usize) -> Layouts {
        Layouts {
            width,
            sections: vec![None; sections],
        }
    }

    pub fn width(&self) -> usize {
        self.width
    }

    /// Changes the width, dropping every layout made at the old one.
    pub fn set_width(&mut self, width: usize) {
        if width != self.width {
            self.width = width;
            self.sections.iter_mut().for_each(|s| *s = None);
        }
    }

    /// The lines of section `i`, laid out now if they were not yet.
    pub fn get(&mut self, doc: &Document, i: usize) -> &[Line] {
        let width = self.width;
        self.sections[i].get_or_insert_with(|| layout_section(&doc.sections[i], width))
    }

    /// The lines of section `i` if they are laid out.
    pub fn cached(&self, i: usize) -> Option<&[Line]> {
        self.sections.get(i)?.as_deref()
    }
}

/// What the screen is showing over the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    Reading,
    Help { scroll: usize },
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
    doc: Document,
    layouts: Layouts,
    reader: Reader,
    mode: Mode,
    measure: usize,
    area: Rect,
    mouse: bool,
    quit: bool,
    note: Option<String>,
}

impl App {
    /// A reader of `doc` on a screen of `width` x `height`, opened at section index `start`.
    pub fn new(doc: Document, measure: usize, width: u16, height: u16, start: usize) -> App {
        let sections = doc.sections.len();
        let mut app = App {
            layouts: Layouts::new(sections, 0),
            reader: Reader::new(start.min(sections - 1), 1),
            doc,
            mode: Mode::Reading,
            measure: measure.max(1),
            area: Rect::new(0, 0, width, height),
            mouse: false,
            quit: false,
            note: None,
        };
        app.fit_to_screen();
        let section = app.reader.section;
        let lines = app.layouts.get(&app.doc, section);
        app.reader.open(section, lines);
        app
    }

    /// Turns on mouse handling (wheel scrolling and clickable tabs).
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

    /// The screen size the app is laid out for.
    pub fn area_size(&self) -> (u16, u16) {
        (self.area.width, self.area.height)
    }

    pub fn regions(&self) -> Option<Regions> {
        Regions::new(self.area, self.measure)
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

    /// Recomputes the page size and layout width for the current screen.
    fn fit_to_screen(&mut self) {
        let (width, height) = match self.regions() {
            Some(r) => (usize::from(r.text.width), usize::from(r.page.height)),
            None => (self.measure.min(usize::from(self.area.width)), 1),
        };
        self.layouts.set_width(width.max(1));
        self.reader.height = height.max(1);
    }

    /// A new terminal size: lay out again and keep the same text at the top.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.area = Rect::new(0, 0, width, height);
        self.fit_to_screen();
        let lines = self.layouts.get(&self.doc, self.reader.section);
        self.reader.reanchor(lines);
        self.clamp_help();
    }

    /// Handles one terminal event.
    pub fn handle(&mut self, event: &Event) {
        match event {
            Event::Key(key) => {
                if let Some(action) = keys::action_for(*key) {
                    self.update(action);
                }
            }
            Event::Resize(w, h) => self.resize(*w, *h),
            Event::Mouse(m) if self.mouse => match m.kind {
                MouseEventKind::ScrollDown => self.scroll(WHEEL_LINES, true),
                MouseEventKind::ScrollUp => self.scroll(WHEEL_LINES, false),
                MouseEventKind::Down(MouseButton::Left) => self.click(m.column, m.row),
                _ => {}
            },
            _ => {}
        }
    }

    fn scroll(&mut self, n: usize, down: bool) {
        if let Mode::Help { scroll } = &mut self.mode {
            *scroll = if down {
                scroll.saturating_add(n)
            } else {
                scroll.saturating_sub(n)
            };
            self.clamp_help();
            return;
        }
        let lines = self.layouts.get(&self.doc, self.reader.section);
        if down {
            self.reader.down(n, lines);
        } else {
            self.reader.up(n, lines);
        }
    }

    fn click(&mut self, column: u16, row: u16) {
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

    fn help_page(&self) -> usize {
        self.help_box().map_or(1, |h| h.visible().max(1))
    }

    fn clamp_help(&mut self) {
        let max = self.help_box().map_or(0, |h| h.max_scroll());
        if let Mode::Help { scroll } = &mut self.mode {
            *scroll = (*scroll).min(max);
        }
    }

    fn go_to(&mut self, section: usize) {
        let lines = self.layouts.get(&self.doc, section);
        self.reader.open(section, lines);
    }

    fn go_to_end(&mut self, section: usize) {
        let lines = self.layouts.get(&self.doc, section);
        self.reader.open_at_end(section, lines);
    }

    /// Applies one action. The only place the reading state changes.
    pub fn update(&mut self, action: Action) {
        self.note = None;
        if let Mode::Help { .. } = self.mode {
            match action {
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
            }
        }
        let section = self.reader.section;
        let last = self.doc.sections.len() - 1;
        let lines = self.layouts.get(&self.doc, section);
        let r = &mut self.reader;
        match action {
            Action::LineDown | Action::PageDown if r.at_end(lines) => {
                if section < last {
                    self.go_to(section + 1);
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
            Action::SectionTop => r.set_top(0, lines),
            Action::SectionEnd => r.set_top(usize::MAX, lines),
            Action::DocumentStart => self.go_to(0),
            Action::DocumentEnd => self.go_to_end(last),
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
            Action::Help => {
                self.mode = Mode::Help { scroll: 0 };
            }
            Action::Back => self.quit = true,
            Action::Quit => self.quit = true,
        }
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
