//! `cchc check PATH... [--format human|json] [--color auto|always|never]`
//!
//! Runs the whole pipeline on each input and prints the findings the way
//! rustc prints diagnostics, each document as soon as it is done; inputs that
//! could not be read are said on standard error and counted apart. Exit
//! status: 1 when any `error` finding, 2 when an input could not be read at
//! all (the others are still checked), else 0. With `--annotate OUT`, the one
//! input is also written back with its findings on it (`cli::annotate`).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use annotate_snippets::Renderer;
use anyhow::Result;
use clap::ValueEnum;

use cchc::emit::{diagnostics, json};
use cchc::findings::FindingCode;
use cchc::ingest::IngestOptions;
use cchc::{Pipeline, Processed};

use super::InputArgs;

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
    cchc check --annotate bao-cao.checked.html bao-cao.pdf\n  \
    cat bao-cao.txt | cchc check -"
)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Colour the diagnostics (auto: only on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
    /// Also write the input with its findings on it: OUT.docx (a .docx input
    /// with a Word comment on every figure involved) or OUT.html (any input,
    /// the view of `cchc serve` as one file).
    #[arg(long, value_name = "OUT")]
    pub annotate: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let annotate = match &args.annotate {
        Some(out) => Some((out, super::annotate::plan(out, &args.input.paths)?)),
        None => None,
    };
    let opts = IngestOptions {
        timeout: args.input.timeout(),
        ..IngestOptions::for_cli()
    };
    let pipeline = Arc::new(Pipeline::new(opts)?);
    let mut walked = args.input.walk(false, Vec::new())?;
    let styled = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = super::output(None)?;
    let mut array = json::ArrayWriter::default();
    let mut counts = (0, 0, 0);
    // The one input `--annotate` writes back, kept once it is checked.
    let mut first = None;
    walked.run(&pipeline, &args.input, |d| {
        if annotate.is_some() && first.is_none() {
            first = Some(d.clone());
        }
        let (e, w, i) = diagnostics::summary(&d.output.findings);
        counts = (counts.0 + e, counts.1 + w, counts.2 + i);
        match args.format {
            Format::Json => array.write(&mut out, &d.output)?,
            Format::Human => write_human(&mut out, &renderer, d)?,
        }
        out.flush()?;
        Ok(())
    })?;
    let tally = &walked.tally;
    match args.format {
        Format::Json => array.finish(&mut out)?,
        Format::Human if tally.inputs() > 1 || tally.unreadable > 0 => writeln!(
            out,
            "{}; {}, {}, {}",
            tally.line("checked"),
            plural(counts.0, "error"),
            plural(counts.1, "warning"),
            plural(counts.2, "note")
        )?,
        Format::Human => {}
    }
    out.flush()?;
    if let (Some((path, kind)), Some(doc)) = (annotate, first) {
        let note = super::annotate::write(kind, path, &args.input.paths[0], &doc)?;
        eprintln!("cchc: {note}");
    }
    Ok(if tally.unreadable > 0 {
        ExitCode::from(2)
    } else if counts.0 > 0 {
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

/// One document's diagnostics and its count line. An unreadable input has
/// neither: its read error went to standard error.
fn write_human(out: &mut dyn Write, renderer: &Renderer, d: &Processed) -> Result<()> {
    if d.output.errors.iter().any(|e| e.kind.is_fatal()) {
        return Ok(());
    }
    let path = d.output.source.path.as_str();
    for e in &d.output.errors {
        let code = FindingCode::of_read_error(e.kind);
        writeln!(
            out,
            "warning[{code}]: {path}: {}\n  = help: {}\n",
            e.message,
            diagnostics::help(code)
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
    Ok(())
}
