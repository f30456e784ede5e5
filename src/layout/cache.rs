//! The layout cache: each section laid out in the current format the first time it is
//! shown, kept until the format (the width, say) changes. Layout happens through here, never
//! while drawing.

use super::{Format, Line, Span, layout_section_with};
use crate::document::{Document, TextStyle};

/// Sections laid out in one format, each done the first time it is needed.
#[derive(Debug)]
pub struct Layouts {
    format: Format,
    sections: Vec<Option<Vec<Line>>>,
}

impl Layouts {
    pub fn new(sections: usize, format: Format) -> Layouts {
        Layouts {
            format,
            sections: vec![None; sections],
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
        }
    }

    /// The lines of section `i`, laid out now if they were not yet. The last section ends
    /// with an end marker.
    pub fn get(&mut self, doc: &Document, i: usize) -> &[Line] {
        let format = self.format;
        let last = i + 1 == doc.sections.len();
        self.sections[i].get_or_insert_with(|| {
            let mut lines = layout_section_with(&doc.sections[i], &format);
            if last {
                end_marker(&mut lines, format.width);
            }
            lines
        })
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
