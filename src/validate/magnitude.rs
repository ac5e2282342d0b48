//! Validate stage: **magnitude hints** for a share that does not hold — the
//! usual slips behind a wrong percentage, each tried on the numbers as
//! written: a missing or extra group of three digits ("1.850.687đ" for
//! 1.850.687.000đ), two swapped digits ("87,43" for 87,34), and a rate that
//! is the complement of the computed one (100 − p).

use crate::validate::arith::{vn, Constraint, Term};

/// Readings that would make `part/whole = pct` hold, as notes for the reader.
/// The first element is true when a hint explains the mismatch.
pub fn hints(part: &Term, whole: &Term, pct: &Term) -> Vec<String> {
    let mut out = Vec::new();
    let fits = |p: f64, w: f64, q: f64| {
        Constraint::Ratio {
            part: Term {
                value: p,
                ..part.clone()
            },
            whole: Term {
                value: w,
                ..whole.clone()
            },
            pct: Term {
                value: q,
                ..pct.clone()
            },
        }
        .holds()
    };
    let shown = |t: &Term, v: f64| vn(v, t.decimals);
    for (k, what) in [
        (1000.0, "a group of three digits seems to be missing"),
        (1_000_000.0, "two groups of three digits seem to be missing"),
        (0.001, "a group of three digits seems to be extra"),
        (0.000_001, "two groups of three digits seem to be extra"),
    ] {
        let whole_number = |t: &Term, v: f64| !t.exact || (v - v.round()).abs() < 1e-6;
        if whole_number(part, part.value * k) && fits(part.value * k, whole.value, pct.value) {
            out.push(format!(
                "{what} in {}: {}/{} gives {}% as stated",
                part.raw,
                shown(part, part.value * k),
                whole.raw,
                pct.raw
            ));
        }
        if whole_number(whole, whole.value * k) && fits(part.value, whole.value * k, pct.value) {
            out.push(format!(
                "{what} in {}: {}/{} gives {}% as stated",
                whole.raw,
                part.raw,
                shown(whole, whole.value * k),
                pct.raw
            ));
        }
    }
    for (t, which) in [(pct, 2), (part, 0), (whole, 1)] {
        for alt in swaps(&t.raw) {
            let Some((v, _)) = crate::extract::shares::read_number(&alt) else {
                continue;
            };
            let ok = match which {
                0 => fits(v, whole.value, pct.value),
                1 => fits(part.value, v, pct.value),
                _ => fits(part.value, whole.value, v),
            };
            if ok {
                out.push(format!(
                    "two digits of {} may be swapped: {alt} would fit",
                    t.raw
                ));
            }
        }
    }
    if whole.value != 0.0 {
        let computed = 100.0 * part.value / whole.value;
        if fits(part.value, whole.value, 100.0 - pct.value) && pct.value != 50.0 {
            out.push(format!(
                "{}% is 100 − {}%: the text may give the complementary rate",
                pct.raw,
                vn(computed, pct.decimals.max(2))
            ));
        }
    }
    out
}

/// Every string obtained by swapping two adjacent digits (separators stay).
fn swaps(raw: &str) -> Vec<String> {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = Vec::new();
    for i in 0..chars.len().saturating_sub(1) {
        if chars[i].is_ascii_digit() && chars[i + 1].is_ascii_digit() && chars[i] != chars[i + 1] {
            let mut c = chars.clone();
            c.swap(i, i + 1);
            if c[0] != '0' || c.len() == 1 || c[1] == ',' {
                out.push(c.into_iter().collect());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn t(raw: &str, value: f64, decimals: u32, exact: bool) -> Term {
        Term {
            key: raw.into(),
            value,
            decimals,
            exact,
            raw: raw.into(),
            span: Span::default(),
            figure: None,
        }
    }

    #[test]
    fn missing_thousands_group() {
        let h = hints(
            &t("1.850.687", 1850687.0, 0, true),
            &t("2.180.911.975", 2180911975.0, 0, true),
            &t("84,86", 84.86, 2, false),
        );
        assert!(
            h.iter()
                .any(|n| n.contains("1.850.687.000/2.180.911.975 gives 84,86%")),
            "{h:#?}"
        );
    }

    #[test]
    fn swapped_digits_and_complement() {
        let h = hints(
            &t("276", 276.0, 0, true),
            &t("316", 316.0, 0, true),
            &t("87,43", 87.43, 2, false),
        );
        assert!(h.iter().any(|n| n.contains("87,34 would fit")), "{h:#?}");
        let h = hints(
            &t("3", 3.0, 0, true),
            &t("100", 100.0, 0, true),
            &t("97", 97.0, 0, false),
        );
        assert!(h.iter().any(|n| n.contains("complementary")), "{h:#?}");
    }

    #[test]
    fn no_hint_for_an_unrelated_error() {
        let h = hints(
            &t("15,84", 15.84, 2, false),
            &t("20", 20.0, 0, false),
            &t("79,22", 79.22, 2, false),
        );
        assert!(h.is_empty(), "{h:#?}");
    }
}
