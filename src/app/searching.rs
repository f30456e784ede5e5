//! The app's searching: the prompt's keys, previews as the query grows, keeping or dropping
//! a search, matches arriving from the search thread, and n/N. Which search owns which
//! results is [`crate::search::session`]'s business; this moves the page.

use super::App;
use crate::keys::{self, PromptAction};
use crate::layout::line_at;
use crate::overlay::{Direction, Mode};
use crate::search::session::{From, Go, Kept};
use crate::search::{Match, Search};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl App {
    // --- Search ----------------------------------------------------------------------------

    /// A key while a search is typed: the prompt's own keys, else a character of the query.
    pub(super) fn prompt_key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let Mode::Search { prompt } = &mut self.mode else {
            return;
        };
        let changed = match keys::prompt_action(key) {
            Some(PromptAction::Keep) => return self.keep_search(),
            Some(PromptAction::Cancel) => return self.cancel_search(),
            Some(edit) => prompt.edit(edit, self.searches.history()),
            None => match key.code {
                KeyCode::Char(c) if !ctrl => {
                    let typed = prompt.insert(c);
                    if !typed {
                        self.note = Some(format!(
                            "A search holds at most {} bytes of text",
                            crate::overlay::Prompt::LONGEST
                        ));
                    }
                    typed
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
            Kept::Failed(note) => self.note = Some(note),
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
    pub(super) fn next_match(&mut self, direction: Direction) {
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
        match self.searches.step(direction, from) {
            Ok(step) => {
                let here = self.place();
                self.show_match(step.to);
                self.marks.jumped(here, self.place());
                if step.wrapped {
                    self.note = Some(match direction {
                        Direction::Down => "Search wrapped to the start".to_string(),
                        Direction::Up => "Search wrapped to the end".to_string(),
                    });
                }
            }
            Err(note) => self.note = Some(note),
        }
    }
}
