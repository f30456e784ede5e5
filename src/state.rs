//! The remembered place: where each document was left, its marks, how much of each section
//! has been read, and the chosen measure.
//!
//! One small text file per document under `$XDG_STATE_HOME/connection-reader/` (by default
//! `~/.local/state/connection-reader/`), named by a hash of the document's key: the bundled
//! essay by its name, a file by its canonical path, standard input by a hash of its content.
//! No document text is stored. Files are written to a temporary name and renamed into place,
//! so a reader that stops half-way, or two readers saving at once, never leave a broken file.

use anyhow::{Context, Result, anyhow, bail};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// A place in a document: a section index and a source byte offset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Place {
    pub section: usize,
    pub anchor: usize,
}

/// What is remembered about one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Saved {
    /// Hash and length of the document text when it was saved, to tell if it changed.
    pub fingerprint: u64,
    pub length: usize,
    pub place: Place,
    /// The reading measure, when the reader changed it.
    pub measure: Option<usize>,
    /// Justified text, when the reader chose it (or chose against it) with a key.
    pub justify: Option<bool>,
    /// Book-style paragraphs, when the reader chose them (or against them) with a key.
    pub book: Option<bool>,
    /// Marks set with `m`, by letter.
    pub marks: Vec<(char, Place)>,
    /// How much of each section has been read, 0–1.
    pub read: Vec<f32>,
    /// The document's title, for the list of recent reading.
    pub title: String,
    /// A hash of each section's text (see [`crate::document::changes::section_hashes`]),
    /// to say which changed by the next reading.
    pub sections: Vec<u64>,
    /// The words at the place (the first of its line's text there, up to [`WORDS`] bytes),
    /// to find it again by them in a text that changed.
    pub words: String,
}

/// How much of the text at the place is kept to find it again by (see [`Saved::words`]).
pub const WORDS: usize = 64;

const HEADER: &str = "connection-reader position 1";

use crate::text::fnv1a;

/// The directory positions are kept in, found as the preferences' folder is (the
/// `directories` crate): on Linux `$XDG_STATE_HOME/connection-reader`, else
/// `$HOME/.local/state/connection-reader`; where a platform has no state folder (macOS,
/// Windows), `places` in the program's local data folder. Places saved before under the
/// Linux layout on such a platform are moved there the first time.
pub fn state_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "connection-reader")?;
    let Some(dir) = dirs.state_dir() else {
        let dir = dirs.data_local_dir().join("places");
        let old = state_dir_from(std::env::var_os("XDG_STATE_HOME"), std::env::var_os("HOME"));
        if let Some(old) = old.filter(|old| old.is_dir() && *old != dir && !dir.exists()) {
            let _ = std::fs::create_dir_all(dir.parent().unwrap_or(&dir));
            let _ = std::fs::rename(&old, &dir);
        }
        return Some(dir);
    };
    Some(dir.to_path_buf())
}

/// Where places were kept before [`state_dir`] asked the `directories` crate (and still
/// are on Linux), for given values of `XDG_STATE_HOME` and `HOME`. A relative
/// `XDG_STATE_HOME` is ignored, as the XDG base directory spec says.
pub fn state_dir_from(
    xdg_state_home: Option<std::ffi::OsString>,
    home: Option<std::ffi::OsString>,
) -> Option<PathBuf> {
    let nonempty = |v: std::ffi::OsString| (!v.is_empty()).then(|| PathBuf::from(v));
    let base = xdg_state_home
        .and_then(nonempty)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            home.and_then(nonempty)
                .map(|h| h.join(".local").join("state"))
        })?;
    Some(base.join("connection-reader"))
}

/// The key the remembered place of a document is filed under: the essay by name, a file by
/// its canonical path, standard input by a hash of its content.
pub fn document_key(file: Option<&Path>, text: &str) -> String {
    match file {
        None => format!("essay:{}", crate::source::ESSAY_NAME),
        Some(p) if p.as_os_str() == "-" => {
            format!("stdin:{:016x}", fnv1a(text.as_bytes()))
        }
        Some(p) => {
            let path = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
            if has_no_stable_path(&path) {
                // `<(…)` is `/dev/fd/63` every time: known, like standard input, by content.
                return format!("stdin:{:016x}", fnv1a(text.as_bytes()));
            }
            format!("file:{}", path.display())
        }
    }
}

/// Whether the document at `path` (canonical) may be another one the next time the same
/// path is read: a stream (a FIFO, `<(…)`), or anything under `/dev` or `/proc`.
pub fn has_no_stable_path(path: &Path) -> bool {
    path.starts_with("/dev")
        || path.starts_with("/proc")
        || std::fs::metadata(path).is_ok_and(|m| !m.is_file())
}

/// The file that keeps the place for the document with this key.
pub fn file_for(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("{:016x}.pos", fnv1a(key.as_bytes())))
}

impl Saved {
    fn to_text(&self, key: &str) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{HEADER}");
        let _ = writeln!(s, "key {}", escape(key));
        let _ = writeln!(s, "document {:016x} {}", self.fingerprint, self.length);
        let _ = writeln!(s, "place {} {}", self.place.section, self.place.anchor);
        if let Some(m) = self.measure {
            let _ = writeln!(s, "measure {m}");
        }
        let on = |b: bool| if b { "on" } else { "off" };
        if let Some(j) = self.justify {
            let _ = writeln!(s, "justify {}", on(j));
        }
        if let Some(b) = self.book {
            let _ = writeln!(s, "book {}", on(b));
        }
        for (letter, p) in &self.marks {
            let _ = writeln!(s, "mark {letter} {} {}", p.section, p.anchor);
        }
        if !self.read.is_empty() {
            let read: Vec<String> = self.read.iter().map(|r| format!("{r:.3}")).collect();
            let _ = writeln!(s, "read {}", read.join(" "));
        }
        if !self.title.is_empty() {
            let title: String = self.title.chars().filter(|c| !c.is_control()).collect();
            let _ = writeln!(s, "title {title}");
        }
        if !self.sections.is_empty() {
            let hashes: Vec<String> = self.sections.iter().map(|h| format!("{h:016x}")).collect();
            let _ = writeln!(s, "sections {}", hashes.join(" "));
        }
        if !self.words.is_empty() {
            let _ = writeln!(s, "words {}", escape(&self.words));
        }
        s
    }

    fn from_text(text: &str, key: &str) -> Result<Saved> {
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            bail!("not a position file");
        }
        let mut saved = Saved::default();
        let mut seen_place = false;
        for line in lines {
            let mut words = line.split(' ');
            let what = words.next().unwrap_or("");
            let rest: Vec<&str> = words.collect();
            let num = |i: usize| -> Result<usize> {
                rest.get(i)
                    .ok_or_else(|| anyhow!("short line: {line}"))?
                    .parse()
                    .map_err(|_| anyhow!("bad number in: {line}"))
            };
            match what {
                "key" => {
                    if unescape(&rest.join(" ")) != key {
                        bail!("belongs to another document");
                    }
                }
                "document" => {
                    let hash = rest.first().ok_or_else(|| anyhow!("short line: {line}"))?;
                    saved.fingerprint =
                        u64::from_str_radix(hash, 16).map_err(|_| anyhow!("bad hash: {line}"))?;
                    saved.length = num(1)?;
                }
                "place" => {
                    saved.place = Place {
                        section: num(0)?,
                        anchor: num(1)?,
                    };
                    seen_place = true;
                }
                "measure" => saved.measure = Some(num(0)?),
                "justify" | "book" => {
                    let on = match rest.first().copied() {
                        Some("on") => true,
                        Some("off") => false,
                        _ => bail!("bad switch: {line}"),
                    };
                    if what == "justify" {
                        saved.justify = Some(on);
                    } else {
                        saved.book = Some(on);
                    }
                }
                "mark" => {
                    let letter = rest
                        .first()
                        .and_then(|l| {
                            let mut c = l.chars();
                            c.next().filter(|_| c.next().is_none())
                        })
                        .filter(char::is_ascii_alphabetic)
                        .ok_or_else(|| anyhow!("bad mark: {line}"))?;
                    saved.marks.push((
                        letter,
                        Place {
                            section: num(1)?,
                            anchor: num(2)?,
                        },
                    ));
                }
                "read" => {
                    saved.read = rest
                        .iter()
                        .map(|r| r.parse::<f32>().map(|f| f.clamp(0.0, 1.0)))
                        .collect::<Result<_, _>>()
                        .map_err(|_| anyhow!("bad read line"))?;
                }
                "title" => saved.title = rest.join(" "),
                "sections" => {
                    saved.sections = rest
                        .iter()
                        .map(|h| u64::from_str_radix(h, 16))
                        .collect::<Result<_, _>>()
                        .map_err(|_| anyhow!("bad sections line"))?;
                }
                "words" => saved.words = unescape(&rest.join(" ")),
                "" => {}
                other => bail!("unknown line '{other}'"),
            }
        }
        if !seen_place {
            bail!("no place recorded");
        }
        Ok(saved)
    }
}

/// A key as one line of a record: a backslash, a line feed and a carriage return written
/// as `\\`, `\n` and `\r`, so any file name (a newline in it too) comes back as it was.
fn escape(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// The key [`escape`] wrote.
fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Reads the saved place for `key` from `file`. `Ok(None)` when nothing was saved yet; an
/// error (with a short cause) when the file cannot be read or is not a valid record.
pub fn load(file: &Path, key: &str) -> Result<Option<Saved>> {
    let text = match crate::files::read_regular(file, crate::files::SMALL_MAX) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(anyhow!("{}: {}", file.display(), crate::files::cause(&e))),
    };
    let text = String::from_utf8(text).map_err(|_| anyhow!("{}: not text", file.display()))?;
    Saved::from_text(&text, key)
        .map(Some)
        .with_context(|| format!("{} is damaged", file.display()))
}

/// Every saved reading in `dir`: its key, what was saved, and when, the most recent first.
/// Files that are not readable records are left out.
pub fn recent(dir: &Path) -> Vec<(String, Saved, std::time::SystemTime)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Saved, std::time::SystemTime)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pos"))
        .filter_map(|e| {
            let when = e.metadata().and_then(|m| m.modified()).ok()?;
            let bytes = crate::files::read_regular(&e.path(), crate::files::SMALL_MAX).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            let key = unescape(text.lines().nth(1)?.strip_prefix("key ")?);
            let saved = Saved::from_text(&text, &key).ok()?;
            Some((key, saved, when))
        })
        .collect();
    out.sort_by_key(|(_, _, when)| std::cmp::Reverse(*when));
    out
}

/// Writes the place for `key` to `file`: to a new temporary file first (created
/// exclusively with a name no one can guess, so never through a symlink planted in the
/// folder), then renamed over the old one, so the file is always either the old record or
/// the new one, whole.
pub fn save(file: &Path, key: &str, saved: &Saved) -> Result<()> {
    let dir = file
        .parent()
        .ok_or_else(|| anyhow!("{}: no directory", file.display()))?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let write = || -> std::io::Result<()> {
        let mut tmp = tempfile::Builder::new()
            .prefix(".pos-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        tmp.write_all(saved.to_text(key).as_bytes())?;
        tmp.as_file().sync_all()?;
        tmp.persist(file).map(drop).map_err(|e| e.error)
    };
    write().map_err(|e| anyhow!("{}: {e}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("cr-state-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    fn sample() -> Saved {
        Saved {
            fingerprint: 0xdead_beef,
            length: 1234,
            place: Place {
                section: 2,
                anchor: 700,
            },
            measure: Some(64),
            justify: Some(true),
            book: Some(false),
            marks: vec![(
                'a',
                Place {
                    section: 1,
                    anchor: 10,
                },
            )],
            read: vec![1.0, 0.5, 0.0],
            title: "A title".to_string(),
            sections: vec![1, u64::MAX, 0x0123_4567_89ab_cdef],
            words: "The words \\ at the\nplace".to_string(),
        }
    }

    #[test]
    fn saves_and_loads_the_same_record() {
        let dir = temp("roundtrip");
        let file = file_for(&dir, "essay:making-a-connection");
        assert_eq!(load(&file, "k").expect("missing is fine"), None);
        save(&file, "k", &sample()).expect("save");
        assert_eq!(load(&file, "k").expect("load"), Some(sample()));
        // No temporary files are left behind.
        let names: Vec<_> = std::fs::read_dir(&dir).expect("dir").collect();
        assert_eq!(names.len(), 1);
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn corrupt_or_foreign_files_are_errors_not_panics() {
        let dir = temp("corrupt");
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("x.pos");
        for bad in [
            "",
            "garbage",
            "connection-reader position 1\nplace x y\n",
            "connection-reader position 1\nkey other\nplace 1 2\n",
            "connection-reader position 1\nmark 99 1 2\nplace 1 2\n",
            "connection-reader position 1\n",
        ] {
            std::fs::write(&file, bad).expect("write");
            assert!(load(&file, "k").is_err(), "{bad:?}");
        }
        std::fs::write(&file, b"\xff\xfe").expect("write");
        assert!(load(&file, "k").is_err());
        // The next save repairs it.
        save(&file, "k", &sample()).expect("save");
        assert_eq!(load(&file, "k").expect("load"), Some(sample()));
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn saving_where_no_directory_can_be_made_fails_cleanly() {
        let dir = temp("blocked");
        std::fs::create_dir_all(&dir).expect("dir");
        // A file stands where the state directory should be.
        let blocker = dir.join("connection-reader");
        std::fs::write(&blocker, "not a directory").expect("write");
        let file = file_for(&blocker, "k");
        assert!(save(&file, "k", &sample()).is_err());
        assert_eq!(
            std::fs::read_to_string(&blocker).expect("untouched"),
            "not a directory"
        );
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn a_read_only_directory_fails_cleanly() {
        // /proc/self exists but nobody, not even root, can create files in it.
        let file = file_for(Path::new("/proc/self"), "k");
        let e = save(&file, "k", &sample()).expect_err("read-only");
        assert!(e.to_string().starts_with("/proc/self/"), "{e}");
        assert_eq!(load(&file, "k").expect("nothing there"), None);
    }

    #[test]
    fn two_writers_never_leave_a_broken_file() {
        let dir = temp("race");
        let file = file_for(&dir, "k");
        std::thread::scope(|s| {
            for t in 0..4 {
                let file = &file;
                s.spawn(move || {
                    for i in 0..50 {
                        let mut saved = sample();
                        saved.place.anchor = t * 1000 + i;
                        save(file, "k", &saved).expect("save");
                        let back = load(file, "k").expect("whole record").expect("present");
                        assert_eq!(back.length, 1234);
                    }
                });
            }
        });
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn on_linux_the_places_folder_is_where_it_always_was() {
        let before = state_dir_from(std::env::var_os("XDG_STATE_HOME"), std::env::var_os("HOME"));
        assert_eq!(state_dir(), before);
    }

    #[test]
    fn state_dir_follows_xdg_then_home() {
        let os = |s: &str| Some(std::ffi::OsString::from(s));
        assert_eq!(
            state_dir_from(os("/x/state"), os("/home/u")),
            Some(PathBuf::from("/x/state/connection-reader"))
        );
        assert_eq!(
            state_dir_from(None, os("/home/u")),
            Some(PathBuf::from("/home/u/.local/state/connection-reader"))
        );
        assert_eq!(
            state_dir_from(os("relative"), os("/home/u")),
            Some(PathBuf::from("/home/u/.local/state/connection-reader"))
        );
        assert_eq!(state_dir_from(os(""), None), None);
    }
}
