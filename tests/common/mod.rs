//! Helpers shared by the integration tests: the essay in an app, and keys as crossterm
//! delivers them.
#![allow(dead_code)]

use connection_reader::app::{App, DEFAULT_MEASURE};
use connection_reader::document::Document;
use connection_reader::source::{ESSAY, ESSAY_NAME};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// The bundled essay in a reader of `width` x `height`.
pub fn essay(width: u16, height: u16) -> App {
    App::new(
        Document::parse(ESSAY, ESSAY_NAME),
        DEFAULT_MEASURE,
        width,
        height,
        0,
    )
}

pub fn key(app: &mut App, code: KeyCode) {
    app.handle(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

pub fn ctrl(app: &mut App, c: char) {
    app.handle(&Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

/// Types each character as a key; `\n` is Enter.
pub fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            c => KeyCode::Char(c),
        };
        key(app, code);
    }
}

/// The first line with text on the page.
pub fn first_text(app: &App) -> String {
    app.visible()
        .iter()
        .map(|l| l.text())
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}
