//! Validate stage: **relations** between indicators (sums, breakdowns,
//! bounds, rates without their fraction), read from `patterns/relations.toml`.
//! A relation holds within one scope and one period, between actual figures
//! stated without a qualifier; absent terms are unknown, never zero. When an
//! indicator is stated with several values in one scope (a cross-mention,
//! reported on its own), a relation is flagged only if no choice of them
//! satisfies it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::extract::Extraction;
use crate::model::{Figure, Finding, FindingCode, Period, Role, Severity};
use crate::validate::arith::{eps, vn_auto, Constraint, Term};
use crate::validate::Check;

pub const SOURCE: &str = include_str!("../../patterns/relations.toml");

#[derive(Debug, Deserialize)]
pub struct RelationsFile {
    #[serde(rename = "relation")]
    pub relations: Vec<RelationDef>,
    pub percent: PercentDef,
    pub mentions: MentionsDef,
}

#[derive(Debug, Deserialize)]
pub struct MentionsDef {
    pub skip: Vec<String>,
}

/// Units of things counted one by one: a value with decimals is a misread.
pub const COUNT_UNITS: &[&str] = &[
    "ho_so",
    "thu_tuc",
    "phieu",
    "nguoi",
    "van_ban",
    "tai_khoan",
    "count",
];

/// A figure the checks can rely on: a count must be a whole number.
pub fn usable(f: &Figure) -> bool {
    !(COUNT_UNITS.contains(&f.unit.as_str()) && f.value.fract() != 0.0)
}

#[derive(Debug, Deserialize)]
pub struct PercentDef {
    pub may_exceed: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct RelationDef {
    /// The code of its findings: registered in `patterns/findings.toml`
    /// (deserializing checks it).
    pub id: FindingCode,
    pub kind: String,
    #[serde(default)]
    pub total: Option<String>,
    #[serde(default)]
    pub parts: Vec<String>,
    #[serde(default)]
    pub small: Option<String>,
    #[serde(default)]
    pub big: Option<String>,
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub rate: Option<String>,
    #[serde(default)]
    pub part: Option<String>,
    #[serde(default)]
    pub wholes: Vec<String>,
    /// The relation applies only when every one of these is stated.
    #[serde(default)]
    pub requires: Vec<String>,
    /// The relation does not apply when any of these is stated (another
    /// relation covers that wording).
    #[serde(default)]
    pub unless: Vec<String>,
    /// Totals the parts of a `breakdown` may break down instead of `total`
    /// (reports that count timeliness over the dossiers due, "đến hạn"): a
    /// remainder that one of them accounts for exactly is no gap.
    #[serde(default)]
    pub alt_totals: Vec<String>,
    #[serde(default)]
    pub examples: Vec<RelationExample>,
}

#[derive(Debug, Deserialize)]
pub struct RelationExample {
    pub values: BTreeMap<String, f64>,
    pub holds: bool,
}

impl RelationsFile {
    pub fn parse(src: &str) -> Result<RelationsFile> {
        let f: RelationsFile = toml::from_str(src).context("patterns/relations.toml")?;
        for r in &f.relations {
            let ok = match r.kind.as_str() {
                "sum" | "breakdown" => r.total.is_some() && !r.parts.is_empty(),
                "le" => r.small.is_some() && r.big.is_some(),
                "rate" => r.rate.is_some() && r.part.is_some() && !r.wholes.is_empty(),
                _ => false,
            };
            anyhow::ensure!(
                ok,
                "patterns/relations.toml: relation {} is incomplete",
                r.id
            );
            if let Some(sev) = r.severity {
                anyhow::ensure!(
                    r.id.entry().allows(sev),
                    "patterns/relations.toml: relation {}: severity {} is not one patterns/findings.toml gives it",
                    r.id,
                    sev.as_str()
                );
            }
        }
        Ok(f)
    }

    pub fn builtin() -> &'static RelationsFile {
        static R: OnceLock<RelationsFile> = OnceLock::new();
        R.get_or_init(|| RelationsFile::parse(SOURCE).expect("patterns/relations.toml is valid"))
    }

    /// May a percentage of this indicator exceed 100?
    pub fn may_exceed_100(&self, indicator: &str) -> bool {
        self.percent
            .may_exceed
            .iter()
            .any(|p| indicator.starts_with(p.as_str()))
    }
}

/// Short reader-facing name of an indicator: "dossiers.resolved_late" → "resolved late".
pub fn label(indicator: &str) -> String {
    indicator
        .split_once('.')
        .map_or(indicator, |(_, n)| n)
        .replace('_', " ")
}

type GroupKey = (Option<String>, Option<Period>);

/// Actual, unqualified figures by scope+period, then indicator; one figure
/// per distinct value, in text order.
fn groups(figures: &[Figure]) -> BTreeMap<String, BTreeMap<String, Vec<&Figure>>> {
    let mut g: BTreeMap<String, BTreeMap<String, Vec<&Figure>>> = BTreeMap::new();
    for f in figures {
        if f.role != Role::Actual || f.qualifier.is_some() || !usable(f) {
            continue;
        }
        let key: GroupKey = (f.scope.clone(), f.period.clone());
        let k = format!("{key:?}");
        let v = g
            .entry(k)
            .or_default()
            .entry(f.indicator.clone())
            .or_default();
        if !v.iter().any(|x| (x.value - f.value).abs() <= eps(f.value)) {
            v.push(f);
        }
    }
    g
}

/// Every combination of one figure per indicator (bounded).
fn combos<'a>(lists: &[&'a Vec<&'a Figure>]) -> Vec<Vec<&'a Figure>> {
    let mut out: Vec<Vec<&Figure>> = vec![Vec::new()];
    for l in lists {
        let mut next = Vec::new();
        for c in &out {
            for f in l.iter() {
                let mut c2 = c.clone();
                c2.push(*f);
                next.push(c2);
                if next.len() > 64 {
                    break;
                }
            }
        }
        out = next;
    }
    out
}

/// A bare figure for a relation's example: the unit follows the indicator,
/// the decimals follow the value as written.
pub fn example_figure(id: &str, indicator: &str, value: f64) -> Figure {
    let decimals = (0..=4u32)
        .find(|d| (crate::validate::arith::round_to(value, *d) - value).abs() < 1e-9)
        .unwrap_or(4);
    Figure {
        id: id.into(),
        indicator: indicator.into(),
        value,
        unit: if indicator.ends_with("_rate") {
            "percent".into()
        } else if indicator.starts_with("par_index.") || indicator.starts_with("dti.") {
            "diem".into()
        } else {
            "ho_so".into()
        },
        role: Role::Actual,
        qualifier: None,
        section: None,
        scope: None,
        period: None,
        text: String::new(),
        span: crate::model::Span::default(),
        rule: String::new(),
        raw: crate::validate::arith::vn(value, decimals),
        value_span: crate::model::Span::default(),
        decimals,
    }
}

impl RelationsFile {
    /// Every relation must hold on its `holds = true` examples and be
    /// flagged on the others; returns one line per failure (for `cchc
    /// patterns test`).
    pub fn self_test(&self) -> Vec<String> {
        let mut fails = Vec::new();
        for r in &self.relations {
            if r.examples.is_empty() {
                fails.push(format!("relation {}: no examples", r.id));
            }
            for (i, e) in r.examples.iter().enumerate() {
                let figures = e
                    .values
                    .iter()
                    .enumerate()
                    .map(|(j, (ind, v))| example_figure(&format!("f{j}"), ind, *v))
                    .collect();
                let ex = Extraction {
                    figures,
                    ..Extraction::default()
                };
                let (mut out, mut checks) = (Vec::new(), Vec::new());
                check(&ex, self, &mut out, &mut checks);
                let flagged = out.iter().any(|f| f.rule == r.id);
                if flagged == e.holds {
                    fails.push(format!(
                        "relation {} example {}: expected it to {}, {:?}",
                        r.id,
                        i + 1,
                        if e.holds { "hold" } else { "be flagged" },
                        e.values
                    ));
                }
            }
        }
        fails
    }
}

pub fn check(
    ex: &Extraction,
    rels: &RelationsFile,
    out: &mut Vec<Finding>,
    checks: &mut Vec<Check>,
) {
    // Rates already checked against their own stated fraction.
    let covered: Vec<&str> = ex
        .shares
        .iter()
        .filter_map(|s| s.percent.figure.as_deref())
        .collect();
    for by_ind in groups(&ex.figures).values() {
        for r in &rels.relations {
            if !r.requires.iter().all(|i| by_ind.contains_key(i))
                || r.unless.iter().any(|i| by_ind.contains_key(i))
            {
                continue;
            }
            match r.kind.as_str() {
                "sum" | "breakdown" => check_sum(r, by_ind, out, checks),
                "le" => check_le(r, by_ind, out),
                "rate" => check_rate(r, by_ind, &covered, out),
                _ => {}
            }
        }
    }
}

fn check_sum(
    r: &RelationDef,
    by_ind: &BTreeMap<String, Vec<&Figure>>,
    out: &mut Vec<Finding>,
    checks: &mut Vec<Check>,
) {
    let Some(total) = r.total.as_deref().and_then(|t| by_ind.get(t)) else {
        return;
    };
    let present: Vec<&String> = r.parts.iter().filter(|p| by_ind.contains_key(*p)).collect();
    if present.is_empty() {
        return;
    }
    let absent: Vec<String> = r
        .parts
        .iter()
        .filter(|p| !by_ind.contains_key(*p))
        .map(|p| label(p))
        .collect();
    let mut lists: Vec<&Vec<&Figure>> = vec![total];
    lists.extend(present.iter().map(|p| &by_ind[*p]));
    let all = combos(&lists);
    let evaluate = |c: &Vec<&Figure>| -> (Constraint, f64, f64) {
        let t = Term::from_figure(c[0]);
        let parts: Vec<Term> = c[1..].iter().map(|f| Term::from_figure(f)).collect();
        let sum: f64 = parts.iter().map(|p| p.value).sum();
        let tol: f64 = t.half_unit() + parts.iter().map(Term::half_unit).sum::<f64>();
        (Constraint::Sum { total: t, parts }, sum, tol)
    };
    let complete = absent.is_empty();
    let alt: Vec<Term> = r
        .alt_totals
        .iter()
        .filter_map(|a| by_ind.get(a))
        .flatten()
        .map(|f| Term::from_figure(f))
        .collect();
    // Does any choice of values satisfy the relation?
    let fine = |c: &Vec<&Figure>| {
        let (con, sum, tol) = evaluate(c);
        let total = c[0].value;
        let alt_fits = || {
            alt.iter()
                .any(|a| (a.value - sum).abs() <= tol + a.half_unit() + eps(a.value))
        };
        if complete {
            con.holds() || alt_fits()
        } else if sum > total + tol + eps(total) {
            false
        } else {
            r.kind != "breakdown"
                || present.len() < 2
                || (total - sum).abs() <= tol + eps(total)
                || alt
                    .iter()
                    .any(|a| (a.value - sum).abs() <= tol + a.half_unit() + eps(a.value))
        }
    };
    if let Some(c) = all.iter().find(|c| fine(c)) {
        if complete {
            checks.push(Check {
                constraint: evaluate(c).0,
                finding: None,
            });
        }
        return;
    }
    let c = &all[0];
    let (con, sum, _) = evaluate(c);
    let total = c[0];
    let parts_txt = c[1..]
        .iter()
        .map(|f| format!("{} {}", label(&f.indicator), f.raw))
        .collect::<Vec<_>>()
        .join(" + ");
    let sum_txt = vn_auto(sum, 4);
    let (severity, message, notes) = if sum > total.value {
        let msg = if c.len() > 2 {
            format!(
                "{parts_txt} = {sum_txt}, more than the {} {} stated",
                total.raw,
                label(&total.indicator)
            )
        } else {
            format!(
                "{parts_txt} is more than the {} {} stated",
                total.raw,
                label(&total.indicator)
            )
        };
        let mut notes = vec![format!(
            "{} = {}; the stated parts exceed it by {}",
            label(&total.indicator),
            total.raw,
            vn_auto(sum - total.value, 4)
        )];
        if !complete {
            notes.push(format!(
                "not stated (unknown, not counted): {}",
                absent.join(", ")
            ));
        }
        (Severity::Error, msg, notes)
    } else if complete {
        (
            Severity::Error,
            format!(
                "{parts_txt} = {sum_txt}, but {} is stated as {}",
                label(&total.indicator),
                total.raw
            ),
            vec![format!(
                "{} − {sum_txt} = {} unaccounted for",
                total.raw,
                vn_auto(total.value - sum, 4)
            )],
        )
    } else {
        (
            Severity::Warning,
            format!(
                "{parts_txt} = {sum_txt}, which leaves {} of the {} {} unexplained",
                vn_auto(total.value - sum, 4),
                total.raw,
                label(&total.indicator)
            ),
            vec![format!(
                "the gap may be {} (not stated in the text)",
                absent.join(" or ")
            )],
        )
    };
    let mut figures = vec![total.id.clone()];
    figures.extend(c[1..].iter().map(|f| f.id.clone()));
    let mut spans = vec![Term::from_figure(total).labeled(format!(
        "{} {}",
        label(&total.indicator),
        total.raw
    ))];
    spans.extend(
        c[1..]
            .iter()
            .map(|f| Term::from_figure(f).labeled(format!("{} {}", label(&f.indicator), f.raw))),
    );
    out.push(Finding {
        rule: r.id,
        severity,
        message,
        figures,
        stated: Some(total.value),
        computed: Some(sum),
        spans,
        notes,
    });
    if complete || sum > total.value {
        checks.push(Check {
            constraint: con,
            finding: (complete).then_some(out.len() - 1),
        });
    }
}

fn check_le(r: &RelationDef, by_ind: &BTreeMap<String, Vec<&Figure>>, out: &mut Vec<Finding>) {
    let (Some(small), Some(big)) = (
        r.small.as_deref().and_then(|s| by_ind.get(s)),
        r.big.as_deref().and_then(|b| by_ind.get(b)),
    ) else {
        return;
    };
    let ok = small.iter().any(|s| {
        big.iter().any(|b| {
            let (ts, tb) = (Term::from_figure(s), Term::from_figure(b));
            s.value <= b.value + ts.half_unit() + tb.half_unit() + eps(b.value)
        })
    });
    if ok {
        return;
    }
    let (s, b) = (small[0], big[0]);
    out.push(Finding {
        rule: r.id,
        severity: r.severity.unwrap_or(Severity::Warning),
        message: format!(
            "{} {} is more than {} {}",
            label(&s.indicator),
            s.raw,
            label(&b.indicator),
            b.raw
        ),
        figures: vec![s.id.clone(), b.id.clone()],
        stated: Some(s.value),
        computed: Some(b.value),
        spans: vec![
            Term::from_figure(s).labeled(format!("{} {}", label(&s.indicator), s.raw)),
            Term::from_figure(b).labeled(format!("{} {}", label(&b.indicator), b.raw)),
        ],
        notes: vec![format!(
            "{} cannot exceed {} in the same scope and period",
            label(&s.indicator),
            label(&b.indicator)
        )],
    });
}

fn check_rate(
    r: &RelationDef,
    by_ind: &BTreeMap<String, Vec<&Figure>>,
    covered: &[&str],
    out: &mut Vec<Finding>,
) {
    let (Some(rates), Some(parts)) = (
        r.rate.as_deref().and_then(|s| by_ind.get(s)),
        r.part.as_deref().and_then(|s| by_ind.get(s)),
    ) else {
        return;
    };
    let wholes: Vec<&Figure> = r
        .wholes
        .iter()
        .filter_map(|w| by_ind.get(w))
        .flatten()
        .copied()
        .collect();
    if wholes.is_empty() {
        return;
    }
    for rate in rates.iter().filter(|f| !covered.contains(&f.id.as_str())) {
        let pct = Term::from_figure(rate);
        // A rate is paired with a count stated in the same paragraph only:
        // across the document the two may be about different things.
        let parts: Vec<&Figure> = parts
            .iter()
            .copied()
            .filter(|p| p.span.line == rate.span.line)
            .collect();
        if parts.is_empty() {
            continue;
        }
        let fits = parts.iter().any(|p| {
            wholes.iter().any(|w| {
                Constraint::Ratio {
                    part: Term::from_figure(p),
                    whole: Term::from_figure(w),
                    pct: pct.clone(),
                }
                .holds()
            })
        });
        if fits {
            continue;
        }
        let p = parts[0];
        let tried = wholes
            .iter()
            .map(|w| {
                format!(
                    "{}/{} ({}) is {}%",
                    p.raw,
                    w.raw,
                    label(&w.indicator),
                    crate::validate::arith::vn(100.0 * p.value / w.value, rate.decimals.max(2))
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let mut figures = vec![rate.id.clone(), p.id.clone()];
        figures.extend(wholes.iter().map(|w| w.id.clone()));
        out.push(Finding {
            rule: r.id,
            severity: Severity::Warning,
            message: format!(
                "{} {}% does not follow from {} {} over any stated total: {tried}",
                label(&rate.indicator),
                rate.raw,
                label(&p.indicator),
                p.raw
            ),
            figures,
            stated: Some(rate.value),
            computed: Some(100.0 * p.value / wholes[0].value),
            spans: vec![
                pct.labeled(format!("{} {}%", label(&rate.indicator), rate.raw)),
                Term::from_figure(p).labeled(label(&p.indicator)),
            ],
            notes: vec![format!(
                "plausible denominators tried: {}",
                r.wholes
                    .iter()
                    .map(|w| label(w))
                    .collect::<Vec<_>>()
                    .join(", ")
            )],
        });
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;

    pub fn fig(id: &str, indicator: &str, value: f64) -> Figure {
        example_figure(id, indicator, value)
    }

    fn run(figs: Vec<Figure>) -> Vec<Finding> {
        let ex = Extraction {
            figures: figs,
            ..Extraction::default()
        };
        let mut out = Vec::new();
        let mut checks = Vec::new();
        check(&ex, RelationsFile::builtin(), &mut out, &mut checks);
        out
    }

    #[test]
    fn every_relation_passes_its_own_examples() {
        let fails = RelationsFile::builtin().self_test();
        assert!(fails.is_empty(), "{fails:#?}");
    }

    #[test]
    fn known_parts_above_the_total_is_an_error() {
        let f = run(vec![
            fig("f1", "dossiers.received_total", 3965.0),
            fig("f2", "dossiers.resolved", 3935.0),
            fig("f3", "dossiers.pending", 30.0),
            fig("f4", "dossiers.rejected", 3.0),
        ]);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert!(f[0].message.contains("3968"), "{}", f[0].message);
    }

    #[test]
    fn other_scopes_are_not_mixed() {
        let mut resolved = fig("f2", "dossiers.resolved", 400.0);
        resolved.scope = Some("cấp huyện".into());
        assert!(run(vec![fig("f1", "dossiers.received_total", 327.0), resolved]).is_empty());
    }

    #[test]
    fn a_remainder_names_the_gap() {
        let f = run(vec![
            fig("f1", "dossiers.received_total", 327.0),
            fig("f2", "dossiers.resolved", 300.0),
            fig("f3", "dossiers.withdrawn", 6.0),
        ]);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].notes[0].contains("pending"), "{:?}", f[0].notes);
    }

    #[test]
    fn timeliness_over_the_dossiers_due_leaves_no_gap() {
        let figs = |due: f64| {
            vec![
                fig("f1", "dossiers.resolved", 1036.0),
                fig("f2", "dossiers.due", due),
                fig("f3", "dossiers.resolved_on_time", 1015.0),
                fig("f4", "dossiers.resolved_late", 5.0),
            ]
        };
        assert!(run(figs(1020.0)).is_empty());
        let f = run(figs(1030.0));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].severity, Severity::Warning);
    }

    #[test]
    fn one_of_two_mentions_fitting_is_enough() {
        let f = run(vec![
            fig("f1", "dossiers.received_total", 327.0),
            fig("f2", "dossiers.resolved", 321.0),
            fig("f3", "dossiers.withdrawn", 6.0),
            fig("f4", "dossiers.received_total", 316.0),
        ]);
        assert!(f.is_empty(), "{f:#?}");
    }
}
