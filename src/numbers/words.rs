//! Numbers and scales written in words: "không", "mười hai", "hai mươi mốt",
//! "một trăm linh năm", "5,65 ngàn", "1,2 triệu đồng", "tất cả" (= 100 %).

use super::Number;

/// The multiplier of a scale word, optionally followed by a currency word
/// ("ngàn", "nghìn đồng", "triệu", "tỷ đồng", "đồng").
pub fn scale_of(s: &str) -> Option<f64> {
    let lower = s.trim().to_lowercase();
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    if matches!(words.last(), Some(&("đồng" | "đ" | "vnđ" | "vnd"))) {
        words.pop();
    }
    let mut scale = 1.0;
    for w in words {
        scale *= match w {
            "nghìn" | "ngàn" | "ngìn" => 1e3,
            "triệu" => 1e6,
            "tỷ" | "tỉ" => 1e9,
            "trăm" => 1e2,
            _ => return None,
        };
    }
    Some(scale)
}

fn digit(w: &str) -> Option<u64> {
    Some(match w {
        "không" | "linh" | "lẻ" => 0,
        "một" | "mốt" => 1,
        "hai" => 2,
        "ba" => 3,
        "bốn" | "tư" => 4,
        "năm" | "lăm" => 5,
        "sáu" => 6,
        "bảy" | "bẩy" => 7,
        "tám" => 8,
        "chín" => 9,
        _ => return None,
    })
}

/// A whole number in words, or the set phrases that stand for a value:
/// "không (có)" = 0, "tất cả"/"toàn bộ" = 100 (a share of everything).
pub fn parse_words(s: &str) -> Option<Number> {
    let lower = s.trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let whole = |value: f64| Some(Number { value, decimals: 0 });
    match words.as_slice() {
        [] => return None,
        ["không", "có"] | ["không"] => return whole(0.0),
        ["tất", "cả"] | ["toàn", "bộ"] | ["100%"] => return whole(100.0),
        _ => {}
    }
    // Standard reading: groups of hundreds closed by nghìn/triệu/tỷ.
    let mut total: u64 = 0;
    let mut group: u64 = 0;
    let mut current: u64 = 0;
    let mut seen_digit = false;
    for w in &words {
        if let Some(d) = digit(w) {
            current += d;
            seen_digit = true;
            continue;
        }
        match *w {
            "mười" => current += 10,
            "mươi" => current = current.max(1) * 10,
            "trăm" => {
                group += current.max(1) * 100;
                current = 0;
            }
            "nghìn" | "ngàn" | "triệu" | "tỷ" | "tỉ" => {
                let scale = match *w {
                    "nghìn" | "ngàn" => 1_000,
                    "triệu" => 1_000_000,
                    _ => 1_000_000_000,
                };
                total += (group + current).max(1) * scale;
                group = 0;
                current = 0;
            }
            _ => return None,
        }
        seen_digit = true;
    }
    if !seen_digit {
        return None;
    }
    whole((total + group + current) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Option<f64> {
        parse_words(s).map(|n| n.value)
    }

    #[test]
    fn small_numbers() {
        let names = [
            "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười",
        ];
        for (i, n) in names.iter().enumerate() {
            assert_eq!(w(n), Some(i as f64), "{n}");
        }
        assert_eq!(w("Mười"), Some(10.0));
    }

    #[test]
    fn compound_numbers() {
        assert_eq!(w("mười lăm"), Some(15.0));
        assert_eq!(w("hai mươi"), Some(20.0));
        assert_eq!(w("hai mươi mốt"), Some(21.0));
        assert_eq!(w("ba mươi tư"), Some(34.0));
        assert_eq!(w("một trăm linh năm"), Some(105.0));
        assert_eq!(w("hai nghìn"), Some(2000.0));
        assert_eq!(w("ba triệu"), Some(3_000_000.0));
    }

    #[test]
    fn set_phrases() {
        assert_eq!(w("không có"), Some(0.0));
        assert_eq!(w("tất cả"), Some(100.0));
        assert_eq!(w("toàn bộ"), Some(100.0));
        assert_eq!(w("hồ sơ"), None);
        assert_eq!(w(""), None);
    }

    #[test]
    fn scale_words() {
        assert_eq!(scale_of("ngàn"), Some(1e3));
        assert_eq!(scale_of("nghìn đồng"), Some(1e3));
        assert_eq!(scale_of("Triệu đồng"), Some(1e6));
        assert_eq!(scale_of("tỉ"), Some(1e9));
        assert_eq!(scale_of("đồng"), Some(1.0));
        assert_eq!(scale_of("hồ sơ"), None);
    }
}
