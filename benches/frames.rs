//! `cargo bench --bench frames`: allocations and time per frame, counted by a counting
//! allocator: a frame with nothing changed, a key press and its frame, a resize and its
//! frame, on the essay, a generated 10 MB document and real markdown (the 10 MB corpus
//! concatenation, when `benches/corpus/fetch` has made it).

mod docs;

use connection_reader::app::App;
use connection_reader::document::Document;
use connection_reader::keys::Action;
use connection_reader::source::ESSAY;
use connection_reader::theme::Theme;
use connection_reader::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// The system allocator, counting allocations.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const REPEAT: usize = 200;

/// Allocations and microseconds per call of `f`, averaged.
fn per_call(mut f: impl FnMut()) -> (f64, f64) {
    f();
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let start = Instant::now();
    for _ in 0..REPEAT {
        f();
    }
    let micros = start.elapsed().as_secs_f64() * 1e6 / REPEAT as f64;
    let allocations = (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / REPEAT as f64;
    (allocations, micros)
}

fn main() {
    let mut documents = vec![
        ("essay".to_string(), ESSAY.to_string()),
        (
            "generated 10 MB".to_string(),
            docs::document(10 * docs::MB, true, 2026),
        ),
    ];
    let corpus = std::env::var_os("CONNECTION_READER_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/connection-reader/corpus")
        })
        .join("concat-10mb.md");
    if let Ok(text) = std::fs::read_to_string(&corpus) {
        documents.push(("real 10 MB".to_string(), text));
    }
    let theme = Theme { color: true };
    println!("80x24, {REPEAT} repeats each: allocations and µs per frame");
    println!("| document | what | allocations | µs |");
    println!("|---|---|---:|---:|");
    for (name, text) in documents {
        let doc = Document::parse(&text, "bench.md");
        let mut app = App::new(doc, 72, 80, 24, 1);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("backend");
        let (a, t) = per_call(|| {
            terminal.draw(|f| ui::draw(f, &app, &theme)).expect("draw");
        });
        println!("| {name} | a frame, nothing changed | {a:.0} | {t:.1} |");
        let mut down = true;
        let (a, t) = per_call(|| {
            app.update(if down {
                Action::LineDown
            } else {
                Action::LineUp
            });
            down = !down;
            terminal.draw(|f| ui::draw(f, &app, &theme)).expect("draw");
        });
        println!("| {name} | a key and its frame | {a:.0} | {t:.1} |");
        let mut wide = true;
        let (a, t) = per_call(|| {
            let (w, h) = if wide { (100, 30) } else { (80, 24) };
            wide = !wide;
            app.resize(w, h);
            terminal
                .resize(ratatui::layout::Rect::new(0, 0, w, h))
                .expect("resize");
            terminal.draw(|f| ui::draw(f, &app, &theme)).expect("draw");
        });
        println!("| {name} | a resize and its frame | {a:.0} | {t:.1} |");
    }
}
