//! Tables: a grid drawn with box characters, as wide as the terminal may be (as code is),
//! its columns balanced and its cells wrapped inside them when the natural widths do not
//! fit; only when even a few letters a column would not fit, each row as "header: value"
//! lines (a header cell with no words adds no "header:").

use super::setting::{Set, wrap_runs};
use super::{Prefix, Span, Writer, push_span};
use crate::document::{Align, CompactString, Run, TextStyle};
use crate::text;

/// The narrowest a column may be made before a table is shown as "header: value" lines
/// instead (a few letters of a word a line is no table to read).
const NARROWEST: usize = 6;

/// Column widths for columns whose cells are at most `natural` wide, in `room` columns: each
/// its natural width when all fit; else the room shared out, narrow columns first given all
/// they need, the rest an equal share each. `None` when a share would be narrower than
/// [`NARROWEST`] (and its column wider).
fn balanced(natural: &[usize], room: usize) -> Option<Vec<usize>> {
    if natural.iter().sum::<usize>() <= room {
        return Some(natural.to_vec());
    }
    let mut widths = vec![0usize; natural.len()];
    let mut open: Vec<usize> = (0..natural.len()).collect();
    let mut left = room;
    loop {
        let share = left / open.len().max(1);
        let (fit, wide): (Vec<usize>, Vec<usize>) =
            open.iter().partition(|&&c| natural[c] <= share);
        if fit.is_empty() {
            if share < NARROWEST {
                return None;
            }
            // The wide columns share what is left; the remainder goes to the first.
            let mut extra = left - share * wide.len();
            for &c in &wide {
                widths[c] = share + usize::from(extra > 0);
                extra = extra.saturating_sub(1);
            }
            return Some(widths);
        }
        for &c in &fit {
            widths[c] = natural[c];
            left -= natural[c];
        }
        open = wide;
        if open.is_empty() {
            return Some(widths);
        }
    }
}

/// A cell's lines at `width`: its runs wrapped (at spaces, a word longer than the column
/// cut), in `extra` style too; hard breaks start new lines.
fn cell_lines(runs: &[Run], width: usize, extra: TextStyle) -> Vec<Vec<Span>> {
    let set = Set {
        balanced: false,
        hyphens: None,
        justify: false,
        indent: 0,
    };
    let mut lines = Vec::new();
    for segment in runs.split(|r| r.is_break()) {
        wrap_runs(segment, width.max(1), extra, set, 0, &mut |spans, _| {
            lines.push(spans)
        });
    }
    lines
}

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
        // A table may use the code width (the terminal's), as code does.
        let room = self
            .code_width
            .saturating_sub(prefix.width)
            .max(self.room(prefix));
        let rules = 3 * columns + 1;
        match balanced(&widths, room.saturating_sub(rules)) {
            Some(fitted) => self.grid(aligns, header, rows, &fitted, prefix, offset, room),
            // Not even a few columns a word wide fit: each row as "header: value" lines.
            None => self.fallback(header, rows, columns, prefix, offset),
        }
    }

    /// The table as a grid with columns `widths` wide (a cell wider than its column wraps
    /// inside it), in `room` columns.
    #[allow(clippy::too_many_arguments)]
    fn grid(
        &mut self,
        aligns: &[Align],
        header: usize,
        rows: &[Vec<Vec<Run>>],
        widths: &[usize],
        prefix: &mut Prefix,
        offset: usize,
        room: usize,
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
        // Rows of more than one line (a cell wider than its column, or with a line break)
        // are ruled apart, so each reads as one.
        let tall = rows.iter().any(|row| {
            widths.iter().enumerate().any(|(c, &w)| {
                let runs = row.get(c).map_or(&[][..], Vec::as_slice);
                runs.iter().any(Run::is_break)
                    || runs.iter().map(|r| text::width(&r.text)).sum::<usize>() > w
            })
        });
        self.emit_wide(prefix, border("┌", "┬", "┐"), offset, room);
        for (r, row) in rows.iter().enumerate() {
            let row_offset = row
                .first()
                .and_then(|c| c.first())
                .map_or(offset, |r| r.offset);
            if r > 0 && (r == header || tall) {
                self.emit_wide(prefix, border("├", "┼", "┤"), row_offset, room);
            }
            let head = if r < header {
                TextStyle::STRONG
            } else {
                TextStyle::PLAIN
            };
            // Each cell's lines at its column's width; the row is as tall as its tallest.
            let cells: Vec<Vec<Vec<Span>>> = widths
                .iter()
                .enumerate()
                .map(|(c, &w)| cell_lines(&cell_text(row, c), w, head))
                .collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            for k in 0..height {
                let mut spans = Vec::new();
                push_span(&mut spans, "│", TextStyle::MARKER, None);
                for (c, w) in widths.iter().enumerate() {
                    let line = cells[c].get(k);
                    let used: usize =
                        line.map_or(0, |l| l.iter().map(|s| text::width(&s.text)).sum());
                    let pad = w.saturating_sub(used);
                    let (left, right) = match aligns.get(c).copied().unwrap_or(Align::Left) {
                        Align::Left => (0, pad),
                        Align::Right => (pad, 0),
                        Align::Center => (pad / 2, pad - pad / 2),
                    };
                    push_span(&mut spans, &" ".repeat(left + 1), TextStyle::PLAIN, None);
                    for span in line.into_iter().flatten() {
                        push_span(&mut spans, &span.text, span.style, span.source);
                    }
                    push_span(&mut spans, &" ".repeat(right + 1), TextStyle::PLAIN, None);
                    push_span(&mut spans, "│", TextStyle::MARKER, None);
                }
                self.emit_wide(prefix, spans, row_offset, room);
            }
        }
        self.emit_wide(prefix, border("└", "┴", "┘"), offset, room);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::layout::{Format, layout_section_with};

    fn lines(src: &str, format: &Format) -> Vec<String> {
        let doc = Document::parse(src, "t");
        doc.sections
            .iter()
            .flat_map(|s| layout_section_with(s, format))
            .map(|l| l.text())
            .collect()
    }

    #[test]
    fn narrow_columns_keep_their_width_and_wide_ones_share_the_rest() {
        assert_eq!(balanced(&[3, 10], 20), Some(vec![3, 10]), "all fit");
        assert_eq!(balanced(&[1, 40, 40], 41), Some(vec![1, 20, 20]));
        assert_eq!(balanced(&[2, 50, 9], 40), Some(vec![2, 29, 9]));
        assert_eq!(balanced(&[30, 30, 30, 30], 20), None, "a share under six");
    }

    #[test]
    fn a_table_wider_than_the_prose_uses_the_terminal_as_code_does() {
        let row = |a: &str| format!("| {a} | {} | {} |\n", "x".repeat(40), "y".repeat(40));
        let src = format!(
            "| Name | Python | Rust |\n|---|---|---|\n{}",
            row("int").repeat(35)
        );
        let wide = Format {
            code_width: 200,
            ..Format::new(72)
        };
        let out = lines(&src, &wide);
        assert!(out[0].starts_with('┌'), "a grid: {}", out[0]);
        assert!(
            out.iter().any(|l| l.chars().count() > 72),
            "wider than the prose"
        );
        assert!(out.iter().all(|l| l.chars().count() <= 200));
        assert_eq!(
            out.iter().filter(|l| l.contains("│ int")).count(),
            35,
            "a line a row"
        );
        // At the prose width alone (print to a pipe), its cells wrap inside their columns.
        let out = lines(&src, &Format::new(72));
        assert!(out[0].starts_with('┌'), "still a grid: {}", out[0]);
        assert!(out.iter().all(|l| l.chars().count() <= 72));
        assert!(out.iter().filter(|l| l.contains("│ int")).count() == 35);
    }

    #[test]
    fn a_column_of_ticks_never_turns_a_table_into_lines() {
        let mut src = String::from("| Terminal | Support |\n|---|:-:|\n");
        for i in 0..27 {
            src.push_str(&format!("| A terminal emulator called number {i} | ✓ |\n"));
        }
        let out = lines(&src, &Format::new(40));
        assert!(out[0].starts_with('┌'), "{}", out[0]);
        assert!(!out.iter().any(|l| l.contains("Support: ✓")));
        assert!(out.iter().all(|l| l.chars().count() <= 40));
    }
}
