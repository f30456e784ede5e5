//! Setting one stretch of inline text (a paragraph, a heading, a list item's text) into lines
//! of styled spans: its runs joined into one text, cut into words, broken into lines (see
//! [`super::breaks`]), and each line made of the runs' pieces, indented, justified or ending in
//! a hyphen as the page asks. Every span keeps the source offset of its text.

use super::breaks::{Word, breaks_into, hyphenate_at_ends};
use super::{Span, push_span};
use crate::document::{Run, TextStyle};
use crate::text;
use std::borrow::Cow;

/// How one stretch of inline text is set: the page's typesetting, as it applies to it.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Set {
    pub balanced: bool,
    pub hyphens: Option<hypher::Lang>,
    pub justify: bool,
    /// Columns the first line is indented by (a book-style paragraph).
    pub indent: usize,
}

/// Words wrapped at a time: a paragraph of any length needs memory for one batch only.
/// First fit is greedy, so every line but the last of a batch is final; a balanced batch
/// keeps its last lines back to be set again with the words after them.
pub(super) const WRAP_BATCH: usize = 4096;

/// The most columns justifying adds to one gap between words.
const MAX_STRETCH: usize = 4;

/// Lines a balanced batch keeps back for the next.
const BALANCED_KEEP: usize = 3;

/// Styles whose text is never hyphenated: code, addresses, what the layout adds.
const UNHYPHENATED: [TextStyle; 4] = [
    TextStyle::CODE,
    TextStyle::URL,
    TextStyle::MARKER,
    TextStyle::HEADING,
];

/// Runs joined into one text, with where each starts in it.
struct Joined<'r> {
    runs: &'r [Run],
    text: Cow<'r, str>,
    starts: Vec<usize>,
    /// Styles added to every span (a heading's).
    extra: TextStyle,
}

impl<'r> Joined<'r> {
    /// The runs joined, in `spare`'s memory where it needs any.
    fn new(runs: &'r [Run], extra: TextStyle, spare: &mut Spare) -> Joined<'r> {
        // Borrowed when there is only one run, as in long plain paragraphs.
        let text: Cow<'_, str> = match runs {
            [one] => Cow::Borrowed(one.text.as_str()),
            _ => {
                let mut text = std::mem::take(&mut spare.text);
                text.clear();
                text.extend(runs.iter().map(|r| r.text.as_str()));
                Cow::Owned(text)
            }
        };
        let mut starts = std::mem::take(&mut spare.starts);
        starts.clear();
        let mut at = 0;
        for r in runs {
            starts.push(at);
            at += r.text.len();
        }
        Joined {
            runs,
            text,
            starts,
            extra,
        }
    }

    /// Keeps this text's memory in `spare` for the next paragraph.
    fn give_back(self, mut spare: Spare) {
        if let Cow::Owned(text) = self.text {
            spare.text = text;
        }
        spare.starts = self.starts;
        SPARE.set(spare);
    }

    /// The run holding byte `pos` of the text.
    fn run_at(&self, pos: usize) -> usize {
        self.starts.partition_point(|&s| s <= pos).saturating_sub(1)
    }

    /// Text the document adds (a link's address, image brackets) has no source.
    fn added(&self, r: usize) -> bool {
        let style = self.runs[r].style;
        style.contains(TextStyle::URL) || style.contains(TextStyle::MARKER)
    }

    /// Whether the word starting at byte `pos` may be hyphenated (not code, an address or
    /// what the layout adds).
    fn may_hyphenate(&self, pos: usize) -> bool {
        let style = self.runs[self.run_at(pos)].style;
        !UNHYPHENATED.iter().any(|s| style.contains(*s))
    }

    /// Appends `text[from..to]` to `spans`, a piece per run.
    fn text_of(&self, spans: &mut Vec<Span>, from: usize, to: usize) {
        let mut pos = from;
        let mut r = self.run_at(from);
        while pos < to && r < self.runs.len() {
            let run = &self.runs[r];
            let piece_end = (self.starts[r] + run.text.len()).min(to);
            if piece_end > pos {
                let source = (!self.added(r)).then(|| run.offset + (pos - self.starts[r]));
                push_span(
                    spans,
                    &self.text[pos..piece_end],
                    run.style | self.extra,
                    source,
                );
            }
            pos = piece_end.max(pos);
            r += 1;
        }
    }

    /// One line of `words` in `room` columns, after `indent` columns of indent, and its
    /// source offset. Justified when `justify` (the paragraph's last line never is), the
    /// odd columns left over spread from the line's end when `odd`. Made with room for
    /// `room_before` more spans.
    fn line(
        &self,
        words: &[Word],
        room: usize,
        indent: usize,
        justify: bool,
        odd: bool,
        room_before: usize,
    ) -> Option<(Vec<Span>, usize)> {
        let (head, tail) = (words.first()?, words.last()?);
        // At most a span per run the line touches, an indent, a hyphen, and when justified
        // a run cut at each gap and the gap's padding.
        let runs = self.run_at(tail.end.max(head.start + 1) - 1) + 1 - self.run_at(head.start);
        let padding = if justify { 2 * (words.len() - 1) } else { 0 };
        let most = runs + padding + usize::from(indent > 0) + usize::from(tail.hyphen);
        let mut spans = Vec::with_capacity(room_before + most);
        if indent > 0 {
            push_span(&mut spans, &" ".repeat(indent), TextStyle::PLAIN, None);
        }
        let between = &words[..words.len() - 1];
        let natural = words.iter().map(|w| w.width).sum::<usize>()
            + between.iter().map(|w| w.space).sum::<usize>()
            + usize::from(tail.hyphen);
        let gaps = between.iter().filter(|w| w.space > 0).count();
        let spare = room.saturating_sub(natural);
        // A line that could only be justified with gaps wider than a few columns (two long
        // words, an address) is left ragged rather than torn apart.
        if justify && gaps > 0 && spare > 0 && spare <= gaps * MAX_STRETCH {
            // Spread the spare columns over the gaps; the odd ones left over are spread along
            // the line too, counted from its start on one line and its end on the next, so
            // no column of wider gaps runs down the page.
            let (each, rest) = (spare / gaps, spare % gaps);
            let wider = |gap: usize| {
                let k = if odd { gaps - 1 - gap } else { gap };
                (k + 1) * rest / gaps > k * rest / gaps
            };
            let mut cursor = head.start;
            let pairs = words.windows(2).filter(|p| p[0].space > 0);
            for (gap, pair) in pairs.enumerate() {
                self.text_of(&mut spans, cursor, pair[1].start);
                let pad = " ".repeat(each + usize::from(wider(gap)));
                push_span(&mut spans, &pad, TextStyle::PLAIN | self.extra, None);
                cursor = pair[1].start;
            }
            self.text_of(&mut spans, cursor, tail.end);
        } else {
            self.text_of(&mut spans, head.start, tail.end);
        }
        if tail.hyphen {
            let style = self.runs[self.run_at(tail.end - 1)].style;
            push_span(
                &mut spans,
                "-",
                style | self.extra | TextStyle::HYPHEN,
                None,
            );
        }
        let r0 = self.run_at(head.start);
        // Text the layout adds has no place in the source to count from.
        let into = if self.added(r0) {
            0
        } else {
            head.start - self.starts[r0]
        };
        Some((spans, self.runs[r0].offset + into))
    }
}

/// Wraps runs without hard breaks into lines of styled spans, set as `set` says, handing
/// each line and its source offset to `emit`. Each line has room for `room_before` more spans
/// (a prefix to go before it) without growing.
pub(super) fn wrap_runs(
    runs: &[Run],
    width: usize,
    extra: TextStyle,
    set: Set,
    room_before: usize,
    emit: &mut dyn FnMut(Vec<Span>, usize),
) {
    // Working memory, kept for the next paragraph on this thread.
    let mut spare = SPARE.take();
    let joined = Joined::new(runs, extra, &mut spare);
    let trimmed = joined.text.trim_start();
    let lead = joined.text.len() - trimmed.len();
    let trimmed = trimmed.trim_end();
    if trimmed.is_empty() {
        joined.give_back(spare);
        return;
    }
    let indent = set.indent.min(width.saturating_sub(1));
    let may_hyphenate = |pos: usize| joined.may_hyphenate(pos);
    let mut first = true;
    let mut count = 0usize;
    let mut ends = std::mem::take(&mut spare.ends);
    // Breaks the batch; emits every line, or all but the last few (which may still change).
    let mut flush = |words: &mut Vec<Word>, all: bool| {
        let widths = (if first { width - indent } else { width }, width);
        // With hyphens, where first fit ends its lines says which words to hyphenate (a
        // balanced break ends near there too), and the words are broken once more.
        let first_fit = !set.balanced || set.hyphens.is_some();
        breaks_into(words, !first_fit, widths.0, widths.1, &mut ends);
        if let Some(lang) = set.hyphens {
            if let Some(split) =
                hyphenate_at_ends(&joined.text, words, &ends, widths, lang, &may_hyphenate)
            {
                *words = split;
            }
            if set.balanced || words.len() != ends.last().copied().unwrap_or(0) {
                breaks_into(words, set.balanced, widths.0, widths.1, &mut ends);
            }
        }
        let held = if all {
            0
        } else if set.balanced {
            BALANCED_KEEP.min(ends.len().saturating_sub(1))
        } else {
            usize::from(!ends.is_empty())
        };
        let done = ends.len() - held;
        let mut start = 0;
        for (i, &end) in ends[..done].iter().enumerate() {
            let last = all && i + 1 == ends.len();
            let (room, margin) = if first && i == 0 {
                (width - indent, indent)
            } else {
                (width, 0)
            };
            let justify = set.justify && !last;
            let odd = count % 2 == 1;
            let line = joined.line(&words[start..end], room, margin, justify, odd, room_before);
            if let Some((spans, offset)) = line {
                emit(spans, offset);
            }
            count += 1;
            start = end;
        }
        if done > 0 {
            first = false;
        }
        words.drain(..start);
    };
    let mut words = std::mem::take(&mut spare.words);
    words.clear();
    for_each_word(trimmed, lead, width - indent, &mut |word| {
        words.push(word);
        if words.len() >= WRAP_BATCH {
            flush(&mut words, false);
        }
    });
    flush(&mut words, true);
    spare.words = words;
    spare.ends = ends;
    joined.give_back(spare);
}

/// Memory [`wrap_runs`] works in, kept between paragraphs: the joined text, where each run
/// starts in it, the words, and where the lines end.
#[derive(Default)]
struct Spare {
    text: String,
    starts: Vec<usize>,
    words: Vec<Word>,
    ends: Vec<usize>,
}

thread_local! {
    /// Taken while a paragraph is set, so a call can never find it borrowed.
    static SPARE: std::cell::Cell<Spare> = Default::default();
}

/// Hands each word of `trimmed` (which starts at `lead` in the joined text) to `push`, with
/// its width and the width of the space after it; a word wider than `width` is cut into
/// pieces that fit. Words are split at spaces; a word with other than ASCII in it is split
/// again by Unicode's line-breaking rules, which break between CJK ideographs. (Running those
/// rules over whole paragraphs costs ten times as much and only adds breaks at hyphens.)
fn for_each_word(trimmed: &str, lead: usize, width: usize, push: &mut dyn FnMut(Word)) {
    let base = trimmed.as_ptr() as usize;
    let mut one = |word: &str, whitespace: &str, ascii: bool| {
        let start = lead + (word.as_ptr() as usize - base);
        // ASCII is a cell a byte (see `text::width`).
        let space = if ascii {
            whitespace.len()
        } else {
            text::width(whitespace)
        };
        let w_width = if ascii { word.len() } else { text::width(word) };
        if w_width <= width {
            // The common case: the word fits on a line whole.
            push(Word {
                start,
                end: start + word.len(),
                width: w_width,
                space,
                hyphen: false,
            });
            return;
        }
        let pieces = text::split_to_width(word, width);
        let last = pieces.len() - 1;
        let mut at = start;
        for (i, piece) in pieces.into_iter().enumerate() {
            push(Word {
                start: at,
                end: at + piece.len(),
                width: text::width(piece),
                space: if i == last { space } else { 0 },
                hyphen: false,
            });
            at += piece.len();
        }
    };
    for (word, whitespace, ascii) in ascii_words(trimmed) {
        if ascii {
            one(word, whitespace, true);
            continue;
        }
        unicode_pieces(word, &mut |piece, last| {
            one(piece, if last { whitespace } else { "" }, false)
        });
    }
}

/// Hands `piece` the pieces Unicode's line-breaking rules cut `word` (with no ASCII space in
/// it) into, and whether each is the last, as textwrap's
/// `WordSeparator::UnicodeBreakProperties` cuts it: never after a hyphen or a soft hyphen,
/// and not at the last place the rules allow (the word's end, or, after a final hyphen, the
/// place before). Without the three allocations textwrap makes for each word.
fn unicode_pieces<'w>(word: &'w str, piece: &mut dyn FnMut(&'w str, bool)) {
    use icu_segmenter::LineSegmenter;
    use icu_segmenter::options::LineBreakOptions;
    let rules = LineSegmenter::new_for_non_complex_scripts(LineBreakOptions::default());
    let mut breaks = rules
        .segment_str(word)
        .filter(|&i| i > 0 && !matches!(word[..i].chars().next_back(), Some('-' | '\u{ad}')))
        .peekable();
    let mut start = 0;
    while let Some(at) = breaks.next() {
        if breaks.peek().is_none() {
            break;
        }
        piece(&word[start..at], false);
        start = at;
    }
    if start < word.len() {
        piece(&word[start..], true);
    }
}

/// The words of `text` split at ASCII spaces, each with the spaces after it and whether it
/// is all ASCII, as textwrap's `WordSeparator::AsciiSpace` splits them (without its boxed
/// iterator and its measuring, which cost more than the split itself on dense text). One
/// pass over the bytes: words are short, so a plain loop beats searching for each space.
fn ascii_words(text: &str) -> impl Iterator<Item = (&str, &str, bool)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        let mut high = 0u8;
        while at < bytes.len() && bytes[at] != b' ' {
            high |= bytes[at];
            at += 1;
        }
        let end = at;
        while at < bytes.len() && bytes[at] == b' ' {
            at += 1;
        }
        // Cut at ASCII spaces only, so at character boundaries.
        Some((&text[start..end], &text[end..at], high < 0x80))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use textwrap::WordSeparator;

    #[test]
    fn words_split_as_textwrap_splits_them_at_ascii_spaces() {
        for text in [
            "plain words here",
            "two  spaces   and three",
            "ünïcode — dashes and 語 words",
            "tail spaces   ",
            "one",
            "a\u{a0}no-break space stays inside a word",
        ] {
            let ours: Vec<(&str, &str, bool)> = ascii_words(text).collect();
            let theirs: Vec<(&str, &str, bool)> = WordSeparator::AsciiSpace
                .find_words(text)
                .map(|w| (w.word, w.whitespace, w.word.is_ascii()))
                .collect();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    #[test]
    fn words_with_more_than_ascii_split_as_textwrap_splits_them() {
        for word in [
            "ünïcode",
            "日本語の文",
            "日本-",
            "日本-語",
            "a—b—c",
            "—",
            "don’t",
            "soft\u{ad}hyphen\u{ad}",
            "語\u{ad}語",
            "👍🏽👍🏽",
            "(日本)",
            "«quoted»",
            "x\u{a0}y",
            "https://例え.jp/パス",
            "é",
        ] {
            let mut ours = Vec::new();
            unicode_pieces(word, &mut |piece, last| ours.push((piece, last)));
            let theirs: Vec<&str> = WordSeparator::UnicodeBreakProperties
                .find_words(word)
                .map(|w| {
                    assert_eq!(w.whitespace, "", "{word:?}");
                    w.word
                })
                .collect();
            let n = theirs.len();
            let theirs: Vec<(&str, bool)> = theirs
                .into_iter()
                .enumerate()
                .map(|(i, w)| (w, i + 1 == n))
                .collect();
            assert_eq!(ours, theirs, "{word:?}");
        }
    }
}
