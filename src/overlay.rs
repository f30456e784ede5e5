//! Overlays and prompts: what the screen shows over the page (the help, the contents), the
//! search prompt, and the wait for a mark's letter, each with the state that belongs to it.
//!
//! [`Mode`] says which is open. Its scrolling and selection are kept inside their lists by
//! [`Mode::clamp`], with the geometry of [`crate::screen`], so what is drawn and what keys
//! move agree.

use crate::keys::PromptAction;

/// What is open over the page, with its state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    Reading,
    Help {
        scroll: usize,
    },
    /// The contents; `selected` and `top` count the entries shown (those matching the
    /// filter, when one is typed after `/`).
    Toc {
        selected: usize,
        /// First entry shown (the list scrolls when it is longer than the box).
        top: usize,
        /// Titles are filtered by this (any case), typed after `/`.
        filter: Option<String>,
        /// Sections folded the other way than by default (the one being read open, the
        /// others folded).
        toggled: Vec<usize>,
    },
    /// Typing a search; matches show as the query grows (see [`crate::search::session`]).
    Search {
        prompt: Prompt,
    },
    /// A section number being typed (more than one section number starts with it).
    Number {
        digits: String,
    },
    /// The current section's links and footnote references; `typed` is a link number
    /// being typed.
    Links {
        selected: usize,
        top: usize,
        typed: String,
    },
    /// Waiting for the letter of a mark to set.
    SetMark,
    /// Waiting for the letter of a mark to go to.
    JumpToMark,
}

/// Which way a move goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Down the page, forward through the document.
    Down,
    /// Up the page, back through the document.
    Up,
}

/// The search prompt's line: its text, the cursor in it, and which earlier query is shown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prompt {
    pub text: String,
    /// A byte offset in `text`, always on a character boundary.
    pub cursor: usize,
    /// Browsing the earlier queries: which one is shown, and the line typed before.
    recalled: Option<(usize, String)>,
}

impl Prompt {
    /// Types a character at the cursor; false (and nothing typed) once the query holds
    /// [`Prompt::LONGEST`] bytes, so pasting a page into the prompt costs no more than
    /// typing that much.
    pub fn insert(&mut self, c: char) -> bool {
        if self.text.len() + c.len_utf8() > Prompt::LONGEST {
            return false;
        }
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
        true
    }

    /// The longest query, in bytes: longer than any phrase worth finding.
    pub const LONGEST: usize = 1024;

    /// The character boundary before the cursor (the cursor itself at the start).
    fn before(&self) -> usize {
        self.text[..self.cursor]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    /// The character boundary after the cursor.
    fn after(&self) -> usize {
        self.text[self.cursor..]
            .chars()
            .next()
            .map_or(self.cursor, |c| self.cursor + c.len_utf8())
    }

    /// Applies an editing key, with `history` the earlier queries (oldest first); returns
    /// whether the text changed. Keys that are not edits (Enter, Esc) change nothing.
    pub fn edit(&mut self, action: PromptAction, history: &[String]) -> bool {
        let before = self.text.clone();
        match action {
            PromptAction::Left => self.cursor = self.before(),
            PromptAction::Right => self.cursor = self.after(),
            PromptAction::Start => self.cursor = 0,
            PromptAction::End => self.cursor = self.text.len(),
            PromptAction::DeleteBack => {
                let at = self.before();
                self.text.replace_range(at..self.cursor, "");
                self.cursor = at;
            }
            PromptAction::DeleteForward => {
                let end = self.after();
                self.text.replace_range(self.cursor..end, "");
            }
            PromptAction::DeleteWord => {
                let head = &self.text[..self.cursor];
                let kept = head.trim_end().len();
                let word = head[..kept].rfind(char::is_whitespace).map_or(0, |i| i + 1);
                self.text.replace_range(word..self.cursor, "");
                self.cursor = word;
            }
            PromptAction::DeleteToStart => {
                self.text.replace_range(..self.cursor, "");
                self.cursor = 0;
            }
            PromptAction::Older | PromptAction::Newer => self.recall(action, history),
            PromptAction::Keep | PromptAction::Cancel => {}
        }
        self.text != before
    }

    /// Shows an earlier (or later) query of this run in place of the line.
    fn recall(&mut self, action: PromptAction, history: &[String]) {
        let next = match (&self.recalled, action) {
            (None, PromptAction::Older) => history.len().checked_sub(1),
            (Some((i, _)), PromptAction::Older) => Some(i.saturating_sub(1)),
            (Some((i, _)), PromptAction::Newer) if i + 1 < history.len() => Some(i + 1),
            _ => None,
        };
        match (next, action) {
            (Some(i), _) => {
                let draft = match self.recalled.take() {
                    Some((_, draft)) => draft,
                    None => self.text.clone(),
                };
                self.text = history[i].clone();
                self.recalled = Some((i, draft));
            }
            // Past the newest: back to the line being typed.
            (None, PromptAction::Newer) => {
                if let Some((_, draft)) = self.recalled.take() {
                    self.text = draft;
                }
            }
            _ => {}
        }
        self.cursor = self.text.len();
    }
}

/// How far a list can scroll and how much of it shows, for [`Mode::clamp`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    /// The help's largest useful scroll.
    pub help_max: usize,
    /// Entries the contents box shows at once.
    pub toc_rows: usize,
    /// Entries in the contents.
    pub sections: usize,
    /// Entries in the links list.
    pub links: usize,
}

impl Mode {
    /// Whether an overlay (help, contents or links) is open.
    pub fn is_overlay(&self) -> bool {
        matches!(
            self,
            Mode::Help { .. } | Mode::Toc { .. } | Mode::Links { .. }
        )
    }

    /// Scrolls the help or moves the contents' selection by `n`; returns false when no
    /// overlay is open (the page should scroll instead).
    pub fn scroll(&mut self, n: usize, direction: Direction) -> bool {
        let step = |v: usize| match direction {
            Direction::Down => v.saturating_add(n),
            Direction::Up => v.saturating_sub(n),
        };
        match self {
            Mode::Help { scroll } => *scroll = step(*scroll),
            Mode::Toc { selected, .. } | Mode::Links { selected, .. } => {
                *selected = step(*selected)
            }
            _ => return false,
        }
        true
    }

    /// Keeps the help's scroll and the contents' selection inside their lists, with the
    /// selection always in view.
    pub fn clamp(&mut self, limits: Limits) {
        match self {
            Mode::Help { scroll } => *scroll = (*scroll).min(limits.help_max),
            Mode::Toc { selected, top, .. } => {
                in_view(selected, top, limits.toc_rows, limits.sections)
            }
            Mode::Links { selected, top, .. } => {
                in_view(selected, top, limits.toc_rows, limits.links)
            }
            _ => {}
        }
    }
}

/// Keeps a list's selection among its `entries`, and in view in a box of `rows`.
fn in_view(selected: &mut usize, top: &mut usize, rows: usize, entries: usize) {
    let rows = rows.max(1);
    *selected = (*selected).min(entries.saturating_sub(1));
    if *selected < *top {
        *top = *selected;
    } else if *selected >= *top + rows {
        *top = *selected + 1 - rows;
    }
    *top = (*top).min(entries.saturating_sub(rows));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contents_selection_stays_in_the_list_and_in_view() {
        let limits = Limits {
            help_max: 3,
            toc_rows: 4,
            sections: 10,
            links: 0,
        };
        let mut m = Mode::Toc {
            selected: 0,
            top: 0,
            filter: None,
            toggled: Vec::new(),
        };
        m.scroll(6, Direction::Down);
        m.clamp(limits);
        assert_eq!(
            m,
            Mode::Toc {
                selected: 6,
                top: 3,
                filter: None,
                toggled: Vec::new()
            }
        );
        m.scroll(usize::MAX, Direction::Down);
        m.clamp(limits);
        assert_eq!(
            m,
            Mode::Toc {
                selected: 9,
                top: 6,
                filter: None,
                toggled: Vec::new()
            }
        );
        let mut help = Mode::Help { scroll: 0 };
        help.scroll(10, Direction::Down);
        help.clamp(limits);
        assert_eq!(help, Mode::Help { scroll: 3 });
        assert!(!Mode::Reading.scroll(1, Direction::Down));
    }

    #[test]
    fn the_prompt_edits_like_a_shell_line() {
        let mut p = Prompt::default();
        let none: &[String] = &[];
        "make a connection"
            .chars()
            .for_each(|c| assert!(p.insert(c)));
        assert!(p.edit(PromptAction::DeleteWord, none));
        assert_eq!(p.text, "make a ");
        p.edit(PromptAction::Left, none);
        p.insert('n');
        assert_eq!(p.text, "make an ");
        p.edit(PromptAction::Start, none);
        assert!(p.edit(PromptAction::DeleteForward, none));
        assert_eq!(p.text, "ake an ");
        p.edit(PromptAction::End, none);
        assert!(p.edit(PromptAction::DeleteBack, none));
        p.edit(PromptAction::Left, none);
        assert!(p.edit(PromptAction::DeleteToStart, none));
        assert_eq!((p.text.as_str(), p.cursor), ("n", 0));
        assert!(!p.edit(PromptAction::DeleteToStart, none));
        // Non-ASCII moves by characters.
        let mut p = Prompt::default();
        "été".chars().for_each(|c| assert!(p.insert(c)));
        p.edit(PromptAction::Left, none);
        p.edit(PromptAction::DeleteBack, none);
        assert_eq!(p.text, "éé");
    }

    #[test]
    fn up_and_down_recall_this_runs_queries() {
        let history = ["first".to_string(), "second".to_string()];
        let mut p = Prompt::default();
        p.insert('x');
        p.edit(PromptAction::Older, &history);
        assert_eq!(p.text, "second");
        p.edit(PromptAction::Older, &history);
        assert_eq!(p.text, "first");
        p.edit(PromptAction::Older, &history);
        assert_eq!(p.text, "first", "the oldest stays");
        p.edit(PromptAction::Newer, &history);
        assert_eq!(p.text, "second");
        p.edit(PromptAction::Newer, &history);
        assert_eq!(p.text, "x", "back to the line being typed");
    }
}
