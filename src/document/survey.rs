//! The survey: a large document parsed and folded window by window, the parser itself saying
//! where each window may end, so that every piece parses exactly as it does in the whole.
//!
//! Nothing here restates a rule of CommonMark. Each window of the text is parsed, and a piece
//! ends where the parser itself started a top-level block at a line that is not indented,
//! right after a blank line ([`cuttable`]), or an ATX heading at column 0 (which nothing
//! before it continues, even a paragraph line right before it). Nothing before such a line reaches past it (a
//! link's title or a table's delimiter row looks one line ahead at most, never across a
//! blank one), and no block is open there, so a parser started at that line reads the rest
//! as the whole document's parser does. Where a window holds no such line the window grows
//! (doubling, so a long stretch costs linear time). Tests check the pieces against the whole
//! parse on every file of the real corpus, under proptest and under a fuzz target.
//!
//! Each window is folded as it is parsed, by the fold itself. A top-level block whose fold
//! may differ once the whole document is known is folded again at the end, alone, with what
//! it needs: one with a reference the window could not resolve, one whose label another part
//! defines first, and one that may cite a footnote (a reference to a note finds it only in
//! the same parse: stand-in definitions go before the block, see [`stand_ins`]). What comes
//! out is every top-level block of the document, each with where the parser's block it was
//! folded from starts and the words it holds: sectioning them with the whole document's own
//! rules gives its sections exactly (see [`super::dormant`]). To bound memory, past a budget
//! the blocks are kept only as stand-ins of what sectioning needs of them (see [`Bone`]) and
//! parsed again from the text when shown or printed.

use super::fold::{Builder, Folded, indent_before};
use super::{Block, BlockKind, Markdown, Run, text_start};
use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Parser, Tag};
use std::cell::Cell;
use std::collections::HashSet;

use super::links::{LabelKey, LinkDefinitions, label_key};
use super::notes::{Notes, stand_ins};

/// The smallest share of a window a piece must fill before the window is cut: a window with
/// no place to cut past it grows instead (see [`Survey::of_text`]).
const LEAST: usize = 4;

/// Texts at least this long are surveyed in two halves at once, on two threads (see
/// [`Survey::of_text`]).
const HALVES_FROM: usize = 1 << 20;

/// What the survey of a document found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Survey {
    /// Where each piece ends, in order: the first starts at 0, the last ends at the text's end.
    pub ends: Vec<usize>,
    pub links: LinkDefinitions,
    /// The footnote labels defined, as the parser gives them, each once, in order.
    pub notes: Vec<String>,
    /// The document's top-level blocks, in order (see [`Bone`]).
    pub skeleton: Vec<Bone>,
    /// The places its HTML names (`<a name>`, `id`), in order.
    pub anchors: Vec<(String, usize)>,
}

/// One of the document's top-level blocks: as the fold makes it, or, past the survey's
/// budget, a stand-in of the same place holding only what sectioning needs of it (the
/// footnotes it cites, whether it is a rule or a footnote; headings, titles and HTML blocks
/// are always kept whole). `start`: where the parser's block it was folded from starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bone {
    pub block: Block,
    pub start: usize,
    /// The words it holds (as [`super::sections::count_words`] counts them).
    pub words: usize,
    /// `block` stands in for the fold's block (see above).
    pub stands_in: bool,
}

/// Where the document's text starts after any byte order mark and front matter.
pub fn body(text: &str) -> usize {
    super::front_matter_end(text).max(text_start(text))
}

/// What of a document's blocks the survey keeps (see [`Bone`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Every block is folded (its words counted), and kept whole up to this offset.
    Upto(usize),
    /// For a document to print: blocks are kept whole up to this offset, and at most this
    /// many of them (in each half of a text surveyed in halves); past that only what
    /// sectioning needs is folded (headings, HTML, blocks citing a footnote) and every other
    /// block is a stand-in whose words are not counted, to be parsed again section by
    /// section as it is printed.
    Printing { upto: usize, blocks: usize },
}

impl Survey {
    /// Surveys `text`, cut in pieces of about `piece` bytes, keeping its blocks as `keep`
    /// says. A long text is surveyed in
    /// two halves at once: the second from a place in the middle that looks like a place to
    /// cut, which the first half's survey then checks is one (the parser starts a block
    /// afresh there); where it is not, the first half's survey goes on to the end and the
    /// second's is dropped. Either way the survey is the one a single pass makes.
    pub fn of_text(text: &str, piece: usize, markdown: Markdown, keep: Keep) -> Survey {
        let two = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
        let halves = two && text.len() >= HALVES_FROM;
        Survey::of_text_halved(text, piece, markdown, keep, halves)
    }

    /// [`Survey::of_text`], in two halves when `halves` (and the text has a middle).
    pub fn of_text_halved(
        text: &str,
        piece: usize,
        markdown: Markdown,
        keep: Keep,
        halves: bool,
    ) -> Survey {
        let piece = piece.max(1);
        let middle = halves.then(|| middle(text, body(text))).flatten();
        let mut first = Surveyor::new(text, markdown, keep);
        let Some(middle) = middle else {
            first.run(0, None, piece);
            return first.finish();
        };
        std::thread::scope(|scope| {
            let second = crate::worker::spawn_scoped(scope, "survey", || {
                let mut second = Surveyor::new(text, markdown, keep);
                second.run(middle, None, piece);
                second
            });
            let met = first.run(0, Some(middle), piece);
            let second = second.ok().and_then(|h| h.join().ok());
            match second {
                Some(second) if met => first.append(second),
                // (Without the second half, the first goes on where it stopped.)
                _ if met => {
                    first.run(middle, None, piece);
                }
                _ => {}
            }
        });
        first.finish()
    }
}

/// A place in the middle of `text` (after its front matter, which ends at `body`) that looks
/// like a place to cut (see [`cuttable`]), if there is one within a megabyte: a line after a
/// blank line that starts with a letter or `#` (a list item or a quote there would more
/// likely go on with the block before). Only a guess: the first half's parse says whether
/// it is one.
fn middle(text: &str, body: usize) -> Option<usize> {
    let from = (text.len() / 2).max(body).min(text.len());
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'\n', &bytes[from..])
        .map(|i| from + i + 1)
        .take_while(|&at| at < from + (1 << 20))
        .find(|&at| {
            at < bytes.len()
                && (bytes[at].is_ascii_alphabetic() || bytes[at] == b'#')
                && cuttable(text, at)
        })
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

/// Where a paragraph whose text starts at `start` really starts: at the first of the link
/// reference definitions that open it, the lines right before it, which the parser read as
/// part of it (a paragraph's definitions make no event; the block before may even report
/// them as its own: a list's end reaches past the definitions under it). `definitions`:
/// where each definition of the text is, in order.
fn before_definitions(
    text: &str,
    mut start: usize,
    definitions: &[std::ops::Range<usize>],
) -> usize {
    let bytes = text.as_bytes();
    loop {
        let i = definitions.partition_point(|d| d.start < start);
        let Some(d) = i.checked_sub(1).map(|i| &definitions[i]) else {
            return start;
        };
        // Only the end of its line between them: no blank line.
        let between = &bytes[d.end.min(start)..start];
        let joined = between
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
            && between.iter().filter(|&&b| b == b'\n').count() <= 1;
        if !joined || d.end > start {
            return start;
        }
        start = memchr::memrchr(b'\n', &bytes[..d.start]).map_or(0, |n| n + 1);
    }
}

/// What a window's parse found of one of the parser's top-level blocks.
#[derive(Default)]
struct Top {
    /// Where it starts (see [`block_start`]).
    start: usize,
    /// The blocks the fold made of it, and the places their HTML names.
    blocks: Vec<Block>,
    anchors: Vec<(String, usize)>,
    /// The footnote label it defines (a footnote definition's), as the parser gives it.
    defines: Option<String>,
    /// The labels of its reference links and images, and the addresses the window gave them
    /// (another part may define a label first).
    refs: Vec<(LabelKey, String)>,
    /// Its fold may differ once the whole is known (see the module's notes): it holds a
    /// reference the window could not resolve, or may cite a footnote.
    unsure: bool,
    /// It may cite a footnote (what sectioning needs of a stand-in).
    cites: bool,
    /// Its block is only a stand-in (it was not folded).
    stood: bool,
    /// It is an ATX heading starting its line (`#` at column 0): a block nothing before it
    /// continues or reaches past, so a place to cut even right after a paragraph line.
    atx: bool,
}

/// What parsing one window found: its top-level blocks, and its link definitions with where
/// each starts.
struct WindowParse {
    tops: Vec<Top>,
    links: Vec<(LabelKey, String, usize)>,
}

/// Parses and folds `text`, which starts at byte `base` of the document, noting each
/// top-level block (see [`Top`]) and its link definitions. `all`: every block is folded;
/// else only headings and HTML blocks, and every other block that may need folding again
/// once the whole is known (see [`Top::unsure`]), the rest being only stand-ins (their words
/// not counted).
fn parse_window(text: &str, base: usize, markdown: Markdown, all: bool) -> WindowParse {
    let broken = Cell::new(false);
    let note_broken = |_: BrokenLink<'_>| -> Option<(CowStr<'_>, CowStr<'_>)> {
        broken.set(true);
        None
    };
    let mut builder = Builder::new(markdown).started();
    let parser = Parser::new_with_broken_link_callback(text, builder.options(), Some(note_broken));
    // Of only some blocks: each folded alone, a heading or HTML block.
    let mut alone: Option<Builder> = None;
    let mut links = Vec::new();
    // Where each definition is: a paragraph they open starts at the first (they make no
    // event; see [`before_definitions`]).
    let mut definitions: Vec<std::ops::Range<usize>> = parser
        .reference_definitions()
        .iter()
        .map(|(_, def)| def.span.clone())
        .collect();
    definitions.sort_unstable_by_key(|d| d.start);
    for (label, def) in parser.reference_definitions().iter() {
        links.push((
            label_key(label),
            def.dest.to_string(),
            base + def.span.start,
        ));
    }
    // Definitions in the order written: the first of a label in a piece wins.
    links.sort_unstable_by_key(|l| l.2);
    let at = super::fold::Place {
        text,
        base,
        skip: 0,
    };
    let mut tops: Vec<Top> = Vec::new();
    let mut level = 0usize;
    let mut fold_level = 0usize;
    // Where the last top-level block ended, and where this one's source starts (in `text`).
    let mut last_end = 0;
    let mut source_from = 0;
    for (event, range) in parser.into_offset_iter() {
        if level == 0 && matches!(event, Event::Start(_) | Event::Rule) {
            source_from = block_start(text, last_end, range.start);
            if matches!(event, Event::Start(Tag::Paragraph)) {
                source_from = before_definitions(text, source_from, &definitions);
            }
            broken.set(false);
            let mut top = Top {
                start: base + source_from,
                atx: matches!(event, Event::Start(Tag::Heading { .. }))
                    && text.as_bytes().get(source_from) == Some(&b'#'),
                ..Top::default()
            };
            if !all {
                fold_level = 0;
                let folded = matches!(event, Event::Start(Tag::Heading { .. } | Tag::HtmlBlock));
                alone = folded.then(|| Builder::new(markdown).started());
                if !folded {
                    top.blocks.push(unfolded(&event, base + range.start));
                    top.stood = true;
                }
            }
            tops.push(top);
        }
        if let Some(top) = tops.last_mut() {
            top.note(&event, level);
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
        if all {
            builder.take(event, range.clone(), &at, None, &mut fold_level);
        } else if let Some(b) = alone.as_mut() {
            b.take(event, range.clone(), &at, None, &mut fold_level);
        }
        if ends && let Some(top) = tops.last_mut() {
            last_end = range.end;
            // A reference the window could not resolve, or one to a footnote (defined
            // perhaps in another part): folded again once the whole is known.
            top.cites =
                memchr::memmem::find(&text.as_bytes()[source_from..range.end], b"[^").is_some();
            top.unsure = broken.get() || top.cites;
            if let Some(b) = alone.take() {
                let folded = b.finish();
                top.blocks = folded.blocks;
                top.anchors = folded.anchors;
            }
        }
    }
    if !all {
        return WindowParse { tops, links };
    }
    give_to_owners(&mut tops, builder.finish());
    WindowParse { tops, links }
}

/// The stand-in for a top-level block left unfolded (see [`parse_window`]), which the
/// parser starts at `offset` with `event`: a rule, a footnote holding an empty paragraph,
/// or an empty paragraph.
fn unfolded(event: &Event<'_>, offset: usize) -> Block {
    let kind = match event {
        Event::Rule => BlockKind::Rule,
        Event::Start(Tag::FootnoteDefinition(label)) => BlockKind::Footnote {
            label: crate::text::clean(label).into_owned(),
            blocks: vec![Block {
                offset,
                kind: BlockKind::Paragraph(Vec::new()),
            }],
        },
        _ => BlockKind::Paragraph(Vec::new()),
    };
    Block { offset, kind }
}

impl Top {
    /// Notes what `event`, inside this block at nesting `level`, says it defines or cites:
    /// a footnote's label, a reference link's label and the address the window gave it.
    fn note(&mut self, event: &Event<'_>, level: usize) {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) if level == 0 => {
                self.defines = Some(label.to_string());
            }
            Event::Start(
                Tag::Link {
                    link_type,
                    dest_url,
                    id,
                    ..
                }
                | Tag::Image {
                    link_type,
                    dest_url,
                    id,
                    ..
                },
            ) if matches!(
                link_type,
                LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
            ) =>
            {
                self.refs.push((label_key(id), dest_url.to_string()));
            }
            _ => {}
        }
    }
}

/// Gives the fold's blocks and anchors, each to the top-level block whose text holds it.
fn give_to_owners(tops: &mut [Top], folded: Folded) {
    let Folded {
        blocks, anchors, ..
    } = folded;
    let owner = |offset: usize| {
        tops.partition_point(|t| t.start <= offset)
            .saturating_sub(1)
    };
    let owners: Vec<usize> = blocks.iter().map(|b| owner(b.offset)).collect();
    let anchor_owners: Vec<usize> = anchors.iter().map(|a| owner(a.1)).collect();
    for (block, i) in blocks.into_iter().zip(owners) {
        if let Some(top) = tops.get_mut(i) {
            top.blocks.push(block);
        }
    }
    for (anchor, i) in anchors.into_iter().zip(anchor_owners) {
        if let Some(top) = tops.get_mut(i) {
            top.anchors.push(anchor);
        }
    }
}

/// Surveys a document window by window (see [`Survey::of_text`]).
struct Surveyor<'t> {
    /// The whole text.
    whole: &'t str,
    /// Where its text starts after any byte order mark and front matter.
    body: usize,
    markdown: Markdown,
    /// Blocks are kept whole up to this offset.
    keep: usize,
    /// How many more blocks are kept whole, printing (see [`Keep::Printing`]).
    hold: Option<usize>,
    /// Every block is folded (else only what sectioning needs: see [`parse_window`]).
    fold_all: bool,
    survey: Survey,
    /// Labels already in `survey.notes`.
    noted: HashSet<String>,
    /// The top-level blocks taken so far: their places in the skeleton (the first of their
    /// bones), where their text starts, and what may need them folded again.
    tops: Vec<Taken>,
}

/// A top-level block the survey took (see [`Surveyor::tops`]).
struct Taken {
    bone: usize,
    start: usize,
    refs: Vec<(LabelKey, String)>,
    unsure: bool,
    /// It may cite a footnote.
    cites: bool,
    /// Its bone is a stand-in made without folding it: only its citations matter.
    stood: bool,
}

impl<'t> Surveyor<'t> {
    fn new(whole: &'t str, markdown: Markdown, keep: Keep) -> Surveyor<'t> {
        let (keep, hold) = match keep {
            Keep::Upto(keep) => (keep, None),
            Keep::Printing { upto, blocks } => (upto, Some(blocks)),
        };
        Surveyor {
            whole,
            body: body(whole),
            markdown,
            keep,
            hold,
            fold_all: true,
            survey: Survey::default(),
            noted: HashSet::new(),
            tops: Vec::new(),
        }
    }

    /// Surveys the text from `at` (a place to cut, or its start) in windows of about `piece`
    /// bytes, to its end; or, given `stop`, to there, if the parser starts a block afresh
    /// there (then returns true). Where it does not, goes on to the end.
    fn run(&mut self, mut at: usize, mut stop: Option<usize>, piece: usize) -> bool {
        let text = self.whole;
        while at < text.len() || self.survey.ends.is_empty() {
            if stop == Some(at) {
                return true;
            }
            let mut want = piece;
            let end = loop {
                // The first window holds all the front matter.
                let from = if at == 0 { self.body } else { at };
                let window_end = line_end(text, from.saturating_add(want));
                let last = window_end >= text.len();
                // A window past the place to stop at cuts there, if it is a place to cut.
                let here = stop.filter(|&s| window_end > s);
                match self.window(&text[..window_end], at, last, want / LEAST, here) {
                    Some(end) => break end,
                    None => want = want.saturating_mul(2),
                }
            };
            if stop.is_some_and(|s| s < end) {
                // The place to stop at is inside a block: no place to cut.
                stop = None;
            }
            at = end;
        }
        stop == Some(at)
    }

    /// Adds the survey of the rest of the text, from where this one stopped.
    fn append(&mut self, rest: Surveyor<'_>) {
        let shift = self.survey.skeleton.len();
        let Survey {
            ends,
            links,
            notes,
            skeleton,
            anchors,
        } = rest.survey;
        self.survey.ends.extend(ends);
        for (label, dest) in links {
            self.survey.links.entry(label).or_insert(dest);
        }
        for label in notes {
            if self.noted.insert(label.clone()) {
                self.survey.notes.push(label);
            }
        }
        self.survey.skeleton.extend(skeleton);
        self.survey.anchors.extend(anchors);
        self.tops.extend(rest.tops.into_iter().map(|t| Taken {
            bone: t.bone + shift,
            ..t
        }));
    }

    /// Parses `text[from..]` (its end is the window's end; `last`: the text's end) and takes
    /// the piece it holds: up to the last place to cut at least `least` bytes on, or all of
    /// it when it is the last; or up to `stop`, when the parser starts a block afresh there.
    /// Returns where the piece ends, or `None` when the window holds no place to cut (it
    /// must grow).
    fn window(
        &mut self,
        text: &str,
        from: usize,
        last: bool,
        least: usize,
        stop: Option<usize>,
    ) -> Option<usize> {
        // The document's start: its front matter, read by the fold.
        let (base, front) = if from == 0 {
            let start = text_start(text);
            (self.body, (self.body > start).then_some((start, self.body)))
        } else {
            (from, None)
        };
        // Printing past what is held, only what sectioning needs is folded.
        self.fold_all = self.hold.is_none_or(|n| n > 0 && from < self.keep);
        let found = parse_window(&text[base..], base, self.markdown, self.fold_all);
        let stops = |s: usize| found.tops.iter().any(|t| t.start == s) && cuttable(text, s);
        let end = if let Some(stop) = stop.filter(|&s| stops(s)) {
            stop
        } else if last {
            text.len()
        } else {
            found
                .tops
                .iter()
                .rev()
                .filter(|t| t.atx || cuttable(text, t.start))
                .map(|t| t.start)
                .find(|&s| s > from && s >= from + least)?
        };
        if let Some((start, body)) = front {
            let mut builder = Builder::new(self.markdown).started();
            builder.front_matter(&text[..body], start);
            for block in builder.finish().blocks {
                self.push(block, 0, false);
            }
        }
        for (label, dest, at) in found.links {
            if at < end {
                self.survey.links.entry(label).or_insert(dest);
            }
        }
        for top in found.tops.into_iter().take_while(|t| t.start < end) {
            if let Some(label) = top.defines
                && self.noted.insert(label.clone())
            {
                self.survey.notes.push(label);
            }
            self.tops.push(Taken {
                bone: self.survey.skeleton.len(),
                start: top.start,
                refs: top.refs,
                unsure: top.unsure,
                cites: top.cites,
                stood: top.stood,
            });
            self.survey.anchors.extend(top.anchors);
            if top.stood {
                for block in top.blocks {
                    self.survey.skeleton.push(Bone {
                        block,
                        start: top.start,
                        words: 0,
                        stands_in: true,
                    });
                }
                continue;
            }
            let alone = top.blocks.len() == 1;
            for block in top.blocks {
                self.push(block, top.start, alone);
            }
        }
        self.survey.ends.push(end);
        Some(end)
    }

    /// Adds a block folded from the parser's block starting at `start` to the skeleton: whole
    /// within the budget, else as a stand-in when it is that block's only one (`alone`; an
    /// HTML block folded to several is kept whole: its blocks may fall in two sections).
    fn push(&mut self, block: Block, start: usize, alone: bool) {
        self.survey
            .skeleton
            .push(bone(block, start, alone && start >= self.keep));
    }

    /// The survey, once every window is taken: the blocks that had to wait for the whole
    /// (see the module's notes) folded again with what it defines.
    fn finish(mut self) -> Survey {
        let text = self.whole;
        let notes = Notes::new(self.survey.notes.clone());
        let tops = std::mem::take(&mut self.tops);
        let ends: Vec<usize> = tops
            .iter()
            .skip(1)
            .map(|t| t.start)
            .chain([text.len()])
            .collect();
        // From the last, so the places of those before stay where they are.
        let mut anchors_gone = Vec::new();
        let mut anchors_new = Vec::new();
        for (top, end) in tops.iter().zip(ends).rev() {
            let moved = top
                .refs
                .iter()
                .any(|(label, dest)| self.survey.links.get(label) != Some(dest));
            // A stand-in made without folding needs only its citations right.
            let again = if top.stood {
                top.cites
            } else {
                top.unsure || moved
            };
            if !again {
                continue;
            }
            let range = top.start..end;
            let piece = &text[range.clone()];
            let before = stand_ins(piece, &notes);
            let folded = Builder::new(self.markdown).build(
                piece,
                range.start,
                Some(&self.survey.links),
                &before,
            );
            // Its bones: from its first, those folded from it.
            let was = self.survey.skeleton[top.bone..]
                .iter()
                .take_while(|b| b.start == top.start)
                .count();
            let alone = folded.blocks.len() == 1;
            let now: Vec<Bone> = folded
                .blocks
                .into_iter()
                .map(|block| bone(block, top.start, alone && top.start >= self.keep))
                .collect();
            self.survey.skeleton.splice(top.bone..top.bone + was, now);
            anchors_gone.push(range);
            anchors_new.extend(folded.anchors);
        }
        if !anchors_gone.is_empty() {
            anchors_gone.sort_unstable_by_key(|r| r.start);
            let gone = |at: usize| {
                let i = anchors_gone.partition_point(|r| r.start <= at);
                i > 0 && anchors_gone[i - 1].end > at
            };
            self.survey.anchors.retain(|a| !gone(a.1));
            self.survey.anchors.extend(anchors_new);
            self.survey.anchors.sort_by_key(|a| a.1);
        }
        self.survey
    }
}

/// A bone of `block`, folded from the parser's block starting at `start`: as it is, or as a
/// stand-in when `stand_in` says so.
fn bone(block: Block, start: usize, stand: bool) -> Bone {
    let words = super::sections::count_words(std::slice::from_ref(&block));
    let (block, stands_in) = if stand {
        stand_in(block)
    } else {
        (block, false)
    };
    Bone {
        block,
        start,
        words,
        stands_in,
    }
}

/// What sectioning needs of `block` (see [`Bone`]): itself when it is a heading or a title
/// (never stood in for), else a stand-in; and whether it is one.
fn stand_in(block: Block) -> (Block, bool) {
    let cites = |blocks: &[Block]| {
        let mut runs: Vec<Run> = Vec::new();
        super::sections::for_each_citation(blocks, &mut |r| runs.push(r.clone()));
        runs
    };
    let kind = match &block.kind {
        BlockKind::Heading { .. } | BlockKind::Title { .. } => return (block, false),
        BlockKind::Rule => BlockKind::Rule,
        BlockKind::Footnote { label, blocks } => BlockKind::Footnote {
            label: label.clone(),
            blocks: vec![Block {
                offset: block.offset,
                kind: BlockKind::Paragraph(cites(blocks)),
            }],
        },
        _ => BlockKind::Paragraph(cites(std::slice::from_ref(&block))),
    };
    (
        Block {
            offset: block.offset,
            kind,
        },
        true,
    )
}
