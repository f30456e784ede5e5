//! How a large document is parsed in parts: surveyed window by window (see [`survey`]: its
//! link definitions, footnote labels and top-level blocks, the parser deciding every cut),
//! sectioned by the whole parse's own rules, and each section's blocks kept or put to sleep
//! as places in the text (see [`dormant`]), parsed again when asked for. The reader's
//! loader, the library's counting and `--print` all parse a large document here.
//!
//! [`survey`]: super::survey
//! [`dormant`]: super::dormant

use super::{Document, Keep, Markdown, Survey};
use std::sync::Arc;

/// How large the windows a large document is surveyed in are (see [`Survey`]): what the
/// parser holds at once.
pub const PIECE: usize = 256 << 10;

/// A large text parsed as the reader and `--print` parse one: surveyed and folded in windows
/// of about `piece` bytes (see [`super::survey`]) and sectioned, its blocks kept as
/// `keep` says, and the other sections kept as places in the text and parsed again when
/// asked for (see [`super::dormant`]). The same document as
/// parsing the whole text at once ([`Document::woken`] gives it with every section's
/// blocks), which is never held parsed whole (a parse of real markdown holds about ten
/// times the text at its peak).
///
/// [`Document::woken`]: super::Document::woken
pub fn surveyed(
    text: Arc<String>,
    name: &str,
    piece: usize,
    markdown: Markdown,
    keep: Keep,
) -> Document {
    let survey = Survey::of_text(&text, piece, markdown, keep);
    Document::surveyed(text, survey, name, markdown)
}

/// [`surveyed`], no blocks kept: every section parsed again when asked for.
pub fn parse_large(text: Arc<String>, name: &str, piece: usize, markdown: Markdown) -> Document {
    surveyed(text, name, piece, markdown, Keep::Upto(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_opened_by_definitions_after_a_list_is_folded_again_as_one() {
        // The list's end reaches past the definition; the paragraph it opens cites a note,
        // so it is folded again alone: from the definition, or its indented line is code.
        let text =
            "-\ta\n\n\ta continued\n\n[a]: /1 \"a\"\n    # a[^a] indented code\n\n    more\n\n";
        let whole = Document::parse(text, "t.md");
        for piece in [1, 7, 1000] {
            for keep in [Keep::Upto(0), Keep::Upto(59), Keep::Upto(usize::MAX)] {
                let text = Arc::new(text.to_string());
                let large = surveyed(text, "t.md", piece, Markdown::default(), keep);
                assert_eq!(large.woken(), whole, "in pieces of {piece}, {keep:?}");
            }
        }
    }

    #[test]
    fn a_large_file_parsed_in_pieces_is_the_same_document() {
        let mut text = String::from("# Big\n\nSee [the end][far] and a note[^n].\n\n");
        for i in 0..700 {
            text.push_str(&format!(
                "## Part {i}\n\n{}\n\n```\n# not a heading {i}\n```\n\n",
                "Prose — ünïcode words. ".repeat(150)
            ));
        }
        text.push_str("[far]: https://example.org/far\n\n[^n]: The note, defined last.\n");
        assert!(text.len() > 3 * PIECE);
        let whole = Document::parse(&text, "large.md");
        let large = parse_large(
            Arc::new(text.clone()),
            "large.md",
            PIECE,
            Markdown::default(),
        );
        assert!(large.dormant.is_some());
        assert_eq!(large.woken(), whole);
        // Pieces far smaller than a section cut the same document.
        let small = parse_large(Arc::new(text), "large.md", 1000, Markdown::default());
        assert_eq!(small.woken(), whole);
    }
}
