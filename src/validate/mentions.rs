//! Validate stage: **cross-mentions** — the same indicator for the same
//! scope, period and role stated with different values is a warning that
//! shows both places. The same value repeated (a summary restating the
//! body) is fine, and so are values that agree within their precision.

use std::collections::BTreeMap;

use crate::extract::Extraction;
use crate::findings::codes;
use crate::model::{Figure, Finding, Severity};
use crate::validate::arith::Term;
use crate::validate::relations::{label, usable, RelationsFile};

pub fn check(ex: &Extraction, rels: &RelationsFile, out: &mut Vec<Finding>) {
    let mut by_key: BTreeMap<String, Vec<&Figure>> = BTreeMap::new();
    for f in ex
        .figures
        .iter()
        .filter(|f| f.qualifier.is_none() && usable(f))
        .filter(|f| !rels.mentions.skip.contains(&f.indicator))
    {
        let key = format!("{}|{:?}|{:?}|{:?}", f.indicator, f.scope, f.period, f.role);
        by_key.entry(key).or_default().push(f);
    }
    for figs in by_key.values() {
        let mut distinct: Vec<&Figure> = Vec::new();
        for f in figs {
            let t = Term::from_figure(f);
            let same = distinct.iter().any(|d| {
                let u = Term::from_figure(d);
                (d.value - f.value).abs()
                    <= t.half_unit() + u.half_unit() + 1e-9 * f.value.abs().max(1.0)
            });
            if !same {
                distinct.push(f);
            }
        }
        if distinct.len() < 2 {
            continue;
        }
        // "100% hồ sơ được số hóa" is as often a goal restated as a result;
        // a conflict with it is not worth a clerk's time.
        if distinct
            .iter()
            .any(|f| f.unit == "percent" && (f.value - 100.0).abs() < 1e-9)
        {
            continue;
        }
        let (a, b) = (distinct[0], distinct[1]);
        let places = distinct
            .iter()
            .map(|f| format!("{} (line {})", f.raw, f.span.line))
            .collect::<Vec<_>>()
            .join(" and as ");
        out.push(Finding {
            rule: codes::MENTION_CONFLICTING_VALUES,
            severity: Severity::Warning,
            message: format!(
                "{} is stated as {places} for the same scope and period",
                label(&a.indicator)
            ),
            figures: distinct.iter().map(|f| f.id.clone()).collect(),
            stated: Some(a.value),
            computed: Some(b.value),
            spans: distinct
                .iter()
                .map(|f| Term::from_figure(f).labeled(format!("{} {}", label(&f.indicator), f.raw)))
                .collect(),
            notes: vec![format!(
                "if one of them covers a different period or unit, the text should say so; otherwise one is wrong"
            )],
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::relations::tests::fig;

    fn run(figs: Vec<Figure>) -> Vec<Finding> {
        let ex = Extraction {
            figures: figs,
            ..Extraction::default()
        };
        let mut out = Vec::new();
        check(&ex, RelationsFile::builtin(), &mut out);
        out
    }

    #[test]
    fn different_values_warn_and_repeats_do_not() {
        let f = run(vec![
            fig("f1", "dossiers.received_total", 327.0),
            fig("f2", "dossiers.received_total", 316.0),
        ]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[0].figures, ["f1", "f2"]);
        assert!(run(vec![
            fig("f1", "dossiers.received_total", 327.0),
            fig("f2", "dossiers.received_total", 327.0),
        ])
        .is_empty());
    }
}
