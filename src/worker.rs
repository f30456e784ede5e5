//! Worker threads (the loader, the search, the library's counting, the survey's second
//! half, `--print`'s layout): every thread the program starts is started here, its panics
//! caught, so a fault there becomes a message for the main loop (or the thread joining
//! it) instead of a half-restored terminal.
//!
//! The panic hook (see [`crate::terminal`]) leaves worker threads alone: only the main
//! thread gives the terminal back, and only when the reader exits. A worker's panic is
//! caught here and its message returned, for the main loop to show as a note.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    static WORKER: Cell<bool> = const { Cell::new(false) };
}

/// Whether the current thread is a worker (its panics are caught and reported, not printed).
pub fn is_worker() -> bool {
    WORKER.with(Cell::get)
}

/// Starts a worker thread named `name` that runs `job`.
pub fn spawn(name: &str, job: impl FnOnce() + Send + 'static) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            WORKER.with(|w| w.set(true));
            lower_priority();
            job();
        })
        .map(drop)
}

/// Starts a worker thread named `name` in `scope` that runs `job` at the priority of the
/// thread starting it (work the caller waits for, as `--print`'s): marked as a worker, so a
/// panic there is left to whoever joins it, never taken for the reader's own.
pub fn spawn_scoped<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    name: &str,
    job: impl FnOnce() -> T + Send + 'scope,
) -> std::io::Result<std::thread::ScopedJoinHandle<'scope, T>> {
    std::thread::Builder::new()
        .name(name.to_string())
        .spawn_scoped(scope, move || {
            WORKER.with(|w| w.set(true));
            job()
        })
}

/// How much lower a worker's priority is than the reader's (a nice value).
pub const NICER: i32 = 10;

/// Lowers the calling thread's priority: background work (a 100 MB file read and parsed, a
/// search) yields the processor to the reader's own thread and to the terminal drawing its
/// frames. On Linux a thread has a priority of its own; elsewhere it would be the whole
/// process's, so it is left alone.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority reads only its arguments; on Linux `who` 0 is the calling thread.
    unsafe {
        let now = libc::getpriority(libc::PRIO_PROCESS, 0);
        libc::setpriority(libc::PRIO_PROCESS, 0, now.saturating_add(NICER).min(19));
    }
}

/// Runs `job`, turning a panic into its message.
pub fn catching<T>(job: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(job)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "an internal error".to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn a_worker_runs_at_a_lower_priority_than_the_thread_that_started_it() {
        // SAFETY: getpriority reads only its arguments (on Linux, the calling thread's).
        let nice = || unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
        let here = nice();
        let (tx, rx) = std::sync::mpsc::channel();
        spawn("test-nice", move || tx.send(nice()).expect("send")).expect("spawn");
        let there = rx.recv().expect("the worker reports");
        assert_eq!(there, (here + NICER).min(19));
        assert_eq!(
            nice(),
            here,
            "the thread that started it keeps its priority"
        );
    }

    #[test]
    fn a_panic_in_a_worker_comes_back_as_its_message() {
        let (tx, rx) = std::sync::mpsc::channel();
        spawn("test-worker", move || {
            let result = catching(|| -> u32 { panic!("broken on purpose") });
            tx.send((is_worker(), result)).expect("send");
        })
        .expect("spawn");
        let (worker, result) = rx.recv().expect("the worker reports");
        assert!(worker);
        assert_eq!(result, Err("broken on purpose".to_string()));
        assert!(!is_worker(), "the test thread is not a worker");
        assert_eq!(catching(|| 7), Ok(7));
    }
}
