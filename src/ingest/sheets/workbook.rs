//! Part of stage 1 (**ingest**), spreadsheets: the workbook reader
//! (`calamine`) behind one small interface — every worksheet's filled cells
//! (formulas by their cached values), merged regions, whether it is hidden —
//! with broken, encrypted and oversized workbooks turned into [`ReadError`]s.
//!
//! Runs inside the isolation of [`crate::ingest::isolate`] like every
//! third-party reader. XLSX sheets are streamed cell by cell (so a sheet
//! claiming a million rows costs what it holds), with each cell's number
//! format to tell percentages; XLS and ODS sheets come as calamine's dense
//! ranges, whose size is checked (ODS percentages from [`super::ods_percent`];
//! XLS number formats are not available).

use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, SheetType, SheetVisible, Xls, Xlsx};

use super::grid::Merge;
use super::value::{civil_from_days, is_percent_format, iso_date, Value};
use crate::ingest::isolate::error;
use crate::model::{ErrorKind, ReadError};

/// The workbook formats read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Book {
    Xlsx,
    Xls,
    Ods,
}

/// Limits against oversized workbooks.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Filled cells in the whole workbook.
    pub max_cells: usize,
    /// Cells (filled or not) of one XLS/ODS sheet's dense range.
    pub max_range: u64,
    /// Bytes of text the workbook may become.
    pub max_text: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_cells: 2_000_000,
            max_range: 50_000_000,
            max_text: 64 << 20,
        }
    }
}

/// One worksheet's content.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetCells {
    pub name: String,
    pub hidden: bool,
    /// Filled cells with their values (not yet as text).
    pub cells: Vec<(u32, u32, Value)>,
    pub merges: Vec<Merge>,
}

/// Read every worksheet of a workbook.
pub fn read(bytes: &[u8], book: Book, limits: Limits) -> Result<Vec<SheetCells>, ReadError> {
    let cur = Cursor::new(bytes);
    match book {
        Book::Xlsx => read_xlsx(
            Xlsx::new(cur).map_err(|e| open_error(&e, e.to_string()))?,
            limits,
        ),
        Book::Xls => {
            let mut wb: Xls<_> = Xls::new(cur).map_err(|e| open_error(&e, e.to_string()))?;
            let merges = |wb: &Xls<_>, name: &str| {
                wb.merge_cells_by_sheet_name(name)
                    .unwrap_or_default()
                    .iter()
                    .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                    .collect()
            };
            read_dense(&mut wb, limits, merges)
        }
        Book::Ods => {
            let mut wb: Ods<_> = Ods::new(cur).map_err(|e| open_error(&e, e.to_string()))?;
            // ODS keeps a merged cell's text in its first cell and leaves
            // the covered ones empty, which is the layout wanted.
            let mut sheets = read_dense(&mut wb, limits, |_, _| Vec::new())?;
            let percent = super::ods_percent::percent_cells(bytes);
            for s in &mut sheets {
                let Some(marked) = percent.get(&s.name) else {
                    continue;
                };
                for (r, c, v) in &mut s.cells {
                    if let Value::Number { percent, .. } = v {
                        *percent = marked.contains(&(*r, *c));
                    }
                }
            }
            Ok(sheets)
        }
    }
}

/// calamine's errors, by whether they say "password".
trait PasswordError {
    fn is_password(&self) -> bool;
}

impl PasswordError for calamine::XlsxError {
    fn is_password(&self) -> bool {
        matches!(self, calamine::XlsxError::Password)
    }
}

impl PasswordError for calamine::XlsError {
    fn is_password(&self) -> bool {
        matches!(self, calamine::XlsError::Password)
    }
}

impl PasswordError for calamine::OdsError {
    fn is_password(&self) -> bool {
        matches!(self, calamine::OdsError::Password)
    }
}

fn open_error(e: &impl PasswordError, detail: String) -> ReadError {
    if e.is_password() {
        encrypted()
    } else {
        corrupt(&detail)
    }
}

/// The error of a password-protected workbook.
pub fn encrypted() -> ReadError {
    error(
        ErrorKind::EncryptedWorkbook,
        "The workbook is protected with a password (encrypted), so its cells cannot be read; save a copy without the password.",
    )
}

fn corrupt(detail: &str) -> ReadError {
    error(
        ErrorKind::CorruptWorkbook,
        format!("The workbook is damaged and cannot be read ({detail})."),
    )
}

fn too_many(limits: Limits) -> ReadError {
    error(
        ErrorKind::TooLarge,
        format!(
            "The workbook has more than {} filled cells; it was not read.",
            limits.max_cells
        ),
    )
}

fn worksheets(sheets: &[calamine::Sheet]) -> Vec<(String, bool)> {
    sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect()
}

fn read_xlsx(mut wb: Xlsx<Cursor<&[u8]>>, limits: Limits) -> Result<Vec<SheetCells>, ReadError> {
    let mut out = Vec::new();
    let mut total = 0usize;
    for (name, hidden) in worksheets(wb.sheets_metadata()) {
        let merges = wb
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| corrupt(&e.to_string()))?
            .iter()
            .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
            .collect();
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| corrupt(&e.to_string()))?;
        let percent: Vec<bool> = reader
            .styles()
            .iter()
            .map(|s| {
                s.number_format
                    .as_ref()
                    .is_some_and(|f| is_percent_format(&f.format_code))
            })
            .collect();
        let mut cells = Vec::new();
        while let Some((cell, style)) = reader
            .next_cell_with_style_id()
            .map_err(|e| corrupt(&e.to_string()))?
        {
            let (r, c) = cell.get_position();
            let pct = percent.get(style).copied().unwrap_or(false);
            let v = from_ref(cell.get_value(), pct);
            if v.is_empty() {
                continue;
            }
            total += 1;
            if total > limits.max_cells {
                return Err(too_many(limits));
            }
            cells.push((r, c, v));
        }
        out.push(SheetCells {
            name,
            hidden,
            cells,
            merges,
        });
    }
    Ok(out)
}

fn read_dense<'b, R, F>(wb: &mut R, limits: Limits, merges: F) -> Result<Vec<SheetCells>, ReadError>
where
    R: Reader<Cursor<&'b [u8]>>,
    R::Error: std::fmt::Display,
    F: Fn(&R, &str) -> Vec<Merge>,
{
    let mut out = Vec::new();
    let mut total = 0usize;
    for (name, hidden) in worksheets(wb.sheets_metadata()) {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| corrupt(&e.to_string()))?;
        let (h, w) = range.get_size();
        if (h as u64).saturating_mul(w as u64) > limits.max_range {
            return Err(error(
                ErrorKind::TooLarge,
                format!(
                    "The sheet \"{name}\" spans {h} rows × {w} columns, more than the limit of {} cells; the workbook was not read.",
                    limits.max_range
                ),
            ));
        }
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut cells = Vec::new();
        for (r, c, d) in range.used_cells() {
            let v = from_data(d);
            if v.is_empty() {
                continue;
            }
            total += 1;
            if total > limits.max_cells {
                return Err(too_many(limits));
            }
            cells.push((r0 + r as u32, c0 + c as u32, v));
        }
        out.push(SheetCells {
            merges: merges(wb, &name),
            name,
            hidden,
            cells,
        });
    }
    Ok(out)
}

fn from_ref(d: &DataRef<'_>, percent: bool) -> Value {
    match d {
        DataRef::SharedString(s) => Value::Text((*s).to_string()),
        DataRef::Int(i) => number(*i as f64, percent),
        DataRef::Float(f) => number(*f, percent),
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(dt) => date_time(dt),
        DataRef::DateTimeIso(s) => iso(s),
        DataRef::DurationIso(s) => Value::Text(s.clone()),
        DataRef::Error(e) => Value::Error(e.to_string()),
        DataRef::Empty => Value::Empty,
    }
}

fn from_data(d: &Data) -> Value {
    match d {
        Data::Int(i) => number(*i as f64, false),
        Data::Float(f) => number(*f, false),
        Data::String(s) => Value::Text(s.clone()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => date_time(dt),
        Data::DateTimeIso(s) => iso(s),
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
        Data::Empty => Value::Empty,
    }
}

fn number(value: f64, percent: bool) -> Value {
    if value.is_finite() {
        Value::Number { value, percent }
    } else {
        Value::Empty
    }
}

fn date_time(dt: &calamine::ExcelDateTime) -> Value {
    if dt.is_duration() {
        return Value::Text(super::value::number_text(dt.as_f64()));
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    if (1..=12).contains(&m) && (1..=31).contains(&d) {
        Value::Date(i32::from(y), u32::from(m), u32::from(d))
    } else {
        // Outside the calendar calamine knows: the serial day as a date.
        let (y, m, d) = civil_from_days(dt.as_f64() as i64 - 25_569);
        Value::Date(y, m, d)
    }
}

fn iso(s: &str) -> Value {
    match iso_date(s) {
        Some((y, m, d)) => Value::Date(y, m, d),
        None => Value::Text(s.to_string()),
    }
}
