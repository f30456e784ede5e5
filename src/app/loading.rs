//! A document still loading: what the app shows and allows before the whole is here, the
//! estimates it gives meanwhile, and the whole taken in, by offset, when it arrives.

use super::*;

impl App {
    /// Marks the document as its beginning alone, the rest still loading, or as whole.
    pub fn set_loading(&mut self, loading: bool) {
        self.loading = loading.then(|| Partial {
            total: None,
            words_per_byte: self.doc.words() as f64 / self.doc.len.max(1) as f64,
        });
    }

    /// Whether only the document's beginning is here, numbered provisionally.
    pub fn loading(&self) -> bool {
        self.loading.is_some()
    }

    /// The whole document replaces its beginning, keeping the place: from now on every
    /// section, number and title is the whole's.
    pub fn complete(&mut self, doc: Document) {
        self.loading = None;
        self.replace_document(doc);
    }

    /// The whole text's length, known before the whole is parsed (for estimates).
    pub fn set_total_len(&mut self, len: usize) {
        if let Some(p) = &mut self.loading {
            p.total = Some(len);
        }
    }

    /// While loading, estimates of how far through the whole the reader is and the minutes
    /// left: (percent, minutes), from the place's offset and the words per byte read first.
    pub fn estimate(&self) -> Option<(usize, usize)> {
        let p = self.loading.as_ref()?;
        let total = p.total?.max(1);
        let at = self.reader.anchor.min(total);
        let percent = at * 100 / total;
        let words = ((total - at) as f64 * p.words_per_byte) as usize;
        Some((percent, minutes(words)))
    }

    /// Whether `event` can be handled with what is here: everything once the whole is
    /// sectioned; with only the beginning, moves within it, the help and quitting. Anything
    /// else (the end, a section by number, the contents, a search) needs the whole
    /// sectioned, numbered for good.
    pub fn can_handle_before_loaded(&self, event: &Event) -> bool {
        let Event::Key(key) = event else {
            return true;
        };
        if !self.loading() {
            return true;
        }
        if !matches!(self.mode, Mode::Reading | Mode::Help { .. }) {
            return false;
        }
        let in_last = self.is_last_section();
        match keys::action_for(*key) {
            None => true,
            Some(Action::LineDown | Action::PageDown | Action::HalfPageDown) => {
                !(in_last && self.reader.at_end(self.lines()))
            }
            Some(Action::NextSection) => !in_last,
            Some(
                Action::LineUp
                | Action::PageUp
                | Action::HalfPageUp
                | Action::PrevSection
                | Action::SectionTop
                | Action::SectionEnd
                | Action::Help
                | Action::Back
                | Action::Quit
                | Action::Interrupt
                | Action::Suspend,
            ) => true,
            Some(_) => false,
        }
    }

    /// Swaps in the whole document for the beginning shown while it was parsed, keeping the
    /// place (a source offset, the same in both); the marks and the way back are found
    /// again by theirs. Searches start again.
    pub fn replace_document(&mut self, doc: Document) {
        let anchor = self.reader.anchor;
        let sections = doc.sections.len();
        self.marks.renumber(|offset| doc.section_at(offset));
        self.doc = Arc::new(doc);
        self.toc = std::cell::OnceCell::new();
        self.layouts = Layouts::new(sections, self.layouts.format());
        self.searches.reset();
        self.read = vec![0.0; sections];
        self.changed = vec![false; sections];
        *self.clickable.borrow_mut() = None;
        if !matches!(self.mode, Mode::Help { .. }) {
            self.mode = Mode::Reading;
        }
        self.fit_to_screen();
        let section = self.doc.section_at(anchor);
        self.show(Place { section, anchor });
        self.note_progress();
    }
}
