//! Stage 5 of the pipeline, **emit**: the flat tables an analyst loads —
//! documents, figures, findings, the indicator dictionary ([`dictionary`])
//! and the wide panel ([`wide`]) — as typed columns shared by the XLSX,
//! Parquet and wide-CSV writers. Each column is defined once here; a writer
//! only maps [`Kind`]s and [`Cell`]s to its own types.

pub mod dictionary;
pub mod wide;

use crate::model::{DocumentOutput, Severity};

/// The type of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Int,
    Float,
    /// An ISO date (`2024-03-31`).
    Date,
}

/// One column of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
    /// Few distinct values (indicator, unit, role…): dictionary-encode it.
    pub dictionary: bool,
}

impl Column {
    fn new(name: &str, kind: Kind) -> Column {
        Column {
            name: name.to_string(),
            kind,
            dictionary: false,
        }
    }

    fn dict(name: &str) -> Column {
        Column {
            dictionary: true,
            ..Column::new(name, Kind::Text)
        }
    }
}

/// One value of a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Text(String),
    Int(i64),
    Float(f64),
    /// A percentage as the JSON writes it (0–100) with its stated decimals;
    /// a spreadsheet shows it in a percent format.
    Percent(f64, u32),
    /// An ISO date, `YYYY-MM-DD`.
    Date(String),
}

impl Cell {
    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn opt(s: Option<&str>) -> Cell {
        s.map_or(Cell::Null, Cell::text)
    }

    fn date(s: Option<&str>) -> Cell {
        match s {
            Some(d) if days_from_iso(d).is_some() => Cell::Date(d[..10].to_string()),
            Some(d) => Cell::text(d),
            None => Cell::Null,
        }
    }

    /// The value as CSV writes it (numbers as JSON does, dates ISO).
    pub fn to_csv(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Text(s) | Cell::Date(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(v) | Cell::Percent(v, _) => crate::emit::csv_out::number(*v),
        }
    }
}

/// Days since 1970-01-01 of an ISO date (`2024-03-31`, time ignored).
pub fn days_from_iso(s: &str) -> Option<i32> {
    let d = s.get(..10)?;
    let b = d.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = d[..4].parse().ok()?;
    let m: i64 = d[5..7].parse().ok()?;
    let day: i64 = d[8..10].parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i32::try_from(era * 146_097 + doe - 719_468).ok()
}

/// A table: its name (sheet or file) and columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<Column>,
}

/// One row per document.
pub fn documents() -> Table {
    use Kind::*;
    Table {
        name: "documents",
        columns: vec![
            Column::new("path", Text),
            Column::new("sha256", Text),
            Column::dict("format"),
            Column::dict("kind"),
            Column::new("number", Text),
            Column::new("date", Date),
            Column::new("issuer", Text),
            Column::dict("level"),
            Column::new("period_label", Text),
            Column::new("period_from", Date),
            Column::new("period_to", Date),
            Column::new("pages", Int),
            Column::new("bytes", Int),
            Column::new("figures", Int),
            Column::new("errors", Int),
            Column::new("warnings", Int),
            Column::new("read_errors", Text),
        ],
    }
}

fn count(doc: &DocumentOutput, s: Severity) -> i64 {
    doc.findings.iter().filter(|f| f.severity == s).count() as i64
}

pub fn document_row(doc: &DocumentOutput) -> Vec<Cell> {
    let d = &doc.document;
    let p = d.period.clone().unwrap_or_default();
    vec![
        Cell::text(&doc.source.path),
        Cell::text(&doc.source.sha256),
        Cell::text(doc.source.format.as_str()),
        Cell::text(d.kind.as_str()),
        Cell::opt(d.number.as_deref()),
        Cell::date(d.date.as_deref()),
        Cell::opt(d.issuer.as_deref()),
        Cell::opt(d.level.as_deref()),
        Cell::opt(p.label.as_deref()),
        Cell::date(p.from.as_deref()),
        Cell::date(p.to.as_deref()),
        Cell::Int(doc.source.pages as i64),
        Cell::Int(doc.source.bytes as i64),
        Cell::Int(doc.figures.len() as i64),
        Cell::Int(count(doc, Severity::Error)),
        Cell::Int(count(doc, Severity::Warning)),
        if doc.errors.is_empty() {
            Cell::Null
        } else {
            Cell::Text(
                doc.errors
                    .iter()
                    .map(|e| e.kind.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
            )
        },
    ]
}

/// One row per figure.
pub fn figures() -> Table {
    use Kind::*;
    Table {
        name: "figures",
        columns: vec![
            Column::new("path", Text),
            Column::new("sha256", Text),
            Column::new("issuer", Text),
            Column::dict("level"),
            Column::new("period_from", Date),
            Column::new("period_to", Date),
            Column::new("id", Text),
            Column::dict("indicator"),
            Column::new("value", Float),
            Column::dict("unit"),
            Column::dict("role"),
            Column::dict("qualifier"),
            Column::new("scope", Text),
            Column::new("section", Text),
            Column::new("figure_period_from", Date),
            Column::new("figure_period_to", Date),
            Column::new("page", Int),
            Column::new("line", Int),
            Column::new("cell", Text),
            Column::new("raw", Text),
            Column::new("decimals", Int),
            Column::new("text", Text),
            Column::dict("rule"),
        ],
    }
}

/// The cells that say which document a row is about: path, sha256,
/// issuer, level, period_from, period_to.
pub fn document_key(doc: &DocumentOutput) -> Vec<Cell> {
    let d = &doc.document;
    let p = d.period.clone().unwrap_or_default();
    vec![
        Cell::text(&doc.source.path),
        Cell::text(&doc.source.sha256),
        Cell::opt(d.issuer.as_deref()),
        Cell::opt(d.level.as_deref()),
        Cell::date(p.from.as_deref()),
        Cell::date(p.to.as_deref()),
    ]
}

pub fn figure_rows(doc: &DocumentOutput) -> Vec<Vec<Cell>> {
    doc.figures
        .iter()
        .map(|f| {
            let fp = f.period.clone().unwrap_or_default();
            let value = if f.unit == "percent" {
                Cell::Percent(f.value, f.decimals)
            } else if f.value.is_finite() {
                Cell::Float(f.value)
            } else {
                Cell::Null
            };
            let mut row = document_key(doc);
            row.extend([
                Cell::text(&f.id),
                Cell::text(&f.indicator),
                value,
                Cell::text(&f.unit),
                Cell::text(f.role.as_str()),
                Cell::opt(f.qualifier.map(|q| q.as_str())),
                Cell::opt(f.scope.as_deref()),
                Cell::opt(f.section.as_deref()),
                Cell::date(fp.from.as_deref()),
                Cell::date(fp.to.as_deref()),
                Cell::Int(f.span.page as i64),
                Cell::Int(f.span.line as i64),
                Cell::opt(doc.cell_of(f)),
                Cell::text(&f.raw),
                Cell::Int(i64::from(f.decimals)),
                Cell::text(&f.text),
                Cell::text(&f.rule),
            ]);
            row
        })
        .collect()
}

/// One row per finding.
pub fn findings() -> Table {
    use Kind::*;
    Table {
        name: "findings",
        columns: vec![
            Column::new("path", Text),
            Column::new("sha256", Text),
            Column::dict("rule"),
            Column::dict("severity"),
            Column::new("message", Text),
            Column::new("figures", Text),
            Column::new("stated", Float),
            Column::new("computed", Float),
            Column::new("line", Int),
            Column::new("cell", Text),
        ],
    }
}

pub fn finding_rows(doc: &DocumentOutput) -> Vec<Vec<Cell>> {
    doc.findings
        .iter()
        .map(|f| {
            let first = f
                .figures
                .first()
                .and_then(|id| doc.figures.iter().find(|g| &g.id == id));
            let line = first
                .map(|g| g.span.line)
                .or_else(|| f.spans.first().map(|s| s.span.line));
            let num = |v: Option<f64>| v.filter(|x| x.is_finite()).map_or(Cell::Null, Cell::Float);
            vec![
                Cell::text(&doc.source.path),
                Cell::text(&doc.source.sha256),
                Cell::text(&f.rule),
                Cell::text(f.severity.as_str()),
                Cell::text(&f.message),
                Cell::Text(f.figures.join(" ")),
                num(f.stated),
                num(f.computed),
                line.map_or(Cell::Null, |l| Cell::Int(l as i64)),
                Cell::opt(first.and_then(|g| doc.cell_of(g))),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_become_days() {
        assert_eq!(days_from_iso("1970-01-01"), Some(0));
        assert_eq!(days_from_iso("2024-03-15"), Some(19_797));
        assert_eq!(days_from_iso("2024-03-15T10:00"), Some(19_797));
        assert_eq!(days_from_iso("15/03/2024"), None);
        assert_eq!(days_from_iso("2024"), None);
        assert_eq!(Cell::date(Some("quý I")), Cell::text("quý I"));
    }

    #[test]
    fn rows_match_their_tables() {
        let mut f = crate::validate::relations::example_figure("f1", "dossiers.on_time_rate", 92.5);
        f.decimals = 1;
        let doc = DocumentOutput {
            schema: 1,
            source: Default::default(),
            document: Default::default(),
            figures: vec![f],
            findings: vec![],
            errors: vec![],
            cells: Default::default(),
        };
        assert_eq!(document_row(&doc).len(), documents().columns.len());
        let rows = figure_rows(&doc);
        assert_eq!(rows[0].len(), figures().columns.len());
        assert_eq!(rows[0][8], Cell::Percent(92.5, 1));
        assert!(finding_rows(&doc).is_empty());
    }
}
