//! One file per subcommand; each parses its arguments and calls the library.
//! What the commands that read reports share — their input arguments, the
//! walk, standard input, the per-input lines on standard error — is here.

pub mod annotate;
pub mod check;
pub mod explain;
pub mod export;
pub mod extract;
pub mod import;
pub mod indicators;
pub mod patterns;
pub mod probe;
#[cfg(feature = "serve")]
pub mod serve;
pub mod tables;
pub mod worker;

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;

use cchc::batch::BatchOptions;
use cchc::emit::summary::{self, Tally};
use cchc::inputs::{self, Input, WalkOptions};
use cchc::model::DocumentOutput;
use cchc::{Pipeline, Processed};
use std::sync::Arc;

/// Standard output, or the file given with `-o`.
pub fn output(path: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => {
            Box::new(BufWriter::new(File::create(p).map_err(|e| {
                anyhow::anyhow!("cannot write {}: {e}", p.display())
            })?))
        }
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

/// The inputs of `extract`, `check` and `import`.
#[derive(clap::Args)]
pub struct InputArgs {
    /// Files or folders (recursed) to read; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Time limit for one file, in seconds, whatever its format, all stages
    /// included; a file past it is reported as `timeout` and the rest go on.
    #[arg(long, default_value_t = 60, value_name = "S")]
    pub timeout: u64,
    /// Skip symbolic links in folders (each is listed) instead of following
    /// them; followed links that loop are always skipped.
    #[arg(long)]
    pub no_follow_links: bool,
    /// The name to give standard input (`-`) in the output; its extension
    /// also tells the reader what the bytes are (`--name bao-cao.pdf`).
    #[arg(long, value_name = "PATH")]
    pub name: Option<PathBuf>,
}

/// A command's inputs, walked, with standard input read when `-` is one.
pub struct Walked {
    pub inputs: Vec<Input>,
    pub stdin: Option<Vec<u8>>,
    pub tally: Tally,
}

impl Walked {
    /// Run the pipeline on every input (see [`cchc::batch::run`]); each
    /// document is counted, said on standard error when unreadable, then
    /// handed to `emit` as soon as it and those before it are done.
    pub fn run(
        &mut self,
        pipeline: &Arc<Pipeline>,
        args: &InputArgs,
        mut emit: impl FnMut(&Processed) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let tally = &mut self.tally;
        cchc::batch::run(
            pipeline,
            &self.inputs,
            self.stdin.as_deref(),
            &args.batch(None),
            |_, p| {
                account(tally, &p.output);
                emit(&p)
            },
        )
    }
}

impl InputArgs {
    /// Walk the paths and list every skipped one on standard error.
    pub fn walk(&self, absolute: bool, exclude: Vec<PathBuf>) -> anyhow::Result<Walked> {
        let opts = WalkOptions {
            no_follow_links: self.no_follow_links,
            absolute,
            exclude,
            stdin_name: self.name.clone(),
        };
        let inputs = inputs::walk(&self.paths, &opts);
        for line in inputs::skipped_lines(&inputs) {
            eprintln!("{line}");
        }
        let stdin = if inputs.iter().any(|i| matches!(i, Input::Stdin(_))) {
            // One byte past the size limit is enough to say it is too large.
            let limit = cchc::ingest::IngestOptions::default().max_bytes + 1;
            let mut b = Vec::new();
            io::stdin()
                .take(limit)
                .read_to_end(&mut b)
                .context("reading standard input")?;
            Some(b)
        } else {
            None
        };
        let tally = Tally::new(&inputs);
        Ok(Walked {
            inputs,
            stdin,
            tally,
        })
    }

    pub fn batch(&self, jobs: Option<usize>) -> BatchOptions {
        BatchOptions {
            timeout: self.timeout(),
            jobs,
        }
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout.max(1))
    }
}

/// Count a finished document and say on standard error if it was unreadable.
pub fn account(tally: &mut Tally, doc: &DocumentOutput) {
    tally.add(doc);
    if let Some(line) = summary::read_error_line(doc) {
        eprintln!("{line}");
    }
}

/// True when `e` is a write to a closed pipe (`cchc extract … | head`):
/// the reader has all it wants, which is not an error.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(
                |c| matches!(c.kind(), csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe),
            )
    })
}
