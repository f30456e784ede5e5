//! The loader: a document being opened. A small one is parsed at once; of a large one the
//! beginning is parsed and shown while a worker thread reads and parses the whole, which the
//! main loop swaps in when it arrives (the reader keeps its place by source offset).
//!
//! A loader that fails (an I/O error part-way, a panic) reports why; the reader goes on with
//! the part it has, with a note.

use crate::document::{Document, prefix_end};
use crate::source::{Fingerprint, Loaded, Rest, Source};
use crate::worker;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

/// Documents larger than this open at once on their beginning while the whole is read and
/// parsed on another thread.
pub const BACKGROUND_FROM: usize = 1 << 20;

/// How much of a large file is read before its first page is shown.
pub const HEAD: usize = 256 << 10;

/// What the loading thread hands over: the whole document, or why it could not.
type Outcome = Result<Loaded, String>;

/// A document being opened: what is parsed so far, and the whole of it on its way.
pub struct Loading {
    pub name: String,
    /// The document as far as it is parsed (taken by the app when it opens).
    pub doc: Document,
    /// What identifies the whole text, once it is known.
    pub fingerprint: Option<Fingerprint>,
    pub lossy: bool,
    whole: Option<Receiver<Outcome>>,
    /// Why the loading thread stopped without the whole, until the main loop takes it.
    failed: Option<String>,
    /// Starts the loading thread (held back until the first page is drawn).
    go: Option<Sender<()>>,
}

impl Loading {
    /// Parses a small document now; of a large one only its beginning, with the rest read and
    /// the whole parsed on a thread of its own.
    pub fn start(head: Source, rest: Option<Rest>) -> Loading {
        if rest.is_none() && head.text.len() <= BACKGROUND_FROM {
            let loaded = Loaded::parse(&head.text, &head.name, head.lossy);
            return Loading::done(head.name, loaded);
        }
        let end = prefix_end(&head.text, HEAD / 8);
        let doc = Document::parse(&head.text[..end], &head.name);
        let (name, lossy) = (head.name.clone(), head.lossy);
        Loading::in_background(name, doc, lossy, move || match rest {
            // A file: read again in pieces, never all of its text in memory at once.
            Some(rest) => rest.parse(&head.name),
            // Standard input, already read.
            None => Loaded::parse(&head.text, &head.name, head.lossy),
        })
    }

    /// Shows `doc` (the beginning) while `job` makes the whole on a worker thread.
    fn in_background(
        name: String,
        doc: Document,
        lossy: bool,
        job: impl FnOnce() -> Loaded + Send + 'static,
    ) -> Loading {
        let (tx, rx) = mpsc::channel();
        let (go, ready) = mpsc::channel::<()>();
        let spawned = worker::spawn("loader", move || {
            // Leave the machine to the first page until it is on screen (see `begin`).
            let _ = ready.recv();
            let outcome = worker::catching(|| {
                crate::fault::inject("loader");
                job()
            });
            let _ = tx.send(outcome);
        });
        let failed = spawned.err().map(|e| e.to_string());
        Loading {
            name,
            doc,
            fingerprint: None,
            lossy,
            whole: failed.is_none().then_some(rx),
            failed,
            go: Some(go),
        }
    }

    /// A document that is whole already.
    pub fn done(name: String, loaded: Loaded) -> Loading {
        Loading {
            name,
            doc: loaded.doc,
            fingerprint: Some(loaded.fingerprint),
            lossy: loaded.lossy,
            whole: None,
            failed: None,
            go: None,
        }
    }

    /// Lets the loading thread start: once the first page is drawn, or when the whole
    /// document is wanted sooner.
    pub fn begin(&mut self) {
        if let Some(go) = self.go.take() {
            let _ = go.send(());
        }
    }

    /// The whole document is still on its way.
    pub fn pending(&self) -> bool {
        self.whole.is_some()
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
        let rx = self.whole.as_ref()?;
        let received = match wait {
            Wait::Block => rx.recv().map_err(|_| TryRecvError::Disconnected),
            Wait::Poll => rx.try_recv(),
        };
        let outcome = match received {
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err("the loading thread stopped".to_string()),
            Ok(outcome) => outcome,
        };
        self.whole = None;
        match outcome {
            Ok(loaded) => {
                self.fingerprint = Some(loaded.fingerprint);
                self.lossy = loaded.lossy;
                Some(loaded.doc)
            }
            Err(cause) => {
                self.failed = Some(cause);
                None
            }
        }
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
        let mut l = Loading::start(Source::essay(), None);
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
        let mut l = Loading::start(source, None);
        assert!(l.pending());
        assert!(l.doc.sections.len() < whole.sections.len());
        let doc = l.arrived(Wait::Block).expect("the whole arrives");
        assert_eq!(doc, whole);
        assert_eq!(l.fingerprint, Some(fingerprint));
        assert!(!l.pending());
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
