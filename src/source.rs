//! Where a document comes from: the bundled essay, a file, or standard input.
//!
//! Every check that can fail happens here, before the terminal is touched, and each failure
//! is one line naming the file and the cause.

use anyhow::{Result, anyhow, bail};
use std::io::{self, Read};
use std::path::Path;

/// The essay bundled into the binary.
pub const ESSAY: &str = include_str!("../essays/making-a-connection.md");

/// Name the bundled essay goes by.
pub const ESSAY_NAME: &str = "making-a-connection.md";

/// How many leading bytes are checked for NUL to tell a binary file.
const SNIFF: usize = 8 * 1024;

/// A document's text and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The file name, used as the title when the document has none.
    pub name: String,
    pub text: String,
    /// Invalid UTF-8 was replaced with U+FFFD.
    pub lossy: bool,
}

impl Source {
    pub fn essay() -> Source {
        Source {
            name: ESSAY_NAME.to_string(),
            text: ESSAY.to_string(),
            lossy: false,
        }
    }

    /// Reads `path`, or standard input for `-`. `force` opens files that look binary.
    pub fn load(path: &Path, force: bool) -> Result<Source> {
        let (name, bytes) = if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| anyhow!("standard input: {}", cause(&e)))?;
            ("stdin".to_string(), bytes)
        } else {
            let shown = shown_path(path);
            let meta = std::fs::metadata(path).map_err(|e| anyhow!("{shown}: {}", cause(&e)))?;
            if meta.is_dir() {
                bail!("{shown}: is a directory, not a markdown file");
            }
            let bytes = std::fs::read(path).map_err(|e| anyhow!("{shown}: {}", cause(&e)))?;
            let name = path.file_name().map_or_else(
                || shown.clone(),
                |n| crate::text::clean(&n.to_string_lossy()).into_owned(),
            );
            (name, bytes)
        };
        let head = &bytes[..bytes.len().min(SNIFF)];
        if !force && head.contains(&0) {
            let shown = if path.as_os_str() == "-" {
                "standard input".to_string()
            } else {
                shown_path(path)
            };
            bail!("{shown}: looks like a binary file, not text (--force opens it anyway)");
        }
        let (text, lossy) = match String::from_utf8(bytes) {
            Ok(text) => (text, false),
            Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
        };
        Ok(Source { name, text, lossy })
    }
}

/// A path as it can be shown on a terminal: control characters in file names made visible.
fn shown_path(path: &Path) -> String {
    crate::text::clean(&path.display().to_string()).into_owned()
}

/// An I/O error's cause in plain words, without the OS error number.
fn cause(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "is a directory, not a markdown file".to_string(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_lowercase(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn essay_is_bundled() {
        let s = Source::essay();
        assert!(
            s.text
                .starts_with("# Making a Connection is Hard — And Neccessary")
        );
    }

    #[test]
    fn missing_files_and_directories_are_named_in_the_error() {
        let e = Source::load(Path::new("/no/such/file.md"), false).unwrap_err();
        assert_eq!(e.to_string(), "/no/such/file.md: no such file");
        let e = Source::load(Path::new("/"), false).unwrap_err();
        assert_eq!(e.to_string(), "/: is a directory, not a markdown file");
    }

    #[test]
    fn control_characters_in_file_names_never_reach_the_terminal() {
        let e = Source::load(Path::new("/no/\x1b]0;pwned\x07.md"), false).unwrap_err();
        let text = e.to_string();
        assert!(!text.chars().any(char::is_control), "{text:?}");
        assert!(text.contains("\u{241b}]0;pwned\u{2407}.md"));
    }

    #[test]
    fn binary_is_refused_and_invalid_utf8_replaced() {
        let dir = std::env::temp_dir().join(format!("cr-source-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let bin = dir.join("x.bin");
        std::fs::write(&bin, b"abc\0def").expect("write");
        let e = Source::load(&bin, false).unwrap_err();
        assert!(e.to_string().contains("binary"), "{e}");
        assert!(Source::load(&bin, true).is_ok());
        let bad = dir.join("bad.md");
        std::fs::write(&bad, b"caf\xe9 ok").expect("write");
        let s = Source::load(&bad, false).expect("loads");
        assert!(s.lossy);
        assert_eq!(s.text, "caf\u{fffd} ok");
        std::fs::remove_dir_all(&dir).ok();
    }
}
