//! Print mode: the same layout the reader shows, written as plain text for pipes and files.
//!
//! A large document's sections are parsed and laid out on worker threads, several at once,
//! and written here in order as each is ready (see [`in_order`]).

use crate::document::{Block, Document, Section};
use crate::layout::{Format, Line, layout_blocks_into};
use crate::theme::Theme;
use ratatui::backend::IntoCrossterm;
use ratatui::crossterm::style::ContentStyle;
use std::io::{self, Write};

/// Writes every section from index `from` on, laid out in `format`: a blank line between
/// sections, no trailing spaces. Plain text with no escape sequences, unless a `theme` asks
/// for styled output.
pub fn print(
    doc: &Document,
    from: usize,
    format: &Format,
    theme: Option<&Theme>,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut printer = Printer::new(format, theme, out);
    if doc.is_empty() {
        return printer.finish();
    }
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    // Laying out is most of printing: a large document's sections are laid out on several
    // threads at once.
    if doc.len < PARALLEL_FROM || workers < 2 || doc.sections.len() < from + 2 {
        for i in from..doc.sections.len() {
            printer.blocks(&doc.blocks(i));
            if printer.failed() {
                break;
            }
        }
    } else {
        in_order(doc, from, workers.min(4), format, theme, |text| {
            printer.rendered(text);
            !printer.failed()
        });
    }
    printer.finish()
}

/// How much of a stream [`stream`] parses at a time, at most: of what has come, its part
/// that the rest cannot change (see [`Document::parse_stream_part`]).
pub const STREAM_PART: usize = 2 << 20;

/// Prints a stream as it comes, in bounded memory: `more` adds whole lines to the text (as
/// many as have come, at most [`STREAM_PART`] bytes) and says whether the stream has ended.
/// Each part the rest cannot change is parsed, laid out and written (and flushed) before
/// more is read, so a section is printed once the next one starts, and an endless stream
/// prints from its beginning (and stops once `out` is closed).
/// Each part is its own document: a link or note defined in another part shows as
/// written, and a block longer than a part is split.
pub fn stream(
    mut more: impl FnMut(&mut String) -> bool,
    name: &str,
    markdown: crate::document::Markdown,
    format: &Format,
    theme: Option<&Theme>,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut printer = Printer::new(format, theme, out);
    let (mut text, mut base, mut ended) = (String::new(), 0, false);
    while !ended || !text.is_empty() {
        if !ended {
            ended = more(&mut text);
        }
        let (cut, doc) = Document::parse_stream_part(&text, base, ended, name, markdown);
        for section in doc.sections.iter().filter(|s| !s.blocks.is_empty()) {
            printer.section(section);
        }
        if printer.result.is_ok() {
            printer.result = printer.out.flush();
        }
        if printer.failed() {
            break;
        }
        text.drain(..cut);
        base += cut;
    }
    printer.finish()
}

/// Documents at least this long are laid out on several threads (see [`in_order`]).
const PARALLEL_FROM: usize = 256 << 10;

/// How many sections past the one being written the workers may lay out, and how many
/// bytes of laid-out text may wait: what bounds the memory between them and the writer.
const AHEAD: usize = 256;
const AHEAD_BYTES: usize = 4 << 20;

/// How much of the text (in bytes) a worker lays out at a time: as many sections in a row as
/// make this much, so a document of many small sections (a changelog) is not handed over a
/// section at a time.
const BATCH: usize = 32 << 10;

/// Lays out the sections of `doc` from index `from` on `workers` threads (each parsing a
/// dormant section again and laying it out), a batch of sections in a row at a time, and
/// hands each section's text to `write` in order, on this thread, until it returns false.
fn in_order(
    doc: &Document,
    from: usize,
    workers: usize,
    format: &Format,
    theme: Option<&Theme>,
    mut write: impl FnMut(&[u8]) -> bool,
) {
    let end = doc.sections.len();
    // Where the batch starting at section `i` ends.
    let batch_end = |i: usize| {
        let start = doc.sections[i].offset;
        let mut j = i + 1;
        while j < end && doc.sections[j].offset.saturating_sub(start) < BATCH {
            j += 1;
        }
        j
    };
    let queue = Queue::new(from, end);
    let work = || {
        while let Some((i, j)) = queue.take(batch_end) {
            let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                crate::fault::inject("print");
                doc.blocks_of(i..j)
                    .iter()
                    .map(|blocks| render(blocks, format, theme))
                    .collect::<Vec<_>>()
            }));
            queue.put(i, rendered);
        }
    };
    let panic = std::thread::scope(|scope| {
        let started = (0..workers)
            .filter(|_| crate::worker::spawn_scoped(scope, "print", work).is_ok())
            .count();
        if started == 0 {
            // No thread to spare: this one lays out too, one section at a time.
            queue.stop();
            for i in from..end {
                if !write(&render(&doc.blocks(i), format, theme)) {
                    break;
                }
            }
            return None;
        }
        let mut i = from;
        'writing: while let Some(texts) = queue.ready(i) {
            i += texts.len();
            for text in &texts {
                if !write(text) {
                    break 'writing;
                }
            }
        }
        queue.stop()
    });
    if let Some(panic) = panic {
        std::panic::resume_unwind(panic);
    }
}

/// A panic a worker caught, passed on to the thread writing.
type Panic = Box<dyn std::any::Any + Send>;

/// The work [`in_order`]'s threads share: which sections are taken, which are laid out and
/// waiting to be written, and how far ahead of the writer the workers may go.
struct Queue {
    state: std::sync::Mutex<QueueState>,
    changed: std::sync::Condvar,
    /// The index past the last section.
    end: usize,
}

struct QueueState {
    /// The next section a worker takes.
    next: usize,
    /// The next section to write.
    writing: usize,
    /// Batches laid out, by their first section.
    ready: std::collections::BTreeMap<usize, Vec<Vec<u8>>>,
    bytes: usize,
    stop: bool,
    panic: Option<Panic>,
}

impl Queue {
    fn new(from: usize, end: usize) -> Queue {
        Queue {
            state: std::sync::Mutex::new(QueueState {
                next: from,
                writing: from,
                ready: std::collections::BTreeMap::new(),
                bytes: 0,
                stop: false,
                panic: None,
            }),
            changed: std::sync::Condvar::new(),
            end,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, QueueState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The next batch for a worker (from its first section to where `batch_end` says it
    /// ends), once the writer is near enough; none when all are taken or the work stopped.
    fn take(&self, batch_end: impl Fn(usize) -> usize) -> Option<(usize, usize)> {
        let mut q = self.lock();
        while !q.stop && q.next < self.end && (q.next >= q.writing + AHEAD || q.bytes > AHEAD_BYTES)
        {
            q = self.changed.wait(q).unwrap_or_else(|e| e.into_inner());
        }
        if q.stop || q.next >= self.end {
            return None;
        }
        let i = q.next;
        q.next = batch_end(i);
        Some((i, q.next))
    }

    /// A worker's batch starting at section `i`, laid out, or the panic laying it out.
    fn put(&self, i: usize, rendered: Result<Vec<Vec<u8>>, Panic>) {
        let mut q = self.lock();
        match rendered {
            Ok(texts) => {
                q.bytes += texts.iter().map(Vec::len).sum::<usize>();
                q.ready.insert(i, texts);
            }
            Err(panic) => {
                q.panic.get_or_insert(panic);
                q.stop = true;
            }
        }
        self.changed.notify_all();
    }

    /// The batch starting at section `i`, once laid out, for the writer; none after a
    /// worker's panic or at the end.
    fn ready(&self, i: usize) -> Option<Vec<Vec<u8>>> {
        if i >= self.end {
            return None;
        }
        let mut q = self.lock();
        loop {
            if let Some(texts) = q.ready.remove(&i) {
                q.bytes -= texts.iter().map(Vec::len).sum::<usize>();
                q.writing = i + texts.len();
                self.changed.notify_all();
                return Some(texts);
            }
            if q.panic.is_some() {
                return None;
            }
            q = self.changed.wait(q).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Stops the workers; the panic one of them caught, if any.
    fn stop(&self) -> Option<Panic> {
        let mut q = self.lock();
        q.stop = true;
        self.changed.notify_all();
        q.panic.take()
    }
}

/// Writes sections one at a time as they come (see [`print`]).
pub struct Printer<'a, W: Write> {
    format: &'a Format,
    theme: Option<&'a Theme>,
    out: W,
    written: usize,
    result: io::Result<()>,
}

impl<'a, W: Write> Printer<'a, W> {
    pub fn new(format: &'a Format, theme: Option<&'a Theme>, out: W) -> Self {
        Printer {
            format,
            theme,
            out,
            written: 0,
            result: Ok(()),
        }
    }

    /// Writes the next section; after a write error, nothing more.
    pub fn section(&mut self, section: &Section) {
        self.blocks(&section.blocks);
    }

    /// Writes the next section, given by its blocks (see [`Printer::section`]).
    pub fn blocks(&mut self, blocks: &[Block]) {
        if !self.start_section() {
            return;
        }
        // Lines are written as they are made; the first write error stops the rest.
        self.result = write_blocks(blocks, self.format, self.theme, &mut self.out);
    }

    /// Writes the next section, already laid out by [`render`] (on another thread, say).
    pub fn rendered(&mut self, text: &[u8]) {
        if self.start_section() {
            self.result = self.out.write_all(text);
        }
    }

    /// Separates the next section from the last; false after a write error.
    fn start_section(&mut self) -> bool {
        if self.result.is_ok() && self.written > 0 {
            self.result = self.out.write_all(b"\n");
        }
        self.written += 1;
        self.result.is_ok()
    }

    /// Whether a write has failed (a closed pipe, say): nothing more will be written.
    pub fn failed(&self) -> bool {
        self.result.is_err()
    }

    /// Ends the output: says so when no section was written (an empty document).
    pub fn finish(mut self) -> io::Result<()> {
        self.result?;
        if self.written == 0 {
            for line in textwrap::wrap(crate::document::EMPTY, self.format.width.max(1)) {
                writeln!(self.out, "{line}")?;
            }
        }
        self.out.flush()
    }
}

/// A section's lines as [`Printer::blocks`] writes them, without the blank line that
/// separates it from the one before.
pub fn render(blocks: &[Block], format: &Format, theme: Option<&Theme>) -> Vec<u8> {
    let mut text = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_blocks(blocks, format, theme, &mut text);
    text
}

/// Lays out `blocks` and writes their lines as they are made, up to the first write error.
fn write_blocks(
    blocks: &[Block],
    format: &Format,
    theme: Option<&Theme>,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut result = Ok(());
    layout_blocks_into(blocks, format, &mut |line| {
        if result.is_ok() {
            result = write_line(&line, theme, out);
        }
    });
    result
}

fn write_line(line: &Line, theme: Option<&Theme>, out: &mut impl Write) -> io::Result<()> {
    match theme {
        None => {
            // The spans up to the last with more than spaces, that one without its own.
            let last = line
                .spans
                .iter()
                .rposition(|s| !s.text.trim_end().is_empty());
            if let Some(last) = last {
                for s in &line.spans[..last] {
                    out.write_all(s.text.as_bytes())?;
                }
                out.write_all(line.spans[last].text.trim_end().as_bytes())?;
            }
        }
        Some(theme) => write_styled(line, theme, out)?,
    }
    out.write_all(b"\n")
}

/// One line with each span in its theme style, as terminal escape sequences.
fn write_styled(line: &Line, theme: &Theme, out: &mut impl Write) -> io::Result<()> {
    let last = line.spans.iter().rposition(|s| !s.text.trim().is_empty());
    for (i, span) in line.spans.iter().enumerate() {
        let text = match last {
            Some(l) if i == l => span.text.trim_end(),
            Some(l) if i > l => break,
            None => break,
            _ => span.text.as_str(),
        };
        let style: ContentStyle = theme.text(span.style).into_crossterm();
        write!(out, "{}", style.apply(text))?;
    }
    Ok(())
}

/// The widest column of titles `--toc` pads to.
const TOC_TITLE_CAP: usize = 48;

/// Writes the table of contents: the document's title, then number, title, words and
/// minutes, one section a line.
pub fn toc(doc: &Document, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{}", doc.title)?;
    if doc.is_empty() {
        writeln!(out, "{}", crate::document::EMPTY)?;
        return out.flush();
    }
    // Titles padded to the longest, up to a cap: one long title (a changelog's) runs past
    // its column rather than widening every row.
    let title_width = doc
        .sections
        .iter()
        .map(|s| crate::text::width(&s.title))
        .max()
        .unwrap_or(0)
        .min(TOC_TITLE_CAP);
    let number_width = doc
        .sections
        .len()
        .saturating_sub(1)
        .to_string()
        .len()
        .max(2);
    for s in &doc.sections {
        let pad = " ".repeat(title_width.saturating_sub(crate::text::width(&s.title)));
        let words = crate::document::count(s.words, "word");
        writeln!(
            out,
            "{:>number_width$}  {}{}  {:>12}  {:>3} min",
            s.number,
            s.title,
            pad,
            words,
            s.minutes()
        )?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_lays_out_every_section_in_order() {
        let doc = Document::parse("# T\n\nintro text\n\n## A\n\nalpha beta gamma\n", "t");
        let mut out = Vec::new();
        print(&doc, 0, &Format::new(11), None, &mut out).expect("write to a Vec");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(text, "T\n═\n\nintro text\n\nA\n─\n\nalpha beta\ngamma\n");
    }

    #[test]
    fn styled_print_uses_escape_sequences_only_when_asked() {
        let doc = Document::parse("plain **bold**\n", "t");
        let mut out = Vec::new();
        print(
            &doc,
            0,
            &Format::new(40),
            Some(&Theme { color: true }),
            &mut out,
        )
        .expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.contains("\x1b[1mbold"), "{text:?}");
        let mut plain = Vec::new();
        print(&doc, 0, &Format::new(40), None, &mut plain).expect("write");
        assert_eq!(String::from_utf8(plain).expect("utf-8"), "plain bold\n");
    }

    #[test]
    fn toc_lists_numbers_titles_words_and_minutes() {
        let doc = Document::parse("intro\n\n## Alpha\n\none two\n", "t");
        let mut out = Vec::new();
        toc(&doc, &mut out).expect("write to a Vec");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            text,
            // Without a title of its own, a document goes by its first heading.
            "Alpha\n 0  Opening        1 word    1 min\n 1  Alpha         3 words    1 min\n"
        );
    }
}
