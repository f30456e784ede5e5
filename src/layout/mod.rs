//! Layout: one section in one [`Format`] becomes a list of lines ready to draw or print.
//!
//! Prose wraps at the format's width; code is never reflowed: it may use the wider code
//! width, and a line still too wide continues on the next row behind a `↪` marker. Headings
//! show their level (a rule under levels 1 and 2, a marker before 3 to 6), in plain print as
//! on screen. Links show their text; their addresses are listed, numbered, at the end of the
//! section (or, with [`Links::Inline`], follow the text in angle brackets).
//!
//! Inline runs are cut into words (at spaces, and by textwrap's Unicode line-breaking rules
//! inside other than ASCII), broken into lines as the [`Typesetting`] asks (`setting.rs`,
//! `breaks.rs`), so styles survive wrapping and widths are measured as the screen draws them.
//! Every line remembers the source offset where it starts; offsets never decrease down a
//! section, so a position can be found again by binary search.

mod breaks;
mod cache;
mod format;
mod setting;
mod table;

pub use cache::{END_MARK, Layouts};
pub use format::{Format, Hyphenation, Links, Paragraphs, Typesetting, Wrap, hyphenation_language};

use setting::{Set, wrap_runs};

use crate::document::{Block, BlockKind, CompactString, Item, Run, Section, TextStyle};
use crate::text;
use std::borrow::Cow;

/// A piece of a laid-out line in one style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub text: compact_str::CompactString,
    pub style: TextStyle,
    /// Byte offset in the source of the span's first byte, for document text; `None` for
    /// what the layout adds (markers, borders, padding). Search highlighting uses it.
    pub source: Option<usize>,
}

/// One line of a laid-out section.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    pub spans: Vec<Span>,
    /// Byte offset in the source of the first text on this line.
    pub offset: usize,
}

impl Line {
    /// The line as plain text.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    /// Display width of the line.
    pub fn width(&self) -> usize {
        self.spans.iter().map(|s| text::width(&s.text)).sum()
    }
}

/// Lays out `section` to lines no wider than `width` columns (for `width >= 2`; a single
/// column cannot hold a double-width character, which then stands alone on its line).
pub fn layout_section(section: &Section, width: usize) -> Vec<Line> {
    layout_section_with(section, &Format::new(width))
}

/// Lays out `section` in `format`.
pub fn layout_section_with(section: &Section, format: &Format) -> Vec<Line> {
    layout_blocks_with(&section.blocks, format)
}

/// Lays out a section's blocks (see [`crate::document::Document::blocks`]) in `format`.
pub fn layout_blocks_with(blocks: &[Block], format: &Format) -> Vec<Line> {
    let mut lines = Vec::new();
    layout_blocks_into(blocks, format, &mut |line| lines.push(line));
    lines
}

/// Lays out `section` like [`layout_section_with`], handing each line to `sink` as it is
/// made, so a caller that only writes lines out (print mode) never holds them all.
pub fn layout_section_into(section: &Section, format: &Format, sink: &mut dyn FnMut(Line)) {
    layout_blocks_into(&section.blocks, format, sink);
}

/// Lays out a section's blocks like [`layout_section_into`].
pub fn layout_blocks_into(blocks: &[Block], format: &Format, sink: &mut dyn FnMut(Line)) {
    let width = format.width.max(1);
    let mut out = Writer {
        sink,
        floor: 0,
        width,
        code_width: format.code_width.max(width),
        links: format.links,
        set: format.set,
        highlight: format.highlight,
        indent_next: 0,
        references: Vec::new(),
        numbers: std::collections::HashMap::new(),
    };
    out.blocks(blocks, &mut Prefix::default());
    out.references();
}

/// Index of the line to show for a source offset: the last line starting at or before it.
pub fn line_at(lines: &[Line], offset: usize) -> usize {
    lines
        .partition_point(|l| l.offset <= offset)
        .saturating_sub(1)
}

/// What goes before each line of a nested block: the first line's marker ("• ", "│ ") and
/// the indent of the lines after it. Both are equally wide.
#[derive(Clone, Default)]
struct Prefix {
    first: Vec<Span>,
    rest: Vec<Span>,
    width: usize,
    first_used: bool,
}

impl Prefix {
    /// The spans for the next line, using up the first-line marker.
    fn next(&mut self) -> &[Span] {
        if self.first_used {
            &self.rest
        } else {
            self.first_used = true;
            &self.first
        }
    }

    /// [`Prefix::next`], as a line of its own to add to.
    fn take(&mut self) -> Vec<Span> {
        self.next().to_vec()
    }

    /// The most spans [`Prefix::before`] puts before a line: what a line's body should leave
    /// room for, so the prefix goes in without new memory.
    fn spans(&self) -> usize {
        self.first.len().max(self.rest.len())
    }

    /// The next line: this prefix, cut to `max` columns when given, then `body` (in the
    /// body's memory, when it has room: see [`Prefix::spans`]).
    fn before(&mut self, mut body: Vec<Span>, max: Option<usize>) -> Vec<Span> {
        let prefix = self.next();
        if prefix.is_empty() {
            // Most lines: the body is the line.
            return body;
        }
        match max {
            None => drop(body.splice(0..0, prefix.iter().cloned())),
            Some(max) => drop(body.splice(0..0, truncate(prefix.to_vec(), max))),
        }
        body
    }

    /// A prefix for a block nested inside this one.
    fn nest(&mut self, first: &str, rest: &str, style: TextStyle) -> Prefix {
        // Room for the span each adds.
        let room = self.spans() + 1;
        let mut f = Vec::with_capacity(room);
        f.extend_from_slice(self.next());
        let mut r = Vec::with_capacity(room);
        r.extend_from_slice(&self.rest);
        push_span(&mut f, first, style, None);
        push_span(&mut r, rest, style, None);
        Prefix {
            first: f,
            rest: r,
            width: self.width + text::width(first),
            first_used: false,
        }
    }
}

/// Appends text to a line, joining it to the last span when the style is the same and the
/// source runs on without a gap (so offsets inside a span stay exact).
fn push_span(spans: &mut Vec<Span>, text: &str, style: TextStyle, source: Option<usize>) {
    if text.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last)
            if last.style == style
                && match (last.source, source) {
                    (None, None) => true,
                    (Some(a), Some(b)) => a + last.text.len() == b,
                    _ => false,
                } =>
        {
            last.text.push_str(text)
        }
        _ => spans.push(Span {
            text: text.into(),
            style,
            source,
        }),
    }
}

/// Cuts `spans` down to at most `max` columns.
fn truncate(spans: Vec<Span>, max: usize) -> Vec<Span> {
    let mut used = 0;
    let mut out = Vec::new();
    for s in spans {
        let w = text::width(&s.text);
        if used + w <= max {
            used += w;
            out.push(s);
            continue;
        }
        let piece = text::first_to_width(&s.text, max - used);
        if text::width(piece) <= max - used && !piece.is_empty() {
            out.push(Span {
                text: piece.into(),
                ..s
            });
        }
        break;
    }
    out
}

struct Writer<'s> {
    sink: &'s mut dyn FnMut(Line),
    /// The offset of the last line made: offsets never go below it (see `line_at`).
    floor: usize,
    width: usize,
    code_width: usize,
    links: Links,
    set: Typesetting,
    highlight: crate::highlight::Highlighting,
    /// The indent of the next paragraph's first line (book style).
    indent_next: usize,
    /// Link addresses referred to so far in this section, numbered from 1.
    references: Vec<String>,
    /// Each of them, to its number.
    numbers: std::collections::HashMap<String, usize>,
}

/// The bytes `from..to` of a line of code, as a span in `style`.
fn code_span(line: &Run, from: usize, to: usize, style: TextStyle) -> Span {
    Span {
        text: line.text[from..to].into(),
        style,
        source: Some(line.offset + from),
    }
}

impl Writer<'_> {
    fn push(&mut self, spans: Vec<Span>, offset: usize) {
        self.floor = offset.max(self.floor);
        (self.sink)(Line {
            spans,
            offset: self.floor,
        });
    }

    /// Columns left for text after `prefix`. At least two (a double-width character), and
    /// never more than the line; a prefix that leaves less is cut short instead.
    fn room(&self, prefix: &Prefix) -> usize {
        let min = self.width.min(2);
        self.width.saturating_sub(prefix.width).max(min)
    }

    fn emit(&mut self, prefix: &mut Prefix, body: Vec<Span>, offset: usize) {
        let room = self.room(prefix);
        let max = (prefix.width + room > self.width).then(|| self.width - room);
        let spans = prefix.before(body, max);
        self.push(spans, offset);
    }

    /// The section's link addresses, numbered, after a blank line.
    fn references(&mut self) {
        let references = std::mem::take(&mut self.references);
        self.numbers.clear();
        if references.is_empty() {
            return;
        }
        let offset = self.floor;
        let mut prefix = Prefix::default();
        self.blank(&mut prefix, offset + 1);
        let number_width = references.len().to_string().len();
        for (i, url) in references.iter().enumerate() {
            let marker = format!("{:>w$}. ", i + 1, w = number_width);
            let indent = " ".repeat(marker.len());
            let mut inner = prefix.nest(&marker, &indent, TextStyle::MARKER);
            let run = Run {
                text: CompactString::new(url),
                offset,
                style: TextStyle::URL | TextStyle::MARKER,
            };
            // An address is a token to copy whole: it runs on to the code width (the
            // terminal's) and continues behind code's marker, never broken silently.
            self.verbatim(
                std::slice::from_ref(&run),
                TextStyle::URL | TextStyle::MARKER,
                None,
                &mut inner,
                offset,
            );
        }
    }

    /// The runs as shown: each link address becomes a reference number (or, inline, follows
    /// the text in angle brackets); in a heading (`in_heading`) addresses are left out.
    fn shown_runs<'r>(&mut self, runs: &'r [Run], in_heading: bool) -> Cow<'r, [Run]> {
        if !runs.iter().any(|r| r.style.contains(TextStyle::URL)) {
            return Cow::Borrowed(runs);
        }
        let mut out = Vec::with_capacity(runs.len());
        for run in runs {
            if !run.style.contains(TextStyle::URL) {
                out.push(run.clone());
                continue;
            }
            if in_heading {
                continue;
            }
            let text = match self.links {
                Links::Inline => compact_str::format_compact!(" <{}>", run.text),
                Links::References => {
                    let n = match self.numbers.get(run.text.as_str()) {
                        Some(n) => *n,
                        None => {
                            self.references.push(run.text.to_string());
                            let n = self.references.len();
                            self.numbers.insert(run.text.to_string(), n);
                            n
                        }
                    };
                    // Two numbers in a row stay apart ("⁴ ⁵", not "⁴⁵").
                    let after_number = out
                        .last()
                        .is_some_and(|r: &Run| r.style == TextStyle::URL | TextStyle::MARKER);
                    let mut text = CompactString::const_new(if after_number { " " } else { "" });
                    push_superscript(&mut text, n);
                    text
                }
            };
            out.push(Run {
                text,
                offset: run.offset,
                style: TextStyle::URL | TextStyle::MARKER,
            });
        }
        Cow::Owned(out)
    }

    fn blank(&mut self, prefix: &mut Prefix, offset: usize) {
        let mut spans = prefix.take();
        // Quote bars continue through blank lines; plain indents are dropped.
        spans.retain(|s| s.style.contains(TextStyle::QUOTE));
        if let Some(last) = spans.last_mut() {
            last.text = last.text.trim_end().into();
        }
        let spans = truncate(spans, self.width);
        // One byte before the block it comes before (the newline ending the blank line), so
        // a blank line at the top of the page is a place of its own.
        self.push(spans, offset.saturating_sub(1));
    }

    fn blocks(&mut self, blocks: &[Block], prefix: &mut Prefix) {
        let book = self.set.paragraphs == Paragraphs::Book;
        for (i, block) in blocks.iter().enumerate() {
            // In a book, a paragraph that follows one ending a sentence starts on the next
            // line, indented (a line of badges, a link alone or an address is no sentence).
            if i > 0 && book && follows_a_sentence(&blocks[i - 1], block) {
                self.indent_next = BOOK_INDENT;
            } else if i > 0 {
                self.blank(prefix, block.offset);
            }
            self.block(block, prefix);
        }
    }

    fn block(&mut self, block: &Block, prefix: &mut Prefix) {
        match &block.kind {
            BlockKind::Paragraph(runs) => {
                let runs = self.shown_runs(runs, false);
                let indent = std::mem::take(&mut self.indent_next);
                let set = self.set(true, indent);
                self.wrap(&runs, TextStyle::PLAIN, set, prefix, block.offset)
            }
            BlockKind::Heading { level, runs } => self.heading(*level, runs, prefix, block.offset),
            BlockKind::Title { runs, byline } => {
                if !runs.is_empty() {
                    self.heading(1, runs, prefix, block.offset);
                }
                if !byline.is_empty() {
                    self.wrap(
                        byline,
                        TextStyle::PLAIN,
                        self.set(false, 0),
                        prefix,
                        block.offset,
                    );
                }
            }
            BlockKind::Code { lines, lang } => {
                // Indented, so code stands apart even in plain print.
                let mut inner = prefix.nest("  ", "  ", TextStyle::PLAIN);
                let marks = crate::highlight::lines(lang.as_deref(), lines, self.highlight);
                let code = TextStyle::CODE;
                self.verbatim(lines, code, marks.as_deref(), &mut inner, block.offset);
            }
            BlockKind::Quote(blocks) => {
                let mut inner = prefix.nest("│ ", "│ ", TextStyle::MARKER | TextStyle::QUOTE);
                if blocks.is_empty() {
                    self.emit(&mut inner, Vec::new(), block.offset);
                }
                self.blocks(blocks, &mut inner);
            }
            BlockKind::List {
                start,
                tight,
                items,
            } => self.list(*start, *tight, items, prefix, block.offset),
            BlockKind::Rule => {
                let room = self.room(prefix);
                let rule = Span {
                    text: "─".repeat(room).into(),
                    style: TextStyle::MARKER,
                    source: None,
                };
                self.emit(prefix, vec![rule], block.offset);
            }
            BlockKind::Table {
                aligns,
                header,
                rows,
            } => self.table(aligns, *header, rows, prefix, block.offset),
            BlockKind::Footnote { label, blocks } => {
                let marker = format!("[{label}] ");
                let marker = truncate(
                    vec![Span {
                        text: marker.into(),
                        style: TextStyle::FOOTNOTE,
                        source: None,
                    }],
                    12,
                )
                .into_iter()
                .map(|s| s.text)
                .collect::<String>();
                let indent = " ".repeat(text::width(&marker));
                let mut inner = prefix.nest(&marker, &indent, TextStyle::FOOTNOTE);
                if blocks.is_empty() {
                    self.emit(&mut inner, Vec::new(), block.offset);
                }
                self.blocks(blocks, &mut inner);
            }
        }
    }

    fn list(
        &mut self,
        start: Option<u64>,
        tight: bool,
        items: &[Item],
        prefix: &mut Prefix,
        offset: usize,
    ) {
        let last_number = start.map(|s| s.saturating_add(items.len() as u64));
        let number_width = last_number.map_or(0, |n| n.to_string().len());
        for (i, item) in items.iter().enumerate() {
            let item_offset = item.blocks.first().map_or(offset, |b| b.offset);
            if i > 0 && !tight {
                self.blank(prefix, item_offset);
            }
            let mut marker = match start {
                Some(s) => format!("{:>w$}. ", s.saturating_add(i as u64), w = number_width),
                None => "• ".to_string(),
            };
            if let Some(done) = item.task {
                marker.push_str(if done { "[x] " } else { "[ ] " });
            }
            let indent = " ".repeat(text::width(&marker));
            let mut inner = prefix.nest(&marker, &indent, TextStyle::MARKER);
            if item.blocks.is_empty() {
                self.emit(&mut inner, Vec::new(), item_offset);
            }
            for (j, b) in item.blocks.iter().enumerate() {
                // In a tight list a paragraph and the list nested under it sit together.
                if j > 0 && !(tight && matches!(b.kind, BlockKind::List { .. })) {
                    self.blank(&mut inner, b.offset);
                }
                self.block(b, &mut inner);
            }
        }
    }

    /// A heading: its level shown by its style and, so it reads in plain text too, a rule
    /// under levels 1 and 2 or a marker before levels 3 to 6. Link addresses are left out.
    fn heading(&mut self, level: u8, runs: &[Run], prefix: &mut Prefix, offset: usize) {
        let runs = self.shown_runs(runs, true);
        let style = TextStyle::HEADING | heading_level_style(level);
        let marker = match level {
            1 | 2 => "",
            3 => "▌ ",
            4 => "▏ ",
            _ => "· ",
        };
        let mut first_width = 0;
        if marker.is_empty() {
            let mut widest = 0;
            // Measure the heading's widest line for the rule under it.
            let room = self.room(prefix);
            let set = self.set(false, 0);
            for segment in runs.split(|r| r.is_break()) {
                wrap_runs(segment, room, style, set, 0, &mut |spans, _| {
                    widest = widest.max(spans.iter().map(|s| text::width(&s.text)).sum());
                });
            }
            first_width = widest.max(1);
            self.wrap(&runs, style, set, prefix, offset);
        } else {
            let indent = " ".repeat(text::width(marker));
            let mut inner = prefix.nest(marker, &indent, TextStyle::MARKER | style);
            self.wrap(&runs, style, self.set(false, 0), &mut inner, offset);
        }
        if first_width > 0 {
            let rule = if level == 1 { "═" } else { "─" };
            let room = self.room(prefix);
            let body = vec![Span {
                text: rule.repeat(first_width.min(room)).into(),
                style: TextStyle::MARKER | style,
                source: None,
            }];
            // The end of the heading's text: the rule is a place of its own, after the
            // heading's line and before the next block.
            let end = runs
                .iter()
                .filter(|r| !r.style.contains(TextStyle::MARKER))
                .map(|r| r.offset + r.text.len())
                .max()
                .unwrap_or(offset);
            self.emit(prefix, body, end);
        }
    }

    /// Lines kept as written, at the code width; a line longer than that continues on the
    /// next row behind a `↪` marker, so a wrapped piece is never mistaken for a line.
    /// Code (or an address) as written, a line at a time, a line longer than the room going
    /// on behind `↪`, in `style`. `marks`: each line's highlighted stretches (see
    /// [`crate::highlight`]); without them every line is plain.
    fn verbatim(
        &mut self,
        lines: &[Run],
        style: TextStyle,
        marks: Option<&[Vec<crate::highlight::Mark>]>,
        prefix: &mut Prefix,
        offset: usize,
    ) {
        let room = self
            .code_width
            .saturating_sub(prefix.width)
            .max(self.room(prefix));
        if lines.is_empty() {
            self.emit(prefix, Vec::new(), offset);
        }
        let marker = "↪ ";
        let base = match marks {
            Some(_) => style | TextStyle::SYNTAX,
            None => style,
        };
        for (i, line) in lines.iter().enumerate() {
            let line_marks = marks.and_then(|m| m.get(i)).map_or(&[][..], Vec::as_slice);
            let mut at = line.offset;
            let mut from = 0;
            let mut first = true;
            loop {
                let rest = &line.text[from..];
                let room_here = if first || room <= 4 { room } else { room - 2 };
                let piece = text::first_to_width(rest, room_here);
                let mut body = Vec::with_capacity(prefix.spans() + 2);
                if !first && room > 4 {
                    body.push(Span {
                        text: marker.into(),
                        style: TextStyle::MARKER,
                        source: None,
                    });
                }
                let to = from + piece.len();
                // The piece in stretches of one style each.
                let mut cut = from;
                for &(start, end, kind) in line_marks {
                    let (start, end) = (start.clamp(cut, to), end.clamp(cut, to));
                    if start >= end {
                        continue;
                    }
                    if start > cut {
                        body.push(code_span(line, cut, start, base));
                    }
                    body.push(code_span(line, start, end, base | kind));
                    cut = end;
                }
                if to > cut {
                    body.push(code_span(line, cut, to, base));
                }
                self.emit_wide(prefix, body, at, room);
                at += piece.len();
                from = to;
                first = false;
                if from >= line.text.len() {
                    break;
                }
            }
        }
    }

    /// Like `emit`, for a line that may use `room` columns after the prefix (code).
    fn emit_wide(&mut self, prefix: &mut Prefix, body: Vec<Span>, offset: usize, room: usize) {
        let limit = self.code_width.max(self.width);
        let max = (prefix.width + room > limit).then(|| limit.saturating_sub(room));
        let spans = prefix.before(body, max);
        self.push(spans, offset);
    }

    /// How prose is set here: a paragraph's text (`indent`ed when it is a book-style
    /// paragraph after another), or with `prose` false a heading's, a byline's or an
    /// address's (balanced if the page is, never hyphenated or justified).
    fn set(&self, prose: bool, indent: usize) -> Set {
        Set {
            balanced: self.set.wrap == Wrap::Balanced,
            hyphens: self.set.hyphens().filter(|_| prose),
            justify: self.set.justify && prose,
            indent,
        }
    }

    /// Wraps inline runs to the room left by `prefix`, set as `set` says; hard breaks start
    /// new lines (and only the first line is indented).
    fn wrap(
        &mut self,
        runs: &[Run],
        extra: TextStyle,
        set: Set,
        prefix: &mut Prefix,
        offset: usize,
    ) {
        let room = self.room(prefix);
        let mut emitted = false;
        for segment in runs.split(|r| r.is_break()) {
            let set = Set {
                indent: if emitted { 0 } else { set.indent },
                ..set
            };
            wrap_runs(
                segment,
                room,
                extra,
                set,
                prefix.spans(),
                &mut |spans, at| {
                    self.emit(prefix, spans, at);
                    emitted = true;
                },
            );
        }
        if !emitted {
            self.emit(prefix, Vec::new(), offset);
        }
    }
}

/// Whether `block` is a paragraph of prose after `before`, a paragraph whose last sentence
/// ends: the two are set book-style, one on from the other.
fn follows_a_sentence(before: &Block, block: &Block) -> bool {
    let (BlockKind::Paragraph(earlier), BlockKind::Paragraph(runs)) = (&before.kind, &block.kind)
    else {
        return false;
    };
    let added = [
        TextStyle::URL,
        TextStyle::MARKER,
        TextStyle::IMAGE,
        TextStyle::LINK,
        TextStyle::CODE,
    ];
    let plain = |r: &&Run| !added.iter().any(|s| r.style.contains(*s));
    let starts = runs
        .iter()
        .find(|r| !r.text.trim().is_empty())
        .is_some_and(|r| plain(&r));
    let ends = earlier
        .iter()
        .rev()
        .find(|r| !r.text.trim().is_empty() && !r.style.contains(TextStyle::URL))
        .filter(plain)
        .and_then(|r| {
            r.text
                .trim_end()
                .trim_end_matches(['"', '\'', ')', '\u{2019}', '\u{201d}'])
                .chars()
                .next_back()
        })
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | ':' | ';' | '\u{2026}'));
    starts && ends
}

/// The style that tells a heading's level apart (levels 4 to 6 share plain `HEADING`).
fn heading_level_style(level: u8) -> TextStyle {
    match level {
        1 => TextStyle::HEADING_1,
        2 => TextStyle::HEADING_2,
        3 => TextStyle::HEADING_3,
        _ => TextStyle::PLAIN,
    }
}

/// Adds `n` to `text` in superscript digits, a small reference number.
fn push_superscript(text: &mut CompactString, n: usize) {
    use compact_str::ToCompactString;
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    for b in n.to_compact_string().bytes() {
        text.push(DIGITS[usize::from(b - b'0')]);
    }
}

/// Columns a book-style paragraph's first line is indented by: about an em.
const BOOK_INDENT: usize = 2;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use setting::WRAP_BATCH;

    fn lay(src: &str, width: usize) -> Vec<String> {
        let doc = Document::parse(src, "t");
        doc.sections
            .iter()
            .flat_map(|s| layout_section(s, width))
            .map(|l| l.text())
            .collect()
    }

    #[test]
    fn a_long_address_runs_to_the_code_width_and_continues_behind_the_marker() {
        let url = "https://github.com/sponsors/someone?utm_source=the-readme&utm_medium=readme_sponsorlist&utm_campaign=long#issuecomment-1656758327";
        let doc = Document::parse(&format!("Support [us]({url}) here.\n"), "t");
        let format = Format {
            code_width: 60,
            ..Format::new(30)
        };
        let lines: Vec<String> = layout_section_with(&doc.sections[0], &format)
            .iter()
            .map(Line::text)
            .collect();
        let start = lines
            .iter()
            .position(|l| l.starts_with("1. "))
            .expect("listed");
        let rows = &lines[start..];
        assert!(rows.len() > 1, "{rows:?}");
        assert!(rows.iter().all(|r| r.chars().count() <= 60), "{rows:?}");
        assert!(
            rows[1..].iter().all(|r| r.trim_start().starts_with('↪')),
            "{rows:?}"
        );
        // The pieces, their markers taken off, are the address whole.
        let whole: String = rows
            .iter()
            .map(|r| {
                r.trim_start_matches("1. ")
                    .trim_start()
                    .trim_start_matches("↪ ")
            })
            .collect();
        assert_eq!(whole, url);
    }

    #[test]
    fn paragraphs_wrap_at_the_width() {
        let lines = lay("one two three four five six\n", 10);
        assert_eq!(lines, vec!["one two", "three four", "five six"]);
    }

    #[test]
    fn a_paragraph_longer_than_a_batch_wraps_as_if_whole() {
        let words: Vec<String> = (0..3 * WRAP_BATCH)
            .map(|i| format!("w{}", i % 97))
            .collect();
        let src = words.join(" ") + "\n";
        let lines = lay(&src, 23);
        // The same first-fit by hand.
        let mut expected = Vec::new();
        let mut line = String::new();
        for w in &words {
            if !line.is_empty() && line.len() + 1 + w.len() > 23 {
                expected.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(w);
        }
        expected.push(line);
        assert_eq!(lines, expected);
    }

    #[test]
    fn long_words_are_broken_not_lost() {
        let lines = lay("abcdefghij\n", 4);
        assert_eq!(lines, vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn styles_survive_wrapping() {
        let doc = Document::parse("aa **bb cc** dd\n", "t");
        let lines = layout_section(&doc.sections[0], 5);
        assert_eq!(lines[0].text(), "aa bb");
        assert_eq!(lines[0].spans[1].style, TextStyle::STRONG);
        assert_eq!(lines[1].spans[0].text, "cc");
        assert_eq!(lines[1].spans[0].style, TextStyle::STRONG);
    }

    #[test]
    fn punctuation_after_styled_word_stays_with_it() {
        let lines = lay("aaaa **bold**, x\n", 10);
        assert_eq!(lines, vec!["aaaa bold,", "x"]);
    }

    #[test]
    fn hard_breaks_start_new_lines() {
        let lines = lay("one\\\ntwo  \nthree\n", 40);
        assert_eq!(lines, vec!["one", "two", "three"]);
    }

    #[test]
    fn lists_hang_their_text_under_the_marker() {
        let lines = lay("- alpha beta gamma\n  - inner words here\n", 14);
        assert_eq!(
            lines,
            vec!["• alpha beta", "  gamma", "  • inner", "    words here"]
        );
        let lines = lay("1. one\n2. two\n- [x] done\n", 20);
        assert_eq!(lines, vec!["1. one", "2. two", "", "• [x] done"]);
    }

    #[test]
    fn quotes_carry_a_bar_on_every_line() {
        let lines = lay("> quoted words\n>\n> again\n", 10);
        assert_eq!(lines, vec!["│ quoted", "│ words", "│", "│ again"]);
    }

    #[test]
    fn code_is_kept_and_long_lines_continue() {
        let lines = lay("```\nlet x = 1;\n  indented_and_long\n```\n", 12);
        // A piece that continues a line says so, and nothing is lost.
        assert_eq!(
            lines,
            vec!["  let x = 1;", "    indented", "  ↪ _and_lon", "  ↪ g"]
        );
    }

    #[test]
    fn tables_draw_a_grid_or_fall_back() {
        let src = "| a | bb |\n|---|---:|\n| x | 1 |\n";
        let grid = lay(src, 40);
        assert_eq!(
            grid,
            vec![
                "┌───┬────┐",
                "│ a │ bb │",
                "├───┼────┤",
                "│ x │  1 │",
                "└───┴────┘"
            ]
        );
        let narrow = lay(src, 8);
        assert_eq!(narrow, vec!["a: x", "bb: 1"]);
    }

    #[test]
    fn cjk_wraps_by_display_width() {
        let lines = lay("日本語の文章です\n", 6);
        assert!(lines.iter().all(|l| text::width(l) <= 6), "{lines:?}");
        assert_eq!(lines.concat(), "日本語の文章です");
    }

    #[test]
    fn offsets_never_decrease_and_point_into_the_source() {
        let src = "# T\n\nintro words here\n\n- a b c d\n\n> q r s\n\n```\ncode\n```\n";
        let doc = Document::parse(src, "t");
        let lines = layout_section(&doc.sections[0], 6);
        assert!(lines.windows(2).all(|w| w[0].offset <= w[1].offset));
        let intro = lines
            .iter()
            .find(|l| l.text() == "intro")
            .expect("intro line");
        assert!(src[intro.offset..].starts_with("intro"));
        let words = lines
            .iter()
            .find(|l| l.text() == "words")
            .expect("words line");
        assert!(src[words.offset..].starts_with("words"));
    }

    #[test]
    fn line_at_finds_the_line_holding_an_offset() {
        let doc = Document::parse("aaa bbb ccc ddd\n", "t");
        let lines = layout_section(&doc.sections[0], 7);
        assert_eq!(line_at(&lines, 0), 0);
        assert_eq!(line_at(&lines, 9), 1);
        assert_eq!(line_at(&lines, 10_000), lines.len() - 1);
    }
}
