//! Part of stage 1 (**ingest**): spreadsheets (`.xlsx`, `.xlsm`, `.xls`,
//! `.ods`) as text the rest of the pipeline already reads.
//!
//! Each worksheet becomes one page: a title line with the sheet's name, then
//! one line per row with its cells joined by tabs — the tab-row shape that
//! DOCX, HTML and PDF tables arrive in, so the segmenter and the table
//! reader of the extract stage see a statistics appendix as the table it is
//! ([`grid`]). Typed numbers are written so that the Vietnamese number
//! reading gets their exact value back, formulas by their cached values
//! ([`value`]); [`workbook`] wraps the third-party reader.
//!
//! Alongside the text, a [`SheetMap`] records which byte range came from
//! which cell, so that the pipeline can name the cell of every figure
//! (`Biểu 01!D12`) and diagnostics can point at it; hidden sheets are read
//! and marked.

pub mod grid;
pub mod ods_percent;
pub mod value;
pub mod workbook;

use serde::{Deserialize, Serialize};

use super::{legacy, normalize, Ingested};
use crate::model::{ErrorKind, Format, ReadError};
use grid::GridCell;
use value::Value;
pub use workbook::{Book, Limits};

/// Which cell each piece of a workbook's text came from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SheetMap {
    /// The worksheets read, in workbook order (one page each).
    pub sheets: Vec<SheetInfo>,
    /// Every cell written, in text order.
    pub cells: Vec<CellPlace>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetInfo {
    pub name: String,
    /// Hidden (or very hidden) in the workbook; read all the same.
    pub hidden: bool,
    /// Byte range of the sheet's title line (its name) in the text.
    pub title_start: usize,
    pub title_end: usize,
}

/// One cell's text in the document text; `row` and `col` are zero-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellPlace {
    pub start: usize,
    pub end: usize,
    pub sheet: u32,
    pub row: u32,
    pub col: u32,
}

impl SheetMap {
    /// The cell whose text contains byte `offset`.
    pub fn place_at(&self, offset: usize) -> Option<&CellPlace> {
        let i = self.cells.partition_point(|c| c.start <= offset);
        let c = self.cells.get(i.checked_sub(1)?)?;
        (offset < c.end).then_some(c)
    }

    /// "Biểu 01!D12": the sheet and cell of byte `offset`.
    pub fn cell_at(&self, offset: usize) -> Option<String> {
        let c = self.place_at(offset)?;
        let sheet = self.sheets.get(c.sheet as usize)?;
        Some(format!("{}!{}", sheet.name, grid::cell_name(c.row, c.col)))
    }
}

/// Read a workbook into text and its cell map (run isolated, see
/// [`super::isolate`]).
pub fn read_workbook(bytes: &[u8], book: Book) -> Ingested {
    read_with_limits(bytes, book, Limits::default())
}

pub fn format_of(book: Book) -> Format {
    match book {
        Book::Xlsx => Format::Xlsx,
        Book::Xls => Format::Xls,
        Book::Ods => Format::Ods,
    }
}

/// [`read_workbook`] with explicit limits (tests use small ones).
pub fn read_with_limits(bytes: &[u8], book: Book, limits: Limits) -> Ingested {
    let format = format_of(book);
    let sheets = match workbook::read(bytes, book, limits) {
        Ok(s) => s,
        Err(e) => return Ingested::failed(format, e.kind, e.message),
    };
    // Workbooks typed with a .VnTime or VNI font hold TCVN3/VNI bytes in
    // their text cells: decide once for the whole workbook, convert per cell.
    let joined: String = sheets
        .iter()
        .flat_map(|s| s.cells.iter())
        .filter_map(|(_, _, v)| match v {
            Value::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let conv = legacy::detect(&joined, legacy::Hint::default());
    let encoding = conv.as_ref().map(|c| c.encoding);
    let mut text = String::new();
    let mut map = SheetMap::default();
    let mut page_starts = Vec::new();
    for (k, s) in sheets.into_iter().enumerate() {
        page_starts.push(text.len());
        let title = normalize(&s.name).replace(['\n', '\t'], " ");
        let cells: Vec<GridCell> = s
            .cells
            .into_iter()
            .map(|(row, col, v)| {
                let number = matches!(v, Value::Number { .. });
                let raw = v.to_text();
                let t = match (&v, encoding) {
                    (Value::Text(_), Some(legacy::Legacy::Tcvn3)) => legacy::decode_tcvn3(&raw),
                    (Value::Text(_), Some(legacy::Legacy::Vni)) => legacy::decode_vni(&raw),
                    _ => raw,
                };
                GridCell {
                    row,
                    col,
                    text: normalize(&t).replace('\n', " "),
                    number,
                }
            })
            .collect();
        let title_start = text.len();
        let Some(placed) = grid::lay_out(&title, cells, &s.merges, &mut text, limits.max_text)
        else {
            return Ingested::failed(
                format,
                ErrorKind::TooLarge,
                format!(
                    "The sheet \"{}\" spreads its cells over more than {} MiB of text (thousands of columns apart); the workbook was not read.",
                    s.name,
                    limits.max_text >> 20
                ),
            );
        };
        map.sheets.push(SheetInfo {
            name: s.name,
            hidden: s.hidden,
            title_start,
            title_end: title_start + title.len(),
        });
        map.cells.extend(placed.into_iter().map(|p| CellPlace {
            start: p.start,
            end: p.end,
            sheet: k as u32,
            row: p.row,
            col: p.col,
        }));
    }
    let pages = page_starts.len();
    if page_starts.is_empty() {
        page_starts.push(0);
    }
    let mut errors = Vec::new();
    if let Some(c) = &conv {
        if c.lossy {
            errors.push(ReadError::new(
                ErrorKind::LossyEncoding,
                format!(
                    "The workbook's text was typed in the old {} font encoding and converted to Unicode; check its words against the original.",
                    c.encoding.name().to_uppercase()
                ),
            ));
        }
    }
    if map.cells.is_empty() && errors.is_empty() {
        errors.push(ReadError::new(
            ErrorKind::NoText,
            "The workbook has no filled cells.",
        ));
    }
    Ingested {
        text,
        page_starts,
        format,
        encoding: encoding.map(|e| e.name().to_string()),
        pages,
        errors,
        sheets: Some(map),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> SheetMap {
        SheetMap {
            sheets: vec![SheetInfo {
                name: "Biểu 01".into(),
                hidden: false,
                title_start: 0,
                title_end: 8,
            }],
            cells: vec![
                CellPlace {
                    start: 10,
                    end: 13,
                    sheet: 0,
                    row: 11,
                    col: 3,
                },
                CellPlace {
                    start: 14,
                    end: 15,
                    sheet: 0,
                    row: 11,
                    col: 4,
                },
            ],
        }
    }

    #[test]
    fn offsets_name_their_cells() {
        let m = map();
        assert_eq!(m.cell_at(10).as_deref(), Some("Biểu 01!D12"));
        assert_eq!(m.cell_at(12).as_deref(), Some("Biểu 01!D12"));
        assert_eq!(m.cell_at(13), None);
        assert_eq!(m.cell_at(14).as_deref(), Some("Biểu 01!E12"));
        assert_eq!(m.cell_at(0), None);
        assert_eq!(m.cell_at(99), None);
    }

    #[test]
    fn garbage_is_a_damaged_workbook_not_a_panic() {
        for book in [Book::Xlsx, Book::Xls, Book::Ods] {
            for bytes in [
                &b""[..],
                b"PK\x03\x04garbage",
                &[0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0],
            ] {
                let ing = read_workbook(bytes, book);
                assert_eq!(ing.errors.len(), 1, "{book:?}");
                assert_eq!(ing.errors[0].kind, ErrorKind::CorruptWorkbook, "{book:?}");
            }
        }
    }
}
