//! What the app remembers of a reading: the place, marks, progress and measure to save, and
//! bringing a saved reading back (exactly, or mapped by offset when the document changed).

use super::{App, MIN_MEASURE, Restore, Sameness};
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
            justify: self.page.chosen_justify,
            book: self.page.chosen_book,
            marks: self.marks.letters().collect(),
            read: self.read.clone(),
            title: self.doc.title.clone(),
            sections: Vec::new(),
            words: String::new(),
        }
    }

    /// Where a saved place is in this document: exactly there when it is the same text,
    /// else the section holding the saved offset (never past the end).
    fn locate(&self, place: Place, text: Sameness) -> Place {
        if text == Sameness::Same && place.section < self.doc.sections.len() {
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
        if !how.keep_page && (saved.justify.is_some() || saved.book.is_some()) {
            self.page.chosen_justify = saved.justify;
            self.page.chosen_book = saved.book;
            self.fit_to_screen();
        }
        let marks: Vec<(char, Place)> = saved
            .marks
            .iter()
            .map(|(c, p)| (*c, self.locate(*p, how.text)))
            .collect();
        self.marks.restore(marks);
        if how.text == Sameness::Same && saved.read.len() == self.read.len() {
            self.read = saved.read.iter().map(|r| r.clamp(0.0, 1.0)).collect();
        }
        if !how.place {
            self.refit();
            return String::new();
        }
        let place = self.locate(saved.place, how.text);
        self.show(place);
        self.note_progress();
        // At the very top there is nothing to announce, but that the text changed.
        if self.reader.section == 0 && self.reader.top == 0 {
            if how.text != Sameness::Changed {
                return String::new();
            }
            let note = "The document changed since you last read it".to_string();
            self.note = Some(note.clone());
            return note;
        }
        let name = &self.doc.sections[self.reader.section].title;
        let percent = self.progress().section_percent;
        let note = if how.text != Sameness::Changed {
            format!("Resumed in {name}, {percent}%")
        } else {
            format!("Resumed in {name}, {percent}% (the document changed since)")
        };
        self.note = Some(note.clone());
        note
    }
}
