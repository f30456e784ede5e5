//! A search thread that panics: the search ends with a one-line note, nothing else is
//! disturbed, and the next search works. (Its own test binary: the fault is asked for
//! through the environment, which every test in a binary shares.)

mod common;

use common::{key, settle_searches, typed};
use connection_reader::app::{App, BACKGROUND_SEARCH};
use connection_reader::document::Document;
use ratatui::crossterm::event::KeyCode;

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "faults are injected only in debug builds (the default for cargo test)"
)]
fn a_search_thread_that_panics_ends_its_search_with_a_note() {
    // Debug builds only: release builds ignore the request.
    if !cfg!(debug_assertions) {
        return;
    }
    let mut text = String::from("# Big\n\nstart\n\n");
    let mut i = 0;
    while text.len() <= BACKGROUND_SEARCH * 2 {
        text.push_str(&format!("## Part {i}\n\nsome words here\n\n"));
        i += 1;
    }
    let mut app = App::new(Document::parse(&text, "big.md"), 72, 80, 24, 0);
    // SAFETY: this binary's only test; no other thread reads the environment yet.
    unsafe { std::env::set_var("CONNECTION_READER_TEST_FAULT", "search") };
    typed(&mut app, "/words\n");
    settle_searches(&mut app);
    assert_eq!(
        app.note(),
        Some("search failed: test fault requested in the search")
    );
    let search = app.active_search().expect("kept");
    assert!(search.complete, "not left searching");
    // The reader goes on, and the thread serves the next search.
    let before = app.place();
    key(&mut app, KeyCode::Down);
    assert_ne!(app.place(), before, "keys still move the page");
    unsafe { std::env::remove_var("CONNECTION_READER_TEST_FAULT") };
    typed(&mut app, "/words\n");
    settle_searches(&mut app);
    assert_eq!(app.active_search().map(|s| s.matches.len()), Some(i));
}
