//! `cchc indicators [--format table|json|csv]`: the data dictionary — every
//! indicator of the registry (`patterns/indicators.toml`) with its family,
//! unit, roles, Vietnamese name and description.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::ValueEnum;
use unicode_width::UnicodeWidthStr;

use cchc::emit::rows::{dictionary, Cell};
use cchc::registry::Registry;

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    Json,
    /// UTF-8 with a BOM, like every CSV of cchc.
    Csv,
}

/// Print the registry of indicators (the data dictionary of every export).
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  cchc indicators\n  \
    cchc indicators --format csv -o indicators.csv\n  \
    cchc indicators --format json | jq '.[] | select(.unit == \"percent\") | .id'")]
pub struct Args {
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

/// One indicator in JSON, fields in the order of the other formats.
#[derive(serde::Serialize)]
struct Entry<'a> {
    id: &'a str,
    family: &'a str,
    unit: &'a str,
    roles: Vec<&'a str>,
    name: &'a str,
    description: &'a str,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let reg = Registry::builtin();
    let table = dictionary::indicators();
    let rows = dictionary::indicator_rows(reg);
    let mut out = super::output(args.output.as_deref())?;
    match args.format {
        Format::Json => {
            let v: Vec<Entry> = reg
                .indicators
                .iter()
                .map(|i| Entry {
                    id: &i.id,
                    family: &i.family,
                    unit: &i.unit,
                    roles: i.roles.iter().map(|r| r.as_str()).collect(),
                    name: &i.name,
                    description: &i.description,
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut w = cchc::emit::csv_out::writer(&mut out)?;
            w.write_record(table.columns.iter().map(|c| c.name.as_str()))?;
            for r in &rows {
                w.write_record(r.iter().map(Cell::to_csv))?;
            }
            w.flush()?;
        }
        Format::Table => {
            // Every column but the last (the description) padded to its widest.
            let texts: Vec<Vec<String>> = std::iter::once(
                table
                    .columns
                    .iter()
                    .map(|c| c.name.to_uppercase())
                    .collect(),
            )
            .chain(rows.iter().map(|r| r.iter().map(Cell::to_csv).collect()))
            .collect();
            let n = table.columns.len();
            let widths: Vec<usize> = (0..n)
                .map(|c| texts.iter().map(|r| r[c].width()).max().unwrap_or(0))
                .collect();
            for r in &texts {
                let mut line = String::new();
                for (c, t) in r.iter().enumerate() {
                    line.push_str(t);
                    if c + 1 < n {
                        line.push_str(&" ".repeat(widths[c] - t.width() + 2));
                    }
                }
                writeln!(out, "{}", line.trim_end())?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
