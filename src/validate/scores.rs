//! Validate stage: **scores** — a score cannot exceed its maximum, the
//! points deducted are max − score ("đạt 14/17 điểm, bị trừ 03 điểm"), and
//! section scores add up to the stated total (PAR index, DTI): a total
//! "86,34/100 điểm" followed by section scores whose maxima add up to exactly
//! 100 is a breakdown, and their scores must add up to 86,34.

use crate::extract::{Extraction, ScoreFraction, ShareForm, StatedShare};
use crate::findings::codes;
use crate::model::{Finding, Severity};
use crate::validate::arith::{eps, vn_auto, Constraint, Term};
use crate::validate::shares::terms;
use crate::validate::Check;

pub fn check(ex: &Extraction, out: &mut Vec<Finding>, checks: &mut Vec<Check>) {
    let scores: Vec<&StatedShare> = ex
        .shares
        .iter()
        .filter(|s| s.form == ShareForm::Score && s.whole.is_some())
        .collect();
    for s in &scores {
        let (part, whole, _) = terms(s);
        let whole = whole.expect("filtered");
        if let Some(d) = &s.deducted {
            let ded = Term::from_operand(d, false);
            let c = Constraint::Sum {
                total: whole.clone(),
                parts: vec![part.clone(), ded.clone()],
            };
            if c.holds() {
                checks.push(Check {
                    constraint: c,
                    finding: None,
                });
            } else {
                out.push(Finding {
                    rule: codes::SCORE_DEDUCTED,
                    severity: Severity::Error,
                    message: format!(
                        "{} − {} = {} points deducted, but the text states {}",
                        whole.raw,
                        part.raw,
                        vn_auto(whole.value - part.value, 4),
                        ded.raw
                    ),
                    figures: ids(&[&ded, &part, &whole]),
                    stated: Some(ded.value),
                    computed: Some(whole.value - part.value),
                    spans: vec![
                        ded.labeled(format!("{} deducted", ded.raw)),
                        part.labeled("score"),
                        whole.labeled("maximum"),
                    ],
                    notes: vec![],
                });
                checks.push(Check {
                    constraint: c,
                    finding: Some(out.len() - 1),
                });
            }
        }
    }
    for sc in &ex.scores {
        let (score, max) = (
            Term::from_operand(&sc.score, true),
            Term::from_operand(&sc.max, true),
        );
        if score.value > max.value + eps(max.value) {
            out.push(Finding {
                rule: codes::SCORE_ABOVE_MAX,
                severity: Severity::Error,
                message: format!(
                    "a score of {} is above its maximum of {}",
                    score.raw, max.raw
                ),
                figures: ids(&[&score, &max]),
                stated: Some(score.value),
                computed: Some(max.value),
                spans: vec![score.labeled("score"), max.labeled("maximum")],
                notes: vec![],
            });
        }
    }
    section_sums(&ex.scores, out, checks);
    ranks(ex, out);
}

/// "tăng N bậc" = old rank − new rank ("giảm": new − old). The pairing of
/// old and new rank is read from the wording, so a mismatch is a warning.
fn ranks(ex: &Extraction, out: &mut Vec<Finding>) {
    for r in &ex.rank_changes {
        let moved = if r.up {
            r.old.value - r.new.value
        } else {
            r.new.value - r.old.value
        };
        if (moved - r.change.value).abs() < 1e-9 {
            continue;
        }
        let (old, new, ch) = (
            Term::from_operand(&r.old, false),
            Term::from_operand(&r.new, false),
            Term::from_operand(&r.change, false),
        );
        let verb = if r.up { "rising" } else { "falling" };
        out.push(Finding {
            rule: codes::RANK_CHANGE,
            severity: Severity::Warning,
            message: format!(
                "{verb} from rank {} to rank {} is {} places, but the text states {}",
                old.raw,
                new.raw,
                vn_auto(moved, 0),
                ch.raw
            ),
            figures: ids(&[&ch, &new, &old]),
            stated: Some(r.change.value),
            computed: Some(moved),
            spans: vec![
                ch.labeled(format!("{} places", ch.raw)),
                new.labeled("new rank"),
                old.labeled("old rank"),
            ],
            notes: vec![format!(
                "{} − {} = {}",
                if r.up { &old.raw } else { &new.raw },
                if r.up { &new.raw } else { &old.raw },
                vn_auto(moved, 0)
            )],
        });
    }
}

fn ids(ts: &[&Term]) -> Vec<String> {
    ts.iter().filter_map(|t| t.figure.clone()).collect()
}

/// A total followed by section scores whose maxima add up to its maximum.
fn section_sums(scores: &[ScoreFraction], out: &mut Vec<Finding>, checks: &mut Vec<Check>) {
    // A score already read as a section of an earlier total is not itself
    // a total ("0/21" followed by "6/10" and "5,8/11" under a 42-point total).
    let mut section_until = 0;
    for (i, total) in scores.iter().enumerate() {
        if i < section_until {
            continue;
        }
        let tpart = Term::from_operand(&total.score, true);
        let twhole = Term::from_operand(&total.max, true);
        let mut max_sum = 0.0;
        let mut end = None;
        for (j, s) in scores.iter().enumerate().skip(i + 1) {
            max_sum += s.max.value;
            if (max_sum - twhole.value).abs() <= eps(twhole.value) {
                end = Some(j);
                break;
            }
            if max_sum > twhole.value {
                break;
            }
        }
        let Some(end) = end else { continue };
        if end - i < 2 {
            continue;
        }
        section_until = end + 1;
        let sections: Vec<Term> = scores[i + 1..=end]
            .iter()
            .map(|s| {
                let mut t = Term::from_operand(&s.score, false);
                t.exact = t.decimals == 0;
                t
            })
            .collect();
        let c = Constraint::Sum {
            total: tpart.clone(),
            parts: sections.clone(),
        };
        if c.holds() {
            checks.push(Check {
                constraint: c,
                finding: None,
            });
            continue;
        }
        let sum: f64 = sections.iter().map(|t| t.value).sum();
        let listed = sections
            .iter()
            .map(|t| t.raw.as_str())
            .collect::<Vec<_>>()
            .join(" + ");
        let mut spans = vec![tpart.labeled(format!("total {}", tpart.raw))];
        spans.extend(sections.iter().map(|t| t.labeled("section")));
        let mut figs = ids(&[&tpart]);
        figs.extend(sections.iter().filter_map(|t| t.figure.clone()));
        out.push(Finding {
            rule: codes::SCORE_SECTIONS_SUM,
            severity: Severity::Error,
            message: format!(
                "the section scores add up to {}, but the total is stated as {}",
                vn_auto(sum, 4),
                tpart.raw
            ),
            figures: figs,
            stated: Some(tpart.value),
            computed: Some(sum),
            spans,
            notes: vec![format!(
                "{listed} = {} (their maxima add up to the total's {})",
                vn_auto(sum, 4),
                twhole.raw
            )],
        });
        checks.push(Check {
            constraint: c,
            finding: Some(out.len() - 1),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Operand;

    fn op(raw: &str, start: usize) -> Operand {
        Operand::written(raw, start)
    }

    fn score(n: usize, a: &str, b: &str, ded: Option<&str>) -> StatedShare {
        let a_op = op(a, n * 100);
        let (av, bv) = (a_op.value, op(b, 0).value);
        let pct = crate::validate::arith::vn(100.0 * av / bv, 2);
        StatedShare {
            form: ShareForm::Score,
            part: a_op,
            whole: Some(op(b, n * 100 + 10)),
            percent: op(&pct, n * 100 + 20),
            indicator: None,
            deducted: ded.map(|d| op(d, n * 100 + 30)),
            context_wholes: vec![],
        }
    }

    fn run(shares: Vec<StatedShare>) -> Vec<Finding> {
        let scores = shares
            .iter()
            .map(|s| ScoreFraction {
                score: s.part.clone(),
                max: s.whole.clone().unwrap(),
            })
            .collect();
        let ex = Extraction {
            shares,
            scores,
            ..Extraction::default()
        };
        let mut out = Vec::new();
        check(&ex, &mut out, &mut Vec::new());
        out
    }

    #[test]
    fn par_index_sections_add_up() {
        let par = vec![
            score(0, "86,34", "100", None),
            score(1, "14", "17", Some("03")),
            score(2, "8", "8", None),
            score(3, "17", "18", Some("01")),
            score(4, "5", "5", None),
            score(5, "12", "15", Some("03")),
            score(6, "9,50", "10", Some("0,5")),
            score(7, "15,84", "20", Some("4,16")),
            score(8, "5", "7", Some("02")),
        ];
        assert!(run(par).is_empty());
    }

    #[test]
    fn a_wrong_rank_change_is_a_warning() {
        let t = "Năm 2022 xếp thứ bậc 101/177 xã; Năm 2023 xếp thứ bậc 19/177 xã (tăng 80 bậc so với năm 2022).";
        let seg = crate::segment::segment(t, &[0]);
        let ex = Extraction {
            rank_changes: crate::extract::ranks::find_rank_changes(t, &seg, &[]),
            ..Extraction::default()
        };
        let mut out = Vec::new();
        check(&ex, &mut out, &mut Vec::new());
        assert_eq!(out.len(), 1, "{out:#?}");
        assert_eq!(
            out[0].message,
            "rising from rank 101 to rank 19 is 82 places, but the text states 80"
        );
    }

    #[test]
    fn a_section_is_not_a_total_of_the_next_sections() {
        // Found by the property test: 21 = 10 + 11, but "0,0/21" is a section.
        let f = run(vec![
            score(0, "11,8", "42", None),
            score(1, "0,0", "21", None),
            score(2, "6", "10", None),
            score(3, "5,8", "11", None),
        ]);
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn whole_points_are_exact_in_a_deduction() {
        // 15 − 13 = 2, not 3: whole points leave no room for rounding.
        let f = run(vec![score(0, "13", "15", Some("03"))]);
        assert!(f.iter().any(|f| f.rule == "score.deducted"), "{f:#?}");
    }

    #[test]
    fn a_wrong_section_sum_and_deduction_are_errors() {
        let f = run(vec![
            score(0, "80", "100", None),
            score(1, "50", "60", Some("5")),
            score(2, "35", "40", None),
        ]);
        let rules: Vec<&str> = f.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["score.deducted", "score.sections_sum"], "{f:#?}");
    }
}
