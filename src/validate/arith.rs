//! Validate stage, shared arithmetic: stated numbers as terms with the
//! tolerance their written precision allows (as XBRL Calculations 1.1 does
//! with `decimals`), the equality constraints that the localizer reasons
//! about, and numbers written back the Vietnamese way ("87,34", "3.954").

use crate::extract::Operand;
use crate::model::{Figure, LabeledSpan, Span};

/// A stated number taking part in a check.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    /// The figure id, or "@<byte offset>" for a number that is not a figure:
    /// two checks that mention the same number share the key.
    pub key: String,
    pub value: f64,
    pub decimals: u32,
    /// Counts and amounts written without decimals are exact; rounded
    /// values (percentages, scores, anything with decimals) are not.
    pub exact: bool,
    pub raw: String,
    pub span: Span,
    pub figure: Option<String>,
}

impl Term {
    pub fn from_figure(f: &Figure) -> Term {
        Term {
            key: f.id.clone(),
            value: f.value,
            decimals: f.decimals,
            exact: f.decimals == 0 && !matches!(f.unit.as_str(), "percent" | "diem"),
            raw: f.raw.clone(),
            span: f.value_span,
            figure: Some(f.id.clone()),
        }
    }

    pub fn from_operand(o: &Operand, rounded_unit: bool) -> Term {
        Term {
            key: o
                .figure
                .clone()
                .unwrap_or_else(|| format!("@{}", o.span.start)),
            value: o.value,
            decimals: o.decimals,
            exact: o.decimals == 0 && !rounded_unit,
            raw: o.raw.clone(),
            span: o.span,
            figure: o.figure.clone(),
        }
    }

    /// Half a unit of the last written digit; zero for an exact count.
    pub fn half_unit(&self) -> f64 {
        if self.exact {
            0.0
        } else {
            half_unit(self.decimals)
        }
    }

    pub fn labeled(&self, label: impl Into<String>) -> LabeledSpan {
        LabeledSpan {
            span: self.span,
            label: label.into(),
        }
    }
}

pub fn half_unit(decimals: u32) -> f64 {
    0.5 * 10f64.powi(-(decimals as i32))
}

/// Float noise allowance for a comparison at magnitude `m`.
pub fn eps(m: f64) -> f64 {
    1e-9 * m.abs().max(1.0)
}

/// An equality the document's numbers should satisfy.
// A document has a few dozen of these at most; boxing the terms would only
// add noise to every constructor.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Constraint {
    /// total = Σ parts
    Sum { total: Term, parts: Vec<Term> },
    /// pct = 100 · part / whole
    Ratio { part: Term, whole: Term, pct: Term },
}

impl Constraint {
    pub fn terms(&self) -> Vec<&Term> {
        match self {
            Constraint::Sum { total, parts } => std::iter::once(total).chain(parts).collect(),
            Constraint::Ratio { part, whole, pct } => vec![part, whole, pct],
        }
    }

    /// Does it hold when the term `key` (if any) takes `value`?
    pub fn holds_with(&self, key: Option<&str>, value: f64) -> bool {
        let v = |t: &Term| {
            if Some(t.key.as_str()) == key {
                value
            } else {
                t.value
            }
        };
        match self {
            Constraint::Sum { total, parts } => {
                let sum: f64 = parts.iter().map(v).sum();
                let tol: f64 = total.half_unit() + parts.iter().map(Term::half_unit).sum::<f64>();
                (v(total) - sum).abs() <= tol + eps(sum)
            }
            Constraint::Ratio { part, whole, pct } => {
                let w = v(whole);
                if w == 0.0 {
                    return false;
                }
                let c = 100.0 * v(part) / w;
                (c - v(pct)).abs() <= pct.half_unit().max(half_unit(pct.decimals)) + eps(c)
            }
        }
    }

    pub fn holds(&self) -> bool {
        self.holds_with(None, 0.0)
    }

    /// The value of term `key` that makes the constraint hold exactly.
    pub fn solve_for(&self, key: &str) -> Option<f64> {
        match self {
            Constraint::Sum { total, parts } => {
                let sum_others: f64 = parts.iter().filter(|t| t.key != key).map(|t| t.value).sum();
                let n_in_parts = parts.iter().filter(|t| t.key == key).count() as f64;
                if total.key == key {
                    if n_in_parts > 0.0 {
                        return None;
                    }
                    Some(sum_others)
                } else if n_in_parts > 0.0 {
                    Some((total.value - sum_others) / n_in_parts)
                } else {
                    None
                }
            }
            Constraint::Ratio { part, whole, pct } => {
                if pct.key == key {
                    (whole.value != 0.0).then(|| 100.0 * part.value / whole.value)
                } else if part.key == key {
                    Some(pct.value * whole.value / 100.0)
                } else if whole.key == key {
                    (pct.value != 0.0).then(|| 100.0 * part.value / pct.value)
                } else {
                    None
                }
            }
        }
    }
}

/// Round to `d` decimals.
pub fn round_to(v: f64, d: u32) -> f64 {
    let p = 10f64.powi(d as i32);
    (v * p).round() / p
}

/// Write a number the Vietnamese way: '.' groups thousands (from 10.000,
/// as reports do), ',' is the decimal mark; `decimals` places are shown.
pub fn vn(v: f64, decimals: u32) -> String {
    let s = format!("{:.*}", decimals as usize, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let int = if int.len() > 4 {
        let mut out = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        out
    } else {
        int
    };
    let sign = if v < 0.0 && s.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{int},{f}"),
        None => format!("{sign}{int}"),
    }
}

/// A value with as many decimals as it needs (up to `max`), trailing zeros cut.
pub fn vn_auto(v: f64, max: u32) -> String {
    let mut d = 0;
    while d < max && (round_to(v, d) - v).abs() > eps(v) {
        d += 1;
    }
    vn(v, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(key: &str, value: f64, decimals: u32, exact: bool) -> Term {
        Term {
            key: key.into(),
            value,
            decimals,
            exact,
            raw: String::new(),
            span: Span::default(),
            figure: None,
        }
    }

    #[test]
    fn vietnamese_numbers() {
        assert_eq!(vn(87.3417, 2), "87,34");
        assert_eq!(vn(3954.0, 0), "3954");
        assert_eq!(vn(1850687000.0, 0), "1.850.687.000");
        assert_eq!(vn_auto(15.84, 4), "15,84");
        assert_eq!(vn_auto(3932.0, 4), "3932");
    }

    #[test]
    fn tolerance_follows_the_stated_precision() {
        let ok = Constraint::Ratio {
            part: t("a", 3945.0, 0, true),
            whole: t("b", 3954.0, 0, true),
            pct: t("p", 99.8, 1, false),
        };
        assert!(ok.holds());
        let bad = Constraint::Ratio {
            part: t("a", 15.84, 2, false),
            whole: t("b", 20.0, 0, false),
            pct: t("p", 79.22, 2, false),
        };
        assert!(!bad.holds());
        assert!((bad.solve_for("p").unwrap() - 79.2).abs() < 1e-9);
    }

    #[test]
    fn rounded_parts_add_up_within_their_precision() {
        let dti = Constraint::Sum {
            total: t("t", 696.0, 0, false),
            parts: vec![t("a", 83.9, 1, false), t("b", 612.0, 0, false)],
        };
        assert!(dti.holds());
        let counts = Constraint::Sum {
            total: t("t", 3965.0, 0, true),
            parts: vec![
                t("a", 3935.0, 0, true),
                t("b", 30.0, 0, true),
                t("c", 3.0, 0, true),
            ],
        };
        assert!(!counts.holds());
        assert_eq!(counts.solve_for("a"), Some(3932.0));
    }
}
