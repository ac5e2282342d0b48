//! List context (extract stage, after the rules and before the validator):
//! rules run clause by clause, so in "Đang giải quyết 8 hồ sơ, trong đó:
//! trong hạn 8 hồ sơ; quá hạn 0 hồ sơ" the clause "quá hạn 0 hồ sơ" reads
//! as a late *resolved* dossier. An item of a list that a pending total
//! opens is about pending dossiers: its "quá hạn" is `pending_overdue` and
//! its "trong hạn/đúng hạn" `pending_in_time`.

use std::sync::OnceLock;

use regex::Regex;

use crate::model::Figure;

fn heads() -> &'static (Regex, Regex, Regex) {
    static RE: OnceLock<(Regex, Regex, Regex)> = OnceLock::new();
    RE.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("static regex");
        (
            re(r"(?i)(?:đang|chưa)\s+(?:được\s+)?(?:giải\s+quyết|xử\s+lý)|còn\s+tồn"),
            re(r"(?i)(?:đã\s+(?:được\s+)?giải\s+quyết|giải\s+quyết\s+xong|đã\s+trả\s+kết\s+quả)"),
            re(r"(?i)trong\s+đó|bao\s+gồm|\bgồm"),
        )
    })
}

/// Start of the sentence holding byte `at`: the line start or the last ". ".
fn sentence_start(mt: &str, at: usize) -> usize {
    crate::segment::bounds::sentence_start(mt, at)
}

/// Relabel timeliness items listed under a pending total.
pub fn relabel_pending_items(mt: &str, figures: &mut [Figure]) {
    let (pending, resolved, list) = heads();
    for f in figures.iter_mut() {
        let to = match f.indicator.as_str() {
            "dossiers.resolved_late" => "dossiers.pending_overdue",
            "dossiers.resolved_on_time" => "dossiers.pending_in_time",
            _ => continue,
        };
        // The number, not the match: a match may take in the list's own
        // "trong đó:".
        let at = if f.value_span.end > f.value_span.start {
            f.value_span.start
        } else {
            f.span.start
        }
        .min(mt.len());
        if !mt.is_char_boundary(at) {
            continue;
        }
        let from = sentence_start(mt, at);
        let head = &mt[from..at];
        let last = |re: &Regex| re.find_iter(head).last().map(|m| m.start());
        let (Some(p), Some(l)) = (last(pending), last(list)) else {
            continue;
        };
        // The list must open after the pending total, and no resolved total
        // may come between them ("đang giải quyết 8, đã giải quyết 310, trong
        // đó: …" lists the resolved).
        if l > p && last(resolved).is_none_or(|r| r < p) {
            f.indicator = to.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Role, Span};

    fn fig(ind: &str, t: &str, needle: &str) -> Figure {
        let start = t.find(needle).unwrap();
        Figure {
            id: "f1".into(),
            indicator: ind.into(),
            value: 0.0,
            unit: "ho_so".into(),
            role: Role::Actual,
            qualifier: None,
            section: None,
            scope: None,
            period: None,
            text: needle.into(),
            span: Span {
                start,
                end: start + needle.len(),
                ..Span::default()
            },
            rule: String::new(),
            raw: "0".into(),
            value_span: Span::default(),
            decimals: 0,
        }
    }

    fn relabeled(ind: &str, t: &str, needle: &str) -> String {
        let mut v = vec![fig(ind, t, needle)];
        relabel_pending_items(t, &mut v);
        v.remove(0).indicator
    }

    #[test]
    fn items_under_a_pending_total_are_pending() {
        let t = "Đang giải quyết 8 hồ sơ, trong đó: trong hạn 8 hồ sơ; quá hạn 0 hồ sơ.";
        assert_eq!(
            relabeled("dossiers.resolved_late", t, "quá hạn 0"),
            "dossiers.pending_overdue"
        );
        assert_eq!(
            relabeled("dossiers.resolved_on_time", t, "trong hạn 8"),
            "dossiers.pending_in_time"
        );
    }

    #[test]
    fn items_under_a_resolved_total_stay_resolved() {
        let t = "Đã giải quyết 310 hồ sơ, trong đó: đúng hạn 308 hồ sơ; quá hạn 2 hồ sơ.";
        assert_eq!(
            relabeled("dossiers.resolved_late", t, "quá hạn 2"),
            "dossiers.resolved_late"
        );
        let t = "Đang giải quyết 8 hồ sơ; đã giải quyết 310 hồ sơ, trong đó quá hạn 2 hồ sơ.";
        assert_eq!(
            relabeled("dossiers.resolved_late", t, "quá hạn 2"),
            "dossiers.resolved_late"
        );
        // A new sentence is a new list.
        let t = "Đang giải quyết 8 hồ sơ, trong đó trong hạn 8. Có 2 hồ sơ quá hạn.";
        assert_eq!(
            relabeled("dossiers.resolved_late", t, "2 hồ sơ quá hạn"),
            "dossiers.resolved_late"
        );
    }
}
