//! Format sniffing for ingest: the bytes decide which reader runs, the file
//! name only breaks ties (a DOCX renamed `.pdf` is still read as DOCX).

use std::path::Path;

/// What the bytes look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    /// A ZIP container (DOCX, or another Office/ZIP file).
    Zip,
    /// An OLE2 compound file: legacy `.doc`/`.xls`, which we cannot read.
    Ole2,
    Html,
    Text,
    /// Binary data we do not recognise.
    Binary,
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// True when the file's name says it is a PDF.
pub fn named_pdf(path: &Path) -> bool {
    extension(path) == "pdf"
}

/// Classify `bytes` (the first few KiB are enough).
pub fn sniff(path: &Path, bytes: &[u8]) -> Kind {
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Kind::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Kind::Zip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Kind::Ole2;
    }
    if looks_binary(bytes) {
        return Kind::Binary;
    }
    let ext = extension(path);
    if matches!(ext.as_str(), "html" | "htm" | "xhtml") || looks_html(bytes) {
        return Kind::Html;
    }
    Kind::Text
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// HTML markers near the start, in any ASCII-compatible encoding.
fn looks_html(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes[..bytes.len().min(2048)]
        .iter()
        .filter(|b| **b != 0)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    [&b"<!doctype html"[..], b"<html", b"<body", b"<head"]
        .iter()
        .any(|m| find(&head, m).is_some())
}

/// Text (UTF-8, UTF-16 with BOM, single-byte legacy) has almost no control
/// bytes; binary formats and random data have many.
fn looks_binary(bytes: &[u8]) -> bool {
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return false;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    control * 100 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes_win_over_names() {
        let p = Path::new("x.pdf");
        assert_eq!(sniff(p, b"%PDF-1.7\n..."), Kind::Pdf);
        assert_eq!(sniff(p, b"PK\x03\x04rest"), Kind::Zip);
        assert_eq!(
            sniff(Path::new("a.txt"), b"<!DOCTYPE html><p>x"),
            Kind::Html
        );
        assert_eq!(sniff(Path::new("a.htm"), b"plain"), Kind::Html);
        assert_eq!(sniff(Path::new("a.txt"), "Báo cáo".as_bytes()), Kind::Text);
        assert_eq!(sniff(p, &[0u8, 1, 2, 3, 4, 5, 200, 7, 8]), Kind::Binary);
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend([0; 16]);
        assert_eq!(sniff(Path::new("a.doc"), &ole), Kind::Ole2);
    }
}
