//! Validate stage: **blank fields** — in a report (not a plan outline or a
//! form to fill in) an unfilled field ("…", "...", a bare "%", "…/…") means
//! the clerk forgot to fill it: one warning per blank.

use crate::extract::Extraction;
use crate::findings::codes;
use crate::model::{DocKind, Finding, LabeledSpan, Severity};

pub fn check(ex: &Extraction, out: &mut Vec<Finding>) {
    if ex.is_template || ex.meta.kind != DocKind::BaoCao {
        return;
    }
    for b in &ex.blanks {
        let what = if b.label.is_empty() {
            "a field".to_string()
        } else {
            format!("'{}'", b.label)
        };
        out.push(Finding {
            rule: codes::BLANK_UNFILLED_FIELD,
            severity: Severity::Warning,
            message: format!("{what} is left blank in a report"),
            figures: vec![],
            stated: None,
            computed: None,
            spans: vec![LabeledSpan {
                span: b.span,
                label: if b.after_unit {
                    "the value cell after this unit is empty".into()
                } else {
                    "no value written here".into()
                },
            }],
            notes: vec!["fill in the value, or write 0 / \"không\" if there is none".into()],
        });
    }
}
