//! `cchc patterns test [--dir DIR]`: run every example of the reader's
//! lexicon and decision table through the whole `extract()`, the own
//! examples and counterexamples of every phrase rule and stated-share
//! wording (`shares.toml`) and every validator relation (`relations.toml`);
//! print the failures; exit 1 when there are any.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

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
    /// Show what the compositional reader makes of every number of a text:
    /// the cues it has (own, after it ', inherited *) and the decision.
    #[command(
        after_help = "Examples:\n  cchc patterns explain 'Đã giải quyết 195 hồ sơ, đúng hạn 190'\n  \
        cchc patterns explain --file bao-cao.txt"
    )]
    Explain {
        /// The text to read.
        text: Option<String>,
        /// Read this file instead, through its own reader (PDF, DOCX, HTML, text…).
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Measure the reader on blind probe passages (tests/probe/): recall
    /// and precision of the figures each passage's writer marked.
    #[command(after_help = "Examples:\n  cchc patterns probe tests/probe/frozen\n  \
        cchc patterns probe tests/probe/dev --failures")]
    Probe {
        /// Probe files or folders of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print each passage's missed and extra figures (dev half only).
        #[arg(long)]
        failures: bool,
        /// Print what the reader made of every number of these cases.
        #[arg(long, value_name = "ID")]
        explain: Vec<String>,
        /// Print the measures as JSON.
        #[arg(long)]
        json: bool,
        /// Exit 1 when recall (indicator + value + role) is below this.
        #[arg(long, value_name = "R")]
        min_recall: Option<f64>,
        /// Exit 1 when precision is below this.
        #[arg(long, value_name = "P")]
        min_precision: Option<f64>,
    },
}

pub fn run(cmd: Command) -> Result<ExitCode> {
    match cmd {
        Command::Explain { text, file } => {
            // A file goes through its own reader (PDF, DOCX, HTML, legacy
            // text…), so its tables are read as `extract` reads them.
            let (text, pages) = match (text, file) {
                (Some(t), None) => (
                    unicode_normalization::UnicodeNormalization::nfc(t.as_str()).collect(),
                    Vec::new(),
                ),
                (None, Some(f)) => {
                    let bytes =
                        std::fs::read(&f).with_context(|| format!("reading {}", f.display()))?;
                    let ing = cchc::ingest::ingest_bytes(
                        &f,
                        &bytes,
                        &cchc::ingest::IngestOptions::default(),
                    );
                    // Nothing read is said, as every command says it, not
                    // shown as a document without numbers.
                    let path = f.display().to_string();
                    if let Some(line) = cchc::emit::summary::fatal_read_line(&path, &ing.errors) {
                        eprintln!("{line}");
                        return Ok(ExitCode::from(2));
                    }
                    (ing.text, ing.page_starts)
                }
                _ => anyhow::bail!("give a text or --file, not both"),
            };
            let seg = cchc::segment::segment(&text, &pages);
            let many_lines = text.lines().nth(1).is_some();
            for (raw, n) in cchc::extract::explain(&text, &seg) {
                if many_lines {
                    let line = seg.line_of(n.start);
                    println!("{line:>5} {raw:>12}  {}  →  {}", n.features, n.outcome);
                } else {
                    println!("{raw:>12}  {}  →  {}", n.features, n.outcome);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Probe {
            paths,
            failures,
            explain,
            json,
            min_recall,
            min_precision,
        } => super::probe::run(super::probe::Options {
            dirs: paths,
            failures,
            explain,
            json,
            min_recall,
            min_precision,
        }),
        Command::Test { dir } => {
            let rules = match &dir {
                Some(d) => RuleSet::from_dir(d)?,
                None => RuleSet::builtin()?,
            };
            rules.compile_all()?;
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
            let (composed, compose_failures) = cchc::extract::compose::examples::check_all(
                cchc::extract::compose::Reader::builtin(),
                &rules,
                ("patterns/lexicon.toml", "patterns/decisions.toml"),
            );
            let failures: Vec<String> = report
                .failures
                .iter()
                .map(|f| f.to_string())
                .chain(compose_failures)
                .chain(shares)
                .chain(relations)
                .collect();
            for f in &failures {
                println!("FAIL {f}\n");
            }
            println!(
                "{} lexicon and decision examples; {} rules, {} examples, {} counterexamples; shares and relations checked: {} failed",
                composed,
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
