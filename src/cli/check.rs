//! `cchc check PATH... [--format human|json] [--color auto|always|never]`
//!
//! Runs the whole pipeline on each input and prints the findings the way
//! rustc prints diagnostics. Exit status: 1 when any `error` finding, 2 when
//! an input could not be read at all (the others are still checked), else 0.
//! With `--annotate OUT`, the one input is also written back with its
//! findings on it (`cli::annotate`).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use annotate_snippets::Renderer;
use anyhow::Result;
use clap::ValueEnum;

use cchc::emit::{diagnostics, json};
use cchc::ingest::IngestOptions;
use cchc::model::Severity;
use cchc::{Pipeline, Processed};

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Check that the figures of reports agree; exit 1 when any error is found.
#[derive(clap::Args)]
#[command(
    after_help = "Exit status: 0 no error finding; 1 at least one error finding; \
    2 an input could not be read.\n\nExamples:\n  cchc check bao-cao-quy-3.docx\n  \
    cchc check corpus/ --format json > findings.json\n  \
    cchc check --annotate bao-cao.checked.docx bao-cao.docx\n  \
    cchc check --annotate bao-cao.checked.html bao-cao.pdf"
)]
pub struct Args {
    /// Files or folders to check.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Colour the diagnostics (auto: only on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
    /// Per-file time limit for PDF/DOCX/HTML readers, in seconds.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
    /// Also write the input with its findings on it: OUT.docx (a .docx input
    /// with a Word comment on every figure involved) or OUT.html (any input,
    /// the view of `cchc serve` as one file).
    #[arg(long, value_name = "OUT")]
    pub annotate: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let annotate = match &args.annotate {
        Some(out) => Some((out, super::annotate::plan(out, &args.paths)?)),
        None => None,
    };
    let opts = IngestOptions {
        timeout: std::time::Duration::from_secs(args.timeout),
        ..IngestOptions::for_cli()
    };
    let pipeline = Pipeline::new(opts)?;
    let inputs = cchc::collect_inputs(&args.paths);
    if let Some(note) = inputs.skipped_note() {
        eprintln!("cchc: {note}");
    }
    let docs: Vec<Processed> = inputs.process(&pipeline);
    let unreadable = docs
        .iter()
        .any(|d| d.output.errors.iter().any(|e| e.kind.is_fatal()));
    let any_error = docs.iter().any(|d| {
        d.output
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error)
    });
    let mut out = super::output(None)?;
    match args.format {
        Format::Json => {
            let outputs: Vec<_> = docs.iter().map(|d| d.output.clone()).collect();
            json::write_json(&mut out, &outputs)?;
        }
        Format::Human => {
            let styled = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let renderer = if styled {
                Renderer::styled()
            } else {
                Renderer::plain()
            };
            write_human(&mut out, &renderer, &docs)?;
        }
    }
    out.flush()?;
    if let (Some((path, kind)), Some(doc)) = (annotate, docs.first()) {
        let note = super::annotate::write(kind, path, &args.paths[0], doc)?;
        eprintln!("cchc: {note}");
    }
    Ok(if unreadable {
        ExitCode::from(2)
    } else if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn write_human(out: &mut dyn Write, renderer: &Renderer, docs: &[Processed]) -> Result<()> {
    let (mut te, mut tw, mut ti) = (0, 0, 0);
    for d in docs {
        let path = d.output.source.path.as_str();
        for e in &d.output.errors {
            let sev = if e.kind.is_fatal() {
                "error"
            } else {
                "warning"
            };
            writeln!(
                out,
                "{sev}[read.{}]: {path}: {}\n",
                e.kind.as_str(),
                e.message
            )?;
        }
        out.write_all(diagnostics::render_document(renderer, path, &d.text, &d.output).as_bytes())?;
        let (e, w, i) = diagnostics::summary(&d.output.findings);
        writeln!(
            out,
            "{path}: {}, {}, {}",
            plural(e, "error"),
            plural(w, "warning"),
            plural(i, "note")
        )?;
        te += e;
        tw += w;
        ti += i;
    }
    if docs.len() > 1 {
        writeln!(
            out,
            "checked {}: {}, {}, {}",
            plural(docs.len(), "file"),
            plural(te, "error"),
            plural(tw, "warning"),
            plural(ti, "note")
        )?;
    }
    Ok(())
}
