//! Helpers shared by the integration tests: the essay in an app, and keys as crossterm
//! delivers them.
#![allow(dead_code)]

use connection_reader::app::{App, DEFAULT_MEASURE};
use connection_reader::document::{Block, BlockKind, Document, Markdown, Run, TextStyle};
use connection_reader::layout::{Format, Typesetting, layout_section_with};
use connection_reader::source::{ESSAY, ESSAY_NAME};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::collections::HashMap;

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

/// Takes search results until no search runs (the thread has answered everything asked of
/// it), or panics after 20 s.
pub fn settle_searches(app: &mut App) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        app.poll_search();
        if !app.search_running() {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the search finished");
        std::thread::sleep(std::time::Duration::from_millis(1));
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

/// Counts of each non-whitespace character in `s`.
fn ink(s: &str, into: &mut HashMap<char, usize>) {
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        *into.entry(c).or_default() += 1;
    }
}

/// The ink of the text itself (link addresses are shown apart, once each, as references).
fn runs_ink(runs: &[Run], into: &mut HashMap<char, usize>) {
    for r in runs.iter().filter(|r| !r.style.contains(TextStyle::URL)) {
        ink(&r.text, into);
    }
}

/// What the document holds, as counts of characters.
fn blocks_ink(blocks: &[Block], into: &mut HashMap<char, usize>) {
    for b in blocks {
        match &b.kind {
            BlockKind::Heading { runs, .. } | BlockKind::Paragraph(runs) => runs_ink(runs, into),
            BlockKind::Code { lines, .. } => runs_ink(lines, into),
            BlockKind::Title { runs, byline } => {
                runs_ink(runs, into);
                runs_ink(byline, into);
            }
            BlockKind::Quote(inner) | BlockKind::Footnote { blocks: inner, .. } => {
                blocks_ink(inner, into)
            }
            BlockKind::List { items, .. } => {
                for item in items {
                    blocks_ink(&item.blocks, into);
                }
            }
            BlockKind::Table { rows, .. } => {
                for cell in rows.iter().flatten() {
                    runs_ink(cell, into);
                }
            }
            BlockKind::Rule => {}
        }
    }
}

/// Everything wrong with laying out `src` at `width`: a line wider than the width, a control
/// character, lines out of source order, or a character the document holds that the layout
/// shows fewer times (a lost word). Empty when all is well.
pub fn layout_problems(src: &str, width: usize) -> Vec<String> {
    layout_problems_set(src, width, Markdown::default(), Typesetting::default())
}

/// [`layout_problems`] for markdown read as `markdown` and prose set as `set`.
pub fn layout_problems_set(
    src: &str,
    width: usize,
    markdown: Markdown,
    set: Typesetting,
) -> Vec<String> {
    let mut problems = Vec::new();
    let doc = Document::parse_with(src, "test.md", markdown);
    let format = Format {
        set,
        ..Format::new(width)
    };
    for section in &doc.sections {
        let lines = layout_section_with(section, &format);
        let mut have = HashMap::new();
        for line in &lines {
            let text = line.text();
            if line.width() > width {
                problems.push(format!("{text:?} is {} wide", line.width()));
            }
            if text.chars().any(char::is_control) {
                problems.push(format!("{text:?} holds a control character"));
            }
            ink(&text, &mut have);
        }
        if !lines.windows(2).all(|p| p[0].offset <= p[1].offset) {
            problems.push(format!("section {}: offsets out of order", section.number));
        }
        let mut want = HashMap::new();
        blocks_ink(&section.blocks, &mut want);
        for (c, n) in want {
            let got = have.get(&c).copied().unwrap_or(0);
            if got < n {
                problems.push(format!("{c:?} shown {got} times of {n}"));
            }
        }
    }
    problems
}
