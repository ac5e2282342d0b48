//! CSV: one row per figure (or per finding), UTF-8 with a BOM so that Excel
//! shows Vietnamese instead of mojibake.

use std::io::{self, Write};

use crate::model::DocumentOutput;

/// The columns of output.md, then `cell` (the workbook cell, empty for
/// other inputs).
pub const FIGURE_HEADER: [&str; 16] = [
    "path",
    "sha256",
    "issuer",
    "level",
    "period_label",
    "period_from",
    "period_to",
    "indicator",
    "value",
    "unit",
    "role",
    "qualifier",
    "page",
    "line",
    "text",
    "cell",
];

pub const FINDING_HEADER: [&str; 9] = [
    "path", "sha256", "rule", "severity", "message", "figures", "stated", "computed", "line",
];

/// A CSV writer that has already written the BOM.
pub fn writer<W: Write>(mut w: W) -> io::Result<csv::Writer<W>> {
    w.write_all("\u{FEFF}".as_bytes())?;
    Ok(csv::Writer::from_writer(w))
}

/// Format a value the way it is written in JSON (no trailing ".0").
pub fn number(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

pub fn write_figure_rows<W: Write>(
    w: &mut csv::Writer<W>,
    doc: &DocumentOutput,
) -> csv::Result<()> {
    let period = doc.document.period.clone().unwrap_or_default();
    for f in &doc.figures {
        w.write_record([
            doc.source.path.as_str(),
            &doc.source.sha256,
            doc.document.issuer.as_deref().unwrap_or(""),
            doc.document.level.as_deref().unwrap_or(""),
            period.label.as_deref().unwrap_or(""),
            period.from.as_deref().unwrap_or(""),
            period.to.as_deref().unwrap_or(""),
            &f.indicator,
            &number(f.value),
            &f.unit,
            f.role.as_str(),
            f.qualifier.map_or("", |q| q.as_str()),
            &f.span.page.to_string(),
            &f.span.line.to_string(),
            &f.text,
            doc.cell_of(f).unwrap_or(""),
        ])?;
    }
    Ok(())
}

pub fn write_finding_rows<W: Write>(
    w: &mut csv::Writer<W>,
    doc: &DocumentOutput,
) -> csv::Result<()> {
    for f in &doc.findings {
        let line = f
            .figures
            .first()
            .and_then(|id| doc.figures.iter().find(|g| &g.id == id))
            .map(|g| g.span.line)
            .or_else(|| f.spans.first().map(|s| s.span.line));
        w.write_record([
            doc.source.path.as_str(),
            &doc.source.sha256,
            &f.rule,
            f.severity.as_str(),
            &f.message,
            &f.figures.join(" "),
            &f.stated.map(number).unwrap_or_default(),
            &f.computed.map(number).unwrap_or_default(),
            &line.map(|l| l.to_string()).unwrap_or_default(),
        ])?;
    }
    Ok(())
}
