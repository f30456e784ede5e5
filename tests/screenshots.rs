//! The README's screenshots: the essay at 80x24 (a page, the contents, a search, the help)
//! drawn into ratatui's test buffer with the reader's colours and written as SVG. The files
//! in `tests/screenshots/` must be what the reader draws today: this test fails when the
//! drawing changes, and `UPDATE_SCREENSHOTS=1 cargo test --test screenshots` writes them
//! again.

mod common;

use common::*;
use connection_reader::app::App;
use connection_reader::theme::Theme;
use connection_reader::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use std::fmt::Write;
use std::path::PathBuf;

/// The colours of a calm dark terminal, for the sixteen named ones.
fn rgb(color: Color, default: &'static str) -> String {
    let named = match color {
        Color::Reset => default,
        Color::Black => "#1d1f21",
        Color::Red => "#cc6666",
        Color::Green => "#b5bd68",
        Color::Yellow => "#f0c674",
        Color::Blue => "#81a2be",
        Color::Magenta => "#b294bb",
        Color::Cyan => "#8abeb7",
        Color::Gray => "#c5c8c6",
        Color::DarkGray => "#707880",
        Color::LightRed => "#d54e53",
        Color::LightGreen => "#b9ca4a",
        Color::LightYellow => "#e7c547",
        Color::LightBlue => "#7aa6da",
        Color::LightMagenta => "#c397d8",
        Color::LightCyan => "#70c0b1",
        Color::White => "#eaeaea",
        Color::Rgb(r, g, b) => return format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => return format!("#{i:02x}{i:02x}{i:02x}"),
    };
    named.to_string()
}

const FOREGROUND: &str = "#c5c8c6";
const BACKGROUND: &str = "#1d1f21";
const CELL_W: f64 = 8.4;
const CELL_H: f64 = 18.0;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The buffer as an SVG image: a rectangle for each run of cells with a background of its
/// own, and a text element for each run of cells in one style.
fn svg(buffer: &Buffer, title: &str) -> String {
    let area = buffer.area;
    let (w, h) = (
        f64::from(area.width) * CELL_W + 16.0,
        f64::from(area.height) * CELL_H + 16.0,
    );
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\">",
        escape(title)
    );
    let _ = writeln!(
        out,
        "<rect width=\"100%\" height=\"100%\" rx=\"6\" fill=\"{BACKGROUND}\"/>\n\
         <g font-family=\"ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace\" \
         font-size=\"14\" xml:space=\"preserve\">"
    );
    for y in 0..area.height {
        let top = 8.0 + f64::from(y) * CELL_H;
        let mut x = 0;
        while x < area.width {
            let cell = &buffer[(x, y)];
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            let (mut fg, mut bg) = (rgb(cell.fg, FOREGROUND), rgb(cell.bg, BACKGROUND));
            if reversed {
                std::mem::swap(&mut fg, &mut bg);
            }
            // The run of cells sharing this cell's look.
            let mut end = x + 1;
            while end < area.width {
                let next = &buffer[(end, y)];
                if next.fg != cell.fg || next.bg != cell.bg || next.modifier != cell.modifier {
                    break;
                }
                end += 1;
            }
            let left = 8.0 + f64::from(x) * CELL_W;
            if bg != BACKGROUND {
                let _ = writeln!(
                    out,
                    "<rect x=\"{left:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{CELL_H}\" fill=\"{bg}\"/>",
                    f64::from(end - x) * CELL_W
                );
            }
            // The cells with something to show, blanks at either end left out.
            let shown: Vec<u16> = (x..end)
                .filter(|c| !buffer[(*c, y)].symbol().is_empty())
                .collect();
            let first = shown.iter().position(|c| buffer[(*c, y)].symbol() != " ");
            let last = shown.iter().rposition(|c| buffer[(*c, y)].symbol() != " ");
            if let (Some(first), Some(last)) = (first, last) {
                let cells = &shown[first..=last];
                let text: String = cells.iter().map(|c| buffer[(*c, y)].symbol()).collect();
                let mut attrs = format!("fill=\"{fg}\"");
                if cell.modifier.contains(Modifier::BOLD) {
                    attrs.push_str(" font-weight=\"bold\"");
                }
                if cell.modifier.contains(Modifier::ITALIC) {
                    attrs.push_str(" font-style=\"italic\"");
                }
                if cell.modifier.contains(Modifier::UNDERLINED) {
                    attrs.push_str(" text-decoration=\"underline\"");
                }
                // Each character at its own column, so every glyph lines up as on screen.
                let xs: Vec<String> = cells
                    .iter()
                    .map(|c| format!("{:.1}", 8.0 + f64::from(*c) * CELL_W))
                    .collect();
                let _ = writeln!(
                    out,
                    "<text x=\"{}\" y=\"{:.1}\" {attrs}>{}</text>",
                    xs.join(" "),
                    top + 13.5,
                    escape(&text)
                );
            }
            x = end;
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}

fn drawn(app: &App) -> Buffer {
    let theme = Theme { color: true };
    let (w, h) = app.area_size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("backend");
    terminal.draw(|f| ui::draw(f, app, &theme)).expect("draw");
    terminal.backend().buffer().clone()
}

/// The four screens: file name, alternative text, and the app showing it.
fn screens() -> Vec<(&'static str, &'static str, App)> {
    let page = essay(80, 24);
    let mut contents = essay(80, 24);
    key(&mut contents, KeyCode::Char('2'));
    key(&mut contents, KeyCode::Char('t'));
    let mut search = essay(80, 24);
    key(&mut search, KeyCode::Char('1'));
    typed(&mut search, "/message\n");
    settle_searches(&mut search);
    let mut help = essay(80, 24);
    key(&mut help, KeyCode::Char('?'));
    vec![
        ("page", "The essay's opening page at 80 by 24", page),
        (
            "contents",
            "The contents list over the Passion section",
            contents,
        ),
        ("search", "A kept search, its matches highlighted", search),
        ("help", "The help: every key on one screen", help),
    ]
}

#[test]
fn the_readme_screenshots_are_what_the_reader_draws() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/screenshots");
    let update = std::env::var_os("UPDATE_SCREENSHOTS").is_some();
    let mut stale = Vec::new();
    for (name, title, app) in screens() {
        let image = svg(&drawn(&app), title);
        let path = dir.join(format!("{name}.svg"));
        if update {
            std::fs::create_dir_all(&dir).expect("screenshots folder");
            std::fs::write(&path, &image).expect("write the screenshot");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(image.as_str()) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "screenshots out of date: {stale:?}; look at the change, then write them again with \
         UPDATE_SCREENSHOTS=1 cargo test --test screenshots"
    );
    // The README shows each of them.
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .expect("README");
    for (name, _, _) in screens() {
        assert!(
            readme.contains(&format!("tests/screenshots/{name}.svg")),
            "the README shows {name}.svg"
        );
    }
}

#[test]
fn a_screenshot_keeps_every_character_and_colour_of_the_screen() {
    let app = essay(80, 24);
    let buffer = drawn(&app);
    let image = svg(&buffer, "t");
    // Every row's text is in the image, and the title's colour is the theme's.
    for y in 0..buffer.area.height {
        let row: String = (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol())
            .collect();
        for word in row.split_whitespace() {
            assert!(image.contains(&escape(word)), "{word:?}");
        }
    }
    let title = &buffer[(5, 0)];
    assert!(image.contains(&rgb(title.fg, FOREGROUND)));
}
