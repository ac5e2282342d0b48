//! Isolation of third-party readers (PDF, DOCX, HTML) in ingest.
//!
//! A panic can be caught, but a thread cannot be killed: a runaway loop
//! keeps burning a core, and an abort, a stack overflow or running out of
//! memory takes the whole process down. So the CLI runs each such file in a
//! child process (`cchc worker`, bytes on stdin, [`Ingested`] as JSON on
//! stdout) that the parent kills at the deadline and whose address space is
//! capped. Library users without the `cchc` executable get the in-process
//! fallback: `catch_unwind` plus a deadline (the runaway thread is then only
//! abandoned, not stopped).

use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use wait_timeout::ChildExt;

use super::Ingested;
use crate::model::{ErrorKind, Format, ReadError};

/// How a child process ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit status 0, with its standard output.
    Finished(Vec<u8>),
    /// Killed at the deadline.
    TimedOut,
    /// Non-zero exit or a signal (abort, segfault, out of memory).
    Crashed(String),
    /// The process could not be started.
    NotStarted(String),
}

/// Run `cmd` with `input` on its stdin; kill it if it runs past `timeout`.
pub fn run_with_deadline(mut cmd: Command, input: Vec<u8>, timeout: Duration) -> Outcome {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return Outcome::NotStarted(e.to_string()),
    };
    let stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(mut s) = stdin {
            // A child that dies early closes the pipe; that is reported by its status.
            let _ = s.write_all(&input);
        }
    });
    let mut stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = s.read_to_end(&mut out);
        }
        out
    });
    let status = match child.wait_timeout(timeout) {
        Ok(Some(status)) => status,
        Ok(None) | Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            let _ = writer.join();
            let _ = reader.join();
            return Outcome::TimedOut;
        }
    };
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    if status.success() {
        return Outcome::Finished(out);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            let what = match sig {
                6 => "it aborted, possibly out of memory",
                9 => "it was killed, possibly out of memory",
                11 => "it crashed (segmentation fault or stack overflow)",
                _ => "it was stopped by a signal",
            };
            return Outcome::Crashed(format!("{what} (signal {sig})"));
        }
    }
    Outcome::Crashed(format!("it exited with {status}"))
}

fn failed(format: Format, kind: ErrorKind, message: String) -> Ingested {
    Ingested::failed(format, kind, message)
}

fn timeout_message(timeout: Duration) -> String {
    format!(
        "Reading the file took longer than the limit of {} s and was stopped; the file may be damaged or very large (raise the limit with --timeout).",
        timeout.as_secs()
    )
}

/// Read `bytes` with `read` in a `cchc worker` child process.
pub fn in_child(
    exe: &Path,
    path: &Path,
    bytes: &[u8],
    format: Format,
    ocr_args: &[&str],
    timeout: Duration,
) -> Ingested {
    let mut cmd = Command::new(exe);
    cmd.arg("worker").args(ocr_args).arg("--name").arg(path);
    match run_with_deadline(cmd, bytes.to_vec(), timeout) {
        Outcome::Finished(out) => match serde_json::from_slice::<Ingested>(&out) {
            Ok(ing) => ing,
            Err(e) => failed(
                format,
                ErrorKind::ReaderCrashed,
                format!("The reader stopped without a usable result ({e}); the file was skipped."),
            ),
        },
        Outcome::TimedOut => failed(format, ErrorKind::Timeout, timeout_message(timeout)),
        Outcome::Crashed(why) => failed(
            format,
            ErrorKind::ReaderCrashed,
            format!("The reader failed on this file: {why}. The file was skipped; the others were read."),
        ),
        Outcome::NotStarted(e) => failed(
            format,
            ErrorKind::ReaderCrashed,
            format!("The isolated reader could not be started ({e})."),
        ),
    }
}

/// Run `read` in this process under `catch_unwind`; with a timeout, on a
/// separate thread that is abandoned at the deadline.
pub fn in_process<F>(format: Format, timeout: Option<Duration>, read: F) -> Ingested
where
    F: FnOnce() -> Ingested + Send + 'static,
{
    let guarded = move || match catch_unwind(AssertUnwindSafe(read)) {
        Ok(ing) => ing,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown error".into());
            failed(
                format,
                ErrorKind::ReaderCrashed,
                format!("The reader failed on this file ({msg}); the file was skipped."),
            )
        }
    };
    let Some(timeout) = timeout else {
        return guarded();
    };
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("cchc-ingest".into())
        .spawn(move || {
            let _ = tx.send(guarded());
        });
    if let Err(e) = spawned {
        return failed(
            format,
            ErrorKind::ReaderCrashed,
            format!("The reader could not be started ({e})."),
        );
    }
    match rx.recv_timeout(timeout) {
        Ok(ing) => ing,
        Err(_) => failed(format, ErrorKind::Timeout, timeout_message(timeout)),
    }
}

/// Cap this process's address space (used by the worker on itself), so a
/// decompression bomb ends the worker instead of exhausting the machine.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
pub fn limit_memory(bytes: u64) {
    #[repr(C)]
    struct RLimit {
        cur: u64,
        max: u64,
    }
    extern "C" {
        fn setrlimit(resource: i32, rlim: *const RLimit) -> i32;
    }
    const RLIMIT_AS: i32 = 9;
    let lim = RLimit {
        cur: bytes,
        max: bytes,
    };
    // SAFETY: setrlimit only reads the struct, which matches the C layout
    // of `struct rlimit` (two rlim_t = u64) on these 64-bit Linux targets.
    unsafe {
        setrlimit(RLIMIT_AS, &lim);
    }
}

#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
pub fn limit_memory(_bytes: u64) {}

/// A ReadError, for readers that return `Result`.
pub fn error(kind: ErrorKind, message: impl Into<String>) -> ReadError {
    ReadError::new(kind, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut c = Command::new("/bin/sh");
        c.arg("-c").arg(script);
        c
    }

    #[test]
    fn a_hanging_child_is_killed_at_the_deadline() {
        let out = run_with_deadline(sh("sleep 30"), Vec::new(), Duration::from_millis(200));
        assert_eq!(out, Outcome::TimedOut);
    }

    #[test]
    fn a_crashing_child_is_reported_with_its_signal() {
        match run_with_deadline(sh("kill -SEGV $$"), Vec::new(), Duration::from_secs(20)) {
            Outcome::Crashed(why) => assert!(why.contains("signal 11"), "{why}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn stdin_goes_in_and_stdout_comes_back() {
        let input = vec![b'x'; 1 << 20];
        match run_with_deadline(sh("wc -c"), input, Duration::from_secs(20)) {
            Outcome::Finished(out) => assert_eq!(String::from_utf8_lossy(&out).trim(), "1048576"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_panicking_reader_becomes_an_error() {
        let ing = in_process(Format::Pdf, Some(Duration::from_secs(20)), || {
            panic!("boom")
        });
        assert_eq!(ing.errors[0].kind, ErrorKind::ReaderCrashed);
        assert!(ing.errors[0].message.contains("boom"));
    }

    #[test]
    fn a_runaway_reader_is_abandoned_at_the_deadline() {
        let ing = in_process(Format::Pdf, Some(Duration::from_millis(100)), || {
            std::thread::sleep(Duration::from_secs(5));
            Ingested::default()
        });
        assert_eq!(ing.errors[0].kind, ErrorKind::Timeout);
    }
}
