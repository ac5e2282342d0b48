//! `cchc extract PATH... [--format json|jsonl|csv|xlsx|parquet] [--wide] [-o FILE]`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::ValueEnum;

use cchc::emit::{csv_out, json};
use cchc::ingest::IngestOptions;
use cchc::model::DocumentOutput;
use cchc::Pipeline;

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
    /// A workbook: documents, figures, findings, indicators (needs -o).
    Xlsx,
    /// A folder of Parquet files, one per table (needs -o DIR).
    Parquet,
}

/// Extract the figures of reports (files or folders, recursed) as a dataset.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  cchc extract corpus/\n  \
    cchc extract bao-cao.pdf --format csv -o figures.csv\n  \
    cchc extract archive/ --format jsonl > figures.jsonl\n  \
    cchc extract archive/ --format xlsx -o figures.xlsx\n  \
    cchc extract archive/ --format csv --wide -o panel.csv\n  \
    cchc extract archive/ --format parquet -o parquet/")]
pub struct Args {
    /// Files or folders to read.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// With --format csv: write one row per finding instead of per figure.
    #[arg(long)]
    pub findings: bool,
    /// With --format csv or xlsx: one row per document, one column per
    /// indicator (targets in `<id>_target` columns).
    #[arg(long)]
    pub wide: bool,
    /// Write to FILE instead of standard output (a folder for parquet).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Per-file time limit for PDF/DOCX/HTML readers, in seconds.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
    /// Run OCR (tesseract with Vietnamese data) on scanned pages.
    #[arg(long)]
    pub ocr: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let table = super::tables::plan(
        &args.format,
        args.wide,
        args.findings,
        args.output.as_deref(),
    )?;
    let opts = IngestOptions {
        timeout: std::time::Duration::from_secs(args.timeout),
        ocr: args.ocr,
        ..IngestOptions::for_cli()
    };
    let pipeline = Pipeline::new(opts)?;
    let inputs = cchc::collect_inputs(&args.paths);
    if let Some(note) = inputs.skipped_note() {
        eprintln!("cchc: {note}");
    }
    let docs: Vec<DocumentOutput> = inputs
        .process(&pipeline)
        .into_iter()
        .map(|p| p.output)
        .collect();
    let unreadable = docs
        .iter()
        .any(|d| d.errors.iter().any(|e| e.kind.is_fatal()));
    if let Some(t) = table {
        let mut sink = super::tables::open(t, args.wide, args.output.as_deref())?;
        for d in &docs {
            sink.add(d)?;
        }
        sink.finish()?;
        return Ok(exit(unreadable));
    }
    let mut out = super::output(args.output.as_deref())?;
    match args.format {
        Format::Json => json::write_json(&mut out, &docs)?,
        Format::Jsonl => {
            for d in &docs {
                json::write_jsonl_line(&mut out, d)?;
            }
        }
        Format::Csv => {
            let mut w = csv_out::writer(&mut out)?;
            if args.findings {
                w.write_record(csv_out::FINDING_HEADER)?;
                for d in &docs {
                    csv_out::write_finding_rows(&mut w, d)?;
                }
            } else {
                w.write_record(csv_out::FIGURE_HEADER)?;
                for d in &docs {
                    csv_out::write_figure_rows(&mut w, d)?;
                }
            }
            w.flush()?;
        }
        Format::Xlsx | Format::Parquet => unreachable!("written above"),
    }
    out.flush()?;
    Ok(exit(unreadable))
}

fn exit(unreadable: bool) -> ExitCode {
    if unreadable {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
