//! Properties over generated markdown: at every width no line is too wide and nothing the
//! document holds is lost; and no sequence of keys and resizes leaves the reader invalid.

mod common;

use common::{layout_problems, layout_problems_set};
use connection_reader::app::App;
use connection_reader::app::{BACKGROUND_SEARCH, Restore, Sameness};
use connection_reader::document::Document;
use connection_reader::keys::Action;
use connection_reader::layout::Typesetting;
use connection_reader::theme::Theme;
use connection_reader::ui;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::sync::OnceLock;

/// `cases` cases, or `PROPTEST_CASES` when set, for a longer run (seeds are random each
/// run; a failure's seed is saved in `props.proptest-regressions` and replayed from then on).
/// `PROPTEST_CASES=40000 cargo test --release --test props -- a_large_file a_dormant
/// definitions` found two bugs that runs of a few hundred cases had not.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

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
        2 => prop::sample::select(vec![
            "&#27;[31m", "\x1b[2J", "\x1b]0;title\x07", "\x1b]52;c;eA==\x07", "\x07", "\x7f",
            "\u{9b}1m", "\u{9d}x\u{9c}", "a\rb", "\0", "\x08", "&#x9b;", "\u{202e}rtl",
        ])
        .prop_map(str::to_string),
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
        1 => (words(), words()).prop_map(|(a, b)| format!("<p align=\"center\"><a href=\"https://x.y/{}\"><img alt=\"{a}\" src=\"b.svg\"></a> <kbd>{b}</kbd><br><!-- {b} --></p>", a.len())),
        1 => words().prop_map(|w| format!("<details>\n<summary>{w}</summary>\n\n{w}\n\n</details>")),
        1 => (prop::sample::select(vec!["NOTE", "TIP", "WARNING"]), words()).prop_map(|(k, w)| format!("> [!{k}]\n> {w}")),
        1 => words().prop_map(|w| format!("[{}](https://e.org/{}) and <https://auto.example/{}>", w, w.len(), w.len())),
        1 => words().prop_map(|w| format!("{w}\\\n{w}  \n{w}")),
    ]
}

fn markdown() -> impl Strategy<Value = String> {
    (
        prop::option::of(words()),
        prop::collection::vec(block(), 0..12),
    )
        .prop_map(|(front, b)| {
            // Sometimes front matter first, with a title to head the document.
            let front = front.map_or(String::new(), |t| {
                format!("---\ntitle: \"{}\"\nauthor: A\n---\n\n", t.replace('"', ""))
            });
            format!("{front}{}", b.join("\n\n"))
        })
}

fn check_layout(src: &str, width: usize) -> Result<(), TestCaseError> {
    let problems = layout_problems(src, width);
    prop_assert!(problems.is_empty(), "width {width}: {problems:?}");
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn no_line_too_wide_and_nothing_lost(src in markdown(), width in 2usize..=300) {
        for w in [2, 3, width, 80, 300] {
            check_layout(&src, w)?;
        }
    }

    #[test]
    fn every_way_of_setting_prose_keeps_lines_in_width_and_loses_nothing(
        src in markdown(),
        width in 2usize..=120,
        fast in any::<bool>(),
        hyphens in any::<bool>(),
        justify in any::<bool>(),
        book in any::<bool>(),
        smart_punctuation in any::<bool>(),
    ) {
        use connection_reader::layout::{Hyphenation, Paragraphs, Wrap};
        let set = Typesetting {
            wrap: if fast { Wrap::Fast } else { Wrap::Balanced },
            hyphenation: if hyphens { Hyphenation::Auto } else { Hyphenation::Never },
            justify,
            paragraphs: if book { Paragraphs::Book } else { Paragraphs::Spaced },
        };
        let markdown = connection_reader::document::Markdown { smart_punctuation };
        for w in [2, width, 72] {
            let problems = layout_problems_set(&src, w, markdown, set);
            prop_assert!(problems.is_empty(), "width {w}, {set:?}: {problems:?}");
        }
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
                    Action::Toc, Action::Search, Action::SearchNext, Action::SearchPrev,
                    Action::SetMark, Action::JumpToMark, Action::Wider, Action::Narrower,
                    Action::DefaultWidth, Action::Back,
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
            let (w, h) = app.area_size();
            let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("backend");
            terminal.draw(|f| ui::draw(f, &app, &Theme { color: true })).expect("draw");
            for cell in terminal.backend().buffer().content() {
                prop_assert!(!cell.symbol().chars().any(char::is_control), "{cell:?}");
            }
            let r = app.reader();
            prop_assert!(r.section < app.document().sections.len());
            prop_assert!(r.top <= r.max_top(app.lines()));
            prop_assert!(app.visible().len() <= r.height);
            let width = app
                .regions()
                .map_or(usize::MAX, |g| usize::from(g.text.width).max(app.code_width()));
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
}

/// A key or a resize, as the terminal delivers them.
fn event() -> impl Strategy<Value = Event> {
    let press = |code| Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    prop_oneof![
        6 => prop::sample::select(vec![
            KeyCode::Down, KeyCode::Up, KeyCode::PageDown, KeyCode::PageUp, KeyCode::Home,
            KeyCode::End, KeyCode::Enter, KeyCode::Esc, KeyCode::Tab, KeyCode::BackTab,
            KeyCode::Backspace, KeyCode::Left, KeyCode::Right,
        ]).prop_map(press),
        // Reading keys, prompt text, mark letters and section numbers alike.
        8 => prop::sample::select("jkgG<>/nNmt'?+-=0123456789abwordsWxqLyo ".chars().collect::<Vec<_>>())
            .prop_map(move |c| press(KeyCode::Char(c))),
        1 => prop::sample::select(vec![KeyCode::Left, KeyCode::Right])
            .prop_map(|c| Event::Key(KeyEvent::new(c, KeyModifiers::ALT))),
        1 => prop::sample::select(vec!['d', 'u', 'w'])
            .prop_map(|c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))),
        1 => (0u16..120, 0u16..60).prop_map(|(w, h)| Event::Resize(w, h)),
    ]
}

/// The invariants every event keeps: the top line exists, every match lies in its section,
/// and the place saved now opens on the same text.
fn check_app(app: &App, doc: &Document) -> Result<(), TestCaseError> {
    let r = app.reader();
    let sections = &app.document().sections;
    prop_assert!(r.section < sections.len());
    prop_assert!(r.top <= r.max_top(app.lines()));
    prop_assert!(app.lines().is_empty() || r.top < app.lines().len());
    prop_assert!(app.visible().len() <= r.height);
    if let Some(search) = app.active_search() {
        for m in &search.matches {
            let start = sections[m.section].offset;
            let end = sections
                .get(m.section + 1)
                .map_or(app.document().len, |s| s.offset);
            prop_assert!(m.start >= start && m.end <= end.max(m.start + 1), "{m:?}");
        }
    }
    let saved = app.saved();
    let (w, h) = app.area_size();
    let mut again = App::new(doc.clone(), 72, w, h, 0);
    let restore = Restore {
        text: Sameness::Same,
        keep_measure: false,
        keep_page: false,
        place: true,
    };
    again.restore(&saved, restore);
    prop_assert_eq!(again.reader().section, r.section);
    prop_assert_eq!(
        again.visible().first().map(|l| l.offset),
        app.visible().first().map(|l| l.offset)
    );
    Ok(())
}

/// A document over the background threshold, made once.
fn large_doc() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut text = String::from("# Large\n\nwords at the start\n\n");
        let mut i = 0;
        while text.len() <= BACKGROUND_SEARCH + (64 << 10) {
            text.push_str(&format!(
                "## Part {i}\n\nwords {} and more words\n\n",
                i * 7
            ));
            i += 1;
        }
        Document::parse(&text, "large.md")
    })
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn every_event_keeps_the_reader_valid_on_a_small_document(
        src in markdown(),
        events in prop::collection::vec(event(), 0..50),
    ) {
        let doc = Document::parse(&src, "generated.md");
        let mut app = App::new(doc.clone(), 72, 80, 24, 0);
        for e in &events {
            app.handle(e);
            check_app(&app, &doc)?;
        }
    }
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn every_event_keeps_the_reader_valid_on_a_large_document(
        events in prop::collection::vec(event(), 0..40),
    ) {
        let doc = large_doc();
        let mut app = App::new(doc.clone(), 72, 80, 24, 0);
        for e in &events {
            app.handle(e);
            app.poll_search();
            check_app(&app, doc)?;
        }
        // Whatever was asked, the searches end.
        common::settle_searches(&mut app);
        check_app(&app, doc)?;
    }
}

/// Blocks real files hold that a hand-made line scan gets wrong at a piece boundary, and
/// that a large document's survey must read as the parser does: fences with backticks or
/// tildes in their info string, fences and HTML inside list items and quotes broken by a
/// line at column 0, lazy continuation lines, setext headings, rules followed by text or a
/// tab, metadata-looking blocks away from the start, link definitions inside containers and
/// with titles over two lines, footnotes that hold blocks, tabs, logos, and HTML that folds
/// to several blocks.
fn hostile_block() -> impl Strategy<Value = String> {
    let label = "[a-c]{1,2}";
    prop_oneof![
        6 => block(),
        2 => words().prop_map(|w| format!("## {w}")),
        1 => words().prop_map(|w| format!("# {w}")),
        1 => words().prop_map(|w| format!("{w}\n===")),
        1 => words().prop_map(|w| format!("{w}\n---")),
        1 => words().prop_map(|w| format!("```a`b\n# {w}\n```")),
        1 => words().prop_map(|w| format!("~~~ a~b `c`\n# {w}\n~~~")),
        1 => words().prop_map(|w| format!("````\n```\n# {w}\n````")),
        1 => words().prop_map(|w| format!("- item\n\n  ```\n  # {w}\n\n{w} at column 0\n```\n# after")),
        1 => words().prop_map(|w| format!("> ```\n> # {w}\n{w} lazy\n```")),
        1 => words().prop_map(|w| format!("> {w}\n{w} lazy continuation\n# heading")),
        1 => words().prop_map(|w| format!("- {w}\nlazy {w}\n\n  # in the item")),
        1 => words().prop_map(|w| format!("- <div>\n\n  {w}\n</div>\n\n# {w}")),
        1 => words().prop_map(|w| format!("<!--\n\n# {w}\n\n-->")),
        1 => words().prop_map(|w| format!("<pre>\n\n# {w}\n\n</pre>")),
        1 => words().prop_map(|w| format!("<div>\n# {w}\n</div>")),
        1 => words().prop_map(|w| format!("---\n{w}\n---")),
        1 => words().prop_map(|w| format!("***\n{w}")),
        1 => words().prop_map(|w| format!("___\t\n{w}")),
        1 => words().prop_map(|w| format!("+++\ntitle = \"{}\"\n+++", w.len())),
        1 => words().prop_map(|w| format!("---\ntitle: {}\n...", w.len())),
        1 => words().prop_map(|w| format!("  {w} indented a little")),
        1 => words().prop_map(|w| format!("    # {w} indented code\n\n    more")),
        1 => words().prop_map(|w| format!("\t{w} under a tab")),
        1 => words().prop_map(|w| format!("-\t{w}\n\n\t{w} continued")),
        2 => label.prop_map(|l| format!("See [{l}], [x][{l}], [{l}][] and ![{l}].")),
        2 => (label, words()).prop_map(|(l, w)| format!("[{l}]: /{} \"{w}\"", l.len())),
        1 => label.prop_map(|l| format!("[{l}]: /u\n'a title\nover two lines'")),
        1 => label.prop_map(|l| format!("[{l}]: /u 'a title\n# that a heading cuts'")),
        1 => label.prop_map(|l| format!("[{l}\n{l}]: /two-lines")),
        1 => label.prop_map(|l| format!("- [{l}]: /listed\n\n  > [{l}x]: /quoted")),
        1 => label.prop_map(|l| format!("```\n[{l}]: /code\n```\n\n    [{l}]: /indented")),
        2 => "[a-c]".prop_map(|l| format!("A claim[^{l}] to check.")),
        1 => "[a-c]".prop_map(|l| format!("## A heading[^{l}]")),
        1 => ("[a-c]", words()).prop_map(|(l, w)| format!("[^{l}]: {w}")),
        1 => ("[a-c]", words()).prop_map(|(l, w)| format!("[^{l}]: {w}\n\n    - a list\n    - in it\n\n    and more[^b]")),
        1 => (prop::sample::select(vec![
            "# ![](logo.png)",
            "<h2></h2>",
            "#",
            "# [![](logo.svg)](https://example.org)",
            "<h1 align=\"center\"><img src=\"logo.png\"></h1>",
            "<h2>\n<img src=\"logo.png\" alt=\"Name\">\n</h2>",
            "# [![logo][l]][home]",
        ]), words()).prop_map(|(logo, w)| format!("{logo}\n\n{w}")),
        1 => words().prop_map(|w| format!("<p>{w}</p>\n<h2>{w}</h2>\n<p><a name=\"{}\"></a>{w}</p>", w.len())),
        1 => words().prop_map(|w| format!(" <p align=\"center\">\n  <a href=\"https://x.org\"><b>{w}</b></a>\n\n</p>")),
        1 => words().prop_map(|w| format!("Text with <a id=\"in-{}\"></a> an anchor {w}.", w.len())),
    ]
}

/// A document of hostile blocks, each after a blank line or right after the one before (so
/// lines run on lazily, interrupt, or underline), sometimes with front matter first and
/// sometimes with Windows line ends.
fn hostile_document() -> impl Strategy<Value = String> {
    (
        prop::option::of((words(), any::<bool>())),
        prop::collection::vec((hostile_block(), any::<bool>()), 1..40),
        prop::bool::weighted(0.15),
    )
        .prop_map(|(front, blocks, crlf)| {
            // Front matter naming a title, or only an author and a date (whose byline then
            // goes under a single level-1 heading).
            let mut text = front.map_or(String::new(), |(t, titled)| {
                if titled {
                    format!("---\ntitle: \"{}\"\n---\n", t.replace('"', ""))
                } else {
                    format!("---\nauthor: {}\ndate: 2026-12-07\n---\n", t.len())
                }
            });
            for (block, tight) in blocks {
                text.push_str(&block);
                text.push_str(if tight { "\n" } else { "\n\n" });
            }
            if crlf {
                text.replace('\n', "\r\n")
            } else {
                text
            }
        })
}

/// The link reference definitions one parse of the whole text finds, by label.
fn definitions_of(text: &str) -> connection_reader::document::LinkDefinitions {
    use connection_reader::document::{
        LinkDefinitions, OPTIONS, front_matter_end, label_key, text_start,
    };
    let body = front_matter_end(text).max(text_start(text));
    let parser = pulldown_cmark::Parser::new_ext(&text[body..], OPTIONS);
    let mut defs = LinkDefinitions::new();
    for (label, def) in parser.reference_definitions().iter() {
        defs.insert(label_key(label), def.dest.to_string());
    }
    defs
}

proptest! {
    #![proptest_config(config(256))]

    /// The one truth: a large document parsed in windows of any size, its blocks kept for
    /// some of it and the rest sectioned from stand-ins and parsed again alone, is the whole
    /// parse, section for section (numbers, titles, places, words) and block for block; its
    /// definitions are the whole parse's, in two halves at once too, and it prints the same.
    #[test]
    fn a_large_document_parses_like_the_whole(
        text in hostile_document(),
        piece in 1usize..400,
        keep in prop_oneof![
            Just(connection_reader::document::Keep::Upto(0)),
            (0usize..4000).prop_map(connection_reader::document::Keep::Upto),
            Just(connection_reader::document::Keep::Upto(usize::MAX)),
            (0usize..4000, 0usize..100).prop_map(|(upto, blocks)| connection_reader::document::Keep::Printing { upto, blocks }),
        ],
        smart_punctuation in prop::bool::weighted(0.2),
    ) {
        use connection_reader::document::{Markdown, Survey};
        use connection_reader::layout::Format;
        use connection_reader::print::print;
        use connection_reader::document::large::surveyed;
        use std::sync::Arc;
        let markdown = Markdown { smart_punctuation };
        let whole = Document::parse_with(&text, "doc.md", markdown);
        let survey = Survey::of_text(&text, piece, markdown, keep);
        prop_assert_eq!(&survey.links, &definitions_of(&text), "{:?}", text);
        // (Only what sectioning needs folded: the places HTML names in prose are not found.)
        let counted = !matches!(keep, connection_reader::document::Keep::Printing { .. });
        if counted {
            prop_assert_eq!(&survey.anchors, &whole.anchors, "{:?}", text);
        }
        // In two halves at once, as a long text is surveyed: the same survey (its pieces
        // may end elsewhere, at the middle).
        let mut halved = Survey::of_text_halved(&text, piece, markdown, keep, true);
        prop_assert_eq!(halved.ends.last(), survey.ends.last());
        halved.ends.clone_from(&survey.ends);
        if counted {
            prop_assert_eq!(&halved, &survey, "halves of {:?}", text);
        } else {
            // (Printing, each half holds half as many blocks whole.)
            let places = |s: &Survey| -> Vec<(usize, usize)> {
                s.skeleton.iter().map(|b| (b.start, b.block.offset)).collect()
            };
            prop_assert_eq!(places(&halved), places(&survey), "halves of {:?}", text);
            prop_assert_eq!(&halved.links, &survey.links);
            prop_assert_eq!(&halved.notes, &survey.notes);
        }
        let sectioned = surveyed(Arc::new(text.clone()), "doc.md", piece, markdown, keep);
        let outline = |d: &Document| -> Vec<(usize, String, usize, usize)> {
            d.sections.iter().map(|s| (s.number, s.title.clone(), s.offset, if counted { s.words } else { 0 })).collect()
        };
        prop_assert_eq!(&sectioned.title, &whole.title, "{:?}", text);
        prop_assert_eq!(outline(&sectioned), outline(&whole), "{:?}", text);
        if counted {
            prop_assert_eq!(&sectioned.anchors, &whole.anchors, "{:?}", text);
        }
        for (i, section) in whole.sections.iter().enumerate() {
            prop_assert_eq!(&*sectioned.blocks(i), &section.blocks[..], "section {} of {:?}", i, text);
        }
        // A link to a heading or a note finds the same place in it as in the whole.
        for link in whole.sections.iter().flat_map(|s| connection_reader::document::links::in_blocks(&s.blocks)) {
            use connection_reader::document::links::Target;
            match &link.target {
                Target::Footnote(label) => {
                    prop_assert_eq!(sectioned.footnote(label), whole.footnote(label), "{:?}", text)
                }
                Target::Address(a) if a.starts_with('#') && counted => {
                    prop_assert_eq!(sectioned.anchor(&a[1..]), whole.anchor(&a[1..]), "{:?}", text)
                }
                _ => {}
            }
        }
        for heading in whole.sections.iter().map(|s| connection_reader::document::links::slug(&s.title)) {
            prop_assert_eq!(sectioned.anchor(&heading), whole.anchor(&heading), "{:?}", text);
        }
        let mut woken = sectioned.woken();
        if !counted {
            for (s, w) in woken.sections.iter_mut().zip(&whole.sections) {
                s.words = w.words;
            }
            woken.anchors.clone_from(&whole.anchors);
        }
        prop_assert_eq!(woken, whole.clone(), "{:?}", text);
        let format = Format::new(60);
        let (mut want, mut got) = (Vec::new(), Vec::new());
        print(&whole, 0, &format, None, &mut want).expect("print");
        print(&sectioned, 0, &format, None, &mut got).expect("print");
        prop_assert_eq!(String::from_utf8_lossy(&got), String::from_utf8_lossy(&want), "{:?}", text);
    }

    /// A first page (the beginning parsed alone while the rest loads) holds the whole's
    /// blocks there, up to where it is cut: each of the same kind at the same place. (What
    /// they say may differ: a reference to a definition further on is text until the rest
    /// is read.)
    #[test]
    fn a_first_page_shows_the_wholes_blocks(
        text in hostile_document(),
        least in 1usize..600,
    ) {
        use connection_reader::document::{BlockKind, Markdown};
        let whole = Document::parse(&text, "doc.md");
        let page = Document::parse_prefix(&text, least, "doc.md", Markdown::default());
        // Blocks by place and kind (sectioning may make a heading the title in one and not
        // the other, and footnotes move to the section citing them).
        let flat = |d: &Document, end: usize| {
            // (Front matter naming no title heads the title heading instead, when there is
            // a single one: which the beginning alone cannot tell.)
            let mut blocks: Vec<_> = d.sections.iter().flat_map(|s| s.blocks.clone())
                .filter(|b| b.offset < end && !matches!(b.kind, BlockKind::Footnote { .. }))
                .filter(|b| !matches!(&b.kind, BlockKind::Title { runs, .. } if runs.is_empty()))
                .map(|b| match b.kind {
                    BlockKind::Title { runs, .. } => (b.offset, BlockKind::Heading { level: 1, runs }),
                    kind => (b.offset, kind),
                })
                .collect();
            blocks.sort_by_key(|b| b.0);
            blocks
        };
        let kinds = |blocks: Vec<(usize, BlockKind)>| -> Vec<(usize, std::mem::Discriminant<BlockKind>)> {
            blocks.iter().map(|(at, kind)| (*at, std::mem::discriminant(kind))).collect()
        };
        prop_assert_eq!(kinds(flat(&page, page.len)), kinds(flat(&whole, page.len)), "{:?}", text);
    }

    /// Front matter is only ever at the very start: a `---` later is a rule, and what
    /// follows it is read as text, its references and footnotes resolved.
    #[test]
    fn front_matter_is_found_where_the_parser_finds_a_metadata_block_at_the_start(
        head in prop::sample::select(vec!["---", "+++", "--- ", "----", "---x", " ---", "\u{feff}---"]),
        lines in prop::collection::vec(prop::sample::select(vec![
            "title: A", "", " ", "---", "+++", "...", "--- ", "a: b", "# h", "\t",
        ]), 0..6),
        rest in words(),
    ) {
        use connection_reader::document::{front_matter_end, text_start};
        use pulldown_cmark::{Event, Options, Parser, Tag};
        let text = format!("{head}\n{}\n{rest}\n", lines.join("\n"));
        let options = connection_reader::document::OPTIONS
            | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
            | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
        let start = text_start(&text);
        let parsed = Parser::new_ext(&text[start..], options).into_offset_iter().next();
        let parser_end = match parsed {
            Some((Event::Start(Tag::MetadataBlock(_)), range)) => Some(start + range.end),
            _ => None,
        };
        let end = front_matter_end(&text);
        prop_assert_eq!(end > start, parser_end.is_some(), "{:?}", text);
        if let Some(parser_end) = parser_end {
            // The parser's block ends with its closing line (its line end perhaps not).
            prop_assert!(end >= parser_end && text[parser_end..end].trim().is_empty(), "{:?} {} {}", text, end, parser_end);
        }
    }
}
