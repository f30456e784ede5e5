//! The contents and the links list as boxes on screen: their rows, which entries the filter
//! leaves, and opening the chosen one.

use super::*;

impl App {
    /// The table of contents as it is drawn on this screen.
    pub fn toc_box(&self) -> Option<TocBox> {
        let entries = self.toc_entries().len();
        self.regions().map(|r| TocBox::new(r.page, entries))
    }

    /// The links list as it is drawn on this screen.
    pub fn links_box(&self) -> Option<TocBox> {
        let entries = self.links().len();
        self.regions().map(|r| TocBox::new(r.page, entries))
    }

    /// The contents list, unfiltered: the document's sections (their words not known
    /// while only the beginning is here).
    pub fn toc_row(&self, entry: usize) -> Option<TocRow<'_>> {
        let s = self.doc.sections.get(entry)?;
        Some(TocRow {
            number: s.number,
            title: &s.title,
            words: (!self.loading()).then_some(s.words),
            read: self.read_fraction(entry),
        })
    }

    /// How many entries the contents list has, unfiltered.
    pub fn toc_entries_all(&self) -> usize {
        self.toc_len()
    }

    pub(super) fn toc_len(&self) -> usize {
        self.doc.sections.len()
    }

    /// The entries the contents list shows: all, or those whose titles hold the filter
    /// typed after `/` (any case).
    pub fn toc_entries(&self) -> Vec<usize> {
        let filter = match &self.mode {
            Mode::Toc {
                filter: Some(f), ..
            } if !f.is_empty() => f.to_lowercase(),
            _ => return (0..self.toc_len()).collect(),
        };
        (0..self.toc_len())
            .filter(|&i| {
                self.toc_row(i)
                    .is_some_and(|r| r.title.to_lowercase().contains(&filter))
            })
            .collect()
    }

    /// Opens the contents entry `entry` (of the unfiltered list).
    pub(super) fn open_toc_entry(&mut self, entry: usize) {
        let Some(number) = self.toc_row(entry).map(|r| r.number) else {
            return;
        };
        self.mode = Mode::Reading;
        self.go_to_number(&number.to_string());
    }
}
