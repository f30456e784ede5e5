//! Allocations per frame: drawing a screen whose state has not changed allocates nothing
//! (a test binary of its own, with a counting allocator that counts only the thread that
//! asks, so tests running beside it are not counted).

mod common;

use common::*;
use connection_reader::app::{App, DEFAULT_MEASURE};
use connection_reader::document::Document;
use connection_reader::theme::Theme;
use connection_reader::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    /// Allocations made by this thread while counting; `None` when not counting.
    static COUNT: Cell<Option<usize>> = const { Cell::new(None) };
}

fn note_allocation() {
    // `try_with`: the thread-local may already be gone while a thread ends.
    let _ = COUNT.try_with(|c| {
        if let Some(n) = c.get() {
            c.set(Some(n + 1));
        }
    });
}

// SAFETY: every call is passed on to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        note_allocation();
        unsafe { System.realloc(ptr, layout, size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made on this thread by `f`.
fn allocations_of(f: impl FnOnce()) -> usize {
    COUNT.with(|c| c.set(Some(0)));
    f();
    COUNT.with(|c| c.replace(None)).unwrap_or(0)
}

/// Allocations of the third drawing of `app` unchanged (the first two size the terminal's
/// buffers and the view's scratch).
fn unchanged_frame(app: &App, width: u16, height: u16) -> usize {
    let theme = Theme { color: true };
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("backend");
    for _ in 0..2 {
        terminal.draw(|f| ui::draw(f, app, &theme)).expect("draw");
    }
    allocations_of(|| {
        terminal.draw(|f| ui::draw(f, app, &theme)).expect("draw");
    })
}

#[test]
fn an_unchanged_reading_frame_allocates_nothing() {
    for (width, height) in [(80, 24), (40, 12), (200, 50)] {
        let mut app = essay(width, height);
        assert_eq!(unchanged_frame(&app, width, height), 0, "{width}x{height}");
        // Deeper in, where the status line shows a percentage and minutes left.
        for _ in 0..10 {
            key(&mut app, KeyCode::Char(' '));
        }
        assert_eq!(unchanged_frame(&app, width, height), 0, "{width}x{height}");
    }
}

#[test]
fn an_unchanged_frame_of_real_markdown_allocates_nothing() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read");
        let doc = Document::parse(&text, &path.display().to_string());
        let mut app = App::new(doc, DEFAULT_MEASURE, 80, 24, 1);
        key(&mut app, KeyCode::Char('G'));
        assert_eq!(unchanged_frame(&app, 80, 24), 0, "{}", path.display());
    }
}

#[test]
fn an_unchanged_frame_with_a_search_kept_allocates_nothing() {
    let mut app = essay(80, 24);
    typed(&mut app, "/you\n");
    settle_searches(&mut app);
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(unchanged_frame(&app, 80, 24), 0);
}

#[test]
fn the_counter_counts() {
    // The test above could fail: a frame that builds a string is counted.
    let n = allocations_of(|| {
        std::hint::black_box(format!("{}", std::hint::black_box(7)));
    });
    assert_eq!(n, 1);
}
