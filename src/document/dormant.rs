//! Large documents: sectioned from the survey before any paragraph is folded, and kept as
//! the places in their text that parse to each section, parsed again when one is shown,
//! searched or printed. A reader of a large file holds its text once and not also its parse
//! (a parse of real markdown is about three times the size of its text).
//!
//! The [`Survey`] gives the document's top-level blocks, whole or, past its budget, as
//! stand-ins holding what sectioning needs (headings and HTML always whole; any other block
//! its place, the footnotes it cites and the words it holds), and sectioning them with the
//! whole document's own rules ([`super::sections::split`]) gives its sections exactly:
//! numbers, titles, places, parts, words, and where each footnote is read. Each section's blocks are then kept as ranges of the
//! text: a range runs from where one of the parser's top-level blocks starts to where the
//! next one holding blocks starts, and a parser started there folds exactly those blocks
//! (see [`super::survey`]). What a range cannot give is kept as it is: a title, and the
//! blocks of an HTML block whose blocks fall in two sections. Sections the survey kept
//! whole hold their blocks themselves.

use super::survey::{Bone, Survey};
use super::{Block, BlockKind, Document, LinkDefinitions, Markdown, sections};
use std::ops::Range;
use std::sync::Arc;

/// What a dormant document needs to parse any of its sections again.
pub struct Dormant {
    text: Arc<String>,
    links: LinkDefinitions,
    /// The footnote labels the document defines (see [`super::notes::stand_ins`]).
    notes: super::notes::Notes,
    markdown: Markdown,
    /// Each section's blocks, as places in the text or kept blocks (none for a section
    /// that holds its blocks itself).
    sections: Vec<Vec<Segment>>,
    /// Each dormant section's headings (and title), where each is and its text, and its
    /// footnotes, where each is and its label: what a link to `#anchor` or `[^note]` finds.
    targets: Vec<Targets>,
}

/// What of a dormant section a link can lead to (see [`Dormant::targets`]).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Targets {
    pub headings: Vec<(usize, String)>,
    pub notes: Vec<(usize, String)>,
}

/// Part of a dormant section.
#[derive(Debug, PartialEq, Eq)]
enum Segment {
    /// Top-level blocks, as the range of the text that parses to them.
    Source(Range<usize>),
    /// A block that is not what a range of the text parses to on its own (a title made from
    /// a heading, or one of several blocks an HTML block folds to).
    Kept(Block),
}

impl std::fmt::Debug for Dormant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dormant")
            .field("text", &self.text.len())
            .field("sections", &self.sections)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Dormant {
    fn eq(&self, other: &Dormant) -> bool {
        (Arc::ptr_eq(&self.text, &other.text) || self.text == other.text)
            && self.sections == other.sections
            && self.markdown == other.markdown
    }
}

impl Eq for Dormant {}

impl Dormant {
    /// The blocks of section `i`, parsed again from the text, for a while (laid out,
    /// searched or printed, then dropped).
    pub fn wake(&self, i: usize) -> Vec<Block> {
        let mut blocks = Vec::new();
        for segment in self.sections.get(i).into_iter().flatten() {
            match segment {
                Segment::Source(range) => {
                    let Some(piece) = self.text.get(range.clone()) else {
                        continue;
                    };
                    let folded = Document::fold_piece(
                        piece,
                        range.start,
                        &self.links,
                        &self.notes,
                        self.markdown,
                        true,
                    );
                    blocks.extend(folded.blocks);
                }
                Segment::Kept(block) => blocks.push(block.clone()),
            }
        }
        blocks
    }

    /// The blocks of each of `sections` (in order), parsed again from the text: the ranges
    /// of text that run on from one to the next parsed together, at once (each range is
    /// where the parser starts afresh, so together they parse as they do apart).
    pub fn wake_many(&self, sections: &[usize]) -> Vec<Vec<Block>> {
        // Every range of text the sections are kept as, joined where one runs on into the
        // next, each join folded once.
        let ranges: Vec<Range<usize>> = sections
            .iter()
            .flat_map(|&i| self.sections.get(i).into_iter().flatten())
            .filter_map(|s| match s {
                Segment::Source(r) => Some(r.clone()),
                Segment::Kept(_) => None,
            })
            .collect();
        let mut joins: Vec<Range<usize>> = Vec::new();
        for r in ranges {
            match joins.last_mut() {
                Some(last) if last.end == r.start => last.end = r.end,
                _ => joins.push(r),
            }
        }
        // Each join's blocks, in order, taken as the sections' ranges ask for them.
        let mut folded: Vec<(usize, std::collections::VecDeque<Block>)> = joins
            .iter()
            .filter_map(|join| {
                let piece = self.text.get(join.clone())?;
                let f = Document::fold_piece(
                    piece,
                    join.start,
                    &self.links,
                    &self.notes,
                    self.markdown,
                    true,
                );
                Some((join.start, f.blocks.into()))
            })
            .collect();
        folded.sort_by_key(|f| f.0);
        sections
            .iter()
            .map(|&i| {
                let mut blocks = Vec::new();
                for segment in self.sections.get(i).into_iter().flatten() {
                    match segment {
                        Segment::Source(r) => {
                            let j = folded.partition_point(|f| f.0 <= r.start).saturating_sub(1);
                            if let Some((_, join)) = folded.get_mut(j) {
                                while join.front().is_some_and(|b| b.offset < r.start) {
                                    join.pop_front();
                                }
                                while join.front().is_some_and(|b| b.offset < r.end) {
                                    blocks.extend(join.pop_front());
                                }
                            }
                        }
                        Segment::Kept(block) => blocks.push(block.clone()),
                    }
                }
                blocks
            })
            .collect()
    }

    /// The headings and footnotes of section `i`, when it is dormant.
    pub fn targets(&self, i: usize) -> Option<&Targets> {
        self.targets.get(i)
    }

    /// Whether section `i` has no blocks at all.
    pub fn is_empty(&self, i: usize) -> bool {
        self.sections.get(i).is_none_or(Vec::is_empty)
    }
}

/// Keeps a sectioned skeleton's sections as places in the text (see the module's notes).
struct Sleeper {
    /// Where each of the parser's blocks that folded to blocks starts, with how many it
    /// folded to, in order.
    parser_blocks: Vec<(usize, usize)>,
    /// Where each block came from: (block offset, parser block start), in order.
    seen: Vec<(usize, usize)>,
    /// The text's length (where the last parser block's range ends).
    len: usize,
}

impl Sleeper {
    fn new(skeleton: &[Bone], len: usize) -> Sleeper {
        let mut parser_blocks: Vec<(usize, usize)> = Vec::new();
        let mut seen = Vec::with_capacity(skeleton.len());
        for bone in skeleton {
            // Front matter's title is no parser block: it is always kept.
            if bone.start == 0 && matches!(bone.block.kind, BlockKind::Title { .. }) {
                continue;
            }
            seen.push((bone.block.offset, bone.start));
            match parser_blocks.last_mut() {
                Some((start, n)) if *start == bone.start => *n += 1,
                _ => parser_blocks.push((bone.start, 1)),
            }
        }
        Sleeper {
            parser_blocks,
            seen,
            len,
        }
    }

    /// Where the parser's block that `block` was folded from starts.
    fn start_of(&self, block: &Block) -> Option<usize> {
        let i = self.seen.partition_point(|&(o, _)| o < block.offset);
        self.seen
            .get(i)
            .filter(|s| s.0 == block.offset)
            .map(|s| s.1)
    }

    /// How many blocks the parser's block starting at `start` folded to, and where the next
    /// one that folded to any starts (the text's end after the last).
    fn parser_block(&self, start: usize) -> (usize, usize) {
        let i = self.parser_blocks.partition_point(|&(s, _)| s < start);
        let count = self
            .parser_blocks
            .get(i)
            .filter(|b| b.0 == start)
            .map_or(0, |b| b.1);
        let next = self.parser_blocks.get(i + 1).map_or(self.len, |b| b.0);
        (count, next)
    }

    /// A section's blocks as segments: each run of whole parser blocks as the range of text
    /// that parses to it, anything else as it is.
    fn sleep(&self, blocks: Vec<Block>) -> Vec<Segment> {
        let mut segments: Vec<Segment> = Vec::new();
        let mut blocks = blocks.into_iter().peekable();
        while let Some(block) = blocks.next() {
            let start = match block.kind {
                BlockKind::Title { .. } => None,
                _ => self.start_of(&block),
            };
            let Some(start) = start else {
                segments.push(Segment::Kept(block));
                continue;
            };
            // The blocks here folded from the same parser block.
            let mut run = vec![block];
            while let Some(next) = blocks.next_if(|b| {
                !matches!(b.kind, BlockKind::Title { .. }) && self.start_of(b) == Some(start)
            }) {
                run.push(next);
            }
            let (count, next) = self.parser_block(start);
            if run.len() == count {
                match segments.last_mut() {
                    Some(Segment::Source(range)) if range.end == start => range.end = next,
                    _ => segments.push(Segment::Source(start..next)),
                }
            } else {
                // Only an HTML block folds to several blocks, and it is folded whole by the
                // survey: these are its own.
                segments.extend(run.into_iter().map(Segment::Kept));
            }
        }
        segments.shrink_to_fit();
        segments
    }
}

/// The headings (and title) of a section's blocks and its footnotes, with where each is.
fn targets_of(blocks: &[Block]) -> Targets {
    let mut targets = Targets::default();
    for b in blocks {
        match &b.kind {
            BlockKind::Heading { runs, .. } | BlockKind::Title { runs, .. } => {
                targets.headings.push((b.offset, super::heading_text(runs)));
            }
            BlockKind::Footnote { label, .. } => targets.notes.push((b.offset, label.clone())),
            _ => {}
        }
    }
    targets
}

impl Document {
    /// A large document from its survey (see the module's notes): its sections exact,
    /// those whose blocks the survey kept whole holding them, the others kept as places in
    /// `text` and parsed again when asked for.
    pub fn surveyed(text: Arc<String>, survey: Survey, name: &str, markdown: Markdown) -> Document {
        let Survey {
            links,
            notes,
            skeleton,
            anchors,
            ..
        } = survey;
        // The words each block holds (counted as it was folded), and whether it stands in,
        // by its place: top-level blocks start at places of their own, in order. A block
        // that is its own is counted (a title gathers front matter's byline).
        let words: Vec<(usize, usize, bool)> = skeleton
            .iter()
            .map(|b| (b.block.offset, b.words, b.stands_in))
            .collect();
        let of = |b: &Block| {
            let i = words.partition_point(|w| w.0 < b.offset);
            words.get(i).filter(|w| w.0 == b.offset)
        };
        let count = |blocks: &[Block]| {
            blocks
                .iter()
                .map(|b| match of(b) {
                    Some(w) if w.2 => w.1,
                    _ => sections::count_words(std::slice::from_ref(b)),
                })
                .sum()
        };
        let any_stands_in = words.iter().any(|w| w.2);
        let sleeper = any_stands_in.then(|| Sleeper::new(&skeleton, text.len()));
        let blocks = skeleton.into_iter().map(|b| b.block).collect();
        let mut doc = sections::split_counting(blocks, name, &count);
        let mut sections = Vec::with_capacity(doc.sections.len());
        let mut targets = Vec::with_capacity(doc.sections.len());
        for s in &mut doc.sections {
            let any = s.blocks.iter().any(|b| of(b).is_some_and(|w| w.2));
            match &sleeper {
                Some(sleeper) if any => {
                    targets.push(targets_of(&s.blocks));
                    sections.push(sleeper.sleep(std::mem::take(&mut s.blocks)));
                }
                _ => {
                    targets.push(Targets::default());
                    sections.push(Vec::new());
                }
            }
        }
        doc.len = text.len();
        doc.lang = super::front::language(&text);
        doc.anchors = anchors;
        if sleeper.is_some() {
            sections.shrink_to_fit();
            doc.dormant = Some(Arc::new(Dormant {
                text,
                links,
                notes: super::notes::Notes::new(notes),
                markdown,
                sections,
                targets,
            }));
        }
        doc
    }
}
