//! Key presses through the app, with no terminal: the keys a reader uses, as crossterm
//! delivers them, and the state they leave.

mod common;

use common::*;
use connection_reader::overlay::Mode;
use ratatui::crossterm::event::{Event, KeyCode};

#[test]
fn space_alone_reads_the_essay_from_start_to_end() {
    let mut app = essay(40, 12);
    let mut seen = vec![app.reader().section];
    for _ in 0..200 {
        key(&mut app, KeyCode::Char(' '));
        if seen.last() != Some(&app.reader().section) {
            seen.push(app.reader().section);
        }
    }
    assert_eq!(
        seen,
        vec![0, 1, 2, 3, 4],
        "every section in order, none skipped"
    );
    assert!(app.progress().at_end);
}

#[test]
fn down_alone_reads_every_line() {
    let mut app = essay(40, 12);
    let mut tops = 0;
    for _ in 0..2000 {
        key(&mut app, KeyCode::Down);
        tops += 1;
        if app.progress().at_end {
            break;
        }
    }
    assert!(app.progress().at_end, "↓ reaches the end");
    assert!(tops > 50, "one line at a time ({tops} presses)");
}

#[test]
fn arrows_letters_and_digits_jump_between_sections() {
    let mut app = essay(80, 24);
    key(&mut app, KeyCode::Right);
    assert_eq!(app.reader().section, 1);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char(']'));
    key(&mut app, KeyCode::Char('l'));
    assert_eq!(app.reader().section, 4);
    key(&mut app, KeyCode::Right);
    assert_eq!(app.reader().section, 4, "no section after the last");
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Char('h'));
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::Char('['));
    assert_eq!(app.reader().section, 0);
    key(&mut app, KeyCode::Char('3'));
    assert!(first_text(&app).starts_with("Outcome"));
    key(&mut app, KeyCode::Char('0'));
    assert!(first_text(&app).starts_with("Making a Connection"));
}

#[test]
fn paging_keys_move_by_pages_and_halves() {
    let mut app = essay(40, 12);
    let h = app.reader().height;
    key(&mut app, KeyCode::PageDown);
    assert_eq!(app.reader().top, h - 1);
    key(&mut app, KeyCode::Char('b'));
    assert_eq!(app.reader().top, 0);
    ctrl(&mut app, 'd');
    assert_eq!(app.reader().top, h / 2);
    ctrl(&mut app, 'u');
    assert_eq!(app.reader().top, 0);
    key(&mut app, KeyCode::Char('G'));
    assert!(app.reader().at_end(app.lines()));
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(app.reader().top, 0);
    key(&mut app, KeyCode::Char('>'));
    assert!(app.progress().at_end);
    key(&mut app, KeyCode::Char('<'));
    assert_eq!((app.reader().section, app.reader().top), (0, 0));
}

#[test]
fn up_and_page_up_at_the_top_go_back_to_the_end_of_the_previous_section() {
    let mut app = essay(40, 12);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Up);
    assert_eq!(app.reader().section, 1);
    assert!(app.reader().at_end(app.lines()));
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::PageUp);
    assert_eq!(app.reader().section, 0);
    assert!(app.reader().at_end(app.lines()));
}

#[test]
fn resize_keeps_the_line_being_read() {
    let mut app = essay(60, 14);
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    let before = first_text(&app);
    assert!(before.starts_with("Most importantly"), "{before}");
    app.handle(&Event::Resize(40, 12));
    assert!(first_text(&app).starts_with("Most importantly"));
    // At 200x50 the whole section fits, so it shows from its heading...
    app.handle(&Event::Resize(200, 50));
    assert_eq!(first_text(&app), "Being real");
    // ...and the place is still kept for when the screen shrinks again.
    app.handle(&Event::Resize(60, 14));
    assert_eq!(first_text(&app), before);
}

#[test]
fn help_esc_and_quit() {
    let mut app = essay(80, 24);
    key(&mut app, KeyCode::Char('?'));
    assert!(matches!(app.mode(), Mode::Help { .. }));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), &Mode::Reading);
    assert!(!app.should_quit(), "Esc first closes the overlay");
    key(&mut app, KeyCode::Esc);
    assert!(!app.should_quit(), "and with nothing open never quits");
    let mut app = essay(80, 24);
    key(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
    let mut app = essay(80, 24);
    ctrl(&mut app, 'c');
    assert!(app.should_quit());
}

#[test]
fn esc_and_q_peel_one_layer_at_a_time() {
    let mut app = essay(80, 24);
    // Overlays first: Esc and q close the help and the contents, as in less.
    for (open, close) in [
        ('?', KeyCode::Esc),
        ('?', KeyCode::Char('q')),
        ('t', KeyCode::Esc),
        ('t', KeyCode::Char('q')),
    ] {
        key(&mut app, KeyCode::Char(open));
        assert_ne!(app.mode(), &Mode::Reading);
        key(&mut app, close);
        assert_eq!(app.mode(), &Mode::Reading, "{open} then {close:?}");
        assert!(!app.should_quit());
    }
    // A prompt: Esc and Ctrl-c cancel it.
    typed(&mut app, "/conn");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), &Mode::Reading);
    typed(&mut app, "/conn");
    ctrl(&mut app, 'c');
    assert_eq!(app.mode(), &Mode::Reading);
    assert!(!app.should_quit(), "Ctrl-c at a prompt cancels it");
    // A kept search: Esc takes back its highlights and count; then it says how to quit, and
    // never quits.
    typed(&mut app, "/conn\n");
    assert!(app.active_search().is_some());
    key(&mut app, KeyCode::Esc);
    assert!(app.active_search().is_none());
    assert!(!app.should_quit());
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    assert!(!app.should_quit(), "a reflex Esc never closes the book");
    assert_eq!(app.note(), Some("q quits (Esc closes what is open)"));
    key(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
    // Ctrl-c quits from inside the help.
    let mut app = essay(80, 24);
    key(&mut app, KeyCode::Char('?'));
    ctrl(&mut app, 'c');
    assert!(app.should_quit());
}

#[test]
fn inside_the_help_moves_scroll_the_help_never_the_page() {
    let mut app = essay(40, 12);
    key(&mut app, KeyCode::Char('?'));
    let page = app.reader().clone();
    let scroll = |app: &connection_reader::app::App| match app.mode() {
        Mode::Help { scroll } => *scroll,
        other => panic!("help closed: {other:?}"),
    };
    for (code, more) in [
        (KeyCode::Char('G'), true),
        (KeyCode::Char('g'), false),
        (KeyCode::End, true),
        (KeyCode::Home, false),
        (KeyCode::PageDown, true),
        (KeyCode::PageUp, false),
        (KeyCode::Down, true),
        (KeyCode::Up, false),
    ] {
        key(&mut app, code);
        assert_eq!(scroll(&app) > 0, more, "{code:?}");
    }
    ctrl(&mut app, 'd');
    assert!(scroll(&app) > 0, "Ctrl-d");
    assert_eq!(app.reader(), &page, "the page behind never moved");
}

#[test]
fn every_down_input_reads_on_across_section_ends() {
    use ratatui::crossterm::event::{KeyModifiers, MouseEvent, MouseEventKind};
    let wheel = |app: &mut connection_reader::app::App| {
        app.handle(&Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 10,
            row: 10,
            modifiers: KeyModifiers::NONE,
        }));
    };
    // Ctrl-d alone, and the wheel alone, read the whole essay, then say it ended.
    for how in ["ctrl-d", "wheel"] {
        let mut app = essay(40, 12).with_mouse(true);
        let mut seen = vec![app.reader().section];
        for _ in 0..300 {
            match how {
                "ctrl-d" => ctrl(&mut app, 'd'),
                _ => wheel(&mut app),
            }
            if seen.last() != Some(&app.reader().section) {
                seen.push(app.reader().section);
            }
        }
        assert_eq!(seen, vec![0, 1, 2, 3, 4], "{how}");
        assert!(app.progress().at_end, "{how}");
        assert_eq!(app.note(), Some("End of the document"), "{how}");
    }
}

#[test]
fn a_remembered_place_is_announced_only_away_from_the_top() {
    use connection_reader::app::{Restore, Sameness};
    let restore = Restore {
        text: Sameness::Same,
        keep_measure: false,
        keep_page: false,
        place: true,
    };
    let top = essay(80, 24);
    let mut again = essay(80, 24);
    assert_eq!(again.restore(&top.saved(), restore), "");
    assert_eq!(again.note(), None);
    let mut read = essay(80, 24);
    key(&mut read, KeyCode::Char('2'));
    let note = again.restore(&read.saved(), restore);
    assert!(note.starts_with("Resumed in Passion"), "{note}");
}

#[test]
fn an_empty_document_says_so_on_screen() {
    use connection_reader::document::Document;
    use connection_reader::theme::Theme;
    let app = connection_reader::app::App::new(Document::parse("", "empty.md"), 72, 40, 12, 0);
    let mut t =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(40, 12)).expect("backend");
    t.draw(|f| connection_reader::ui::draw(f, &app, &Theme { color: false }))
        .expect("draw");
    let screen: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("empty document"), "{screen}");
    assert!(
        !screen.contains("min left"),
        "no minutes for no words: {screen}"
    );
}

#[test]
fn the_search_prompt_edits_like_a_shell_line_and_folds_punctuation() {
    use connection_reader::overlay::Prompt;
    let mut app = essay(80, 24);
    let line = |app: &connection_reader::app::App| match app.mode() {
        Mode::Search { prompt } => prompt.clone(),
        other => panic!("no prompt: {other:?}"),
    };
    typed(&mut app, "/make a connection");
    ctrl(&mut app, 'w');
    assert_eq!(line(&app).text, "make a ");
    key(&mut app, KeyCode::Left);
    typed(&mut app, "n");
    assert_eq!(line(&app).text, "make an ");
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Delete);
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Backspace);
    assert_eq!(line(&app).text, "ake an");
    ctrl(&mut app, 'u');
    assert_eq!(line(&app), Prompt::default());
    // The essay is set with curly quotes: a plain apostrophe finds them.
    typed(&mut app, "don't\n");
    let found = app.active_search().map_or(0, |s| s.matches.len());
    assert!(found > 0, "/don't finds don’t");
    // ↑ brings back this run's earlier searches.
    typed(&mut app, "/");
    key(&mut app, KeyCode::Up);
    assert_eq!(line(&app).text, "don't");
    key(&mut app, KeyCode::Down);
    assert_eq!(line(&app).text, "");
}

/// A document of 231 sections, "Part 1" to "Part 231", after an opening.
fn long_document() -> connection_reader::app::App {
    use connection_reader::document::Document;
    let mut text = String::from("# Long\n\nopening words\n\n");
    for i in 1..=231 {
        text.push_str(&format!("## Part {i}\n\nwords of part {i}\n\n"));
    }
    connection_reader::app::App::new(Document::parse(&text, "long.md"), 72, 80, 24, 0)
}

#[test]
fn any_section_by_number_in_a_few_keys() {
    // The essay: 3 jumps at once (no longer number starts with 3).
    let mut app = essay(80, 24);
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(app.reader().section, 3);
    assert_eq!(app.mode(), &Mode::Reading);
    // 231 sections: 1 and 12 wait (showing the number), 123 completes the only candidate.
    let mut app = long_document();
    typed(&mut app, "12");
    assert_eq!(app.reader().section, 0, "not yet");
    assert!(
        app.note().is_some_and(|n| n.contains("go to section 12")),
        "{:?}",
        app.note()
    );
    typed(&mut app, "3");
    assert_eq!(app.document().sections[app.reader().section].number, 123);
    // Enter takes the number as typed.
    typed(&mut app, "12\n");
    assert_eq!(app.document().sections[app.reader().section].number, 12);
    // 23 waits (230 and 231 start with it), then 9: there is no section 239.
    typed(&mut app, "23");
    typed(&mut app, "9");
    assert!(app.note().is_some_and(|n| n.contains("no section 239")));
    // Any other key cancels.
    typed(&mut app, "2x");
    assert_eq!(app.mode(), &Mode::Reading);
    assert_eq!(
        app.document().sections[app.reader().section].number,
        12,
        "cancelled"
    );
}

#[test]
fn the_contents_filter_by_title() {
    let mut app = long_document();
    typed(&mut app, "t/part 20");
    // "Part 20" and "Part 200" to "Part 209".
    assert_eq!(app.toc_entries().len(), 11);
    assert!(
        app.note().is_some_and(|n| n.contains("11 sections of 232")),
        "{:?}",
        app.note()
    );
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), &Mode::Reading);
    assert_eq!(
        app.document().sections[app.reader().section].title,
        "Part 200"
    );
    // Esc drops the filter, then closes the list.
    typed(&mut app, "t/zzz");
    assert!(app.toc_entries().is_empty());
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.toc_entries().len(), 232);
    assert!(matches!(app.mode(), Mode::Toc { .. }));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), &Mode::Reading);
}

fn linked() -> connection_reader::app::App {
    let text = "# Guide\n\n## Start\n\nSee [the end](#the-end), a note[^n], \
                [the site](https://example.org/docs) and [more](other.md).\n\n\
                ## Middle\n\nwords\n\n## The end\n\nlast words[^n]\n\n[^n]: The note text.\n";
    let doc = connection_reader::document::Document::parse(text, "guide.md");
    connection_reader::app::App::new(doc, 72, 80, 24, 0)
}

fn alt(app: &mut connection_reader::app::App, code: KeyCode) {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    app.handle(&Event::Key(KeyEvent::new(code, KeyModifiers::ALT)));
}

#[test]
fn l_lists_the_sections_links_and_enter_follows_an_anchor_and_a_note() {
    let mut app = linked();
    key(&mut app, KeyCode::Char('L'));
    assert!(matches!(app.mode(), Mode::Links { selected: 0, .. }));
    let texts: Vec<String> = app.links().iter().map(|l| l.text.clone()).collect();
    // Numbered as the text numbers them (`the end¹ … the site² and more³`), the note after.
    assert_eq!(texts, ["the end", "the site", "more", "[n]"]);
    // L again closes; so do Esc and q.
    key(&mut app, KeyCode::Char('L'));
    assert_eq!(app.mode(), &Mode::Reading);
    for close in [KeyCode::Esc, KeyCode::Char('q')] {
        key(&mut app, KeyCode::Char('L'));
        key(&mut app, close);
        assert_eq!(app.mode(), &Mode::Reading);
        assert!(!app.should_quit());
    }
    // Enter on the first: the heading it names.
    key(&mut app, KeyCode::Char('L'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), &Mode::Reading);
    assert!(
        first_text(&app).starts_with("The end"),
        "{}",
        first_text(&app)
    );
    // Backspace goes back to the exact place; Alt-→ forward again.
    key(&mut app, KeyCode::Backspace);
    assert!(
        first_text(&app).starts_with("Guide"),
        "{}",
        first_text(&app)
    );
    alt(&mut app, KeyCode::Right);
    assert!(first_text(&app).starts_with("The end"));
    key(&mut app, KeyCode::Backspace);
    // The note, chosen by number.
    key(&mut app, KeyCode::Char('L'));
    key(&mut app, KeyCode::Char('4'));
    assert!(matches!(app.mode(), Mode::Links { selected: 3, .. }));
    key(&mut app, KeyCode::Enter);
    assert!(
        app.visible()
            .iter()
            .any(|l| l.text().contains("The note text.")),
        "the note is on screen"
    );
    key(&mut app, KeyCode::Backspace);
    assert!(first_text(&app).starts_with("Guide"));
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.note(), Some("Nothing to go back to"));
}

#[test]
fn other_addresses_are_shown_copied_and_opened_only_when_web_or_mail() {
    let mut app = linked();
    key(&mut app, KeyCode::Char('L'));
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(app.take_copy().as_deref(), Some("https://example.org/docs"));
    key(&mut app, KeyCode::Char('o'));
    assert_eq!(app.take_open().as_deref(), Some("https://example.org/docs"));
    // A relative path is copied but never opened; a note has no address.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('o'));
    assert_eq!(app.take_open(), None);
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(app.take_copy().as_deref(), Some("other.md"));
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(app.take_copy(), None);
    // Enter on an address shows it whole in the status line.
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.note(), Some("https://example.org/docs"));
    assert_eq!(app.reader().section, 0, "no jump");
}

#[test]
fn a_section_without_links_says_so() {
    let mut app = essay(80, 24);
    key(&mut app, KeyCode::Char('L'));
    assert_eq!(app.mode(), &Mode::Reading);
    assert_eq!(app.note(), Some("No links or notes in this section"));
}

#[test]
fn braces_move_heading_by_heading_across_sections_and_the_status_names_the_sub_heading() {
    let filler = "A line of words to read.\n\n".repeat(30);
    let text = format!(
        "# Guide\n\n## Install\n\n{filler}### From source\n\n{filler}### With cargo\n\n{filler}\
         ## Use\n\n{filler}### Options\n\n{filler}"
    );
    let doc = connection_reader::document::Document::parse(&text, "guide.md");
    let mut app = connection_reader::app::App::new(doc, 72, 80, 24, 0);
    let mut seen = Vec::new();
    for _ in 0..5 {
        key(&mut app, KeyCode::Char('}'));
        seen.push(first_text(&app));
    }
    assert_eq!(
        seen,
        [
            "Install",
            "▌ From source",
            "▌ With cargo",
            "Use",
            "▌ Options"
        ],
        "every heading, across sections"
    );
    assert_eq!(app.subheading(), Some("Options"));
    key(&mut app, KeyCode::Char('}'));
    assert_eq!(app.note(), Some("No more headings this way"));
    key(&mut app, KeyCode::Char('{'));
    key(&mut app, KeyCode::Char('{'));
    assert_eq!(first_text(&app), "▌ With cargo");
    assert_eq!(app.subheading(), Some("With cargo"));
    key(&mut app, KeyCode::Char('{'));
    key(&mut app, KeyCode::Char('{'));
    assert_eq!(first_text(&app), "Install");
    assert_eq!(
        app.subheading(),
        None,
        "a section's own heading is no sub-heading"
    );
}
