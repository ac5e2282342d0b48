//! Stage 5, **emit**: one interface for the exports that are written a
//! document at a time and closed at the end (XLSX, Parquet, the wide CSV),
//! so that `cchc extract` (documents in memory) and `cchc export` (documents
//! streamed from the dataset) share them.

use std::io::Write;

use anyhow::Result;

use super::rows::{wide::Wide, Cell};
use crate::model::DocumentOutput;
use crate::registry::Registry;

/// A streamed export.
pub trait Sink {
    fn add(&mut self, doc: &DocumentOutput) -> Result<()>;
    /// Write what is buffered and close the output.
    fn finish(self: Box<Self>) -> Result<()>;
}

/// The wide panel as CSV (UTF-8 with BOM, like every CSV of cchc).
pub struct WideCsv<W: Write> {
    csv: csv::Writer<W>,
    wide: Wide,
}

impl<W: Write> WideCsv<W> {
    pub fn new(w: W) -> Result<WideCsv<W>> {
        let wide = Wide::new(Registry::builtin());
        let mut csv = super::csv_out::writer(w)?;
        csv.write_record(wide.table().columns.iter().map(|c| c.name.as_str()))?;
        Ok(WideCsv { csv, wide })
    }
}

impl<W: Write> Sink for WideCsv<W> {
    fn add(&mut self, doc: &DocumentOutput) -> Result<()> {
        self.csv
            .write_record(self.wide.row(doc).iter().map(Cell::to_csv))?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        self.csv.flush()?;
        Ok(())
    }
}
