//! `cargo bench --bench pipeline`: parse, layout of one section, a full print, one key press
//! with a frame drawn, and a resize, on the essay and on generated 1, 10 and 100 MB documents
//! (and a 10 MB one with no headings).

mod docs;

use connection_reader::app::App;
use connection_reader::document::Document;
use connection_reader::keys::Action;
use connection_reader::layout::Format;
use connection_reader::layout::layout_section;
use connection_reader::print::print;
use connection_reader::search::{Background, Index};
use connection_reader::source::ESSAY;
use connection_reader::theme::Theme;
use connection_reader::ui;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

fn documents() -> Vec<(&'static str, String)> {
    vec![
        ("essay", ESSAY.to_string()),
        ("1MB", docs::document(docs::MB, true, 2026)),
        ("10MB", docs::document(10 * docs::MB, true, 2026)),
        (
            "10MB-no-headings",
            docs::document(10 * docs::MB, false, 2026),
        ),
        ("100MB", docs::document(100 * docs::MB, true, 2026)),
    ]
}

fn pipeline(c: &mut Criterion) {
    let theme = Theme { color: true };
    for (name, text) in documents() {
        let big = text.len() > 20 * docs::MB;
        let mut group = c.benchmark_group(name);
        group.sample_size(if big { 10 } else { 30 });
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("parse", |b| {
            b.iter(|| Document::parse(black_box(&text), "bench.md"))
        });
        let doc = Document::parse(&text, "bench.md");
        let longest = (0..doc.sections.len())
            .max_by_key(|&i| doc.sections[i].words)
            .unwrap_or(0);
        group.throughput(Throughput::Elements(1));
        group.bench_with_input(
            BenchmarkId::new("layout-longest-section", 72),
            &72,
            |b, &w| b.iter(|| layout_section(black_box(&doc.sections[longest]), w)),
        );
        if !big {
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_function("print", |b| {
                b.iter(|| {
                    let mut sink = std::io::sink();
                    print(&doc, 0, &Format::new(80), None, &mut sink).expect("print");
                })
            });
        }
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("search-index", |b| b.iter(|| Index::new(black_box(&doc))));
        let index = Index::new(&doc);
        group.bench_function("search-find", |b| {
            b.iter(|| index.find(black_box("connection")).len())
        });
        // The search large documents use: on a thread, matches sent as they are found.
        let shared = std::sync::Arc::new(doc.clone());
        let background = Background::start();
        for (what, until_done) in [
            ("search-thread-first-matches", false),
            ("search-thread-all", true),
        ] {
            group.bench_function(what, |b| {
                b.iter(|| {
                    background.search("connection", std::sync::Arc::clone(&shared));
                    loop {
                        match background.try_found() {
                            Some(found)
                                if found.done || (!until_done && !found.matches.is_empty()) =>
                            {
                                break found.matches.len();
                            }
                            _ => std::thread::yield_now(),
                        }
                    }
                })
            });
        }
        background.cancel();
        group.throughput(Throughput::Elements(1));
        let mut app = App::new(doc.clone(), 72, 80, 24, longest);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("backend");
        group.bench_function("key+frame", |b| {
            let mut down = true;
            b.iter(|| {
                app.update(if down {
                    Action::LineDown
                } else {
                    Action::LineUp
                });
                down = !down;
                terminal.draw(|f| ui::draw(f, &app, &theme)).expect("draw");
            })
        });
        // To a narrower text column and back, each drawn: two resizes that lay out again.
        group.bench_function("resize+frame-twice", |b| {
            b.iter(|| {
                for (w, h) in [(60, 20), (80, 24)] {
                    app.resize(w, h);
                    terminal.backend_mut().resize(w, h);
                    terminal.draw(|f| ui::draw(f, &app, &theme)).expect("draw");
                }
            })
        });
        group.bench_function("section-jump+frame", |b| {
            let mut at = 0;
            b.iter(|| {
                at = (at + 7) % doc.sections.len().max(1);
                app.update(Action::GoToSection(doc.sections[at].number));
                terminal.draw(|f| ui::draw(f, &app, &theme)).expect("draw");
            })
        });
        group.finish();
    }
}

/// The survey a large document is sectioned from before its words are counted (the parser's
/// first pass over it, in windows: where it can be cut, its definitions, its headings), on
/// 10 MB of real markdown (the corpus, when fetched) and of generated prose.
fn survey(c: &mut Criterion) {
    let mut group = c.benchmark_group("survey");
    group.sample_size(20);
    let real = std::env::var_os("HOME")
        .map(std::path::PathBuf::from)
        .map(|home| home.join(".cache/connection-reader/corpus/concat-10mb.md"))
        .and_then(|path| std::fs::read_to_string(path).ok());
    let generated = docs::document(10 * docs::MB, true, 2026);
    for (name, text) in [("real-10MB", real), ("generated-10MB", Some(generated))] {
        let Some(text) = text else {
            continue;
        };
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                connection_reader::document::Survey::of_text(
                    black_box(&text),
                    connection_reader::document::large::PIECE,
                    Default::default(),
                    connection_reader::document::Keep::Upto(0),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline, survey);
criterion_main!(benches);
