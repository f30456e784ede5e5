//! The app's input: terminal events and key presses, each state's keys first (the prompt,
//! the marks, the contents), then the reading actions of the key table.

use super::{App, MEASURE_STEP, MIN_MEASURE, WHEEL_LINES};
use crate::keys::{self, Action, ContentsAction, MarkAction};
use crate::layout::Paragraphs;
use crate::overlay::{Direction, Mode, Prompt};
use crate::screen;
use crate::state::Place;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

impl App {
    // --- Events ----------------------------------------------------------------------------

    /// Handles one terminal event.
    pub fn handle(&mut self, event: &Event) {
        // Any move stops following the end.
        let before = (self.following, self.reader.section, self.reader.top);
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key(*key),
            Event::Resize(w, h) => self.resize(*w, *h),
            Event::Mouse(m) if self.mouse => match m.kind {
                // Over the page the wheel reads on like ↓ and ↑, across section ends.
                MouseEventKind::ScrollDown if !self.mode.is_overlay() => self.down(WHEEL_LINES),
                MouseEventKind::ScrollUp if !self.mode.is_overlay() => self.up(WHEEL_LINES),
                MouseEventKind::ScrollDown => self.scroll(WHEEL_LINES, Direction::Down),
                MouseEventKind::ScrollUp => self.scroll(WHEEL_LINES, Direction::Up),
                MouseEventKind::Down(MouseButton::Left) => self.click(m.column, m.row),
                _ => {}
            },
            _ => {}
        }
        if before.0 && (before.1, before.2) != (self.reader.section, self.reader.top) {
            self.following = false;
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
            Mode::Number { digits } => {
                let digits = digits.clone();
                self.mode = Mode::Reading;
                self.note = None;
                match key.code {
                    KeyCode::Char(c) if c.is_ascii_digit() && !ctrl => {
                        self.number_typed(format!("{digits}{c}"));
                    }
                    KeyCode::Backspace if digits.len() > 1 => {
                        self.number_typed(digits[..digits.len() - 1].to_string());
                    }
                    KeyCode::Enter => self.go_to_number(&digits),
                    // Any other key cancels.
                    _ => {}
                }
                return;
            }
            Mode::Links { .. } => {
                if let Some(action) = keys::link_action(key) {
                    return self.link_key(action);
                }
                if let Some(action) = keys::contents_action(key) {
                    return self.links_list(action);
                }
                if keys::action_for(key) == Some(Action::Links) {
                    // L again closes the list.
                    self.mode = Mode::Reading;
                    return;
                }
            }
            Mode::Toc {
                filter: Some(_), ..
            } => return self.filter_key(key),
            Mode::Toc { .. } => {
                if key.code == KeyCode::Char('/') && !ctrl {
                    if let Mode::Toc { filter, .. } = &mut self.mode {
                        *filter = Some(String::new());
                    }
                    return;
                }
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
            ContentsAction::Down => self.scroll(1, Direction::Down),
            ContentsAction::Up => self.scroll(1, Direction::Up),
            ContentsAction::PageDown => self.scroll(page, Direction::Down),
            ContentsAction::PageUp => self.scroll(page, Direction::Up),
            ContentsAction::First => self.scroll(usize::MAX, Direction::Up),
            ContentsAction::Last => self.scroll(usize::MAX, Direction::Down),
            ContentsAction::Close => self.mode = Mode::Reading,
            ContentsAction::Open => {
                if let Mode::Toc { selected, .. } = self.mode
                    && let Some(&entry) = self.toc_entries().get(selected)
                {
                    self.open_toc_entry(entry);
                }
            }
            ContentsAction::Unfold => self.fold(false),
            ContentsAction::Fold => self.fold(true),
        }
    }

    /// A key while the contents are filtered: typing narrows the entries; the moving keys,
    /// Enter and Esc keep their meaning (Esc drops the filter).
    fn filter_key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let Mode::Toc {
            filter: Some(filter),
            selected,
            top,
            ..
        } = &mut self.mode
        else {
            return;
        };
        match key.code {
            KeyCode::Char(c) if !ctrl => filter.push(c),
            KeyCode::Backspace => {
                filter.pop();
            }
            KeyCode::Esc => {
                // All entries again, with the reader's own section selected.
                self.mode = Mode::Reading;
                return self.update(Action::Toc);
            }
            _ => {
                if let Some(action) = keys::contents_action(key) {
                    return self.contents(action);
                }
                if let Some(action) = keys::action_for(key) {
                    return self.update(action);
                }
                return;
            }
        }
        *selected = 0;
        *top = 0;
        let shown = self.toc_entries().len();
        self.note = Some(format!(
            "{} of {}",
            crate::document::count(shown, "section"),
            self.doc.sections.len()
        ));
        self.clamp_overlays();
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
                let entry = top + usize::from(row - first);
                if let Some(&entry) = self.toc_entries().get(entry) {
                    self.open_toc_entry(entry);
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
        let hit = screen::tabs(
            &self.doc,
            self.reader.section,
            tabs_row.width,
            self.loading(),
            &self.changed,
        )
        .into_iter()
        .find(|t| column >= t.x && column < t.x.saturating_add(t.width));
        if let Some(tab) = hit {
            self.go_to(tab.section);
        }
    }

    // --- Actions ---------------------------------------------------------------------------

    /// Applies one reading action (the help takes its scrolling keys first).
    pub fn update(&mut self, action: Action) {
        self.note = None;
        if self.help_action(action) {
            return;
        }
        if self.mode.is_overlay() {
            // Any other key closes the help or the contents and does what it says.
            self.mode = Mode::Reading;
        }
        self.reading_action(action);
    }

    /// The help's own use of an action: scrolling, or closing. Returns whether it took it.
    fn help_action(&mut self, action: Action) -> bool {
        if !matches!(self.mode, Mode::Help { .. }) {
            return false;
        }
        let page = self.help_box().map_or(1, |h| h.visible().max(1));
        match action {
            Action::LineDown => self.scroll(1, Direction::Down),
            Action::LineUp => self.scroll(1, Direction::Up),
            Action::PageDown => self.scroll(page, Direction::Down),
            Action::PageUp => self.scroll(page, Direction::Up),
            Action::HalfPageDown => self.scroll(page.div_ceil(2), Direction::Down),
            Action::HalfPageUp => self.scroll(page.div_ceil(2), Direction::Up),
            Action::SectionTop | Action::DocumentStart => self.scroll(usize::MAX, Direction::Up),
            Action::SectionEnd | Action::DocumentEnd => self.scroll(usize::MAX, Direction::Down),
            // Esc, q and ? close the help, as in less.
            Action::Help | Action::Back | Action::Quit => self.mode = Mode::Reading,
            _ => return false,
        }
        true
    }

    /// An action on the page.
    fn reading_action(&mut self, action: Action) {
        match action {
            Action::LineDown => self.down(1),
            Action::PageDown => self.down(self.reader.page()),
            Action::LineUp => self.up(1),
            Action::PageUp => self.up(self.reader.page()),
            // Half pages read on across section ends too.
            Action::HalfPageDown => self.down(self.reader.half_page()),
            Action::HalfPageUp => self.up(self.reader.half_page()),
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
            Action::Follow => self.follow_end(),
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
            Action::NextHeading | Action::PrevHeading => {
                let here = self.place();
                let to = if action == Action::NextHeading {
                    self.doc.heading_after(here.section, here.anchor)
                } else {
                    self.doc.heading_before(here.section, here.anchor)
                };
                match to {
                    Some((section, anchor)) => self.show(Place { section, anchor }),
                    None => self.note = Some("No more headings this way".to_string()),
                }
            }
            Action::GoToSection(n) => self.number_typed(n.to_string()),
            Action::Toc => {
                let selected = self.toc_current();
                self.mode = Mode::Toc {
                    selected,
                    top: 0,
                    filter: None,
                    toggled: Vec::new(),
                };
                self.clamp_overlays();
            }
            Action::Search => {
                self.searches.begin(self.place());
                self.mode = Mode::Search {
                    prompt: Prompt::default(),
                };
            }
            Action::SearchNext => self.next_match(Direction::Down),
            Action::SearchPrev => self.next_match(Direction::Up),
            Action::SetMark => {
                self.mode = Mode::SetMark;
                self.note = Some("Set mark: press a letter".to_string());
            }
            Action::JumpToMark => {
                self.mode = Mode::JumpToMark;
                self.note = Some("Go to mark: press a letter (' to go back)".to_string());
            }
            Action::Links => self.open_links(),
            Action::HistoryBack => self.history(false),
            Action::HistoryForward => self.history(true),
            Action::Wider | Action::Narrower | Action::DefaultWidth => self.measure_action(action),
            Action::Justify => {
                let justify = !self.typesetting().justify;
                self.set_page(Some(justify), None);
            }
            Action::BookParagraphs => {
                let book = self.typesetting().paragraphs != Paragraphs::Book;
                self.set_page(None, Some(book));
            }
            Action::Help => self.mode = Mode::Help { scroll: 0 },
            Action::Suspend => self.requests.suspend = true,
            // Esc takes back a kept search's highlights; with nothing open it never quits (a
            // reflex Esc must not close the book): it says how to.
            Action::Back => {
                if self.searches.clear().is_some() {
                    self.note = Some("Search closed".to_string());
                } else {
                    self.note = Some("q quits (Esc closes what is open)".to_string());
                }
            }
            Action::Quit => self.requests.quit = true,
            Action::Interrupt => {
                self.requests.quit = true;
                self.requests.interrupted = true;
            }
        }
    }

    /// A section number typed so far: jumps at once when no longer section number starts
    /// with it (the essay's `3`); otherwise waits for more digits or Enter, showing them.
    fn number_typed(&mut self, digits: String) {
        let starts = |n: usize| {
            let n = n.to_string();
            n.len() > digits.len() && n.starts_with(&digits)
        };
        let longer = self.doc.sections.iter().any(|s| starts(s.number));
        if longer {
            self.note = Some(format!("go to section {digits}… (Enter goes)"));
            self.mode = Mode::Number { digits };
        } else {
            self.go_to_number(&digits);
        }
    }

    /// Goes to the section numbered `digits`, or says there is none.
    pub fn go_to_number(&mut self, digits: &str) {
        let found = digits
            .parse::<usize>()
            .ok()
            .and_then(|n| self.doc.sections.iter().position(|s| s.number == n));
        match found {
            Some(i) => self.go_to(i),
            None => self.note = Some(format!("There is no section {digits}")),
        }
    }

    /// `+`, `-` and `=`: the text column's width.
    fn measure_action(&mut self, action: Action) {
        let now = self.text_width();
        match action {
            Action::Wider => {
                let wider = (now + MEASURE_STEP).min(self.widest());
                self.set_measure(Some(wider.max(now)));
            }
            Action::Narrower => {
                let narrower = now.saturating_sub(MEASURE_STEP).max(MIN_MEASURE).min(now);
                self.set_measure(Some(narrower));
            }
            _ => self.set_measure(None),
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
}
