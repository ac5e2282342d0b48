//! `cchc import DIR... --db FILE.sqlite`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

/// Import archived reports into a SQLite dataset (idempotent, resumable).
#[derive(clap::Args)]
pub struct Args {
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    #[arg(long)]
    pub db: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let _ = args;
    anyhow::bail!("`import` is not available yet")
}
