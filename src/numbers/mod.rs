//! Vietnamese numbers, used by the extract stage (stage 3) to turn the text a
//! rule captured into a value: "3.954" = 3954, "99,8" = 99.8, "01" = 1,
//! scales in words ("5,65 ngàn", "1,2 triệu", "tỷ/tỉ"), and small numbers in
//! words ("không", "ba", "mười hai"). Malformed digit groupings
//! ("1.8835.779.000") are errors, never guessed.
//!
//! Reading rules (the ambiguity of '.' and ','):
//! - ',' is the decimal mark: "99,8" = 99.8, "1,5" = 1.5, "1,234" = 1.234.
//! - '.' groups thousands when every group after the first has exactly three
//!   digits and the first has one to three ("3.954" = 3954, "864.151.000").
//! - A single '.' followed by one, two or four and more digits is a decimal
//!   point written the English way ("73.5 m", "78.8/150").
//! - Several ',' with three-digit groups are English thousands ("1,234,567"),
//!   optionally followed by a '.' decimal part ("1,234.5").
//! - '.' groups then one ',' decimal part: "1.234,5" = 1234.5.
//! - Anything else with several separators is malformed.

mod words;

use thiserror::Error;

pub use words::{parse_words, scale_of};

/// A number as read from the text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number {
    pub value: f64,
    /// Decimal places as written: the stated precision.
    pub decimals: u32,
}

#[derive(Clone, Debug, Error, PartialEq)]
pub enum NumberError {
    #[error("'{0}' is not a number")]
    NotANumber(String),
    #[error("'{raw}' is not a well-formed number: {reason}")]
    MalformedGrouping { raw: String, reason: String },
}

impl NumberError {
    pub fn is_malformed(&self) -> bool {
        matches!(self, NumberError::MalformedGrouping { .. })
    }
}

/// Parse digits written the Vietnamese way ('.' groups thousands, ',' is
/// the decimal mark); see the module documentation for the ambiguous cases.
pub fn parse_number(raw: &str) -> Result<Number, NumberError> {
    let s = raw.trim();
    let not_a_number = || NumberError::NotANumber(raw.to_string());
    if s.is_empty()
        || !s.bytes().next().is_some_and(|b| b.is_ascii_digit())
        || !s.bytes().last().is_some_and(|b| b.is_ascii_digit())
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return Err(not_a_number());
    }
    let malformed = |reason: &str| NumberError::MalformedGrouping {
        raw: raw.to_string(),
        reason: reason.to_string(),
    };
    if s.contains("..") || s.contains(",,") || s.contains(".,") || s.contains(",.") {
        return Err(malformed("two separators in a row"));
    }
    let dots = s.bytes().filter(|&b| b == b'.').count();
    let commas = s.bytes().filter(|&b| b == b',').count();

    let (int_digits, frac): (String, &str) = match (dots, commas) {
        (0, 0) => (s.to_string(), ""),
        (0, 1) => {
            let (i, f) = s.split_once(',').unwrap_or((s, ""));
            (i.to_string(), f)
        }
        (1, 0) => {
            let (i, f) = s.split_once('.').unwrap_or((s, ""));
            if f.len() == 3 && !i.starts_with('0') && i.len() <= 3 {
                (format!("{i}{f}"), "")
            } else {
                (i.to_string(), f)
            }
        }
        (_, 0) => (thousands(s, '.').ok_or_else(|| malformed(GROUPS))?, ""),
        (1, 1) if s.find(',') < s.find('.') => {
            let (i, f) = s.split_once('.').unwrap_or((s, ""));
            (thousands(i, ',').ok_or_else(|| malformed(GROUPS))?, f)
        }
        (_, 1) => {
            let (i, f) = s.split_once(',').unwrap_or((s, ""));
            (thousands(i, '.').ok_or_else(|| malformed(GROUPS))?, f)
        }
        (0, _) => (thousands(s, ',').ok_or_else(|| malformed(GROUPS))?, ""),
        (1, _) => {
            let (i, f) = s.split_once('.').unwrap_or((s, ""));
            if f.contains(',') {
                return Err(malformed("a ',' after the decimal '.'"));
            }
            (thousands(i, ',').ok_or_else(|| malformed(GROUPS))?, f)
        }
        _ => return Err(malformed("both '.' and ',' used several times")),
    };
    let decimals = frac.len() as u32;
    // One parse of "int.frac" (correctly rounded at any length: a fraction
    // of hundreds of digits once made 10^decimals infinite and the value NaN).
    let mut value: f64 = if frac.is_empty() {
        int_digits.parse()
    } else {
        format!("{int_digits}.{frac}").parse()
    }
    .map_err(|_| not_a_number())?;
    if !frac.is_empty() {
        // Keep at most 9 decimals, as stated precision goes no further.
        let p = 10f64.powi(decimals.min(9) as i32);
        value = (value * p).round() / p;
    }
    // Hundreds of digits: no quantity in a report, and no finite f64.
    if !value.is_finite() {
        return Err(not_a_number());
    }
    Ok(Number { value, decimals })
}

const GROUPS: &str = "digit groups after a thousands separator must have three digits";

/// Join "864.151.000" into "864151000" when every group is well formed.
fn thousands(s: &str, sep: char) -> Option<String> {
    let mut groups = s.split(sep);
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 || (first.starts_with('0') && first.len() > 1) {
        return None;
    }
    let mut out = first.to_string();
    for g in groups {
        if g.len() != 3 {
            return None;
        }
        out.push_str(g);
    }
    Some(out)
}

/// Parse what a rule captured as a value: digits with an optional scale word
/// ("5,65 ngàn", "1,2 triệu", "12.252 triệu đồng"), or a number in words
/// ("không", "mười hai", "tất cả" = 100 for shares).
pub fn parse_value(raw: &str) -> Result<Number, NumberError> {
    let s = raw.trim();
    let digits_end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(s.len());
    if digits_end == 0 {
        return parse_words(s).ok_or_else(|| NumberError::NotANumber(raw.to_string()));
    }
    let mut n = parse_number(&s[..digits_end])?;
    let rest = s[digits_end..].trim();
    if !rest.is_empty() {
        let scale = scale_of(rest).ok_or_else(|| NumberError::NotANumber(raw.to_string()))?;
        n.value = scaled(n.value, scale);
        if !n.value.is_finite() {
            return Err(NumberError::NotANumber(raw.to_string()));
        }
    }
    Ok(n)
}

/// Multiply by a power of ten without binary noise (12.252 × 10⁹).
pub fn scaled(value: f64, scale: f64) -> f64 {
    let v = value * scale;
    if (v - v.round()).abs() < 1e-6 * scale.max(1.0) {
        v.round()
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing (fuzz/ target `number`): a decimal part of more
    /// than 308 digits made 10^decimals infinite and the value NaN.
    #[test]
    fn a_very_long_number_is_finite_or_refused() {
        let long_fraction = format!("7.9{}4{}8000", "0".repeat(130), "0".repeat(200));
        let n = parse_number(&long_fraction).unwrap();
        assert!((n.value - 7.9).abs() < 1e-9, "{}", n.value);
        for raw in [
            "9".repeat(400),
            format!("1,{}", "5".repeat(400)),
            format!("{},5", "9".repeat(400)),
            format!("{} tỷ", "9".repeat(305)),
        ] {
            if let Ok(n) = parse_number(&raw) {
                assert!(n.value.is_finite(), "{raw} -> {}", n.value);
            }
            if let Ok(n) = parse_value(&raw) {
                assert!(n.value.is_finite(), "{raw} -> {}", n.value);
            }
        }
    }

    fn v(s: &str) -> f64 {
        parse_value(s).unwrap().value
    }

    #[test]
    fn dots_group_thousands() {
        assert_eq!(parse_number("3.954").unwrap().value, 3954.0);
        assert_eq!(parse_number("3.954").unwrap().decimals, 0);
        assert_eq!(parse_number("864.151.000").unwrap().value, 864_151_000.0);
        assert_eq!(
            parse_number("2.180.911.975").unwrap().value,
            2_180_911_975.0
        );
    }

    #[test]
    fn comma_is_the_decimal_mark() {
        assert_eq!(
            parse_number("99,8").unwrap(),
            Number {
                value: 99.8,
                decimals: 1
            }
        );
        assert_eq!(parse_number("85,44").unwrap().value, 85.44);
        assert_eq!(parse_number("85,44").unwrap().decimals, 2);
        assert_eq!(parse_number("1,5").unwrap().value, 1.5);
        // A lone comma is always decimal in Vietnamese, even before 3 digits.
        assert_eq!(parse_number("1,234").unwrap().value, 1.234);
        assert_eq!(parse_number("1.234,5").unwrap().value, 1234.5);
    }

    #[test]
    fn leading_zeros_and_plain_digits() {
        assert_eq!(parse_number("01").unwrap().value, 1.0);
        assert_eq!(parse_number("03").unwrap().value, 3.0);
        assert_eq!(parse_number("3965").unwrap().value, 3965.0);
        assert_eq!(parse_number("0").unwrap().value, 0.0);
    }

    #[test]
    fn english_decimal_point_when_not_a_group() {
        assert_eq!(parse_number("73.5").unwrap().value, 73.5);
        assert_eq!(parse_number("78.8").unwrap().decimals, 1);
        assert_eq!(parse_number("0.954").unwrap().value, 0.954);
    }

    #[test]
    fn english_thousands_with_several_commas() {
        assert_eq!(parse_number("1,234,567").unwrap().value, 1_234_567.0);
        assert_eq!(parse_number("1,234.5").unwrap().value, 1234.5);
    }

    #[test]
    fn malformed_groupings_are_errors() {
        for bad in [
            "1.8835.779.000",
            "1.83.779",
            "12.34.567",
            "1.234,5,6",
            "1..2",
        ] {
            let e = parse_number(bad).unwrap_err();
            assert!(e.is_malformed(), "{bad}: {e:?}");
        }
        assert!(!parse_number("abc").unwrap_err().is_malformed());
        assert!(parse_number("").is_err());
        assert!(parse_number("12.").is_err());
    }

    #[test]
    fn scales_in_words() {
        assert_eq!(v("5,65 ngàn"), 5650.0);
        assert_eq!(parse_value("5,65 ngàn").unwrap().decimals, 2);
        assert_eq!(v("37 nghìn"), 37_000.0);
        assert_eq!(v("1,2 triệu"), 1_200_000.0);
        assert_eq!(v("3 tỷ"), 3e9);
        assert_eq!(v("3 tỉ"), 3e9);
        assert_eq!(v("12.252 triệu đồng"), 12_252_000_000.0);
        assert_eq!(v("864.151.000 đồng"), 864_151_000.0);
        assert_eq!(v("1,5 tỷ đồng"), 1_500_000_000.0);
    }

    #[test]
    fn values_in_words() {
        assert_eq!(v("không"), 0.0);
        assert_eq!(v("không có"), 0.0);
        assert_eq!(v("ba"), 3.0);
        assert_eq!(v("mười"), 10.0);
        assert_eq!(v("mười hai"), 12.0);
        assert_eq!(v("tất cả"), 100.0);
        assert!(parse_value("hồ sơ").is_err());
    }

    #[test]
    fn malformed_value_with_scale_is_still_an_error() {
        assert!(parse_value("1.8835.779.000 đồng")
            .unwrap_err()
            .is_malformed());
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,24}") {
            let _ = parse_number(&s);
            let _ = parse_value(&s);
        }

        #[test]
        fn grouped_thousands_round_trip(n in 0u64..10_000_000_000_000u64) {
            let digits = n.to_string();
            let mut grouped = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push('.');
                }
                grouped.push(c);
            }
            prop_assert_eq!(parse_number(&grouped).unwrap().value, n as f64);
        }

        #[test]
        fn decimal_comma_round_trip(i in 0u32..100_000, f in 0u32..100) {
            let s = format!("{i},{f:02}");
            let v = parse_number(&s).unwrap();
            prop_assert_eq!(v.decimals, 2);
            prop_assert!((v.value - (i as f64 + f as f64 / 100.0)).abs() < 1e-9);
        }
    }
}
