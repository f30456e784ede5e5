//! Memory: the real binary prints large documents in under twice their size plus 20 MB.
//! (A test binary of its own, so no other test's allocations share the process the child is
//! started from.)

/// Peak resident memory of a finished child, in bytes.
fn peak_rss_of(mut child: std::process::Child) -> (std::process::ExitStatus, u64) {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child, with valid pointers to locals.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid);
    // The child is reaped; don't let `Child` try again.
    std::mem::forget(child.stdin.take());
    let code =
        <std::process::ExitStatus as std::os::unix::process::ExitStatusExt>::from_raw(status);
    (code, usage.ru_maxrss as u64 * 1024)
}

#[test]
fn a_large_file_prints_in_under_twice_its_size_plus_20_mb() {
    let kept = tempfile::Builder::new()
        .prefix("cr-extreme-")
        .tempdir()
        .expect("a temporary folder");
    let dir = kept.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("dir");
    let cases = [
        ("one-line.md", "word ".repeat(1_600_000)),
        (
            "sections.md",
            (0..2000)
                .map(|i| {
                    format!(
                        "## S{i}\n\n{}\n\n- a\n- b\n\n> q\n\n",
                        "prose words here ".repeat(230)
                    )
                })
                .collect(),
        ),
    ];
    for (name, text) in cases {
        let path = dir.join(name);
        std::fs::write(&path, &text).expect("write");
        let size = text.len() as u64;
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_connection-reader"))
            .args(["--print", "--width", "80"])
            .arg(&path)
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        let (status, peak) = peak_rss_of(child);
        assert!(status.success(), "{name}");
        let limit = 2 * size + 20 * 1024 * 1024;
        assert!(
            peak < limit,
            "{name}: {} MB of memory for a {} MB file",
            peak >> 20,
            size >> 20
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
