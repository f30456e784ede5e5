//! Following links: the links list (`L`), its keys, where a link goes, and the way back
//! through the jumps (Backspace back, Alt-→ forward).

use super::App;
use crate::document::links::{Link, Target};
use crate::keys::{ContentsAction, LinkAction};
use crate::overlay::{Direction, Mode};
use crate::state::Place;

/// Whether `address` is a web or mail address, the only kind opened with the system's opener.
pub fn openable(address: &str) -> bool {
    let lower = address.to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// Whether `address` names a scheme (`https:`, `mailto:`, …), not a path in the document's
/// folder.
fn has_scheme(address: &str) -> bool {
    address.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

impl App {
    /// Opens the links list of the section on screen (a note when it has none).
    pub(super) fn open_links(&mut self) {
        if self.links().is_empty() {
            self.note = Some("No links or notes in this section".to_string());
            return;
        }
        self.mode = Mode::Links {
            selected: 0,
            top: 0,
            typed: String::new(),
        };
        self.clamp_overlays();
    }

    /// The selected link, while the list is open.
    pub fn selected_link(&self) -> Option<Link> {
        match &self.mode {
            Mode::Links { selected, .. } => self.links().get(*selected).cloned(),
            _ => None,
        }
    }

    /// A key of the links list's own (copy, open, a number).
    pub(super) fn link_key(&mut self, action: LinkAction) {
        let Some(link) = self.selected_link() else {
            return;
        };
        let address = match &link.target {
            Target::Address(a) => Some(a.clone()),
            Target::Footnote(_) => None,
        };
        if !matches!(action, LinkAction::Digit(_))
            && let Mode::Links { typed, .. } = &mut self.mode
        {
            // A number typed before is used up: the next one starts afresh.
            typed.clear();
        }
        match action {
            LinkAction::Digit(d) => {
                let count = self.links().len();
                if let Mode::Links {
                    selected, typed, ..
                } = &mut self.mode
                {
                    typed.push(char::from_digit(d, 10).unwrap_or('0'));
                    // A number past the last link starts again from this digit.
                    if typed.parse::<usize>().map_or(true, |n| n == 0 || n > count) {
                        *typed = d.to_string();
                    }
                    if let Ok(n) = typed.parse::<usize>()
                        && (1..=count).contains(&n)
                    {
                        *selected = n - 1;
                    }
                }
                self.clamp_overlays();
            }
            LinkAction::Copy => match address {
                Some(a) => {
                    self.note = Some(format!("Copied {a}"));
                    self.requests.copy = Some(a);
                }
                None => self.note = Some("A note has no address to copy".to_string()),
            },
            LinkAction::Open => match address {
                Some(a) if openable(&a) => {
                    self.note = Some(format!("Opening {a}"));
                    self.requests.open = Some(a);
                }
                Some(_) => {
                    self.note = Some("Only web and mail addresses open (y copies it)".to_string())
                }
                None => self.note = Some("A note has no address to open".to_string()),
            },
        }
    }

    /// One of the contents' keys in the links list: moves, follows with Enter, closes.
    pub(super) fn links_list(&mut self, action: ContentsAction) {
        let page = self.toc_box().map_or(1, |t| t.visible().max(1));
        let step = |mode: &mut Mode, n: usize, d: Direction| {
            mode.scroll(n, d);
        };
        match action {
            ContentsAction::Down => step(&mut self.mode, 1, Direction::Down),
            ContentsAction::Up => step(&mut self.mode, 1, Direction::Up),
            ContentsAction::PageDown => step(&mut self.mode, page, Direction::Down),
            ContentsAction::PageUp => step(&mut self.mode, page, Direction::Up),
            ContentsAction::First => step(&mut self.mode, usize::MAX, Direction::Up),
            ContentsAction::Last => step(&mut self.mode, usize::MAX, Direction::Down),
            ContentsAction::Close => self.mode = Mode::Reading,
            // A list of links has nothing to fold.
            ContentsAction::Fold | ContentsAction::Unfold => {}
            ContentsAction::Open => {
                if let Some(link) = self.selected_link() {
                    self.mode = Mode::Reading;
                    self.follow(&link);
                }
                return;
            }
        }
        if let Mode::Links { typed, .. } = &mut self.mode {
            typed.clear();
        }
        self.clamp_overlays();
    }

    /// Goes where a link leads: a heading or note of this document, as a jump; any other
    /// address is shown whole in the status line (y and o in the list copy or open it).
    pub fn follow(&mut self, link: &Link) {
        let here = match &link.target {
            Target::Footnote(label) => self
                .doc
                .footnote(label)
                .ok_or_else(|| format!("Note [{label}] is not in this document")),
            Target::Address(a) => match a.strip_prefix('#') {
                Some(anchor) => self
                    .doc
                    .anchor(anchor)
                    .ok_or_else(|| format!("No heading #{anchor} in this document")),
                None if has_scheme(a) => Err(a.clone()),
                None => {
                    // Another file: the event loop opens it (or says why it cannot).
                    self.requests.navigate = Some(super::Navigate::Open(a.clone()));
                    return;
                }
            },
        };
        match here {
            Ok((section, offset)) => self.jump(Place {
                section,
                anchor: offset,
            }),
            Err(note) => self.note = Some(note),
        }
    }

    /// Back through the jumps (`forward`: forward again), to the exact place.
    pub(super) fn history(&mut self, forward: bool) {
        let here = self.place();
        let step = if forward {
            self.marks.forward(here)
        } else {
            self.marks.back(here)
        };
        match step {
            Ok(place) => self.show(place),
            // Past this document's first (or last) jump: the document before (or after).
            Err(_) if forward && self.neighbours.1 => {
                self.requests.navigate = Some(super::Navigate::Forward)
            }
            Err(_) if !forward && self.neighbours.0 => {
                self.requests.navigate = Some(super::Navigate::Back)
            }
            Err(note) => self.note = Some(note),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_addresses_open() {
        assert!(openable("https://example.org/x"));
        assert!(openable("HTTP://example.org"));
        assert!(openable("mailto:someone@example.org"));
        assert!(!openable("file:///etc/passwd"));
        assert!(!openable("javascript:alert(1)"));
        assert!(!openable("docs/guide.md"));
        assert!(has_scheme("ftp://x") && has_scheme("mailto:x"));
        assert!(!has_scheme("docs/a.md") && !has_scheme("C:/x") && !has_scheme("#top"));
    }
}
