//! Preferences: a TOML file that sets the defaults of the reading options, so a reader set
//! up once behaves the same everywhere. A flag on the command line always wins.
//!
//! The file is `config.toml` in the platform's configuration folder
//! (`$XDG_CONFIG_HOME/connection-reader/`, by default `~/.config/connection-reader/`, on
//! Linux; `~/Library/Application Support/connection-reader/` on macOS), or the file
//! `CONNECTION_READER_CONFIG` names, or the one `--config` names (each beats the one
//! before). The default file may be missing; a named one may not. Its keys are the options'
//! names; an unknown key or a bad value is an error naming the file, the line and the key,
//! and the reader does not start.

use crate::choices::{ColorChoice, HyphenChoice, LinkChoice, ParagraphChoice, WrapChoice};
use anyhow::{Result, anyhow};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The environment variable that names another preferences file.
pub const ENV: &str = "CONNECTION_READER_CONFIG";

/// What a preferences file may set: the defaults of the command line's reading options.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    pub width: Option<Spanned<u16>>,
    pub color: Option<ColorChoice>,
    pub links: Option<LinkChoice>,
    pub mouse: Option<bool>,
    pub wrap: Option<WrapChoice>,
    pub hyphenate: Option<HyphenChoice>,
    pub lang: Option<Spanned<String>>,
    pub justify: Option<bool>,
    pub paragraphs: Option<ParagraphChoice>,
    pub smart_punctuation: Option<bool>,
    pub watch: Option<bool>,
}

/// Where the preferences file is, and what chose it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub path: PathBuf,
    /// `--config`, `CONNECTION_READER_CONFIG`, or the platform's folder.
    pub chosen_by: &'static str,
    /// It was named: a missing file is an error.
    pub named: bool,
}

/// The preferences file to read: `--config`'s, else the environment's, else the default.
/// `None` when there is no home folder to find the default in.
pub fn locate(flag: Option<&Path>, env: Option<std::ffi::OsString>) -> Option<Located> {
    if let Some(path) = flag {
        return Some(Located {
            path: path.to_path_buf(),
            chosen_by: "--config",
            named: true,
        });
    }
    if let Some(path) = env.filter(|v| !v.is_empty()) {
        return Some(Located {
            path: PathBuf::from(path),
            chosen_by: ENV,
            named: true,
        });
    }
    let dirs = directories::ProjectDirs::from("", "", "connection-reader")?;
    Some(Located {
        path: dirs.config_dir().join("config.toml"),
        chosen_by: "the default place",
        named: false,
    })
}

/// Reads the preferences at `at`: nothing when the default file is missing; an error naming
/// the file (and the line and key, for what is in it) when it cannot be used.
pub fn load(at: &Located) -> Result<Config> {
    let shown = crate::text::clean(&at.path.display().to_string()).into_owned();
    let read = crate::files::read_regular(&at.path, crate::files::SMALL_MAX).and_then(|b| {
        String::from_utf8(b)
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
    });
    let text = match read {
        Ok(text) => text,
        Err(e)
            if !at.named
                && matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
        {
            return Ok(Config::default());
        }
        Err(e) => return Err(anyhow!("{shown}: {}", crate::files::cause(&e))),
    };
    parse(&text, &shown)
}

/// Reads preferences from `text`, the file `shown`: an error names the file, the line and
/// the key.
fn parse(text: &str, shown: &str) -> Result<Config> {
    let config: Config = toml::from_str(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        let message = e
            .message()
            .lines()
            .next()
            .unwrap_or("")
            .trim_end_matches('.');
        anyhow!("{shown}:{}", located(text, at, message))
    })?;
    config.check(text, shown)?;
    Ok(config)
}

impl Config {
    /// Values the file's syntax allows that the options do not.
    fn check(&self, text: &str, shown: &str) -> Result<()> {
        if let Some(width) = &self.width
            && *width.get_ref() < 2
        {
            let at = width.span().start;
            return Err(anyhow!(
                "{shown}:{}",
                located(text, at, "the column must be at least 2 wide")
            ));
        }
        if let Some(lang) = &self.lang
            && crate::layout::hyphenation_language(lang.get_ref()).is_none()
        {
            let at = lang.span().start;
            let message = format!(
                "no hyphenation patterns for {:?} (built in: {})",
                crate::text::clean(lang.get_ref()),
                crate::choices::LANGUAGES
            );
            return Err(anyhow!("{shown}:{}", located(text, at, &message)));
        }
        Ok(())
    }
}

/// "LINE: KEY: message" for byte `at` of `text`: the key is what starts the line (before its
/// `=`), as written.
fn located(text: &str, at: usize, message: &str) -> String {
    let at = at.min(text.len());
    let line = text[..at].matches('\n').count() + 1;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let whole = text[start..].lines().next().unwrap_or("");
    let key = whole.split('=').next().unwrap_or("").trim();
    let key = crate::text::clean(key.trim_matches(|c| c == '[' || c == ']'));
    // The message may quote the file (an unknown key, as written): never a control byte.
    let message = crate::text::clean(message);
    if key.is_empty() {
        format!("{line}: {message}")
    } else {
        format!("{line}: {key}: {message}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `load` makes of `text`, in a file shown as `f`.
    fn parse(text: &str) -> Result<Config> {
        super::parse(text, "f")
    }

    #[test]
    fn every_setting_reads() {
        let c = parse(
            "width = 60\ncolor = \"never\"\nlinks = \"inline\"\nmouse = true\nwrap = \"fast\"\n\
             hyphenate = \"never\"\nlang = \"de\"\njustify = true\nparagraphs = \"book\"\n\
             smart-punctuation = true\nwatch = false\n",
        )
        .expect("reads");
        assert_eq!(c.width.map(|w| w.into_inner()), Some(60));
        assert_eq!(c.color, Some(ColorChoice::Never));
        assert_eq!(c.links, Some(LinkChoice::Inline));
        assert_eq!(c.wrap, Some(WrapChoice::Fast));
        assert_eq!(c.hyphenate, Some(HyphenChoice::Never));
        assert_eq!(c.paragraphs, Some(ParagraphChoice::Book));
        assert_eq!(
            (c.mouse, c.justify, c.smart_punctuation, c.watch),
            (Some(true), Some(true), Some(true), Some(false))
        );
    }

    #[test]
    fn errors_name_the_line_and_the_key() {
        let err = |text: &str| parse(text).expect_err("refused").to_string();
        let e = err("width = 60\nwidht = 70\n");
        assert!(e.starts_with("f:2: widht: unknown field"), "{e}");
        let e = err("width = 60\n\ncolor = \"sometimes\"\n");
        assert!(e.starts_with("f:3: color: unknown variant"), "{e}");
        let e = err("mouse = \"yes\"\n");
        assert!(e.starts_with("f:1: mouse: invalid type"), "{e}");
        let e = err("width = 1\n");
        assert_eq!(e, "f:1: width: the column must be at least 2 wide");
        let e = err("lang = \"xx\"\n");
        assert!(
            e.starts_with("f:1: lang: no hyphenation patterns for \"xx\""),
            "{e}"
        );
        let e = err("width = 70000\n");
        assert!(e.starts_with("f:1: width:"), "{e}");
        let e = err("width = \n");
        assert!(e.starts_with("f:1: width:"), "{e}");
        // A key written with an escape sequence is shown, never sent to the terminal.
        let e = err("\"w\\u001b[31m\" = 1\n");
        assert!(!e.chars().any(|c| c.is_control()), "{e:?}");
    }

    #[test]
    fn the_flag_beats_the_environment_which_beats_the_default_place() {
        let flag = Path::new("/a.toml");
        let env = Some(std::ffi::OsString::from("/b.toml"));
        let by_flag = locate(Some(flag), env.clone()).expect("located");
        assert_eq!((by_flag.path.as_path(), by_flag.named), (flag, true));
        let by_env = locate(None, env).expect("located");
        assert_eq!(by_env.path, PathBuf::from("/b.toml"));
        assert_eq!(by_env.chosen_by, ENV);
        if let Some(default) = locate(None, None) {
            assert!(default.path.ends_with("connection-reader/config.toml"));
            assert!(!default.named);
        }
    }
}
