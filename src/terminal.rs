//! The terminal: entering the reading screen and always giving it back.
//!
//! [`restore`] undoes everything [`enter`] did (raw mode, alternate screen, mouse capture,
//! hidden cursor) and is idempotent. It runs once on the way out: at the end of the event
//! loop, from the panic hook when the main thread panics, or from the signal thread when a
//! signal ends the process (signals are handled on their own thread, so a hung-up terminal
//! that stalls event reading cannot keep the reader alive). Worker threads never touch the
//! terminal: the panic hook leaves their panics to [`crate::worker`], which reports them.
//! Frames are drawn only under [`drawing`], which refuses once the terminal is given back,
//! and a signal exit holds it until the process is gone, so no frame lands on the shell.

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::{cursor, event, execute, terminal};
use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

static ACTIVE: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);
/// Set when the reader was continued after a suspension and the screen must be redrawn.
static RESUMED: AtomicBool = AtomicBool::new(false);

/// Held while a frame is written, so a signal never restores the screen mid-frame.
static DRAWING: Mutex<()> = Mutex::new(());

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Permission to draw a frame, holding off the signal thread until it is written; `None`
/// once the terminal has been given back (a frame then would land on the user's shell).
pub fn drawing() -> Option<MutexGuard<'static, ()>> {
    let guard = DRAWING.lock().unwrap_or_else(|e| e.into_inner());
    ACTIVE.load(Ordering::SeqCst).then_some(guard)
}

/// Whether the terminal (as `TERM` names it) can be sent OSC 8 hyperlinks: any but the
/// Linux console and a dumb terminal, which may show the sequence as text. Terminals that do
/// not support them ignore them, as they ignore every OSC sequence they do not know.
pub fn takes_hyperlinks(term: Option<&str>) -> bool {
    !matches!(term, None | Some("" | "dumb" | "linux"))
}

/// Puts `text` on the clipboard through the terminal (OSC 52, which most terminals and tmux
/// honour). The text goes base64-encoded, so nothing in it reaches the terminal raw.
pub fn copy_to_clipboard(text: &str) -> io::Result<()> {
    use base64::Engine;
    let Some(_lock) = drawing() else {
        return Ok(());
    };
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout().lock();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

/// Raw mode, the alternate screen, and mouse capture when asked for.
pub fn enter(mouse: bool) -> io::Result<Tui> {
    install_panic_hook();
    MOUSE.store(mouse, Ordering::SeqCst);
    let setup = || -> io::Result<Tui> {
        take_over()?;
        Terminal::new(CrosstermBackend::new(io::stdout()))
    };
    setup().inspect_err(|_| restore())
}

/// Puts the terminal in the reader's modes (again, after a suspension).
fn take_over() -> io::Result<()> {
    ACTIVE.store(true, Ordering::SeqCst);
    terminal::enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(out, terminal::EnterAlternateScreen, cursor::Hide)?;
    if MOUSE.load(Ordering::SeqCst) {
        execute!(out, event::EnableMouseCapture)?;
    }
    Ok(())
}

/// Whether the reader was continued after a suspension since the last call: the screen
/// then needs a full redraw.
pub fn take_resumed() -> bool {
    RESUMED.swap(false, Ordering::SeqCst)
}

/// Suspends the reader like any job (Ctrl-Z): the signal thread gives the terminal back,
/// stops the process, and takes the terminal again when the shell continues it (`fg`).
#[cfg(unix)]
pub fn suspend() -> io::Result<()> {
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)
}

/// Windows has no job control: Ctrl-Z does nothing there.
#[cfg(not(unix))]
pub fn suspend() -> io::Result<()> {
    Ok(())
}

/// Gives the terminal back as it was. Errors are ignored: the terminal may be gone.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    if MOUSE.load(Ordering::SeqCst) {
        let _ = execute!(out, event::DisableMouseCapture);
    }
    let _ = execute!(out, terminal::LeaveAlternateScreen, cursor::Show);
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

/// Restores the terminal before the panic message is printed, so it can be read.
fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A worker's panic is caught and shown as a note; the reader goes on.
        if crate::worker::is_worker() {
            return;
        }
        restore();
        previous(info);
    }));
}

/// The thread that acts on signals, registered but not yet started (see [`watch_signals`]).
#[cfg_attr(not(unix), allow(dead_code))]
type Watcher = Box<dyn FnOnce() -> io::Result<()> + Send>;
static WATCHER: Mutex<Option<Watcher>> = Mutex::new(None);

/// On SIGTERM, SIGHUP, SIGINT and SIGQUIT: restores the terminal, runs `before_exit` (to
/// save the place), and exits. On SIGTSTP: gives the terminal back, stops, and takes it
/// again when continued. The signals are caught from now on; the thread that acts on them
/// starts at [`watch_signals`] (a signal caught before waits for it there).
#[cfg(unix)]
pub fn handle_signals(before_exit: impl FnOnce() + Send + 'static) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    use std::time::{Duration, Instant};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP])?;
    let start = move || {
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                let mut pending = signals.forever();
                let signal = loop {
                    match pending.next() {
                        Some(SIGTSTP) => {
                            // No frame is drawn while the terminal is handed back.
                            let _frame = DRAWING.lock().unwrap_or_else(|e| e.into_inner());
                            let active = ACTIVE.load(Ordering::SeqCst);
                            restore();
                            let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
                            // Continued (`fg`).
                            if active && take_over().is_ok() {
                                RESUMED.store(true, Ordering::SeqCst);
                            }
                        }
                        other => break other,
                    }
                };
                if let Some(signal) = signal {
                    // Wait briefly for a frame being written to finish; never wait forever.
                    let deadline = Instant::now() + Duration::from_millis(200);
                    let guard = loop {
                        match DRAWING.try_lock() {
                            Ok(g) => break Some(g),
                            Err(_) if Instant::now() < deadline => {
                                std::thread::sleep(Duration::from_millis(5))
                            }
                            Err(_) => break None,
                        }
                    };
                    // The lock is held to the end: no frame after the terminal is given back.
                    restore();
                    before_exit();
                    let _held = guard;
                    std::process::exit(128 + signal);
                }
            })
            .map(drop)
    };
    *WATCHER.lock().unwrap_or_else(|e| e.into_inner()) = Some(Box::new(start));
    Ok(())
}

/// Windows sends no such signals to a console program (Ctrl-C arrives as a key in raw
/// mode): nothing to catch.
#[cfg(not(unix))]
pub fn handle_signals(_before_exit: impl FnOnce() + Send + 'static) -> io::Result<()> {
    Ok(())
}

/// Starts the thread that acts on the signals [`handle_signals`] catches, once: after the
/// first frame is drawn (its start then costs the first screen nothing), or before anything
/// that may keep the reader waiting. A signal caught before is acted on as it starts.
pub fn watch_signals() -> io::Result<()> {
    let start = WATCHER.lock().unwrap_or_else(|e| e.into_inner()).take();
    start.map_or(Ok(()), |start| start())
}
