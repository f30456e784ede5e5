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

/// `address` as an OSC 8 hyperlink's address: every byte outside printable ASCII (controls,
/// escapes, spaces, non-ASCII) percent-encoded, so nothing in it can end the sequence or
/// steer the terminal. `None` when it is not a web or mail address, or longer than terminals
/// take (2,048 bytes).
pub fn osc8_address(address: &str) -> Option<String> {
    if !openable(address) {
        return None;
    }
    let mut out = String::with_capacity(address.len());
    for b in address.bytes() {
        if (0x21..=0x7e).contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    (out.len() <= 2048).then_some(out)
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
    /// Gives links' text OSC 8 hyperlinks to their addresses, so a click opens them where
    /// the terminal can (`on`: the terminal is not known to show them as text, and links are
    /// shown as references).
    pub fn with_hyperlinks(mut self, on: bool) -> App {
        self.hyperlinks = on;
        self
    }

    /// The clickable links of the section shown (none when hyperlinks are off): each web or
    /// mail link's text, as source offsets, with its address cleaned (see [`osc8_address`]).
    /// Made once for a section: a frame allocates nothing for them.
    pub fn hyperlinks(&self) -> Option<std::rc::Rc<Vec<super::Hyperlink>>> {
        if !self.hyperlinks {
            return None;
        }
        let section = self.reader.section;
        let mut cache = self.clickable.borrow_mut();
        if let Some((s, links)) = cache.as_ref()
            && *s == section
        {
            return Some(std::rc::Rc::clone(links));
        }
        let links: Vec<super::Hyperlink> =
            crate::document::links::in_blocks(&self.doc.blocks(section))
                .into_iter()
                .filter_map(|l| match l.target {
                    Target::Address(a) => Some((l.offset, l.end, osc8_address(&a)?)),
                    Target::Footnote(_) => None,
                })
                .collect();
        let links = std::rc::Rc::new(links);
        *cache = Some((section, std::rc::Rc::clone(&links)));
        Some(links)
    }

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
    use super::osc8_address;

    #[test]
    fn hyperlink_addresses_are_web_or_mail_and_printable_ascii_only() {
        assert_eq!(
            osc8_address("https://example.org/a b\u{1b}]8;;x\u{7}é").as_deref(),
            Some("https://example.org/a%20b%1B]8;;x%07%C3%A9")
        );
        assert_eq!(
            osc8_address("mailto:me@example.org").as_deref(),
            Some("mailto:me@example.org")
        );
        assert_eq!(osc8_address("other.md"), None);
        assert_eq!(osc8_address("javascript:alert(1)"), None);
        assert_eq!(
            osc8_address(&format!("https://x/{}", "a".repeat(3000))),
            None
        );
    }

    #[test]
    fn the_linux_console_and_dumb_terminals_get_no_hyperlinks() {
        use crate::terminal::takes_hyperlinks;
        assert!(
            takes_hyperlinks(Some("xterm-256color")) && takes_hyperlinks(Some("tmux-256color"))
        );
        assert!(!takes_hyperlinks(Some("linux")) && !takes_hyperlinks(Some("dumb")));
        assert!(!takes_hyperlinks(None));
    }
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
