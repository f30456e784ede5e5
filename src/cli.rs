//! The command line: its options, and which of the three outputs they ask for (the reader,
//! `--print` or `--toc`). Loading lives in [`crate::loader`], the terminal loop in
//! [`crate::event_loop`].

use crate::app::DEFAULT_MEASURE;
use crate::document::{Document, Markdown};
use crate::event_loop::{self, Opening};
use crate::layout::{Format, Hyphenation, Paragraphs, Typesetting, Wrap, hyphenation_language};
use crate::loader::{HEAD, Loading};

/// `--print` parses a document of up to this many bytes whole; a larger one is parsed in
/// windows and printed a section at a time (see [`crate::document::survey`]).
const PRINT_WHOLE: usize = 64 << 10;

/// Of a larger document, `--print` holds the blocks of this many bytes from its start
/// parsed as it parses it (about six times as much memory for real markdown), and at most
/// this many blocks (in each half it parses at once); the rest is parsed again a section at a
/// time as it is printed.
const PRINT_HOLD: usize = 16 << 20;
const PRINT_HOLD_BLOCKS: usize = 128 << 10;
use crate::choices::{
    ColorChoice, HyphenChoice, LANGUAGES, LinkChoice, ParagraphChoice, WrapChoice,
};
use crate::print;
use crate::source::{Input, Source};
use crate::theme::Theme;
use anyhow::{Context, Result, bail};
use clap::{Parser, ValueEnum};
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

/// Read long-form prose in the terminal, a section a page.
///
/// Without FILE it reads standard input when that is a pipe or a file, and otherwise opens the
/// bundled essay "Making a Connection is Hard — And Neccessary".
/// When standard output is not a terminal it prints the laid-out text instead.
#[derive(Parser, Debug, PartialEq, Eq)]
#[command(version = env!("CONNECTION_READER_VERSION"), about)]
pub struct Cli {
    /// A markdown file to read; `-` reads standard input. Without it, standard input when it
    /// is a pipe or a file, else the bundled essay. A folder opens as a library: a list of
    /// its markdown files to choose from.
    pub file: Option<PathBuf>,

    /// More files: all of them open as a library to choose from.
    #[arg(value_name = "MORE")]
    pub more: Vec<PathBuf>,

    /// Open the list of documents read before, most recent first.
    #[arg(long, conflicts_with_all = ["file", "more", "print", "toc", "section"])]
    pub recent: bool,

    /// Start at this section: its number, or its title (any case; a unique prefix will do).
    #[arg(long, value_name = "NUMBER|NAME")]
    pub section: Option<String>,

    /// The reading measure: at most this many columns of text (default 72), in the reader
    /// and in --print alike.
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
    #[arg(long, overrides_with = "no_mouse")]
    pub mouse: bool,

    /// Leave the mouse to the terminal (over a preferences file's `mouse = true`).
    #[arg(long)]
    pub no_mouse: bool,

    /// Open a file even if it looks binary.
    #[arg(long)]
    pub force: bool,

    /// Start at the beginning, not where you left off (your marks are kept).
    #[arg(long)]
    pub from_start: bool,

    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// How link addresses are shown.
    #[arg(long, value_enum, default_value_t = LinkChoice::References, value_name = "STYLE")]
    pub links: LinkChoice,

    /// How lines of prose are broken.
    #[arg(long, value_enum, default_value_t = WrapChoice::Balanced, value_name = "HOW")]
    pub wrap: WrapChoice,

    /// When to break a word at a line's end with a hyphen: auto hyphenates in the document's
    /// language (its front matter's `lang`; English when it names none).
    #[arg(long, value_enum, default_value_t = HyphenChoice::Auto, value_name = "WHEN")]
    pub hyphenate: HyphenChoice,

    /// Hyphenate in this language whatever the document says: a two-letter code (en, de,
    /// fr, es, it, pt, nl, sv, da, no, fi, pl, cs, ru, uk, ca).
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,

    /// Set prose flush on both sides, spaces spread evenly (J in the reader).
    #[arg(long, overrides_with = "no_justify")]
    pub justify: bool,

    /// Ragged right (over a preferences file's `justify = true`).
    #[arg(long)]
    pub no_justify: bool,

    /// How paragraphs are set apart (P in the reader).
    #[arg(long, value_enum, value_name = "STYLE")]
    pub paragraphs: Option<ParagraphChoice>,

    /// Set straight quotes, -- and ... as typographic characters (’ “ ” – — …); search
    /// finds them typed either way.
    #[arg(long, overrides_with = "no_smart_punctuation")]
    pub smart_punctuation: bool,

    /// The author's characters as written (over a preferences file's
    /// `smart-punctuation = true`).
    #[arg(long)]
    pub no_smart_punctuation: bool,

    /// Don't read the file again when it changes on disk (it is watched by default).
    #[arg(long, overrides_with = "watch")]
    pub no_watch: bool,

    /// Read the file again when it changes (over a preferences file's `watch = false`).
    #[arg(long, overrides_with = "no_watch")]
    pub watch: bool,

    /// Read preferences from this file instead of
    /// $XDG_CONFIG_HOME/connection-reader/config.toml (or $CONNECTION_READER_CONFIG).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Print the settings in effect, as a preferences file, with where each came from.
    #[arg(long)]
    pub print_config: bool,

    /// Print a completion script for this shell.
    #[arg(long, value_name = "SHELL")]
    pub completions: Option<clap_complete::Shell>,

    /// Print the manual page (roff).
    #[arg(long)]
    pub man: bool,

    /// `--width` was given on the command line: it wins over a remembered measure.
    #[arg(skip)]
    pub keep_measure: bool,

    /// `--justify`, `--no-justify` or `--paragraphs` was given on the command line: they win
    /// over a remembered page.
    #[arg(skip)]
    pub keep_page: bool,
}

/// How markdown is read, as the options ask.
fn markdown_of(cli: &Cli) -> Markdown {
    Markdown {
        smart_punctuation: cli.smart_punctuation && !cli.no_smart_punctuation,
    }
}

/// How prose is set, as the options ask; a `--lang` with no hyphenation patterns built in
/// is an error.
fn typesetting_of(cli: &Cli) -> Result<Typesetting> {
    let hyphenation = match (cli.hyphenate, cli.lang.as_deref()) {
        (HyphenChoice::Never, _) => Hyphenation::Never,
        (HyphenChoice::Auto, None) => Hyphenation::Auto,
        (HyphenChoice::Auto, Some(code)) => match hyphenation_language(code) {
            Some(lang) => Hyphenation::In(lang),
            None => bail!(
                "--lang {}: no hyphenation patterns for it (built in: {LANGUAGES})",
                crate::text::clean(code)
            ),
        },
    };
    Ok(Typesetting {
        wrap: match cli.wrap {
            WrapChoice::Balanced => Wrap::Balanced,
            WrapChoice::Fast => Wrap::Fast,
        },
        hyphenation,
        justify: cli.justify && !cli.no_justify,
        paragraphs: match cli.paragraphs {
            Some(ParagraphChoice::Book) => Paragraphs::Book,
            _ => Paragraphs::Spaced,
        },
    })
}

/// Runs the command line `matches` (from `Cli::command()`): a completion script, the manual
/// page, or reading with the preferences file's defaults under the flags given.
pub fn start(matches: &clap::ArgMatches) -> Result<()> {
    use clap::FromArgMatches;
    use clap::parser::ValueSource;
    let cli = Cli::from_arg_matches(matches)?;
    start_with(cli, &|id| {
        matches.value_source(id) == Some(ValueSource::CommandLine)
    })
}

impl Cli {
    /// The command line when it is nothing but the program and at most one file (`-` for
    /// standard input), as most starts are: every option then takes its default, and
    /// [`start_plain`] runs it without building clap's parser (up to a millisecond of a
    /// cold start). `None` for anything else, which clap parses.
    pub fn plain(mut args: impl Iterator<Item = std::ffi::OsString>) -> Option<Cli> {
        let _program = args.next();
        let file = args.next();
        if args.next().is_some() {
            return None;
        }
        let file = match file {
            None => None,
            Some(f) if f == "-" => Some(f),
            Some(f) if f.is_empty() || f.as_encoded_bytes().starts_with(b"-") => return None,
            Some(f) => Some(f),
        };
        Some(Cli {
            file: file.map(PathBuf::from),
            more: Vec::new(),
            recent: false,
            section: None,
            width: None,
            print: false,
            toc: false,
            mouse: false,
            no_mouse: false,
            force: false,
            from_start: false,
            color: ColorChoice::Auto,
            links: LinkChoice::References,
            wrap: WrapChoice::Balanced,
            hyphenate: HyphenChoice::Auto,
            lang: None,
            justify: false,
            no_justify: false,
            paragraphs: None,
            smart_punctuation: false,
            no_smart_punctuation: false,
            no_watch: false,
            watch: false,
            config: None,
            print_config: false,
            completions: None,
            man: false,
            keep_measure: false,
            keep_page: false,
        })
    }
}

/// Runs a command line [`Cli::plain`] read: no option given.
pub fn start_plain(cli: Cli) -> Result<()> {
    start_with(cli, &|_| false)
}

/// Runs `cli`, whose options `given` says were on the command line (see [`start`]).
fn start_with(mut cli: Cli, given: &dyn Fn(&str) -> bool) -> Result<()> {
    use clap::CommandFactory;
    // Each is made whole, then written: a reader that went away (`| true`) ends it quietly.
    if let Some(shell) = cli.completions {
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "connection-reader", &mut script);
        return write_out(&script);
    }
    if cli.man {
        let mut page = Vec::new();
        clap_mangen::Man::new(Cli::command()).render(&mut page)?;
        return write_out(&page);
    }
    let located =
        crate::config::locate(cli.config.as_deref(), std::env::var_os(crate::config::ENV));
    let config = match &located {
        Some(at) => crate::config::load(at)?,
        None => crate::config::Config::default(),
    };
    let settings = apply_config(&mut cli, config, given);
    if cli.print_config {
        return write_out(describe(&settings, located.as_ref()).as_bytes());
    }
    run(cli)
}

/// Where a setting in effect came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Origin {
    CommandLine,
    File,
    Default,
}

impl Origin {
    fn of(flag: bool, in_file: bool) -> Origin {
        match (flag, in_file) {
            (true, _) => Origin::CommandLine,
            (false, true) => Origin::File,
            (false, false) => Origin::Default,
        }
    }
}

/// A setting in effect, as a preferences file writes it, and where it came from.
struct Setting {
    key: &'static str,
    value: String,
    origin: Origin,
}

/// A choice's name as the command line and preferences file write it, quoted.
fn choice_name<V: ValueEnum>(v: &V) -> String {
    v.to_possible_value()
        .map_or_else(String::new, |p| format!("{:?}", p.get_name()))
}

/// Sets each reading option the command line did not give from `config`; returns every
/// setting in effect and where it came from (`lang` only when one is set).
fn apply_config(
    cli: &mut Cli,
    config: crate::config::Config,
    given: &dyn Fn(&str) -> bool,
) -> Vec<Setting> {
    let mut out = Vec::new();
    let mut note = |key, value, flag, in_file| {
        out.push(Setting {
            key,
            value,
            origin: Origin::of(flag, in_file),
        })
    };

    let flag = given("width");
    cli.keep_measure = flag;
    let in_file = !flag && config.width.is_some();
    if in_file {
        cli.width = config.width.map(|w| w.into_inner());
    }
    let width = cli.width.map_or(DEFAULT_MEASURE, usize::from);
    note("width", width.to_string(), flag, in_file);
    // A choice: the command line's, else the file's, else the default.
    macro_rules! choice {
        ($key:literal, $field:ident) => {{
            let flag = given(stringify!($field));
            let in_file = !flag && config.$field.is_some();
            if let (false, Some(v)) = (flag, config.$field) {
                cli.$field = v;
            }
            note($key, choice_name(&cli.$field), flag, in_file);
        }};
    }
    choice!("color", color);
    choice!("links", links);
    choice!("wrap", wrap);
    choice!("hyphenate", hyphenate);
    // A switch with its `--no-` flag; returns whether either was given.
    macro_rules! switch {
        ($key:literal, $field:ident, $no:ident) => {{
            let flag = given(stringify!($field)) || given(stringify!($no));
            let in_file = !flag && config.$field.is_some();
            if let (false, Some(v)) = (flag, config.$field) {
                (cli.$field, cli.$no) = (v, !v);
            }
            let on = cli.$field && !cli.$no;
            note($key, on.to_string(), flag, in_file);
            flag
        }};
    }
    switch!("mouse", mouse, no_mouse);
    let justify_given = switch!("justify", justify, no_justify);
    switch!("smart-punctuation", smart_punctuation, no_smart_punctuation);
    // On unless turned off: by `--no-watch`, else by the file (`--watch` wins over it).
    let flag = given("watch") || given("no_watch");
    let in_file = !flag && config.watch.is_some();
    if let (false, Some(on)) = (flag, config.watch) {
        cli.no_watch = !on;
    }
    note("watch", (!cli.no_watch).to_string(), flag, in_file);
    let flag = given("lang");
    let in_file = !flag && config.lang.is_some();
    if in_file {
        cli.lang = config.lang.map(|l| l.into_inner());
    }
    if let Some(lang) = &cli.lang {
        note("lang", format!("{lang:?}"), flag, in_file);
    }
    let flag = given("paragraphs");
    cli.keep_page = flag || justify_given;
    let in_file = !flag && config.paragraphs.is_some();
    if in_file {
        cli.paragraphs = config.paragraphs;
    }
    let paragraphs = cli.paragraphs.unwrap_or(ParagraphChoice::Spaced);
    note("paragraphs", choice_name(&paragraphs), flag, in_file);
    out
}

/// The settings in effect as a preferences file, each with where it came from, for
/// `--print-config`.
fn describe(settings: &[Setting], located: Option<&crate::config::Located>) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = match located {
        Some(l) => {
            let missing = !l.named && !l.path.exists();
            writeln!(
                out,
                "# Settings in effect. Preferences file: {} (chosen by {}{}).",
                crate::text::clean(&l.path.display().to_string()),
                l.chosen_by,
                if missing { "; there is none" } else { "" }
            )
        }
        None => writeln!(
            out,
            "# Settings in effect. No home folder: no preferences file."
        ),
    };
    for s in settings {
        let origin = match s.origin {
            Origin::CommandLine => "command line",
            Origin::File => "preferences file",
            Origin::Default => "default",
        };
        let setting = format!("{} = {}", s.key, s.value);
        let _ = writeln!(out, "{setting:<32} # {origin}");
    }
    if !settings.iter().any(|s| s.key == "lang") {
        let _ = writeln!(
            out,
            "# lang: each document's own (front matter), else English"
        );
    }
    out
}

/// Runs the command line. Every fallible step happens before the terminal is entered.
pub fn run(mut cli: Cli) -> Result<()> {
    if cli.file.is_none() && crate::source::stdin_has_document() {
        // `cat notes.md | connection-reader`: the pipe is the document.
        cli.file = Some(PathBuf::from("-"));
    }
    let stdout = io::stdout();
    let printing = cli.print || !stdout.is_terminal();
    if cli.recent || !cli.more.is_empty() || cli.file.as_deref().is_some_and(Path::is_dir) {
        return library(&cli, printing);
    }
    if cli.toc || printing {
        return print_file(&cli);
    }
    // Signals are caught from here on (before the terminal is entered a signal only exits);
    // the thread acting on them starts once the first frame is drawn, or before a wait: a
    // pipe, or any file but a regular one, is waited on for its first bytes, for as long as
    // they take.
    let latest = event_loop::save_on_signal()?;
    if cli
        .file
        .as_deref()
        .is_some_and(|p| !std::fs::metadata(p).is_ok_and(|m| m.is_file()))
    {
        crate::terminal::watch_signals()?;
    }
    // A large file is read and parsed on another thread while its beginning is shown; a
    // stream still arriving is shown as it comes.
    let mut stream = None;
    let (head, rest) = match &cli.file {
        None => (Source::essay(), None),
        Some(path) => {
            let input = Input::open(path, cli.force)?;
            if input.regular {
                Source::head_of(input, HEAD)?
            } else {
                let (head, arriving) = stream_head(input, markdown_of(&cli))?;
                stream = arriving;
                (head, None)
            }
        }
    };
    let key = crate::state::document_key(cli.file.as_deref(), &head.text);
    let mut loading = Loading::start(head, rest, markdown_of(&cli));
    let start = match find_start(&loading.doc, cli.section.as_deref(), &loading.name) {
        Ok(i) => i,
        // Not in the part read so far: look in the whole document (a signal ends the wait).
        Err(_) if loading.pending() => {
            crate::terminal::watch_signals()?;
            loading.wait();
            find_start(&loading.doc, cli.section.as_deref(), &loading.name)?
        }
        Err(e) => return Err(e),
    };
    let opening = opening_of(&cli, start)?;
    // Standard input has no folder of its own: its links are read from the current one.
    let path = cli.file.filter(|p| p.as_os_str() != "-");
    let first = event_loop::Opened {
        loading,
        key,
        path,
        stream,
    };
    event_loop::read(first, &opening, latest)
}

/// How long a stream is read before the reader opens, once its first bytes are here: one
/// that ends by then (a file piped in) opens whole, as a file does; one still arriving opens
/// on what came, and goes on as it comes.
const STREAM_FIRST: std::time::Duration = std::time::Duration::from_millis(50);

/// How long `--print` reads a stream before printing it as it comes (see [`print_stream`]),
/// once its first bytes are here: one that ends by then prints as a file does.
const PRINT_FIRST: std::time::Duration = std::time::Duration::from_millis(250);

/// The beginning of a stream (see [`crate::live::gather`]): the whole of it when it ended
/// in time, else its whole lines so far with the [`Live`](crate::live::Live) that follows
/// the rest. A stream that turns out binary, or fails, is an error naming it.
fn stream_head(input: Input, markdown: Markdown) -> Result<(Source, Option<crate::live::Live>)> {
    use crate::live::Gathered;
    let (shown, name) = (input.shown.clone(), input.name.clone());
    let chunks = crate::live::read_chunks(input).with_context(|| format!("reading {shown}"))?;
    // (Past what is read ahead, the rest waits until the reader goes on.)
    let (bytes, chunks) = match crate::live::gather(chunks, crate::live::AHEAD, STREAM_FIRST) {
        Err(cause) => bail!("{cause}"),
        Ok(Gathered::Whole(bytes)) => {
            let (text, lossy) = crate::source::text_of(bytes);
            return Ok((Source { name, text, lossy }, None));
        }
        Ok(Gathered::Arriving(bytes, chunks)) => (bytes, chunks),
    };
    // Its whole lines so far (all of it when no line has ended yet).
    let upto = memchr::memrchr(b'\n', &bytes).map_or(bytes.len(), |i| i + 1);
    let (text, lossy) = crate::source::text_of(bytes[..upto].to_vec());
    let live = crate::live::Live::stream(bytes, chunks, name.clone(), markdown);
    Ok((Source { name, text, lossy }, Some(live)))
}

/// The library: the documents read before (`--recent`), a folder's, or the files named.
fn library(cli: &Cli, printing: bool) -> Result<()> {
    if cli.recent {
        let recent = crate::library::Library::of_recent();
        if printing {
            // Not to a terminal: the list as lines, the most recent first.
            let mut text = String::new();
            for e in &recent.entries {
                let title = e.remembered.as_deref().unwrap_or(&e.name);
                text.push_str(&format!("{}\t{}\n", crate::text::clean(title), e.name));
            }
            return write_out(text.as_bytes());
        }
        return crate::browse::browse(recent, &opening_of(cli, 0)?);
    }
    let folder = cli.file.as_deref().filter(|p| p.is_dir());
    if printing || cli.toc || cli.section.is_some() {
        match folder {
            Some(dir) => bail!(
                "{}: is a directory; --print, --toc and --section read one file (a folder \
                     opens as a library in the terminal)",
                crate::text::clean(&dir.display().to_string())
            ),
            None => bail!("--print, --toc and --section read one file, not several"),
        }
    }
    let library = match folder {
        Some(dir) => crate::library::Library::of_folder(dir),
        None => {
            let files: Vec<PathBuf> = cli.file.iter().chain(&cli.more).cloned().collect();
            crate::library::Library::of_files(&files)
        }
    };
    crate::browse::browse(library, &opening_of(cli, 0)?)
}

/// `--print` and `--toc`: the laid-out text, or the contents, on standard output.
fn print_file(cli: &Cli) -> Result<()> {
    let stdout = io::stdout();
    // A large file is parsed in pieces, so its whole text is never in memory beside the
    // document.
    let (head, rest) = match &cli.file {
        None => (Source::essay(), None),
        Some(path) => {
            let input = Input::open(path, cli.force)?;
            // A stream still arriving after a moment, or longer than the reader holds for
            // printing whole (one that may never end: `yes | connection-reader --print |
            // head`), is printed as it comes, each section once it is complete.
            if !input.regular && !cli.toc && cli.section.is_none() {
                use crate::live::Gathered;
                let (shown, name) = (input.shown.clone(), input.name.clone());
                let chunks =
                    crate::live::read_chunks(input).with_context(|| format!("reading {shown}"))?;
                match crate::live::gather(chunks, PRINT_HOLD, PRINT_FIRST) {
                    Err(cause) => bail!("{cause}"),
                    Ok(Gathered::Arriving(bytes, chunks)) => {
                        return print_stream(cli, &name, bytes, &chunks);
                    }
                    Ok(Gathered::Whole(bytes)) => {
                        let (text, lossy) = crate::source::text_of(bytes);
                        (Source { name, text, lossy }, None)
                    }
                }
            } else {
                Source::head_of(input, PRINT_WHOLE)?
            }
        }
    };
    let warn_lossy = |lossy: bool, name: &str| {
        if lossy {
            eprintln!("connection-reader: warning: {name}: invalid UTF-8 shown as \u{fffd}");
        }
    };
    let (format, theme) = print_format(cli, &head.text)?;
    // A large document is surveyed, sectioned, and each section parsed and laid out as it
    // is printed (several at once); a smaller one is parsed whole. Both are the same
    // document, whichever way the text came.
    let (text, lossy) = match rest {
        Some(rest) => {
            let (text, rest_lossy) = rest.finish(&head.text);
            (text, head.lossy || rest_lossy)
        }
        None => (head.text, head.lossy),
    };
    let markdown = markdown_of(cli);
    let doc = if text.len() <= PRINT_WHOLE {
        Document::parse_with(&text, &head.name, markdown)
    } else {
        use crate::document::Keep;
        // Its first blocks held parsed, the rest parsed again a section at a time as it is
        // printed (for the contents, kept as places in the text with their words counted).
        let keep = if cli.toc {
            Keep::Upto(0)
        } else {
            Keep::Printing {
                upto: PRINT_HOLD,
                blocks: PRINT_HOLD_BLOCKS,
            }
        };
        let text = std::sync::Arc::new(text);
        let piece = crate::document::large::PIECE;
        crate::document::large::surveyed(text, &head.name, piece, markdown, keep)
    };
    let name = head.name;
    let start = find_start(&doc, cli.section.as_deref(), &name)?;
    if cli.toc {
        return ignore_broken_pipe(print::toc(&doc, &mut stdout.lock()));
    }
    warn_lossy(lossy, &name);
    let mut out = io::BufWriter::new(stdout.lock());
    let printed = print::print(&doc, start, &format, theme.as_ref(), &mut out);
    // The program ends now: freeing a large document block by block would only delay that
    // (22 ms for 10 MB of real markdown).
    std::mem::forget(doc);
    ignore_broken_pipe(printed)
}

/// How `--print` lays a document out, and in what colours (none but with `--color always`):
/// the reading measure as in the reader (never wider than a terminal printed to), code
/// using a terminal's whole width, and the typesetting of the language the document's
/// `text` names.
fn print_format(cli: &Cli, text: &str) -> Result<(Format, Option<Theme>)> {
    let terminal = io::stdout()
        .is_terminal()
        .then(|| ratatui::crossterm::terminal::size().ok())
        .flatten()
        .map(|(w, _)| usize::from(w).max(2));
    let width = cli.width.map_or(DEFAULT_MEASURE, usize::from);
    let width = terminal.map_or(width, |t| width.min(t));
    let format = Format {
        width,
        code_width: terminal.unwrap_or(width).max(width),
        links: cli.links.into(),
        set: typesetting_of(cli)?.for_language(crate::document::front::language(text).as_deref()),
        // Code in colour only where there is colour (`--color always`).
        highlight: if cli.color == ColorChoice::Always {
            crate::highlight::Highlighting::Now
        } else {
            crate::highlight::Highlighting::Off
        },
        highlighters: 0,
    };
    let theme = (cli.color == ColorChoice::Always).then(|| {
        ratatui::crossterm::style::force_color_output(true);
        Theme { color: true }
    });
    Ok((format, theme))
}

/// `--print` of a stream still arriving, or too long to hold whole: printed a part at a
/// time as it comes (see [`print::stream`]), in the layout `--print` gives a document. Each
/// part is the whole lines that have come (at most [`print::STREAM_PART`] at a time), so a
/// section is written as soon as the next one starts, or the stream ends.
fn print_stream(
    cli: &Cli,
    name: &str,
    mut pending: Vec<u8>,
    chunks: &std::sync::mpsc::Receiver<crate::live::Chunk>,
) -> Result<()> {
    use crate::live::Chunk;
    let stdout = io::stdout();
    let (format, theme) = print_format(cli, &String::from_utf8_lossy(&pending))?;
    let mut failed = None;
    let mut lossy = false;
    let mut ended = false;
    let more = |text: &mut String| -> bool {
        // Wait for a whole line (or the end), then take what else has come already.
        let mut wait = memchr::memchr(b'\n', &pending).is_none();
        while !ended && pending.len() < print::STREAM_PART {
            let chunk = if wait {
                chunks.recv().unwrap_or(Chunk::End)
            } else {
                match chunks.try_recv() {
                    Ok(chunk) => chunk,
                    Err(std::sync::mpsc::TryRecvError::Empty) => break,
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => Chunk::End,
                }
            };
            match chunk {
                Chunk::Bytes(b) => pending.extend_from_slice(&b),
                Chunk::End => ended = true,
                Chunk::Failed(cause) => {
                    failed = Some(anyhow::anyhow!("{cause}"));
                    ended = true;
                }
            }
            wait = memchr::memchr(b'\n', &pending).is_none();
        }
        let cut = if ended && pending.len() <= print::STREAM_PART {
            pending.len()
        } else {
            let most = pending.len().min(print::STREAM_PART);
            match memchr::memrchr(b'\n', &pending[..most]) {
                Some(i) => i + 1,
                // A line longer than a part: cut at a character's end.
                None => (most.saturating_sub(3)..=most)
                    .rev()
                    .find(|&i| pending.get(i).is_none_or(|b| (*b as i8) >= -0x40))
                    .unwrap_or(most),
            }
        };
        let rest = pending.split_off(cut);
        let (part, bad) = crate::source::text_of(std::mem::replace(&mut pending, rest));
        lossy |= bad;
        text.push_str(&part);
        ended && pending.is_empty()
    };
    let mut out = io::BufWriter::new(stdout.lock());
    let printed = print::stream(
        more,
        name,
        markdown_of(cli),
        &format,
        theme.as_ref(),
        &mut out,
    );
    ignore_broken_pipe(printed)?;
    if lossy {
        eprintln!("connection-reader: warning: {name}: invalid UTF-8 shown as \u{fffd}");
    }
    failed.map_or(Ok(()), Err)
}

/// How the reader opens a document, from the options: at section index `start`.
fn opening_of(cli: &Cli, start: usize) -> Result<Opening> {
    let theme = match cli.color {
        ColorChoice::Auto => Theme::from_env(),
        ColorChoice::Always => Theme { color: true },
        ColorChoice::Never => Theme { color: false },
    };
    // The theme alone decides colour (a flag beats NO_COLOR). Left to itself crossterm obeys
    // NO_COLOR by writing a bare reset for every colour, which also clears the bold and
    // reverse of cells a partial redraw leaves alone; without colour the theme sets none.
    ratatui::crossterm::style::force_color_output(true);
    Ok(Opening {
        start,
        measure: cli.width.map_or(DEFAULT_MEASURE, usize::from),
        keep_measure: cli.keep_measure,
        resume: !cli.from_start && cli.section.is_none(),
        watch: !cli.no_watch,
        force: cli.force,
        mouse: cli.mouse && !cli.no_mouse,
        links: cli.links.into(),
        typesetting: typesetting_of(cli)?,
        markdown: markdown_of(cli),
        keep_page: cli.keep_page,
        theme,
    })
}

/// The section index `--section` names (0 without it), or a one-line error listing them.
fn find_start(doc: &Document, section: Option<&str>, name: &str) -> Result<usize> {
    let Some(wanted) = section else {
        return Ok(0);
    };
    let ambiguous = doc.ambiguous(wanted);
    if !ambiguous.is_empty() {
        let names: Vec<String> = ambiguous
            .iter()
            .map(|s| format!("{} {}", s.number, s.title))
            .collect();
        anyhow::bail!(
            "{name}: section '{wanted}' could be any of: {}",
            names.join(", ")
        );
    }
    doc.find_section(wanted).ok_or_else(|| {
        let names: Vec<String> = doc
            .sections
            .iter()
            .map(|s| format!("{} {}", s.number, s.title))
            .collect();
        anyhow::anyhow!(
            "{name}: no section '{wanted}' (sections: {})",
            names.join(", ")
        )
    })
}

/// Writes `bytes` to standard output (see [`ignore_broken_pipe`]).
fn write_out(bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut out = io::stdout().lock();
    ignore_broken_pipe(out.write_all(bytes).and_then(|()| out.flush()))
}

/// A reader that went away (`| head`) is not an error.
fn ignore_broken_pipe(result: io::Result<()>) -> Result<()> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to standard output"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_start_reads_as_clap_reads_it() {
        use clap::Parser;
        use std::ffi::OsString;
        let os = |args: &[&str]| args.iter().map(OsString::from).collect::<Vec<_>>();
        for args in [
            &["connection-reader"][..],
            &["connection-reader", "notes.md"],
            &["connection-reader", "-"],
            &["connection-reader", "a folder/with spaces.md"],
        ] {
            let plain = Cli::plain(os(args).into_iter()).expect("plain");
            assert_eq!(plain, Cli::parse_from(os(args)), "{args:?}");
        }
        // Nothing else a lone word could be: no subcommand, and only the files are
        // positional (else the shortcut would read a new one as a file).
        use clap::CommandFactory;
        let command = Cli::command();
        assert_eq!(command.get_subcommands().count(), 0);
        let positionals: Vec<&str> = command
            .get_positionals()
            .map(|a| a.get_id().as_str())
            .collect();
        assert_eq!(positionals, ["file", "more"]);
        // Anything more is clap's to read.
        for args in [
            &["connection-reader", "--print"][..],
            &["connection-reader", "-p"],
            &["connection-reader", "--", "notes.md"],
            &["connection-reader", "a.md", "b.md"],
            &["connection-reader", ""],
        ] {
            assert!(Cli::plain(os(args).into_iter()).is_none(), "{args:?}");
        }
    }

    #[test]
    fn every_language_named_has_patterns() {
        for code in LANGUAGES.split(", ") {
            assert!(hyphenation_language(code).is_some(), "{code}");
        }
    }
}
