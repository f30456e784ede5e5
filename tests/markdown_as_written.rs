//! Markdown as people write it, opened whole, titled and clean: front matter, titles, HTML,
//! alerts, links, footnotes, code, headings and tables, in print, in the contents and on
//! screen (with `tests/fixtures/readme-features.md` snapshotted at 80x24 and 40x12).

use connection_reader::app::App;
use connection_reader::document::{BlockKind, Document};
use connection_reader::layout::{Format, Links, layout_section_with};
use connection_reader::print::{print, toc};
use connection_reader::theme::Theme;
use connection_reader::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const FEATURES: &str = include_str!("fixtures/readme-features.md");

fn printed(src: &str, format: &Format) -> String {
    let doc = Document::parse(src, "notes.md");
    let mut out = Vec::new();
    print(&doc, 0, format, None, &mut out).expect("print");
    String::from_utf8(out).expect("UTF-8")
}

fn plain(src: &str) -> String {
    printed(src, &Format::new(72))
}

fn contents(src: &str) -> String {
    let mut out = Vec::new();
    toc(&Document::parse(src, "notes.md"), &mut out).expect("toc");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn a_title_followed_by_sections_is_kept_everywhere() {
    let src = "# Tidepool\n\n## Install\n\nRun it.\n\n## Use\n\nRead.\n";
    let doc = Document::parse(src, "README.md");
    assert_eq!(doc.title, "Tidepool");
    let titles: Vec<&str> = doc.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Install", "Use"]);
    assert!(plain(src).starts_with("Tidepool\n════════\n\nInstall\n───────\n"));
    assert!(contents(src).starts_with("Tidepool\n 1  Install"));
    // On screen: in the title bar and at the top of the first page.
    let app = App::new(doc, 72, 80, 24, 0);
    assert_eq!(app.visible()[0].text(), "Tidepool");
}

#[test]
fn several_level_one_headings_are_sections_and_the_first_names_the_document() {
    let src = "# 1.2.0\n\nFixed.\n\n# 1.1.0\n\nAdded.\n";
    let doc = Document::parse(src, "CHANGELOG.md");
    // One title everywhere: its own, else its first heading with words, else the file's.
    assert_eq!(doc.title, "1.2.0");
    let doc = Document::parse("Just words.\n", "notes.md");
    assert_eq!(doc.title, "notes.md");
    let doc = Document::parse(src, "CHANGELOG.md");
    let names: Vec<(usize, &str)> = doc
        .sections
        .iter()
        .map(|s| (s.number, s.title.as_str()))
        .collect();
    assert_eq!(names, [(1, "1.2.0"), (2, "1.1.0")], "no Opening");
    // With front matter, its title names the document.
    let doc = Document::parse(&format!("---\ntitle: Releases\n---\n{src}"), "CHANGELOG.md");
    assert_eq!(doc.title, "Releases");
    assert_eq!(doc.sections[0].title, "1.2.0");
}

#[test]
fn a_logo_over_the_title_is_an_image_not_a_heading() {
    // A README that opens with a logo as a level-1 heading, then its real title.
    let src = include_str!("fixtures/real/crossterm-README.md");
    assert!(src.starts_with("<h1 align=\"center\"><img width=\"440\""));
    let doc = Document::parse(src, "README.md");
    assert_eq!(doc.title, "Cross-platform Terminal Manipulation Library");
    let titles: Vec<&str> = doc.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles[..3], ["Opening", "Table of Contents", "Features"]);
    assert!(
        titles.iter().all(|t| !t.starts_with("Section")),
        "{titles:?}"
    );
    // The logo is still there, as the image it is, above the badges and the title.
    let shown = plain(src);
    assert!(shown.starts_with("[image]\n\n[Donate]"), "{shown}");
    // A logo with alternative text names the document.
    let doc = Document::parse(
        "<h1 align=\"center\">\n  <img src=\"logo.svg\" alt=\"Chalk\">\n</h1>\n\n## Install\n\nnpm.\n",
        "readme.md",
    );
    assert_eq!(doc.title, "Chalk");
}

#[test]
fn front_matter_heads_the_document_and_is_never_shown_as_text() {
    let yaml =
        "---\ntitle: \"On Tides\"\nauthor: Ada\ndate: 2026-01-02\nlayout: post\n---\n\nBody.\n";
    let out = plain(yaml);
    assert!(
        out.starts_with("On Tides\n════════\nAda · 2026-01-02\n\nBody.\n"),
        "{out}"
    );
    assert!(!out.contains("layout") && !out.contains("---"));
    let toml = "+++\ntitle = \"On Tides\"\ndate = 2026-01-02\n+++\n\nBody.\n";
    let out = plain(toml);
    assert!(
        out.starts_with("On Tides\n════════\n2026-01-02\n\nBody.\n"),
        "{out}"
    );
    assert!(contents(toml).starts_with("On Tides\n"));
    // No title in the front matter: the one `#` is the title, the byline under it.
    let out = plain("---\nauthor: Bo\n---\n\n# Notes\n\ntext\n");
    assert!(out.starts_with("Notes\n═════\nBo\n\ntext"), "{out}");
}

#[test]
fn html_shows_its_text_not_its_tags() {
    let out = plain(FEATURES);
    assert!(
        out.contains("[build]¹ [crate]² [docs]³\n"),
        "badges on one line: {out}"
    );
    assert!(out.contains("Press Ctrl+K"));
    assert!(out.contains("moment1."), "<sup> shows its text");
    assert!(!out.contains('<') && !out.contains("badges end"), "{out}");
    assert!(out.contains("Older releases\n\nVersion 0.1 was the first."));
    let out = plain("One<br>two &amp; &#27;three <a name=\"x\"></a>four\n");
    assert_eq!(out, "One\ntwo & ␛three four\n");
    let out = plain("<div>\n<h2>Inside</h2>\n<p>A <b>bold</b> word.</p>\n</div>\n");
    assert_eq!(out, "Inside\n──────\n\nA bold word.\n");
    // An HTML heading opens a section where it stands in the source, not at its start.
    let src = "# T\n\n## One\n\ntext\n\n<h2>Two</h2>\n\nmore\n\n<hr>\n\nafter\n";
    let doc = Document::parse(src, "t.md");
    let two = doc
        .sections
        .iter()
        .find(|s| s.title == "Two")
        .expect("a section");
    assert_eq!(two.offset, src.find("<h2>").expect("there"));
    let offsets: Vec<usize> = two.blocks.iter().map(|b| b.offset).collect();
    assert!(offsets.windows(2).all(|w| w[0] <= w[1]), "{offsets:?}");
}

#[test]
fn alerts_are_labelled_quotes() {
    let out = plain("> [!WARNING]\n> Mind the tide.\n");
    assert_eq!(out, "│ Warning\n│\n│ Mind the tide.\n");
}

#[test]
fn links_read_as_prose_with_their_addresses_at_the_end_of_the_section() {
    let src = "# T\n\nSee [the docs](https://d.example) and [again](https://d.example), \
               <https://plain.example>.\n\n## [Next](https://n.example) part\n\nText.\n";
    let out = plain(src);
    assert!(
        out.contains("See the docs¹ and again¹, https://plain.example."),
        "{out}"
    );
    assert!(out.contains("1. https://d.example\n\nNext part\n"), "{out}");
    let doc = Document::parse(src, "t.md");
    assert_eq!(doc.sections[1].title, "Next part", "no address in a title");
    let inline = printed(
        src,
        &Format {
            links: Links::Inline,
            ..Format::new(72)
        },
    );
    assert!(
        inline.contains("See the docs <https://d.example>"),
        "{inline}"
    );
}

#[test]
fn a_footnote_is_read_with_the_section_that_first_cites_it() {
    let src = "# T\n\n## One\n\nA claim[^n].\n\n## Two\n\nMore.\n\n[^n]: The evidence.\n";
    let doc = Document::parse(src, "t.md");
    let in_section = |i: usize| {
        doc.sections[i]
            .blocks
            .iter()
            .any(|b| matches!(b.kind, BlockKind::Footnote { .. }))
    };
    assert!(in_section(0), "with the section citing it");
    assert!(!in_section(1));
    let out = plain(src);
    let note = out.find("The evidence.").expect("shown");
    assert!(note < out.find("Two").expect("second section"), "{out}");
}

#[test]
fn code_keeps_its_shape_and_says_where_a_line_continues() {
    let src = "```\nshort\nthe quick brown fox jumps over the lazy dog\n```\n";
    let doc = Document::parse(src, "t.md");
    let lines = |format: Format| -> Vec<String> {
        layout_section_with(&doc.sections[0], &format)
            .iter()
            .map(|l| l.text())
            .collect()
    };
    // Past the prose measure when the screen has room: never reflowed.
    let wide = lines(Format {
        code_width: 60,
        ..Format::new(20)
    });
    assert_eq!(
        wide,
        ["  short", "  the quick brown fox jumps over the lazy dog"]
    );
    // Still too wide: continued behind a marker, nothing lost.
    let narrow = lines(Format::new(20));
    assert_eq!(
        narrow,
        [
            "  short",
            "  the quick brown fo",
            "  ↪ x jumps over the",
            "  ↪  lazy dog"
        ]
    );
}

#[test]
fn each_heading_level_is_told_apart_in_plain_print() {
    let out = plain("# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\nA line.\n");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "One",
            "═══",
            "",
            "Two",
            "───",
            "",
            "▌ Three",
            "",
            "▏ Four",
            "",
            "· Five",
            "",
            "A line."
        ]
    );
}

#[test]
fn tables_that_do_not_fit_fall_back_cleanly() {
    // Wrapped inside its columns while they stay a few letters wide.
    let src = "| | [Name](https://n.example) |\n|---|---|\n| 1 | a long value that cannot fit |\n";
    let out = printed(src, &Format::new(20));
    assert!(out.starts_with("┌───┬"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() <= 20), "{out}");
    assert!(out.contains("│ 1 │ a long value"), "{out}");
    // Four columns in 20: "header: value" lines, a header cell with no words naming nothing.
    let src = "| | [Name](https://n.example) | Kind | Note |\n|---|---|---|---|\n\
               | 1 | a long value that cannot fit | tool | more words |\n";
    let out = printed(src, &Format::new(20));
    assert!(!out.contains(": 1") && !out.starts_with(": "), "{out}");
    assert!(out.starts_with("1\nName: a long value\n"), "{out}");
    let grid = plain(src);
    assert!(
        grid.contains("│ Name "),
        "a header link by its text: {grid}"
    );
}

/// Draws `app` and returns the screen as text rows.
fn screen(app: &App) -> Terminal<TestBackend> {
    let (w, h) = app.area_size();
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("backend");
    t.draw(|f| ui::draw(f, app, &Theme { color: true }))
        .expect("draw");
    t
}

#[test]
fn a_readme_with_everything_on_screen() {
    for (w, h) in [(80u16, 24u16), (40, 12)] {
        let doc = Document::parse(FEATURES, "README.md");
        let mut app = App::new(doc, 72, w, h, 0);
        insta::assert_snapshot!(format!("readme_first_page_{w}x{h}"), screen(&app).backend());
        app.update(connection_reader::keys::Action::NextSection);
        insta::assert_snapshot!(format!("readme_install_{w}x{h}"), screen(&app).backend());
        app.update(connection_reader::keys::Action::NextSection);
        insta::assert_snapshot!(format!("readme_options_{w}x{h}"), screen(&app).backend());
    }
}

#[test]
fn a_byte_order_mark_reads_the_same_printed_whole_in_pieces_and_dormant() {
    use connection_reader::document::large::parse_large;
    let body: String = (0..200)
        .map(|i| format!("## Part {i}\n\nText with a [link][l{i}] in it.\n\n[l{i}]: /u{i}\n\n"))
        .collect();
    for text in [
        format!("\u{feff}---\ntitle: Front\n---\n\n{body}"),
        format!("\u{feff}# Title\n\n{body}"),
    ] {
        let whole = Document::parse(&text, "doc.md");
        assert!(
            ["Front", "Title"].contains(&whole.title.as_str()),
            "{}",
            whole.title
        );
        let format = Format::new(60);
        let mut want = Vec::new();
        print(&whole, 0, &format, None, &mut want).expect("print");
        for piece in [32, 1024, 4096] {
            let dormant = parse_large(
                std::sync::Arc::new(text.clone()),
                "doc.md",
                piece,
                Default::default(),
            );
            assert!(dormant.dormant.is_some());
            assert_eq!(dormant.title, whole.title);
            assert_eq!(dormant.sections.len(), whole.sections.len());
            for i in 0..whole.sections.len() {
                assert_eq!(
                    &*dormant.blocks(i),
                    &whole.sections[i].blocks[..],
                    "section {i}"
                );
            }
            let mut got = Vec::new();
            print(&dormant, 0, &format, None, &mut got).expect("print");
            assert!(got == want, "pieces of {piece}");
        }
    }
}

#[test]
fn an_html_table_is_drawn_as_a_markdown_table_is() {
    let src = "# Types\n\n<table>\n<tr><th>name in Rust</th><th>name in C++</th><th>restrictions</th></tr>\n\
               <tr><td><code>Vec&lt;T&gt;</code></td><td><code>std::vector</code></td><td>none</td></tr>\n\
               </table>\n";
    let out = printed(src, &Format::new(72));
    assert!(
        out.contains("│ name in Rust │ name in C++ │ restrictions │"),
        "{out}"
    );
    assert!(
        out.contains("│ Vec<T>       │ std::vector │ none         │"),
        "{out}"
    );
    assert!(
        !out.contains("name in Rustname"),
        "cells keep their bounds: {out}"
    );
    // Cells holding paragraphs (a README's sponsors): each block a line of its cell, nothing
    // lost; a table cut by blank lines (markdown in its cells) reads as text.
    let src = "<table><tr><td><p>First sponsor</p><p><b>Website</b> | Docs</p></td>\
               <td><h3>Second</h3>text</td></tr></table>\n\n\
               <table>\n<tr>\n<td>\n\nmarkdown **inside**\n\n</td>\n</tr>\n</table>\n";
    let out = printed(src, &Format::new(72));
    for words in [
        "First sponsor",
        "Website | Docs",
        "Second",
        "text",
        "markdown inside",
    ] {
        assert!(out.contains(words), "{words}: {out}");
    }
    assert!(out.starts_with('┌'), "{out}");
}
