//! `cchc import DIR... --db FILE.sqlite [--jobs N]`

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;

use cchc::ingest::IngestOptions;
use cchc::store::{self, ImportOptions};
use cchc::Pipeline;

/// Import archived reports (folders, recursed) into a SQLite dataset.
///
/// Idempotent and resumable: unchanged files are not read again, changed
/// ones replace their rows, and an interrupted import simply continues when
/// run again. Every file gets a row in `files`, failed ones with a reason.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  cchc import archive/ --db cchc.sqlite\n  \
    cchc import 2022/ 2023/ --db cchc.sqlite --jobs 2\n  \
    sqlite3 cchc.sqlite \"SELECT status, reason, count(*) FROM files GROUP BY 1, 2\"")]
pub struct Args {
    /// Folders (recursed) or files to import.
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// The SQLite database to create or update.
    #[arg(long, value_name = "FILE.sqlite")]
    pub db: PathBuf,
    /// Worker threads (default: all cores).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Process every file again, even unchanged ones (after a cchc upgrade).
    #[arg(long)]
    pub reprocess: bool,
    /// No progress output (the summary is still printed).
    #[arg(short, long)]
    pub quiet: bool,
    /// Per-file time limit for PDF/DOCX/HTML readers, in seconds.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
    /// Run OCR (tesseract with Vietnamese data) on scanned pages.
    #[arg(long)]
    pub ocr: bool,
}

/// Test hook (not a user option): milliseconds to sleep before processing
/// each file, so the crash tests can kill an import midway deterministically.
const DELAY_ENV: &str = "CCHC_TEST_IMPORT_DELAY_MS";

pub fn run(args: Args) -> Result<ExitCode> {
    let pipeline = Pipeline::new(IngestOptions {
        timeout: Duration::from_secs(args.timeout),
        ocr: args.ocr,
        // PDF/DOCX/HTML readers run in `cchc worker` child processes, so a
        // reader that crashes or hangs costs one file, not the import.
        ..IngestOptions::for_cli()
    })?;
    let delay = std::env::var(DELAY_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis);
    let opts = ImportOptions {
        roots: args.dirs,
        db: args.db,
        jobs: args.jobs,
        reprocess: args.reprocess,
        quiet: args.quiet,
        progress_every: Duration::from_secs(5),
        delay,
    };
    let summary = store::import(&opts, &pipeline)?;
    eprint!("{summary}");
    // Failed files are data (rows in `files`), not a failed import.
    Ok(ExitCode::SUCCESS)
}
