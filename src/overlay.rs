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
    Toc {
        selected: usize,
        /// First entry shown (the list scrolls when it is longer than the box).
        top: usize,
    },
    /// Typing a search; matches show as the query grows (see [`crate::search::session`]).
    Search {
        prompt: Prompt,
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

/// The search prompt's line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prompt {
    pub text: String,
}

impl Prompt {
    /// Types a character.
    pub fn insert(&mut self, c: char) {
        self.text.push(c);
    }

    /// Applies an editing key; returns whether the text changed. Keys that are not edits
    /// (Enter, Esc, Ctrl-c) change nothing here.
    pub fn edit(&mut self, action: PromptAction) -> bool {
        match action {
            PromptAction::DeleteBack => self.text.pop().is_some(),
            PromptAction::Clear => !std::mem::take(&mut self.text).is_empty(),
            PromptAction::Keep | PromptAction::Cancel => false,
        }
    }
}

/// How far a list can scroll and how much of it shows, for [`Mode::clamp`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The help's largest useful scroll.
    pub help_max: usize,
    /// Entries the contents box shows at once.
    pub toc_rows: usize,
    /// Entries in the contents.
    pub sections: usize,
}

impl Mode {
    /// Whether an overlay (help or contents) is open.
    pub fn is_overlay(&self) -> bool {
        matches!(self, Mode::Help { .. } | Mode::Toc { .. })
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
            Mode::Toc { selected, .. } => *selected = step(*selected),
            _ => return false,
        }
        true
    }

    /// Keeps the help's scroll and the contents' selection inside their lists, with the
    /// selection always in view.
    pub fn clamp(&mut self, limits: Limits) {
        match self {
            Mode::Help { scroll } => *scroll = (*scroll).min(limits.help_max),
            Mode::Toc { selected, top } => {
                let rows = limits.toc_rows.max(1);
                *selected = (*selected).min(limits.sections.saturating_sub(1));
                if *selected < *top {
                    *top = *selected;
                } else if *selected >= *top + rows {
                    *top = *selected + 1 - rows;
                }
                *top = (*top).min(limits.sections.saturating_sub(rows));
            }
            _ => {}
        }
    }
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
        };
        let mut m = Mode::Toc {
            selected: 0,
            top: 0,
        };
        m.scroll(6, Direction::Down);
        m.clamp(limits);
        assert_eq!(
            m,
            Mode::Toc {
                selected: 6,
                top: 3
            }
        );
        m.scroll(usize::MAX, Direction::Down);
        m.clamp(limits);
        assert_eq!(
            m,
            Mode::Toc {
                selected: 9,
                top: 6
            }
        );
        let mut help = Mode::Help { scroll: 0 };
        help.scroll(10, Direction::Down);
        help.clamp(limits);
        assert_eq!(help, Mode::Help { scroll: 3 });
        assert!(!Mode::Reading.scroll(1, Direction::Down));
    }

    #[test]
    fn the_prompt_edits_its_line() {
        let mut p = Prompt::default();
        "abc".chars().for_each(|c| p.insert(c));
        assert!(p.edit(PromptAction::DeleteBack));
        assert_eq!(p.text, "ab");
        assert!(p.edit(PromptAction::Clear));
        assert!(!p.edit(PromptAction::Clear));
        assert!(!p.edit(PromptAction::DeleteBack));
    }
}
