//! Reading files at their limits: what kind of file a path names, a small file read whole
//! only when it is a regular file under a size cap, files opened so that `open` never waits
//! (a FIFO) and never takes a terminal, and an I/O error's cause in plain words.

use std::io::{self, Read};
use std::path::Path;

/// Why a path with this metadata is not read as a document: a directory or a device. A
/// regular file, a FIFO and a socket are.
pub(crate) fn not_a_document(meta: &std::fs::Metadata) -> Option<&'static str> {
    if meta.is_dir() {
        return Some("is a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_char_device() || kind.is_block_device() {
            return Some("is a device");
        }
    }
    None
}

/// Opens a file to read without becoming its controlling terminal, and (on Unix) without
/// waiting for a FIFO's writer at `open`: the read waits instead, on the thread reading.
pub(crate) fn open_for_reading(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOCTTY);
    }
    options.open(path)
}

/// The most a small file (preferences, a saved place) may hold.
pub const SMALL_MAX: u64 = 1 << 20;

/// Opens a regular file of at most `most` bytes to read. Anything else (a FIFO, a device,
/// a directory, a symlink to one, a larger file) is an error saying so, found before the
/// file is opened and again after, so a read of it never waits and never runs on; a
/// missing file is [`io::ErrorKind::NotFound`].
pub fn open_regular(path: &Path, most: u64) -> io::Result<std::fs::File> {
    let check = |meta: &std::fs::Metadata| -> io::Result<()> {
        if !meta.is_file() {
            let kind = not_a_document(meta).unwrap_or("is not a regular file");
            return Err(io::Error::other(kind.to_string()));
        }
        if meta.len() > most {
            return Err(too_large(most));
        }
        Ok(())
    };
    check(&std::fs::metadata(path)?)?;
    let file = open_nonblocking(path)?;
    check(&file.metadata()?)?;
    Ok(file)
}

fn too_large(most: u64) -> io::Error {
    io::Error::other(format!("larger than {} KB, too large to read", most >> 10))
}

/// Reads a regular file of at most `most` bytes whole (see [`open_regular`]).
pub fn read_regular(path: &Path, most: u64) -> io::Result<Vec<u8>> {
    let file = open_regular(path, most)?;
    let size = file.metadata().map_or(0, |m| m.len());
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    file.take(most.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > most {
        return Err(too_large(most));
    }
    Ok(bytes)
}

/// [`open_for_reading`], and on Unix never waiting at `open` even for a FIFO swapped in
/// after its type was checked (the type is checked again on the open file).
fn open_nonblocking(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOCTTY | libc::O_NONBLOCK);
    }
    options.open(path)
}

/// An I/O error's cause in plain words, without the OS error number.
pub fn cause(e: &io::Error) -> String {
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
