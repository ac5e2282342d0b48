//! Stage 1 of the pipeline: **ingest** — bytes in, normalized text per page out.
//!
//! Everything downstream sees one NFC string with page boundaries; it never
//! sees bytes, encodings or file formats. This module sniffs the format
//! ([`sniff`]), decodes text ([`text`], [`legacy`]: UTF-8/16, Windows-1258,
//! TCVN3, VNI), reads PDF/DOCX/HTML ([`pdf`], [`docx`], [`html`]) and
//! workbooks ([`sheets`]: XLSX, XLS, ODS, each sheet as tab rows with a map
//! back to its cells) behind an isolation boundary ([`isolate`]), repairs
//! layout ([`cleanup`]), runs OCR
//! on request ([`ocr`]), and turns every failure into a [`ReadError`]
//! instead of a panic.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::model::{ErrorKind, Format, ReadError};

pub mod cleanup;
pub mod docx;
pub mod html;
pub mod isolate;
pub mod legacy;
pub mod lost_u;
pub mod ocr;
pub mod pdf;
pub mod pdf_layout;
pub mod sheets;
pub mod sniff;
pub mod syllable;
mod text;

pub use text::{decode_text, decode_text_full, normalize, utf8_lossy, Decoded, InvalidBytes};

/// How to read inputs.
#[derive(Clone, Debug)]
pub struct IngestOptions {
    /// Wall-clock limit for one file's third-party parser.
    pub timeout: Duration,
    /// Files larger than this are reported as `too_large`, not read.
    pub max_bytes: u64,
    /// Run OCR (tesseract, `vie`) on pages without a text layer.
    pub ocr: bool,
    /// The `cchc` executable, to read PDF/DOCX/HTML in a `cchc worker` child
    /// process that can be killed. None: read in this process under
    /// `catch_unwind` and a deadline (library and test use).
    pub worker_exe: Option<PathBuf>,
    /// Address-space cap of a worker process, in bytes.
    pub worker_memory: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            timeout: Duration::from_secs(60),
            max_bytes: 200 * 1024 * 1024,
            ocr: false,
            worker_exe: None,
            worker_memory: 4 * 1024 * 1024 * 1024,
        }
    }
}

impl IngestOptions {
    /// Defaults for the `cchc` binary: PDF/DOCX/HTML are read in `cchc
    /// worker` child processes of the running executable.
    pub fn for_cli() -> Self {
        IngestOptions {
            worker_exe: std::env::current_exe().ok(),
            ..IngestOptions::default()
        }
    }
}

/// The text of one input, ready for segmentation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
    /// For a workbook: the sheets (one per page) and the cell of each piece
    /// of text, so that figures can name their cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheets: Option<sheets::SheetMap>,
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
            errors: vec![ReadError::new(kind, message)],
            sheets: None,
        }
    }

    /// One page of text (formats without pages).
    fn single(text: String, format: Format, encoding: Option<&str>) -> Self {
        Ingested {
            text,
            page_starts: vec![0],
            format,
            encoding: encoding.map(str::to_string),
            pages: 1,
            errors: Vec::new(),
            sheets: None,
        }
    }

    /// Join page texts; each page ends with a line end, or with a space
    /// when its last paragraph continues on the next page.
    fn paged(pages: &[String], joins: &[bool], format: Format, encoding: Option<&str>) -> Self {
        let mut text = String::new();
        let mut page_starts = Vec::with_capacity(pages.len().max(1));
        for (i, p) in pages.iter().enumerate() {
            page_starts.push(text.len());
            text.push_str(p);
            if !p.is_empty() && !p.ends_with('\n') {
                let joined = joins.get(i).copied().unwrap_or(false);
                text.push(if joined { ' ' } else { '\n' });
            }
        }
        if page_starts.is_empty() {
            page_starts.push(0);
        }
        Ingested {
            text,
            page_starts,
            format,
            encoding: encoding.map(str::to_string),
            pages: pages.len(),
            errors: Vec::new(),
            sheets: None,
        }
    }
}

fn format_of(kind: sniff::Kind, path: &Path) -> Format {
    match kind {
        sniff::Kind::Pdf => Format::Pdf,
        sniff::Kind::Zip => Format::Docx,
        sniff::Kind::Sheet(book) => sheets::format_of(book),
        sniff::Kind::Encrypted => match sniff::workbook_name(path) {
            Some(book) => sheets::format_of(book),
            None if sniff::extension(path) == "docx" => Format::Docx,
            None => Format::Unknown,
        },
        sniff::Kind::Html => Format::Html,
        sniff::Kind::Text => Format::Txt,
        sniff::Kind::Ole2 | sniff::Kind::Binary if sniff::named_pdf(path) => Format::Pdf,
        sniff::Kind::Ole2 | sniff::Kind::Binary => Format::Unknown,
    }
}

/// Read one input. `path` is used for its extension and in messages only;
/// the bytes are what is read.
pub fn ingest_bytes(path: &Path, bytes: &[u8], opts: &IngestOptions) -> Ingested {
    let kind = sniff::sniff(path, bytes);
    let format = format_of(kind, path);
    if bytes.is_empty() {
        let format = if sniff::named_pdf(path) {
            Format::Pdf
        } else {
            Format::Txt
        };
        return Ingested::failed(format, ErrorKind::EmptyFile, "The file is empty (0 bytes).");
    }
    let ing = match kind {
        sniff::Kind::Text => read_text(bytes),
        sniff::Kind::Ole2 => Ingested::failed(
            format,
            ErrorKind::UnsupportedFormat,
            "This is an old Word file (.doc), which cchc cannot read; save it as .docx or PDF.",
        ),
        sniff::Kind::Encrypted if sniff::workbook_name(path).is_some() => {
            let e = sheets::workbook::encrypted();
            Ingested::failed(format, e.kind, e.message)
        }
        sniff::Kind::Encrypted => Ingested::failed(
            format,
            ErrorKind::UnsupportedFormat,
            "The Office file is protected with a password (encrypted), so it cannot be read; save a copy without the password.",
        ),
        sniff::Kind::Binary if format == Format::Pdf => Ingested::failed(
            format,
            ErrorKind::CorruptPdf,
            "The file is named .pdf but does not contain a PDF document; it is damaged or of another kind.",
        ),
        sniff::Kind::Binary => Ingested::failed(
            format,
            ErrorKind::UnsupportedFormat,
            "The file is not a document cchc can read (PDF, DOCX, HTML, a workbook or text).",
        ),
        sniff::Kind::Pdf | sniff::Kind::Zip | sniff::Kind::Html | sniff::Kind::Sheet(_) => {
            isolated(path, bytes, kind, opts)
        }
    };
    if opts.ocr && needs_ocr(&ing) {
        return with_ocr(ing, bytes, opts);
    }
    ing
}

fn isolated(path: &Path, bytes: &[u8], kind: sniff::Kind, opts: &IngestOptions) -> Ingested {
    let format = format_of(kind, path);
    match &opts.worker_exe {
        Some(exe) => isolate::in_child(exe, path, bytes, format, &[], opts.timeout),
        None => {
            let owned = bytes.to_vec();
            isolate::in_process(format, Some(opts.timeout), move || {
                read_untrusted(&owned, kind)
            })
        }
    }
}

/// Run the third-party reader for `kind` in this process (what the worker
/// does; callers outside it go through [`ingest_bytes`]).
pub fn read_untrusted(bytes: &[u8], kind: sniff::Kind) -> Ingested {
    match kind {
        sniff::Kind::Pdf => read_pdf(bytes),
        sniff::Kind::Zip => read_docx(bytes),
        sniff::Kind::Html => read_html(bytes),
        sniff::Kind::Sheet(book) => sheets::read_workbook(bytes, book),
        _ => read_text(bytes),
    }
}

/// The worker's entry point: sniff and read under `catch_unwind`, never
/// spawning another worker.
pub fn read_in_worker(path: &Path, bytes: &[u8]) -> Ingested {
    let kind = sniff::sniff(path, bytes);
    let format = format_of(kind, path);
    let owned = bytes.to_vec();
    isolate::in_process(format, None, move || read_untrusted(&owned, kind))
}

fn lossy_error(encoding: &str) -> ReadError {
    ReadError::new(ErrorKind::LossyEncoding, format!(
            "The text was typed in the old {} font encoding and converted to Unicode, but some letters (ư) were already lost in the file; they were put back where the spelling leaves no doubt (nước, trường), so check the other words against the original.",
            encoding.to_uppercase()
        ))
}

fn read_text(bytes: &[u8]) -> Ingested {
    let d = decode_text_full(bytes, legacy::Hint::default());
    let mut ing = Ingested::single(d.text, Format::Txt, Some(d.encoding));
    if d.lossy {
        ing.errors.push(lossy_error(d.encoding));
    }
    if d.invalid_bytes.count > 0 {
        ing.errors
            .push(invalid_bytes_error(d.encoding, &d.invalid_bytes));
    }
    if d.unreadable {
        ing.errors.push(ReadError::new(
            ErrorKind::UnknownEncoding,
            "The file is not valid UTF-8 and does not read as Vietnamese in any encoding cchc knows (UTF-8, UTF-16, Windows-1258, TCVN3, VNI); it may be damaged or not a text file.",
        ));
    }
    no_text_check(&mut ing);
    ing
}

/// `lossy_encoding` for bytes that were replaced: how many, and where.
pub fn invalid_bytes_error(encoding: &str, bad: &text::InvalidBytes) -> ReadError {
    let shown: Vec<String> = bad.offsets.iter().map(u64::to_string).collect();
    let more = if bad.count > bad.offsets.len() as u64 {
        format!(" (the first {})", bad.offsets.len())
    } else {
        String::new()
    };
    let mut e = ReadError::new(
        ErrorKind::LossyEncoding,
        format!(
            "The file is {} but {} place(s) in it are not valid {}: they were replaced with \u{FFFD} and the rest was read; compare with the original at byte offset(s) {}{more}.",
            encoding.to_uppercase(),
            bad.count,
            encoding.to_uppercase(),
            shown.join(", ")
        ),
    );
    e.count = Some(bad.count);
    e.offsets = bad.offsets.clone();
    e
}

fn no_text_check(ing: &mut Ingested) {
    if ing.errors.is_empty() && ing.text.trim().is_empty() {
        ing.errors.push(ReadError::new(
            ErrorKind::NoText,
            "The document contains no text.",
        ));
    }
}

/// Legacy conversion and NFC over the whole extracted text, so that the
/// statistics see every page at once.
fn convert_legacy(
    pages: Vec<String>,
    hint: legacy::Hint,
) -> (Vec<String>, Option<&'static str>, bool) {
    let joined = pages.join("\u{C}");
    match legacy::detect(&joined, hint) {
        Some(c) => (
            c.text.split('\u{C}').map(normalize).collect(),
            Some(c.encoding.name()),
            c.lossy,
        ),
        None => (pages.iter().map(|p| normalize(p)).collect(), None, false),
    }
}

fn read_pdf(bytes: &[u8]) -> Ingested {
    let raw = match pdf::read_pdf(bytes) {
        Ok(p) => p,
        Err(u) => {
            let mut ing = Ingested::failed(Format::Pdf, u.error.kind, u.error.message);
            // One (empty) page start per page, as for a readable PDF.
            ing.pages = u.pages;
            ing.page_starts = vec![0; u.pages.max(1)];
            return ing;
        }
    };
    let (pages, encoding, lossy) = convert_legacy(raw.pages, raw.hint);
    let (pages, joins) = cleanup::clean_pages(&pages);
    let mut ing = Ingested::paged(&pages, &joins, Format::Pdf, encoding);
    ing.errors = raw.errors;
    if lossy {
        ing.errors.push(lossy_error(encoding.unwrap_or("legacy")));
    }
    if ing.pages == 0 {
        ing.errors.push(ReadError::new(
            ErrorKind::NoText,
            "The PDF has no pages, so there is no text to read.",
        ));
    }
    no_text_check(&mut ing);
    ing
}

fn read_docx(bytes: &[u8]) -> Ingested {
    match docx::read_docx(bytes) {
        Ok(text) => {
            let d = text::unicode_or_legacy(&text, "utf-8", legacy::Hint::default());
            let legacy = d.encoding != "utf-8";
            let mut ing = Ingested::single(d.text, Format::Docx, legacy.then_some(d.encoding));
            if d.lossy {
                ing.errors.push(lossy_error(d.encoding));
            }
            no_text_check(&mut ing);
            ing
        }
        Err(e) => Ingested::failed(Format::Docx, e.kind, e.message),
    }
}

fn read_html(bytes: &[u8]) -> Ingested {
    let (source, charset, bad) = html::decode_html_full(bytes);
    let visible = html::visible_text(&source);
    let d = text::unicode_or_legacy(&visible, charset, html::font_hint(&source));
    let mut ing = Ingested::single(d.text, Format::Html, Some(d.encoding));
    if d.lossy {
        ing.errors.push(lossy_error(d.encoding));
    }
    if bad.count > 0 {
        ing.errors.push(invalid_bytes_error(charset, &bad));
    }
    no_text_check(&mut ing);
    ing
}

fn needs_ocr(ing: &Ingested) -> bool {
    ing.format == Format::Pdf
        && ing
            .errors
            .iter()
            .any(|e| e.kind == ErrorKind::ScannedPdfNoText)
}

/// Replace a scanned PDF's empty result with tesseract's text, or add why
/// OCR could not run.
fn with_ocr(mut ing: Ingested, bytes: &[u8], opts: &IngestOptions) -> Ingested {
    let path_var = std::env::var_os("PATH").unwrap_or_default();
    let result = ocr::find_tools(&path_var).and_then(|t| ocr::ocr_pdf(&t, bytes, opts.timeout));
    match result {
        Ok(pages) => {
            let pages: Vec<String> = pages
                .iter()
                .map(|p| cleanup::clean_page(&normalize(p)))
                .collect();
            let (pages, joins) = cleanup::clean_pages(&pages);
            let mut out = Ingested::paged(&pages, &joins, Format::Pdf, None);
            no_text_check(&mut out);
            out
        }
        Err(e) => {
            ing.errors.push(e);
            ing
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_unknown_inputs_are_errors() {
        let o = IngestOptions::default();
        let e = ingest_bytes(Path::new("a.pdf"), b"", &o);
        assert_eq!(
            (e.format, e.errors[0].kind),
            (Format::Pdf, ErrorKind::EmptyFile)
        );
        let r = ingest_bytes(Path::new("a.pdf"), &[0, 1, 2, 3, 4, 5, 6, 7], &o);
        assert_eq!(r.errors[0].kind, ErrorKind::CorruptPdf);
        let b = ingest_bytes(Path::new("a.bin"), &[0, 1, 2, 3, 4, 5, 6, 7], &o);
        assert_eq!(
            (b.format, b.errors[0].kind),
            (Format::Unknown, ErrorKind::UnsupportedFormat)
        );
    }

    #[test]
    fn pages_are_joined_with_their_starts() {
        let pages = ["a\nb".into(), String::new(), "c".into(), "d".into()];
        let ing = Ingested::paged(&pages, &[false, false, true], Format::Pdf, None);
        assert_eq!(ing.text, "a\nb\nc d\n");
        assert_eq!(ing.page_starts, vec![0, 4, 4, 6]);
        assert_eq!(ing.pages, 4);
    }

    #[test]
    fn ingested_round_trips_through_json() {
        let ing = ingest_bytes(
            Path::new("a.txt"),
            "Hồ sơ".as_bytes(),
            &IngestOptions::default(),
        );
        let back: Ingested = serde_json::from_str(&serde_json::to_string(&ing).unwrap()).unwrap();
        assert_eq!(back, ing);
    }
}
