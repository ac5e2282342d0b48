//! Whether a figure is a result, a goal or a comparison point (extract stage).
//!
//! - The sentence decides first: "phấn đấu", "chỉ tiêu", "mục tiêu", "đến năm
//!   2025" make a goal (`target`); results wording ("kết quả", "đã", "bị trừ",
//!   "xếp loại") makes a result (`actual`).
//! - Then the headings above it, innermost first: "KẾT QUẢ…", "TỒN TẠI…",
//!   "ĐÁNH GIÁ…" are results; "MỤC TIÊU", "CHỈ TIÊU", "PHƯƠNG HƯỚNG",
//!   "NHIỆM VỤ", "GIẢI PHÁP" are goals.
//! - Otherwise the document kind: a kế hoạch states goals, anything else
//!   states results. So a kế hoạch that reports last year's results under a
//!   "tồn tại, hạn chế" heading (seed 004) keeps them `actual`.
//! - "giảm từ A xuống còn B": A is the `baseline` (see [`change_after`]).

use std::sync::OnceLock;

use regex::Regex;

use crate::model::{DocKind, DocMeta, Role};
use crate::segment::Segmented;

pub struct Context<'a> {
    pub meta: &'a DocMeta,
    pub seg: &'a Segmented,
    pub mt: &'a str,
    pub unit_start: usize,
    pub unit_end: usize,
}

fn target_words() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)phấn\s+đấu|phân\s+đấu|chỉ\s+tiêu|mục\s+tiêu|đến\s+năm\s+20[0-9]{2}|từ\s+năm\s+20[0-9]{2}|hết\s+năm\s+20[0-9]{2}|dự\s+kiến|kế\s+hoạch\s+đề\s+ra|định\s+hướng|hàng\s+năm|hằng\s+năm|phải\s+đạt|cần\s+đạt|bảo\s+đảm\s+đạt|đảm\s+bảo\s+đạt",
        )
        .expect("static regex")
    })
}

fn actual_words() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)kết\s+quả\s+(?:năm|quý|thực\s+hiện|đạt|đánh\s+giá)|đã\s+(?:đạt|tiếp\s+nhận|giải\s+quyết|thực\s+hiện|hoàn\s+thành|số\s+hóa|lấy)|bị\s+trừ|xếp\s+(?:loại|hạng|thứ)|nguyên\s+nhân|tồn\s+tại|so\s+với\s+(?:năm|cùng\s+kỳ)|lũy\s+kế|tính\s+đến\s+ngày|đạt\s+[0-9]+(?:[.,][0-9]+)?\s*(?:điểm\s*)?/\s*[0-9]",
        )
        .expect("static regex")
    })
}

fn heading_actual() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)kết\s+quả|tồn\s+tại|hạn\s+chế|đánh\s+giá|tình\s+hình|thực\s+trạng")
            .expect("static regex")
    })
}

fn heading_target() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)mục\s+tiêu|chỉ\s+tiêu|phương\s+hướng|nhiệm\s+vụ|giải\s+pháp|kế\s+hoạch|định\s+hướng",
        )
        .expect("static regex")
    })
}

impl Context<'_> {
    /// The role of a number at `offset` inside the current unit.
    pub fn role_at(&self, offset: usize) -> Role {
        let (s, e) = sentence_around(self.mt, self.unit_start, self.unit_end, offset);
        let unit = self.mt.get(s..e).unwrap_or("");
        let target = target_words().is_match(unit);
        let actual = actual_words().is_match(unit);
        match (target, actual) {
            (true, false) => return Role::Target,
            (false, true) => return Role::Actual,
            _ => {}
        }
        if let Some(role) = self.table_role(offset) {
            return role;
        }
        // Headings, innermost first.
        let mut heads: Vec<_> = self
            .seg
            .sections
            .iter()
            .filter(|s| s.start <= offset && offset < s.end)
            .collect();
        heads.sort_by_key(|s| std::cmp::Reverse(s.start));
        for h in heads {
            // A list item "c) Tỷ lệ … đạt trên 90%" is a heading whose line is
            // the figure's own sentence: its words were read above already.
            let line_end = self.mt[h.start..]
                .find('\n')
                .map_or(self.mt.len(), |i| h.start + i);
            if offset < line_end || h.title.len() > 160 {
                continue;
            }
            if heading_actual().is_match(&h.title) {
                return Role::Actual;
            }
            if heading_target().is_match(&h.title) {
                return Role::Target;
            }
        }
        if target {
            return Role::Target;
        }
        match self.meta.kind {
            DocKind::KeHoach => Role::Target,
            _ => Role::Actual,
        }
    }
}

/// The sentence around `offset` inside a unit: from the last ". ", "; ",
/// line break or table cell boundary before it to the next one after it
/// (decimal commas and thousands dots are not boundaries because no space
/// follows them). A table cell that is a sentence of its own ("100% kết quả
/// … được ký số" beside a goal cell) is read alone; a bare value cell
/// ("Trên 90%") takes its row's label cells with it.
pub fn sentence_around(mt: &str, start: usize, end: usize, offset: usize) -> (usize, usize) {
    let end = end.min(mt.len());
    let offset = offset.clamp(start, end);
    let bytes = mt.as_bytes();
    let is_break = |i: usize, cells: bool| {
        matches!(bytes[i], b'.' | b';' | b'!' | b'?')
            && (i + 1 >= bytes.len() || matches!(bytes[i + 1], b' ' | b'\n' | b'\t'))
            || bytes[i] == b'\n'
            || (cells && bytes[i] == b'\t')
    };
    let back = |cells: bool| {
        let mut s = offset;
        while s > start && !is_break(s - 1, cells) {
            s -= 1;
        }
        s
    };
    let mut s = back(true);
    let mut e = offset;
    while e < end && !is_break(e, true) {
        e += 1;
    }
    let words = mt[s..e]
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 1)
        .count();
    if words < 4 {
        s = back(false);
    }
    (s, e)
}

impl Context<'_> {
    /// Inside a table: the column's header ("Chỉ tiêu phấn đấu năm 2024",
    /// "Kết quả thống kê"), then the nearest group row above ("A | MỤC TIÊU
    /// ĐẾN NĂM 2025").
    fn table_role(&self, offset: usize) -> Option<Role> {
        let row = self.seg.row_at(offset)?;
        let table = self.seg.tables.get(row.table)?;
        let cue = |t: &str| match (target_words().is_match(t), heading_actual().is_match(t)) {
            (true, false) => Some(Role::Target),
            (false, true) => Some(Role::Actual),
            _ => None,
        };
        let col = row
            .cells
            .iter()
            .position(|&(a, b)| a <= offset && offset <= b);
        if let Some((a, b)) = col.and_then(|c| table.header.get(c)) {
            if let Some(r) = self.mt.get(*a..*b).and_then(cue) {
                return Some(r);
            }
        }
        // Rows are in text order.
        let me = self.seg.rows.partition_point(|r| r.start < row.start);
        if self.seg.rows.get(me).is_none_or(|r| r.start != row.start) {
            return None;
        }
        for prev in self.seg.rows[table.rows.start..me].iter().rev() {
            let text = self.mt.get(prev.start..prev.end).unwrap_or("");
            let (letters, upper) = text
                .chars()
                .filter(|c| c.is_alphabetic())
                .fold((0usize, 0usize), |(n, u), c| {
                    (n + 1, u + usize::from(c.is_uppercase()))
                });
            // A group row: its words in capitals and no figure of its own.
            if letters > 0 && upper * 10 >= letters * 8 {
                if let Some(r) = cue(text) {
                    return Some(r);
                }
                if !prev.header {
                    return None;
                }
            }
        }
        None
    }
}

fn change_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)^\s*(?:%|điểm|hồ\s+sơ|người|thủ\s+tục|TTHC)?\s*(?:\([^)]{0,40}\)\s*)?,?\s*(?:xuống|lên)\s+(?:còn|mức|đến|tới|thành)?\s*(?:là\s+)?([0-9]+(?:[.,][0-9]+)*)",
        )
        .expect("static regex")
    })
}

fn from_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)(?:^|\s)từ\s*$").expect("static regex"))
}

/// For "… từ A xuống còn B" with A at `vstart..vend`: the span and value of B.
pub fn change_after(
    mt: &str,
    vstart: usize,
    vend: usize,
    unit_end: usize,
) -> Option<(usize, usize, crate::numbers::Number)> {
    let before_start = floor_char(mt, vstart.saturating_sub(12));
    if !from_re().is_match(&mt[before_start..vstart]) {
        return None;
    }
    let after = mt.get(vend..unit_end.max(vend))?;
    let c = change_re().captures(after)?;
    let m = c.get(1)?;
    let n = crate::numbers::parse_number(m.as_str()).ok()?;
    Some((vend + m.start(), vend + m.end(), n))
}

/// The nearest char boundary at or before `i`.
pub(crate) fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_windows_stop_at_sentence_ends_not_decimals() {
        let t = "Theo mục tiêu kế hoạch. Trong năm, số hóa đạt 99,8 %; còn lại 3.954 hồ sơ.";
        let at = t.find("99,8").unwrap();
        let (s, e) = sentence_around(t, 0, t.len(), at);
        assert_eq!(&t[s..e], " Trong năm, số hóa đạt 99,8 %");
        let at = t.find("3.954").unwrap();
        let (s, e) = sentence_around(t, 0, t.len(), at);
        assert_eq!(&t[s..e], " còn lại 3.954 hồ sơ");
    }

    #[test]
    fn a_text_cell_is_its_own_sentence_a_value_cell_is_not() {
        let t = "4\tTối thiểu 70% hồ sơ phấn đấu giải quyết trực tuyến.\t100% kết quả giải quyết TTHC được ký số\t";
        let at = t.find("100%").unwrap();
        let (s, e) = sentence_around(t, 0, t.len(), at);
        assert_eq!(&t[s..e], "100% kết quả giải quyết TTHC được ký số");
        let t = "\t- <i>Phấn đấu tỷ lệ hồ sơ trực tuyến</i>\t<i>Trên 90%</i>\t";
        let at = t.find("90%").unwrap();
        let (s, e) = sentence_around(t, 0, t.len(), at);
        assert_eq!(&t[s..e], t.trim_end_matches('\t'));
    }

    #[test]
    fn change_from_to() {
        let t = "tỷ lệ hồ sơ trễ hạn giảm từ 10,85% xuống còn 1,31% so với";
        let a = t.find("10,85").unwrap();
        let (s, e, n) = change_after(t, a, a + 5, t.len()).unwrap();
        assert_eq!(&t[s..e], "1,31");
        assert_eq!(n.value, 1.31);
        let t2 = "tăng từ 200 hồ sơ lên 250 hồ sơ";
        let a = t2.find("200").unwrap();
        let (s, e, _) = change_after(t2, a, a + 3, t2.len()).unwrap();
        assert_eq!(&t2[s..e], "250");
        let t3 = "tiếp nhận 200 hồ sơ lên hệ thống";
        let a = t3.find("200").unwrap();
        assert!(change_after(t3, a, a + 3, t3.len()).is_none());
    }
}
