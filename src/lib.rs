//! `cchc` reads Vietnamese administrative-reform (cải cách hành chính) reports,
//! pulls out their figures as structured indicators, and checks that the
//! figures agree with each other.
//!
//! The pipeline runs in one direction; each stage is a module with a small
//! typed interface and never reaches back into an earlier one:
//!
//! | stage | module | in → out |
//! |---|---|---|
//! | 1 | [`ingest`] | bytes → NFC text per page ([`ingest::Ingested`]) |
//! | 2 | [`segment`] | text → lines, sections, sentences, table rows ([`segment::Segmented`]) |
//! | 3 | [`extract`] | segments + `patterns/*.toml` → figures, metadata ([`extract::Extraction`]) |
//! | 4 | [`validate`] | extraction → findings ([`model::Finding`]) |
//! | 5 | [`emit`] | documents → JSON, JSONL, CSV, diagnostics; [`store`] → SQLite |
//!
//! [`Pipeline`] wires the stages for one input; [`model`] holds the types of
//! the output contract.

pub mod emit;
pub mod extract;
pub mod ingest;
pub mod model;
pub mod numbers;
pub mod segment;
pub mod store;
pub mod validate;

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::ingest::IngestOptions;
use crate::model::{DocumentOutput, ErrorKind, ReadError, Source, SCHEMA};

/// The result of running the whole pipeline on one input.
#[derive(Clone, Debug)]
pub struct Processed {
    pub output: DocumentOutput,
    /// The normalized text that every span points into (for diagnostics).
    pub text: String,
}

/// Compiled rules and options, built once and shared by every thread.
pub struct Pipeline {
    pub rules: extract::RuleSet,
    pub ingest: IngestOptions,
}

impl Pipeline {
    /// Compile the built-in patterns.
    pub fn new(ingest: IngestOptions) -> anyhow::Result<Pipeline> {
        Ok(Pipeline {
            rules: extract::RuleSet::builtin()?,
            ingest,
        })
    }

    /// Read and process one file; a file that cannot be read still yields a
    /// document whose `errors` say why.
    pub fn process_path(&self, path: &Path) -> Processed {
        match std::fs::metadata(path) {
            Ok(m) if m.len() > self.ingest.max_bytes => {
                let mut p = self.process_bytes(path, &[]);
                p.output.source.bytes = m.len();
                p.output.errors = vec![ReadError {
                    kind: ErrorKind::TooLarge,
                    message: format!(
                        "the file is {} bytes, more than the limit of {} bytes",
                        m.len(),
                        self.ingest.max_bytes
                    ),
                }];
                return p;
            }
            _ => {}
        }
        match std::fs::read(path) {
            Ok(bytes) => self.process_bytes(path, &bytes),
            Err(e) => {
                let mut p = self.process_bytes(path, &[]);
                p.output.errors = vec![ReadError {
                    kind: ErrorKind::Io,
                    message: format!("could not read the file: {e}"),
                }];
                p
            }
        }
    }

    /// Process bytes that were read from `path` (used for its name only).
    pub fn process_bytes(&self, path: &Path, bytes: &[u8]) -> Processed {
        let ing = ingest::ingest_bytes(path, bytes, &self.ingest);
        let seg = segment::segment(&ing.text, &ing.page_starts);
        let ex = extract::extract(&ing.text, &seg, &self.rules);
        let findings = validate::validate(&ex);
        let output = DocumentOutput {
            schema: SCHEMA,
            source: Source {
                path: path.to_string_lossy().into_owned(),
                sha256: sha256_hex(bytes),
                format: ing.format,
                encoding: ing.encoding,
                pages: ing.pages,
                bytes: bytes.len() as u64,
            },
            document: ex.meta,
            figures: ex.figures,
            findings,
            errors: ing.errors,
        };
        Processed {
            output,
            text: ing.text,
        }
    }
}

/// Lower-case hex SHA-256 of `bytes` (what `sha256sum` prints).
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every file under the given paths, folders recursed, in a deterministic
/// (sorted) order. Unreadable folder entries are returned as errors.
pub fn collect_inputs(paths: &[std::path::PathBuf]) -> Vec<Result<std::path::PathBuf, String>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            for entry in walkdir::WalkDir::new(p).sort_by_file_name() {
                match entry {
                    Ok(e) if e.file_type().is_file() => out.push(Ok(e.into_path())),
                    Ok(_) => {}
                    Err(e) => out.push(Err(e.to_string())),
                }
            }
        } else {
            out.push(Ok(p.clone()));
        }
    }
    out
}
