//! `cchc export --db FILE [--format jsonl|csv|xlsx|parquet] [--findings] [--wide] [-o FILE]`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::ValueEnum;

use cchc::store::{self, ExportFormat};

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Jsonl,
    Csv,
    /// A workbook: documents, figures, findings, indicators (needs -o).
    Xlsx,
    /// A folder of Parquet files, one per table (needs -o DIR).
    Parquet,
}

/// Export an imported dataset as JSON Lines or CSV (streamed; any size).
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  cchc export --db cchc.sqlite > documents.jsonl\n  \
    cchc export --db cchc.sqlite --format csv -o figures.csv\n  \
    cchc export --db cchc.sqlite --format csv --findings -o findings.csv\n  \
    cchc export --db cchc.sqlite --format xlsx -o cchc.xlsx\n  \
    cchc export --db cchc.sqlite --format xlsx --wide -o panel.xlsx\n  \
    cchc export --db cchc.sqlite --format parquet -o parquet/"
)]
pub struct Args {
    /// The database written by `cchc import`.
    #[arg(long, value_name = "FILE.sqlite")]
    pub db: PathBuf,
    /// jsonl: one document per line, as `cchc extract --format jsonl`;
    /// csv: one row per figure (UTF-8 with BOM).
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: Format,
    /// With --format csv: one row per finding instead of per figure.
    #[arg(long)]
    pub findings: bool,
    /// With --format csv or xlsx: one row per document, one column per
    /// indicator (targets in `<id>_target` columns).
    #[arg(long)]
    pub wide: bool,
    /// Write to FILE instead of standard output (a folder for parquet).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let table = super::tables::plan(
        &args.format,
        args.wide,
        args.findings,
        args.output.as_deref(),
    )?;
    if let Some(t) = table {
        let conn = store::db::open_readonly(&args.db)?;
        let mut sink = super::tables::open(t, args.wide, args.output.as_deref())?;
        let result =
            store::export::for_each_document(&conn, |d| sink.add(&d)).and_then(|_| sink.finish());
        return match result {
            Ok(()) => Ok(ExitCode::SUCCESS),
            Err(e) if broken_pipe(&e) => Ok(ExitCode::SUCCESS),
            Err(e) => Err(e),
        };
    }
    let format = match (args.format, args.findings) {
        (Format::Jsonl, true) => {
            bail!(
                "--findings needs --format csv (JSON Lines documents already hold their findings)"
            )
        }
        (Format::Jsonl, false) => ExportFormat::Jsonl,
        (Format::Csv, false) => ExportFormat::Csv,
        (Format::Csv, true) => ExportFormat::CsvFindings,
        (Format::Xlsx | Format::Parquet, _) => unreachable!("written above"),
    };
    let conn = store::db::open_readonly(&args.db)?;
    let out = super::output(args.output.as_deref())?;
    match store::export(&conn, out, format) {
        Ok(_) => Ok(ExitCode::SUCCESS),
        // `cchc export ... | head`: the reader has what it wanted.
        Err(e) if broken_pipe(&e) => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e),
    }
}

fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        let io = c.downcast_ref::<std::io::Error>().or_else(|| {
            match c.downcast_ref::<csv::Error>()?.kind() {
                csv::ErrorKind::Io(io) => Some(io),
                _ => None,
            }
        });
        io.is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
