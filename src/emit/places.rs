//! Stage 5, **emit**: the places in the text that a finding points at — its
//! own labeled spans (a stated percentage, a malformed number, a blank
//! field) and the value of every figure it involves that those spans do not
//! already cover. Diagnostics underline them, the HTML view marks them, and
//! `--annotate` anchors a Word comment on each.

use crate::model::{DocumentOutput, Figure, Finding, LabeledSpan};

/// One place a finding points at.
#[derive(Clone, Debug, PartialEq)]
pub struct Place<'a> {
    pub place: LabeledSpan,
    /// The involved figure whose value this place is (or lies in), if any.
    pub figure: Option<&'a Figure>,
}

/// Everything one finding points at: its spans first, then the values of
/// its figures not covered by a span.
pub fn places<'a>(doc: &'a DocumentOutput, f: &Finding) -> Vec<Place<'a>> {
    let figures: Vec<&Figure> = f
        .figures
        .iter()
        .filter_map(|id| doc.figures.iter().find(|x| &x.id == id))
        .collect();
    let mut out: Vec<Place> = f
        .spans
        .iter()
        .map(|l| Place {
            place: l.clone(),
            figure: figures
                .iter()
                .copied()
                .find(|g| g.value_span.start <= l.span.start && l.span.end <= g.value_span.end),
        })
        .collect();
    for fig in figures {
        let s = fig.value_span;
        if !out
            .iter()
            .any(|p| p.place.span.start <= s.start && s.end <= p.place.span.end)
        {
            out.push(Place {
                place: LabeledSpan {
                    span: s,
                    label: format!("{} {}", fig.indicator, fig.raw),
                },
                figure: Some(fig),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocMeta, Severity, Source, Span};

    fn span(start: usize, end: usize) -> Span {
        Span {
            start,
            end,
            line: 1,
            page: 1,
        }
    }

    fn figure(id: &str, start: usize, end: usize) -> Figure {
        Figure {
            value_span: span(start, end),
            ..crate::validate::relations::example_figure(id, "dossiers.received_total", 327.0)
        }
    }

    #[test]
    fn spans_come_first_and_cover_their_figures() {
        let doc = DocumentOutput {
            schema: 1,
            source: Source::default(),
            document: DocMeta::default(),
            figures: vec![figure("f1", 10, 13), figure("f2", 20, 23)],
            findings: vec![],
            errors: vec![],
            cells: Default::default(),
        };
        let f = Finding {
            rule: crate::findings::codes::SUM_TABLE_COLUMN,
            severity: Severity::Error,
            message: String::new(),
            figures: vec!["f1".into(), "f2".into()],
            stated: None,
            computed: None,
            spans: vec![LabeledSpan {
                span: span(10, 13),
                label: "stated".into(),
            }],
            notes: vec![],
        };
        let p = places(&doc, &f);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].place.label, "stated");
        assert_eq!(p[0].figure.map(|g| g.id.as_str()), Some("f1"));
        assert_eq!(p[1].place.span, span(20, 23));
        assert_eq!(p[1].figure.map(|g| g.id.as_str()), Some("f2"));
    }
}
