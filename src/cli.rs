//! The command line: options, and what the binary does with them.

use crate::app::{App, DEFAULT_MEASURE};
use crate::document::Document;
use crate::source::Source;
use crate::theme::Theme;
use crate::{print, terminal, ui};
use anyhow::{Context, Result, bail};
use clap::Parser;
use ratatui::crossterm::event;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

/// Read long-form prose in the terminal, a section a page.
///
/// Without FILE it opens the bundled essay "Making a Connection is Hard — And Neccessary".
/// When standard output is not a terminal it prints the laid-out text instead.
#[derive(Parser, Debug)]
#[command(version, about)]
pub struct Cli {
    /// A markdown file to read; `-` reads standard input.
    pub file: Option<PathBuf>,

    /// Start at this section: its number, or its title (any case; a unique prefix will do).
    #[arg(long, value_name = "NUMBER|NAME")]
    pub section: Option<String>,

    /// The reading measure: at most this many columns of text (default 72). With --print,
    /// the width of the printed text (default: the terminal's width, else 80).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(2..))]
    pub width: Option<u16>,

    /// Print the laid-out text instead of opening the reader (the default when standard
    /// output is not a terminal).
    #[arg(long)]
    pub print: bool,

    /// Print the table of contents: number, title, words and minutes of each section.
    #[arg(long)]
    pub toc: bool,

    /// Capture the mouse: wheel scrolling everywhere and clickable tabs (text selection then
    /// needs Shift in most terminals).
    #[arg(long)]
    pub mouse: bool,

    /// Open a file even if it looks binary.
    #[arg(long)]
    pub force: bool,
}

/// Runs the command line. Every fallible step happens before the terminal is entered.
pub fn run(cli: Cli) -> Result<()> {
    let source = match &cli.file {
        None => Source::essay(),
        Some(path) => Source::load(path, cli.force)?,
    };
    let doc = Document::parse(&source.text, &source.name);
    let start = match &cli.section {
        None => 0,
        Some(name) => match doc.find_section(name) {
            Some(i) => i,
            None => {
                let names: Vec<String> = doc
                    .sections
                    .iter()
                    .map(|s| format!("{} {}", s.number, s.title))
                    .collect();
                bail!(
                    "{}: no section '{}' (sections: {})",
                    source.name,
                    name,
                    names.join(", ")
                );
            }
        },
    };
    let stdout = io::stdout();
    if cli.toc {
        return ignore_broken_pipe(print::toc(&doc, &mut stdout.lock()));
    }
    if cli.print || !stdout.is_terminal() {
        if source.lossy {
            eprintln!(
                "connection-reader: warning: {}: invalid UTF-8 shown as \u{fffd}",
                source.name
            );
        }
        let width = match cli.width {
            Some(w) => usize::from(w),
            None => ratatui::crossterm::terminal::size()
                .map(|(w, _)| usize::from(w))
                .unwrap_or(80)
                .max(2),
        };
        let mut out = io::BufWriter::new(stdout.lock());
        return ignore_broken_pipe(print::print(&doc, start, width, &mut out));
    }
    let measure = cli.width.map_or(DEFAULT_MEASURE, usize::from);
    read(doc, &source, start, measure, cli.mouse)
}

/// A reader that went away (`| head`) is not an error.
fn ignore_broken_pipe(result: io::Result<()>) -> Result<()> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to standard output"),
    }
}

/// Opens the reader in the terminal until the user quits.
fn read(doc: Document, source: &Source, start: usize, measure: usize, mouse: bool) -> Result<()> {
    terminal::handle_signals().context("setting up signal handling")?;
    let mut tui = terminal::enter(mouse).context("opening the terminal")?;
    let result = (|| -> io::Result<()> {
        let size = tui.size()?;
        let mut app = App::new(doc, measure, size.width, size.height, start).with_mouse(mouse);
        if source.lossy {
            app.set_note(format!("{}: invalid UTF-8 shown as \u{fffd}", source.name));
        }
        let theme = Theme::from_env();
        loop {
            {
                let _frame = terminal::drawing();
                tui.draw(|f| ui::draw(f, &app, &theme))?;
            }
            app.handle(&event::read()?);
            // Take every event already waiting before drawing again, so a held key or a
            // dragged window never falls behind.
            while !app.should_quit() && event::poll(Duration::ZERO)? {
                app.handle(&event::read()?);
            }
            if app.should_quit() {
                return Ok(());
            }
        }
    })();
    terminal::restore();
    drop(tui);
    let _ = io::stdout().flush();
    result.context("terminal")
}
