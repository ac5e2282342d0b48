//! Validate stage: **which figure is wrong** — Fellegi–Holt minimum-change
//! localization over the document's equality checks (sums, shares, score
//! deductions). When changing one number would make every failing check
//! hold without breaking a check that holds, and no other single number
//! would, that number is named with the value that would fit; when a few
//! would, they are listed. Nothing is said when no single change fits.

use crate::model::Finding;
use crate::validate::arith::{round_to, vn, Term};
use crate::validate::Check;

/// A number whose change alone would reconcile the document.
#[derive(Clone, Debug, PartialEq)]
pub struct Suspect {
    pub term: Term,
    pub fits: f64,
}

pub fn suspects(checks: &[Check]) -> Vec<Suspect> {
    let failing: Vec<&Check> = checks.iter().filter(|c| !c.constraint.holds()).collect();
    let Some(first) = failing.first() else {
        return Vec::new();
    };
    let mut out: Vec<Suspect> = Vec::new();
    for t in first.constraint.terms() {
        if out.iter().any(|s| s.term.key == t.key) {
            continue;
        }
        if !failing
            .iter()
            .all(|c| c.constraint.terms().iter().any(|u| u.key == t.key))
        {
            continue;
        }
        let Some(v) = first.constraint.solve_for(&t.key) else {
            continue;
        };
        // A count is a whole number; a rounded value is written at its precision.
        let v = round_to(v, if t.exact { 0 } else { t.decimals });
        if v < 0.0 || !v.is_finite() || (v - t.value).abs() < 1e-12 {
            continue;
        }
        let all_hold = checks
            .iter()
            .filter(|c| c.constraint.terms().iter().any(|u| u.key == t.key))
            .all(|c| c.constraint.holds_with(Some(&t.key), v));
        if all_hold {
            out.push(Suspect {
                term: t.clone(),
                fits: v,
            });
        }
    }
    out
}

/// Add the localization to the findings of the failing checks.
pub fn annotate(out: &mut [Finding], checks: &[Check]) {
    let s = suspects(checks);
    if s.is_empty() || s.len() > 3 {
        return;
    }
    let show = |x: &Suspect| vn(x.fits, if x.term.exact { 0 } else { x.term.decimals });
    let note = if s.len() == 1 {
        format!(
            "most likely wrong: {} (line {}); {} would make every check hold, and no other single number would",
            s[0].term.raw,
            s[0].term.span.line,
            show(&s[0])
        )
    } else {
        format!(
            "changing any one of these would make every check hold: {}",
            s.iter()
                .map(|x| format!("{} → {}", x.term.raw, show(x)))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    for c in checks.iter().filter(|c| !c.constraint.holds()) {
        if let Some(i) = c.finding {
            if let Some(f) = out.get_mut(i) {
                if !f.notes.contains(&note) {
                    f.notes.push(note.clone());
                }
                if s.len() == 1 {
                    if let Some(id) = &s[0].term.figure {
                        // The figure the message is about comes first.
                        f.figures.retain(|x| x != id);
                        f.figures.insert(0, id.clone());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;
    use crate::validate::arith::Constraint;

    fn t(key: &str, value: f64) -> Term {
        Term {
            key: key.into(),
            value,
            decimals: 0,
            exact: true,
            raw: key.into(),
            span: Span::default(),
            figure: None,
        }
    }

    #[test]
    fn one_number_breaking_two_checks_is_named() {
        // received = carried + new (holds), received = resolved + pending (fails),
        // resolved = on_time + late (fails): resolved is the one to change.
        let checks = vec![
            Check {
                constraint: Constraint::Sum {
                    total: t("received", 100.0),
                    parts: vec![t("carried", 10.0), t("new", 90.0)],
                },
                finding: None,
            },
            Check {
                constraint: Constraint::Sum {
                    total: t("received", 100.0),
                    parts: vec![t("resolved", 95.0), t("pending", 10.0)],
                },
                finding: None,
            },
            Check {
                constraint: Constraint::Sum {
                    total: t("resolved", 95.0),
                    parts: vec![t("on_time", 80.0), t("late", 10.0)],
                },
                finding: None,
            },
        ];
        let s = suspects(&checks);
        assert_eq!(s.len(), 1, "{s:#?}");
        assert_eq!(s[0].term.key, "resolved");
        assert_eq!(s[0].fits, 90.0);
    }

    #[test]
    fn nothing_is_named_when_all_hold() {
        let checks = vec![Check {
            constraint: Constraint::Sum {
                total: t("a", 3.0),
                parts: vec![t("b", 1.0), t("c", 2.0)],
            },
            finding: None,
        }];
        assert!(suspects(&checks).is_empty());
    }
}
