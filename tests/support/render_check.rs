//! The check the fuzz target runs, shared with `tests/fuzz_regressions.rs` so every input the
//! fuzzer ever found stays fixed: bytes → document → layout → drawn frames and printed text,
//! at sizes and with keys taken from the input. Panics on a line wider than its width, a
//! control character reaching the screen or the printed text, or any panic inside.

use connection_reader::app::App;
use connection_reader::document::Document;
use connection_reader::keys::{Action, BINDINGS};
use connection_reader::print::print;
use connection_reader::theme::Theme;
use connection_reader::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Runs the whole pipeline on `data`.
pub fn render_check(data: &[u8]) {
    if data.len() < 4 {
        return;
    }
    let (head, body) = data.split_at(4);
    let width = u16::from(head[0]) % 200 + 1;
    let height = u16::from(head[1]) % 60 + 1;
    let text = String::from_utf8_lossy(body);
    let doc = Document::parse(&text, "fuzz.md");

    let print_width = usize::from(head[2]) % 120 + 2;
    let mut out = Vec::new();
    print(
        &doc,
        0,
        &connection_reader::layout::Format::new(print_width),
        None,
        &mut out,
    )
    .expect("print to memory");
    let printed = String::from_utf8(out).expect("printed text is UTF-8");
    for line in printed.lines() {
        assert!(
            connection_reader::text::width(line) <= print_width,
            "{line:?}"
        );
        assert!(!line.chars().any(char::is_control), "{line:?}");
    }

    let mut app = App::new(doc, 72, width, height, 0);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("backend");
    // Keys from the last bytes of the input.
    let keys: Vec<Action> = body
        .iter()
        .rev()
        .take(16)
        .map(|b| BINDINGS[usize::from(*b) % BINDINGS.len()].action)
        .filter(|a| !matches!(a, Action::Quit | Action::Back | Action::Suspend))
        .collect();
    for action in keys.into_iter().chain([Action::DocumentEnd]) {
        app.update(action);
        if matches!(action, Action::Search) {
            // Type a query taken from the document itself.
            for c in text.chars().filter(|c| c.is_alphanumeric()).take(3) {
                app.handle(&ratatui::crossterm::event::Event::Key(
                    ratatui::crossterm::event::KeyEvent::from(
                        ratatui::crossterm::event::KeyCode::Char(c),
                    ),
                ));
            }
        }
        terminal
            .draw(|f| ui::draw(f, &app, &Theme { color: true }))
            .expect("draw");
        // Prose keeps to the text column; code may use the width up to the scrollbar's gap.
        let limit = app.regions().map_or(usize::MAX, |r| {
            usize::from(r.text.width).max(app.code_width())
        });
        for line in app.visible() {
            assert!(line.width() <= limit.max(2), "{:?}", line.text());
        }
        for cell in terminal.backend().buffer().content() {
            assert!(!cell.symbol().chars().any(char::is_control), "{cell:?}");
        }
    }
}
