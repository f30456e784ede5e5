//! A library: the markdown files of a folder (or those named on the command line) as a list
//! to choose from, each with its title, length and how far it has been read.
//!
//! A folder is walked as git would see it (`.gitignore` honoured, hidden files skipped) by
//! the `ignore` crate. Titles and word counts are read lazily: for the rows on screen when
//! they are drawn, and for the rest on another thread, so a folder of thousands of files
//! shows its first screen at once.

use crate::document::Markdown;
use crate::state::{self, Saved};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::SystemTime;

/// The endings of the files a folder's library lists.
const MARKDOWN: [&str; 5] = ["md", "markdown", "mdown", "mkd", "mdx"];

/// What reading a file tells of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Info {
    pub title: String,
    pub words: usize,
    /// How much of it has been read (0–1), and when, from the saved state.
    pub read: Option<(f32, SystemTime)>,
    /// The file could not be read (gone, say).
    pub gone: bool,
    /// It is not text (a NUL in its first 8 KB): left out of the list.
    pub binary: bool,
    /// Read from its beginning only (a large file, for the screen): the words are an
    /// estimate until the other thread has read it whole.
    pub estimated: bool,
}

/// One document of the library.
#[derive(Clone, Debug)]
pub struct Entry {
    pub path: PathBuf,
    /// The path as shown: relative to the folder listed.
    pub name: String,
    pub info: Option<Info>,
    /// The title the saved state remembers (shown when the file is gone).
    pub remembered: Option<String>,
}

impl Entry {
    fn new(path: PathBuf, name: &str) -> Entry {
        Entry {
            name: crate::text::clean(name).into_owned(),
            path,
            info: None,
            remembered: None,
        }
    }

    /// Takes what reading the file told.
    fn learn(&mut self, mut info: Info) {
        if info.gone
            && let Some(title) = &self.remembered
        {
            info.title = title.clone();
        }
        self.info = Some(info);
    }
}

/// The order of the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    Path,
    Title,
    Recent,
}

impl Sort {
    pub fn name(self) -> &'static str {
        match self {
            Sort::Path => "path",
            Sort::Title => "title",
            Sort::Recent => "recently read",
        }
    }

    fn next(self) -> Sort {
        match self {
            Sort::Path => Sort::Title,
            Sort::Title => Sort::Recent,
            Sort::Recent => Sort::Path,
        }
    }
}

/// The list and what the reader has done to it.
pub struct Library {
    /// What is listed (a folder's path, or "N files").
    pub heading: String,
    pub entries: Vec<Entry>,
    /// The entries shown (matching the filter), in order, as indices into `entries`.
    pub shown: Vec<usize>,
    pub selected: usize,
    pub top: usize,
    pub filter: String,
    pub sort: Sort,
    /// A line to show in place of the filter (why a file did not open).
    pub note: Option<String>,
    /// What is open over the list: the filter being typed, or the keys.
    pub over: Over,
    /// Infos read on another thread, by entry.
    arriving: Option<Receiver<(usize, Result<Info, String>)>>,
    /// The infos arriving replace those known (the list brought up to date).
    relearn: bool,
}

/// What is open over a library's list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Over {
    #[default]
    Nothing,
    /// The filter is being typed (after `/`).
    Filter,
    /// The list's keys (after `?`).
    Help,
}

/// Whether `path` names a markdown file by its ending.
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| MARKDOWN.contains(&e.to_ascii_lowercase().as_str()))
}

impl Library {
    /// The markdown files under `dir`, recursively, as git would list them, and symlinks to
    /// markdown files.
    pub fn of_folder(dir: &Path) -> Library {
        let mut paths: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
            .hidden(true)
            .require_git(false)
            .build()
            .filter_map(Result::ok)
            .filter(|e| {
                // A symlink to a markdown file is listed (not one to a folder: no cycles).
                let file = e.file_type().is_some_and(|t| {
                    t.is_file()
                        || (t.is_symlink()
                            && std::fs::metadata(e.path()).is_ok_and(|m| m.is_file()))
                });
                file && is_markdown(e.path())
            })
            .map(ignore::DirEntry::into_path)
            .collect();
        paths.sort();
        let entries = paths
            .into_iter()
            .map(|path| {
                let name = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                Entry::new(path, &name)
            })
            .collect();
        Library::new(
            crate::text::clean(&home_relative(dir)).into_owned(),
            entries,
        )
    }

    /// The files named, in order.
    pub fn of_files(files: &[PathBuf]) -> Library {
        let entries = files
            .iter()
            .map(|path| Entry::new(path.clone(), &path.display().to_string()))
            .collect();
        Library::new(format!("{} files", files.len()), entries)
    }

    /// The documents read before, most recent first, from the saved state.
    pub fn of_recent() -> Library {
        let records = state::state_dir().map_or_else(Vec::new, |dir| state::recent(&dir));
        let entries = records
            .into_iter()
            .filter_map(|(key, saved, _)| {
                let path = PathBuf::from(key.strip_prefix("file:")?);
                // A stream once read by a path (`/dev/fd/63`) is no document to go back to.
                if path.starts_with("/dev") || path.starts_with("/proc") {
                    return None;
                }
                let mut entry = Entry::new(path.clone(), &home_relative(&path));
                entry.remembered = (!saved.title.is_empty()).then_some(saved.title);
                Some(entry)
            })
            .collect();
        let mut library = Library::new("Recent reading".to_string(), entries);
        library.sort = Sort::Recent;
        library
    }

    fn new(heading: String, entries: Vec<Entry>) -> Library {
        let shown = (0..entries.len()).collect();
        let mut library = Library {
            heading,
            entries,
            shown,
            selected: 0,
            top: 0,
            filter: String::new(),
            sort: Sort::Path,
            note: None,
            over: Over::Nothing,
            arriving: None,
            relearn: false,
        };
        library.read_in_background();
        library
    }

    /// Reads every entry's info on another thread, in order.
    fn read_in_background(&mut self) {
        let paths: Vec<PathBuf> = self.entries.iter().map(|e| e.path.clone()).collect();
        let (send, arrive) = channel();
        let spawned = crate::worker::spawn("library", move || {
            for (i, path) in paths.iter().enumerate() {
                // A fault reading one file is that file's note; the others are read on.
                let info = crate::worker::catching(|| {
                    crate::fault::inject("library");
                    read_info(path)
                });
                if send.send((i, info)).is_err() {
                    return;
                }
            }
        });
        if spawned.is_ok() {
            self.arriving = Some(arrive);
        }
    }

    /// Whether infos are still being read on the other thread.
    pub fn loading(&self) -> bool {
        self.arriving.is_some()
    }

    /// Takes the infos read on the other thread since the last call; true when any came.
    pub fn poll(&mut self) -> bool {
        let Some(arrive) = &self.arriving else {
            return false;
        };
        let mut any = false;
        loop {
            match arrive.try_recv() {
                Ok((i, Err(fault))) => {
                    let name = self.entries.get(i).map_or("", |e| e.name.as_str());
                    self.note = Some(crate::text::clean(&format!("{name}: {fault}")).into_owned());
                }
                Ok((i, Ok(info))) => {
                    let relearn = self.relearn;
                    if let Some(e) = self.entries.get_mut(i)
                        && (relearn || e.info.as_ref().is_none_or(|known| known.estimated))
                    {
                        e.learn(info);
                        any = true;
                    }
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    // Titles that arrived may match the filter typed (and a file found
                    // binary leaves the list).
                    if any && (!self.filter.is_empty() || self.has_binary()) {
                        self.arrange();
                    }
                    break;
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.relearn = false;
                    // All read: titles and times are known for sorting now.
                    self.arriving = None;
                    if self.sort != Sort::Path || !self.filter.is_empty() {
                        self.arrange();
                    }
                    break;
                }
            }
        }
        any
    }

    /// Whether a file shown turned out not to be text.
    fn has_binary(&self) -> bool {
        self.shown.iter().any(|&i| {
            self.entries[i]
                .info
                .as_ref()
                .is_some_and(|info| info.binary)
        })
    }

    /// Reads the infos of the rows shown from `top` (`rows` of them) that are not known yet.
    pub fn read_visible(&mut self, rows: usize) {
        let mut binary = false;
        for &i in self.shown.iter().skip(self.top).take(rows) {
            let e = &mut self.entries[i];
            if e.info.is_none() {
                let info = read_head(&e.path);
                binary |= info.binary;
                e.learn(info);
            }
        }
        if binary {
            self.arrange();
        }
    }

    /// Reads an entry's reading progress again (after it was read).
    pub fn refresh(&mut self, i: usize) {
        if let Some(e) = self.entries.get_mut(i) {
            let info = read_info(&e.path);
            e.learn(info);
        }
    }

    /// Brings every row up to date (coming back from reading: a document a link led to was
    /// read too), `i`'s at once and the others on the other thread.
    pub fn refresh_all(&mut self, i: usize) {
        self.refresh(i);
        self.relearn = true;
        self.read_in_background();
    }

    /// The entry selected, by index into `entries`.
    pub fn chosen(&self) -> Option<usize> {
        self.shown.get(self.selected).copied()
    }

    /// Moves the selection by `n` rows (down when `down`), keeping it in a box of `rows`.
    pub fn step(&mut self, n: usize, down: bool, rows: usize) {
        self.selected = if down {
            self.selected.saturating_add(n)
        } else {
            self.selected.saturating_sub(n)
        };
        self.clamp(rows);
    }

    /// Keeps the selection in the list and in view.
    pub fn clamp(&mut self, rows: usize) {
        let rows = rows.max(1);
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + rows {
            self.top = self.selected + 1 - rows;
        }
        self.top = self.top.min(self.shown.len().saturating_sub(rows));
    }

    /// Types into the filter (None: deletes its last character).
    pub fn type_filter(&mut self, c: Option<char>) {
        match c {
            // As long as a search's query at most (see `Prompt::LONGEST`): a paste costs no
            // more than typing that much.
            Some(c) if self.filter.len() + c.len_utf8() > crate::overlay::Prompt::LONGEST => {
                return;
            }
            Some(c) => self.filter.push(c),
            None => {
                self.filter.pop();
            }
        }
        self.arrange();
    }

    /// Clears the filter; false when there was none.
    pub fn clear_filter(&mut self) -> bool {
        if self.filter.is_empty() {
            return false;
        }
        self.filter.clear();
        self.arrange();
        true
    }

    /// The next order.
    pub fn cycle_sort(&mut self) {
        self.sort = self.sort.next();
        self.arrange();
    }

    /// Filters and sorts the list again, keeping the selected entry selected if still shown.
    pub fn arrange(&mut self) {
        let keep = self.chosen();
        let needle = self.filter.to_lowercase();
        let mut shown: Vec<usize> = (0..self.entries.len())
            .filter(|&i| {
                let e = &self.entries[i];
                let title = |info: &Info| info.title.to_lowercase().contains(&needle);
                let binary = e.info.as_ref().is_some_and(|info| info.binary);
                !binary
                    && (needle.is_empty()
                        || e.name.to_lowercase().contains(&needle)
                        || e.info.as_ref().is_some_and(title))
            })
            .collect();
        let title = |i: usize| {
            let e = &self.entries[i];
            e.info
                .as_ref()
                .map_or_else(|| e.name.to_lowercase(), |info| info.title.to_lowercase())
        };
        let when = |i: usize| {
            self.entries[i]
                .info
                .as_ref()
                .and_then(|info| info.read.map(|r| r.1))
        };
        match self.sort {
            Sort::Path => {}
            Sort::Title => shown.sort_by_cached_key(|&i| title(i)),
            Sort::Recent => shown.sort_by_key(|&i| std::cmp::Reverse(when(i))),
        }
        self.shown = shown;
        self.selected = keep
            .and_then(|k| self.shown.iter().position(|&i| i == k))
            .unwrap_or(0);
        self.top = self.top.min(self.selected);
    }
}

/// `path` with the home folder written `~`, as people write paths.
pub fn home_relative(path: &Path) -> String {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    match home.as_deref().and_then(|h| path.strip_prefix(h).ok()) {
        Some(rest) if !rest.as_os_str().is_empty() => format!("~/{}", rest.display()),
        _ => path.display().to_string(),
    }
}

/// Files larger than this are read from their beginning only for the rows on screen.
const HEAD: u64 = 256 << 10;

/// [`read_info`] for a row on screen: a large file's title from its beginning, its words
/// estimated from the beginning's, so a folder of large files still shows at once.
pub fn read_head(path: &Path) -> Info {
    use std::io::Read;
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size <= HEAD {
        return read_info(path);
    }
    let mut bytes = Vec::new();
    if crate::files::open_regular(path, u64::MAX)
        .and_then(|f| f.take(HEAD).read_to_end(&mut bytes))
        .is_err()
    {
        return read_info(path);
    }
    // Whole lines only.
    let end = bytes
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(bytes.len(), |i| i + 1);
    bytes.truncate(end);
    let mut info = describe(path, &bytes);
    info.words = (info.words as f64 * size as f64 / end.max(1) as f64) as usize;
    info.estimated = true;
    info
}

/// Files larger than this have their words counted a section at a time (never the whole
/// document held parsed), as the reader parses them.
const BIG: u64 = 4 << 20;

/// A file's title (front matter, its first heading, else its name), words, and reading
/// progress from the saved state.
pub fn read_info(path: &Path) -> Info {
    if std::fs::metadata(path).is_ok_and(|m| m.len() > BIG) {
        let mut info = read_head(path);
        if let Ok(source) = crate::source::Source::load(path, true) {
            let text = std::sync::Arc::new(source.text);
            let piece = crate::document::large::PIECE;
            let doc =
                crate::document::large::parse_large(text, &source.name, piece, Markdown::default());
            info.words = doc.words();
            info.estimated = false;
        }
        return info;
    }
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let Ok(bytes) = crate::files::read_regular(path, u64::MAX) else {
        return Info {
            title: crate::text::clean(&name).into_owned(),
            words: 0,
            read: None,
            gone: true,
            binary: false,
            estimated: false,
        };
    };
    describe(path, &bytes)
}

/// What a file's `bytes` tell of it (see [`read_info`]).
fn describe(path: &Path, bytes: &[u8]) -> Info {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Info {
            title: crate::text::clean(&name).into_owned(),
            words: 0,
            read: None,
            gone: false,
            binary: true,
            estimated: false,
        };
    }
    let text = String::from_utf8_lossy(bytes);
    let doc = crate::document::Document::parse(&text, &name);
    let key = crate::state::document_key(Some(path), "");
    let read = state::state_dir().and_then(|dir| {
        let file = state::file_for(&dir, &key);
        let when = std::fs::metadata(&file).and_then(|m| m.modified()).ok()?;
        let saved: Saved = state::load(&file, &key).ok()??;
        Some((progress(&saved, &doc), when))
    });
    // The document's one title (see `Document::title`).
    let title = doc.title.clone();
    Info {
        title: crate::text::clean(&title).into_owned(),
        words: doc.words(),
        read,
        gone: false,
        binary: false,
        estimated: false,
    }
}

/// How much of a document has been read, by its words: each section's part read.
fn progress(saved: &Saved, doc: &crate::document::Document) -> f32 {
    let total = doc.words().max(1) as f32;
    let read: f32 = doc
        .sections
        .iter()
        .zip(&saved.read)
        .map(|(s, r)| s.words as f32 * r.clamp(0.0, 1.0))
        .sum();
    (read / total).clamp(0.0, 1.0)
}

/// "just now", "5 min ago", "3 h ago", "2 days ago": how long ago `when` was.
pub fn ago(when: SystemTime, now: SystemTime) -> String {
    let secs = now.duration_since(when).map_or(0, |d| d.as_secs());
    match secs {
        0..60 => "just now".to_string(),
        60..3600 => format!("{} min ago", secs / 60),
        3600..86_400 => format!("{} h ago", secs / 3600),
        _ => crate::document::count((secs / 86_400) as usize, "day") + " ago",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of a few files (removed with them when dropped).
    fn folder(name: &str) -> tempfile::TempDir {
        let kept = tempfile::Builder::new()
            .prefix(&format!("cr-library-{name}-"))
            .tempdir()
            .expect("a temporary folder");
        let dir = kept.path();
        std::fs::create_dir_all(dir.join("sub")).expect("dir");
        std::fs::create_dir_all(dir.join(".hidden")).expect("dir");
        std::fs::write(dir.join("b.md"), "# Beta\n\nsome words here\n").expect("write");
        std::fs::write(dir.join("sub/a.md"), "---\ntitle: Alpha\n---\n\ntext\n").expect("write");
        std::fs::write(dir.join("notes.txt"), "not listed").expect("write");
        std::fs::write(dir.join(".hidden/h.md"), "# Hidden").expect("write");
        std::fs::write(dir.join("ignored.md"), "# Ignored").expect("write");
        std::fs::write(dir.join("z.md"), b"\x89PNG\0\0binary").expect("write");
        std::fs::write(dir.join(".gitignore"), "ignored.md\n").expect("write");
        kept
    }

    #[test]
    fn a_folder_lists_its_markdown_as_git_sees_it_with_titles() {
        let kept = folder("list");
        let dir = kept.path();
        let mut lib = Library::of_folder(dir);
        let names: Vec<&str> = lib.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["b.md", "sub/a.md", "z.md"]);
        lib.read_visible(10);
        let titles: Vec<String> = lib
            .entries
            .iter()
            .map(|e| e.info.as_ref().expect("read").title.clone())
            .collect();
        assert_eq!(titles, ["Beta", "Alpha", "z.md"]);
        // A file found binary leaves the list.
        assert_eq!(lib.shown, [0, 1]);
        assert_eq!(lib.entries[0].info.as_ref().map(|i| i.words), Some(4));
        // Filtering by title or path, any case; sorting by title.
        lib.type_filter(Some('A'));
        lib.type_filter(Some('L'));
        assert_eq!(lib.shown, [1]);
        assert!(lib.clear_filter());
        assert!(!lib.clear_filter());
        lib.cycle_sort();
        assert_eq!(lib.sort, Sort::Title);
        assert_eq!(lib.shown, [1, 0]);
    }

    #[test]
    fn a_file_that_is_gone_is_shown_as_gone() {
        let lib = Library::of_files(&[PathBuf::from("/nonexistent/x.md")]);
        assert_eq!(lib.entries.len(), 1);
        let info = read_info(&lib.entries[0].path);
        assert!(info.gone);
        assert_eq!(info.title, "x.md");
    }

    #[test]
    fn a_large_file_on_screen_is_read_from_its_beginning_then_whole() {
        let kept = folder("large");
        let dir = kept.path();
        let big = dir.join("big.md");
        let body = "Some words in a line of the long file.\n\n".repeat(20_000);
        std::fs::write(&big, format!("# The long one\n\n{body}")).expect("write");
        let head = read_head(&big);
        let whole = read_info(&big);
        assert!(head.estimated && !whole.estimated);
        assert_eq!(head.title, "The long one");
        assert_eq!(whole.title, "The long one");
        // The estimate is near the count.
        let (est, real) = (head.words as f64, whole.words as f64);
        assert!((est - real).abs() / real < 0.05, "{est} against {real}");
        // A small file is read whole at once.
        assert!(!read_head(&dir.join("b.md")).estimated);
    }

    #[test]
    fn ago_reads_naturally() {
        let now = SystemTime::now();
        let back = |s: u64| now - std::time::Duration::from_secs(s);
        assert_eq!(ago(back(5), now), "just now");
        assert_eq!(ago(back(300), now), "5 min ago");
        assert_eq!(ago(back(7200), now), "2 h ago");
        assert_eq!(ago(back(86_400), now), "1 day ago");
    }
}
