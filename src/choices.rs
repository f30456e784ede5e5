//! The settings a reader chooses by name, one type each, read alike from the command line
//! (clap) and the preferences file (serde): colour, wrapping, hyphenation, paragraphs and
//! links, and the languages hyphenation knows.

use crate::layout::Links;
use clap::ValueEnum;

/// When to use colour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColorChoice {
    /// In the reader unless NO_COLOR is set; never in --print.
    #[default]
    Auto,
    /// Always, in the reader and in --print (styled output with escape sequences).
    Always,
    /// Never: styles through bold, italic, underline and reverse only.
    Never,
}

/// The languages hyphenation patterns are built in for.
pub const LANGUAGES: &str = "en, de, fr, es, it, pt, nl, sv, da, no, fi, pl, cs, ru, uk, ca";

/// How lines of prose are broken.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WrapChoice {
    /// Each paragraph's lines even in length, none left very short.
    #[default]
    Balanced,
    /// Each line filled as far as it goes, as a pager does.
    Fast,
}

/// When words are hyphenated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HyphenChoice {
    #[default]
    Auto,
    Never,
}

/// How paragraphs are set apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParagraphChoice {
    /// A blank line between paragraphs.
    Spaced,
    /// As in a book: the next paragraph's first line indented, no blank line.
    Book,
}

/// How link addresses are shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkChoice {
    /// The link text with a small number; the addresses listed at the end of each section.
    #[default]
    References,
    /// The address in angle brackets after the link text.
    Inline,
}

impl From<LinkChoice> for Links {
    fn from(choice: LinkChoice) -> Links {
        match choice {
            LinkChoice::References => Links::References,
            LinkChoice::Inline => Links::Inline,
        }
    }
}
