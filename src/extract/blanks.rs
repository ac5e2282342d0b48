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

/// The blank patterns, in the order their spans are taken.
const PATTERNS: usize = 4;

/// Pattern `i`, compiled on first use: a document holding none of the
/// characters it needs ([`can_match`]) never pays for it.
fn pattern(i: usize) -> &'static Regex {
    static R: [OnceLock<Regex>; PATTERNS] = [const { OnceLock::new() }; PATTERNS];
    R[i].get_or_init(|| {
        let src = match i {
            // "…/…", ".../..." — a fraction left blank.
            0 => r"(?:…+|\.{3,})\s*/\s*(?:…+|\.{3,})".to_string(),
            // "… hồ sơ", "...%" — a blank before a unit.
            1 => format!(r"(?i)(?:…+|\.{{3,}})\s*{UNITS}\b"),
            // "là …", "đạt: ...", "Tổng số nhiệm vụ: ..." — a blank where a value belongs.
            2 => r"(?i)(?:\blà|\bđạt|:)\s*(?:…+|\.{3,})(?:\s*[;.,\n]|\s*$)".to_string(),
            // "Tỷ lệ …: %", "đạt %" — a bare percent sign.
            _ => r"(?i)(?:tỷ\s+lệ|tỉ\s+lệ|đạt)[^%\n\d]{0,160}?(?::|\bđạt|\blà)\s*%".to_string(),
        };
        Regex::new(&src).expect("valid blank pattern")
    })
}

/// Whether pattern `i` can match `text` at all: the first three need an
/// ellipsis ("…" or "..."), the last a '%' (none of them is changed by
/// case-insensitivity).
fn can_match(i: usize, text: &str) -> bool {
    if i < 3 {
        text.contains('…') || text.contains("...")
    } else {
        text.contains('%')
    }
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
    for i in (0..PATTERNS).filter(|&i| can_match(i, text)) {
        for m in pattern(i).find_iter(text) {
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

    #[test]
    fn every_pattern_compiles_and_needs_what_it_is_skipped_without() {
        for i in 0..PATTERNS {
            let re = pattern(i);
            for t in ["tiếp nhận … hồ sơ", "đạt: ...", "…/…", "Tỷ lệ đạt: %"]
            {
                if re.is_match(t) {
                    assert!(can_match(i, t), "pattern {i} matches {t:?}");
                }
            }
        }
    }

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
