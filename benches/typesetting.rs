//! `cargo bench --bench typesetting`: how evenly prose is set, and what it costs, for each
//! way of breaking lines.
//!
//! For the essay and long-form prose from the corpus (`benches/corpus/fetch`), at 40, 60 and
//! 72 columns, for first fit and balanced breaking, each with and without hyphenation:
//!
//! - raggedness: the squared trailing space of every line of a paragraph but its last,
//!   summed over the document and divided by the number of those lines;
//! - short lines: lines of a paragraph but its last that fill less than two thirds of the
//!   column;
//! - hyphens per 100 lines of those paragraphs.
//!
//! Then the time to lay out a whole document, per MB, for each setting (and justified), on
//! the essay repeated to 1 MB and on the 10 MB real-markdown concatenation.

use connection_reader::document::{Block, BlockKind, Document, Section, TextStyle};
use connection_reader::layout::{Format, Hyphenation, Typesetting, Wrap, layout_section_with};
use connection_reader::source::ESSAY;
use std::path::PathBuf;
use std::time::Instant;

/// The corpus, where `benches/corpus/fetch` keeps it.
fn corpus() -> PathBuf {
    std::env::var_os("CONNECTION_READER_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/connection-reader/corpus")
        })
}

/// Long-form prose in the corpus: a handbook, two essays, a style guide.
const PROSE: &[(&str, &str)] = &[
    (
        "stream handbook",
        "files/npm-stream-handbook-1.0.0/package/readme.markdown",
    ),
    (
        "attrs: why",
        "files/pypi-attrs-24.2.0/attrs-24.2.0/docs/why.md",
    ),
    (
        "attrs: names",
        "files/pypi-attrs-24.2.0/attrs-24.2.0/docs/names.md",
    ),
    (
        "black: style",
        "files/pypi-black-24.8.0/black-24.8.0/docs/the_black_code_style/current_style.md",
    ),
];

/// The settings compared: name and typesetting.
fn settings() -> Vec<(&'static str, Typesetting)> {
    let set = |wrap, hyphenation| Typesetting {
        wrap,
        hyphenation,
        ..Typesetting::default()
    };
    vec![
        ("first fit", set(Wrap::Fast, Hyphenation::Never)),
        ("first fit, hyphens", set(Wrap::Fast, Hyphenation::Auto)),
        ("balanced", set(Wrap::Balanced, Hyphenation::Never)),
        ("balanced, hyphens", set(Wrap::Balanced, Hyphenation::Auto)),
    ]
}

/// The paragraphs of `blocks` (inside quotes and lists too) without hard breaks.
fn paragraphs<'b>(blocks: &'b [Block], out: &mut Vec<&'b Block>) {
    for b in blocks {
        match &b.kind {
            BlockKind::Paragraph(runs) if !runs.iter().any(|r| r.is_break()) => out.push(b),
            BlockKind::Quote(inner) | BlockKind::Footnote { blocks: inner, .. } => {
                paragraphs(inner, out)
            }
            BlockKind::List { items, .. } => {
                for item in items {
                    paragraphs(&item.blocks, out);
                }
            }
            _ => {}
        }
    }
}

#[derive(Default)]
struct Measure {
    lines: usize,
    squares: usize,
    short: usize,
    hyphens: usize,
}

/// Raggedness, short lines and hyphens of `doc`'s paragraphs at `width`.
fn measure(doc: &Document, width: usize, set: Typesetting) -> Measure {
    let format = Format {
        set,
        ..Format::new(width)
    };
    let mut m = Measure::default();
    for section in &doc.sections {
        let mut found = Vec::new();
        paragraphs(&section.blocks, &mut found);
        for block in found {
            let alone = Section {
                number: 0,
                title: String::new(),
                offset: 0,
                blocks: vec![block.clone()],
                words: 0,
            };
            let mut lines = layout_section_with(&alone, &format);
            // The paragraph's own lines: link addresses are listed after a blank line.
            if let Some(blank) = lines.iter().position(|l| l.spans.is_empty()) {
                lines.truncate(blank);
            }
            let Some((_, body)) = lines.split_last() else {
                continue;
            };
            for line in body {
                let used = line.width();
                m.lines += 1;
                m.squares += width.saturating_sub(used).pow(2);
                m.short += usize::from(used * 3 < width * 2);
                let hyphen = line
                    .spans
                    .last()
                    .is_some_and(|s| s.style.contains(TextStyle::HYPHEN));
                m.hyphens += usize::from(hyphen);
            }
        }
    }
    m
}

/// Milliseconds to lay out all of `doc` at 72 columns per MB of its source.
fn layout_ms_per_mb(doc: &Document, set: Typesetting) -> f64 {
    let format = Format {
        set,
        ..Format::new(72)
    };
    let mut best = f64::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        let mut lines = 0;
        for section in &doc.sections {
            lines += layout_section_with(section, &format).len();
        }
        std::hint::black_box(lines);
        best = best.min(start.elapsed().as_secs_f64() * 1e3);
    }
    best / (doc.len as f64 / (1 << 20) as f64)
}

fn main() {
    let root = corpus();
    let mut documents = vec![("essay".to_string(), Document::parse(ESSAY, "essay"))];
    for (name, path) in PROSE {
        match std::fs::read_to_string(root.join(path)) {
            Ok(text) => documents.push((name.to_string(), Document::parse(&text, name))),
            Err(_) => println!("({name}: not in the corpus; run benches/corpus/fetch)"),
        }
    }
    println!(
        "Raggedness (mean squared trailing space a line), short lines, hyphens per 100 lines:"
    );
    println!("| document | width | setting | lines | raggedness | short lines | hyphens /100 |");
    println!("|---|---:|---|---:|---:|---:|---:|");
    for (name, doc) in &documents {
        for width in [40, 60, 72] {
            for (setting, set) in settings() {
                let m = measure(doc, width, set);
                let per_line = |n: usize| n as f64 / m.lines.max(1) as f64;
                println!(
                    "| {name} | {width} | {setting} | {} | {:.1} | {} | {:.1} |",
                    m.lines,
                    per_line(m.squares),
                    m.short,
                    100.0 * per_line(m.hyphens),
                );
            }
        }
    }
    // All the prose together, the figure to compare settings by.
    println!();
    println!("All the prose above together:");
    println!("| width | setting | raggedness | short lines | hyphens /100 |");
    println!("|---:|---|---:|---:|---:|");
    for width in [40, 60, 72] {
        for (setting, set) in settings() {
            let mut all = Measure::default();
            for (_, doc) in &documents {
                let m = measure(doc, width, set);
                all.lines += m.lines;
                all.squares += m.squares;
                all.short += m.short;
                all.hyphens += m.hyphens;
            }
            let per_line = |n: usize| n as f64 / all.lines.max(1) as f64;
            println!(
                "| {width} | {setting} | {:.1} | {} | {:.1} |",
                per_line(all.squares),
                all.short,
                100.0 * per_line(all.hyphens),
            );
        }
    }

    let mut timed = vec![(
        "essay repeated to 1 MB".to_string(),
        Document::parse(&ESSAY.repeat((1 << 20) / ESSAY.len() + 1), "essay"),
    )];
    if let Ok(text) = std::fs::read_to_string(root.join("concat-10mb.md")) {
        timed.push(("real 10 MB".to_string(), Document::parse(&text, "real")));
    }
    let mut all = settings();
    all.push((
        "balanced, hyphens, justified",
        Typesetting {
            justify: true,
            ..Typesetting::default()
        },
    ));
    println!();
    println!("Layout at 72 columns, ms per MB of source (best of 3):");
    println!("| document | setting | ms/MB |");
    println!("|---|---|---:|");
    for (name, doc) in &timed {
        for (setting, set) in &all {
            println!(
                "| {name} | {setting} | {:.1} |",
                layout_ms_per_mb(doc, *set)
            );
        }
    }
}
