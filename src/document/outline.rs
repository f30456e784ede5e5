//! The outline: where a document's sections start, found by a quick fence-aware line scan,
//! long before the whole is parsed. A large document uses it while it loads: to jump to a
//! section by number, to its end, or to a remembered place deep in it, by parsing only that
//! region ([`Document::parse_region`]). It follows the sectioning rules of the full parse
//! (the title, the split level, the opening) for the headings a line scan sees: ATX
//! headings and setext headings outside fenced code, after any front matter. A heading
//! only the parser would see or miss (inside an HTML block, say) can make it differ, which
//! is why it is provisional: the whole document replaces what it showed.

use super::scan::Fences;
use super::{Document, front};

/// A heading the scan found: where its line starts, its level, and where its text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Heading {
    pub offset: usize,
    pub level: u8,
    /// The heading's text in the source (markup and all).
    pub text: (usize, usize),
}

/// Where each section starts, with its number, as far as a line scan can tell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    /// (source offset, section number), in order; the first is the document's start.
    pub sections: Vec<(usize, usize)>,
    /// Each section's title as the scan reads it (markup taken out as far as a scan can).
    pub titles: Vec<String>,
    /// The level sections are split at (none: one section).
    pub level: Option<u8>,
    /// The document's length in bytes.
    pub len: usize,
}

/// Every ATX and setext heading outside fenced code and front matter, and every HTML
/// heading tag in an HTML block.
pub fn headings(text: &str) -> Vec<Heading> {
    let mut out = Vec::new();
    headings_into(text, front_matter_end(text), 0, &mut out);
    out
}

/// The headings of `text[from..]`, one piece of a document that starts at byte `base` of
/// it, added to `out` (offsets are the whole document's).
pub fn headings_into(text: &str, from: usize, base: usize, out: &mut Vec<Heading>) {
    let mut fences = Fences::new();
    // The previous line could be a setext heading's text (a paragraph line): where it is.
    let mut previous: Option<(usize, usize)> = None;
    // A heading the parser makes is no heading when it has nothing to read, a logo say
    // (asked as each is found, while its line is in the cache).
    let keep = |h: &Heading| {
        let source = &text[h.text.0 - base..h.text.1 - base];
        // Most headings start with a word.
        source
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_alphanumeric)
            || !nothing_to_read(source)
    };
    // An HTML heading whose closing tag had not come by the end of its line (its text goes on
    // to it, or to the block's end): where the next line of its block would start, and where
    // it is in `out`.
    let mut open: Option<(usize, usize)> = None;
    for (start, line) in super::scan::lines_from(text, from) {
        let ends = line
            .bytes()
            .rev()
            .take_while(|b| matches!(b, b'\n' | b'\r'));
        let body = &line[..line.len() - ends.count()];
        if fences.quiet() && body.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
            // Most lines: prose, which can only be a setext heading's text (its end trimmed
            // once it is one).
            fences.text_line();
            previous = Some((start, start + body.len()));
            continue;
        }
        if fences.in_code(body) {
            if fences.in_html() {
                html_headings(
                    body,
                    (base, start, start + line.len()),
                    out,
                    &mut open,
                    keep,
                );
            }
            previous = None;
            continue;
        }
        let rest = body.trim_start_matches([' ', '\t']);
        let indent = body.len() - rest.len();
        if columns(&body[..indent]) > 3 || rest.is_empty() {
            previous = None;
            continue;
        }
        let hashes = rest.bytes().take_while(|b| *b == b'#').count();
        if (1..=6).contains(&hashes)
            && rest[hashes..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ' || c == '\t')
        {
            let text = rest[hashes..].trim().trim_end_matches('#').trim_end();
            let from = start
                + indent
                + hashes
                + (rest[hashes..].len() - rest[hashes..].trim_start().len());
            let heading = Heading {
                offset: base + start,
                level: hashes as u8,
                text: (base + from, base + from + text.len()),
            };
            if keep(&heading) {
                out.push(heading);
            }
            previous = None;
            continue;
        }
        let underline = rest.trim_end();
        let setext = |c: char| !underline.is_empty() && underline.chars().all(|x| x == c);
        if let Some((text_start, text_end)) = previous
            && (setext('=') || setext('-'))
        {
            let text_end = text_start + text[text_start..text_end].trim_end().len();
            let heading = Heading {
                offset: base + text_start,
                level: if setext('=') { 1 } else { 2 },
                text: (base + text_start, base + text_end),
            };
            if keep(&heading) {
                out.push(heading);
            }
            previous = None;
            continue;
        }
        // A paragraph line (not a list item, quote or rule) may be a setext heading's text.
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let marker = |c: u8| {
            rest.as_bytes().first() == Some(&c)
                && matches!(rest.as_bytes().get(1), None | Some(b' ' | b'\t'))
        };
        let starts_block = rest.starts_with(['>', '|', '<'])
            || marker(b'-')
            || marker(b'*')
            || marker(b'+')
            || (digits > 0
                && matches!(rest.as_bytes().get(digits), Some(b'.' | b')'))
                && matches!(rest.as_bytes().get(digits + 1), None | Some(b' ' | b'\t')));
        previous =
            (!starts_block).then_some((start + indent, start + indent + rest.trim_end().len()));
    }
    if let Some((_, i)) = open
        && !keep(&out[i])
    {
        out.remove(i);
    }
}

/// The columns leading spaces and tabs take (a tab to the next multiple of four).
fn columns(indent: &str) -> usize {
    indent
        .bytes()
        .fold(0, |at, b| if b == b'\t' { at / 4 * 4 + 4 } else { at + 1 })
}

/// The `<h1>`…`<h6>` tags on a line of an HTML block (without its line end), which starts at
/// byte `start` of a piece that starts at byte `base` of the document, the next line at byte
/// `next`: the parser makes each a heading, whose text goes on to its closing tag, or to the
/// block's end. `open`: an
/// HTML heading whose closing tag had not come by the end of its line, with where the next
/// line of its block starts and where it is in `out`; it goes on here if this is that line.
/// A heading that ends stays only if `keep` says so.
#[inline(never)]
fn html_headings(
    line: &str,
    (base, start, next): (usize, usize, usize),
    out: &mut Vec<Heading>,
    open: &mut Option<(usize, usize)>,
    keep: impl Fn(&Heading) -> bool,
) {
    // A block's lines follow one another: a gap means the heading ended with its block.
    let mut goes_on = match open.take() {
        Some((line_start, _)) if line_start == start => true,
        Some((_, i)) => {
            if !keep(&out[i]) {
                out.remove(i);
            }
            false
        }
        None => false,
    };
    let bytes = line.as_bytes();
    let at = base + start;
    let mut from = 0;
    loop {
        if goes_on {
            let Some(heading) = out.last_mut() else {
                return;
            };
            let Some(end) = closing_heading_tag(&line[from..]) else {
                heading.text.1 = at + line.len();
                *open = Some((next, out.len() - 1));
                return;
            };
            heading.text.1 = at + from + end;
            from += end + 2;
            goes_on = false;
            if !keep(heading) {
                out.pop();
            }
        }
        let Some(i) = line[from..].find('<') else {
            return;
        };
        let tag = from + i;
        from = tag + 1;
        let level = match (bytes.get(tag + 1), bytes.get(tag + 2), bytes.get(tag + 3)) {
            (Some(b'h' | b'H'), Some(d @ b'1'..=b'6'), None | Some(b'>' | b' ' | b'\t')) => {
                d - b'0'
            }
            _ => continue,
        };
        let text_start = line[tag..].find('>').map_or(line.len(), |e| tag + e + 1);
        out.push(Heading {
            offset: at + tag,
            level,
            text: (at + text_start, at + text_start),
        });
        from = text_start;
        goes_on = true;
    }
}

/// Where the first closing heading tag (`</h1>`…`</h6>`) in `s` starts.
fn closing_heading_tag(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    memchr::memmem::find_iter(bytes, b"</").find(|&i| {
        matches!(bytes.get(i + 2), Some(b'h' | b'H'))
            && matches!(bytes.get(i + 3), Some(b'1'..=b'6'))
    })
}

/// Whether a heading's source shows nothing to read: nothing but HTML tags, comments and
/// white space (`<h2></h2>`, a spacer), or images without alternative text, linked or not (a
/// logo: `<img src="logo.png">`, `[![](logo.svg)](https://…)`). The parser makes such a
/// heading no heading (see [`crate::document::fold`]): it neither titles nor splits the
/// document. (A link with nothing to show but its address is something to read, unless it
/// holds an image.)
#[inline(never)]
pub(crate) fn nothing_to_read(source: &str) -> bool {
    let bytes = source.as_bytes();
    let (mut image, mut linked) = (false, false);
    let mut i = 0;
    // What `bytes[from..]` holds up to `close` (none: it never closes).
    let until = |from: usize, close: u8| bytes[from..].iter().position(|&b| b == close);
    let blank = |s: &str| s.bytes().all(|b| b.is_ascii_whitespace());
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'<' if source[i..].starts_with("<!--") => match source[i..].find("-->") {
                Some(end) => i += end + 3,
                None => return false,
            },
            b'<' if bytes
                .get(i + 1)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/') =>
            {
                let Some(end) = until(i, b'>') else {
                    return false;
                };
                let tag = &source[i + 1..i + end];
                let name = tag_name(tag);
                if tag[name.len()..].starts_with([':', '@']) {
                    // An autolink (`<https://…>`): its address is its text.
                    return false;
                }
                if name.eq_ignore_ascii_case("img") {
                    if alt_of(tag).is_some_and(|alt| !blank(alt)) {
                        return false;
                    }
                    image = true;
                }
                linked |=
                    name.eq_ignore_ascii_case("a") && tag.to_ascii_lowercase().contains("href");
                i += end + 1;
            }
            b'!' if bytes.get(i + 1) == Some(&b'[') => {
                // A markdown image: its alternative text, then its address or reference.
                let Some(end) = until(i + 2, b']') else {
                    return false;
                };
                if !blank(&source[i + 2..i + 2 + end]) {
                    return false;
                }
                i += 2 + end + 1;
                let close = match bytes.get(i) {
                    Some(b'(') => b')',
                    Some(b'[') => b']',
                    _ => return false,
                };
                let Some(end) = until(i, close) else {
                    return false;
                };
                i += end + 1;
                image = true;
            }
            // A link around an image: its brackets, and its address or reference.
            b'[' => {
                linked = true;
                i += 1;
            }
            b']' => {
                linked = true;
                i += 1;
                let close = match bytes.get(i) {
                    Some(b'(') => b')',
                    Some(b'[') => b']',
                    _ => continue,
                };
                let Some(end) = until(i, close) else {
                    return false;
                };
                i += end + 1;
            }
            _ => return false,
        }
    }
    image || !linked
}

/// An HTML tag's name (the tag without its angle brackets).
fn tag_name(tag: &str) -> &str {
    let tag = tag.strip_prefix('/').unwrap_or(tag);
    let end = tag
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(tag.len());
    &tag[..end]
}

/// Whether an HTML tag (without its angle brackets) is an image's.
fn is_img(tag: &str) -> bool {
    tag_name(tag).eq_ignore_ascii_case("img")
}

/// The value of an HTML tag's `alt` attribute (the tag without its angle brackets), if it
/// has one with a value.
fn alt_of(tag: &str) -> Option<&str> {
    let lower = tag.to_ascii_lowercase();
    lower.match_indices("alt").find_map(|(at, _)| {
        if at == 0 || !tag.as_bytes()[at - 1].is_ascii_whitespace() {
            return None;
        }
        let rest = tag[at + 3..].trim_start().strip_prefix('=')?.trim_start();
        match rest.as_bytes().first()? {
            q @ (b'"' | b'\'') => {
                let value = &rest[1..];
                Some(value.find(*q as char).map_or(value, |e| &value[..e]))
            }
            _ => rest.split(|c: char| c.is_ascii_whitespace()).next(),
        }
    })
}

/// Where front matter ends (0 without any, or the end of a byte order mark): a metadata block
/// at the very start, as the parser reads one. Its opening line is `---` or `+++` (spaces
/// may follow); its first line is neither blank nor a closing line; it ends at the first
/// line of the same three characters (or `...` after `---`), spaces after them allowed.
pub fn front_matter_end(text: &str) -> usize {
    let start = super::scan::text_start(text);
    start + front_matter_len(&text[start..])
}

/// The length of the front matter `text` starts with (see [`front_matter_end`]).
fn front_matter_len(text: &str) -> usize {
    let Some(&fence) = text.as_bytes().first().filter(|&&b| b == b'-' || b == b'+') else {
        return 0;
    };
    let run = |line: &str, c: u8| line.bytes().take_while(|&b| b == c).count();
    let mut lines = text.split_inclusive('\n');
    let Some(opening) = lines.next() else {
        return 0;
    };
    if run(opening, fence) != 3
        || !opening.ends_with('\n')
        || !opening[3..].bytes().all(|b| b.is_ascii_whitespace())
    {
        return 0;
    }
    let closes = |line: &str| {
        let dots = if fence == b'-' { run(line, b'.') } else { 0 };
        if run(line, fence) != 3 && dots != 3 {
            return false;
        }
        let rest = line[3..].trim_start_matches(' ');
        rest.is_empty() || rest.starts_with(['\n', '\r'])
    };
    let blank = |line: &str| {
        line.bytes()
            .all(|b| matches!(b, b' ' | b'\t' | 0x0b | 0x0c | b'\n' | b'\r'))
    };
    let mut at = opening.len();
    for (i, line) in lines.enumerate() {
        if i == 0 && (closes(line) || blank(line)) {
            return 0;
        }
        at += line.len();
        if closes(line) {
            return at;
        }
    }
    0
}

/// What the sectioning rules decide from a whole document's headings: which heading (if
/// any) is the title, and the level sections are split at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// The index (into the headings) of the single level-1 heading that titles the document.
    pub title: Option<usize>,
    pub level: Option<u8>,
}

impl Plan {
    /// The plan for a document with these headings; `front_title`: its front matter names a
    /// title (which a level-1 heading then never replaces).
    pub fn of(headings: &[Heading], front_title: bool) -> Plan {
        let h1s = headings.iter().filter(|h| h.level == 1).count();
        // A single level-1 heading (with no front matter title) is the title, not a section.
        let title = (!front_title && h1s == 1)
            .then(|| headings.iter().position(|h| h.level == 1))
            .flatten();
        let level = headings
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != title)
            .map(|(_, h)| h.level)
            .min();
        Plan { title, level }
    }
}

/// Whether the front matter `text[..body]` (empty when `body` is 0) names a title.
pub fn front_title(text: &str, body: usize) -> bool {
    body > 0 && !front::read(&text[..body], 0).title.is_empty()
}

/// The outline of `text`, by the same rules as the full sectioning.
pub fn outline(text: &str) -> Outline {
    let headings = headings(text);
    let body = front_matter_end(text);
    let Plan { title, level } = Plan::of(&headings, front_title(text, body));
    let chosen: Vec<&Heading> = headings
        .iter()
        .enumerate()
        .filter(|(i, h)| Some(*i) != title && Some(h.level) == level)
        .map(|(_, h)| h)
        .collect();
    let starts: Vec<usize> = chosen.iter().map(|h| h.offset).collect();
    let mut titles = Vec::new();
    let mut sections = Vec::new();
    // The opening, when there is text before the first section besides the title.
    let first = starts.first().copied().unwrap_or(text.len());
    let before = &text[..first];
    let title_line = title.map(|t| headings[t].offset);
    let has_opening = starts.is_empty()
        || before
            .split_inclusive('\n')
            .scan(0, |at, line| {
                let start = *at;
                *at += line.len();
                Some((start, line))
            })
            .any(|(start, line)| {
                start >= body
                    && !line.trim().is_empty()
                    && Some(start) != title_line
                    && !line.trim().chars().all(|c| c == '=' || c == '-')
            });
    if has_opening {
        sections.push((0, 0));
        titles.push(if starts.is_empty() {
            String::new()
        } else {
            "Opening".to_string()
        });
    }
    for (i, (s, h)) in starts.iter().zip(&chosen).enumerate() {
        let at = if i == 0 && !has_opening { 0 } else { *s };
        sections.push((at, i + 1));
        let title = plain_title(&text[h.text.0..h.text.1]);
        titles.push(if title.is_empty() {
            format!("Section {}", i + 1)
        } else {
            title
        });
    }
    Outline {
        sections,
        titles,
        level,
        len: text.len(),
    }
}

/// A heading's source as a title: link addresses, emphasis and code marks taken out, and an
/// image's alternative text in its place.
fn plain_title(source: &str) -> String {
    let mut out = String::new();
    let mut chars = source.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '<' if chars
                .peek()
                .is_some_and(|(_, c)| c.is_ascii_alphabetic() || *c == '/') =>
            {
                // An HTML tag; an image's shows its alternative text.
                let end = chars
                    .by_ref()
                    .find(|&(_, c)| c == '>')
                    .map_or(source.len(), |(e, _)| e);
                let tag = &source[at + 1..end];
                if is_img(tag) {
                    out.push_str(alt_of(tag).unwrap_or_default());
                }
            }
            '!' if chars.peek().is_some_and(|&(_, c)| c == '[') => {}
            '*' | '_' | '`' | '[' => {}
            ']' if chars.peek().is_some_and(|&(_, c)| c == '(') => {
                // A link's address: skip to its closing parenthesis.
                for (_, c) in chars.by_ref() {
                    if c == ')' {
                        break;
                    }
                }
            }
            ']' => {}
            c => out.push(c),
        }
    }
    crate::text::clean(&out.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

impl Outline {
    /// The index (into `sections`) of the section holding `offset`.
    pub fn section_at(&self, offset: usize) -> usize {
        self.sections
            .partition_point(|&(o, _)| o <= offset)
            .saturating_sub(1)
    }

    /// The index of the section numbered `n`.
    pub fn by_number(&self, n: usize) -> Option<usize> {
        self.sections.iter().position(|&(_, number)| number == n)
    }

    /// Where section index `i` ends.
    pub fn end_of(&self, i: usize) -> usize {
        self.sections.get(i + 1).map_or(self.len, |&(o, _)| o)
    }
}

impl Document {
    /// Parses only `text[start..end]`, a region of whole sections as the outline found them,
    /// numbered from the outline: a provisional view of part of a large document while the
    /// whole loads. Offsets are the whole text's, so a place in it is a place in the whole.
    pub fn parse_region(
        text: &str,
        outline: &Outline,
        start: usize,
        end: usize,
        title: &str,
        markdown: super::Markdown,
    ) -> Document {
        let super::fold::Folded {
            blocks, anchors, ..
        } = super::fold::Builder::new(markdown).build(&text[start..end], start, None);
        let first = outline.section_at(start);
        let mut doc = super::sections::split_at_level(blocks, outline.level, title);
        for (i, s) in doc.sections.iter_mut().enumerate() {
            s.number = outline
                .sections
                .get(first + i)
                .map_or(s.number, |&(_, n)| n);
        }
        doc.len = text.len();
        doc.anchors = anchors;
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_found_exactly_where_the_parser_finds_a_metadata_block() {
        use pulldown_cmark::{Event, Parser, Tag};
        let cases = [
            "---\ntitle: A\n---\nbody",
            "---\n\n# a\n\n---",
            "---\n---\nbody",
            "---  \ntitle: A\n---  \nbody",
            "---\ntitle: A\n...\nbody",
            "+++\ntitle = 'A'\n+++\nbody",
            "+++\ntitle = 'A'\n...\nbody",
            "----\ntitle: A\n----\nbody",
            "---\n \t\n---\nbody",
            "---x\ntitle: A\n---\nbody",
            "---\ntitle: A\n---x\n---\nbody",
            "---\ntitle: A\n",
            "---",
            "---\r\ntitle: A\r\n---\r\nbody",
            " ---\ntitle: A\n---\n",
        ];
        for text in cases {
            let parsed = Parser::new_ext(text, crate::document::OPTIONS)
                .next()
                .is_some_and(|e| matches!(e, Event::Start(Tag::MetadataBlock(_))));
            let end = front_matter_end(text);
            assert_eq!(end > 0, parsed, "{text:?}");
            if parsed {
                let closing = text[..end].trim_end().rsplit('\n').next().unwrap_or("");
                assert!(
                    ["---", "+++", "..."].contains(&closing.trim_end()),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn the_outline_agrees_with_the_full_sectioning() {
        let cases = [
            "# T\n\nintro\n\n## A\n\na\n\n```\n## not\n```\n\n## B\n\nb\n",
            "# T\n\n## A\n\na\n\n## [B *b*](https://x.y) ##\n\nb\n",
            "# 1.0\n\nx\n\n# 0.9\n\ny\n",
            "Title\n=====\n\nSub\n---\n\ntext\n\nOther\n-----\n\nmore\n",
            "---\ntitle: X\n---\n\n# One\n\na\n\n# Two\n\nb\n",
            "no headings at all\n",
            "\u{feff}# T\n\nintro\n\n## A\n\na\n\n## B\n\nb\n",
            "\u{feff}---\ntitle: X\n---\n\n# One\n\na\n\n# Two\n\nb\n",
            "<h1 align=\"center\"><img src=\"logo.png\"></h1>\n\n# T\n\n## A\n\na\n\n## B\n\nb\n",
            "# 1.0\n\nx\n\n<h1 align=\"center\">\n  <img src=\"l.svg\" alt=\"Name\">\n</h1>\n\ny\n",
            "# 1.0\n\nx\n\n# ![Logo](l.png) <b>and</b> *name*\n\ny\n",
            "# 1.0\n\nx\n\n<h1>A <b>bold</b> name</h1>\n\ny\n",
            "<h1 align=\"center\">\n  <img src=\"l.png\">\n\n<h2>A</h2>\n\na\n\n<h2>B</h2>\n\nb\n",
        ];
        for text in cases {
            let doc = Document::parse(text, "t");
            let outline = outline(text);
            let numbers: Vec<usize> = outline.sections.iter().map(|s| s.1).collect();
            let want: Vec<usize> = doc.sections.iter().map(|s| s.number).collect();
            assert_eq!(numbers, want, "{text:?}");
            for (&(at, _), s) in outline.sections.iter().zip(&doc.sections).skip(1) {
                assert_eq!(at, s.offset, "{text:?}");
            }
            for (t, s) in outline.titles.iter().zip(&doc.sections).skip(1) {
                assert_eq!(t, &s.title, "{text:?}");
            }
        }
    }

    #[test]
    fn a_heading_with_nothing_to_read_is_no_heading_to_the_scan_and_the_parser_alike() {
        use crate::document::BlockKind;
        let cases = [
            ("# ![](logo.png)", true),
            ("# ![ ](logo.png \"Logo\")", true),
            ("# [![](logo.svg)](https://example.org)", true),
            ("# ![][logo]\n\n[logo]: logo.png", true),
            ("# <img src=\"logo.png\">", true),
            ("# <img alt='' src=logo.png>", true),
            ("# <!-- the logo --> ![](logo.png)", true),
            ("![](logo.png)\n===", true),
            (
                "<h1 align=\"center\"><img width=\"440\" src=\"logo.png\" /></h1>",
                true,
            ),
            (
                "<h1 align=\"center\">\n  <img src=\"logo.png\">\n  <br>\n</h1>",
                true,
            ),
            (
                "<h1 align=\"center\">\n  <a href=\"/\"><img src=\"logo.png\"></a>",
                true,
            ),
            ("# ![Name](logo.png)", false),
            ("# ![](logo.png) Name", false),
            ("# <img src=\"logo.png\" alt=\"Name\">", false),
            ("# <IMG SRC=logo.png ALT=Name>", false),
            ("# \\![](logo.png)", false),
            ("#", true),
            ("# #", true),
            ("<h1></h1>", true),
            (
                "<h1 align=\"center\"><a name=\"top\"></a> <!-- spacer --></h1>",
                true,
            ),
            ("# []", false),
            ("# [](https://example.org)", false),
            ("<h1><a href=\"https://example.org\"></a></h1>", false),
            ("# <https://example.org>", false),
            ("# &nbsp;", false),
            ("# [^1]\n\n[^1]: A note.", false),
            (
                "<h1 align=\"center\">\n\t<br>\n\t<img src=\"logo.svg\" alt=\"Name\">\n</h1>",
                false,
            ),
            ("<h1><a href=\"/\"><img src=\"l.png\"></a> Name</h1>", false),
            (
                "<h1 align=\"center\">\n  <img src=\"logo.png\">\n  Name\n</h1>",
                false,
            ),
        ];
        for (heading, nothing) in cases {
            let text = format!("{heading}\n\nintro\n\n## A\n\na\n\n## B\n\nb\n");
            let doc = Document::parse(&text, "t");
            let parsed = doc
                .sections
                .iter()
                .flat_map(|s| &s.blocks)
                .filter(|b| matches!(b.kind, BlockKind::Heading { .. } | BlockKind::Title { .. }))
                .count();
            assert_eq!(parsed, if nothing { 2 } else { 3 }, "{text:?}");
            assert_eq!(headings(&text).len(), parsed, "{text:?}");
            let title_block = matches!(doc.sections[0].blocks[0].kind, BlockKind::Title { .. });
            assert_eq!(title_block, !nothing, "{text:?}");
            let outline = outline(&text);
            let numbers: Vec<usize> = outline.sections.iter().map(|s| s.1).collect();
            let want: Vec<usize> = doc.sections.iter().map(|s| s.number).collect();
            assert_eq!(numbers, want, "{text:?}");
        }
    }

    #[test]
    fn a_region_parses_like_the_same_sections_of_the_whole() {
        let text = "# T\n\n## A\n\nalpha\n\n## B\n\nbeta\n\n## C\n\ngamma\n";
        let whole = Document::parse(text, "t");
        let outline = outline(text);
        let b = outline.by_number(2).expect("B");
        let region = Document::parse_region(
            text,
            &outline,
            outline.sections[b].0,
            text.len(),
            "T",
            crate::document::Markdown::default(),
        );
        assert_eq!(region.sections.len(), 2);
        assert_eq!(region.sections[0], whole.sections[1]);
        assert_eq!(region.sections[1], whole.sections[2]);
    }
}
