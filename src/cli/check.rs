//! `cchc check PATH... [--format human|json]`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

/// Check that the figures of reports agree; exit 1 when any error is found.
#[derive(clap::Args)]
pub struct Args {
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let _ = args;
    anyhow::bail!("`check` is not available yet")
}
