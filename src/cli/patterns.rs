//! `cchc patterns test [--dir DIR]`: run the own examples and
//! counterexamples of every extraction rule, every stated-share wording
//! (`shares.toml`), every per-unit table column (`columns.toml`) and every
//! validator relation (`relations.toml`); print
//! the failures; exit 1 when there are any.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use cchc::extract::columns::ColumnPatterns;
use cchc::extract::shares::SharePatterns;
use cchc::extract::{selftest, RuleSet};
use cchc::validate::relations::RelationsFile;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Run every pattern's examples (must match, with the expected value,
    /// role and qualifier) and counterexamples (must not match), and every
    /// share wording's and relation's examples.
    #[command(after_help = "Examples:\n  cchc patterns test\n  \
        cchc patterns test --dir patterns/")]
    Test {
        /// Read the files of this folder instead of the built-in set.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

pub fn run(cmd: Command) -> Result<ExitCode> {
    match cmd {
        Command::Test { dir } => {
            let rules = match &dir {
                Some(d) => RuleSet::from_dir(d)?,
                None => RuleSet::builtin()?,
            };
            let report = selftest::run(&rules);
            // A folder without its own shares/relations file is checked
            // against the built-in one.
            let shares = match read(dir.as_deref(), "shares.toml")? {
                Some(src) => SharePatterns::parse(&src)?.self_test(),
                None => SharePatterns::builtin().self_test(),
            };
            let relations = match read(dir.as_deref(), "relations.toml")? {
                Some(src) => RelationsFile::parse(&src)?.self_test(),
                None => RelationsFile::builtin().self_test(),
            };
            let columns = match read(dir.as_deref(), "columns.toml")? {
                Some(src) => ColumnPatterns::parse(&src)?.self_test(),
                None => ColumnPatterns::builtin().self_test(),
            };
            let failures: Vec<String> = report
                .failures
                .iter()
                .map(|f| f.to_string())
                .chain(shares)
                .chain(relations)
                .chain(columns)
                .collect();
            for f in &failures {
                println!("FAIL {f}\n");
            }
            println!(
                "{} rules, {} examples, {} counterexamples; shares, relations and table columns checked: {} failed",
                rules.rules.len(),
                report.examples,
                report.counterexamples,
                failures.len()
            );
            Ok(if failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

/// The text of `dir/name`, or None without a folder or without that file.
fn read(dir: Option<&Path>, name: &str) -> Result<Option<String>> {
    let Some(p) = dir.map(|d| d.join(name)).filter(|p| p.exists()) else {
        return Ok(None);
    };
    let src = std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?;
    Ok(Some(src))
}
