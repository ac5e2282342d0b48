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
pub mod provenance;
pub mod registry;
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
        let mut findings = validate::validate(&ex);
        let mut cells = std::collections::BTreeMap::new();
        if let Some(map) = &ing.sheets {
            cells = provenance::cells_of(map, &ex.figures);
            findings.extend(provenance::hidden_sheets(map, &seg));
        }
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
            cells,
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

/// Extensions of files that sit beside reports in a folder but are data or
/// code, not reports (the corpus's `expected.json`, a README, scripts). A
/// folder walk leaves them out and says so; a file named on the command line
/// is always read. Formats cchc cannot read (`.doc`, `.xlsb`, images) are
/// *not* listed: they are reports, and are reported as unsupported.
pub const NOT_REPORTS: &[&str] = &[
    "json",
    "jsonl",
    "csv",
    "tsv",
    "md",
    "toml",
    "yaml",
    "yml",
    "py",
    "sh",
    "rs",
    "snap",
    "lock",
    "log",
    "sqlite",
    "sqlite3",
    "db",
    "sqlite-wal",
    "sqlite-shm",
    "db-wal",
    "db-shm",
];

/// The inputs of a command: files to process, in a deterministic (sorted)
/// order, and what a folder walk left out.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Files to read; an unreadable folder entry is an `Err` with the reason.
    pub files: Vec<Result<std::path::PathBuf, String>>,
    /// Files found in folders whose extension is in [`NOT_REPORTS`].
    pub skipped: Vec<std::path::PathBuf>,
}

/// Every file under the given paths, folders recursed.
pub fn collect_inputs(paths: &[std::path::PathBuf]) -> Inputs {
    let mut out = Inputs::default();
    for p in paths {
        if !p.is_dir() {
            out.files.push(Ok(p.clone()));
            continue;
        }
        for entry in walkdir::WalkDir::new(p).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let ext = e
                        .path()
                        .extension()
                        .map(|x| x.to_string_lossy().to_lowercase());
                    if ext.is_some_and(|x| NOT_REPORTS.contains(&x.as_str())) {
                        out.skipped.push(e.into_path());
                    } else {
                        out.files.push(Ok(e.into_path()));
                    }
                }
                Ok(_) => {}
                Err(e) => out.files.push(Err(e.to_string())),
            }
        }
    }
    out
}

impl Inputs {
    /// Run the pipeline on every file in parallel, keeping the input order;
    /// an unreadable entry still yields a document whose `errors` say why.
    pub fn process(&self, pipeline: &Pipeline) -> Vec<Processed> {
        use rayon::prelude::*;
        self.files
            .par_iter()
            .map(|input| match input {
                Ok(path) => pipeline.process_path(path),
                Err(msg) => {
                    let mut p = pipeline.process_bytes(Path::new(""), &[]);
                    p.output.errors = vec![ReadError {
                        kind: ErrorKind::Io,
                        message: msg.clone(),
                    }];
                    p
                }
            })
            .collect()
    }

    /// One line for standard error about what a folder walk left out.
    pub fn skipped_note(&self) -> Option<String> {
        let first = self.skipped.first()?;
        let more = match self.skipped.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        Some(format!(
            "skipped {} file(s) that are not reports (data or code: .json, .csv, .md, …): {}{more}",
            self.skipped.len(),
            first.display()
        ))
    }
}
