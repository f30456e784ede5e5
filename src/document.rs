//! The document model: markdown parsed once into a title and a list of sections.
//!
//! pulldown-cmark's events are folded into blocks of styled runs. Every run keeps the byte
//! offset in the source where it starts, which is what reading positions are made of. The
//! styles here are the document's own; the theme decides how they look. No terminal, no I/O.

use crate::text;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::{BitOr, BitOrAssign};

/// Reading speed used for every "minutes" figure.
pub const WORDS_PER_MINUTE: usize = 238;

/// How deeply quotes, lists and footnotes may nest before further levels are laid flat.
/// Keeps layout recursion and indentation bounded whatever the file holds.
pub const MAX_DEPTH: usize = 32;

/// A set of text styles, as the document sees them.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, Debug)]
pub struct Style(u16);

impl Style {
    pub const PLAIN: Style = Style(0);
    pub const EMPHASIS: Style = Style(1);
    pub const STRONG: Style = Style(1 << 1);
    pub const STRIKE: Style = Style(1 << 2);
    pub const CODE: Style = Style(1 << 3);
    pub const LINK: Style = Style(1 << 4);
    /// A link's address, shown after its text.
    pub const URL: Style = Style(1 << 5);
    /// An image's alternative text.
    pub const IMAGE: Style = Style(1 << 6);
    pub const HEADING: Style = Style(1 << 7);
    pub const FOOTNOTE: Style = Style(1 << 8);
    /// Raw HTML, shown as text.
    pub const HTML: Style = Style(1 << 9);
    /// Decoration the layout adds: list markers, quote bars, rules, table borders.
    pub const MARKER: Style = Style(1 << 10);
    pub const QUOTE: Style = Style(1 << 11);
    /// A search match (set by the view, never by the document).
    pub const MATCH: Style = Style(1 << 12);

    /// Whether every style in `other` is in `self`.
    pub const fn contains(self, other: Style) -> bool {
        self.0 & other.0 == other.0
    }
}

impl BitOr for Style {
    type Output = Style;
    fn bitor(self, rhs: Style) -> Style {
        Style(self.0 | rhs.0)
    }
}

impl BitOrAssign for Style {
    fn bitor_assign(&mut self, rhs: Style) {
        self.0 |= rhs.0;
    }
}

/// A piece of text in one style. `text` never holds control characters; a run whose text is
/// exactly `"\n"` is a hard line break.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub offset: usize,
    pub style: Style,
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
    Paragraph(Vec<Run>),
    /// Code kept as written: one run a line.
    Code(Vec<Run>),
    /// Raw HTML kept as written: one run a line.
    Html(Vec<Run>),
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
}

impl Document {
    /// Parses markdown. `fallback_title` names the document when it has no level-1 heading.
    pub fn parse(source: &str, fallback_title: &str) -> Document {
        let blocks = Builder::default().build(source, 0, None);
        let mut doc = split(blocks, fallback_title);
        doc.len = source.len();
        doc
    }

    /// Parses a document given in pieces, one after another, each cut where a heading line
    /// starts (see [`prefix_end`]), so the whole text never has to be in memory at once.
    /// `links` holds the link reference definitions of the whole document (see
    /// [`link_definitions`]): a reference in one piece to a definition in another resolves.
    pub fn parse_pieces(
        pieces: impl IntoIterator<Item = String>,
        links: &LinkDefinitions,
        fallback_title: &str,
    ) -> Document {
        let mut blocks = Vec::new();
        let mut len = 0;
        for piece in pieces {
            blocks.extend(Builder::default().build(&piece, len, Some(links)));
            len += piece.len();
        }
        let mut doc = split(blocks, fallback_title);
        doc.len = len;
        doc
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

/// Follows fenced code blocks line by line, for the quick scans that must not mistake code
/// for headings or link definitions.
#[derive(Default)]
struct Fences {
    /// The open fence's character and length.
    open: Option<(u8, usize)>,
}

impl Fences {
    /// Whether `line` (without its newline) is inside a fenced code block or is one's fence.
    fn in_code(&mut self, line: &str) -> bool {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if indent <= 3
            && let Some(m @ (b'`' | b'~')) = rest.as_bytes().first().copied()
        {
            let run = rest.bytes().take_while(|b| *b == m).count();
            match self.open {
                None if run >= 3 => {
                    self.open = Some((m, run));
                    return true;
                }
                Some((f, n)) if f == m && run >= n && rest[run..].trim().is_empty() => {
                    self.open = None;
                    return true;
                }
                _ => {}
            }
        }
        self.open.is_some()
    }
}

/// Where to cut `text` so its beginning can be shown before the whole is parsed: at the
/// first heading line at or after `min` bytes that is not inside a fenced code block, so the
/// beginning holds whole sections; failing that, at the first blank line after `min`; else
/// the whole text.
pub fn prefix_end(text: &str, min: usize) -> usize {
    let mut fences = Fences::default();
    let mut blank_after_min = None;
    let mut at = 0;
    // Look no further than this for a heading before settling for a blank line.
    let give_up = min.saturating_mul(8);
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches(' ').len();
        let rest = &body[indent..];
        if fences.in_code(body) || start < min {
            continue;
        }
        let hashes = rest.bytes().take_while(|b| *b == b'#').count();
        let heading = indent == 0
            && (1..=6).contains(&hashes)
            && rest[hashes..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ' || c == '\t');
        if heading {
            return start;
        }
        if body.trim().is_empty() && blank_after_min.is_none() {
            blank_after_min = Some(at);
        }
        if start > give_up
            && let Some(b) = blank_after_min
        {
            return b;
        }
    }
    blank_after_min.unwrap_or(text.len())
}

/// Link reference definitions (`[label]: url`), by normalised label.
pub type LinkDefinitions = HashMap<String, String>;

/// A label as CommonMark matches it: case-folded, with runs of whitespace as one space.
fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Adds the link reference definitions in `text` (one piece of a document, cut at a line
/// start) to `into`, the first definition of a label winning. A quick line scan, not a full
/// parse: it finds single-line definitions outside fenced code, which is how they are written.
pub fn link_definitions(text: &str, into: &mut LinkDefinitions) {
    if !text.contains("]:") {
        // Most pieces of a long text define nothing.
        return;
    }
    let mut fences = Fences::default();
    for line in text.lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if fences.in_code(line) || indent > 3 {
            continue;
        }
        let rest = &line[indent..];
        let Some(body) = rest.strip_prefix('[') else {
            continue;
        };
        let Some(close) = body.find("]:") else {
            continue;
        };
        let label = &body[..close];
        if label.trim().is_empty() || label.contains(['[', ']']) || label.starts_with('^') {
            continue;
        }
        let dest = body[close + 2..].split_whitespace().next().unwrap_or("");
        let dest = dest
            .strip_prefix('<')
            .and_then(|d| d.strip_suffix('>'))
            .unwrap_or(dest);
        if dest.is_empty() {
            continue;
        }
        into.entry(normalize_label(label))
            .or_insert_with(|| dest.to_string());
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

/// Words in `s`: runs of anything but ASCII whitespace and controls, counted on bytes in
/// blocks of 255 with a small counter, which the compiler vectorises (30 times faster than
/// `split_whitespace` on long text).
fn words_in(s: &str) -> usize {
    let b = s.as_bytes();
    let Some(&first) = b.first() else {
        return 0;
    };
    let space = |x: u8| u8::from(x <= b' ');
    let mut words = usize::from(space(first) == 0);
    for (before, after) in b[..b.len() - 1].chunks(255).zip(b[1..].chunks(255)) {
        let mut starts: u8 = 0;
        for (&x, &y) in before.iter().zip(after) {
            starts += space(x) & (space(y) ^ 1);
        }
        words += usize::from(starts);
    }
    words
}

fn count_words(blocks: &[Block]) -> usize {
    fn runs(rs: &[Run]) -> usize {
        rs.iter()
            .filter(|r| !r.style.contains(Style::URL))
            .map(|r| words_in(&r.text))
            .sum()
    }
    blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Heading { runs: r, .. } | BlockKind::Paragraph(r) => runs(r),
            BlockKind::Code(r) | BlockKind::Html(r) => runs(r),
            BlockKind::Quote(bs) | BlockKind::Footnote { blocks: bs, .. } => count_words(bs),
            BlockKind::List { items, .. } => items.iter().map(|i| count_words(&i.blocks)).sum(),
            BlockKind::Table { rows, .. } => rows.iter().flatten().map(|c| runs(c)).sum(),
            BlockKind::Rule => 0,
        })
        .sum()
}

/// Splits top-level blocks into sections at the highest heading level used below the title.
fn split(blocks: Vec<Block>, fallback_title: &str) -> Document {
    fn heading(b: &Block) -> Option<(u8, &[Run])> {
        match &b.kind {
            BlockKind::Heading { level, runs } => Some((*level, runs)),
            _ => None,
        }
    }
    let title_at = blocks
        .iter()
        .position(|b| heading(b).is_some_and(|(l, _)| l == 1));
    let title = title_at
        .and_then(|i| heading(&blocks[i]))
        .map(|(_, runs)| plain(runs).trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| fallback_title.to_string());
    let split_level = blocks
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != title_at)
        .filter_map(|(_, b)| heading(b).map(|(l, _)| l))
        .min();

    let mut sections: Vec<Section> = Vec::new();
    let mut opening = Vec::new();
    let mut opening_has_text = false;
    for (i, block) in blocks.into_iter().enumerate() {
        let starts_section = Some(i) != title_at
            && split_level.is_some()
            && heading(&block).map(|(l, _)| l) == split_level;
        if starts_section {
            let name = heading(&block).map(|(_, r)| plain(r)).unwrap_or_default();
            sections.push(Section {
                number: sections.len() + 1,
                title: name.trim().to_string(),
                offset: block.offset,
                blocks: vec![block],
                words: 0,
            });
        } else if let Some(last) = sections.last_mut() {
            last.blocks.push(block);
        } else {
            opening_has_text |= Some(i) != title_at;
            opening.push(block);
        }
    }
    if opening_has_text || sections.is_empty() {
        let name = if sections.is_empty() {
            title.clone()
        } else {
            "Opening".to_string()
        };
        let offset = opening.first().map_or(0, |b| b.offset);
        sections.insert(
            0,
            Section {
                number: 0,
                title: name,
                offset,
                blocks: opening,
                words: 0,
            },
        );
    }
    for s in &mut sections {
        if s.title.is_empty() {
            s.title = format!("Section {}", s.number);
        }
    }
    let mut sections = split_long(sections);
    for s in &mut sections {
        s.words = count_words(&s.blocks);
    }
    Document {
        title,
        sections,
        len: 0,
    }
}

/// Sections longer than this (in source bytes) are read as several parts, so laying out the
/// page on screen (at a resize, say) never means laying out megabytes.
pub const PART: usize = 256 << 10;

/// Splits each section longer than [`PART`] into parts at block boundaries, titled
/// "Title (2 of 5)" and so on, then numbers all sections in order again (0 stays the opening).
/// A single block longer than a part stays whole.
fn split_long(sections: Vec<Section>) -> Vec<Section> {
    let has_opening = sections.first().is_some_and(|s| s.number == 0);
    let mut out: Vec<Section> = Vec::with_capacity(sections.len());
    let ends: Vec<Option<usize>> = sections
        .iter()
        .skip(1)
        .map(|s| Some(s.offset))
        .chain([None])
        .collect();
    for (section, end) in sections.into_iter().zip(ends) {
        let last_block = section.blocks.last().map_or(section.offset, |b| b.offset);
        let span = end.unwrap_or(last_block).saturating_sub(section.offset);
        if span <= PART || section.blocks.len() < 2 {
            out.push(section);
            continue;
        }
        let mut parts: Vec<Vec<Block>> = vec![Vec::new()];
        let mut part_start = section.offset;
        for block in section.blocks {
            let current = parts.last_mut().expect("one part at least");
            if !current.is_empty() && block.offset.saturating_sub(part_start) > PART {
                part_start = block.offset;
                parts.push(vec![block]);
            } else {
                current.push(block);
            }
        }
        let count = parts.len();
        for (i, blocks) in parts.into_iter().enumerate() {
            let title = if count == 1 {
                section.title.clone()
            } else {
                format!("{} ({} of {count})", section.title, i + 1)
            };
            out.push(Section {
                number: 0,
                title,
                offset: blocks.first().map_or(section.offset, |b| b.offset),
                blocks,
                words: 0,
            });
        }
    }
    let first = usize::from(!has_opening);
    for (i, s) in out.iter_mut().enumerate() {
        s.number = i + first;
    }
    out
}

/// An open container while folding events.
enum Frame {
    Root,
    Quote {
        offset: usize,
    },
    List {
        offset: usize,
        start: Option<u64>,
        tight: bool,
        items: Vec<Item>,
    },
    Item {
        task: Option<bool>,
    },
    Footnote {
        offset: usize,
        label: String,
    },
    Table {
        offset: usize,
        aligns: Vec<Align>,
        header: usize,
        rows: Vec<Vec<Vec<Run>>>,
    },
    /// A container past `MAX_DEPTH`: its content joins the one around it.
    Flat,
}

/// What the runs being collected will become.
enum InlineKind {
    Paragraph,
    Heading(u8),
    Cell,
}

struct Inline {
    kind: InlineKind,
    offset: usize,
    runs: Vec<Run>,
}

/// Folds parser events into blocks with a stack of open containers.
#[derive(Default)]
struct Builder {
    /// Each open container and the blocks collected inside it so far.
    stack: Vec<(Frame, Vec<Block>)>,
    inline: Option<Inline>,
    style: Vec<Style>,
    /// Link destinations and where their text started in `inline.runs`.
    links: Vec<(String, usize)>,
    code: Option<Lines>,
    html: Option<Lines>,
}

impl Builder {
    /// Folds the events of `source`, which starts at byte `base` of the document. References
    /// the text itself does not define are looked up in `links`.
    fn build(mut self, source: &str, base: usize, links: Option<&LinkDefinitions>) -> Vec<Block> {
        self.stack.push((Frame::Root, Vec::new()));
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS;
        let resolve = |link: pulldown_cmark::BrokenLink<'_>| {
            let url = links?.get(&normalize_label(&link.reference))?;
            Some((CowStr::from(url.clone()), CowStr::from("")))
        };
        let parser = Parser::new_with_broken_link_callback(source, options, Some(resolve));
        for (event, range) in parser.into_offset_iter() {
            let mut offset = base + range.start;
            if let Event::Code(code) = &event {
                // The range covers the backticks; point at the code itself.
                offset += source
                    .get(range.clone())
                    .and_then(|s| s.find(code.as_ref()))
                    .unwrap_or(0);
            }
            self.event(event, offset);
        }
        self.close_inline();
        self.close_html();
        while self.stack.len() > 1 {
            self.pop_frame();
        }
        self.stack.pop().map(|(_, b)| b).unwrap_or_default()
    }

    fn depth(&self) -> usize {
        self.stack.len()
    }

    fn current_style(&self) -> Style {
        self.style.iter().fold(Style::PLAIN, |a, s| a | *s)
    }

    fn push_block(&mut self, block: Block) {
        if let Some((_, blocks)) = self.stack.last_mut() {
            blocks.push(block);
        }
    }

    fn open_inline(&mut self, kind: InlineKind, offset: usize) {
        self.close_inline();
        self.inline = Some(Inline {
            kind,
            offset,
            runs: Vec::new(),
        });
    }

    /// Ends the runs being collected, turning them into a block (or a table cell).
    fn close_inline(&mut self) {
        let Some(mut inline) = self.inline.take() else {
            return;
        };
        // Runs grew by appending; give back what they reserved (a document lives long).
        for run in &mut inline.runs {
            run.text.shrink_to_fit();
        }
        inline.runs.shrink_to_fit();
        let kind = match inline.kind {
            InlineKind::Paragraph => BlockKind::Paragraph(inline.runs),
            InlineKind::Heading(level) => BlockKind::Heading {
                level,
                runs: inline.runs,
            },
            InlineKind::Cell => {
                if let Some((Frame::Table { rows, .. }, _)) = self.stack.last_mut()
                    && let Some(row) = rows.last_mut()
                {
                    row.push(inline.runs);
                }
                return;
            }
        };
        self.push_block(Block {
            offset: inline.offset,
            kind,
        });
    }

    fn close_html(&mut self) {
        if let Some(html) = self.html.take() {
            self.push_block(Block {
                offset: html.offset,
                kind: BlockKind::Html(html.lines),
            });
        }
    }

    /// Adds inline text, opening a paragraph for text that arrives outside one (tight lists).
    fn push_text(&mut self, text: &str, offset: usize, extra: Style) {
        if self.inline.is_none() {
            self.open_inline(InlineKind::Paragraph, offset);
        }
        let style = self.current_style() | extra;
        let mut cleaned = text::clean(text);
        // (A fold, not `any`, so the scan is vectorised.)
        if cleaned
            .bytes()
            .fold(false, |seen, b| seen | (b == b'\n') | (b == b'\r'))
        {
            cleaned = Cow::Owned(cleaned.replace(['\n', '\r'], " "));
        }
        if let Some(inline) = self.inline.as_mut()
            && !cleaned.is_empty()
        {
            // Join the previous run when nothing but the text differs and the source runs on
            // without a gap, so offsets inside the run stay exact.
            if let Some(last) = inline.runs.last_mut()
                && last.style == style
                && !last.is_break()
                && style == Style::PLAIN
                && last.offset + last.text.len() == offset
            {
                last.text.push_str(&cleaned);
                return;
            }
            inline.runs.push(Run {
                text: cleaned.into_owned(),
                offset,
                style,
            });
        }
    }

    fn push_break(&mut self, offset: usize) {
        if let Some(inline) = self.inline.as_mut() {
            inline.runs.push(Run {
                text: "\n".to_string(),
                offset,
                style: Style::PLAIN,
            });
        }
    }

    fn push_frame(&mut self, frame: Frame) {
        let frame = if self.depth() > MAX_DEPTH {
            Frame::Flat
        } else {
            frame
        };
        self.stack.push((frame, Vec::new()));
    }

    /// Closes the innermost container, handing what it built to the one around it.
    fn pop_frame(&mut self) {
        self.close_inline();
        self.close_html();
        let Some((frame, blocks)) = self.stack.pop() else {
            return;
        };
        match frame {
            Frame::Root => self.stack.push((Frame::Root, blocks)),
            Frame::Quote { offset } => self.push_block(Block {
                offset,
                kind: BlockKind::Quote(blocks),
            }),
            Frame::List {
                offset,
                start,
                tight,
                items,
            } => self.push_block(Block {
                offset,
                kind: BlockKind::List {
                    start,
                    tight,
                    items,
                },
            }),
            Frame::Item { task } => {
                if let Some((Frame::List { items, .. }, _)) = self.stack.last_mut() {
                    items.push(Item { task, blocks });
                } else {
                    // An item whose list was laid flat: keep its content.
                    for b in blocks {
                        self.push_block(b);
                    }
                }
            }
            Frame::Footnote { offset, label } => self.push_block(Block {
                offset,
                kind: BlockKind::Footnote { label, blocks },
            }),
            Frame::Table {
                offset,
                aligns,
                header,
                rows,
            } => self.push_block(Block {
                offset,
                kind: BlockKind::Table {
                    aligns,
                    header,
                    rows,
                },
            }),
            Frame::Flat => {
                for b in blocks {
                    self.push_block(b);
                }
            }
        }
    }

    fn event(&mut self, event: Event<'_>, offset: usize) {
        if let Some(code) = self.code.as_mut() {
            match event {
                Event::Text(t) => {
                    code.push(&t, offset);
                    return;
                }
                Event::End(TagEnd::CodeBlock) => {}
                _ => return,
            }
        }
        if self.html.is_some() && !matches!(event, Event::Html(_) | Event::End(TagEnd::HtmlBlock)) {
            self.close_html();
        }
        match event {
            Event::Start(tag) => self.start(tag, offset),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.push_text(&t, offset, Style::PLAIN),
            Event::Code(t) => self.push_text(&t, offset, Style::CODE),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.push_text(&t, offset, Style::CODE),
            Event::Html(t) => {
                self.html
                    .get_or_insert_with(|| Lines::new(offset))
                    .push(&t, offset);
            }
            Event::InlineHtml(t) => self.push_text(&t, offset, Style::HTML),
            Event::FootnoteReference(label) => {
                self.push_text(&format!("[{label}]"), offset, Style::FOOTNOTE)
            }
            Event::SoftBreak => self.push_text(" ", offset, Style::PLAIN),
            Event::HardBreak => self.push_break(offset),
            Event::Rule => {
                self.close_inline();
                self.push_block(Block {
                    offset,
                    kind: BlockKind::Rule,
                });
            }
            Event::TaskListMarker(done) => {
                if let Some((Frame::Item { task }, _)) = self.stack.last_mut() {
                    *task = Some(done);
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, offset: usize) {
        match tag {
            Tag::Paragraph => {
                if let Some((Frame::Item { .. }, _)) = self.stack.last() {
                    // A paragraph inside an item makes its list loose.
                    if let Some((Frame::List { tight, .. }, _)) = self.stack.iter_mut().rev().nth(1)
                    {
                        *tight = false;
                    }
                }
                self.open_inline(InlineKind::Paragraph, offset)
            }
            Tag::Heading { level, .. } => {
                self.open_inline(InlineKind::Heading(heading_level(level)), offset)
            }
            Tag::BlockQuote(_) => {
                self.close_inline();
                self.push_frame(Frame::Quote { offset });
            }
            Tag::CodeBlock(_) => {
                self.close_inline();
                self.code = Some(Lines::new(offset));
            }
            Tag::HtmlBlock => self.close_inline(),
            Tag::List(start) => {
                self.close_inline();
                self.push_frame(Frame::List {
                    offset,
                    start,
                    tight: true,
                    items: Vec::new(),
                });
            }
            Tag::Item => {
                self.close_inline();
                self.push_frame(Frame::Item { task: None });
            }
            Tag::FootnoteDefinition(label) => {
                self.close_inline();
                self.push_frame(Frame::Footnote {
                    offset,
                    label: text::clean(&label).into_owned(),
                });
            }
            Tag::Table(aligns) => {
                self.close_inline();
                let aligns = aligns
                    .iter()
                    .map(|a| match a {
                        pulldown_cmark::Alignment::Center => Align::Center,
                        pulldown_cmark::Alignment::Right => Align::Right,
                        _ => Align::Left,
                    })
                    .collect();
                // Tables never nest deeper than their container allows: keep them whole.
                self.stack.push((
                    Frame::Table {
                        offset,
                        aligns,
                        header: 0,
                        rows: Vec::new(),
                    },
                    Vec::new(),
                ));
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some((Frame::Table { rows, .. }, _)) = self.stack.last_mut() {
                    rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.open_inline(InlineKind::Cell, offset),
            Tag::Emphasis => self.style.push(Style::EMPHASIS),
            Tag::Strong => self.style.push(Style::STRONG),
            Tag::Strikethrough => self.style.push(Style::STRIKE),
            Tag::Superscript | Tag::Subscript => self.style.push(Style::PLAIN),
            Tag::Link { dest_url, .. } => {
                let at = self.inline.as_ref().map_or(0, |i| i.runs.len());
                self.links.push((dest_url.into_string(), at));
                self.style.push(Style::LINK);
            }
            Tag::Image { dest_url, .. } => {
                self.push_text("[image: ", offset, Style::IMAGE | Style::MARKER);
                let at = self.inline.as_ref().map_or(0, |i| i.runs.len());
                self.links.push((dest_url.into_string(), at));
                self.style.push(Style::IMAGE);
            }
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.close_inline(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => self.close_inline(),
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    self.push_block(Block {
                        offset: code.offset,
                        kind: BlockKind::Code(code.lines),
                    });
                }
            }
            TagEnd::HtmlBlock => self.close_html(),
            TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table => self.pop_frame(),
            TagEnd::TableHead => {
                self.close_inline();
                if let Some((Frame::Table { header, rows, .. }, _)) = self.stack.last_mut() {
                    *header = rows.len();
                }
            }
            TagEnd::TableRow => self.close_inline(),
            TagEnd::TableCell => self.close_inline(),
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {
                self.style.pop();
            }
            TagEnd::Link => self.end_link(false),
            TagEnd::Image => self.end_link(true),
            TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => self.close_inline(),
        }
    }

    /// Shows a link's address after its text, unless the text already is the address.
    fn end_link(&mut self, image: bool) {
        self.style.pop();
        let Some((url, at)) = self.links.pop() else {
            return;
        };
        let Some(inline) = self.inline.as_mut() else {
            return;
        };
        let offset = inline.runs.last().map_or(inline.offset, |r| r.offset);
        let shown = plain(inline.runs.get(at..).unwrap_or(&[]));
        if image {
            inline.runs.push(Run {
                text: "]".to_string(),
                offset,
                style: Style::IMAGE | Style::MARKER,
            });
            return;
        }
        let url = text::clean(&url).into_owned();
        let same =
            url.is_empty() || shown == url || url.strip_prefix("mailto:") == Some(shown.as_str());
        if !same {
            inline.runs.push(Run {
                text: format!(" <{url}>"),
                offset,
                style: Style::URL,
            });
        }
    }
}

/// Lines of code or HTML being collected, one run a line with its own offset.
#[derive(Default)]
struct Lines {
    offset: usize,
    lines: Vec<Run>,
    /// The last line has not seen its newline yet, so the next text continues it.
    open: bool,
}

impl Lines {
    fn new(offset: usize) -> Lines {
        Lines {
            offset,
            ..Lines::default()
        }
    }

    fn push(&mut self, text: &str, offset: usize) {
        let mut at = 0;
        for piece in text.split_inclusive('\n') {
            let line = piece.strip_suffix('\n').unwrap_or(piece);
            let line = line.strip_suffix('\r').unwrap_or(line);
            let cleaned = text::clean(line);
            match self.lines.last_mut() {
                Some(last) if self.open => last.text.push_str(&cleaned),
                _ => self.lines.push(Run {
                    text: cleaned.into_owned(),
                    offset: offset + at,
                    style: Style::PLAIN,
                }),
            }
            self.open = !piece.ends_with('\n');
            at += piece.len();
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
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
                .any(|r| r.style == Style::EMPHASIS && r.text == "em")
        );
        assert!(
            runs.iter()
                .any(|r| r.style == Style::CODE && r.text == "code")
        );
    }

    #[test]
    fn link_address_is_shown_unless_it_is_the_text() {
        let doc = Document::parse("[site](https://x.org) <https://y.org>\n", "f");
        let BlockKind::Paragraph(runs) = &doc.sections[0].blocks[0].kind else {
            panic!("expected a paragraph");
        };
        let text = plain(runs);
        assert_eq!(text, "site <https://x.org> https://y.org");
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
        let BlockKind::Code(lines) = &doc.sections[0].blocks[0].kind else {
            panic!("expected code");
        };
        let texts: Vec<_> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["fn a() {", "    b", "}"]);
    }

    #[test]
    fn words_are_counted_between_spaces() {
        assert_eq!(words_in(""), 0);
        assert_eq!(words_in("one"), 1);
        assert_eq!(words_in("  one two\tthree\n four  "), 4);
        assert_eq!(words_in("日本語 café"), 2);
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

    #[test]
    fn pieces_parse_like_the_whole() {
        let text = "# T\n\nSee [the site][Site] and [other].\n\n## A\n\n- a\n- b\n\n```\n## no\n```\n\n\
                    ## B\n\nb text\n\n[site]: https://example.org\n[other]: <https://other.org>\n";
        let whole = Document::parse(text, "t");
        let mut pieces = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            let end = prefix_end(rest, 1);
            let end = if end == 0 { rest.len() } else { end };
            pieces.push(rest[..end].to_string());
            rest = &rest[end..];
        }
        assert!(pieces.len() >= 3, "{pieces:?}");
        let mut links = LinkDefinitions::new();
        for p in &pieces {
            link_definitions(p, &mut links);
        }
        assert_eq!(
            links.get("site").map(String::as_str),
            Some("https://example.org")
        );
        let parts = Document::parse_pieces(pieces, &links, "t");
        assert_eq!(parts, whole);
    }

    #[test]
    fn prefix_ends_at_a_heading_outside_code() {
        let text = "intro\n\n```\n# not a heading\n```\n\nmore\n\n## Next\n\nbody\n";
        let end = prefix_end(text, 5);
        assert!(text[end..].starts_with("## Next"), "{:?}", &text[end..]);
        assert_eq!(prefix_end("short\n", 100), 6);
        // No heading: the first blank line after the minimum, once far enough.
        let long = "word word\n\n".repeat(1000);
        let end = prefix_end(&long, 10);
        assert!(end > 10 && end < long.len());
        assert!(long[..end].ends_with("\n\n"));
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
