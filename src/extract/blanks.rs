//! Extract stage, validator's raw material: **blank fields** — places where a
//! value should have been written and was not ("tiếp nhận … hồ sơ", "đạt
//! ...%", "…/…", "Tỷ lệ sử dụng văn bản điện tử: %"). The validator warns
//! about them in a report (not in a template, where they are expected).
//! An ellipsis that ends a list ("app Báo cháy 114...") is not a blank: a
//! blank sits where a number belongs, before a unit or after "là", "đạt", ':'.

use std::sync::OnceLock;

use regex::Regex;

use crate::extract::BlankField;
use crate::segment::{bounds, BlankKind, Segmented};

const UNITS: &str = r"(?:%|hồ\s+sơ|TTHC|thủ\s+tục|phiếu|người|nhiệm\s+vụ|văn\s+bản|đồng|triệu|tỷ|điểm|tài\s+khoản|cuộc|lượt|lớp|đơn\s+vị|cơ\s+quan|doanh\s+nghiệp)";

fn patterns() -> &'static [Regex] {
    static R: OnceLock<Vec<Regex>> = OnceLock::new();
    R.get_or_init(|| {
        [
            // "…/…", ".../..." — a fraction left blank.
            r"(?:…+|\.{3,})\s*/\s*(?:…+|\.{3,})".to_string(),
            // "… hồ sơ", "...%" — a blank before a unit.
            format!(r"(?i)(?:…+|\.{{3,}})\s*{UNITS}\b"),
            // "là …", "đạt: ...", "Tổng số nhiệm vụ: ..." — a blank where a value belongs.
            r"(?i)(?:\blà|\bđạt|:)\s*(?:…+|\.{3,})(?:\s*[;.,\n]|\s*$)".to_string(),
            // "Tỷ lệ …: %", "đạt %" — a bare percent sign.
            r"(?i)(?:tỷ\s+lệ|tỉ\s+lệ|đạt)[^%\n\d]{0,160}?(?::|\bđạt|\blà)\s*%".to_string(),
        ]
        .iter()
        .map(|p| Regex::new(p).expect("valid blank pattern"))
        .collect()
    })
}

/// The field's label: the words before the blank on its line, or the row
/// name in the cells before it (one cell per line in converted tables).
fn label_before(text: &str, start: usize) -> String {
    let line = bounds::line_start(text, start);
    let own = &text[line..start];
    let src = if own.chars().any(char::is_alphabetic) {
        own
    } else {
        text[bounds::window_start(text, line)..line]
            .rsplit(['\n', '|', '\t'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .take(3)
            .find(|c| c.chars().any(char::is_alphabetic))
            .unwrap_or("")
    };
    let words: Vec<&str> = src
        .trim_matches(|c: char| c.is_whitespace() || "+-*:".contains(c))
        .split_whitespace()
        .collect();
    let tail = if std::ptr::eq(src, own) {
        &words[words.len().saturating_sub(10)..]
    } else {
        &words[..words.len().min(14)]
    };
    tail.join(" ").trim_end_matches(':').trim().to_string()
}

/// A form to be filled in rather than a report: its own number or date is
/// left open in the header ("Số: /KH-UBND", "ngày   tháng   năm 2024").
pub fn looks_like_template(text: &str, seg: &Segmented) -> bool {
    let header_end = seg.line_starts.get(30).copied().unwrap_or(text.len());
    seg.blanks.iter().any(|b| {
        b.start < header_end && matches!(b.kind, BlankKind::OpenDate | BlankKind::OpenNumber)
    })
}

/// Every unfilled field of the text, in text order.
pub fn find_blanks(text: &str, seg: &Segmented) -> Vec<BlankField> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for re in patterns() {
        for m in re.find_iter(text) {
            // Underline the blank itself ("…", "%"), not the words around it.
            let s = m.as_str();
            let (a, b) = match (s.find('…'), s.find("...")) {
                (Some(i), _) | (None, Some(i)) => {
                    let end = s
                        .rfind('…')
                        .map(|j| j + '…'.len_utf8())
                        .unwrap_or_else(|| s.rfind("...").map_or(s.len(), |j| j + 3));
                    (m.start() + i, m.start() + end.max(i + 1))
                }
                (None, None) => {
                    let i = s.rfind('%').unwrap_or(0);
                    (m.start() + i, m.start() + i + 1)
                }
            };
            if !spans.iter().any(|&(x, y)| x < b && a < y) {
                spans.push((a, b));
            }
        }
    }
    // Table rows whose value cell, right after the unit cell, is empty
    // ("Tỷ lệ hoàn thành Kế hoạch | % | ").
    let mut labels: Vec<(usize, String)> = Vec::new();
    for row in seg.rows.iter().filter(|r| !r.header) {
        let (Some(u), Some(l)) = (row.unit, row.label) else {
            continue;
        };
        let (us, ue) = row.cells[u];
        let empty = |c: &(usize, usize)| {
            text[c.0..c.1]
                .trim_matches(|ch: char| ch.is_whitespace() || ch == '\u{a0}')
                .is_empty()
        };
        // A value column exists when the header has a column after the unit;
        // converted tables may drop an empty last cell altogether.
        let has_value_column = seg
            .tables
            .get(row.table)
            .is_none_or(|t| t.header.is_empty() || t.header.len() > u + 1);
        let value_missing = match row.cells.get(u + 1) {
            Some(c) => empty(c),
            None => has_value_column,
        };
        let unit_text = &text[us..ue];
        if us < ue
            && value_missing
            && !unit_text.contains('=')
            && !spans.iter().any(|&(x, y)| x < ue && us < y)
        {
            spans.push((us, ue));
            let (ls, le) = row.cells[l];
            labels.push((us, text[ls..le].chars().take(100).collect()));
        }
    }
    spans.sort();
    spans
        .into_iter()
        .map(|(a, b)| BlankField {
            span: seg.span(a, b),
            after_unit: labels.iter().any(|(x, _)| *x == a),
            label: labels
                .iter()
                .find(|(x, _)| *x == a)
                .map_or_else(|| label_before(text, a), |(_, l)| l.clone()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blanks(t: &str) -> Vec<String> {
        let seg = crate::segment::segment(t, &[0]);
        find_blanks(t, &seg)
            .into_iter()
            .map(|b| t[b.span.start..b.span.end].to_string())
            .collect()
    }

    #[test]
    fn outline_blanks() {
        assert_eq!(
            blanks("+ Tổng số nhiệm vụ trong kế hoạch: ... nhiệm vụ."),
            ["..."]
        );
        assert_eq!(blanks("- Tỷ lệ sử dụng văn bản điện tử: %"), ["%"]);
        assert_eq!(blanks("đã giải quyết …/… hồ sơ"), ["…/…"]);
        assert_eq!(blanks("tiếp nhận … hồ sơ"), ["…"]);
    }

    #[test]
    fn list_endings_and_filled_values_are_not_blanks() {
        assert!(blanks("app Hạ Long Smart, app Báo cháy 114...; người dân").is_empty());
        assert!(blanks("Tỷ lệ sử dụng văn bản điện tử: 95%").is_empty());
        assert!(blanks("cán bộ, công chức....để đạt điểm tối đa").is_empty());
    }
}
