//! Validate stage: **stated shares** — p must equal 100·a/b within half a
//! unit of p's last written digit (the computed value is rounded to the
//! precision the text states; operands are taken as written). Truncation
//! instead of rounding is an `info`; a difference that rounding of a
//! decimal operand could explain is a `warning`; anything else an `error`.
//! A share whose whole is not written ("218 hồ sơ, chiếm 68,99%") is tried
//! against the plausible denominators and flagged only when none fits.

use crate::extract::{Extraction, ShareForm, StatedShare};
use crate::findings::codes;
use crate::model::{Figure, Finding, Role, Severity};
use crate::validate::arith::{eps, half_unit, vn, Constraint, Term};
use crate::validate::{magnitude, Check};

/// Denominators a rate is computed over in these reports, most usual first.
const PLAUSIBLE_WHOLES: &[&str] = &[
    "dossiers.received_total",
    "dossiers.received_new",
    "dossiers.resolved",
    "dossiers.due",
    "survey.forms_returned",
    "survey.forms",
    "procedures.total",
];

/// The share's numbers as terms. Operands written without decimals are
/// exact (counts, amounts, whole points); the percentage is rounded.
pub fn terms(s: &StatedShare) -> (Term, Option<Term>, Term) {
    let part = Term::from_operand(&s.part, false);
    let whole = s.whole.as_ref().map(|w| Term::from_operand(w, false));
    let pct = Term::from_operand(&s.percent, true);
    (part, whole, pct)
}

pub fn check(ex: &Extraction, out: &mut Vec<Finding>, checks: &mut Vec<Check>) {
    let wholes = Wholes::new(ex);
    for s in &ex.shares {
        let (part, whole, pct) = terms(s);
        match whole {
            Some(whole) => check_fraction(s, &wholes, part, whole, pct, out, checks),
            None => check_unstated_whole(s, &wholes, part, pct, out),
        }
    }
}

/// How far from a share its unstated whole is looked for, in bytes: the
/// whole report for any real one; a bound, so that a huge file made of
/// many reports stays linear.
const REACH: usize = 256 * 1024;

/// The figures that can be a share's whole, by position, and every figure
/// by id: built once per document instead of a pass over all figures per
/// share.
struct Wholes<'a> {
    figures: &'a [Figure],
    by_id: std::collections::HashMap<&'a str, &'a Figure>,
    /// (value start, index in `ex.figures`) of the plausible wholes, sorted.
    plausible: Vec<(usize, usize)>,
}

impl<'a> Wholes<'a> {
    fn new(ex: &'a Extraction) -> Wholes<'a> {
        let mut plausible: Vec<(usize, usize)> = ex
            .figures
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                PLAUSIBLE_WHOLES.contains(&f.indicator.as_str())
                    && f.role == Role::Actual
                    && f.qualifier.is_none()
                    && f.value > 0.0
            })
            .map(|(i, f)| (f.value_span.start, i))
            .collect();
        plausible.sort_unstable();
        Wholes {
            figures: &ex.figures,
            by_id: ex.figures.iter().map(|f| (f.id.as_str(), f)).collect(),
            plausible,
        }
    }

    /// Plausible wholes within [`REACH`] of `at`, in figure order.
    fn near(&self, at: usize) -> Vec<usize> {
        let lo = self
            .plausible
            .partition_point(|&(p, _)| p < at.saturating_sub(REACH));
        let hi = self
            .plausible
            .partition_point(|&(p, _)| p <= at.saturating_add(REACH));
        let mut idx: Vec<usize> = self.plausible[lo..hi].iter().map(|&(_, i)| i).collect();
        idx.sort_unstable();
        idx
    }
}

fn ids(terms: &[&Term]) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for t in terms {
        if let Some(f) = &t.figure {
            if !v.contains(f) {
                v.push(f.clone());
            }
        }
    }
    v
}

/// Other stated totals the part may be a share of.
fn candidates<'a>(wholes: &Wholes<'a>, s: &StatedShare, part: &Term) -> Vec<&'a Figure> {
    let scope = s
        .percent
        .figure
        .as_ref()
        .or(s.part.figure.as_ref())
        .and_then(|id| wholes.by_id.get(id.as_str()))
        .map(|f| f.scope.clone())
        .unwrap_or(None);
    wholes
        .near(part.span.start)
        .into_iter()
        .map(|i| &wholes.figures[i])
        .filter(|f| {
            f.scope == scope
                && Some(&f.id) != part.figure.as_ref()
                && f.value_span.start != part.span.start
        })
        .collect()
}

/// Does a number stated earlier in the sentence with the part's unit give the rate?
fn context_fits(s: &StatedShare, part: &Term, pct: &Term) -> bool {
    s.context_wholes
        .iter()
        .filter(|o| o.span.start != s.part.span.start && o.value >= part.value)
        .any(|o| fits(part, &Term::from_operand(o, false), pct))
}

fn fits(part: &Term, whole: &Term, pct: &Term) -> bool {
    Constraint::Ratio {
        part: part.clone(),
        whole: whole.clone(),
        pct: pct.clone(),
    }
    .holds()
}

fn check_fraction(
    s: &StatedShare,
    wholes: &Wholes,
    part: Term,
    whole: Term,
    pct: Term,
    out: &mut Vec<Finding>,
    checks: &mut Vec<Check>,
) {
    let constraint = Constraint::Ratio {
        part: part.clone(),
        whole: whole.clone(),
        pct: pct.clone(),
    };
    let rule = match s.form {
        ShareForm::Score => codes::SCORE_PERCENT,
        ShareForm::PartOfWhole => codes::RATIO_PART_OF_STATED_TOTAL,
        ShareForm::Fraction => codes::RATIO_STATED_VS_COMPUTED,
    };
    if constraint.holds() {
        checks.push(Check {
            constraint,
            finding: None,
        });
        return;
    }
    if whole.value == 0.0 {
        return;
    }
    // "chiếm p%" of a total found nearby: another plausible total may be the
    // one meant; then it is not an inconsistency.
    if s.form == ShareForm::PartOfWhole && context_fits(s, &part, &pct) {
        return;
    }
    if s.form == ShareForm::PartOfWhole
        && candidates(wholes, s, &part)
            .iter()
            .any(|f| fits(&part, &Term::from_figure(f), &pct))
    {
        return;
    }
    let computed = 100.0 * part.value / whole.value;
    let d = pct.decimals;
    let shown = |v: f64| vn(v, d.max(2));
    let fr = if s.form == ShareForm::Score {
        format!("{}/{} points", part.raw, whole.raw)
    } else {
        format!("{}/{}", part.raw, whole.raw)
    };
    let mut notes = Vec::new();
    let step = 10f64.powi(-(d as i32));
    let truncated = ((computed / step).floor() * step - pct.value).abs() <= eps(computed) * 10.0;
    // Could rounding of a decimal operand explain it? (15,84 may be 15,844.)
    let lo = 100.0 * (part.value - part.half_unit()) / (whole.value + whole.half_unit());
    let hi =
        100.0 * (part.value + part.half_unit()) / (whole.value - whole.half_unit()).max(eps(1.0));
    let operand_rounding =
        pct.value + half_unit(d) >= lo - eps(lo) && pct.value - half_unit(d) <= hi + eps(hi);
    let hints = magnitude::hints(&part, &whole, &pct);
    let severity = if truncated {
        notes.push(format!(
            "{} is {} cut after {} decimal(s) rather than rounded; rounding gives {}",
            pct.raw,
            vn(computed, d + 2),
            d,
            vn(computed, d)
        ));
        Severity::Info
    } else if operand_rounding && hints.is_empty() {
        notes.push(format!(
            "the difference is within the rounding of {} or {}; if they were rounded, the text may be right",
            part.raw, whole.raw
        ));
        Severity::Warning
    } else {
        Severity::Error
    };
    notes.push(format!(
        "100 × {} / {} = {}, which rounds to {}% at the {} decimal(s) stated; the text states {}%",
        part.raw,
        whole.raw,
        vn(computed, d.max(2) + 2),
        vn(computed, d),
        d,
        pct.raw
    ));
    notes.extend(hints);
    if s.form == ShareForm::PartOfWhole {
        notes.push(format!(
            "{} is the total stated earlier in the sentence",
            whole.raw
        ));
    }
    out.push(Finding {
        rule,
        severity,
        message: format!(
            "{fr} is {}%, but the text states {}%",
            shown(computed),
            pct.raw
        ),
        figures: ids(&[&pct, &part, &whole]),
        stated: Some(pct.value),
        computed: Some(computed),
        spans: vec![
            pct.labeled(format!("stated {}%", pct.raw)),
            part.labeled("part"),
            whole.labeled("whole"),
        ],
        notes,
    });
    checks.push(Check {
        constraint,
        finding: Some(out.len() - 1),
    });
}

fn check_unstated_whole(
    s: &StatedShare,
    wholes: &Wholes,
    part: Term,
    pct: Term,
    out: &mut Vec<Finding>,
) {
    let cands = candidates(wholes, s, &part);
    let cands: Vec<&Figure> = cands
        .into_iter()
        .filter(|f| f.value >= part.value * 0.5)
        .collect();
    if cands.is_empty() || pct.value <= 0.0 || context_fits(s, &part, &pct) {
        return;
    }
    if cands
        .iter()
        .any(|f| fits(&part, &Term::from_figure(f), &pct))
    {
        return;
    }
    let tried = cands
        .iter()
        .map(|f| {
            format!(
                "{}/{} ({}) is {}%",
                part.raw,
                f.raw,
                crate::validate::relations::label(&f.indicator),
                vn(100.0 * part.value / f.value, pct.decimals.max(2))
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let implied = 100.0 * part.value / pct.value;
    let mut figures = ids(&[&pct, &part]);
    figures.extend(cands.iter().map(|f| f.id.clone()));
    out.push(Finding {
        rule: codes::RATIO_NO_PLAUSIBLE_DENOMINATOR,
        severity: Severity::Warning,
        message: format!("{} is {}% of no stated total: {tried}", part.raw, pct.raw),
        figures,
        stated: Some(pct.value),
        computed: Some(100.0 * part.value / cands[0].value),
        spans: vec![
            pct.labeled(format!("stated {}%", pct.raw)),
            part.labeled("part"),
        ],
        notes: vec![format!(
            "{}% of a whole means a whole of about {}; the text states no such total",
            pct.raw,
            vn(implied, 0)
        )],
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Operand;

    fn op(raw: &str, start: usize) -> Operand {
        Operand::written(raw, start)
    }

    fn share(form: ShareForm, a: &str, b: Option<&str>, p: &str) -> StatedShare {
        StatedShare {
            form,
            part: op(a, 0),
            whole: b.map(|b| op(b, 10)),
            percent: op(p, 20),
            indicator: None,
            deducted: None,
            context_wholes: vec![],
        }
    }

    fn run(shares: Vec<StatedShare>, figures: Vec<Figure>) -> Vec<Finding> {
        let ex = Extraction {
            shares,
            figures,
            ..Extraction::default()
        };
        let mut out = Vec::new();
        check(&ex, &mut out, &mut Vec::new());
        out
    }

    #[test]
    fn seed_mismatch_is_an_error_with_the_arithmetic() {
        let f = run(
            vec![share(ShareForm::Fraction, "276", Some("316"), "85,44")],
            vec![],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(
            f[0].message,
            "276/316 is 87,34%, but the text states 85,44%"
        );
    }

    #[test]
    fn honest_rounding_is_not_flagged() {
        for (a, b, p) in [
            ("3945", "3954", "99,8"),
            ("3435", "3924", "87,5"),
            ("7873", "7864", "100,1"),
            ("864.151.000", "473.000.000", "182,70"),
            ("14", "17", "82,35"),
            ("65", "150", "43,3"),
        ] {
            assert!(
                run(vec![share(ShareForm::Fraction, a, Some(b), p)], vec![]).is_empty(),
                "{a}/{b} {p}"
            );
        }
    }

    #[test]
    fn truncation_is_info() {
        // 2/3 = 66,666…: "66,66" is cut, not rounded.
        let f = run(
            vec![share(ShareForm::Fraction, "2", Some("3"), "66,66")],
            vec![],
        );
        assert_eq!(f[0].severity, Severity::Info, "{f:#?}");
    }

    #[test]
    fn rounded_score_operand_makes_a_warning() {
        let f = run(
            vec![share(ShareForm::Score, "15,84", Some("20"), "79,22")],
            vec![],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning, "{f:#?}");
        assert_eq!(
            f[0].message,
            "15,84/20 points is 79,20%, but the text states 79,22%"
        );
    }

    #[test]
    fn thousands_hint() {
        let f = run(
            vec![share(
                ShareForm::Fraction,
                "1.850.687",
                Some("2.180.911.975"),
                "84,86",
            )],
            vec![],
        );
        assert_eq!(f[0].severity, Severity::Error);
        assert!(
            f[0].message.starts_with("1.850.687/2.180.911.975 is 0,08%"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].notes.iter().any(|n| n.contains("1.850.687.000")),
            "{:#?}",
            f[0].notes
        );
    }

    #[test]
    fn unstated_whole_tries_plausible_denominators() {
        use crate::validate::relations::tests::fig;
        let mut received = fig("f1", "dossiers.received_total", 316.0);
        received.value_span.start = 100;
        let f = run(
            vec![share(ShareForm::PartOfWhole, "218", None, "68,99")],
            vec![received.clone()],
        );
        assert!(f.is_empty(), "{f:#?}");
        received.value = 327.0;
        let f = run(
            vec![share(ShareForm::PartOfWhole, "105", None, "100")],
            vec![received],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
    }
}
