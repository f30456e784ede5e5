//! The layout cache: each section laid out in the current format the first time it is
//! shown, kept until the format (the width, say) changes. Layout happens through here, never
//! while drawing. Its memory is bounded: past [`MAX_LINES`] lines held, the sections
//! farthest from the one asked for are dropped (and laid out again if they are needed).

use super::{Format, Line, Span, layout_blocks_with};
use crate::document::{Document, TextStyle};

/// The most lines kept laid out at once (about 20 MB of lines of prose).
pub const MAX_LINES: usize = 200_000;

/// Sections laid out in one format, each done the first time it is needed.
#[derive(Debug)]
pub struct Layouts {
    format: Format,
    sections: Vec<Option<Vec<Line>>>,
    /// Lines held in `sections`.
    held: usize,
}

impl Layouts {
    pub fn new(sections: usize, format: Format) -> Layouts {
        Layouts {
            format,
            sections: vec![None; sections],
            held: 0,
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
            self.sections.iter_mut().for_each(|s| *s = None);
            self.held = 0;
        }
    }

    /// The lines of section `i`, laid out now if they were not yet. The last section ends
    /// with an end marker.
    pub fn get(&mut self, doc: &Document, i: usize) -> &[Line] {
        if self.sections[i].is_none() {
            let format = self.format;
            let mut lines = layout_blocks_with(&doc.blocks(i), &format);
            if i + 1 == doc.sections.len() {
                end_marker(&mut lines, format.width);
            }
            self.held += lines.len();
            self.sections[i] = Some(lines);
            self.evict(i);
        }
        self.sections[i].as_deref().unwrap_or(&[])
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
            text: format!("{}{mark}", " ".repeat(pad)),
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
        // Sections of about 30,000 lines each at 20 columns.
        let para = "word ".repeat(120_000);
        let text: String = (0..12).map(|i| format!("## S{i}\n\n{para}\n\n")).collect();
        let doc = Document::parse(&text, "t");
        let mut cache = Layouts::new(doc.sections.len(), Format::new(20));
        for i in 0..doc.sections.len() {
            let n = cache.get(&doc, i).len();
            assert!(n > 20_000);
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
}
