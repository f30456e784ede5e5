//! `cargo bench --bench highlight`: syntax highlighting on the fenced code of real markdown
//! (the corpus `benches/corpus/fetch` makes; the fixtures without it): how many blocks name a
//! language it knows, which names it does not, how long each language's highlighter takes to
//! make (once, the first time its code shows), and how fast code is highlighted after.

use connection_reader::document::{CompactString, Run, TextStyle};
use connection_reader::highlight::{self, Highlighting, Language};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

fn files() -> Vec<PathBuf> {
    let corpus = std::env::var_os("CONNECTION_READER_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/connection-reader/corpus")
        })
        .join("files");
    let root = if corpus.exists() {
        corpus
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
    };
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"))
            {
                out.push(path);
            }
        }
    }
    out
}

/// Every fenced block with an info string: its first word and its lines.
fn blocks() -> Vec<(String, Vec<Run>)> {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    for path in files() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let mut open: Option<(String, String)> = None;
        for event in Parser::new(&text) {
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    let word = info
                        .split([' ', ',', '\t'])
                        .next()
                        .unwrap_or("")
                        .to_string();
                    open = Some((word, String::new()));
                }
                Event::Text(t) => {
                    if let Some((_, code)) = &mut open {
                        code.push_str(&t);
                    }
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((word, code)) = open.take().filter(|(w, _)| !w.is_empty()) {
                        let lines = code
                            .lines()
                            .map(|l| Run {
                                text: CompactString::from(l),
                                offset: 0,
                                style: TextStyle::PLAIN,
                            })
                            .collect();
                        out.push((word, lines));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn main() {
    let blocks = blocks();
    let mut words: BTreeMap<String, usize> = BTreeMap::new();
    for (word, _) in &blocks {
        *words.entry(word.to_ascii_lowercase()).or_default() += 1;
    }
    let known = blocks
        .iter()
        .filter(|(w, _)| Language::named(w).is_some())
        .count();
    println!(
        "{} fenced blocks name a language; {known} of them one highlighted here",
        blocks.len()
    );
    let mut unknown: Vec<_> = words
        .iter()
        .filter(|(w, _)| Language::named(w).is_none())
        .collect();
    unknown.sort_by(|a, b| b.1.cmp(a.1));
    let unknown: Vec<String> = unknown
        .iter()
        .take(12)
        .map(|(w, n)| format!("{w} {n}"))
        .collect();
    println!("most used names it does not know: {}", unknown.join(", "));
    println!("| language | highlighter made in ms |");
    println!("|---|---:|");
    for word in ["rust", "sh", "toml", "python", "js", "json"] {
        let start = Instant::now();
        let _ = highlight::lines(Some(word), &[], Highlighting::Now);
        println!("| {word} | {:.2} |", start.elapsed().as_secs_f64() * 1e3);
    }
    let mut bytes = 0;
    let start = Instant::now();
    for (word, lines) in &blocks {
        if highlight::lines(Some(word), lines, Highlighting::Now).is_some() {
            bytes += lines.iter().map(|l| l.text.len() + 1).sum::<usize>();
        }
    }
    let took = start.elapsed().as_secs_f64();
    println!(
        "highlighted {} KB of code in {:.0} ms: {:.1} MB/s",
        bytes >> 10,
        took * 1e3,
        bytes as f64 / took / 1e6
    );
}
