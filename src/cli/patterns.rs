//! `cchc patterns test [--dir DIR]`: run every rule's own examples and
//! counterexamples; print the failures; exit 1 when there are any.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use cchc::extract::{selftest, RuleSet};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Run every pattern's examples (must match, with the expected value,
    /// role and qualifier) and counterexamples (must not match).
    #[command(after_help = "Examples:\n  cchc patterns test\n  \
        cchc patterns test --dir patterns/")]
    Test {
        /// Read the rules from this folder's *.toml instead of the built-in set.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

pub fn run(cmd: Command) -> Result<ExitCode> {
    match cmd {
        Command::Test { dir } => {
            let rules = match dir {
                Some(d) => RuleSet::from_dir(&d)?,
                None => RuleSet::builtin()?,
            };
            let report = selftest::run(&rules);
            for f in &report.failures {
                println!("FAIL {f}\n");
            }
            // The validator's data: share wordings and relations (built in).
            let shares = cchc::extract::shares::SharePatterns::builtin();
            let relations = cchc::validate::relations::RelationsFile::builtin();
            let mut data_failures = shares.self_test();
            data_failures.extend(cchc::validate::relations::self_test(relations));
            for f in &data_failures {
                println!("FAIL {f}\n");
            }
            println!(
                "{} rules, {} examples, {} counterexamples; {} share patterns, {} relations: {} failed",
                rules.rules.len(),
                report.examples,
                report.counterexamples,
                shares.file.shares.len(),
                relations.relations.len(),
                report.failures.len() + data_failures.len()
            );
            Ok(if report.failures.is_empty() && data_failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}
