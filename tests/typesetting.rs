//! How prose is set: balanced and first-fit breaking, hyphens, justified lines, book-style
//! paragraphs and typographic punctuation, on the essay (snapshots at 40 and 72 columns in
//! each mode) and on small documents made to show each rule.

mod common;

use common::*;
use connection_reader::document::{Document, Markdown, TextStyle};
use connection_reader::layout::{
    Format, Hyphenation, Line, Paragraphs, Typesetting, Wrap, layout_section_with,
};
use connection_reader::print::print;
use connection_reader::source::{ESSAY, ESSAY_NAME};
use ratatui::crossterm::event::KeyCode;

/// The modes the essay is shown in: name, how markdown is read, how prose is set.
fn modes() -> Vec<(&'static str, Markdown, Typesetting)> {
    let default = Typesetting::default();
    vec![
        (
            "fast",
            Markdown::default(),
            Typesetting {
                wrap: Wrap::Fast,
                hyphenation: Hyphenation::Never,
                ..default
            },
        ),
        ("balanced", Markdown::default(), default),
        (
            "justified",
            Markdown::default(),
            Typesetting {
                justify: true,
                ..default
            },
        ),
        (
            "book",
            Markdown::default(),
            Typesetting {
                paragraphs: Paragraphs::Book,
                ..default
            },
        ),
        (
            "smart",
            Markdown {
                smart_punctuation: true,
            },
            default,
        ),
    ]
}

fn printed(doc: &Document, width: usize, set: Typesetting) -> String {
    let format = Format {
        set,
        ..Format::new(width)
    };
    let mut out = Vec::new();
    print(doc, 0, &format, None, &mut out).expect("print to a Vec");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn the_essay_in_each_mode_at_40_and_72_columns() {
    for (name, markdown, set) in modes() {
        let doc = Document::parse_with(ESSAY, ESSAY_NAME, markdown);
        for width in [40, 72] {
            insta::assert_snapshot!(format!("essay_{name}_{width}"), printed(&doc, width, set));
        }
    }
}

/// The lines of every section of `src` laid out at `width` in `set`.
fn lines(src: &str, width: usize, set: Typesetting) -> Vec<Line> {
    let doc = Document::parse(src, "t");
    let format = Format {
        set,
        ..Format::new(width)
    };
    doc.sections
        .iter()
        .flat_map(|s| layout_section_with(s, &format))
        .collect()
}

/// The text of each line of `src` laid out at `width` in `set`.
fn texts(src: &str, width: usize, set: Typesetting) -> Vec<String> {
    lines(src, width, set).iter().map(Line::text).collect()
}

fn hyphenated(line: &Line) -> bool {
    line.spans
        .last()
        .is_some_and(|s| s.style.contains(TextStyle::HYPHEN))
}

#[test]
fn justified_lines_fill_the_column_except_a_paragraphs_last() {
    let set = Typesetting {
        justify: true,
        ..Typesetting::default()
    };
    for width in [30, 40, 72] {
        let all = lines(ESSAY, width, set);
        // Paragraph by paragraph: runs of lines between blank lines, headings left out.
        for block in all.split(|l| l.spans.is_empty()) {
            let Some((last, body)) = block.split_last() else {
                continue;
            };
            let heading = block
                .iter()
                .any(|l| l.spans.iter().any(|s| s.style.contains(TextStyle::HEADING)));
            if heading {
                continue;
            }
            for line in body {
                assert_eq!(line.width(), width, "{:?} at {width}", line.text());
            }
            assert!(last.width() <= width);
            // The spaces the justification adds are between words, never at an edge.
            for line in block {
                let text = line.text();
                assert_eq!(text.trim(), text, "{text:?}");
            }
        }
    }
}

#[test]
fn the_four_short_lines_stay_ragged_when_justified() {
    // A line ending at a hard break is a paragraph's last line as far as justifying goes.
    let set = Typesetting {
        justify: true,
        ..Typesetting::default()
    };
    let shown = texts(ESSAY, 72, set);
    for short in [
        "Connections are the only way we can get through life.",
        "You need connections to get ahead in your career.",
        "Connections are necessary.",
    ] {
        assert!(shown.iter().any(|t| t == short), "{short:?} as written");
    }
}

#[test]
fn book_paragraphs_are_indented_and_not_spaced_apart() {
    let src = "# T\n\nFirst paragraph.\n\nSecond paragraph.\n\n- a list\n\nAfter the list.\n\nAnd again.\n";
    let set = Typesetting {
        paragraphs: Paragraphs::Book,
        ..Typesetting::default()
    };
    let shown = texts(src, 40, set);
    let at = |t: &str| {
        shown
            .iter()
            .position(|l| l == t)
            .unwrap_or_else(|| panic!("{t:?} in {shown:?}"))
    };
    // The first paragraph is not indented; the one after it is, on the very next line.
    assert_eq!(at("  Second paragraph."), at("First paragraph.") + 1);
    // After a list a paragraph starts flush, after a blank line, as after a heading.
    assert_eq!(at("After the list."), at("• a list") + 2);
    assert_eq!(at("  And again."), at("After the list.") + 1);
    // A line of badges, or a paragraph after one that ends no sentence, stays apart.
    let loose =
        "Ends a sentence.\n\n![build](b.svg) ![docs](d.svg)\n\nDocs: example.org\n\nAnd then.\n";
    let shown = texts(loose, 40, set);
    assert!(!shown.iter().any(|t| t.starts_with("  ")), "{shown:?}");
    assert_eq!(
        shown.iter().filter(|t| t.is_empty()).count(),
        3,
        "{shown:?}"
    );
    // Spaced (the default): blank lines, no indents.
    let spaced = texts(src, 40, Typesetting::default());
    assert!(spaced.iter().any(|t| t == "Second paragraph."));
    assert!(!spaced.iter().any(|t| t.starts_with("  ")));
}

#[test]
fn hyphens_come_only_at_line_ends_and_never_in_code_addresses_or_headings() {
    let src = "# Extraordinarily comprehensive considerations\n\n\
               Internationalization considerations `configurationmanagement` \
               notwithstanding, [extraordinarily](https://example.org/extraordinarily) \
               comprehensive documentation accompanies responsibilities.\n";
    let set = Typesetting::default();
    let mut seen = 0;
    for width in 12..40 {
        for line in lines(src, width, set) {
            assert!(line.width() <= width);
            for (i, span) in line.spans.iter().enumerate() {
                if span.style.contains(TextStyle::HYPHEN) {
                    seen += 1;
                    assert_eq!(i + 1, line.spans.len(), "a hyphen ends its line");
                    assert!(!span.style.contains(TextStyle::CODE));
                    assert!(!span.style.contains(TextStyle::HEADING));
                    assert!(!span.style.contains(TextStyle::URL));
                }
            }
        }
    }
    assert!(seen > 0, "long words are hyphenated somewhere");
    // Never: no hyphen at any width.
    let never = Typesetting {
        hyphenation: Hyphenation::Never,
        ..set
    };
    for width in 12..40 {
        assert!(!lines(src, width, never).iter().any(hyphenated));
    }
}

#[test]
fn the_front_matters_language_chooses_the_patterns() {
    let body = "Donaudampfschifffahrtsgesellschaftskapitän und Verantwortungsbewusstsein \
                bestimmen Gesellschaftsordnungen.\n";
    let hyphens = |front: &str| {
        let src = format!("{front}{body}");
        let doc = Document::parse(&src, "t");
        let set = Typesetting::default().for_language(doc.lang.as_deref());
        (12..30)
            .flat_map(|w| lines(&src, w, set))
            .filter(hyphenated)
            .count()
    };
    assert!(hyphens("---\nlang: de\n---\n") > 0, "German patterns");
    // A language without patterns is not hyphenated with another's.
    assert_eq!(hyphens("---\nlang: ja\n---\n"), 0);
    assert_eq!(
        Typesetting::default()
            .for_language(Some("de-CH"))
            .hyphenation,
        Hyphenation::In(hypher::Lang::German)
    );
}

#[test]
fn balanced_lines_leave_no_very_short_line_where_first_fit_does() {
    // First fit fills the first line and leaves the second short; balanced evens them.
    let src = "aaaa bbbb cccc dddd eeeeeeeeeeeeeeeeeeee\n";
    let set = |wrap| Typesetting {
        wrap,
        hyphenation: Hyphenation::Never,
        ..Typesetting::default()
    };
    let fast = texts(src, 20, set(Wrap::Fast));
    let balanced = texts(src, 20, set(Wrap::Balanced));
    assert_eq!(fast, ["aaaa bbbb cccc dddd", "eeeeeeeeeeeeeeeeeeee"]);
    assert_eq!(
        balanced, fast,
        "nothing to even out: both lines are as full as can be"
    );
    let src = "aaa bb cc ddddd eeeeee\n";
    let fast = texts(src, 6, set(Wrap::Fast));
    let balanced = texts(src, 6, set(Wrap::Balanced));
    assert_eq!(fast, ["aaa bb", "cc", "ddddd", "eeeeee"]);
    assert_eq!(balanced, ["aaa", "bb cc", "ddddd", "eeeeee"]);
}

#[test]
fn j_and_p_set_the_page_and_it_is_remembered() {
    let mut app = essay(80, 24);
    assert!(!app.typesetting().justify);
    key(&mut app, KeyCode::Char('J'));
    assert!(app.typesetting().justify);
    assert_eq!(app.note(), Some("Justified"));
    key(&mut app, KeyCode::Char('P'));
    assert_eq!(app.typesetting().paragraphs, Paragraphs::Book);
    let saved = app.saved();
    assert_eq!((saved.justify, saved.book), (Some(true), Some(true)));
    // A new reading of the same document comes back set the same way.
    let mut again = essay(80, 24);
    let restore = connection_reader::app::Restore {
        text: connection_reader::app::Sameness::Same,
        keep_measure: false,
        keep_page: false,
        place: false,
    };
    again.restore(&saved, restore);
    assert!(again.typesetting().justify);
    assert_eq!(again.typesetting().paragraphs, Paragraphs::Book);
    // Unless the command line says how.
    let mut flagged = essay(80, 24);
    flagged.restore(
        &saved,
        connection_reader::app::Restore {
            keep_page: true,
            ..restore
        },
    );
    assert!(!flagged.typesetting().justify);
    // J again: ragged, and nothing left to remember.
    key(&mut app, KeyCode::Char('J'));
    assert!(!app.typesetting().justify);
    assert_eq!(app.note(), Some("Ragged right"));
    assert_eq!(app.saved().justify, None);
}

#[test]
fn a_line_that_would_tear_apart_is_left_ragged() {
    // A long address cannot share a line with the words after it; justifying the two words
    // left before it would open a gap of many columns, so that line stays as it is.
    let src =
        "Install from it https://example.org/a/rather/long/address/to/the/installer/archive now\n";
    let set = Typesetting {
        justify: true,
        hyphenation: Hyphenation::Never,
        ..Typesetting::default()
    };
    let mut format = Format {
        set,
        ..Format::new(40)
    };
    format.links = connection_reader::layout::Links::Inline;
    let doc = Document::parse(src, "t");
    let lines = layout_section_with(&doc.sections[0], &format);
    let first = lines[0].text();
    assert_eq!(first, "Install from it", "{lines:?}");
}
