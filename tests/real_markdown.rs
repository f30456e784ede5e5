//! Markdown other people wrote: the fixtures in `tests/fixtures/real/`, and the whole corpus
//! of pinned packages, which `benches/corpus/fetch` downloads the first time (see
//! `corpus_files`).
//!
//! For every file at widths 8, 40, 80 and 200, `--print`'s layout must not panic, must keep
//! every line within the width, must hold no control character, and must show every visible
//! letter and digit of the source in order. What is visible is read straight from
//! pulldown-cmark's events, independently of the document model: text, code, image text and
//! the text of HTML (tags, comments, scripts and styles stripped); not link addresses or
//! front matter. Footnote texts move to the section that cites them, and a table's cells are
//! wrapped side by side (or shown as "header: value" lines), so theirs (an HTML table's too)
//! need only be shown somewhere.

use connection_reader::document::{Document, Markdown};
use connection_reader::layout::Format;
use connection_reader::print::print;
use connection_reader::text;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};

const WIDTHS: [usize; 4] = [8, 40, 80, 200];

/// The letters and digits a reader must see, in order, and those of footnote texts.
fn visible(source: &str) -> (Vec<char>, Vec<char>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let (mut main, mut notes) = (String::new(), String::new());
    let (mut in_note, mut in_meta) = (0usize, false);
    let mut in_table = 0usize;
    let mut html = String::new();
    let flush_html = |html: &mut String, out: &mut String| {
        out.push_str(&strip_tags(html));
        out.push(' ');
        html.clear();
    };
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        let unordered = in_note > 0 || in_table > 0;
        if !matches!(event, Event::Html(_)) && !html.is_empty() {
            // A whole HTML table is drawn as a grid, its cells wrapped side by side: its
            // letters need only be shown somewhere, as a markdown table's.
            let lower = html.to_ascii_lowercase();
            let opens = lower.matches("<table").count();
            let grid = opens > 0 && opens == lower.matches("</table").count();
            let out = if unordered || grid {
                &mut notes
            } else {
                &mut main
            };
            flush_html(&mut html, out);
        }
        let out = if unordered { &mut notes } else { &mut main };
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => in_note += 1,
            Event::End(TagEnd::FootnoteDefinition) => in_note -= 1,
            Event::Start(Tag::Table(_)) => in_table += 1,
            Event::End(TagEnd::Table) => in_table -= 1,
            // Front matter is not shown; a metadata block further on is read as markdown.
            Event::Start(Tag::MetadataBlock(_)) => in_meta = range.start == 0,
            Event::End(TagEnd::MetadataBlock(_)) => in_meta = false,
            Event::Text(t) if !in_meta => out.push_str(&t),
            Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => out.push_str(&t),
            Event::Html(t) => html.push_str(&t),
            Event::InlineHtml(t) => out.push_str(&strip_tags(&t)),
            Event::FootnoteReference(label) => out.push_str(&label),
            _ => out.push(' '),
        }
    }
    if !html.is_empty() {
        flush_html(&mut html, &mut main);
    }
    let letters = |s: &str| -> Vec<char> {
        text::clean(&s.replace(['\n', '\r'], " "))
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    (letters(&main), letters(&notes))
}

/// HTML's text: tags, comments, scripts, styles and character references taken out.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let lower = rest.to_ascii_lowercase();
        let end = if rest.starts_with("<!--") {
            rest.find("-->").map(|e| e + 3)
        } else if lower.starts_with("<script") || lower.starts_with("<style") {
            let close = if lower.starts_with("<script") {
                "</script>"
            } else {
                "</style>"
            };
            lower.find(close).map(|e| e + close.len())
        } else if let Some(after) = rest.strip_prefix('<') {
            let is_tag =
                after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
            if is_tag {
                rest.find('>').map(|e| e + 1)
            } else {
                Some(1)
            }
        } else {
            // A character reference, or a lone '&'.
            let len = rest[1..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
                .map_or(rest.len() - 1, |n| n);
            if rest[1 + len..].starts_with(';') {
                Some(len + 2)
            } else {
                Some(1)
            }
        };
        let end = end.unwrap_or(rest.len());
        out.push(' ');
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// What is wrong with printing `source` at `width`; empty when all is well.
fn problems(name: &str, source: &str, want: &(Vec<char>, Vec<char>), width: usize) -> Vec<String> {
    let printed = std::panic::catch_unwind(|| {
        let doc = Document::parse(source, name);
        // Sections start in source order, so a place can be found by its offset.
        assert!(
            doc.sections.windows(2).all(|w| w[0].offset <= w[1].offset),
            "sections out of order"
        );
        let mut out = Vec::new();
        print(&doc, 0, &Format::new(width), None, &mut out).expect("print to memory");
        String::from_utf8(out).expect("UTF-8")
    });
    let Ok(printed) = printed else {
        return vec![format!("{name} at {width}: panicked")];
    };
    let mut found = Vec::new();
    for line in printed.lines() {
        if text::width(line) > width {
            found.push(format!(
                "{name} at {width}: {line:?} is {} wide",
                text::width(line)
            ));
        }
        if line.chars().any(char::is_control) {
            found.push(format!("{name} at {width}: control character in {line:?}"));
        }
    }
    let shown: Vec<char> = printed.chars().filter(|c| c.is_alphanumeric()).collect();
    // In order: the source's letters are a subsequence of what is shown.
    let mut it = shown.iter();
    let mut kept = 0usize;
    for c in &want.0 {
        if it.any(|s| s == c) {
            kept += 1;
        } else {
            let from = kept.saturating_sub(30);
            let context: String = want.0[from..(kept + 10).min(want.0.len())].iter().collect();
            found.push(format!(
                "{name} at {width}: lost text after {kept} letters, near {context:?}"
            ));
            break;
        }
    }
    // Footnote and table texts: all there.
    let mut counts = std::collections::HashMap::new();
    for c in &shown {
        *counts.entry(*c).or_insert(0usize) += 1;
    }
    for c in want.0.iter().chain(&want.1) {
        match counts.get_mut(c) {
            Some(n) if *n > 0 => *n -= 1,
            _ => {
                found.push(format!(
                    "{name} at {width}: {c:?} of a footnote or table is missing"
                ));
                break;
            }
        }
    }
    found
}

/// Checks each file; returns the number checked and every problem.
fn check_files(files: &[PathBuf]) -> (usize, Vec<String>) {
    let mut all = Vec::new();
    for path in files {
        let bytes = std::fs::read(path).expect("read a corpus file");
        let source = String::from_utf8_lossy(&bytes);
        let name = path
            .file_name()
            .map_or("doc.md".into(), |n| n.to_string_lossy());
        let want = visible(&source);
        for width in WIDTHS {
            all.extend(problems(&path.display().to_string(), &source, &want, width));
            let _ = &name;
        }
    }
    (files.len(), all)
}

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            // (A package's folder still being fetched ends in `.part`.)
            if p.extension().is_none_or(|x| x != "part") {
                out.extend(markdown_files(&p));
            }
        } else if p
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("md") || x.eq_ignore_ascii_case("markdown"))
        {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Where `benches/corpus/fetch` keeps the corpus.
fn corpus_dir() -> PathBuf {
    match std::env::var_os("CONNECTION_READER_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
            .join(".cache/connection-reader/corpus"),
    }
}

/// The corpus's files, fetched first by `benches/corpus/fetch` (the pinned script CI and the
/// benchmarks use) when any pinned package is missing: a fresh clone's `cargo test` checks
/// them all. A package that cannot be had fails the test, naming it.
fn corpus_files() -> Vec<PathBuf> {
    static FETCHED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    let fetched = FETCHED.get_or_init(|| {
        let missing = missing_packages();
        let concatenated = corpus_dir().join("concat-1mb.md").is_file();
        if missing.is_empty() && concatenated {
            return Ok(());
        }
        println!("corpus: fetching {} pinned packages", missing.len());
        let run = std::process::Command::new("benches/corpus/fetch")
            .env("CONNECTION_READER_CORPUS", corpus_dir())
            .output()
            .map_err(|e| format!("benches/corpus/fetch could not run: {e}"))?;
        let missing = missing_packages();
        if run.status.success() && missing.is_empty() {
            return Ok(());
        }
        Err(format!(
            "the corpus could not be fetched ({}); missing: {}\n{}",
            run.status,
            missing.join(", "),
            String::from_utf8_lossy(&run.stderr)
        ))
    });
    if let Err(why) = fetched {
        panic!("{why}");
    }
    let files = markdown_files(&corpus_dir().join("files"));
    assert!(!files.is_empty(), "the corpus has markdown files");
    files
}

/// The packages `benches/corpus/packages.txt` pins that are not in the corpus yet, named as
/// the fetch script names their folders.
fn missing_packages() -> Vec<String> {
    let list = std::fs::read_to_string("benches/corpus/packages.txt").expect("the corpus list");
    list.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let (registry, name, version) = (parts.next()?, parts.next()?, parts.next()?);
            Some(format!("{registry}-{}-{version}", name.replace('/', "_")))
        })
        .filter(|folder| !corpus_dir().join("files").join(folder).is_dir())
        .collect()
}

/// The fixtures and the corpus.
fn real_files() -> Vec<PathBuf> {
    let mut files = markdown_files(Path::new("tests/fixtures/real"));
    files.extend(corpus_files());
    files
}

#[test]
fn real_fixtures_print_whole_within_every_width() {
    let files = markdown_files(Path::new("tests/fixtures/real"));
    assert!(files.len() >= 5, "the fixtures are there");
    let (checked, problems) = check_files(&files);
    assert!(problems.is_empty(), "{checked} files: {problems:#?}");
}

#[test]
fn the_fetched_corpus_prints_whole_within_every_width() {
    let files = corpus_files();
    let (checked, problems) = check_files(&files);
    println!(
        "corpus: {checked} files at widths {WIDTHS:?}: {} problems",
        problems.len()
    );
    assert!(
        problems.is_empty(),
        "{} problems: {:#?}",
        problems.len(),
        &problems[..problems.len().min(40)]
    );
}

/// The files whose large-document parse (parsed in windows of `piece` bytes, its blocks kept
/// for none or half of it, sectioned, each section not kept parsed again alone) differs
/// from the whole parse: section for section (numbers, titles, places, words) and block for
/// block.
fn piece_mismatches(files: &[PathBuf]) -> Vec<String> {
    use connection_reader::document::Keep;
    use connection_reader::document::large::surveyed;
    use std::sync::Arc;
    let mut out = Vec::new();
    for path in files {
        let bytes = std::fs::read(path).expect("read");
        let text = Arc::new(String::from_utf8_lossy(&bytes).into_owned());
        // As written, and with punctuation set typographically; pieces from a few lines to
        // more than most files.
        let ways = [(false, 64), (false, 1024), (false, 65536), (true, 1024)];
        for (smart_punctuation, piece) in ways {
            let markdown = Markdown { smart_punctuation };
            let whole = Document::parse_with(&text, "doc.md", markdown);
            let how = if smart_punctuation { ", smart" } else { "" };
            // Blocks kept for half of it, none, or (printing a large file) only what
            // sectioning needs folded.
            let keep = match piece {
                1024 => Keep::Upto(text.len() / 2),
                64 => Keep::Printing {
                    upto: text.len() / 3,
                    blocks: 20,
                },
                _ => Keep::Upto(0),
            };
            let sectioned = surveyed(Arc::clone(&text), "doc.md", piece, markdown, keep);
            // (Words are not counted when only what sectioning needs is folded.)
            let counted = !matches!(keep, Keep::Printing { .. });
            let outline = |d: &Document| -> Vec<(usize, String, usize, usize)> {
                d.sections
                    .iter()
                    .map(|s| {
                        (
                            s.number,
                            s.title.clone(),
                            s.offset,
                            if counted { s.words } else { 0 },
                        )
                    })
                    .collect()
            };
            if outline(&sectioned) != outline(&whole)
                || sectioned.title != whole.title
                || (counted && sectioned.anchors != whole.anchors)
            {
                out.push(format!(
                    "{} sectioned, in pieces of {piece} bytes{how}",
                    path.display()
                ));
            }
            let mut woken = sectioned.woken();
            if !counted {
                for (s, w) in woken.sections.iter_mut().zip(&whole.sections) {
                    s.words = w.words;
                }
                woken.anchors.clone_from(&whole.anchors);
            }
            if woken != whole {
                out.push(format!(
                    "{} parsed in pieces of {piece} bytes{how}",
                    path.display()
                ));
            }
        }
    }
    out
}

#[test]
fn real_files_cut_into_pieces_parse_like_the_whole() {
    let files = real_files();
    let bad = piece_mismatches(&files);
    println!(
        "pieces: {} files at 4 settings, {} mismatches",
        files.len(),
        bad.len()
    );
    assert!(
        bad.is_empty(),
        "{} mismatches: {:#?}",
        bad.len(),
        &bad[..bad.len().min(30)]
    );
}

/// The files whose `--print` as a large document is printed (each section parsed again
/// and laid out on worker threads, written in order) differs from printing the whole
/// parse.
fn printed_mismatches(files: &[PathBuf]) -> Vec<String> {
    use connection_reader::document::large::surveyed;
    use std::sync::Arc;
    let format = Format::new(80);
    let mut out = Vec::new();
    for path in files {
        let bytes = std::fs::read(path).expect("read");
        let text = Arc::new(String::from_utf8_lossy(&bytes).into_owned());
        let mut want = Vec::new();
        print(
            &Document::parse(&text, "doc.md"),
            0,
            &format,
            None,
            &mut want,
        )
        .expect("print");
        for piece in [1024, 8192] {
            let keep = if piece == 1024 {
                connection_reader::document::Keep::Printing {
                    upto: usize::MAX,
                    blocks: 100,
                }
            } else {
                connection_reader::document::Keep::Upto(0)
            };
            let doc = surveyed(
                Arc::clone(&text),
                "doc.md",
                piece,
                Markdown::default(),
                keep,
            );
            let mut got = Vec::new();
            print(&doc, 0, &format, None, &mut got).expect("print");
            if got != want {
                out.push(format!("{} in pieces of {piece} bytes", path.display()));
            }
        }
    }
    out
}

#[test]
fn real_files_print_the_same_a_section_at_a_time() {
    let files = real_files();
    let bad = printed_mismatches(&files);
    println!("printed: {} files, {} differ", files.len(), bad.len());
    assert!(
        bad.is_empty(),
        "{} differ: {:#?}",
        bad.len(),
        &bad[..bad.len().min(30)]
    );
}

#[test]
fn anchor_links_in_real_files_lead_to_their_headings() {
    use connection_reader::document::links::{Target, in_blocks};
    let files = real_files();
    let (mut links, mut found, mut notes) = (0, 0, 0);
    let mut missing = Vec::new();
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).expect("read")).into_owned();
        let doc = Document::parse(&text, "doc.md");
        for link in doc.sections.iter().flat_map(|s| in_blocks(&s.blocks)) {
            match &link.target {
                Target::Address(a) if a.starts_with('#') && a.len() > 1 => {
                    links += 1;
                    if doc.anchor(&a[1..]).is_some() {
                        found += 1;
                    } else {
                        missing.push(format!("{}: {a}", path.display()));
                    }
                }
                Target::Footnote(label) => {
                    // Every footnote reference the parser made has its note in the document.
                    assert!(
                        doc.footnote(label).is_some(),
                        "{}: [^{label}]",
                        path.display()
                    );
                    notes += 1;
                }
                _ => {}
            }
        }
    }
    println!("anchors: {found} of {links} lead to a heading; {notes} footnote references");
    assert!(links > 100, "the corpus has anchor links ({links})");
    // Those that don't are mostly translations linking to the English headings' anchors.
    assert!(
        found * 100 >= links * 90,
        "{found} of {links}; missing: {:#?}",
        &missing[..missing.len().min(40)]
    );
}

#[test]
fn relative_links_between_real_files_lead_to_files_that_open() {
    use connection_reader::document::links::{Target, in_blocks};
    use connection_reader::source::linked_file;
    // The fixtures have no linked files: the corpus only.
    let files = corpus_files();
    let (mut links, mut opened) = (0, 0);
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).expect("read")).into_owned();
        let doc = Document::parse(&text, "doc.md");
        for link in doc.sections.iter().flat_map(|s| in_blocks(&s.blocks)) {
            let Target::Address(a) = &link.target else {
                continue;
            };
            let file = a.split('#').next().unwrap_or("");
            if a.contains(':') || !file.to_ascii_lowercase().ends_with(".md") {
                continue;
            }
            links += 1;
            // A file the package does not ship is a note, not an error.
            if let Ok((target, _)) = linked_file(Some(path), a)
                && connection_reader::event_loop::Opened::open(&target, false, Markdown::default())
                    .is_ok()
            {
                opened += 1;
            }
        }
    }
    println!("relative links: {opened} of {links} open");
    assert!(links > 20, "the corpus has relative links ({links})");
    // Links to files a package does not ship (docs kept elsewhere) cannot open.
    assert!(opened * 2 >= links, "{opened} of {links}");
}

/// The link reference definitions one parse of all of `text` finds (the first of a label
/// where the text defines it again), by label.
fn definitions_parsed_whole(text: &str) -> connection_reader::document::LinkDefinitions {
    use connection_reader::document::{LinkDefinitions, OPTIONS, label_key, text_start};
    let body = connection_reader::document::front_matter_end(text).max(text_start(text));
    let parser = Parser::new_ext(&text[body..], OPTIONS);
    let mut defs = LinkDefinitions::new();
    for (label, def) in parser.reference_definitions().iter() {
        defs.insert(label_key(label), def.dest.to_string());
    }
    defs
}

#[test]
fn a_megabyte_of_real_markdown_in_halves_held_or_dormant_parses_and_prints_as_the_whole() {
    use connection_reader::document::Survey;
    use connection_reader::document::large::parse_large;
    corpus_files();
    let path = corpus_dir().join("concat-1mb.md");
    let text = std::fs::read_to_string(&path).expect("the 1 MB concatenation");
    assert!(text.len() >= 1 << 20);
    let markdown = Markdown::default();
    let keep = connection_reader::document::Keep::Upto(0);
    let once = Survey::of_text_halved(&text, 64 << 10, markdown, keep, false);
    let mut halved = Survey::of_text_halved(&text, 64 << 10, markdown, keep, true);
    assert_eq!(halved.ends.last(), once.ends.last());
    halved.ends.clone_from(&once.ends);
    assert!(halved == once, "the halves' survey differs from one pass's");
    let whole = Document::parse_with(&text, "doc.md", markdown);
    let text = std::sync::Arc::new(text);
    let large = parse_large(std::sync::Arc::clone(&text), "doc.md", 64 << 10, markdown);
    assert!(
        large.woken() == whole,
        "the 1 MB concatenation parsed large differs"
    );
    // Printed (sections laid out on worker threads, runs of dormant ones parsed at once),
    // held parsed, dormant, or a third held and the rest parsed again: as the whole prints.
    use connection_reader::document::Keep;
    let format = Format::new(80);
    let mut want = Vec::new();
    print(&whole, 0, &format, None, &mut want).expect("print");
    for keep in [
        Keep::Upto(usize::MAX),
        Keep::Upto(0),
        Keep::Printing {
            upto: text.len() / 3,
            blocks: 2000,
        },
    ] {
        let doc = connection_reader::document::large::surveyed(
            std::sync::Arc::clone(&text),
            "doc.md",
            64 << 10,
            markdown,
            keep,
        );
        let mut got = Vec::new();
        print(&doc, 0, &format, None, &mut got).expect("print");
        assert!(got == want, "printed {keep:?} differs");
        let all = doc.blocks_of(0..doc.sections.len());
        for (i, blocks) in all.iter().enumerate() {
            assert!(
                **blocks == *whole.sections[i].blocks,
                "{keep:?}: section {i}"
            );
        }
    }
}

#[test]
fn real_files_define_the_same_links_surveyed_in_pieces_as_parsed_whole() {
    use connection_reader::document::Survey;
    let files = real_files();
    let (mut defined, mut bad) = (0, Vec::new());
    for path in &files {
        let bytes = std::fs::read(path).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        let want = definitions_parsed_whole(&text);
        defined += want.len();
        for piece in [usize::MAX / 4, 8192, 1024, 64] {
            let keep = connection_reader::document::Keep::Printing { upto: 0, blocks: 0 };
            let got = Survey::of_text(&text, piece, Markdown::default(), keep).links;
            if got != want {
                bad.push(format!("{} (pieces of {piece})", path.display()));
            }
        }
    }
    println!("definitions: {defined} definitions, {} differ", bad.len());
    assert!(defined > 0, "the files define links");
    assert!(bad.is_empty(), "{bad:#?}");
}

/// Sections whose text numbers links (`docs¹`) and whose links list numbers them the same:
/// the addresses closing each laid-out section, numbered, are the list's first rows in
/// order. Returns the differences, and how many numbered links were compared.
fn link_number_mismatches(files: &[PathBuf]) -> (Vec<String>, usize) {
    use connection_reader::document::links::{Target, listed, numbered_addresses};
    use connection_reader::print::render;
    let mut problems = Vec::new();
    let mut compared = 0;
    for path in files {
        let text = String::from_utf8_lossy(&std::fs::read(path).expect("read")).into_owned();
        let doc = Document::parse(&text, "doc.md");
        for (i, section) in doc.sections.iter().enumerate() {
            let numbered = numbered_addresses(&section.blocks);
            let shown =
                String::from_utf8(render(&section.blocks, &Format::new(4000), None)).expect("text");
            // The section's last block of lines: its numbered addresses, when it has any.
            let last: Vec<&str> = shown
                .trim_end()
                .rsplit("\n\n")
                .next()
                .unwrap_or("")
                .lines()
                .collect();
            let w = numbered.len().to_string().len();
            let want: Vec<String> = numbered
                .iter()
                .enumerate()
                .map(|(n, a)| {
                    text::clean(&format!("{:>w$}. {a}", n + 1))
                        .trim_end()
                        .to_string()
                })
                .collect();
            if !numbered.is_empty() && last != want {
                problems.push(format!(
                    "{} section {i}: {last:?} against {want:?}",
                    path.display()
                ));
            }
            let rows = listed(&section.blocks);
            for (n, address) in numbered.iter().enumerate() {
                compared += 1;
                if !matches!(&rows[n].target, Target::Address(a) if a == address) {
                    problems.push(format!(
                        "{} section {i}: row {} is not {address}",
                        path.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    (problems, compared)
}

#[test]
fn the_links_list_numbers_each_link_as_the_text_does() {
    let mut files = real_files();
    files.extend(corpus_files());
    let (problems, compared) = link_number_mismatches(&files);
    assert!(
        problems.is_empty(),
        "{}",
        problems[..problems.len().min(5)].join("\n")
    );
    assert!(compared > 100, "the fixtures number links ({compared})");
}

/// A file of the fetched corpus, by package and path.
fn corpus_file(package: &str, path: &str) -> PathBuf {
    let files = corpus_files();
    let file = corpus_dir().join("files").join(package).join(path);
    assert!(files.contains(&file), "{} is in the corpus", file.display());
    file
}

#[test]
fn real_documents_are_fully_readable() {
    use connection_reader::app::App;
    use connection_reader::keys::Action;
    let read =
        |path: &Path| String::from_utf8_lossy(&std::fs::read(path).expect("read")).into_owned();
    // nom's README: `#` late in the file make every `##` part of a first section; its
    // sub-headings are in the contents, reached by Enter and by `}`.
    let nom = read(&corpus_file("crate-nom-7.1.3", "nom-7.1.3/README.md"));
    let doc = Document::parse(&nom, "README.md");
    assert_eq!(doc.title, "nom, eating data byte by byte");
    let mut app = App::new(doc, 72, 80, 24, 0);
    app.update(Action::Toc);
    let titles: Vec<String> = app
        .toc_entries()
        .iter()
        .filter_map(|&e| app.toc_row(e).map(|r| r.title.to_string()))
        .collect();
    for sub in [
        "Example",
        "Documentation",
        "Why use nom",
        "Binary format parsers",
    ] {
        assert!(titles.iter().any(|t| t == sub), "{sub} in {titles:?}");
    }
    app.update(Action::Back);
    // From the top, `}` goes to the first sub-heading, and the status line names it.
    app.update(Action::NextHeading);
    assert_eq!(app.subheading(), Some("Example"));
    let top = app
        .visible()
        .iter()
        .map(|l| l.text())
        .find(|t| !t.is_empty());
    assert_eq!(top.as_deref(), Some("Example"));
    // rxjs's changelog: `}` walks its `###` entries across its releases.
    let rxjs = read(&corpus_file("npm-rxjs-7.8.1", "package/CHANGELOG.md"));
    let mut app = App::new(Document::parse(&rxjs, "CHANGELOG.md"), 72, 80, 24, 0);
    let mut sections = std::collections::BTreeSet::new();
    for _ in 0..60 {
        app.update(Action::NextHeading);
        sections.insert(app.reader().section);
    }
    assert!(sections.len() > 10, "across sections: {sections:?}");
    // axios's README: its HTML sponsor table is a grid, each sponsor's text in its cell.
    let axios = read(&corpus_file("npm-axios-1.7.7", "package/README.md"));
    let wide = Format {
        code_width: 120,
        ..Format::new(72)
    };
    let mut out = Vec::new();
    print(
        &Document::parse(&axios, "README.md"),
        0,
        &wide,
        None,
        &mut out,
    )
    .expect("print");
    let out = String::from_utf8(out).expect("utf-8");
    assert!(
        out.contains("│ [Buzzoid - Buy Instagram Followers]¹"),
        "a grid"
    );
    assert!(out.lines().all(|l| text::width(l) <= 120));
    // Every address whole: no numbered address broken without the ↪ that continues it.
    // (Code continues behind the same marker: only the lines after an address row count.)
    let is_address = |l: &str| {
        l.trim_start()
            .split_once(". ")
            .is_some_and(|(n, a)| n.parse::<usize>().is_ok() && a.contains("://"))
    };
    let mut continued = Vec::new();
    let mut after_address = false;
    for line in out.lines() {
        let marked = line.trim_start().starts_with('↪');
        if marked && after_address {
            continued.push(line);
        }
        after_address = is_address(line) || (marked && after_address);
    }
    assert!(
        !continued.is_empty(),
        "axios has addresses longer than a line"
    );
    for line in continued {
        let rest = line.trim_start().strip_prefix("↪ ").expect("the marker");
        assert!(!rest.is_empty() && !rest.contains(' '), "one token: {line}");
    }
}
