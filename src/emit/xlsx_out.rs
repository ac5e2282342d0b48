//! Stage 5, **emit**: analysts' workbooks (`--format xlsx`) — sheets
//! `documents`, `figures`, `findings` (or the wide `panel`) and the
//! `indicators` dictionary, written with rust_xlsxwriter in constant-memory
//! mode: each row goes to a temporary file as it is written, so an export
//! of a whole archive holds one document at a time.
//!
//! Numbers are numbers, dates are dates, percentages are stored as Excel
//! stores them (92,09% is 0.9209) in a percent format with the decimals the
//! report stated; the header row is bold and frozen, every sheet has an
//! autofilter, and column widths follow the longest value written (in
//! characters, so Vietnamese text fits), within bounds. A sheet that reaches
//! Excel's row limit continues in `figures 2`, `figures 3`, ….

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use unicode_width::UnicodeWidthStr;

use super::rows::{self, dictionary, wide::Wide, Cell, Table};
use super::sink::Sink;
use crate::model::DocumentOutput;
use crate::registry::Registry;

/// Rows of one sheet, header included (Excel's limit).
const MAX_ROWS: u32 = 1_048_576;
/// Characters of one cell (Excel's limit).
const MAX_CHARS: usize = 32_767;
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;

struct Formats {
    header: Format,
    date: Format,
    percent: Vec<Format>,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            percent: (0..=4)
                .map(|d| {
                    let code = if d == 0 {
                        "0%".to_string()
                    } else {
                        format!("0.{}%", "0".repeat(d))
                    };
                    Format::new().set_num_format(code)
                })
                .collect(),
        }
    }
}

/// One table being written, possibly over several sheets.
struct Sheet {
    table: Table,
    part: usize,
    ws: Worksheet,
    /// Next row to write (0 is the header).
    row: u32,
    widths: Vec<usize>,
    done: Vec<Worksheet>,
}

/// The workbook being written.
pub struct XlsxSink {
    path: PathBuf,
    wb: Workbook,
    formats: Formats,
    /// The panel's layout (`--wide`); None for the long tables.
    wide: Option<Wide>,
    /// `panel`, or `documents`, `figures`, `findings`.
    sheets: Vec<Sheet>,
}

fn sheet_name(table: &Table, part: usize) -> String {
    if part == 1 {
        table.name.to_string()
    } else {
        format!("{} {part}", table.name)
    }
}

impl XlsxSink {
    /// A workbook written to `path` on [`Sink::finish`]; `wide` for the panel.
    pub fn create(path: &Path, wide: bool) -> Result<XlsxSink> {
        let mut s = XlsxSink {
            path: path.to_path_buf(),
            wb: Workbook::new(),
            formats: Formats::new(),
            wide: wide.then(|| Wide::new(Registry::builtin())),
            sheets: Vec::new(),
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // Temporary row files next to the output: the same disk, and
            // not a small /tmp.
            s.wb.set_tempdir(dir)?;
        }
        let tables = match &s.wide {
            Some(w) => vec![w.table().clone()],
            None => vec![rows::documents(), rows::figures(), rows::findings()],
        };
        for t in tables {
            let sheet = s.sheet(t)?;
            s.sheets.push(sheet);
        }
        Ok(s)
    }

    fn sheet(&mut self, table: Table) -> Result<Sheet> {
        let ws = self.new_part(&table, 1)?;
        Ok(Sheet {
            widths: table
                .columns
                .iter()
                .map(|c| c.name.width().clamp(MIN_WIDTH, MAX_WIDTH))
                .collect(),
            table,
            part: 1,
            ws,
            row: 1,
            done: Vec::new(),
        })
    }

    fn new_part(&mut self, table: &Table, part: usize) -> Result<Worksheet> {
        let mut ws = self.wb.new_worksheet_with_constant_memory()?;
        ws.set_name(sheet_name(table, part))?;
        for (c, col) in table.columns.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, &col.name, &self.formats.header)?;
        }
        Ok(ws)
    }
}

fn write_row(sheet: &mut Sheet, formats: &Formats, cells: &[Cell]) -> Result<()> {
    let r = sheet.row;
    let ws = &mut sheet.ws;
    for (c, cell) in cells.iter().enumerate() {
        let col = c as u16;
        let shown = match cell {
            Cell::Null => 0,
            Cell::Text(s) => {
                let s = clip(s);
                ws.write_string(r, col, s)?;
                s.width()
            }
            Cell::Int(i) => {
                ws.write_number(r, col, *i as f64)?;
                i.to_string().len()
            }
            Cell::Float(v) => {
                ws.write_number(r, col, *v)?;
                crate::emit::csv_out::number(*v).len().min(16)
            }
            Cell::Percent(v, d) => {
                let f = &formats.percent[(*d as usize).min(formats.percent.len() - 1)];
                ws.write_number_with_format(r, col, v / 100.0, f)?;
                crate::emit::csv_out::number(*v).len() + 2
            }
            Cell::Date(s) => {
                match ExcelDateTime::parse_from_str(s) {
                    Ok(d) => ws.write_datetime_with_format(r, col, &d, &formats.date)?,
                    Err(_) => ws.write_string(r, col, s)?,
                };
                10
            }
        };
        if let Some(w) = sheet.widths.get_mut(c) {
            *w = (*w).max(shown.min(MAX_WIDTH));
        }
    }
    sheet.row += 1;
    Ok(())
}

/// At most [`MAX_CHARS`] characters, cut on a character boundary.
fn clip(s: &str) -> &str {
    match s.char_indices().nth(MAX_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Header frozen, autofilter over what was written, widths.
fn close_part(ws: &mut Worksheet, table: &Table, rows: u32, widths: &[usize]) -> Result<()> {
    let last_col = table.columns.len().saturating_sub(1) as u16;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.saturating_sub(1).max(1), last_col)?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w + 2) as f64)?;
    }
    Ok(())
}

impl XlsxSink {
    /// Write a row to sheet `k`, opening its next part at Excel's limit.
    fn append(&mut self, k: usize, cells: &[Cell]) -> Result<()> {
        if self.sheets[k].row == MAX_ROWS {
            let table = self.sheets[k].table.clone();
            let part = self.sheets[k].part + 1;
            let fresh = self.new_part(&table, part)?;
            let s = &mut self.sheets[k];
            let mut full = std::mem::replace(&mut s.ws, fresh);
            close_part(&mut full, &s.table, s.row, &s.widths)?;
            s.done.push(full);
            s.part = part;
            s.row = 1;
        }
        write_row(&mut self.sheets[k], &self.formats, cells)
    }
}

impl Sink for XlsxSink {
    fn add(&mut self, doc: &DocumentOutput) -> Result<()> {
        if let Some(w) = &self.wide {
            let row = w.row(doc);
            return self.append(0, &row);
        }
        self.append(0, &rows::document_row(doc))?;
        for r in rows::figure_rows(doc) {
            self.append(1, &r)?;
        }
        for r in rows::finding_rows(doc) {
            self.append(2, &r)?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        let mut dict = self.sheet(dictionary::indicators())?;
        for r in dictionary::indicator_rows(Registry::builtin()) {
            write_row(&mut dict, &self.formats, &r)?;
        }
        let mut sheets = std::mem::take(&mut self.sheets);
        sheets.push(dict);
        for mut s in sheets {
            close_part(&mut s.ws, &s.table, s.row, &s.widths)?;
            for done in s.done {
                self.wb.push_worksheet(done);
            }
            self.wb.push_worksheet(s.ws);
        }
        self.wb
            .save(&self.path)
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        Ok(())
    }
}
