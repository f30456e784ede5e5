//! Reader state: which section is open, which line is at the top, and the anchor that keeps
//! the place through a resize.
//!
//! Every move saturates and clamps, so no sequence of keys can leave the position outside
//! the section. The anchor is a source byte offset, not a line number: line numbers change
//! with the width, the text does not.

use crate::layout::{Line, line_at};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reader {
    /// Index into `Document::sections`.
    pub section: usize,
    /// Index of the first visible line.
    pub top: usize,
    /// Lines the page shows (at least one).
    pub height: usize,
    /// Source offset of the text being read; moves only when the reader moves.
    pub anchor: usize,
}

impl Reader {
    pub fn new(section: usize, height: usize) -> Reader {
        Reader {
            section,
            top: 0,
            height: height.max(1),
            anchor: 0,
        }
    }

    /// The last `top` that still fills the page.
    pub fn max_top(&self, lines: &[Line]) -> usize {
        lines.len().saturating_sub(self.height)
    }

    pub fn at_end(&self, lines: &[Line]) -> bool {
        self.top >= self.max_top(lines)
    }

    /// Sets the top line (clamped) and takes the anchor from it.
    pub fn set_top(&mut self, top: usize, lines: &[Line]) {
        self.top = top.min(self.max_top(lines));
        self.anchor = lines.get(self.top).map_or(0, |l| l.offset);
    }

    pub fn down(&mut self, n: usize, lines: &[Line]) {
        self.set_top(self.top.saturating_add(n), lines);
    }

    pub fn up(&mut self, n: usize, lines: &[Line]) {
        self.set_top(self.top.saturating_sub(n), lines);
    }

    /// Opens `section` at its top line.
    pub fn open(&mut self, section: usize, lines: &[Line]) {
        self.section = section;
        self.set_top(0, lines);
    }

    /// Opens `section` at its last page.
    pub fn open_at_end(&mut self, section: usize, lines: &[Line]) {
        self.section = section;
        self.set_top(usize::MAX, lines);
    }

    /// After the lines were laid out anew (another width or height), finds the anchor again.
    pub fn reanchor(&mut self, lines: &[Line]) {
        self.top = line_at(lines, self.anchor).min(self.max_top(lines));
    }

    /// Lines in a page move, keeping one line of the last page in view.
    pub fn page(&self) -> usize {
        self.height.saturating_sub(1).max(1)
    }

    pub fn half_page(&self) -> usize {
        (self.height / 2).max(1)
    }

    /// How far through the section the bottom of the page is, from 0 to 1.
    pub fn fraction(&self, lines: &[Line]) -> f64 {
        if lines.is_empty() {
            return 1.0;
        }
        let bottom = self.top.saturating_add(self.height).min(lines.len());
        bottom as f64 / lines.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(n: usize) -> Vec<Line> {
        (0..n)
            .map(|i| Line {
                spans: Vec::new(),
                offset: i * 10,
            })
            .collect()
    }

    #[test]
    fn moves_clamp_to_the_section() {
        let ls = lines(30);
        let mut r = Reader::new(0, 10);
        r.down(5, &ls);
        assert_eq!((r.top, r.anchor), (5, 50));
        r.down(1000, &ls);
        assert_eq!(r.top, 20);
        assert!(r.at_end(&ls));
        r.up(usize::MAX, &ls);
        assert_eq!(r.top, 0);
    }

    #[test]
    fn short_sections_are_always_at_their_end() {
        let ls = lines(3);
        let mut r = Reader::new(0, 10);
        r.down(1, &ls);
        assert_eq!(r.top, 0);
        assert!(r.at_end(&ls));
        assert_eq!(r.fraction(&ls), 1.0);
    }

    #[test]
    fn reanchor_finds_the_same_text() {
        let ls = lines(30);
        let mut r = Reader::new(0, 5);
        r.down(12, &ls);
        // The same text laid out twice as tall: offsets every 5 bytes.
        let taller: Vec<Line> = (0..60)
            .map(|i| Line {
                spans: Vec::new(),
                offset: i * 5,
            })
            .collect();
        r.reanchor(&taller);
        assert_eq!(r.top, 24);
        assert_eq!(r.anchor, 120, "the anchor itself does not drift");
    }
}
