//! The bound a number states (extract stage): "trên/hơn 90%" gt, "tối
//! thiểu/ít nhất/từ … trở lên" ge, "dưới" lt, "tối đa/không quá" le,
//! "khoảng/gần" approx. Only the words right before the number count (so
//! "trên địa bàn … 90%" is not "trên 90%"), plus "trở lên/trở xuống" after.

use std::borrow::Cow;

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
    let before = lowercase(&mt[from..vstart]);
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
    let after = lowercase(&mt[vend..after_end]);
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

/// `str::to_lowercase`, borrowing when nothing changes (the words before
/// a number are mostly lower case) and lower-casing the Vietnamese letters
/// by their UTF-8 bytes instead of searching the Unicode tables: this runs
/// a few times per figure. Any other non-ASCII char goes to the real thing.
pub(crate) fn lowercase(s: &str) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    let mut out = String::new();
    // `s[..done]` is in `out` (when `out` is in use).
    let mut done = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii() && !bytes[i].is_ascii_uppercase() {
            i += 1;
            continue;
        }
        // The char's length, and its last byte when lower-casing changes it
        // (every case pair here differs in the last byte only).
        let (len, lower) = match bytes[i..] {
            [b, ..] if b.is_ascii() => (1, Some(b + 0x20)),
            // U+0080..U+00BF: no case.
            [0xC2, _, ..] => (2, None),
            // Latin-1 "À".."Þ" (not "×") are 0x20 below their lower case.
            [0xC3, b, ..] => (
                2,
                ((0x80..=0x9E).contains(&b) && b != 0x97).then(|| b + 0x20),
            ),
            // "Ă", "Đ", "Ĩ", "Ũ", "Ơ", "Ư" and their lower case.
            [0xC4, b @ (0x82 | 0x90 | 0xA8), ..] | [0xC5, b @ 0xA8, ..] | [0xC6, b @ 0xA0, ..] => {
                (2, Some(b + 1))
            }
            [0xC6, 0xAF, ..] => (2, Some(0xB0)),
            [0xC4, 0x83 | 0x91 | 0xA9, ..] | [0xC5, 0xA9, ..] | [0xC6, 0xA1 | 0xB0, ..] => {
                (2, None)
            }
            // U+1EA0..U+1EFF, the letters with tone marks: upper case at even
            // code points, lower case one above.
            [0xE1, 0xBA, b, ..] if b >= 0xA0 => (3, (b & 1 == 0).then_some(b | 1)),
            [0xE1, 0xBB, b, ..] => (3, (b & 1 == 0).then_some(b | 1)),
            // General punctuation U+2000..U+206F ("–", "…", quotes): no case.
            [0xE2, 0x80, _, ..] => (3, None),
            [0xE2, 0x81, b, ..] if b <= 0xAF => (3, None),
            _ => return Cow::Owned(s.to_lowercase()),
        };
        if let Some(last) = lower {
            let mut c = [0; 3];
            c[..len].copy_from_slice(&bytes[i..i + len]);
            c[len - 1] = last;
            out.reserve(s.len());
            out.push_str(&s[done..i]);
            out.push_str(
                std::str::from_utf8(&c[..len]).expect("a case pair's last bytes are both valid"),
            );
            done = i + len;
        }
        i += len;
    }
    if done == 0 {
        return Cow::Borrowed(s);
    }
    out.push_str(&s[done..]);
    Cow::Owned(out)
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
    fn lowercase_is_str_to_lowercase() {
        let ranges = [
            '\u{0}'..='\u{2FFF}',
            '\u{1E00}'..='\u{1EFF}',
            '\u{FF00}'..='\u{FFFF}',
        ];
        for c in ranges.into_iter().flatten() {
            let s = format!("a{c}");
            assert_eq!(lowercase(&s), s.to_lowercase(), "{c:?}");
            assert_eq!(
                lowercase(&c.to_string()),
                c.to_string().to_lowercase(),
                "{c:?}"
            );
        }
        for s in [
            "Tối Thiểu 70% ĐẠT",
            "ĂÂĐÊÔƠƯ ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ",
            "ΟΔΟΣ ΣΑΣ",
            "İstanbul Kelvin",
            "đã lower",
            "",
        ] {
            assert_eq!(lowercase(s), s.to_lowercase(), "{s}");
        }
        assert!(matches!(lowercase("đạt trên"), Cow::Borrowed(_)));
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
