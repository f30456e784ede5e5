//! Keys: one table of bindings, each with the action it triggers and its help text.
//!
//! Key handling and the help screen both read these tables ([`BINDINGS`] while reading, and
//! one for each state that takes keys of its own: [`PROMPT_KEYS`] while typing a search,
//! [`CONTENTS_KEYS`] in the contents, [`MARK_KEYS`] after `m` or `'`, [`LINK_KEYS`] in the
//! links list, [`LIBRARY_KEYS`] in a library's list), so the keys and their help cannot
//! drift apart. A row with a pair of mirrored keys (`n N`, `+ -`, Backspace against
//! Alt-→) names the first one's action; [`action_for`] turns the second into its
//! mirror, each spelled out there.

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
    /// Go to the end and stay there as text arrives (`F`, as in less), until any move.
    Follow,
    NextSection,
    PrevSection,
    /// The next heading of any level, across sections (and its mirror, the previous).
    NextHeading,
    PrevHeading,
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
    /// Set the text flush on both sides, or ragged again.
    Justify,
    /// Book-style paragraphs (indented, no blank line between), or spaced again.
    BookParagraphs,
    Help,
    /// Stop like any job (Ctrl-Z); `fg` in the shell brings the reader back.
    Suspend,
    /// List the current section's links and footnote references.
    Links,
    /// Back to where the last jump left (Backspace).
    HistoryBack,
    /// Forward again to where going back left.
    HistoryForward,
    /// Close the innermost thing open (an overlay, a kept search's highlights), or quit when
    /// nothing is.
    Back,
    /// Close an overlay, or quit when none is open (`q`, as in less).
    Quit,
    /// Quit from anywhere but a prompt (Ctrl-c).
    Interrupt,
}

/// A key as the table names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Code(KeyCode),
    Ctrl(char),
    Alt(KeyCode),
    /// Any of 0–9.
    Digit,
    /// Any letter a–z or A–Z.
    Letter,
}

/// How a key event matched a [`Key`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matched {
    Plain,
    Digit(usize),
    Letter(char),
}

impl Key {
    /// How the help screen and README write this key.
    pub fn label(self) -> String {
        match self {
            Key::Digit => "0–9".to_string(),
            Key::Letter => "a–z".to_string(),
            Key::Ctrl(c) => format!("Ctrl-{c}"),
            Key::Alt(code) => format!("Alt-{}", Key::Code(code).label()),
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
                KeyCode::Backspace => "Backspace".into(),
                KeyCode::Delete => "Delete".into(),
                KeyCode::Char(' ') => "Space".into(),
                KeyCode::Char(c) => c.to_string(),
                other => format!("{other:?}"),
            },
        }
    }

    /// Whether this key event is this key, and how.
    fn matches(self, event: &KeyEvent) -> Option<Matched> {
        // Shift is part of the character itself ('G', '<', '?'), so it is not compared.
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        if event.modifiers.contains(KeyModifiers::ALT) {
            return match self {
                Key::Alt(k) if k == event.code && !ctrl => Some(Matched::Plain),
                _ => None,
            };
        }
        match (self, event.code) {
            (Key::Digit, KeyCode::Char(c)) if !ctrl => {
                c.to_digit(10).map(|d| Matched::Digit(d as usize))
            }
            (Key::Letter, KeyCode::Char(c)) if !ctrl && c.is_ascii_alphabetic() => {
                Some(Matched::Letter(c))
            }
            (Key::Ctrl(k), KeyCode::Char(c)) if ctrl && c.eq_ignore_ascii_case(&k) => {
                Some(Matched::Plain)
            }
            (Key::Code(k), code) if !ctrl && k == code => Some(Matched::Plain),
            _ => None,
        }
    }
}

/// One row of a key table.
#[derive(Clone, Copy, Debug)]
pub struct Binding<A: 'static = Action> {
    pub keys: &'static [Key],
    pub action: A,
    pub help: &'static str,
}

use Key::{Alt, Code, Ctrl};
use KeyCode::Char;

/// Every key the reader knows, in the order the help screen lists them.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Code(KeyCode::Down), Code(Char('j')), Code(KeyCode::Enter)],
        action: Action::LineDown,
        help: "down a line",
    },
    Binding {
        keys: &[Code(KeyCode::Up), Code(Char('k'))],
        action: Action::LineUp,
        help: "up a line",
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
        keys: &[Ctrl('d'), Ctrl('u')],
        action: Action::HalfPageDown,
        help: "half a page down, up",
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
        keys: &[Code(Char('>')), Code(Char('F'))],
        action: Action::DocumentEnd,
        help: "end; F follows it",
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
        keys: &[Code(Char('}')), Code(Char('{'))],
        action: Action::NextHeading,
        help: "next, previous heading",
    },
    Binding {
        keys: &[Code(KeyCode::Backspace), Alt(KeyCode::Right)],
        action: Action::HistoryBack,
        help: "back, forward a jump",
    },
    Binding {
        keys: &[Key::Digit],
        action: Action::GoToSection(0),
        help: "section by number",
    },
    Binding {
        keys: &[Code(Char('t'))],
        action: Action::Toc,
        help: "contents (/ filters)",
    },
    Binding {
        keys: &[Code(Char('L'))],
        action: Action::Links,
        help: "links and notes here",
    },
    Binding {
        keys: &[Code(Char('/'))],
        action: Action::Search,
        help: "search (Enter keeps it)",
    },
    Binding {
        keys: &[Code(Char('n')), Code(Char('N'))],
        action: Action::SearchNext,
        help: "next, previous match",
    },
    Binding {
        keys: &[Code(Char('m'))],
        action: Action::SetMark,
        help: "set a mark (then a letter)",
    },
    Binding {
        keys: &[Code(Char('\''))],
        action: Action::JumpToMark,
        help: "to a mark ('' goes back)",
    },
    Binding {
        keys: &[Code(Char('+')), Code(Char('-'))],
        action: Action::Wider,
        help: "wider, narrower column",
    },
    Binding {
        keys: &[Code(Char('='))],
        action: Action::DefaultWidth,
        help: "default text column",
    },
    Binding {
        keys: &[Code(Char('J')), Code(Char('P'))],
        action: Action::Justify,
        help: "justify, book paragraphs",
    },
    Binding {
        keys: &[Code(Char('?'))],
        action: Action::Help,
        help: "this help",
    },
    Binding {
        keys: &[Ctrl('z')],
        action: Action::Suspend,
        help: "suspend (fg comes back)",
    },
    Binding {
        keys: &[Code(KeyCode::Esc)],
        action: Action::Back,
        help: "close what is open",
    },
    Binding {
        keys: &[Code(Char('q'))],
        action: Action::Quit,
        help: "close a list, else quit",
    },
    Binding {
        keys: &[Ctrl('c')],
        action: Action::Interrupt,
        help: "quit; cancels a prompt",
    },
];

/// What a key does while a search is typed (other characters are typed into the query).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptAction {
    Keep,
    Cancel,
    DeleteBack,
    DeleteForward,
    /// Delete the word before the cursor.
    DeleteWord,
    /// Delete from the cursor to the start.
    DeleteToStart,
    Left,
    Right,
    Start,
    End,
    /// An earlier query of this run.
    Older,
    /// A later query of this run (past the newest: the query being typed).
    Newer,
}

/// The search prompt's keys.
pub const PROMPT_KEYS: &[Binding<PromptAction>] = &[
    Binding {
        keys: &[Code(KeyCode::Enter)],
        action: PromptAction::Keep,
        help: "keep it",
    },
    Binding {
        keys: &[Code(KeyCode::Left), Code(KeyCode::Right)],
        action: PromptAction::Left,
        help: "move",
    },
    Binding {
        keys: &[Code(KeyCode::Home), Code(KeyCode::End)],
        action: PromptAction::Start,
        help: "start, end",
    },
    Binding {
        keys: &[Code(KeyCode::Esc), Ctrl('c')],
        action: PromptAction::Cancel,
        help: "cancel it",
    },
    Binding {
        keys: &[Code(KeyCode::Backspace), Code(KeyCode::Delete)],
        action: PromptAction::DeleteBack,
        help: "delete a letter",
    },
    Binding {
        keys: &[Ctrl('w')],
        action: PromptAction::DeleteWord,
        help: "delete a word",
    },
    Binding {
        keys: &[Ctrl('u')],
        action: PromptAction::DeleteToStart,
        help: "delete to the start",
    },
    Binding {
        keys: &[Code(KeyCode::Up), Code(KeyCode::Down)],
        action: PromptAction::Older,
        help: "earlier searches",
    },
];

/// What a key does in the contents list (any other key closes it and does what it says).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentsAction {
    Down,
    Up,
    PageDown,
    PageUp,
    First,
    Last,
    Open,
    Close,
    /// Show the selected section's sub-headings (and its mirror, fold them away).
    Unfold,
    Fold,
}

/// The contents list's keys.
pub const CONTENTS_KEYS: &[Binding<ContentsAction>] = &[
    Binding {
        keys: &[Code(KeyCode::Down), Code(Char('j'))],
        action: ContentsAction::Down,
        help: "next",
    },
    Binding {
        keys: &[Code(KeyCode::Up), Code(Char('k'))],
        action: ContentsAction::Up,
        help: "previous",
    },
    Binding {
        keys: &[
            Code(KeyCode::PageDown),
            Code(Char(' ')),
            Code(Char('f')),
            Ctrl('d'),
        ],
        action: ContentsAction::PageDown,
        help: "page down",
    },
    Binding {
        keys: &[Code(KeyCode::PageUp), Code(Char('b')), Ctrl('u')],
        action: ContentsAction::PageUp,
        help: "page up",
    },
    Binding {
        keys: &[Code(KeyCode::Home), Code(Char('g')), Code(Char('<'))],
        action: ContentsAction::First,
        help: "first",
    },
    Binding {
        keys: &[Code(KeyCode::End), Code(Char('G')), Code(Char('>'))],
        action: ContentsAction::Last,
        help: "last",
    },
    Binding {
        keys: &[Code(KeyCode::Enter)],
        action: ContentsAction::Open,
        help: "open",
    },
    Binding {
        keys: &[Code(Char('t')), Code(KeyCode::Esc), Code(Char('q'))],
        action: ContentsAction::Close,
        help: "close",
    },
    Binding {
        keys: &[Code(KeyCode::Right), Code(KeyCode::Left)],
        action: ContentsAction::Unfold,
        help: "unfold, fold",
    },
];

/// What a key does after `m` or `'` (any other key cancels).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkAction {
    Letter(char),
    /// After `'`: the place before the last jump.
    Back,
    Cancel,
}

/// The keys after `m` or `'`.
pub const MARK_KEYS: &[Binding<MarkAction>] = &[
    Binding {
        keys: &[Key::Letter],
        action: MarkAction::Letter('a'),
        help: "the mark (or A–Z)",
    },
    Binding {
        keys: &[Code(Char('\''))],
        action: MarkAction::Back,
        help: "before the last jump",
    },
    Binding {
        keys: &[Code(KeyCode::Esc)],
        action: MarkAction::Cancel,
        help: "cancel",
    },
];

/// The row of `table` a key press matches, and how. Releases are ignored; held keys
/// repeat.
fn lookup<A: Copy>(table: &[Binding<A>], event: KeyEvent) -> Option<(A, Matched)> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    table.iter().find_map(|b| {
        b.keys
            .iter()
            .find_map(|k| Some((b.action, k.matches(&event)?)))
    })
}

/// The action a key press asks for while reading, if any.
/// (A row of the table with a pair of keys, `n N`, names the first one's action; the
/// second is its mirror.)
pub fn action_for(event: KeyEvent) -> Option<Action> {
    lookup(BINDINGS, event).map(|(action, how)| match (how, action, event.code) {
        (Matched::Digit(n), ..) => Action::GoToSection(n),
        (_, Action::SearchNext, KeyCode::Char('N')) => Action::SearchPrev,
        (_, Action::DocumentEnd, KeyCode::Char('F')) => Action::Follow,
        (_, Action::Wider, KeyCode::Char('-')) => Action::Narrower,
        (_, Action::Justify, KeyCode::Char('P')) => Action::BookParagraphs,
        (_, Action::HistoryBack, KeyCode::Right) => Action::HistoryForward,
        (_, Action::NextHeading, KeyCode::Char('{')) => Action::PrevHeading,
        (_, Action::HalfPageDown, KeyCode::Char('u')) => Action::HalfPageUp,
        _ => action,
    })
}

/// What a key press does at the search prompt, if it is one of its keys. (A row of the
/// table with a pair of keys, ← →, names the first one's action; the second is its mirror.)
pub fn prompt_action(event: KeyEvent) -> Option<PromptAction> {
    let (action, _) = lookup(PROMPT_KEYS, event)?;
    Some(match (action, event.code) {
        (PromptAction::Left, KeyCode::Right) => PromptAction::Right,
        (PromptAction::Start, KeyCode::End) => PromptAction::End,
        (PromptAction::DeleteBack, KeyCode::Delete) => PromptAction::DeleteForward,
        (PromptAction::Older, KeyCode::Down) => PromptAction::Newer,
        (action, _) => action,
    })
}

/// What a key press does in the contents list, if it is one of its keys.
pub fn contents_action(event: KeyEvent) -> Option<ContentsAction> {
    lookup(CONTENTS_KEYS, event).map(|(action, _)| match (action, event.code) {
        (ContentsAction::Unfold, KeyCode::Left) => ContentsAction::Fold,
        (action, _) => action,
    })
}

/// What a key does in a library's list (`--recent`, a folder's documents) besides the
/// contents' keys, which move and open as they do there: `/` starts a filter (typed letters
/// go there until Enter or Esc).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LibraryAction {
    /// Sort by path, title, or most recently read, in turn.
    Sort,
    /// Start typing a filter.
    Filter,
    /// Show these keys.
    Help,
    /// Clear the filter (with none, say how to quit).
    Close,
    Quit,
    Suspend,
}

/// A library's own keys (looked up before the contents' keys, whose `q` and Esc these take).
pub const LIBRARY_KEYS: &[Binding<LibraryAction>] = &[
    Binding {
        keys: &[Code(Char('/'))],
        action: LibraryAction::Filter,
        help: "filter by title or path",
    },
    Binding {
        keys: &[Code(KeyCode::Tab)],
        action: LibraryAction::Sort,
        help: "sort by path, title, recent",
    },
    Binding {
        keys: &[Code(Char('?'))],
        action: LibraryAction::Help,
        help: "these keys",
    },
    Binding {
        keys: &[Code(KeyCode::Esc)],
        action: LibraryAction::Close,
        help: "clear the filter",
    },
    Binding {
        keys: &[Code(Char('q')), Ctrl('c')],
        action: LibraryAction::Quit,
        help: "quit",
    },
    Binding {
        keys: &[Ctrl('z')],
        action: LibraryAction::Suspend,
        help: "suspend (fg comes back)",
    },
];

/// What a key press does in a library's list, if it is one of its keys.
pub fn library_action(event: KeyEvent) -> Option<LibraryAction> {
    lookup(LIBRARY_KEYS, event).map(|(action, _)| action)
}

/// What a key does in the links list, besides the contents' keys (which move, follow with
/// Enter, and close).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkAction {
    /// Copy the selected link's address to the clipboard.
    Copy,
    /// Open it with the system's opener (web and mail addresses only).
    Open,
    /// Select the link with this number (typed digit by digit).
    Digit(u32),
}

/// The links list's own keys.
pub const LINK_KEYS: &[Binding<LinkAction>] = &[
    Binding {
        keys: &[Code(Char('y'))],
        action: LinkAction::Copy,
        help: "copy address",
    },
    Binding {
        keys: &[Code(Char('o'))],
        action: LinkAction::Open,
        help: "open",
    },
    Binding {
        keys: &[Key::Digit],
        action: LinkAction::Digit(0),
        help: "by number",
    },
];

/// What a key press does in the links list, if it is one of its own keys.
pub fn link_action(event: KeyEvent) -> Option<LinkAction> {
    lookup(LINK_KEYS, event).map(|(action, how)| match how {
        Matched::Digit(d) => LinkAction::Digit(d as u32),
        _ => action,
    })
}

/// What a key press does after `m` or `'`, if it is one of its keys.
pub fn mark_action(event: KeyEvent) -> Option<MarkAction> {
    lookup(MARK_KEYS, event).map(|(action, how)| match how {
        Matched::Letter(c) => MarkAction::Letter(c),
        _ => action,
    })
}

/// The help rows of one table: the keys, joined, and what they do.
pub fn rows<A>(table: &[Binding<A>]) -> Vec<(String, &'static str)> {
    table
        .iter()
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            (keys.join(" "), b.help)
        })
        .collect()
}

/// One table of the help: a heading (empty for the reading keys) and its rows.
pub struct HelpTable {
    pub heading: &'static str,
    pub rows: Vec<(String, &'static str)>,
}

/// The help screen's tables: the reading keys, then each state's own under its heading.
pub fn help_tables() -> Vec<HelpTable> {
    vec![
        HelpTable {
            heading: "",
            rows: rows(BINDINGS),
        },
        HelpTable {
            heading: "While typing a search",
            rows: rows(PROMPT_KEYS),
        },
        HelpTable {
            heading: "In the contents",
            rows: rows(CONTENTS_KEYS),
        },
        HelpTable {
            heading: "After m or '",
            rows: rows(MARK_KEYS),
        },
        HelpTable {
            heading: "Links (else as contents)",
            rows: rows(LINK_KEYS),
        },
    ]
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
            Some(Action::Interrupt)
        );
        assert_eq!(action_for(press(Char('q'), none)), Some(Action::Quit));
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
        let tables = help_tables();
        let sizes: Vec<usize> = tables.iter().map(|t| t.rows.len()).collect();
        assert_eq!(
            sizes,
            [
                BINDINGS.len(),
                PROMPT_KEYS.len(),
                CONTENTS_KEYS.len(),
                MARK_KEYS.len(),
                LINK_KEYS.len()
            ]
        );
        assert!(tables[0].heading.is_empty() && tables[1..].iter().all(|t| !t.heading.is_empty()));
        let rows: Vec<&(String, &str)> = tables.iter().flat_map(|t| &t.rows).collect();
        assert!(
            rows.iter()
                .any(|(k, h)| k == "Backspace Delete" && h.contains("delete"))
        );
        assert!(rows.iter().any(|(k, _)| k == "a–z"));
        assert!(
            rows.iter()
                .any(|(k, h)| k == "Ctrl-c" && h.starts_with("quit"))
        );
        assert!(rows.iter().any(|(k, _)| k == "PgDn Space f"));
    }

    #[test]
    fn each_state_reads_its_own_table() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            prompt_action(press(KeyCode::Enter, none)),
            Some(PromptAction::Keep)
        );
        assert_eq!(prompt_action(press(Char('q'), none)), None, "typed");
        assert_eq!(
            contents_action(press(Char('G'), KeyModifiers::SHIFT)),
            Some(ContentsAction::Last)
        );
        assert_eq!(contents_action(press(Char('/'), none)), None);
        assert_eq!(
            mark_action(press(Char('Q'), KeyModifiers::SHIFT)),
            Some(MarkAction::Letter('Q'))
        );
        assert_eq!(mark_action(press(Char('\''), none)), Some(MarkAction::Back));
        assert_eq!(mark_action(press(Char('3'), none)), None);
        // A library's letters are keys (a filter starts with /); it moves as the contents do.
        assert_eq!(
            library_action(press(Char('q'), none)),
            Some(LibraryAction::Quit)
        );
        assert_eq!(library_action(press(Char('j'), none)), None);
        assert_eq!(
            library_action(press(Char('/'), none)),
            Some(LibraryAction::Filter)
        );
        assert_eq!(
            library_action(press(Char('z'), KeyModifiers::CONTROL)),
            Some(LibraryAction::Suspend)
        );
        assert_eq!(
            library_action(press(KeyCode::Tab, none)),
            Some(LibraryAction::Sort)
        );
    }
}
