//! `cargo bench --bench keys`: how long keys take in a large document, as the reader holds it
//! (dormant: each section parsed again when it is shown), on the 10 MB and 100 MB real
//! markdown concatenations (`benches/corpus/fetch` makes them) and a generated 10 MB one.
//!
//! For each: the memory the document holds, every key that moves to a section not laid out
//! yet (next section, page down across a section's end, the end), a resize in the section
//! that is the most text, and a search through the whole, to its first match and to its end.
//! Times are wall clock on this machine, medians and worst cases; nothing here is a test.

mod docs;

use connection_reader::app::App;
use connection_reader::document::{Document, Markdown};
use connection_reader::keys::Action;
use connection_reader::search::Background;
use connection_reader::theme::Theme;
use connection_reader::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The piece size the reader's loader parses a large file in.
const PIECE: usize = connection_reader::document::large::PIECE;

fn corpus(name: &str) -> Option<String> {
    let dir = std::env::var_os("CONNECTION_READER_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/connection-reader/corpus")
        });
    std::fs::read_to_string(dir.join(name)).ok()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Median and worst of some times, in milliseconds.
fn spread(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    let worst = times.last().copied().unwrap_or_default();
    (ms(median), ms(worst))
}

fn main() {
    let mut documents = Vec::new();
    for (name, file) in [
        ("real 10 MB", "concat-10mb.md"),
        ("real 100 MB", "concat-100mb.md"),
    ] {
        if let Some(text) = corpus(file) {
            documents.push((name.to_string(), text));
        }
    }
    documents.push((
        "generated 10 MB".to_string(),
        docs::document(10 * docs::MB, true, 2026),
    ));
    let theme = Theme { color: true };
    println!("80x24; ms: median / worst");
    println!(
        "| document | parse to dormant | sections | next section | page down | end | resize in the largest | search: first match / all |"
    );
    println!("|---|---:|---:|---|---|---:|---|---|");
    for (name, text) in documents {
        let text = Arc::new(text);
        let started = Instant::now();
        let doc = connection_reader::document::large::parse_large(
            Arc::clone(&text),
            "bench.md",
            PIECE,
            Markdown::default(),
        );
        let parse = started.elapsed();
        let sections = doc.sections.len();
        // Where each section ends is where the next starts.
        let span = |i: usize| {
            let end = doc.sections.get(i + 1).map_or(doc.len, |s| s.offset);
            end.saturating_sub(doc.sections[i].offset)
        };
        let largest = (0..sections).max_by_key(|&i| span(i)).unwrap_or(0);
        let largest_kb = span(largest) >> 10;
        let doc = Arc::new(doc);
        let mut app = App::new(Document::clone(&doc), 72, 80, 24, 0);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("backend");
        let mut draw = |app: &App| {
            terminal.draw(|f| ui::draw(f, app, &theme)).expect("draw");
        };
        draw(&app);
        let mut timed = |app: &mut App, action: Action| {
            let t = Instant::now();
            app.update(action);
            draw(app);
            t.elapsed()
        };
        // Sections spread over the whole document, each reached for the first time.
        let step = (sections / 200).max(1);
        let mut next = Vec::new();
        let mut page = Vec::new();
        for s in (0..sections.saturating_sub(2)).step_by(step) {
            app.update(Action::GoToSection(doc.sections[s].number));
            next.push(timed(&mut app, Action::NextSection));
            app.update(Action::SectionEnd);
            page.push(timed(&mut app, Action::PageDown));
        }
        app.update(Action::DocumentStart);
        let end = timed(&mut app, Action::DocumentEnd);
        app.update(Action::GoToSection(doc.sections[largest].number));
        draw(&app);
        let mut resizes = Vec::new();
        for i in 0..10 {
            let (w, h) = if i % 2 == 0 { (100, 30) } else { (80, 24) };
            let t = Instant::now();
            app.resize(w, h);
            terminal
                .resize(ratatui::layout::Rect::new(0, 0, w, h))
                .expect("resize");
            terminal.draw(|f| ui::draw(f, &app, &theme)).expect("draw");
            resizes.push(t.elapsed());
            // As the reader does once the frame is drawn.
            app.tidy();
        }
        // A search for a word found near the end only, and one found everywhere.
        let search = Background::start();
        let mut first = None;
        let t = Instant::now();
        search.search("the", Arc::clone(&doc));
        let all = loop {
            match search.try_found() {
                Some(found) => {
                    if first.is_none() && !found.matches.is_empty() {
                        first = Some(t.elapsed());
                    }
                    if found.done {
                        break t.elapsed();
                    }
                }
                None => std::thread::sleep(Duration::from_micros(200)),
            }
        };
        let (next_m, next_w) = spread(next);
        let (page_m, page_w) = spread(page);
        let (resize_m, resize_w) = spread(resizes);
        println!(
            "| {name} | {:.0} | {sections} | {next_m:.2} / {next_w:.2} | {page_m:.2} / {page_w:.2} | {:.2} | {resize_m:.2} / {resize_w:.2} ({} KB) | {:.1} / {:.0} |",
            ms(parse),
            ms(end),
            largest_kb,
            first.map_or(f64::NAN, ms),
            ms(all),
        );
    }
}
