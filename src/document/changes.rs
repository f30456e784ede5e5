//! What changed between two versions of a document's text: where each place of the old
//! text went in the new one, and which sections are new or edited.
//!
//! Places follow the text's lines (a line diff, the `similar` crate's): a place in a line
//! that is still there moves with it; a place in lines that were deleted or rewritten goes
//! to where they were, the nearest text that remains. A section is changed when no section
//! of the old version had the same text (a section moved whole is not).

use super::Document;
use std::collections::HashMap;
use std::time::Duration;

/// How long the line diff may take before it settles for a coarser answer (still a true
/// one: only fewer lines are found unchanged).
const DIFF_DEADLINE: Duration = Duration::from_millis(100);

/// Where the places of an old text are in a new one (see [`Moves::between`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moves {
    /// Stretches of the old text in order, each with where it begins in the new text and
    /// whether it is still there (else it was deleted or rewritten, and its places go to
    /// that start).
    stretches: Vec<Stretch>,
    /// The new text's length.
    len: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stretch {
    old: usize,
    old_end: usize,
    new: usize,
    kept: bool,
}

impl Moves {
    /// A text of `old` bytes that only grew, to `new`: every place stays.
    pub fn appended(old: usize, new: usize) -> Moves {
        Moves {
            stretches: vec![Stretch {
                old: 0,
                old_end: old,
                new: 0,
                kept: true,
            }],
            len: new,
        }
    }

    /// How the text `old` became `new`.
    pub fn between(old: &str, new: &str) -> Moves {
        if new.starts_with(old) {
            // Text added at the end (a growing log): every place stays.
            return Moves::appended(old.len(), new.len());
        }
        // The lines both begin and end with are kept as they are; only what lies between is
        // compared (a save changes a few lines of a long file: its diff stays small, and
        // well inside the deadline).
        let head = common_lines(old.as_bytes().iter(), new.as_bytes().iter(), false);
        let tail = common_lines(
            old.as_bytes()[head..].iter().rev(),
            new.as_bytes()[head..].iter().rev(),
            true,
        );
        let (old_mid, new_mid) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
        let diff = similar::TextDiff::configure()
            .algorithm(similar::Algorithm::Myers)
            .timeout(DIFF_DEADLINE)
            .diff_lines(old_mid, new_mid);
        let starts = |lines: &[&str]| {
            let mut at = head;
            let mut starts = Vec::with_capacity(lines.len() + 1);
            for line in lines {
                starts.push(at);
                at += line.len();
            }
            starts.push(at);
            starts
        };
        let old_starts = starts(diff.old_slices());
        let new_starts = starts(diff.new_slices());
        let kept = |old: usize, old_end: usize, new: usize| Stretch {
            old,
            old_end,
            new,
            kept: true,
        };
        let mut stretches = Vec::new();
        if head > 0 {
            stretches.push(kept(0, head, 0));
        }
        stretches.extend(
            diff.ops()
                .iter()
                .filter(|op| !op.old_range().is_empty())
                .map(|op| Stretch {
                    old: old_starts[op.old_range().start],
                    old_end: old_starts[op.old_range().end],
                    new: new_starts[op.new_range().start],
                    kept: matches!(op.tag(), similar::DiffTag::Equal),
                }),
        );
        if tail > 0 {
            stretches.push(kept(old.len() - tail, old.len(), new.len() - tail));
        }
        Moves {
            stretches,
            len: new.len(),
        }
    }

    /// Whether the old text ends in the new one with more after it: its last words are
    /// still there (in a line kept as it was), followed by new text (a log that grew).
    pub fn grew_at_end(&self, old: &str, new: &str) -> bool {
        // (An empty text did not grow: it was filled.)
        let Some(last) = old.trim_end().len().checked_sub(1) else {
            return false;
        };
        let i = self.stretches.partition_point(|s| s.old_end <= last);
        self.stretches.get(i).is_some_and(|s| s.kept) && self.map(last) + 1 < new.trim_end().len()
    }

    /// Where byte `at` of the old text is in the new: the same words where they remain, else
    /// the nearest place that does (where the words were). The old text's end goes to the
    /// new one's end of what followed it.
    pub fn map(&self, at: usize) -> usize {
        let i = self.stretches.partition_point(|s| s.old_end <= at);
        let to = match self.stretches.get(i) {
            Some(s) if s.kept => s.new + at.saturating_sub(s.old),
            Some(s) => s.new,
            // The old text's end: after what was last kept, else where the rest was.
            None => match self.stretches.last() {
                Some(s) if s.kept => s.new + (s.old_end - s.old),
                Some(s) => s.new,
                None => 0,
            },
        };
        to.min(self.len)
    }
}

/// How many bytes two texts share from where `a` and `b` start reading them, in whole
/// lines: forwards, up to and with the last line break both share; `backwards`, from the
/// end back to just after one.
fn common_lines<'t>(
    a: impl Iterator<Item = &'t u8>,
    b: impl Iterator<Item = &'t u8>,
    backwards: bool,
) -> usize {
    let mut whole = 0;
    for (i, (x, y)) in a.zip(b).enumerate() {
        if x != y {
            break;
        }
        if *x == b'\n' {
            whole = if backwards { i } else { i + 1 };
        }
    }
    whole
}

/// A hash of each section's text (from its offset to the next one's, less the blank lines
/// and spaces that end it), in order.
pub fn section_hashes(doc: &Document, text: &str) -> Vec<u64> {
    let ends = doc
        .sections
        .iter()
        .skip(1)
        .map(|s| s.offset)
        .chain(std::iter::once(text.len()));
    doc.sections
        .iter()
        .zip(ends)
        .map(|(s, end)| {
            let from = s.offset.min(text.len());
            let end = end.clamp(from, text.len());
            crate::text::fnv1a(text.as_bytes()[from..end].trim_ascii_end())
        })
        .collect()
}

/// For each of the new sections, the index of an old section with the same text (its
/// hash), if any: the sections without one are the ones that changed.
pub fn unchanged_from(old: &[u64], new: &[u64]) -> Vec<Option<usize>> {
    let mut by_hash: HashMap<u64, usize> = HashMap::with_capacity(old.len());
    for (i, h) in old.iter().enumerate().rev() {
        by_hash.insert(*h, i);
    }
    new.iter().map(|h| by_hash.get(h).copied()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_in_a_kept_line_moves_with_it() {
        let old = "one\ntwo\nthree\nfour\n";
        let new = "zero\none\ntwo\nthree\nfour\n";
        let moves = Moves::between(old, new);
        let at = old.find("three").unwrap();
        assert_eq!(moves.map(at), new.find("three").unwrap());
        assert_eq!(moves.map(at + 2), new.find("three").unwrap() + 2);
    }

    #[test]
    fn a_place_in_deleted_lines_goes_to_the_text_that_follows_them() {
        let old = "alpha\n\nbeta gone\nstill gone\n\ngamma\n";
        let new = "alpha\n\ngamma\n";
        let moves = Moves::between(old, new);
        let gone = old.find("still").unwrap();
        // Where the deleted lines were: the blank line and gamma follow.
        let to = moves.map(gone);
        assert!(new[to..].contains("gamma"), "mapped to {to}");
        assert!(to <= new.find("gamma").unwrap());
    }

    #[test]
    fn a_rewritten_line_keeps_the_place_at_its_start() {
        let old = "a\nthe old words here\nb\n";
        let new = "a\nthe new words here\nb\n";
        let moves = Moves::between(old, new);
        assert_eq!(moves.map(old.find("old").unwrap()), 2);
        assert_eq!(moves.map(old.find('b').unwrap()), new.find('b').unwrap());
    }

    #[test]
    fn text_added_at_the_end_moves_nothing() {
        let moves = Moves::between("a\nb", "a\nbc\nd\n");
        assert_eq!(moves.map(2), 2);
        assert_eq!(moves.map(3), 3);
    }

    #[test]
    fn a_text_grew_at_its_end_only_when_its_last_words_remain_before_new_ones() {
        let old = "# Log\n\nFirst entry.\n";
        let grew = |new: &str| Moves::between(old, new).grew_at_end(old, new);
        assert!(grew("# Log\n\nFirst entry.\n\nSecond entry.\n"));
        assert!(grew("# Log, edited\n\nFirst entry.\nSecond.\n"));
        assert!(
            !grew("# Log\n\nFirst entry, edited.\n"),
            "the last line rewritten"
        );
        assert!(!grew("# Log\n\nFirst entry.\n\n\n"), "blank lines only");
        assert!(!grew("# Log\n\nNew at the top.\n\nFirst entry.\n"));
    }

    #[test]
    fn one_line_edited_in_a_long_text_keeps_every_other_place_exactly() {
        let old: String = (0..300_000)
            .map(|i| format!("Line {i} of the text.\n"))
            .collect();
        let new = old.replacen("Line 10 of", "Line ten of", 1);
        let moves = Moves::between(&old, &new);
        let far = old.find("Line 250000 ").unwrap();
        assert_eq!(moves.map(far), new.find("Line 250000 ").unwrap());
        let near = old.find("Line 9 ").unwrap();
        assert_eq!(moves.map(near), near);
        assert_eq!(
            moves.map(old.find("Line 10 ").unwrap()),
            new.find("Line ten").unwrap()
        );
    }

    #[test]
    fn every_place_maps_inside_the_new_text() {
        let old = "x\ny\nz\n";
        for new in ["", "x\n", "q\nx\ny\n", "z\ny\nx\n"] {
            let moves = Moves::between(old, new);
            for at in 0..=old.len() {
                assert!(moves.map(at) <= new.len(), "{at} in {new:?}");
            }
        }
    }

    #[test]
    fn only_sections_whose_text_differs_are_changed() {
        let old = "# T\n\nIntro.\n\n## A\n\nFirst.\n\n## B\n\nSecond.\n";
        let new = "# T\n\nIntro.\n\n## B\n\nSecond.\n\n## A\n\nFirst, edited.\n";
        let (a, b) = (Document::parse(old, "t"), Document::parse(new, "t"));
        let same = unchanged_from(&section_hashes(&a, old), &section_hashes(&b, new));
        let titles: Vec<&str> = b.sections.iter().map(|s| s.title.as_str()).collect();
        let changed: Vec<&str> = titles
            .iter()
            .zip(&same)
            .filter(|(_, s)| s.is_none())
            .map(|(t, _)| *t)
            .collect();
        assert_eq!(changed, ["A"], "{titles:?}");
    }
}
