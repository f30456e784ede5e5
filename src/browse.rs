//! The library's own loop: the list of documents drawn and its keys, and each document
//! chosen read with the reader's loop until `q` brings the list back.

use crate::event_loop::{OnScreen, Opened, Opening, navigate, save_on_signal};
use crate::state;
use crate::{terminal, ui};
use anyhow::{Context, Result};
use ratatui::crossterm::event::{self, Event};
use std::io::{self, Write};
use std::sync::Arc;
use std::time::Duration;

/// Runs the library: the list, and each document chosen from it, read until `q` brings the
/// list back (at the same row, every row brought up to date) or Ctrl-c (or `q` in the
/// list) quits.
pub fn browse(mut library: crate::library::Library, how: &Opening) -> Result<()> {
    use crate::library::Library;
    let latest = save_on_signal()?;
    terminal::watch_signals().context("setting up signal handling")?;
    let mut tui = terminal::enter(how.mouse).context("opening the terminal")?;
    let linked = how.linked();
    let run = |library: &mut Library, tui: &mut terminal::Tui| -> Result<()> {
        loop {
            let size = tui.size()?;
            let rows = ui::library_rows(size.height);
            library.poll();
            library.clamp(rows);
            library.read_visible(rows);
            if terminal::take_resumed() {
                // Continued after a suspension: everything drawn again (see `OnScreen::run`).
                let size = tui.size()?;
                tui.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
            }
            if let Some(_frame) = terminal::drawing() {
                tui.draw(|f| ui::draw_library(f, library, &how.theme))?;
            }
            let nap = if library.loading() { 50 } else { 500 };
            if !event::poll(Duration::from_millis(nap))? {
                continue;
            }
            let Event::Key(key) = event::read()? else {
                continue;
            };
            match library_key(library, key, rows) {
                ListKey::Stay => {}
                ListKey::Quit => return Ok(()),
                ListKey::Suspend => terminal::suspend()?,
                ListKey::Open(i) => {
                    let path = library.entries[i].path.clone();
                    let doc = match Opened::open(&path, false, how.markdown) {
                        Ok(doc) => doc,
                        Err(e) => {
                            library.note = Some(format!("{e:#}"));
                            continue;
                        }
                    };
                    let remembered = doc.remembered();
                    let reading =
                        OnScreen::open(doc, remembered, how, tui, Arc::clone(&latest), None)?;
                    let (filed, quit) = navigate(reading, &linked, tui, true)?;
                    if let Some((file, key, saved)) = filed {
                        let _ = state::save(&file, &key, &saved);
                    }
                    if quit {
                        return Ok(());
                    }
                    library.refresh_all(i);
                }
            }
        }
    };
    let result = run(&mut library, &mut tui);
    terminal::restore();
    drop(tui);
    let _ = io::stdout().flush();
    result.context("terminal")
}

/// What a key in the library list leads to.
enum ListKey {
    Stay,
    Quit,
    /// Ctrl-z: stop like any job, until the shell continues it.
    Suspend,
    /// Read this entry.
    Open(usize),
}

fn library_key(
    library: &mut crate::library::Library,
    key: event::KeyEvent,
    rows: usize,
) -> ListKey {
    use crate::keys::{ContentsAction as C, LibraryAction as A, contents_action, library_action};
    use crate::library::Over;
    use event::{KeyCode, KeyEventKind, KeyModifiers};
    if key.kind == KeyEventKind::Release {
        return ListKey::Stay;
    }
    library.note = None;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match library.over {
        // Any key closes the keys (and does what it says, but for ? and Esc).
        Over::Help => {
            library.over = Over::Nothing;
            if matches!(key.code, KeyCode::Esc | KeyCode::Char('?' | 'q')) {
                return ListKey::Stay;
            }
        }
        Over::Filter => match key.code {
            KeyCode::Char('c') if ctrl => return ListKey::Quit,
            KeyCode::Char(c) if !ctrl => {
                library.type_filter(Some(c));
                return ListKey::Stay;
            }
            KeyCode::Backspace if library.filter.is_empty() => {
                library.over = Over::Nothing;
                return ListKey::Stay;
            }
            KeyCode::Backspace => {
                library.type_filter(None);
                return ListKey::Stay;
            }
            KeyCode::Enter => {
                library.over = Over::Nothing;
                return ListKey::Stay;
            }
            KeyCode::Esc => {
                library.over = Over::Nothing;
                library.clear_filter();
                return ListKey::Stay;
            }
            // Arrows and page keys still choose.
            _ => {}
        },
        Over::Nothing => {}
    }
    match library_action(key) {
        Some(A::Quit) => return ListKey::Quit,
        Some(A::Suspend) => return ListKey::Suspend,
        Some(A::Sort) => library.cycle_sort(),
        Some(A::Filter) => library.over = Over::Filter,
        Some(A::Help) => library.over = Over::Help,
        Some(A::Close) if !library.clear_filter() => library.note = Some("q quits".to_string()),
        Some(A::Close) => {}
        // Else the contents' keys: moving and opening mean the same here.
        None => match contents_action(key) {
            Some(C::Down) => library.step(1, true, rows),
            Some(C::Up) => library.step(1, false, rows),
            Some(C::PageDown) => library.step(rows, true, rows),
            Some(C::PageUp) => library.step(rows, false, rows),
            Some(C::First) => library.step(usize::MAX, false, rows),
            Some(C::Last) => library.step(usize::MAX, true, rows),
            Some(C::Open) => {
                if let Some(i) = library.chosen() {
                    return ListKey::Open(i);
                }
            }
            Some(C::Close | C::Fold | C::Unfold) | None => {}
        },
    }
    ListKey::Stay
}
