//! Tables (extract stage, compositional reader): a cell's number takes its
//! cues from its column header (all header rows above it, a group header
//! spanning the empty cells to its right) and from its row's label; the
//! row's first column names the scope when it holds no cue of its own (a
//! commune, a sector) and is not a total row.
//!
//! Tables come from the segmenter (pipes, tabs, one cell per line; DOCX,
//! HTML and PDF tables arrive as tab rows). A table whose rows state at most
//! one number and whose header says nothing is left to the sentence reader.

use crate::extract::role::Roles;
use crate::model::{Figure, Role};
use crate::registry::Registry;
use crate::segment::{RowShape, Table, TableRow};

use super::decide::{Features, Outcome, Src};
use super::lexicon::{role_value, Hit, Kind};
use super::quantity::{self, QKind, Quantity};
use super::{Doc, Reader};

/// A table column whose sub-unit rows must add up to its total row:
/// indices into the figures the reader made.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnSum {
    pub indicator: String,
    pub total: usize,
    pub parts: Vec<usize>,
}

/// Features and role a header or label cell gives, and whether it names a
/// total.
#[derive(Clone, Debug)]
struct CellCues {
    features: Features,
    role: Option<Role>,
    total: bool,
    percent: bool,
    content: bool,
}

fn cell_cues(reader: &Reader, doc: &Doc, (a, b): (usize, usize)) -> CellCues {
    let lx = &reader.lexicon;
    let mut f = Features::new(lx.classes.len());
    let mut role = None;
    let mut total = false;
    let mut content = false;
    let hits: &[Hit] = doc.hits_in(a, b);
    // Nearest the cell's end first: "Số hồ sơ đã giải quyết đúng hạn".
    for h in hits.iter().rev() {
        let cue = &lx.cues[h.cue as usize];
        for &(c, v) in &cue.sets {
            let class = &lx.classes[c as usize];
            match class.kind {
                Kind::Feature => {
                    content = true;
                    if f.0[c as usize].is_none() {
                        f.0[c as usize] = Some((v, Src::Own, (h.start as u32, h.end as u32)));
                    }
                }
                Kind::Role => {
                    role = role.or(role_value(lx.value_name(c, v)));
                }
                Kind::Total => total = true,
                _ => {}
            }
        }
    }
    let percent = doc.view[a..b].contains(&b'%');
    CellCues {
        features: f,
        role,
        total,
        percent,
        content,
    }
}

/// The one number a cell holds, if it holds just a number ("1.245", "98,6%",
/// "98,6").
fn cell_number(reader: &Reader, doc: &Doc, (a, b): (usize, usize)) -> Option<Quantity> {
    if a >= b {
        return None;
    }
    let hits = doc.hits_in(a, b);
    let qs = quantity::find(&reader.lexicon, &doc.view, a, b, hits);
    if qs.len() != 1 || qs[0].textual {
        return None;
    }
    let q = &qs[0];
    // Nothing but the number (and its %, unit word, qualifier) in the cell.
    let rest = doc.view[a..q.start]
        .iter()
        .chain(&doc.view[q.end..b])
        .filter(|&&c| !matches!(c, b' ' | b'*' | b'(' | b')'))
        .count();
    (rest == 0).then(|| q.clone())
}

/// Read every table with a header; returns the spans of the rows it read
/// (the sentence reader skips them) and pushes the figures.
pub fn read_tables(
    reader: &Reader,
    doc: &Doc,
    roles: &mut Roles,
    out: &mut Vec<Figure>,
    sums: &mut Vec<ColumnSum>,
) -> Vec<(usize, usize)> {
    let mut claimed = Vec::new();
    for t in &doc.seg.tables {
        let rows = &doc.seg.rows[t.rows.clone()];
        if let Some(n) = read_table(reader, doc, roles, t, rows, out, sums) {
            if n > 0 {
                claimed.extend(rows.iter().map(|r| (r.start, r.end)));
            }
        }
    }
    claimed
}

/// Number of data rows in which more than one cell is a number.
fn multi_number_rows(reader: &Reader, doc: &Doc, rows: &[TableRow]) -> usize {
    rows.iter()
        .filter(|r| {
            r.cells
                .iter()
                .filter(|&&c| cell_number(reader, doc, c).is_some())
                .count()
                > 1
        })
        .count()
}

fn read_table(
    reader: &Reader,
    doc: &Doc,
    roles: &mut Roles,
    t: &Table,
    rows: &[TableRow],
    out: &mut Vec<Figure>,
    sums: &mut Vec<ColumnSum>,
) -> Option<usize> {
    let reg = Registry::builtin();
    // Header rows: the leading rows without a number cell (at most three).
    let nheader = rows
        .iter()
        .take(3)
        .take_while(|r| {
            r.cells
                .iter()
                .all(|&c| cell_number(reader, doc, c).is_none())
        })
        .count();
    if nheader == 0 || nheader == rows.len() {
        return None;
    }
    let ncols = rows.iter().map(|r| r.cells.len()).max()?;
    // Column cues: lower header rows first, a group header spanning the
    // empty cells to its right.
    let mut cols: Vec<CellCues> = Vec::with_capacity(ncols);
    let nclass = reader.lexicon.classes.len();
    for j in 0..ncols {
        let mut f = Features::new(nclass);
        let mut role = None;
        let mut percent = false;
        let mut total = false;
        let mut content = false;
        for (depth, r) in rows[..nheader].iter().rev().enumerate() {
            // The cell at j, or for a group row the nearest non-empty to its left.
            let mut k = j;
            let mut cell = r.cells.get(k).copied();
            if depth > 0 || nheader == 1 {
                while cell.is_some_and(|c| c.0 == c.1) && k > 0 {
                    k -= 1;
                    cell = r.cells.get(k).copied();
                }
            }
            let Some(c) = cell else { continue };
            let cc = cell_cues(reader, doc, c);
            for (i, v) in cc.features.0.iter().enumerate() {
                if f.0[i].is_none() {
                    f.0[i] = *v;
                }
            }
            role = role.or(cc.role);
            percent |= cc.percent;
            total |= cc.total;
            content |= cc.content;
        }
        cols.push(CellCues {
            features: f,
            role,
            total,
            percent,
            content,
        });
    }
    // What the whole header is about ("Tổng số TTHC | Toàn trình | Một
    // phần": every column counts procedures) fills what a column leaves open.
    let lx = &reader.lexicon;
    let mut topic = Features::new(nclass);
    for c in &cols {
        for (i, v) in c.features.0.iter().enumerate() {
            if topic.0[i].is_none() && lx.classes[i].inherit.context {
                topic.0[i] = *v;
            }
        }
    }
    for c in cols.iter_mut() {
        for (i, v) in topic.0.iter().enumerate() {
            if c.features.0[i].is_none() {
                if let Some((v, _, sp)) = v {
                    c.features.0[i] = Some((*v, Src::Context, *sp));
                }
            }
        }
    }
    // A rate column that names nothing ("Tỷ lệ (%)") is the share of the
    // count column before it.
    for j in 1..cols.len() {
        if cols[j].percent && !cols[j].content {
            if let Some(k) = (0..j).rev().find(|&k| cols[k].content && !cols[k].percent) {
                cols[j].features = cols[k].features.clone();
                cols[j].content = true;
            }
        }
    }
    // Year columns ("Năm 2023 | Năm 2024"): the latest is the result, the
    // others are comparison points.
    let years: Vec<Option<u32>> = (0..ncols)
        .map(|j| {
            rows[..nheader].iter().find_map(|r| {
                let &(a, b) = r.cells.get(j)?;
                header_year(&doc.view[a..b])
            })
        })
        .collect();
    if years.iter().flatten().count() >= 2 {
        let latest = years.iter().flatten().max().copied();
        for (j, y) in years.iter().enumerate() {
            if let Some(y) = y {
                if cols[j].role.is_none() {
                    cols[j].role = Some(if Some(*y) == latest {
                        Role::Actual
                    } else {
                        Role::Baseline
                    });
                }
            }
        }
    }
    // Row-number columns ("STT", "TT").
    let stt_cols: Vec<usize> = (0..ncols)
        .filter(|&j| {
            rows[..nheader].iter().any(|r| {
                r.cells.get(j).is_some_and(|&(a, b)| {
                    let t = std::str::from_utf8(&doc.view[a..b]).unwrap_or("").trim();
                    matches!(t, "stt" | "tt" | "số tt" | "tt." | "stt.")
                })
            })
        })
        .collect();
    let data = &rows[nheader..];
    // A table whose header says nothing and whose rows state one number
    // each reads well as sentences.
    if !cols.iter().any(|c| c.content || c.role.is_some()) && multi_number_rows(reader, doc, data) == 0
    {
        return None;
    }
    let _ = t;
    let mut made = 0;
    let mut group_scope: Option<String> = None;
    // Per column: (indicator, total figure, part figures, a part is missing).
    let mut columns: Vec<Option<(String, Option<usize>, Vec<usize>, bool)>> = vec![None; ncols];
    let mut total_rows = 0;
    // Rows that are sub-units of a per-unit table (each must add to the sum).
    let mut part_rows = 0;
    for r in data {
        // The label: the non-number cells other than the row number and unit.
        let numbers: Vec<Option<Quantity>> =
            r.cells.iter().map(|&c| cell_number(reader, doc, c)).collect();
        // A pipe row that opens with a pipe when the header does not lost its
        // empty first cell (" | Tổng cộng | 680 | …").
        let shift = usize::from(
            r.shape == RowShape::Pipe && opens_with_pipe(doc, r) && !opens_with_pipe(doc, &rows[0]),
        );
        let label_cells: Vec<usize> = (0..r.cells.len())
            .filter(|&k| numbers[k].is_none() && Some(k) != r.number && Some(k) != r.unit)
            .filter(|&k| r.cells[k].0 < r.cells[k].1)
            .filter(|&k| !is_numbering(&doc.view[r.cells[k].0..r.cells[k].1]))
            .collect();
        let label = label_cells.first().map(|&k| r.cells[k]);
        let label_cues = label.map(|c| cell_cues(reader, doc, c));
        let unit_percent = r
            .unit
            .and_then(|k| r.cells.get(k))
            .is_some_and(|&(a, b)| doc.view[a..b].contains(&b'%'))
            || label_cues.as_ref().is_some_and(|c| c.percent);
        let any_number = numbers.iter().any(Option::is_some);
        let label_text = label.map(|(a, b)| {
            let (a, b) = doc.seg.snap(doc.text, a, b);
            doc.text[a..b].trim().to_string()
        });
        if !any_number {
            // A group row ("I. Cấp huyện", "Khối xã") names the rows below.
            if let (Some(lt), Some(lc)) = (&label_text, &label_cues) {
                if !lc.content && !lc.total && lt.chars().count() <= 60 {
                    group_scope = Some(lt.clone());
                }
            }
            continue;
        }
        let label_has_content = label_cues.as_ref().is_some_and(|c| c.content);
        let is_total = label_cues.as_ref().is_some_and(|c| c.total);
        total_rows += usize::from(is_total);
        part_rows += usize::from(!is_total && !label_has_content);
        let scope = if is_total {
            None
        } else if label_has_content {
            group_scope.clone()
        } else {
            label_text.clone().filter(|s| !s.is_empty()).or(group_scope.clone())
        };
        for (k, q) in numbers.iter().enumerate() {
            let Some(q) = q else { continue };
            // The row number ("1", "2") is no figure.
            if Some(k) == r.number || stt_cols.contains(&(k + shift)) {
                continue;
            }
            let col = cols.get(k + shift);
            // The column's cues, then the label's for what the column leaves open.
            let mut f = col.map_or_else(|| Features::new(nclass), |c| c.features.clone());
            if let Some(lc) = &label_cues {
                for (i, v) in lc.features.0.iter().enumerate() {
                    if f.0[i].is_none() {
                        f.0[i] = *v;
                    }
                }
            }
            let percent = q.kind == QKind::Percent
                || unit_percent
                || (col.is_some_and(|c| c.percent) && q.kind == QKind::Count && q.unit.is_none());
            let kind = if percent { QKind::Percent } else { QKind::Count };
            let Outcome::Decided { indicator, .. } = reader.decisions.decide(&f, kind, reg) else {
                continue;
            };
            let Some(info) = reg.get(&indicator) else {
                continue;
            };
            if info.is_percent() != percent {
                continue;
            }
            // Only a per-unit table's counts add up: rows that name their
            // own indicator (a label with cues) are not parts of a sum.
            if !percent && !label_has_content {
                let col = columns[k + shift].get_or_insert_with(|| (indicator.clone(), None, Vec::new(), false));
                if col.0 != indicator {
                    col.3 = true;
                } else if is_total {
                    col.1 = Some(out.len());
                } else {
                    col.2.push(out.len());
                }
            }
            let role = match col.and_then(|c| c.role).or(label_cues.as_ref().and_then(|c| c.role)) {
                Some(role) => role,
                None => roles.role_at(r.start, r.end, q.vstart),
            };
            let (vs, ve) = doc.seg.snap(doc.text, q.vstart, q.vend);
            let (rs, re) = doc.seg.snap(doc.text, r.start, r.end);
            out.push(Figure {
                id: String::new(),
                indicator: indicator.clone(),
                value: q.value,
                unit: info.unit.clone(),
                role,
                qualifier: q.qualifier,
                section: roles.section_at(q.vstart).map(|s| s.path.clone()),
                scope: scope.clone(),
                period: None,
                text: doc.text[rs..re].trim().to_string(),
                span: doc.seg.span(rs, re),
                rule: format!("{indicator}/table"),
                raw: doc.text[vs..ve].to_string(),
                value_span: doc.seg.span(vs, ve),
                decimals: q.decimals,
            });
            made += 1;
        }
    }
    if total_rows == 1 {
        for (indicator, total, parts, broken) in columns.into_iter().flatten() {
            if let (Some(total), false) = (total, broken) {
                if parts.len() > 1 && parts.len() == part_rows {
                    sums.push(ColumnSum {
                        indicator,
                        total,
                        parts,
                    });
                }
            }
        }
    }
    Some(made)
}

/// The row's line starts with a pipe (spaces aside).
fn opens_with_pipe(doc: &Doc, r: &TableRow) -> bool {
    let ls = doc.seg.line_starts[doc.seg.line_of(r.start) - 1];
    doc.view[ls..r.end.max(ls)]
        .iter()
        .find(|&&b| b != b' ')
        .is_some_and(|&b| b == b'|')
}

/// "Năm 2023", "2024", "Năm 2024 (ước)": the year a header cell names.
fn header_year(cell: &[u8]) -> Option<u32> {
    let s = std::str::from_utf8(cell).ok()?;
    let mut years = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<u32>().ok())
        .filter(|y| (1990..=2100).contains(y));
    let y = years.next()?;
    (years.next().is_none() && s.chars().count() <= 24).then_some(y)
}

/// "1", "2.1", "IV", "a", "a)": a row number, not a label.
fn is_numbering(cell: &[u8]) -> bool {
    let s = std::str::from_utf8(cell).unwrap_or("").trim();
    let s = s.trim_end_matches(['.', ')']);
    !s.is_empty()
        && s.len() <= 6
        && (s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            || s.bytes().all(|b| b"ivxl".contains(&b))
            || (s.chars().count() == 1 && s.chars().all(char::is_alphabetic)))
}
