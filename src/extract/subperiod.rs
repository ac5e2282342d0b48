//! Sub-periods (extract stage, after the rules, before the validator): a
//! figure whose sentence names another period than the document's ("Trong
//! quý III, phường tiếp nhận 812 hồ sơ" in a 9-month report, "cùng kỳ năm
//! 2023 tiếp nhận 2.200 hồ sơ", "tháng 8") gets its own `period`, so the
//! validator compares it neither with the document's totals nor with the
//! other periods' (relations and cross-mentions hold within one period).
//! The nearest period named before the number wins: "lũy kế 9 tháng tiếp
//! nhận 2.416" after "quý III …;" is the document's period again.

use std::sync::OnceLock;

use regex::Regex;

use crate::model::{DocMeta, Figure, Period};

fn period_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)(?P<ck>cùng\s+kỳ)(?:\s+năm\s+(?P<cy>20[0-9]{2}))?|quý\s+(?P<q>IV|III|II|I|[1-4])(?:\s*(?:năm\s*|/\s*)(?P<qy>20[0-9]{2}))?|(?P<n>6|06|9|09|sáu|chín)\s+tháng(?:\s+(?P<half>đầu|cuối)\s+năm)?(?:\s+(?:năm\s+)?(?P<ny>20[0-9]{2}))?|tháng\s+(?P<mo>1[0-2]|0?[1-9])(?:\s*(?:năm\s*|/\s*)(?P<my>20[0-9]{2}))?|năm\s+(?P<y>20[0-9]{2})",
        )
        .expect("static regex")
    })
}

/// "so với năm 2023", "so cùng kỳ": a comparison, not the figure's period.
fn compared(before: &str) -> bool {
    let t = before.trim_end().to_lowercase();
    t.ends_with("so với") || t.ends_with("so") || t.ends_with("với")
}

fn month_end(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn months(label: String, y: i32, a: u32, b: u32) -> Period {
    Period {
        label: Some(label),
        from: Some(format!("{y:04}-{a:02}-01")),
        to: Some(format!("{y:04}-{b:02}-{:02}", month_end(y, b))),
    }
}

fn shift_year(date: &str, by: i32) -> Option<String> {
    let y: i32 = date.get(..4)?.parse().ok()?;
    let rest = date.get(4..)?;
    let rest = if rest == "-02-29" { "-02-28" } else { rest };
    Some(format!("{:04}{rest}", y + by))
}

/// The period a match names, given the document's.
fn named(c: &regex::Captures, doc: &Period, doc_year: i32) -> Option<Period> {
    let year = |k: &str| c.name(k).and_then(|y| y.as_str().parse::<i32>().ok());
    let label = c
        .get(0)?
        .as_str()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if c.name("ck").is_some() {
        let y = year("cy").unwrap_or(doc_year - 1);
        let by = y - doc_year;
        return Some(Period {
            label: Some(format!("cùng kỳ năm {y}")),
            from: doc.from.as_deref().and_then(|d| shift_year(d, by)),
            to: doc.to.as_deref().and_then(|d| shift_year(d, by)),
        });
    }
    if let Some(q) = c.name("q") {
        let q = match q.as_str().to_uppercase().as_str() {
            "I" | "1" => 1,
            "II" | "2" => 2,
            "III" | "3" => 3,
            _ => 4,
        };
        let y = year("qy").unwrap_or(doc_year);
        return Some(months(label, y, 3 * q - 2, 3 * q));
    }
    if let Some(n) = c.name("n") {
        let y = year("ny").unwrap_or(doc_year);
        let nine = matches!(n.as_str().to_lowercase().as_str(), "9" | "09" | "chín");
        let last = c
            .name("half")
            .is_some_and(|h| h.as_str().to_lowercase() == "cuối");
        return Some(match (nine, last) {
            (true, _) => months(label, y, 1, 9),
            (false, true) => months(label, y, 7, 12),
            (false, false) => months(label, y, 1, 6),
        });
    }
    if let Some(m) = c.name("mo").and_then(|m| m.as_str().parse::<u32>().ok()) {
        let y = year("my").unwrap_or(doc_year);
        return Some(months(label, y, m, m));
    }
    let y = year("y")?;
    // The document's own year is its period (or holds it): no sub-period.
    (y != doc_year).then(|| months(label, y, 1, 12))
}

/// Start of the sentence holding byte `at`: the line start or the last ". ".
fn sentence_start(mt: &str, at: usize) -> usize {
    crate::segment::bounds::sentence_start(mt, at)
}

/// Give each figure whose sentence names another period that period.
pub fn mark_periods(mt: &str, meta: &DocMeta, figures: &mut [Figure]) {
    let Some(doc) = meta.period.as_ref() else {
        return;
    };
    let Some(doc_year) = doc
        .to
        .as_deref()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse::<i32>().ok())
    else {
        return;
    };
    for f in figures.iter_mut() {
        if f.period.is_some() {
            continue;
        }
        let at = if f.value_span.end > f.value_span.start {
            f.value_span.start
        } else {
            f.span.start
        };
        if at > mt.len() || !mt.is_char_boundary(at) {
            continue;
        }
        let from = sentence_start(mt, at);
        let window = &mt[from..at];
        let Some(c) = period_re().captures_iter(window).last() else {
            continue;
        };
        let start = c.get(0).map_or(0, |m| m.start());
        if compared(&window[..start]) {
            continue;
        }
        if let Some(p) = named(&c, doc, doc_year) {
            if p.from != doc.from || p.to != doc.to {
                f.period = Some(p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Role, Span};

    fn doc(from: &str, to: &str) -> DocMeta {
        DocMeta {
            period: Some(Period {
                label: None,
                from: Some(from.into()),
                to: Some(to.into()),
            }),
            ..DocMeta::default()
        }
    }

    fn period_of(t: &str, needle: &str, meta: &DocMeta) -> Option<(String, String)> {
        let start = t.find(needle).unwrap();
        let mut v = vec![Figure {
            id: "f1".into(),
            indicator: "dossiers.received_total".into(),
            value: 0.0,
            unit: "ho_so".into(),
            role: Role::Actual,
            qualifier: None,
            section: None,
            scope: None,
            period: None,
            text: needle.into(),
            span: Span::default(),
            rule: String::new(),
            raw: needle.into(),
            value_span: Span {
                start,
                end: start + needle.len(),
                ..Span::default()
            },
            decimals: 0,
        }];
        mark_periods(t, meta, &mut v);
        v.remove(0).period.map(|p| (p.from.unwrap(), p.to.unwrap()))
    }

    #[test]
    fn a_quarter_inside_a_nine_month_report() {
        let m = doc("2024-01-01", "2024-09-30");
        let t = "Trong quý III, phường tiếp nhận 812 hồ sơ; lũy kế 9 tháng tiếp nhận 2.416 hồ sơ.";
        assert_eq!(
            period_of(t, "812", &m),
            Some(("2024-07-01".into(), "2024-09-30".into()))
        );
        assert_eq!(period_of(t, "2.416", &m), None);
    }

    #[test]
    fn same_period_last_year_and_other_years() {
        let m = doc("2024-01-01", "2024-09-30");
        let t = "cùng kỳ năm 2023 tiếp nhận 2.200 hồ sơ";
        assert_eq!(
            period_of(t, "2.200", &m),
            Some(("2023-01-01".into(), "2023-09-30".into()))
        );
        let t = "Năm 2023, phường tiếp nhận 3.100 hồ sơ";
        assert_eq!(
            period_of(t, "3.100", &m),
            Some(("2023-01-01".into(), "2023-12-31".into()))
        );
        // The document's own year, and a comparison, are no sub-period.
        assert_eq!(
            period_of("Trong năm 2024, tiếp nhận 900 hồ sơ", "900", &m),
            None
        );
        let t = "So với năm 2023, tỷ lệ đúng hạn đạt 99%";
        assert_eq!(period_of(t, "99", &m), None);
    }
}
