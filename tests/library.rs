//! The library: a folder of markdown as a list to choose from, drawn as the reader draws it.

use connection_reader::library::Library;
use connection_reader::theme::Theme;
use connection_reader::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A folder of `files` notes (removed with them when dropped).
fn folder(name: &str, files: usize) -> tempfile::TempDir {
    let kept = tempfile::Builder::new()
        .prefix(&format!("cr-lib-{name}-"))
        .tempdir()
        .expect("a temporary folder");
    let dir = kept.path();
    for i in 0..files {
        let sub = dir.join(format!("part{:02}", i % 50));
        std::fs::create_dir_all(&sub).expect("dir");
        std::fs::write(
            sub.join(format!("note{i:05}.md")),
            format!("# Note number {i}\n\nA few words of note {i}.\n"),
        )
        .expect("write");
    }
    kept
}

fn screen(lib: &Library, width: u16, height: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|f| ui::draw_library(f, lib, &Theme { color: false }))
        .expect("draw");
    let buf = terminal.backend().buffer();
    (0..height)
        .map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect()
}

#[test]
fn a_folder_of_ten_thousand_files_shows_its_first_screen_with_titles() {
    let dir = folder("big", 10_000);
    let start = std::time::Instant::now();
    let mut lib = Library::of_folder(dir.path());
    let rows = ui::library_rows(24);
    lib.read_visible(rows);
    let shown = screen(&lib, 80, 24);
    println!("first screen of 10,000 files: {:?}", start.elapsed());
    assert_eq!(lib.entries.len(), 10_000);
    assert!(shown[0].contains("10000 documents"), "{}", shown[0]);
    // The first rows have their titles, read for the screen; the rest come in the background.
    assert!(shown[2].contains("Note number 0 "), "{}", shown[2]);
    assert!(shown[2].contains("part00/note00000.md"), "{}", shown[2]);
    assert!(shown[23].contains("Enter reads"));
    // Typing filters, by title too once the titles have come; the count is shown.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while lib.loading() && std::time::Instant::now() < deadline {
        lib.poll();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    for c in "number 9999".chars() {
        lib.type_filter(Some(c));
    }
    lib.read_visible(rows);
    let shown = screen(&lib, 80, 24);
    assert!(shown[1].contains("1 of 10000"), "{}", shown[1]);
    assert!(shown[2].contains("Note number 9999"), "{}", shown[2]);
}

#[test]
fn the_list_fits_narrow_screens_and_says_when_nothing_matches() {
    let dir = folder("small", 3);
    let mut lib = Library::of_folder(dir.path());
    lib.read_visible(10);
    // Narrow: titles kept, paths and figures cut; wide: everything; tiny: says so.
    let narrow = screen(&lib, 40, 12);
    assert!(narrow[2].contains("Note number 0"), "{}", narrow[2]);
    assert!(narrow[11].starts_with(" ↑↓ choose"), "{}", narrow[11]);
    let wide = screen(&lib, 200, 50);
    assert!(
        wide[2].contains("part00/note00000.md") && wide[2].contains("words"),
        "{}",
        wide[2]
    );
    // The smallest screen it draws on: one row of the list, cut to fit.
    let tiny = screen(&lib, 12, 4);
    assert!(tiny[2].starts_with(" Note"), "{tiny:?}");
    assert!(screen(&lib, 11, 4).concat().contains("small"));
    lib.type_filter(Some('z'));
    let shown = screen(&lib, 80, 24);
    assert!(shown[2].contains("Nothing matches"), "{}", shown[2]);
}

#[test]
fn paths_keep_their_ends_and_the_header_its_count_at_80_columns() {
    let kept = tempfile::Builder::new()
        .prefix("cr-lib-a-folder-with-a-rather-long-name-that-would-fill-the-header-")
        .tempdir()
        .expect("a temporary folder");
    let dir = kept.path();
    let deep = dir.join("packages/some-package-with-a-long-name/docs/guides/advanced");
    std::fs::create_dir_all(&deep).expect("dir");
    for name in ["first-guide.md", "second-guide.md"] {
        std::fs::write(
            deep.join(name),
            format!("# A title long enough to need most of the row for {name}\n\nWords.\n"),
        )
        .expect("write");
    }
    let mut lib = Library::of_folder(dir);
    while lib.loading() {
        lib.poll();
        std::thread::yield_now();
    }
    let rows = screen(&lib, 80, 10);
    assert!(rows[0].contains("2 documents"), "{}", rows[0]);
    let listed: Vec<&String> = rows.iter().filter(|r| r.contains("A title")).collect();
    assert_eq!(listed.len(), 2);
    for (row, name) in listed.iter().zip(["first-guide.md", "second-guide.md"]) {
        assert!(!row.contains("……"), "{row}");
        // A path cut loses its start, so two documents of one title can be told apart.
        assert!(
            row.contains(&format!("…{}", &name[1..])) || row.contains(name),
            "{row}"
        );
    }
}
