//! `cchc patterns test`: run every rule's own examples and counterexamples.

use std::process::ExitCode;

use anyhow::Result;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Run every pattern's examples (must match, with the expected value)
    /// and counterexamples (must not match).
    Test,
}

pub fn run(cmd: Command) -> Result<ExitCode> {
    match cmd {
        Command::Test => anyhow::bail!("`patterns test` is not available yet"),
    }
}
