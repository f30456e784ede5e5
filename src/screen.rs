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

/// The help overlay's rows and where it goes on the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpBox {
    pub area: Rect,
    /// Each row: the keys (empty on a continuation row) and the help text.
    pub rows: Vec<(String, String)>,
    /// Width of the keys column; zero when keys and help are stacked on separate rows.
    pub key_width: usize,
    /// Width of the keys column from row `rest_from` on (the other states' keys).
    pub rest_key_width: usize,
    pub rest_from: usize,
    /// A second column beside the first rows (the reading keys split in two when that fits
    /// the screen without scrolling): its rows, keys width, and where it starts.
    pub right: Vec<(String, String)>,
    pub right_key_width: usize,
    pub right_x: usize,
}

/// Width of a side-by-side row: a space, the keys, two spaces, the text, a space.
fn side_width(rows: &[(String, &str)], key_width: usize) -> usize {
    rows.iter()
        .map(|(_, h)| 1 + key_width + 2 + text::width(h) + 1)
        .max()
        .unwrap_or(0)
}

fn key_width(rows: &[(String, &str)]) -> usize {
    rows.iter().map(|(k, _)| text::width(k)).max().unwrap_or(0)
}

impl HelpBox {
    /// Lays out the key tables' help for a page: side by side in one column when everything
    /// fits; the reading keys in two columns (the other states' keys under them) when that
    /// shows them all without scrolling; else each key line followed by its text.
    pub fn new(page: Rect) -> HelpBox {
        let table = crate::keys::help_rows();
        let reading = crate::keys::BINDINGS.len();
        let inner_height = usize::from(page.height.saturating_sub(2));
        let width = usize::from(page.width);
        let kw = key_width(&table);
        let side = side_width(&table, kw);
        let owned = |rows: &[(String, &str)]| -> Vec<(String, String)> {
            rows.iter()
                .map(|(k, h)| (k.clone(), h.to_string()))
                .collect()
        };
        let (mut rows, mut right, mut right_x, mut right_key_width) =
            (Vec::new(), Vec::new(), 0, 0);
        let mut rest_key_width = None;
        let mut rest_from = usize::MAX;
        let (key_width_left, inner);
        if side + 2 <= width && table.len() <= inner_height {
            rows = owned(&table);
            key_width_left = kw;
            inner = side;
        } else {
            let half = reading.div_ceil(2);
            let (left, rest) = table.split_at(half.min(table.len()));
            let (second, modal) = rest.split_at((reading - half).min(rest.len()));
            let (lk, rk) = (key_width(left), key_width(second));
            let (lw, rw) = (side_width(left, lk), side_width(second, rk));
            let modal_width = side_width(modal, kw);
            if half <= inner_height && lw + 1 + rw + 2 <= width && modal_width + 2 <= width {
                rows = owned(left);
                rows.extend(owned(modal));
                right = owned(second);
                right_x = lw + 1;
                right_key_width = rk;
                key_width_left = lk;
                rest_key_width = Some(key_width(modal));
                rest_from = half;
                inner = (lw + 1 + rw).max(modal_width);
            } else if side + 2 <= width {
                rows = owned(&table);
                key_width_left = kw;
                inner = side;
            } else {
                // Each key on its own row, its text wrapped under it (inside the border and
                // a three-column indent).
                let room = width.saturating_sub(5).max(1);
                for (k, h) in table {
                    // A heading row (no keys) is its text alone.
                    if !k.is_empty() {
                        rows.push((k, String::new()));
                    }
                    for line in textwrap::wrap(h, room) {
                        rows.push((String::new(), line.into_owned()));
                    }
                }
                key_width_left = 0;
                inner = width;
            }
        }
        let width = u16::try_from(inner + 2).unwrap_or(u16::MAX).min(page.width);
        let height = u16::try_from(rows.len().max(right.len()) + 2)
            .unwrap_or(u16::MAX)
            .min(page.height);
        let area = page.centered(
            ratatui::layout::Constraint::Length(width),
            ratatui::layout::Constraint::Length(height),
        );
        if right.is_empty() {
            right_x = 0;
        }
        HelpBox {
            area,
            rows,
            key_width: key_width_left,
            rest_key_width: rest_key_width.unwrap_or(key_width_left),
            rest_from,
            right,
            right_key_width,
            right_x,
        }
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

/// A section's tab in the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tab {
    pub label: String,
    /// Index into `Document::sections`.
    pub section: usize,
    /// Column where the tab starts, from the left edge of the tab row.
    pub x: u16,
    pub width: u16,
}

/// Space between tabs.
pub const TAB_GAP: u16 = 2;

/// The tabs that fit in `width` columns, with the current section always among them. Labels
/// are "number title"; when they do not all fit, the others shrink to their numbers and only
/// those nearest the current one are shown. Work is bounded by the width, not by the number of
/// sections.
pub fn tabs(doc: &Document, current: usize, width: u16) -> Vec<Tab> {
    let n = doc.sections.len();
    let current = current.min(n.saturating_sub(1));
    let width = usize::from(width);
    let gap = usize::from(TAB_GAP);
    let full = |i: usize| {
        let s = &doc.sections[i];
        format!(" {} {} ", s.number, s.title)
    };
    let short = |i: usize| format!(" {} ", doc.sections[i].number);

    // All full labels, when they fit (stop measuring as soon as they don't).
    let mut labels: Vec<(usize, String)> = Vec::new();
    let mut used = 0usize;
    let mut all_fit = true;
    for i in 0..n {
        let label = full(i);
        used += text::width(&label) + if i > 0 { gap } else { 0 };
        if used > width {
            all_fit = false;
            break;
        }
        labels.push((i, label));
    }
    if !all_fit {
        // The current tab in full, then numbers on either side while they fit.
        let mut left = current;
        let mut right = current;
        let mut used = text::width(&full(current));
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
                let w = text::width(&short(i)) + gap;
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
        labels = (left..=right)
            .map(|i| (i, if i == current { full(i) } else { short(i) }))
            .collect();
    }
    let mut x = 0u16;
    labels
        .into_iter()
        .map(|(section, label)| {
            let w = u16::try_from(text::width(&label)).unwrap_or(u16::MAX);
            let tab = Tab {
                label,
                section,
                x,
                width: w,
            };
            x = x.saturating_add(w).saturating_add(TAB_GAP);
            tab
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn help_stacks_keys_over_text_when_narrow() {
        let wide = HelpBox::new(Rect::new(0, 3, 80, 20));
        assert!(wide.key_width > 0);
        assert_eq!(
            wide.rows.len() + wide.right.len(),
            crate::keys::help_rows().len(),
            "every row, in one column or the other"
        );
        let narrow = HelpBox::new(Rect::new(0, 2, 40, 9));
        assert_eq!(narrow.key_width, 0);
        assert!(narrow.rows.len() >= 2 * crate::keys::BINDINGS.len());
        // Nothing is cut off: every help text fits beside its indent inside the border.
        assert!(
            narrow.rows.iter().all(|(_, h)| text::width(h) + 5 <= 40),
            "{:?}",
            narrow.rows
        );
        let tiny = HelpBox::new(Rect::new(0, 2, 20, 9));
        assert!(
            tiny.rows
                .iter()
                .all(|(_, h)| text::width(h) + 5 <= 20 || !h.contains(' '))
        );
        assert_eq!(narrow.visible(), 7);
        assert!(narrow.area.width <= 40);
    }

    #[test]
    fn tabs_shrink_to_fit_and_keep_the_current_one() {
        let doc = Document::parse(
            "intro\n\n## Audience\n\na\n\n## Passion\n\nb\n\n## Outcome\n\nc\n",
            "t",
        );
        let wide = tabs(&doc, 1, 200);
        assert_eq!(wide.len(), 4);
        assert_eq!(wide[1].label, " 1 Audience ");
        let narrow = tabs(&doc, 2, 24);
        assert!(
            narrow
                .iter()
                .any(|t| t.section == 2 && t.label == " 2 Passion ")
        );
        assert!(narrow.iter().all(|t| t.x + t.width <= 24));
        let tiny = tabs(&doc, 3, 12);
        assert_eq!(tiny.len(), 1);
        assert_eq!(tiny[0].section, 3);
        // Many sections: a window around the current one, in order.
        let many: String = (0..100_000).map(|i| format!("## S{i}\n\nx\n\n")).collect();
        let doc = Document::parse(&many, "t");
        let shown = tabs(&doc, 50_000, 80);
        assert!(
            shown
                .iter()
                .any(|t| t.section == 50_000 && t.label == " 50001 S50000 ")
        );
        assert!(shown.windows(2).all(|w| w[0].section + 1 == w[1].section));
        assert!(
            shown
                .last()
                .is_some_and(|t| usize::from(t.x + t.width) <= 80)
        );
        assert!(shown.len() > 3);
    }

    #[test]
    fn at_80x24_every_reading_key_shows_without_scrolling() {
        let page = Regions::new(Rect::new(0, 0, 80, 24), 72)
            .expect("fits")
            .page;
        let help = HelpBox::new(page);
        assert!(!help.right.is_empty(), "two columns");
        let reading = crate::keys::BINDINGS.len();
        assert_eq!(help.rest_from + help.right.len(), reading);
        assert!(
            help.rest_from <= help.visible(),
            "{} rows shown",
            help.visible()
        );
        assert!(help.area.width <= 80);
    }
}
