//! `cchc extract PATH... [--format json|jsonl|csv|xlsx|parquet] [--wide] [-o FILE]`:
//! the whole pipeline on each input, documents written as each is done.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use clap::ValueEnum;

use cchc::emit::{csv_out, json};
use cchc::ingest::IngestOptions;
use cchc::model::DocumentOutput;
use cchc::Pipeline;

use super::InputArgs;

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
#[command(
    after_help = "Exit status: 0 every input read; 2 an input could not be read \
    (the others are still written).\n\nExamples:\n  cchc extract corpus/\n  \
    cchc extract bao-cao.pdf --format csv -o figures.csv\n  \
    cchc extract archive/ --format jsonl > figures.jsonl\n  \
    cchc extract archive/ --format xlsx -o figures.xlsx\n  \
    cchc extract archive/ --format csv --wide -o panel.csv\n  \
    cchc extract archive/ --format parquet -o parquet/\n  \
    cat bao-cao.txt | cchc extract - --name bao-cao.txt"
)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
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
        timeout: args.input.timeout(),
        ocr: args.ocr,
        ..IngestOptions::for_cli()
    };
    let pipeline = Arc::new(Pipeline::new(opts)?);
    let mut walked = args.input.walk(false, Vec::new())?;
    let mut sink = match (table, args.format) {
        (Some(t), _) => Sink::Table(super::tables::open(t, args.wide, args.output.as_deref())?),
        (None, Format::Json) => Sink::Json(
            json::ArrayWriter::default(),
            super::output(args.output.as_deref())?,
        ),
        (None, Format::Jsonl) => Sink::Jsonl(super::output(args.output.as_deref())?),
        (None, Format::Xlsx | Format::Parquet) => unreachable!("planned as a table"),
        (None, Format::Csv) => {
            let mut w = csv_out::writer(super::output(args.output.as_deref())?)?;
            if args.findings {
                w.write_record(csv_out::FINDING_HEADER)?;
            } else {
                w.write_record(csv_out::FIGURE_HEADER)?;
            }
            w.flush()?;
            Sink::Csv(Box::new(w), args.findings)
        }
    };
    walked.run(&pipeline, &args.input, |p| sink.write(&p.output))?;
    sink.finish()?;
    eprintln!("cchc: {}", walked.tally.line("extracted"));
    Ok(if walked.tally.unreadable > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Where documents go, in the chosen format, flushed after each one.
enum Sink {
    Json(json::ArrayWriter, Box<dyn Write>),
    Jsonl(Box<dyn Write>),
    /// With `true`: finding rows instead of figure rows.
    Csv(Box<csv::Writer<Box<dyn Write>>>, bool),
    /// A workbook, a Parquet folder or a wide panel (`cli::tables`).
    Table(Box<dyn cchc::emit::sink::Sink>),
}

impl Sink {
    fn write(&mut self, d: &DocumentOutput) -> Result<()> {
        match self {
            Sink::Json(a, out) => {
                a.write(&mut *out, d)?;
                out.flush()?;
            }
            Sink::Jsonl(out) => {
                json::write_jsonl_line(&mut *out, d)?;
                out.flush()?;
            }
            Sink::Csv(w, findings) => {
                if *findings {
                    csv_out::write_finding_rows(w, d)?;
                } else {
                    csv_out::write_figure_rows(w, d)?;
                }
                w.flush()?;
            }
            Sink::Table(t) => t.add(d)?,
        }
        Ok(())
    }

    fn finish(self) -> Result<()> {
        match self {
            Sink::Json(a, mut out) => {
                a.finish(&mut out)?;
                out.flush()?;
            }
            Sink::Jsonl(mut out) => out.flush()?,
            Sink::Csv(mut w, _) => w.flush()?,
            Sink::Table(t) => t.finish()?,
        }
        Ok(())
    }
}
