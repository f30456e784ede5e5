//! Syntax highlighting of fenced code that names its language, with tree-sitter.
//!
//! A language's highlighter (its grammar and highlight query, compiled: 0.1 to 50 ms) is made
//! only when a document first shows code in it, on a thread of its own while the code shows
//! plain; [`generation`] says when one is ready, and the reader lays out again. `--print`
//! waits for it instead ([`Highlighting::Now`]). Highlighting happens in layout, cached with
//! the rest of a section's lines. A language not known here shows as plain code.

use crate::document::{Run, TextStyle};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use tree_sitter_highlight::{HighlightConfiguration, HighlightEvent, Highlighter};

/// Whether and how layout highlights code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Highlighting {
    /// Plain code (no colour to show it in).
    #[default]
    Off,
    /// Highlighted once the language's highlighter is ready, made meanwhile on another
    /// thread (the reader).
    Soon,
    /// Highlighted now, the highlighter made first if need be (`--print`).
    Now,
}

/// The languages known, and the info-string words that name each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Rust,
    Shell,
    Toml,
    Python,
    JavaScript,
    Json,
}

const LANGUAGES: [Language; 6] = [
    Language::Rust,
    Language::Shell,
    Language::Toml,
    Language::Python,
    Language::JavaScript,
    Language::Json,
];

impl Language {
    /// The language a fence's info-string word names (any case), if it is known here.
    pub fn named(word: &str) -> Option<Language> {
        let word = word.to_ascii_lowercase();
        Some(match word.as_str() {
            "rust" | "rs" => Language::Rust,
            "sh" | "bash" | "shell" | "console" | "zsh" | "shell-session" | "shellsession" => {
                Language::Shell
            }
            "toml" => Language::Toml,
            "python" | "py" | "py3" | "python3" => Language::Python,
            "javascript" | "js" | "jsx" | "mjs" | "cjs" | "node" => Language::JavaScript,
            "json" | "jsonc" | "json5" => Language::Json,
            _ => return None,
        })
    }

    fn index(self) -> usize {
        self as usize
    }

    /// Its highlighter, compiled.
    fn configuration(self) -> Option<HighlightConfiguration> {
        let (language, name, query): (tree_sitter_language::LanguageFn, _, _) = match self {
            Language::Rust => (
                tree_sitter_rust::LANGUAGE,
                "rust",
                tree_sitter_rust::HIGHLIGHTS_QUERY,
            ),
            Language::Shell => (
                tree_sitter_bash::LANGUAGE,
                "bash",
                tree_sitter_bash::HIGHLIGHT_QUERY,
            ),
            Language::Toml => (
                tree_sitter_toml_ng::LANGUAGE,
                "toml",
                tree_sitter_toml_ng::HIGHLIGHTS_QUERY,
            ),
            Language::Python => (
                tree_sitter_python::LANGUAGE,
                "python",
                tree_sitter_python::HIGHLIGHTS_QUERY,
            ),
            Language::JavaScript => (
                tree_sitter_javascript::LANGUAGE,
                "javascript",
                tree_sitter_javascript::HIGHLIGHT_QUERY,
            ),
            Language::Json => (
                tree_sitter_json::LANGUAGE,
                "json",
                tree_sitter_json::HIGHLIGHTS_QUERY,
            ),
        };
        let made = HighlightConfiguration::new(language.into(), name, query, "", "");
        let mut made = made.ok()?;
        made.configure(&KINDS.map(|(name, _)| name));
        Some(made)
    }
}

/// The highlight names asked of the queries (a capture `@keyword.function` takes the longest
/// of these it starts with), and the style of each.
const KINDS: [(&str, TextStyle); 12] = [
    ("comment", TextStyle::CODE_COMMENT),
    ("string", TextStyle::CODE_STRING),
    ("escape", TextStyle::CODE_CONSTANT),
    ("keyword", TextStyle::CODE_KEYWORD),
    ("function", TextStyle::CODE_FUNCTION),
    ("function.macro", TextStyle::CODE_FUNCTION),
    ("type", TextStyle::CODE_TYPE),
    ("constructor", TextStyle::CODE_TYPE),
    ("constant", TextStyle::CODE_CONSTANT),
    ("number", TextStyle::CODE_CONSTANT),
    ("attribute", TextStyle::CODE_TYPE),
    ("property", TextStyle::CODE_FUNCTION),
];

/// Each language's highlighter, once made (`None` inside: it could not be).
static MADE: [OnceLock<Option<HighlightConfiguration>>; 6] = [const { OnceLock::new() }; 6];

/// Each language's highlighter has been asked for.
static ASKED: [AtomicBool; 6] = [const { AtomicBool::new(false) }; 6];

/// How many highlighters have been made (see [`generation`]).
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// How many highlighters are being made on threads of their own.
static MAKING: AtomicUsize = AtomicUsize::new(0);

/// Whether a highlighter is being made (the reader looks often for it to be ready).
pub fn making() -> bool {
    MAKING.load(Ordering::Acquire) > 0
}

/// A number that grows each time a highlighter is made: code laid out before shows plain,
/// and is laid out again.
pub fn generation() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

/// The highlighter of `lang`: made now with [`Highlighting::Now`]; with
/// [`Highlighting::Soon`], only if ready, else asked for on another thread.
fn configuration(lang: Language, how: Highlighting) -> Option<&'static HighlightConfiguration> {
    let cell = &MADE[lang.index()];
    if how == Highlighting::Off {
        return None;
    }
    if let Some(made) = cell.get() {
        return made.as_ref();
    }
    match how {
        Highlighting::Off => None,
        Highlighting::Now => cell.get_or_init(|| made(lang)).as_ref(),
        Highlighting::Soon => {
            if !ASKED[lang.index()].swap(true, Ordering::AcqRel) {
                MAKING.fetch_add(1, Ordering::AcqRel);
                let job = move || {
                    cell.get_or_init(|| made(lang));
                    MAKING.fetch_sub(1, Ordering::AcqRel);
                };
                if crate::worker::spawn("highlight", job).is_err() {
                    // No thread to spare: plain code from now on.
                    MAKING.fetch_sub(1, Ordering::AcqRel);
                    let _ = cell.set(None);
                }
            }
            None
        }
    }
}

/// `lang`'s highlighter made, counted in [`generation`].
fn made(lang: Language) -> Option<HighlightConfiguration> {
    let made = lang.configuration();
    GENERATION.fetch_add(1, Ordering::AcqRel);
    made
}

/// The longest block of code highlighted (about 40 ms of the reader's thread, at 1.7 MB/s):
/// a longer one shows plain.
pub const MOST: usize = 64 << 10;

/// A stretch of a line of code and its style: (start, end, style), in bytes of the line.
pub type Mark = (usize, usize, TextStyle);

thread_local! {
    static HIGHLIGHTER: std::cell::RefCell<Highlighter> = std::cell::RefCell::new(Highlighter::new());
}

/// The highlighted stretches of each of `lines` (a code block, one run a line) in the
/// language its fence named `word`, if known here and its highlighter is ready (see
/// [`Highlighting`]); none else, and the code shows plain.
pub fn lines(word: Option<&str>, lines: &[Run], how: Highlighting) -> Option<Vec<Vec<Mark>>> {
    let lang = Language::named(word?)?;
    if lines.iter().map(|l| l.text.len() + 1).sum::<usize>() > MOST {
        return None;
    }
    let config = configuration(lang, how)?;
    let mut code = String::with_capacity(lines.iter().map(|l| l.text.len() + 1).sum());
    let mut starts = Vec::with_capacity(lines.len() + 1);
    for line in lines {
        starts.push(code.len());
        code.push_str(&line.text);
        code.push('\n');
    }
    starts.push(code.len());
    let mut marks: Vec<Vec<Mark>> = vec![Vec::new(); lines.len()];
    HIGHLIGHTER.with_borrow_mut(|highlighter| {
        let events = highlighter
            .highlight(config, code.as_bytes(), None, |_| None)
            .ok()?;
        let mut kinds: Vec<TextStyle> = Vec::new();
        for event in events {
            match event.ok()? {
                HighlightEvent::HighlightStart(h) => {
                    kinds.push(KINDS.get(h.0).map_or(TextStyle::PLAIN, |k| k.1));
                }
                HighlightEvent::HighlightEnd => {
                    kinds.pop();
                }
                HighlightEvent::Source { start, end } => {
                    let style = kinds.last().copied().unwrap_or(TextStyle::PLAIN);
                    if style == TextStyle::PLAIN {
                        continue;
                    }
                    mark(&mut marks, &starts, start, end, style);
                }
            }
        }
        Some(())
    })?;
    Some(marks)
}

/// Adds the stretch `start..end` of the code (lines starting at `starts`) to the marks of
/// each line it covers.
fn mark(marks: &mut [Vec<Mark>], starts: &[usize], start: usize, end: usize, style: TextStyle) {
    let mut line = starts.partition_point(|&s| s <= start).saturating_sub(1);
    let mut at = start;
    while at < end && line < marks.len() {
        let line_end = starts[line + 1] - 1;
        let stop = end.min(line_end);
        if stop > at {
            marks[line].push((at - starts[line], stop - starts[line], style));
        }
        line += 1;
        at = starts.get(line).copied().unwrap_or(end);
    }
}

/// Every language, made now (for a benchmark or a test).
pub fn make_all() {
    for lang in LANGUAGES {
        configuration(lang, Highlighting::Now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::CompactString;

    fn runs(code: &str) -> Vec<Run> {
        code.lines()
            .map(|l| Run {
                text: CompactString::from(l),
                offset: 0,
                style: TextStyle::PLAIN,
            })
            .collect()
    }

    fn styled(word: &str, code: &str) -> Vec<(String, TextStyle)> {
        let lines = runs(code);
        let marks = super::lines(Some(word), &lines, Highlighting::Now).expect("known");
        lines
            .iter()
            .zip(marks)
            .flat_map(|(l, m)| {
                m.into_iter()
                    .map(|(a, b, s)| (l.text[a..b].to_string(), s))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn fences_name_languages_in_their_common_spellings() {
        for (word, lang) in [
            ("rust", Language::Rust),
            ("RS", Language::Rust),
            ("console", Language::Shell),
            ("sh", Language::Shell),
            ("toml", Language::Toml),
            ("py", Language::Python),
            ("js", Language::JavaScript),
            ("json", Language::Json),
        ] {
            assert_eq!(Language::named(word), Some(lang), "{word}");
        }
        assert_eq!(Language::named("brainfuck"), None);
    }

    #[test]
    fn rust_shell_and_toml_are_highlighted_by_kind() {
        let rust = styled(
            "rust",
            "// A comment\nfn main() {\n    let s = \"text\";\n}\n",
        );
        assert!(
            rust.contains(&("// A comment".into(), TextStyle::CODE_COMMENT)),
            "{rust:?}"
        );
        assert!(
            rust.contains(&("fn".into(), TextStyle::CODE_KEYWORD)),
            "{rust:?}"
        );
        assert!(
            rust.contains(&("\"text\"".into(), TextStyle::CODE_STRING)),
            "{rust:?}"
        );
        let shell = styled("sh", "# install\ncargo install --locked foo\n");
        assert!(
            shell.contains(&("# install".into(), TextStyle::CODE_COMMENT)),
            "{shell:?}"
        );
        let toml = styled("toml", "[dependencies]\nserde = \"1\"\n");
        assert!(
            toml.contains(&("\"1\"".into(), TextStyle::CODE_STRING)),
            "{toml:?}"
        );
    }

    #[test]
    fn a_string_across_lines_is_marked_on_each() {
        let lines = runs("let s = \"one\ntwo\";");
        let marks = super::lines(Some("rust"), &lines, Highlighting::Now).expect("known");
        assert!(marks[0].iter().any(|m| m.2 == TextStyle::CODE_STRING));
        assert!(
            marks[1]
                .iter()
                .any(|m| m.2 == TextStyle::CODE_STRING && m.0 == 0)
        );
    }

    #[test]
    fn a_block_longer_than_the_most_highlighted_is_plain() {
        let long = "let x = 1;\n".repeat(MOST / 11 + 1);
        assert!(super::lines(Some("rust"), &runs(&long), Highlighting::Now).is_none());
        let short = "let x = 1;\n".repeat(MOST / 11 - 1);
        assert!(super::lines(Some("rust"), &runs(&short), Highlighting::Now).is_some());
    }

    #[test]
    fn an_unknown_language_or_none_is_plain() {
        let lines = runs("whatever");
        assert!(super::lines(Some("cobol"), &lines, Highlighting::Now).is_none());
        assert!(super::lines(None, &lines, Highlighting::Now).is_none());
        assert!(
            super::lines(Some("rust"), &lines, Highlighting::Off).is_none()
                || MADE[0].get().is_some()
        );
    }
}
