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
}

impl Fences {
    pub(crate) fn new() -> Fences {
        Fences {
            after_blank: true,
            ..Fences::default()
        }
    }

    /// Whether `line` (without its newline) is inside a fenced code block or HTML block (or
    /// is one's fence or first line).
    pub(crate) fn in_code(&mut self, line: &str) -> bool {
        let blank = line.trim().is_empty();
        let was_after_blank = std::mem::replace(&mut self.after_blank, blank);
        if let Some(end) = self.raw {
            if line.contains(end) {
                self.raw = None;
            }
            return true;
        }
        if self.html {
            self.html = !blank;
            return !blank;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
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
                    return true;
                }
                _ => {}
            }
        }
        if self.open.is_some() {
            return true;
        }
        if indent <= 3 && rest.starts_with('<') {
            let lower = rest.get(..10).unwrap_or(rest).to_ascii_lowercase();
            let end = if rest.starts_with("<!--") {
                Some("-->")
            } else if lower.starts_with("<script") {
                Some("</script>")
            } else if lower.starts_with("<pre") {
                Some("</pre>")
            } else if lower.starts_with("<style") {
                Some("</style>")
            } else if lower.starts_with("<textarea") {
                Some("</textarea>")
            } else if rest.starts_with("<![CDATA[") {
                Some("]]>")
            } else if rest.starts_with("<?") {
                Some("?>")
            } else if rest.starts_with("<!") {
                Some(">")
            } else {
                None
            };
            if let Some(end) = end {
                let after = rest.get(4..).unwrap_or("");
                if !after.contains(end) {
                    self.raw = Some(end);
                }
                return true;
            }
            // Other HTML blocks start at a tag (a tag alone cannot interrupt a paragraph).
            let tag = rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
            if tag && was_after_blank {
                self.html = true;
                return true;
            }
        }
        false
    }

    /// Takes a line that starts with a letter when nothing is open (see [`Fences::quiet`]):
    /// it opens nothing and is in no block, so only the blank-line state changes.
    pub(crate) fn text_line(&mut self) {
        self.after_blank = false;
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

/// Where to cut `text` so its beginning can be shown (or parsed on its own) before the rest:
/// the first place at or after `min` bytes where the parser itself starts a top-level block
/// that nothing before continues. Preferably a heading line outside code and HTML; failing
/// that, a paragraph line after a blank line; else the whole text.
pub fn prefix_end(text: &str, min: usize) -> usize {
    let mut fences = Fences::new();
    let mut fallback = None;
    // Look no further than this for a heading before settling for a paragraph.
    let give_up = min.saturating_mul(8);
    for (start, line) in lines_from(text, 0) {
        let body = line.trim_end_matches(['\n', '\r']);
        let after_blank = fences.after_blank();
        if fences.quiet() && body.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
            // Most lines: prose, which opens and closes nothing.
            fences.text_line();
        } else if fences.in_code(body) {
            continue;
        }
        if start < min {
            continue;
        }
        let hashes = body.bytes().take_while(|b| *b == b'#').count();
        let heading = (1..=6).contains(&hashes)
            && body[hashes..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ' || c == '\t');
        if heading && start > 0 {
            return start;
        }
        if after_blank && start > 0 && fallback.is_none() && starts_fresh(body) {
            fallback = Some(start);
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
    if !text.contains("]:") {
        // Most pieces of a long text define nothing.
        return;
    }
    let parser = pulldown_cmark::Parser::new_ext(text, super::fold::OPTIONS);
    // The parser keeps the first of each label; across pieces, the earlier piece wins.
    for (label, def) in parser.reference_definitions().iter() {
        into.entry(normalize_label(label))
            .or_insert_with(|| def.dest.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
