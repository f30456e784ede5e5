//! A new version of a document taken in by the app: the place, the marks, the progress and a
//! kept search carried over by their words; changed sections marked until visited.

mod common;

use common::{first_text, key, settle_searches, typed};
use connection_reader::app::App;
use connection_reader::document::Document;
use ratatui::crossterm::event::KeyCode;

fn numbered(parts: &[&str], extra: &str) -> String {
    let mut text = format!("# Live\n\nThe opening words.{extra}\n\n");
    for part in parts {
        text.push_str(&format!("## {part}\n\n"));
        for i in 1..=30 {
            text.push_str(&format!("{part} line {i}.\n\n"));
        }
    }
    text
}

#[test]
fn text_added_above_moves_the_place_marks_and_search_with_their_words() {
    let old = numbered(&["Alpha", "Beta", "Gamma"], "");
    let mut app = App::new(Document::parse(&old, "live.md"), 72, 60, 16, 0);
    typed(&mut app, "2");
    for _ in 0..8 {
        key(&mut app, KeyCode::Down);
    }
    let place = first_text(&app);
    assert!(place.starts_with("Beta line"), "{place}");
    // A mark here, a kept search, and Alpha read to its end.
    typed(&mut app, "ma");
    typed(&mut app, "/line 7\n");
    settle_searches(&mut app);
    let matches = |app: &App| app.active_search().map(|s| s.matches.len());
    assert_eq!(matches(&app), Some(3));
    let read_alpha = app.read_fraction(1);
    typed(&mut app, "2");

    // A paragraph added to the opening, and a new section with line 7 in it.
    let new = numbered(&["Alpha", "Beta", "Gamma", "Delta"], "\n\nA new paragraph.");
    let taken = app.take_version(Document::parse(&new, "live.md"), &old, &new);
    assert_eq!(taken.changed, 2, "the opening and Delta");
    assert!(!taken.followed);
    assert_eq!(first_text(&app), "Beta", "where the reader was: Beta's top");
    assert_eq!(app.reader().section, 2);
    // The search ran again in the new text, the marks kept their words.
    settle_searches(&mut app);
    assert_eq!(matches(&app), Some(4));
    typed(&mut app, "'a");
    assert_eq!(first_text(&app), place, "the mark");
    assert_eq!(
        app.read_fraction(1),
        read_alpha,
        "Alpha's progress goes with it"
    );
    // The opening and Delta are marked until visited.
    assert!(app.changed(0) && app.changed(4));
    assert!(!app.changed(1) && !app.changed(2));
    typed(&mut app, "4");
    assert!(!app.changed(4), "visited");
    assert!(app.changed(0));
}

#[test]
fn at_the_end_of_a_text_that_grows_the_reader_follows_and_a_move_stops_it() {
    let old = numbered(&["Log"], "");
    let mut app = App::new(Document::parse(&old, "log.md"), 72, 60, 16, 0);
    key(&mut app, KeyCode::Char('>'));
    assert!(app.progress().at_end);
    let new = format!("{old}An entry at the end.\n");
    let taken = app.take_version(Document::parse(&new, "log.md"), &old, &new);
    assert!(taken.followed);
    assert!(app.progress().at_end);
    assert!(app.following());
    // A move up stops following: the next entry is not brought into view.
    key(&mut app, KeyCode::Up);
    assert!(!app.following());
    let newer = format!("{new}\nAnother entry.\n");
    let taken = app.take_version(Document::parse(&newer, "log.md"), &new, &newer);
    assert!(!taken.followed);
    assert!(!app.progress().at_end);
    // F follows again.
    key(&mut app, KeyCode::Char('F'));
    assert!(app.following() && app.progress().at_end);
}

#[test]
fn a_place_in_deleted_text_goes_to_the_nearest_text_that_remains() {
    let old = numbered(&["Alpha", "Beta"], "");
    let mut app = App::new(Document::parse(&old, "d.md"), 72, 60, 16, 0);
    typed(&mut app, "/Beta line 12\n");
    let top = first_text(&app);
    assert!(top.starts_with("Beta line 1"), "{top}");
    // Lines 5 to 15 of Beta deleted.
    let new: String = old
        .split_inclusive("\n\n")
        .filter(|p| !(5..=15).any(|i| p.trim() == format!("Beta line {i}.")))
        .collect();
    app.take_version(Document::parse(&new, "d.md"), &old, &new);
    assert_eq!(first_text(&app), "Beta line 16.");
}
