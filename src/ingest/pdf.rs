//! PDF text for ingest, with lopdf 0.47 (chosen by measurement:
//! `shared/notes/pdf-ingestion.md`, and `docs/ingest.md` for our own bench).
//!
//! lopdf reports success on several broken files (a looping page tree read
//! as 18 pages, an unreadable page as empty text), so nothing it returns is
//! trusted: encryption, duplicate page objects, zero pages, pages whose
//! content exists but yields no text, and image-only pages are all checked
//! here and turned into [`ReadError`]s.

use std::collections::HashSet;

use lopdf::{Document, LoadOptions, Object, ObjectId};

use super::legacy::{Hint, Legacy};
use super::pdf_layout;
use crate::model::{ErrorKind, ReadError};

/// Largest decompressed size of one stream (decompression-bomb guard).
pub const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;

/// A page with this much decoded content but no text is unreadable, not blank.
const DAMAGED_CONTENT_BYTES: usize = 1024;

/// Raw page texts of a PDF (before NFC and legacy conversion).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PdfPages {
    pub pages: Vec<String>,
    pub errors: Vec<ReadError>,
    /// Font names said the text is in a legacy encoding.
    pub hint: Hint,
    /// 1-based numbers of pages that are images without a text layer.
    pub scanned: Vec<usize>,
}

fn err(kind: ErrorKind, message: impl Into<String>) -> ReadError {
    ReadError::new(kind, message)
}

/// Why nothing could be read, and how many pages the PDF has (a scan still
/// reports its page count).
#[derive(Clone, Debug, PartialEq)]
pub struct Unreadable {
    pub error: ReadError,
    pub pages: usize,
}

impl From<ReadError> for Unreadable {
    fn from(error: ReadError) -> Self {
        Unreadable { error, pages: 0 }
    }
}

/// Open a PDF and read every page's text; an error only when nothing at all
/// could be read.
pub fn read_pdf(bytes: &[u8]) -> Result<PdfPages, Unreadable> {
    let options = LoadOptions {
        // The empty user password opens "restrictions only" files, common
        // on government PDFs; a real user password fails with InvalidPassword.
        password: Some(String::new()),
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    let mut salvaged = false;
    let loaded = Document::load_mem_with_options(bytes, options.clone()).or_else(|e| {
        if matches!(e, lopdf::Error::InvalidPassword) || find(bytes, b"/Encrypt").is_some() {
            return Err(e);
        }
        // A file cut off before its catalog: lopdf rebuilds the index by
        // scanning, but needs a root; give it one pointing at the page tree.
        match salvage(bytes).map(|b| Document::load_mem_with_options(&b, options)) {
            Some(Ok(d)) if !d.get_pages().is_empty() => {
                salvaged = true;
                Ok(d)
            }
            _ => Err(e),
        }
    });
    let doc = match loaded {
        Ok(d) => d,
        Err(lopdf::Error::InvalidPassword) => {
            return Err(err(
                ErrorKind::EncryptedPdf,
                "The PDF is protected by a password; open it with the password and save an unprotected copy to read it.",
            )
            .into())
        }
        Err(e) => {
            return Err(err(
                ErrorKind::CorruptPdf,
                format!("The PDF is damaged or incomplete (perhaps cut off while copying or downloading) and could not be opened; get a new copy of the file (detail: {e})."),
            )
            .into())
        }
    };
    let mut out = PdfPages::default();
    if salvaged {
        out.errors.push(err(
            ErrorKind::RepairedPdf,
            "The PDF is cut off (its end is missing); the pages still in the file were recovered, but text at the end may be missing.",
        ));
    } else if doc.xref_recovery == Some(lopdf::xref::XrefRecovery::Reconstructed) {
        out.errors.push(err(
            ErrorKind::RepairedPdf,
            "The PDF's index was damaged; its pages were recovered by scanning the file, so check that none is missing.",
        ));
    }
    let numbered = doc.get_pages();
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let pages: Vec<(u32, ObjectId)> = numbered
        .iter()
        .filter(|(_, id)| seen.insert(**id))
        .map(|(n, id)| (*n, *id))
        .collect();
    if pages.len() < numbered.len() {
        out.errors.push(err(
            ErrorKind::RepairedPdf,
            format!(
                "The PDF's page list refers back to itself ({} entries for {} pages); each page was read once.",
                numbered.len(),
                pages.len()
            ),
        ));
    }
    if pages.is_empty() {
        if doc.is_encrypted() {
            return Err(err(
                ErrorKind::EncryptedPdf,
                "The PDF is encrypted and its pages could not be opened without a password.",
            )
            .into());
        }
        return Ok(out);
    }
    let mut damaged = Vec::new();
    let mut fonts = Hint::default();
    for (i, &(_, id)) in pages.iter().enumerate() {
        note_fonts(&doc, id, &mut fonts);
        let content = doc.get_page_content_with_limit(id, MAX_STREAM_BYTES);
        let text = match pdf_layout::draw_page(&doc, id, MAX_STREAM_BYTES) {
            Ok(drawn) => pdf_layout::lay_out(&drawn),
            Err(_) => {
                damaged.push(i + 1);
                out.pages.push(String::new());
                continue;
            }
        };
        let has_text = text.chars().any(|c| !c.is_whitespace());
        if damaged_content(&doc, id) {
            // A content stream the page refers to did not survive loading
            // (lopdf drops objects it cannot parse and says nothing).
            damaged.push(i + 1);
        } else if !has_text {
            if has_images(&doc, id) {
                out.scanned.push(i + 1);
            } else if content
                .as_ref()
                .map_or(true, |c| c.len() > DAMAGED_CONTENT_BYTES)
            {
                damaged.push(i + 1);
            }
        }
        out.pages.push(text);
    }
    out.hint = fonts;
    let readable = out.pages.iter().any(|p| !p.trim().is_empty());
    if !readable {
        if !out.scanned.is_empty() {
            return Err(Unreadable {
                error: err(
                    ErrorKind::ScannedPdfNoText,
                    format!(
                        "The PDF has {} page(s) but no text layer: it is a scan. Run cchc with --ocr (needs tesseract with Vietnamese data) or ask for the original document.",
                        pages.len()
                    ),
                ),
                pages: pages.len(),
            });
        }
        if !damaged.is_empty() {
            return Err(Unreadable {
                error: err(
                    ErrorKind::CorruptPdf,
                    format!(
                        "The PDF opens, but none of its {} page(s) could be read: the page contents are damaged.",
                        pages.len()
                    ),
                ),
                pages: pages.len(),
            });
        }
    }
    if !damaged.is_empty() {
        out.errors.push(err(
            ErrorKind::DamagedPages,
            format!(
                "Page(s) {} of {} could not be read (damaged content); the other pages were read.",
                list(&damaged),
                pages.len()
            ),
        ));
    }
    if readable && !out.scanned.is_empty() {
        out.errors.push(err(
            ErrorKind::DamagedPages,
            format!(
                "Page(s) {} of {} are scanned images without text; run cchc with --ocr to read them.",
                list(&out.scanned),
                pages.len()
            ),
        ));
    }
    Ok(out)
}

/// The bytes of a truncated PDF completed with a catalog for its root page
/// tree (a `/Type /Pages` object without `/Parent`) and a trailer, or None
/// when no page tree survived.
fn salvage(bytes: &[u8]) -> Option<Vec<u8>> {
    let header = regex::bytes::Regex::new(r"(?m)^\s*(\d{1,9})\s+\d{1,5}\s+obj\b").ok()?;
    let mut objects: Vec<(u32, usize)> = header
        .captures_iter(bytes)
        .filter_map(|c| {
            let n = std::str::from_utf8(&c[1]).ok()?.parse().ok()?;
            Some((n, c.get(0)?.end()))
        })
        .collect();
    let max = objects.iter().map(|(n, _)| *n).max()?;
    objects.sort_by_key(|(_, at)| *at);
    let pages_type = regex::bytes::Regex::new(r"/Type\s*/Pages\b").ok()?;
    let root = objects.iter().enumerate().find_map(|(i, (n, at))| {
        let end = objects.get(i + 1).map_or(bytes.len(), |(_, next)| *next);
        let body = &bytes[*at..end];
        let body = &body[..find(body, b"endobj").unwrap_or(body.len())];
        (pages_type.is_match(body) && find(body, b"/Parent").is_none()).then_some(*n)
    })?;
    let n = max + 1;
    let mut out = bytes.to_vec();
    out.extend_from_slice(
        format!(
            "\nendobj\n{n} 0 obj\n<</Type/Catalog/Pages {root} 0 R>>\nendobj\ntrailer\n<</Size {}/Root {n} 0 R>>\nstartxref\n0\n%%EOF\n",
            n + 1
        )
        .as_bytes(),
    );
    Some(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn list(pages: &[usize]) -> String {
    pages
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The page names content streams that are missing, or compressed streams
/// that inflate to nothing (a corrupt deflate stream decodes as empty).
fn damaged_content(doc: &Document, page: ObjectId) -> bool {
    doc.get_page_contents(page).iter().any(|id| {
        match doc.get_object(*id).and_then(Object::as_stream) {
            Err(_) => true,
            Ok(s) => {
                s.dict.has(b"Filter")
                    && s.content.len() > 64
                    && s.decompressed_content_with_limit(MAX_STREAM_BYTES)
                        .map_or(true, |c| c.is_empty())
            }
        }
    })
}

fn has_images(doc: &Document, id: ObjectId) -> bool {
    doc.get_page_images(id).is_ok_and(|v| !v.is_empty())
}

/// `.VnTime`, `.VnTimeH`, `VnArial` → TCVN3; `VNI-Times` → VNI. Subset
/// prefixes (`ABCDEF+.VnTime`) are ignored.
pub fn font_hint(base_font: &str) -> Option<Legacy> {
    let name = base_font.split_once('+').map_or(base_font, |(_, n)| n);
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("vni-") || lower.starts_with("vni_") {
        Some(Legacy::Vni)
    } else if lower.starts_with(".vn") || lower.starts_with("vn") {
        Some(Legacy::Tcvn3)
    } else {
        None
    }
}

fn note_fonts(doc: &Document, page: ObjectId, hint: &mut Hint) {
    if hint.font.is_some() {
        return;
    }
    let Ok(fonts) = doc.get_page_fonts(page) else {
        return;
    };
    for dict in fonts.values() {
        if let Ok(Object::Name(name)) = dict.get(b"BaseFont") {
            if let Some(enc) = font_hint(&String::from_utf8_lossy(name)) {
                hint.font = Some(enc);
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_names_hint_legacy_encodings() {
        assert_eq!(font_hint("ABCDEF+.VnTime"), Some(Legacy::Tcvn3));
        assert_eq!(font_hint(".VnTimeH"), Some(Legacy::Tcvn3));
        assert_eq!(font_hint("VNI-Times"), Some(Legacy::Vni));
        assert_eq!(font_hint("LiberationSerif"), None);
        assert_eq!(font_hint("Times-Roman"), None);
    }

    #[test]
    fn garbage_is_a_corrupt_pdf_not_a_panic() {
        let e = read_pdf(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF").unwrap_err();
        assert_eq!(e.error.kind, ErrorKind::CorruptPdf);
    }
}
