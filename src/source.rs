//! Where a document comes from: the bundled essay, a file, or standard input.
//!
//! Every check that can fail happens here, before the terminal is touched, and each failure
//! is one line naming the file and the cause.

use crate::document::{Keep, Markdown, Survey};
use anyhow::{Result, anyhow, bail};
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

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

/// Whether standard input holds a document: a pipe, a FIFO or a regular file (`cat notes.md |
/// connection-reader`, `< notes.md`). A terminal or another character device (`/dev/null`)
/// does not, and then the bundled essay opens.
#[cfg(unix)]
pub fn stdin_has_document() -> bool {
    use std::io::IsTerminal;
    use std::os::fd::AsFd;
    use std::os::unix::fs::FileTypeExt;
    let stdin = io::stdin();
    if stdin.is_terminal() {
        return false;
    }
    let Ok(fd) = stdin.as_fd().try_clone_to_owned() else {
        return false;
    };
    match std::fs::File::from(fd).metadata() {
        Ok(meta) => {
            let kind = meta.file_type();
            kind.is_fifo() || kind.is_file() || kind.is_socket()
        }
        Err(_) => false,
    }
}

/// Whether standard input holds a document: anything but a console.
#[cfg(not(unix))]
pub fn stdin_has_document() -> bool {
    use std::io::IsTerminal;
    !io::stdin().is_terminal()
}

/// A path as it can be shown on a terminal: control characters in file names made visible.
fn shown_path(path: &Path) -> String {
    crate::text::clean(&path.display().to_string()).into_owned()
}

/// The part of a file after its head, still to be read (on another thread).
#[derive(Debug)]
pub struct Rest {
    file: std::fs::File,
    /// Bytes read past the last whole line of the head.
    carry: Vec<u8>,
}

impl Source {
    /// Reads the first `head` bytes of a file (up to its last whole line), so its beginning
    /// can be shown at once; the [`Rest`] is `None` when that was the whole file. Checks the
    /// same errors as [`Source::load`].
    pub fn load_head(path: &Path, force: bool, head: usize) -> Result<(Source, Option<Rest>)> {
        if path.as_os_str() == "-" {
            return Source::load(path, force).map(|s| (s, None));
        }
        let shown = shown_path(path);
        let meta = std::fs::metadata(path).map_err(|e| anyhow!("{shown}: {}", cause(&e)))?;
        if meta.is_dir() {
            bail!("{shown}: is a directory, not a markdown file");
        }
        if !meta.is_file() {
            // A FIFO, `<(…)` or a device is a stream: read once, whole, never seeked.
            return Source::load(path, force).map(|s| (s, None));
        }
        let mut file = std::fs::File::open(path).map_err(|e| anyhow!("{shown}: {}", cause(&e)))?;
        let mut bytes = Vec::with_capacity(head.min(meta.len() as usize) + 1);
        (&mut file)
            .take(head as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| anyhow!("{shown}: {}", cause(&e)))?;
        if !force && bytes[..bytes.len().min(SNIFF)].contains(&0) {
            bail!("{shown}: looks like a binary file, not text (--force opens it anyway)");
        }
        let name = path.file_name().map_or_else(
            || shown.clone(),
            |n| crate::text::clean(&n.to_string_lossy()).into_owned(),
        );
        let rest = if bytes.len() > head {
            // Keep whole lines (and so whole characters) in the head.
            let cut = bytes
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(bytes.len(), |i| i + 1);
            let carry = bytes.split_off(cut);
            Some(Rest { file, carry })
        } else {
            None
        };
        let (text, lossy) = match String::from_utf8(bytes) {
            Ok(text) => (text, false),
            Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
        };
        Ok((Source { name, text, lossy }, rest))
    }
}

/// A whole document, parsed, with what identifies its text (to tell whether a remembered
/// place still belongs to it).
#[derive(Debug)]
pub struct Loaded {
    pub doc: crate::document::Document,
    pub fingerprint: Fingerprint,
    /// Some of the text was invalid UTF-8, shown as U+FFFD.
    pub lossy: bool,
}

/// FNV-1a of a document's whole text, and its length in bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fingerprint {
    pub hash: u64,
    pub length: usize,
}

impl Fingerprint {
    pub fn of(text: &str) -> Fingerprint {
        Fingerprint {
            hash: crate::state::fnv1a(text.as_bytes()),
            length: text.len(),
        }
    }
}

impl Loaded {
    /// Parses a text that is all in memory.
    pub fn parse(text: &str, name: &str, lossy: bool, markdown: Markdown) -> Loaded {
        Loaded {
            doc: crate::document::Document::parse_with(text, name, markdown),
            fingerprint: Fingerprint::of(text),
            lossy,
        }
    }
}

/// How large the windows a large document is surveyed in are (see [`Survey`]): what the
/// parser holds at once.
pub const PIECE: usize = 256 << 10;

/// A large text parsed as the reader and `--print` parse one: surveyed and folded in windows
/// of about `piece` bytes (see [`crate::document::survey`]) and sectioned, its blocks kept as
/// `keep` says, and the other sections kept as places in the text and parsed again when
/// asked for (see [`crate::document::dormant`]). The same document as
/// parsing the whole text at once ([`Document::woken`] gives it with every section's
/// blocks), which is never held parsed whole (a parse of real markdown holds about ten
/// times the text at its peak).
///
/// [`Document::woken`]: crate::document::Document::woken
pub fn surveyed(
    text: Arc<String>,
    name: &str,
    piece: usize,
    markdown: Markdown,
    keep: Keep,
) -> crate::document::Document {
    let survey = Survey::of_text(&text, piece, markdown, keep);
    crate::document::Document::surveyed(text, survey, name, markdown)
}

/// [`surveyed`], no blocks kept: every section parsed again when asked for.
pub fn parse_large(
    text: Arc<String>,
    name: &str,
    piece: usize,
    markdown: Markdown,
) -> crate::document::Document {
    surveyed(text, name, piece, markdown, Keep::Upto(0))
}

impl Rest {
    /// How long the whole file is (its head and this rest), as far as the file system says.
    pub fn total_len(&self, head: &str) -> Option<usize> {
        let size = self.file.metadata().ok()?.len();
        usize::try_from(size).ok().map(|s| s.max(head.len()))
    }

    /// Reads the rest of the file and returns the whole text after `head`, and whether any of
    /// it was invalid UTF-8. A read that fails part-way keeps what was read.
    pub fn finish(mut self, head: &str) -> (String, bool) {
        // Room for the whole file at once: growing by doubling could hold twice its size.
        let size = self.file.metadata().map_or(0, |m| m.len() as usize);
        let mut bytes = Vec::with_capacity(size.max(head.len() + self.carry.len()) + 1);
        bytes.extend_from_slice(head.as_bytes());
        bytes.append(&mut self.carry);
        let _ = self.file.read_to_end(&mut bytes);
        match String::from_utf8(bytes) {
            Ok(text) => (text, false),
            Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
        }
    }
}

/// An I/O error's cause in plain words, without the OS error number.
pub(crate) fn cause(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "is a directory".to_string(),
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
    fn a_head_and_its_rest_make_the_whole_file() {
        let dir = std::env::temp_dir().join(format!("cr-head-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("long.md");
        let text = "line of words — ünïcode\n".repeat(1000);
        std::fs::write(&path, &text).expect("write");
        let (head, rest) = Source::load_head(&path, false, 1000).expect("head");
        assert!(head.text.len() <= 1000 && head.text.ends_with('\n'));
        assert!(text.starts_with(&head.text));
        let (whole, lossy) = rest.expect("more to read").finish(&head.text);
        assert_eq!(whole, text);
        assert!(!lossy);
        let (all, rest) = Source::load_head(&path, false, 1 << 20).expect("head");
        assert!(rest.is_none());
        assert_eq!(all.text, text);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_large_file_parsed_in_pieces_is_the_same_document() {
        use crate::document::Document;
        let mut text = String::from("# Big\n\nSee [the end][far] and a note[^n].\n\n");
        for i in 0..700 {
            text.push_str(&format!(
                "## Part {i}\n\n{}\n\n```\n# not a heading {i}\n```\n\n",
                "Prose — ünïcode words. ".repeat(150)
            ));
        }
        text.push_str("[far]: https://example.org/far\n\n[^n]: The note, defined last.\n");
        assert!(text.len() > 3 * PIECE);
        let whole = Document::parse(&text, "large.md");
        let large = parse_large(
            Arc::new(text.clone()),
            "large.md",
            PIECE,
            Markdown::default(),
        );
        assert!(large.dormant.is_some());
        assert_eq!(large.woken(), whole);
        // Pieces far smaller than a section cut the same document.
        let small = parse_large(Arc::new(text), "large.md", 1000, Markdown::default());
        assert_eq!(small.woken(), whole);
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
