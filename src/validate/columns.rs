//! Per-unit table totals (validate stage): the sub-units of a column add up
//! to the table's total row (`Extraction::column_totals`, found by
//! `extract::columns`).

use crate::extract::Extraction;
use crate::findings::codes;
use crate::model::{Figure, Finding, Severity};
use crate::validate::arith::{eps, vn_auto, Constraint, Term};
use crate::validate::relations::label;
use crate::validate::Check;

pub fn check(ex: &Extraction, out: &mut Vec<Finding>, checks: &mut Vec<Check>) {
    let by_id = |id: &str| ex.figures.iter().find(|f| f.id == id);
    for ct in &ex.column_totals {
        let Some(total) = by_id(&ct.total) else {
            continue;
        };
        let Some(parts) = ct
            .parts
            .iter()
            .map(|p| by_id(p))
            .collect::<Option<Vec<&Figure>>>()
        else {
            continue;
        };
        let sum: f64 = parts.iter().map(|f| f.value).sum();
        let c = Constraint::Sum {
            total: Term::from_figure(total),
            parts: parts.iter().map(|f| Term::from_figure(f)).collect(),
        };
        if (sum - total.value).abs() <= eps(total.value) {
            checks.push(Check {
                constraint: c,
                finding: None,
            });
            continue;
        }
        let what = label(&ct.indicator);
        let mut spans = vec![Term::from_figure(total).labeled(format!("total {}", total.raw))];
        spans.extend(parts.iter().map(|f| {
            Term::from_figure(f).labeled(f.scope.clone().unwrap_or_else(|| what.clone()))
        }));
        out.push(Finding {
            rule: codes::SUM_TABLE_COLUMN,
            severity: Severity::Error,
            message: format!(
                "the {} rows' {what} add up to {}, but the total row states {}",
                parts.len(),
                vn_auto(sum, 4),
                total.raw
            ),
            figures: std::iter::once(total.id.clone())
                .chain(parts.iter().map(|f| f.id.clone()))
                .collect(),
            stated: Some(total.value),
            computed: Some(sum),
            spans,
            notes: vec![format!(
                "{} = {}",
                parts
                    .iter()
                    .map(|f| f.raw.as_str())
                    .collect::<Vec<_>>()
                    .join(" + "),
                vn_auto(sum, 4)
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
    use crate::extract::{self, RuleSet};

    fn findings(text: &str) -> Vec<crate::model::Finding> {
        let seg = crate::segment::segment(text, &[]);
        let ex = extract::extract(text, &seg, &RuleSet::builtin().unwrap());
        crate::validate::validate(&ex)
    }

    const TABLE: &str = "STT\tĐơn vị\tTiếp nhận\tĐã giải quyết\n\
        1\tXã A\t320\t310\n\
        2\tXã B\t250\t250\n\
        \tTổng cộng\tTOTAL\t560\n";

    #[test]
    fn a_total_row_that_is_the_sum_passes() {
        let f = findings(&TABLE.replace("TOTAL", "570"));
        assert!(f.iter().all(|f| f.rule != "sum.table_column"), "{f:?}");
    }

    #[test]
    fn a_total_row_that_is_not_the_sum_is_an_error() {
        let f = findings(&TABLE.replace("TOTAL", "580"));
        let hit = f
            .iter()
            .find(|f| f.rule == "sum.table_column")
            .expect("flagged");
        assert_eq!(hit.stated, Some(580.0));
        assert_eq!(hit.computed, Some(570.0));
        assert!(
            hit.message.contains("received total add up to 570"),
            "{}",
            hit.message
        );
    }
}
