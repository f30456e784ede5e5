//! Search sessions: the search being typed, the one kept with Enter, and the one it stands
//! in for, with the rule that results reach only the search that asked for them.
//!
//! Each search the thread runs has a generation; a [`Search`] remembers its own, and results
//! carrying another generation are never mixed in. The keys each have one effect:
//!
//! - `/` starts a preview from the current place. The kept search is set aside unchanged
//!   (if its thread is still at work its matches go on arriving into it, out of sight, and
//!   it no longer moves the page when they come).
//! - Typing searches again; on a large document this starts a new generation, which stops
//!   whatever the thread was doing.
//! - Enter keeps the preview (still filling if its search runs on); an empty query brings
//!   the set-aside search back instead.
//! - Esc drops the preview and brings the set-aside search back. Whenever a search comes back
//!   unfinished and its thread has moved on, it is searched again, so it is never left
//!   "searching…" with nothing running.
//! - n/N step through the kept search's matches found so far.
//!
//! A search that fails (its thread panicked or is gone) ends with what it found and a note.

use super::{Background, Index, Match};
use crate::document::Document;
use crate::overlay::Direction;
use crate::state::Place;
use std::sync::Arc;

/// Documents larger than this are searched on another thread.
pub const BACKGROUND_SEARCH: usize = 1 << 20;

/// One search: its query and its matches so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    /// Every match found, in document order.
    pub matches: Vec<Match>,
    /// The match the reader last went to.
    pub current: Option<usize>,
    /// All matches are in (a large document is searched on another thread).
    pub complete: bool,
    /// The search stopped on a fault, with what it found so far: why.
    pub failed: Option<String>,
    /// The thread's generation that fills this search; 0 for one found at once.
    generation: u64,
    /// Go to the first match from this place when it arrives, while this is the search on
    /// screen and the reader has not moved on from it.
    follow: Option<Place>,
}

impl Search {
    fn empty() -> Search {
        Search {
            query: String::new(),
            matches: Vec::new(),
            current: None,
            complete: true,
            failed: None,
            generation: 0,
            follow: None,
        }
    }

    /// The matches in one section (a slice of `matches`).
    pub fn in_section(&self, section: usize) -> &[Match] {
        let from = self.matches.partition_point(|m| m.section < section);
        let to = self.matches.partition_point(|m| m.section <= section);
        &self.matches[from..to]
    }

    /// The match the reader last went to.
    pub fn current_match(&self) -> Option<Match> {
        self.matches.get(self.current?).copied()
    }

    /// The first match at or after `origin`; once all are in and none is, the first of all.
    fn first_from(&self, origin: Place) -> Option<usize> {
        let key = |m: &Match| (m.section, m.start);
        let after = self
            .matches
            .iter()
            .position(|m| key(m) >= (origin.section, origin.anchor));
        after.or((self.complete && !self.matches.is_empty()).then_some(0))
    }
}

/// The search being typed.
#[derive(Debug)]
struct Typing {
    /// Where the reader was when `/` was pressed, to go back to on Esc.
    origin: Place,
    /// The kept search set aside, brought back on Esc.
    set_aside: Option<Search>,
    preview: Search,
}

/// Where the page should go after a change to the query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Go {
    /// To this match.
    Match(Match),
    /// Back to where the search began (no match yet, or none).
    Origin(Place),
}

/// What Enter did with the search being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kept {
    /// The query was empty: the search set aside is back.
    Nothing,
    /// Kept while its matches are still arriving.
    Searching,
    NotFound(String),
    /// Its search failed (the note says why).
    Failed(String),
    Found,
}

/// What arrived from the search thread since the last poll.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Polled {
    /// Some search changed (redraw).
    pub changed: bool,
    /// Go to this match: the first of the search on screen has arrived.
    pub go: Option<Match>,
    /// The search on screen is the kept one (so the move counts as a jump for `''`).
    pub kept: bool,
    /// A note for the reader: nothing found, or a failure.
    pub note: Option<String>,
}

/// Where `n`/`N` count from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct From {
    pub section: usize,
    /// A source offset: the current match's start, or the top line's.
    pub offset: usize,
    /// `offset` is the current match on the page, so `n` goes past it (not to it).
    pub on_match: bool,
}

/// A step to another match with `n`/`N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub to: Match,
    /// It went round the end (or the start) of the document.
    pub wrapped: bool,
}

/// Every search of one document.
#[derive(Debug, Default)]
pub struct Searches {
    /// The searchable text of a small document, built on its first search.
    index: Option<Index>,
    /// The thread that searches a large document, started on its first search.
    background: Option<Background>,
    kept: Option<Search>,
    typing: Option<Typing>,
    /// The generation the thread is working on.
    running: Option<u64>,
    /// The queries kept in this run, oldest first (for ↑ and ↓ at the prompt).
    history: Vec<String>,
}

impl Searches {
    /// Starts typing a search at `origin`; the kept search is set aside.
    pub fn begin(&mut self, origin: Place) {
        let mut set_aside = self.kept.take();
        if let Some(s) = &mut set_aside {
            s.follow = None;
        }
        self.typing = Some(Typing {
            origin,
            set_aside,
            preview: Search::empty(),
        });
    }

    pub fn is_typing(&self) -> bool {
        self.typing.is_some()
    }

    /// The search whose matches are highlighted: the one being typed, else the kept one.
    pub fn active(&self) -> Option<&Search> {
        match &self.typing {
            Some(t) => Some(&t.preview),
            None => self.kept.as_ref(),
        }
    }

    /// The queries kept in this run, oldest first.
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// The search kept with Enter.
    pub fn kept(&self) -> Option<&Search> {
        self.kept.as_ref()
    }

    /// A search is under way on the thread.
    pub fn running(&self) -> bool {
        self.running.is_some()
    }

    /// Searches for the query as typed so far: at once in a small document, on the thread
    /// in a large one. Returns where the page should go.
    pub fn set_query(&mut self, query: &str, doc: &Arc<Document>) -> Option<Go> {
        let typing = self.typing.as_mut()?;
        let origin = typing.origin;
        let preview_generation = typing.preview.generation;
        if query.is_empty() {
            typing.preview = Search::empty();
            if preview_generation != 0 && self.running == Some(preview_generation) {
                self.stop();
            }
            return Some(Go::Origin(origin));
        }
        if doc.len > BACKGROUND_SEARCH {
            let background = self.background.get_or_insert_with(Background::start);
            let generation = background.search(query, Arc::clone(doc));
            self.running = Some(generation);
            typing.preview = Search {
                query: query.to_string(),
                matches: Vec::new(),
                current: None,
                complete: false,
                failed: None,
                generation,
                follow: Some(origin),
            };
            return Some(Go::Origin(origin));
        }
        let index = self.index.get_or_insert_with(|| Index::new(doc));
        let mut preview = Search {
            query: query.to_string(),
            matches: index.find(query),
            current: None,
            complete: true,
            failed: None,
            generation: 0,
            follow: None,
        };
        preview.current = preview.first_from(origin);
        let go = match preview.current_match() {
            Some(m) => Go::Match(m),
            None => Go::Origin(origin),
        };
        typing.preview = preview;
        Some(go)
    }

    /// Enter: keeps the search being typed. Returns where it began and what was kept.
    pub fn keep(&mut self, doc: &Arc<Document>) -> Option<(Place, Kept)> {
        let typing = self.typing.take()?;
        let preview = typing.preview;
        if preview.query.is_empty() {
            self.kept = typing.set_aside;
            self.resume(doc);
            return Some((typing.origin, Kept::Nothing));
        }
        if self.history.last() != Some(&preview.query) {
            self.history.retain(|q| *q != preview.query);
            self.history.push(preview.query.clone());
        }
        let kept = if let Some(cause) = &preview.failed {
            Kept::Failed(format!("search failed: {cause}"))
        } else if !preview.complete {
            Kept::Searching
        } else if preview.matches.is_empty() {
            Kept::NotFound(preview.query.clone())
        } else {
            Kept::Found
        };
        self.kept = Some(preview);
        Some((typing.origin, kept))
    }

    /// Esc: drops the search being typed and brings back the one set aside. Returns where
    /// the search began.
    pub fn cancel(&mut self, doc: &Arc<Document>) -> Option<Place> {
        let typing = self.typing.take()?;
        let generation = typing.preview.generation;
        if generation != 0 && self.running == Some(generation) {
            self.stop();
        }
        self.kept = typing.set_aside;
        self.resume(doc);
        Some(typing.origin)
    }

    /// Takes back the kept search (Esc after a search was kept): its highlights and count
    /// go, and its thread stops.
    pub fn clear(&mut self) -> Option<Search> {
        let kept = self.kept.take()?;
        if kept.generation != 0 && self.running == Some(kept.generation) {
            self.stop();
        }
        Some(kept)
    }

    /// Searches again for a kept search that came back unfinished while the thread had
    /// moved on to another, so it never waits on nothing.
    fn resume(&mut self, doc: &Arc<Document>) {
        let Some(kept) = &mut self.kept else {
            return;
        };
        if kept.complete || self.running == Some(kept.generation) {
            return;
        }
        let background = self.background.get_or_insert_with(Background::start);
        kept.generation = background.search(&kept.query, Arc::clone(doc));
        kept.matches.clear();
        kept.failed = None;
        kept.current = None;
        kept.follow = None;
        self.running = Some(kept.generation);
    }

    /// Stops the thread's work.
    fn stop(&mut self) {
        if let Some(background) = &self.background {
            background.cancel();
        }
        self.running = None;
    }

    /// Takes what the search thread has found since the last call into the search that
    /// asked for it.
    pub fn poll(&mut self) -> Polled {
        let mut polled = Polled::default();
        let Some(background) = &self.background else {
            return polled;
        };
        while let Some(found) = background.try_found() {
            if self.running == Some(found.generation) && (found.done || found.failed.is_some()) {
                self.running = None;
            }
            let typing = self.typing.is_some();
            let (search, on_screen) = match (&mut self.typing, &mut self.kept) {
                (Some(t), _) if t.preview.generation == found.generation => (&mut t.preview, true),
                (Some(t), _)
                    if t.set_aside
                        .as_ref()
                        .is_some_and(|s| s.generation == found.generation) =>
                {
                    (t.set_aside.as_mut().expect("checked"), false)
                }
                (_, Some(k)) if k.generation == found.generation => (k, !typing),
                // Stale: the search that asked for these is gone.
                _ => continue,
            };
            polled.changed = true;
            search.matches.extend(found.matches);
            search.complete |= found.done;
            if let Some(cause) = found.failed {
                search.complete = true;
                search.follow = None;
                polled.note = Some(format!("search failed: {cause}"));
                search.failed = Some(cause);
            }
            if !on_screen {
                continue;
            }
            if search.current.is_none()
                && let Some(origin) = search.follow
                && let Some(i) = search.first_from(origin)
            {
                search.current = Some(i);
                search.follow = None;
                polled.go = Some(search.matches[i]);
                polled.kept = !typing;
            }
            if !typing && search.complete && search.matches.is_empty() && polled.note.is_none() {
                polled.note = Some(format!("Not found: {}", search.query));
            }
        }
        polled
    }

    /// `n`/`N`: the next (or previous) match of the kept search from `from`, wrapping at
    /// the ends. The error is the note to show instead.
    pub fn step(&mut self, direction: Direction, from: From) -> Result<Step, String> {
        let Some(search) = &mut self.kept else {
            return Err("No search yet: press / to search".to_string());
        };
        if search.matches.is_empty() {
            return Err(if search.complete {
                format!("Not found: {}", search.query)
            } else {
                format!("Still searching for {}…", search.query)
            });
        }
        let here = (from.section, from.offset);
        let key = |m: &Match| (m.section, m.start);
        let forward = direction == Direction::Down;
        let found = if forward {
            search.matches.iter().position(|m| {
                if from.on_match {
                    key(m) > here
                } else {
                    key(m) >= here
                }
            })
        } else {
            search.matches.iter().rposition(|m| key(m) < here)
        };
        let (i, wrapped) = match found {
            Some(i) => (i, false),
            None if forward => (0, true),
            None => (search.matches.len() - 1, true),
        };
        search.current = Some(i);
        search.follow = None;
        Ok(Step {
            to: search.matches[i],
            wrapped,
        })
    }

    /// Runs `query` again as the kept search, in `doc` (the text changed), the page left
    /// at `here`.
    pub fn rerun(&mut self, query: &str, doc: &Arc<Document>, here: Place) {
        self.reset();
        self.begin(here);
        let _ = self.set_query(query, doc);
        if let Some(t) = &mut self.typing {
            t.preview.follow = None;
        }
        let _ = self.keep(doc);
    }

    /// Forgets every search (the document was replaced).
    pub fn reset(&mut self) {
        self.stop();
        *self = Searches {
            background: self.background.take(),
            history: std::mem::take(&mut self.history),
            ..Searches::default()
        };
    }
}
