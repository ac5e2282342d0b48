//! Validate stage: **which figure is wrong** — Fellegi–Holt minimum-change
//! localization over the document's equality checks (sums, shares, score
//! deductions). When changing one number would make every failing check
//! hold without breaking a check that holds, and no other single number
//! would, that number is named with the value that would fit; when a few
//! would, they are listed. Nothing is said when no single change fits.

use crate::model::{Finding, Severity};
use crate::validate::arith::{round_to, vn, Term};
use crate::validate::Check;

/// A number whose change alone would reconcile the document.
#[derive(Clone, Debug, PartialEq)]
pub struct Suspect {
    pub term: Term,
    pub fits: f64,
}

/// Suspects for the failing checks `failing` (indices into `checks`).
fn suspects_for(checks: &[Check], failing: &[usize], by_key: &KeyIndex) -> Vec<Suspect> {
    let Some(&first) = failing.first() else {
        return Vec::new();
    };
    let first = &checks[first].constraint;
    let mut out: Vec<Suspect> = Vec::new();
    for t in first.terms() {
        if out.iter().any(|s| s.term.key == t.key) {
            continue;
        }
        if !failing
            .iter()
            .all(|&i| checks[i].constraint.terms().iter().any(|u| u.key == t.key))
        {
            continue;
        }
        let Some(v) = first.solve_for(&t.key) else {
            continue;
        };
        // A count is a whole number; a rounded value is written at its precision.
        let v = round_to(v, if t.exact { 0 } else { t.decimals });
        if v < 0.0 || !v.is_finite() || (v - t.value).abs() < 1e-12 {
            continue;
        }
        let all_hold = by_key
            .get(t.key.as_str())
            .into_iter()
            .flatten()
            .all(|&c| checks[c].constraint.holds_with(Some(&t.key), v));
        if all_hold {
            out.push(Suspect {
                term: t.clone(),
                fits: v,
            });
        }
    }
    out
}

/// The checks that mention each number (by term key), built once per
/// document so that trying a suspect costs its own checks, not all of them.
type KeyIndex<'a> = std::collections::HashMap<&'a str, Vec<usize>>;

fn key_index(checks: &[Check]) -> KeyIndex<'_> {
    let mut by_key: KeyIndex = std::collections::HashMap::new();
    for (i, c) in checks.iter().enumerate() {
        for t in c.constraint.terms() {
            let v = by_key.entry(t.key.as_str()).or_default();
            if v.last() != Some(&i) {
                v.push(i);
            }
        }
    }
    by_key
}

/// Failing checks grouped by shared numbers: independent slips in
/// different places are localized separately. Each group is sorted; groups
/// come in the order of their last check. (Union-find over the numbers, so
/// a long document with many failing checks stays linear.)
pub fn components(checks: &[Check], counts: impl Fn(&Check) -> bool) -> Vec<Vec<usize>> {
    let failing: Vec<usize> = (0..checks.len())
        .filter(|&i| !checks[i].constraint.holds() && counts(&checks[i]))
        .collect();
    let mut parent: Vec<usize> = (0..failing.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut owner: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (n, &i) in failing.iter().enumerate() {
        for t in checks[i].constraint.terms() {
            match owner.get(t.key.as_str()) {
                Some(&m) => {
                    let (a, b) = (root(&mut parent, m), root(&mut parent, n));
                    parent[a.min(b)] = a.max(b);
                }
                None => {
                    owner.insert(t.key.as_str(), n);
                }
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (n, &i) in failing.iter().enumerate() {
        let r = root(&mut parent, n);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().collect();
    out.sort_by_key(|g| g.last().copied());
    out
}

/// Suspects over every failing check of the document taken together.
pub fn suspects(checks: &[Check]) -> Vec<Suspect> {
    let failing: Vec<usize> = (0..checks.len())
        .filter(|&i| !checks[i].constraint.holds())
        .collect();
    suspects_for(checks, &failing, &key_index(checks))
}

/// Add the localization to the findings of the failing checks.
pub fn annotate(out: &mut [Finding], checks: &[Check]) {
    // A mismatch that rounding could explain (a warning) is not a slip to
    // reconcile: it would keep any single change from fitting.
    let sure = |c: &Check| {
        c.finding
            .and_then(|i| out.get(i))
            .is_none_or(|f| f.severity == Severity::Error)
    };
    let by_key = key_index(checks);
    for group in components(checks, sure) {
        let s = suspects_for(checks, &group, &by_key);
        if s.is_empty() || s.len() > 3 {
            continue;
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
        for &ci in &group {
            let Some(i) = checks[ci].finding else {
                continue;
            };
            let Some(f) = out.get_mut(i) else { continue };
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
    fn independent_slips_are_localized_separately() {
        let checks = vec![
            Check {
                constraint: Constraint::Sum {
                    total: t("a", 10.0),
                    parts: vec![t("b", 4.0), t("c", 5.0)],
                },
                finding: None,
            },
            Check {
                constraint: Constraint::Sum {
                    total: t("x", 10.0),
                    parts: vec![t("y", 4.0), t("z", 5.0)],
                },
                finding: None,
            },
        ];
        assert!(suspects(&checks).is_empty());
        assert_eq!(components(&checks, |_| true), vec![vec![0], vec![1]]);
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
