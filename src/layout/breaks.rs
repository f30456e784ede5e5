//! Where a paragraph's lines end: first fit (each line filled as far as it goes) or balanced
//! (the breaks of the whole paragraph chosen together), and the words hyphenated at the
//! line ends where a hyphen helps. Both work on word widths already measured, with no
//! allocation but the list of line ends.
//!
//! Balanced breaking is a Knuth–Plass-style dynamic program over the words: the cost of a
//! line is a constant for the line, the square of the gap left at its end (nothing for the
//! paragraph's last line), and a constant for a hyphen; the breaks chosen give the least
//! total. A line holds few words, so each break looks back a line's worth of words only:
//! linear in the paragraph, with two arrays of working memory.
//!
//! Hyphenation runs Knuth–Liang patterns (the `hypher` crate) over a word only where it can
//! matter: the lines are broken first without hyphens, then the word starting each line
//! after one that ends with room for a syllable and a hyphen is split into its syllables, and
//! the lines are broken again. Most words are never hyphenated at all.

use crate::text;

/// A word, or a syllable of one (with the space after it), pointing into a paragraph's
/// joined text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Word {
    pub start: usize,
    pub end: usize,
    pub width: usize,
    pub space: usize,
    /// A syllable that is not the word's last: a line ending here ends with a hyphen.
    pub hyphen: bool,
}

/// What each line costs a balanced paragraph, besides the square of its gap: so that a line
/// more is worth a gap of about 30 columns spread over the others.
const LINE: u64 = 1000;

/// What a hyphen costs: as much as a gap of six columns at a line's end.
const HYPHEN: u64 = 36;

/// What a last line of one short word (a quarter of the width or less) costs.
const SHORT_LAST: u64 = 25;

/// [`breaks_into`] a new list.
#[cfg(test)]
pub(super) fn breaks(words: &[Word], balanced: bool, first: usize, rest: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    breaks_into(words, balanced, first, rest, &mut ends);
    ends
}

/// Breaks `words` into lines of at most `first` columns for the first line and `rest` for
/// the others, balanced or first fit; sets `ends` to where each line ends (an index into
/// `words`, past its last word). A word wider than its line stands alone on it.
pub(super) fn breaks_into(
    words: &[Word],
    balanced: bool,
    first: usize,
    rest: usize,
    ends: &mut Vec<usize>,
) {
    ends.clear();
    if words.is_empty() {
        return;
    }
    if !balanced {
        // First fit: a line ends before the word that would take it past its room.
        let (mut used, mut start) = (0, 0);
        for (i, w) in words.iter().enumerate() {
            let room = if ends.is_empty() { first } else { rest };
            if used + w.width + usize::from(w.hyphen) > room && i > start {
                ends.push(i);
                (used, start) = (0, i);
            }
            used += w.width + w.space;
        }
        ends.push(words.len());
        return;
    }
    let n = words.len();
    // Working memory, kept for the next paragraph on this thread.
    let (mut at, mut cost, mut from) = SPARE.take();
    // Columns up to each word, spaces included.
    at.clear();
    at.push(0usize);
    for w in words {
        at.push(at[at.len() - 1] + w.width + w.space);
    }
    // The least cost of the words before each position, and the line start it came from.
    // (Costs stay far below overflow: a batch holds a few thousand words, and a gap is at
    // most the width of a terminal.)
    cost.clear();
    cost.resize(n + 1, 0u64);
    from.clear();
    from.resize(n + 1, 0usize);
    let square = |room: usize, wide: usize| (room.saturating_sub(wide) as u64).pow(2);
    for j in 1..=n {
        let end = &words[j - 1];
        // Columns from the first word to the end of this one (its hyphen, not its space).
        let reach = at[j] - end.space + usize::from(end.hyphen);
        let last = j == n;
        // The line of this word alone is always possible.
        let alone = reach - at[j - 1];
        let room = if j == 1 { first } else { rest };
        let mut least = cost[j - 1]
            + if !last {
                square(room, alone)
            } else if alone * 4 <= room {
                SHORT_LAST
            } else {
                0
            };
        let mut arg = j - 1;
        // Longer lines, starting earlier, until one is too wide; the first line has its
        // own room. The paragraph's last line costs nothing for its gap.
        let mut i = j - 1;
        while i > 0 {
            i -= 1;
            let wide = reach - at[i];
            let room = if i == 0 { first } else { rest };
            if wide > room {
                break;
            }
            let total = cost[i] + if last { 0 } else { square(room, wide) };
            if total < least {
                (least, arg) = (total, i);
            }
        }
        let hyphen = if end.hyphen { HYPHEN } else { 0 };
        cost[j] = least + LINE + hyphen;
        from[j] = arg;
    }
    let mut j = n;
    while j > 0 {
        ends.push(j);
        j = from[j];
    }
    ends.reverse();
    SPARE.set((at, cost, from));
}

thread_local! {
    /// The balanced breaker's arrays, between paragraphs (taken while in use, so a call can
    /// never find them borrowed).
    static SPARE: std::cell::Cell<(Vec<usize>, Vec<u64>, Vec<usize>)> = Default::default();
}

/// Words shorter than this are never hyphenated (English patterns keep two letters before a
/// break and three after it).
const HYPHENATE_FROM: usize = 6;

/// Words longer than this (in bytes) are not words to hyphenate: addresses, identifiers.
const HYPHENATE_UP_TO: usize = 40;

/// Room a line must have left at its end for the next line's first word to be worth
/// hyphenating: a syllable of two letters and a hyphen.
const ROOM_FOR_A_SYLLABLE: usize = 3;

/// After `breaks` has broken `words` (of `text`) into lines ending at `ends`, the words again
/// with the first word of each line that follows one with room at its end split into its
/// syllables, in `lang`, where `may` allows (by the word's start); `None` when no word was.
pub(super) fn hyphenate_at_ends(
    text: &str,
    words: &[Word],
    ends: &[usize],
    widths: (usize, usize),
    lang: hypher::Lang,
    may: &dyn Fn(usize) -> bool,
) -> Option<Vec<Word>> {
    let mut out: Option<Vec<Word>> = None;
    let mut copied = 0;
    let mut start = 0;
    for (line, &end) in ends.iter().enumerate() {
        let room = if line == 0 { widths.0 } else { widths.1 };
        let wide: usize = words[start..end]
            .iter()
            .map(|w| w.width + w.space)
            .sum::<usize>()
            - words[end - 1].space;
        start = end;
        if end >= words.len() || room < wide + ROOM_FOR_A_SYLLABLE {
            continue;
        }
        let word = words[end];
        if word.hyphen || !may(word.start) {
            continue;
        }
        let mut pieces = Vec::new();
        if !syllables(
            &text[word.start..word.end],
            lang,
            word.start,
            word.space,
            &mut |w| pieces.push(w),
        ) {
            continue;
        }
        let out = out.get_or_insert_with(|| Vec::with_capacity(words.len() + 16));
        out.extend_from_slice(&words[copied..end]);
        out.extend(pieces);
        copied = end + 1;
    }
    let mut out = out?;
    out.extend_from_slice(&words[copied..]);
    Some(out)
}

/// Pushes the syllables of `word` (at `start` in the joined text, followed by `space`
/// columns of space) as words of their own, each but the last breakable with a hyphen.
/// Only a word of letters, with punctuation at either end at most and no capital after its
/// first letter (an acronym, a name in code) is hyphenated. Returns false, pushing nothing,
/// when the word is not hyphenated.
pub(super) fn syllables(
    word: &str,
    lang: hypher::Lang,
    start: usize,
    space: usize,
    push: &mut dyn FnMut(Word),
) -> bool {
    if word.len() < HYPHENATE_FROM || word.len() > HYPHENATE_UP_TO {
        return false;
    }
    let core_start = word.len()
        - word
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .len();
    let core = word[core_start..].trim_end_matches(|c: char| !c.is_alphanumeric());
    if core.len() < HYPHENATE_FROM
        || !core.chars().all(char::is_alphabetic)
        || core.chars().skip(1).any(char::is_uppercase)
    {
        return false;
    }
    let mut parts = hypher::hyphenate(core, lang).peekable();
    let mut at = 0;
    let mut pieces = 0;
    while let Some(part) = parts.next() {
        let last = parts.peek().is_none();
        if last && pieces == 0 {
            // One syllable: nowhere to break.
            return false;
        }
        let from = if pieces == 0 { 0 } else { core_start + at };
        at += part.len();
        let to = if last { word.len() } else { core_start + at };
        push(Word {
            start: start + from,
            end: start + to,
            width: text::width(&word[from..to]),
            space: if last { space } else { 0 },
            hyphen: !last,
        });
        pieces += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words of `text` split at single spaces.
    fn words(text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        let mut at = 0;
        for w in text.split(' ') {
            out.push(Word {
                start: at,
                end: at + w.len(),
                width: w.len(),
                space: 1,
                hyphen: false,
            });
            at += w.len() + 1;
        }
        if let Some(last) = out.last_mut() {
            last.space = 0;
        }
        out
    }

    /// The lines of `text` broken at `ends`.
    fn lines(text: &str, ends: &[usize]) -> Vec<String> {
        let ws: Vec<&str> = text.split(' ').collect();
        let mut start = 0;
        ends.iter()
            .map(|&e| {
                let line = ws[start..e].join(" ");
                start = e;
                line
            })
            .collect()
    }

    #[test]
    fn balanced_lines_are_even_where_first_fit_leaves_one_short() {
        let text = "aaa bb cc ddddd";
        let w = words(text);
        assert_eq!(
            lines(text, &breaks(&w, false, 6, 6)),
            ["aaa bb", "cc", "ddddd"]
        );
        assert_eq!(
            lines(text, &breaks(&w, true, 6, 6)),
            ["aaa", "bb cc", "ddddd"]
        );
    }

    /// The cost of breaking `words` at `ends`, as the balanced breaking counts it.
    fn cost(words: &[Word], ends: &[usize], first: usize, rest: usize) -> Option<u64> {
        let mut total = 0;
        let mut start = 0;
        for (i, &end) in ends.iter().enumerate() {
            let room = if i == 0 { first } else { rest };
            let line = &words[start..end];
            let wide = line.iter().map(|w| w.width + w.space).sum::<usize>()
                - line[line.len() - 1].space
                + usize::from(line[line.len() - 1].hyphen);
            if wide > room && line.len() > 1 {
                return None;
            }
            let gap = room.saturating_sub(wide) as u64;
            total += LINE;
            if end < words.len() {
                total += gap * gap;
            } else if line.len() == 1 && wide * 4 <= room {
                total += SHORT_LAST;
            }
            if line[line.len() - 1].hyphen {
                total += HYPHEN;
            }
            start = end;
        }
        Some(total)
    }

    #[test]
    fn balanced_breaks_cost_the_least_of_every_way_to_break() {
        // Every way to break a dozen words, against the program's choice.
        let mut seed = 7u64;
        for round in 0..200 {
            let n = 12;
            let mut ws = Vec::new();
            let mut at = 0;
            for i in 0..n {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let width = 1 + (seed >> 33) as usize % 7;
                let hyphen = round % 2 == 1 && (seed >> 20).is_multiple_of(3) && i + 1 < n;
                ws.push(Word {
                    start: at,
                    end: at + width,
                    width,
                    space: usize::from(!hyphen && i + 1 < n),
                    hyphen,
                });
                at += width + 1;
            }
            let (first, rest) = (10, 12);
            let chosen = breaks(&ws, true, first, rest);
            let got = cost(&ws, &chosen, first, rest).expect("fits");
            let mut least = u64::MAX;
            for mask in 0..(1u32 << (n - 1)) {
                let mut ends: Vec<usize> = (1..n).filter(|i| mask & (1 << (i - 1)) != 0).collect();
                ends.push(n);
                if let Some(c) = cost(&ws, &ends, first, rest) {
                    least = least.min(c);
                }
            }
            assert_eq!(got, least, "round {round}: {chosen:?}");
        }
    }

    #[test]
    fn no_line_is_wider_than_its_room_and_the_first_may_be_narrower() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let w = words(text);
        for balanced in [false, true] {
            let ends = breaks(&w, balanced, 8, 12);
            let got = lines(text, &ends);
            assert!(got[0].len() <= 8, "{got:?}");
            assert!(got.iter().all(|l| l.len() <= 12), "{got:?}");
            assert_eq!(got.join(" "), text);
        }
    }

    #[test]
    fn a_word_wider_than_the_line_stands_alone() {
        let text = "a verylongword b";
        let w = words(text);
        assert_eq!(
            lines(text, &breaks(&w, true, 5, 5)),
            ["a", "verylongword", "b"]
        );
    }

    #[test]
    fn only_words_after_a_line_with_room_are_hyphenated() {
        let text = "abcdefgh reader hyphenation";
        let w = words(text);
        let ends = breaks(&w, false, 14, 14);
        assert_eq!(lines(text, &ends), ["abcdefgh", "reader", "hyphenation"]);
        let may = |_: usize| true;
        let split = hyphenate_at_ends(text, &w, &ends, (14, 14), hypher::Lang::English, &may)
            .expect("a word after a line with room");
        let pieces: Vec<&str> = split.iter().map(|w| &text[w.start..w.end]).collect();
        // "reader" follows a line with room; "hyphenation" follows a full one... but both
        // lines have room here: each is split, "abcdefgh" (first on its line) is not.
        assert_eq!(pieces[0], "abcdefgh");
        assert!(pieces.len() > 3, "{pieces:?}");
        assert!(split.iter().filter(|w| w.hyphen).all(|w| w.space == 0));
        let none = |_: usize| false;
        assert!(
            hyphenate_at_ends(text, &w, &ends, (14, 14), hypher::Lang::English, &none).is_none()
        );
    }

    #[test]
    fn syllables_keep_punctuation_with_the_word_and_skip_acronyms() {
        let mut got = Vec::new();
        let word = "(hyphenation),";
        assert!(syllables(word, hypher::Lang::English, 10, 1, &mut |w| got.push(w)));
        let pieces: Vec<&str> = got
            .iter()
            .map(|w| &word[w.start - 10..w.end - 10])
            .collect();
        assert_eq!(pieces.concat(), word);
        assert!(pieces[0].starts_with('('));
        assert!(pieces.last().is_some_and(|p| p.ends_with("),")));
        assert_eq!(got.last().map(|w| (w.space, w.hyphen)), Some((1, false)));
        for word in ["HYPHENATION", "hyphen-ation", "co2emission", "short"] {
            assert!(
                !syllables(word, hypher::Lang::English, 0, 1, &mut |_| {}),
                "{word}"
            );
        }
    }
}
