//! The bound a number states (extract stage): "trên/hơn 90%" gt, "tối
//! thiểu/ít nhất/từ … trở lên" ge, "dưới" lt, "tối đa/không quá" le,
//! "khoảng/gần" approx. Only the words right before the number count (so
//! "trên địa bàn … 90%" is not "trên 90%"), plus "trở lên/trở xuống" after.

use crate::extract::lower::to_lowercase;
use crate::extract::role::floor_char;
use crate::model::Qualifier;

/// Longer phrases first, so "không dưới" is ge and not lt.
const BEFORE: &[(&str, Qualifier)] = &[
    ("không dưới", Qualifier::Ge),
    ("không thấp hơn", Qualifier::Ge),
    ("không ít hơn", Qualifier::Ge),
    ("tối thiểu", Qualifier::Ge),
    ("ít nhất", Qualifier::Ge),
    ("không vượt quá", Qualifier::Le),
    ("không quá", Qualifier::Le),
    ("không cao hơn", Qualifier::Le),
    ("không lớn hơn", Qualifier::Le),
    ("tối đa", Qualifier::Le),
    ("trên dưới", Qualifier::Approx),
    ("xấp xỉ", Qualifier::Approx),
    ("khoảng", Qualifier::Approx),
    ("gần", Qualifier::Approx),
    ("ước đạt", Qualifier::Approx),
    ("ước khoảng", Qualifier::Approx),
    ("chưa đến", Qualifier::Lt),
    ("chưa tới", Qualifier::Lt),
    ("thấp hơn", Qualifier::Lt),
    ("ít hơn", Qualifier::Lt),
    ("dưới", Qualifier::Lt),
    ("cao hơn", Qualifier::Gt),
    ("nhiều hơn", Qualifier::Gt),
    ("vượt", Qualifier::Gt),
    ("trên", Qualifier::Gt),
    ("hơn", Qualifier::Gt),
];

/// The qualifier of the number at `vstart..vend`, looking no further back
/// than `unit_start`.
pub fn qualifier_at(mt: &str, unit_start: usize, vstart: usize, vend: usize) -> Option<Qualifier> {
    let from = floor_char(mt, vstart.saturating_sub(40).max(unit_start));
    let before = to_lowercase(&mt[from..vstart]);
    let mut b = before.trim_end();
    for filler in [":", "là", "mức", "đạt"] {
        if let Some(s) = b.strip_suffix(filler) {
            if s.is_empty() || s.ends_with(char::is_whitespace) || filler == ":" {
                b = s.trim_end();
            }
        }
    }
    for (phrase, q) in BEFORE {
        if let Some(rest) = b.strip_suffix(phrase) {
            if !rest.chars().next_back().is_some_and(char::is_alphanumeric) {
                return Some(*q);
            }
        }
    }
    let after_end = floor_char(mt, (vend + 40).min(mt.len()));
    // Both words after need a "ở" (U+1EDF, upper case U+1EDE): most numbers
    // have none after them, and then there is nothing to lower-case.
    let o = |w: &[u8]| matches!(w, [0xE1, 0xBB, 0x9E | 0x9F]);
    if !mt.as_bytes()[vend..after_end].windows(3).any(o) {
        return None;
    }
    let after = to_lowercase(&mt[vend..after_end]);
    let a = after.trim_start().trim_start_matches('%').trim_start();
    // "trở lên" right after the number or after one unit word ("5 ngày").
    let skip_one = a
        .split_once(char::is_whitespace)
        .map_or("", |(_, r)| r.trim_start());
    for rest in [a, skip_one] {
        if rest.starts_with("trở lên") {
            return Some(Qualifier::Ge);
        }
        if rest.starts_with("trở xuống") {
            return Some(Qualifier::Le);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str, num: &str) -> Option<Qualifier> {
        let s = text.find(num).unwrap();
        qualifier_at(text, 0, s, s + num.len())
    }

    #[test]
    fn words_before_the_number() {
        assert_eq!(q("đạt trên 90%", "90"), Some(Qualifier::Gt));
        assert_eq!(q("hơn 37 nghìn hồ sơ", "37"), Some(Qualifier::Gt));
        assert_eq!(q("tối thiểu 70% hồ sơ", "70"), Some(Qualifier::Ge));
        assert_eq!(q("ít nhất là 01 sáng kiến", "01"), Some(Qualifier::Ge));
        assert_eq!(q("không dưới 80%", "80"), Some(Qualifier::Ge));
        assert_eq!(q("dưới 5%", "5"), Some(Qualifier::Lt));
        assert_eq!(q("tối đa 3 ngày", "3"), Some(Qualifier::Le));
        assert_eq!(q("không quá 2%", "2"), Some(Qualifier::Le));
        assert_eq!(q("khoảng 300 hồ sơ", "300"), Some(Qualifier::Approx));
        assert_eq!(q("gần 400 phiếu", "400"), Some(Qualifier::Approx));
    }

    #[test]
    fn words_after_the_number() {
        assert_eq!(q("đạt từ 90% trở lên", "90"), Some(Qualifier::Ge));
        assert_eq!(q("từ 5 ngày trở xuống", "5"), Some(Qualifier::Le));
    }

    #[test]
    fn words_after_in_capitals() {
        assert_eq!(q("ĐẠT 90% TRỞ LÊN", "90"), Some(Qualifier::Ge));
        assert_eq!(q("5 NGÀY TRỞ XUỐNG", "5"), Some(Qualifier::Le));
    }

    #[test]
    fn no_qualifier() {
        assert_eq!(q("đạt 100%", "100"), None);
        assert_eq!(q("trên địa bàn tiếp nhận 327 hồ sơ", "327"), None);
        assert_eq!(q("nhận thêm 5", "5"), None);
    }
}
