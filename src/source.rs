//! Where a document comes from: the bundled essay, a file, or standard input.
//!
//! Every check that can fail happens here, before the terminal is touched, and each failure
//! is one line naming the file and the cause.

use crate::document::Markdown;
use anyhow::{Result, anyhow, bail};
use std::io::{self, Read};
use std::path::Path;

/// The essay bundled into the binary.
pub const ESSAY: &str = include_str!("../essays/making-a-connection.md");

/// Name the bundled essay goes by.
pub const ESSAY_NAME: &str = "making-a-connection.md";

/// How many leading bytes are checked for NUL to tell a binary file.
const SNIFF: usize = 8 * 1024;

/// A document's text and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The file name, used as the title when the document has none.
    pub name: String,
    pub text: String,
    /// Invalid UTF-8 was replaced with U+FFFD.
    pub lossy: bool,
}

impl Source {
    pub fn essay() -> Source {
        Source {
            name: ESSAY_NAME.to_string(),
            text: ESSAY.to_string(),
            lossy: false,
        }
    }

    /// Reads `path`, or standard input for `-`. `force` opens files that look binary.
    pub fn load(path: &Path, force: bool) -> Result<Source> {
        let (name, bytes) = if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| anyhow!("standard input: {}", cause(&e)))?;
            ("stdin".to_string(), bytes)
        } else {
            let shown = shown_path(path);
            let meta = std::fs::metadata(path).map_err(|e| anyhow!("{shown}: {}", cause(&e)))?;
            if meta.is_dir() {
                bail!("{shown}: is a directory, not a markdown file");
            }
            let bytes = std::fs::read(path).map_err(|e| anyhow!("{shown}: {}", cause(&e)))?;
            let name = path.file_name().map_or_else(
                || shown.clone(),
                |n| crate::text::clean(&n.to_string_lossy()).into_owned(),
            );
            (name, bytes)
        };
        let head = &bytes[..bytes.len().min(SNIFF)];
        if !force && head.contains(&0) {
            let shown = if path.as_os_str() == "-" {
                "standard input".to_string()
            } else {
                shown_path(path)
            };
            bail!("{shown}: looks like a binary file, not text (--force opens it anyway)");
        }
        let (text, lossy) = match String::from_utf8(bytes) {
            Ok(text) => (text, false),
            Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
        };
        Ok(Source { name, text, lossy })
    }
}

/// Whether standard input holds a document: a pipe, a FIFO or a regular file (`cat notes.md |
/// connection-reader`, `< notes.md`). A terminal or another character device (`/dev/null`)
/// does not, and then the bundled essay opens.
#[cfg(unix)]
pub fn stdin_has_document() -> bool {
    use std::io::IsTerminal;
    use std::os::fd::AsFd;
    use std::os::unix::fs::FileTypeExt;
    let stdin = io::stdin();
    if stdin.is_terminal() {
        return false;
    }
    let Ok(fd) = stdin.as_fd().try_clone_to_owned() else {
        return false;
    };
    match std::fs::File::from(fd).metadata() {
        Ok(meta) => {
            let kind = meta.file_type();
            kind.is_fifo() || kind.is_file() || kind.is_socket()
        }
        Err(_) => false,
    }
}

/// Whether standard input holds a document: anything but a console.
#[cfg(not(unix))]
pub fn stdin_has_document() -> bool {
    use std::io::IsTerminal;
    !io::stdin().is_terminal()
}

/// A path as it can be shown on a terminal: control characters in file names made visible.
fn shown_path(path: &Path) -> String {
    crate::text::clean(&path.display().to_string()).into_owned()
}

/// The part of a file after its head, still to be read (on another thread).
#[derive(Debug)]
pub struct Rest {
    file: std::fs::File,
    /// Bytes read past the last whole line of the head.
    carry: Vec<u8>,
}

impl Source {
    /// Reads the first `head` bytes of a file (up to its last whole line), so its beginning
    /// can be shown at once; the [`Rest`] is `None` when that was the whole file. Checks the
    /// same errors as [`Source::load`].
    pub fn load_head(path: &Path, force: bool, head: usize) -> Result<(Source, Option<Rest>)> {
        if path.as_os_str() == "-" {
            return Source::load(path, force).map(|s| (s, None));
        }
        let shown = shown_path(path);
        let meta = std::fs::metadata(path).map_err(|e| anyhow!("{shown}: {}", cause(&e)))?;
        if meta.is_dir() {
            bail!("{shown}: is a directory, not a markdown file");
        }
        if !meta.is_file() {
            // A FIFO, `<(…)` or a device is a stream: read once, whole, never seeked.
            return Source::load(path, force).map(|s| (s, None));
        }
        let mut file = std::fs::File::open(path).map_err(|e| anyhow!("{shown}: {}", cause(&e)))?;
        let mut bytes = Vec::with_capacity(head.min(meta.len() as usize) + 1);
        (&mut file)
            .take(head as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| anyhow!("{shown}: {}", cause(&e)))?;
        if !force && bytes[..bytes.len().min(SNIFF)].contains(&0) {
            bail!("{shown}: looks like a binary file, not text (--force opens it anyway)");
        }
        let name = path.file_name().map_or_else(
            || shown.clone(),
            |n| crate::text::clean(&n.to_string_lossy()).into_owned(),
        );
        let rest = if bytes.len() > head {
            // Keep whole lines (and so whole characters) in the head.
            let cut = bytes
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(bytes.len(), |i| i + 1);
            let carry = bytes.split_off(cut);
            Some(Rest { file, carry })
        } else {
            None
        };
        let (text, lossy) = match String::from_utf8(bytes) {
            Ok(text) => (text, false),
            Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
        };
        Ok((Source { name, text, lossy }, rest))
    }
}

/// Size of the pieces a large file is read and parsed in.
const PIECE: usize = 4 << 20;

/// Whether [`Rest::sections`] reads a file of `size` bytes, cut in pieces of about `piece`
/// bytes, once and whole, and cuts it in memory: at most 4 MB, and at most 64 pieces (so
/// tests with small pieces read twice). A larger file is read again for the second pass, as
/// holding it all would take its whole size beside the sections being printed.
fn read_once(size: usize, piece: usize) -> bool {
    size <= (4 << 20).min(piece.saturating_mul(64))
}

/// The whole of `file`, about `size` bytes, from its start, as text (invalid UTF-8 shown as
/// U+FFFD, which the flag says). A read that fails part-way keeps what was read.
fn whole_file(mut file: std::fs::File, size: usize) -> (String, bool) {
    use std::io::Seek;
    // A file that cannot seek back yields what is left in it.
    let _ = file.rewind();
    let mut bytes = Vec::with_capacity(size.saturating_add(1));
    let _ = file.read_to_end(&mut bytes);
    match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    }
}

/// A file read from its start in pieces of about [`PIECE`] bytes, each ending where the
/// parser starts a top-level block (see [`crate::document::prefix_end`]), as text. Each byte
/// is read into one buffer and copied once, into its piece.
struct Pieces {
    file: std::fs::File,
    /// About how long each piece is.
    piece: usize,
    /// Bytes read and not yet handed out.
    bytes: Vec<u8>,
    done: bool,
    lossy: bool,
    /// Where an earlier pass cut the file: the lengths of the pieces still to come, used
    /// while the file reads as it did then.
    lengths: std::collections::VecDeque<usize>,
}

impl Pieces {
    fn new(mut file: std::fs::File, piece: usize) -> Pieces {
        use std::io::Seek;
        // A file that cannot seek back yields what is left in it.
        let _ = file.rewind();
        Pieces {
            file,
            piece: piece.max(1),
            bytes: Vec::new(),
            done: false,
            lossy: false,
            lengths: Default::default(),
        }
    }

    /// Cuts the file into pieces of these lengths (an earlier pass's), without looking for
    /// where to cut again; for as long as each falls at the end of a line.
    fn cut_as(mut self, lengths: Vec<usize>) -> Pieces {
        self.lengths = lengths.into();
        self
    }

    /// The next piece at the next length known, if the file still has one there.
    fn known(&mut self) -> Option<String> {
        let len = self.lengths.pop_front()?;
        // A byte more, to know whether the file ends there.
        self.fill(len + 1);
        let at_line_end =
            len > 0 && (len == self.bytes.len() || self.bytes.get(len - 1) == Some(&b'\n'));
        let text = self
            .bytes
            .get(..len)
            .and_then(|b| std::str::from_utf8(b).ok());
        match text {
            Some(text) if at_line_end => {
                let piece = text.to_string();
                self.bytes.drain(..len);
                Some(piece)
            }
            _ => {
                // The file changed since: cut it afresh.
                self.lengths.clear();
                None
            }
        }
    }

    /// Reads until `want` bytes are waiting, or the file ends.
    fn fill(&mut self, want: usize) {
        // Large reads straight into the buffer (growing it a little at a time costs several
        // small reads for each piece).
        let have = self.bytes.len();
        if self.done || have >= want {
            return;
        }
        self.bytes.resize(want, 0);
        let mut filled = have;
        while filled < want {
            match self.file.read(&mut self.bytes[filled..]) {
                Ok(0) => {
                    self.done = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => {
                    self.done = true;
                    break;
                }
            }
        }
        self.bytes.truncate(filled);
    }
}

impl Iterator for Pieces {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        if let Some(piece) = self.known() {
            return Some(piece);
        }
        // A little over a piece, so a cut after a piece's length is usually in reach.
        let mut want = self.piece + self.piece / 4;
        loop {
            self.fill(want);
            if self.bytes.is_empty() {
                return None;
            }
            // Whole lines only, until the end.
            let lines = if self.done {
                self.bytes.len()
            } else {
                self.bytes
                    .iter()
                    .rposition(|b| *b == b'\n')
                    .map_or(0, |i| i + 1)
            };
            if lines > 0 && std::str::from_utf8(&self.bytes[..lines]).is_err() {
                let fixed = String::from_utf8_lossy(&self.bytes[..lines]).into_owned();
                self.bytes.splice(..lines, fixed.into_bytes());
                self.lossy = true;
                continue;
            }
            let text = std::str::from_utf8(&self.bytes[..lines]).unwrap_or_default();
            let cut = if self.done {
                text.len()
            } else {
                crate::document::prefix_end(text, self.piece.min(text.len()))
            };
            if cut == 0 || (cut == text.len() && !self.done) {
                // No place to cut yet: read on.
                want = self.bytes.len() + self.piece;
                continue;
            }
            let piece = text[..cut].to_string();
            self.bytes.drain(..cut);
            return Some(piece);
        }
    }
}

/// A whole document, parsed, with what identifies its text (to tell whether a remembered
/// place still belongs to it).
#[derive(Debug)]
pub struct Loaded {
    pub doc: crate::document::Document,
    pub fingerprint: Fingerprint,
    /// Some of the text was invalid UTF-8, shown as U+FFFD.
    pub lossy: bool,
}

/// FNV-1a of a document's whole text, and its length in bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fingerprint {
    pub hash: u64,
    pub length: usize,
}

impl Fingerprint {
    pub fn of(text: &str) -> Fingerprint {
        Fingerprint {
            hash: crate::state::fnv1a(text.as_bytes()),
            length: text.len(),
        }
    }
}

impl Loaded {
    /// Parses a text that is all in memory.
    pub fn parse(text: &str, name: &str, lossy: bool, markdown: Markdown) -> Loaded {
        Loaded {
            doc: crate::document::Document::parse_with(text, name, markdown),
            fingerprint: Fingerprint::of(text),
            lossy,
        }
    }
}

/// Parses a text that is all in memory in pieces of about `piece` bytes, as a large file is
/// parsed (see [`Rest::parse`]): the same document as parsing it whole, while only one
/// piece's parse tree is held at a time (a whole parse of real markdown holds about ten times
/// the text at its peak).
pub fn parse_in_pieces(
    text: &str,
    name: &str,
    piece: usize,
    markdown: Markdown,
) -> crate::document::Document {
    use crate::document::Document;
    if text.len() <= piece + piece / 4 {
        return Document::parse_with(text, name, markdown);
    }
    let survey = Survey::of(cut_text(text, piece), false);
    Document::parse_pieces(
        cut_text(text, piece),
        &survey.links,
        &survey.notes.defined,
        name,
        markdown,
    )
}

/// Parses a large text that is all in memory into a dormant document (see
/// [`crate::document::dormant`]): sections are made as [`Rest::sections`] makes them, and
/// each is put to sleep as it is handed on, so what is held at once is the text, one piece's
/// parse and the sections still open. A text whose headings the first pass misread (the
/// sections would not be the whole parse's) is parsed whole instead, as
/// [`parse_in_pieces`] does.
pub fn parse_dormant(
    text: std::sync::Arc<String>,
    name: &str,
    piece: usize,
    markdown: Markdown,
) -> crate::document::Document {
    use crate::document::Document;
    use crate::document::dormant::Sleeper;
    use std::cell::RefCell;
    let survey = Survey::of(cut_text(&text, piece), true);
    let sleeper = RefCell::new(Sleeper::new(std::sync::Arc::clone(&text)));
    let mut sections = Vec::new();
    let sectioned = stream_sections_seen(
        &survey,
        markdown,
        cut_text(&text, piece),
        &|| false,
        |mut section| {
            sleeper.borrow_mut().sleep(&mut section);
            sections.push(section);
        },
        &mut |block, start| sleeper.borrow_mut().seen(block, start),
        name,
    );
    if !sectioned.as_planned {
        return parse_in_pieces(&text, name, piece, markdown);
    }
    if sections.is_empty() {
        return Document::parse_with(&text, name, markdown);
    }
    let dormant = sleeper
        .into_inner()
        .finish(survey.links, survey.notes.defined, markdown);
    sections.shrink_to_fit();
    Document {
        title: sectioned.title,
        sections,
        len: text.len(),
        anchors: sectioned.anchors,
        lang: crate::document::front::language(&text),
        dormant: Some(std::sync::Arc::new(dormant)),
    }
}

/// `text` in pieces of about `piece` bytes, cut as [`Pieces`] cuts a file.
fn cut_text(text: &str, piece: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = if rest.len() > piece + piece / 4 {
            crate::document::prefix_end(rest, piece)
        } else {
            rest.len()
        };
        let (head, tail) = rest.split_at(cut);
        rest = tail;
        Some(head)
    })
}

/// Folds the pieces of a document into blocks and hands them to a [`Stream`] that passes
/// each section to `emit` when it is final (see [`Rest::sections`]); returns whether its
/// headings agreed with the survey's plan.
///
/// [`Stream`]: crate::document::stream::Stream
fn stream_sections<S: AsRef<str>>(
    survey: &Survey,
    markdown: Markdown,
    pieces: impl Iterator<Item = S>,
    stop: &dyn Fn() -> bool,
    emit: impl FnMut(crate::document::Section),
) -> bool {
    stream_sections_seen(survey, markdown, pieces, stop, emit, &mut |_, _| {}, "").as_planned
}

/// What [`stream_sections_seen`] found besides the sections.
struct Sectioned {
    /// The sections were cut as the first pass planned (see [`Streamed::as_planned`]).
    as_planned: bool,
    /// The places the document's HTML names.
    anchors: Vec<(String, usize)>,
    /// The document's title, or the name it was given.
    title: String,
}

/// [`stream_sections`], telling `seen` of each top-level block before it is sectioned, with
/// where the parser's block it was folded from starts; also returns the places the
/// document's HTML names and its title (`name` for a document without one of its own).
fn stream_sections_seen<S: AsRef<str>>(
    survey: &Survey,
    markdown: Markdown,
    pieces: impl Iterator<Item = S>,
    stop: &dyn Fn() -> bool,
    emit: impl FnMut(crate::document::Section),
    seen: &mut dyn FnMut(&crate::document::Block, usize),
    name: &str,
) -> Sectioned {
    use crate::document::Document;
    use crate::document::outline::Plan;
    use crate::document::stream::Stream;
    let plan = Plan::of(&survey.headings, survey.front_title);
    let mut stream = Stream::new(plan, &survey.notes, emit).titled(name);
    let defined = |l: &str| survey.notes.defined.contains(l);
    let mut at = 0;
    let mut anchors = Vec::new();
    for piece in pieces {
        let piece = piece.as_ref();
        let len = piece.len();
        // Each section is printed or put to sleep as soon as it is final.
        let mut folded = Document::fold_piece(piece, at, &survey.links, &defined, markdown, true);
        let mut starts = folded.starts.iter().peekable();
        let mut start = at;
        for block in folded.blocks {
            // The parser's block this one was folded from: the last to start at or before it.
            while let Some(&&s) = starts.peek()
                && s <= block.offset
            {
                start = s;
                starts.next();
            }
            seen(&block, start);
            stream.push(block);
        }
        anchors.append(&mut folded.anchors);
        at += len;
        if stop() {
            break;
        }
    }
    let title = stream.title().to_string();
    Sectioned {
        as_planned: stream.finish(),
        anchors,
        title,
    }
}

/// How a file handed on section by section went.
#[derive(Debug)]
pub struct Streamed {
    /// Some of the text was invalid UTF-8, shown as U+FFFD.
    pub lossy: bool,
    /// The sections were cut where the first pass's headings said (see
    /// [`crate::document::stream::Stream::finish`]).
    pub as_planned: bool,
}

/// What a first pass over a file's pieces finds that parsing one piece needs of the others:
/// link reference definitions, footnote labels, and (when asked) the headings.
#[derive(Default)]
struct Survey {
    links: crate::document::LinkDefinitions,
    notes: crate::document::stream::Notes,
    headings: Vec<crate::document::outline::Heading>,
    front_title: bool,
    /// The lengths of the pieces the file was cut into, when they were read as they are
    /// (valid UTF-8), for the second pass to cut the same way (see [`Survey::of_shared`]).
    lengths: Vec<usize>,
}

impl Survey {
    fn of<S: AsRef<str>>(pieces: impl Iterator<Item = S>, headings: bool) -> Survey {
        let mut survey = Survey::default();
        let mut at = 0;
        for (i, piece) in pieces.enumerate() {
            let piece = piece.as_ref();
            survey.append(Survey::of_piece(piece, i, at, headings));
            at += piece.len();
        }
        survey
    }

    /// [`Survey::of`] a document's pieces, shared with a second thread while this one reads
    /// or cuts them: a piece goes to the other thread when it is free, and is surveyed here
    /// when not. Also returns the pieces' lengths, in order. The pieces are asked for once
    /// that thread is started, so it starts while the file is read (a thread started on a
    /// processor that has gone idle can take a millisecond or more to run).
    fn of_shared<S: AsRef<str> + Send, I: Iterator<Item = S>>(
        pieces: impl FnOnce() -> I,
        headings: bool,
    ) -> (Survey, Vec<usize>) {
        use std::sync::mpsc::{TrySendError, sync_channel};
        std::thread::scope(|scope| {
            let (give, take) = sync_channel::<(usize, usize, S)>(1);
            // Without the second thread (it could not be started), every piece is surveyed
            // here: giving one finds the other end gone.
            let helper = std::thread::Builder::new()
                .name("survey".into())
                .spawn_scoped(scope, move || {
                    take.iter()
                        .map(|(i, at, piece)| {
                            (i, Survey::of_piece(piece.as_ref(), i, at, headings))
                        })
                        .collect::<Vec<(usize, Survey)>>()
                })
                .ok();
            let mut surveyed = Vec::new();
            let mut lengths = Vec::new();
            let mut at = 0;
            for (i, piece) in pieces().enumerate() {
                let len = piece.as_ref().len();
                lengths.push(len);
                match give.try_send((i, at, piece)) {
                    Ok(()) => {}
                    Err(TrySendError::Full((i, at, piece)))
                    | Err(TrySendError::Disconnected((i, at, piece))) => {
                        surveyed.push((i, Survey::of_piece(piece.as_ref(), i, at, headings)));
                    }
                }
                at += len;
            }
            drop(give);
            if let Some(helper) = helper {
                let theirs = helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                surveyed.extend(theirs);
            }
            surveyed.sort_unstable_by_key(|(i, _)| *i);
            let mut survey = Survey::default();
            for (_, piece) in surveyed {
                survey.append(piece);
            }
            (survey, lengths)
        })
    }

    /// What piece number `i` of a file, starting `at` bytes into it, holds.
    fn of_piece(piece: &str, i: usize, at: usize, headings: bool) -> Survey {
        use crate::document::outline;
        let mut survey = Survey::default();
        crate::document::link_definitions(piece, &mut survey.links);
        let (defined, referred) = crate::document::scan::footnote_labels(piece);
        survey.notes.defined.extend(defined);
        survey.notes.referred.extend(referred);
        if headings {
            let from = if i == 0 {
                let body = outline::front_matter_end(piece);
                survey.front_title = outline::front_title(piece, body);
                body
            } else {
                0
            };
            outline::headings_into(piece, from, at, &mut survey.headings);
        }
        survey
    }

    /// Adds what the next piece holds (the first definition of a link label wins).
    fn append(&mut self, next: Survey) {
        for (label, dest) in next.links {
            self.links.entry(label).or_insert(dest);
        }
        self.notes.defined.extend(next.notes.defined);
        self.notes.referred.extend(next.notes.referred);
        self.headings.extend(next.headings);
        self.front_title |= next.front_title;
    }
}

impl Rest {
    /// Reads the whole file again from its start, in pieces, and parses it without ever
    /// holding all its text: a first pass collects link reference definitions, a second
    /// parses. `name` titles a document without a level-1 heading.
    pub fn parse(self, name: &str, markdown: Markdown) -> Loaded {
        self.parse_in(name, PIECE, markdown)
    }

    /// [`Rest::parse`] with pieces of about `piece` bytes.
    pub fn parse_in(self, name: &str, piece: usize, markdown: Markdown) -> Loaded {
        use crate::document::Document;
        let whole = |mut rest: Rest| {
            use std::io::Seek;
            // From the start again (the file is regular: `load_head` reads others whole).
            let _ = rest.file.rewind();
            let mut bytes = Vec::new();
            let _ = rest.file.read_to_end(&mut bytes);
            let (text, lossy) = match String::from_utf8(bytes) {
                Ok(text) => (text, false),
                Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
            };
            Loaded::parse(&text, name, lossy, markdown)
        };
        let Ok(again) = self.file.try_clone() else {
            // Without a second handle, read it all at once.
            return whole(self);
        };
        let survey = Survey::of(Pieces::new(again, piece), false);
        let mut fingerprint = crate::state::FNV_OFFSET;
        let mut length = 0;
        let mut pieces = Pieces::new(self.file, piece);
        let doc = Document::parse_pieces(
            std::iter::from_fn(|| {
                let piece = pieces.next()?;
                fingerprint = crate::state::fnv1a_extend(fingerprint, piece.as_bytes());
                length += piece.len();
                Some(piece)
            }),
            &survey.links,
            &survey.notes.defined,
            name,
            markdown,
        );
        Loaded {
            doc,
            fingerprint: Fingerprint {
                hash: fingerprint,
                length,
            },
            lossy: pieces.lossy,
        }
    }

    /// Reads the whole file again from its start, in pieces of about `piece` bytes, and
    /// hands each section to `emit` as soon as it is final, so no more than a piece and the
    /// sections still open are ever held (see [`crate::document::stream`]). A first pass
    /// over the pieces finds what each needs of the others (link definitions, footnote
    /// labels, headings). A file of up to 4 MB (see [`read_once`]) is read once, whole, and its
    /// pieces are slices of that text; a larger one is read twice, cut the second time where
    /// the first pass cut it. Stops early when `stop` says so.
    pub fn sections(
        self,
        piece: usize,
        markdown: Markdown,
        stop: &dyn Fn() -> bool,
        emit: impl FnMut(crate::document::Section),
    ) -> Streamed {
        let size = self
            .file
            .metadata()
            .map_or(usize::MAX, |m| m.len() as usize);
        if size <= 4 * piece || read_once(size, piece) {
            // Read once, whole, and cut in memory: the pieces are slices of the text.
            let read = std::sync::OnceLock::new();
            let file = self.file;
            // Cut once: in turn with the survey on two threads, or first for a few pieces.
            let (survey, lengths) = if size <= 4 * piece {
                let (text, _) = read.get_or_init(|| whole_file(file, size));
                let pieces: Vec<&str> = cut_text(text, piece).collect();
                let lengths = pieces.iter().map(|p| p.len()).collect();
                (Survey::of(pieces.iter(), true), lengths)
            } else {
                // The second thread starts while the file is read.
                Survey::of_shared(
                    || cut_text(&read.get_or_init(|| whole_file(file, size)).0, piece),
                    true,
                )
            };
            let (text, lossy) = read.into_inner().expect("the file was read for the survey");
            let pieces = lengths.iter().scan(0, |at, &len| {
                let piece = &text[*at..*at + len];
                *at += len;
                Some(piece)
            });
            let as_planned = stream_sections(&survey, markdown, pieces, stop, emit);
            return Streamed { lossy, as_planned };
        }
        let mut survey = Survey::default();
        if let Ok(again) = self.file.try_clone() {
            let mut pieces = Pieces::new(again, piece);
            let (surveyed, lengths) = Survey::of_shared(|| pieces.by_ref(), true);
            survey = surveyed;
            if !pieces.lossy {
                survey.lengths = lengths;
            }
        }
        let mut pieces = Pieces::new(self.file, piece).cut_as(std::mem::take(&mut survey.lengths));
        let as_planned = stream_sections(&survey, markdown, pieces.by_ref(), stop, emit);
        Streamed {
            lossy: pieces.lossy,
            as_planned,
        }
    }

    /// Reads the rest of the file and returns the whole text after `head`, and whether any of
    /// it was invalid UTF-8. A read that fails part-way keeps what was read.
    pub fn finish(mut self, head: &str) -> (String, bool) {
        // Room for the whole file at once: growing by doubling could hold twice its size.
        let size = self.file.metadata().map_or(0, |m| m.len() as usize);
        let mut bytes = Vec::with_capacity(size.max(head.len() + self.carry.len()) + 1);
        bytes.extend_from_slice(head.as_bytes());
        bytes.append(&mut self.carry);
        let _ = self.file.read_to_end(&mut bytes);
        match String::from_utf8(bytes) {
            Ok(text) => (text, false),
            Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
        }
    }
}

/// An I/O error's cause in plain words, without the OS error number.
pub(crate) fn cause(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "is a directory".to_string(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_lowercase(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn essay_is_bundled() {
        let s = Source::essay();
        assert!(
            s.text
                .starts_with("# Making a Connection is Hard — And Neccessary")
        );
    }

    #[test]
    fn missing_files_and_directories_are_named_in_the_error() {
        let e = Source::load(Path::new("/no/such/file.md"), false).unwrap_err();
        assert_eq!(e.to_string(), "/no/such/file.md: no such file");
        let e = Source::load(Path::new("/"), false).unwrap_err();
        assert_eq!(e.to_string(), "/: is a directory, not a markdown file");
    }

    #[test]
    fn a_head_and_its_rest_make_the_whole_file() {
        let dir = std::env::temp_dir().join(format!("cr-head-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("long.md");
        let text = "line of words — ünïcode\n".repeat(1000);
        std::fs::write(&path, &text).expect("write");
        let (head, rest) = Source::load_head(&path, false, 1000).expect("head");
        assert!(head.text.len() <= 1000 && head.text.ends_with('\n'));
        assert!(text.starts_with(&head.text));
        let (whole, lossy) = rest.expect("more to read").finish(&head.text);
        assert_eq!(whole, text);
        assert!(!lossy);
        let (all, rest) = Source::load_head(&path, false, 1 << 20).expect("head");
        assert!(rest.is_none());
        assert_eq!(all.text, text);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn pieces_cut_as_an_earlier_pass_cut_them_until_the_file_differs() {
        let path = std::env::temp_dir().join(format!("cr-cut-as-{}.md", std::process::id()));
        let text: String = (0..400)
            .map(|i| format!("Line {i} of the file.\n\n"))
            .collect();
        std::fs::write(&path, &text).expect("write");
        let open = || std::fs::File::open(&path).expect("open");
        let fresh: Vec<String> = Pieces::new(open(), 500).collect();
        assert!(fresh.len() > 4);
        let lengths: Vec<usize> = fresh.iter().map(String::len).collect();
        // The same lengths give the same pieces.
        assert_eq!(
            Pieces::new(open(), 500)
                .cut_as(lengths.clone())
                .collect::<Vec<_>>(),
            fresh
        );
        // Lengths that no longer fall at line ends (the file changed) are dropped where
        // they first do not: the pieces still make the whole file, cut at line ends.
        let mut wrong = lengths.clone();
        wrong[2] += 3;
        let cut: Vec<String> = Pieces::new(open(), 500).cut_as(wrong).collect();
        assert_eq!(cut[..2], fresh[..2]);
        assert_eq!(cut.concat(), text);
        assert!(cut.iter().all(|p| p.ends_with('\n')), "{cut:?}");
        // A file grown shorter than the lengths say (and not at a piece's end) is read whole
        // all the same.
        let shorter = &text[..text.len() / 2 + 7];
        std::fs::write(&path, shorter).expect("write");
        let cut: Vec<String> = Pieces::new(open(), 500).cut_as(lengths).collect();
        assert_eq!(cut.concat(), shorter);
        std::fs::remove_file(&path).ok();
    }

    #[test]
    fn a_shared_first_pass_surveys_every_piece_and_gives_their_lengths_in_order() {
        use std::io::Write;
        let mut file = tempfile::NamedTempFile::new().expect("temporary file");
        let text: String = (0..400)
            .map(|i| format!("Line {i} of the [file][f{i}].\n\n[f{i}]: /u{i}\n\n"))
            .collect();
        file.write_all(text.as_bytes()).expect("write");
        let path = file.path().to_path_buf();
        let open = || std::fs::File::open(&path).expect("open");
        let fresh: Vec<String> = Pieces::new(open(), 500).collect();
        assert!(fresh.len() > 20);
        let (survey, lengths) = Survey::of_shared(|| Pieces::new(open(), 500), true);
        assert_eq!(survey.links.len(), 400);
        assert_eq!(survey.links.get("f399").map(String::as_str), Some("/u399"));
        assert_eq!(lengths, fresh.iter().map(String::len).collect::<Vec<_>>());
        // Slices of a text in memory are surveyed alike.
        let (in_memory, lengths) = Survey::of_shared(|| cut_text(&text, 500), true);
        assert_eq!(in_memory.links, survey.links);
        assert_eq!(lengths.iter().sum::<usize>(), text.len());
        // A file read whole is its text from the start, whatever was read of it before;
        // invalid UTF-8 is shown as U+FFFD, and said.
        let mut read = open();
        let mut some = [0u8; 100];
        read.read_exact(&mut some).expect("read");
        assert_eq!(whole_file(read, text.len()), (text.clone(), false));
        file.write_all(b"caf\xe9\n").expect("write");
        let (shown, lossy) = whole_file(open(), 0);
        assert!(lossy);
        assert_eq!(shown, format!("{text}caf\u{fffd}\n"));
        // What is read once: up to 4 MB, in up to 64 pieces.
        assert!(read_once(4 << 20, 64 << 10));
        assert!(!read_once((4 << 20) + 1, 64 << 10));
        assert!(read_once(1 << 20, 16 << 10));
        assert!(!read_once((1 << 20) + 1, 16 << 10));
        assert!(!read_once(5 << 20, 1 << 20));
    }

    #[test]
    fn a_large_file_parsed_in_pieces_is_the_same_document() {
        use crate::document::Document;
        let dir = std::env::temp_dir().join(format!("cr-pieces-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("large.md");
        let mut text = String::from("# Big\n\nSee [the end][far].\n\n");
        for i in 0..3500 {
            text.push_str(&format!(
                "## Part {i}\n\n{}\n\n```\n# not a heading {i}\n```\n\n",
                "Prose — ünïcode words. ".repeat(150)
            ));
        }
        text.push_str("[far]: https://example.org/far\n");
        assert!(text.len() > 3 * PIECE);
        std::fs::write(&path, &text).expect("write");
        let (head, rest) = Source::load_head(&path, false, 1 << 20).expect("head");
        let parsed = rest
            .expect("more to read")
            .parse(&head.name, Markdown::default());
        assert_eq!(parsed.fingerprint, Fingerprint::of(&text));
        assert!(!parsed.lossy);
        assert_eq!(parsed.doc, Document::parse(&text, "large.md"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn control_characters_in_file_names_never_reach_the_terminal() {
        let e = Source::load(Path::new("/no/\x1b]0;pwned\x07.md"), false).unwrap_err();
        let text = e.to_string();
        assert!(!text.chars().any(char::is_control), "{text:?}");
        assert!(text.contains("\u{241b}]0;pwned\u{2407}.md"));
    }

    #[test]
    fn binary_is_refused_and_invalid_utf8_replaced() {
        let dir = std::env::temp_dir().join(format!("cr-source-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let bin = dir.join("x.bin");
        std::fs::write(&bin, b"abc\0def").expect("write");
        let e = Source::load(&bin, false).unwrap_err();
        assert!(e.to_string().contains("binary"), "{e}");
        assert!(Source::load(&bin, true).is_ok());
        let bad = dir.join("bad.md");
        std::fs::write(&bad, b"caf\xe9 ok").expect("write");
        let s = Source::load(&bad, false).expect("loads");
        assert!(s.lossy);
        assert_eq!(s.text, "caf\u{fffd} ok");
        std::fs::remove_dir_all(&dir).ok();
    }
}
