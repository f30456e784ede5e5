//! Sectioning: top-level blocks become the reader's pages, split at the highest heading
//! level below the title, long sections cut into parts, and each section's words counted.

use super::{Block, BlockKind, Document, Run, Section, TextStyle};

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

pub(super) fn count_words(blocks: &[Block]) -> usize {
    fn runs(rs: &[Run]) -> usize {
        rs.iter()
            .filter(|r| !r.style.contains(TextStyle::URL))
            .map(|r| words_in(&r.text))
            .sum()
    }
    blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Heading { runs: r, .. }
            | BlockKind::Paragraph(r)
            | BlockKind::Code { lines: r, .. } => runs(r),
            BlockKind::Title { runs: r, byline } => runs(r) + runs(byline),
            BlockKind::Quote(bs) | BlockKind::Footnote { blocks: bs, .. } => count_words(bs),
            BlockKind::List { items, .. } => items.iter().map(|i| count_words(&i.blocks)).sum(),
            BlockKind::Table { rows, .. } => rows.iter().flatten().map(|c| runs(c)).sum(),
            BlockKind::Rule => 0,
        })
        .sum()
}

/// The document's title block: from front matter, else a single level-1 heading (turned into
/// the title block where it stands), else none. Returns its index.
fn find_title(blocks: &mut Vec<Block>) -> Option<usize> {
    let front = match blocks.first() {
        Some(Block {
            kind: BlockKind::Title { runs, .. },
            ..
        }) => Some(!runs.is_empty()),
        _ => None,
    };
    if front == Some(true) {
        return Some(0);
    }
    // Several level-1 headings (a changelog's releases) are sections, not a title.
    let mut h1s = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b.kind, BlockKind::Heading { level: 1, .. }))
        .map(|(i, _)| i);
    let (Some(at), None) = (h1s.next(), h1s.next()) else {
        return front.map(|_| 0);
    };
    let byline = match front {
        Some(_) => match blocks.remove(0).kind {
            BlockKind::Title { byline, .. } => byline,
            _ => Vec::new(),
        },
        None => Vec::new(),
    };
    let at = if front.is_some() { at - 1 } else { at };
    if let BlockKind::Heading { runs, .. } = &mut blocks[at].kind {
        let runs = std::mem::take(runs);
        blocks[at].kind = BlockKind::Title { runs, byline };
    }
    Some(at)
}

/// Splits top-level blocks into sections at the highest heading level used below the title.
/// The opening (section 0) is the text before the first such heading; when it holds nothing
/// but the title, the title heads the first section instead.
pub(super) fn split(blocks: Vec<Block>, fallback_title: &str) -> Document {
    split_counting(blocks, fallback_title, &count_words)
}

/// [`split`], each section's words counted by `count` (the survey knows each block's).
pub(super) fn split_counting(
    mut blocks: Vec<Block>,
    fallback_title: &str,
    count: &dyn Fn(&[Block]) -> usize,
) -> Document {
    let title_at = find_title(&mut blocks);
    let own = title_at
        .and_then(|i| match &blocks[i].kind {
            BlockKind::Title { runs, .. } => Some(heading_text(runs)),
            _ => None,
        })
        .filter(|t| !t.is_empty());
    let title = own.clone().unwrap_or_else(|| fallback_title.to_string());
    let split_level = blocks
        .iter()
        .filter_map(|b| heading(b).map(|(l, _)| l))
        .min();
    // The one title a document goes by everywhere (the title bar, the library, --recent,
    // --toc): its own (front matter, a single top heading), else its first heading with
    // words, else the file's name. The sections are named as before.
    let known = own.or_else(|| {
        blocks
            .iter()
            .filter_map(|b| heading(b).map(|(_, runs)| heading_text(runs)))
            .find(|t| !t.is_empty())
    });
    let mut doc = split_at_level(blocks, split_level, &title, count);
    if let Some(known) = known {
        doc.title = known;
    }
    doc
}

pub(super) fn heading(b: &Block) -> Option<(u8, &[Run])> {
    match &b.kind {
        BlockKind::Heading { level, runs } => Some((*level, runs)),
        _ => None,
    }
}

/// Splits blocks into sections at headings of `split_level`, for a document titled `title`
/// (see [`split`]; a region of a large document is split at the level the outline found).
fn split_at_level(
    blocks: Vec<Block>,
    split_level: Option<u8>,
    title: &str,
    count: &dyn Fn(&[Block]) -> usize,
) -> Document {
    let title = title.to_string();
    let mut sections: Vec<Section> = Vec::new();
    let mut opening = Vec::new();
    let mut opening_has_text = false;
    for block in blocks {
        let starts_section =
            split_level.is_some() && heading(&block).map(|(l, _)| l) == split_level;
        if starts_section {
            let name = heading(&block)
                .map(|(_, r)| heading_text(r))
                .unwrap_or_default();
            sections.push(Section {
                number: sections.len() + 1,
                title: name,
                offset: block.offset,
                blocks: vec![block],
                words: 0,
            });
        } else if let Some(last) = sections.last_mut() {
            last.blocks.push(block);
        } else {
            // A title, or a rule under it, is not text of its own.
            opening_has_text |= !matches!(block.kind, BlockKind::Title { .. } | BlockKind::Rule);
            opening.push(block);
        }
    }
    if !opening_has_text && !sections.is_empty() {
        // Only the title before the first heading: it heads the first section.
        if let Some(first) = opening.first() {
            sections[0].offset = first.offset;
        }
        opening.append(&mut sections[0].blocks);
        sections[0].blocks = opening;
    } else {
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
    gather_footnotes(&mut sections);
    let mut sections = split_long(sections);
    for s in &mut sections {
        s.words = count(&s.blocks);
        // The document lives long: give back the room each section's list grew past.
        s.blocks.shrink_to_fit();
    }
    sections.shrink_to_fit();
    Document {
        title,
        sections,
        len: 0,
        anchors: Vec::new(),
        lang: None,
        dormant: None,
    }
}

/// The footnote labels `blocks` cite, in order (footnotes' own text included).
pub(super) fn cited(blocks: &[Block], into: &mut Vec<String>) {
    for_each_citation(blocks, &mut |r| {
        if let Some(label) = r.text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            into.push(label.to_string());
        }
    });
}

/// Each footnote reference's run in `blocks`, in order (see [`cited`]).
pub(super) fn for_each_citation(blocks: &[Block], f: &mut impl FnMut(&Run)) {
    let runs = |runs: &[Run], f: &mut dyn FnMut(&Run)| {
        for r in runs
            .iter()
            .filter(|r| r.style.contains(TextStyle::FOOTNOTE))
        {
            f(r);
        }
    };
    for b in blocks {
        match &b.kind {
            BlockKind::Heading { runs: r, .. } | BlockKind::Paragraph(r) => runs(r, f),
            BlockKind::Quote(inner) | BlockKind::Footnote { blocks: inner, .. } => {
                for_each_citation(inner, f)
            }
            BlockKind::List { items, .. } => {
                for i in items {
                    for_each_citation(&i.blocks, f);
                }
            }
            BlockKind::Table { rows, .. } => rows.iter().flatten().for_each(|c| runs(c, f)),
            BlockKind::Title { .. } | BlockKind::Code { .. } | BlockKind::Rule => {}
        }
    }
}

/// Moves each footnote to the end of the section that first cites it, so its text is read
/// with the page that refers to it, never in a later one. (A label defined twice: the first
/// definition moves, as citations show it; the other stays where it is written.)
fn gather_footnotes(sections: &mut [Section]) {
    let has_notes = sections.iter().any(|s| {
        s.blocks
            .iter()
            .any(|b| matches!(b.kind, BlockKind::Footnote { .. }))
    });
    if !has_notes || sections.len() < 2 {
        return;
    }
    // The first section citing each label.
    let mut first: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, s) in sections.iter().enumerate() {
        let mut labels = Vec::new();
        cited(&s.blocks, &mut labels);
        for label in labels {
            first.entry(label).or_insert(i);
        }
    }
    let mut moves: Vec<(usize, Block)> = Vec::new();
    // Only a label's first definition is the note its citations show; another stays put.
    let mut defined = std::collections::HashSet::new();
    for (i, s) in sections.iter_mut().enumerate() {
        let blocks = std::mem::take(&mut s.blocks);
        for b in blocks {
            let target = match &b.kind {
                BlockKind::Footnote { label, .. } if defined.insert(label.clone()) => {
                    first.get(label).copied()
                }
                _ => None,
            };
            match target {
                Some(t) if t != i => moves.push((t, b)),
                _ => s.blocks.push(b),
            }
        }
    }
    for (t, b) in moves {
        sections[t].blocks.push(b);
    }
}

/// A heading's text as titles, tabs and the contents show it: the words only, without link
/// addresses or anything the document adds.
pub fn heading_text(runs: &[Run]) -> String {
    let mut s = String::new();
    for r in runs {
        if r.style.contains(TextStyle::URL) || r.style.contains(TextStyle::MARKER) {
            continue;
        }
        s.push_str(if r.is_break() { " " } else { &r.text });
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
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
        out.extend(parts(section, end));
    }
    let first = usize::from(!has_opening);
    for (i, s) in out.iter_mut().enumerate() {
        s.number = i + first;
    }
    out
}

/// A section cut into parts of about [`PART`] bytes (see [`split_long`]), the next section
/// starting at `end` (none: it is the last); numbered as the section is.
pub(super) fn parts(section: Section, end: Option<usize>) -> Vec<Section> {
    let last_block = section.blocks.last().map_or(section.offset, |b| b.offset);
    let span = end.unwrap_or(last_block).saturating_sub(section.offset);
    if span <= PART || section.blocks.len() < 2 {
        return vec![section];
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
    parts
        .into_iter()
        .enumerate()
        .map(|(i, blocks)| Section {
            number: section.number,
            title: if count == 1 {
                section.title.clone()
            } else {
                format!("{} ({} of {count})", section.title, i + 1)
            },
            offset: blocks.first().map_or(section.offset, |b| b.offset),
            blocks,
            words: 0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_between_spaces() {
        assert_eq!(words_in(""), 0);
        assert_eq!(words_in("one"), 1);
        assert_eq!(words_in("  one two\tthree\n four  "), 4);
        assert_eq!(words_in("日本語 café"), 2);
    }
}
