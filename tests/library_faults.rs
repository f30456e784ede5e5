//! A fault while the library counts a folder's files on its worker thread: the list shows
//! it as a one-line note and goes on. (Its own test binary: the fault is asked for through
//! the environment, which every test in a binary shares.)

use connection_reader::library::Library;

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "faults are injected only in debug builds (the default for cargo test)"
)]
fn a_panic_while_counting_a_folder_is_a_note_and_the_list_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("one.md"), "# One\n\nWords.\n").expect("write");
    std::fs::write(dir.path().join("two.md"), "# Two\n\nWords.\n").expect("write");
    // SAFETY: this binary's only test; no other thread reads the environment yet.
    unsafe { std::env::set_var("CONNECTION_READER_TEST_FAULT", "library") };
    let mut library = Library::of_folder(dir.path());
    while library.loading() {
        library.poll();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    unsafe { std::env::remove_var("CONNECTION_READER_TEST_FAULT") };
    let note = library.note.clone().expect("a note");
    assert!(
        note.contains("test fault requested in the library"),
        "{note}"
    );
    assert_eq!(note.lines().count(), 1);
    assert_eq!(library.entries.len(), 2, "the list stays");
}
