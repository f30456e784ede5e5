//! Keys: one table of bindings, each with the action it triggers and its help text.
//!
//! Key handling and the help screen both read [`BINDINGS`], so they cannot drift apart.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Everything a key can ask the reader to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    LineDown,
    LineUp,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    SectionTop,
    SectionEnd,
    DocumentStart,
    DocumentEnd,
    NextSection,
    PrevSection,
    /// Jump to the section with this number.
    GoToSection(usize),
    /// Open the table of contents.
    Toc,
    /// Start typing a search.
    Search,
    SearchNext,
    SearchPrev,
    /// The next letter sets a mark.
    SetMark,
    /// The next letter returns to a mark (`'` again: to the place before the last jump).
    JumpToMark,
    Wider,
    Narrower,
    DefaultWidth,
    Help,
    /// Stop like any job (Ctrl-Z); `fg` in the shell brings the reader back.
    Suspend,
    /// Close an overlay, or quit when none is open.
    Back,
    Quit,
}

/// A key as the table names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Code(KeyCode),
    Ctrl(char),
    /// Any of 0–9.
    Digit,
}

impl Key {
    /// How the help screen and README write this key.
    pub fn label(self) -> String {
        match self {
            Key::Digit => "0–9".to_string(),
            Key::Ctrl(c) => format!("Ctrl-{c}"),
            Key::Code(code) => match code {
                KeyCode::Down => "↓".into(),
                KeyCode::Up => "↑".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "Shift-Tab".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Char(' ') => "Space".into(),
                KeyCode::Char(c) => c.to_string(),
                other => format!("{other:?}"),
            },
        }
    }

    /// The digit this key event is, when it is one of 0–9 and this key is [`Key::Digit`];
    /// `Some(None)` for a plain match.
    fn matches(self, event: &KeyEvent) -> Option<Option<usize>> {
        // Shift is part of the character itself ('G', '<', '?'), so it is not compared.
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        if event.modifiers.contains(KeyModifiers::ALT) {
            return None;
        }
        match (self, event.code) {
            (Key::Digit, KeyCode::Char(c)) if !ctrl => c.to_digit(10).map(|d| Some(d as usize)),
            (Key::Ctrl(k), KeyCode::Char(c)) if ctrl && c.eq_ignore_ascii_case(&k) => Some(None),
            (Key::Code(k), code) if !ctrl && k == code => Some(None),
            _ => None,
        }
    }
}

/// One row of the key table.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
}

use Key::{Code, Ctrl};
use KeyCode::Char;

/// Every key the reader knows, in the order the help screen lists them.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Code(KeyCode::Down), Code(Char('j')), Code(KeyCode::Enter)],
        action: Action::LineDown,
        help: "down a line, then next section",
    },
    Binding {
        keys: &[Code(KeyCode::Up), Code(Char('k'))],
        action: Action::LineUp,
        help: "up a line, then back a section",
    },
    Binding {
        keys: &[Code(KeyCode::PageDown), Code(Char(' ')), Code(Char('f'))],
        action: Action::PageDown,
        help: "down a page",
    },
    Binding {
        keys: &[Code(KeyCode::PageUp), Code(Char('b'))],
        action: Action::PageUp,
        help: "up a page",
    },
    Binding {
        keys: &[Ctrl('d')],
        action: Action::HalfPageDown,
        help: "down half a page",
    },
    Binding {
        keys: &[Ctrl('u')],
        action: Action::HalfPageUp,
        help: "up half a page",
    },
    Binding {
        keys: &[Code(KeyCode::Home), Code(Char('g'))],
        action: Action::SectionTop,
        help: "top of the section",
    },
    Binding {
        keys: &[Code(KeyCode::End), Code(Char('G'))],
        action: Action::SectionEnd,
        help: "end of the section",
    },
    Binding {
        keys: &[Code(Char('<'))],
        action: Action::DocumentStart,
        help: "start of the document",
    },
    Binding {
        keys: &[Code(Char('>'))],
        action: Action::DocumentEnd,
        help: "end of the document",
    },
    Binding {
        keys: &[
            Code(KeyCode::Right),
            Code(Char('l')),
            Code(KeyCode::Tab),
            Code(Char(']')),
        ],
        action: Action::NextSection,
        help: "next section",
    },
    Binding {
        keys: &[
            Code(KeyCode::Left),
            Code(Char('h')),
            Code(KeyCode::BackTab),
            Code(Char('[')),
        ],
        action: Action::PrevSection,
        help: "previous section",
    },
    Binding {
        keys: &[Key::Digit],
        action: Action::GoToSection(0),
        help: "go to the section with that number",
    },
    Binding {
        keys: &[Code(Char('t'))],
        action: Action::Toc,
        help: "table of contents (Enter opens a section)",
    },
    Binding {
        keys: &[Code(Char('/'))],
        action: Action::Search,
        help: "search (Enter keeps it, Esc goes back)",
    },
    Binding {
        keys: &[Code(Char('n'))],
        action: Action::SearchNext,
        help: "next match",
    },
    Binding {
        keys: &[Code(Char('N'))],
        action: Action::SearchPrev,
        help: "previous match",
    },
    Binding {
        keys: &[Code(Char('m'))],
        action: Action::SetMark,
        help: "then a letter: set a mark here",
    },
    Binding {
        keys: &[Code(Char('\''))],
        action: Action::JumpToMark,
        help: "then a letter: go to the mark; ' again: go back",
    },
    Binding {
        keys: &[Code(Char('+'))],
        action: Action::Wider,
        help: "wider text column",
    },
    Binding {
        keys: &[Code(Char('-'))],
        action: Action::Narrower,
        help: "narrower text column",
    },
    Binding {
        keys: &[Code(Char('='))],
        action: Action::DefaultWidth,
        help: "default text column",
    },
    Binding {
        keys: &[Code(Char('?'))],
        action: Action::Help,
        help: "this help",
    },
    Binding {
        keys: &[Ctrl('z')],
        action: Action::Suspend,
        help: "suspend to the shell (fg comes back)",
    },
    Binding {
        keys: &[Code(KeyCode::Esc)],
        action: Action::Back,
        help: "close what is open, or quit",
    },
    Binding {
        keys: &[Code(Char('q')), Ctrl('c')],
        action: Action::Quit,
        help: "quit",
    },
];

/// The action a key press asks for, if any. Releases are ignored; held keys repeat.
pub fn action_for(event: KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    BINDINGS.iter().find_map(|b| {
        b.keys.iter().find_map(|k| {
            k.matches(&event).map(|digit| match digit {
                Some(n) => Action::GoToSection(n),
                None => b.action,
            })
        })
    })
}

/// The help screen's rows: the keys, joined, and what they do.
pub fn help_rows() -> Vec<(String, &'static str)> {
    BINDINGS
        .iter()
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            (keys.join(" "), b.help)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventState;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn keys_map_to_actions() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            action_for(press(KeyCode::Down, none)),
            Some(Action::LineDown)
        );
        assert_eq!(action_for(press(Char('j'), none)), Some(Action::LineDown));
        assert_eq!(action_for(press(Char(' '), none)), Some(Action::PageDown));
        assert_eq!(
            action_for(press(Char('G'), KeyModifiers::SHIFT)),
            Some(Action::SectionEnd)
        );
        assert_eq!(
            action_for(press(Char('d'), KeyModifiers::CONTROL)),
            Some(Action::HalfPageDown)
        );
        assert_eq!(action_for(press(Char('d'), none)), None);
        assert_eq!(
            action_for(press(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevSection)
        );
        assert_eq!(
            action_for(press(Char('3'), none)),
            Some(Action::GoToSection(3))
        );
        assert_eq!(
            action_for(press(Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(action_for(press(Char('z'), none)), None);
    }

    #[test]
    fn releases_are_ignored_and_repeats_count() {
        let mut e = KeyEvent::new_with_kind_and_state(
            KeyCode::Down,
            KeyModifiers::NONE,
            KeyEventKind::Release,
            KeyEventState::NONE,
        );
        assert_eq!(action_for(e), None);
        e.kind = KeyEventKind::Repeat;
        assert_eq!(action_for(e), Some(Action::LineDown));
    }

    #[test]
    fn help_lists_every_binding() {
        let rows = help_rows();
        assert_eq!(rows.len(), BINDINGS.len());
        assert!(rows.iter().any(|(k, h)| k == "q Ctrl-c" && *h == "quit"));
        assert!(rows.iter().any(|(k, _)| k == "PgDn Space f"));
    }
}
