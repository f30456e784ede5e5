//! Screen geometry: where the title, tabs, page and status line go for a terminal size.
//!
//! Pure functions of the size (and the document for the tabs), shared by the view that
//! draws them and by the state that needs the page height or a clicked tab.

use crate::document::Document;
use crate::text;
use ratatui::layout::Rect;

/// Below this width or height the reader shows only a "too small" note.
pub const MIN_WIDTH: u16 = 12;
pub const MIN_HEIGHT: u16 = 3;

/// The parts of the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Regions {
    pub title: Option<Rect>,
    pub tabs: Option<Rect>,
    /// The whole band between the header and the status line.
    pub page: Rect,
    /// The centred column the text is drawn in.
    pub text: Rect,
    /// The column the scrollbar uses.
    pub scrollbar: Rect,
    pub status: Rect,
}

impl Regions {
    /// Splits `area` for a reading measure of `measure` columns; `None` when it is too small.
    pub fn new(area: Rect, measure: usize) -> Option<Regions> {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return None;
        }
        let row = |y: u16| Rect::new(area.x, y, area.width, 1);
        let has_title = area.height >= 10;
        let has_tabs = area.height >= 6;
        let title = has_title.then(|| row(area.y));
        let tabs = has_tabs.then(|| row(area.y + u16::from(has_title)));
        // A blank row under the header when there is room for calm.
        let gap = area.height >= 16;
        let top = area.y + u16::from(has_title) + u16::from(has_tabs) + u16::from(gap);
        let bottom = area.bottom() - 1;
        let status = row(bottom);
        let page = Rect::new(area.x, top, area.width, bottom - top);
        // One column of margin on the left; on the right the scrollbar, with a column of space
        // before it.
        let usable = area.width.saturating_sub(3);
        let width = usable
            .min(u16::try_from(measure).unwrap_or(u16::MAX))
            .max(1);
        // Centred between the margin and the scrollbar.
        let x = area.x + 1 + (usable + 1 - width) / 2;
        let text = Rect::new(x, page.y, width, page.height);
        let scrollbar = Rect::new(area.right() - 1, page.y, 1, page.height);
        // The header lines up with the text column (its labels start with a space).
        let header = |r: Rect| {
            let x = text.x.saturating_sub(1).max(area.x);
            Rect::new(x, r.y, area.right() - x, 1)
        };
        let (title, tabs) = (title.map(header), tabs.map(header));
        Some(Regions {
            title,
            tabs,
            page,
            text,
            scrollbar,
            status,
        })
    }
}

/// One cell of a help row, `x` columns into the box: its keys (bold), padded to `key_width`
/// and two spaces when that is not zero, else followed by one space; then its text. A cell
/// with no keys is a heading or a text continued from the row above.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpCell {
    pub x: usize,
    pub key: String,
    pub key_width: usize,
    pub text: String,
    /// A table's heading, drawn like keys.
    pub heading: bool,
}

impl HelpCell {
    fn new(x: usize, key: &str, key_width: usize, text: &str) -> HelpCell {
        HelpCell {
            x,
            key: key.to_string(),
            key_width,
            text: text.to_string(),
            heading: false,
        }
    }

    fn heading(x: usize, text: &str) -> HelpCell {
        HelpCell {
            heading: true,
            ..HelpCell::new(x, "", 0, text)
        }
    }

    /// Spaces between the keys and the text.
    pub fn gap(&self) -> usize {
        let key = text::width(&self.key);
        match (key, self.key_width) {
            (0, _) => 0,
            (_, 0) => 1,
            (_, width) => width.max(key) - key + 2,
        }
    }

    /// Columns from the box's inner left edge to the end of the text.
    pub fn end(&self) -> usize {
        self.x + text::width(&self.key) + self.gap() + text::width(&self.text)
    }
}

/// The help overlay: its rows of cells and where it goes on the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpBox {
    pub area: Rect,
    pub rows: Vec<Vec<HelpCell>>,
}

type Rows = Vec<(String, &'static str)>;

fn key_width(rows: &[(String, &str)]) -> usize {
    rows.iter().map(|(k, _)| text::width(k)).max().unwrap_or(0)
}

/// A table as a column of `keys  text` rows starting `x` into the box.
fn column(rows: &[(String, &str)], x: usize) -> Vec<Vec<HelpCell>> {
    let width = key_width(rows);
    rows.iter()
        .map(|(k, h)| vec![HelpCell::new(x, k, width, h)])
        .collect()
}

/// Every table in one column of `keys  text` rows, each state's under its heading.
fn one_column(tables: &[crate::keys::HelpTable]) -> Vec<Vec<HelpCell>> {
    let mut out = Vec::new();
    for table in tables {
        if !table.heading.is_empty() {
            out.push(Vec::new());
            out.push(vec![HelpCell::heading(1, table.heading)]);
        }
        out.extend(column(&table.rows, 1));
    }
    out
}

/// The reading keys in two columns, side by side.
fn two_columns(reading: &Rows) -> Vec<Vec<HelpCell>> {
    let half = reading.len().div_ceil(2);
    let (left, right) = reading.split_at(half);
    let mut out = column(left, 1);
    let x = out.iter().flatten().map(HelpCell::end).max().unwrap_or(0) + 3;
    for (row, cells) in out.iter_mut().zip(column(right, x)) {
        row.extend(cells);
    }
    out
}

/// A state's keys as running text under the reading keys: its heading, then each
/// `keys text` in turn, wrapped to `width` (None when one of them cannot fit).
fn flowed(table: &crate::keys::HelpTable, width: usize) -> Option<Vec<Vec<HelpCell>>> {
    let mut out = vec![vec![HelpCell::heading(1, &format!("{}:", table.heading))]];
    for (k, h) in &table.rows {
        let cell = HelpCell::new(0, k, 0, h);
        let len = cell.end();
        let row = out.last_mut()?;
        let at = row.last().map_or(1, |c| c.end() + 3);
        if at + len < width {
            row.push(HelpCell { x: at, ..cell });
        } else if 3 + len < width {
            out.push(vec![HelpCell { x: 3, ..cell }]);
        } else {
            return None;
        }
    }
    Some(out)
}

/// Each key on its own row, its text wrapped under it (for narrow screens).
fn stacked(tables: &[crate::keys::HelpTable], width: usize) -> Vec<Vec<HelpCell>> {
    let room = width.saturating_sub(5).max(1);
    let mut out = Vec::new();
    for table in tables {
        if !table.heading.is_empty() {
            out.push(Vec::new());
            for line in textwrap::wrap(table.heading, room + 2) {
                out.push(vec![HelpCell::heading(1, &line)]);
            }
        }
        for (k, h) in &table.rows {
            out.push(vec![HelpCell::new(1, k, 0, "")]);
            for line in textwrap::wrap(h, room) {
                out.push(vec![HelpCell::new(3, "", 0, &line)]);
            }
        }
    }
    out
}

fn inner_width(rows: &[Vec<HelpCell>]) -> usize {
    rows.iter().flatten().map(HelpCell::end).max().unwrap_or(0) + 1
}

impl HelpBox {
    /// Lays out the key tables for a screen: the first of these that shows every key
    /// without scrolling: one column; the reading keys in two columns with the other
    /// states' keys in a column under them; or with those as running text. When none fits,
    /// the shortest that fits the width scrolls; on narrow screens each key line is followed
    /// by its text.
    pub fn new(screen: Rect) -> HelpBox {
        let tables = crate::keys::help_tables();
        let inner_height = usize::from(screen.height.saturating_sub(2));
        let width = usize::from(screen.width);
        let room = width.saturating_sub(2);
        let (reading, modal) = tables.split_first().expect("the reading keys");
        let two = two_columns(&reading.rows);
        let mut under = two.clone();
        for table in modal {
            under.push(Vec::new());
            under.push(vec![HelpCell::heading(1, table.heading)]);
            under.extend(column(&table.rows, 1));
        }
        let mut candidates = vec![one_column(&tables), under];
        let flow_width = inner_width(&two).min(room);
        let running: Option<Vec<Vec<HelpCell>>> = modal
            .iter()
            .map(|t| flowed(t, flow_width))
            .collect::<Option<Vec<_>>>()
            .map(|parts| {
                let mut rows = two.clone();
                rows.push(Vec::new());
                rows.extend(parts.into_iter().flatten());
                rows
            });
        if let Some(rows) = running {
            // Without the blank row, when that is what it takes to fit.
            let mut tight = rows.clone();
            tight.remove(two.len());
            candidates.push(rows);
            candidates.push(tight);
        }
        candidates.retain(|rows| inner_width(rows) <= room);
        let chosen = candidates
            .iter()
            .position(|rows| rows.len() <= inner_height)
            .or_else(|| (0..candidates.len()).min_by_key(|&i| candidates[i].len()));
        let (rows, inner) = match chosen {
            Some(i) => {
                let rows = candidates.swap_remove(i);
                let inner = inner_width(&rows);
                (rows, inner)
            }
            None => (stacked(&tables, width), room),
        };
        let width = u16::try_from(inner + 2)
            .unwrap_or(u16::MAX)
            .min(screen.width);
        let height = u16::try_from(rows.len() + 2)
            .unwrap_or(u16::MAX)
            .min(screen.height);
        let area = screen.centered(
            ratatui::layout::Constraint::Length(width),
            ratatui::layout::Constraint::Length(height),
        );
        HelpBox { area, rows }
    }

    /// Rows visible inside the border.
    pub fn visible(&self) -> usize {
        usize::from(self.area.height.saturating_sub(2))
    }

    /// The largest useful scroll.
    pub fn max_scroll(&self) -> usize {
        self.rows.len().saturating_sub(self.visible())
    }
}

/// The table of contents overlay: where it goes and how many entries it shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TocBox {
    pub area: Rect,
}

impl TocBox {
    /// Widest the box gets, so titles, figures and bars stay together on wide screens.
    pub const MAX_WIDTH: u16 = 72;

    pub fn new(page: Rect, sections: usize) -> TocBox {
        let width = page.width.min(Self::MAX_WIDTH);
        let height = u16::try_from(sections.saturating_add(2))
            .unwrap_or(u16::MAX)
            .min(page.height);
        TocBox {
            area: page.centered(
                ratatui::layout::Constraint::Length(width),
                ratatui::layout::Constraint::Length(height),
            ),
        }
    }

    /// Entries visible inside the border.
    pub fn visible(&self) -> usize {
        usize::from(self.area.height.saturating_sub(2))
    }
}

/// A section's tab in the header: " number title " in full, or " number " when shrunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tab {
    /// Index into `Document::sections`.
    pub section: usize,
    /// Shown with its title.
    pub full: bool,
    /// Column where the tab starts, from the left edge of the tab row.
    pub x: u16,
    pub width: u16,
}

/// Space between tabs.
pub const TAB_GAP: u16 = 2;

/// Columns of `n` written in decimal.
fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// The tabs that fit in `width` columns, with the current section always among them. Labels
/// are "number title"; when they do not all fit, the others shrink to their numbers and only
/// those nearest the current one are shown. Work is bounded by the width, not by the number of
/// sections. `about`: the numbers are provisional (a large document's beginning alone, while
/// the rest loads), each shown after `≈`. `changed`: the sections whose text changed when
/// it was read again, not yet visited, each shown with [`CHANGED`] after its number.
pub fn tabs(doc: &Document, current: usize, width: u16, about: bool, changed: &[bool]) -> Vec<Tab> {
    let mut out = Vec::new();
    tabs_into(doc, current, width, about, changed, &mut out);
    out
}

/// The sign a changed section (not yet visited) carries in the tabs and the contents.
pub const CHANGED: &str = "•";

/// [`tabs`], into `out` (cleared first), so a frame can reuse one list.
pub fn tabs_into(
    doc: &Document,
    current: usize,
    width: u16,
    about: bool,
    changed: &[bool],
    out: &mut Vec<Tab>,
) {
    out.clear();
    let n = doc.sections.len();
    let current = current.min(n.saturating_sub(1));
    let width = usize::from(width);
    let gap = usize::from(TAB_GAP);
    let mark = |i: usize| usize::from(about) + usize::from(changed.get(i) == Some(&true));
    let full = |i: usize| {
        let s = &doc.sections[i];
        mark(i) + digits(s.number) + text::width(&s.title) + 3
    };
    let short = |i: usize| mark(i) + digits(doc.sections[i].number) + 2;

    // All full labels, when they fit (stop measuring as soon as they don't).
    let mut used = 0usize;
    let mut all_fit = true;
    for i in 0..n {
        let w = full(i);
        used += w + if i > 0 { gap } else { 0 };
        if used > width {
            all_fit = false;
            break;
        }
        out.push(Tab {
            section: i,
            full: true,
            x: 0,
            width: u16::try_from(w).unwrap_or(u16::MAX),
        });
    }
    if !all_fit {
        // The current tab in full, then numbers on either side while they fit.
        let mut left = current;
        let mut right = current;
        let mut used = full(current);
        let (mut more_left, mut more_right) = (current > 0, current + 1 < n);
        while more_left || more_right {
            for go_right in [true, false] {
                let side = if go_right {
                    &mut more_right
                } else {
                    &mut more_left
                };
                if !*side {
                    continue;
                }
                let i = if go_right { right + 1 } else { left - 1 };
                let w = short(i) + gap;
                if used + w > width {
                    *side = false;
                    continue;
                }
                used += w;
                if go_right {
                    right = i;
                    more_right = right + 1 < n;
                } else {
                    left = i;
                    more_left = left > 0;
                }
            }
        }
        out.clear();
        out.extend((left..=right).map(|i| {
            let w = if i == current { full(i) } else { short(i) };
            Tab {
                section: i,
                full: i == current,
                x: 0,
                width: u16::try_from(w).unwrap_or(u16::MAX),
            }
        }));
    }
    let mut x = 0u16;
    for tab in out.iter_mut() {
        tab.x = x;
        x = x.saturating_add(tab.width).saturating_add(TAB_GAP);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tab's label as the view writes it: " number title " in full, " number " shrunk.
    fn label(tab: &Tab, doc: &Document) -> String {
        let s = &doc.sections[tab.section];
        if tab.full {
            format!(" {} {} ", s.number, s.title)
        } else {
            format!(" {} ", s.number)
        }
    }

    #[test]
    fn regions_fill_the_screen_and_centre_the_text() {
        let r = Regions::new(Rect::new(0, 0, 80, 24), 72).expect("fits");
        assert_eq!(r.title.map(|t| t.y), Some(0));
        assert_eq!(r.tabs.map(|t| t.y), Some(1));
        assert_eq!(r.status.y, 23);
        assert_eq!((r.page.y, r.page.height), (3, 20));
        assert_eq!(r.text.width, 72);
        assert_eq!(r.text.x, 4);
        assert_eq!(r.scrollbar.x, 79);
        assert_eq!(r.tabs.map(|t| (t.x, t.width)), Some((3, 77)));
    }

    #[test]
    fn small_screens_drop_the_header_then_give_up() {
        let r = Regions::new(Rect::new(0, 0, 40, 7), 72).expect("fits");
        assert!(r.title.is_none() && r.tabs.is_some());
        // A column of space between the text and the scrollbar.
        assert_eq!(r.text.width, 37);
        assert!(r.text.right() < r.scrollbar.x);
        let r = Regions::new(Rect::new(0, 0, 20, 4), 72).expect("fits");
        assert!(r.title.is_none() && r.tabs.is_none());
        assert_eq!(r.page.height, 3);
        assert!(Regions::new(Rect::new(0, 0, 1, 1), 72).is_none());
    }

    /// Every key of every table with its text (spaces left out, as narrow boxes break
    /// words), as the help shows them, in sorted order.
    fn shown(help: &HelpBox) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for cell in help.rows.iter().flatten().filter(|c| !c.heading) {
            match out.last_mut() {
                // A stacked key's text comes on the rows under it.
                Some((_, text)) if cell.key.is_empty() => text.push_str(&cell.text),
                _ => out.push((cell.key.clone(), cell.text.clone())),
            }
        }
        let mut out: Vec<_> = out
            .into_iter()
            .map(|(k, h)| (k, h.replace(' ', "")))
            .collect();
        out.sort();
        out
    }

    fn every_key() -> Vec<(String, String)> {
        let mut all: Vec<_> = crate::keys::help_tables()
            .into_iter()
            .flat_map(|t| t.rows)
            .map(|(k, h)| (k, h.replace(' ', "")))
            .collect();
        all.sort();
        all
    }

    #[test]
    fn at_80x24_every_key_shows_without_scrolling() {
        let help = HelpBox::new(Rect::new(0, 0, 80, 24));
        assert!(
            help.rows.len() <= help.visible(),
            "{} rows",
            help.rows.len()
        );
        assert_eq!(help.max_scroll(), 0);
        assert_eq!(shown(&help), every_key());
        // The reading keys are in two columns.
        assert!(help.rows[0].len() == 2 && help.rows[0][1].key == "t");
        assert!(help.area.width <= 80);
    }

    #[test]
    fn the_help_fits_inside_its_box_at_every_size() {
        for width in (MIN_WIDTH..=200).step_by(7) {
            for height in (MIN_HEIGHT..=60).step_by(5) {
                let help = HelpBox::new(Rect::new(0, 0, width, height));
                let inner = usize::from(help.area.width) - 2;
                assert!(help.area.width <= width && help.area.height <= height);
                for row in &help.rows {
                    assert!(
                        row.windows(2).all(|w| w[0].end() < w[1].x),
                        "{width}x{height}: cells overlap: {row:?}"
                    );
                    // Long words may overflow only when the box has no room at all.
                    if let Some(last) = row.last().filter(|_| width >= 30) {
                        assert!(last.end() <= inner, "{width}x{height}: {row:?}");
                    }
                }
                assert_eq!(shown(&help), every_key(), "{width}x{height}");
            }
        }
    }

    #[test]
    fn narrow_help_stacks_keys_over_text_and_scrolls() {
        let narrow = HelpBox::new(Rect::new(0, 0, 40, 12));
        assert!(narrow.rows.iter().flatten().all(|c| c.key_width == 0));
        assert!(narrow.rows.len() >= 2 * crate::keys::BINDINGS.len());
        assert_eq!(narrow.visible(), 10);
        assert!(narrow.max_scroll() > 0);
        let wide = HelpBox::new(Rect::new(0, 0, 200, 60));
        assert_eq!(wide.max_scroll(), 0, "tall screens need no scrolling");
    }

    #[test]
    fn tabs_shrink_to_fit_and_keep_the_current_one() {
        let doc = Document::parse(
            "intro\n\n## Audience\n\na\n\n## Passion\n\nb\n\n## Outcome\n\nc\n",
            "t",
        );
        let wide = tabs(&doc, 1, 200, false, &[]);
        assert_eq!(wide.len(), 4);
        assert_eq!(label(&wide[1], &doc), " 1 Audience ");
        let narrow = tabs(&doc, 2, 24, false, &[]);
        assert!(
            narrow
                .iter()
                .any(|t| t.section == 2 && label(t, &doc) == " 2 Passion ")
        );
        assert!(narrow.iter().all(|t| t.x + t.width <= 24));
        // Each tab is as wide as its label.
        for t in wide.iter().chain(&narrow) {
            assert_eq!(usize::from(t.width), text::width(&label(t, &doc)));
        }
        // Provisional numbers (a beginning while the rest loads) are a column wider each.
        let about = tabs(&doc, 1, 200, true, &[]);
        for (a, w) in about.iter().zip(&wide) {
            assert_eq!(a.width, w.width + 1);
        }
        let tiny = tabs(&doc, 3, 12, false, &[]);
        assert_eq!(tiny.len(), 1);
        assert_eq!(tiny[0].section, 3);
        // Many sections: a window around the current one, in order.
        let many: String = (0..100_000).map(|i| format!("## S{i}\n\nx\n\n")).collect();
        let doc = Document::parse(&many, "t");
        let shown = tabs(&doc, 50_000, 80, false, &[]);
        assert!(
            shown
                .iter()
                .any(|t| t.section == 50_000 && label(t, &doc) == " 50001 S50000 ")
        );
        assert!(shown.windows(2).all(|w| w[0].section + 1 == w[1].section));
        assert!(
            shown
                .last()
                .is_some_and(|t| usize::from(t.x + t.width) <= 80)
        );
        assert!(shown.len() > 3);
    }
}
