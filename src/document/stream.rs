//! Sections of a document parsed piece by piece, each handed on as soon as it is final, so
//! printing a large file never holds more than the sections still open.
//!
//! The rules are the whole document's (see [`super::sections`]); the two that need the
//! whole text, which heading is the title and the level sections split at, come from a
//! [`Plan`] made by a first pass over its headings. A section is final when the next one
//! starts and its footnotes have all arrived: a footnote is read with the section that first
//! cites it, so a section citing a note defined further on is held until the note comes.
//! (A first pass that saw a definition the parser does not make only holds sections longer:
//! everything left is handed on at the end.)

use super::outline::Plan;
use super::sections::{cited, count_words, heading, parts};
use super::{Block, BlockKind, Section};
use std::collections::{HashMap, HashSet, VecDeque};

/// What a first pass found of the footnotes: the labels defined, and those cited, anywhere.
#[derive(Debug, Default)]
pub struct Notes {
    pub defined: HashSet<String>,
    pub referred: HashSet<String>,
}

/// A finished section waiting for footnotes.
struct Held {
    id: usize,
    section: Section,
    /// Footnotes first cited here that were defined elsewhere, in source order.
    moved_in: Vec<Block>,
    /// Where the next section starts (none: this is the last).
    next: Option<usize>,
    /// Footnotes defined here whose first citation is not known yet.
    undecided: usize,
    /// Labels first cited here whose definitions may not all have come yet.
    waits: Vec<String>,
}

/// Takes a document's top-level blocks in order and hands on its sections in order.
pub struct Stream<'a, F: FnMut(Section)> {
    plan: (bool, Option<u8>),
    notes: &'a Notes,
    emit: F,
    /// A front matter block naming no title, kept for the title heading's byline.
    front: Option<Block>,
    title_seen: bool,
    opening: Vec<Block>,
    opening_has_text: bool,
    current: Option<Section>,
    held: VecDeque<Held>,
    /// The section (by id) that first cites each label.
    first_cite: HashMap<String, usize>,
    /// Definitions of each label seen so far (the first is the one that moves).
    received: HashMap<String, usize>,
    /// Labels whose first definition waits for a section citing it.
    undecided: HashSet<String>,
    next_id: usize,
    /// The number the next section handed on takes: from 0, or from 1 when the document
    /// has no opening of its own.
    emitted: usize,
    /// Headings seen (to check the plan): level-1 ones, the least level of those not the
    /// title, and whether front matter named the title.
    h1s: usize,
    least: Option<u8>,
    front_titled: bool,
    blocks: usize,
    /// Sections started at a heading so far (what names one whose heading is empty).
    started: usize,
    /// The document's title once its title block is seen, else the name given for it.
    title: Option<String>,
    fallback: String,
}

impl<'a, F: FnMut(Section)> Stream<'a, F> {
    pub fn new(plan: Plan, notes: &'a Notes, emit: F) -> Self {
        Stream {
            plan: (plan.title.is_some(), plan.level),
            notes,
            emit,
            front: None,
            title_seen: false,
            opening: Vec::new(),
            opening_has_text: false,
            current: None,
            held: VecDeque::new(),
            first_cite: HashMap::new(),
            received: HashMap::new(),
            undecided: HashSet::new(),
            next_id: 0,
            emitted: 0,
            h1s: 0,
            least: None,
            front_titled: false,
            blocks: 0,
            started: 0,
            title: None,
            fallback: String::new(),
        }
    }

    /// Names a document without a title of its own `name` (the title of its only section,
    /// when it has no headings to split at), as [`super::Document::parse`] does.
    pub fn titled(mut self, name: &str) -> Self {
        self.fallback = name.to_string();
        self
    }

    /// The document's title: its title block's text, else the name it was given.
    pub fn title(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.fallback)
    }

    /// The next top-level block.
    pub fn push(&mut self, mut block: Block) {
        let (h1_title, level) = self.plan;
        let first = self.blocks == 0;
        self.blocks += 1;
        if let BlockKind::Title { runs, .. } = &block.kind
            && first
        {
            self.front_titled = !runs.is_empty();
            if self.front_titled {
                self.title = Some(super::heading_text(runs)).filter(|t| !t.is_empty());
            }
            if runs.is_empty() && h1_title {
                // Its byline goes to the title heading.
                self.front = Some(block);
                return;
            }
        }
        if let BlockKind::Heading { level: 1, .. } = block.kind {
            self.h1s += 1;
            if h1_title && !self.title_seen {
                self.title_seen = true;
                let byline = match self.front.take().map(|b| b.kind) {
                    Some(BlockKind::Title { byline, .. }) => byline,
                    _ => Vec::new(),
                };
                if let BlockKind::Heading { runs, .. } = &mut block.kind {
                    let runs = std::mem::take(runs);
                    self.title = Some(super::heading_text(&runs)).filter(|t| !t.is_empty());
                    block.kind = BlockKind::Title { runs, byline };
                }
            }
        }
        let starts = heading(&block).map(|(l, _)| l);
        if let Some(l) = starts {
            self.least = Some(self.least.map_or(l, |m| m.min(l)));
        }
        if level.is_some() && starts == level {
            self.started += 1;
            let title = heading(&block)
                .map(|(_, r)| super::heading_text(r))
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| format!("Section {}", self.started));
            let section = Section {
                number: 0,
                title,
                offset: block.offset,
                blocks: vec![block],
                words: 0,
            };
            match self.current.replace(section) {
                Some(done) => self.finished(done),
                None => self.first_section(),
            }
            return;
        }
        match &mut self.current {
            Some(s) => s.blocks.push(block),
            None => {
                self.opening_has_text |=
                    !matches!(block.kind, BlockKind::Title { .. } | BlockKind::Rule);
                self.opening.push(block);
            }
        }
    }

    /// The first section has started: the opening before it is a section of its own, or,
    /// holding nothing but the title, heads the first section.
    fn first_section(&mut self) {
        let mut opening = std::mem::take(&mut self.opening);
        // Front matter naming no title keeps waiting for the title heading, if one is to come.
        if (!self.plan.0 || self.title_seen)
            && let Some(front) = self.front.take()
        {
            opening.insert(0, front);
        }
        let Some(current) = self.current.as_mut() else {
            return;
        };
        if self.opening_has_text {
            let section = Section {
                number: 0,
                title: "Opening".to_string(),
                offset: opening.first().map_or(0, |b| b.offset),
                blocks: opening,
                words: 0,
            };
            let next = current.offset;
            self.hold(section, Some(next));
        } else {
            // No opening: numbers start at 1, as the whole document's do.
            self.emitted = 1;
            if let Some(first) = opening.first() {
                current.offset = first.offset;
            }
            opening.append(&mut current.blocks);
            current.blocks = opening;
        }
    }

    fn finished(&mut self, section: Section) {
        let next = self.current.as_ref().map(|s| s.offset);
        self.hold(section, next);
    }

    /// A section is complete: routes its footnotes, holds it, and hands on every section
    /// at the front that is final.
    fn hold(&mut self, mut section: Section, next: Option<usize>) {
        let id = self.next_id;
        self.next_id += 1;
        let mut labels = Vec::new();
        cited(&section.blocks, &mut labels);
        let mut new_here = HashSet::new();
        for label in labels {
            if !self.first_cite.contains_key(&label) {
                self.first_cite.insert(label.clone(), id);
                new_here.insert(label);
            }
        }
        // Notes defined in earlier sections and cited first here move here, in order.
        let mut moved_in = Vec::new();
        if !new_here.is_empty() {
            for h in &mut self.held {
                if h.undecided == 0 {
                    continue;
                }
                let blocks = std::mem::take(&mut h.section.blocks);
                for b in blocks {
                    match &b.kind {
                        BlockKind::Footnote { label, .. }
                            if new_here.contains(label) && self.undecided.remove(label) =>
                        {
                            h.undecided -= 1;
                            moved_in.push(b);
                        }
                        _ => h.section.blocks.push(b),
                    }
                }
            }
        }
        // This section's own notes: kept, sent to the section citing them first, or kept
        // while it is not known whether a later section cites them.
        let mut undecided = 0;
        let blocks = std::mem::take(&mut section.blocks);
        for b in blocks {
            let BlockKind::Footnote { label, .. } = &b.kind else {
                section.blocks.push(b);
                continue;
            };
            let received = self.received.entry(label.clone()).or_default();
            *received += 1;
            if *received > 1 {
                // Defined again: only the first definition moves.
                section.blocks.push(b);
                continue;
            }
            match self.first_cite.get(label) {
                Some(&t) if t != id => {
                    if let Some(h) = self.held.iter_mut().find(|h| h.id == t) {
                        h.moved_in.push(b);
                    } else {
                        // Its section is gone (the first pass miscounted): it stays.
                        section.blocks.push(b);
                    }
                }
                None if self.notes.referred.contains(label) => {
                    self.undecided.insert(label.clone());
                    undecided += 1;
                    section.blocks.push(b);
                }
                _ => section.blocks.push(b),
            }
        }
        let waits = new_here
            .into_iter()
            .filter(|l| self.notes.defined.contains(l))
            .collect();
        self.held.push_back(Held {
            id,
            section,
            moved_in,
            next,
            undecided,
            waits,
        });
        self.release(false);
    }

    /// Whether a held section waits for nothing more.
    fn ready(&self, h: &Held) -> bool {
        h.undecided == 0
            && h.waits
                .iter()
                .all(|label| self.received.contains_key(label))
    }

    /// Hands on the held sections at the front that are final (all of them at the end).
    fn release(&mut self, all: bool) {
        while let Some(front) = self.held.front() {
            if !all && !self.ready(front) {
                break;
            }
            let Some(h) = self.held.pop_front() else {
                break;
            };
            let mut section = h.section;
            section.blocks.extend(h.moved_in);
            for mut part in parts(section, h.next) {
                part.number = self.emitted;
                part.words = count_words(&part.blocks);
                self.emitted += 1;
                (self.emit)(part);
            }
        }
    }

    /// The end of the document: hands on everything left. Returns whether the document's
    /// headings agreed with the plan (when not, its sections differ from the whole parse's).
    pub fn finish(mut self) -> bool {
        match self.current.take() {
            Some(last) => self.hold(last, None),
            None => {
                let mut blocks = std::mem::take(&mut self.opening);
                if let Some(front) = self.front.take() {
                    blocks.insert(0, front);
                }
                if !blocks.is_empty() {
                    let offset = blocks[0].offset;
                    let title = self.title().to_string();
                    self.hold(
                        Section {
                            number: 0,
                            title,
                            offset,
                            blocks,
                            words: 0,
                        },
                        None,
                    );
                }
            }
        }
        self.release(true);
        let (h1_title, level) = self.plan;
        h1_title == (!self.front_titled && self.h1s == 1) && self.least == level
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::outline::{front_matter_end, front_title, headings};
    use crate::document::{Document, LinkDefinitions, scan};

    fn notes_of(text: &str) -> Notes {
        let (defined, referred) = scan::footnote_labels(text);
        Notes {
            defined: defined.into_iter().collect(),
            referred: referred.into_iter().collect(),
        }
    }

    fn plan_of(text: &str) -> Plan {
        Plan::of(&headings(text), front_title(text, front_matter_end(text)))
    }

    /// The blocks of each section, streamed, and how many sections were handed on after
    /// each block.
    fn streamed(text: &str) -> (Vec<Vec<Block>>, Vec<usize>) {
        let notes = notes_of(text);
        let blocks = Document::fold_piece(
            text,
            0,
            &LinkDefinitions::new(),
            &|l| notes.defined.contains(l),
            crate::document::Markdown::default(),
            false,
        )
        .blocks;
        let out = std::cell::RefCell::new(Vec::new());
        let mut after = Vec::new();
        let mut stream = Stream::new(plan_of(text), &notes, |s: Section| {
            out.borrow_mut().push(s.blocks)
        });
        for b in blocks {
            stream.push(b);
            after.push(out.borrow().len());
        }
        assert!(stream.finish(), "as planned: {text:?}");
        (out.into_inner(), after)
    }

    fn whole(text: &str) -> Vec<Vec<Block>> {
        let doc = Document::parse(text, "t");
        let empty = doc.sections.iter().all(|s| s.blocks.is_empty());
        if empty {
            return Vec::new();
        }
        doc.sections.into_iter().map(|s| s.blocks).collect()
    }

    #[test]
    fn sections_stream_out_as_the_whole_cuts_them() {
        for text in [
            "",
            "just text\n",
            "# Title\n\nintro\n\n## A\n\na\n\n## B\n\nb\n",
            "# Title\n\n## A\n\na\n\n## B\n\nb\n",
            "# 1.0\n\nx\n\n# 0.9\n\ny\n",
            "---\ntitle: Front\nauthor: Someone\n---\n\n# One\n\na\n\n# Two\n\nb\n",
            "---\nauthor: Someone\n---\n\n# Only\n\n## A\n\na\n",
            "Title\n=====\n\nSub\n---\n\ntext\n\nOther\n-----\n\nmore\n",
        ] {
            assert_eq!(streamed(text).0, whole(text), "{text:?}");
        }
    }

    #[test]
    fn footnotes_go_to_the_section_citing_them_first() {
        for text in [
            // Defined at the end, cited in the first section and again later.
            "## A\n\nclaim[^n]\n\n## B\n\nagain[^n]\n\n## C\n\n[^n]: the note\n",
            // Defined before any citation.
            "## A\n\n[^n]: early\n\n## B\n\nclaim[^n]\n\n## C\n\nc\n",
            // Defined twice: the first moves, the second stays.
            "## A\n\nclaim[^n]\n\n## B\n\n[^n]: first\n\n## C\n\n[^n]: second\n",
            // Never cited, and cited but never defined.
            "## A\n\n[^z]: alone\n\nclaim[^q]\n\n## B\n\nb\n",
            // A note citing another.
            "## A\n\nclaim[^a]\n\n## B\n\n[^b]: inner\n\n## C\n\n[^a]: outer[^b]\n",
        ] {
            assert_eq!(streamed(text).0, whole(text), "{text:?}");
        }
    }

    #[test]
    fn a_section_is_handed_on_when_the_next_starts_unless_it_waits_for_a_note() {
        // Blocks: A heading, a, B heading, b, C heading, c.
        let (_, after) = streamed("## A\n\na\n\n## B\n\nb\n\n## C\n\nc\n");
        assert_eq!(after, [0, 0, 1, 1, 2, 2]);
        // A cites a note defined in C: A and B wait until C is complete.
        let (_, after) =
            streamed("## A\n\na[^n]\n\n## B\n\nb\n\n## C\n\n[^n]: note\n\n## D\n\nd\n");
        assert_eq!(after, [0, 0, 0, 0, 0, 0, 3, 3]);
    }
}
