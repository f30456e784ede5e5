//! A live document in the app: a new version of the text taken in with the reader's place
//! kept by its words, the sections that changed marked until visited, and the view kept at
//! the end while following (`F`).

use super::App;
use crate::document::Document;
use crate::document::changes::{Moves, section_hashes, unchanged_from};

/// What the app knows of where a live document's text comes from, for the status line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Source {
    /// Read once, or watched with nothing to say.
    #[default]
    Still,
    /// The watched file is gone: the text last read stays.
    Gone,
    /// A stream still arriving (the bytes so far).
    Arriving(usize),
    /// A stream that has ended.
    Ended,
}

/// What taking in a new version changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Taken {
    /// Sections of the new version that no section of the old had.
    pub changed: usize,
    /// The reader went on to the new end.
    pub followed: bool,
}

impl App {
    /// Takes in `doc`, parsed from `new`, for the document on screen, parsed from `old`:
    /// the place, the marks and the way back keep their words (where those were deleted,
    /// the nearest place that remains); each section's progress goes with its text; a kept
    /// search is run again. Sections whose text is new are marked until visited. Following,
    /// or at the end of a text that grew at its end, the reader goes on to the new end.
    pub fn take_version(&mut self, doc: Document, old: &str, new: &str) -> Taken {
        self.take(doc, old, new, false)
    }

    /// [`App::take_version`] of a stream's text, which only grows: the sections before its
    /// old end are the same (nothing is compared, nothing is marked changed).
    pub fn take_more(&mut self, doc: Document, old: &str, new: &str) -> Taken {
        self.take(doc, old, new, true)
    }

    fn take(&mut self, doc: Document, old: &str, new: &str, appended: bool) -> Taken {
        let moves = if appended {
            Moves::appended(old.len(), new.len())
        } else {
            Moves::between(old, new)
        };
        let same: Vec<Option<usize>> = if appended {
            let kept = self.doc.sections.len();
            (0..doc.sections.len())
                .map(|i| (i < kept).then_some(i))
                .collect()
        } else {
            let old_hashes = section_hashes(&self.doc, old);
            let new_hashes = section_hashes(&doc, new);
            unchanged_from(&old_hashes, &new_hashes)
        };
        // At the end of a text that grew there (not one edited above).
        let at_end = self.progress().at_end && moves.grew_at_end(old, new);
        let follow = self.following || at_end;
        let read: Vec<f32> = same
            .iter()
            .map(|s| s.and_then(|i| self.read.get(i).copied()).unwrap_or(0.0))
            .collect();
        let changed: Vec<bool> = same
            .iter()
            .map(|s| match s {
                Some(i) => self.changed.get(*i).copied().unwrap_or(false),
                None => !appended,
            })
            .collect();
        let count = if appended {
            0
        } else {
            same.iter().filter(|s| s.is_none()).count()
        };
        let here = self.reader.section;
        let kept_search = self.searches.kept().map(|s| s.query.clone());
        self.marks.remap(|offset| moves.map(offset));
        self.reader.anchor = moves.map(self.reader.anchor);
        self.replace_document(doc);
        self.read = read;
        self.changed = changed;
        if follow {
            let last = self.doc.sections.len() - 1;
            self.go_to_end(last);
            self.following = true;
        }
        // The section shown is visited, unless the reader was carried into it.
        if self.reader.section == here || follow {
            self.visited();
        }
        if let Some(query) = kept_search {
            let place = self.place();
            self.searches.rerun(&query, &self.doc, place);
        }
        self.note_progress();
        Taken {
            changed: count,
            followed: follow,
        }
    }

    /// Marks the sections of this document that differ from a version read before, whose
    /// sections' texts hashed to `before` (see [`section_hashes`]), until visited. Returns
    /// how many.
    pub fn mark_changed_since(&mut self, text: &str, before: &[u64]) -> usize {
        let hashes = section_hashes(&self.doc, text);
        let same = unchanged_from(before, &hashes);
        self.changed = same.iter().map(Option::is_none).collect();
        self.visited();
        same.iter().filter(|s| s.is_none()).count()
    }

    /// Whether section `i` changed when the text was read again and is not yet visited.
    pub fn changed(&self, i: usize) -> bool {
        self.changed.get(i).copied().unwrap_or(false)
    }

    /// Which sections changed and are not yet visited, by index.
    pub fn changed_sections(&self) -> &[bool] {
        &self.changed
    }

    /// The section shown is no longer new.
    pub(super) fn visited(&mut self) {
        if let Some(c) = self.changed.get_mut(self.reader.section) {
            *c = false;
        }
    }

    /// Keeps the view at the document's end as text arrives (`F`), going there now.
    pub(super) fn follow_end(&mut self) {
        let here = self.place();
        let last = self.doc.sections.len() - 1;
        self.go_to_end(last);
        if self.place() != here {
            self.marks.jumped(here, self.place());
        }
        self.following = true;
        self.note = Some("Following (any move stops)".to_string());
    }

    /// The view keeps to the end as text arrives.
    pub fn following(&self) -> bool {
        self.following
    }

    /// Says where the text comes from, for the status line.
    pub fn set_source(&mut self, source: Source) {
        self.source = source;
    }

    pub fn source(&self) -> Source {
        self.source
    }
}
