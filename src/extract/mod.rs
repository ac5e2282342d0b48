//! Stage 3 of the pipeline: **extract** — segmented text in, figures out.
//!
//! Rules are data (`patterns/*.toml`): each names its indicator, unit and
//! regex, and carries the examples it must match and the counterexamples it
//! must not. This stage also reads the document's own metadata (kind, number,
//! date, issuer, level, period), and records what the validator needs that
//! is not a figure: stated shares ("a/b … đạt p%"), malformed numbers and
//! blank fields.

use crate::model::{DocMeta, Figure, Span};
use crate::segment::Segmented;

pub mod engine;
pub mod gate;
pub mod metadata;
pub mod qualifier;
pub mod role;
pub mod rules;
pub mod scope;
pub mod selftest;

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
    /// True for a form/outline to be filled in (blanks are expected there).
    pub is_template: bool,
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
}

#[derive(Clone, Debug, PartialEq)]
pub struct NumberIssue {
    pub raw: String,
    pub span: Span,
    /// Why it is malformed, in a sentence.
    pub problem: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BlankField {
    pub span: Span,
    /// What was left blank, in the document's words.
    pub label: String,
}

/// Read figures, metadata and the validator's raw material from one document.
pub fn extract(text: &str, seg: &Segmented, rules: &RuleSet) -> Extraction {
    let meta = metadata::read_meta(text, seg);
    let figures = engine::apply(rules, text, seg, &meta);
    Extraction {
        meta,
        figures,
        ..Extraction::default()
    }
}
