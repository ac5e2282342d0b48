//! DOCX text for ingest: our own walk over `word/document.xml` (zip +
//! quick-xml), so that tables come out one row per line with the cells of a
//! row joined by `\t`, and headers, footers, deleted text and field codes
//! stay out.
//!
//! The archive is untrusted: the uncompressed bytes read are capped
//! (decompression bombs), and quick-xml ≥ 0.38 hands entity references
//! (`&amp;`) over as separate events, which are put back here.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::model::{ErrorKind, ReadError};

/// Largest `word/document.xml` we inflate.
pub const MAX_XML_BYTES: u64 = 256 * 1024 * 1024;

fn err(kind: ErrorKind, message: impl Into<String>) -> ReadError {
    ReadError::new(kind, message)
}

/// Read the body text of a DOCX file.
pub fn read_docx(bytes: &[u8]) -> Result<String, ReadError> {
    let xml = document_xml(bytes, MAX_XML_BYTES)?;
    let xml = std::str::from_utf8(&xml).map_err(|_| {
        err(
            ErrorKind::CorruptDocx,
            "The Word file's text part is not valid UTF-8; the file is damaged.",
        )
    })?;
    walk(xml)
}

/// The body text of a `word/document.xml` part (exposed for tests and fuzzing).
pub fn text_of_document_xml(xml: &str) -> Result<String, ReadError> {
    walk(xml)
}

/// The main document part, inflated up to `cap` bytes.
pub(crate) fn document_xml(bytes: &[u8], cap: u64) -> Result<Vec<u8>, ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        err(
            ErrorKind::CorruptDocx,
            format!("The Word file is damaged: its ZIP container cannot be opened ({e})."),
        )
    })?;
    let mut part = match zip.by_name("word/document.xml") {
        Ok(p) => p,
        Err(_) => {
            return Err(err(
                ErrorKind::UnsupportedFormat,
                "The file is a ZIP archive but not a Word document (no word/document.xml); only DOCX is read.",
            ))
        }
    };
    let mut xml = Vec::new();
    (&mut part)
        .take(cap + 1)
        .read_to_end(&mut xml)
        .map_err(|e| {
            err(
                ErrorKind::CorruptDocx,
                format!("The Word file is damaged: its text part cannot be decompressed ({e})."),
            )
        })?;
    if xml.len() as u64 > cap {
        return Err(err(
            ErrorKind::TooLarge,
            format!("The Word file's text part decompresses to more than {cap} bytes; it was not read (possible ZIP bomb)."),
        ));
    }
    Ok(xml)
}

/// Where the walker is in the table structure.
#[derive(Default)]
struct Walker {
    out: String,
    /// Text of the current paragraph.
    para: String,
    /// Open tables: rows in progress, each a list of cell texts.
    tables: Vec<Vec<String>>,
    /// Nesting of elements whose text must be skipped (delText, instrText, fallbacks…).
    skip: usize,
    in_text: bool,
}

impl Walker {
    fn end_paragraph(&mut self) {
        let p = std::mem::take(&mut self.para);
        match self.tables.last_mut() {
            Some(row) => {
                // Only ASCII blanks: a no-break space is content (an
                // NBSP-only paragraph is an empty table cell to segmentation).
                let p = p.trim_end_matches([' ', '\t']);
                if let Some(cell) = row.last_mut() {
                    if !cell.is_empty() && !p.is_empty() {
                        cell.push(' ');
                    }
                    cell.push_str(p);
                }
            }
            None => {
                self.out.push_str(&p);
                self.out.push('\n');
            }
        }
    }

    fn end_row(&mut self) {
        let Some(row) = self.tables.last_mut() else {
            return;
        };
        let cells = std::mem::take(row);
        let line = cells
            .iter()
            .map(|c| c.replace(['\t', '\n'], " "))
            .collect::<Vec<_>>()
            .join("\t");
        if self.tables.len() > 1 {
            // A nested table's row goes into the enclosing cell.
            let outer = self.tables.len() - 2;
            if let Some(cell) = self.tables[outer].last_mut() {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(line.trim());
            }
        } else {
            self.out.push_str(line.trim_end());
            self.out.push('\n');
        }
    }
}

pub(crate) fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// Elements whose whole content is not body text.
pub(crate) fn skipped(name: &str) -> bool {
    matches!(
        name,
        "delText" | "instrText" | "delInstrText" | "Fallback" | "footnoteReference"
    )
}

fn walk(xml: &str) -> Result<String, ReadError> {
    let mut reader = Reader::from_str(xml);
    let mut w = Walker::default();
    loop {
        let ev = reader.read_event().map_err(|e| {
            err(
                ErrorKind::CorruptDocx,
                format!(
                    "The Word file is damaged: its text is not well-formed XML near byte {} ({e}).",
                    reader.buffer_position()
                ),
            )
        })?;
        match ev {
            Event::Start(e) => {
                let name = local(e.name().as_ref()).to_string();
                if w.skip > 0 || skipped(&name) {
                    w.skip += 1;
                    continue;
                }
                match name.as_str() {
                    "tbl" => w.tables.push(Vec::new()),
                    "tr" => {
                        if let Some(row) = w.tables.last_mut() {
                            row.clear();
                        }
                    }
                    "tc" => {
                        if let Some(row) = w.tables.last_mut() {
                            row.push(String::new());
                        }
                    }
                    "t" => w.in_text = true,
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if w.skip > 0 {
                    continue;
                }
                match local(e.name().as_ref()) {
                    "tab" => w.para.push('\t'),
                    "br" | "cr" => w.para.push('\n'),
                    "p" => w.end_paragraph(),
                    "tc" => {
                        if let Some(row) = w.tables.last_mut() {
                            row.push(String::new());
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                if w.skip > 0 {
                    w.skip -= 1;
                    continue;
                }
                match local(e.name().as_ref()) {
                    "t" => w.in_text = false,
                    "p" => w.end_paragraph(),
                    "tr" => w.end_row(),
                    "tbl" => {
                        w.tables.pop();
                    }
                    _ => {}
                }
            }
            Event::Text(t) if w.in_text && w.skip == 0 => {
                w.para.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if w.in_text && w.skip == 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    w.para.push(c);
                } else {
                    let s = match r.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    };
                    w.para.push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(w.out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn body(inner: &str) -> String {
        format!(r#"<?xml version="1.0"?><w:document {W}><w:body>{inner}</w:body></w:document>"#)
    }

    #[test]
    fn paragraphs_runs_and_entities() {
        let x = body(
            "<w:p><w:r><w:t>Phòng Văn hóa </w:t></w:r><w:r><w:t>&amp; Thông tin</w:t></w:r></w:p>\
             <w:p><w:r><w:t xml:space=\"preserve\">99,8 &#37;</w:t></w:r></w:p><w:p/>",
        );
        assert_eq!(walk(&x).unwrap(), "Phòng Văn hóa & Thông tin\n99,8 %\n\n");
    }

    #[test]
    fn tables_are_rows_of_tab_joined_cells() {
        let x = body(
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Tổng số hồ sơ</w:t></w:r></w:p><w:p><w:r><w:t>đã tiếp nhận</w:t></w:r></w:p></w:tc>\
             <w:tc><w:p><w:r><w:t>Hồ sơ</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>3954</w:t></w:r></w:p></w:tc></w:tr>\
             <w:tr><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
             <w:p><w:r><w:t>sau</w:t></w:r></w:p>",
        );
        assert_eq!(
            walk(&x).unwrap(),
            "Tổng số hồ sơ đã tiếp nhận\tHồ sơ\t3954\n\tb\nsau\n"
        );
    }

    #[test]
    fn deleted_text_and_field_codes_are_skipped() {
        let x = body(
            "<w:p><w:r><w:delText>cũ</w:delText></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>\
             <w:r><w:t>mới</w:t></w:r></w:p>",
        );
        assert_eq!(walk(&x).unwrap(), "mới\n");
    }

    fn zip_with(name: &str, content: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file(name, opts).unwrap();
        w.write_all(content).unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn inflating_past_the_cap_is_refused() {
        // 64 KiB of zeros deflate to a few hundred bytes: a small bomb.
        let bomb = zip_with("word/document.xml", &vec![0u8; 64 * 1024]);
        assert!(bomb.len() < 4096);
        let e = document_xml(&bomb, 1024).unwrap_err();
        assert_eq!(e.kind, ErrorKind::TooLarge);
        assert_eq!(document_xml(&bomb, 64 * 1024).unwrap().len(), 64 * 1024);
    }

    #[test]
    fn a_zip_that_is_not_docx_is_unsupported() {
        let z = zip_with("content.xml", b"<x/>");
        assert_eq!(
            read_docx(&z).unwrap_err().kind,
            ErrorKind::UnsupportedFormat
        );
    }

    #[test]
    fn broken_xml_and_zip_are_errors() {
        assert_eq!(
            walk(&body("<w:p><w:t>x</w:p>")).unwrap_err().kind,
            ErrorKind::CorruptDocx
        );
        assert_eq!(
            read_docx(b"PK\x03\x04garbage").unwrap_err().kind,
            ErrorKind::CorruptDocx
        );
    }
}
