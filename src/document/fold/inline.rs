//! The fold's inline text: the runs of a paragraph, heading or table cell collected with
//! their styles and offsets, and closed into a block; a link's address after its text.

use super::*;

impl Builder {
    pub(super) fn open_inline(&mut self, kind: InlineKind, offset: usize) {
        self.close_inline();
        let mut runs = std::mem::take(&mut self.spare_runs);
        runs.clear();
        self.inline = Some(Inline { kind, offset, runs });
    }

    /// Ends the runs being collected, turning them into a block (or a table cell).
    pub(super) fn close_inline(&mut self) {
        if self.inline.is_none() {
            return;
        }
        // Inline HTML styles and links never run past their paragraph.
        while self.html_links > 0 {
            self.html_links -= 1;
            self.end_link(false);
        }
        for _ in self.html_styles.drain(..) {
            self.style.pop();
        }
        let Some(mut inline) = self.inline.take() else {
            return;
        };
        // Spaces ending a paragraph (the line end after an HTML tag) are nothing to read, and
        // whether they are there depends on whether the text goes on after it.
        while inline.runs.len() > 1
            && inline.runs.last().is_some_and(|r| {
                r.style == TextStyle::PLAIN && !r.is_break() && r.text.bytes().all(|b| b == b' ')
            })
        {
            inline.runs.pop();
        }
        // Runs grew by appending; give back what they reserved (a document lives long).
        if !self.brief {
            for run in &mut inline.runs {
                run.text.shrink_to_fit();
            }
        }
        // In a list of their own length; the memory they grew in is kept for the next.
        let runs: Vec<Run> = inline.runs.drain(..).collect();
        self.spare_runs = inline.runs;
        let kind = match inline.kind {
            InlineKind::Paragraph => BlockKind::Paragraph(runs),
            // A heading with nothing to read neither titles nor splits the document: a logo
            // is the image it shows, and an empty heading (a spacer) nothing.
            InlineKind::Heading(_) if nothing_to_read(&runs) => {
                if !runs.iter().any(|r| r.style.contains(TextStyle::IMAGE)) {
                    return;
                }
                BlockKind::Paragraph(runs)
            }
            InlineKind::Heading(level) => BlockKind::Heading { level, runs },
            InlineKind::Cell => {
                if let Some((Frame::Table { rows, .. }, _)) = self.stack.last_mut()
                    && let Some(row) = rows.last_mut()
                {
                    row.push(runs);
                }
                return;
            }
        };
        self.push_block(Block {
            offset: inline.offset,
            kind,
        });
    }

    /// Adds inline text, opening a paragraph for text that arrives outside one (tight lists).
    pub(super) fn push_text(&mut self, text: &str, offset: usize, extra: TextStyle) {
        if self.inline.is_none() {
            self.open_inline(InlineKind::Paragraph, offset);
        }
        let style = self.current_style() | extra;
        let mut cleaned = text::clean(text);
        // Text `clean` left as it was has no control characters, line ends included.
        // (A fold, not `any`, so the scan is vectorised.)
        if matches!(cleaned, Cow::Owned(_))
            && cleaned
                .bytes()
                .fold(false, |seen, b| seen | (b == b'\n') | (b == b'\r'))
        {
            cleaned = Cow::Owned(cleaned.replace(['\n', '\r'], " "));
        }
        if let Some(inline) = self.inline.as_mut()
            && !cleaned.is_empty()
        {
            // Join the previous run when nothing but the text differs and the source runs on
            // without a gap, so offsets inside the run stay exact.
            if let Some(last) = inline.runs.last_mut()
                && last.style == style
                && !last.is_break()
                && style == TextStyle::PLAIN
                && last.offset + last.text.len() == offset
            {
                last.text.push_str(&cleaned);
                return;
            }
            inline.runs.push(Run {
                text: CompactString::from(cleaned),
                offset,
                style,
            });
        }
    }

    pub(super) fn push_break(&mut self, offset: usize) {
        if let Some(inline) = self.inline.as_mut() {
            inline.runs.push(Run {
                text: CompactString::const_new("\n"),
                offset,
                style: TextStyle::PLAIN,
            });
        }
    }

    /// Shows a link's address after its text, unless the text already is the address.
    pub(super) fn end_link(&mut self, image: bool) {
        self.style.pop();
        let Some((url, at)) = self.links.pop() else {
            return;
        };
        let Some(inline) = self.inline.as_mut() else {
            return;
        };
        let offset = inline.runs.last().map_or(inline.offset, |r| r.offset);
        let shown = inline.runs.get(at..).unwrap_or(&[]);
        if image {
            let blank = shown.iter().all(|r| r.text.trim().is_empty());
            let text = if blank { "image]" } else { "]" };
            inline.runs.push(Run {
                text: CompactString::new(text),
                offset,
                style: TextStyle::IMAGE | TextStyle::MARKER,
            });
            return;
        }
        // Made anew only when cleaning changes it.
        let url = if let Cow::Owned(cleaned) = text::clean(&url) {
            cleaned
        } else {
            url
        };
        let same = url.is_empty()
            || plain_is(shown, &url)
            || url
                .strip_prefix("mailto:")
                .is_some_and(|u| plain_is(shown, u));
        if !same {
            // White space that ends the link's text (HTML's line breaks inside `<a>`) goes
            // after the address, so a reference number sits right after the words.
            let has_text = inline.runs.len() > at;
            let trailing = match inline.runs.last_mut().filter(|_| has_text) {
                Some(last) if last.text.trim().is_empty() => inline.runs.pop(),
                Some(last) if last.text.trim_end().len() < last.text.len() => {
                    let kept = last.text.trim_end().len();
                    let space = last.text.split_off(kept);
                    Some(Run {
                        text: space,
                        offset: last.offset + kept,
                        style: last.style,
                    })
                }
                _ => None,
            };
            // The address itself; the layout shows it inline or as a numbered reference.
            inline.runs.push(Run {
                text: url.into(),
                offset,
                style: TextStyle::URL,
            });
            inline.runs.extend(trailing);
        }
    }
}
