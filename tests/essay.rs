//! The bundled essay: its sections, and every word of the author's text surviving into the
//! printed layout, in order, at every width.

use connection_reader::document::{Document, TextStyle};
use connection_reader::layout::layout_section;
use connection_reader::layout::{Format, Hyphenation};
use connection_reader::print::print;
use connection_reader::source::{ESSAY, ESSAY_NAME};
use connection_reader::text;

const AUTHOR: &str = include_str!("fixtures/making-a-connection.txt");

fn essay() -> Document {
    Document::parse(ESSAY, ESSAY_NAME)
}

/// The non-whitespace characters of `s`, in order.
fn ink(s: &str) -> Vec<char> {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `needle` appears in `hay` in order (other characters may come between).
fn in_order(needle: &[char], hay: &[char]) -> Result<(), String> {
    let mut it = hay.iter();
    for (i, c) in needle.iter().enumerate() {
        if !it.any(|h| h == c) {
            let at: String = needle[i.saturating_sub(20)..(i + 20).min(needle.len())]
                .iter()
                .collect();
            return Err(format!("lost {c:?} near {at:?}"));
        }
    }
    Ok(())
}

#[test]
fn essay_has_the_opening_and_four_named_sections() {
    let doc = essay();
    assert_eq!(doc.title, "Making a Connection is Hard — And Neccessary");
    let names: Vec<(usize, &str)> = doc
        .sections
        .iter()
        .map(|s| (s.number, s.title.as_str()))
        .collect();
    assert_eq!(
        names,
        vec![
            (0, "Opening"),
            (1, "Audience"),
            (2, "Passion"),
            (3, "Outcome"),
            (4, "Being real")
        ]
    );
}

#[test]
fn sections_begin_where_the_author_changes_subject() {
    let doc = essay();
    let first_words = |i: usize| -> String {
        let lines = layout_section(&doc.sections[i], 200);
        // Line 0 is the heading, line 1 the rule under it, line 2 the blank after them.
        assert!(lines[1].text().chars().all(|c| c == '─'));
        lines[3].text()
    };
    assert!(first_words(1).starts_with("Knowing your audience."));
    assert!(first_words(2).starts_with("Feeling the passion."));
    assert!(first_words(3).starts_with("Knowing what you want them to come away with."));
    assert!(first_words(4).starts_with("Most importantly, you have to be real."));
    let last = layout_section(&doc.sections[4], 200);
    assert_eq!(
        last.last().map(|l| l.text()),
        Some("Make sure you’re creating a good one.".to_string())
    );
}

#[test]
fn the_four_short_lines_keep_their_breaks() {
    let doc = essay();
    let lines: Vec<String> = layout_section(&doc.sections[2], 200)
        .iter()
        .map(|l| l.text())
        .collect();
    let at = lines
        .iter()
        .position(|l| l == "Connections are the only way we can get through life.")
        .expect("the first short line on its own");
    assert_eq!(
        &lines[at + 1..at + 4],
        &[
            "You need connections to get ahead in your career.",
            "You need connections to feel personally fulfilled.",
            "Connections are necessary."
        ]
    );
}

#[test]
fn every_word_of_the_author_survives_print_in_order_at_every_width() {
    let doc = essay();
    let author = ink(AUTHOR);
    for width in 2..=200 {
        let mut out = Vec::new();
        print(&doc, 0, &Format::new(width), None, &mut out).expect("print to a Vec");
        let printed = String::from_utf8(out).expect("utf-8");
        for line in printed.lines() {
            assert!(
                text::width(line) <= width,
                "width {width}: {line:?} is {} wide",
                text::width(line)
            );
        }
        if let Err(e) = in_order(&author, &ink(&printed)) {
            panic!("width {width}: {e}");
        }
    }
}

/// The essay's words as laid out at `format`, a word hyphenated at a line's end joined
/// again (the hyphen the layout added left out), and how many were.
fn laid_out_words(format: &Format) -> (Vec<String>, usize) {
    let doc = essay();
    let mut text = String::new();
    let mut hyphens = 0;
    for section in &doc.sections {
        for line in connection_reader::layout::layout_section_with(section, format) {
            for span in &line.spans {
                if !span.style.contains(TextStyle::HYPHEN) {
                    text.push_str(&span.text);
                }
            }
            let hyphenated = line
                .spans
                .last()
                .is_some_and(|s| s.style.contains(TextStyle::HYPHEN));
            if hyphenated {
                hyphens += 1;
            } else {
                text.push('\n');
            }
        }
    }
    (
        text.split_whitespace().map(str::to_string).collect(),
        hyphens,
    )
}

#[test]
fn hyphenated_words_join_again_into_the_authors_words() {
    for width in [24, 40, 60, 72] {
        for justify in [false, true] {
            let mut format = Format::new(width);
            format.set.justify = justify;
            let (words, hyphens) = laid_out_words(&format);
            if width <= 40 {
                assert!(hyphens > 0, "width {width}: some word is hyphenated");
            }
            let headings = ["Audience", "Passion", "Outcome", "Being", "real"];
            let words: Vec<&String> = words
                .iter()
                .filter(|w| !w.chars().all(|c| c == '─' || c == '═'))
                .collect();
            let mut it = words.iter();
            for word in AUTHOR.split_whitespace() {
                assert!(
                    it.any(|p| p.as_str() == word),
                    "width {width}: {word:?} missing or out of order"
                );
            }
            assert_eq!(
                words.len() - AUTHOR.split_whitespace().count(),
                headings.len(),
                "width {width}: only the section headings are added"
            );
        }
    }
}

#[test]
fn every_word_is_kept_whole_when_the_width_allows() {
    // At 72 columns, without hyphenation, no word of the essay is broken: the printed words
    // are the author's.
    let doc = essay();
    let mut out = Vec::new();
    let mut format = Format::new(72);
    format.set.hyphenation = Hyphenation::Never;
    print(&doc, 0, &format, None, &mut out).expect("print to a Vec");
    let printed = String::from_utf8(out).expect("utf-8");
    // Rules under headings are not words.
    let printed: Vec<&str> = printed
        .split_whitespace()
        .filter(|w| !w.chars().all(|c| c == '─' || c == '═'))
        .collect();
    let headings = ["Audience", "Passion", "Outcome", "Being", "real"];
    let mut it = printed.iter();
    for word in AUTHOR.split_whitespace() {
        assert!(it.any(|p| p == &word), "{word:?} missing or out of order");
    }
    let extra = printed.len() - AUTHOR.split_whitespace().count();
    assert_eq!(extra, headings.len(), "only the section headings are added");
}
