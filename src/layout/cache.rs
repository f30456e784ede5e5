//! The layout cache: each section laid out in the current format the first time it is
//! shown, kept until the format (the width, say) changes. Layout happens through here, never
//! while drawing. Its memory is bounded: past [`MAX_LINES`] lines held, the sections
//! farthest from the one asked for are dropped (and laid out again if they are needed).
//!
//! A dormant document's sections are parsed again to be laid out; the blocks of the last
//! few are kept too, so a new format (a resize) lays them out again without parsing.

use super::{Format, Line, Span, layout_blocks_with};
use crate::document::{Block, Document, TextStyle};
use std::collections::VecDeque;
use std::sync::Arc;

/// The most lines kept laid out at once (about 5 MB of lines of prose, a dozen of a large
/// document's longest parts): enough for every section near the reader, and few enough to
/// free in a few milliseconds (once the page at a new size is drawn, see [`Layouts::tidy`]).
pub const MAX_LINES: usize = 50_000;

/// How many of a dormant document's sections keep their parsed blocks (each at most a
/// part of a section, 256 KB of text).
const WOKEN: usize = 4;

/// Sections laid out in one format, each done the first time it is needed.
#[derive(Debug)]
pub struct Layouts {
    format: Format,
    sections: Vec<Option<Vec<Line>>>,
    /// Lines held in `sections`.
    held: usize,
    /// The blocks of the dormant sections laid out last, the newest at the back.
    woken: VecDeque<(usize, Arc<[Block]>)>,
    /// Layouts an old format made, to be freed when there is time.
    /// (Only the last format's: one not freed by then goes when the next format comes.)
    stale: Vec<Option<Vec<Line>>>,
}

impl Layouts {
    pub fn new(sections: usize, format: Format) -> Layouts {
        Layouts {
            format,
            sections: vec![None; sections],
            held: 0,
            woken: VecDeque::new(),
            stale: Vec::new(),
        }
    }

    /// The prose width.
    pub fn width(&self) -> usize {
        self.format.width
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// Changes the format, dropping every layout made in the old one.
    pub fn set_format(&mut self, format: Format) {
        if format != self.format {
            self.format = format;
            let fresh = vec![None; self.sections.len()];
            // Tens of thousands of lines take milliseconds to free: not while the reader waits
            // for the page at its new size, but once it is drawn (see [`Layouts::tidy`]).
            self.stale = std::mem::replace(&mut self.sections, fresh);
            self.held = 0;
        }
    }

    /// The lines of section `i`, laid out now if they were not yet. The last section ends
    /// with an end marker.
    pub fn get(&mut self, doc: &Document, i: usize) -> &[Line] {
        if self.sections[i].is_none() {
            let format = self.format;
            let mut lines = match doc.dormant {
                Some(_) => layout_blocks_with(&self.woken(doc, i), &format),
                None => layout_blocks_with(&doc.sections[i].blocks, &format),
            };
            if i + 1 == doc.sections.len() {
                end_marker(&mut lines, format.width);
            }
            self.held += lines.len();
            self.sections[i] = Some(lines);
            self.evict(i);
        }
        self.sections[i].as_deref().unwrap_or(&[])
    }

    /// Frees the layouts an old format made: for when the frame is drawn and no input waits.
    pub fn tidy(&mut self) {
        self.stale = Vec::new();
    }

    /// The blocks of dormant section `i`: kept from the last time, or parsed now.
    fn woken(&mut self, doc: &Document, i: usize) -> Arc<[Block]> {
        if let Some(at) = self.woken.iter().position(|(j, _)| *j == i) {
            let kept = self.woken.remove(at).expect("found");
            self.woken.push_back(kept);
        } else {
            if self.woken.len() == WOKEN {
                self.woken.pop_front();
            }
            self.woken
                .push_back((i, Arc::from(doc.blocks(i).into_owned())));
        }
        Arc::clone(&self.woken.back().expect("just pushed").1)
    }

    /// Drops the sections farthest from `keep` until no more than [`MAX_LINES`] are held
    /// (section `keep` itself always stays).
    fn evict(&mut self, keep: usize) {
        if self.held <= MAX_LINES {
            return;
        }
        let mut far: Vec<usize> = (0..self.sections.len())
            .filter(|&j| j != keep && self.sections[j].is_some())
            .collect();
        far.sort_by_key(|&j| std::cmp::Reverse(j.abs_diff(keep)));
        for j in far {
            if self.held <= MAX_LINES {
                break;
            }
            if let Some(lines) = self.sections[j].take() {
                self.held -= lines.len();
            }
        }
    }

    /// Lines held now.
    pub fn held(&self) -> usize {
        self.held
    }

    /// The lines of section `i` if they are laid out.
    pub fn cached(&self, i: usize) -> Option<&[Line]> {
        self.sections.get(i)?.as_deref()
    }
}

/// The mark after the document's last line, centred.
pub const END_MARK: &str = "∎ End";

fn end_marker(lines: &mut Vec<Line>, width: usize) {
    let offset = lines.last().map_or(0, |l| l.offset);
    let mark = if width >= END_MARK.chars().count() {
        END_MARK
    } else {
        "∎"
    };
    let pad = width.saturating_sub(mark.chars().count()) / 2;
    lines.push(Line {
        spans: Vec::new(),
        offset,
    });
    lines.push(Line {
        spans: vec![Span {
            text: compact_str::format_compact!("{}{mark}", " ".repeat(pad)),
            style: TextStyle::MARKER,
            source: None,
        }],
        offset,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_keeps_a_bounded_number_of_lines_near_the_reader() {
        // Sections of about 10,000 lines each at 20 columns.
        let para = "word ".repeat(40_000);
        let text: String = (0..12).map(|i| format!("## S{i}\n\n{para}\n\n")).collect();
        let doc = Document::parse(&text, "t");
        let mut cache = Layouts::new(doc.sections.len(), Format::new(20));
        for i in 0..doc.sections.len() {
            let n = cache.get(&doc, i).len();
            assert!(n > 5_000);
            assert!(cache.held() <= MAX_LINES + n, "{}", cache.held());
        }
        // The sections near the last one asked for are kept; the first are gone.
        let last = doc.sections.len() - 1;
        assert!(cache.cached(last).is_some());
        assert!(cache.cached(last - 1).is_some());
        assert!(cache.cached(0).is_none());
        // And come back when asked for.
        assert!(!cache.get(&doc, 0).is_empty());
        assert!(cache.cached(last).is_some() || cache.held() <= MAX_LINES);
    }

    #[test]
    fn a_dormant_document_lays_out_as_the_whole_in_every_format() {
        let text: String = (0..30)
            .map(|i| format!("## S{i}\n\nSome *words* of [prose][r].\n\n- a\n- b\n\n"))
            .chain(["[r]: https://example.org\n".to_string()])
            .collect();
        let whole = Document::parse(&text, "t");
        let dormant = crate::document::large::parse_large(
            Arc::new(text.clone()),
            "t",
            64,
            crate::document::Markdown::default(),
        );
        assert!(dormant.dormant.is_some());
        let n = whole.sections.len();
        let (mut a, mut b) = (
            Layouts::new(n, Format::new(30)),
            Layouts::new(n, Format::new(30)),
        );
        for width in [30, 12, 30] {
            a.set_format(Format::new(width));
            b.set_format(Format::new(width));
            for i in (0..n).chain((0..n).rev()) {
                assert_eq!(
                    a.get(&dormant, i),
                    b.get(&whole, i),
                    "section {i} at {width}"
                );
            }
            a.tidy();
            assert!(a.stale.is_empty());
            // Never more than one format's layouts wait to be freed.
            a.set_format(Format::new(width + 1));
            a.get(&dormant, 0);
            a.set_format(Format::new(width));
            assert_eq!(a.stale.len(), n);
            assert!(a.stale[0].is_some() && a.stale[1..].iter().all(Option::is_none));
        }
        // The last few sections' blocks are kept to lay out again; no more.
        assert_eq!(a.woken.len(), WOKEN);
    }
}
