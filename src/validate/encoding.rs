//! Part of stage 4, **validate**: bytes the reader had to replace
//! (`lossy_encoding` with a count, from ingest) become a finding, so that
//! `cchc check` underlines in the text each place where the file is damaged
//! and the clerk compares it with the original.

use crate::findings::codes;
use crate::model::{ErrorKind, Finding, LabeledSpan, ReadError, Severity};
use crate::segment::Segmented;

/// How many of the replaced places are underlined.
const MAX_SPANS: usize = 20;

/// A warning pointing at each U+FFFD the decoder put in, when it reported
/// replaced bytes.
pub fn invalid_bytes(errors: &[ReadError], text: &str, seg: &Segmented) -> Option<Finding> {
    let e = errors
        .iter()
        .find(|e| e.kind == ErrorKind::LossyEncoding && e.count.is_some())?;
    let count = e.count.unwrap_or(0);
    let spans: Vec<LabeledSpan> = text
        .match_indices('\u{FFFD}')
        .take(MAX_SPANS)
        .map(|(at, s)| LabeledSpan {
            span: seg.span(at, at + s.len()),
            label: "damaged bytes".into(),
        })
        .collect();
    let offsets: Vec<String> = e.offsets.iter().map(u64::to_string).collect();
    Some(Finding {
        rule: codes::ENCODING_INVALID_BYTES,
        severity: Severity::Warning,
        message: format!(
            "{count} place(s) of the file are not valid text and were replaced with \u{FFFD}; a letter or figure there may be missing"
        ),
        figures: Vec::new(),
        stated: None,
        computed: None,
        spans,
        notes: vec![format!(
            "byte offset(s) in the file: {}; compare these places with the original",
            offsets.join(", ")
        )],
    })
}
