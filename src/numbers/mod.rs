//! Vietnamese numbers: "3.954" = 3954, "99,8" = 99.8, "01" = 1, scales in
//! words ("5,65 ngàn", "1,2 triệu"). Used by the extract stage; malformed
//! digit groupings ("1.8835.779.000") are reported, never guessed.

use thiserror::Error;

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

/// Parse a number written the Vietnamese way ('.' groups thousands, ',' is
/// the decimal mark).
pub fn parse_number(raw: &str) -> Result<Number, NumberError> {
    let s = raw.trim();
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return Err(NumberError::NotANumber(raw.to_string()));
    }
    let (int_part, frac_part) = match s.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let groups: Vec<&str> = int_part.split('.').collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return Err(NumberError::MalformedGrouping {
            raw: raw.to_string(),
            reason: "digit groups after a '.' must have three digits".into(),
        });
    }
    let digits: String = groups.concat();
    let mut value: f64 = digits
        .parse()
        .map_err(|_| NumberError::NotANumber(raw.to_string()))?;
    let mut decimals = 0;
    if let Some(f) = frac_part {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NumberError::NotANumber(raw.to_string()));
        }
        decimals = f.len() as u32;
        value += f.parse::<f64>().unwrap_or(0.0) / 10f64.powi(decimals as i32);
    }
    Ok(Number { value, decimals })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_separators() {
        assert_eq!(parse_number("3.954").unwrap().value, 3954.0);
        assert_eq!(
            parse_number("99,8").unwrap(),
            Number {
                value: 99.8,
                decimals: 1
            }
        );
        assert_eq!(parse_number("01").unwrap().value, 1.0);
        assert!(matches!(
            parse_number("1.8835.779.000"),
            Err(NumberError::MalformedGrouping { .. })
        ));
    }
}
