//! Quick line scans of markdown that run before (or instead of) a full parse: where a large
//! file can be cut so its pieces parse like the whole, and the link reference definitions
//! that let one piece's references resolve to another's definitions. They follow fenced code
//! so code is never mistaken for a heading or a definition.

use std::collections::HashMap;

/// Follows fenced code blocks line by line, for the quick scans that must not mistake code
/// for headings or link definitions.
#[derive(Default)]
pub(crate) struct Fences {
    /// The open fence's character and length.
    open: Option<(u8, usize)>,
}

impl Fences {
    /// Whether `line` (without its newline) is inside a fenced code block or is one's fence.
    pub(crate) fn in_code(&mut self, line: &str) -> bool {
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
        self.open.is_some()
    }
}

/// Where to cut `text` so its beginning can be shown before the whole is parsed: at the
/// first heading line at or after `min` bytes that is not inside a fenced code block, so the
/// beginning holds whole sections; failing that, at the first blank line after `min`; else
/// the whole text.
pub fn prefix_end(text: &str, min: usize) -> usize {
    let mut fences = Fences::default();
    let mut blank_after_min = None;
    let mut at = 0;
    // Look no further than this for a heading before settling for a blank line.
    let give_up = min.saturating_mul(8);
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches(' ').len();
        let rest = &body[indent..];
        if fences.in_code(body) || start < min {
            continue;
        }
        let hashes = rest.bytes().take_while(|b| *b == b'#').count();
        let heading = indent == 0
            && (1..=6).contains(&hashes)
            && rest[hashes..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ' || c == '\t');
        if heading {
            return start;
        }
        if body.trim().is_empty() && blank_after_min.is_none() {
            blank_after_min = Some(at);
        }
        if start > give_up
            && let Some(b) = blank_after_min
        {
            return b;
        }
    }
    blank_after_min.unwrap_or(text.len())
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

/// Adds the link reference definitions in `text` (one piece of a document, cut at a line
/// start) to `into`, the first definition of a label winning. A quick line scan, not a full
/// parse: it finds single-line definitions outside fenced code, which is how they are written.
pub fn link_definitions(text: &str, into: &mut LinkDefinitions) {
    if !text.contains("]:") {
        // Most pieces of a long text define nothing.
        return;
    }
    let mut fences = Fences::default();
    for line in text.lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if fences.in_code(line) || indent > 3 {
            continue;
        }
        let rest = &line[indent..];
        let Some(body) = rest.strip_prefix('[') else {
            continue;
        };
        let Some(close) = body.find("]:") else {
            continue;
        };
        let label = &body[..close];
        if label.trim().is_empty() || label.contains(['[', ']']) || label.starts_with('^') {
            continue;
        }
        let dest = body[close + 2..].split_whitespace().next().unwrap_or("");
        let dest = dest
            .strip_prefix('<')
            .and_then(|d| d.strip_suffix('>'))
            .unwrap_or(dest);
        if dest.is_empty() {
            continue;
        }
        into.entry(normalize_label(label))
            .or_insert_with(|| dest.to_string());
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
