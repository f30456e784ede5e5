//! Properties over generated markdown: at every width no line is too wide and nothing the
//! document holds is lost; and no sequence of keys and resizes leaves the reader invalid.

use connection_reader::app::App;
use connection_reader::document::{Block, BlockKind, Document, Run};
use connection_reader::keys::Action;
use connection_reader::layout::layout_section;
use connection_reader::text;
use proptest::prelude::*;
use std::collections::HashMap;

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z]{1,10}",
        1 => "[a-z]{20,90}",
        1 => "[日本語文章読書]{1,8}",
        1 => prop::sample::select(vec!["👍🏽", "🎉", "é", "e\u{301}", "Z\u{351}\u{352}", "🇳🇿", "—", "“q”", "a\u{200b}b"])
            .prop_map(str::to_string),
        1 => "[a-z]{1,6}".prop_map(|w| format!("**{w}**")),
        1 => "[a-z]{1,6}".prop_map(|w| format!("*{w}*")),
        1 => "[a-z]{1,6}".prop_map(|w| format!("`{w}`")),
        1 => "[a-z]{1,6}".prop_map(|w| format!("[{w}](https://example.org/{w})")),
        1 => "[a-z]{1,6}".prop_map(|w| format!("![{w}]({w}.png)")),
        1 => "[a-z]{1,4}".prop_map(|w| format!("{w}[^{w}]")),
        1 => Just("\t".to_string()),
        1 => Just("&#27;[31m".to_string()),
    ]
}

fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..12).prop_map(|w| w.join(" "))
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => words(),
        1 => (1..=3usize, words()).prop_map(|(l, w)| format!("{} {w}", "#".repeat(l))),
        1 => prop::collection::vec(words(), 1..4).prop_map(|ws| ws.iter().map(|w| format!("- {w}")).collect::<Vec<_>>().join("\n")),
        1 => prop::collection::vec(words(), 1..4).prop_map(|ws| ws.iter().enumerate().map(|(i, w)| format!("{}. {w}", i + 1)).collect::<Vec<_>>().join("\n")),
        1 => words().prop_map(|w| format!("- [x] {w}\n  - nested {w}\n    > quoted {w}")),
        1 => (1..8usize, words()).prop_map(|(d, w)| format!("{} {w}", ">".repeat(d))),
        1 => words().prop_map(|w| format!("```\n{w}\n\t{w}\n```")),
        1 => (words(), words()).prop_map(|(a, b)| format!("| {a} | b |\n|---|:-:|\n| {b} | x |")),
        1 => words().prop_map(|w| format!("[^{}]: {w}\n\n    more {w}", w.len() % 5)),
        1 => Just("---".to_string()),
        1 => words().prop_map(|w| format!("<div>{w}</div>")),
        1 => words().prop_map(|w| format!("{w}\\\n{w}  \n{w}")),
    ]
}

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(block(), 0..12).prop_map(|b| b.join("\n\n"))
}

/// Counts of each non-whitespace character in `s`.
fn ink(s: &str, into: &mut HashMap<char, usize>) {
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        *into.entry(c).or_default() += 1;
    }
}

fn runs_ink(runs: &[Run], into: &mut HashMap<char, usize>) {
    for r in runs {
        ink(&r.text, into);
    }
}

fn blocks_ink(blocks: &[Block], into: &mut HashMap<char, usize>) {
    for b in blocks {
        match &b.kind {
            BlockKind::Heading { runs, .. } | BlockKind::Paragraph(runs) => runs_ink(runs, into),
            BlockKind::Code(lines) | BlockKind::Html(lines) => runs_ink(lines, into),
            BlockKind::Quote(inner) | BlockKind::Footnote { blocks: inner, .. } => {
                blocks_ink(inner, into)
            }
            BlockKind::List { items, .. } => {
                for item in items {
                    blocks_ink(&item.blocks, into);
                }
            }
            BlockKind::Table { rows, .. } => {
                for cell in rows.iter().flatten() {
                    runs_ink(cell, into);
                }
            }
            BlockKind::Rule => {}
        }
    }
}

fn check_layout(src: &str, width: usize) -> Result<(), TestCaseError> {
    let doc = Document::parse(src, "generated.md");
    for section in &doc.sections {
        let lines = layout_section(section, width);
        let mut have = HashMap::new();
        for line in &lines {
            let w = line.width();
            prop_assert!(w <= width, "width {width}: {:?} is {w} wide", line.text());
            prop_assert!(!line.text().chars().any(char::is_control));
            ink(&line.text(), &mut have);
        }
        prop_assert!(lines.windows(2).all(|p| p[0].offset <= p[1].offset));
        let mut want = HashMap::new();
        blocks_ink(&section.blocks, &mut want);
        for (c, n) in want {
            let got = have.get(&c).copied().unwrap_or(0);
            prop_assert!(
                got >= n,
                "width {width}: {c:?} appears {got} times, wanted {n}"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_line_too_wide_and_nothing_lost(src in markdown(), width in 2usize..=200) {
        check_layout(&src, width)?;
    }

    #[test]
    fn keys_and_resizes_keep_the_position_valid(
        src in markdown(),
        steps in prop::collection::vec(
            prop_oneof![
                (0u16..120, 0u16..60).prop_map(|(w, h)| Err((w, h))),
                prop::sample::select(vec![
                    Action::LineDown, Action::LineUp, Action::PageDown, Action::PageUp,
                    Action::HalfPageDown, Action::HalfPageUp, Action::SectionTop,
                    Action::SectionEnd, Action::DocumentStart, Action::DocumentEnd,
                    Action::NextSection, Action::PrevSection, Action::GoToSection(0),
                    Action::GoToSection(2), Action::GoToSection(9), Action::Help,
                ]).prop_map(Ok),
            ],
            0..60,
        ),
    ) {
        let doc = Document::parse(&src, "generated.md");
        let mut app = App::new(doc, 72, 80, 24, 0);
        for step in steps {
            match step {
                Ok(action) => app.update(action),
                Err((w, h)) => app.resize(w, h),
            }
            let r = app.reader();
            prop_assert!(r.section < app.document().sections.len());
            prop_assert!(r.top <= r.max_top(app.lines()));
            prop_assert!(app.visible().len() <= r.height);
            let width = app.regions().map_or(usize::MAX, |g| usize::from(g.text.width));
            for line in app.visible() {
                prop_assert!(line.width() <= width.max(2));
            }
        }
    }
}

#[test]
fn every_width_from_2_to_200_on_a_mixed_document() {
    let src = "# Title\n\nWords 日本語の文章 👍🏽 e\u{301} and a verylongwordthatmustbebrokenacrosslines.\n\n\
               - one\n  - two *em* **strong** `code`\n\n> quote [link](https://example.org)\n\n\
               | a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\tline\n```\n";
    for width in 2..=200 {
        check_layout(src, width).expect("layout holds");
    }
    let _ = text::width("");
}
