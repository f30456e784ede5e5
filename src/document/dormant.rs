//! Large documents: sectioned from the survey before any paragraph is folded, and kept as
//! the places in their text that parse to each section, parsed again when one is shown,
//! searched or printed. A reader of a large file holds its text once and not also its parse
//! (a parse of real markdown is about three times the size of its text).
//!
//! The [`Survey`] gives the document's top-level blocks as sectioning needs them (its
//! skeleton: headings and HTML as folded, every other block a stand-in at its place holding
//! the footnotes it cites), and sectioning the skeleton with the whole document's own rules
//! ([`super::sections::split`]) gives its sections exactly: numbers, titles, places, parts,
//! and where each footnote is read. Each section's blocks are then kept as ranges of the
//! text: a range runs from where one of the parser's top-level blocks starts to where the
//! next one holding blocks starts, and a parser started there folds exactly those blocks
//! (see [`super::survey`]). What a range cannot give is kept as it is: a title, and the
//! blocks of an HTML block whose blocks fall in two sections. Only the words each section
//! holds wait for every section to be parsed again ([`Document::counted`]).

use super::survey::{Bone, Survey};
use super::{Block, BlockKind, Document, LinkDefinitions, Markdown, sections};
use std::ops::Range;
use std::sync::Arc;

/// What a dormant document needs to parse any of its sections again.
pub struct Dormant {
    text: Arc<String>,
    links: LinkDefinitions,
    /// The footnote labels the document defines (see [`super::survey::stand_ins`]).
    notes: Vec<String>,
    markdown: Markdown,
    /// Each section's blocks, as places in the text or kept blocks.
    sections: Vec<Vec<Segment>>,
    /// The places the document's HTML blocks name (the survey folds every one).
    html_anchors: Vec<(String, usize)>,
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
    /// The blocks of section `i`, parsed again from the text.
    pub fn wake(&self, i: usize) -> Vec<Block> {
        self.wake_with_anchors(i).0
    }

    /// The blocks of section `i`, and the places the HTML of the ranges parsed names.
    fn wake_with_anchors(&self, i: usize) -> (Vec<Block>, Vec<(String, usize)>) {
        let mut blocks = Vec::new();
        let mut anchors = Vec::new();
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
                        false,
                    );
                    blocks.extend(folded.blocks);
                    anchors.extend(folded.anchors);
                }
                Segment::Kept(block) => blocks.push(block.clone()),
            }
        }
        (blocks, anchors)
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
    /// Where the block at each offset came from: (block offset, parser block start), in order.
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

impl Document {
    /// A large document from its survey (see the module's notes): its sections exact, each
    /// kept as places in `text` and parsed again when asked for. What each section holds in
    /// words is 0 until [`Document::counted`], and its anchors are those of HTML blocks only.
    pub fn surveyed(text: Arc<String>, survey: Survey, name: &str, markdown: Markdown) -> Document {
        let Survey {
            links,
            notes,
            skeleton,
            anchors,
            ..
        } = survey;
        let sleeper = Sleeper::new(&skeleton, text.len());
        let blocks = skeleton.into_iter().map(|b| b.block).collect();
        let mut doc = sections::split(blocks, name);
        let mut sections = Vec::with_capacity(doc.sections.len());
        for s in &mut doc.sections {
            sections.push(sleeper.sleep(std::mem::take(&mut s.blocks)));
            s.words = 0;
        }
        sections.shrink_to_fit();
        doc.len = text.len();
        doc.lang = super::front::language(&text);
        doc.anchors = anchors.clone();
        doc.dormant = Some(Arc::new(Dormant {
            text,
            links,
            notes,
            markdown,
            sections,
            html_anchors: anchors,
        }));
        doc
    }

    /// This document with each section's words counted and every place its HTML names
    /// found, by parsing each dormant section again; `keep`: with every section's blocks
    /// its own (no longer dormant), for a document small enough to hold parsed.
    pub fn counted(&self, keep: bool) -> Document {
        let mut doc = self.clone();
        let Some(dormant) = doc.dormant.take() else {
            return doc;
        };
        // Those of HTML blocks, which the survey found (some are in no range: an HTML block
        // kept as blocks, or one that shows nothing), and the others the ranges hold.
        let mut html: std::collections::HashMap<(String, usize), usize> = Default::default();
        for a in &dormant.html_anchors {
            *html.entry(a.clone()).or_default() += 1;
        }
        let mut anchors = dormant.html_anchors.clone();
        for (i, s) in doc.sections.iter_mut().enumerate() {
            let (blocks, found) = dormant.wake_with_anchors(i);
            for a in found {
                match html.get_mut(&a) {
                    Some(n) if *n > 0 => *n -= 1,
                    _ => anchors.push(a),
                }
            }
            s.words = sections::count_words(&blocks);
            if keep {
                s.blocks = blocks;
                s.blocks.shrink_to_fit();
            }
        }
        anchors.sort_by_key(|a| a.1);
        doc.anchors = anchors;
        if !keep {
            doc.dormant = Some(dormant);
        }
        doc
    }
}
