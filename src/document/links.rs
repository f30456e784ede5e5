//! Links: labels and their definitions as the parser matches them, the links and footnote
//! references of a section in reading order (and as the links list numbers them), and where
//! the targets inside a document are: headings by their anchors (GitHub's slugs), footnotes
//! by label.

use super::{Block, BlockKind, Document, Run, TextStyle, heading_text};

/// A link label as CommonMark matches labels: white space collapsed, compared with Unicode
/// case folding (as the parser compares them).
pub type LabelKey = unicase::UniCase<String>;

/// Link reference definitions, by label.
pub type LinkDefinitions = std::collections::HashMap<LabelKey, String>;

/// The key a label is matched by (see [`LabelKey`]).
pub fn label_key(label: &str) -> LabelKey {
    unicase::UniCase::new(label.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Where a link goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A link's address as written: `#anchor`, a relative path, or a URL.
    Address(String),
    /// A footnote, by label.
    Footnote(String),
}

/// A link or footnote reference: its text as shown, its target, and where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub target: Target,
    pub offset: usize,
    /// Where its text ends in the source (its runs start before it).
    pub end: usize,
}

/// The links and footnote references of `blocks`, in reading order.
pub fn in_blocks(blocks: &[Block]) -> Vec<Link> {
    let mut out = Vec::new();
    for b in blocks {
        collect(b, &mut out);
    }
    out
}

fn collect(block: &Block, out: &mut Vec<Link>) {
    match &block.kind {
        BlockKind::Heading { runs, .. } | BlockKind::Paragraph(runs) => in_runs(runs, out),
        BlockKind::Title { runs, byline } => {
            in_runs(runs, out);
            in_runs(byline, out);
        }
        BlockKind::Quote(blocks) | BlockKind::Footnote { blocks, .. } => {
            blocks.iter().for_each(|b| collect(b, out))
        }
        BlockKind::List { items, .. } => items
            .iter()
            .flat_map(|i| &i.blocks)
            .for_each(|b| collect(b, out)),
        BlockKind::Table { rows, .. } => rows.iter().flatten().for_each(|c| in_runs(c, out)),
        BlockKind::Code { .. } | BlockKind::Rule => {}
    }
}

/// The link addresses of `blocks` in the order the reader numbers them (a link shows as its
/// text and a small number, `docs¹`, and the numbered addresses close the section): each
/// address the first time a paragraph or a table's body cell names it. A heading's and a
/// table head's links show their text alone, unnumbered.
pub fn numbered_addresses(blocks: &[Block]) -> Vec<String> {
    type Seen = std::collections::HashSet<String>;
    fn walk(block: &Block, out: &mut (Vec<String>, Seen)) {
        let mut runs = |runs: &[Run]| {
            for r in runs.iter().filter(|r| r.style.contains(TextStyle::URL)) {
                if out.1.insert(r.text.to_string()) {
                    out.0.push(r.text.to_string());
                }
            }
        };
        match &block.kind {
            BlockKind::Paragraph(r) => runs(r),
            BlockKind::Table { rows, header, .. } => {
                rows.iter().skip(*header).flatten().for_each(|c| runs(c))
            }
            BlockKind::Quote(blocks) | BlockKind::Footnote { blocks, .. } => {
                blocks.iter().for_each(|b| walk(b, out))
            }
            BlockKind::List { items, .. } => items
                .iter()
                .flat_map(|i| &i.blocks)
                .for_each(|b| walk(b, out)),
            BlockKind::Heading { .. } | BlockKind::Title { .. } => {}
            BlockKind::Code { .. } | BlockKind::Rule => {}
        }
    }
    let mut out = (Vec::new(), Seen::new());
    blocks.iter().for_each(|b| walk(b, &mut out));
    out.0
}

/// The links and notes of `blocks` as the links list shows them, numbered as the text
/// numbers them: first each numbered address (see [`numbered_addresses`]) once, by its
/// number, as the link that first leads there; then the notes and the links the text shows
/// unnumbered, in reading order. So the 16th row is the link the text marks `¹⁶`.
pub fn listed(blocks: &[Block]) -> Vec<Link> {
    let all = in_blocks(blocks);
    let numbered = numbered_addresses(blocks);
    let mut first: std::collections::HashMap<&str, &Link> = Default::default();
    for link in &all {
        if let Target::Address(a) = &link.target {
            first.entry(a.as_str()).or_insert(link);
        }
    }
    let mut rows: Vec<Link> = numbered
        .iter()
        .filter_map(|address| first.get(address.as_str()).map(|l| (*l).clone()))
        .collect();
    let numbered: std::collections::HashSet<&str> = numbered.iter().map(String::as_str).collect();
    rows.extend(
        all.iter()
            .filter(|l| match &l.target {
                Target::Address(a) => !numbered.contains(a.as_str()),
                Target::Footnote(_) => true,
            })
            .cloned(),
    );
    rows
}

/// A link's text is the run of link (or image) text before its address; a link shown as
/// its own address (`<https://…>`) has no address after it.
fn in_runs(runs: &[Run], out: &mut Vec<Link>) {
    let mut text = String::new();
    let mut start = None;
    // Where the link's text seen so far ends.
    let mut end = 0;
    // A link's text ends without an address: it is one when it reads as one.
    let bare = |text: &mut String, start: &mut Option<usize>, end: usize, out: &mut Vec<Link>| {
        if let Some(at) = start.take()
            && (text.contains("://") || text.starts_with("mailto:"))
            && !text.contains(char::is_whitespace)
        {
            out.push(Link {
                text: text.clone(),
                target: Target::Address(text.clone()),
                offset: at,
                end: end.max(at),
            });
        }
        text.clear();
    };
    for r in runs {
        if r.style.contains(TextStyle::URL) {
            let shown = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let offset = start.unwrap_or(r.offset);
            out.push(Link {
                text: shown,
                target: Target::Address(r.text.to_string()),
                offset,
                end: end.max(offset),
            });
            text.clear();
            start = None;
        } else if r.style.contains(TextStyle::FOOTNOTE) {
            bare(&mut text, &mut start, end, out);
            let label = r.text.trim_start_matches('[').trim_end_matches(']');
            out.push(Link {
                text: format!("[{label}]"),
                target: Target::Footnote(label.to_string()),
                offset: r.offset,
                end: r.offset + r.text.len(),
            });
        } else if r.style.contains(TextStyle::LINK) || r.style.contains(TextStyle::IMAGE) {
            if !r.style.contains(TextStyle::MARKER) {
                start.get_or_insert(r.offset);
                text.push_str(if r.is_break() { " " } else { &r.text });
                end = r.offset + r.text.len();
            }
        } else {
            bare(&mut text, &mut start, end, out);
        }
    }
    bare(&mut text, &mut start, end, out);
}

/// A heading's anchor as GitHub makes it: lower case, letters, digits, `-` and `_` kept,
/// spaces made `-`, everything else dropped.
pub fn slug(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

impl Document {
    /// The headings (and title) of section `i`: where each is, and its text. A dormant
    /// section's are known without parsing it again.
    pub fn headings_of(&self, i: usize) -> Vec<(usize, String)> {
        let section = &self.sections[i];
        if section.blocks.is_empty()
            && let Some(targets) = self.dormant.as_ref().and_then(|d| d.targets(i))
        {
            return targets.headings.clone();
        }
        section
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Heading { runs, .. } | BlockKind::Title { runs, .. } => {
                    Some((b.offset, heading_text(runs)))
                }
                _ => None,
            })
            .collect()
    }

    /// The next heading of any level after source offset `offset` of section `section`
    /// (across sections): its section and offset.
    pub fn heading_after(&self, section: usize, offset: usize) -> Option<(usize, usize)> {
        (section..self.sections.len()).find_map(|s| {
            self.headings_of(s)
                .into_iter()
                .find(|&(at, _)| s > section || at > offset)
                .map(|(at, _)| (s, at))
        })
    }

    /// The heading of any level before source offset `offset` of section `section`.
    pub fn heading_before(&self, section: usize, offset: usize) -> Option<(usize, usize)> {
        (0..=section.min(self.sections.len().saturating_sub(1)))
            .rev()
            .find_map(|s| {
                self.headings_of(s)
                    .into_iter()
                    .rev()
                    .find(|&(at, _)| s < section || at < offset)
                    .map(|(at, _)| (s, at))
            })
    }

    /// The section and offset of the heading with anchor `anchor` (a repeated heading's
    /// anchors are `name`, `name-1`, `name-2`, … in order, as on GitHub).
    pub fn anchor(&self, anchor: &str) -> Option<(usize, usize)> {
        let want = anchor.to_lowercase();
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        for section in 0..self.sections.len() {
            for (offset, text) in self.headings_of(section) {
                let base = slug(&text);
                let n = seen.entry(base.clone()).or_insert(0);
                let name = if *n == 0 { base } else { format!("{base}-{n}") };
                *n += 1;
                if name == want {
                    return Some((section, offset));
                }
            }
        }
        // A place the HTML names (`<a name>`, `<h3 id>`), as written or as its lower case.
        self.anchors
            .iter()
            .find(|(name, _)| name == anchor)
            .or_else(|| {
                self.anchors
                    .iter()
                    .find(|(name, _)| name.to_lowercase() == want)
            })
            .map(|&(_, offset)| (self.section_at(offset), offset))
    }

    /// The section and offset of footnote `label`'s text (which stands in the section
    /// first citing it, not where it is written).
    pub fn footnote(&self, label: &str) -> Option<(usize, usize)> {
        self.sections.iter().enumerate().find_map(|(i, s)| {
            if s.blocks.is_empty()
                && let Some(targets) = self.dormant.as_ref().and_then(|d| d.targets(i))
            {
                return targets
                    .notes
                    .iter()
                    .find(|(_, l)| l == label)
                    .map(|&(offset, _)| (i, offset));
            }
            s.blocks
                .iter()
                .find(|b| matches!(&b.kind, BlockKind::Footnote { label: l, .. } if l == label))
                .map(|b| (i, b.offset))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_github() {
        assert_eq!(slug("Being real"), "being-real");
        assert_eq!(slug("What's new in 2.0?"), "whats-new-in-20");
        assert_eq!(slug("foo_bar -- baz"), "foo_bar----baz");
        assert_eq!(slug("Café Über"), "café-über");
    }

    #[test]
    fn links_come_in_reading_order_with_their_targets() {
        let doc = Document::parse(
            "## A\n\nSee [the *next* part](#being-real), a note[^n] and <https://x.example>.\n\n\
             - [docs](docs/guide.md#setup)\n\n## Being real\n\ntext\n\n## Being real\n\nagain\n\n\
             [^n]: The note.\n",
            "t",
        );
        let links = in_blocks(&doc.sections[0].blocks);
        let got: Vec<(&str, &Target)> =
            links.iter().map(|l| (l.text.as_str(), &l.target)).collect();
        assert_eq!(
            got,
            [
                ("the next part", &Target::Address("#being-real".into())),
                ("[n]", &Target::Footnote("n".into())),
                (
                    "https://x.example",
                    &Target::Address("https://x.example".into())
                ),
                ("docs", &Target::Address("docs/guide.md#setup".into())),
            ]
        );
        assert_eq!(doc.anchor("being-real"), Some((1, doc.sections[1].offset)));
        assert_eq!(
            doc.anchor("being-real-1"),
            Some((2, doc.sections[2].offset))
        );
        assert_eq!(doc.anchor("nowhere"), None);
        let html = Document::parse(
            "## A\n\n<h3 name=\"config\">\nConfig?\n</h3>\n\n## B\n\nText <a id=\"here\"></a>here.\n",
            "t",
        );
        assert_eq!(html.anchor("config").map(|a| a.0), Some(0));
        assert_eq!(html.anchor("here").map(|a| a.0), Some(1));
        let (section, offset) = doc.footnote("n").expect("the note");
        assert_eq!(section, 0, "read with the section citing it");
        assert!(offset > doc.sections[2].offset, "{offset}");
    }
}
