//! The table exports shared by `cchc extract` and `cchc export`: which
//! flags go together, and opening the writer (`emit::sink`).

use std::path::Path;

use anyhow::{bail, Result};

use cchc::emit::parquet_out::ParquetSink;
use cchc::emit::sink::{Sink, WideCsv};
use cchc::emit::xlsx_out::XlsxSink;

/// An export written through a [`Sink`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Xlsx,
    Parquet,
    /// The wide panel as CSV.
    Csv,
}

/// The export a command's `--format` (by its name) and `--wide` ask for,
/// if it is one of these; flag combinations that mean nothing are refused
/// before any work is done.
pub fn plan<F: clap::ValueEnum>(
    format: &F,
    wide: bool,
    findings: bool,
    output: Option<&Path>,
) -> Result<Option<Table>> {
    let name = format.to_possible_value();
    let table = match name.as_ref().map(|v| v.get_name()) {
        Some("xlsx") => Some(Table::Xlsx),
        Some("parquet") => Some(Table::Parquet),
        Some("csv") if wide => Some(Table::Csv),
        _ => None,
    };
    check_flags(table, wide, findings, output)?;
    Ok(table)
}

fn check_flags(
    table: Option<Table>,
    wide: bool,
    findings: bool,
    output: Option<&Path>,
) -> Result<()> {
    match table {
        None if wide => bail!("--wide needs --format csv or --format xlsx"),
        Some(Table::Parquet) if wide => {
            bail!("--wide is for --format csv or xlsx; Parquet readers pivot the figures table themselves")
        }
        Some(_) if findings => {
            bail!("--findings is for the long CSV; workbooks and Parquet carry a findings table of their own")
        }
        Some(Table::Xlsx) if output.is_none() => {
            bail!("--format xlsx needs -o FILE.xlsx (a workbook is not written to a terminal)")
        }
        Some(Table::Parquet) if output.is_none() => {
            bail!("--format parquet needs -o DIR (one .parquet file per table is written there)")
        }
        _ => Ok(()),
    }
}

/// Open the writer of `table`.
pub fn open(table: Table, wide: bool, output: Option<&Path>) -> Result<Box<dyn Sink>> {
    Ok(match (table, output) {
        (Table::Xlsx, Some(p)) => Box::new(XlsxSink::create(p, wide)?),
        (Table::Parquet, Some(p)) => Box::new(ParquetSink::create(p)?),
        (Table::Csv, _) => Box::new(WideCsv::new(super::output(output)?)?),
        (Table::Xlsx | Table::Parquet, None) => bail!("-o is needed"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_that_mean_nothing_are_refused() {
        let out = Some(Path::new("x"));
        assert!(check_flags(None, true, false, out).is_err());
        assert!(check_flags(Some(Table::Parquet), true, false, out).is_err());
        assert!(check_flags(Some(Table::Xlsx), false, true, out).is_err());
        assert!(check_flags(Some(Table::Xlsx), false, false, None).is_err());
        assert!(check_flags(Some(Table::Csv), true, false, None).is_ok());
        assert!(check_flags(Some(Table::Xlsx), true, false, out).is_ok());
    }
}
