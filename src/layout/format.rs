//! A layout's format: the prose and code widths, how links show, and how prose is set
//! (wrapping, hyphenation in which language, justification, paragraphs).

/// How link addresses are shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Links {
    /// The link text, a small reference number after it, and the numbered addresses at the
    /// end of the section.
    #[default]
    References,
    /// The address in angle brackets after the text.
    Inline,
}

/// How lines of prose are broken.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Wrap {
    /// Each paragraph's breaks chosen together, so its lines are of even length and none is
    /// left very short (optimal fit: the least sum of squared gaps at the line ends).
    #[default]
    Balanced,
    /// Each line filled as far as it goes, as a pager does (first fit).
    Fast,
}

/// How paragraphs are set apart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paragraphs {
    /// A blank line between paragraphs.
    #[default]
    Spaced,
    /// As in a book: no blank line between one paragraph and the next, whose first line is
    /// indented instead.
    Book,
}

/// Whether words are broken with a hyphen at line ends, and by which language's patterns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Hyphenation {
    Never,
    /// In the document's language (its front matter's `lang`), English when it names none.
    #[default]
    Auto,
    In(hypher::Lang),
}

/// How prose is set on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Typesetting {
    pub wrap: Wrap,
    pub hyphenation: Hyphenation,
    /// Lines of prose flush on both sides (spaces spread evenly across each line), except
    /// the last line of a paragraph.
    pub justify: bool,
    pub paragraphs: Paragraphs,
}

impl Default for Typesetting {
    fn default() -> Typesetting {
        Typesetting {
            wrap: Wrap::Balanced,
            hyphenation: Hyphenation::Auto,
            justify: false,
            paragraphs: Paragraphs::Spaced,
        }
    }
}

impl Typesetting {
    /// This setting for a document whose front matter names the language `lang`: automatic
    /// hyphenation takes that language's patterns, and stops when none are built in for it.
    pub fn for_language(self, lang: Option<&str>) -> Typesetting {
        let hyphenation = match (self.hyphenation, lang) {
            (Hyphenation::Auto, Some(tag)) => {
                hyphenation_language(tag).map_or(Hyphenation::Never, Hyphenation::In)
            }
            (chosen, _) => chosen,
        };
        Typesetting {
            hyphenation,
            ..self
        }
    }

    /// The patterns words are hyphenated by, if any.
    pub(super) fn hyphens(&self) -> Option<hypher::Lang> {
        match self.hyphenation {
            Hyphenation::Never => None,
            Hyphenation::Auto => Some(hypher::Lang::English),
            Hyphenation::In(lang) => Some(lang),
        }
    }
}

/// The hyphenation language of a language tag ("en", "de-CH", "pt_BR"); `None` when no
/// patterns are built in for it.
pub fn hyphenation_language(tag: &str) -> Option<hypher::Lang> {
    let code = tag.trim().as_bytes();
    let (a, b) = (code.first()?, code.get(1)?);
    if code.get(2).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    hypher::Lang::from_iso([a.to_ascii_lowercase(), b.to_ascii_lowercase()])
}

/// How a section is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    /// Columns for prose.
    pub width: usize,
    /// Columns code may use (at least `width`).
    pub code_width: usize,
    pub links: Links,
    pub set: Typesetting,
    /// Whether code in a language it names is highlighted (see [`crate::highlight`]).
    pub highlight: crate::highlight::Highlighting,
    /// How many highlighters were ready ([`crate::highlight::generation`]) when the lines
    /// were laid out: code laid out plain is laid out again once its highlighter is.
    pub highlighters: u64,
}

impl Format {
    /// Prose and code at `width`, links as references, set the default way.
    pub fn new(width: usize) -> Format {
        Format {
            width,
            code_width: width,
            links: Links::default(),
            set: Typesetting::default(),
            highlight: crate::highlight::Highlighting::Off,
            highlighters: 0,
        }
    }
}
