//! Format sniffing for ingest: the bytes decide which reader runs, the file
//! name only breaks ties (a DOCX renamed `.pdf` is still read as DOCX).
//! Workbooks are told apart by what their container holds: a ZIP with
//! `xl/workbook.xml` (XLSX) or the OpenDocument spreadsheet mimetype (ODS),
//! an OLE2 file with a `Workbook`/`Book` stream (XLS) or an
//! `EncryptedPackage` (a password-protected Office Open XML file).

use std::path::Path;

use aho_corasick::AhoCorasick;

use super::sheets::Book;

/// What the bytes look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    /// A ZIP container (DOCX, or another Office/ZIP file).
    Zip,
    /// An OLE2 compound file that is no workbook: legacy `.doc`, which we
    /// cannot read.
    Ole2,
    /// A workbook (XLSX, XLS, ODS).
    Sheet(Book),
    /// An OLE2 file holding an encrypted Office Open XML package.
    Encrypted,
    Html,
    Text,
    /// Binary data we do not recognise.
    Binary,
}

/// The file name's extension, lower-case ("" when none).
pub fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// True when the file's name says it is a PDF.
pub fn named_pdf(path: &Path) -> bool {
    extension(path) == "pdf"
}

/// The workbook format a file's name says (`.xlsx`, `.xlsm`, `.xls`, `.ods`).
pub fn workbook_name(path: &Path) -> Option<Book> {
    match extension(path).as_str() {
        "xlsx" | "xlsm" => Some(Book::Xlsx),
        "xls" => Some(Book::Xls),
        "ods" => Some(Book::Ods),
        _ => None,
    }
}

/// Classify `bytes` (the head, and for containers the names they hold).
pub fn sniff(path: &Path, bytes: &[u8]) -> Kind {
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Kind::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return zip_kind(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return ole2_kind(bytes);
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

/// A ZIP container: the OpenDocument mimetype is its first entry, stored;
/// every entry's name is in the central directory at the end.
fn zip_kind(bytes: &[u8]) -> Kind {
    let head = &bytes[..bytes.len().min(256)];
    if find(head, b"application/vnd.oasis.opendocument.spreadsheet").is_some() {
        return Kind::Sheet(Book::Ods);
    }
    let tail = &bytes[bytes.len().saturating_sub(1 << 20)..];
    if find(tail, b"word/document.xml").is_none() && find(tail, b"xl/workbook.xml").is_some() {
        return Kind::Sheet(Book::Xlsx);
    }
    Kind::Zip
}

/// An OLE2 compound file: its directory names its streams in UTF-16LE.
fn ole2_kind(bytes: &[u8]) -> Kind {
    fn utf16(name: &str) -> Vec<u8> {
        let mut v: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        v.extend([0, 0]);
        v
    }
    let names = ["EncryptedPackage", "Workbook", "Book", "WordDocument"];
    let Ok(ac) = AhoCorasick::new(names.iter().map(|n| utf16(n))) else {
        return Kind::Ole2;
    };
    let mut found = [false; 4];
    for m in ac.find_overlapping_iter(bytes) {
        found[m.pattern().as_usize()] = true;
    }
    match found {
        [true, ..] => Kind::Encrypted,
        [_, w, b, false] if w || b => Kind::Sheet(Book::Xls),
        _ => Kind::Ole2,
    }
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

    fn utf16z(s: &str) -> Vec<u8> {
        let mut v: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        v.extend([0, 0]);
        v
    }

    #[test]
    fn workbooks_by_what_their_container_holds() {
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        let with = |name: &str| {
            let mut v = ole.to_vec();
            v.extend([0; 64]);
            v.extend(utf16z(name));
            v
        };
        let any = Path::new("x.bin");
        assert_eq!(sniff(any, &with("Workbook")), Kind::Sheet(Book::Xls));
        assert_eq!(sniff(any, &with("Book")), Kind::Sheet(Book::Xls));
        assert_eq!(sniff(any, &with("EncryptedPackage")), Kind::Encrypted);
        assert_eq!(sniff(any, &with("WordDocument")), Kind::Ole2);
        let mut xlsx = b"PK\x03\x04....[Content_Types].xml".to_vec();
        xlsx.extend(b"...PK\x01\x02 xl/workbook.xml");
        assert_eq!(sniff(any, &xlsx), Kind::Sheet(Book::Xlsx));
        let ods = b"PK\x03\x04 mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK";
        assert_eq!(sniff(any, ods), Kind::Sheet(Book::Ods));
        assert_eq!(sniff(any, b"PK\x03\x04 word/document.xml"), Kind::Zip);
        assert_eq!(workbook_name(Path::new("B.XLSM")), Some(Book::Xlsx));
        assert_eq!(workbook_name(Path::new("b.docx")), None);
    }
}
