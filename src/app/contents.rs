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

    /// The headings of section `i` under its own (not the document's title heading it, nor
    /// the section's own heading), with words: where each is, and its text.
    pub(super) fn sub_headings(&self, i: usize) -> Vec<(usize, String)> {
        let section = &self.doc.sections[i];
        let mut headings = self.doc.headings_of(i).into_iter().peekable();
        if headings.peek().is_some_and(|(_, t)| *t == self.doc.title) {
            headings.next();
        }
        if headings.peek().is_some_and(|(_, t)| *t == section.title) {
            headings.next();
        }
        headings.filter(|(_, t)| !t.is_empty()).collect()
    }

    /// The contents as a tree: each section, and under it its sub-headings. Made once for a
    /// document (a large one's dormant sections know their headings without a parse).
    fn toc_tree(&self) -> &[TocItem] {
        self.toc.get_or_init(|| {
            let mut tree = Vec::with_capacity(self.doc.sections.len());
            for (i, s) in self.doc.sections.iter().enumerate() {
                tree.push(TocItem {
                    section: i,
                    at: None,
                    title: s.title.clone(),
                });
                for (at, title) in self.sub_headings(i) {
                    tree.push(TocItem {
                        section: i,
                        at: Some(at),
                        title,
                    });
                }
            }
            tree
        })
    }

    /// The sub-heading the top of the page is under, within its section (none above the
    /// section's first sub-heading). Read from the contents' tree, so a frame asks it without
    /// making anything.
    pub fn subheading(&self) -> Option<&str> {
        let here = self.place();
        let tree = self.toc_tree();
        let start = tree.partition_point(|t| t.section < here.section);
        let end = tree.partition_point(|t| t.section <= here.section);
        tree[start..end]
            .iter()
            .filter(|t| t.at.is_some_and(|at| at <= here.anchor))
            .map(|t| t.title.as_str())
            .next_back()
    }

    /// The contents list, unfolded: each section (its words not known while only the
    /// beginning is here), and its sub-headings.
    pub fn toc_row(&self, entry: usize) -> Option<TocRow<'_>> {
        let item = self.toc_tree().get(entry)?;
        let s = &self.doc.sections[item.section];
        Some(TocRow {
            number: s.number,
            title: &item.title,
            words: (!self.loading() && item.at.is_none()).then_some(s.words),
            read: self.read_fraction(item.section),
            heading: item.at.is_some(),
            changed: item.at.is_none() && self.changed(item.section),
        })
    }

    /// How many entries the contents list has, unfolded and unfiltered.
    pub fn toc_entries_all(&self) -> usize {
        self.toc_len()
    }

    pub(super) fn toc_len(&self) -> usize {
        self.toc_tree().len()
    }

    /// The entries the contents list shows: every section, and the sub-headings of the one
    /// being read (the others folded); or, filtered by what was typed after `/` (any case),
    /// every section and sub-heading whose title holds it.
    pub fn toc_entries(&self) -> Vec<usize> {
        let tree = self.toc_tree();
        let filter = match &self.mode {
            Mode::Toc {
                filter: Some(f), ..
            } if !f.is_empty() => f.to_lowercase(),
            _ => {
                return (0..tree.len())
                    .filter(|&e| tree[e].at.is_none() || self.unfolded(tree[e].section))
                    .collect();
            }
        };
        (0..tree.len())
            .filter(|&e| tree[e].title.to_lowercase().contains(&filter))
            .collect()
    }

    /// Whether section `i`'s sub-headings show in the contents: the one being read's, unless
    /// folded, and any other unfolded with →.
    fn unfolded(&self, i: usize) -> bool {
        let toggled = match &self.mode {
            Mode::Toc { toggled, .. } => toggled.contains(&i),
            _ => false,
        };
        (i == self.reader.section) != toggled
    }

    /// Folds (`fold`) or unfolds the sub-headings of the selected entry's section, keeping
    /// that section chosen.
    pub(super) fn fold(&mut self, fold: bool) {
        let Mode::Toc { selected, .. } = self.mode else {
            return;
        };
        let Some(section) = self
            .toc_entries()
            .get(selected)
            .and_then(|&e| self.toc_tree().get(e))
            .map(|item| item.section)
        else {
            return;
        };
        if self.unfolded(section) != fold {
            return;
        }
        if let Mode::Toc { toggled, .. } = &mut self.mode {
            match toggled.iter().position(|&s| s == section) {
                Some(i) => {
                    toggled.remove(i);
                }
                None => toggled.push(section),
            }
        }
        let tree = self.toc_tree();
        let row = self
            .toc_entries()
            .iter()
            .position(|&e| tree[e].at.is_none() && tree[e].section == section)
            .unwrap_or(0);
        if let Mode::Toc { selected, .. } = &mut self.mode {
            *selected = row;
        }
        self.clamp_overlays();
    }

    /// Where the contents list starts its selection: the section being read.
    pub(super) fn toc_current(&self) -> usize {
        let tree = self.toc_tree();
        self.toc_entries()
            .iter()
            .position(|&e| tree[e].at.is_none() && tree[e].section == self.reader.section)
            .unwrap_or(0)
    }

    /// Opens the contents entry `entry` (of the unfiltered list).
    pub(super) fn open_toc_entry(&mut self, entry: usize) {
        let Some(item) = self.toc_tree().get(entry).cloned() else {
            return;
        };
        self.mode = Mode::Reading;
        match item.at {
            // A sub-heading: there, as a jump.
            Some(anchor) => self.jump(Place {
                section: item.section,
                anchor,
            }),
            None => self.go_to_number(&self.doc.sections[item.section].number.to_string()),
        }
    }
}

/// An entry of the contents: a section (`at` none) or one of its sub-headings.
#[derive(Clone, Debug)]
pub(super) struct TocItem {
    section: usize,
    at: Option<usize>,
    title: String,
}
