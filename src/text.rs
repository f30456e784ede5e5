//! Text measuring and cleaning shared by the document and the layout.
//!
//! Width is measured exactly the way ratatui draws (grapheme by grapheme), so a line the
//! layout says fits is a line the screen shows whole. Cleaning turns characters that could
//! steer a terminal into visible placeholders before anything is measured.

use ratatui::buffer::CellWidth;
use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;

/// Columns a tab stop spans in code blocks.
pub const TAB_STOP: usize = 4;

/// Display width of `s` in terminal cells, as ratatui's buffer will draw it.
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        // Cleaned text has no ASCII controls, so every byte is one cell.
        return s.len();
    }
    // Most text that is not ASCII is letters with accents and typographic punctuation, each
    // character a grapheme of its own: measured one by one, without finding graphemes.
    let mut total = 0;
    let mut utf8 = [0u8; 4];
    for c in s.chars() {
        total += match c {
            ' '..='~' => 1,
            c if stands_alone(c) => usize::from(c.encode_utf8(&mut utf8).cell_width()),
            _ => return s.graphemes(true).map(|g| usize::from(g.cell_width())).sum(),
        };
    }
    total
}

/// Whether `c` is a grapheme of its own wherever it stands, whatever is around it, unless what
/// follows it is a mark that joins it (none of which stands alone): Latin letters and signs
/// up to U+02FF (the combining marks start at U+0300), Greek and Cyrillic letters (but for
/// Cyrillic's combining marks, U+0483–U+0489), general punctuation but for the joiners,
/// zero-width and direction characters, arrows, mathematical and technical signs, box
/// drawing and shapes, CJK punctuation (but for the tone marks from U+302A), kana (but for
/// the combining sound marks U+3099 and U+309A), CJK ideographs, Hangul syllables (a jamo
/// that would join one does not stand alone) and fullwidth forms.
fn stands_alone(c: char) -> bool {
    matches!(c,
        '\u{a0}'..='\u{2ff}'
        | '\u{370}'..='\u{482}'
        | '\u{48a}'..='\u{52f}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205e}'
        | '\u{2190}'..='\u{25ff}'
        | '\u{3001}'..='\u{3029}'
        | '\u{3041}'..='\u{3096}'
        | '\u{309b}'..='\u{30ff}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7a3}'
        | '\u{ff01}'..='\u{ff60}')
}

/// The visible stand-in for a character that must not reach the terminal, if `c` is one.
fn placeholder(c: char) -> Option<char> {
    match c {
        // C0 controls become their Control Pictures (ESC shows as ␛).
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32),
        '\x7f' => Some('\u{2421}'),
        // C1 controls (including the 8-bit CSI and OSC introducers).
        '\u{80}'..='\u{9f}' => Some('\u{fffd}'),
        _ => None,
    }
}

/// The characters that override or isolate the direction of the text after them (U+202A–E,
/// U+2066–9): what makes text read in another order than it is stored ("Trojan Source").
/// Every output drops them (see [`clean`]).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `s` may hold a [`is_bidi_control`] character: each is encoded as `E2 80 AA–AE`
/// or `E2 81 A6–A9`. Checks only where an `E2` byte is (typographic quotes and dashes).
fn may_hold_bidi_controls(s: &str) -> bool {
    let bytes = s.as_bytes();
    memchr::memchr_iter(0xe2, bytes).any(|i| {
        matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
        )
    })
}

/// Cleans one line of text: tabs become spaces up to the next tab stop (counted from the
/// start of `s`), every other control character becomes a visible placeholder, and the
/// controls of text direction are dropped.
/// Newlines are not expected here; callers split lines first.
pub fn clean(s: &str) -> Cow<'_, str> {
    // Every character to replace starts with a byte below 0x20, 0x7f, or 0xc2 (C1 controls
    // are U+0080–U+009F); most text has none of them.
    // (A fold, not `any`, so the scan is vectorised.)
    let suspicious = s.bytes().fold(false, |seen, b| {
        seen | (b < 0x20) | (b == 0x7f) | (b == 0xc2)
    });
    let unsafe_char = |c: char| placeholder(c).is_some() || is_bidi_control(c);
    if (!suspicious && !may_hold_bidi_controls(s)) || !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    // The column `out` ends at, measured up to `measured` (a tab's spaces are counted as
    // they are added, so each stretch of text is measured once: linear in the line).
    let (mut col, mut measured) = (0, 0);
    for c in s.chars() {
        if c == '\t' {
            col += width(&out[measured..]);
            let spaces = TAB_STOP - col % TAB_STOP;
            out.extend(std::iter::repeat_n(' ', spaces));
            col += spaces;
            measured = out.len();
        } else if let Some(p) = placeholder(c) {
            out.push(p);
        } else if is_bidi_control(c) {
            // Dropped, as a terminal may otherwise show text in another order than it is.
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The longest start of `s` at most `max` columns wide, never cut inside a grapheme.
pub fn prefix_to_width(s: &str, max: usize) -> &str {
    if s.is_ascii() {
        return &s[..s.len().min(max)];
    }
    let mut used = 0;
    for (i, g) in s.grapheme_indices(true) {
        used += usize::from(g.cell_width());
        if used > max {
            return &s[..i];
        }
    }
    s
}

/// Splits `s` into pieces of at most `max` columns, never inside a grapheme. A grapheme wider
/// than `max` is kept whole on its own piece.
pub fn split_to_width(s: &str, max: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    to_width(s, max, |piece| {
        pieces.push(piece);
        true
    });
    pieces
}

/// The first piece [`split_to_width`] would cut `s` into, without cutting the rest.
/// It looks at that piece (and a character after it) only, so cutting a line of any length
/// into pieces one at a time costs time in proportion to the line.
pub fn first_to_width(s: &str, max: usize) -> &str {
    let max = max.max(1);
    if s.len() <= max && s.is_ascii() {
        return s;
    }
    // `max` ASCII bytes (every one a cell), and no grapheme reaching past them.
    let bytes = s.as_bytes();
    if bytes.len() > max && bytes[..max].is_ascii() && bytes[max].is_ascii() {
        return &s[..max];
    }
    let mut used = 0;
    for (i, g) in s.grapheme_indices(true) {
        let w = width(g);
        if used + w > max && i > 0 {
            return &s[..i];
        }
        used += w;
    }
    s
}

/// Hands the pieces of [`split_to_width`] to `piece` in order, until it returns false.
fn to_width<'s>(s: &'s str, max: usize, mut piece: impl FnMut(&'s str) -> bool) {
    let max = max.max(1);
    if width(s) <= max {
        piece(s);
        return;
    }
    if s.is_ascii() {
        // Every byte a cell (see `width`): pieces of `max` bytes.
        for i in (0..s.len()).step_by(max) {
            if !piece(&s[i..(i + max).min(s.len())]) {
                return;
            }
        }
        return;
    }
    let mut start = 0;
    let mut used = 0;
    for (i, g) in s.grapheme_indices(true) {
        let w = width(g);
        if used + w > max && i > start {
            if !piece(&s[start..i]) {
                return;
            }
            start = i;
            used = 0;
        }
        used += w;
    }
    if start < s.len() {
        piece(&s[start..]);
    }
}

/// 64-bit FNV-1a: a small, documented, stable hash (unlike the standard library's
/// `DefaultHasher`, whose output may change between Rust releases).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A size in bytes as a reader says it: "812 bytes", "14 KB", "3.2 MB".
pub fn bytes(n: usize) -> String {
    match n {
        1 => "1 byte".to_string(),
        0..1024 => format!("{n} bytes"),
        1024..1_048_576 => format!("{} KB", n / 1024),
        _ => format!("{:.1} MB", n as f64 / 1_048_576.0),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_are_said_in_the_unit_that_reads_best() {
        assert_eq!(super::bytes(1), "1 byte");
        assert_eq!(super::bytes(812), "812 bytes");
        assert_eq!(super::bytes(14 << 10), "14 KB");
        assert_eq!(super::bytes(3 << 20 | 1 << 19), "3.5 MB");
    }

    use super::*;

    #[test]
    fn fnv1a_is_the_documented_function() {
        // Published test vectors of 64-bit FNV-1a.
        assert_eq!(fnv1a(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn the_first_piece_is_the_first_of_all_the_pieces() {
        let pool: Vec<char> = "abc xyz-é\u{301}\u{300}語👍🏽🇫🇷\u{200d}한ｶﾞ".chars().collect();
        let mut seed = 7u64;
        for _ in 0..4000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let len = (seed >> 33) as usize % 40;
            let text: String = (0..len)
                .map(|i| {
                    let r = seed.rotate_left(i as u32 * 7);
                    // Mostly ASCII, as code is.
                    if r.is_multiple_of(3) {
                        pool[(r >> 8) as usize % pool.len()]
                    } else {
                        pool[(r >> 8) as usize % 7]
                    }
                })
                .collect();
            for max in 1..12 {
                let first = split_to_width(&text, max).first().copied().unwrap_or("");
                assert_eq!(first_to_width(&text, max), first, "{text:?} at {max}");
            }
        }
    }

    #[test]
    fn width_one_character_at_a_time_is_width_by_graphemes() {
        let by_graphemes =
            |s: &str| -> usize { s.graphemes(true).map(|g| usize::from(g.cell_width())).sum() };
        // Characters that stand alone, and ones that join or are wide, in every order.
        let pool: Vec<char> =
            "aZ é’“”–—…•│→ß\u{a0}\u{ad}ŋǅ\u{2ff}\u{2010}\u{205e}\u{25ff}\u{2190}\u{2194}\
             \u{300}\u{301}\u{200d}\u{fe0f}\u{200b}語👍🏽🇫🇷한\u{1100}\u{1161}\u{11a8}ｶﾞ\
             жЖλΩ\u{483}\u{489}\u{48a}\u{52f}。、の\u{3099}\u{309a}\u{302a}ンー가힣Ａ｠"
                .chars()
                .collect();
        let mut rng = 0x2545_f491_u64;
        for _ in 0..20_000 {
            let len = (rng % 7) as usize + 1;
            let s: String = (0..len)
                .map(|_| {
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    pool[(rng % pool.len() as u64) as usize]
                })
                .collect();
            assert_eq!(width(&s), by_graphemes(&s), "{s:?}");
        }
    }

    #[test]
    fn every_character_said_to_stand_alone_is_a_grapheme_of_its_own() {
        let graphemes = |s: &str| s.graphemes(true).count();
        let alone = (0..=0x10ffff_u32)
            .filter_map(char::from_u32)
            .filter(|&c| stands_alone(c));
        let mut checked = 0;
        for c in alone {
            for s in [
                format!("{c}{c}"),
                format!("a{c}"),
                format!("{c}a"),
                format!("語{c}"),
            ] {
                assert_eq!(graphemes(&s), 2, "{c:?} in {s:?}");
            }
            let one = c.to_string();
            assert_eq!(width(&one), usize::from(one.cell_width()), "{c:?}");
            checked += 1;
        }
        assert!(checked > 30_000, "{checked}");
    }

    #[test]
    fn widths_match_the_screen() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("日本"), 4);
        assert_eq!(width("e\u{301}"), 1, "combining mark joins its letter");
        assert_eq!(width("👍"), 2);
    }

    #[test]
    fn controls_become_visible_and_tabs_expand() {
        assert_eq!(clean("a\x1b[31mb"), "a\u{241b}[31mb");
        assert_eq!(clean("\x07\x7f\u{9b}"), "\u{2407}\u{2421}\u{fffd}");
        assert_eq!(clean("ab\tc"), "ab  c");
        assert_eq!(clean("\tx"), "    x");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
        assert!(matches!(clean("“quoted” — text"), Cow::Borrowed(_)));
        assert_eq!(clean("a\u{202e}cba\u{202c} \u{2066}x\u{2069}"), "acba x");
    }

    #[test]
    fn ascii_splits_as_graphemes_split_it() {
        let text = "https://example.org/a/very/long/address?with=a&query=string#and-more";
        for max in 1..=text.len() + 1 {
            let mut want = Vec::new();
            let mut start = 0;
            for (i, _) in text.grapheme_indices(true) {
                if i - start == max {
                    want.push(&text[start..i]);
                    start = i;
                }
            }
            want.push(&text[start..]);
            assert_eq!(split_to_width(text, max), want, "at {max} columns");
        }
    }

    #[test]
    fn splitting_respects_width_and_graphemes() {
        assert_eq!(split_to_width("abcdef", 4), vec!["abcd", "ef"]);
        assert_eq!(split_to_width("日本語", 4), vec!["日本", "語"]);
        assert_eq!(split_to_width("日本", 1), vec!["日", "本"]);
        assert_eq!(split_to_width("", 3), vec![""]);
    }

    #[test]
    fn the_first_piece_is_the_first_of_the_split() {
        for text in [
            "abcdef",
            "日本語",
            "e\u{301}te\u{301}",
            "a👍🏽b",
            "",
            "x日y本",
        ] {
            for max in 0..8 {
                let first = first_to_width(text, max);
                assert_eq!(first, split_to_width(text, max)[0], "{text:?} at {max}");
            }
        }
        assert_eq!(first_to_width("日本語", 3), "日");
        assert_eq!(first_to_width("abcdef", 4), "abcd");
    }

    #[test]
    fn tabs_expand_to_the_same_stops_in_linear_time() {
        assert_eq!(clean("a\tb"), "a   b");
        assert_eq!(clean("日\tx\t"), "日  x   ");
        assert_eq!(clean("\t\t"), "        ");
        // A long tabbed line: each stretch is measured once (this took seconds when every tab
        // measured the whole line so far).
        let long = "word\t".repeat(100_000);
        let cleaned = clean(&long);
        assert_eq!(cleaned.len(), 8 * 100_000);
        assert!(cleaned.starts_with("word    word    "));
    }
}
