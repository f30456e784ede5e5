//! The document model: markdown parsed once into a title and a list of sections.
//!
//! pulldown-cmark's events are folded into blocks of styled runs. Every run keeps the byte
//! offset in the source where it starts, which is what reading positions are made of. The
//! styles here are the document's own; the theme decides how they look. No terminal, no I/O.

//!
//! The work is split by job: [`fold`] turns pulldown-cmark's events into blocks, [`sections`]
//! cuts blocks into sections and counts their words, [`survey`] is the parser's first pass
//! over a large document (where it can be cut, what its pieces need of each other, its
//! sections before any paragraph is folded), and [`dormant`] keeps a large document's
//! sections as places in its text.

pub mod changes;
pub mod dormant;
mod fold;
pub mod front;
mod html;
pub mod large;
pub mod links;
pub mod notes;
mod sections;
pub mod survey;

pub use front::{front_matter_end, text_start};
pub use links::{LinkDefinitions, label_key};
pub use sections::heading_text;
pub use survey::{Keep, Survey};

pub use compact_str::CompactString;
use fold::Builder;
pub use fold::{Folded, OPTIONS};
use sections::split;
use std::ops::{BitOr, BitOrAssign};

/// How long one block of a stream may grow before [`Document::parse_stream_part`] splits
/// it, rather than hold it whole.
pub const STREAM_SPLIT: usize = 1 << 20;

/// Reading speed used for every "minutes" figure.
pub const WORDS_PER_MINUTE: usize = 238;

/// How deeply quotes, lists and footnotes may nest before further levels are laid flat.
/// Keeps layout recursion and indentation bounded whatever the file holds.
pub const MAX_DEPTH: usize = 32;

/// A set of text styles, as the document sees them (ratatui's `Style` is what the theme makes of them).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, Debug)]
pub struct TextStyle(u32);

impl TextStyle {
    pub const PLAIN: TextStyle = TextStyle(0);
    pub const EMPHASIS: TextStyle = TextStyle(1);
    pub const STRONG: TextStyle = TextStyle(1 << 1);
    pub const STRIKE: TextStyle = TextStyle(1 << 2);
    pub const CODE: TextStyle = TextStyle(1 << 3);
    pub const LINK: TextStyle = TextStyle(1 << 4);
    /// A link's address, shown after its text.
    pub const URL: TextStyle = TextStyle(1 << 5);
    /// An image's alternative text.
    pub const IMAGE: TextStyle = TextStyle(1 << 6);
    pub const HEADING: TextStyle = TextStyle(1 << 7);
    pub const FOOTNOTE: TextStyle = TextStyle(1 << 8);
    /// A hyphen the layout adds where it breaks a word at a line's end.
    pub const HYPHEN: TextStyle = TextStyle(1 << 9);
    /// Decoration the layout adds: list markers, quote bars, rules, table borders.
    pub const MARKER: TextStyle = TextStyle(1 << 10);
    pub const QUOTE: TextStyle = TextStyle(1 << 11);
    /// A search match (set by the view, never by the document).
    pub const MATCH: TextStyle = TextStyle(1 << 12);
    /// A heading's level, with `HEADING` (levels 4 to 6 have none of these).
    pub const HEADING_1: TextStyle = TextStyle(1 << 13);
    pub const HEADING_2: TextStyle = TextStyle(1 << 14);
    pub const HEADING_3: TextStyle = TextStyle(1 << 15);
    /// Typographic punctuation set from the source's plain characters (`’` from `'`, `–`
    /// from `--`, `…` from `...`; see [`Markdown::smart_punctuation`]).
    pub const SMART: TextStyle = TextStyle(1 << 16);
    /// Code in a block that was highlighted (see [`crate::highlight`]): plain tokens in the
    /// text's own colour, and with one of the kinds below, that kind's.
    pub const SYNTAX: TextStyle = TextStyle(1 << 17);
    pub const CODE_KEYWORD: TextStyle = TextStyle(1 << 18);
    pub const CODE_STRING: TextStyle = TextStyle(1 << 19);
    pub const CODE_COMMENT: TextStyle = TextStyle(1 << 20);
    pub const CODE_FUNCTION: TextStyle = TextStyle(1 << 21);
    pub const CODE_TYPE: TextStyle = TextStyle(1 << 22);
    pub const CODE_CONSTANT: TextStyle = TextStyle(1 << 23);

    /// Whether every style in `other` is in `self`.
    pub const fn contains(self, other: TextStyle) -> bool {
        self.0 & other.0 == other.0
    }
}

impl BitOr for TextStyle {
    type Output = TextStyle;
    fn bitor(self, rhs: TextStyle) -> TextStyle {
        TextStyle(self.0 | rhs.0)
    }
}

impl BitOrAssign for TextStyle {
    fn bitor_assign(&mut self, rhs: TextStyle) {
        self.0 |= rhs.0;
    }
}

/// How markdown is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Markdown {
    /// Set straight quotes, `--`, `---` and `...` as typographic characters (’ “ ” – — …).
    /// Each becomes a run of its own marked [`TextStyle::SMART`], so its place in the
    /// source stays exact.
    pub smart_punctuation: bool,
}

/// The characters of the source a typographic character was set from (see
/// [`TextStyle::SMART`]): `’` from `'`, `–` from `--`.
pub fn plain_of(c: char) -> &'static str {
    match c {
        '\u{2018}' | '\u{2019}' => "'",
        '\u{201c}' | '\u{201d}' => "\"",
        '\u{2013}' => "--",
        '\u{2014}' => "---",
        '\u{2026}' => "...",
        _ => "",
    }
}

/// A piece of text in one style. `text` never holds control characters; a run whose text is
/// exactly `"\n"` is a hard line break.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// Kept inline when short (most runs are a few words), so most runs own no heap memory.
    pub text: CompactString,
    pub offset: usize,
    pub style: TextStyle,
}

impl Run {
    pub fn is_break(&self) -> bool {
        self.text == "\n"
    }
}

/// Column alignment of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// One item of a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// `Some(done)` for a task-list item.
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
}

/// What a block is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Heading {
        level: u8,
        runs: Vec<Run>,
    },
    /// The document's title (from front matter or its one level-1 heading), with a byline
    /// of author and date from front matter; either may be empty.
    Title {
        runs: Vec<Run>,
        byline: Vec<Run>,
    },
    Paragraph(Vec<Run>),
    /// Code kept as written: one run a line, and the language its fence names (the info
    /// string's first word), if any.
    Code {
        lines: Vec<Run>,
        lang: Option<CompactString>,
    },
    Quote(Vec<Block>),
    List {
        start: Option<u64>,
        tight: bool,
        items: Vec<Item>,
    },
    Rule,
    /// Rows of cells; the first `header` rows are the table's head.
    Table {
        aligns: Vec<Align>,
        header: usize,
        rows: Vec<Vec<Vec<Run>>>,
    },
    Footnote {
        label: String,
        blocks: Vec<Block>,
    },
}

/// A block and the byte offset in the source where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub offset: usize,
    pub kind: BlockKind,
}

/// A page of the reader: the opening, or the text under one heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// 0 for the opening, then 1, 2, … in order.
    pub number: usize,
    pub title: String,
    pub offset: usize,
    pub blocks: Vec<Block>,
    pub words: usize,
}

impl Section {
    /// Minutes this section takes to read, rounded up.
    pub fn minutes(&self) -> usize {
        minutes(self.words)
    }
}

/// "1 word", "2 words": a count with its noun, singular for one.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// What the reader, `--print` and `--toc` say of a document with no words.
pub const EMPTY: &str = "empty document";

/// Minutes of reading for `words`, rounded up.
pub fn minutes(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE)
}

/// A parsed document: never empty, it always has at least one section (the default one
/// has none, and is only a placeholder).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    pub sections: Vec<Section>,
    /// Length of the source in bytes.
    pub len: usize,
    /// Places the document's HTML names with an `id` or `name` (`<a name="faq">`), for links
    /// to `#faq`, in source order.
    pub anchors: Vec<(String, usize)>,
    /// The language its front matter names (`lang: de`), as written.
    pub lang: Option<String>,
    /// For a large document whose sections are kept as places in its text (their `blocks`
    /// empty): what parses them again (see [`Document::blocks`]).
    pub dormant: Option<std::sync::Arc<dormant::Dormant>>,
}

impl Document {
    /// Parses markdown. `fallback_title` names the document when it has no level-1 heading.
    pub fn parse(source: &str, fallback_title: &str) -> Document {
        Document::parse_with(source, fallback_title, Markdown::default())
    }

    /// [`Document::parse`], reading the markdown as `markdown` says.
    pub fn parse_with(source: &str, fallback_title: &str, markdown: Markdown) -> Document {
        let fold::Folded {
            blocks, anchors, ..
        } = Builder::new(markdown).build(source, 0, None, "");
        let mut doc = split(blocks, fallback_title);
        doc.len = source.len();
        doc.anchors = anchors;
        doc.lang = front::language(source);
        doc
    }

    /// The beginning of `text` parsed alone, for a first page while the rest loads: about
    /// `least` bytes of it (more when it holds no place to cut), up to where the parser
    /// starts a block that its last line cannot change: preferably afresh after a blank line
    /// (see [`survey`]), else the last block it starts there. So what it shows is what the
    /// whole shows there. Its sections are numbered as its own headings say, which the
    /// whole's may not (its title and the level it splits at need all of them): a first
    /// page is provisional.
    pub fn parse_prefix(text: &str, least: usize, name: &str, markdown: Markdown) -> Document {
        // All the front matter, at least.
        let mut want = least.max(front_matter_end(text)).max(1);
        let (cut, blocks, anchors) = loop {
            let end = survey::line_end(text, want);
            let fold::Folded {
                blocks,
                anchors,
                starts,
            } = Builder::new(markdown).build(&text[..end], 0, None, "");
            let fresh = || {
                let mut after = starts.iter().rev().copied().filter(|&s| s >= want / 2);
                after
                    .clone()
                    .find(|&s| survey::cuttable(text, s))
                    .or_else(|| after.next())
            };
            let cut = if end == text.len() {
                Some(end)
            } else {
                fresh()
            };
            if let Some(cut) = cut {
                break (cut, blocks, anchors);
            }
            want = want.saturating_mul(2);
        };
        let mut blocks = blocks;
        blocks.retain(|b| b.offset < cut);
        let mut doc = split(blocks, name);
        doc.len = cut;
        doc.anchors = anchors.into_iter().filter(|a| a.1 < cut).collect();
        doc.lang = front::language(text);
        doc
    }

    /// The part of a stream's `text` (which starts at byte `base` of the stream) that the
    /// rest of the stream cannot change, parsed: up to the last place where the parser
    /// starts a block afresh after a blank line (see [`survey`]), else the last block it
    /// starts, and all of it once the stream has `ended`. Returns where that part ends, in
    /// `text`, with its blocks sectioned. A text of one block (no other starting after its
    /// beginning) waits for more (the part is empty) until it is [`STREAM_SPLIT`] long;
    /// then it is cut at its end, a block split in two: a stream is never held whole. The
    /// text at `base` 0 may start with front matter; later parts never do.
    pub fn parse_stream_part(
        text: &str,
        base: usize,
        ended: bool,
        name: &str,
        markdown: Markdown,
    ) -> (usize, Document) {
        let fold::Folded {
            blocks,
            anchors,
            starts,
        } = Builder::new(markdown).build(text, base, None, "");
        let cut = if ended {
            text.len()
        } else {
            let mut after = starts.iter().rev().map(|s| s - base).filter(|&s| s > 0);
            after
                .clone()
                .find(|&s| survey::cuttable(text, s))
                .or_else(|| after.next())
                // One block so far: a long one is split, a short one waits for more.
                .unwrap_or(if text.len() >= STREAM_SPLIT {
                    text.len()
                } else {
                    0
                })
        };
        let mut blocks = blocks;
        blocks.retain(|b| b.offset < base + cut);
        let mut doc = split(blocks, name);
        doc.len = cut;
        doc.anchors = anchors.into_iter().filter(|a| a.1 < base + cut).collect();
        doc.lang = front::language(text);
        (cut, doc)
    }

    /// The top-level blocks of one piece of a document, which starts at byte `base` of it
    /// (see [`large`]), the places its HTML names, and where the parser's
    /// top-level blocks start. `links` and `notes` are the whole document's link definitions
    /// and footnote labels: a reference to a note defined in another piece finds it (see
    /// [`notes::stand_ins`]). `brief`: the blocks are dropped soon after (printed, or put
    /// to sleep), so the room their lists grew past is not given back.
    pub fn fold_piece(
        piece: &str,
        base: usize,
        links: &LinkDefinitions,
        notes: &notes::Notes,
        markdown: Markdown,
        brief: bool,
    ) -> Folded {
        let before = notes::stand_ins(piece, notes);
        let builder = Builder::new(markdown);
        let builder = if brief { builder.brief() } else { builder };
        builder.build(piece, base, Some(links), &before)
    }

    /// The blocks of section `i`: its own, or, in a dormant document, parsed from the text
    /// again now (a section is at most 256 KB of it, a few milliseconds).
    pub fn blocks(&self, i: usize) -> std::borrow::Cow<'_, [Block]> {
        let Some(section) = self.sections.get(i) else {
            return std::borrow::Cow::Borrowed(&[]);
        };
        match &self.dormant {
            Some(dormant) if section.blocks.is_empty() => std::borrow::Cow::Owned(dormant.wake(i)),
            _ => std::borrow::Cow::Borrowed(&section.blocks),
        }
    }

    /// The blocks of each section in `range` (see [`Document::blocks`]); dormant sections
    /// whose text runs on from one to the next are parsed again together, at once.
    pub fn blocks_of(&self, range: std::ops::Range<usize>) -> Vec<std::borrow::Cow<'_, [Block]>> {
        let range = range.start.min(self.sections.len())..range.end.min(self.sections.len());
        let asleep: Vec<usize> = range
            .clone()
            .filter(|&i| self.sections[i].blocks.is_empty())
            .collect();
        let mut woken = match &self.dormant {
            Some(dormant) if !asleep.is_empty() => dormant.wake_many(&asleep),
            _ => Vec::new(),
        }
        .into_iter();
        range
            .map(|i| {
                let section = &self.sections[i];
                if section.blocks.is_empty() && self.dormant.is_some() {
                    std::borrow::Cow::Owned(woken.next().unwrap_or_default())
                } else {
                    std::borrow::Cow::Borrowed(section.blocks.as_slice())
                }
            })
            .collect()
    }

    /// This document with every section's blocks its own (a dormant one parsed again whole).
    pub fn woken(&self) -> Document {
        let mut doc = self.clone();
        if let Some(dormant) = doc.dormant.take() {
            for (i, s) in doc.sections.iter_mut().enumerate() {
                if s.blocks.is_empty() {
                    s.blocks = dormant.wake(i);
                }
            }
        }
        doc
    }

    /// Whether the document holds nothing to read: no words and no blocks. (Asked at every
    /// frame: a document with something in its first section answers at once.)
    pub fn is_empty(&self) -> bool {
        self.sections.iter().enumerate().all(|(i, s)| {
            s.blocks.is_empty() && self.dormant.as_ref().is_none_or(|d| d.is_empty(i))
        }) && self.words() == 0
    }

    /// The index of the section holding source offset `offset`.
    pub fn section_at(&self, offset: usize) -> usize {
        self.sections
            .partition_point(|s| s.offset <= offset)
            .saturating_sub(1)
    }

    pub fn words(&self) -> usize {
        self.sections.iter().map(|s| s.words).sum()
    }

    /// The sections whose titles start with `name` (any case), when more than one does and
    /// none is named exactly: what `--section o` could mean.
    pub fn ambiguous(&self, name: &str) -> Vec<&Section> {
        let lower = name.trim().to_lowercase();
        if lower.is_empty() || self.find_section(name).is_some() {
            return Vec::new();
        }
        let found: Vec<&Section> = self
            .sections
            .iter()
            .filter(|s| s.title.to_lowercase().starts_with(&lower))
            .collect();
        if found.len() > 1 { found } else { Vec::new() }
    }

    /// The index of the section a user names: its number, or its title (case-insensitive,
    /// a unique prefix is enough).
    pub fn find_section(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        if let Ok(n) = name.parse::<usize>() {
            return self.sections.iter().position(|s| s.number == n);
        }
        let lower = name.to_lowercase();
        if let Some(i) = self
            .sections
            .iter()
            .position(|s| s.title.to_lowercase() == lower)
        {
            return Some(i);
        }
        let mut prefixed = self
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| !lower.is_empty() && s.title.to_lowercase().starts_with(&lower));
        match (prefixed.next(), prefixed.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    }
}

/// Plain text of some runs, breaks as spaces.
pub fn plain(runs: &[Run]) -> String {
    let mut s = String::new();
    for r in runs {
        s.push_str(if r.is_break() { " " } else { &r.text });
    }
    s
}

/// Whether the runs' text, as [`plain`] gives it, is `text` (without making it).
pub fn plain_is(runs: &[Run], text: &str) -> bool {
    let mut rest = text;
    for r in runs {
        match rest.strip_prefix(if r.is_break() { " " } else { r.text.as_str() }) {
            Some(after) => rest = after,
            None => return false,
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(doc: &Document) -> Vec<(usize, &str)> {
        doc.sections
            .iter()
            .map(|s| (s.number, s.title.as_str()))
            .collect()
    }

    #[test]
    fn plain_is_says_whether_the_plain_text_is_the_given_text() {
        let run = |text: &str| Run {
            text: text.into(),
            offset: 0,
            style: TextStyle::PLAIN,
        };
        let runs = [run("see "), run("\n"), run("example.org")];
        for text in [
            "see  example.org",
            "see ",
            "see  example.or",
            "see  example.orgs",
            "",
        ] {
            assert_eq!(plain_is(&runs, text), plain(&runs) == text, "{text:?}");
        }
        assert!(plain_is(&[], ""));
        assert!(!plain_is(&[], "a"));
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_text() {
        // Files saved on Windows often start with one: the heading or front matter after it
        // is read as such, not as a paragraph.
        let doc = Document::parse("\u{feff}# Title\n\nSome text.\n\n## Part\n\nMore.\n", "x");
        assert_eq!(doc.title, "Title");
        assert_eq!(doc.sections.len(), 2);
        assert_eq!(doc.sections[1].title, "Part");
        let text = "\u{feff}---\ntitle: Front\nlang: de\n---\n\nText.\n";
        let doc = Document::parse(text, "x");
        assert_eq!(doc.title, "Front");
        assert_eq!(doc.lang.as_deref(), Some("de"));
        let shown: Vec<&str> = doc.sections[0]
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Paragraph(runs) => Some(runs.iter().map(|r| r.text.as_str())),
                _ => None,
            })
            .flatten()
            .collect();
        assert_eq!(shown, ["Text."]);
        assert_eq!(front_matter_end(text), text.len() - "\nText.\n".len());
    }

    #[test]
    fn a_piece_with_stand_in_notes_reads_a_lone_carriage_return_in_its_last_line_as_the_whole_does()
    {
        // The file's last line holds a lone carriage return and has no line end after it;
        // the piece cites a note defined in an earlier piece, so it is parsed with a stand-in
        // definition after it (a proptest found the code shown two ways).
        let piece = "A claim[^b] to check.\n\n\t A a\rb";
        let whole = format!("[^b]: A\n\n{piece}");
        let code = |blocks: &[Block]| {
            blocks
                .iter()
                .find(|b| matches!(b.kind, BlockKind::Code { .. }))
                .cloned()
                .expect("a code block")
        };
        let doc = Document::parse(&whole, "x");
        let all: Vec<Block> = doc.sections.iter().flat_map(|s| s.blocks.clone()).collect();
        let folded = Document::fold_piece(
            piece,
            whole.len() - piece.len(),
            &LinkDefinitions::new(),
            &notes::Notes::new(vec!["b".to_string()]),
            Markdown::default(),
            false,
        );
        assert_eq!(code(&folded.blocks), code(&all));
        let BlockKind::Code { lines, .. } = code(&all).kind else {
            unreachable!()
        };
        let shown: String = lines.iter().map(|r| r.text.as_str()).collect();
        assert!(shown.contains('b'), "{shown:?}");
    }

    #[test]
    fn smart_punctuation_sets_runs_of_their_own_that_keep_their_place() {
        let src = "\"Don't\" -- wait... ok --- done.\n";
        let as_written = Document::parse(src, "t");
        let smart = Document::parse_with(
            src,
            "t",
            Markdown {
                smart_punctuation: true,
            },
        );
        let runs = |doc: &Document| match &doc.sections[0].blocks[0].kind {
            BlockKind::Paragraph(runs) => runs.clone(),
            other => panic!("{other:?}"),
        };
        // Off (the default): the author's characters, one run.
        assert_eq!(plain(&runs(&as_written)), src.trim_end());
        let set = runs(&smart);
        assert_eq!(
            plain(&set),
            "\u{201c}Don\u{2019}t\u{201d} \u{2013} wait\u{2026} ok \u{2014} done."
        );
        for run in &set {
            let source = &src[run.offset..];
            if run.style.contains(TextStyle::SMART) {
                let was: String = run.text.chars().map(plain_of).collect();
                assert!(source.starts_with(&was), "{:?} from {was:?}", run.text);
            } else {
                assert!(source.starts_with(run.text.as_str()), "{:?}", run.text);
            }
        }
    }

    #[test]
    fn text_between_two_rules_later_in_the_document_is_shown_not_taken_for_front_matter() {
        // The parser reads `---`, a line of text and `---` as a metadata block anywhere; only
        // at the start is it front matter.
        let src = "# Doc\n\npara\n\n---\nfoo bar\n---\n\nafter [x]\n\n---\ntitle: t\n---\n";
        let doc = Document::parse(src, "f");
        let all: Vec<&Block> = doc.sections.iter().flat_map(|s| &s.blocks).collect();
        let kinds: Vec<String> = all
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Rule => "rule".to_string(),
                BlockKind::Title { runs, .. } => format!("title {}", plain(runs)),
                BlockKind::Heading { runs, .. } => format!("heading {}", plain(runs)),
                BlockKind::Paragraph(runs) => format!("paragraph {}", plain(runs)),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "title Doc",
                "paragraph para",
                "rule",
                "heading foo bar",
                "paragraph after [x]",
                "rule",
                "heading title: t"
            ]
        );
        // Each keeps its place in the source.
        for block in &all[2..4] {
            let at = &src[block.offset..];
            assert!(at.starts_with("---") || at.starts_with("foo bar"), "{at:?}");
        }
        // At the start, it is front matter still.
        let doc = Document::parse("---\ntitle: Front\n---\n\ntext\n", "f");
        assert_eq!(doc.title, "Front");
    }

    #[test]
    fn splits_at_the_highest_level_below_the_title() {
        let doc = Document::parse("# T\n\nintro\n\n## A\n\na\n\n### sub\n\n## B\n\nb\n", "f");
        assert_eq!(doc.title, "T");
        assert_eq!(titles(&doc), vec![(0, "Opening"), (1, "A"), (2, "B")]);
    }

    #[test]
    fn opening_is_dropped_when_it_holds_only_the_title() {
        let doc = Document::parse("# T\n\n## A\n\na\n", "f");
        assert_eq!(titles(&doc), vec![(1, "A")]);
    }

    #[test]
    fn no_headings_is_one_section_named_by_the_file() {
        let doc = Document::parse("just text\n\nmore\n", "notes.md");
        assert_eq!(doc.title, "notes.md");
        assert_eq!(titles(&doc), vec![(0, "notes.md")]);
        assert_eq!(doc.words(), 3);
    }

    #[test]
    fn empty_document_still_has_a_section() {
        let doc = Document::parse("", "empty.md");
        assert_eq!(doc.sections.len(), 1);
        assert_eq!(doc.words(), 0);
    }

    #[test]
    fn level_three_headings_split_when_they_are_the_highest() {
        let doc = Document::parse("### a\n\nx\n\n### b\n\ny\n", "f");
        assert_eq!(titles(&doc), vec![(1, "a"), (2, "b")]);
    }

    #[test]
    fn headings_inside_code_and_lists_do_not_split() {
        let doc = Document::parse("## A\n\n```\n## not\n```\n\n- ## nor this\n\n## B\n", "f");
        assert_eq!(titles(&doc), vec![(1, "A"), (2, "B")]);
    }

    #[test]
    fn runs_keep_their_source_offsets() {
        let src = "para *em* and `code`\n";
        let doc = Document::parse(src, "f");
        let BlockKind::Paragraph(runs) = &doc.sections[0].blocks[0].kind else {
            panic!("expected a paragraph");
        };
        for r in runs {
            assert!(src[r.offset..].starts_with(r.text.as_str()), "{r:?}");
        }
        assert!(
            runs.iter()
                .any(|r| r.style == TextStyle::EMPHASIS && r.text == "em")
        );
        assert!(
            runs.iter()
                .any(|r| r.style == TextStyle::CODE && r.text == "code")
        );
    }

    #[test]
    fn code_spans_start_where_their_code_does() {
        // The source, and where its code span's code starts in it.
        for (src, at) in [
            ("a `` ` `` b\n", 5),
            ("a `code` b\n", 3),
            ("a ` code ` b\n", 4),
            ("a ``  two  `` b\n", 5),
            ("a `one\nline on` b\n", 3),
            ("a ` ` b\n", 3),
            ("a `x ` b\n", 3),
        ] {
            let doc = Document::parse(src, "f");
            let BlockKind::Paragraph(runs) = &doc.sections[0].blocks[0].kind else {
                panic!("expected a paragraph in {src:?}");
            };
            let code = runs.iter().find(|r| r.style == TextStyle::CODE);
            assert_eq!(code.map(|r| r.offset), Some(at), "{src:?}: {code:?}");
        }
    }

    #[test]
    fn link_address_is_shown_unless_it_is_the_text() {
        let doc = Document::parse("[site](https://x.org) <https://y.org>\n", "f");
        let BlockKind::Paragraph(runs) = &doc.sections[0].blocks[0].kind else {
            panic!("expected a paragraph");
        };
        let text = plain(runs);
        assert_eq!(text, "sitehttps://x.org https://y.org");
        // The address is a run of its own, for the layout to show as it is asked to.
        let url = runs.iter().find(|r| r.style.contains(TextStyle::URL));
        assert_eq!(url.map(|r| r.text.as_str()), Some("https://x.org"));
        assert_eq!(
            runs.iter()
                .filter(|r| r.style.contains(TextStyle::URL))
                .count(),
            1,
            "an address that is its own text is not repeated"
        );
    }

    #[test]
    fn control_characters_from_entities_are_made_visible() {
        let doc = Document::parse("a&#27;[2Jb \x1b]0;x\x07\n", "f");
        let BlockKind::Paragraph(runs) = &doc.sections[0].blocks[0].kind else {
            panic!("expected a paragraph");
        };
        let text = plain(runs);
        assert!(!text.chars().any(|c| c.is_control()), "{text:?}");
        assert!(text.contains('\u{241b}'));
    }

    #[test]
    fn code_blocks_keep_their_lines() {
        let doc = Document::parse("```\nfn a() {\n\tb\n}\n```\n", "f");
        let BlockKind::Code { lines, .. } = &doc.sections[0].blocks[0].kind else {
            panic!("expected code");
        };
        let texts: Vec<_> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["fn a() {", "    b", "}"]);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let src = format!("{}deep\n", "> ".repeat(5000));
        let doc = Document::parse(&src, "f");
        fn depth(b: &[Block]) -> usize {
            b.iter()
                .map(|b| match &b.kind {
                    BlockKind::Quote(inner) => 1 + depth(inner),
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        assert!(depth(&doc.sections[0].blocks) <= MAX_DEPTH);
        assert_eq!(doc.words(), 1);
    }

    #[test]
    fn footnotes_can_hold_several_blocks() {
        let src = "Text[^n].\n\n[^n]: one\n\n    - a\n    - b\n\n    two\n";
        let doc = Document::parse(src, "f");
        let foot = doc.sections[0]
            .blocks
            .iter()
            .find_map(|b| match &b.kind {
                BlockKind::Footnote { label, blocks } => Some((label.clone(), blocks.len())),
                _ => None,
            })
            .expect("a footnote block");
        assert_eq!(foot, ("n".to_string(), 3));
    }

    #[test]
    fn a_very_long_section_is_read_in_parts() {
        let para = format!("{}\n\n", "word ".repeat(2000));
        let text = format!("# T\n\n{}## Short\n\nsmall\n", para.repeat(100));
        let doc = Document::parse(&text, "t");
        let parts: Vec<&str> = doc.sections.iter().map(|s| s.title.as_str()).collect();
        assert!(parts.len() > 3, "{parts:?}");
        assert_eq!(
            parts[0],
            "Opening (1 of 2)".replace("2", &(parts.len() - 1).to_string())
        );
        assert_eq!(parts.last(), Some(&"Short"));
        let numbers: Vec<usize> = doc.sections.iter().map(|s| s.number).collect();
        assert_eq!(numbers, (0..parts.len()).collect::<Vec<_>>());
        // Every word is still there, in order.
        assert_eq!(doc.words(), 100 * 2000 + 2 + 1);
        assert!(doc.sections.windows(2).all(|w| w[0].offset < w[1].offset));
    }

    /// `text` parsed as a large document is, in windows of `piece` bytes, every section
    /// woken.
    fn in_pieces(text: &str, piece: usize) -> Document {
        crate::document::large::parse_large(
            std::sync::Arc::new(text.to_string()),
            "t",
            piece,
            Markdown::default(),
        )
        .woken()
    }

    #[test]
    fn pieces_parse_like_the_whole() {
        let text = "# T\n\nSee [the site][Site] and [other].\n\n## A\n\n- a\n- b\n\n```\n## no\n```\n\n\
                    ## B\n\nb text\n\n[site]: https://example.org\n[other]: <https://other.org>\n";
        let whole = Document::parse(text, "t");
        for piece in [1, 8, 40, 1000] {
            let survey = Survey::of_text(text, piece, Markdown::default(), Keep::Upto(0));
            assert!(piece > 40 || survey.ends.len() >= 3, "{:?}", survey.ends);
            assert_eq!(
                survey.links.get(&label_key("site")).map(String::as_str),
                Some("https://example.org")
            );
            assert_eq!(in_pieces(text, piece), whole, "pieces of {piece}");
        }
    }

    #[test]
    fn a_label_defined_again_in_a_later_piece_keeps_its_first_definition() {
        let text = "See [one], [two][one] and [one][].\n\n[one]: https://first.example\n\n\
                    ## Later\n\nAgain [one], [x][one], [one][] and ![one].\n\n[one]: https://second.example\n";
        let whole = Document::parse(text, "t");
        assert_eq!(in_pieces(text, 10), whole);
        let urls: Vec<&str> = whole
            .sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match &b.kind {
                BlockKind::Paragraph(runs) => Some(runs),
                _ => None,
            })
            .flatten()
            .filter(|r| r.style.contains(TextStyle::URL))
            .map(|r| r.text.as_str())
            .collect();
        assert!(!urls.is_empty());
        assert!(urls.iter().all(|u| !u.contains("second")), "{urls:?}");
    }

    #[test]
    fn find_section_by_number_name_or_prefix() {
        let doc = Document::parse("intro\n\n## Being real\n\nx\n\n## Outcome\n\ny\n", "f");
        assert_eq!(doc.find_section("2"), Some(2));
        assert_eq!(doc.find_section("being REAL"), Some(1));
        assert_eq!(doc.find_section("out"), Some(2));
        assert_eq!(doc.find_section("9"), None);
        assert_eq!(doc.find_section("nothing"), None);
    }
}
