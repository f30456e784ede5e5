//! Reading comfort through the app, with no terminal: table of contents, search, marks,
//! the measure, and the remembered place.

mod common;

use common::*;
use connection_reader::app::{App, MIN_MEASURE, Restore, Sameness};
use connection_reader::document::Document;
use connection_reader::overlay::Mode;
use connection_reader::state::{Place, Saved};
use ratatui::crossterm::event::KeyCode;

fn page_text(app: &App) -> String {
    app.visible()
        .iter()
        .map(|l| l.text())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn toc_moves_jumps_and_closes() {
    let mut app = essay(80, 24);
    key(&mut app, KeyCode::Char('t'));
    assert_eq!(
        app.mode(),
        &Mode::Toc {
            selected: 0,
            top: 0,
            filter: None,
            toggled: Vec::new(),
        }
    );
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('k'));
    assert!(matches!(app.mode(), Mode::Toc { selected: 1, .. }));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), &Mode::Reading);
    assert_eq!(app.reader().section, 1);
    key(&mut app, KeyCode::Char('t'));
    key(&mut app, KeyCode::Char('G'));
    assert!(matches!(app.mode(), Mode::Toc { selected: 4, .. }));
    key(&mut app, KeyCode::Char('t'));
    assert_eq!(app.mode(), &Mode::Reading);
    assert_eq!(app.reader().section, 1, "closing does not jump");
    key(&mut app, KeyCode::Char('t'));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), &Mode::Reading);
    assert!(!app.should_quit());
}

#[test]
fn read_progress_counts_what_was_scrolled_past() {
    let mut app = essay(40, 12);
    assert!(app.read_fraction(1) == 0.0);
    assert!(app.read_fraction(0) > 0.0 && app.read_fraction(0) < 1.0);
    key(&mut app, KeyCode::Char('G'));
    assert_eq!(app.read_fraction(0), 1.0);
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(app.read_fraction(0), 1.0, "going back does not unread");
}

#[test]
fn search_previews_as_you_type_and_enter_keeps_it() {
    let mut app = essay(80, 24);
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "coworkers");
    let search = app.active_search().expect("a search in progress");
    assert_eq!(search.matches.len(), 1);
    assert_eq!(app.reader().section, 4, "moved to the match while typing");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), &Mode::Reading);
    assert_eq!(app.active_search().map(|s| s.current), Some(Some(0)));
    // '' goes back to where the search started.
    typed(&mut app, "''");
    assert_eq!(app.reader().section, 0);
}

#[test]
fn esc_cancels_a_search_and_goes_back() {
    let mut app = essay(80, 24);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "crushed");
    assert_eq!(app.reader().section, 4);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.reader().section, 2);
    assert!(app.active_search().is_none());
    assert!(!app.should_quit());
}

#[test]
fn n_and_n_capital_walk_matches_across_sections_and_wrap() {
    let mut app = essay(80, 24);
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "passion");
    key(&mut app, KeyCode::Enter);
    let total = app.active_search().map_or(0, |s| s.matches.len());
    assert!(total >= 3, "{total}");
    let mut sections = vec![app.reader().section];
    for _ in 1..total {
        key(&mut app, KeyCode::Char('n'));
        sections.push(app.reader().section);
    }
    assert!(sections.windows(2).all(|w| w[0] <= w[1]), "{sections:?}");
    assert_eq!(app.active_search().and_then(|s| s.current), Some(total - 1));
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.active_search().and_then(|s| s.current), Some(0));
    assert_eq!(app.note(), Some("Search wrapped to the start"));
    key(&mut app, KeyCode::Char('N'));
    assert_eq!(app.active_search().and_then(|s| s.current), Some(total - 1));
    assert_eq!(app.note(), Some("Search wrapped to the end"));
}

#[test]
fn a_search_with_no_match_says_so_and_stays() {
    let mut app = essay(80, 24);
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "zebra");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.reader().section, 1);
    assert_eq!(app.note(), Some("Not found: zebra"));
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.note(), Some("Not found: zebra"));
    let mut fresh = essay(80, 24);
    key(&mut fresh, KeyCode::Char('n'));
    assert!(fresh.note().is_some_and(|n| n.contains("press /")));
}

#[test]
fn marks_return_and_quote_quote_goes_back() {
    let mut app = essay(40, 12);
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    let marked = first_text(&app);
    typed(&mut app, "ma");
    assert_eq!(app.note(), Some("Mark a set"));
    key(&mut app, KeyCode::Char('4'));
    typed(&mut app, "'a");
    assert_eq!(app.reader().section, 1);
    assert_eq!(first_text(&app), marked);
    typed(&mut app, "''");
    assert_eq!(app.reader().section, 4, "back to before the mark jump");
    typed(&mut app, "''");
    assert_eq!(app.reader().section, 1);
    typed(&mut app, "'z");
    assert_eq!(app.note(), Some("Mark z is not set"));
    // g is a jump too.
    key(&mut app, KeyCode::Char('G'));
    let end = app.reader().top;
    key(&mut app, KeyCode::Char('g'));
    typed(&mut app, "''");
    assert_eq!(app.reader().top, end);
}

#[test]
fn measure_changes_by_four_within_bounds_and_keeps_the_place() {
    let mut app = essay(80, 24);
    key(&mut app, KeyCode::Char('1'));
    let width = app.text_width();
    assert_eq!(width, 72);
    key(&mut app, KeyCode::Char('-'));
    assert_eq!(app.text_width(), 68);
    key(&mut app, KeyCode::Char('+'));
    key(&mut app, KeyCode::Char('+'));
    assert_eq!(app.text_width(), 76);
    for _ in 0..10 {
        key(&mut app, KeyCode::Char('+'));
    }
    assert_eq!(app.text_width(), 77, "never wider than the terminal allows");
    for _ in 0..30 {
        key(&mut app, KeyCode::Char('-'));
    }
    assert_eq!(app.text_width(), MIN_MEASURE);
    key(&mut app, KeyCode::Char('='));
    assert_eq!(app.text_width(), 72);

    // Scrolled into the section, the same sentence stays at the top.
    let mut app = essay(60, 12);
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    let before = first_text(&app);
    assert!(before.starts_with("Most importantly"), "{before}");
    key(&mut app, KeyCode::Char('-'));
    key(&mut app, KeyCode::Char('-'));
    assert!(first_text(&app).starts_with("Most importantly"));
    key(&mut app, KeyCode::Char('='));
    assert_eq!(first_text(&app), before);
}

#[test]
fn the_end_of_the_document_has_a_marker() {
    let mut app = essay(80, 24);
    key(&mut app, KeyCode::Char('>'));
    assert!(page_text(&app).trim_end().ends_with("∎ End"));
    assert!(app.progress().at_end);
}

fn saved_at(app: &App) -> Saved {
    app.saved()
}

#[test]
fn saved_place_marks_and_measure_come_back() {
    let mut app = essay(40, 12);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Down);
    typed(&mut app, "mq");
    key(&mut app, KeyCode::Char('-'));
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Down);
    let text = first_text(&app);
    let saved = saved_at(&app);
    assert_eq!(saved.measure, Some(33));

    let mut again = essay(40, 12);
    let note = again.restore(
        &saved,
        Restore {
            text: Sameness::Same,
            keep_measure: false,
            keep_page: false,
            place: true,
        },
    );
    assert_eq!(first_text(&again), text);
    assert_eq!(again.text_width(), 33);
    assert!(note.starts_with("Resumed in Being real"), "{note}");
    typed(&mut again, "'q");
    assert_eq!(again.reader().section, 3);
    assert!(again.read_fraction(3) > 0.0);
    assert_eq!(again.read_fraction(3), saved.read[3], "progress comes back");

    // --width wins over the remembered measure; --from-start keeps the start.
    let mut fixed = essay(40, 12);
    fixed.restore(
        &saved,
        Restore {
            text: Sameness::Same,
            keep_measure: true,
            keep_page: false,
            place: false,
        },
    );
    assert_eq!(fixed.text_width(), 37);
    assert_eq!(fixed.reader().section, 0);
    typed(&mut fixed, "'q");
    assert_eq!(fixed.reader().section, 3, "marks are kept");
}

#[test]
fn a_changed_document_opens_at_the_nearest_sensible_place() {
    // The place was saved in a longer version; the section count changed too.
    let doc = Document::parse(
        "# T\n\nintro\n\n## A\n\nalpha text\n\n## B\n\nbeta text\n",
        "t",
    );
    let b_offset = doc.sections[2].offset;
    let saved = Saved {
        fingerprint: 1,
        length: 10_000,
        place: Place {
            section: 7,
            anchor: b_offset + 3,
        },
        ..Saved::default()
    };
    let mut app = App::new(doc.clone(), 72, 80, 24, 0);
    app.restore(
        &saved,
        Restore {
            text: Sameness::Changed,
            keep_measure: false,
            keep_page: false,
            place: true,
        },
    );
    assert_eq!(app.reader().section, 2, "the section holding the offset");

    let far = Saved {
        place: Place {
            section: 1,
            anchor: 999_999,
        },
        ..saved.clone()
    };
    let mut app = App::new(doc.clone(), 72, 80, 24, 0);
    app.restore(
        &far,
        Restore {
            text: Sameness::Changed,
            keep_measure: false,
            keep_page: false,
            place: true,
        },
    );
    assert_eq!(app.reader().section, 2, "never past the end");
    assert!(app.reader().top <= app.reader().max_top(app.lines()));
    assert!(app.note().is_some_and(|n| n.contains("changed")));

    // Left at the very top: nothing to resume, but the change is still said.
    let top = Saved {
        place: Place {
            section: 0,
            anchor: 0,
        },
        ..saved
    };
    let mut app = App::new(doc.clone(), 72, 80, 24, 0);
    app.restore(
        &top,
        Restore {
            text: Sameness::Changed,
            keep_measure: false,
            keep_page: false,
            place: true,
        },
    );
    assert_eq!((app.reader().section, app.reader().top), (0, 0));
    assert_eq!(
        app.note(),
        Some("The document changed since you last read it")
    );
}

#[test]
fn a_large_document_is_searched_on_another_thread_as_you_type() {
    use connection_reader::app::BACKGROUND_SEARCH;
    use connection_reader::search::Index;
    let mut text = String::from("# Big\n\nstart here\n\n");
    let mut i = 0;
    while text.len() <= BACKGROUND_SEARCH * 2 {
        text.push_str(&format!(
            "## Part {i}\n\nplain words and more words, {}\n\n",
            if i % 50 == 7 {
                "a Needle here"
            } else {
                "nothing"
            }
        ));
        i += 1;
    }
    let doc = Document::parse(&text, "big.md");
    let expected = Index::new(&doc).find("needle");
    assert!(expected.len() > 10);
    let mut app = App::new(doc, 72, 80, 24, 0);
    typed(&mut app, "/needle");
    // Keys never wait: the matches arrive while the app keeps handling events.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while app.search_running() {
        app.poll_search();
        assert!(std::time::Instant::now() < deadline, "the search finished");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let search = app.active_search().expect("a search");
    assert!(search.complete);
    assert_eq!(search.matches, expected);
    assert_eq!(search.current, Some(0));
    assert_eq!(
        app.reader().section,
        expected[0].section,
        "went to the first match"
    );
    typed(&mut app, "\nn");
    assert_eq!(app.active_search().and_then(|s| s.current), Some(1));

    // A query changed before its search finished never mixes in the old one's matches.
    typed(&mut app, "/nee");
    typed(&mut app, "dle");
    while app.search_running() {
        app.poll_search();
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    assert_eq!(
        app.active_search().map(|s| s.matches.clone()),
        Some(expected)
    );
}
