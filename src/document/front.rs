//! Front matter: the YAML (`---`) or TOML (`+++`) block some files open with. It is never
//! shown as text; its `title`, `author` (or `authors`) and `date` head the document.
//!
//! Only those top-level keys are read, with a line scan: a plain or quoted value on the key's
//! line, or (YAML) a list of plain items under it, or (TOML) an array of strings. Everything
//! else in the block is metadata for other tools and is left alone.

use super::{CompactString, Run, TextStyle};
use crate::text;

/// What a document's front matter says about it, as runs that keep their source offsets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Vec<Run>,
    /// The language the document says it is in (`lang` or `language`), as written.
    pub lang: Option<String>,
    /// "author · date", as far as either is given.
    pub byline: Vec<Run>,
}

/// Reads the front matter `text`, which starts at byte `base` of the document.
pub fn read(text: &str, base: usize) -> FrontMatter {
    let mut title = None;
    let mut authors: Vec<(String, usize)> = Vec::new();
    let mut date = None;
    let mut lang = None;
    let lines = text.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line.trim_end_matches(['\n', '\r'])))
    });
    let mut pending_list: Option<&str> = None;
    for (start, line) in lines {
        if let Some(key) = pending_list {
            // `- item` under a YAML key with no value on its line.
            if let Some(item) = line.trim_start().strip_prefix("- ") {
                let at = start + line.len() - item.len();
                if let Some((value, shift)) = scalar(item)
                    && (key == "author" || key == "authors")
                {
                    authors.push((value, at + shift));
                }
                continue;
            }
            pending_list = None;
        }
        if line.starts_with([' ', '\t', '#']) {
            continue;
        }
        let Some(split) = line.find([':', '=']) else {
            continue;
        };
        let key = line[..split].trim().to_ascii_lowercase();
        let raw = &line[split + 1..];
        let value_at = start + split + 1 + (raw.len() - raw.trim_start().len());
        let raw = raw.trim();
        if matches!(key.as_str(), "lang" | "language") {
            lang = lang.or_else(|| scalar(raw).map(|(v, _)| v));
            continue;
        }
        if !matches!(key.as_str(), "title" | "author" | "authors" | "date") {
            continue;
        }
        if raw.is_empty() {
            pending_list = Some(match key.as_str() {
                "author" => "author",
                "authors" => "authors",
                _ => "",
            });
            continue;
        }
        let values = if let Some(inner) = raw.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            // An inline list: ["a", "b"] or [a, b].
            let inner_at = value_at + 1;
            let mut out = Vec::new();
            let mut at = 0;
            for part in inner.split(',') {
                let lead = part.len() - part.trim_start().len();
                if let Some((v, shift)) = scalar(part.trim()) {
                    out.push((v, inner_at + at + lead + shift));
                }
                at += part.len() + 1;
            }
            out
        } else {
            scalar(raw)
                .map(|(v, shift)| (v, value_at + shift))
                .into_iter()
                .collect()
        };
        match key.as_str() {
            "title" => title = title.or_else(|| values.into_iter().next()),
            "date" => date = date.or_else(|| values.into_iter().next()),
            _ => authors.extend(values),
        }
    }
    let run = |(text, at): (String, usize), style| Run {
        text: CompactString::from(text::clean(&text)),
        offset: base + at,
        style,
    };
    let mut byline = Vec::new();
    for (i, author) in authors.into_iter().enumerate() {
        if i > 0 {
            byline.push(separator(", ", byline.last()));
        }
        byline.push(run(author, TextStyle::EMPHASIS));
    }
    if let Some(date) = date {
        if !byline.is_empty() {
            byline.push(separator(" · ", byline.last()));
        }
        byline.push(run(date, TextStyle::EMPHASIS));
    }
    FrontMatter {
        lang,
        title: title
            .map(|t| vec![run(t, TextStyle::PLAIN)])
            .unwrap_or_default(),
        byline,
    }
}

/// Where a document's text starts: after a byte order mark, which is not part of it (the
/// parser would read it as text, and a heading or front matter after it as a paragraph).
pub fn text_start(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

/// Where front matter ends (0 without any, or the end of a byte order mark): a metadata block
/// at the very start, as the parser reads one. Its opening line is `---` or `+++` (spaces
/// may follow); its first line is neither blank nor a closing line; it ends at the first
/// line of the same three characters (or `...` after `---`), spaces after them allowed.
pub fn front_matter_end(text: &str) -> usize {
    let start = text_start(text);
    start + front_matter_len(&text[start..])
}

/// The length of the front matter `text` starts with (see [`front_matter_end`]).
fn front_matter_len(text: &str) -> usize {
    let Some(&fence) = text.as_bytes().first().filter(|&&b| b == b'-' || b == b'+') else {
        return 0;
    };
    let run = |line: &str, c: u8| line.bytes().take_while(|&b| b == c).count();
    let mut lines = text.split_inclusive('\n');
    let Some(opening) = lines.next() else {
        return 0;
    };
    if run(opening, fence) != 3
        || !opening.ends_with('\n')
        || !opening[3..].bytes().all(|b| b.is_ascii_whitespace())
    {
        return 0;
    }
    let closes = |line: &str| {
        let dots = if fence == b'-' { run(line, b'.') } else { 0 };
        if run(line, fence) != 3 && dots != 3 {
            return false;
        }
        let rest = line[3..].trim_start_matches(' ');
        rest.is_empty() || rest.starts_with(['\n', '\r'])
    };
    let blank = |line: &str| {
        line.bytes()
            .all(|b| matches!(b, b' ' | b'\t' | 0x0b | 0x0c | b'\n' | b'\r'))
    };
    let mut at = opening.len();
    for (i, line) in lines.enumerate() {
        if i == 0 && (closes(line) || blank(line)) {
            return 0;
        }
        at += line.len();
        if closes(line) {
            return at;
        }
    }
    0
}

/// The language a document's front matter gives (`lang: de`), if it has one.
pub fn language(source: &str) -> Option<String> {
    let body = front_matter_end(source);
    (body > 0).then(|| read(&source[..body], 0).lang).flatten()
}

/// Punctuation between byline parts: not from the source, at the offset of what precedes it.
fn separator(text: &str, before: Option<&Run>) -> Run {
    Run {
        text: CompactString::new(text),
        offset: before.map_or(0, |r| r.offset + r.text.len()),
        style: TextStyle::EMPHASIS | TextStyle::MARKER,
    }
}

/// A plain or quoted scalar, and where its text starts within `raw`; `None` when empty or
/// not a simple value (a block scalar, a map).
fn scalar(raw: &str) -> Option<(String, usize)> {
    let raw = raw.trim_end();
    if raw.is_empty() || raw.starts_with(['|', '>', '{', '[', '&', '*']) {
        return None;
    }
    for quote in ['"', '\''] {
        if let Some(inner) = raw.strip_prefix(quote).and_then(|r| r.strip_suffix(quote)) {
            return (!inner.trim().is_empty()).then(|| (inner.to_string(), 1));
        }
    }
    // A YAML comment after a plain value.
    let value = raw.split(" #").next().unwrap_or(raw).trim_end();
    (!value.is_empty()).then(|| (value.to_string(), 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parser's options with its metadata blocks, which it reads as front matter at a
    /// text's start: what [`front_matter_end`] must agree with there.
    pub(crate) fn with_metadata() -> pulldown_cmark::Options {
        use pulldown_cmark::Options;
        crate::document::OPTIONS
            | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
            | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
    }

    #[test]
    fn front_matter_is_found_exactly_where_the_parser_finds_a_metadata_block() {
        use pulldown_cmark::{Event, Parser, Tag};
        let cases = [
            "---\ntitle: A\n---\nbody",
            "---\n\n# a\n\n---",
            "---\n---\nbody",
            "---  \ntitle: A\n---  \nbody",
            "---\ntitle: A\n...\nbody",
            "+++\ntitle = 'A'\n+++\nbody",
            "+++\ntitle = 'A'\n...\nbody",
            "----\ntitle: A\n----\nbody",
            "---\n \t\n---\nbody",
            "---x\ntitle: A\n---\nbody",
            "---\ntitle: A\n---x\n---\nbody",
            "---\ntitle: A\n",
            "---",
            "---\r\ntitle: A\r\n---\r\nbody",
            " ---\ntitle: A\n---\n",
        ];
        for text in cases {
            let parsed = Parser::new_ext(text, with_metadata())
                .next()
                .is_some_and(|e| matches!(e, Event::Start(Tag::MetadataBlock(_))));
            let end = front_matter_end(text);
            assert_eq!(end > 0, parsed, "{text:?}");
            if parsed {
                let closing = text[..end].trim_end().rsplit('\n').next().unwrap_or("");
                assert!(
                    ["---", "+++", "..."].contains(&closing.trim_end()),
                    "{text:?}"
                );
            }
        }
    }

    fn texts(runs: &[Run]) -> String {
        runs.iter().map(|r| r.text.as_str()).collect()
    }

    #[test]
    fn yaml_title_author_and_date() {
        let text = "title: \"A Post: Part 2\"\nauthor: Ada\ndate: 2024-05-01\ntags: [a, b]\n";
        let fm = read(text, 4);
        assert_eq!(texts(&fm.title), "A Post: Part 2");
        assert_eq!(fm.title[0].offset, 4 + text.find("A Post").unwrap());
        assert_eq!(texts(&fm.byline), "Ada · 2024-05-01");
        assert_eq!(fm.byline[0].offset, 4 + text.find("Ada").unwrap());
    }

    #[test]
    fn yaml_lists_and_toml_arrays_of_authors() {
        let fm = read("title: T\nauthors:\n  - Ann\n  - Bo\n", 0);
        assert_eq!(texts(&fm.byline), "Ann, Bo");
        let fm = read(
            "title = \"Toml title\"\nauthors = [\"Cy\", \"Di\"]\ndate = 2023-01-02\n",
            0,
        );
        assert_eq!(texts(&fm.title), "Toml title");
        assert_eq!(texts(&fm.byline), "Cy, Di · 2023-01-02");
    }

    #[test]
    fn other_keys_and_nested_values_are_left_alone() {
        let fm = read(
            "layout: post\nextra:\n  title: not this\ndescription: |\n  x\n",
            0,
        );
        assert!(fm.title.is_empty());
        assert!(fm.byline.is_empty());
    }
}
