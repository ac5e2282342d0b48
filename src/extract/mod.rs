//! Stage 3 of the pipeline: **extract** — segmented text in, figures out.
//!
//! Rules are data (`patterns/*.toml`): each names its indicator, unit and
//! regex, and carries the examples it must match and the counterexamples it
//! must not. This stage also reads the document's own metadata (kind, number,
//! date, issuer, level, period), and records what the validator needs that
//! is not a figure: stated shares ("a/b … đạt p%"), malformed numbers and
//! blank fields.

use crate::model::{DocMeta, Figure, Role, Span};
use crate::segment::Segmented;

pub mod blanks;
pub mod compose;
pub mod engine;
pub mod gate;
pub mod lower;
pub mod metadata;
pub mod number_issues;
pub mod qualifier;
pub mod ranks;
pub mod resolve;
pub mod role;
pub mod rules;
pub mod scope;
pub mod selftest;
pub mod shares;
pub mod subperiod;

pub use rules::RuleSet;

/// Everything the extract stage read from one document.
#[derive(Clone, Debug, Default)]
pub struct Extraction {
    pub meta: DocMeta,
    pub figures: Vec<Figure>,
    /// "a/b … đạt p%", "p% (a/b)", "a …, chiếm p%": the validator checks p = 100·a/b.
    pub shares: Vec<StatedShare>,
    /// Numbers whose digit grouping is malformed ("1.8835.779.000").
    pub number_issues: Vec<NumberIssue>,
    /// Unfilled fields ("…", a bare "%", "…/…").
    pub blanks: Vec<BlankField>,
    /// Every score out of a maximum ("86,34/100 điểm"), with or without a
    /// percentage: section scores are checked against the totals.
    pub scores: Vec<ScoreFraction>,
    /// "tăng 82 bậc": a change of rank with the old and new ranks it joins.
    pub rank_changes: Vec<RankChange>,
    /// True for a form/outline to be filled in (blanks are expected there).
    pub is_template: bool,
    /// A per-unit table's column and its total row: the validator checks
    /// that the sub-units add up to the total.
    pub column_totals: Vec<ColumnTotal>,
}

/// One indicator column of a per-unit table with a total row.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnTotal {
    pub indicator: String,
    /// Figure id of the total row's number.
    pub total: String,
    /// Figure ids of every sub-unit's number, top to bottom.
    pub parts: Vec<String>,
}

/// One side of a stated share.
#[derive(Clone, Debug, PartialEq)]
pub struct Operand {
    pub value: f64,
    /// Decimal places as written.
    pub decimals: u32,
    pub raw: String,
    pub span: Span,
    /// The figure this number also is, if any.
    pub figure: Option<String>,
}

#[cfg(test)]
impl Operand {
    /// A number as written at byte `start` of line 1, linked to no figure
    /// (for the validator's unit tests).
    pub(crate) fn written(raw: &str, start: usize) -> Operand {
        let (value, decimals) = shares::read_number(raw).expect("a number");
        Operand {
            value,
            decimals,
            raw: raw.into(),
            span: Span {
                start,
                end: start + raw.len(),
                line: 1,
                page: 1,
            },
            figure: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareForm {
    /// "a/b … đạt p%", "p% (a/b)"
    Fraction,
    /// "a …, chiếm p%" where the whole is stated elsewhere.
    PartOfWhole,
    /// "a/b điểm, đạt p%"
    Score,
}

/// A percentage stated together with the numbers it should be computed from.
#[derive(Clone, Debug, PartialEq)]
pub struct StatedShare {
    pub form: ShareForm,
    pub part: Operand,
    /// None when the text gives a rate without its fraction; the validator
    /// then tries the plausible denominators.
    pub whole: Option<Operand>,
    pub percent: Operand,
    /// Indicator of the rate figure, when one was extracted for it.
    pub indicator: Option<String>,
    /// Points deducted, stated with a score ("bị trừ 03 điểm").
    pub deducted: Option<Operand>,
    /// Numbers written earlier in the same sentence with the same unit as
    /// the part ("đã giải quyết: 321 hồ sơ (trước hạn: 321 hồ sơ (đạt
    /// 100%)"): plausible wholes when none is written with the share.
    pub context_wholes: Vec<Operand>,
}

/// "đạt 86,34/100 điểm": a score and its maximum.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreFraction {
    pub score: Operand,
    pub max: Operand,
}

/// "Năm 2022 xếp thứ 101/177 …; năm 2023 xếp thứ 19/177 (tăng 82 bậc)".
#[derive(Clone, Debug, PartialEq)]
pub struct RankChange {
    pub old: Operand,
    pub new: Operand,
    /// How many units are ranked (177).
    pub out_of: f64,
    /// The stated change (82).
    pub change: Operand,
    /// "tăng" (a smaller rank number) rather than "giảm".
    pub up: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NumberIssue {
    pub raw: String,
    pub span: Span,
    /// Why it is malformed, in a sentence.
    pub problem: String,
    pub kind: NumberIssueKind,
    /// A reading the context supports, never used as the value.
    pub reading: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberIssueKind {
    /// "1.8835.779.000": a digit group that is not three digits.
    MalformedGrouping,
    /// "78.8" in a document that writes "83,9".
    DecimalSeparator,
    /// A yes/no field (Có=1; Không=0) holding another value.
    YesNo,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BlankField {
    pub span: Span,
    /// What was left blank, in the document's words.
    pub label: String,
    /// `span` is a table row's unit cell whose value cell is empty.
    pub after_unit: bool,
}

/// Read figures, metadata and the validator's raw material from one document.
pub fn extract(text: &str, seg: &Segmented, rules: &RuleSet) -> Extraction {
    let meta = metadata::read_meta(text, seg);
    let mt = seg.rule_text(text);
    let reader = compose::Reader::builtin();
    let doc = compose::Doc::new(reader, text, seg, &meta);
    let mut roles = role::Roles::new(&meta, seg, mt);
    let composed = compose::read(reader, &doc, &mut roles, None);
    let phrase = engine::apply(rules, text, seg, &meta);
    let mut cands: Vec<resolve::Candidate> = composed
        .figures
        .into_iter()
        .map(|figure| resolve::Candidate {
            pass: if figure.rule.ends_with("/table") {
                resolve::Pass::Table
            } else {
                resolve::Pass::Compose
            },
            figure,
        })
        .collect();
    for figure in phrase {
        cands.push(resolve::Candidate {
            figure,
            pass: resolve::Pass::Phrase,
        });
    }
    {
        let mut figs: Vec<Figure> = cands.iter().map(|c| c.figure.clone()).collect();
        subperiod::mark_periods(mt, &meta, &mut figs);
        for (c, f) in cands.iter_mut().zip(figs) {
            c.figure.period = f.period;
        }
    }
    let is_template = blanks::looks_like_template(text, seg);
    // An outline with many value blanks ("...", a bare "%"): its numbers
    // among the blanks are not results.
    let outline = seg.looks_like_template();
    let resolved = resolve::resolve(&cands, &|c| outline && template_example(seg, &c.figure));
    let column_totals = composed
        .sums
        .iter()
        .filter_map(|s| {
            Some(ColumnTotal {
                indicator: s.indicator.clone(),
                total: resolved.id_of(s.total)?.to_string(),
                parts: s
                    .parts
                    .iter()
                    .map(|&p| resolved.id_of(p).map(str::to_string))
                    .collect::<Option<Vec<_>>>()?,
            })
        })
        .collect();
    let figures = resolved.figures;
    let shares = shares::find_shares(text, seg, &figures);
    let mut number_issues = number_issues::find_number_issues(text, seg);
    shares::explain_malformed(text, &mut number_issues);
    let blanks = blanks::find_blanks(text, seg);
    let rank_changes = ranks::find_rank_changes(text, seg, &figures);
    let scores = shares::find_scores(text, seg, &figures);
    Extraction {
        meta,
        figures,
        shares,
        number_issues,
        blanks,
        is_template,
        scores,
        rank_changes,
        column_totals,
    }
}

/// What the compositional reader made of every number of a text: its
/// features (own, or inherited, marked `*`) and the decision, for
/// `cchc patterns probe --explain` and rule authors.
pub fn explain(text: &str, seg: &Segmented) -> Vec<(String, compose::Note)> {
    let meta = metadata::read_meta(text, seg);
    let reader = compose::Reader::builtin();
    let doc = compose::Doc::new(reader, text, seg, &meta);
    let mut roles = role::Roles::new(&meta, seg, seg.rule_text(text));
    let mut notes = Vec::new();
    compose::read(reader, &doc, &mut roles, Some(&mut notes));
    notes
        .into_iter()
        .map(|n| {
            let (a, b) = seg.snap(text, n.start, n.end);
            (text[a..b].to_string(), n)
        })
        .collect()
}

/// In a form or outline to be filled in, a number in a sentence that also
/// has a blank ("đã tiếp nhận 12 hồ sơ, giải quyết ... hồ sơ") is an example,
/// not a result. Only the figure's own sentence or row counts, because real
/// reports leave some cells empty too and their other sentences must read
/// the same in every file format.
fn template_example(seg: &Segmented, f: &Figure) -> bool {
    if f.role != Role::Actual {
        return false;
    }
    let Some(u) = seg.unit_at(f.value_span.start) else {
        return false;
    };
    // In a row a bare "%" is the unit column, not a blank.
    let row = u.kind == crate::segment::UnitKind::TableRow;
    // Blanks are in text order: look only at those inside the unit.
    let first = seg.blanks.partition_point(|b| b.start < u.start);
    seg.blanks[first..]
        .iter()
        .take_while(|b| b.start < u.end)
        .any(|b| match b.kind {
            crate::segment::BlankKind::Dots => true,
            crate::segment::BlankKind::BarePercent => !row,
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outline_yields_no_result_figures() {
        let text = "ĐỀ CƯƠNG BÁO CÁO\nI. KẾT QUẢ\n+ Tổng số hồ sơ tiếp nhận: ... hồ sơ.\n+ Số hồ sơ đã giải quyết: ... hồ sơ.\n+ Tỷ lệ giải quyết đúng hạn: %\n+ Số hồ sơ trễ hạn: ...\n+ Số phiếu khảo sát: ...\n+ Ví dụ: đã tiếp nhận 12 hồ sơ, đã giải quyết ... hồ sơ.\n+ Số hồ sơ rút: ...\n";
        let seg = crate::segment::segment(text, &[]);
        let rules = RuleSet::builtin().unwrap();
        let ex = extract(text, &seg, &rules);
        assert!(seg.looks_like_template());
        assert!(
            ex.figures.iter().all(|f| f.role != Role::Actual),
            "{:?}",
            ex.figures
        );
        let report = "I. KẾT QUẢ\nđã tiếp nhận 12 hồ sơ.\n";
        let seg = crate::segment::segment(report, &[]);
        let ex = extract(report, &seg, &rules);
        assert!(!seg.looks_like_template());
        assert_eq!(ex.figures.len(), 1);
    }
}
