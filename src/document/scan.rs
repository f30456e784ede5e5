//! Quick line scans of markdown that run before (or instead of) a full parse: where a large
//! file can be cut so its pieces parse like the whole, and the link reference definitions
//! that let one piece's references resolve to another's definitions. They follow fenced code
//! so code is never mistaken for a heading or a definition.

use std::collections::HashMap;

/// Follows the blocks a line scan must not look inside, line by line: fenced code, HTML
/// comments and the raw HTML blocks that run to an end marker (`<script>`, `<pre>`,
/// `<style>`, `<textarea>`, `<?…?>`, `<!…>`), and other HTML blocks, which run to a blank
/// line. A scan that skips them never takes code or markup for a heading or a definition.
#[derive(Default)]
pub(crate) struct Fences {
    /// The open fence's character and length.
    open: Option<(u8, usize)>,
    /// Inside raw HTML that ends at this marker.
    raw: Option<&'static str>,
    /// Inside an HTML block that ends at a blank line.
    html: bool,
    /// The previous line was blank (or there was none).
    after_blank: bool,
    /// The previous line ended a block or was one whole (a heading, a rule, a fence or raw
    /// HTML's end): no paragraph goes on, so any tag can start an HTML block.
    after_closed: bool,
    /// Where a line could be read two ways, take it for markup (see [`Fences::wary`]).
    wary: bool,
}

impl Fences {
    pub(crate) fn new() -> Fences {
        Fences {
            after_blank: true,
            ..Fences::default()
        }
    }

    /// Fences for a scan that must never take a line in markup for one outside it, and may
    /// take more lines for markup than the parser does: any tag starting a line starts an
    /// HTML block, and raw HTML (a comment, say) starting a line inside one is followed to
    /// its end, since the parser may not have taken the tag for a block.
    pub(crate) fn wary() -> Fences {
        Fences {
            wary: true,
            ..Fences::new()
        }
    }

    /// Whether `line` (without its newline) is inside a fenced code block or HTML block (or
    /// is one's fence or first line).
    pub(crate) fn in_code(&mut self, line: &str) -> bool {
        let blank = blank(line);
        let was_after_blank = std::mem::replace(&mut self.after_blank, blank);
        let was_after_closed = std::mem::take(&mut self.after_closed);
        if let Some(end) = self.raw {
            if line.contains(end) {
                self.raw = None;
                self.after_closed = true;
            }
            return true;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if self.html {
            self.html = !blank;
            if self.wary
                && indent <= 3
                && let Some(end) = raw_end(rest)
                && !rest.get(4..).unwrap_or("").contains(end)
            {
                self.raw = Some(end);
            }
            return !blank;
        }
        if indent <= 3
            && let Some(m @ (b'`' | b'~')) = rest.as_bytes().first().copied()
        {
            let run = rest.bytes().take_while(|b| *b == m).count();
            match self.open {
                None if run >= 3 => {
                    self.open = Some((m, run));
                    return true;
                }
                Some((f, n)) if f == m && run >= n && rest[run..].trim().is_empty() => {
                    self.open = None;
                    self.after_closed = true;
                    return true;
                }
                _ => {}
            }
        }
        if self.open.is_some() {
            return true;
        }
        if indent <= 3 && rest.starts_with('<') {
            if let Some(end) = raw_end(rest) {
                let after = rest.get(4..).unwrap_or("");
                if after.contains(end) {
                    self.after_closed = true;
                } else {
                    self.raw = Some(end);
                }
                return true;
            }
            // Other HTML blocks start at a tag: one of CommonMark's block tags anywhere, any
            // other where no paragraph goes on (after a blank line, here).
            let tag = rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
            if tag && (was_after_blank || was_after_closed || self.wary || block_tag(rest)) {
                self.html = true;
                return true;
            }
        }
        // A heading line, or a rule or heading underline, leaves no paragraph open.
        if !matches!(
            rest.as_bytes().first(),
            Some(b'#' | b'-' | b'*' | b'_' | b'=')
        ) {
            self.after_closed = false;
            return false;
        }
        let heading = indent <= 3 && atx_heading(rest);
        // (Whether the line is only `c`s and spaces is found at its first other character.)
        let line_of = |c: u8, least: usize| {
            rest.bytes().all(|b| b == c || b == b' ' || b == b'\t')
                && rest.bytes().filter(|&b| b == c).count() >= least
        };
        // `===` underlines a paragraph line; after anything else it is text.
        let text_before = !was_after_blank && !was_after_closed;
        self.after_closed = heading
            || (indent <= 3
                && (line_of(b'-', 3)
                    || line_of(b'*', 3)
                    || line_of(b'_', 3)
                    || (text_before && line_of(b'=', 1))));
        false
    }

    /// Takes a line that starts with a letter when nothing is open (see [`Fences::quiet`]):
    /// it opens nothing and is in no block, so only the blank-line state changes.
    pub(crate) fn text_line(&mut self) {
        self.after_blank = false;
        self.after_closed = false;
    }

    /// Whether no fence, raw HTML or HTML block is open (a line starting with a letter is
    /// then plain text to [`Fences::in_code`]).
    pub(crate) fn quiet(&self) -> bool {
        self.open.is_none() && self.raw.is_none() && !self.html
    }

    /// Whether the last line given is in an HTML block that runs to a blank line.
    pub(crate) fn in_html(&self) -> bool {
        self.html
    }

    /// Whether the last line given was blank.
    pub(crate) fn after_blank(&self) -> bool {
        self.after_blank
    }
}

/// The end marker of the raw HTML `line` starts, if it starts any: a comment, `<script>`,
/// `<pre>`, `<style>`, `<textarea>`, CDATA, a processing instruction or a declaration.
fn raw_end(line: &str) -> Option<&'static str> {
    // Each start, whether its letters may be in any case, and the end it runs to; the first
    // that fits (`<!--` before `<!`).
    const RAW: [(&str, bool, &str); 8] = [
        ("<!--", false, "-->"),
        ("<script", true, "</script>"),
        ("<pre", true, "</pre>"),
        ("<style", true, "</style>"),
        ("<textarea", true, "</textarea>"),
        ("<![CDATA[", false, "]]>"),
        ("<?", false, "?>"),
        ("<!", false, ">"),
    ];
    RAW.iter().find_map(|&(start, any_case, end)| {
        let head = line.get(..start.len())?;
        let fits = if any_case {
            head.eq_ignore_ascii_case(start)
        } else {
            head == start
        };
        fits.then_some(end)
    })
}

/// Whether `line` is blank as CommonMark means it: spaces and tabs only.
fn blank(line: &str) -> bool {
    line.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c'))
}

/// Whether `line` is an ATX heading's: one to six `#`, then a space, a tab or its end.
fn atx_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|b| *b == b'#').count();
    (1..=6).contains(&hashes) && matches!(line.as_bytes().get(hashes), None | Some(b' ' | b'\t'))
}

/// Whether `line` starts with one of the tags that start an HTML block even in the middle
/// of a paragraph (CommonMark's sixth kind): `<div`, `</p>`, `<table>` and the like.
fn block_tag(line: &str) -> bool {
    const NAMES: [&str; 62] = [
        "address",
        "article",
        "aside",
        "base",
        "basefont",
        "blockquote",
        "body",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "iframe",
        "legend",
        "li",
        "link",
        "main",
        "menu",
        "menuitem",
        "nav",
        "noframes",
        "ol",
        "optgroup",
        "option",
        "p",
        "param",
        "search",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "track",
        "ul",
    ];
    let rest = line.strip_prefix("</").or_else(|| line.strip_prefix('<'));
    let Some(rest) = rest else {
        return false;
    };
    let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let after = &rest[name_len..];
    let ends = after.is_empty() || after.starts_with([' ', '\t', '>']) || after.starts_with("/>");
    ends && NAMES
        .iter()
        .any(|n| n.eq_ignore_ascii_case(&rest[..name_len]))
}

/// Where a document's text starts: after a byte order mark, which is not part of it (the
/// parser would read it as text, and a heading or front matter after it as a paragraph).
pub fn text_start(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

/// The lines of `text[from..]`, each with its newline and the byte where it starts, as
/// `split_inclusive('\n')` gives them but found in one pass of `memchr` over the whole text
/// (a search per line costs more than the scan itself on short lines).
pub(crate) fn lines_from(text: &str, from: usize) -> impl Iterator<Item = (usize, &str)> {
    let ends = memchr::memchr_iter(b'\n', &text.as_bytes()[from..])
        .map(move |i| from + i + 1)
        .chain(std::iter::once(text.len()));
    let mut at = from;
    ends.filter_map(move |end| {
        let start = at;
        at = end;
        // Newlines are ASCII: every cut is on a character boundary.
        (end > start).then(|| (start, &text[start..end]))
    })
}

/// Whether `line` could start a top-level block that nothing before it continues: not
/// indented, and not a list item, quote, table row or HTML (each of which may belong to the
/// block above). Asked of the line after a blank line.
fn starts_fresh(line: &str) -> bool {
    let Some(first) = line.chars().next() else {
        return false;
    };
    let ordered = line.split_once(['.', ')']).is_some_and(|(n, _)| {
        !n.is_empty() && n.len() <= 9 && n.bytes().all(|b| b.is_ascii_digit())
    });
    !(first.is_whitespace() || matches!(first, '-' | '*' | '+' | '>' | '|' | '<' | '[') || ordered)
}

/// What a line outside code and HTML is to a parser started afresh there (see [`starts`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Start {
    /// A heading line: it closes every block before it.
    Heading,
    /// A line after a blank line that starts a top-level block nothing before continues.
    Fresh,
    /// Neither (or the text's first line).
    Other,
}

/// The lines of `text` outside fenced code and HTML, each with the byte where it starts and
/// whether a parser started afresh there parses the rest as the whole text's parser does.
///
/// The parser takes a `---` (or `+++`) line followed by a line that is not blank for the
/// start of a metadata block, up to the next line of `---` or `...` (`+++`) if there is one,
/// anywhere in the text, in a quote or a list too. A line scan cannot tell every such start
/// from a rule or a heading's underline, so it takes each one for a start, and no line from
/// there to the end it would have is a place to start afresh. `wary` (for the parts of a
/// text parsed for definitions) takes every line that could open one; else (for cutting a
/// large file) only a line of `---` or `+++` alone, outside a block already taken for one:
/// taking every possible one there kept large files from being cut for hundreds of KB.
fn starts(text: &str, wary: bool) -> impl Iterator<Item = (usize, &str, Start)> {
    let mut fences = if wary { Fences::wary() } else { Fences::new() };
    // The last line could open a metadata block of `---` (or `+++`), if this one is not blank.
    let mut opening: Option<u8> = None;
    // A metadata block of `---` (or `+++`) may be open.
    let (mut dashes, mut pluses) = (false, false);
    lines_from(text, text_start(text)).filter_map(move |(start, line)| {
        let ends = line
            .bytes()
            .rev()
            .take_while(|b| matches!(b, b'\n' | b'\r'));
        let body = &line[..line.len() - ends.count()];
        let first = body.as_bytes().first().copied();
        // A line that ends a metadata block: three of `c`, then only spaces, from its start.
        let closes = |c: u8| {
            first == Some(c) && {
                let b = body.trim_end_matches(' ').as_bytes();
                b.len() == 3 && b.iter().all(|&x| x == c)
            }
        };
        let open_before = dashes || pluses;
        if let Some(c) = opening.take()
            && !blank(body)
            && !(closes(c) || (c == b'-' && closes(b'.')))
        {
            *(if c == b'-' { &mut dashes } else { &mut pluses }) = true;
        }
        // In a metadata block that may be open, its closing line included.
        let inside = dashes || pluses;
        if dashes && (closes(b'-') || closes(b'.')) {
            dashes = false;
        }
        if pluses && closes(b'+') {
            pluses = false;
        }
        // (An opening line ends in its three `-` or `+`.) Unless wary, only a line of them
        // alone outside a block that may be open is taken for one.
        opening = match body.trim_end().as_bytes().last() {
            Some(&c @ (b'-' | b'+')) if wary && opens(body, c) => Some(c),
            Some(&c @ (b'-' | b'+')) if !open_before && closes(c) => Some(c),
            _ => None,
        };
        let after_blank = fences.after_blank();
        let kind = if fences.quiet() && first.is_some_and(|b| b.is_ascii_alphabetic()) {
            // Most lines: prose, which opens and closes nothing, and starts afresh only after
            // a blank line.
            fences.text_line();
            if after_blank && start > 0 {
                Start::Fresh
            } else {
                Start::Other
            }
        } else if fences.in_code(body) {
            return None;
        } else {
            if start == 0 {
                Start::Other
            } else if atx_heading(body) {
                Start::Heading
            } else if after_blank && starts_fresh(body) {
                Start::Fresh
            } else {
                Start::Other
            }
        };
        Some((start, body, if inside { Start::Other } else { kind }))
    })
}

/// Whether `line` could open a metadata block of three `c`s: after any quote markers, list
/// markers and indent, three of them and nothing but spaces or tabs.
fn opens(line: &str, c: u8) -> bool {
    let mut rest = line.trim_start_matches([' ', '\t']);
    loop {
        let b = rest.as_bytes();
        let digits = b.iter().take_while(|x| x.is_ascii_digit()).count();
        let marker = match b {
            [b'>', ..] => 1,
            [b'-' | b'*' | b'+', b' ' | b'\t', ..] => 2,
            _ if (1..=9).contains(&digits)
                && matches!(b.get(digits), Some(b'.' | b')'))
                && matches!(b.get(digits + 1), Some(b' ' | b'\t')) =>
            {
                digits + 2
            }
            _ => break,
        };
        rest = rest[marker..].trim_start_matches([' ', '\t']);
    }
    let b = rest.trim_end().as_bytes();
    b.len() == 3 && b.iter().all(|&x| x == c)
}

/// Where to cut `text` so its beginning can be shown (or parsed on its own) before the rest:
/// the first place at or after `min` bytes where the parser itself starts a top-level block
/// that nothing before continues. Preferably a heading line outside code and HTML; failing
/// that, a paragraph line after a blank line; else the whole text.
pub fn prefix_end(text: &str, min: usize) -> usize {
    let mut fallback = None;
    // Look no further than this for a heading before settling for a paragraph.
    let give_up = min.saturating_mul(8);
    for (start, _, kind) in starts(text, false) {
        if start < min {
            continue;
        }
        match kind {
            Start::Heading => return start,
            Start::Fresh if fallback.is_none() => fallback = Some(start),
            _ => {}
        }
        if start > give_up
            && let Some(b) = fallback
        {
            return b;
        }
    }
    fallback.unwrap_or(text.len())
}

/// The footnote labels `text` defines (`[^label]:` starting a line) and refers to
/// (`[^label]` elsewhere), outside fenced code and HTML. (A reference written in an inline
/// code span is counted too; it only costs a definition the parser does not need.)
pub fn footnote_labels(text: &str) -> (Vec<String>, Vec<String>) {
    let (mut defined, mut referred) = (Vec::new(), Vec::new());
    if !text.contains("[^") {
        return (defined, referred);
    }
    let mut fences = Fences::new();
    for line in text.lines() {
        if fences.in_code(line) {
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut at = 0;
        while let Some(i) = line[at..].find("[^") {
            let start = at + i;
            let after = &line[start + 2..];
            let Some(close) = after.find(']') else {
                break;
            };
            let label = &after[..close];
            let definition = start == indent && indent <= 3 && after[close + 1..].starts_with(':');
            if !label.is_empty() && !label.contains(char::is_whitespace) {
                if definition {
                    defined.push(label.to_string());
                } else {
                    referred.push(label.to_string());
                }
            }
            at = start + 2 + close + 1;
        }
    }
    (defined, referred)
}

/// Link reference definitions (`[label]: url`), by normalised label.
pub type LinkDefinitions = HashMap<String, String>;

/// A label as CommonMark matches it: case-folded, with runs of whitespace as one space.
pub(crate) fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Adds the link reference definitions in `text` (one piece of a document, cut where
/// [`prefix_end`] says) to `into`, the first definition of a label winning, as CommonMark
/// says. They are the parser's own (its block pass only), so a definition is found exactly
/// where the parser finds one: over two lines, in a list, never in code or a comment.
pub fn link_definitions(text: &str, into: &mut LinkDefinitions) {
    for window in definition_windows(text) {
        let parser = pulldown_cmark::Parser::new_ext(&text[window], super::fold::OPTIONS);
        // The parser keeps the first of each label; across windows and pieces, the earlier
        // one wins.
        for (label, def) in parser.reference_definitions().iter() {
            into.entry(normalize_label(label))
                .or_insert_with(|| def.dest.to_string());
        }
    }
}

/// The parts of `text` that hold all its link reference definitions, in order: each runs
/// from a place a parser starts afresh (see [`starts`]) to the next such place after a line
/// with `]:` in it, which every definition has. Parsed alone, a part defines what it does in
/// the whole text, and most text (a tenth of real markdown's) is in none.
fn definition_windows(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut lines = memchr::memmem::find_iter(text.as_bytes(), "]:")
        .map(|at| memchr::memrchr(b'\n', &text.as_bytes()[..at]).map_or(0, |i| i + 1))
        .peekable();
    let mut windows: Vec<std::ops::Range<usize>> = Vec::new();
    if lines.peek().is_none() {
        return windows;
    }
    // A carriage return alone ends a line for the parser, not for the scan: the whole text.
    let bytes = text.as_bytes();
    if memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n')) {
        windows.push(0..text.len());
        return windows;
    }
    // The last place to start afresh at or before the next line with `]:`.
    let mut from = 0;
    for (start, _, kind) in starts(text, true) {
        let Some(&line) = lines.peek() else {
            break;
        };
        if kind == Start::Other {
            continue;
        }
        if start > line {
            // A window ends here: it holds every line with `]:` before this place.
            while lines.next_if(|&l| l < start).is_some() {}
            match windows.last_mut() {
                Some(last) if last.end == from => last.end = start,
                _ => windows.push(from..start),
            }
        }
        from = start;
    }
    if lines.peek().is_some() {
        match windows.last_mut() {
            Some(last) if last.end == from => last.end = text.len(),
            _ => windows.push(from..text.len()),
        }
    }
    windows
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definitions of `text` as one parse of all of it finds them.
    fn whole(text: &str) -> LinkDefinitions {
        let parser = pulldown_cmark::Parser::new_ext(text, super::super::fold::OPTIONS);
        let mut defs = LinkDefinitions::new();
        for (label, def) in parser.reference_definitions().iter() {
            defs.entry(normalize_label(label))
                .or_insert_with(|| def.dest.to_string());
        }
        defs
    }

    #[test]
    fn definitions_found_in_windows_are_the_whole_texts() {
        let cases = [
            "[a]: /one\n\ntext\n\n[a]: /two\n",
            "intro\n\n- [b]: /in-a-list\n\n> [c]: /in-a-quote\n",
            "```\n[d]: /in-code\n```\n\n    [e]: /indented-code\n\nafter\n",
            "a paragraph\n[f]: /not-a-definition\n",
            "text\n\n[multi\nline]: /label-over-two-lines\n",
            "Setext\n---\n[g]: /after-a-heading\n",
            "<!--\n[h]: /in-a-comment\n-->\n\n<div>\n\n[i]: /after-html\n</div>\n",
            "[j]:\n/destination-below\n\n[k]: /u 'a title\n\nbroken'\n",
            "text\n\n---\ntitle: x\n\nsome: y\n\n[l]: /in-metadata\n\n---\n\n[m]: /after\n",
            "text\n\n---\n\nplain: z\n\n[n]: /after-a-rule\n",
            "+++\nx = 1\n\nw = 2\n\n[o]: /in-toml\n+++\n",
            "# Heading\n\nwords\n\n[p]: /one\n[q]: /two\n\n## Next\n\n[P]: /again\n",
            "no definitions here, only a[i]: b in prose\n",
            // An underline that could open a metadata block, with one of `+++` inside it.
            "Setext\n---\n[a]: /x\n\n+++\nfoo\n---\n\ncut here\n\n[c]: /hidden\n\n+++\n[d]: /after\n",
            "text\n\n> ---\n> quoted: y\n\n[e]: /in-a-quote-block\n---\n",
            "text\n\n---\n\u{a0}\n\n[f]: /after-nbsp\n---\n",
            // `</div>` starts an HTML block even after a paragraph line; to a blank line.
            "<div>\n\n[g]: /html\n</div>\n<!--\n[g]: /c\n-->\n# A\n[h\nh]: /in-the-block\n\n",
            // A tag line may or may not start a block: a comment after it is followed to its end.
            "## a\n\n  <img alt=\"a\">\n<!--\n# a\n\n## not a heading\n-->\n[i\ni]: /two-lines\n\n",
            // A carriage return alone ends a line for the parser.
            "p\n\n  <img alt=\"a\rb\">\n<!--\n\n## x\n-->\n[j]: /cr\n",
        ];
        for text in cases {
            let mut got = LinkDefinitions::new();
            link_definitions(text, &mut got);
            assert_eq!(got, whole(text), "{text:?}");
        }
        // A window starts at a place to start afresh before the line with `]:`, and ends at
        // the next one.
        let text = "# A\n\nwords\n\nmore\n[x]: /u\n\n# B\n\nlast\n";
        let windows = definition_windows(text);
        assert_eq!(windows.len(), 1);
        assert_eq!(&text[windows[0].clone()], "more\n[x]: /u\n\n");
        // Nothing to parse without `]:`.
        assert!(definition_windows("# A\n\nwords\n").is_empty());
    }

    #[test]
    fn no_cut_falls_inside_a_metadata_block() {
        // The parser reads `---` followed by a line that is not blank as metadata up to the
        // next `---`, anywhere in the text: its lines are no place to start afresh.
        let text = "intro\n\n---\ntitle: x\n\nsome: y\n\n# not a heading\n---\n\nafter\n";
        let end = prefix_end(text, 8);
        assert!(text[end..].starts_with("after"), "{:?}", &text[end..]);
        // A rule with a blank line after it opens nothing.
        let text = "intro\n\n---\n\nsome: y\n\nmore\n";
        let end = prefix_end(text, 8);
        assert!(text[end..].starts_with("some: y"), "{:?}", &text[end..]);
    }

    #[test]
    fn prefix_ends_at_a_heading_outside_code() {
        let text = "intro\n\n```\n# not a heading\n```\n\nmore\n\n## Next\n\nbody\n";
        let end = prefix_end(text, 5);
        assert!(text[end..].starts_with("## Next"), "{:?}", &text[end..]);
        assert_eq!(prefix_end("short\n", 100), 6);
        // No heading: the first blank line after the minimum, once far enough.
        let long = "word word\n\n".repeat(1000);
        let end = prefix_end(&long, 10);
        assert!(end > 10 && end < long.len());
        assert!(long[..end].ends_with("\n\n"));
    }
}
