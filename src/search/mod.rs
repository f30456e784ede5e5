//! Search: finds a query in the document's text and reports matches as source byte ranges.
//!
//! Each section's text is collected once from its runs (what the reader shows, without the
//! markup), with a map back to source offsets. A match is a range of source offsets, so it is
//! the same at every width, and a phrase the layout broke across two lines is still one match
//! that highlights on both.

//!
//! [`session`] owns the searches a reader makes (the one being typed, the one kept, and
//! which results belong to which); [`background`] searches large documents on a thread.

mod background;
pub mod session;

pub use background::{Background, Found};
pub use session::{Search, Searches};

use crate::document::{Block, BlockKind, Document, Run, TextStyle};

/// One match: in section `section`, source bytes `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    pub section: usize,
    pub start: usize,
    pub end: usize,
}

/// A section's searchable text: what the reader shows, with typographic punctuation as its
/// plain counterpart (`’` as `'`, `“` as `"`, `—` as `-`), with where each piece came from in
/// the source.
#[derive(Clone, Debug, Default)]
pub struct SectionText {
    /// The text as written, punctuation plain.
    text: String,
    /// The same text with letters lower-cased (byte for byte the same length).
    folded: String,
    /// (position in `text`, source offset, source length of a character made plain, else 0)
    /// at the start of each piece and around each character made plain, in order.
    map: Vec<(usize, usize, u8)>,
}

/// The plain counterpart of typographic punctuation: quotes, apostrophes and dashes, so a
/// query typed on a plain keyboard finds the text as it was set.
pub(crate) fn plain_punctuation(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        _ => return None,
    })
}

impl SectionText {
    fn push(&mut self, text: &str, source: usize) {
        self.map.push((self.text.len(), source, 0));
        if !text.bytes().any(|b| b >= 0xe2) {
            // Nothing typographic: the text as it is (the common case).
            self.text.push_str(text);
            self.folded.extend(text.chars().map(fold));
            return;
        }
        for (i, c) in text.char_indices() {
            if c == '\u{2026}' {
                // An ellipsis searches as three dots.
                self.map.push((self.text.len(), source + i, 3));
                self.text.push_str("...");
                self.folded.push_str("...");
                self.map.push((self.text.len(), source + i + 3, 0));
                continue;
            }
            match plain_punctuation(c) {
                Some(plain) => {
                    self.map
                        .push((self.text.len(), source + i, c.len_utf8() as u8));
                    self.text.push(plain);
                    self.folded.push(plain);
                    self.map
                        .push((self.text.len(), source + i + c.len_utf8(), 0));
                }
                None => {
                    self.text.push(c);
                    self.folded.push(fold(c));
                }
            }
        }
    }

    fn runs(&mut self, runs: &[Run]) {
        for r in runs {
            if r.style.contains(TextStyle::URL) || r.style.contains(TextStyle::MARKER) {
                continue;
            }
            if r.style.contains(TextStyle::SMART) {
                // Typographic punctuation set from the source's plain characters searches
                // as those characters, each at its exact place.
                let mut at = r.offset;
                for c in r.text.chars() {
                    let plain = crate::document::plain_of(c);
                    self.push(plain, at);
                    at += plain.len();
                }
                continue;
            }
            // A hard break searches like a space.
            let text = if r.is_break() { " " } else { r.text.as_str() };
            self.push(text, r.offset);
        }
        self.separate();
    }

    /// Blocks do not run into each other.
    fn separate(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            let at = self.source_at(self.text.len());
            self.push("\n", at);
        }
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            match &b.kind {
                BlockKind::Heading { runs, .. } | BlockKind::Paragraph(runs) => self.runs(runs),
                BlockKind::Title { runs, byline } => {
                    self.runs(runs);
                    self.runs(byline);
                }
                BlockKind::Code { lines, .. } => {
                    for line in lines {
                        self.push(&line.text, line.offset);
                        self.separate();
                    }
                }
                BlockKind::Quote(inner) | BlockKind::Footnote { blocks: inner, .. } => {
                    self.blocks(inner)
                }
                BlockKind::List { items, .. } => {
                    for item in items {
                        self.blocks(&item.blocks);
                    }
                }
                BlockKind::Table { rows, .. } => {
                    for cell in rows.iter().flatten() {
                        self.runs(cell);
                    }
                }
                BlockKind::Rule => {}
            }
        }
    }

    /// Builds the searchable text of a section.
    pub fn new(blocks: &[Block]) -> SectionText {
        let mut t = SectionText::default();
        t.blocks(blocks);
        t
    }

    /// The source offset of position `pos` in the text.
    fn source_at(&self, pos: usize) -> usize {
        self.entry(pos).map_or(0, |(p, src, _)| src + (pos - p))
    }

    /// The map entry covering position `pos`.
    fn entry(&self, pos: usize) -> Option<(usize, usize, u8)> {
        let i = self
            .map
            .partition_point(|&(p, _, _)| p <= pos)
            .saturating_sub(1);
        self.map.get(i).copied()
    }

    /// Every match of `query` (already folded when the search ignores case).
    pub(crate) fn find(
        &self,
        finder: &memchr::memmem::Finder<'_>,
        ignore_case: bool,
        section: usize,
        out: &mut Vec<Match>,
    ) {
        let hay = if ignore_case {
            &self.folded
        } else {
            &self.text
        };
        let len = finder.needle().len();
        // memmem finds bytes with SIMD; a match of valid UTF-8 in valid UTF-8 starts and ends
        // on character boundaries. Like `match_indices`, matches do not overlap.
        let mut from = 0;
        while let Some(found) = finder.find(&hay.as_bytes()[from..]) {
            let pos = from + found;
            from = pos + len.max(1);
            let m = &hay[pos..pos + len];
            let start = self.source_at(pos);
            // The end is where the last matched character ends in the source.
            let last = m.char_indices().last().map_or(0, |(i, _)| i);
            // A character made plain is as long as it was in the source.
            let last_len = match self.entry(pos + last) {
                Some((p, _, n)) if p == pos + last && n > 0 => usize::from(n),
                _ => m[last..].len(),
            };
            let end = self.source_at(pos + last) + last_len;
            out.push(Match {
                section,
                start,
                end: end.max(start + 1),
            });
        }
    }
}

/// Lower-cases a character when that keeps its UTF-8 length, so folded text lines up byte
/// for byte with the original.
pub(crate) fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

/// A query as the text is searched: punctuation plain, and lower-cased when `ignore_case`.
pub(crate) fn query_text(query: &str, ignore_case: bool) -> String {
    let mut out = String::with_capacity(query.len());
    for c in query.chars() {
        if c == '\u{2026}' {
            out.push_str("...");
            continue;
        }
        let c = plain_punctuation(c).unwrap_or(c);
        out.push(if ignore_case { fold(c) } else { c });
    }
    out
}

/// Whether a query ignores case: it does unless it has a capital letter.
pub fn ignores_case(query: &str) -> bool {
    !query.chars().any(char::is_uppercase)
}

/// Every section's searchable text, built on first use.
#[derive(Debug, Default)]
pub struct Index {
    sections: Vec<SectionText>,
}

impl Index {
    pub fn new(doc: &Document) -> Index {
        Index {
            sections: (0..doc.sections.len())
                .map(|i| SectionText::new(&doc.blocks(i)))
                .collect(),
        }
    }

    /// All matches of `query` in document order. Empty for an empty query.
    pub fn find(&self, query: &str) -> Vec<Match> {
        let mut out = Vec::new();
        if query.is_empty() {
            return out;
        }
        let ignore_case = ignores_case(query);
        let q = query_text(query, ignore_case);
        let finder = memchr::memmem::Finder::new(q.as_bytes());
        for (i, s) in self.sections.iter().enumerate() {
            s.find(&finder, ignore_case, i, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::layout_section;

    fn find(src: &str, q: &str) -> Vec<(usize, String)> {
        let doc = Document::parse(src, "t");
        Index::new(&doc)
            .find(q)
            .into_iter()
            .map(|m| (m.section, src[m.start..m.end].to_string()))
            .collect()
    }

    #[test]
    fn lower_case_queries_ignore_case_capitals_do_not() {
        let src = "Connection and connection and CONNECTION\n";
        assert_eq!(find(src, "connection").len(), 3);
        assert_eq!(find(src, "Connection"), vec![(0, "Connection".to_string())]);
        assert_eq!(find(src, "CONN").len(), 1);
    }

    #[test]
    fn matches_span_markup_and_soft_breaks() {
        let src = "a **bold**\nmove here\n";
        let found = find(src, "bold move");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "bold**\nmove");
    }

    #[test]
    fn matches_are_found_in_every_section_in_order() {
        let src = "x one\n\n## A\n\none\n\n## B\n\nnone one\n";
        let sections: Vec<usize> = find(src, "one").iter().map(|m| m.0).collect();
        assert_eq!(sections, vec![0, 1, 2, 2]);
    }

    #[test]
    fn no_match_and_empty_query_find_nothing() {
        assert!(find("some text\n", "absent").is_empty());
        assert!(find("some text\n", "").is_empty());
        // Link addresses are not part of the text.
        assert!(find("[a](https://zzz.org)\n", "zzz").is_empty());
        // Blocks don't run into each other.
        assert!(find("end\n\nstart\n", "end start").is_empty());
    }

    #[test]
    fn non_ascii_case_folding_keeps_offsets() {
        let src = "Ünïcode ÉTÉ été\n";
        let found = find(src, "été");
        assert_eq!(found, vec![(0, "ÉTÉ".to_string()), (0, "été".to_string())]);
    }

    #[test]
    fn a_phrase_wrapped_across_lines_highlights_on_both() {
        let src = "the quick brown fox jumps\n";
        let doc = Document::parse(src, "t");
        let m = Index::new(&doc).find("brown fox")[0];
        let lines = layout_section(&doc.sections[0], 11);
        // "the quick" / "brown fox" / "jumps" at 11; at 13: "the quick" / "brown fox" ...
        let lines13 = layout_section(&doc.sections[0], 15);
        let touched = |ls: &[crate::layout::Line]| {
            ls.iter()
                .filter(|l| {
                    l.spans.iter().any(|s| {
                        s.source
                            .is_some_and(|o| o < m.end && o + s.text.len() > m.start)
                    })
                })
                .count()
        };
        assert_eq!(touched(&lines), 1);
        assert_eq!(lines13[0].text(), "the quick brown");
        assert_eq!(
            touched(&lines13),
            2,
            "split across two lines, highlighted on both"
        );
    }

    /// Matches in `src` read with smart punctuation, as the source text they cover.
    fn find_smart(src: &str, q: &str) -> Vec<String> {
        let markdown = crate::document::Markdown {
            smart_punctuation: true,
        };
        let doc = Document::parse_with(src, "t", markdown);
        Index::new(&doc)
            .find(q)
            .into_iter()
            .map(|m| src[m.start..m.end].to_string())
            .collect()
    }

    #[test]
    fn punctuation_set_typographically_is_found_typed_either_way_at_its_exact_place() {
        let src = "\"Don't\" -- she said... it's *fine*.\n";
        assert_eq!(find_smart(src, "don't"), vec!["Don't"]);
        assert_eq!(find_smart(src, "don\u{2019}t"), vec!["Don't"]);
        assert_eq!(find_smart(src, "\"don't\""), vec!["\"Don't\""]);
        assert_eq!(find_smart(src, "said..."), vec!["said..."]);
        assert_eq!(find_smart(src, "said\u{2026}"), vec!["said..."]);
        assert_eq!(find_smart(src, "-- she"), vec!["-- she"]);
        assert_eq!(find_smart(src, "it's fine"), vec!["it's *fine"]);
        // Written typographic by its author, an ellipsis is found as three dots too.
        assert_eq!(
            find("Wait\u{2026} what\n", "wait..."),
            vec![(0, "Wait\u{2026}".to_string())]
        );
    }

    #[test]
    fn plain_punctuation_finds_typographic_punctuation() {
        let src = "If you don\u{2019}t \u{201c}care\u{201d} \u{2014} it shows.\n";
        let found = find(src, "don't");
        assert_eq!(
            found,
            vec![(0, "don\u{2019}t".to_string())],
            "the source range covers ’ whole"
        );
        assert_eq!(
            find(src, "\"care\""),
            vec![(0, "\u{201c}care\u{201d}".to_string())]
        );
        assert_eq!(find(src, "-"), vec![(0, "\u{2014}".to_string())]);
        // Typed typographic, the plain text is found too.
        assert_eq!(find("don't\n", "don\u{2019}t").len(), 1);
        assert_eq!(
            find(src, "DON'T"),
            Vec::new(),
            "a capital still asks for case"
        );
        assert_eq!(find(src, "Don't").len(), 0);
    }
}
