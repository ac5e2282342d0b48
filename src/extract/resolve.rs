//! The one resolver (extract stage, last step): every pass hands its
//! candidate figures here — the compositional reader's sentences and
//! tables, the phrase overrides, the per-unit tables — and this step merges
//! duplicates, settles conflicts and gives each figure its final id, once.
//!
//! - Candidates whose numbers overlap compete: the strongest pass wins the
//!   number ([`Pass`], an override first), and keeps every distinct
//!   indicator it states of it ("số hóa đầu vào và đầu ra đạt 100%" is two
//!   figures of one number); the other passes' readings of it are dropped.
//! - The same indicator read twice from one number is one figure.
//! - Figures are numbered `f1, f2, …` in text order. A pass that refers to
//!   a figure (a table total and its parts) holds its candidate's
//!   [`Handle`]; [`Resolved::id_of`] turns it into the final id, so no later
//!   renumbering can leave a stale id behind.

use crate::model::Figure;

/// Which pass read a candidate; earlier is stronger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pass {
    /// A phrase rule written for an idiom the composition gets wrong.
    Override,
    /// A table cell read through its header and row label.
    Table,
    /// A number of running text read by its cues.
    Compose,
    /// A phrase rule of a family the reader does not cover.
    Phrase,
}

/// A candidate's place in the list handed to [`resolve`].
pub type Handle = usize;

#[derive(Clone, Debug)]
pub struct Candidate {
    pub figure: Figure,
    pub pass: Pass,
}

/// The figures, and where each candidate went.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    pub figures: Vec<Figure>,
    /// Per candidate handle: the index of its figure, if it survived.
    pub kept: Vec<Option<usize>>,
}

impl Resolved {
    /// The final id of a candidate's figure ("f12"), if it survived.
    pub fn id_of(&self, h: Handle) -> Option<&str> {
        let i = (*self.kept.get(h)?)?;
        Some(self.figures[i].id.as_str())
    }
}

fn overlaps(a: &Figure, b: &Figure) -> bool {
    a.value_span.start < b.value_span.end && b.value_span.start < a.value_span.end
}

/// Merge, settle and number the candidates; `drop` says which candidates a
/// later judgement removed (a template's example numbers).
pub fn resolve(cands: &[Candidate], drop: &dyn Fn(&Candidate) -> bool) -> Resolved {
    let n = cands.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let (fa, fb) = (&cands[a].figure, &cands[b].figure);
        fa.value_span
            .start
            .cmp(&fb.value_span.start)
            .then(cands[a].pass.cmp(&cands[b].pass))
            .then(a.cmp(&b))
    });
    let mut alive = vec![true; n];
    for &i in &order {
        if drop(&cands[i]) {
            alive[i] = false;
        }
    }
    // A number belongs to the strongest pass that read it. In start order,
    // only the candidates starting before one's end can overlap it.
    for p in 0..n {
        let i = order[p];
        let end = cands[i].figure.value_span.end;
        for &j in &order[p + 1..] {
            if cands[j].figure.value_span.start >= end {
                break;
            }
            if !overlaps(&cands[i].figure, &cands[j].figure) {
                continue;
            }
            match cands[i].pass.cmp(&cands[j].pass) {
                std::cmp::Ordering::Less => alive[j] = false,
                std::cmp::Ordering::Greater => alive[i] = false,
                std::cmp::Ordering::Equal => {}
            }
        }
    }
    let mut kept = vec![None; n];
    let mut figures: Vec<Figure> = Vec::new();
    let mut seen: std::collections::HashMap<(usize, usize, &str), usize> =
        std::collections::HashMap::new();
    for &i in &order {
        if !alive[i] {
            continue;
        }
        let f = &cands[i].figure;
        let key = (f.value_span.start, f.value_span.end, f.indicator.as_str());
        if let Some(&pos) = seen.get(&key) {
            kept[i] = Some(pos);
            continue;
        }
        seen.insert(key, figures.len());
        kept[i] = Some(figures.len());
        figures.push(f.clone());
    }
    // Text order, then indicator, for a stable numbering.
    let mut idx: Vec<usize> = (0..figures.len()).collect();
    idx.sort_by(|&a, &b| {
        figures[a]
            .value_span
            .start
            .cmp(&figures[b].value_span.start)
            .then(figures[a].indicator.cmp(&figures[b].indicator))
    });
    let mut new_pos = vec![0; figures.len()];
    for (k, &i) in idx.iter().enumerate() {
        new_pos[i] = k;
    }
    let mut sorted: Vec<Figure> = idx.iter().map(|&i| figures[i].clone()).collect();
    for (k, f) in sorted.iter_mut().enumerate() {
        f.id = format!("f{}", k + 1);
    }
    let kept = kept.into_iter().map(|k| k.map(|i| new_pos[i])).collect();
    Resolved {
        figures: sorted,
        kept,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Role, Span};

    fn fig(ind: &str, start: usize, end: usize, v: f64) -> Figure {
        let span = Span {
            start,
            end,
            line: 1,
            page: 1,
        };
        Figure {
            id: String::new(),
            indicator: ind.into(),
            value: v,
            unit: "ho_so".into(),
            role: Role::Actual,
            qualifier: None,
            section: None,
            scope: None,
            period: None,
            text: String::new(),
            span,
            rule: String::new(),
            raw: v.to_string(),
            value_span: span,
            decimals: 0,
        }
    }

    #[test]
    fn the_strongest_pass_takes_a_number_and_ids_follow_the_text() {
        let c = vec![
            Candidate {
                figure: fig("a.x", 10, 12, 5.0),
                pass: Pass::Compose,
            },
            Candidate {
                figure: fig("a.y", 10, 12, 5.0),
                pass: Pass::Override,
            },
            Candidate {
                figure: fig("a.z", 0, 2, 1.0),
                pass: Pass::Phrase,
            },
            Candidate {
                figure: fig("a.y", 10, 12, 5.0),
                pass: Pass::Override,
            },
        ];
        let r = resolve(&c, &|_| false);
        let got: Vec<(&str, &str)> = r
            .figures
            .iter()
            .map(|f| (f.id.as_str(), f.indicator.as_str()))
            .collect();
        assert_eq!(got, [("f1", "a.z"), ("f2", "a.y")]);
        assert_eq!(r.id_of(0), None);
        assert_eq!(r.id_of(1), Some("f2"));
        assert_eq!(r.id_of(3), Some("f2"));
        assert_eq!(r.id_of(2), Some("f1"));
    }

    #[test]
    fn a_dropped_candidate_leaves_no_stale_id() {
        let c = vec![
            Candidate {
                figure: fig("a.x", 0, 2, 1.0),
                pass: Pass::Compose,
            },
            Candidate {
                figure: fig("a.y", 5, 7, 2.0),
                pass: Pass::Table,
            },
        ];
        let r = resolve(&c, &|c| c.figure.indicator == "a.x");
        assert_eq!(r.id_of(0), None);
        assert_eq!(r.id_of(1), Some("f1"));
    }
}
