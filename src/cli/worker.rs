//! Hidden `cchc worker --name PATH`: reads one file's bytes from stdin in a
//! child process and prints its `ingest::Ingested` as JSON on stdout, so
//! that a parser that panics, aborts, loops or exhausts memory cannot take
//! the batch down (the parent, `ingest::isolate`, kills it at the deadline).

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use cchc::ingest::{self, isolate, IngestOptions};

#[derive(clap::Args)]
pub struct Args {
    /// The file's name (for its extension and messages; the bytes come on stdin).
    #[arg(long)]
    pub name: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    isolate::limit_memory(IngestOptions::default().worker_memory);
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .context("reading the file from standard input")?;
    let ing = ingest::read_in_worker(&args.name, &bytes);
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, &ing)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
