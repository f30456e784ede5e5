//! The differential check the `pieces` fuzz target runs, shared with
//! `tests/fuzz_regressions.rs`: a document parsed as a large one is (surveyed in windows of
//! sizes from a byte up, sectioned from the survey, each section parsed again
//! alone) must be the whole parse, section for section and block for block, define the same
//! links, and print the same. Panics on the first difference.

use connection_reader::document::large::surveyed;
use connection_reader::document::{
    Document, Keep, LinkDefinitions, Markdown, OPTIONS, Survey, front_matter_end, label_key,
    text_start,
};
use connection_reader::layout::Format;
use connection_reader::print::print;
use std::sync::Arc;

/// The window sizes `len` bytes of text are surveyed in: every power of four from a byte up to
/// past the whole, and one the input chooses (1 to 128).
fn sizes(len: usize, chosen: usize) -> Vec<usize> {
    let mut sizes: Vec<usize> = std::iter::successors(Some(1usize), |s| s.checked_mul(4))
        .take_while(|&s| s <= len.saturating_mul(2).max(1))
        .collect();
    sizes.push(chosen);
    sizes
}

/// Checks `data`: its first byte chooses a window size and smart punctuation, the rest is
/// the text.
pub fn pieces_check(data: &[u8]) {
    let Some((&head, body)) = data.split_first() else {
        return;
    };
    let text = Arc::new(String::from_utf8_lossy(body).into_owned());
    let markdown = Markdown {
        smart_punctuation: head & 0x80 != 0,
    };
    let whole = Document::parse_with(&text, "fuzz.md", markdown);
    let format = Format::new(60);
    let mut want = Vec::new();
    print(&whole, 0, &format, None, &mut want).expect("print to memory");
    let definitions = {
        let body = front_matter_end(&text).max(text_start(&text));
        let parser = pulldown_cmark::Parser::new_ext(&text[body..], OPTIONS);
        let mut defs = LinkDefinitions::new();
        for (label, def) in parser.reference_definitions().iter() {
            defs.insert(label_key(label), def.dest.to_string());
        }
        defs
    };
    let outline = |d: &Document| -> Vec<(usize, String, usize, usize)> {
        d.sections
            .iter()
            .map(|s| (s.number, s.title.clone(), s.offset, s.words))
            .collect()
    };
    for piece in sizes(text.len(), usize::from(head & 0x7f) + 1) {
        // Blocks kept for none of it, half of it, all of it, or only what sectioning needs
        // folded (words not counted).
        let keep = [
            Keep::Upto(0),
            Keep::Upto(text.len() / 2),
            Keep::Upto(usize::MAX),
            Keep::Printing {
                upto: text.len() / 2,
                blocks: piece % 7,
            },
        ][piece % 4];
        let survey = Survey::of_text(&text, piece, markdown, keep);
        // Surveyed in two halves at once (what a long text gets): the same survey (its
        // pieces may end elsewhere, at the middle).
        let mut halved = Survey::of_text_halved(&text, piece, markdown, keep, true);
        assert_eq!(halved.ends.last(), survey.ends.last());
        halved.ends.clone_from(&survey.ends);
        if matches!(keep, Keep::Printing { .. }) {
            // (Printing, each half holds half as many blocks whole.)
            let places = |s: &Survey| -> Vec<(usize, usize)> {
                s.skeleton
                    .iter()
                    .map(|b| (b.start, b.block.offset))
                    .collect()
            };
            assert_eq!(
                places(&halved),
                places(&survey),
                "in halves, pieces of {piece}"
            );
            assert_eq!(halved.links, survey.links);
            assert_eq!(halved.notes, survey.notes);
        } else {
            assert_eq!(halved, survey, "in halves, pieces of {piece}");
        }
        assert_eq!(survey.links, definitions, "links, pieces of {piece}");
        if !matches!(keep, Keep::Printing { .. }) {
            assert_eq!(survey.anchors, whole.anchors, "anchors, pieces of {piece}");
        }
        assert_eq!(
            survey.ends.last().copied(),
            Some(text.len()),
            "the pieces cover the text"
        );
        let doc = surveyed(Arc::clone(&text), "fuzz.md", piece, markdown, keep);
        assert_eq!(doc.title, whole.title, "title, pieces of {piece}");
        let mut woken = doc.woken();
        if matches!(keep, Keep::Printing { .. }) {
            // (Words and the places HTML names in prose are not found then.)
            for (s, w) in woken.sections.iter_mut().zip(&whole.sections) {
                s.words = w.words;
            }
            woken.anchors.clone_from(&whole.anchors);
        }
        assert_eq!(
            outline(&woken),
            outline(&whole),
            "sections, pieces of {piece}"
        );
        assert_eq!(woken, whole, "blocks, pieces of {piece}");
        let mut got = Vec::new();
        print(&doc, 0, &format, None, &mut got).expect("print to memory");
        assert!(got == want, "printed, pieces of {piece}");
    }
}
