//! The survey: the parser's own first pass over a large document, which says where the
//! document can be cut into pieces that parse exactly as the whole does, and what sectioning
//! needs of it before any piece is folded.
//!
//! Nothing here restates a rule of CommonMark. Each window of the text is parsed, and a piece
//! ends where the parser itself started a top-level block at a line that is not indented,
//! right after a blank line ([`cuttable`]). Nothing before such a line reaches past it (a
//! link's title or a table's delimiter row looks one line ahead at most, never across a
//! blank one), and no block is open there, so a parser started at that line reads the rest
//! as the whole document's parser does. Where a window holds no such line the window grows
//! (doubling, so a long stretch costs linear time). Tests check the pieces against the whole
//! parse on every file of the real corpus, under proptest and under a fuzz target.
//!
//! Besides the cuts the survey keeps what the pieces need of each other: the link
//! reference definitions ([`pulldown_cmark::Parser::reference_definitions`], first one
//! winning across pieces as within one), the footnote labels defined, and the document's
//! top-level blocks as sectioning sees them (the [`skeleton`]): headings and HTML blocks
//! folded as the fold folds them, and of every other block where it starts, what it is and
//! which footnotes it cites. Sectioning the skeleton gives the document's sections exactly:
//! their numbers, titles, places and parts, before any paragraph is folded.

use super::fold::{Builder, Place, footnote_text, indent_before};
use super::{Block, BlockKind, Markdown, Run, TextStyle, text_start};
use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Parser, Tag};
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// A link label as CommonMark matches labels: white space collapsed, compared with Unicode
/// case folding (as the parser compares them).
pub type LabelKey = unicase::UniCase<String>;

/// Link reference definitions, by label.
pub type LinkDefinitions = HashMap<LabelKey, String>;

/// The key a label is matched by (see [`LabelKey`]).
pub fn label_key(label: &str) -> LabelKey {
    unicase::UniCase::new(label.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The smallest share of a window a piece must fill before the window is cut: a window with
/// no place to cut past it grows instead (see [`Survey::of_text`]).
const LEAST: usize = 4;

/// What the survey of a document found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Survey {
    /// Where each piece ends, in order: the first starts at 0, the last ends at the text's end.
    pub ends: Vec<usize>,
    pub links: LinkDefinitions,
    /// The footnote labels defined, as the parser gives them, each once, in order.
    pub notes: Vec<String>,
    /// The document's top-level blocks as sectioning needs them (see [`skeleton`]).
    pub skeleton: Vec<Bone>,
    /// The places its HTML blocks name (`<a name>`, `id`), in order.
    pub anchors: Vec<(String, usize)>,
}

/// One of the document's top-level blocks, as sectioning needs it: a heading, title or HTML
/// block as the fold makes it, else a stand-in of the same offset that holds only the
/// footnotes it cites (a footnote as a [`BlockKind::Footnote`], a rule as a rule, anything
/// else as a paragraph). `start`: where the parser's block it was folded from starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bone {
    pub block: Block,
    pub start: usize,
    /// The block stands in for what the fold makes (which only its citations tell).
    pub stands_in: bool,
}

/// Where the document's text starts after any byte order mark and front matter.
pub fn body(text: &str) -> usize {
    super::front_matter_end(text).max(text_start(text))
}

impl Survey {
    /// Surveys `text`, cut in pieces of about `piece` bytes.
    pub fn of_text(text: &str, piece: usize, markdown: Markdown) -> Survey {
        let piece = piece.max(1);
        let mut surveyor = Surveyor::new(text, markdown);
        let mut at = 0;
        while at < text.len() || surveyor.survey.ends.is_empty() {
            let mut want = piece;
            let end = loop {
                // The first window holds all the front matter.
                let from = if at == 0 { surveyor.body } else { at };
                let window_end = line_end(text, from.saturating_add(want));
                let last = window_end >= text.len();
                match surveyor.window(&text[..window_end], at, last, want / LEAST) {
                    Some(end) => break end,
                    None => want = want.saturating_mul(2),
                }
            };
            at = end;
        }
        surveyor.finish()
    }
}

/// The end of the line holding byte `at` of `text` (its length past the end).
pub(super) fn line_end(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i + 1)
}

/// Whether a parser's top-level block starting at byte `start` of `text` (its line's start)
/// is a place to cut: its line is not indented and follows a blank line.
pub(super) fn cuttable(text: &str, start: usize) -> bool {
    let bytes = text.as_bytes();
    if start == 0 || bytes.get(start - 1) != Some(&b'\n') {
        return false;
    }
    if matches!(bytes.get(start), None | Some(b' ' | b'\t')) {
        return false;
    }
    // The line before: from the previous line end (or the start) to this line's.
    let before = &bytes[..start - 1];
    let from = memchr::memrchr2(b'\n', b'\r', before).map_or(0, |i| i + 1);
    before[from..]
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\x0b' | b'\x0c'))
}

/// Where one of the parser's top-level blocks starts in `text`, its first event being at
/// `first` and the block before it ending at `after`: at the start of its first event's
/// line, or, when link reference definitions open its paragraph (they make no event), at
/// the first of them. A parser started there reads it as the whole text's parser does.
pub(super) fn block_start(text: &str, after: usize, first: usize) -> usize {
    let bytes = text.as_bytes();
    let mut start = first - indent_before(text, first);
    // The lines before it that are not blank, back to a blank one or the block before.
    while start > after {
        let mut end = start;
        if bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > after && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        let line_start =
            memchr::memrchr2(b'\n', b'\r', &bytes[after..end]).map_or(after, |i| after + i + 1);
        let line = &bytes[line_start..end];
        if line
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\x0b' | b'\x0c'))
        {
            break;
        }
        start = line_start;
    }
    start
}

/// What a window's parse found of one of the parser's top-level blocks.
struct Top {
    /// Where its line starts (less its indent).
    start: usize,
    /// The blocks the fold makes of it (stand-ins but for headings and HTML).
    blocks: Vec<Block>,
    /// The places its HTML names.
    anchors: Vec<(String, usize)>,
    /// Footnote labels it defines (a footnote definition's).
    defines: Option<String>,
    /// Its blocks stand in for the fold's (see [`Bone`]).
    stands_in: bool,
    /// Its fold may differ once every definition is known: a heading holding a reference
    /// the window could not resolve, or a footnote reference.
    unsure: bool,
}

/// Surveys a document window by window (see [`Survey::of_text`]).
struct Surveyor<'t> {
    /// The whole text.
    whole: &'t str,
    /// Where its text starts after any byte order mark and front matter.
    body: usize,
    markdown: Markdown,
    survey: Survey,
    /// Labels already in `survey.notes`.
    noted: HashSet<String>,
    /// Headings whose fold must wait for every definition: their places in the skeleton and
    /// the ranges of the text that parse to them.
    unsure: Vec<(usize, Range<usize>)>,
}

impl<'t> Surveyor<'t> {
    fn new(whole: &'t str, markdown: Markdown) -> Surveyor<'t> {
        Surveyor {
            whole,
            body: body(whole),
            markdown,
            survey: Survey::default(),
            noted: HashSet::new(),
            unsure: Vec::new(),
        }
    }

    /// Parses `text[from..]` (its end is the window's end; `last`: the text's end) and takes
    /// the piece it holds: up to the last place to cut at least `least` bytes on, or all of
    /// it when it is the last. Returns where the piece ends, or `None` when the window holds
    /// no place to cut (it must grow).
    fn window(&mut self, text: &str, from: usize, last: bool, least: usize) -> Option<usize> {
        // The document's start: its front matter, read by the fold.
        let (base, front) = if from == 0 {
            let start = text_start(text);
            (self.body, (self.body > start).then_some((start, self.body)))
        } else {
            (from, None)
        };
        let found = parse_window(&text[base..], base, self.markdown);
        let end = if last {
            text.len()
        } else {
            found
                .tops
                .iter()
                .rev()
                .map(|t| t.start)
                .find(|&s| s > from && s >= from + least && cuttable(text, s))?
        };
        if let Some((start, body)) = front {
            let mut builder = Builder::new(self.markdown).started();
            builder.front_matter(&text[..body], start);
            for block in builder.finish().blocks {
                self.survey.skeleton.push(Bone {
                    block,
                    start: 0,
                    stands_in: false,
                });
            }
        }
        for (label, dest, at) in found.links {
            if at < end {
                self.survey.links.entry(label).or_insert(dest);
            }
        }
        let tops = found.tops.into_iter().take_while(|t| t.start < end);
        let mut tops = tops.peekable();
        while let Some(top) = tops.next() {
            if let Some(label) = top.defines
                && self.noted.insert(label.clone())
            {
                self.survey.notes.push(label);
            }
            if top.unsure {
                let next = tops.peek().map_or(end, |t| t.start);
                self.unsure
                    .push((self.survey.skeleton.len(), top.start..next));
            }
            self.survey.anchors.extend(top.anchors);
            for block in top.blocks {
                self.survey.skeleton.push(Bone {
                    block,
                    start: top.start,
                    stands_in: top.stands_in,
                });
            }
        }
        self.survey.ends.push(end);
        Some(end)
    }

    /// The survey, once every window is taken: the blocks that had to wait for every
    /// definition folded again with them, and footnote citations made exact.
    fn finish(mut self) -> Survey {
        let text = self.whole;
        let defined = self.survey.notes.clone();
        if !defined.is_empty() {
            self.cite_exactly();
        }
        // From the last, so the places of those before stay where they are.
        for (at, range) in std::mem::take(&mut self.unsure).into_iter().rev() {
            let piece = &text[range.clone()];
            let before = stand_ins(piece, &defined);
            let folded = Builder::new(self.markdown).build(
                piece,
                range.start,
                Some(&self.survey.links),
                &before,
            );
            // The heading was one block of the skeleton (or none, folded into nothing).
            let was = self.survey.skeleton[at..]
                .iter()
                .take_while(|b| b.start == range.start)
                .count();
            let now = folded.blocks.into_iter().map(|block| Bone {
                block,
                start: range.start,
                stands_in: false,
            });
            self.survey.skeleton.splice(at..at + was, now);
        }
        self.survey
    }
}

impl Surveyor<'_> {
    /// Makes the footnotes each stand-in block cites exact: a window's parse knew only the
    /// notes defined in it, so each piece that may cite a note defined in another is parsed
    /// again with stand-ins for those (see [`stand_ins`]).
    fn cite_exactly(&mut self) {
        let text = self.whole;
        let mut start = 0;
        let mut bone = 0;
        for &end in &self.survey.ends {
            let piece = &text[start..end];
            let before = stand_ins(piece, &self.survey.notes);
            if !before.is_empty() {
                let cites = citations(piece, start, &before, self.markdown);
                let bones = &mut self.survey.skeleton[bone..];
                let mut cites = cites.into_iter().peekable();
                let bones = bones.iter_mut().take_while(|b| b.start < end);
                for b in bones.filter(|b| b.stands_in) {
                    while cites.next_if(|c| c.0 < b.start).is_some() {}
                    let runs = match cites.peek() {
                        Some(c) if c.0 == b.start => cites.next().map(|c| c.1).unwrap_or_default(),
                        _ => Vec::new(),
                    };
                    match &mut b.block.kind {
                        BlockKind::Paragraph(r) => *r = runs,
                        BlockKind::Footnote { blocks, .. } => {
                            if let Some(BlockKind::Paragraph(r)) =
                                blocks.first_mut().map(|b| &mut b.kind)
                            {
                                *r = runs;
                            }
                        }
                        _ => {}
                    }
                }
            }
            bone += self.survey.skeleton[bone..]
                .iter()
                .take_while(|b| b.start < end)
                .count();
            start = end;
        }
    }
}

/// The footnote references in each top-level block of `piece` (which starts at byte `base`
/// of the document), parsed after the stand-in definitions `before`: (where the block's line
/// starts, its references as runs).
fn citations(piece: &str, base: usize, before: &str, markdown: Markdown) -> Vec<(usize, Vec<Run>)> {
    let text = format!("{before}{piece}");
    let skip = before.len();
    let options = Builder::new(markdown).options();
    let mut out: Vec<(usize, Vec<Run>)> = Vec::new();
    let mut level = 0usize;
    let mut last_end = skip;
    for (event, range) in Parser::new_ext(&text, options).into_offset_iter() {
        if range.start < skip {
            continue;
        }
        if level == 0 && matches!(event, Event::Start(_) | Event::Rule) {
            let start = base + block_start(&text, last_end, range.start) - skip;
            out.push((start, Vec::new()));
        }
        if level <= 1 && matches!(event, Event::End(_) | Event::Rule) {
            last_end = range.end;
        }
        match &event {
            Event::Start(_) => level += 1,
            Event::End(_) => level = level.saturating_sub(1),
            Event::FootnoteReference(label) => {
                if let Some(last) = out.last_mut() {
                    last.1.push(Run {
                        text: footnote_text(label),
                        offset: base + range.start - skip,
                        style: TextStyle::FOOTNOTE,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// What parsing one window found: its top-level blocks, and its link definitions with where
/// each starts.
struct WindowParse {
    tops: Vec<Top>,
    links: Vec<(LabelKey, String, usize)>,
}

/// Parses `text`, which starts at byte `base` of the document, noting each top-level block
/// (folding its headings and HTML blocks) and its link definitions.
fn parse_window(text: &str, base: usize, markdown: Markdown) -> WindowParse {
    let broken = Cell::new(false);
    let note_broken = |_: BrokenLink<'_>| -> Option<(CowStr<'_>, CowStr<'_>)> {
        broken.set(true);
        None
    };
    let builder = Builder::new(markdown);
    let parser = Parser::new_with_broken_link_callback(text, builder.options(), Some(note_broken));
    let mut links = Vec::new();
    for (label, def) in parser.reference_definitions().iter() {
        links.push((
            label_key(label),
            def.dest.to_string(),
            base + def.span.start,
        ));
    }
    // Definitions in the order written: the first of a label in a piece wins.
    links.sort_unstable_by_key(|l| l.2);
    let at = Place {
        text,
        base,
        skip: 0,
    };
    let mut tops: Vec<Top> = Vec::new();
    let mut level = 0usize;
    // The top-level block being read: a heading or HTML block is folded as it comes; of any
    // other, the footnotes it cites are kept.
    let mut folding: Option<Builder> = None;
    // How deep the folded block's own events nest, for the builder.
    let mut fold_level = 0usize;
    let mut cites: Vec<Run> = Vec::new();
    let mut kind = Kind::Other;
    let mut first = 0;
    // Where the last top-level block ended.
    let mut last_end = 0;
    for (event, range) in parser.into_offset_iter() {
        if level == 0 {
            if !matches!(event, Event::Start(_) | Event::Rule) {
                // (The parser starts every top-level block with one of these.)
                continue;
            }
            // A new top-level block.
            fold_level = 0;
            first = base + range.start;
            let start = base + block_start(text, last_end, range.start);
            broken.set(false);
            cites.clear();
            kind = match &event {
                Event::Start(Tag::Heading { .. } | Tag::HtmlBlock) => Kind::Folded,
                Event::Start(Tag::FootnoteDefinition(label)) => Kind::Note(label.to_string()),
                Event::Rule => Kind::Rule,
                _ => Kind::Other,
            };
            folding = matches!(kind, Kind::Folded).then(|| Builder::new(markdown).started());
            // A heading that may cite a footnote defined in another piece: its text says
            // whether it does only once every note is known.
            let cites = folding.is_some() && text[range.clone()].contains("[^");
            tops.push(Top {
                start,
                blocks: Vec::new(),
                anchors: Vec::new(),
                defines: None,
                stands_in: !matches!(kind, Kind::Folded),
                unsure: cites,
            });
        }
        let top = tops.last_mut().expect("a block was started");
        match &event {
            Event::FootnoteReference(label) => {
                top.unsure |= folding.is_some();
                cites.push(Run {
                    text: footnote_text(label),
                    offset: base + range.start,
                    style: TextStyle::FOOTNOTE,
                });
            }
            Event::Start(Tag::Link { link_type, .. } | Tag::Image { link_type, .. })
                if matches!(
                    link_type,
                    LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
                ) =>
            {
                // Another piece may define the label first, with another address.
                top.unsure |= folding.is_some();
            }
            _ => {}
        }
        let ends = match &event {
            Event::Start(_) => {
                level += 1;
                false
            }
            Event::End(_) => {
                level = level.saturating_sub(1);
                level == 0
            }
            _ => level == 0,
        };
        if ends {
            last_end = range.end;
        }
        if let Some(builder) = folding.as_mut() {
            builder.take(event, range, &at, None, &mut fold_level);
        }
        if ends {
            let top = tops.last_mut().expect("a block was started");
            top.unsure |= broken.get() && folding.is_some();
            top.blocks = match std::mem::replace(&mut kind, Kind::Other) {
                Kind::Folded => {
                    let folded = folding.take().map(|b| b.finish()).unwrap_or_default();
                    top.anchors = folded.anchors;
                    folded.blocks
                }
                Kind::Rule => vec![Block {
                    offset: first,
                    kind: BlockKind::Rule,
                }],
                Kind::Note(label) => {
                    let block = Block {
                        offset: first,
                        kind: BlockKind::Footnote {
                            label: crate::text::clean(&label).into_owned(),
                            blocks: vec![Block {
                                offset: first,
                                kind: BlockKind::Paragraph(std::mem::take(&mut cites)),
                            }],
                        },
                    };
                    top.defines = Some(label);
                    vec![block]
                }
                Kind::Other => vec![Block {
                    offset: first,
                    kind: BlockKind::Paragraph(std::mem::take(&mut cites)),
                }],
            };
        }
    }
    WindowParse { tops, links }
}

/// What a top-level block is to the survey.
enum Kind {
    /// A heading or an HTML block: folded as the fold folds it.
    Folded,
    Rule,
    /// A footnote definition, with its label as the parser gives it.
    Note(String),
    Other,
}

/// Footnote definitions to parse before `piece` (with a comment block that closes the last
/// and a blank line, so the piece's first line starts afresh whatever its indent), for
/// every label of `defined` the piece may cite: a reference finds its note only in the same
/// parse. Which labels it may cite is told from the first character after each `[^` in it
/// (every label whose first character could match, and every label when one is not ASCII
/// or is white space): never fewer than it cites, so the piece parses as it does in the
/// whole, where every note is defined. Parsing a definition again changes nothing of the
/// piece's own.
pub fn stand_ins(piece: &str, defined: &[String]) -> String {
    if defined.is_empty() {
        return String::new();
    }
    let bytes = piece.as_bytes();
    let mut firsts = [false; 128];
    let mut any = false;
    for at in memchr::memmem::find_iter(bytes, b"[^") {
        match bytes.get(at + 2) {
            Some(&b) if b.is_ascii() && !b.is_ascii_whitespace() => {
                firsts[usize::from(b.to_ascii_lowercase())] = true;
            }
            Some(_) => any = true,
            None => {}
        }
    }
    let wanted = |label: &str| match label.bytes().next() {
        Some(b) if b.is_ascii() && !b.is_ascii_whitespace() => {
            any || firsts[usize::from(b.to_ascii_lowercase())]
        }
        _ => true,
    };
    let mut out = String::new();
    for label in defined.iter().filter(|l| wanted(l)) {
        out.push_str("[^");
        out.push_str(label);
        out.push_str("]: .\n\n");
    }
    if !out.is_empty() {
        out.push_str("<!---->\n\n");
    }
    out
}

/// The skeleton of `text`: its top-level blocks as sectioning needs them (see [`Bone`]).
pub fn skeleton(text: &str, markdown: Markdown) -> Vec<Bone> {
    Survey::of_text(text, usize::MAX / 4, markdown).skeleton
}
