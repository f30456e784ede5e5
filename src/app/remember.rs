//! What the app remembers of a reading: the place, marks, progress and measure to save, and
//! bringing a saved reading back (exactly, or mapped by offset when the document changed).

use super::{App, MIN_MEASURE, Restore};
use crate::state::{Place, Saved};

impl App {
    // --- What is remembered ----------------------------------------------------------------

    /// What to remember about this reading (the caller adds the document's fingerprint).
    pub fn saved(&self) -> Saved {
        Saved {
            fingerprint: 0,
            length: self.doc.len,
            place: self.place(),
            measure: self.page.chosen_measure,
            marks: self.marks.letters().collect(),
            read: self.read.clone(),
        }
    }

    /// Where a saved place is in this document. When the document changed since, the section
    /// holding the saved offset (never past the end); when it is the same, exactly there.
    fn locate(&self, place: Place, unchanged: bool) -> Place {
        // Exactly there when the section holds the place (a place saved while the document
        // loaded is filed by the outline, which can differ from the whole).
        let next = self.doc.sections.get(place.section + 1).map(|s| s.offset);
        if unchanged
            && self
                .doc
                .sections
                .get(place.section)
                .is_some_and(|s| s.offset <= place.anchor && next.is_none_or(|n| place.anchor < n))
        {
            return place;
        }
        let anchor = place.anchor.min(self.doc.len);
        let section = self.doc.section_at(anchor);
        Place { section, anchor }
    }

    /// Opens a saved reading with its marks, progress and measure, as `how` says. Returns
    /// the note to show.
    pub fn restore(&mut self, saved: &Saved, how: Restore) -> String {
        if !how.keep_measure
            && let Some(m) = saved.measure
        {
            self.page.chosen_measure = Some(m.max(MIN_MEASURE.min(m)));
            self.fit_to_screen();
        }
        let marks: Vec<(char, Place)> = saved
            .marks
            .iter()
            .map(|(c, p)| (*c, self.locate(*p, how.unchanged)))
            .collect();
        self.marks.restore(marks);
        if how.unchanged && saved.read.len() == self.read.len() {
            self.read = saved.read.iter().map(|r| r.clamp(0.0, 1.0)).collect();
        }
        if !how.place {
            self.refit();
            return String::new();
        }
        let place = self.locate(saved.place, how.unchanged);
        self.show(place);
        self.note_progress();
        let name = &self.doc.sections[self.reader.section].title;
        let percent = self.progress().section_percent;
        let note = if how.unchanged {
            format!("Resumed in {name}, {percent}%")
        } else {
            format!("Resumed in {name}, {percent}% (the document changed since)")
        };
        self.note = Some(note.clone());
        note
    }
}
