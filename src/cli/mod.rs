//! One file per subcommand; each parses its arguments and calls the library.

pub mod annotate;
pub mod check;
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
use std::io::{self, BufWriter, Write};
use std::path::Path;

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
