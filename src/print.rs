//! Print mode: the same layout the reader shows, written as plain text for pipes and files.

use crate::document::Document;
use crate::layout::layout_section;
use std::io::{self, Write};

/// Writes every section from index `from` on, laid out at `width`, as plain text: no escape
/// sequences, no trailing spaces, a blank line between sections.
pub fn print(doc: &Document, from: usize, width: usize, out: &mut impl Write) -> io::Result<()> {
    for (i, section) in doc.sections.iter().enumerate().skip(from) {
        if i > from {
            out.write_all(b"\n")?;
        }
        for line in layout_section(section, width) {
            let text = line.text();
            out.write_all(text.trim_end().as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()
}

/// Writes the table of contents: number, title, words and minutes, one section a line.
pub fn toc(doc: &Document, out: &mut impl Write) -> io::Result<()> {
    let title_width = doc
        .sections
        .iter()
        .map(|s| crate::text::width(&s.title))
        .max()
        .unwrap_or(0);
    for s in &doc.sections {
        let pad = " ".repeat(title_width - crate::text::width(&s.title));
        writeln!(
            out,
            "{:>2}  {}{}  {:>6} words  {:>3} min",
            s.number,
            s.title,
            pad,
            s.words,
            s.minutes()
        )?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_lays_out_every_section_in_order() {
        let doc = Document::parse("# T\n\nintro text\n\n## A\n\nalpha beta gamma\n", "t");
        let mut out = Vec::new();
        print(&doc, 0, 11, &mut out).expect("write to a Vec");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(text, "T\n\nintro text\n\nA\n\nalpha beta\ngamma\n");
    }

    #[test]
    fn toc_lists_numbers_titles_words_and_minutes() {
        let doc = Document::parse("intro\n\n## Alpha\n\none two\n", "t");
        let mut out = Vec::new();
        toc(&doc, &mut out).expect("write to a Vec");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            text,
            " 0  Opening       1 words    1 min\n 1  Alpha         3 words    1 min\n"
        );
    }
}
