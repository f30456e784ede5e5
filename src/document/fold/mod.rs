//! The fold: pulldown-cmark's events, with their source offsets, folded into the document's
//! blocks and styled runs. Text is cleaned of control characters here, before anything
//! measures it, and nesting deeper than [`MAX_DEPTH`] is laid flat.

mod html_text;
mod inline;

use super::links::{LinkDefinitions, label_key};
use super::{
    Align, Block, BlockKind, CompactString, Item, MAX_DEPTH, Markdown, Run, TextStyle, front,
    plain_is,
};
use crate::text;
use html_text::HtmlBlock;
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;

/// The markdown the reader understands: CommonMark with tables, footnotes, strikethrough,
/// task lists and GitHub's alerts. (YAML or TOML front matter is read at a document's start
/// by the fold itself, not by the parser: see [`Builder::build`].)
pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_GFM);

/// Whether `text` is typographic punctuation set from `source` (`’` from `'`).
fn set_from(text: &str, source: &str) -> bool {
    let mut rest = source;
    for c in text.chars() {
        let plain = super::plain_of(c);
        match rest.strip_prefix(plain) {
            Some(after) if !plain.is_empty() => rest = after,
            _ => return false,
        }
    }
    rest.is_empty() && !text.is_empty()
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

/// What folding some markdown made.
#[derive(Default)]
pub struct Folded {
    /// Its top-level blocks.
    pub blocks: Vec<Block>,
    /// The places its HTML names (see [`super::Document::anchors`]).
    pub anchors: Vec<(String, usize)>,
    /// Where each of the parser's top-level blocks starts (see `Builder::starts`).
    pub starts: Vec<usize>,
}

/// Where the text a parser reads stands in the document: its bytes from `skip` on are the
/// document's from byte `base` (what comes before is stand-ins, folded into nothing).
#[derive(Clone, Copy)]
pub(super) struct Place<'a> {
    pub(super) text: &'a str,
    pub(super) base: usize,
    pub(super) skip: usize,
}

/// The spaces and tabs before byte `at` of `text` on its line (a block's own indent).
pub(super) fn indent_before(text: &str, at: usize) -> usize {
    text[..at]
        .bytes()
        .rev()
        .take_while(|&b| b == b' ' || b == b'\t')
        .count()
}

/// The text of a footnote reference's run (`[label]`, cleaned), which
/// [`super::sections::cited`] reads the label back from.
pub(super) fn footnote_text(label: &str) -> CompactString {
    let text = text::clean(&format!("[{label}]")).replace(['\n', '\r'], " ");
    CompactString::from(text)
}

/// Folds parser events into blocks with a stack of open containers.
#[derive(Default)]
pub(super) struct Builder {
    /// Each open container and the blocks collected inside it so far.
    stack: Vec<(Frame, Vec<Block>)>,
    inline: Option<Inline>,
    /// The memory the runs of the last paragraph grew in, kept for the next: a paragraph's
    /// runs are collected here and copied out once, to a list of their own length.
    spare_runs: Vec<Run>,
    style: Vec<TextStyle>,
    /// Link destinations and where their text started in `inline.runs`.
    links: Vec<(String, usize)>,
    code: Option<Lines>,
    /// An HTML block being collected, read as text when it ends.
    html: Option<HtmlBlock>,
    /// Styles opened by inline HTML tags (`<b>`, `<kbd>`) and not yet closed; they end with
    /// their paragraph at the latest.
    html_styles: Vec<TextStyle>,
    /// Links opened by `<a href>` and not yet closed.
    html_links: usize,
    /// Places HTML names with an `id` or `name`, and where they are.
    pub(super) anchors: Vec<(String, usize)>,
    /// Where each of the parser's top-level blocks starts, in order: the places a parser
    /// started afresh folds the rest of the text exactly as it does here (every block
    /// before is closed there), which is where a dormant section's text is cut.
    pub(super) starts: Vec<usize>,
    /// Straight quotes, dashes and dots are set as typographic characters.
    pub(super) smart: bool,
    /// The next text event is typographic punctuation the parser set (see `TextStyle::SMART`).
    smart_text: bool,
    /// The blocks are dropped soon after they are made (printed, or put to sleep), so the
    /// room their lists grew past is not given back: that costs a reallocation each.
    brief: bool,
}

impl Builder {
    /// A builder reading markdown as `markdown` says.
    pub(super) fn new(markdown: Markdown) -> Builder {
        Builder {
            smart: markdown.smart_punctuation,
            ..Builder::default()
        }
    }

    /// A builder whose blocks are dropped soon after they are made (see `Builder::brief`).
    pub(super) fn brief(self) -> Builder {
        Builder {
            brief: true,
            ..self
        }
    }

    /// Folds the events of `source`, which starts at byte `base` of the document, into its
    /// top-level blocks and the places its HTML names (see [`super::Document::anchors`]).
    /// References the text itself does not define are looked up in `links`. `before` is
    /// parsed first and folded into nothing: footnote definitions standing in for those of
    /// other parts of the document (see [`stand_ins`]).
    ///
    /// A document's start (`base` 0) may hold a byte order mark, which is not part of its
    /// text, and front matter, which is read here (GitHub's rule: front matter is only ever
    /// at the very start). The parser never looks for metadata blocks: it would take a `---`
    /// rule followed by a line of text anywhere for the start of one.
    pub(super) fn build(
        self,
        source: &str,
        base: usize,
        links: Option<&LinkDefinitions>,
        before: &str,
    ) -> Folded {
        let mut this = self.started();
        let (mut source, mut base) = (source, base);
        if base == 0 {
            let body = super::front_matter_end(source);
            let start = super::text_start(source);
            if body > start {
                this.front_matter(&source[..body], start);
            }
            (source, base) = (&source[body..], body);
        }
        // Copied only when something goes before it.
        let joined;
        let text = if before.is_empty() {
            source
        } else {
            joined = format!("{before}{source}");
            joined.as_str()
        };
        this.fold(text, base, links, before.len());
        this.finish()
    }

    /// The front matter `text` (its fences included), which starts at byte 0 of the document
    /// and whose content starts after its first line: a title block with its byline, if it
    /// names either.
    pub(super) fn front_matter(&mut self, text: &str, start: usize) {
        let fm = front::read(text, 0);
        if fm.title.is_empty() && fm.byline.is_empty() {
            return;
        }
        let first_line = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        self.push_block(Block {
            offset: first_line,
            kind: BlockKind::Title {
                runs: fm.title,
                byline: fm.byline,
            },
        });
    }

    /// Folds the events of `text`, whose bytes from `skip` on are the document's from byte
    /// `base` (see [`Builder::build`]); the events of what comes before `skip` are parsed and
    /// dropped.
    fn fold(&mut self, text: &str, base: usize, links: Option<&LinkDefinitions>, skip: usize) {
        let resolve = |link: pulldown_cmark::BrokenLink<'_>| {
            let url = links?.get(&label_key(&link.reference))?;
            Some((CowStr::from(url.clone()), CowStr::from("")))
        };
        let parser = Parser::new_with_broken_link_callback(text, self.options(), Some(resolve));
        let mut level = 0;
        let at = Place { text, base, skip };
        for (event, range) in parser.into_offset_iter() {
            self.take(event, range, &at, links, &mut level);
        }
    }

    /// The parser's options for the markdown this builder reads.
    pub(super) fn options(&self) -> Options {
        if self.smart {
            OPTIONS.union(Options::ENABLE_SMART_PUNCTUATION)
        } else {
            OPTIONS
        }
    }

    /// Folds one event, whose bytes are `range` of the text `at` describes; `level` is how
    /// deep the parser's own blocks nest before it.
    pub(super) fn take(
        &mut self,
        mut event: Event<'_>,
        range: std::ops::Range<usize>,
        at: &Place<'_>,
        links: Option<&LinkDefinitions>,
        level: &mut usize,
    ) {
        let Place { text, base, skip } = *at;
        if range.start < skip {
            return;
        }
        let mut offset = base + range.start - skip;
        match event {
            Event::Start(_) | Event::Rule if *level == 0 => {
                self.starts.push(offset - indent_before(text, range.start));
            }
            _ => {}
        }
        match event {
            Event::Start(_) => *level += 1,
            Event::End(_) => *level = level.saturating_sub(1),
            _ => {}
        }
        if let Some(links) = links {
            first_definition(&mut event, links);
        }
        if self.smart
            && let Event::Text(t) = &event
        {
            self.smart_text = set_from(t, text.get(range.clone()).unwrap_or(""));
        }
        if let Event::Code(_) = &event {
            // The range covers the backticks; point at the code itself, after the opening
            // run of them and the one space CommonMark strips from each end of code that
            // starts and ends with one (and is not all spaces).
            offset += text
                .get(range.clone())
                .map_or(0, |s| code_start(s.as_bytes()));
        }
        self.event(event, offset);
    }

    /// Ends the fold of what was [`take`](Builder::take)n: its top-level blocks.
    pub(super) fn finish(mut self) -> Folded {
        self.close_inline();
        self.close_html();
        while self.stack.len() > 1 {
            self.pop_frame();
        }
        let blocks = self.stack.pop().map(|(_, b)| b).unwrap_or_default();
        Folded {
            blocks,
            anchors: self.anchors,
            starts: self.starts,
        }
    }

    /// A builder ready to [`take`](Builder::take) events one at a time (see [`Builder::build`]).
    pub(super) fn started(mut self) -> Builder {
        self.stack.push((Frame::Root, Vec::new()));
        self
    }

    fn depth(&self) -> usize {
        self.stack.len()
    }

    fn current_style(&self) -> TextStyle {
        self.style.iter().fold(TextStyle::PLAIN, |a, s| a | *s)
    }

    fn push_block(&mut self, block: Block) {
        if let Some((_, blocks)) = self.stack.last_mut() {
            blocks.push(block);
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
        let Some((frame, mut blocks)) = self.stack.pop() else {
            return;
        };
        // A container is whole: give back the room its list grew past (a one-block list item
        // would otherwise hold room for four).
        if !matches!(frame, Frame::Root) && !self.brief {
            blocks.shrink_to_fit();
        }
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
                mut items,
            } => {
                if !self.brief {
                    items.shrink_to_fit();
                }
                self.push_block(Block {
                    offset,
                    kind: BlockKind::List {
                        start,
                        tight,
                        items,
                    },
                })
            }
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
            Event::Text(t) => {
                let style = if std::mem::take(&mut self.smart_text) {
                    TextStyle::SMART
                } else {
                    TextStyle::PLAIN
                };
                self.push_text(&t, offset, style)
            }
            Event::Code(t) => self.push_text(&t, offset, TextStyle::CODE),
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push_text(&t, offset, TextStyle::CODE)
            }
            Event::Html(t) => {
                let block = self.html.get_or_insert_with(HtmlBlock::default);
                block.map.push((block.raw.len(), offset));
                block.raw.push_str(&t);
            }
            Event::InlineHtml(t) => {
                for item in super::html::read(&t) {
                    self.html_item(item, |at| offset + at, false);
                }
            }
            Event::FootnoteReference(label) => {
                self.push_text(&footnote_text(&label), offset, TextStyle::FOOTNOTE)
            }
            Event::SoftBreak => self.push_text(" ", offset, TextStyle::PLAIN),
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
            Tag::BlockQuote(kind) => {
                self.close_inline();
                self.push_frame(Frame::Quote { offset });
                // A GitHub alert (`> [!NOTE]`) is a quote headed by its label.
                if let Some(kind) = kind {
                    self.push_block(Block {
                        offset,
                        kind: BlockKind::Paragraph(vec![Run {
                            text: CompactString::new(alert_label(kind)),
                            offset,
                            style: TextStyle::STRONG | TextStyle::MARKER,
                        }]),
                    });
                }
            }
            Tag::CodeBlock(kind) => {
                self.close_inline();
                let mut lines = Lines::new(offset);
                if let pulldown_cmark::CodeBlockKind::Fenced(info) = kind {
                    // The info string's first word (`rust,ignore` and `{.python}` too).
                    let word = info
                        .split(|c: char| c.is_whitespace() || c == ',')
                        .next()
                        .unwrap_or("")
                        .trim_matches(|c| c == '{' || c == '}' || c == '.');
                    lines.lang = (!word.is_empty()).then(|| CompactString::from(text::clean(word)));
                }
                self.code = Some(lines);
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
            Tag::Table(aligns) => self.start_table(&aligns, offset),
            Tag::TableHead | Tag::TableRow => {
                if let Some((Frame::Table { rows, .. }, _)) = self.stack.last_mut() {
                    rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.open_inline(InlineKind::Cell, offset),
            Tag::Emphasis => self.style.push(TextStyle::EMPHASIS),
            Tag::Strong => self.style.push(TextStyle::STRONG),
            Tag::Strikethrough => self.style.push(TextStyle::STRIKE),
            Tag::Superscript | Tag::Subscript => self.style.push(TextStyle::PLAIN),
            Tag::Link { dest_url, .. } => {
                let at = self.inline.as_ref().map_or(0, |i| i.runs.len());
                self.links.push((dest_url.into_string(), at));
                self.style.push(TextStyle::LINK);
            }
            Tag::Image { dest_url, .. } => {
                self.push_text("[", offset, TextStyle::IMAGE | TextStyle::MARKER);
                let at = self.inline.as_ref().map_or(0, |i| i.runs.len());
                self.links.push((dest_url.into_string(), at));
                self.style.push(TextStyle::IMAGE);
            }
            // Never asked for: front matter is read by the fold (see `Builder::build`).
            Tag::MetadataBlock(_) => self.close_inline(),
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                self.close_inline()
            }
        }
    }

    /// A table: kept whole whatever the nesting (tables never nest deeper than their
    /// container allows).
    fn start_table(&mut self, aligns: &[pulldown_cmark::Alignment], offset: usize) {
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

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => self.close_inline(),
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    self.push_block(Block {
                        offset: code.offset,
                        kind: BlockKind::Code {
                            lines: code.lines,
                            lang: code.lang,
                        },
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
            TagEnd::MetadataBlock(_) => {}
            TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.close_inline(),
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
    /// Code's language, as its fence names it.
    lang: Option<CompactString>,
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
                    text: CompactString::from(cleaned),
                    offset: offset + at,
                    style: TextStyle::PLAIN,
                }),
            }
            self.open = !piece.ends_with('\n');
            at += piece.len();
        }
    }
}

/// What a GitHub alert is called in its quote's first line.
fn alert_label(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "Note",
        BlockQuoteKind::Tip => "Tip",
        BlockQuoteKind::Important => "Important",
        BlockQuoteKind::Warning => "Warning",
        BlockQuoteKind::Caution => "Caution",
    }
}

/// Points a reference link or image at the document's first definition of its label, as
/// CommonMark says: a piece of a document may define again a label an earlier piece
/// defined, and the parser only knows its own piece's.
fn first_definition(event: &mut Event<'_>, links: &LinkDefinitions) {
    use pulldown_cmark::LinkType::{Collapsed, Reference, Shortcut};
    if let Event::Start(
        Tag::Link {
            link_type: Reference | Collapsed | Shortcut,
            dest_url,
            id,
            ..
        }
        | Tag::Image {
            link_type: Reference | Collapsed | Shortcut,
            dest_url,
            id,
            ..
        },
    ) = event
        && let Some(url) = links.get(&label_key(id))
    {
        *dest_url = CowStr::from(url.clone());
    }
}

/// Whether a heading's runs show nothing to read: no words (what [`super::heading_text`]
/// gives is empty), and a link's address only around an image.
fn nothing_to_read(runs: &[Run]) -> bool {
    let has = |style| runs.iter().any(|r| r.style.contains(style));
    runs.iter().all(|r| {
        r.style.contains(TextStyle::URL)
            || r.style.contains(TextStyle::MARKER)
            || r.is_break()
            || r.text.bytes().all(|b| b.is_ascii_whitespace())
    }) && (has(TextStyle::IMAGE) || !has(TextStyle::URL))
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

/// Where the code of a code span starts in its source (`` `code` ``, backticks included).
fn code_start(span: &[u8]) -> usize {
    let ticks = span.iter().take_while(|b| **b == b'`').count();
    let inner = span
        .get(ticks..span.len().saturating_sub(ticks))
        .unwrap_or(&[]);
    let space = |b: Option<&u8>| matches!(b, Some(b' ' | b'\n' | b'\r'));
    let stripped = space(inner.first())
        && space(inner.last())
        && inner.len() >= 2
        && !inner.iter().all(|b| matches!(b, b' ' | b'\n' | b'\r'));
    ticks + usize::from(stripped)
}
