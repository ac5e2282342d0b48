//! `cchc import DIR... --db FILE.sqlite [--jobs N]`

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;

use cchc::ingest::IngestOptions;
use cchc::store::{self, ImportOptions};
use cchc::Pipeline;

use super::InputArgs;

/// Import archived reports (folders, recursed) into a SQLite dataset.
///
/// Idempotent and resumable: unchanged files are not read again, changed
/// ones replace their rows, and an interrupted import simply continues when
/// run again. Every file gets a row in `files`, failed ones with a reason.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  cchc import archive/ --db cchc.sqlite\n  \
    cchc import 2022/ 2023/ --db cchc.sqlite --jobs 2\n  \
    cchc import archive/ --db cchc.sqlite --wait   # queue behind a running import\n  \
    sqlite3 cchc.sqlite \"SELECT status, reason, count(*) FROM files GROUP BY 1, 2\"")]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
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
    /// When another import is writing to the same database, wait for it to
    /// finish instead of refusing.
    #[arg(long)]
    pub wait: bool,
    /// Run OCR (tesseract with Vietnamese data) on scanned pages.
    #[arg(long)]
    pub ocr: bool,
}

/// Test hook (not a user option): milliseconds to sleep before processing
/// each file, so the crash tests can kill an import midway deterministically.
const DELAY_ENV: &str = "CCHC_TEST_IMPORT_DELAY_MS";

pub fn run(args: Args) -> Result<ExitCode> {
    let pipeline = Arc::new(Pipeline::new(IngestOptions {
        timeout: args.input.timeout(),
        ocr: args.ocr,
        // PDF/DOCX/HTML readers run in `cchc worker` child processes, so a
        // reader that crashes or hangs costs one file, not the import.
        ..IngestOptions::for_cli()
    })?);
    let stdin = if args.input.paths.iter().any(|p| p.as_os_str() == "-") {
        let Some(name) = &args.input.name else {
            anyhow::bail!(
                "import records each file by its path: give standard input (`-`) one with --name PATH"
            );
        };
        // One byte past the size limit is enough to say it is too large.
        let limit = IngestOptions::default().max_bytes + 1;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(std::io::stdin(), limit),
            &mut bytes,
        )?;
        Some((std::path::absolute(name)?, bytes))
    } else {
        None
    };
    let delay = std::env::var(DELAY_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis);
    let opts = ImportOptions {
        roots: args.input.paths,
        db: args.db,
        jobs: args.jobs,
        reprocess: args.reprocess,
        quiet: args.quiet,
        progress_every: Duration::from_secs(5),
        delay,
        timeout: Some(Duration::from_secs(args.input.timeout.max(1))),
        wait: args.wait,
        no_follow_links: args.input.no_follow_links,
        stdin,
    };
    let summary = store::import(&opts, &pipeline)?;
    eprint!("{summary}");
    // Failed files are data (rows in `files`), not a failed import.
    Ok(ExitCode::SUCCESS)
}
