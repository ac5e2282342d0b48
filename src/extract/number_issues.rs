//! Extract stage, validator's raw material: **number issues** — numbers
//! that cannot be read with confidence. A malformed digit grouping
//! ("1.8835.779.000") is reported, never guessed; a decimal separator that
//! disagrees with the rest of the document ("78.8" among "83,9" and "52,5")
//! is reported with the reading used; a yes/no field ("Có=1; Không=0")
//! holding another value is reported too.

use std::sync::OnceLock;

use regex::Regex;

use crate::extract::{NumberIssue, NumberIssueKind};
use crate::numbers::{parse_number, NumberError};
use crate::segment::Segmented;

fn token_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"\d(?:[\d.,]*\d)?").expect("valid regex"))
}

fn yes_no_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?i)Có\s*=\s*1\s*[;,]\s*Không\s*=\s*[01]").expect("valid regex"))
}

/// Which decimal mark the document uses: ',' unless '.' decimals ("78.8")
/// clearly outnumber ',' decimals ("99,8").
pub fn decimal_mark(text: &str) -> char {
    let (mut comma, mut dot) = (0usize, 0usize);
    for m in token_re().find_iter(text) {
        let s = m.as_str();
        if s.matches(',').count() == 1 && !s.contains('.') {
            comma += 1;
        } else if s.matches('.').count() == 1 && !s.contains(',') {
            let frac = s.split_once('.').map_or(0, |(_, f)| f.len());
            if frac != 3 && !at_line_start(text, m.start()) {
                dot += 1;
            }
        }
    }
    if dot > 2 * comma + 2 {
        '.'
    } else {
        ','
    }
}

/// Numbering of headings and table rows ("2.1.", "3.1.1") is not a number.
fn at_line_start(text: &str, start: usize) -> bool {
    // Backwards until the line start or the first other character: linear
    // in what is looked at, not in the size of the text before.
    text[..start]
        .chars()
        .rev()
        .take_while(|&c| c != '\n')
        .all(|c| c.is_whitespace() || matches!(c, '(' | '-' | '+' | '*' | '|' | '\t'))
}

/// A number used as a quantity: followed by a unit or '%', a '/', or after
/// "đạt", "là", ':'. Section numbers, versions and list labels are not.
fn quantity_context(text: &str, start: usize, end: usize) -> bool {
    let after = text[end..].trim_start_matches([' ', '\u{a0}']);
    let after_l: String = after.chars().take(12).collect::<String>().to_lowercase();
    let unit = [
        "%", "/", "đ", "điểm", "hồ sơ", "triệu", "tỷ", "nghìn", "ngàn", "người", "phiếu", "tthc",
    ];
    if unit.iter().any(|u| after_l.starts_with(u)) {
        return true;
    }
    let before: String = text[..start]
        .chars()
        .rev()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<String>()
        .to_lowercase();
    let b = before.trim_end();
    b.ends_with("đạt") || b.ends_with(" là") || b.ends_with("bằng") || b.ends_with(':')
}

/// Scan every number-like token of the text.
pub fn find_number_issues(text: &str, seg: &Segmented) -> Vec<NumberIssue> {
    let mark = decimal_mark(text);
    let mut out = Vec::new();
    for m in token_re().find_iter(text) {
        let s = m.as_str();
        if at_line_start(text, m.start())
            || s.contains(',') && s.contains('.') && s.rfind(',') < s.rfind('.')
        {
            continue;
        }
        // Glued to a slash date or a document number ("15/02/2023", "12/QĐ").
        let prev = text[..m.start()].chars().next_back();
        if prev.is_some_and(|c| c == '/' || c == '-' || c.is_alphabetic()) {
            continue;
        }
        if text[m.end()..].starts_with('/') && !quantity_context(text, m.start(), m.end()) {
            continue;
        }
        let dots = s.matches('.').count();
        let frac = s.rsplit_once('.').map_or(0, |(_, f)| f.len());
        let dot_decimal = dots == 1 && !s.contains(',') && frac != 3;
        if dot_decimal {
            // "(1.1/1.2)" is a formula naming table rows, not a quantity.
            if mark == ','
                && prev != Some('(')
                && frac <= 2
                && quantity_context(text, m.start(), m.end())
            {
                out.push(NumberIssue {
                    raw: s.to_string(),
                    span: seg.span(m.start(), m.end()),
                    problem: format!(
                        "'{s}' uses '.' as its decimal mark, but the rest of the document uses ',' (read as {})",
                        s.replace('.', ",")
                    ),
                    kind: NumberIssueKind::DecimalSeparator,
                    reading: None,
                });
            }
            continue;
        }
        // Outline numbers and versions ("3.3.1", "2.17.1.1", "11.3.0") have
        // no group of three digits; a grouped amount gone wrong does.
        let int = s.split(',').next().unwrap_or(s);
        let grouped = int.split('.').skip(1).any(|g| g.len() == 3);
        if let Err(NumberError::MalformedGrouping { .. }) = parse_number(s) {
            if grouped && (dots >= 2 || quantity_context(text, m.start(), m.end())) {
                out.push(NumberIssue {
                    raw: s.to_string(),
                    span: seg.span(m.start(), m.end()),
                    problem: grouping_problem(s),
                    kind: NumberIssueKind::MalformedGrouping,
                    reading: None,
                });
            }
        }
    }
    out.extend(yes_no_fields(text, seg));
    out
}

fn grouping_problem(s: &str) -> String {
    let int = s.split(',').next().unwrap_or(s);
    let groups: Vec<&str> = int.split('.').collect();
    let bad = groups
        .iter()
        .enumerate()
        .find(|(i, g)| if *i == 0 { g.len() > 3 } else { g.len() != 3 })
        .map(|(_, g)| *g)
        .unwrap_or("");
    let n = bad.chars().count();
    let what = match n {
        1 => "a group of one digit".to_string(),
        2 => "a group of two digits".to_string(),
        4 => "a group of four digits".to_string(),
        _ => format!("a group of {n} digits"),
    };
    format!(
        "'{s}' is not a well-formed number ({what}, '{bad}'; groups after a '.' have three digits)"
    )
}

/// "Có=1; Không=0" followed (in the next cells) by a value other than 0 or 1.
fn yes_no_fields(text: &str, seg: &Segmented) -> Vec<NumberIssue> {
    let mut out = Vec::new();
    for m in yes_no_re().find_iter(text) {
        // The value is the next non-blank cell: the rest of the line or the
        // following lines (one cell per line in converted tables).
        let rest = &text[m.end()..];
        let mut offset = m.end();
        for cell in rest.split_inclusive(['\n', '|', '\t']).take(6) {
            let t = cell.trim_matches(|c: char| c.is_whitespace() || c == '|' || c == '\u{a0}');
            if t.is_empty() {
                offset += cell.len();
                continue;
            }
            if t.bytes().all(|b| b.is_ascii_digit()) && t.len() <= 6 {
                let lead = cell.find(t).unwrap_or(0);
                let start = offset + lead;
                if t.parse::<u64>().is_ok_and(|v| v > 1) {
                    out.push(NumberIssue {
                        raw: t.to_string(),
                        span: seg.span(start, start + t.len()),
                        problem: match field_name(text, m.start()) {
                            Some(name) => format!(
                                "the yes/no field '{name}' (Có=1; Không=0) holds {t}, which is neither 1 nor 0"
                            ),
                            None => format!(
                                "a yes/no field (Có=1; Không=0) holds {t}, which is neither 1 nor 0"
                            ),
                        },
                        kind: NumberIssueKind::YesNo,
                        reading: None,
                    });
                }
            }
            break;
        }
    }
    out
}

/// The row name before a "Có=1; Không=0" cell: the closest earlier
/// non-blank line (or cell) with letters.
fn field_name(text: &str, marker: usize) -> Option<String> {
    text[..marker]
        .rsplit(['\n', '|', '\t'])
        .map(|c| c.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}'))
        .filter(|c| !c.is_empty())
        .take(2)
        .find(|c| c.chars().any(char::is_alphabetic))
        .map(|c| c.chars().take(80).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issues(t: &str) -> Vec<NumberIssue> {
        let seg = crate::segment::segment(t, &[0]);
        find_number_issues(t, &seg)
    }

    #[test]
    fn malformed_grouping_is_reported() {
        let t = "bằng 52,73% (1.8835.779.000đ/3.481.646.730đ)so với cùng kỳ";
        let v = issues(t);
        assert_eq!(v.len(), 1, "{v:#?}");
        assert_eq!(v[0].raw, "1.8835.779.000");
        assert_eq!(v[0].kind, NumberIssueKind::MalformedGrouping);
        assert!(v[0].problem.contains("four digits"), "{}", v[0].problem);
    }

    #[test]
    fn headings_dates_and_good_numbers_are_fine() {
        let t = "2.1. Về nhận thức số\n3.1.1. Căn cứ ngày 15/02/2023, 3.954 hồ sơ, đạt 99,8%; mức độ 3,4; ISO 9001:2015; mục | 3.3.1 |; phiên bản 7.4.7.2";
        assert!(issues(t).is_empty(), "{:#?}", issues(t));
    }

    #[test]
    fn dot_decimal_among_comma_decimals() {
        let t = "Đạt 83,9/100 điểm, đạt 52,5%. Đạt 78.8/150 điểm.";
        let v = issues(t);
        assert_eq!(v.len(), 1, "{v:#?}");
        assert_eq!(v[0].kind, NumberIssueKind::DecimalSeparator);
        assert_eq!(v[0].raw, "78.8");
    }

    #[test]
    fn yes_no_field_with_another_value() {
        let t = "3.1\n\nĐã được kiểm tra\n\nCó=1; Không=0\n\n0\n\n3.2\n\nĐã tự kiểm tra\n\nCó=1; Không=1\n\n3\n";
        let v = issues(t);
        assert_eq!(v.len(), 1, "{v:#?}");
        assert_eq!(v[0].kind, NumberIssueKind::YesNo);
        assert_eq!(&t[v[0].span.start..v[0].span.end], "3");
    }
}
