//! Dormant sections: a large document's sections kept as the places in its text that parse
//! to them, parsed again when one is shown or searched, so a reader of a large file holds
//! its text once and not also its parse (a parse of real markdown is about three times the
//! size of its text).
//!
//! A section's blocks are runs of the document's top-level blocks, in order (a footnote moved
//! to the section that first cites it is a run of its own). Each run is kept as a range of
//! the text: from where the parser's own top-level block that its first block came from
//! starts, to where the next such block starts after its last. A parser started there folds
//! exactly those blocks, as the pieces of a large file are cut. What a range cannot give is
//! kept as it is: a title made from a heading, and the blocks of a run whose parser blocks
//! also made blocks that belong elsewhere (an HTML block folded into several).

use super::{Block, BlockKind, Document, LinkDefinitions, Markdown};
use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

/// What a dormant document needs to parse any of its sections again.
pub struct Dormant {
    text: Arc<String>,
    links: LinkDefinitions,
    notes: HashSet<String>,
    markdown: Markdown,
    /// Each section's blocks, as places in the text or kept blocks.
    sections: Vec<Vec<Segment>>,
}

/// Part of a dormant section.
#[derive(Debug, PartialEq, Eq)]
enum Segment {
    /// Top-level blocks, as the range of the text that parses to them.
    Source(Range<usize>),
    /// A block that is not what its text parses to on its own (a title made from a heading).
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
        let mut blocks = Vec::new();
        for segment in self.sections.get(i).into_iter().flatten() {
            match segment {
                Segment::Source(range) => {
                    let Some(piece) = self.text.get(range.clone()) else {
                        continue;
                    };
                    let defined = |l: &str| self.notes.contains(l);
                    let folded = Document::fold_piece(
                        piece,
                        range.start,
                        &self.links,
                        &defined,
                        self.markdown,
                        false,
                    );
                    blocks.extend(folded.blocks);
                }
                Segment::Kept(block) => blocks.push(block.clone()),
            }
        }
        blocks
    }

    /// Whether section `i` has no blocks at all.
    pub fn is_empty(&self, i: usize) -> bool {
        self.sections.get(i).is_none_or(Vec::is_empty)
    }
}

/// Builds a dormant document from the sections a parse hands on in order: each section's
/// blocks are put to sleep as it arrives, so no more than the sections still open are ever
/// held parsed.
pub struct Sleeper {
    text: Arc<String>,
    /// Every top-level block seen so far, in order: where it starts, and where the parser's
    /// block it was folded from starts (one of the parser's blocks, an HTML block, can
    /// fold to several).
    seen: Vec<(usize, usize)>,
    sections: Vec<Vec<Segment>>,
}

impl Sleeper {
    pub fn new(text: Arc<String>) -> Sleeper {
        Sleeper {
            text,
            seen: Vec::new(),
            sections: Vec::new(),
        }
    }

    /// A top-level block has been folded (before it is sectioned) from the parser's block
    /// that starts at `start`.
    pub fn seen(&mut self, block: &Block, start: usize) {
        self.seen.push((block.offset, start));
    }

    /// Where the parser's block that `block` was folded from starts.
    fn start_of(&self, block: &Block) -> usize {
        let i = self.seen.partition_point(|&(o, _)| o < block.offset);
        self.seen.get(i).map_or(block.offset, |&(_, s)| s)
    }

    /// Where the first parser's block after the one starting at `start` that folded to
    /// blocks of ours starts (the text's end after the last).
    fn next_after(&self, start: usize) -> usize {
        let i = self.seen.partition_point(|&(_, s)| s <= start);
        self.seen.get(i).map_or(self.text.len(), |&(_, s)| s)
    }

    /// How many blocks were folded from the parser's blocks starting in `from..=to`.
    fn folded_from(&self, from: usize, to: usize) -> usize {
        self.seen.partition_point(|&(_, s)| s <= to) - self.seen.partition_point(|&(_, s)| s < from)
    }

    /// Puts a finished section to sleep: its blocks are dropped, and what parses to them
    /// kept. Every block after the section's own must have been [`seen`](Sleeper::seen)
    /// already (a section is finished only once the next has started).
    pub fn sleep(&mut self, section: &mut super::Section) {
        let mut segments = Vec::new();
        // The run of blocks being gathered, and where the parser's blocks they came from start.
        let mut run: Vec<Block> = Vec::new();
        let mut span = (0, 0);
        for block in std::mem::take(&mut section.blocks) {
            if matches!(block.kind, BlockKind::Title { .. }) {
                self.flush(&mut run, span, &mut segments);
                segments.push(Segment::Kept(block));
                continue;
            }
            let start = self.start_of(&block);
            if !run.is_empty() && (start == span.1 || start == self.next_after(span.1)) {
                span.1 = start;
            } else {
                self.flush(&mut run, span, &mut segments);
                span = (start, start);
            }
            run.push(block);
        }
        self.flush(&mut run, span, &mut segments);
        segments.shrink_to_fit();
        self.sections.push(segments);
    }

    /// Ends a run of blocks folded from the parser's blocks starting in `span`: as the text
    /// that parses to them when those blocks are all the run's, else kept as they are.
    fn flush(&self, run: &mut Vec<Block>, span: (usize, usize), segments: &mut Vec<Segment>) {
        if run.is_empty() {
            return;
        }
        if self.folded_from(span.0, span.1) == run.len() {
            segments.push(Segment::Source(span.0..self.next_after(span.1)));
            run.clear();
        } else {
            segments.extend(run.drain(..).map(Segment::Kept));
        }
    }

    /// The document's dormant sections, parsed again with these link definitions, footnote
    /// labels and markdown options (the whole document's, as the parse had them).
    pub fn finish(
        self,
        links: LinkDefinitions,
        notes: HashSet<String>,
        markdown: Markdown,
    ) -> Dormant {
        let mut sections = self.sections;
        sections.shrink_to_fit();
        Dormant {
            text: self.text,
            links,
            notes,
            markdown,
            sections,
        }
    }
}
