//! `cchc export`: stream an imported dataset back out in the shapes of the
//! output contract (`shared/spec/output.md`): JSON Lines (one document object
//! per line, as `cchc extract --format jsonl` prints) or CSV (figure or
//! finding rows, via [`crate::emit::csv_out`]).
//!
//! Part of the **store** stage. Memory is constant in the size of the
//! dataset: one document (its figures and findings) is held at a time.

use std::io::Write;

use anyhow::{Context, Result};
use rusqlite::{Connection, Row};
use serde::de::DeserializeOwned;

use crate::emit::{csv_out, json};
use crate::model::{
    DocMeta, DocumentOutput, Figure, Finding, Format, Period, ReadError, Source, Span, SCHEMA,
};

use super::db;

/// What to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    /// One row per figure.
    Csv,
    /// One row per finding.
    CsvFindings,
}

/// Write every imported file (status `ok` or `failed`, by path) to `w`;
/// returns the number of documents written.
pub fn export<W: Write>(conn: &Connection, mut w: W, format: ExportFormat) -> Result<u64> {
    let n = match format {
        ExportFormat::Jsonl => {
            for_each_document(conn, |d| Ok(json::write_jsonl_line(&mut w, &d)?))?
        }
        ExportFormat::Csv | ExportFormat::CsvFindings => {
            let mut csv = csv_out::writer(&mut w)?;
            if format == ExportFormat::Csv {
                csv.write_record(csv_out::FIGURE_HEADER)?;
            } else {
                csv.write_record(csv_out::FINDING_HEADER)?;
            }
            let n = for_each_document(conn, |d| {
                if format == ExportFormat::Csv {
                    csv_out::write_figure_rows(&mut csv, &d)?;
                } else {
                    csv_out::write_finding_rows(&mut csv, &d)?;
                }
                Ok(())
            })?;
            csv.flush()?;
            n
        }
    };
    w.flush()?;
    Ok(n)
}

fn parse<T: DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .with_context(|| format!("unexpected value {s:?} in the database"))
}

fn period(label: Option<String>, from: Option<String>, to: Option<String>) -> Option<Period> {
    (label.is_some() || from.is_some() || to.is_some()).then_some(Period { label, from, to })
}

fn usize_at(r: &Row, i: usize) -> rusqlite::Result<usize> {
    Ok(r.get::<_, i64>(i)?.max(0) as usize)
}

/// Rebuild each file's document, in path order, and hand it to `f`.
pub fn for_each_document(
    conn: &Connection,
    mut f: impl FnMut(DocumentOutput) -> Result<()>,
) -> Result<u64> {
    let mut files = conn.prepare(
        "SELECT f.path, f.size, f.format, f.reason, f.message, d.sha256, d.format, d.encoding,
                d.pages, d.bytes, d.kind, d.number, d.date, d.issuer, d.level,
                d.period_label, d.period_from, d.period_to, d.errors, d.schema
         FROM files f LEFT JOIN documents d ON d.sha256 = f.sha256
         WHERE f.status <> 'skipped'
         ORDER BY f.path",
    )?;
    let mut figures = conn.prepare(
        "SELECT id, indicator, value, unit, role, qualifier, scope, section, period_label,
                period_from, period_to, page, line, span_start, span_end, value_page,
                value_line, value_start, value_end, decimals, text, rule, raw, cell
         FROM figures WHERE document = ?1 ORDER BY seq",
    )?;
    let mut findings = conn.prepare(
        "SELECT rule, severity, message, figures, stated, computed, spans, notes
         FROM findings WHERE document = ?1 ORDER BY seq",
    )?;
    let mut rows = files.query([])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let path: String = r.get(0)?;
        let sha: Option<String> = r.get(5)?;
        let doc = match sha {
            None => unread(
                path,
                r.get::<_, i64>(1)? as u64,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
            )?,
            Some(sha) => {
                let format: String = r.get(6)?;
                let kind: String = r.get(10)?;
                let errors: String = r.get(18)?;
                let mut doc = DocumentOutput {
                    schema: r.get(19)?,
                    source: Source {
                        path,
                        sha256: sha.clone(),
                        format: parse(&format)?,
                        encoding: r.get(7)?,
                        pages: usize_at(r, 8)?,
                        bytes: r.get::<_, i64>(9)? as u64,
                    },
                    document: DocMeta {
                        kind: parse(&kind)?,
                        number: r.get(11)?,
                        date: r.get(12)?,
                        issuer: r.get(13)?,
                        level: r.get(14)?,
                        period: period(r.get(15)?, r.get(16)?, r.get(17)?),
                    },
                    figures: Vec::new(),
                    findings: Vec::new(),
                    errors: serde_json::from_str(&errors)?,
                    cells: Default::default(),
                };
                let mut fr = figures.query([&sha])?;
                while let Some(g) = fr.next()? {
                    let fig = figure(g)?;
                    if let Some(cell) = g.get::<_, Option<String>>(23)? {
                        doc.cells.insert(fig.id.clone(), cell);
                    }
                    doc.figures.push(fig);
                }
                let mut fr = findings.query([&sha])?;
                while let Some(g) = fr.next()? {
                    doc.findings.push(finding(g)?);
                }
                doc
            }
        };
        f(doc)?;
        n += 1;
    }
    Ok(n)
}

fn figure(g: &Row) -> Result<Figure> {
    let role: String = g.get(4)?;
    let qualifier: Option<String> = g.get(5)?;
    Ok(Figure {
        id: g.get(0)?,
        indicator: g.get(1)?,
        // SQLite stores NaN as NULL.
        value: g.get::<_, Option<f64>>(2)?.unwrap_or(f64::NAN),
        unit: g.get(3)?,
        role: parse(&role)?,
        qualifier: qualifier.as_deref().map(parse).transpose()?,
        scope: g.get(6)?,
        section: g.get(7)?,
        period: period(g.get(8)?, g.get(9)?, g.get(10)?),
        span: Span {
            page: usize_at(g, 11)?,
            line: usize_at(g, 12)?,
            start: usize_at(g, 13)?,
            end: usize_at(g, 14)?,
        },
        value_span: Span {
            page: usize_at(g, 15)?,
            line: usize_at(g, 16)?,
            start: usize_at(g, 17)?,
            end: usize_at(g, 18)?,
        },
        decimals: g.get(19)?,
        text: g.get(20)?,
        rule: g.get(21)?,
        raw: g.get(22)?,
    })
}

fn finding(g: &Row) -> Result<Finding> {
    let rule: String = g.get(0)?;
    let severity: String = g.get(1)?;
    let figures: String = g.get(3)?;
    let spans: String = g.get(6)?;
    let notes: String = g.get(7)?;
    Ok(Finding {
        rule: parse(&rule)?,
        severity: parse(&severity)?,
        message: g.get(2)?,
        figures: serde_json::from_str(&figures)?,
        stated: g.get(4)?,
        computed: g.get(5)?,
        spans: serde_json::from_str(&spans)?,
        notes: serde_json::from_str(&notes)?,
    })
}

/// A file whose bytes were never read (I/O error, too large): the same
/// document `cchc extract` prints for it, with the recorded error.
fn unread(
    path: String,
    size: u64,
    format: Option<String>,
    reason: Option<String>,
    message: Option<String>,
) -> Result<DocumentOutput> {
    let kind = reason
        .as_deref()
        .and_then(|r| r.split(',').next())
        .map(db::error_kind)
        .unwrap_or(crate::model::ErrorKind::Io);
    Ok(DocumentOutput {
        schema: SCHEMA,
        source: Source {
            path,
            // Never read: no hash (not that of zero bytes).
            sha256: String::new(),
            format: format
                .as_deref()
                .map(parse)
                .transpose()?
                .unwrap_or(Format::Unknown),
            encoding: None,
            pages: 0,
            bytes: size,
        },
        document: DocMeta::default(),
        figures: Vec::new(),
        findings: Vec::new(),
        errors: vec![ReadError::new(kind, message.unwrap_or_default())],
        cells: Default::default(),
    })
}
