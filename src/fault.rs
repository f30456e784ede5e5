//! Faults on request, for end-to-end tests of the failure paths, in debug builds only:
//! `CONNECTION_READER_TEST_FAULT=loader` (or `search`, `library`, `print`) makes that worker panic, so a test
//! can check that the reader reports it in one line and goes on. Release builds ignore it.

/// Panics when the test environment asks for a fault at `place`.
pub fn inject(place: &str) {
    #[cfg(debug_assertions)]
    if std::env::var("CONNECTION_READER_TEST_FAULT").is_ok_and(|f| f == place) {
        panic!("test fault requested in the {place}");
    }
    #[cfg(not(debug_assertions))]
    let _ = place;
}
