//! `cchc import`: walk folders, run the pipeline on new or changed files in
//! parallel (rayon), and write every result through ONE writer thread that
//! owns the SQLite connection (a `Connection` is `Send`, not `Sync`).
//!
//! Part of the **store** stage: it calls [`Pipeline::process_path`] per file
//! and hands finished documents to [`super::db`].
//!
//! Idempotence: a path whose size and modification time (ns) match its row
//! is unchanged without being read; otherwise its bytes are hashed and, if
//! the hash matches, it is still unchanged (only the time is updated). A
//! content hash already stored under another path is linked, not processed
//! again. Crash safety: a file's rows (document, figures, findings, `files`
//! row) are written in one transaction, and the `files` row is what marks the
//! file done, so a killed run leaves either all of a file or none of it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use rusqlite::Connection;

use crate::batch;
use crate::emit::summary::read_error_line;
use crate::inputs::{self, Input, WalkOptions};
use crate::model::{DocumentOutput, ErrorKind};
use crate::Pipeline;

use super::db::{self, FileRow, Prior, Status};
use super::progress::{format_duration, Progress};

/// What to import and how.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Folders (recursed) or files.
    pub roots: Vec<PathBuf>,
    pub db: PathBuf,
    /// Worker threads; `None` = all cores.
    pub jobs: Option<usize>,
    /// Process every file again even when unchanged (e.g. after new rules).
    pub reprocess: bool,
    /// No progress output.
    pub quiet: bool,
    /// Interval of the plain progress lines when not on a terminal.
    pub progress_every: Duration,
    /// Test hook: sleep this long before processing each file, so that a
    /// test can kill an import midway deterministically.
    pub delay: Option<Duration>,
    /// Time limit for one file, all stages included (`None`: no limit).
    pub timeout: Option<Duration>,
    /// Another import holds the database: wait for it instead of refusing.
    pub wait: bool,
    /// Skip symbolic links instead of following them.
    pub no_follow_links: bool,
    /// `-` among the roots: standard input's bytes, recorded under this path.
    pub stdin: Option<(PathBuf, Vec<u8>)>,
}

/// What a run did, file by file: `seen` = the sum of the others.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub seen: u64,
    /// Read and stored (new or changed), status `ok`.
    pub imported: u64,
    /// Of `imported`: content already stored under another path, linked.
    pub linked: u64,
    pub unchanged: u64,
    /// Recorded as failed in this run, by reason.
    pub failed: BTreeMap<String, u64>,
    /// Recorded as skipped in this run, by reason.
    pub skipped: BTreeMap<String, u64>,
    pub elapsed: Duration,
}

impl Summary {
    pub fn failed_total(&self) -> u64 {
        self.failed.values().sum()
    }

    fn count(&mut self, row: &FileRow, linked: bool) {
        let reason = || {
            row.reason
                .as_deref()
                .unwrap_or("unknown")
                .split(',')
                .next()
                .unwrap_or("unknown")
                .to_string()
        };
        match row.status {
            Status::Ok => {
                self.imported += 1;
                self.linked += u64::from(linked);
            }
            Status::Failed => *self.failed.entry(reason()).or_default() += 1,
            Status::Skipped => *self.skipped.entry(reason()).or_default() += 1,
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        writeln!(
            f,
            "cchc import: done in {} ({:.1} files/s)",
            format_duration(self.elapsed),
            if secs > 0.0 {
                self.seen as f64 / secs
            } else {
                0.0
            }
        )?;
        writeln!(f, "  seen:      {}", self.seen)?;
        writeln!(
            f,
            "  imported:  {} ({} with content already stored under another path)",
            self.imported, self.linked
        )?;
        writeln!(f, "  unchanged: {}", self.unchanged)?;
        writeln!(f, "  failed:    {}", self.failed_total())?;
        for (reason, n) in &self.failed {
            writeln!(f, "    {reason}: {n}")?;
        }
        writeln!(f, "  skipped:   {}", self.skipped.values().sum::<u64>())?;
        for (reason, n) in &self.skipped {
            writeln!(f, "    {reason}: {n}")?;
        }
        Ok(())
    }
}

/// One path found by the walk.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    File(PathBuf),
    /// Deliberately not read; recorded as `skipped`.
    Skip {
        path: PathBuf,
        reason: &'static str,
        message: String,
    },
    /// The walk could not look at it (permissions); recorded as `failed`/`io`.
    Error {
        path: PathBuf,
        message: String,
    },
    /// Standard input (`-`), recorded under this path.
    Stdin(PathBuf),
}

impl Entry {
    fn path(&self) -> &Path {
        match self {
            Entry::File(p)
            | Entry::Stdin(p)
            | Entry::Skip { path: p, .. }
            | Entry::Error { path: p, .. } => p,
        }
    }
}

impl From<Input> for Entry {
    fn from(i: Input) -> Entry {
        match i {
            Input::File(p) => Entry::File(p),
            Input::Skipped { path, reason } => Entry::Skip {
                path,
                reason: reason.as_str(),
                message: reason.message().into(),
            },
            Input::Unreadable { path, message } => Entry::Error { path, message },
            Input::Stdin(path) => Entry::Stdin(path),
        }
    }
}

/// Every path under `roots` (made absolute, so that a re-run from another
/// folder finds the same rows), sorted, each once, by the walker `extract`
/// and `check` use ([`crate::inputs`]): hidden files included, data and
/// code files skipped as `not_a_report`, links followed (loops skipped) or,
/// with `no_follow_links`, skipped; the files in `exclude` (the database,
/// its WAL and lock) are recorded as skipped. A root that does not exist is
/// an error: the import was pointed at the wrong place.
pub fn walk(
    roots: &[PathBuf],
    exclude: &[PathBuf],
    no_follow_links: bool,
    stdin_name: Option<PathBuf>,
) -> Result<Vec<Input>> {
    for root in roots {
        if root.as_os_str() != "-" && std::fs::metadata(root).is_err() {
            bail!("cannot import {}: no such file or folder", root.display());
        }
    }
    let opts = WalkOptions {
        no_follow_links,
        absolute: true,
        exclude: exclude.to_vec(),
        stdin_name,
    };
    let mut out = inputs::walk(roots, &opts);
    out.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(out)
}

/// What a worker hands to the writer for one path.
enum Outcome {
    /// Nothing to store; `Some(mtime)` when only the time changed.
    Unchanged {
        path: String,
        touch: Option<Option<i64>>,
    },
    /// Store this row, after the document when there is one.
    Write(FileRow, Option<Box<DocumentOutput>>),
    /// Content already stored: point the row at it (format and status come
    /// from the stored document). The path is kept to process the file if
    /// the document vanished meanwhile.
    Link(FileRow, PathBuf),
}

struct Context_<'a> {
    pipeline: &'a Arc<Pipeline>,
    timeout: Option<Duration>,
    stdin: &'a [u8],
    prior: &'a HashMap<String, Prior>,
    known: &'a HashSet<String>,
    reprocess: bool,
    delay: Option<Duration>,
}

fn key(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn mtime_ns(m: &std::fs::Metadata) -> Option<i64> {
    let d = m.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    i64::try_from(d.as_nanos()).ok()
}

fn bare_row(path: String, status: Status, reason: &str, message: String) -> FileRow {
    FileRow {
        path,
        sha256: None,
        size: 0,
        mtime_ns: None,
        format: None,
        status,
        reason: Some(reason.to_string()),
        message: Some(message),
        hash_ms: None,
        process_ms: None,
    }
}

/// The row of a file about to be read: `ok` until the pipeline says otherwise.
fn fresh_row(path: String, size: u64, mtime_ns: Option<i64>) -> FileRow {
    FileRow {
        path,
        sha256: None,
        size,
        mtime_ns,
        format: None,
        status: Status::Ok,
        reason: None,
        message: None,
        hash_ms: None,
        process_ms: None,
    }
}

/// An earlier failure worth retrying (the disk or a permission may be fixed).
fn transient(p: &Prior) -> bool {
    p.status == Status::Failed.as_str() && p.reason.as_deref() == Some("io")
}

fn work(entry: &Entry, cx: &Context_) -> Outcome {
    let path = match entry {
        Entry::File(p) => p,
        Entry::Skip {
            path,
            reason,
            message,
        } => {
            let k = key(path);
            if let Some(p) = cx.prior.get(&k) {
                if p.status == Status::Skipped.as_str() && p.reason.as_deref() == Some(reason) {
                    return Outcome::Unchanged {
                        path: k,
                        touch: None,
                    };
                }
            }
            return Outcome::Write(bare_row(k, Status::Skipped, reason, message.clone()), None);
        }
        Entry::Error { path, message } => {
            return Outcome::Write(
                bare_row(key(path), Status::Failed, "io", message.clone()),
                None,
            )
        }
        Entry::Stdin(path) => return stdin_work(path, cx),
    };
    let k = key(path);
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            return Outcome::Write(
                bare_row(
                    k,
                    Status::Failed,
                    "io",
                    format!("could not read the file: {e}"),
                ),
                None,
            )
        }
    };
    let (size, mtime) = (meta.len(), mtime_ns(&meta));
    let prior = cx.prior.get(&k).filter(|p| !cx.reprocess && !transient(p));
    if let Some(p) = prior {
        if p.size == size && p.mtime_ns == mtime && mtime.is_some() {
            return Outcome::Unchanged {
                path: k,
                touch: None,
            };
        }
    }
    let mut row = fresh_row(k.clone(), size, mtime);
    // Too-large files are left to the pipeline, which reports them unread.
    if size <= cx.pipeline.ingest.max_bytes {
        let t = Instant::now();
        let sha = match std::fs::read(path) {
            Ok(bytes) => crate::sha256_hex(&bytes),
            Err(e) => {
                row.status = Status::Failed;
                row.reason = Some("io".into());
                row.message = Some(format!("could not read the file: {e}"));
                return Outcome::Write(row, None);
            }
        };
        row.hash_ms = Some(t.elapsed().as_secs_f64() * 1e3);
        if let Some(p) = prior {
            if p.sha256.as_deref() == Some(sha.as_str()) {
                return Outcome::Unchanged {
                    path: k,
                    touch: Some(mtime),
                };
            }
        }
        if !cx.reprocess && cx.known.contains(&sha) {
            row.sha256 = Some(sha);
            return Outcome::Link(row, path.clone());
        }
    }
    if let Some(d) = cx.delay {
        std::thread::sleep(d);
    }
    process(row, path, cx.pipeline, cx.timeout)
}

/// Standard input, recorded under `path`: no modification time, so it is
/// always hashed; unchanged when the hash is the one recorded.
fn stdin_work(path: &Path, cx: &Context_) -> Outcome {
    let k = key(path);
    let limit = cx.pipeline.ingest.max_bytes;
    if cx.stdin.len() as u64 > limit {
        let message = format!("standard input is more than the limit of {limit} bytes");
        return Outcome::Write(
            bare_row(k, Status::Failed, ErrorKind::TooLarge.as_str(), message),
            None,
        );
    }
    let sha = crate::sha256_hex(cx.stdin);
    let prior = cx.prior.get(&k).filter(|p| !cx.reprocess && !transient(p));
    if prior.is_some_and(|p| p.sha256.as_deref() == Some(sha.as_str())) {
        return Outcome::Unchanged {
            path: k,
            touch: None,
        };
    }
    let row = fresh_row(k, cx.stdin.len() as u64, None);
    process_read(row, path, Ok(cx.stdin.to_vec()), cx.pipeline, cx.timeout)
}

/// A panic while handling one file (a bug, but an import of thousands of
/// files must not die of it) becomes a failed row for that file.
fn guarded(path: &Path, f: impl FnOnce() -> Outcome) -> Outcome {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|p| {
        let what = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Outcome::Write(
            bare_row(
                key(path),
                Status::Failed,
                ErrorKind::ReaderCrashed.as_str(),
                format!("cchc crashed while reading this file (please report it): {what}"),
            ),
            None,
        )
    })
}

/// Run the pipeline on one file and turn its output into a row + document.
fn process(
    row: FileRow,
    path: &Path,
    pipeline: &Arc<Pipeline>,
    timeout: Option<Duration>,
) -> Outcome {
    process_read(row, path, pipeline.read_path(path), pipeline, timeout)
}

/// [`process`] with the bytes already read (or why they could not be).
fn process_read(
    mut row: FileRow,
    path: &Path,
    read: Result<Vec<u8>, Box<crate::Processed>>,
    pipeline: &Arc<Pipeline>,
    timeout: Option<Duration>,
) -> Outcome {
    let t = Instant::now();
    let out = match (read, timeout) {
        (Ok(bytes), Some(limit)) => batch::within(pipeline, path, bytes, limit).output,
        (Ok(bytes), None) => pipeline.process_bytes(path, &bytes).output,
        (Err(unread), _) => unread.output,
    };
    row.process_ms = Some(t.elapsed().as_secs_f64() * 1e3);
    row.format = Some(out.source.format.as_str().to_string());
    let (status, reason, message) = db::classify(&out.errors);
    row.status = status;
    row.reason = reason;
    row.message = message;
    // Unread input: its hash is that of zero bytes, which is not its content.
    if out
        .errors
        .iter()
        .any(|e| matches!(e.kind, ErrorKind::Io | ErrorKind::TooLarge))
    {
        row.sha256 = None;
        return Outcome::Write(row, None);
    }
    row.sha256 = Some(out.source.sha256.clone());
    row.size = out.source.bytes;
    Outcome::Write(row, Some(Box::new(out)))
}

/// The writer thread: batches whatever is queued into one transaction.
fn write_all(
    mut conn: Connection,
    rx: Receiver<Outcome>,
    mut progress: Progress,
    pipeline: &Arc<Pipeline>,
    timeout: Option<Duration>,
) -> Result<Summary> {
    let mut summary = Summary::default();
    let mut written = HashMap::new();
    loop {
        // The progress line goes on while a slow file is being read.
        let first = match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(o) => o,
            Err(RecvTimeoutError::Timeout) => {
                progress.tick();
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let mut batch = vec![first];
        while batch.len() < 256 {
            match rx.try_recv() {
                Ok(o) => batch.push(o),
                Err(_) => break,
            }
        }
        let tx = conn.transaction()?;
        for o in batch.iter() {
            apply(&tx, o, &mut summary, pipeline, timeout, &mut written)?;
        }
        tx.commit()?;
        for o in &batch {
            if let Outcome::Write(row, _) = o {
                if row.status == Status::Failed {
                    progress.say(&failed_line(row));
                }
            }
            progress.inc();
        }
    }
    progress.finish();
    // Fold the WAL back so the .sqlite file alone is the whole dataset.
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")?;
    summary.seen = summary.imported
        + summary.unchanged
        + summary.failed_total()
        + summary.skipped.values().sum::<u64>();
    summary.elapsed = progress.elapsed();
    Ok(summary)
}

fn apply(
    tx: &rusqlite::Transaction,
    o: &Outcome,
    summary: &mut Summary,
    pipeline: &Arc<Pipeline>,
    timeout: Option<Duration>,
    written: &mut HashMap<String, String>,
) -> Result<()> {
    match o {
        Outcome::Unchanged { path, touch } => {
            if let Some(mtime) = touch {
                db::touch(tx, path, *mtime)?;
            }
            summary.unchanged += 1;
        }
        Outcome::Write(row, doc) => {
            if let Some(doc) = doc {
                store_document(tx, doc, &row.path, written)?;
            }
            db::upsert_file(tx, row)?;
            summary.count(row, false);
        }
        Outcome::Link(row, path) => {
            let sha = row.sha256.as_deref().unwrap_or_default();
            match db::document_errors(tx, sha)? {
                Some((format, errors)) => {
                    let (status, reason, message) = db::classify(&errors);
                    let row = FileRow {
                        format: Some(format),
                        status,
                        reason,
                        message,
                        ..row.clone()
                    };
                    db::upsert_file(tx, &row)?;
                    summary.count(&row, true);
                }
                // Its last other path changed earlier in this run.
                None => {
                    if let Outcome::Write(row, doc) = process(row.clone(), path, pipeline, timeout)
                    {
                        if let Some(doc) = &doc {
                            store_document(tx, doc, &row.path, written)?;
                        }
                        db::upsert_file(tx, &row)?;
                        summary.count(&row, false);
                    }
                }
            }
        }
    }
    Ok(())
}

/// Store a document unless this run already stored the same content from a
/// path that sorts first: identical bytes under two names (where the name
/// decides the format) then give the same rows whatever the thread timing.
fn store_document(
    tx: &rusqlite::Transaction,
    doc: &DocumentOutput,
    path: &str,
    written: &mut HashMap<String, String>,
) -> Result<()> {
    match written.get(&doc.source.sha256) {
        Some(first) if first.as_str() <= path => Ok(()),
        _ => {
            db::replace_document(tx, doc)?;
            written.insert(doc.source.sha256.clone(), path.to_string());
            Ok(())
        }
    }
}

/// The paths SQLite uses for a database, and its import lock: never
/// import them (absolute, through the real folder, as the walk compares).
fn database_files(db: &Path) -> Vec<PathBuf> {
    let name = db.file_name().unwrap_or_default();
    let folder = match db.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(folder) = std::fs::canonicalize(folder) else {
        return Vec::new();
    };
    let db = folder.join(name);
    let mut out = vec![db.clone()];
    for suffix in ["-wal", "-shm", "-journal", ".lock"] {
        let mut s = db.clone().into_os_string();
        s.push(suffix);
        out.push(PathBuf::from(s));
    }
    out
}

/// Import `opts.roots` into `opts.db`; returns what was done. Only one
/// import runs per database at a time (see [`super::lock`]).
pub fn import(opts: &ImportOptions, pipeline: &Arc<Pipeline>) -> Result<Summary> {
    let _lock = super::lock::acquire(&opts.db, opts.wait, || {
        eprintln!(
            "cchc import: another import is writing to {}; waiting for it to finish…",
            opts.db.display()
        )
    })?;
    let conn = db::open(&opts.db)?;
    let stdin_name = opts.stdin.as_ref().map(|(name, _)| name.clone());
    let inputs = walk(
        &opts.roots,
        &database_files(&opts.db),
        opts.no_follow_links,
        stdin_name,
    )?;
    if !opts.quiet {
        for line in inputs::skipped_lines(&inputs) {
            eprintln!("{line}");
        }
    }
    let entries: Vec<Entry> = inputs.into_iter().map(Entry::from).collect();
    let prior = db::load_prior(&conn)?;
    let known = db::known_documents(&conn)?;
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = opts.jobs.filter(|&n| n > 0) {
        pool = pool.num_threads(n);
    }
    let pool = pool.build().context("cannot start worker threads")?;
    let cx = Context_ {
        pipeline,
        timeout: opts.timeout,
        stdin: opts.stdin.as_ref().map_or(&[][..], |(_, b)| b),
        prior: &prior,
        known: &known,
        reprocess: opts.reprocess,
        delay: opts.delay,
    };
    let progress = Progress::new(entries.len() as u64, opts.progress_every, opts.quiet);
    let (tx, rx) = sync_channel::<Outcome>(256);
    let timeout = opts.timeout;
    std::thread::scope(|s| {
        let writer = s.spawn(move || write_all(conn, rx, progress, pipeline, timeout));
        // A send fails only when the writer stopped on an error: stop too.
        let _ = pool.install(|| {
            entries.par_iter().try_for_each_with(tx, |tx, e| {
                tx.send(guarded(e.path(), || work(e, &cx))).map_err(|_| ())
            })
        });
        match writer.join() {
            Ok(r) => r,
            Err(_) => bail!("the database writer crashed"),
        }
    })
}

/// The standard-error line of a file that could not be read, in the format
/// every command uses.
fn failed_line(row: &FileRow) -> String {
    let doc = crate::unread(
        Path::new(&row.path),
        crate::model::ReadError::new(
            row.reason
                .as_deref()
                .and_then(|r| r.split(',').next())
                .map(db::error_kind)
                .unwrap_or(ErrorKind::Io),
            row.message.clone().unwrap_or_default(),
        ),
    );
    read_error_line(&doc.output).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_sorts_keeps_hidden_files_and_skips_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("b")).unwrap();
        std::fs::write(d.join("b/2.txt"), "x").unwrap();
        std::fs::write(d.join("a.txt"), "x").unwrap();
        std::fs::write(d.join(".hidden.txt"), "x").unwrap();
        std::fs::write(d.join("db.sqlite"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(d.join("a.txt"), d.join("link.txt")).unwrap();
        let root = std::fs::canonicalize(d).unwrap();
        let entries: Vec<Entry> = walk(
            &[d.to_path_buf()],
            &database_files(&d.join("db.sqlite")),
            false,
            None,
        )
        .unwrap()
        .into_iter()
        .map(Entry::from)
        .collect();
        let names: Vec<String> = entries
            .iter()
            .map(|e| {
                let name = e.path().strip_prefix(&root).unwrap().display().to_string();
                match e {
                    Entry::File(_) | Entry::Stdin(_) => name,
                    Entry::Skip { reason, .. } => format!("{name} ({reason})"),
                    Entry::Error { .. } => format!("{name} (error)"),
                }
            })
            .collect();
        let mut expected = vec![
            ".hidden.txt",
            "a.txt",
            "b/2.txt",
            "db.sqlite (import_database)",
        ];
        if cfg!(unix) {
            // Followed, as extract and check do (a loop would be skipped).
            expected.push("link.txt");
        }
        assert_eq!(names, expected);
    }

    #[test]
    fn walking_the_same_folder_twice_lists_each_file_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        let roots = vec![dir.path().to_path_buf(), dir.path().join("a.txt")];
        assert_eq!(walk(&roots, &[], false, None).unwrap().len(), 1);
    }

    #[test]
    fn a_panic_on_one_file_becomes_a_failed_row() {
        let out = guarded(Path::new("/archive/x.txt"), || panic!("boom"));
        let Outcome::Write(row, None) = out else {
            panic!("expected a failed row");
        };
        assert_eq!(row.path, "/archive/x.txt");
        assert_eq!(row.status, Status::Failed);
        assert_eq!(row.reason.as_deref(), Some("reader_crashed"));
        assert!(row.message.unwrap().ends_with(": boom"));
    }

    #[test]
    fn a_missing_root_is_an_error() {
        assert!(walk(&[PathBuf::from("/no/such/folder/cchc")], &[], false, None).is_err());
    }

    #[test]
    fn data_files_beside_the_reports_are_skipped_not_stored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("001.txt"), "Báo cáo").unwrap();
        std::fs::write(dir.path().join("expected.json"), "{}").unwrap();
        let entries = walk(&[dir.path().to_path_buf()], &[], false, None).unwrap();
        let reasons: Vec<Option<&str>> = entries
            .into_iter()
            .map(|i| match Entry::from(i) {
                Entry::Skip { reason, .. } => Some(reason),
                _ => None,
            })
            .collect();
        assert_eq!(reasons, [None, Some("not_a_report")]);
    }

    /// Two imports of one archive into one database at the same moment: the
    /// second waits for the first, then finds everything already done, so
    /// each file is imported exactly once.
    #[test]
    fn two_concurrent_imports_import_each_file_exactly_once() {
        let dir = tempfile::tempdir().unwrap();
        let arch = dir.path().join("archive");
        std::fs::create_dir(&arch).unwrap();
        for i in 0..8 {
            std::fs::write(
                arch.join(format!("{i}.txt")),
                format!("Báo cáo {i}: đã tiếp nhận {i}2 hồ sơ."),
            )
            .unwrap();
        }
        let db = dir.path().join("cchc.sqlite");
        let pipeline = Arc::new(Pipeline::new(crate::ingest::IngestOptions::default()).unwrap());
        let opts = ImportOptions {
            roots: vec![arch],
            db: db.clone(),
            jobs: Some(2),
            quiet: true,
            progress_every: Duration::from_secs(3600),
            // Slow enough that the two runs overlap.
            delay: Some(Duration::from_millis(50)),
            wait: true,
            ..ImportOptions::default()
        };
        let summaries: Vec<Summary> = std::thread::scope(|s| {
            let runs: Vec<_> = (0..2)
                .map(|_| s.spawn(|| import(&opts, &pipeline).unwrap()))
                .collect();
            runs.into_iter().map(|r| r.join().unwrap()).collect()
        });
        let imported: u64 = summaries.iter().map(|s| s.imported).sum();
        let unchanged: u64 = summaries.iter().map(|s| s.unchanged).sum();
        assert_eq!((imported, unchanged), (8, 8), "{summaries:?}");
        let conn = Connection::open(&db).unwrap();
        let files: i64 = conn
            .query_row("SELECT count(*) FROM files", [], |r| r.get(0))
            .unwrap();
        let docs: i64 = conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
            .unwrap();
        assert_eq!((files, docs), (8, 8));
        // Without --wait the second one is refused while the first runs.
        let first = crate::store::lock::acquire(&db, false, || {}).unwrap();
        let refused = import(
            &ImportOptions {
                wait: false,
                ..opts.clone()
            },
            &pipeline,
        );
        assert!(refused.unwrap_err().to_string().contains("--wait"));
        drop(first);
    }
}
