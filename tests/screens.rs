//! Screens drawn into ratatui's TestBackend, compared with committed insta snapshots, plus
//! checks of the styles that plain text cannot show.

use connection_reader::app::{App, DEFAULT_MEASURE};
use connection_reader::document::Document;
use connection_reader::keys::Action;
use connection_reader::source::{ESSAY, ESSAY_NAME};
use connection_reader::theme::Theme;
use connection_reader::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

const COLOR: Theme = Theme { color: true };

fn essay(width: u16, height: u16) -> App {
    App::new(
        Document::parse(ESSAY, ESSAY_NAME),
        DEFAULT_MEASURE,
        width,
        height,
        0,
    )
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let (w, h) = app.area_size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    terminal
        .draw(|f| ui::draw(f, app, &COLOR))
        .expect("draw into a test backend");
    terminal
}

fn screens(width: u16, height: u16) {
    let name = |what: &str| format!("{what}_{width}x{height}");
    let mut app = essay(width, height);
    insta::assert_snapshot!(name("first_page"), draw(&app).backend());
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
    let text: String = draw(&app)
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
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
