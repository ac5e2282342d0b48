//! Hidden `cchc worker FILE`: reads one file in a child process so that a
//! parser that panics, aborts or loops cannot take the batch down.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

#[derive(clap::Args)]
pub struct Args {
    pub path: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let _ = args;
    anyhow::bail!("worker mode is not available yet")
}
