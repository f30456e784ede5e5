//! The search thread for large documents: section by section, newest query first, so no key
//! waits for it, with matches sent as they are found. Each search has a generation; a newer
//! one makes every older one stale, and the thread drops stale work at the next section.
//!
//! A panic while searching is caught: the search is reported as failed (with the panic's
//! message) and the thread goes on serving the next query. A thread that is gone altogether
//! is reported as a failure of the search that was waiting on it.

use super::{SectionText, ignores_case};
use crate::document::Document;
use crate::search::Match;
use crate::worker;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex};

/// A search thread and the channels to it.
#[derive(Debug)]
pub struct Background {
    requests: Sender<Request>,
    found: Receiver<Found>,
    /// The search wanted now; the thread drops any other.
    generation: Arc<AtomicU64>,
    /// The thread is gone (it could not start, or it ended): reported once.
    gone: Mutex<bool>,
}

struct Request {
    generation: u64,
    query: String,
    doc: Arc<Document>,
}

/// Matches found by a background search (in document order), and whether it has finished.
#[derive(Debug)]
pub struct Found {
    pub generation: u64,
    pub matches: Vec<Match>,
    pub done: bool,
    /// The search stopped on a fault (its thread panicked or is gone): why.
    pub failed: Option<String>,
}

/// Matches are sent once this many blocks have been scanned since the last batch.
const BATCH_BLOCKS: usize = 2000;

impl Background {
    pub fn start() -> Background {
        let (requests, incoming) = mpsc::channel::<Request>();
        let (send, found) = mpsc::channel();
        let generation = Arc::new(AtomicU64::new(0));
        let current = Arc::clone(&generation);
        let started = worker::spawn("search", move || {
            while let Ok(mut request) = incoming.recv() {
                // Only the newest query matters.
                while let Ok(newer) = incoming.try_recv() {
                    request = newer;
                }
                let outcome = worker::catching(|| {
                    crate::fault::inject("search");
                    search(&request, &current, &send);
                });
                if let Err(cause) = outcome {
                    let _ = send.send(Found {
                        generation: request.generation,
                        matches: Vec::new(),
                        done: true,
                        failed: Some(cause),
                    });
                }
            }
        });
        Background {
            requests,
            found,
            generation,
            gone: Mutex::new(started.is_err()),
        }
    }

    /// Starts searching `doc` for `query`, dropping any search before; returns its number.
    pub fn search(&self, query: &str, doc: Arc<Document>) -> u64 {
        let generation = self.cancel();
        let _ = self.requests.send(Request {
            generation,
            query: query.to_string(),
            doc,
        });
        generation
    }

    /// Drops the search under way; returns the number the next one will have.
    pub fn cancel(&self) -> u64 {
        self.generation.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// Matches sent since the last call, if any. A thread that is gone is reported once, as
    /// the failure of the newest search.
    pub fn try_found(&self) -> Option<Found> {
        match self.found.try_recv() {
            Ok(found) => Some(found),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                let mut gone = self.gone.lock().unwrap_or_else(|e| e.into_inner());
                (!std::mem::replace(&mut *gone, true)).then(|| Found {
                    generation: self.generation.load(Ordering::SeqCst),
                    matches: Vec::new(),
                    done: true,
                    failed: Some("the search thread stopped".to_string()),
                })
            }
        }
    }
}

/// Runs one search, sending matches in batches, until done or stale.
fn search(request: &Request, current: &AtomicU64, send: &Sender<Found>) {
    let stale = || current.load(Ordering::SeqCst) != request.generation;
    let ignore_case = ignores_case(&request.query);
    let q = super::query_text(&request.query, ignore_case);
    let finder = memchr::memmem::Finder::new(q.as_bytes());
    let mut batch = Vec::new();
    let mut scanned = 0;
    let found = |matches, done| Found {
        generation: request.generation,
        matches,
        done,
        failed: None,
    };
    for i in 0..request.doc.sections.len() {
        if stale() {
            return;
        }
        // A dormant document's sections are parsed again here, one at a time.
        let blocks = request.doc.blocks(i);
        SectionText::new(&blocks).find(&finder, ignore_case, i, &mut batch);
        scanned += blocks.len();
        // Send what is found every so often, so the first matches show at once.
        if !batch.is_empty() && scanned > BATCH_BLOCKS {
            scanned = 0;
            let _ = send.send(found(std::mem::take(&mut batch), false));
        }
    }
    if !stale() {
        let _ = send.send(found(batch, true));
    }
}
