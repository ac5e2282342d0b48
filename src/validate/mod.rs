//! Stage 4 of the pipeline: **validate** — figures in, findings out.
//!
//! Checks that the figures of one document agree: sums and breakdowns from
//! `patterns/relations.toml`, stated shares against their fractions (with a
//! tolerance from the stated precision), scores and ranks, cross-mentions,
//! number formats and blank fields; then names the figure most likely wrong
//! (minimum-change localization). Findings are data, never errors.

pub mod arith;
pub mod blanks;
pub mod columns;
pub mod encoding;
pub mod formats;
pub mod localize;
pub mod magnitude;
pub mod mentions;
pub mod relations;
pub mod scores;
pub mod shares;

use crate::extract::Extraction;
use crate::model::Finding;

/// An equality check that was evaluated, and the finding it produced when
/// it failed (what the localizer reasons about).
#[derive(Clone, Debug)]
pub struct Check {
    pub constraint: arith::Constraint,
    pub finding: Option<usize>,
}

/// Check one document's extraction.
pub fn validate(ex: &Extraction) -> Vec<Finding> {
    let rels = relations::RelationsFile::builtin();
    let mut out = Vec::new();
    let mut checks = Vec::new();
    shares::check(ex, &mut out, &mut checks);
    scores::check(ex, &mut out, &mut checks);
    relations::check(ex, rels, &mut out, &mut checks);
    columns::check(ex, &mut out, &mut checks);
    localize::annotate(&mut out, &checks);
    mentions::check(ex, rels, &mut out);
    formats::check(ex, rels, &mut out);
    blanks::check(ex, &mut out);
    out.sort_by_key(|f| {
        f.spans
            .iter()
            .map(|s| s.span.start)
            .min()
            .unwrap_or(usize::MAX)
    });
    out
}
