//! Part of stage 1 (**ingest**), spreadsheets: one cell's value as the text
//! the rest of the pipeline reads.
//!
//! A typed number is written so that cchc's Vietnamese number reading gets
//! the exact value back, whatever the workbook's locale: a decimal comma and
//! no digit grouping (1234.5 → "1234,5", 12252000000 → "12252000000"), at
//! the 15 significant digits a spreadsheet keeps (a cached 0.1 + 0.2 is
//! "0,3"). A cell formatted as a percentage shows its value × 100 with "%"
//! (0.875 → "87,5%"), as the reader of the workbook sees it. Dates are
//! written dd/mm/yyyy, text as it is (line breaks and tabs inside a cell
//! become spaces, so a row stays one line).

/// What one cell holds, independent of the file format.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Empty,
    /// A typed number; `percent` when the cell's number format shows it as
    /// a percentage.
    Number {
        value: f64,
        percent: bool,
    },
    Text(String),
    Bool(bool),
    /// A calendar date (year, month, day).
    Date(i32, u32, u32),
    /// An error value ("#DIV/0!"), written as the spreadsheet shows it.
    Error(String),
}

impl Value {
    /// The cell as text (empty for an empty cell).
    pub fn to_text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Number { value, percent } => {
                if *percent {
                    format!("{}%", number_text(value * 100.0))
                } else {
                    number_text(*value)
                }
            }
            Value::Text(s) => one_line(s),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Date(y, m, d) => format!("{d:02}/{m:02}/{y:04}"),
            Value::Error(e) => e.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// A number in Vietnamese notation without grouping: decimal comma, at 15
/// significant digits; integers as integers.
pub fn number_text(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let rounded: f64 = format!("{v:.14e}").parse().unwrap_or(v);
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        format!("{}", rounded as i64)
    } else {
        // Rust's Display never uses exponent notation.
        format!("{rounded}").replace('.', ",")
    }
}

/// Text on one line: line breaks and tabs inside a cell are spaces.
fn one_line(s: &str) -> String {
    s.split(['\n', '\r', '\t'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Does an Excel number format show a percentage ("0%", "0.00%", but not a
/// literal "\%" or "%" in quotes)?
pub fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// Civil date of days since 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((y + i64::from(m <= 2)) as i32, m, d)
}

/// "2024-03-15" or "2024-03-15T10:00:00" (OpenDocument dates).
pub fn iso_date(s: &str) -> Option<(i32, u32, u32)> {
    let d = s.get(..10)?;
    let mut it = d.split('-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let day = it.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&day)).then_some((y, m, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_back_exactly() {
        assert_eq!(number_text(1234.5), "1234,5");
        assert_eq!(number_text(12_252_000_000.0), "12252000000");
        assert_eq!(number_text(0.1 + 0.2), "0,3");
        assert_eq!(number_text(-5.0), "-5");
        assert_eq!(number_text(99.8), "99,8");
        assert_eq!(number_text(1e-7), "0,0000001");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(f64::NAN), "");
    }

    #[test]
    fn percentages_show_as_the_sheet_shows_them() {
        let p = Value::Number {
            value: 0.875,
            percent: true,
        };
        assert_eq!(p.to_text(), "87,5%");
        let p = Value::Number {
            value: 0.123,
            percent: true,
        };
        assert_eq!(p.to_text(), "12,3%");
        assert!(is_percent_format("0.00%"));
        assert!(!is_percent_format("0.00\"%\""));
        assert!(!is_percent_format("0\\%"));
        assert!(!is_percent_format("#,##0"));
    }

    #[test]
    fn text_dates_and_errors() {
        assert_eq!(
            Value::Text("Số hồ sơ\nđã giải quyết\t(hồ sơ)".into()).to_text(),
            "Số hồ sơ đã giải quyết (hồ sơ)"
        );
        assert_eq!(Value::Date(2024, 3, 5).to_text(), "05/03/2024");
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_797), (2024, 3, 15));
        assert_eq!(iso_date("2024-03-15T00:00:00"), Some((2024, 3, 15)));
        assert_eq!(iso_date("15/03"), None);
        assert!(Value::Text("  ".into()).is_empty());
    }
}
