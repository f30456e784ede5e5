//! Tables: a grid drawn with box characters when it fits the room, else each row as
//! "header: value" lines (a header cell with no words adds no "header:").

use super::{Prefix, Span, Writer, push_span};
use crate::document::{Align, CompactString, Run, TextStyle};
use crate::text;

/// A cell's runs (empty for a cell the row does not have).
fn cell_text(row: &[Vec<Run>], c: usize) -> Vec<Run> {
    row.get(c).cloned().unwrap_or_default()
}

impl Writer<'_> {
    pub(super) fn table(
        &mut self,
        aligns: &[Align],
        header: usize,
        rows: &[Vec<Vec<Run>>],
        prefix: &mut Prefix,
        offset: usize,
    ) {
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            self.emit(prefix, Vec::new(), offset);
            return;
        }
        // Cells as shown: a header's links by their text, a body cell's with references.
        let shown: Vec<Vec<Vec<Run>>> = rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                row.iter()
                    .map(|cell| self.shown_runs(cell, r < header).into_owned())
                    .collect()
            })
            .collect();
        let rows = &shown;
        let mut widths = vec![0usize; columns];
        for row in rows {
            for (c, w) in widths.iter_mut().enumerate() {
                let runs = cell_text(row, c);
                *w = (*w).max(runs.iter().map(|r| text::width(&r.text)).sum());
            }
        }
        let room = self.room(prefix);
        let grid_width = widths.iter().sum::<usize>() + 3 * columns + 1;
        if grid_width <= room {
            self.grid(aligns, header, rows, &widths, prefix, offset);
        } else {
            self.fallback(header, rows, columns, prefix, offset);
        }
    }

    /// The table as a grid with columns `widths` wide.
    fn grid(
        &mut self,
        aligns: &[Align],
        header: usize,
        rows: &[Vec<Vec<Run>>],
        widths: &[usize],
        prefix: &mut Prefix,
        offset: usize,
    ) {
        let columns = widths.len();
        let border = |l: &str, m: &str, r: &str| -> Vec<Span> {
            let mut s = l.to_string();
            for (c, w) in widths.iter().enumerate() {
                s.push_str(&"─".repeat(w + 2));
                s.push_str(if c + 1 == columns { r } else { m });
            }
            vec![Span {
                text: s.into(),
                style: TextStyle::MARKER,
                source: None,
            }]
        };
        self.emit(prefix, border("┌", "┬", "┐"), offset);
        for (r, row) in rows.iter().enumerate() {
            let row_offset = row
                .first()
                .and_then(|c| c.first())
                .map_or(offset, |r| r.offset);
            if r > 0 && r == header {
                self.emit(prefix, border("├", "┼", "┤"), row_offset);
            }
            let mut spans = Vec::new();
            push_span(&mut spans, "│", TextStyle::MARKER, None);
            for (c, w) in widths.iter().enumerate() {
                let runs = cell_text(row, c);
                let used: usize = runs.iter().map(|r| text::width(&r.text)).sum();
                let pad = w - used;
                let (left, right) = match aligns.get(c).copied().unwrap_or(Align::Left) {
                    Align::Left => (0, pad),
                    Align::Right => (pad, 0),
                    Align::Center => (pad / 2, pad - pad / 2),
                };
                push_span(&mut spans, &" ".repeat(left + 1), TextStyle::PLAIN, None);
                let head = if r < header {
                    TextStyle::STRONG
                } else {
                    TextStyle::PLAIN
                };
                for run in &runs {
                    push_span(&mut spans, &run.text, run.style | head, Some(run.offset));
                }
                push_span(&mut spans, &" ".repeat(right + 1), TextStyle::PLAIN, None);
                push_span(&mut spans, "│", TextStyle::MARKER, None);
            }
            self.emit(prefix, spans, row_offset);
        }
        self.emit(prefix, border("└", "┴", "┘"), offset);
    }

    /// A table too wide for its grid: each row as "header: value" lines.
    fn fallback(
        &mut self,
        header: usize,
        rows: &[Vec<Vec<Run>>],
        columns: usize,
        prefix: &mut Prefix,
        offset: usize,
    ) {
        let head: Option<&Vec<Vec<Run>>> = if header > 0 { rows.first() } else { None };
        for (r, row) in rows.iter().enumerate().skip(header.min(1)) {
            let row_offset = row
                .first()
                .and_then(|c| c.first())
                .map_or(offset, |r| r.offset);
            if r > header.min(1) {
                self.blank(prefix, row_offset);
            }
            for c in 0..columns {
                let mut runs = Vec::new();
                // A header cell with no words names nothing: no "Header: " then.
                if let Some(h) = head.map(|h| cell_text(h, c))
                    && h.iter().any(|r| !r.text.trim().is_empty())
                {
                    for run in h {
                        runs.push(Run {
                            style: run.style | TextStyle::STRONG,
                            ..run
                        });
                    }
                    runs.push(Run {
                        text: CompactString::const_new(": "),
                        offset: row_offset,
                        style: TextStyle::STRONG | TextStyle::MARKER,
                    });
                }
                runs.extend(cell_text(row, c));
                self.wrap(
                    &runs,
                    TextStyle::PLAIN,
                    self.set(false, 0),
                    prefix,
                    row_offset,
                );
            }
        }
    }
}
