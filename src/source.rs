//! Where a document comes from: the bundled essay, a file, or standard input.
//!
//! Every check that can fail happens here, before the terminal is touched, and each failure
//! is one line naming the file and the cause.

use crate::document::Markdown;
use crate::files::{cause, not_a_document, open_for_reading};
use anyhow::{Result, anyhow, bail};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The essay bundled into the binary.
pub const ESSAY: &str = include_str!("../essays/making-a-connection.md");

/// Name the bundled essay goes by.
pub const ESSAY_NAME: &str = "making-a-connection.md";

/// How many leading bytes are checked for NUL to tell a binary file.
const SNIFF: usize = 8 * 1024;

/// Whether `bytes`, a file's beginning, look binary: a NUL in the first [`SNIFF`] bytes.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(SNIFF)].contains(&0)
}

/// The name a file's document goes by when it has no title: its file name, cleaned (the
/// path, for one that has none).
pub(crate) fn name_of(path: &Path) -> String {
    path.file_name().map_or_else(
        || crate::text::clean(&path.display().to_string()).into_owned(),
        |n| crate::text::clean(&n.to_string_lossy()).into_owned(),
    )
}

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

    /// Reads `path`, or standard input for `-`. `force` opens files that look binary. A
    /// stream (standard input, a FIFO, `<(…)`) is read in chunks, refused as binary from its
    /// first, and refused when longer than [`STREAM_MAX`]; a device is never read.
    pub fn load(path: &Path, force: bool) -> Result<Source> {
        Source::load_input(Input::open(path, force)?)
    }
}

/// The longest stream (standard input, a FIFO) the reader holds; a longer one is refused
/// rather than read until memory runs out (`--print` prints one of any length as it comes).
pub const STREAM_MAX: usize = 1 << 30;

/// How much of a stream is read at a time.
const CHUNK: usize = 64 << 10;

/// A document being read: a regular file, or a stream (standard input, a FIFO, a socket),
/// which is read once, never seeked, in chunks.
pub struct Input {
    reader: Box<dyn Read + Send>,
    /// The path as shown in errors ("standard input" for `-`).
    pub shown: String,
    /// The name the document goes by when it has no title.
    pub name: String,
    /// The bytes read so far.
    pub bytes: Vec<u8>,
    /// The reader has reached the end.
    pub ended: bool,
    /// A regular file (its length known), not a stream.
    pub regular: bool,
    /// A regular file's length when opened.
    size: usize,
    force: bool,
    /// How many bytes were read in all (the first [`SNIFF`] are checked for binary).
    read: usize,
}

impl Input {
    /// Opens `path` (`-` for standard input) to read, after checking what it is: a directory
    /// or a device (`/dev/zero`, `/dev/tty`) is refused with a one-line error naming it.
    pub fn open(path: &Path, force: bool) -> Result<Input> {
        if path.as_os_str() == "-" {
            use std::io::IsTerminal;
            if io::stdin().is_terminal() {
                // Typed text is the document: say so, rather than wait on a blank screen.
                eprintln!("connection-reader: reading standard input (Ctrl-d ends it)");
            }
            return Ok(Input {
                reader: Box::new(io::stdin()),
                shown: "standard input".to_string(),
                name: "stdin".to_string(),
                bytes: Vec::new(),
                ended: false,
                regular: false,
                size: 0,
                force,
                read: 0,
            });
        }
        let shown = shown_path(path);
        let meta = std::fs::metadata(path).map_err(|e| anyhow!("{shown}: {}", cause(&e)))?;
        if let Some(kind) = not_a_document(&meta) {
            bail!("{shown}: {kind}, not a markdown file");
        }
        let file = open_for_reading(path).map_err(|e| anyhow!("{shown}: {}", cause(&e)))?;
        let name = name_of(path);
        Ok(Input {
            reader: Box::new(file),
            shown,
            name,
            bytes: Vec::new(),
            ended: false,
            regular: meta.is_file(),
            size: usize::try_from(meta.len()).unwrap_or(usize::MAX),
            force,
            read: 0,
        })
    }

    /// Reads until the end or until at least `most` bytes are held; true at the end. Refuses
    /// binary as soon as a NUL is read among its first [`SNIFF`] bytes.
    pub fn read_upto(&mut self, most: usize) -> Result<bool> {
        let mut chunk = vec![0u8; CHUNK];
        while !self.ended && self.bytes.len() < most {
            let n = match self.reader.read(&mut chunk) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => bail!("{}: {}", self.shown, cause(&e)),
            };
            // Of the first bytes, each checked as it comes.
            let first = SNIFF.saturating_sub(self.read).min(n);
            self.sniff(&chunk[..first])?;
            self.bytes.extend_from_slice(&chunk[..n]);
            self.read += n;
            self.ended = n == 0;
        }
        Ok(self.ended)
    }

    /// Refuses `first` (some of the first [`SNIFF`] bytes read) if it holds a NUL.
    fn sniff(&self, first: &[u8]) -> Result<()> {
        if !self.force && looks_binary(first) {
            bail!(
                "{}: looks like a binary file, not text (--force opens it anyway)",
                self.shown
            );
        }
        Ok(())
    }

    /// Takes every byte read so far (a stream's, handed on as it comes).
    pub fn take_all(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.bytes)
    }

    /// What was read, as text (invalid UTF-8 replaced).
    pub fn into_source(self) -> Source {
        let (text, lossy) = text_of(self.bytes);
        Source {
            name: self.name,
            text,
            lossy,
        }
    }

    /// Takes at most `most` of the bytes read so far, up to the last whole line in them
    /// (all of them at the end), for a stream printed as it comes. A line longer than
    /// `most` is taken in parts, each ending at a character's end.
    pub fn take_lines(&mut self, most: usize) -> Vec<u8> {
        let cut = if self.ended && self.bytes.len() <= most {
            self.bytes.len()
        } else {
            let most = most.min(self.bytes.len());
            match self.bytes[..most].iter().rposition(|b| *b == b'\n') {
                Some(i) => i + 1,
                // Back from `most` to the start of a character (four bytes at most).
                None => (most.saturating_sub(3)..=most)
                    .rev()
                    .find(|&i| {
                        self.bytes
                            .get(i)
                            .map_or(self.ended, |b| (*b as i8) >= -0x40)
                    })
                    .unwrap_or(most),
            }
        };
        let rest = self.bytes.split_off(cut);
        std::mem::replace(&mut self.bytes, rest)
    }
}

/// Bytes as text: invalid UTF-8 replaced with U+FFFD (and whether any was).
pub(crate) fn text_of(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
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

/// The file a link names, and the heading it names, if any: relative to the folder of the
/// document it is in (the current folder for the essay and standard input), or for `/path`
/// to the root of the repository that folder is in (the nearest folder above holding
/// `.git`), else that folder: never the file system's root. Percent-encoding is decoded
/// and a `?query` dropped, as a browser reads a link. Only a regular file with a markdown
/// extension opens; anything else (an image, a folder, a device, a missing file) says why
/// in one line.
pub fn linked_file(
    from: Option<&Path>,
    address: &str,
) -> Result<(PathBuf, Option<String>), String> {
    let (path, anchor) = match address.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (address, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let shown = crate::text::clean(&decoded).into_owned();
    let folder = from
        .and_then(Path::parent)
        .filter(|f| !f.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let target = match decoded.strip_prefix('/') {
        Some(rooted) => repository_root(&folder).join(rooted.trim_start_matches('/')),
        None => folder.join(&*decoded),
    };
    let markdown = target
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            ["md", "markdown", "mdown", "mkd", "mdx", "txt", "text"]
                .contains(&e.to_ascii_lowercase().as_str())
        });
    if !markdown {
        return Err(format!(
            "{shown}: not a markdown file (y in the list copies the path)"
        ));
    }
    match std::fs::metadata(&target) {
        Ok(meta) if meta.is_file() => Ok((target, anchor)),
        Ok(_) => Err(format!("{shown}: not a regular file")),
        Err(e) => Err(format!("{shown}: {}", cause(&e))),
    }
}

/// The root of the repository `folder` is in: the nearest folder at or above it that holds
/// `.git`. Without one, `folder` itself.
fn repository_root(folder: &Path) -> PathBuf {
    let Ok(real) = folder.canonicalize() else {
        return folder.to_path_buf();
    };
    real.ancestors()
        .find(|dir| dir.join(".git").exists())
        .map_or(real.clone(), Path::to_path_buf)
}

/// A path as it can be shown on a terminal: control characters in file names made visible.
fn shown_path(path: &Path) -> String {
    crate::text::clean(&path.display().to_string()).into_owned()
}

/// The part of a file after its head, still to be read (on another thread).
pub struct Rest {
    reader: Box<dyn Read + Send>,
    /// How long the file was when opened.
    size: usize,
    /// Bytes read past the last whole line of the head.
    carry: Vec<u8>,
}

impl std::fmt::Debug for Rest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rest")
            .field("size", &self.size)
            .field("carry", &self.carry.len())
            .finish()
    }
}

impl Source {
    /// Reads the first `head` bytes of a file (up to its last whole line), so its beginning
    /// can be shown at once; the [`Rest`] is `None` when that was the whole file. Checks the
    /// same errors as [`Source::load`], and reads a stream whole.
    pub fn load_head(path: &Path, force: bool, head: usize) -> Result<(Source, Option<Rest>)> {
        Source::head_of(Input::open(path, force)?, head)
    }

    /// [`Source::load_head`] of an input opened already (and perhaps partly read).
    pub fn head_of(mut input: Input, head: usize) -> Result<(Source, Option<Rest>)> {
        if !input.regular {
            // A FIFO, `<(…)` or standard input is a stream: read once, whole, never seeked.
            return Source::load_input(input).map(|s| (s, None));
        }
        let size = input.size;
        input.read_upto(head + 1)?;
        // Whole lines (and so whole characters) in the head.
        let taken = input.take_lines(head);
        let rest = (!input.ended || !input.bytes.is_empty()).then(|| Rest {
            reader: std::mem::replace(&mut input.reader, Box::new(io::empty())),
            size,
            carry: std::mem::take(&mut input.bytes),
        });
        let (text, lossy) = text_of(taken);
        let name = input.name;
        Ok((Source { name, text, lossy }, rest))
    }

    /// The rest of a stream read whole (see [`Source::load`]).
    fn load_input(mut input: Input) -> Result<Source> {
        if input.regular {
            // A file's length is known: room for all of it, its beginning checked first.
            input.bytes.reserve(input.size.saturating_add(1));
            input.read_upto(SNIFF)?;
            if let Err(e) = input.reader.read_to_end(&mut input.bytes) {
                bail!("{}: {}", input.shown, cause(&e));
            }
            return Ok(input.into_source());
        }
        if input.read_upto(STREAM_MAX)? {
            return Ok(input.into_source());
        }
        bail!(
            "{}: longer than {} MB, more than the reader holds (--print reads a stream of any \
             length)",
            input.shown,
            STREAM_MAX >> 20
        )
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
    /// The text it was parsed from.
    pub text: std::sync::Arc<String>,
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
            hash: crate::text::fnv1a(text.as_bytes()),
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
            text: std::sync::Arc::new(text.to_string()),
        }
    }
}

impl Rest {
    /// How long the whole file is (its head and this rest), as far as the file system said
    /// when it was opened.
    pub fn total_len(&self, head: &str) -> Option<usize> {
        Some(self.size.max(head.len()))
    }

    /// Reads the rest of the file and returns the whole text after `head`, and whether any of
    /// it was invalid UTF-8. A read that fails part-way keeps what was read.
    pub fn finish(mut self, head: &str) -> (String, bool) {
        // Room for the whole file at once: growing by doubling could hold twice its size.
        let mut bytes = Vec::with_capacity(self.size.max(head.len() + self.carry.len()) + 1);
        // (A file that grows while it is read is read to its end all the same.)
        bytes.extend_from_slice(head.as_bytes());
        bytes.append(&mut self.carry);
        let _ = self.reader.read_to_end(&mut bytes);
        text_of(bytes)
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
    fn a_first_line_longer_than_the_head_is_cut_between_characters() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("accents.md");
        let text = format!("{}\n\nMore.\n", "é".repeat(12_000));
        std::fs::write(&path, &text).expect("write");
        for head in [16 << 10, (16 << 10) + 1, 1001] {
            let (start, rest) = Source::load_head(&path, false, head).expect("head");
            assert!(!start.lossy, "valid UTF-8 stays valid (head {head})");
            assert!(start.text.len() <= head && text.starts_with(&start.text));
            let (whole, lossy) = rest.expect("more").finish(&start.text);
            assert_eq!((whole.as_str(), lossy), (text.as_str(), false));
        }
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
