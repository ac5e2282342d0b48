//! Validate stage: **formats** — malformed digit groups ("1.8835.779.000"),
//! a decimal separator that disagrees with the rest of the document, a
//! yes/no field (Có=1; Không=0) holding another value, and a percentage
//! above 100 for an indicator that is a share of a whole.

use crate::extract::{Extraction, NumberIssueKind};
use crate::findings::codes;
use crate::model::{Finding, LabeledSpan, Role, Severity};
use crate::validate::relations::{label, RelationsFile};

pub fn check(ex: &Extraction, rels: &RelationsFile, out: &mut Vec<Finding>) {
    for i in &ex.number_issues {
        let (rule, severity, label_txt, note) = match i.kind {
            NumberIssueKind::MalformedGrouping => (
                codes::FORMAT_MALFORMED_NUMBER,
                Severity::Warning,
                "not a well-formed number",
                "the value cannot be read without guessing; it is left out of every check",
            ),
            NumberIssueKind::DecimalSeparator => (
                codes::FORMAT_DECIMAL_SEPARATOR,
                Severity::Warning,
                "'.' used as the decimal mark",
                "Vietnamese writes ',' for decimals and '.' between groups of three digits",
            ),
            NumberIssueKind::YesNo => (
                codes::FORMAT_YES_NO_VALUE,
                Severity::Warning,
                "neither 1 nor 0",
                "a yes/no field holds 1 (Có) or 0 (Không)",
            ),
        };
        out.push(Finding {
            rule,
            severity,
            message: i.problem.clone(),
            figures: vec![],
            stated: None,
            computed: None,
            spans: vec![LabeledSpan {
                span: i.span,
                label: label_txt.into(),
            }],
            notes: std::iter::once(note.to_string())
                .chain(i.reading.clone())
                .collect(),
        });
    }
    for f in &ex.figures {
        if f.unit == "percent"
            && f.role == Role::Actual
            && f.value > 100.0 + 1e-9
            && !rels.may_exceed_100(&f.indicator)
        {
            out.push(Finding {
                rule: codes::FORMAT_PERCENT_ABOVE_100,
                severity: Severity::Error,
                message: format!(
                    "{} is stated as {}%, but it is a share of a whole and cannot exceed 100%",
                    label(&f.indicator),
                    f.raw
                ),
                figures: vec![f.id.clone()],
                stated: Some(f.value),
                computed: None,
                spans: vec![LabeledSpan {
                    span: f.value_span,
                    label: "above 100%".into(),
                }],
                notes: vec![],
            });
        }
    }
}
