//! Live documents: a file watched and read again when it changes, and a stream (standard
//! input, a FIFO) shown as it arrives.
//!
//! Each runs on a thread of its own and hands the event loop whole new versions of the text,
//! parsed ([`Change::Text`]); the app maps the reader's place, marks and progress from the
//! text on screen to the new one (see [`crate::document::changes`]).
//!
//! A file is watched through its folder (the `notify` crate: inotify, FSEvents, kqueue or
//! ReadDirectoryChanges), so every way an editor saves is seen: written in place, a new file
//! renamed over it, or deleted and created again. Changes are let settle for
//! [`SETTLE`] before the file is read (a burst of writes is read once), and a change that
//! comes while the last one is still being parsed starts that over. A file that disappears
//! is reported once; when it comes back it is read again.
//!
//! A stream is read in chunks on one thread and parsed, the whole of it so far, on another,
//! no more often than its parsing takes time for (so a fast stream costs about what reading
//! it whole would, and a slow one shows each part within a tenth of a second).

use crate::document::{Document, Markdown};
use crate::source::{Fingerprint, Input, STREAM_MAX, text_of};
use notify::Watcher;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::time::{Duration, Instant};

/// How long a file is let settle after a change before it is read: the writes of one save
/// arrive together.
pub const SETTLE: Duration = Duration::from_millis(40);

/// The longest a file that keeps changing waits to be read again.
const SETTLE_MOST: Duration = Duration::from_millis(150);

/// How long a version of a file that keeps changing may be left unshown while newer changes
/// restart its parse: after this it is shown, and the next one parsed after it.
const RESTART_MOST: Duration = Duration::from_secs(1);

/// How far a stream is read past what the reader has reached (at first, past its
/// beginning): a stream longer than that (an endless one: `yes | connection-reader`) waits,
/// as in a pager, until the reader goes on to its end or follows it.
pub const AHEAD: usize = 8 << 20;

/// How often a stream read as far as is wanted looks again whether more is.
const WANT_AGAIN: Duration = Duration::from_millis(50);

/// A stream is parsed again at most this often (and never more often than twice its last
/// parse took).
const STREAM_EVERY: Duration = Duration::from_millis(100);

/// A new version of the text, parsed.
pub struct Version {
    pub text: Arc<String>,
    pub doc: Document,
    pub fingerprint: Fingerprint,
    pub lossy: bool,
    /// The stream has ended (a file's version is always whole).
    pub ended: bool,
}

/// What a live document reports.
pub enum Change {
    Text(Box<Version>),
    /// The file is gone (deleted, or renamed away); the text last read stays on screen.
    Gone,
    /// It could not be read (the cause, one line).
    Failed(String),
}

/// A live document: the thread watching a file or reading a stream, and what it reports.
pub struct Live {
    changes: Receiver<Change>,
    /// What watches the file's folder (the watch ends when it is dropped), and the folders
    /// it watches.
    watcher: Option<(Box<dyn Watcher + Send>, Vec<PathBuf>)>,
    /// A stream, not a file.
    pub stream: bool,
    /// How much of a stream the reader wants read (see [`Live::want`]).
    want: Arc<AtomicUsize>,
}

impl Live {
    /// The next change reported, if any (one waits at most: the thread reporting waits
    /// until it is taken, and then reports the newest).
    pub fn poll(&mut self) -> Option<Change> {
        self.changes.try_recv().ok()
    }

    /// Ends the watch ahead of the program's end: the kernel lets go of a folder's watch
    /// faster this way than when the program's end closes it with the watch still on
    /// (there it waits for its readers, 5 to 15 ms).
    pub fn stop(&mut self) {
        if let Some((watcher, folders)) = &mut self.watcher {
            for folder in folders.iter() {
                let _ = watcher.unwatch(folder);
            }
        }
    }

    /// Asks for a stream to be read until it is at least `bytes` long (it is read ahead
    /// [`AHEAD`] past what is shown at first, and then as far as the reader goes: at its end,
    /// or following it).
    pub fn want(&self, bytes: usize) {
        self.want.fetch_max(bytes, Ordering::Relaxed);
    }

    /// Watches the file at `path`, whose text on screen has `shown` as its fingerprint (none
    /// while it still loads): each change is read, parsed and reported. `Err`: why it cannot be watched (one line).
    pub fn watch(
        path: &Path,
        shown: Option<Fingerprint>,
        markdown: Markdown,
        force: bool,
    ) -> Result<Live, String> {
        let (events, incoming) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = events.send(event);
        })
        .map_err(|e| e.to_string())?;
        // The file's folder, and, for a link, the folder of the file it leads to.
        let mut names = Vec::new();
        let mut folders: Vec<PathBuf> = Vec::new();
        for p in [Some(path.to_path_buf()), std::fs::canonicalize(path).ok()]
            .into_iter()
            .flatten()
        {
            let folder = match p.parent() {
                Some(f) if !f.as_os_str().is_empty() => f.to_path_buf(),
                _ => PathBuf::from("."),
            };
            if let Some(name) = p.file_name() {
                names.push(name.to_os_string());
            }
            if !folders.contains(&folder) {
                watcher
                    .watch(&folder, notify::RecursiveMode::NonRecursive)
                    .map_err(|e| e.to_string())?;
                folders.push(folder);
            }
        }
        // One report waits at most: the thread waits until the reader has taken it.
        let (tx, changes) = mpsc::sync_channel(1);
        let path = path.to_path_buf();
        let name = crate::source::name_of(&path);
        let watching = Watching {
            path,
            name,
            names,
            markdown,
            force,
            last: shown,
            tx,
        };
        crate::worker::spawn("watch", move || watching.run(&incoming))
            .map_err(|e| e.to_string())?;
        Ok(Live {
            changes,
            watcher: Some((Box::new(watcher), folders)),
            stream: false,
            want: Arc::default(),
        })
    }

    /// Goes on reading a stream whose beginning, `read`, is on screen: `chunks` brings the
    /// rest (see [`read_chunks`]). Each new part is parsed with everything before it.
    pub fn stream(
        read: Vec<u8>,
        chunks: Receiver<Chunk>,
        name: String,
        markdown: Markdown,
    ) -> Live {
        // One version waits at most: reading the stream waits until the reader has taken
        // it (and the program writing it, once the chunks between are full).
        let (tx, changes) = mpsc::sync_channel(1);
        let want = Arc::new(AtomicUsize::new(read.len() + AHEAD));
        let wanted = Arc::clone(&want);
        let job = move || follow_stream(read, &chunks, &wanted, &name, markdown, &tx);
        let live = |changes| Live {
            changes,
            watcher: None,
            stream: true,
            want: Arc::clone(&want),
        };
        if let Err(e) = crate::worker::spawn("stream", job) {
            // Nothing more will come: say so, the part read stays.
            let (tx, changes) = mpsc::sync_channel(1);
            let _ = tx.send(Change::Failed(format!("reading on: {e}")));
            return live(changes);
        }
        live(changes)
    }
}

impl Drop for Live {
    /// Ends the watch (see [`Live::stop`]) and lets go of it on a thread of its own: the
    /// kernel may still take milliseconds, which the reader does not wait for.
    fn drop(&mut self) {
        self.stop();
        if let Some(watcher) = self.watcher.take() {
            let _ = std::thread::Builder::new()
                .name("unwatch".into())
                .spawn(move || drop(watcher));
        }
    }
}

/// The watching thread's state (see [`Live::watch`]).
struct Watching {
    path: PathBuf,
    name: String,
    /// The names in their folders an event must name to concern the file.
    names: Vec<std::ffi::OsString>,
    markdown: Markdown,
    /// Read it even if it looks binary (it was opened with `--force`).
    force: bool,
    /// The text last reported (none while the file is gone).
    last: Option<Fingerprint>,
    tx: SyncSender<Change>,
}

type Event = notify::Result<notify::Event>;

impl Watching {
    /// Whether `event` may concern the file (any event the watch itself reports as an
    /// error does: the file is read again to be sure).
    fn concerns(&self, event: &Event) -> bool {
        match event {
            Ok(e) => {
                !matches!(e.kind, notify::EventKind::Access(_))
                    && e.paths.iter().any(|p| {
                        p.file_name()
                            .is_some_and(|n| self.names.iter().any(|m| m == n))
                    })
            }
            Err(_) => true,
        }
    }

    /// Waits for changes to the file until the watch ends, reading it again after each.
    fn run(mut self, incoming: &Receiver<Event>) {
        // Since when a version has waited to be shown, while newer changes restarted it.
        let mut waiting: Option<Instant> = None;
        // A file whose length differs from the text on screen changed before the watch
        // began: read at once.
        let length = std::fs::metadata(&self.path).ok().map(|m| m.len());
        let mut changed = self.last.is_some_and(|f| length != Some(f.length as u64));
        loop {
            if !std::mem::take(&mut changed) {
                match incoming.recv() {
                    Ok(event) if self.concerns(&event) => {}
                    Ok(_) => continue,
                    Err(_) => return,
                }
            }
            self.settle(incoming);
            let Some(version) = self.read_again() else {
                waiting = None;
                continue;
            };
            // A newer change came while this one was parsed: start again with it, unless
            // the file has gone unshown too long.
            let since = *waiting.get_or_insert_with(Instant::now);
            if self.pending(incoming) && since.elapsed() < RESTART_MOST {
                // (Its events are taken: read again without waiting for another.)
                changed = true;
                continue;
            }
            waiting = None;
            self.last = Some(version.fingerprint);
            if self.tx.send(Change::Text(Box::new(version))).is_err() {
                return;
            }
        }
    }

    /// Takes the changes that follow within [`SETTLE`] of each other (for at most
    /// [`SETTLE_MOST`]), so one save is read once.
    fn settle(&self, incoming: &Receiver<Event>) {
        let start = Instant::now();
        while start.elapsed() < SETTLE_MOST {
            match incoming.recv_timeout(SETTLE) {
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    /// Whether a change to the file is waiting (the others are dropped).
    fn pending(&self, incoming: &Receiver<Event>) -> bool {
        let mut any = false;
        while let Ok(event) = incoming.try_recv() {
            any |= self.concerns(&event);
        }
        any
    }

    /// Reads and parses the file if its text differs from the last shown; reports a file
    /// gone or unreadable (once) and returns `None` then.
    fn read_again(&mut self) -> Option<Version> {
        let mut loaded = self.read_file();
        // A file read empty, or whose length changed as it was read, is most likely being
        // written (emptied first, then filled): read it again once it has settled.
        for _ in 0..UNSETTLED_READS {
            let unsettled = match &loaded {
                Ok(source) => {
                    let now = std::fs::metadata(&self.path).map(|m| m.len()).ok();
                    source.text.is_empty() || now != Some(source.text.len() as u64)
                }
                Err(_) => false,
            };
            if !unsettled {
                break;
            }
            std::thread::sleep(SETTLE_MOST);
            loaded = self.read_file();
        }
        let source = match loaded {
            Ok(source) => source,
            Err(e) => {
                let gone = !self.path.exists();
                if self.last.take().is_some() || !gone {
                    let change = if gone {
                        Change::Gone
                    } else {
                        Change::Failed(format!("{e:#}"))
                    };
                    let _ = self.tx.send(change);
                }
                return None;
            }
        };
        let fingerprint = Fingerprint::of(&source.text);
        if self.last == Some(fingerprint) {
            return None;
        }
        let text = Arc::new(source.text);
        let doc = crate::loader::parse_whole(Arc::clone(&text), &self.name, self.markdown);
        Some(Version {
            text,
            doc,
            fingerprint,
            lossy: source.lossy,
            ended: true,
        })
    }
}

impl Watching {
    /// The file's text, if it is still a regular file (checked before it is opened and
    /// again after, so a FIFO or a device put in its place is never waited on), and still
    /// text (unless it was opened with `--force`).
    fn read_file(&self) -> anyhow::Result<crate::source::Source> {
        let bytes = crate::files::read_regular(&self.path, crate::source::STREAM_MAX as u64)
            .map_err(|e| anyhow::anyhow!("{}", crate::files::cause(&e)))?;
        if !self.force && crate::source::looks_binary(&bytes) {
            anyhow::bail!("it looks like a binary file now");
        }
        let (text, lossy) = text_of(bytes);
        Ok(crate::source::Source {
            name: self.name.clone(),
            text,
            lossy,
        })
    }
}

/// How many more times a file that seems to be still being written is read (see
/// [`Watching::read_again`]) before what was read is taken.
const UNSETTLED_READS: usize = 3;

/// How many chunks read from a stream may wait to be taken (see [`read_chunks`]).
const CHUNKS_WAITING: usize = 32;

/// What the reading thread of a stream hands on (see [`read_chunks`]).
pub enum Chunk {
    Bytes(Vec<u8>),
    End,
    Failed(String),
}

/// Reads `input` (a stream) on a thread of its own, handing on each chunk as it comes, then
/// its end or why it stopped. The receiver gets the bytes `input` held already first.
pub fn read_chunks(mut input: Input) -> std::io::Result<Receiver<Chunk>> {
    // At most this many chunks wait (a few MB): reading keeps pace with what takes them.
    let (tx, rx) = mpsc::sync_channel(CHUNKS_WAITING);
    crate::worker::spawn("read", move || {
        loop {
            if !input.bytes.is_empty() && tx.send(Chunk::Bytes(input.take_all())).is_err() {
                return;
            }
            if input.ended {
                let _ = tx.send(Chunk::End);
                return;
            }
            // One chunk at a time: whatever the stream has, as soon as it has it.
            if let Err(e) = input.read_upto(1) {
                let _ = tx.send(Chunk::Failed(format!("{e:#}")));
                return;
            }
        }
    })?;
    Ok(rx)
}

/// A stream's beginning, as [`gather`] found it.
pub enum Gathered {
    /// The whole stream: it ended in time.
    Whole(Vec<u8>),
    /// Its beginning, and the rest still arriving.
    Arriving(Vec<u8>, Receiver<Chunk>),
}

/// Waits for a stream's first bytes (as long as they take), then reads on until it ends,
/// until `most` bytes are here, or until `budget` has passed since the first came. A stream
/// that ends by then (a file piped in) is whole; one still arriving (a program still
/// writing) is shown, or printed, as it comes. `Err`: why reading failed (a binary stream,
/// an error), one line naming it.
pub fn gather(chunks: Receiver<Chunk>, most: usize, budget: Duration) -> Result<Gathered, String> {
    let mut bytes = Vec::new();
    let mut until: Option<Instant> = None;
    loop {
        let chunk = match until {
            None => chunks.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(until) => chunks.recv_timeout(until.saturating_duration_since(Instant::now())),
        };
        match chunk {
            Ok(Chunk::Bytes(b)) => {
                bytes.extend_from_slice(&b);
                until.get_or_insert_with(|| Instant::now() + budget);
                if bytes.len() >= most {
                    return Ok(Gathered::Arriving(bytes, chunks));
                }
            }
            Ok(Chunk::Failed(cause)) => return Err(cause),
            Ok(Chunk::End) | Err(RecvTimeoutError::Disconnected) => {
                return Ok(Gathered::Whole(bytes));
            }
            Err(RecvTimeoutError::Timeout) => return Ok(Gathered::Arriving(bytes, chunks)),
        }
    }
}

/// The stream's thread: adds each chunk to the text, while the text is shorter than the
/// reader wants (see [`Live::want`]), and parses the text (up to its last whole line, until
/// the end) when new lines came and the last parse was long enough ago. Past what is wanted
/// nothing more is taken: the stream waits, as a pager's does, until the reader goes on.
fn follow_stream(
    mut bytes: Vec<u8>,
    chunks: &Receiver<Chunk>,
    want: &AtomicUsize,
    name: &str,
    markdown: Markdown,
    tx: &SyncSender<Change>,
) {
    let mut shown = bytes.len();
    let mut next = Instant::now() + STREAM_EVERY;
    let mut ended = false;
    let mut failed = None;
    loop {
        let wait = next.saturating_duration_since(Instant::now());
        let chunk = if bytes.len() >= want.load(Ordering::Relaxed) {
            // Enough for now: show what waits, else look again in a while.
            std::thread::sleep(if bytes.len() > shown {
                wait
            } else {
                WANT_AGAIN
            });
            None
        } else if bytes.len() > shown {
            match chunks.recv_timeout(wait) {
                Ok(c) => Some(c),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => Some(Chunk::End),
            }
        } else {
            match chunks.recv_timeout(WANT_AGAIN) {
                Ok(c) => Some(c),
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => Some(Chunk::End),
            }
        };
        match chunk {
            Some(Chunk::Bytes(b)) => {
                bytes.extend_from_slice(&b);
                if bytes.len() > STREAM_MAX {
                    bytes.truncate(STREAM_MAX);
                    failed = Some(format!(
                        "longer than {} MB, more than the reader holds: showing the first \
                         (--print reads a stream of any length)",
                        STREAM_MAX >> 20
                    ));
                    ended = true;
                }
            }
            Some(Chunk::End) => ended = true,
            Some(Chunk::Failed(cause)) => {
                failed = Some(cause);
                ended = true;
            }
            None => {}
        }
        if !ended && (Instant::now() < next || bytes.len() <= shown) {
            continue;
        }
        // Whole lines only, until the end (a line still arriving is shown when it is whole).
        let upto = if ended {
            bytes.len()
        } else {
            match memchr::memrchr(b'\n', &bytes[shown..]) {
                Some(i) => shown + i + 1,
                None => continue,
            }
        };
        let started = Instant::now();
        let (text, lossy) = text_of(bytes[..upto].to_vec());
        let fingerprint = Fingerprint::of(&text);
        let text = Arc::new(text);
        let doc = crate::loader::parse_whole(Arc::clone(&text), name, markdown);
        shown = upto;
        let version = Version {
            text,
            doc,
            fingerprint,
            lossy,
            ended,
        };
        if tx.send(Change::Text(Box::new(version))).is_err() {
            return;
        }
        if ended {
            if let Some(cause) = failed {
                let _ = tx.send(Change::Failed(cause));
            }
            return;
        }
        next = Instant::now() + STREAM_EVERY.max(started.elapsed() * 2);
    }
}
