//! The loader: a document being opened. A small one is parsed at once; of a large one the
//! beginning is parsed and shown while a worker thread reads and parses the whole.
//!
//! The file is read once: its beginning first, then the rest, which the worker parses in
//! windows (see [`crate::document::survey`]), two halves at once on two processors, keeping
//! a large document's sections as places in its text. Until it arrives only the beginning is
//! shown, numbered as its own headings say (the whole's title and the level it splits at
//! need all of them): anything that needs more waits for the whole.
//!
//! A loader that fails (an I/O error part-way, a panic) reports why; the reader goes on with
//! the part it has, with a note.

use crate::document::{Document, Keep, Markdown};
use crate::source::{Fingerprint, Loaded, Rest, Source};
use crate::worker;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

/// The most of a document's beginning parsed for its first page (see [`first_page`]).
const LARGEST_PAGE: usize = 8 << 10;

/// Documents larger than the largest first page open at once on their beginning while the
/// whole is parsed on another thread; a smaller one is parsed whole before its first page is
/// drawn. A 60 KB README parsed whole took 0.6 ms more to its first frame than its first page
/// did (its first screen 1.45 times less's instead of 1.13).
pub const BACKGROUND_FROM: usize = LARGEST_PAGE;

/// How much of a large file is read before its first page is shown: twice the largest first
/// page. (With 64 KB the first screen measured 0.1 to 0.2 ms later, about this machine's
/// spread between runs.)
pub const HEAD: usize = 2 * LARGEST_PAGE;

/// How much of a large file's beginning is parsed for its first page: a screenful of the
/// terminal's rows with their markup (about 160 bytes a row), from 2 KB to [`LARGEST_PAGE`].
/// Parsing is most of a first page's time, and the rest is on its way.
fn first_page() -> usize {
    let rows = ratatui::crossterm::terminal::window_size().map_or(50, |w| usize::from(w.rows));
    (rows * 160).clamp(2 << 10, LARGEST_PAGE)
}

/// Documents larger than this are kept dormant (see [`crate::document::dormant`]): their
/// sections are parsed again when shown. A smaller one is held parsed (a few MB at most),
/// since it is searched on the reader's own thread, all of it at the first key.
const DORMANT_FROM: usize = crate::search::session::BACKGROUND_SEARCH;

/// Parses a whole text as the reader holds it: a small one at once, a large one surveyed
/// in windows, its sections kept as places in the text when it is larger than a search on
/// the reader's own thread covers (see [`DORMANT_FROM`]).
pub fn parse_whole(text: Arc<String>, name: &str, markdown: Markdown) -> Document {
    if text.len() <= BACKGROUND_FROM {
        return Document::parse_with(&text, name, markdown);
    }
    // A document searched on the reader's own thread is held parsed.
    let keep = Keep::Upto(if text.len() <= DORMANT_FROM {
        usize::MAX
    } else {
        0
    });
    crate::document::large::surveyed(text, name, crate::document::large::PIECE, markdown, keep)
}

/// A document being opened: what is parsed so far, and the whole of it on its way.
pub struct Loading {
    pub name: String,
    /// The document as far as it is parsed (taken by the app when it opens).
    pub doc: Document,
    /// What identifies the whole text, once it is known.
    pub fingerprint: Option<Fingerprint>,
    /// How long the whole text is, as far as is known before it is read.
    pub total: Option<usize>,
    pub lossy: bool,
    /// The whole text, once it is here (what a changed file is compared with).
    pub text: Option<Arc<String>>,
    whole: Option<Receiver<Result<Loaded, String>>>,
    /// The whole document, received and not yet taken.
    ready: Option<Document>,
    /// Why the loading thread stopped without the whole, until the main loop takes it.
    failed: Option<String>,
    /// The loading thread's work, until it is started (held back until the first page is
    /// drawn: see [`Loading::begin`]).
    job: Option<Box<dyn FnOnce() + Send>>,
}

impl Loading {
    /// Parses a small document now; of a large one only its beginning, with the rest read and
    /// the whole parsed on a thread of its own.
    pub fn start(head: Source, rest: Option<Rest>, markdown: Markdown) -> Loading {
        if rest.is_none() && head.text.len() <= BACKGROUND_FROM {
            let loaded = Loaded::parse(&head.text, &head.name, head.lossy, markdown);
            return Loading::done(head.name, loaded);
        }
        let doc = Document::parse_prefix(&head.text, first_page(), &head.name, markdown);
        let (name, lossy) = (head.name.clone(), head.lossy);
        let total = match &rest {
            Some(rest) => rest.total_len(&head.text),
            None => Some(head.text.len()),
        };
        let mut loading = Loading::in_background(name, doc, lossy, move || {
            // The file's rest is read once, onto its beginning.
            let (text, lossy) = match rest {
                Some(rest) => {
                    let (text, rest_lossy) = rest.finish(&head.text);
                    (text, head.lossy || rest_lossy)
                }
                None => (head.text, head.lossy),
            };
            let text = Arc::new(text);
            let fingerprint = Fingerprint::of(&text);
            let doc = parse_whole(Arc::clone(&text), &head.name, markdown);
            Loaded {
                doc,
                fingerprint,
                lossy,
                text,
            }
        });
        loading.total = total;
        loading
    }

    /// Shows `doc` (the beginning) while `job` makes the whole on a worker thread.
    fn in_background(
        name: String,
        doc: Document,
        lossy: bool,
        job: impl FnOnce() -> Loaded + Send + 'static,
    ) -> Loading {
        let (tx, rx) = mpsc::channel();
        let run = move || {
            let outcome = worker::catching(|| {
                crate::fault::inject("loader");
                job()
            });
            let _ = tx.send(outcome);
        };
        Loading {
            name,
            doc,
            fingerprint: None,
            total: None,
            lossy,
            text: None,
            whole: Some(rx),
            ready: None,
            failed: None,
            job: Some(Box::new(run)),
        }
    }

    /// A document that is whole already.
    pub fn done(name: String, loaded: Loaded) -> Loading {
        Loading {
            name,
            total: Some(loaded.fingerprint.length),
            doc: loaded.doc,
            fingerprint: Some(loaded.fingerprint),
            lossy: loaded.lossy,
            text: Some(loaded.text),
            whole: None,
            ready: None,
            failed: None,
            job: None,
        }
    }

    /// Lets the loading thread start: once the first page is drawn, or when the whole
    /// document is wanted sooner.
    pub fn begin(&mut self) {
        // The thread is started only now: the first page has the machine to itself.
        if let Some(run) = self.job.take()
            && let Err(e) = worker::spawn("loader", run)
        {
            self.whole = None;
            self.failed = Some(e.to_string());
        }
    }

    /// The whole document is still on its way (or arrived and not yet taken).
    pub fn pending(&self) -> bool {
        self.whole.is_some() || self.ready.is_some()
    }

    /// Why loading stopped short, once (then `None`).
    pub fn take_failure(&mut self) -> Option<String> {
        self.failed.take()
    }

    /// The whole document if it has arrived, waiting for it when `wait` is [`Wait::Block`].
    /// A loader that failed leaves `None` here and its cause in [`Loading::take_failure`].
    pub fn arrived(&mut self, wait: Wait) -> Option<Document> {
        if wait == Wait::Block {
            self.begin();
        }
        self.receive(wait);
        self.ready.take()
    }

    /// Takes what the loading thread sent: the whole document is kept until
    /// [`Loading::arrived`] takes it. Blocking waits for it.
    fn receive(&mut self, wait: Wait) {
        while self.whole.is_some() && self.receive_one(wait) {}
    }

    /// Takes one message (waiting for it with [`Wait::Block`]); false when none was there.
    fn receive_one(&mut self, wait: Wait) -> bool {
        let Some(rx) = self.whole.as_ref() else {
            return false;
        };
        let received = match wait {
            Wait::Block => rx.recv().map_err(|_| TryRecvError::Disconnected),
            Wait::Poll => rx.try_recv(),
        };
        let outcome = match received {
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => Err("the loading thread stopped".to_string()),
            Ok(outcome) => outcome,
        };
        self.whole = None;
        match outcome {
            Ok(loaded) => {
                self.fingerprint = Some(loaded.fingerprint);
                self.lossy = loaded.lossy;
                self.text = Some(loaded.text);
                self.ready = Some(loaded.doc);
            }
            Err(cause) => self.failed = Some(cause),
        }
        true
    }

    /// Waits for the whole document and keeps it.
    pub fn wait(&mut self) {
        if let Some(doc) = self.arrived(Wait::Block) {
            self.doc = doc;
        }
    }
}

/// Whether to wait for the whole document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    Block,
    Poll,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn large() -> Source {
        let mut text = String::new();
        for i in 0..400 {
            text.push_str(&format!(
                "## Part {i}\n\n{}\n\n",
                "words of prose ".repeat(200)
            ));
        }
        assert!(text.len() > BACKGROUND_FROM);
        Source {
            name: "large.md".to_string(),
            text,
            lossy: false,
        }
    }

    #[test]
    fn a_small_document_is_whole_at_once() {
        let mut l = Loading::start(Source::essay(), None, Markdown::default());
        assert!(!l.pending());
        assert!(l.fingerprint.is_some());
        assert!(l.arrived(Wait::Block).is_none());
        assert!(l.take_failure().is_none());
    }

    #[test]
    fn a_large_document_arrives_whole_after_its_beginning() {
        let source = large();
        let whole = Document::parse(&source.text, &source.name);
        let fingerprint = Fingerprint::of(&source.text);
        let mut l = Loading::start(source, None, Markdown::default());
        assert!(l.pending());
        assert!(l.doc.sections.len() < whole.sections.len());
        let doc = l.arrived(Wait::Block).expect("the whole arrives");
        // Its sections are kept as places in the text, and parse again to the whole's;
        // their words are counted.
        assert!(doc.dormant.is_some(), "a large document is kept dormant");
        assert!(doc.sections.iter().all(|s| s.blocks.is_empty()));
        let words: Vec<usize> = doc.sections.iter().map(|s| s.words).collect();
        assert_eq!(
            words,
            whole.sections.iter().map(|s| s.words).collect::<Vec<_>>()
        );
        assert_eq!(doc.woken(), whole);
        assert_eq!(l.fingerprint, Some(fingerprint));
        assert!(!l.pending());
    }

    #[test]
    fn a_file_searched_on_the_readers_thread_is_held_parsed_and_a_larger_one_dormant() {
        let dir = std::env::temp_dir().join(format!("cr-loader-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        for (parts, dormant) in [(40, false), (400, true)] {
            let path = dir.join(format!("{parts}.md"));
            let text: String = (0..parts)
                .map(|i| format!("## Part {i}\n\n{}\n\n", "words of prose ".repeat(200)))
                .collect();
            std::fs::write(&path, &text).expect("write");
            let (head, rest) = Source::load_head(&path, false, HEAD).expect("load");
            assert!(rest.is_some(), "read in two goes");
            let mut l = Loading::start(head, rest, Markdown::default());
            let doc = l.arrived(Wait::Block).expect("the whole arrives");
            assert_eq!(doc.dormant.is_some(), dormant, "{} bytes", text.len());
            assert_eq!(doc.woken(), Document::parse(&text, &format!("{parts}.md")));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_loader_that_panics_leaves_the_beginning_and_says_why() {
        let doc = Document::parse("# Start\n\nthe beginning\n", "t");
        let mut l =
            Loading::in_background("t".into(), doc.clone(), false, || panic!("disk on fire"));
        assert!(l.pending());
        assert!(l.arrived(Wait::Block).is_none());
        assert!(!l.pending(), "nothing more is waited for");
        assert_eq!(l.take_failure().as_deref(), Some("disk on fire"));
        assert!(l.take_failure().is_none(), "reported once");
        assert_eq!(l.doc, doc);
    }
}
