//! The theme: how each of the document's styles and the reader's chrome look.
//!
//! Only the terminal's 16 named colours are used, so light and dark terminals both read
//! well. Without colour (`NO_COLOR`), styles stay distinct through modifiers alone.

use crate::document::TextStyle;
use ratatui::style::{Color, Modifier, Style};

/// Highlighted code (see [`crate::highlight`]): each kind of token in a colour of its own,
/// the rest in the text's.
fn syntax(style: Style, s: TextStyle) -> Style {
    if s.contains(TextStyle::CODE_COMMENT) {
        style.fg(Color::DarkGray).add_modifier(Modifier::ITALIC)
    } else if s.contains(TextStyle::CODE_STRING) {
        style.fg(Color::Green)
    } else if s.contains(TextStyle::CODE_KEYWORD) {
        style.fg(Color::Magenta)
    } else if s.contains(TextStyle::CODE_FUNCTION) {
        style.fg(Color::Blue)
    } else if s.contains(TextStyle::CODE_TYPE) {
        style.fg(Color::Cyan)
    } else if s.contains(TextStyle::CODE_CONSTANT) {
        style.fg(Color::Red)
    } else {
        style
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless the `NO_COLOR` convention (no-color.org) asks for none.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    fn fg(&self, style: Style, color: Color) -> Style {
        if self.color { style.fg(color) } else { style }
    }

    /// How a run of document text in `s` looks.
    pub fn text(&self, s: TextStyle) -> Style {
        let mut style = Style::default();
        if s.contains(TextStyle::HEADING) {
            // Each level apart from the next: colour, and without colour the modifiers (the
            // layout adds rules and markers too).
            style = if s.contains(TextStyle::HEADING_1) {
                self.fg(style, Color::Magenta)
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
            } else if s.contains(TextStyle::HEADING_2) {
                self.fg(style, Color::Cyan).add_modifier(Modifier::BOLD)
            } else if s.contains(TextStyle::HEADING_3) {
                self.fg(style, Color::Blue).add_modifier(Modifier::BOLD)
            } else {
                self.fg(style, Color::Blue)
                    .add_modifier(Modifier::BOLD | Modifier::ITALIC)
            };
        }
        if s.contains(TextStyle::EMPHASIS)
            || s.contains(TextStyle::QUOTE) && !s.contains(TextStyle::MARKER)
        {
            style = style.add_modifier(Modifier::ITALIC);
        }
        if s.contains(TextStyle::STRONG) {
            style = style.add_modifier(Modifier::BOLD);
        }
        if s.contains(TextStyle::STRIKE) {
            style = style.add_modifier(Modifier::CROSSED_OUT);
        }
        if s.contains(TextStyle::CODE) {
            style = if !self.color {
                style.add_modifier(Modifier::DIM)
            } else if s.contains(TextStyle::SYNTAX) {
                syntax(style, s)
            } else {
                style.fg(Color::Yellow)
            };
        }
        if s.contains(TextStyle::LINK) {
            style = self
                .fg(style, Color::Blue)
                .add_modifier(Modifier::UNDERLINED);
        }
        if s.contains(TextStyle::URL) {
            style = self.fg(style, Color::DarkGray);
            if !self.color {
                style = style.add_modifier(Modifier::DIM);
            }
        }
        if s.contains(TextStyle::IMAGE) {
            style = self
                .fg(style, Color::Magenta)
                .add_modifier(Modifier::ITALIC);
        }
        if s.contains(TextStyle::FOOTNOTE) {
            style = self.fg(style, Color::Magenta);
        }
        if s.contains(TextStyle::MARKER) {
            style = self.fg(style, Color::DarkGray);
        }
        if s.contains(TextStyle::MATCH) {
            style = style.add_modifier(Modifier::REVERSED);
        }
        style
    }

    /// The match the reader is at, stronger than the other matches.
    pub fn current_match(&self, s: TextStyle) -> Style {
        let style = self.text(s | TextStyle::MATCH).add_modifier(Modifier::BOLD);
        if self.color {
            style.fg(Color::Yellow)
        } else {
            style.add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn title(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    pub fn tab(&self) -> Style {
        self.fg(Style::default(), Color::DarkGray)
    }

    pub fn current_tab(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn status(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    pub fn note(&self) -> Style {
        self.fg(Style::default(), Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    pub fn help_key(&self) -> Style {
        self.fg(Style::default(), Color::Cyan)
            .add_modifier(Modifier::BOLD)
    }

    pub fn border(&self) -> Style {
        self.fg(Style::default(), Color::DarkGray)
    }
}
