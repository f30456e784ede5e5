//! Sections passed in order from a thread that parses to one that writes, with the parsing
//! thread laying some out itself when the writer falls behind.
//!
//! Real markdown lays out slower than it parses, so a writer fed by one parser is the slower
//! of the two. The writer takes sections from the front of the queue; when more than
//! [`AHEAD`] words wait for it, the parser takes the section at the back, the one the
//! writer will reach last, and lays it out into text. Both threads then work until the
//! backlog is back under [`AHEAD`], and the output keeps its order. Once the parser has
//! handed on its last section, it lays out all that still waits the same way.

use super::{Printer, render};
use crate::document::{Markdown, Section};
use crate::layout::Format;
use crate::source::{Rest, Streamed};
use crate::theme::Theme;
use std::collections::VecDeque;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

/// Words waiting for the writer beyond which the parser lays out sections too. Enough to
/// keep the writer busy while the parser folds its next piece, so the writer never waits
/// for a parser that was helping it.
pub const AHEAD: usize = 30_000;

/// How many sections and laid-out texts may wait at most, and how many bytes of laid-out
/// text: what bounds the memory between the threads. (Sections waiting to be laid out are
/// bounded by [`AHEAD`]: past it, the parser lays them out.) Real markdown has many short
/// sections; a queue of a few dozen kept the parser waiting while the writer was busy, and
/// the writer waiting later while the parser caught up.
pub const SLOTS: usize = 1024;
/// Bytes of laid-out text that may wait at most (see [`SLOTS`]).
pub const TEXT_BYTES: usize = 4 << 20;

/// Parses `rest` in pieces of about `piece` bytes on another thread and has `printer` write
/// each section on this one, in order, as soon as it is final, until a write fails. The
/// parsing thread lays out sections too while more than `ahead` words wait for the writer
/// ([`AHEAD`] outside tests).
pub fn streamed<W: Write>(
    rest: Rest,
    piece: usize,
    markdown: Markdown,
    printer: &mut Printer<'_, W>,
    ahead: usize,
) -> Streamed {
    /// Tells the writer the parser is done however it ends, a panic included.
    struct Ends<'a>(&'a Handoff);
    impl Drop for Ends<'_> {
        fn drop(&mut self) {
            self.0.end();
        }
    }
    let handoff = Handoff::new(ahead);
    let stop = AtomicBool::new(false);
    let (format, theme) = (printer.format, printer.theme);
    // Taken by the parsing thread, or by this one if that thread cannot be started.
    let rest = Mutex::new(Some(rest));
    let take = || rest.lock().unwrap_or_else(|e| e.into_inner()).take();
    std::thread::scope(|scope| {
        // Named, so a profile can tell the threads apart.
        let parser = std::thread::Builder::new()
            .name("print-parse".into())
            .spawn_scoped(scope, || {
                let _ends = Ends(&handoff);
                take().map(|rest| {
                    let streamed = rest.sections(
                        piece,
                        markdown,
                        &|| stop.load(Ordering::Relaxed),
                        |section| {
                            if !handoff.push(section, format, theme) {
                                stop.store(true, Ordering::Relaxed);
                            }
                        },
                    );
                    handoff.finish(format, theme);
                    streamed
                })
            });
        let Ok(parser) = parser else {
            // No second thread: parse and print on this one.
            let rest = take().expect("a thread not started never took the file");
            return on_this_thread(rest, piece, markdown, printer);
        };
        while let Some(next) = handoff.next() {
            match next {
                Next::Section(section) => {
                    printer.section(&section);
                    handoff.written(section);
                }
                Next::Text(text) => printer.rendered(&text),
            }
            if printer.failed() {
                handoff.stop();
                break;
            }
        }
        parser
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            .expect("the parsing thread takes the file first")
    })
}

/// [`streamed`] without a second thread: each section is written as soon as it is final.
pub fn on_this_thread<W: Write>(
    rest: Rest,
    piece: usize,
    markdown: Markdown,
    printer: &mut Printer<'_, W>,
) -> Streamed {
    let failed = AtomicBool::new(false);
    rest.sections(
        piece,
        markdown,
        &|| failed.load(Ordering::Relaxed),
        |section| {
            printer.section(&section);
            failed.store(printer.failed(), Ordering::Relaxed);
        },
    )
}

/// The queue between the two threads.
pub struct Handoff {
    queue: Mutex<Queue>,
    changed: Condvar,
    /// Words waiting for the writer beyond which the parser helps ([`AHEAD`] but in tests).
    ahead: usize,
}

#[derive(Default)]
struct Queue {
    slots: VecDeque<Slot>,
    /// The number of the section at the front (sections are numbered from 0 as they come).
    first: usize,
    /// Words in the sections waiting to be laid out.
    backlog: usize,
    /// Bytes of laid-out text waiting to be written.
    text_bytes: usize,
    /// The parser has handed on its last section.
    ended: bool,
    /// The writer has stopped (a write failed): nothing more is wanted.
    stopped: bool,
    /// Sections written, to be freed by the parser that made them (freeing another thread's
    /// memory costs more than making it).
    written: Vec<Section>,
}

enum Slot {
    Section(Section),
    /// Being laid out by the parser.
    Laying,
    Text(Vec<u8>),
}

/// What the writer takes next: a section to lay out and write, or text to write as it is.
pub enum Next {
    Section(Section),
    Text(Vec<u8>),
}

/// The work a section is to lay out, in words (at least one).
fn work(section: &Section) -> usize {
    section.words + 1
}

impl Handoff {
    /// A queue whose parser helps once more than `ahead` words wait for the writer.
    pub fn new(ahead: usize) -> Handoff {
        Handoff {
            queue: Mutex::default(),
            changed: Condvar::new(),
            ahead,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Queue> {
        // A panic on either side ends the print; the queue itself is never left half-changed.
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The parser's side: queues `section`, waiting while the queue is full, then lays out
    /// sections from the back while the writer is more than [`AHEAD`] words behind. Returns
    /// false when the writer has stopped.
    pub fn push(&self, section: Section, format: &Format, theme: Option<&Theme>) -> bool {
        let mut queue = self.lock();
        let freed = std::mem::take(&mut queue.written);
        while (queue.slots.len() >= SLOTS || queue.text_bytes >= TEXT_BYTES) && !queue.stopped {
            queue = self.changed.wait(queue).unwrap_or_else(|e| e.into_inner());
        }
        if queue.stopped {
            return false;
        }
        queue.backlog += work(&section);
        queue.slots.push_back(Slot::Section(section));
        self.changed.notify_all();
        drop(queue);
        drop(freed);
        self.help(self.ahead, format, theme);
        true
    }

    /// The parser's side, once it has handed on its last section: lays out sections from
    /// the back while any wait, so the writer does not finish the rest alone.
    pub fn finish(&self, format: &Format, theme: Option<&Theme>) {
        self.help(0, format, theme);
    }

    /// Lays out sections from the back of the queue while more than `ahead` words wait.
    fn help(&self, ahead: usize, format: &Format, theme: Option<&Theme>) {
        let mut queue = self.lock();
        while queue.backlog > ahead && !queue.stopped {
            // The last section waiting, never the front one (the writer takes that next).
            let Some(at) = (1..queue.slots.len())
                .rev()
                .find(|&i| matches!(queue.slots[i], Slot::Section(_)))
            else {
                return;
            };
            let Slot::Section(section) = std::mem::replace(&mut queue.slots[at], Slot::Laying)
            else {
                unreachable!("the slot was just found to hold a section");
            };
            queue.backlog -= work(&section);
            let number = queue.first + at;
            drop(queue);
            let text = render(&section.blocks, format, theme);
            drop(section);
            queue = self.lock();
            // The writer waits at a slot being laid out, so it is still in the queue.
            let at = number - queue.first;
            queue.text_bytes += text.len();
            queue.slots[at] = Slot::Text(text);
            self.changed.notify_all();
        }
    }

    /// The parser's side: there are no more sections.
    pub fn end(&self) {
        self.lock().ended = true;
        self.changed.notify_all();
    }

    /// The writer's side: the next section or text, in order, waiting for it to be ready;
    /// `None` once the parser has ended and everything is taken.
    pub fn next(&self) -> Option<Next> {
        let mut queue = self.lock();
        loop {
            match queue.slots.front() {
                Some(Slot::Laying) => {}
                Some(_) => break,
                None if queue.ended => return None,
                None => {}
            }
            queue = self.changed.wait(queue).unwrap_or_else(|e| e.into_inner());
        }
        queue.first += 1;
        let next = match queue.slots.pop_front() {
            Some(Slot::Section(section)) => {
                queue.backlog -= work(&section);
                Next::Section(section)
            }
            Some(Slot::Text(text)) => {
                queue.text_bytes -= text.len();
                Next::Text(text)
            }
            Some(Slot::Laying) | None => unreachable!("the front slot was just found ready"),
        };
        self.changed.notify_all();
        Some(next)
    }

    /// The writer's side: `section` is written; the parser frees it.
    pub fn written(&self, section: Section) {
        self.lock().written.push(section);
    }

    /// The writer's side: nothing more is wanted (a write failed).
    pub fn stop(&self) {
        self.lock().stopped = true;
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    fn sections(text: &str) -> Vec<Section> {
        Document::parse(text, "t").sections
    }

    const TEXT: &str =
        "opening words\n\n## A\n\nalpha beta\n\n## B\n\ngamma delta\n\n## C\n\nepsilon\n";

    #[test]
    fn the_parser_lays_out_all_but_the_front_section_when_the_writer_is_behind() {
        let format = Format::new(40);
        let handoff = Handoff::new(0);
        let all = sections(TEXT);
        for s in all.clone() {
            assert!(handoff.push(s, &format, None));
        }
        handoff.end();
        let mut got = Vec::new();
        while let Some(next) = handoff.next() {
            got.push(next);
        }
        assert_eq!(got.len(), all.len());
        assert!(matches!(&got[0], Next::Section(s) if *s == all[0]));
        for (next, want) in got.iter().zip(&all).skip(1) {
            match next {
                Next::Text(text) => assert_eq!(*text, render(&want.blocks, &format, None)),
                Next::Section(_) => panic!("section {} was left to the writer", want.number),
            }
        }
    }

    #[test]
    fn the_parser_leaves_layout_to_a_writer_not_behind() {
        let format = Format::new(40);
        let handoff = Handoff::new(AHEAD);
        let all = sections(TEXT);
        for s in all.clone() {
            assert!(handoff.push(s, &format, None));
        }
        handoff.end();
        for want in &all {
            assert!(matches!(handoff.next(), Some(Next::Section(s)) if s == *want));
        }
        assert!(handoff.next().is_none());
    }

    #[test]
    fn a_parser_done_lays_out_all_that_waits_but_the_front_section() {
        let format = Format::new(40);
        let handoff = Handoff::new(AHEAD);
        let all = sections(TEXT);
        for s in all.clone() {
            assert!(handoff.push(s, &format, None));
        }
        // Not behind by AHEAD words: nothing laid out yet.
        assert!(
            handoff
                .lock()
                .slots
                .iter()
                .all(|s| matches!(s, Slot::Section(_)))
        );
        handoff.finish(&format, None);
        handoff.end();
        assert!(matches!(handoff.next(), Some(Next::Section(s)) if s == all[0]));
        for want in &all[1..] {
            match handoff.next() {
                Some(Next::Text(text)) => assert_eq!(text, render(&want.blocks, &format, None)),
                _ => panic!("section {} was left to the writer", want.number),
            }
        }
        assert!(handoff.next().is_none());
    }

    #[test]
    fn a_stopped_writer_stops_the_parser() {
        let format = Format::new(40);
        let handoff = Handoff::new(AHEAD);
        let mut all = sections(TEXT).into_iter();
        assert!(handoff.push(all.next().expect("a section"), &format, None));
        handoff.stop();
        assert!(!handoff.push(all.next().expect("a section"), &format, None));
    }

    #[test]
    fn laid_out_text_waiting_is_bounded_in_bytes() {
        use std::sync::atomic::AtomicBool;
        let format = Format::new(40);
        let handoff = Handoff::new(0);
        let big = format!("## Big\n\n{}\n", "word ".repeat(TEXT_BYTES / 4));
        let one = sections(&big).pop().expect("a section");
        // The second is laid out by the parser: more text waits than the bound allows.
        assert!(handoff.push(one.clone(), &format, None));
        assert!(handoff.push(one.clone(), &format, None));
        assert!(handoff.lock().text_bytes >= TEXT_BYTES);
        let pushed = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let parser = scope.spawn(|| {
                assert!(handoff.push(one.clone(), &format, None));
                pushed.store(true, Ordering::SeqCst);
                handoff.end();
            });
            std::thread::sleep(std::time::Duration::from_millis(100));
            assert!(
                !pushed.load(Ordering::SeqCst),
                "the parser waits for the writer"
            );
            assert_eq!(
                handoff.lock().slots.len(),
                2,
                "nothing more is queued meanwhile"
            );
            let mut taken = 0;
            while handoff.next().is_some() {
                taken += 1;
            }
            parser.join().expect("the parser finishes");
            assert!(pushed.load(Ordering::SeqCst));
            assert_eq!(taken, 3);
        });
    }

    #[test]
    fn a_full_queue_waits_for_the_writer() {
        let format = Format::new(40);
        let handoff = Handoff::new(usize::MAX);
        let one = sections(TEXT).remove(0);
        std::thread::scope(|scope| {
            let parser = scope.spawn(|| {
                for _ in 0..SLOTS * 3 {
                    assert!(handoff.push(one.clone(), &format, None));
                    assert!(handoff.lock().slots.len() <= SLOTS);
                }
                handoff.end();
            });
            let mut taken = 0;
            while handoff.next().is_some() {
                taken += 1;
            }
            parser.join().expect("the parser finishes");
            assert_eq!(taken, SLOTS * 3);
        });
    }

    #[test]
    fn printing_through_the_queue_equals_printing_the_whole() {
        let text: String = (0..300)
            .map(|i| {
                format!("## Part {i}\n\nSome words in part {i}, enough to wrap at twenty.\n\n")
            })
            .collect();
        let path = std::env::temp_dir().join(format!("cr-handoff-{}.md", std::process::id()));
        std::fs::write(&path, &text).expect("write");
        let format = Format::new(20);
        let mut want = Vec::new();
        crate::print::print(&Document::parse(&text, "t"), 0, &format, None, &mut want)
            .expect("print");
        // Prints the file with `print`, and checks it prints as the whole does.
        let check =
            |what: &str, print: &dyn Fn(Rest, &mut Printer<'_, &mut Vec<u8>>) -> Streamed| {
                let (_, rest) = crate::source::Source::load_head(&path, true, 64).expect("load");
                let mut got = Vec::new();
                let mut printer = Printer::new(&format, None, &mut got);
                let done = print(rest.expect("a rest"), &mut printer);
                printer.finish().expect("print");
                assert!(done.as_planned, "{what}");
                assert_eq!(
                    String::from_utf8_lossy(&got),
                    String::from_utf8_lossy(&want),
                    "{what}"
                );
            };
        for ahead in [0, 10, AHEAD] {
            check(&format!("ahead {ahead}"), &|rest, printer| {
                streamed(rest, 512, Markdown::default(), printer, ahead)
            });
        }
        // Without a second thread (one could not be started), the same.
        check("on this thread", &|rest, printer| {
            on_this_thread(rest, 512, Markdown::default(), printer)
        });
        let _ = std::fs::remove_file(&path);
    }
}
