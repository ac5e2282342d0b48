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
//! [`Pipeline`] wires the stages for one input; [`inputs`] says which
//! inputs a command reads and [`batch`] runs them under a time limit and
//! hands back each document as it is done; [`model`] holds the types of the
//! output contract.

pub mod batch;
pub mod emit;
pub mod extract;
pub mod findings;
pub mod ingest;
pub mod inputs;
pub mod model;
pub mod numbers;
pub mod provenance;
pub mod registry;
pub mod segment;
pub mod store;
pub mod validate;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

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
    ///
    /// The compositional reader (lexicon and decisions) is built at the same
    /// time on a second thread: the two take about as long, every document
    /// needs both, and a one-page file otherwise waits for one after the
    /// other (see docs/speed.md).
    pub fn new(ingest: IngestOptions) -> anyhow::Result<Pipeline> {
        let _ = std::thread::Builder::new()
            .name("cchc-warm".into())
            .spawn(|| {
                extract::compose::Reader::builtin();
            });
        Ok(Pipeline {
            rules: extract::RuleSet::builtin()?,
            ingest,
        })
    }

    /// Read and process one file; a file that cannot be read still yields a
    /// document whose `errors` say why.
    pub fn process_path(&self, path: &Path) -> Processed {
        match self.read_path(path) {
            Ok(bytes) => self.process_bytes(path, &bytes),
            Err(p) => *p,
        }
    }

    /// The bytes of `path`, or the document saying why they cannot be read
    /// (too large, missing, permission): its real path, no hash.
    pub fn read_path(&self, path: &Path) -> Result<Vec<u8>, Box<Processed>> {
        if let Ok(m) = std::fs::metadata(path) {
            if m.len() > self.ingest.max_bytes {
                let mut p = unread(
                    path,
                    ReadError::new(
                        ErrorKind::TooLarge,
                        format!(
                            "the file is {} bytes, more than the limit of {} bytes",
                            m.len(),
                            self.ingest.max_bytes
                        ),
                    ),
                );
                p.output.source.bytes = m.len();
                return Err(Box::new(p));
            }
        }
        std::fs::read(path).map_err(|e| {
            Box::new(unread(
                path,
                ReadError::new(ErrorKind::Io, inputs::io_message(path, &e)),
            ))
        })
    }

    /// Process bytes that were read from `path` (used for its name only).
    pub fn process_bytes(&self, path: &Path, bytes: &[u8]) -> Processed {
        let never = AtomicBool::new(false);
        self.process_bytes_until(path, bytes, &never)
            .expect("never cancelled")
    }

    /// Process bytes, stopping between stages once `cancel` is set (the
    /// caller gave up waiting: see [`batch`]); None when stopped.
    pub fn process_bytes_until(
        &self,
        path: &Path,
        bytes: &[u8],
        cancel: &AtomicBool,
    ) -> Option<Processed> {
        let stop = || cancel.load(Ordering::Relaxed);
        let ing = ingest::ingest_bytes(path, bytes, &self.ingest);
        if stop() {
            return None;
        }
        let seg = segment::segment(&ing.text, &ing.page_starts);
        if stop() {
            return None;
        }
        let ex = extract::extract(&ing.text, &seg, &self.rules);
        if stop() {
            return None;
        }
        let mut findings = validate::validate(&ex);
        findings.extend(validate::encoding::invalid_bytes(
            &ing.errors,
            &ing.text,
            &seg,
        ));
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
        Some(Processed {
            output,
            text: ing.text,
        })
    }
}

/// The document of an input whose bytes were never read: its path, no hash
/// (`sha256` is empty), and why.
pub fn unread(path: &Path, error: ReadError) -> Processed {
    Processed {
        output: DocumentOutput {
            schema: SCHEMA,
            source: Source {
                path: path.to_string_lossy().into_owned(),
                sha256: String::new(),
                format: if ingest::sniff::named_pdf(path) {
                    model::Format::Pdf
                } else {
                    model::Format::Txt
                },
                encoding: None,
                pages: 0,
                bytes: 0,
            },
            document: model::DocMeta::default(),
            figures: Vec::new(),
            findings: Vec::new(),
            errors: vec![error],
            cells: Default::default(),
        },
        text: String::new(),
    }
}

/// Lower-case hex SHA-256 of `bytes` (what `sha256sum` prints).
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
