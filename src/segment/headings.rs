//! Part of stage 2 (**segment**): numbered headings and the sections they
//! govern, so every figure can say where it was stated ("III.2.c").
//!
//! Levels, outermost first:
//! 0. `PHẦN I`, `Phần thứ hai`, `Phụ lục 1a`, `Phụ biểu 2` (path `PHẦN I`,
//!    `Phụ lục 1a`), and `A.`/`B.` followed by a capitalised title;
//! 1. Roman numerals `I.`, `II.`, `IV -`;
//! 2. Arabic `1.`, `1)`; deeper levels by depth: `1.1.`/`1.1` is level 3,
//!    `1.1.1.` level 4 (the path keeps only the last component under its
//!    parent when the number repeats it: `II` + `2.1.` → `II.2.1`);
//! 3. letters `a)`, `b.`, `đ)` below the deepest arabic level.
//!
//! A heading governs until the next heading of the same or a higher level.
//! **Bullets (`-`, `+`, `*`, `•`) are list items, not sections:** reports use
//! them both for sub-headings and for one-line facts, and a path like
//! `III.2.-` names nothing a reader can find; their lines are ordinary units.

use regex::Regex;
use std::sync::OnceLock;

use super::Section;

/// A heading found on one line.
#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    /// Where the heading line starts (its label).
    pub start: usize,
    /// End of the label ("III." / "2.1." / "c)").
    pub label_end: usize,
    /// End of the heading line.
    pub line_end: usize,
    /// 0 = part/appendix, 1 = roman, 2.. = arabic by depth, 10 = letter.
    pub level: u8,
    /// Path components this heading adds ("2", "1" for `2.1.`).
    pub labels: Vec<String>,
    pub title: String,
}

fn heading_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"^(?:",
            r"(?P<part>(?i:phần)\s+(?:[IVX]{1,5}|[0-9]{1,2}|thứ\s+\w+))\b[.:\s–-]*",
            r"|(?P<annex>(?i:phụ lục|phụ biểu)\s*(?:số\s*)?[0-9IVX]{0,4}[a-z]?)(?:[.:\s–-]+|$)",
            r"|(?P<upper>[A-D])\.\s+",
            r"|(?P<roman>[IVX]{1,5})\s*[.\-–/]\s*",
            r"|(?P<arabic>[0-9]{1,2}(?:\.[0-9]{1,2}){0,4})(?:\.\s*|\)\s*|\s+)",
            r"|(?P<letter>[a-zđ])\)\s*",
            r")(?P<title>.*)$"
        ))
        .expect("heading regex")
    })
}

/// The heading on `text[start..end]` (one line), if it is one.
pub fn parse_heading(text: &str, start: usize, end: usize) -> Option<Heading> {
    let raw = &text[start..end];
    let lead = raw.len() - raw.trim_start().len();
    let line = raw.trim_start();
    let caps = heading_re().captures(line)?;
    let title_m = caps.name("title")?;
    let title = title_m.as_str().trim();
    let first = title.chars().next();
    let capital = first.is_some_and(|c| c.is_uppercase() || matches!(c, '(' | '"' | '“'));
    let at = start + lead;
    let label_end = at + title_m.start();
    let mk = |level: u8, labels: Vec<String>| Heading {
        start: at,
        label_end,
        line_end: end,
        level,
        labels,
        title: short_title(title),
    };
    if let Some(m) = caps.name("part") {
        return Some(mk(0, vec![norm_space(m.as_str())]));
    }
    if let Some(m) = caps.name("annex") {
        return Some(mk(0, vec![norm_space(m.as_str())]));
    }
    if let Some(m) = caps.name("upper") {
        let all_caps = title
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        return (capital && all_caps && !title.is_empty())
            .then(|| mk(0, vec![m.as_str().to_string()]));
    }
    if let Some(m) = caps.name("roman") {
        return (capital && !title.is_empty()).then(|| mk(1, vec![m.as_str().to_string()]));
    }
    if let Some(m) = caps.name("arabic") {
        let parts: Vec<String> = m.as_str().split('.').map(str::to_string).collect();
        let whole = caps.get(0).map_or("", |c| c.as_str());
        let after_num = &whole[m.end()..];
        // "1 Something" (no dot) is a heading only with a sub-number ("2.1 Xxx").
        if after_num.starts_with(char::is_whitespace) && parts.len() < 2 {
            return None;
        }
        if !capital
            || parts
                .iter()
                .any(|p| p.parse::<u32>().map_or(true, |n| n > 60))
        {
            return None;
        }
        return Some(mk(1 + parts.len() as u8, parts));
    }
    if let Some(m) = caps.name("letter") {
        return (!title.is_empty()).then(|| mk(10, vec![m.as_str().to_string()]));
    }
    None
}

fn norm_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The heading's own words, cut at the first sentence end and kept short.
fn short_title(title: &str) -> String {
    // "c) Tỷ lệ số hóa … đạt trên 90%; tỷ lệ …": a list item of several
    // clauses has a number and a path but no title; its words are body text
    // (a title is read for its role words: "Kết quả…", "Chỉ tiêu…").
    if title.len() > 200 || title.contains("; ") {
        return String::new();
    }
    let cut = title
        .find(": ")
        .or_else(|| title.find(". "))
        .unwrap_or(title.len());
    let t = title[..cut].trim_end_matches([':', '.', ';', ' ']);
    match t.char_indices().nth(160) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t.to_string(),
    }
}

/// Sections from headings in text order; `text_len` closes the last ones.
pub fn sections(headings: &[Heading], text_len: usize) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    // Open sections: (level, index into out, labels it added).
    let mut stack: Vec<(u8, usize, Vec<String>)> = Vec::new();
    for h in headings {
        while stack.last().is_some_and(|(lvl, _, _)| *lvl >= h.level) {
            let (_, idx, _) = stack.pop().expect("non-empty");
            out[idx].end = h.start;
        }
        let mut labels = h.labels.clone();
        // "2.1." under "2." repeats the parent's number: keep the new part.
        if h.labels.len() > 1 {
            if let Some((_, _, parent)) = stack.iter().rev().find(|(l, _, _)| (2..10).contains(l)) {
                if h.labels.starts_with(parent) {
                    labels = h.labels[parent.len()..].to_vec();
                } else {
                    // "2.1." where the enclosing arabic section is "1.": the
                    // number is its own full path below the roman level.
                    while stack.last().is_some_and(|(l, _, _)| (2..10).contains(l)) {
                        let (_, idx, _) = stack.pop().expect("non-empty");
                        out[idx].end = h.start;
                    }
                }
            }
        }
        let mut path: Vec<String> = stack
            .last()
            .map(|(_, idx, _)| out[*idx].path.clone())
            .into_iter()
            .collect();
        path.extend(labels);
        out.push(Section {
            start: h.start,
            end: text_len,
            path: path.join("."),
            title: h.title.clone(),
        });
        stack.push((h.level, out.len() - 1, h.labels.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(line: &str) -> Option<Heading> {
        parse_heading(line, 0, line.len())
    }

    #[test]
    fn recognises_heading_kinds() {
        let x = h("III. KẾT QUẢ THỰC HIỆN").unwrap();
        assert_eq!((x.level, x.labels.clone()), (1, vec!["III".to_string()]));
        assert_eq!(x.title, "KẾT QUẢ THỰC HIỆN");
        assert_eq!(h("2.1. Đánh giá").unwrap().labels, ["2", "1"]);
        assert_eq!(h("2.1 Đánh giá").unwrap().level, 3);
        assert_eq!(h("1. Mục đích").unwrap().level, 2);
        assert_eq!(h("c) Tỷ lệ số hóa").unwrap().labels, ["c"]);
        assert_eq!(h("đ) Khác").unwrap().labels, ["đ"]);
        assert_eq!(h("PHỤ LỤC 1a").unwrap().labels, ["PHỤ LỤC 1a"]);
        assert_eq!(h("PHẦN II. KẾT QUẢ").unwrap().labels, ["PHẦN II"]);
        assert_eq!(h("  2. Nâng cao hiệu quả").unwrap().start, 2);
    }

    #[test]
    fn list_items_of_several_clauses_have_no_title() {
        let x = h("c) Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt trên 90%; tỷ lệ cấp kết quả đạt 100%.").unwrap();
        assert_eq!(
            (x.labels.clone(), x.title.as_str()),
            (vec!["c".to_string()], "")
        );
        let x = h("1.1. Kết quả công tác chỉ đạo điều hành CCHC: đạt 14/17 điểm, bị trừ 03 điểm.")
            .unwrap();
        assert_eq!(x.title, "Kết quả công tác chỉ đạo điều hành CCHC");
    }

    #[test]
    fn rejects_non_headings() {
        for l in [
            "3.954 hồ sơ được tiếp nhận",
            "2023. trong năm",
            "- Tiếp tục",
            "* Kết quả",
            "I",
            "Ủy ban nhân dân",
            "100. Một trăm",
            "1 Tổng số",
        ] {
            assert!(h(l).is_none(), "{l}");
        }
    }

    fn paths(text: &str) -> Vec<String> {
        let mut hs = Vec::new();
        let mut s = 0;
        for line in text.split('\n') {
            if let Some(x) = parse_heading(text, s, s + line.len()) {
                hs.push(x);
            }
            s += line.len() + 1;
        }
        sections(&hs, text.len())
            .into_iter()
            .map(|s| s.path)
            .collect()
    }

    #[test]
    fn paths_nest_and_close() {
        let t = "I. A\n1. B\na) C\nb) D\n2. E\nII. F\n2.1. G\n2.2. H\nIII. K\n1. L\n1.1. M\nc) N";
        assert_eq!(
            paths(t),
            [
                "I",
                "I.1",
                "I.1.a",
                "I.1.b",
                "I.2",
                "II",
                "II.2.1",
                "II.2.2",
                "III",
                "III.1",
                "III.1.1",
                "III.1.1.c"
            ]
        );
    }

    #[test]
    fn section_ends_at_next_same_or_higher_level() {
        let t = "I. A\n1. B\ntext\nII. C\nend";
        let mut hs = Vec::new();
        let mut s = 0;
        for line in t.split('\n') {
            if let Some(x) = parse_heading(t, s, s + line.len()) {
                hs.push(x);
            }
            s += line.len() + 1;
        }
        let secs = sections(&hs, t.len());
        assert_eq!(secs[0].end, t.find("II.").unwrap());
        assert_eq!(secs[1].end, t.find("II.").unwrap());
        assert_eq!(secs[2].end, t.len());
    }
}
