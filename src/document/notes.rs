//! Footnotes across the parts of a large document: the labels a document defines, indexed,
//! and the stand-in definitions that let a part cite a note another part defines, so the
//! part parses as it does in the whole (see [`super::survey`]).

use super::links::{LabelKey, label_key};
use std::collections::HashMap;

/// The footnote labels a document defines, indexed to find those a piece of it may cite
/// (see [`stand_ins`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notes {
    /// Each label as the parser gives it, once, in order.
    pub labels: Vec<String>,
    /// Where each label is in `labels`, by the key references are matched by.
    by_key: HashMap<LabelKey, usize>,
    /// Which labels start with each ASCII character (folded to lower case); the others.
    by_first: Vec<Vec<usize>>,
    others: Vec<usize>,
}

impl Notes {
    pub fn new(labels: Vec<String>) -> Notes {
        let mut by_key = HashMap::new();
        let mut by_first = vec![Vec::new(); 128];
        let mut others = Vec::new();
        for (i, label) in labels.iter().enumerate() {
            by_key.entry(label_key(label)).or_insert(i);
            match first_ascii(label) {
                Some(b) => by_first[usize::from(b)].push(i),
                None => others.push(i),
            }
        }
        Notes {
            labels,
            by_key,
            by_first,
            others,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

/// A label's first character, folded to lower case, when it is ASCII and not white space
/// (none otherwise: it could match any reference).
fn first_ascii(label: &str) -> Option<u8> {
    match label.bytes().next() {
        Some(b) if b.is_ascii() && !b.is_ascii_whitespace() => Some(b.to_ascii_lowercase()),
        _ => None,
    }
}

/// Footnote definitions to parse before `piece` (with a comment block that closes the last
/// and a blank line, so the piece's first line starts afresh whatever its indent), for
/// every label of `notes` the piece may cite: a reference finds its note only in the same
/// parse. Never fewer than it cites, so the piece parses as it does in the whole, where
/// every note is defined: each `[^` in the piece is followed to its `]`, and when that is a
/// plain label on one line (no white space at its ends, no backslash) the label matched the
/// way the parser matches it (white space collapsed, case folded); else every label whose
/// first character could match. Parsing a definition again changes nothing of the piece's
/// own.
pub fn stand_ins(piece: &str, notes: &Notes) -> String {
    if notes.is_empty() {
        return String::new();
    }
    let bytes = piece.as_bytes();
    let mut wanted: Vec<usize> = Vec::new();
    let mut all = false;
    let mut firsts = [false; 128];
    for at in memchr::memmem::find_iter(bytes, b"[^") {
        let rest = &piece[at + 2..];
        let end = rest
            .bytes()
            .take(1000)
            .position(|b| matches!(b, b']' | b'\n' | b'\r' | b'\\'));
        match end {
            Some(e)
                if e > 0
                    && rest.as_bytes()[e] == b']'
                    && !rest[..e].starts_with(char::is_whitespace)
                    && !rest[..e].ends_with(char::is_whitespace) =>
            {
                if let Some(&i) = notes.by_key.get(&label_key(&rest[..e])) {
                    wanted.push(i);
                }
            }
            _ => match first_ascii(rest) {
                Some(b) => firsts[usize::from(b)] = true,
                None => all = true,
            },
        }
    }
    if all {
        wanted = (0..notes.labels.len()).collect();
    } else if wanted.is_empty() && !firsts.contains(&true) {
        return String::new();
    } else {
        for (b, on) in firsts.iter().enumerate() {
            if *on {
                wanted.extend(&notes.by_first[b]);
                wanted.extend(&notes.others);
            }
        }
        wanted.sort_unstable();
        wanted.dedup();
    }
    let mut out = String::new();
    for i in wanted {
        out.push_str("[^");
        out.push_str(&notes.labels[i]);
        out.push_str("]: .\n\n");
    }
    if !out.is_empty() {
        out.push_str("<!---->\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Parser};

    /// The footnote references the parser makes in `piece` after `before`.
    fn references(before: &str, piece: &str) -> Vec<String> {
        let text = format!("{before}{piece}");
        Parser::new_ext(&text, super::super::OPTIONS)
            .into_offset_iter()
            .filter(|(_, r)| r.start >= before.len())
            .filter_map(|(e, _)| match e {
                Event::FootnoteReference(l) => Some(l.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn stand_ins_let_a_piece_cite_every_note_the_whole_lets_it_cite() {
        // As the parser gives them: an escaped bracket keeps its backslash.
        let defined = ["a", "a b", "Ünï", "x\\]y", "q", "long label", "zz"];
        let notes = Notes::new(defined.iter().map(|s| s.to_string()).collect());
        let definitions: String = defined
            .iter()
            .map(|l| format!("\n\n[^{l}]: note"))
            .collect();
        for piece in [
            "Plain[^a] and spaced[^a  b] and cased[^A] and [^ünï].",
            "Over two lines[^long\nlabel] and escaped[^x\\]y].",
            "> Quoted over two lines[^long\n> label].",
            "[^q] at the start, and [^ q] with a space, and [^] empty and [^zz",
            "None here, [^missing] and [^ also missing].",
        ] {
            let whole = references("", &format!("{piece}{definitions}"));
            let before = stand_ins(piece, &notes);
            assert_eq!(references(&before, piece), whole, "{piece:?}");
        }
        // Plain labels bring only their own notes.
        let before = stand_ins("Only[^a] here.", &notes);
        assert_eq!(before.matches("]: .").count(), 1, "{before:?}");
        assert!(stand_ins("No citations.", &notes).is_empty());
    }
}
