//! `cchc export --db FILE [--format jsonl|csv] [-o FILE]`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

/// Export an imported dataset as JSON Lines or CSV.
#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub db: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let _ = args;
    anyhow::bail!("`export` is not available yet")
}
