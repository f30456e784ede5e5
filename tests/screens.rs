//! Screens drawn into ratatui's TestBackend, compared with committed insta snapshots, plus
//! checks of the styles that plain text cannot show.

mod common;

use common::*;
use connection_reader::app::{App, DEFAULT_MEASURE};
use connection_reader::document::Document;
use connection_reader::keys::Action;
use connection_reader::theme::Theme;
use connection_reader::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

const COLOR: Theme = Theme { color: true };

fn draw(app: &App) -> Terminal<TestBackend> {
    let (w, h) = app.area_size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    terminal
        .draw(|f| ui::draw(f, app, &COLOR))
        .expect("draw into a test backend");
    terminal
}

/// Every cell's symbol, row after row.
fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    buf.content().iter().map(|c| c.symbol()).collect()
}

/// The buffer's styles as text, for snapshots: each row's runs of cells styled alike, as
/// `columns fg/bg MODIFIERS "text"` (unstyled runs left out), so a snapshot fails when a
/// style changes, not only when the text does.
fn style_map(buf: &ratatui::buffer::Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.y..area.bottom() {
        let mut x = area.x;
        while x < area.right() {
            let first = &buf[(x, y)];
            let key = (first.fg, first.bg, first.modifier);
            let start = x;
            let mut text = String::new();
            while x < area.right() {
                let c = &buf[(x, y)];
                if (c.fg, c.bg, c.modifier) != key {
                    break;
                }
                text.push_str(c.symbol());
                x += 1;
            }
            if key
                != (
                    ratatui::style::Color::Reset,
                    ratatui::style::Color::Reset,
                    Modifier::empty(),
                )
            {
                out.push_str(&format!(
                    "row {y:2} {start:2}..{x:<2} {:?}/{:?} {:?} {:?}\n",
                    key.0,
                    key.1,
                    key.2,
                    text.trim_end()
                ));
            }
        }
    }
    out
}

fn screens(width: u16, height: u16) {
    let name = |what: &str| format!("{what}_{width}x{height}");
    let mut app = essay(width, height);
    let first = draw(&app);
    insta::assert_snapshot!(name("first_page"), first.backend());
    insta::assert_snapshot!(
        name("first_page_styles"),
        style_map(first.backend().buffer())
    );
    app.update(Action::NextSection);
    insta::assert_snapshot!(name("after_right"), draw(&app).backend());
    app.update(Action::Help);
    insta::assert_snapshot!(name("help"), draw(&app).backend());
    app.update(Action::Back);
    app.update(Action::DocumentEnd);
    insta::assert_snapshot!(name("end_of_essay"), draw(&app).backend());
}

#[test]
fn screens_at_80x24() {
    screens(80, 24);
}

#[test]
fn screens_at_40x12() {
    screens(40, 12);
}

#[test]
fn every_size_down_to_1x1_draws_without_panic() {
    for w in 0..=30u16 {
        for h in 0..=14u16 {
            let mut app = essay(w, h);
            for action in [
                Action::PageDown,
                Action::Help,
                Action::LineDown,
                Action::DocumentEnd,
            ] {
                app.update(action);
                draw(&app);
            }
        }
    }
    let app = essay(1, 1);
    let t = draw(&app);
    assert_eq!(t.backend().buffer().content().len(), 1);
    let app = essay(20, 2);
    let text = buffer_text(draw(&app).backend().buffer());
    assert!(text.contains("Terminal too"), "{text}");
}

#[test]
fn current_tab_and_headings_are_styled() {
    let mut app = essay(80, 24);
    app.update(Action::GoToSection(2));
    let t = draw(&app);
    let buf = t.backend().buffer();
    let tabs = app.regions().and_then(|r| r.tabs).expect("a tab row");
    let row: String = (0..80).map(|x| buf[(x, tabs.y)].symbol()).collect();
    let at = row.find("2 Passion").expect("the current tab") as u16;
    assert!(buf[(at, tabs.y)].modifier.contains(Modifier::REVERSED));
    let other = row.find("1 Audience").expect("another tab") as u16;
    assert!(!buf[(other, tabs.y)].modifier.contains(Modifier::REVERSED));
    // The section heading is the first line of the page, bold.
    let text = app.regions().expect("fits").text;
    assert_eq!(buf[(text.x, text.y)].symbol(), "P");
    assert!(buf[(text.x, text.y)].modifier.contains(Modifier::BOLD));
}

#[test]
fn no_color_theme_sets_no_colours() {
    let app = essay(80, 24);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    terminal
        .draw(|f| ui::draw(f, &app, &Theme { color: false }))
        .expect("draw");
    for cell in terminal.backend().buffer().content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset, "{cell:?}");
        assert_eq!(cell.bg, ratatui::style::Color::Reset, "{cell:?}");
    }
}

#[test]
fn scrollbar_appears_only_when_the_section_is_longer_than_the_page() {
    let app = essay(80, 24);
    let t = draw(&app);
    let bar = app.regions().expect("fits").scrollbar;
    let column: String = (bar.y..bar.bottom())
        .map(|y| t.backend().buffer()[(bar.x, y)].symbol().to_string())
        .collect();
    assert_eq!(column.trim(), "", "the opening fits at 80x24");
    let app = essay(40, 12);
    let t = draw(&app);
    let bar = app.regions().expect("fits").scrollbar;
    let column: String = (bar.y..bar.bottom())
        .map(|y| t.backend().buffer()[(bar.x, y)].symbol().to_string())
        .collect();
    assert!(column.contains('█'), "{column:?}");
}

#[test]
fn table_of_contents_screens() {
    for (w, h) in [(80, 24), (40, 12)] {
        let mut app = essay(w, h);
        typed(&mut app, "2t");
        insta::assert_snapshot!(format!("toc_{w}x{h}"), draw(&app).backend());
    }
}

#[test]
fn search_highlights_every_match_and_the_current_one_more() {
    let mut app = essay(80, 24);
    typed(&mut app, "/you");
    insta::assert_snapshot!("search_typing_80x24", draw(&app).backend());
    typed(&mut app, "\nn");
    let t = draw(&app);
    insta::assert_snapshot!("search_kept_80x24", t.backend());
    let buf = t.backend().buffer();
    insta::assert_snapshot!("search_kept_80x24_styles", style_map(buf));
    let text = app.regions().expect("fits").text;
    // Find the cells of each "you" on the page and check their styles.
    let mut plain_hits = 0;
    let mut current_hits = 0;
    for y in text.y..text.bottom() {
        let row: Vec<&str> = (0..80).map(|x| buf[(x, y)].symbol()).collect();
        let line = row.concat();
        for (i, _) in line.match_indices("you") {
            let x = line[..i].chars().count() as u16;
            let cell = &buf[(x, y)];
            assert!(
                cell.modifier.contains(Modifier::REVERSED),
                "row {y}: {line}"
            );
            if cell.modifier.contains(Modifier::BOLD) {
                current_hits += 1;
            } else {
                plain_hits += 1;
            }
        }
    }
    assert_eq!(current_hits, 1, "one current match");
    assert!(plain_hits > 3, "{plain_hits}");
}

#[test]
fn no_color_screen_keeps_styles_distinct_without_colour() {
    let mut app = essay(80, 24);
    typed(&mut app, "/connection\n");
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    terminal
        .draw(|f| ui::draw(f, &app, &Theme { color: false }))
        .expect("draw");
    insta::assert_snapshot!("no_color_80x24", terminal.backend());
    let buf = terminal.backend().buffer();
    let text = app.regions().expect("fits").text;
    // The heading is bold, the current tab and status reversed, a match reversed: all
    // without a single colour.
    assert!(buf[(text.x, text.y)].modifier.contains(Modifier::BOLD));
    let status_y = 23;
    assert!(buf[(0, status_y)].modifier.contains(Modifier::REVERSED));
    let reversed_in_text = (text.y..text.bottom())
        .flat_map(|y| (text.x..text.right()).map(move |x| (x, y)))
        .filter(|&(x, y)| buf[(x, y)].modifier.contains(Modifier::REVERSED))
        .count();
    assert!(reversed_in_text >= "connection".len());
    for cell in buf.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
}

#[test]
fn a_table_and_a_list_draw_their_markers_in_marker_style() {
    let doc = Document::parse(
        "# T\n\n- item with `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted *words*\n",
        "t.md",
    );
    let app = App::new(doc, DEFAULT_MEASURE, 40, 16, 0);
    let t = draw(&app);
    insta::assert_snapshot!("markdown_elements_40x16", t.backend());
    let buf = t.backend().buffer();
    let text = app.regions().expect("fits").text;
    let find = |needle: &str| -> (u16, u16) {
        for y in 0..16 {
            let line: String = (0..40).map(|x| buf[(x, y)].symbol()).collect();
            if let Some(i) = line.find(needle) {
                return (line[..i].chars().count() as u16, y);
            }
        }
        panic!("{needle} not on screen");
    };
    let (x, y) = find("code");
    assert_eq!(buf[(x, y)].fg, ratatui::style::Color::Yellow);
    let (x, y) = find("words");
    assert!(buf[(x, y)].modifier.contains(Modifier::ITALIC));
    let (x, y) = find("•");
    assert_eq!(buf[(x, y)].fg, ratatui::style::Color::DarkGray);
    assert!(x >= text.x);
}

#[test]
fn a_frame_of_another_size_than_the_app_draws_what_fits() {
    // A resize the app has not heard of yet, either way.
    for (app_size, frame_size) in [((100, 30), (80, 24)), ((40, 12), (80, 24))] {
        let app = essay(app_size.0, app_size.1);
        let mut terminal =
            Terminal::new(TestBackend::new(frame_size.0, frame_size.1)).expect("test backend");
        terminal
            .draw(|f| ui::draw(f, &app, &COLOR))
            .expect("draw without writing outside the frame");
        let text = buffer_text(terminal.backend().buffer());
        assert!(text.contains("Making a Connection"), "{text}");
    }
}

#[test]
fn at_40_columns_the_contents_give_titles_the_room_first() {
    use ratatui::crossterm::event::KeyCode;
    let text: String = [
        "0.30.0 - 2026-08-02",
        "0.29.1 - 2026-07-15",
        "0.29.0 - 2026-06-30",
    ]
    .iter()
    .map(|v| format!("## {v}\n\n{}\n\n", "A change. ".repeat(30)))
    .collect();
    let doc = connection_reader::document::Document::parse(
        &format!("# Changelog\n\n{text}"),
        "CHANGELOG.md",
    );
    let mut app = App::new(doc, 72, 40, 12, 0);
    key(&mut app, KeyCode::Char('t'));
    let shown = buffer_text(draw(&app).backend().buffer());
    for v in [
        "0.30.0 - 2026-08-02",
        "0.29.1 - 2026-07-15",
        "0.29.0 - 2026-06-30",
    ] {
        assert!(shown.contains(v), "{v} whole:\n{shown}");
    }
}

/// The titles the contents list shows, in order.
fn toc_titles(app: &App) -> Vec<String> {
    app.toc_entries()
        .iter()
        .filter_map(|&e| app.toc_row(e).map(|r| r.title.to_string()))
        .collect()
}

/// A README split at `#` with `##` inside, as the contents show it: its sections, and the
/// sub-headings of the one being read.
fn guide() -> App {
    let filler = "A line of words to read.\n\n".repeat(12);
    let text = format!(
        "# Guide\n\n{filler}# Install\n\n{filler}## From source\n\n{filler}## With cargo\n\n\
         {filler}# Use\n\n{filler}## Options\n\n{filler}## Environment\n\n{filler}# Licence\n\n{filler}"
    );
    let doc = connection_reader::document::Document::parse(&text, "README.md");
    App::new(doc, 72, 80, 24, 0)
}

#[test]
fn the_contents_are_a_tree_with_the_current_section_open() {
    for (width, height) in [(80, 24), (40, 12), (200, 50)] {
        let mut app = guide();
        app.resize(width, height);
        app.update(Action::NextSection);
        app.update(Action::Toc);
        insta::assert_snapshot!(
            format!("contents_tree_{width}x{height}"),
            draw(&app).backend()
        );
    }
}

#[test]
fn the_contents_filter_finds_sub_headings_of_folded_sections_and_enter_goes_there() {
    use ratatui::crossterm::event::KeyCode;
    let mut app = guide();
    app.update(Action::NextSection);
    app.update(Action::Toc);
    // Install is open; Use's sub-headings are folded.
    assert_eq!(
        toc_titles(&app),
        [
            "Guide",
            "Install",
            "From source",
            "With cargo",
            "Use",
            "Licence"
        ]
    );
    for c in "/envir".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    assert_eq!(toc_titles(&app), ["Environment"]);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    let top = app
        .visible()
        .iter()
        .map(|l| l.text())
        .find(|t| !t.is_empty())
        .unwrap_or_default();
    assert_eq!(top, "Environment");
    assert_eq!(app.subheading(), Some("Environment"));
}

#[test]
fn a_wide_table_at_every_size() {
    let mut text = String::from("# Types\n\n| Type | Python | Rust | Notes |\n|---|---|---|---|\n");
    for (t, p, r) in [
        ("int", "int", "i64"),
        ("text", "str", "String"),
        ("list", "list", "Vec<T>"),
    ] {
        text.push_str(&format!(
            "| {t} | `{p}` | `{r}` | how a {t} crosses between the two languages, in a sentence or two |\n"
        ));
    }
    for (width, height) in [(80, 24), (40, 12), (200, 50)] {
        let doc = connection_reader::document::Document::parse(&text, "types.md");
        let app = App::new(doc, 72, width, height, 0);
        insta::assert_snapshot!(format!("wide_table_{width}x{height}"), draw(&app).backend());
    }
}

#[test]
fn arrows_in_the_contents_unfold_and_fold_a_section() {
    use ratatui::crossterm::event::KeyCode;
    let mut app = guide();
    app.update(Action::NextSection);
    app.update(Action::Toc);
    // Down to Use, → unfolds it; ← on one of its sub-headings folds it back, Use chosen.
    for _ in 0..3 {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Right);
    assert_eq!(
        toc_titles(&app),
        [
            "Guide",
            "Install",
            "From source",
            "With cargo",
            "Use",
            "Options",
            "Environment",
            "Licence"
        ]
    );
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Left);
    assert_eq!(
        toc_titles(&app),
        [
            "Guide",
            "Install",
            "From source",
            "With cargo",
            "Use",
            "Licence"
        ]
    );
    assert!(
        matches!(
            app.mode(),
            connection_reader::overlay::Mode::Toc { selected: 4, .. }
        ),
        "Use is chosen"
    );
    // The section being read folds too.
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Left);
    assert_eq!(toc_titles(&app), ["Guide", "Install", "Use", "Licence"]);
}

/// The first fenced block in `lang` of a real README in the fixtures, as markdown.
fn real_block(file: &str, lang: &str) -> String {
    let path = format!("{}/tests/fixtures/real/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path)
        .expect("fixture")
        .replace("\r\n", "\n");
    let fence = format!("```{lang}\n");
    let start = text.find(&fence).expect("a block in that language");
    let end = text[start + fence.len()..].find("```").expect("closed") + start + fence.len();
    format!("{}```\n", &text[start..end])
}

#[test]
fn code_from_real_readmes_is_highlighted_by_kind_and_plain_without_colour() {
    let doc = format!(
        "# Code\n\n{}\n{}\n{}",
        real_block("crossterm-README.md", "toml"),
        real_block("crossterm-README.md", "rust"),
        real_block("fd-README.md", "bash"),
    );
    connection_reader::highlight::make_all();
    let app =
        App::new(Document::parse(&doc, "code.md"), DEFAULT_MEASURE, 80, 40, 0).with_highlight(true);
    let coloured = draw(&app);
    insta::assert_snapshot!("code_80x40", coloured.backend());
    insta::assert_snapshot!("code_80x40_styles", style_map(coloured.backend().buffer()));
    // Keywords, strings and comments each in a colour of their own.
    let colours: std::collections::HashSet<_> = coloured
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.fg)
        .collect();
    for c in [
        ratatui::style::Color::Magenta,
        ratatui::style::Color::Green,
        ratatui::style::Color::Cyan,
    ] {
        assert!(colours.contains(&c), "{c:?} in {colours:?}");
    }
    // Without colour: no highlighting, code dim as before, no colour anywhere.
    let plain_app = App::new(Document::parse(&doc, "code.md"), DEFAULT_MEASURE, 80, 40, 0);
    let (w, h) = plain_app.area_size();
    let mut plain = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    plain
        .draw(|f| ui::draw(f, &plain_app, &Theme { color: false }))
        .expect("draw");
    insta::assert_snapshot!(
        "code_80x40_no_colour_styles",
        style_map(plain.backend().buffer())
    );
    assert!(
        plain
            .backend()
            .buffer()
            .content()
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset),
        "no colour"
    );
    assert_eq!(
        buffer_text(plain.backend().buffer()),
        buffer_text(coloured.backend().buffer())
    );
}

#[test]
fn a_search_match_in_highlighted_code_stays_visible() {
    let doc = format!("# Code\n\n{}", real_block("crossterm-README.md", "rust"));
    connection_reader::highlight::make_all();
    let mut app =
        App::new(Document::parse(&doc, "code.md"), DEFAULT_MEASURE, 80, 30, 0).with_highlight(true);
    typed(&mut app, "/use\n");
    let t = draw(&app);
    let buf = t.backend().buffer();
    let reversed = buf
        .content()
        .iter()
        .filter(|c| c.modifier.contains(Modifier::REVERSED) && c.symbol() != " ")
        .count();
    assert!(
        reversed >= 3,
        "the match shows reversed over the keyword's colour"
    );
}
