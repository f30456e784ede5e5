//! Search sessions on a document large enough to be searched on another thread: results
//! reach only the search that asked for them, and Enter, `/`, Esc and n/N each do one thing,
//! whatever order the keys and the thread's results come in.
//!
//! Results are taken into the app only by `poll_search`, so each test fixes the order of
//! keys and results exactly, however fast the thread is.

mod common;

use common::{key, settle_searches, typed};
use connection_reader::app::{App, BACKGROUND_SEARCH};
use connection_reader::document::Document;
use connection_reader::overlay::Mode;
use connection_reader::search::{Index, Match};
use ratatui::crossterm::event::KeyCode;
use std::time::Duration;

/// A document over the background threshold with "needle" in some sections.
fn large() -> (Document, Vec<Match>) {
    let mut text = String::from("# Big\n\nstart here\n\n");
    let mut i = 0;
    while text.len() <= BACKGROUND_SEARCH * 2 {
        let extra = if i % 50 == 7 {
            "a Needle here"
        } else {
            "nothing"
        };
        text.push_str(&format!("## Part {i}\n\nplain words and more, {extra}\n\n"));
        i += 1;
    }
    let doc = Document::parse(&text, "big.md");
    let expected = Index::new(&doc).find("needle");
    assert!(expected.len() > 10);
    (doc, expected)
}

#[test]
fn enter_on_a_running_search_then_slash_keeps_the_results_apart() {
    let (doc, expected) = large();
    let mut app = App::new(doc, 72, 80, 24, 0);
    typed(&mut app, "/needle\n");
    let kept = app.active_search().expect("kept").clone();
    assert!(!kept.complete, "kept while its thread still runs");
    assert!(app.search_running());
    // A new prompt: the kept search is set aside; its results must not land here.
    typed(&mut app, "/");
    let place = app.place();
    settle_searches(&mut app);
    let preview = app.active_search().expect("the preview");
    assert!(preview.query.is_empty());
    assert!(preview.matches.is_empty(), "no results of the old search");
    assert_eq!(app.place(), place, "the page did not jump");
    assert!(matches!(app.mode(), Mode::Search { .. }));
    // Esc: the kept search is back, whole, and nothing is left running.
    key(&mut app, KeyCode::Esc);
    let back = app.active_search().expect("the kept search is back");
    assert_eq!(back.query, "needle");
    assert!(back.complete, "not stuck searching");
    assert_eq!(back.matches, expected);
    assert!(!app.search_running());
    assert_eq!(app.place(), place);
}

#[test]
fn a_kept_search_interrupted_by_a_new_query_is_searched_again_on_esc() {
    let (doc, expected) = large();
    let mut app = App::new(doc, 72, 80, 24, 0);
    typed(&mut app, "/needle\n");
    // Typing a new query stops the thread's work on the kept one.
    typed(&mut app, "/plain");
    key(&mut app, KeyCode::Esc);
    let back = app.active_search().expect("kept");
    assert_eq!(back.query, "needle");
    assert!(app.search_running(), "searched again, not left waiting");
    settle_searches(&mut app);
    let back = app.active_search().expect("kept");
    assert!(back.complete);
    assert_eq!(back.matches, expected);
}

#[test]
fn enter_then_results_go_to_the_first_match_and_n_steps_on() {
    let (doc, expected) = large();
    let mut app = App::new(doc, 72, 80, 24, 0);
    typed(&mut app, "/needle");
    // n before any result: it says so, and moves nothing.
    typed(&mut app, "\n");
    let place = app.place();
    typed(&mut app, "n");
    assert!(
        app.note().is_some_and(|n| n.contains("Still searching")),
        "{:?}",
        app.note()
    );
    assert_eq!(app.place(), place);
    settle_searches(&mut app);
    assert_eq!(app.reader().section, expected[0].section);
    // Going to the first match was a jump: '' goes back to where the search began.
    typed(&mut app, "''");
    assert_eq!(app.reader().section, 0);
    typed(&mut app, "''");
    assert_eq!(app.reader().section, expected[0].section);
    typed(&mut app, "n");
    assert_eq!(app.active_search().and_then(|s| s.current), Some(1));
    typed(&mut app, "N");
    assert_eq!(app.active_search().and_then(|s| s.current), Some(0));
}

#[test]
fn esc_while_typing_stops_the_preview_and_goes_back() {
    let (doc, _) = large();
    let mut app = App::new(doc, 72, 80, 24, 0);
    let start = app.place();
    typed(&mut app, "/needle");
    assert!(app.search_running());
    key(&mut app, KeyCode::Esc);
    assert!(!app.search_running(), "the preview's search is stopped");
    settle_searches(&mut app);
    assert!(app.active_search().is_none());
    assert_eq!(app.place(), start);
    assert_eq!(app.mode(), &Mode::Reading);
}

#[test]
fn a_query_changed_before_its_results_never_mixes_in_the_old_ones() {
    let (doc, expected) = large();
    let mut app = App::new(doc, 72, 80, 24, 0);
    typed(&mut app, "/nee");
    // The race on purpose: results for "nee" have arrived (more may be on their way) when
    // the query changes.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while app.active_search().is_none_or(|s| s.matches.is_empty()) {
        assert!(std::time::Instant::now() < deadline, "results for nee came");
        app.poll_search();
        std::thread::yield_now();
    }
    typed(&mut app, "dle");
    settle_searches(&mut app);
    assert_eq!(
        app.active_search().map(|s| s.matches.clone()),
        Some(expected)
    );
}
