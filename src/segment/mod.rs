//! Stage 2 of the pipeline: **segment** — normalized text in, structure out.
//!
//! Finds lines, numbered headings (I., 1., 1.1., a), -, +, *) that give each
//! figure its `section`, sentences and clauses that bound a match, and table
//! rows (one cell per line, tab- or pipe-separated) that are read as one row.
//! It also builds `match_text`: the same text with the same byte offsets,
//! folded for matching (look-alike letters, old/new tone placement, table
//! cell separators as `\t`), so rules see one spelling and spans stay exact.
//!
//! Files: [`folding`] (the folding contract), [`headings`] (sections),
//! [`bounds`] (line and sentence ends within a bounded window),
//! [`sentences`] (clauses), [`tables`] (rows), [`hints`] (template blanks).

use crate::model::Span;

pub mod bounds;
pub mod folding;
pub mod headings;
pub mod hints;
pub mod sentences;
pub mod tables;

pub use hints::{Blank, BlankKind};
pub use tables::{RowShape, Table, TableRow};

/// The structure of one document's text.
#[derive(Clone, Debug, Default)]
pub struct Segmented {
    /// Same byte length and offsets as the source text; what rules run on.
    /// See [`folding`] for what is folded (patterns are written in the old
    /// tone style: `hóa`, `thủy`, `Ủy`; table cells are `\t`-separated).
    pub match_text: String,
    /// Byte offset where each line starts.
    pub line_starts: Vec<usize>,
    /// Byte offset where each page starts.
    pub page_starts: Vec<usize>,
    /// Headings in text order.
    pub sections: Vec<Section>,
    /// Sentences, clauses and table rows in text order, not overlapping.
    pub units: Vec<Unit>,
    /// Tables in text order.
    pub tables: Vec<Table>,
    /// Table rows in text order (header rows included, `header: true`); each
    /// is also a `UnitKind::TableRow` unit with the same span.
    pub rows: Vec<TableRow>,
    /// Unfilled places ("...", a bare "%", "ngày  tháng"), in text order.
    pub blanks: Vec<Blank>,
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
    /// What rules run on: `match_text`, or `text` itself when it is not the
    /// text this was segmented from (the two must line up byte for byte).
    pub fn rule_text<'a>(&'a self, text: &'a str) -> &'a str {
        if self.match_text.len() == text.len() {
            &self.match_text
        } else {
            text
        }
    }

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

    /// The unit containing `offset`, if any.
    pub fn unit_at(&self, offset: usize) -> Option<&Unit> {
        let i = self.units.partition_point(|u| u.end <= offset);
        self.units
            .get(i)
            .filter(|u| u.start <= offset && offset < u.end)
    }

    /// The table row containing `offset`, if any.
    pub fn row_at(&self, offset: usize) -> Option<&TableRow> {
        let i = self.rows.partition_point(|r| r.end <= offset);
        self.rows
            .get(i)
            .filter(|r| r.start <= offset && offset < r.end)
    }

    /// The unit text of a row's unit column ("Người", "Triệu đồng", "%").
    pub fn row_unit<'t>(&self, text: &'t str, row: &TableRow) -> Option<&'t str> {
        let (a, b) = *row.cells.get(row.unit?)?;
        text.get(a..b)
    }

    /// Widen `start..end` (offsets into `match_text`) to char boundaries of
    /// the text: inside a re-toned pair ("oá" → "óa") they may differ.
    pub fn snap(&self, text: &str, start: usize, end: usize) -> (usize, usize) {
        let mut s = start.min(text.len());
        while !text.is_char_boundary(s) {
            s -= 1;
        }
        let mut e = end.min(text.len()).max(s);
        while !text.is_char_boundary(e) {
            e += 1;
        }
        (s, e)
    }

    /// Many value blanks: a form or outline to be filled in.
    pub fn looks_like_template(&self) -> bool {
        hints::looks_like_template(&self.blanks)
    }
}

/// Segment NFC text whose pages start at `page_starts`.
pub fn segment(text: &str, page_starts: &[usize]) -> Segmented {
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let lines: Vec<tables::Line> = line_starts
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let end = line_starts.get(i + 1).map_or(text.len(), |&n| n - 1);
            let end = if text[s..end].ends_with('\r') {
                end - 1
            } else {
                end
            };
            (s, end)
        })
        .collect();
    let (tables, rows) = tables::find_tables(text, &lines);

    let mut units = Vec::new();
    let mut heads = Vec::new();
    let mut next_row = 0;
    for &(s, e) in &lines {
        while next_row < rows.len() && rows[next_row].end < s {
            next_row += 1;
        }
        if let Some(r) = rows.get(next_row) {
            if r.start <= e && s <= r.end && r.start < r.end.max(r.start + 1) {
                if r.start >= s {
                    units.push(Unit {
                        start: r.start,
                        end: r.end,
                        kind: UnitKind::TableRow,
                    });
                }
                continue;
            }
        }
        if let Some(h) = headings::parse_heading(text, s, e) {
            let title_len = text[h.label_end..e].trim().len();
            let short = title_len <= 200 && sentences::split(text, h.label_end, e).len() <= 1;
            units.push(Unit {
                start: h.start,
                end: if short { e } else { h.label_end },
                kind: UnitKind::Heading,
            });
            if !short {
                units.extend(sentence_units(text, h.label_end, e));
            }
            heads.push(h);
            continue;
        }
        units.extend(sentence_units(text, s, e));
    }
    units.retain(|u| u.start < u.end);
    let blanks = value_blanks(text, &rows);

    Segmented {
        match_text: folding::fold(text, &rows),
        line_starts,
        page_starts: if page_starts.is_empty() {
            vec![0]
        } else {
            page_starts.to_vec()
        },
        sections: headings::sections(&heads, text.len()),
        units,
        tables,
        rows,
        blanks,
    }
}

/// Blanks, minus a table cell that is only "%": that is the unit column of
/// a filled row ("Tỷ lệ … / % / 76"), not a value left blank.
fn value_blanks(text: &str, rows: &[TableRow]) -> Vec<Blank> {
    let mut blanks = hints::find_blanks(text);
    blanks.retain(|b| {
        // Rows are in text order and do not overlap: only the row that
        // starts last at or before the blank can hold it (a binary search,
        // not a pass over every row per blank).
        let row = rows.partition_point(|r| r.start <= b.start).checked_sub(1);
        b.kind != BlankKind::BarePercent
            || !row.is_some_and(|i| {
                rows[i]
                    .cells
                    .iter()
                    .any(|&(s, e)| s <= b.start && b.end <= e && text[s..e].trim() == "%")
            })
    });
    blanks
}

fn sentence_units(text: &str, s: usize, e: usize) -> impl Iterator<Item = Unit> {
    sentences::split(text, s, e)
        .into_iter()
        .map(|(start, end)| Unit {
            start,
            end,
            kind: UnitKind::Sentence,
        })
}

#[cfg(test)]
mod tests;
