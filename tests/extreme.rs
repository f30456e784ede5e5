//! Extreme documents: each opens, draws, scrolls, searches and prints without a panic or a
//! stack overflow.

mod common;

use common::typed;
use connection_reader::app::App;
use connection_reader::document::Document;
use connection_reader::keys::Action;
use connection_reader::layout::Format;
use connection_reader::print::print;
use connection_reader::theme::Theme;
use connection_reader::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn extreme_documents() -> Vec<(&'static str, String)> {
    vec![
        ("empty", String::new()),
        ("whitespace", " \n\t\n   \n\r\n".repeat(1000)),
        (
            "only headings",
            (0..2000).map(|i| format!("## H{i}\n")).collect(),
        ),
        (
            "100,000 headings",
            (0..100_000).map(|i| format!("# {i}\n")).collect(),
        ),
        ("1 MB single line", "word ".repeat(200_000)),
        ("1 MB single word", "x".repeat(1_000_000)),
        (
            "lists 10,000 deep",
            (0..10_000)
                .map(|i| format!("{}- x\n", "  ".repeat(i % 2000)))
                .collect(),
        ),
        (
            "list markers 10,000 deep",
            format!("{}x\n", "- ".repeat(10_000)),
        ),
        (
            "quotes 10,000 deep",
            format!("{}deep\n", "> ".repeat(10_000)),
        ),
        (
            "emphasis 10,000 deep",
            format!("{}x{}\n", "*".repeat(10_000), "*".repeat(10_000)),
        ),
        (
            "links 5,000 deep",
            format!("{}x{}\n", "[".repeat(5_000), "](u)".repeat(5_000)),
        ),
        (
            "table with 500 columns",
            format!(
                "|{}|\n|{}|\n|{}|\n",
                (0..500)
                    .map(|i| format!("c{i}"))
                    .collect::<Vec<_>>()
                    .join("|"),
                vec!["---"; 500].join("|"),
                (0..500)
                    .map(|i| format!("v{i}"))
                    .collect::<Vec<_>>()
                    .join("|")
            ),
        ),
        (
            "control bytes",
            (0u8..=255).map(char::from).collect::<String>().repeat(100),
        ),
        (
            "footnotes 1,000",
            (0..1000)
                .map(|i| format!("t[^{i}]\n\n[^{i}]: - a\n  - b\n\n"))
                .collect(),
        ),
    ]
}

fn exercise(name: &str, src: &str) {
    let doc = Document::parse(src, "extreme.md");
    for (w, h) in [(80u16, 24u16), (12, 3), (200, 50)] {
        let mut app = App::new(doc.clone(), 72, w, h, 0);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("backend");
        let mut frame = |app: &App| {
            terminal
                .draw(|f| ui::draw(f, app, &Theme { color: true }))
                .expect("draw");
        };
        frame(&app);
        for action in [
            Action::PageDown,
            Action::HalfPageDown,
            Action::SectionEnd,
            Action::NextSection,
            Action::DocumentEnd,
            Action::LineUp,
            Action::Toc,
            Action::SectionEnd,
            Action::Back,
            Action::DocumentStart,
        ] {
            app.update(action);
            frame(&app);
        }
        typed(&mut app, "/x\n");
        app.update(Action::SearchNext);
        app.resize(w / 2 + 1, h);
        frame(&app);
        let r = app.reader();
        assert!(r.section < app.document().sections.len(), "{name}");
        assert!(r.top <= r.max_top(app.lines()), "{name}");
    }
    let mut out = Vec::new();
    print(&doc, 0, &Format::new(40), None, &mut out).expect("print");
    assert!(!out.contains(&0x1b), "{name}: no ESC printed");
}

#[test]
fn extreme_documents_open_draw_scroll_search_and_print() {
    // Deep nesting is handled without deep recursion, but give the test thread the stack a
    // main thread has, as the reader does.
    let handle = std::thread::Builder::new()
        .stack_size(8 * 1024 * 1024)
        .spawn(|| {
            for (name, src) in extreme_documents() {
                exercise(name, &src);
            }
        })
        .expect("spawn");
    handle.join().expect("no panic");
}
