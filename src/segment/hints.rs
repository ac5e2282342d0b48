//! Part of stage 2 (**segment**): marks of a form still to be filled in —
//! dotted blanks (`: ... nhiệm vụ`, `…/…`), a bare `%` after a label, a date
//! or number left open (`ngày   tháng 12 năm 2023`, `Số: /KH-UBND`). The
//! extract stage turns them into blank fields and decides `is_template`.

use regex::Regex;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlankKind {
    /// "...", "…", "…/…" standing where a value should be.
    Dots,
    /// "Tỷ lệ …: %" — a percent sign with no number.
    BarePercent,
    /// "ngày   tháng 12 năm 2023": a day or month left open.
    OpenDate,
    /// "Số: /KH-UBND": a document number left open.
    OpenNumber,
}

/// One unfilled place in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blank {
    pub start: usize,
    pub end: usize,
    pub kind: BlankKind,
}

fn blank_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            // Dots not glued to a word before them ("tổ chức..." is "etc.").
            r"(?m)(?P<dots>(?:^|[\s:(=])(?:\.{3,}|…+)(?:\s*/\s*(?:\.{3,}|…+))?)(?:[\s,;.)%]|$)",
            r"|(?P<pct>(?:^|[^0-9\s,.)])[ \t]*%)(?:[\s,;.)]|$)",
            r"|(?P<date>(?i:ngày)\s{2,}(?i:tháng)|(?i:ngày)\s+(?i:tháng)\s+(?:[0-9]{1,2}\s+)?(?i:năm))",
            r"|(?P<num>(?i:số)\s*:\s*/\s*[A-ZĐ]{2,})"
        ))
        .expect("blank regex")
    })
}

/// Every blank in `text`, in text order.
pub fn find_blanks(text: &str) -> Vec<Blank> {
    let mut out = Vec::new();
    for caps in blank_re().captures_iter(text) {
        let (m, kind) = if let Some(m) = caps.name("dots") {
            (m, BlankKind::Dots)
        } else if let Some(m) = caps.name("pct") {
            (m, BlankKind::BarePercent)
        } else if let Some(m) = caps.name("date") {
            (m, BlankKind::OpenDate)
        } else if let Some(m) = caps.name("num") {
            (m, BlankKind::OpenNumber)
        } else {
            continue;
        };
        // The leading separator is context, not part of the blank.
        let s = m.as_str();
        let lead = s.len() - s.trim_start_matches([' ', '\t', '\n', ':', '(', '=']).len();
        let start = match kind {
            BlankKind::Dots => m.start() + lead,
            BlankKind::BarePercent => m.end() - 1,
            _ => m.start(),
        };
        out.push(Blank {
            start,
            end: m.end(),
            kind,
        });
    }
    out
}

/// A form or outline to be filled in: many value blanks (dots, bare `%`).
/// An open date or number alone only marks a draft, not a template.
pub fn looks_like_template(blanks: &[Blank]) -> bool {
    blanks
        .iter()
        .filter(|b| matches!(b.kind, BlankKind::Dots | BlankKind::BarePercent))
        .count()
        >= 5
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(t: &str) -> Vec<(BlankKind, &str)> {
        find_blanks(t)
            .into_iter()
            .map(|b| (b.kind, &t[b.start..b.end]))
            .collect()
    }

    #[test]
    fn finds_value_blanks() {
        assert_eq!(
            kinds("+ Tổng số nhiệm vụ trong kế hoạch: ... nhiệm vụ."),
            [(BlankKind::Dots, "...")]
        );
        assert_eq!(
            kinds("+ Tỷ lệ xử lý VBQPPL sau kiểm tra: %\n"),
            [(BlankKind::BarePercent, "%")]
        );
        assert_eq!(kinds("đạt …/… hồ sơ")[0].0, BlankKind::Dots);
    }

    #[test]
    fn prose_ellipsis_and_real_percent_are_not_blanks() {
        assert!(kinds("tập huấn do Tỉnh tổ chức...").is_empty());
        assert!(kinds("đạt 99,8 % và 100%.").is_empty());
        // A formula's unit: "Tỷ lệ sử dụng văn bản điện tử (1.1/1.2)%".
        assert!(kinds("Tỷ lệ sử dụng văn bản điện tử (1.1/1.2)%").is_empty());
    }

    #[test]
    fn open_date_and_number() {
        let k = kinds("Số: /KH-UBND\nHoài Hảo, ngày   tháng 12 năm 2023");
        assert_eq!(k[0].0, BlankKind::OpenNumber);
        assert_eq!(k[1].0, BlankKind::OpenDate);
        assert!(kinds("ngày 08 tháng 9 năm 2023").is_empty());
    }

    #[test]
    fn template_needs_many_value_blanks() {
        let form = "a: ...\nb: ...\nc: %\nd: ...\ne: …\n";
        assert!(looks_like_template(&find_blanks(form)));
        assert!(!looks_like_template(&find_blanks("Số: /KH-UBND")));
    }
}
